//! Local improvements after each sweep: transposition of neighbours and
//! sifting of each unit along its run.

use super::net::Net;

/// Rounds of transposition after each sweep.
const TRANSPOSE_ROUNDS: usize = 4;

/// Swaps neighbouring units of the same group wherever that lowers the
/// crossings with the layers above and below (the dot paper's transpose).
pub(super) fn transpose(
    net: &Net,
    layers: &mut [Vec<usize>],
    position: &mut [f64],
    equal_swaps: bool,
) {
    let crossings_both_ways =
        |u: usize, v: usize, position: &[f64]| pair_crossings(net, u, v, position);
    // A pair compared without a swap gives the same answer until its units
    // or their neighbours move, so later rounds compare only what moved
    // (most rounds swap a few pairs in a thousand). `moved` says when a
    // unit or one of its neighbours last moved, `kept` when a unit was last
    // compared with the one to its right, and which one that was.
    let mut clock = 1;
    let mut moved = vec![clock; net.len()];
    let mut kept = vec![(usize::MAX, 0); net.len()];
    for _ in 0..TRANSPOSE_ROUNDS {
        let mut improved = false;
        for layer in layers.iter_mut().step_by(net.stride) {
            for i in 0..layer.len().saturating_sub(1) {
                let (Some(&u), Some(&v)) = (layer.get(i), layer.get(i + 1)) else {
                    continue;
                };
                if net.group_of(u) != net.group_of(v) {
                    continue;
                }
                let unchanged = |since: usize| {
                    moved
                        .get(u)
                        .zip(moved.get(v))
                        .is_some_and(|(a, b)| *a <= since && *b <= since)
                };
                if let Some(&(right, since)) = kept.get(u)
                    && right == v
                    && unchanged(since)
                {
                    continue;
                }
                let (as_is, swapped) = crossings_both_ways(u, v, position);
                if swapped < as_is || (equal_swaps && swapped == as_is && as_is > 0) {
                    layer.swap(i, i + 1);
                    position.swap(u, v);
                    improved |= swapped < as_is;
                    clock += 1;
                    for unit in [u, v] {
                        let linked = net.up.of(unit).iter().chain(net.down.of(unit));
                        for touched in std::iter::once(&unit).chain(linked) {
                            if let Some(slot) = moved.get_mut(*touched) {
                                *slot = clock;
                            }
                        }
                    }
                } else if let Some(slot) = kept.get_mut(u) {
                    *slot = (v, clock);
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Crossings among the edges of `u` and `v` with `u` left of `v`, and with
/// `v` left of `u`: a pair of edges ending apart crosses in one order.
fn pair_crossings(net: &Net, u: usize, v: usize, position: &[f64]) -> (usize, usize) {
    let mut counts = (0, 0);
    for side in [&net.up, &net.down] {
        let (from_u, from_v) = (side.of(u), side.of(v));
        let (left, right) = if from_u.len().saturating_mul(from_v.len()) <= PAIRS_COUNTED_ONE_BY_ONE
        {
            crossings_pair_by_pair(from_u, from_v, position)
        } else {
            crossings_sorted(from_u, from_v, position)
        };
        counts.0 += left;
        counts.1 += right;
    }
    counts
}

/// Longest run of units sifting looks along.
const SIFT_REACH: usize = 60;

/// Sifting (Matuszewski, Schönfeld and Molitor 1999): each unit, in turn,
/// moves to the place in its run of siblings (units of the same group, not
/// past a nested group) where it has the fewest crossings. Transposition
/// only swaps neighbours and stops where every single swap costs; sifting
/// sees the whole run.
pub(super) fn sift(net: &Net, layers: &mut [Vec<usize>], position: &mut [f64]) {
    for layer in layers.iter_mut().step_by(net.stride) {
        let units: Vec<usize> = layer.clone();
        for unit in units {
            sift_unit(net, layer, unit, position);
        }
    }
}

/// Moves `unit` to the place in its run of siblings on `layer` where it
/// has the fewest crossings, the nearest such place on a tie.
pub(super) fn sift_unit(net: &Net, layer: &mut Vec<usize>, unit: usize, position: &mut [f64]) {
    let at = position.get(unit).copied().unwrap_or(0.0) as usize;
    if layer.get(at) != Some(&unit) {
        return;
    }
    let group = net.group_of(unit);
    let same = |u: &usize| net.group_of(*u) == group;
    let mut first = at;
    while first > 0 && at - first < SIFT_REACH && layer.get(first - 1).is_some_and(same) {
        first -= 1;
    }
    let mut last = at;
    while last - at < SIFT_REACH && layer.get(last + 1).is_some_and(same) {
        last += 1;
    }
    // Crossings saved by moving `unit` to each place, relative to where it
    // is: passing a neighbour on the left trades "it left of us" for "us
    // left of it".
    let mut best = (0i64, at);
    let mut change = 0i64;
    for i in (first..at).rev() {
        let Some(&other) = layer.get(i) else { continue };
        let (other_left, unit_left) = pair_crossings(net, other, unit, position);
        change += unit_left as i64 - other_left as i64;
        if change < best.0 {
            best = (change, i);
        }
    }
    change = 0;
    for i in at + 1..=last {
        let Some(&other) = layer.get(i) else { continue };
        let (unit_left, other_left) = pair_crossings(net, unit, other, position);
        change += other_left as i64 - unit_left as i64;
        if change < best.0 {
            best = (change, i);
        }
    }
    if best.1 != at {
        move_unit(layer, at, best.1, position);
    }
}

/// Moves the unit at `from` on `layer` to `to`, keeping `position` in step.
pub(super) fn move_unit(layer: &mut Vec<usize>, from: usize, to: usize, position: &mut [f64]) {
    if from >= layer.len() || to >= layer.len() {
        return;
    }
    let moved = layer.remove(from);
    layer.insert(to, moved);
    let (low, high) = (from.min(to), from.max(to));
    for (i, u) in layer.iter().enumerate().take(high + 1).skip(low) {
        if let Some(slot) = position.get_mut(*u) {
            *slot = i as f64;
        }
    }
}

/// Above this many pairs of edges, two units' crossings are counted by
/// sorting (a hub with thousands of flows next to another would otherwise
/// cost millions of steps each time).
const PAIRS_COUNTED_ONE_BY_ONE: usize = 256;

/// For edges from `u`'s neighbours `from_u` and `v`'s `from_v` on one side:
/// how many pairs cross with `u` left of `v`, and with `v` left of `u`.
fn crossings_pair_by_pair(from_u: &[usize], from_v: &[usize], position: &[f64]) -> (usize, usize) {
    let mut counts = (0, 0);
    for a in from_u {
        let pa = position.get(*a).copied().unwrap_or(0.0);
        for b in from_v {
            let pb = position.get(*b).copied().unwrap_or(0.0);
            if pb < pa {
                counts.0 += 1;
            } else if pa < pb {
                counts.1 += 1;
            }
        }
    }
    counts
}

/// [`crossings_pair_by_pair`] in O(d log d): both sides sorted, then merged.
fn crossings_sorted(from_u: &[usize], from_v: &[usize], position: &[f64]) -> (usize, usize) {
    let sorted = |units: &[usize]| {
        let mut at: Vec<f64> = units
            .iter()
            .map(|n| position.get(*n).copied().unwrap_or(0.0))
            .collect();
        at.sort_by(f64::total_cmp);
        at
    };
    let (at_u, at_v) = (sorted(from_u), sorted(from_v));
    let (mut below, mut not_above) = (0, 0);
    let mut counts = (0, 0);
    for pa in at_u {
        while at_v.get(below).is_some_and(|pb| *pb < pa) {
            below += 1;
        }
        not_above = not_above.max(below);
        while at_v.get(not_above).is_some_and(|pb| *pb <= pa) {
            not_above += 1;
        }
        counts.0 += below;
        counts.1 += at_v.len() - not_above;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorted_counting_agrees_with_counting_pair_by_pair(
            // Few distinct positions, so that equal ones (shared neighbours) occur.
            position in prop::collection::vec(0u8..12, 1..40),
            from_u in prop::collection::vec(0usize..40, 0..30),
            from_v in prop::collection::vec(0usize..40, 0..30),
        ) {
            let position: Vec<f64> = position.into_iter().map(f64::from).collect();
            prop_assert_eq!(
                crossings_sorted(&from_u, &from_v, &position),
                crossings_pair_by_pair(&from_u, &from_v, &position)
            );
        }
    }
}
