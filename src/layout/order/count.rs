//! Counting crossings between the component layers.

use super::net::Net;

/// Crossings between all pairs of adjacent layers, counted as inversions
/// with a Fenwick tree.
pub(super) fn crossings(net: &Net, layers: &[Vec<usize>], position: &[f64]) -> usize {
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
