//! Positions along the layers (`a`; x when drawing down).
//!
//! Groups are laid out from the innermost outwards. At each level (a group,
//! or the whole drawing) the items are the units directly in it and its
//! child groups, each child a rigid block as wide as its own layout that
//! stands on every layer of its span. Items are first packed to the left,
//! then moved, sweep after sweep, towards the mean position of what they are
//! joined to, never closer to a neighbour than the separation allows. A block
//! moves as a whole, so a group's box holds its members and nothing else.

use super::graph::{Layered, UnitKind};

/// Space kept between two items of a layer, from each side.
fn margin(kind: &UnitKind) -> f64 {
    match kind {
        UnitKind::Node(_) => 9.0,
        UnitKind::Label { .. } => 5.0,
        UnitKind::Dummy => 6.0,
        UnitKind::Filler => 0.0,
    }
}

const GROUP_MARGIN: f64 = 8.0;
/// Space between a group's border and its contents, along the layers.
pub const GROUP_PADDING: f64 = 10.0;
const SWEEPS: usize = 16;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Item {
    Unit(usize),
    Group(usize),
}

pub struct Placement {
    /// Centre of each unit along its layer.
    pub unit_a: Vec<f64>,
    /// Left edge and width of each group.
    pub group_a: Vec<(f64, f64)>,
    pub width: f64,
}

/// `lead` is extra room before a group's contents along the layers: where its
/// title goes when layers run left to right.
pub fn place(layered: &Layered, layers: &[Vec<usize>], lead: f64) -> Placement {
    let unit_count = layered.units.len();
    let group_count = layered.groups.len();
    // Offsets relative to the origin of the level that holds them.
    let mut local_unit = vec![0.0; unit_count];
    let mut local_group = vec![0.0; group_count];
    let mut group_width = vec![0.0; group_count];

    // Which child of `level` (or which unit directly in it) a unit belongs to.
    let item_in = |unit: usize, level: Option<usize>| -> Option<Item> {
        let mut at = layered.units.get(unit)?.group;
        if at == level {
            return Some(Item::Unit(unit));
        }
        let mut guard = 0;
        while let Some(g) = at {
            let parent = layered.groups.get(g)?.parent;
            if parent == level {
                return Some(Item::Group(g));
            }
            at = parent;
            guard += 1;
            if guard > group_count {
                return None;
            }
        }
        None
    };

    // Each level sees only the units inside it and the links among them.
    let position_in_layer: Vec<usize> = {
        let mut position = vec![0; unit_count];
        for layer in layers {
            for (i, unit) in layer.iter().enumerate() {
                if let Some(slot) = position.get_mut(*unit) {
                    *slot = i;
                }
            }
        }
        position
    };
    let ancestors = |unit: usize| -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = layered.units.get(unit).and_then(|u| u.group);
        while let Some(g) = at {
            if chain.len() > group_count {
                break;
            }
            chain.push(g);
            at = layered.groups.get(g).and_then(|i| i.parent);
        }
        chain
    };
    let mut level_units: Vec<Vec<usize>> = vec![Vec::new(); group_count + 1];
    let level_slot = |level: Option<usize>| level.unwrap_or(group_count);
    for unit in 0..unit_count {
        for g in ancestors(unit) {
            if let Some(list) = level_units.get_mut(g) {
                list.push(unit);
            }
        }
        if let Some(list) = level_units.get_mut(group_count) {
            list.push(unit);
        }
    }
    let mut level_links: Vec<Vec<(usize, usize)>> = vec![Vec::new(); group_count + 1];
    for chain in &layered.chains {
        for pair in chain.units.windows(2) {
            if let [a, b] = pair {
                let upper = ancestors(*a);
                for g in ancestors(*b).into_iter().filter(|g| upper.contains(g)) {
                    if let Some(list) = level_links.get_mut(g) {
                        list.push((*a, *b));
                    }
                }
                if let Some(list) = level_links.get_mut(group_count) {
                    list.push((*a, *b));
                }
            }
        }
    }

    let drawing_key = |item: Item| match item {
        Item::Unit(u) => u,
        Item::Group(g) => unit_count + g,
    };
    let mut local = vec![usize::MAX; unit_count + group_count];
    let mut levels: Vec<Option<usize>> = (0..group_count).map(Some).collect();
    levels.sort_by_key(|g| {
        std::cmp::Reverse(g.and_then(|g| layered.groups.get(g)).map_or(0, |i| i.depth))
    });
    levels.push(None);

    for level in levels {
        // The rows of this level: its items on each layer, in order.
        let mut inside = level_units
            .get(level_slot(level))
            .cloned()
            .unwrap_or_default();
        inside.sort_by_key(|u| {
            (
                layered.units.get(*u).map_or(0, |unit| unit.layer),
                position_in_layer.get(*u).copied().unwrap_or(0),
            )
        });
        let mut rows: Vec<Vec<Item>> = Vec::new();
        let mut current_layer = usize::MAX;
        for unit in inside {
            let layer = layered.units.get(unit).map_or(0, |u| u.layer);
            if layer != current_layer {
                rows.push(Vec::new());
                current_layer = layer;
            }
            if let (Some(item), Some(row)) = (item_in(unit, level), rows.last_mut())
                && row.last() != Some(&item)
            {
                row.push(item);
            }
        }
        let width_of = |item: Item| match item {
            Item::Unit(u) => layered.units.get(u).map_or(0.0, |u| u.breadth),
            Item::Group(g) => group_width.get(g).copied().unwrap_or(0.0),
        };
        let margin_of = |item: Item| match item {
            Item::Unit(u) => layered.units.get(u).map_or(0.0, |u| margin(&u.kind)),
            Item::Group(_) => GROUP_MARGIN,
        };
        // The level's items, numbered among themselves: a level's arrays are
        // as long as it has items, not as the whole drawing has units.
        let items: Vec<Item> = {
            let mut all: Vec<Item> = rows.iter().flatten().copied().collect();
            all.sort_by_key(|i| drawing_key(*i));
            all.dedup();
            all
        };
        for (i, item) in items.iter().enumerate() {
            if let Some(slot) = local.get_mut(drawing_key(*item)) {
                *slot = i;
            }
        }
        let key = |item: Item| local.get(drawing_key(item)).copied().unwrap_or(usize::MAX);
        let mut x = vec![f64::NAN; items.len()];
        let get = |x: &[f64], item: Item| x.get(key(item)).copied().unwrap_or(0.0);

        // Pack to the left: each item as far left as the separations from the
        // items before it on all its rows allow — a longest path over the
        // "is left of" constraints, which form a DAG because sibling groups
        // keep one order on every row.
        let mut constraints: Vec<Vec<(usize, f64)>> = vec![Vec::new(); items.len()];
        let mut incoming = vec![0usize; items.len()];
        for row in &rows {
            for pair in row.windows(2) {
                if let [left, right] = pair {
                    let gap = width_of(*left) / 2.0
                        + margin_of(*left)
                        + margin_of(*right)
                        + width_of(*right) / 2.0;
                    if let Some(list) = constraints.get_mut(key(*left)) {
                        list.push((key(*right), gap));
                    }
                    if let Some(count) = incoming.get_mut(key(*right)) {
                        *count += 1;
                    }
                }
            }
        }
        let mut ready: Vec<usize> = rows
            .iter()
            .flatten()
            .map(|item| key(*item))
            .filter(|k| incoming.get(*k) == Some(&0))
            .collect();
        ready.sort_unstable();
        ready.dedup();
        for item in rows.iter().flatten() {
            if let Some(slot) = x.get_mut(key(*item)) {
                *slot = 0.0;
            }
        }
        while let Some(item) = ready.pop() {
            let base = x.get(item).copied().unwrap_or(0.0);
            for &(next, gap) in constraints.get(item).map(Vec::as_slice).unwrap_or_default() {
                if let Some(slot) = x.get_mut(next) {
                    *slot = slot.max(base + gap);
                }
                if let Some(count) = incoming.get_mut(next) {
                    *count -= 1;
                    if *count == 0 {
                        ready.push(next);
                    }
                }
            }
        }

        // Where each item would like to be: the mean of what it is joined to
        // within this level, corrected by its own offset inside a block.
        let absolute_in_level = |x: &[f64], unit: usize| -> Option<(Item, f64)> {
            let item = item_in(unit, level)?;
            let offset = match item {
                Item::Unit(_) => 0.0,
                Item::Group(g) => {
                    // From the block's centre to the unit, through nested groups.
                    let mut offset = local_unit.get(unit).copied().unwrap_or(0.0);
                    let mut at = layered.units.get(unit).and_then(|u| u.group);
                    let mut guard = 0;
                    while let Some(inner) = at {
                        if inner == g {
                            break;
                        }
                        offset += local_group.get(inner).copied().unwrap_or(0.0);
                        at = layered.groups.get(inner).and_then(|i| i.parent);
                        guard += 1;
                        if guard > group_count {
                            break;
                        }
                    }
                    offset - group_width.get(g).copied().unwrap_or(0.0) / 2.0
                }
            };
            Some((item, get(x, item) + offset))
        };
        // Each item's place on each row it stands in.
        let mut slots: Vec<Vec<(usize, usize)>> = vec![Vec::new(); items.len()];
        for (r, row) in rows.iter().enumerate() {
            for (p, item) in row.iter().enumerate() {
                if let Some(list) = slots.get_mut(key(*item)) {
                    list.push((r, p));
                }
            }
        }
        let links = level_links
            .get(level_slot(level))
            .map(Vec::as_slice)
            .unwrap_or_default();
        for sweep in 0..SWEEPS {
            let mut pull: Vec<(f64, f64)> = vec![(0.0, 0.0); items.len()];
            for (a, b) in links {
                // As in dot: straight long edges matter most.
                let weight = link_weight(layered, *a, *b);
                let (Some((item_a, pos_a)), Some((item_b, pos_b))) =
                    (absolute_in_level(&x, *a), absolute_in_level(&x, *b))
                else {
                    continue;
                };
                if item_a == item_b {
                    continue;
                }
                // Move each end so that the two line up.
                if let Some(p) = pull.get_mut(key(item_a)) {
                    p.0 += weight * (get(&x, item_a) + (pos_b - pos_a));
                    p.1 += weight;
                }
                if let Some(p) = pull.get_mut(key(item_b)) {
                    p.0 += weight * (get(&x, item_b) + (pos_a - pos_b));
                    p.1 += weight;
                }
            }
            let forward = sweep % 2 == 0;
            for item in &items {
                let Some(&(sum, count)) = pull.get(key(*item)) else {
                    continue;
                };
                if count <= 0.0 {
                    continue;
                }
                let target = sum / count;
                let places = slots.get(key(*item)).map(Vec::as_slice).unwrap_or_default();
                let (low, high) = bounds(&rows, places, *item, &x, &width_of, &margin_of, &key);
                let current = get(&x, *item);
                let wanted = target.clamp(low, high.max(low));
                // Move halfway on alternate sweeps to settle without oscillating.
                let next = if forward {
                    wanted
                } else {
                    (current + wanted) / 2.0
                };
                if let Some(slot) = x.get_mut(key(*item)) {
                    *slot = next;
                }
            }
        }

        // Shift so the level starts at its padding, and record.
        let (padding, leading) = if level.is_some() {
            (GROUP_PADDING, GROUP_PADDING + lead)
        } else {
            (0.0, 0.0)
        };
        let mut left = f64::INFINITY;
        let mut right = f64::NEG_INFINITY;
        for item in rows.iter().flatten() {
            let half = width_of(*item) / 2.0;
            left = left.min(get(&x, *item) - half);
            right = right.max(get(&x, *item) + half);
        }
        if !left.is_finite() {
            left = 0.0;
            right = 0.0;
        }
        let shift = leading - left;
        for item in rows.iter().flatten() {
            let value = get(&x, *item) + shift;
            match item {
                Item::Unit(u) => {
                    if let Some(slot) = local_unit.get_mut(*u) {
                        *slot = value;
                    }
                }
                Item::Group(g) => {
                    if let Some(slot) = local_group.get_mut(*g) {
                        *slot = value - group_width.get(*g).copied().unwrap_or(0.0) / 2.0;
                    }
                }
            }
        }
        let level_width = right - left + padding + leading;
        if let Some(g) = level
            && let Some(slot) = group_width.get_mut(g)
        {
            *slot = level_width;
        }
    }

    // Absolute positions: add the origins of the enclosing groups.
    let mut group_a = vec![(0.0, 0.0); group_count];
    let mut origin = vec![0.0; group_count];
    let mut by_depth: Vec<usize> = (0..group_count).collect();
    by_depth.sort_by_key(|g| layered.groups.get(*g).map_or(0, |i| i.depth));
    for g in by_depth {
        let parent_origin = layered
            .groups
            .get(g)
            .and_then(|i| i.parent)
            .and_then(|p| origin.get(p).copied())
            .unwrap_or(0.0);
        let left = parent_origin + local_group.get(g).copied().unwrap_or(0.0);
        if let Some(slot) = origin.get_mut(g) {
            *slot = left;
        }
        if let Some(slot) = group_a.get_mut(g) {
            *slot = (left, group_width.get(g).copied().unwrap_or(0.0));
        }
    }
    let unit_a: Vec<f64> = layered
        .units
        .iter()
        .enumerate()
        .map(|(i, unit)| {
            let base = unit
                .group
                .and_then(|g| origin.get(g).copied())
                .unwrap_or(0.0);
            base + local_unit.get(i).copied().unwrap_or(0.0)
        })
        .collect();
    let width = unit_a
        .iter()
        .zip(&layered.units)
        .map(|(a, u)| a + u.breadth / 2.0)
        .chain(group_a.iter().map(|(left, w)| left + w))
        .fold(0.0, f64::max);
    Placement {
        unit_a,
        group_a,
        width,
    }
}

/// How strongly a link pulls its ends into line: 1 between components, 2
/// between a component and an edge's point, 8 between two points of an edge
/// (the weights of dot's coordinate phase).
fn link_weight(layered: &Layered, a: usize, b: usize) -> f64 {
    let is_node = |u: usize| {
        matches!(
            layered.units.get(u).map(|u| &u.kind),
            Some(UnitKind::Node(_))
        )
    };
    match (is_node(a), is_node(b)) {
        (true, true) => 1.0,
        (false, false) => 8.0,
        _ => 2.0,
    }
}

/// How far an item may move: past no neighbour on any of its rows.
fn bounds(
    rows: &[Vec<Item>],
    places: &[(usize, usize)],
    item: Item,
    x: &[f64],
    width_of: &dyn Fn(Item) -> f64,
    margin_of: &dyn Fn(Item) -> f64,
    key: &dyn Fn(Item) -> usize,
) -> (f64, f64) {
    let get = |i: Item| x.get(key(i)).copied().unwrap_or(0.0);
    let half = width_of(item) / 2.0;
    let mut low = f64::NEG_INFINITY;
    let mut high = f64::INFINITY;
    for &(r, at) in places {
        let Some(row) = rows.get(r) else { continue };
        if let Some(before) = at.checked_sub(1).and_then(|b| row.get(b)) {
            let limit = get(*before)
                + width_of(*before) / 2.0
                + margin_of(*before)
                + margin_of(item)
                + half;
            low = low.max(limit);
        }
        if let Some(after) = row.get(at + 1) {
            let limit =
                get(*after) - width_of(*after) / 2.0 - margin_of(*after) - margin_of(item) - half;
            high = high.min(limit);
        }
    }
    (low, high)
}
