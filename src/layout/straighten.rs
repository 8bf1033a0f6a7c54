//! Phase 4b, detours taken out: a long flow that the order put far to one
//! side of both its ends (around a group of components, so as to cross
//! nothing) is moved, layer by layer, to the gaps nearest the column
//! between its ends, where that adds few crossings for the length it saves.
//! Placement then runs again on the new order.
//!
//! The search that orders the layers counts crossings only, so it may send
//! a flow around the whole drawing to save one crossing; a reader follows a
//! short line with one crossing more easily than a line around the picture
//! (issue 16's reviews named such detours first after combs). Each move
//! keeps every group's units together on the layer: a unit goes only next
//! to a unit of its own innermost group.

use super::graph::Layered;
use super::place::Placement;
use super::ports::Ports;

/// A flow is moved when its runs along the layers exceed the distance
/// between its ends by more than this.
const LEAST_DETOUR: f64 = 150.0;
/// Length a move must save for each crossing it adds. At 200, with labels
/// standing on their lines, ride-sharing's WebSocket push went around
/// the left of the drawing again to spare one crossing (saving 190 px);
/// at 150 the examples cross 3 times more and real graphs 1% more, still
/// well under dot.
const LENGTH_PER_CROSSING: f64 = 150.0;
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
    let lines = placement.lines(layered, ports);
    let line = |c: usize| lines.get(c).cloned().unwrap_or_default();
    let mut detours: Vec<(f64, usize)> = (0..layered.chains.len())
        .filter_map(|c| {
            let xs = line(c);
            let travel: f64 = xs.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
            let direct = (xs.last()? - xs.first()?).abs();
            (xs.len() > 2 && travel - direct > LEAST_DETOUR).then_some((travel - direct, c))
        })
        .collect();
    detours.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let links = links_by_layer(layered);
    let mut moved = false;
    for (detour, c) in detours {
        let (Some(chain), xs) = (layered.chains.get(c), line(c)) else {
            continue;
        };
        let (Some(&first), Some(&last)) = (xs.first(), xs.last()) else {
            continue;
        };
        let column = column(&xs, first, last);
        let mut trial = Layers::new(layered, layers);
        let before = trial.chain_crossings(layered, &links, &chain.units);
        // Placement straightens the moved flow, pushing units aside; what
        // it may keep is about a jog to the farthest of its gaps and back.
        let mut jog: f64 = 0.0;
        let interior = chain.units.len().saturating_sub(2);
        for &unit in chain.units.iter().skip(1).take(interior) {
            if let Some(at) = trial.nearest_gap(layered, placement, unit, column) {
                jog = jog.max((at - column).abs());
            }
        }
        let saved = detour - 2.0 * jog;
        let added = trial
            .chain_crossings(layered, &links, &chain.units)
            .saturating_sub(before);
        if saved > LEAST_DETOUR && added as f64 * LENGTH_PER_CROSSING < saved {
            trial.commit(layers);
            moved = true;
        }
    }
    moved
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

/// Where a detouring flow should run: its interior's median position,
/// brought between its ends.
fn column(xs: &[f64], first: f64, last: f64) -> f64 {
    let mut interior: Vec<f64> = xs
        .iter()
        .skip(1)
        .take(xs.len().saturating_sub(2))
        .copied()
        .collect();
    interior.sort_by(f64::total_cmp);
    let median = interior.get(interior.len() / 2).copied().unwrap_or(first);
    median.clamp(first.min(last), first.max(last))
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

    /// Moves `unit` to the gap of its layer nearest `column` among those
    /// next to a unit of its own innermost group; returns where that gap is.
    fn nearest_gap(
        &mut self,
        layered: &Layered,
        placement: &Placement,
        unit: usize,
        column: f64,
    ) -> Option<f64> {
        let info = layered.units.get(unit)?;
        let layer = self.layers.get_mut(info.layer)?;
        let from = layer.iter().position(|u| *u == unit)?;
        layer.remove(from);
        let x = |u: &usize| placement.unit_a.get(*u).copied().unwrap_or(0.0);
        let same_group = |u: Option<&usize>| {
            u.and_then(|u| layered.units.get(*u))
                .is_some_and(|other| other.group == info.group)
        };
        let alone = layer
            .iter()
            .all(|u| layered.units.get(*u).is_none_or(|o| o.group != info.group));
        let mut best: Option<(f64, usize, f64)> = None;
        for gap in 0..=layer.len() {
            let (left, right) = (
                gap.checked_sub(1).and_then(|g| layer.get(g)),
                layer.get(gap),
            );
            let allowed = if alone {
                gap == from
            } else {
                same_group(left) || same_group(right)
            };
            if !allowed {
                continue;
            }
            let at = match (left, right) {
                (Some(l), Some(r)) => (x(l) + x(r)) / 2.0,
                (Some(l), None) => x(l) + info.breadth,
                (None, Some(r)) => x(r) - info.breadth,
                (None, None) => column,
            };
            if best.is_none_or(|(distance, _, _)| (at - column).abs() < distance) {
                best = Some(((at - column).abs(), gap, at));
            }
        }
        let (_, gap, at) = best?;
        layer.insert(gap, unit);
        for (i, u) in layer.iter().enumerate() {
            if let Some(slot) = self.index.get_mut(*u) {
                *slot = i;
            }
        }
        Some(at)
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
