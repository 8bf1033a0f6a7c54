//! Top-level groups trading places. The sweeps move a group only as the
//! mean of its units' neighbours moves, and a few flows between zones of a
//! large design hardly move it: two zones can end up in each other's place,
//! with the flows between their neighbours drawn across one of them. After
//! the search, neighbouring groups are swapped where that, once sweeps have
//! settled their units again, crosses less.
//!
//! The groups' order is also what the label rows follow (`drawn_order`).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::count::crossings;
use super::groups::{Scratch, group_values};
use super::net::Net;
use super::{record_positions, sweep};

/// Swaps tried at most, per top-level group.
const TRIES_PER_GROUP: usize = 3;

/// Swaps tried times units, at most: each swap costs a search's sweeps,
/// so a drawing of many small groups tries only some of them.
const SWAP_WORK: usize = 200_000;

/// Drawings of more units keep the groups' order the search found: there
/// a search affords a start or two, and a swap would cost as much.
const SWAP_UP_TO: usize = 4_000;

/// Swaps neighbouring top-level groups while that removes crossings, each
/// swap followed by sweeps that settle the two groups' units again.
pub(super) fn swap_groups(net: &Net, layers: &mut Vec<Vec<usize>>, scratch: &mut Scratch) {
    let top = (0..net.groups.len())
        .filter(|g| net.parent_of(*g).is_none())
        .count();
    let mut tries = (TRIES_PER_GROUP * top).min(SWAP_WORK / net.len().max(1));
    if top < 2 || tries == 0 || net.len() > SWAP_UP_TO {
        return;
    }
    let mut position = vec![0.0; net.len()];
    record_positions(layers, &mut position);
    let mut best = crossings(net, layers, &position);
    'search: while best > 0 {
        let order = top_level_order(net, layers);
        for pair in order.windows(2) {
            let [left, right] = pair else { continue };
            if tries == 0 {
                break 'search;
            }
            tries -= 1;
            // Label rows are ordered after the search, from these.
            let swapped: Vec<Vec<usize>> = layers
                .iter()
                .enumerate()
                .map(|(l, layer)| match l % net.stride {
                    0 => swapped(net, layer, *left, *right),
                    _ => layer.clone(),
                })
                .collect();
            // Each group's order was found for where the other stood:
            // sweeps settle both again before the count.
            let (count, swapped, _) = sweep(net, swapped, scratch);
            if count < best {
                best = count;
                *layers = swapped;
                continue 'search;
            }
        }
        break;
    }
}

/// The top-level groups from left to right.
fn top_level_order(net: &Net, layers: &[Vec<usize>]) -> Vec<usize> {
    let values = drawn_order(net, layers);
    let mut top: Vec<usize> = (0..net.groups.len())
        .filter(|g| net.parent_of(*g).is_none())
        .collect();
    top.sort_by(|a, b| {
        let value = |g: &usize| values.get(*g).copied().unwrap_or(0.0);
        value(a).total_cmp(&value(b)).then(a.cmp(b))
    });
    top
}

/// One layer with the blocks of `left` and `right` in each other's place
/// (what stands between them stays between); unchanged unless both are on
/// it, `left` first.
fn swapped(net: &Net, layer: &[usize], left: usize, right: usize) -> Vec<usize> {
    let span = |group: usize| {
        let first = layer
            .iter()
            .position(|u| net.outermost(*u) == Some(group))?;
        let last = layer
            .iter()
            .rposition(|u| net.outermost(*u) == Some(group))?;
        Some((first, last + 1))
    };
    let (Some((a0, a1)), Some((b0, b1))) = (span(left), span(right)) else {
        return layer.to_vec();
    };
    if a1 > b0 {
        return layer.to_vec();
    }
    let part = |from: usize, to: usize| layer.get(from..to).unwrap_or_default();
    [
        part(0, a0),
        part(b0, b1),
        part(a1, b0),
        part(a0, a1),
        part(b1, layer.len()),
    ]
    .concat()
}

/// The layers of components, without the label rows between them.
pub(super) fn component_layers(net: &Net, layers: &[Vec<usize>]) -> Vec<Vec<usize>> {
    layers.iter().step_by(net.stride.max(1)).cloned().collect()
}

/// A value for each group that sorts siblings as the component layers
/// stand: a group before another on any layer comes first (sibling groups
/// keep one order on every layer, so this never contradicts itself).
/// The mean positions of [`group_values`] can disagree with the layers
/// when two groups share few layers; the label rows, ordered after the
/// search, must follow the layers exactly. Groups the layers do not order
/// keep the order of their mean positions.
pub(super) fn drawn_order(net: &Net, layers: &[Vec<usize>]) -> Vec<f64> {
    let components = component_layers(net, layers);
    let mean = group_values(net, &components);
    let count = net.groups.len();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut before_count = vec![0usize; count];
    for layer in &components {
        // The last group seen under each parent (None: the top level).
        let mut last: HashMap<Option<usize>, usize> = HashMap::new();
        for unit in layer {
            let chain: Vec<usize> = net.enclosing(net.group_of(*unit)).collect();
            for group in chain.iter().rev() {
                let parent = net.parent_of(*group);
                match last.insert(parent, *group) {
                    Some(previous) if previous != *group => {
                        if let (Some(list), Some(slot)) =
                            (after.get_mut(previous), before_count.get_mut(*group))
                        {
                            list.push(*group);
                            *slot += 1;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let key = |g: usize| (mean.get(g).copied().unwrap_or(0.0) * 1e9) as i64;
    let mut ready: BinaryHeap<Reverse<(i64, usize)>> = (0..count)
        .filter(|g| before_count.get(*g) == Some(&0))
        .map(|g| Reverse((key(g), g)))
        .collect();
    // Groups left unranked (only if the layers contradicted themselves)
    // come after the others.
    let mut value: Vec<f64> = mean.iter().map(|m| count as f64 + m).collect();
    let mut rank = 0.0;
    while let Some(Reverse((_, g))) = ready.pop() {
        if let Some(slot) = value.get_mut(g) {
            *slot = rank;
        }
        rank += 1.0;
        for next in after.get(g).map(Vec::as_slice).unwrap_or_default() {
            if let Some(slot) = before_count.get_mut(*next) {
                *slot -= 1;
                if *slot == 0 {
                    ready.push(Reverse((key(*next), *next)));
                }
            }
        }
    }
    value
}
