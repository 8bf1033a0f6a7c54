//! Phase 2, order: the order of units within each layer, with as few
//! crossings as the search finds (the dot paper's section 3, and Sander's
//! compound graphs for groups).
//!
//! Only the layers of components are searched; the label rows between are
//! derived from them at the end (`label_rows.rs`), which adds no crossing. The
//! search starts from several initial orders (`starts.rs`: walks from the
//! top and the bottom as dot does, declaration order and its reverse, then
//! shuffles while the budget lasts) and keeps the best: a few orders where
//! several starts end at the fewest crossings, for the layout to draw and
//! keep the one that crosses least as drawn, then runs shortest. From each,
//! sweeps go
//! down and up the layers, sorting each by the medians of its neighbours'
//! positions (every third sweep, by both sides' medians), each followed by
//! transposition and sifting of neighbours (`swaps.rs`); a start ends after
//! [`PATIENCE`] sweeps without improvement. Crossings are counted with a
//! Fenwick tree (`count.rs`).
//!
//! Groups constrain every sort (`groups.rs`): on every layer a group's
//! units stand together (nested groups inside them), and sibling groups
//! keep one left-to-right order on all layers, so their boxes can be drawn
//! without overlapping. After the search, neighbouring top-level groups
//! trade places where that crosses less (`blocks.rs`), and flows drawn
//! upwards move to the outside of the fan they arrive in (`returns.rs`).
//!
//! Every pass reads one layer and its neighbours at random, so the units are
//! renumbered layer by layer (`net.rs`): a layer's positions and neighbour
//! lists then lie together in memory. At ten thousand components that, not
//! the counting, decides the time.

mod blocks;
mod count;
mod groups;
pub mod hints;
mod label_rows;
mod net;
mod returns;
mod starts;
mod swaps;

use super::graph::Layered;
use crate::parallel;
use count::crossings;
use groups::{Scratch, Sorting, group_values, sort_layer};
use net::{Links, Net};
use starts::{FIXED_STARTS, SHUFFLED_STARTS, initial_keys};
use swaps::{sift, transpose};

const SWEEPS: usize = 24;

/// Every layer's units, in order.
pub type Layers = Vec<Vec<usize>>;

/// The orders of a layered graph that cross least: at least one.
pub struct Orders {
    /// Their crossings, before the design's wishes are applied.
    pub crossings: usize,
    pub first: Layers,
    /// Others as good by the count, found from other starts.
    pub others: Vec<Layers>,
}

/// The orders of every layer that cross least, at least one and at most
/// `at_most`: several starts often end at the same count in different
/// orders, which the caller draws to keep the one that draws best.
/// `adjust` gets the component layers (units by their numbers in
/// `layered`) before the label rows are derived from them, to apply the
/// design's own wishes.
pub fn orders(layered: &Layered, adjust: impl Fn(&mut [Vec<usize>]), at_most: usize) -> Orders {
    let net = Net::new(layered);
    let empty = unordered(&net);
    // Large drawings run starts side by side, as many as there are cores.
    let batch = if net.len() >= SIDE_BY_SIDE_FROM {
        parallel::threads()
    } else {
        1
    };
    let (found, groups) = search(&net, &empty, batch, at_most.max(1));
    let mut scratch = Scratch::new(net.groups.len());
    let mut candidates: Vec<(usize, Layers)> = Vec::new();
    for layers in found {
        let (count, layers) = finish(&net, layers, &groups, &mut scratch, &adjust);
        if !candidates.iter().any(|(_, other)| *other == layers) {
            candidates.push((count, layers));
        }
    }
    // The steps after the search may have left some crossing more.
    let fewest = candidates.iter().map(|(count, _)| *count).min();
    let mut kept = candidates
        .into_iter()
        .filter(|(count, _)| Some(*count) == fewest)
        .map(|(_, mut layers)| {
            if net.stride > 1 {
                label_rows::order(&net, &mut layers, &mut scratch);
            }
            in_original_numbers(&net, layers)
        });
    let first = kept.next();
    let others = kept.collect();
    Orders {
        crossings: fewest.unwrap_or(0),
        // The search always ends with an order; the units in number order
        // would do if it did not.
        first: first.unwrap_or_else(|| in_original_numbers(&net, empty)),
        others,
    }
}

/// The steps after the search, on one order it found: each top-level group
/// in its best order, groups moved, returns moved outward, the design's
/// wishes applied. Returns the order and its crossings before the wishes.
fn finish(
    net: &Net,
    mut layers: Layers,
    groups: &GroupBests,
    scratch: &mut Scratch,
    adjust: impl Fn(&mut [Vec<usize>]),
) -> (usize, Layers) {
    if let Some(combined) = groups.combine(net, &layers) {
        layers = combined;
    }
    blocks::move_groups(net, &mut layers, scratch);
    let mut position = vec![0.0; net.len()];
    record_positions(&layers, &mut position);
    returns::outward(net, &mut layers, &mut position);
    let count = crossings(net, &layers, &position);
    adjust_in_original_numbers(net, &mut layers, adjust);
    (count, layers)
}

/// Layers of units by their numbers in the net, renumbered as in the
/// layered graph.
fn in_original_numbers(net: &Net, layers: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    layers
        .into_iter()
        .map(|layer| {
            layer
                .into_iter()
                .filter_map(|unit| net.original.get(unit).copied())
                .collect()
        })
        .collect()
}

/// Every layer's units in number order.
fn unordered(net: &Net) -> Vec<Vec<usize>> {
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); net.layer_count];
    for (unit, layer) in net.layer.iter().enumerate() {
        if let Some(list) = layers.get_mut(*layer) {
            list.push(unit);
        }
    }
    layers
}

/// The orders of the starts tried that cross least (at most `at_most`,
/// distinct, in the order the starts were tried), and the best order of
/// each group among them.
///
/// Like dot, the search starts from more than one initial order and keeps
/// the best: sweeps only find a local optimum near where they start. Starts
/// are tried while the sweeps they cost fit the budget: dozens for a few
/// hundred units, one or two for many thousands; a start counts one sweep
/// at least. Where orders without crossings are found, the search stops
/// once it has `at_most` of them. Up to `batch` starts run
/// side by side; a start the one-at-a-time search would not have reached
/// is dropped, so the result does not depend on the batch.
fn search(
    net: &Net,
    empty: &[Vec<usize>],
    batch: usize,
    at_most: usize,
) -> (Vec<Layers>, GroupBests) {
    let units = net.len().max(1) as f64;
    let budget = ((SWEEP_BUDGET / (units * units.sqrt())).min(UNIT_SWEEPS / units) as usize)
        .max(LEAST_SWEEPS);
    let starts: Vec<usize> = (0..FIXED_STARTS + SHUFFLED_STARTS).collect();
    let mut used = 0;
    let mut groups = GroupBests::new(net);
    let mut best = Tied {
        crossings: usize::MAX,
        orders: Vec::new(),
    };
    let finished = |used: usize, best: &Tied| {
        used >= budget || (best.crossings == 0 && best.orders.len() >= at_most)
    };
    let mut next = 0;
    while next < starts.len() && !finished(used, &best) {
        // No more starts at once than the budget left can pay for: a start
        // that finds crossings takes `PATIENCE` sweeps at least.
        let reach = (budget - used).div_ceil(PATIENCE);
        let end = (next + batch.min(reach).max(1)).min(starts.len());
        let chunk = starts.get(next..end).unwrap_or_default();
        next = end;
        let searched = parallel::map(chunk, chunk.len() > 1, |&start| {
            search_from(net, empty, start)
        });
        for (count, layers, sweeps) in searched {
            if finished(used, &best) {
                break;
            }
            // A start that begins without crossings sweeps none.
            used += sweeps.max(1);
            groups.keep_best(net, &layers);
            best.offer(count, layers, at_most);
        }
    }
    (best.orders, groups)
}

/// The orders found so far that cross least.
struct Tied {
    crossings: usize,
    orders: Vec<Layers>,
}

impl Tied {
    fn offer(&mut self, crossings: usize, layers: Layers, at_most: usize) {
        if crossings < self.crossings {
            self.crossings = crossings;
            self.orders = vec![layers];
        } else if crossings == self.crossings
            && self.orders.len() < at_most
            && !self.orders.contains(&layers)
        {
            self.orders.push(layers);
        }
    }
}

/// The order of each top-level group's units from the start where the
/// edges inside the group cross least. Groups joined by few flows (zones of
/// a large design) are nearly independent, and the best start for one is
/// seldom the best for another: combined, they beat any single start.
struct GroupBests {
    /// By group: crossings inside it, and its units on each layer it
    /// stands on (by layer), in order.
    best: Vec<Option<(usize, GroupOrder)>>,
}

/// A group's units on each layer it stands on: (layer, units in order).
type GroupOrder = Vec<(usize, Vec<usize>)>;

impl GroupBests {
    fn new(net: &Net) -> GroupBests {
        let top = (0..net.groups.len())
            .filter(|g| net.parent_of(*g).is_none())
            .count();
        // With one group or none there is nothing to combine.
        let best = if top >= 2 {
            vec![None; net.groups.len()]
        } else {
            Vec::new()
        };
        GroupBests { best }
    }

    fn keep_best(&mut self, net: &Net, layers: &[Vec<usize>]) {
        if self.best.is_empty() {
            return;
        }
        let mut position = vec![0.0; net.len()];
        record_positions(layers, &mut position);
        let counts = count::crossings_by_group(net, layers, &position);
        let improved: Vec<bool> = counts
            .iter()
            .enumerate()
            .map(|(g, count)| {
                net.parent_of(g).is_none()
                    && self
                        .best
                        .get(g)
                        .is_some_and(|b| b.as_ref().is_none_or(|(c, _)| count < c))
            })
            .collect();
        // The improved groups' units on each layer they stand on, in one
        // pass.
        let mut orders: Vec<GroupOrder> = vec![Vec::new(); net.groups.len()];
        for (l, layer) in layers.iter().enumerate() {
            for &unit in layer {
                let Some(g) = net.outermost(unit) else {
                    continue;
                };
                if improved.get(g) != Some(&true) {
                    continue;
                }
                let Some(order) = orders.get_mut(g) else {
                    continue;
                };
                match order.last_mut() {
                    Some((at, units)) if *at == l => units.push(unit),
                    _ => order.push((l, vec![unit])),
                }
            }
        }
        for (g, order) in orders.into_iter().enumerate() {
            if improved.get(g) == Some(&true)
                && let (Some(slot), Some(count)) = (self.best.get_mut(g), counts.get(g))
            {
                *slot = Some((*count, order));
            }
        }
    }

    /// `layers` with each top-level group's block in its best order, if
    /// that crosses less.
    fn combine(&self, net: &Net, layers: &[Vec<usize>]) -> Option<Vec<Vec<usize>>> {
        if self.best.is_empty() {
            return None;
        }
        let combined: Vec<Vec<usize>> = layers
            .iter()
            .enumerate()
            .map(|(l, layer)| {
                let mut out = Vec::with_capacity(layer.len());
                let mut done: Option<usize> = None;
                for &unit in layer {
                    let group = net.outermost(unit);
                    let saved = group
                        .and_then(|g| self.best.get(g))
                        .and_then(|b| b.as_ref())
                        .and_then(|(_, orders)| {
                            let at = orders.binary_search_by_key(&l, |(layer, _)| *layer).ok()?;
                            orders.get(at).map(|(_, units)| units)
                        });
                    // A group's units stand together on every layer, and are
                    // the same units whatever their order.
                    match (group, saved) {
                        (Some(g), Some(order)) => {
                            if done != Some(g) {
                                out.extend_from_slice(order);
                                done = Some(g);
                            }
                        }
                        _ => out.push(unit),
                    }
                }
                out
            })
            .collect();
        let count = |layers: &[Vec<usize>]| {
            let mut position = vec![0.0; net.len()];
            record_positions(layers, &mut position);
            crossings(net, layers, &position)
        };
        (count(&combined) < count(layers)).then_some(combined)
    }
}

/// Sweeps over all starts, times the units to the power 1.5: every start
/// up to a few hundred units, a few starts at a thousand, part of one from
/// five thousand on (a sweep costs time in proportion to the units, and
/// the search helps less as drawings grow).
const SWEEP_BUDGET: f64 = 15_000_000.0;
/// Drawings of at most this many units are sifted after every sweep;
/// larger ones rely on transposition (sifting costs as much again).
const SIFT_UP_TO: usize = 4_000;
/// Sweeps times units at most: a few dozen milliseconds for any drawing.
const UNIT_SWEEPS: f64 = 150_000.0;
/// Drawings of this many units search from several starts at once.
const SIDE_BY_SIDE_FROM: usize = 1_000;
/// Sweeps every ordering gets, however large.
const LEAST_SWEEPS: usize = 12;

/// Runs `adjust` on the layers with units in `layered`'s numbers, and
/// takes its order back into the net's.
fn adjust_in_original_numbers(
    net: &Net,
    layers: &mut [Vec<usize>],
    adjust: impl Fn(&mut [Vec<usize>]),
) {
    let mut original: Vec<Vec<usize>> = layers
        .iter()
        .map(|layer| {
            layer
                .iter()
                .filter_map(|u| net.original.get(*u).copied())
                .collect()
        })
        .collect();
    adjust(&mut original);
    for (layer, renumbered) in layers.iter_mut().zip(in_net_numbers(net, &original)) {
        if renumbered.len() == layer.len() {
            *layer = renumbered;
        }
    }
}

/// Layers of units by their numbers in the layered graph, renumbered as
/// in `net`.
fn in_net_numbers(net: &Net, layers: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut ours = vec![usize::MAX; net.len()];
    for (unit, original) in net.original.iter().enumerate() {
        if let Some(slot) = ours.get_mut(*original) {
            *slot = unit;
        }
    }
    layers
        .iter()
        .map(|layer| {
            layer
                .iter()
                .filter_map(|u| ours.get(*u).copied().filter(|n| *n != usize::MAX))
                .collect()
        })
        .collect()
}

/// Sweeps without improvement after which the search restarts from the best
/// order found (dot's `MinQuit`).
const PATIENCE: usize = 8;

/// The best order the sweeps find from one initial order: its crossings,
/// its layers and the sweeps it took.
fn search_from(net: &Net, empty: &[Vec<usize>], start: usize) -> (usize, Vec<Vec<usize>>, usize) {
    let mut scratch = Scratch::new(net.groups.len());
    let keys = initial_keys(net, start);
    let mut layers = empty.to_vec();
    let mut position = vec![0.0; net.len()];
    record_positions(&layers, &mut position);
    let values = group_values(net, &layers);
    for layer in 0..layers.len() {
        let sorting = Sorting {
            keys: &keys,
            position: &position,
            group_values: &values,
            reverse: false,
        };
        sort_layer(net, &mut layers, layer, &sorting, &mut scratch);
    }
    sweep(net, layers, &mut scratch)
}

/// Median sweeps, alternately down and up, each followed by
/// transposition and sifting; returns the order with the fewest crossings,
/// its count, and how many sweeps it took.
fn sweep(
    net: &Net,
    mut layers: Vec<Vec<usize>>,
    scratch: &mut Scratch,
) -> (usize, Vec<Vec<usize>>, usize) {
    let mut position = vec![0.0; net.len()];
    record_positions(&layers, &mut position);
    let mut best = layers.clone();
    let mut best_crossings = crossings(net, &layers, &position);
    let mut keys = Keys {
        own: position.clone(),
        other: position.clone(),
    };
    let mut stale = 0;
    let mut done = 0;
    for sweep in 0..SWEEPS {
        if best_crossings == 0 || stale >= PATIENCE {
            break;
        }
        done += 1;
        // As dot does, every other pair of sweeps lets equal keys trade
        // places in the sort, and the others let transposition swap pairs
        // whose crossings are equal: both walk plateaus a strict rule
        // never leaves.
        let reverse = sweep % 4 < 2;
        sort_layers(net, &mut layers, &mut position, &mut keys, sweep, scratch);
        transpose(net, &mut layers, &mut position, !reverse);
        if net.len() <= SIFT_UP_TO {
            sift(net, &mut layers, &mut position);
        }
        let count = crossings(net, &layers, &position);
        if count <= best_crossings {
            stale = if count < best_crossings { 0 } else { stale + 1 };
            best_crossings = count;
            best = layers.clone();
        } else {
            stale += 1;
        }
    }
    (best_crossings, best, done)
}

/// Keys of the units being sorted, and room for the keys from the other
/// side.
struct Keys {
    own: Vec<f64>,
    other: Vec<f64>,
}

/// One sweep: each component layer sorted by the medians of its
/// neighbours on the layer before it in the sweep's direction (down on
/// even sweeps, up on odd ones) or, every third sweep, by the mean of the
/// medians on both sides.
fn sort_layers(
    net: &Net,
    layers: &mut [Vec<usize>],
    position: &mut [f64],
    keys: &mut Keys,
    sweep: usize,
    scratch: &mut Scratch,
) {
    let downwards = sweep % 2 == 0;
    let both = sweep % 3 == 0;
    let main: Vec<usize> = (0..layers.len()).step_by(net.stride).collect();
    let sequence: Vec<usize> = if downwards {
        main.iter().skip(1).copied().collect()
    } else {
        main.iter().rev().skip(1).copied().collect()
    };
    let (before, after) = if downwards {
        (&net.up, &net.down)
    } else {
        (&net.down, &net.up)
    };
    // Groups keep the overall order they had when the sweep began.
    let values = group_values(net, layers);
    for layer in sequence {
        medians(layers, layer, before, position, &mut keys.own);
        if both {
            medians(layers, layer, after, position, &mut keys.other);
            for unit in layers.get(layer).map(Vec::as_slice).unwrap_or_default() {
                if let (Some(k), Some(o)) = (keys.own.get_mut(*unit), keys.other.get(*unit)) {
                    *k = (*k + o) / 2.0;
                }
            }
        }
        let sorting = Sorting {
            keys: &keys.own,
            position,
            group_values: &values,
            reverse: sweep % 4 < 2,
        };
        sort_layer(net, layers, layer, &sorting, scratch);
        if let Some(sorted) = layers.get(layer) {
            record_layer(sorted, position);
        }
    }
}

pub(super) fn record_positions(layers: &[Vec<usize>], position: &mut [f64]) {
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

/// Sets the key of each unit of `layer`: the median position of its
/// neighbours on the reference side (dot's weighted median), or, when it
/// has none, a key that keeps it between the units beside it.
fn medians(
    layers: &[Vec<usize>],
    layer: usize,
    reference: &Links,
    position: &[f64],
    keys: &mut [f64],
) {
    let units = layers.get(layer).map(Vec::as_slice).unwrap_or_default();
    for unit in units {
        let linked = reference.of(*unit);
        let key = if linked.is_empty() {
            f64::NAN
        } else {
            median(
                linked
                    .iter()
                    .map(|n| position.get(*n).copied().unwrap_or(0.0)),
            )
        };
        if let Some(slot) = keys.get_mut(*unit) {
            *slot = key;
        }
    }
    fill_gaps(units, position, keys);
}

/// Keys for the units that have none (NaN): each stays between the units it
/// stands between (dot keeps such units in place).
pub(super) fn fill_gaps(units: &[usize], position: &[f64], keys: &mut [f64]) {
    let key_of = |u: &usize, keys: &[f64]| keys.get(*u).copied().unwrap_or(f64::NAN);
    let mut next_keys = vec![f64::NAN; units.len()];
    let mut next = f64::NAN;
    for (i, unit) in units.iter().enumerate().rev() {
        if let Some(slot) = next_keys.get_mut(i) {
            *slot = next;
        }
        let key = key_of(unit, keys);
        if !key.is_nan() {
            next = key;
        }
    }
    let mut previous = f64::NAN;
    for (unit, next) in units.iter().zip(next_keys) {
        let key = key_of(unit, keys);
        if !key.is_nan() {
            previous = key;
            continue;
        }
        let value = match (previous.is_nan(), next.is_nan()) {
            (false, false) => (previous + next) / 2.0,
            (false, true) => previous,
            (true, false) => next,
            (true, true) => position.get(*unit).copied().unwrap_or(0.0),
        };
        if let Some(slot) = keys.get_mut(*unit) {
            *slot = value;
        }
        previous = value;
    }
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => values[n / 2],
        2 => (values[0] + values[1]) / 2.0,
        _ => {
            // dot's weighted median: lean towards the side packed tighter.
            let (left, right) = (values[n / 2 - 1], values[n / 2]);
            let span_left = left - values[0];
            let span_right = values[n - 1] - right;
            if span_left + span_right > 0.0 {
                (left * span_right + right * span_left) / (span_left + span_right)
            } else {
                (left + right) / 2.0
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::graph;

    /// Regions of zones of services calling across them: nested groups and
    /// enough crossings that many starts are tried.
    fn nested_design() -> String {
        let mut text = String::new();
        for region in 0..2 {
            text.push_str(&format!("group r{region} {{\n"));
            for zone in 0..2 {
                text.push_str(&format!("  group z{region}{zone} {{\n"));
                for service in 0..5 {
                    text.push_str(&format!("    service s{region}{zone}{service}\n"));
                }
                text.push_str("  }\n");
            }
            text.push_str("}\n");
        }
        for (from, to) in [
            (0, 7),
            (3, 12),
            (5, 18),
            (9, 2),
            (14, 1),
            (17, 6),
            (11, 19),
            (4, 15),
        ] {
            let name = |n: usize| format!("s{}{}{}", n / 10, n / 5 % 2, n % 5);
            text.push_str(&format!("{} -> {}\n", name(from), name(to)));
        }
        text
    }

    #[test]
    fn the_search_finds_the_same_order_however_many_starts_run_at_once() {
        // With crossings, and without: then it stops at three orders.
        let fan = "service a\nservice b\nservice c\nservice d\na -> b\na -> c\na -> d\n";
        for design in [nested_design(), fan.to_string()] {
            same_orders_in_any_batch(&design);
        }
    }

    fn same_orders_in_any_batch(design: &str) {
        let layered = graph::of_text(design);
        let net = Net::new(&layered);
        let empty = unordered(&net);
        let one_at_a_time = search(&net, &empty, 1, 3);
        let best = one_at_a_time.0.first().cloned().expect("an order");
        let combined = one_at_a_time.1.combine(&net, &best);
        for batch in 2..=5 {
            let (orders, groups) = search(&net, &empty, batch, 3);
            assert_eq!(orders, one_at_a_time.0, "batch {batch}");
            assert_eq!(groups.combine(&net, &best), combined, "batch {batch}");
        }
    }
}
