//! Returns at the outside. A flow drawn upwards (a callback, a delivery
//! back to the caller, a reply) that reaches its target in the middle of
//! the flows the target sends down reads as one more of them: the arrowhead
//! sits among the departures and the dashed line climbs between them. Where
//! it crosses no more, the flow is moved to the outside of the fan it
//! arrives in, as dot's drawings tend to have it: departures together, the
//! return beside them.

use super::count::crossings;
use super::net::Net;
use super::swaps::{move_unit, sift_unit};

/// Drawings of more units keep the order the search found: each return
/// tried costs a count of the crossings on the layers it spans.
const RETURNS_UP_TO: usize = 2_000;

#[derive(Clone, Copy)]
enum Side {
    Left,
    Right,
}

/// Layers `first..` after moving a return: their units and positions.
struct Trial {
    first: usize,
    layers: Vec<Vec<usize>>,
    position: Vec<f64>,
    crossings: usize,
    /// Units the return passed on the layer below its target.
    passed: usize,
}

/// Moves each flow drawn upwards to the outside of the fan of flows its
/// target sends to the layer below, where that adds no crossing.
pub(super) fn outward(net: &Net, layers: &mut [Vec<usize>], position: &mut [f64]) {
    if net.len() > RETURNS_UP_TO {
        return;
    }
    for chain in &net.returns {
        let tried = [Side::Left, Side::Right]
            .into_iter()
            .filter_map(|side| trial(net, layers, position, chain, side));
        let Some(best) = tried.min_by_key(|t| (t.crossings, t.passed)) else {
            continue;
        };
        for (offset, layer) in best.layers.into_iter().enumerate() {
            if let Some(slot) = layers.get_mut(best.first + offset) {
                *slot = layer;
            }
        }
        position.copy_from_slice(&best.position);
    }
}

/// The layers `chain` spans with its first bend moved to `side` of its
/// target's fan and the later bends sifted after it, if the bend was
/// inside the fan and the move crosses no more than before.
fn trial(
    net: &Net,
    layers: &[Vec<usize>],
    position: &[f64],
    chain: &[usize],
    side: Side,
) -> Option<Trial> {
    let (&target, &source) = (chain.first()?, chain.last()?);
    let &bend = chain.get(1).filter(|b| **b != source)?;
    let at = |unit: usize| position.get(unit).map_or(0, |p| *p as usize);
    let bend_layer = *net.layer.get(bend)?;
    let fan = net
        .down
        .of(target)
        .iter()
        .filter(|u| net.layer.get(**u) == Some(&bend_layer));
    let (low, high) = fan.fold((usize::MAX, 0), |(l, h), u| (l.min(at(*u)), h.max(at(*u))));
    let here = at(bend);
    if here <= low || here >= high {
        return None;
    }
    let to = match side {
        Side::Left => low,
        Side::Right => high,
    };
    let first = *net.layer.get(target)?;
    let last = *net.layer.get(source)?;
    let span = layers.get(first..=last)?;
    let before = crossings(net, span, position);
    let mut trial = Trial {
        first,
        layers: span.to_vec(),
        position: position.to_vec(),
        crossings: 0,
        passed: here.abs_diff(to),
    };
    let row = trial.layers.get_mut(bend_layer - first)?;
    let group = net.group_of(bend);
    let (from_index, to_index) = (here.min(to), here.max(to));
    if row
        .get(from_index..=to_index)?
        .iter()
        .any(|u| net.group_of(*u) != group)
    {
        return None;
    }
    move_unit(row, here, to, &mut trial.position);
    for &later in chain.iter().skip(2).take(chain.len().saturating_sub(3)) {
        let layer = *net.layer.get(later)?;
        let row = trial.layers.get_mut(layer - first)?;
        sift_unit(net, row, later, &mut trial.position);
    }
    trial.crossings = crossings(net, &trial.layers, &trial.position);
    (trial.crossings <= before).then_some(trial)
}
