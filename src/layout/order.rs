//! The order of units within each layer: barycenter sweeps down and up from
//! several initial orders (declaration, depth-first from the top and from the
//! bottom, reversed, and for small graphs a fixed set of shuffles), the order
//! with the fewest crossings kept.
//!
//! Groups constrain the order: on every layer a group's units stand together
//! (nested groups inside them), and sibling groups keep one left-to-right
//! order on all layers, so their boxes can be drawn without overlapping. Each
//! sweep sorts a layer level by level: the members of a group by their own
//! keys, then the group as one item among its siblings.

use super::graph::Layered;

const SWEEPS: usize = 12;

pub fn order(layered: &Layered) -> Vec<Vec<usize>> {
    let mut empty: Vec<Vec<usize>> = vec![Vec::new(); layered.layer_count];
    for (index, unit) in layered.units.iter().enumerate() {
        if let Some(layer) = empty.get_mut(unit.layer) {
            layer.push(index);
        }
    }
    let (up, down) = neighbours(layered);
    // Like dot, start from more than one initial order and keep the best:
    // sweeps only find a local optimum near where they start.
    let declaration: Vec<f64> = (0..layered.units.len()).map(|u| u as f64).collect();
    let reversed: Vec<f64> = declaration.iter().map(|k| -k).collect();
    let mut starts = vec![
        declaration,
        depth_first(layered, &down, false),
        depth_first(layered, &up, true),
        reversed,
    ];
    if layered.units.len() <= SHUFFLED_STARTS_UP_TO {
        starts.extend((1..=SHUFFLED_STARTS).map(|seed| shuffled(layered.units.len(), seed)));
    }
    let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
    for keys in &starts {
        let mut layers = empty.clone();
        let values = group_values(layered, &layers);
        for layer in 0..layers.len() {
            sort_layer(layered, &mut layers, layer, keys, &values);
        }
        let (count, layers) = sweep(layered, layers, &up, &down);
        if best.as_ref().is_none_or(|(fewest, _)| count < *fewest) {
            best = Some((count, layers));
        }
        if count == 0 {
            break;
        }
    }
    best.map(|(_, layers)| layers).unwrap_or(empty)
}

/// Extra starts from shuffled orders, for graphs small enough that the
/// sweeps cost little.
const SHUFFLED_STARTS: u64 = 64;
const SHUFFLED_STARTS_UP_TO: usize = 400;

/// Keys in a pseudo-random order fixed by `seed` (a linear congruential
/// generator: layouts stay deterministic).
fn shuffled(count: usize, seed: u64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64
        })
        .collect()
}

/// Sweeps without improvement after which the search restarts from the best
/// order found (dot's `MinQuit`).
const PATIENCE: usize = 4;

/// Barycenter sweeps, alternately down and up, each followed by
/// transposition; returns the order with the fewest crossings and its count.
fn sweep(
    layered: &Layered,
    mut layers: Vec<Vec<usize>>,
    up: &[Vec<usize>],
    down: &[Vec<usize>],
) -> (usize, Vec<Vec<usize>>) {
    let mut position = vec![0.0; layered.units.len()];
    record_positions(&layers, &mut position);
    let mut best = layers.clone();
    let mut best_crossings = crossings(layered, &layers, &position);
    let mut keys = position.clone();
    let mut stale = 0;
    for sweep in 0..SWEEPS {
        if best_crossings == 0 {
            break;
        }
        let downwards = sweep % 2 == 0;
        let sequence: Vec<usize> = if downwards {
            (1..layers.len()).collect()
        } else {
            (0..layers.len().saturating_sub(1)).rev().collect()
        };
        // Groups keep the overall order they had when the sweep began.
        let values = group_values(layered, &layers);
        for layer in sequence {
            let reference = if downwards { up } else { down };
            barycenters(&layers, layer, reference, &position, &mut keys);
            sort_layer(layered, &mut layers, layer, &keys, &values);
            if let Some(sorted) = layers.get(layer) {
                record_layer(sorted, &mut position);
            }
        }
        transpose(layered, &mut layers, up, down, &mut position);
        let count = crossings(layered, &layers, &position);
        if count < best_crossings {
            best_crossings = count;
            best = layers.clone();
            stale = 0;
        } else {
            stale += 1;
            if stale >= PATIENCE {
                layers = best.clone();
                record_positions(&layers, &mut position);
                stale = 0;
            }
        }
    }
    (best_crossings, best)
}

/// Keys that place units in the order a depth-first walk along the links `along`
/// meets them, starting from the top layer (or the bottom one) in
/// declaration order: what is connected starts out together (dot's initial
/// order).
fn depth_first(layered: &Layered, along: &[Vec<usize>], from_bottom: bool) -> Vec<f64> {
    let count = layered.units.len();
    let mut keys = vec![f64::MAX; count];
    let mut next = 0.0;
    let mut roots: Vec<usize> = (0..count).collect();
    roots.sort_by_key(|u| {
        let layer = layered.units.get(*u).map_or(0, |x| x.layer);
        if from_bottom {
            usize::MAX - layer
        } else {
            layer
        }
    });
    for root in roots {
        if keys.get(root).is_none_or(|k| *k != f64::MAX) {
            continue;
        }
        let mut stack = vec![root];
        while let Some(unit) = stack.pop() {
            match keys.get_mut(unit) {
                Some(slot) if *slot == f64::MAX => {
                    *slot = next;
                    next += 1.0;
                }
                _ => continue,
            }
            let children = along.get(unit).map(Vec::as_slice).unwrap_or_default();
            stack.extend(children.iter().rev().copied());
        }
    }
    keys
}

/// Rounds of transposition after each sweep.
const TRANSPOSE_ROUNDS: usize = 4;

/// Swaps neighbouring units of the same group wherever that lowers the
/// crossings with the layers above and below (the dot paper's transpose).
fn transpose(
    layered: &Layered,
    layers: &mut [Vec<usize>],
    up: &[Vec<usize>],
    down: &[Vec<usize>],
    position: &mut [f64],
) {
    let crossings_between = |u: usize, v: usize, position: &[f64]| -> usize {
        // Edges of `u` and `v` that cross when `u` stands left of `v`.
        let mut count = 0;
        for side in [up, down] {
            let from_u = side.get(u).map(Vec::as_slice).unwrap_or_default();
            let from_v = side.get(v).map(Vec::as_slice).unwrap_or_default();
            for a in from_u {
                let pa = position.get(*a).copied().unwrap_or(0.0);
                count += from_v
                    .iter()
                    .filter(|b| position.get(**b).copied().unwrap_or(0.0) < pa)
                    .count();
            }
        }
        count
    };
    for _ in 0..TRANSPOSE_ROUNDS {
        let mut improved = false;
        for layer in layers.iter_mut() {
            for i in 0..layer.len().saturating_sub(1) {
                let (Some(&u), Some(&v)) = (layer.get(i), layer.get(i + 1)) else {
                    continue;
                };
                let same_group =
                    layered.units.get(u).map(|x| x.group) == layered.units.get(v).map(|x| x.group);
                if !same_group {
                    continue;
                }
                if crossings_between(v, u, position) < crossings_between(u, v, position) {
                    layer.swap(i, i + 1);
                    if let (Some(pu), Some(pv)) =
                        (position.get(u).copied(), position.get(v).copied())
                    {
                        if let Some(slot) = position.get_mut(u) {
                            *slot = pv;
                        }
                        if let Some(slot) = position.get_mut(v) {
                            *slot = pu;
                        }
                    }
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// For every unit, the units it is joined to on the layer above and below.
fn neighbours(layered: &Layered) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut up = vec![Vec::new(); layered.units.len()];
    let mut down = vec![Vec::new(); layered.units.len()];
    for chain in &layered.chains {
        for pair in chain.units.windows(2) {
            if let [a, b] = pair {
                if let Some(list) = down.get_mut(*a) {
                    list.push(*b);
                }
                if let Some(list) = up.get_mut(*b) {
                    list.push(*a);
                }
            }
        }
    }
    (up, down)
}

fn record_positions(layers: &[Vec<usize>], position: &mut [f64]) {
    for layer in layers {
        record_layer(layer, position);
    }
}

fn record_layer(layer: &[usize], position: &mut [f64]) {
    for (i, unit) in layer.iter().enumerate() {
        if let Some(slot) = position.get_mut(*unit) {
            *slot = i as f64;
        }
    }
}

/// Sets the key of each unit of `layer`: the mean position of its
/// neighbours on the reference side, or its own position when it has none.
fn barycenters(
    layers: &[Vec<usize>],
    layer: usize,
    reference: &[Vec<usize>],
    position: &[f64],
    keys: &mut [f64],
) {
    for unit in layers.get(layer).map(Vec::as_slice).unwrap_or_default() {
        let linked = reference.get(*unit).map(Vec::as_slice).unwrap_or_default();
        let key = if linked.is_empty() {
            position.get(*unit).copied().unwrap_or(0.0)
        } else {
            linked
                .iter()
                .map(|n| position.get(*n).copied().unwrap_or(0.0))
                .sum::<f64>()
                / linked.len() as f64
        };
        if let Some(slot) = keys.get_mut(*unit) {
            *slot = key;
        }
    }
}

/// Where each group stands overall: the mean relative position (0 to 1) of
/// its units over all layers. Sibling groups keep this order on every layer.
fn group_values(layered: &Layered, layers: &[Vec<usize>]) -> Vec<f64> {
    let mut sum = vec![0.0; layered.groups.len()];
    let mut count = vec![0usize; layered.groups.len()];
    for layer in layers {
        let span = (layer.len().max(2) - 1) as f64;
        for (i, unit) in layer.iter().enumerate() {
            let mut at = layered.units.get(*unit).and_then(|u| u.group);
            let mut guard = 0;
            while let Some(g) = at {
                if let (Some(s), Some(c)) = (sum.get_mut(g), count.get_mut(g)) {
                    *s += i as f64 / span;
                    *c += 1;
                }
                at = layered.groups.get(g).and_then(|info| info.parent);
                guard += 1;
                if guard > layered.groups.len() {
                    break;
                }
            }
        }
    }
    sum.iter()
        .zip(&count)
        .enumerate()
        .map(|(g, (s, c))| if *c == 0 { g as f64 } else { s / *c as f64 })
        .collect()
}

/// An item of one level of a layer: a unit, or a whole child group.
#[derive(Clone, Copy)]
enum Item {
    Unit(usize),
    Group(usize),
}

/// Sorts one layer: recursively, each group's items by key, sibling groups
/// in their overall order.
fn sort_layer(
    layered: &Layered,
    layers: &mut [Vec<usize>],
    layer: usize,
    keys: &[f64],
    group_values: &[f64],
) {
    let Some(current) = layers.get(layer) else {
        return;
    };
    let mut by_group: Vec<Vec<usize>> = vec![Vec::new(); layered.groups.len()];
    let mut root = Vec::new();
    for unit in current {
        match layered.units.get(*unit).and_then(|u| u.group) {
            Some(g) => {
                if let Some(list) = by_group.get_mut(g) {
                    list.push(*unit);
                }
            }
            None => root.push(*unit),
        }
    }
    // Which groups are present on this layer (through any descendant).
    let mut present = vec![false; layered.groups.len()];
    for (g, members) in by_group.iter().enumerate() {
        if members.is_empty() {
            continue;
        }
        let mut at = Some(g);
        let mut guard = 0;
        while let Some(group) = at {
            if let Some(p) = present.get_mut(group) {
                *p = true;
            }
            at = layered.groups.get(group).and_then(|info| info.parent);
            guard += 1;
            if guard > layered.groups.len() {
                break;
            }
        }
    }
    let top_groups: Vec<usize> = (0..layered.groups.len())
        .filter(|g| {
            layered.groups.get(*g).is_some_and(|i| i.parent.is_none())
                && present.get(*g) == Some(&true)
        })
        .collect();
    let mut out = Vec::with_capacity(current.len());
    let level = Level {
        layered,
        keys,
        group_values,
        by_group: &by_group,
        present: &present,
        current: &current
            .iter()
            .enumerate()
            .map(|(i, unit)| (*unit, i))
            .collect(),
    };
    level.emit(&root, &top_groups, &mut out, 0);
    if let Some(slot) = layers.get_mut(layer) {
        *slot = out;
    }
}

struct Level<'a> {
    layered: &'a Layered,
    keys: &'a [f64],
    group_values: &'a [f64],
    by_group: &'a [Vec<usize>],
    present: &'a [bool],
    /// Where each unit of the layer stands now: equal keys keep this order,
    /// so a sweep does not undo what the previous one learned.
    current: &'a std::collections::HashMap<usize, usize>,
}

impl Level<'_> {
    /// The key of a group on this layer: the mean key of its units here.
    fn group_key(&self, group: usize) -> f64 {
        let mut sum = 0.0;
        let mut count = 0usize;
        let mut stack = vec![group];
        while let Some(g) = stack.pop() {
            for unit in self.by_group.get(g).map(Vec::as_slice).unwrap_or_default() {
                sum += self.keys.get(*unit).copied().unwrap_or(0.0);
                count += 1;
            }
            if let Some(info) = self.layered.groups.get(g) {
                stack.extend(info.children.iter().copied());
            }
        }
        if count == 0 { 0.0 } else { sum / count as f64 }
    }

    fn emit(&self, units: &[usize], groups: &[usize], out: &mut Vec<usize>, depth: usize) {
        let mut items: Vec<(f64, usize, Item)> = units
            .iter()
            .map(|u| {
                (
                    self.keys.get(*u).copied().unwrap_or(0.0),
                    self.current.get(u).copied().unwrap_or(*u),
                    Item::Unit(*u),
                )
            })
            .collect();
        // Sibling groups take their keys on this layer in their overall order.
        let mut group_keys: Vec<f64> = groups.iter().map(|g| self.group_key(*g)).collect();
        group_keys.sort_by(f64::total_cmp);
        let mut ordered_groups = groups.to_vec();
        ordered_groups.sort_by(|a, b| {
            let va = self.group_values.get(*a).copied().unwrap_or(0.0);
            let vb = self.group_values.get(*b).copied().unwrap_or(0.0);
            va.total_cmp(&vb).then(a.cmp(b))
        });
        // Ties between groups keep the overall order too (rank, after all
        // units with the same key).
        for (rank, (g, key)) in ordered_groups.iter().zip(group_keys).enumerate() {
            items.push((key, self.layered.units.len() + rank, Item::Group(*g)));
        }
        items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        for (_, _, item) in items {
            match item {
                Item::Unit(u) => out.push(u),
                Item::Group(g) if depth <= self.layered.groups.len() => {
                    let members = self.by_group.get(g).map(Vec::as_slice).unwrap_or_default();
                    let children: Vec<usize> = self
                        .layered
                        .groups
                        .get(g)
                        .map(|i| {
                            i.children
                                .iter()
                                .copied()
                                .filter(|c| self.present.get(*c) == Some(&true))
                                .collect()
                        })
                        .unwrap_or_default();
                    self.emit(members, &children, out, depth + 1);
                }
                Item::Group(_) => {}
            }
        }
    }
}

/// Crossings between all pairs of adjacent layers, counted as inversions
/// with a Fenwick tree.
pub fn crossings(layered: &Layered, layers: &[Vec<usize>], position: &[f64]) -> usize {
    let mut per_layer: Vec<Vec<(usize, usize)>> = vec![Vec::new(); layers.len()];
    for chain in &layered.chains {
        for pair in chain.units.windows(2) {
            if let [a, b] = pair {
                let layer = layered.units.get(*a).map_or(0, |u| u.layer);
                let pa = position.get(*a).copied().unwrap_or(0.0) as usize;
                let pb = position.get(*b).copied().unwrap_or(0.0) as usize;
                if let Some(list) = per_layer.get_mut(layer) {
                    list.push((pa, pb));
                }
            }
        }
    }
    let mut total = 0;
    for (layer, mut pairs) in per_layer.into_iter().enumerate() {
        let width = layers.get(layer + 1).map_or(0, Vec::len) + 1;
        pairs.sort_unstable();
        let mut tree = vec![0usize; width + 1];
        for (seen, (_, lower)) in pairs.iter().enumerate() {
            // Pairs seen so far that end to the right of this one cross it.
            let mut at = lower + 1;
            let mut not_greater = 0;
            while at > 0 {
                not_greater += tree.get(at).copied().unwrap_or(0);
                at &= at - 1;
            }
            total += seen - not_greater;
            let mut at = lower + 1;
            while at <= width {
                if let Some(slot) = tree.get_mut(at) {
                    *slot += 1;
                }
                at += at & at.wrapping_neg();
            }
        }
    }
    total
}
