//! Counting crossings between the component layers.

use super::net::Net;

/// Crossings between all pairs of adjacent layers: of flows with flows,
/// and of flows with the boxes of groups they run through.
pub(super) fn crossings(net: &Net, layers: &[Vec<usize>], position: &[f64]) -> usize {
    flow_crossings(net, layers, position) + 2 * through_groups(net, layers, position)
}

/// Crossings of flows with flows, counted as inversions with a Fenwick
/// tree.
fn flow_crossings(net: &Net, layers: &[Vec<usize>], position: &[f64]) -> usize {
    let mut total = 0;
    let mut lower_ends = Vec::new();
    for (layer, units) in layers.iter().enumerate().step_by(net.stride) {
        let width = layers.get(layer + net.stride).map_or(0, Vec::len) + 1;
        let mut tree = vec![0usize; width + 1];
        let mut seen = 0;
        // Edges by their upper end's position, then their lower end's.
        for unit in units {
            lower_ends.clear();
            lower_ends.extend(
                net.down
                    .of(*unit)
                    .iter()
                    .map(|n| position.get(*n).copied().unwrap_or(0.0) as usize),
            );
            lower_ends.sort_unstable();
            for lower in &lower_ends {
                // Edges seen so far that end to the right of this one cross it.
                let mut at = lower + 1;
                let mut not_greater = 0;
                while at > 0 {
                    not_greater += tree.get(at).copied().unwrap_or(0);
                    at &= at - 1;
                }
                total += seen - not_greater;
                seen += 1;
                let mut at = lower + 1;
                while at <= width {
                    if let Some(slot) = tree.get_mut(at) {
                        *slot += 1;
                    }
                    at += at & at.wrapping_neg();
                }
            }
        }
    }
    total
}

/// Links that run through the box of a group standing on both their
/// layers, from one side of it to the other: neither end is in the group
/// (a group's units stand together on each layer), and the link's run
/// across, drawn between the layers, lies inside the box. A reader takes
/// such a flow for one of the group's own, so it counts as two crossings
/// (in and out of the box).
fn through_groups(net: &Net, layers: &[Vec<usize>], position: &[f64]) -> usize {
    if net.groups.is_empty() {
        return 0;
    }
    let at = |u: usize| position.get(u).copied().unwrap_or(0.0);
    let mut scratch = vec![None; net.groups.len()];
    let mut upper = Vec::new();
    let mut lower = Vec::new();
    let mut both: Vec<((f64, f64), (f64, f64))> = Vec::new();
    let mut total = 0;
    let mut component_layers = layers.iter().step_by(net.stride).peekable();
    if let Some(first) = component_layers.peek() {
        extents(net, first, position, &mut scratch, &mut lower);
    }
    while let (Some(units), Some(below)) = (component_layers.next(), component_layers.peek()) {
        std::mem::swap(&mut upper, &mut lower);
        extents(net, below, position, &mut scratch, &mut lower);
        both.clear();
        let mut down = lower.iter().peekable();
        for (g, up) in &upper {
            while down.next_if(|(h, _)| h < g).is_some() {}
            if let Some((_, down)) = down.next_if(|(h, _)| h == g) {
                both.push((*up, *down));
            }
        }
        if both.is_empty() {
            continue;
        }
        for &unit in units {
            let from = at(unit);
            for to in net.down.of(unit).iter().map(|v| at(*v)) {
                total += both
                    .iter()
                    .filter(|((up_first, up_last), (down_first, down_last))| {
                        (from < *up_first && to > *down_last)
                            || (from > *up_last && to < *down_first)
                    })
                    .count();
            }
        }
    }
    total
}

/// The first and last position of the units of each group present on one
/// layer, by group (`scratch` holds one slot per group, left empty).
fn extents(
    net: &Net,
    units: &[usize],
    position: &[f64],
    scratch: &mut [Option<(f64, f64)>],
    out: &mut Vec<(usize, (f64, f64))>,
) {
    out.clear();
    for &unit in units {
        let at = position.get(unit).copied().unwrap_or(0.0);
        for g in net.enclosing(net.group_of(unit)) {
            if let Some(slot) = scratch.get_mut(g) {
                *slot = Some(slot.map_or((at, at), |(first, last)| (first.min(at), last.max(at))));
            }
        }
    }
    // Sorted by group, the slots emptied again.
    for (g, slot) in scratch.iter_mut().enumerate() {
        if let Some(extent) = slot.take() {
            out.push((g, extent));
        }
    }
}

/// Crossings among the edges that touch each top-level group (one end in
/// it or both), by group: where groups barely touch, each group's best
/// order can be taken from a different start. An edge leaving the group
/// counts, for where the group puts its end decides what it crosses on its
/// way out.
pub(super) fn crossings_by_group(net: &Net, layers: &[Vec<usize>], position: &[f64]) -> Vec<usize> {
    let mut by_group = vec![0usize; net.groups.len()];
    let at = |u: usize| position.get(u).copied().unwrap_or(0.0) as usize;
    // (group, upper end, lower end) of every edge touching a group.
    let mut edges: Vec<(usize, usize, usize)> = Vec::new();
    let mut lower: Vec<usize> = Vec::new();
    for units in layers.iter().step_by(net.stride) {
        edges.clear();
        for &unit in units {
            let Some(group) = net.outermost(unit) else {
                continue;
            };
            for &below in net.down.of(unit) {
                edges.push((group, at(unit), at(below)));
            }
        }
        for &unit in units {
            for &below in net.down.of(unit) {
                if let Some(group) = net.outermost(below)
                    && net.outermost(unit) != Some(group)
                {
                    edges.push((group, at(unit), at(below)));
                }
            }
        }
        edges.sort_unstable();
        for run in edges.chunk_by(|a, b| a.0 == b.0) {
            lower.clear();
            lower.extend(run.iter().map(|e| e.2));
            if let Some(slot) = run.first().and_then(|e| by_group.get_mut(e.0)) {
                *slot += inversions(&mut lower);
            }
        }
    }
    by_group
}

/// Pairs out of order, by merge sort (which sorts `values`).
fn inversions(values: &mut [usize]) -> usize {
    let n = values.len();
    if n < 2 {
        return 0;
    }
    let (left, right) = values.split_at_mut(n / 2);
    let mut count = inversions(left) + inversions(right);
    let mut merged = Vec::with_capacity(n);
    let (mut i, mut j) = (0, 0);
    while let (Some(a), Some(b)) = (left.get(i), right.get(j)) {
        if b < a {
            count += left.len() - i;
            merged.push(*b);
            j += 1;
        } else {
            merged.push(*a);
            i += 1;
        }
    }
    merged.extend_from_slice(left.get(i..).unwrap_or_default());
    merged.extend_from_slice(right.get(j..).unwrap_or_default());
    values.copy_from_slice(&merged);
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::graph;

    #[test]
    fn a_link_from_one_side_of_a_group_to_the_other_crosses_its_box() {
        // A and B stand in the group on two layers; X calls Y beside it.
        let layered = graph::of_text(
            "service x\nservice y\nservice a\nservice b\ngroup g { a b }\na -> b\nx -> y\n",
        );
        let net = Net::new(&layered);
        let unit = |layer: usize, in_group: bool| {
            (0..net.len())
                .find(|&u| {
                    net.layer.get(u) == Some(&layer) && net.group_of(u).is_some() == in_group
                })
                .expect("a unit")
        };
        let (x, a, y, b) = (unit(0, false), unit(0, true), unit(1, false), unit(1, true));
        let count = |layers: Vec<Vec<usize>>| {
            let mut position = vec![0.0; net.len()];
            for layer in &layers {
                for (i, u) in layer.iter().enumerate() {
                    position[*u] = i as f64;
                }
            }
            (
                crossings(&net, &layers, &position),
                through_groups(&net, &layers, &position),
            )
        };
        assert_eq!(
            count(vec![vec![x, a], vec![y, b]]),
            (0, 0),
            "beside the group"
        );
        // The two flows cross, and X's crosses the box twice.
        assert_eq!(
            count(vec![vec![x, a], vec![b, y]]),
            (3, 1),
            "through the box"
        );
        assert_eq!(count(vec![vec![a, x], vec![y, b]]), (3, 1), "the other way");
    }
}
