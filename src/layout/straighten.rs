//! Phase 4b, detours taken out: a long flow that the order put far to one
//! side of both its ends (around a group of components, so as to cross
//! nothing) is moved, layer by layer, to gaps between its ends, where that
//! adds no crossing, or few for a long loop. Placement then runs again on
//! the new order.
//!
//! A detour is estimated: a flow may pass anywhere through its label's box
//! but its ends, so a label standing to one side counts as no detour of its
//! own; where a moved flow would stand in a gap is worked out from the free
//! space between the gap's neighbours (see [`stand_between`] for what the
//! estimate leaves out).
//!
//! The search that orders the layers counts crossings only, so it may send
//! a flow around the whole drawing to save one crossing; a reader follows a
//! short line with one crossing more easily than a line around the picture
//! (issue 16's reviews named such detours first after combs). Each move
//! keeps every group's units together on the layer: a unit goes only into
//! a gap that splits no group it is not in, next to its own innermost
//! group (a unit outside every group, anywhere between groups or at
//! either end of the layer).

use super::graph::{Layered, ancestors};
use super::place::{Placement, labels_along, margin};
use super::ports::Ports;

/// A flow is moved when its runs along the layers exceed the distance
/// between its ends by more than this, and the move saves as much. At
/// 100 px, detours of 95 to 110 px round the end of a fan-out stood, and
/// blind readers named them.
const LEAST_DETOUR: f64 = 40.0;
/// A move may add crossings only to take out a detour longer than this: in
/// blind comparisons, readers preferred a line around a box or two to a
/// shorter one with a crossing more (detours of 170 to 280 px), and a
/// crossing to a line looping around a side of the drawing (310 px).
const LOOP: f64 = 300.0;
/// Length such a move must save for each crossing it adds.
const LENGTH_PER_CROSSING: f64 = 100.0;
/// Crossings one move may add, however much it saves: a line through the
/// middle of a fan-out, cutting three of its branches, reads worse than the
/// same line around the drawing.
const MOST_ADDED: usize = 2;
/// Drawings with more units keep their order (the second placement would
/// cost more than the ordering of such a drawing).
const UP_TO: usize = 4_000;

/// Moves the interior units of flows drawn on detours; whether any moved.
pub fn straighten(
    layered: &Layered,
    layers: &mut [Vec<usize>],
    placement: &Placement,
    ports: &Ports,
) -> bool {
    if layered.units.len() > UP_TO {
        return false;
    }
    let lines: Vec<Vec<f64>> = placement
        .through_middles(layered, ports)
        .into_iter()
        .zip(&layered.chains)
        .map(|(line, chain)| nearest_through_labels(layered, &chain.units, line))
        .collect();
    let line = |c: usize| lines.get(c).cloned().unwrap_or_default();
    let mut detours: Vec<(f64, usize)> = (0..layered.chains.len())
        .filter_map(|c| {
            let detour = detour(&line(c))?;
            (detour > LEAST_DETOUR).then_some((detour, c))
        })
        .collect();
    detours.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let links = links_by_layer(layered);
    let mut moved = false;
    for (detour, c) in detours {
        let (Some(chain), Some(way)) = (layered.chains.get(c), Way::of(&line(c))) else {
            continue;
        };
        let units = &chain.units;
        let best = [Aim::Column, Aim::Span]
            .map(|aim| Trial::new(layered, layers, placement, &links, units, detour, &way, aim))
            .into_iter()
            .filter(|trial| worth_it(detour, trial.saved, trial.added))
            .min_by(|a, b| a.added.cmp(&b.added).then(b.saved.total_cmp(&a.saved)));
        if let Some(trial) = best {
            trial.layers.commit(layers);
            moved = true;
        }
    }
    moved
}

/// How much further along the layers a flow's line runs than its ends
/// stand apart, for a flow with points between its ends.
fn detour(xs: &[f64]) -> Option<f64> {
    let travel: f64 = xs.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
    let direct = (xs.last()? - xs.first()?).abs();
    (xs.len() > 2).then_some(travel - direct)
}

/// A flow's points moved to the gaps one [`Aim`] picks, on a copy of the
/// layers: the crossings that adds and the length it is expected to save.
struct Trial {
    added: usize,
    saved: f64,
    layers: Layers,
}

impl Trial {
    #[allow(clippy::too_many_arguments)]
    fn new(
        layered: &Layered,
        layers: &[Vec<usize>],
        placement: &Placement,
        links: &[Vec<(usize, usize)>],
        units: &[usize],
        detour: f64,
        way: &Way,
        aim: Aim,
    ) -> Trial {
        let mut trial = Layers::new(layered, layers);
        let before = trial.chain_crossings(layered, links, units);
        let jog = trial.move_chain(layered, placement, units, way, aim);
        let added = trial
            .chain_crossings(layered, links, units)
            .saturating_sub(before);
        // Placement straightens the moved flow, pushing units aside; what
        // it may keep is about a jog out of the span between its ends to
        // the farthest of its gaps and back. (Zigzags within the span are
        // not counted: placement pulls them straight.)
        Trial {
            added,
            saved: detour - 2.0 * jog,
            layers: trial,
        }
    }
}

/// Whether a move that saves `saved` of a `detour` and adds `added`
/// crossings makes the drawing easier to read.
fn worth_it(detour: f64, saved: f64, added: usize) -> bool {
    saved > LEAST_DETOUR
        && (added == 0
            || (detour > LOOP && added <= MOST_ADDED && added as f64 * LENGTH_PER_CROSSING < saved))
}

/// Where a detouring flow may run: between its ends, and there best at
/// `column`, its interior's median position brought between its ends.
struct Way {
    ends: (f64, f64),
    column: f64,
}

impl Way {
    fn of(xs: &[f64]) -> Option<Way> {
        let (first, last) = (*xs.first()?, *xs.last()?);
        let (low, high) = (first.min(last), first.max(last));
        let mut interior: Vec<f64> = xs
            .iter()
            .skip(1)
            .take(xs.len().saturating_sub(2))
            .copied()
            .collect();
        interior.sort_by(f64::total_cmp);
        let median = interior.get(interior.len() / 2).copied().unwrap_or(low);
        Some(Way {
            ends: (low, high),
            column: median.max(low).min(high),
        })
    }

    /// How far `at` lies outside the span between the ends: a run there
    /// goes that far out and back, where a run inside costs nothing.
    fn outside(&self, at: f64) -> f64 {
        let (low, high) = self.ends;
        (low - at).max(at - high).max(0.0)
    }
}

/// What a moved flow's points aim for in their layers: the gap nearest its
/// column, or the gap least outside the span between its ends (then
/// nearest the column). Each is tried, and the one adding fewer crossings
/// is kept: the column keeps a line clear of its neighbours' flows where
/// the span alone would cross them; the span finds a way through where the
/// nearest gap to the column stands on the far side of a box.
#[derive(Clone, Copy)]
enum Aim {
    Column,
    Span,
}

impl Aim {
    /// What standing at `at` costs, least first.
    fn cost(self, way: &Way, at: f64) -> (f64, f64) {
        let off_column = (at - way.column).abs();
        match self {
            Aim::Column => (0.0, off_column),
            Aim::Span => (way.outside(at), off_column),
        }
    }
}

/// The links of all chains (a unit and the next one down), by the layer of
/// their upper unit.
fn links_by_layer(layered: &Layered) -> Vec<Vec<(usize, usize)>> {
    let mut links = vec![Vec::new(); layered.layer_count];
    for chain in &layered.chains {
        for pair in chain.units.windows(2) {
            if let [upper, lower] = *pair
                && let Some(list) = layered
                    .units
                    .get(upper)
                    .and_then(|u| links.get_mut(u.layer))
            {
                list.push((upper, lower));
            }
        }
    }
    links
}

/// A flow's line with each label's point moved as near the point before
/// as the label's box lets it. A flow may run anywhere through its label's
/// box but its ends, so a wide label standing to one side is not counted
/// as a detour (routing itself runs through the middle of the box unless
/// a neighbouring point lies within it, so this counts some detours
/// short).
fn nearest_through_labels(layered: &Layered, units: &[usize], mut line: Vec<f64>) -> Vec<f64> {
    for (i, reach) in labels_along(layered, units) {
        let Some(&before) = i.checked_sub(1).and_then(|b| line.get(b)) else {
            continue;
        };
        if let Some(at) = line.get_mut(i) {
            *at = before.max(*at - reach).min(*at + reach);
        }
    }
    line
}

/// Where `unit` would stand between the neighbours `left` and `right` as
/// they are placed: as near `column` as the free space between them lets
/// it, or in the middle when there is none (placement then pushes them
/// apart). An estimate: it keeps clear of the neighbours, not of their
/// groups' boxes, and reads the first placement even for units that an
/// earlier move in this pass has moved.
fn stand_between(
    layered: &Layered,
    placement: &Placement,
    unit: usize,
    left: Option<&usize>,
    right: Option<&usize>,
    column: f64,
) -> f64 {
    let half_with_margin = |u: usize| {
        layered
            .units
            .get(u)
            .map_or(0.0, |info| info.breadth / 2.0 + margin(&info.kind))
    };
    let centre = |u: usize| placement.unit_a.get(u).copied().unwrap_or(0.0);
    let own = half_with_margin(unit);
    let lowest = left.map(|&l| centre(l) + half_with_margin(l) + own);
    let highest = right.map(|&r| centre(r) - half_with_margin(r) - own);
    match (lowest, highest) {
        (Some(low), Some(high)) if low > high => (low + high) / 2.0,
        (low, high) => column
            .max(low.unwrap_or(f64::NEG_INFINITY))
            .min(high.unwrap_or(f64::INFINITY)),
    }
}

/// A copy of the layers that moves are tried on.
struct Layers {
    layers: Vec<Vec<usize>>,
    /// Each unit's index on its layer.
    index: Vec<usize>,
}

impl Layers {
    fn new(layered: &Layered, layers: &[Vec<usize>]) -> Layers {
        let mut index = vec![0; layered.units.len()];
        for layer in layers {
            for (i, u) in layer.iter().enumerate() {
                if let Some(slot) = index.get_mut(*u) {
                    *slot = i;
                }
            }
        }
        Layers {
            layers: layers.to_vec(),
            index,
        }
    }

    /// Moves the interior units of a flow to the gaps `aim` picks; returns
    /// how far the farthest stands outside the span between its ends.
    fn move_chain(
        &mut self,
        layered: &Layered,
        placement: &Placement,
        units: &[usize],
        way: &Way,
        aim: Aim,
    ) -> f64 {
        let interior = units.len().saturating_sub(2);
        units
            .iter()
            .skip(1)
            .take(interior)
            .filter_map(|&unit| self.best_gap(layered, placement, unit, way, aim))
            .map(|at| way.outside(at))
            .fold(0.0, f64::max)
    }

    /// Moves `unit` to the gap of its layer `aim` picks among those that
    /// keep the groups together; returns where it would stand.
    fn best_gap(
        &mut self,
        layered: &Layered,
        placement: &Placement,
        unit: usize,
        way: &Way,
        aim: Aim,
    ) -> Option<f64> {
        let info = layered.units.get(unit)?;
        let layer = self.layers.get_mut(info.layer)?;
        let from = layer.iter().position(|u| *u == unit)?;
        layer.remove(from);
        let groups_of = |u: Option<&usize>| {
            let group = u.and_then(|u| layered.units.get(*u)).and_then(|o| o.group);
            ancestors(&layered.groups, group)
        };
        let own = ancestors(&layered.groups, info.group);
        let alone = info.group.is_some()
            && layer
                .iter()
                .all(|u| layered.units.get(*u).is_none_or(|o| o.group != info.group));
        let mut best: Option<((f64, f64), usize, f64)> = None;
        for gap in 0..=layer.len() {
            let (left, right) = (
                gap.checked_sub(1).and_then(|g| layer.get(g)),
                layer.get(gap),
            );
            // A gap inside a group the unit is not in would split it; the
            // unit's innermost group must stand on one side.
            let (on_left, on_right) = (groups_of(left), groups_of(right));
            let splits = on_left
                .iter()
                .any(|g| on_right.contains(g) && !own.contains(g));
            let joins = own
                .first()
                .is_none_or(|g| on_left.contains(g) || on_right.contains(g));
            let allowed = if alone { gap == from } else { !splits && joins };
            if !allowed {
                continue;
            }
            let at = stand_between(layered, placement, unit, left, right, way.column);
            let cost = aim.cost(way, at);
            if best.is_none_or(|(least, _, _)| cost < least) {
                best = Some((cost, gap, at));
            }
        }
        let (gap, at) = best.map_or((from, None), |(_, gap, at)| (gap, Some(at)));
        layer.insert(gap, unit);
        for (i, u) in layer.iter().enumerate() {
            if let Some(slot) = self.index.get_mut(*u) {
                *slot = i;
            }
        }
        at
    }

    /// Crossings of the links of one chain with the links of all other
    /// chains (links sharing a unit do not cross).
    fn chain_crossings(
        &self,
        layered: &Layered,
        links: &[Vec<(usize, usize)>],
        units: &[usize],
    ) -> usize {
        let position = |u: usize| self.index.get(u).copied().unwrap_or(0) as i64;
        let mut total = 0;
        for pair in units.windows(2) {
            let [p, q] = *pair else { continue };
            let layer = layered.units.get(p).map_or(0, |u| u.layer);
            let others = links.get(layer).map(Vec::as_slice).unwrap_or_default();
            for &(a, b) in others {
                if a == p || b == q || units.contains(&a) {
                    continue;
                }
                let above = position(p) - position(a);
                let below = position(q) - position(b);
                total += usize::from(above.signum() * below.signum() < 0);
            }
        }
        total
    }

    fn commit(self, layers: &mut [Vec<usize>]) {
        for (slot, layer) in layers.iter_mut().zip(self.layers) {
            *slot = layer;
        }
    }
}
