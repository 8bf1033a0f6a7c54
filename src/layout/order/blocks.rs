//! Top-level groups trading places. The sweeps move a group only as the
//! mean of its units' neighbours moves, and a few flows between zones of a
//! large design hardly move it: two zones can end up in each other's place,
//! with the flows between their neighbours drawn across one of them. After
//! the search, groups move to other places in the order where that, once
//! sweeps have settled their units again, crosses less.
//!
//! The groups' order is also what the label rows follow (`drawn_order`).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::count::crossings;
use super::groups::{Scratch, group_values};
use super::net::Net;
use super::{record_positions, sweep};

/// Moves tried at most, per top-level group and place it can move to.
const TRIES_PER_MOVE: usize = 2;

/// Moves tried times units, at most: each move costs a search's sweeps,
/// so a drawing of many small groups tries only some of them.
const MOVE_WORK: usize = 200_000;

/// Drawings of more units keep the groups' order the search found: there
/// a search affords a start or two, and a move would cost as much.
const MOVE_UP_TO: usize = 4_000;

/// Moves top-level groups to other places in their left-to-right order
/// while that removes crossings, each move followed by sweeps that settle
/// the groups' units again. A group may have to pass several others to
/// reach its place, each step alone crossing more: the market data of a
/// brokerage, declared after its trading groups, stood right of them all
/// with its flows from the gateway drawn across them, where swaps of
/// neighbours never took it.
pub(super) fn move_groups(net: &Net, layers: &mut Vec<Vec<usize>>, scratch: &mut Scratch) {
    let top = (0..net.groups.len())
        .filter(|g| net.parent_of(*g).is_none())
        .count();
    let moves = top * top.saturating_sub(1);
    let mut tries = (TRIES_PER_MOVE * moves).min(MOVE_WORK / net.len().max(1));
    if top < 2 || tries == 0 || net.len() > MOVE_UP_TO {
        return;
    }
    let mut position = vec![0.0; net.len()];
    record_positions(layers, &mut position);
    let mut best = crossings(net, layers, &position);
    'search: while best > 0 {
        let order = top_level_order(net, layers);
        let places = order.len();
        for (from, to) in (0..places).flat_map(|f| (0..=places).map(move |t| (f, t))) {
            if from == to || from + 1 == to {
                // Moving a group to where it stands, or just after
                // itself, changes nothing.
                continue;
            }
            if tries == 0 {
                break 'search;
            }
            tries -= 1;
            let wanted = moved(&order, from, to);
            let mut rank = vec![usize::MAX; net.groups.len()];
            for (place, group) in wanted.iter().enumerate() {
                if let Some(slot) = rank.get_mut(*group) {
                    *slot = place;
                }
            }
            // Label rows are ordered after the search, from these.
            let rearranged: Vec<Vec<usize>> = layers
                .iter()
                .enumerate()
                .map(|(l, layer)| match l % net.stride {
                    0 => rearranged(net, layer, &rank),
                    _ => layer.clone(),
                })
                .collect();
            // Each group's order was found for where the others stood:
            // sweeps settle them again before the count.
            let (count, rearranged, _) = sweep(net, rearranged, scratch);
            if count < best {
                best = count;
                *layers = rearranged;
                continue 'search;
            }
        }
        break;
    }
}

/// `order` with its item at `from` moved to stand just before the item at
/// `to`, or last for `to == order.len()`.
fn moved(order: &[usize], from: usize, to: usize) -> Vec<usize> {
    let mut wanted = order.to_vec();
    if from < wanted.len() {
        let group = wanted.remove(from);
        let at = if to > from { to - 1 } else { to };
        wanted.insert(at.min(wanted.len()), group);
    }
    wanted
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

/// One layer with its top-level groups' blocks in the places the blocks
/// take, in the order of `rank`; the units in no group keep their places.
fn rearranged(net: &Net, layer: &[usize], rank: &[usize]) -> Vec<usize> {
    let mut blocks: Vec<(usize, Vec<usize>)> = Vec::new();
    // Each place: a unit in no group, or a slot for a block.
    let mut places: Vec<Result<usize, usize>> = Vec::new();
    for &unit in layer {
        match net.outermost(unit) {
            None => places.push(Ok(unit)),
            Some(group) => {
                let last = blocks.len().checked_sub(1);
                let continues = last.is_some_and(|b| places.last() == Some(&Err(b)));
                match blocks.last_mut() {
                    Some((previous, units)) if continues && *previous == group => units.push(unit),
                    _ => {
                        places.push(Err(blocks.len()));
                        blocks.push((group, vec![unit]));
                    }
                }
            }
        }
    }
    // The places keep their slots; the blocks fill them in `rank`'s order.
    blocks.sort_by_key(|(group, _)| rank.get(*group).copied().unwrap_or(usize::MAX));
    places
        .into_iter()
        .flat_map(|place| match place {
            Ok(unit) => vec![unit],
            Err(slot) => blocks
                .get(slot)
                .map(|(_, units)| units.clone())
                .unwrap_or_default(),
        })
        .collect()
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
