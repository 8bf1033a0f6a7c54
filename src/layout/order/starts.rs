//! The initial orders the search starts from.

use super::net::{Links, Net};

/// The initial orders: walks from the top and the bottom (dot's), the
/// declaration order and its reverse, then pseudo-random shuffles.
pub(super) const FIXED_STARTS: usize = 6;
pub(super) const SHUFFLED_STARTS: usize = 24;

/// The keys of initial order number `start`.
pub(super) fn initial_keys(net: &Net, start: usize) -> Vec<f64> {
    let declaration = || (0..net.len()).map(|u| u as f64);
    match start {
        0 => breadth_first(net, false),
        1 => depth_first(net, &net.down, false),
        2 => declaration().collect(),
        3 => breadth_first(net, true),
        4 => depth_first(net, &net.up, true),
        5 => declaration().map(|k| -k).collect(),
        _ => {
            // Drawn for the declaration numbering, so the layouts of small
            // designs do not depend on how the units are stored.
            let keys = shuffled(net.len(), (start - FIXED_STARTS + 1) as u64);
            net.original
                .iter()
                .map(|old| keys.get(*old).copied().unwrap_or(0.0))
                .collect()
        }
    }
}

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

/// Keys that place units in the order a depth-first walk along the links `along`
/// meets them, starting from the top layer (or the bottom one) in
/// declaration order: what is connected starts out together (dot's initial
/// order).
fn depth_first(net: &Net, along: &Links, from_bottom: bool) -> Vec<f64> {
    let count = net.len();
    let mut keys = vec![f64::MAX; count];
    let mut next = 0.0;
    // Units are numbered layer by layer: from the top is in number order.
    let mut roots: Vec<usize> = (0..count).collect();
    if from_bottom {
        roots.sort_by_key(|u| std::cmp::Reverse(net.layer.get(*u).copied().unwrap_or(0)));
    }
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
            stack.extend(along.of(unit).iter().rev().copied());
        }
    }
    keys
}

/// Keys in the order a breadth-first walk meets the units, from the
/// sources (units with nothing above) in number order, along the links
/// down and then up; or from the sinks, up and then down (dot's initial
/// orders).
fn breadth_first(net: &Net, from_bottom: bool) -> Vec<f64> {
    let count = net.len();
    let mut keys = vec![f64::MAX; count];
    let mut next = 0.0;
    let (forward, backward) = if from_bottom {
        (&net.up, &net.down)
    } else {
        (&net.down, &net.up)
    };
    let mut queue = std::collections::VecDeque::new();
    for root in 0..count {
        if !backward.of(root).is_empty() || keys.get(root).is_none_or(|k| *k != f64::MAX) {
            continue;
        }
        queue.push_back(root);
        if let Some(slot) = keys.get_mut(root) {
            *slot = f64::MIN;
        }
        while let Some(unit) = queue.pop_front() {
            if let Some(slot) = keys.get_mut(unit) {
                *slot = next;
                next += 1.0;
            }
            for &n in forward.of(unit).iter().chain(backward.of(unit)) {
                if let Some(slot) = keys.get_mut(n)
                    && *slot == f64::MAX
                {
                    *slot = f64::MIN;
                    queue.push_back(n);
                }
            }
        }
    }
    // Units the walks did not reach (fillers) keep their number.
    for (unit, key) in keys.iter_mut().enumerate() {
        if *key == f64::MAX {
            *key = next + unit as f64;
        }
    }
    keys
}
