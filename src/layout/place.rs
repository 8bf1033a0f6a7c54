//! Phase 4, positions along the layers (`a`; x when drawing down), by dot's
//! method (Gansner et al. 1993, section 4.2): the best positions are a
//! ranking problem on an auxiliary graph, solved by the network simplex
//! method (`simplex.rs`).
//!
//! - Each pair of neighbours on a layer must stand apart by their half
//!   widths and margins: a constraint from the left one to the right one.
//! - Each link of a flow (two consecutive units of its chain) gets an
//!   auxiliary variable below both of its line positions; minimising the
//!   weighted distance from it to both minimises the weighted horizontal run
//!   of the link. Links between two points of a long flow weigh most, so
//!   long flows run straight; a component's links start at its ports
//!   (`ports.rs`), so a component centres over the flows it fans out to.
//! - Groups are laid out on their own, innermost first; each then stands in
//!   its parent as a rigid block as wide as its layout, on every layer of
//!   its span, so a group's box holds its members and nothing else. Each
//!   level is a small problem: its own units, its child blocks (a link to a
//!   unit inside a block pulls the block at that unit's offset), and its
//!   borders, whose distance is kept small so groups stay compact.
//!
//! Where the optimum leaves freedom (a component between two callers), the
//! solver centres it. Positions are computed in half pixels, so every box
//! edge and port stays on the pixel grid.

use super::graph::{Layered, UnitKind};
use super::ports::Ports;
use super::simplex::{self, Balance, Constraint};
use crate::parallel;

mod jogs;
mod refine;

/// Space kept between two items of a layer, from each side.
pub(super) fn margin(kind: &UnitKind) -> f64 {
    match kind {
        UnitKind::Node(_) => 9.0,
        UnitKind::Label { .. } => 5.0,
        UnitKind::Dummy => 6.0,
        UnitKind::Filler => 0.0,
    }
}

/// Space kept between two labels side by side in a row: at their margins'
/// 10 px, two labels read as one phrase ("location pings + offers POST
/// /offers/{id}/accept") and a reader cannot tell where one ends.
const LABELS_APART: f64 = 16.0;

/// Space kept between two neighbours of a row of these kinds.
pub(super) fn apart(a: &UnitKind, b: &UnitKind) -> f64 {
    match (a, b) {
        (UnitKind::Label { .. }, UnitKind::Label { .. }) => LABELS_APART,
        _ => margin(a) + margin(b),
    }
}

/// Space a group's border keeps from what stands outside it, beyond their
/// own margins: a box 17 px from the border of a group it is not in (the
/// border dashed and light, its members 10 px inside) read to a new user as
/// one of the group's.
pub(super) const GROUP_MARGIN: f64 = 16.0;
/// Space between a group's border and its contents, along the layers.
pub const GROUP_PADDING: f64 = 10.0;
/// The weight of a level's width: groups stay compact unless their
/// contents have reason to spread (links weigh 2 to 16).
const GROUP_WEIGHT: i64 = 2;
/// Levels of one depth are solved on several cores when their problems
/// hold this many constraints in all (a thread costs about as much as a
/// solve of a few hundred).
const SIDE_BY_SIDE_FROM: usize = 2_000;
/// Positions are integers in this fraction of a pixel.
pub(super) const SCALE: f64 = 2.0;
/// Drawings up to this many variables are refined as a whole
/// (`refine.rs`); larger ones keep their groups rigid.
const REFINE_UP_TO: usize = 4_000;

pub struct Placement {
    /// Centre of each unit along its layer.
    pub unit_a: Vec<f64>,
    /// Left edge and width of each group.
    pub group_a: Vec<(f64, f64)>,
    pub width: f64,
}

impl Placement {
    /// Where each chain's line runs at each of its units: ports at its ends,
    /// its units' lines between. Jogs of less than half a pixel go straight,
    /// and small ones where the rows have room (`jogs.rs`).
    pub fn lines(&self, layered: &Layered, ports: &Ports) -> Vec<Vec<f64>> {
        let mut lines = self.through_middles(layered, ports);
        for (chain, line) in layered.chains.iter().zip(&mut lines) {
            straight_through_labels(layered, &chain.units, line);
            for i in 1..line.len() {
                let previous = line.get(i - 1).copied().unwrap_or(0.0);
                if let Some(current) = line.get_mut(i)
                    && (*current - previous).abs() < 0.5
                {
                    *current = previous;
                }
            }
        }
        jogs::take_out_jogs(layered, self, &mut lines);
        lines
    }

    /// Where each chain's line would run at each of its units: ports at its
    /// ends, through the middle of its units between.
    pub fn through_middles(&self, layered: &Layered, ports: &Ports) -> Vec<Vec<f64>> {
        layered
            .chains
            .iter()
            .enumerate()
            .map(|(c, chain)| {
                chain
                    .units
                    .iter()
                    .enumerate()
                    .map(|(i, unit)| {
                        self.unit_a.get(*unit).copied().unwrap_or(0.0) + ports.line(layered, c, i)
                    })
                    .collect()
            })
            .collect()
    }
}

/// A flow runs through the middle of its label's box unless it can run
/// straight on through it from the unit before or after: then it does,
/// anywhere in the box but its ends. Centred, a flow whose label stands
/// wider than the room between its neighbours' lines had to jog over to
/// the label and back.
fn straight_through_labels(layered: &Layered, units: &[usize], line: &mut [f64]) {
    for (i, reach) in labels_along(layered, units) {
        let Some(i_before) = i.checked_sub(1) else {
            continue;
        };
        let (Some(&before), Some(&after)) = (line.get(i_before), line.get(i + 1)) else {
            continue;
        };
        let Some(&middle) = line.get(i) else { continue };
        let inside = |at: f64| (at - middle).abs() <= reach;
        if let Some(slot) = line.get_mut(i) {
            if inside(before) {
                *slot = before;
            } else if inside(after) {
                *slot = after;
            }
        }
    }
}

/// The label units among a chain's `units` (never its ends): their
/// places in the chain, and how far from the middle of its box the flow may
/// pass.
pub(super) fn labels_along<'a>(
    layered: &'a Layered,
    units: &'a [usize],
) -> impl Iterator<Item = (usize, f64)> + 'a {
    let interior = units.len().saturating_sub(2);
    units
        .iter()
        .enumerate()
        .skip(1)
        .take(interior)
        .filter_map(|(i, unit)| {
            let unit = layered.units.get(*unit)?;
            matches!(unit.kind, UnitKind::Label { .. }).then(|| (i, label_reach(unit.breadth)))
        })
}

/// How far from the middle of a label's box of this breadth its flow may
/// pass.
fn label_reach(breadth: f64) -> f64 {
    (breadth / 2.0 - LABEL_END).max(0.0)
}

/// Where the middle of label `unit`'s box stands along its layer, its flow
/// running at `line`: where placement put it (`placed`), or, where the
/// small-jog pass moved the flow further than the label's reach, as near
/// there as keeps the flow running through the box. A label only as broad
/// as a line of text (layers running left to right) has no reach: it
/// moves with its flow.
pub fn label_centre(layered: &Layered, unit: usize, placed: f64, line: f64) -> f64 {
    let reach = layered
        .units
        .get(unit)
        .map_or(0.0, |info| label_reach(info.breadth));
    placed.clamp(line - reach, line + reach)
}

/// How near a flow may pass the ends of its label's box: far enough in to
/// read as running through it.
const LABEL_END: f64 = 8.0;

/// How strongly each link pulls its ends into line. As in dot's coordinate
/// phase, links between two points of a flow weigh most, so long flows run
/// straight. A link between a component and a point of a flow weighs more
/// at a component side with no other flow: a fan-out then turns once, near
/// its source, and runs straight into each target (a fan-in the other way
/// round), rather than turning twice; and a single flow runs straight into
/// its target rather than out of its source.
pub(super) struct Weights {
    /// Flows leaving each unit downwards and arriving from above.
    leaving: Vec<usize>,
    arriving: Vec<usize>,
}

impl Weights {
    pub(super) fn new(layered: &Layered) -> Weights {
        let mut leaving = vec![0; layered.units.len()];
        let mut arriving = vec![0; layered.units.len()];
        for chain in &layered.chains {
            if let Some(slot) = chain.units.first().and_then(|u| leaving.get_mut(*u)) {
                *slot += 1;
            }
            if let Some(slot) = chain.units.last().and_then(|u| arriving.get_mut(*u)) {
                *slot += 1;
            }
        }
        Weights { leaving, arriving }
    }

    /// The weight of the link from `a` down to `b`.
    pub(super) fn of(&self, layered: &Layered, a: usize, b: usize) -> i64 {
        let is_node = |u: usize| {
            matches!(
                layered.units.get(u).map(|u| &u.kind),
                Some(UnitKind::Node(_))
            )
        };
        let alone = |count: Option<&usize>| i64::from(count == Some(&1));
        match (is_node(a), is_node(b)) {
            (true, true) => 2,
            (false, false) => 16,
            (true, false) => 4 + 2 * alone(self.leaving.get(a)),
            (false, true) => 5 + 2 * alone(self.arriving.get(b)),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Item {
    Unit(usize),
    Group(usize),
}

/// `lead` is extra room before a group's contents along the layers: where
/// its title goes when layers run left to right.
pub fn place(layered: &Layered, layers: &[Vec<usize>], ports: &Ports, lead: f64) -> Placement {
    let units = layered.units.len();
    let groups = layered.groups.len();
    let mut levels = Levels {
        layered,
        local_unit: vec![0; units],
        local_group: vec![0; groups],
        width: vec![0; groups],
    };
    let links = levels.links(ports);
    let inside = levels.inside(layers);
    // Innermost groups first, the drawing last.
    let mut order: Vec<Option<usize>> = (0..groups)
        .filter(|g| {
            layered
                .groups
                .get(*g)
                .is_some_and(|info| info.span.is_some())
        })
        .map(Some)
        .collect();
    order.sort_by_key(|g| {
        std::cmp::Reverse(g.and_then(|g| layered.groups.get(g)).map_or(0, |i| i.depth))
    });
    order.push(None);
    // Groups of one depth hold none of each other's members: their
    // problems are independent and solved side by side.
    let depth = |level: &Option<usize>| level.and_then(|g| layered.groups.get(g)).map(|i| i.depth);
    for batch in order.chunk_by(|a, b| depth(a) == depth(b)) {
        let problems: Vec<Problem> = batch
            .iter()
            .map(|&level| {
                let slot = level.unwrap_or(groups);
                let units = inside.get(slot).map(Vec::as_slice).unwrap_or_default();
                let rows = levels.rows(level, units);
                let list = links.get(slot).map(Vec::as_slice).unwrap_or_default();
                levels.problem(level, &rows, list, lead)
            })
            .collect();
        let size: usize = problems.iter().map(|p| p.constraints.len()).sum();
        let solved = parallel::map(&problems, size >= SIDE_BY_SIDE_FROM, Problem::solve);
        for (problem, values) in problems.iter().zip(solved) {
            levels.record(problem, &values);
        }
    }
    let (units, groups) = levels.absolute();
    let whole = refine::Problem::new(layered, layers, ports, lead);
    let (units, groups) = if whole.variables() <= REFINE_UP_TO {
        whole.refine(&units, &groups, simplex::WORK)
    } else {
        (units, groups)
    };
    pixels(layered, &units, &groups)
}

#[derive(Clone, Copy)]
struct Link {
    a: usize,
    b: usize,
    offset_a: f64,
    offset_b: f64,
    weight: i64,
}

/// One level's layout as a problem for the solver: a variable per item,
/// then the level's left and right border, then one per link.
struct Problem {
    level: Option<usize>,
    items: Vec<Item>,
    count: usize,
    constraints: Vec<Constraint>,
}

impl Problem {
    fn solve(&self) -> Vec<i64> {
        match simplex::longest_path(self.count, &self.constraints) {
            Some(start) => simplex::solve(
                self.count,
                &self.constraints,
                start,
                simplex::WORK,
                Balance::Centre,
            ),
            None => vec![0; self.count],
        }
    }
}

struct Levels<'a> {
    layered: &'a Layered,
    /// Centre of each unit from the left edge of its innermost group.
    local_unit: Vec<i64>,
    /// Left edge of each group from the left edge of its parent.
    local_group: Vec<i64>,
    width: Vec<i64>,
}

impl Levels<'_> {
    /// The links of every flow, by the level that holds both ends: the
    /// innermost group common to both, or the drawing (last).
    fn links(&self, ports: &Ports) -> Vec<Vec<Link>> {
        let layered = self.layered;
        let groups = layered.groups.len();
        let weights = Weights::new(layered);
        let mut links: Vec<Vec<Link>> = vec![Vec::new(); groups + 1];
        for (c, chain) in layered.chains.iter().enumerate() {
            for i in 0..chain.units.len().saturating_sub(1) {
                let (Some(&a), Some(&b)) = (chain.units.get(i), chain.units.get(i + 1)) else {
                    continue;
                };
                let level = self.common(a, b);
                if let Some(list) = links.get_mut(level.unwrap_or(groups)) {
                    list.push(Link {
                        a,
                        b,
                        offset_a: ports.line(layered, c, i),
                        offset_b: ports.line(layered, c, i + 1),
                        weight: weights.of(layered, a, b),
                    });
                }
            }
        }
        links
    }

    /// The units inside each level (each group, then the drawing), by
    /// layer and position.
    fn inside(&self, layers: &[Vec<usize>]) -> Vec<Vec<usize>> {
        let groups = self.layered.groups.len();
        let mut inside: Vec<Vec<usize>> = vec![Vec::new(); groups + 1];
        for layer in layers {
            for &unit in layer {
                for g in self.enclosing(self.group_of(unit)) {
                    if let Some(list) = inside.get_mut(g) {
                        list.push(unit);
                    }
                }
                if let Some(list) = inside.get_mut(groups) {
                    list.push(unit);
                }
            }
        }
        inside
    }

    fn parent(&self, group: usize) -> Option<usize> {
        self.layered.groups.get(group).and_then(|info| info.parent)
    }

    fn group_of(&self, unit: usize) -> Option<usize> {
        self.layered.units.get(unit).and_then(|u| u.group)
    }

    /// `group` and the groups around it, innermost first.
    fn enclosing(&self, group: Option<usize>) -> Vec<usize> {
        std::iter::successors(group, |g| self.parent(*g))
            .take(self.layered.groups.len())
            .collect()
    }

    /// The innermost group holding both units, if any.
    fn common(&self, a: usize, b: usize) -> Option<usize> {
        let around_b = self.enclosing(self.group_of(b));
        self.enclosing(self.group_of(a))
            .into_iter()
            .find(|g| around_b.contains(g))
    }

    /// The item of `level` that holds `unit`: the unit itself, or the child
    /// group of `level` around it.
    fn item(&self, unit: usize, level: Option<usize>) -> Option<Item> {
        let group = self.group_of(unit);
        if group == level {
            return Some(Item::Unit(unit));
        }
        let chain = self.enclosing(group);
        let at = match level {
            Some(l) => chain.iter().position(|g| *g == l)?,
            None => chain.len(),
        };
        let child = at.checked_sub(1).and_then(|i| chain.get(i))?;
        Some(Item::Group(*child))
    }

    /// A unit's centre from the left edge of the item of `level` holding it.
    fn offset_in(&self, unit: usize, level: Option<usize>) -> i64 {
        let mut offset = self.local_unit.get(unit).copied().unwrap_or(0);
        for g in self.enclosing(self.group_of(unit)) {
            if self.parent(g) == level {
                break;
            }
            offset += self.local_group.get(g).copied().unwrap_or(0);
        }
        offset
    }

    /// The items of a level on each layer it spans, left to right, from
    /// the level's units in order of layer and position.
    fn rows(&self, level: Option<usize>, inside: &[usize]) -> Vec<Vec<Item>> {
        let mut rows: Vec<Vec<Item>> = Vec::new();
        let mut current = usize::MAX;
        for &unit in inside {
            let layer = self.layered.units.get(unit).map_or(0, |u| u.layer);
            if layer != current {
                rows.push(Vec::new());
                current = layer;
            }
            if let (Some(item), Some(row)) = (self.item(unit, level), rows.last_mut())
                && row.last() != Some(&item)
            {
                row.push(item);
            }
        }
        rows
    }

    /// The kind of an item that is a unit.
    fn kind(&self, item: Item) -> Option<&UnitKind> {
        match item {
            Item::Unit(u) => self.layered.units.get(u).map(|u| &u.kind),
            Item::Group(_) => None,
        }
    }

    /// (left edge from the item's variable, width, margin) of an item.
    fn extent(&self, item: Item) -> (i64, i64, f64) {
        match item {
            Item::Unit(u) => {
                let unit = self.layered.units.get(u);
                let width = scaled(unit.map_or(0.0, |u| u.breadth));
                let kind = unit.map_or(UnitKind::Dummy, |u| u.kind.clone());
                (-width / 2, width, margin(&kind))
            }
            Item::Group(g) => (0, self.width.get(g).copied().unwrap_or(0), GROUP_MARGIN),
        }
    }

    /// The problem of laying out one level: its items' places and its width.
    fn problem(
        &self,
        level: Option<usize>,
        rows: &[Vec<Item>],
        links: &[Link],
        lead: f64,
    ) -> Problem {
        let mut items: Vec<Item> = rows.iter().flatten().copied().collect();
        items.sort_by_key(|item| key(*item));
        items.dedup();
        // Variables: the items, the level's left and right border, the links.
        let mut constraints = self.row_constraints(level, rows, &items, lead);
        let count = self.link_constraints(level, links, &items, &mut constraints);
        Problem {
            level,
            items,
            count,
            constraints,
        }
    }

    /// Records a level's items' places and its width from its solution.
    fn record(&mut self, problem: &Problem, values: &[i64]) {
        let (left, right) = (problem.items.len(), problem.items.len() + 1);
        let origin = values.get(left).copied().unwrap_or(0);
        for (i, item) in problem.items.iter().enumerate() {
            let at = values.get(i).copied().unwrap_or(0) - origin;
            match item {
                Item::Unit(u) => set(&mut self.local_unit, *u, at),
                Item::Group(g) => set(&mut self.local_group, *g, at),
            }
        }
        if let Some(g) = problem.level {
            let width = values.get(right).copied().unwrap_or(0) - origin;
            set(&mut self.width, g, width);
        }
    }

    /// Neighbours in a row stand apart; every row stands between the
    /// level's borders (with the group's padding), which stand at least as
    /// far apart as the group's title needs.
    fn row_constraints(
        &self,
        level: Option<usize>,
        rows: &[Vec<Item>],
        items: &[Item],
        lead: f64,
    ) -> Vec<Constraint> {
        let index = |item: Item| items.binary_search_by_key(&key(item), |i| key(*i)).ok();
        let (left, right) = (items.len(), items.len() + 1);
        let (pad_left, pad_right) = match level {
            Some(_) => (GROUP_PADDING + lead, GROUP_PADDING),
            None => (0.0, 0.0),
        };
        let mut constraints = Vec::new();
        for row in rows {
            for pair in row.windows(2) {
                let ([p, q], Some(i), Some(j)) = (pair, index(pair[0]), index(pair[1])) else {
                    continue;
                };
                let ((lp, wp, mp), (lq, _, mq)) = (self.extent(*p), self.extent(*q));
                let gap = match (self.kind(*p), self.kind(*q)) {
                    (Some(a), Some(b)) => apart(a, b),
                    _ => mp + mq,
                };
                constraints.push(tie(i, j, lp + wp + scaled(gap) - lq, 0));
            }
            if let (Some(first), Some(last)) = (row.first(), row.last())
                && let (Some(i), Some(j)) = (index(*first), index(*last))
            {
                let (lf, _, _) = self.extent(*first);
                let (ll, wl, _) = self.extent(*last);
                constraints.push(tie(left, i, scaled(pad_left) - lf, 0));
                constraints.push(tie(j, right, ll + wl + scaled(pad_right), 0));
            }
        }
        let least = level
            .and_then(|g| self.layered.groups.get(g))
            .map_or(0.0, |info| info.min_breadth);
        constraints.push(tie(left, right, scaled(least), GROUP_WEIGHT));
        constraints
    }

    /// Each link between two items of the level gets a variable below both
    /// of its ends' lines (a unit inside a child group pulls the group at
    /// that unit's offset); returns the number of variables.
    fn link_constraints(
        &self,
        level: Option<usize>,
        links: &[Link],
        items: &[Item],
        constraints: &mut Vec<Constraint>,
    ) -> usize {
        let index = |item: Item| items.binary_search_by_key(&key(item), |i| key(*i)).ok();
        let mut count = items.len() + 2;
        for link in links {
            let ends = [(link.a, link.offset_a), (link.b, link.offset_b)].map(|(unit, line)| {
                let item = self.item(unit, level)?;
                let within = match item {
                    Item::Unit(_) => 0,
                    Item::Group(_) => self.offset_in(unit, level),
                };
                Some((item, index(item)?, within + scaled(line)))
            });
            let [Some((item_a, a, offset_a)), Some((item_b, b, offset_b))] = ends else {
                continue;
            };
            if item_a == item_b {
                continue;
            }
            constraints.push(tie(count, a, -offset_a, link.weight));
            constraints.push(tie(count, b, -offset_b, link.weight));
            count += 1;
        }
        count
    }

    /// Scaled positions from the drawing's left edge: each unit's centre,
    /// each group's left edge and width.
    fn absolute(&self) -> (Vec<i64>, Vec<(i64, i64)>) {
        let groups = self.layered.groups.len();
        let mut origin = vec![0i64; groups];
        let mut by_depth: Vec<usize> = (0..groups).collect();
        by_depth.sort_by_key(|g| self.layered.groups.get(*g).map_or(0, |i| i.depth));
        for g in by_depth {
            let parent = self
                .parent(g)
                .and_then(|p| origin.get(p).copied())
                .unwrap_or(0);
            set(
                &mut origin,
                g,
                parent + self.local_group.get(g).copied().unwrap_or(0),
            );
        }
        let units = (0..self.layered.units.len())
            .map(|u| {
                let base = self
                    .group_of(u)
                    .and_then(|g| origin.get(g).copied())
                    .unwrap_or(0);
                base + self.local_unit.get(u).copied().unwrap_or(0)
            })
            .collect();
        let groups = (0..groups)
            .map(|g| {
                (
                    origin.get(g).copied().unwrap_or(0),
                    self.width.get(g).copied().unwrap_or(0),
                )
            })
            .collect();
        (units, groups)
    }
}

/// Pixels from scaled positions, the drawing's left edge at 0.
fn pixels(layered: &Layered, units: &[i64], groups: &[(i64, i64)]) -> Placement {
    let to_pixels = |v: i64| v as f64 / SCALE;
    let spanned = |g: usize| {
        layered
            .groups
            .get(g)
            .is_some_and(|info| info.span.is_some())
    };
    let lefts = units
        .iter()
        .zip(&layered.units)
        .map(|(a, u)| to_pixels(*a) - u.breadth / 2.0)
        .chain(
            groups
                .iter()
                .enumerate()
                .filter(|(g, _)| spanned(*g))
                .map(|(_, (left, _))| to_pixels(*left)),
        );
    let shift = -lefts.fold(f64::INFINITY, f64::min);
    let shift = if shift.is_finite() { shift } else { 0.0 };
    let unit_a: Vec<f64> = units.iter().map(|a| to_pixels(*a) + shift).collect();
    let group_a: Vec<(f64, f64)> = groups
        .iter()
        .map(|(left, width)| (to_pixels(*left) + shift, to_pixels(*width)))
        .collect();
    let width = unit_a
        .iter()
        .zip(&layered.units)
        .map(|(a, u)| a + u.breadth / 2.0)
        .chain(
            group_a
                .iter()
                .enumerate()
                .filter(|(g, _)| spanned(*g))
                .map(|(_, (left, w))| left + w),
        )
        .fold(0.0, f64::max);
    Placement {
        unit_a,
        group_a,
        width,
    }
}

fn key(item: Item) -> (u8, usize) {
    match item {
        Item::Unit(u) => (0, u),
        Item::Group(g) => (1, g),
    }
}

fn scaled(pixels: f64) -> i64 {
    (pixels * SCALE).round() as i64
}

fn tie(tail: usize, head: usize, minlen: i64, weight: i64) -> Constraint {
    Constraint {
        tail,
        head,
        minlen,
        weight,
    }
}

fn set(list: &mut [i64], at: usize, value: i64) {
    if let Some(slot) = list.get_mut(at) {
        *slot = value;
    }
}
