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

/// The layers a return spans after moving it (`first` the index of the
/// first), and every unit's position.
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
        let Some((bend, here, (low, high))) = bend_inside_fan(net, position, chain) else {
            continue;
        };
        let Some(span) = spanned(net, chain).and_then(|(first, last)| layers.get(first..=last))
        else {
            continue;
        };
        let before = crossings(net, span, position);
        let tried = [low, high]
            .into_iter()
            .filter_map(|to| trial(net, layers, position, chain, (bend, here, to)))
            .filter(|t| t.crossings <= before);
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

/// The first and last layer of `chain`.
fn spanned(net: &Net, chain: &[usize]) -> Option<(usize, usize)> {
    Some((
        *net.layer.get(*chain.first()?)?,
        *net.layer.get(*chain.last()?)?,
    ))
}

/// The return's first bend, its index on its layer and the first and last
/// index of its target's fan there, if the bend stands inside the fan.
fn bend_inside_fan(
    net: &Net,
    position: &[f64],
    chain: &[usize],
) -> Option<(usize, usize, (usize, usize))> {
    let (&target, &source) = (chain.first()?, chain.last()?);
    let &bend = chain.get(1).filter(|b| **b != source)?;
    let at = |unit: usize| position.get(unit).map_or(0, |p| *p as usize);
    let bend_layer = net.layer.get(bend)?;
    let fan = net
        .down
        .of(target)
        .iter()
        .filter(|u| net.layer.get(**u) == Some(bend_layer));
    let (low, high) = fan.fold((usize::MAX, 0), |(l, h), u| (l.min(at(*u)), h.max(at(*u))));
    let here = at(bend);
    (low < here && here < high).then_some((bend, here, (low, high)))
}

/// The layers `chain` spans with its first bend moved from index `here` to
/// `to` on its layer and the later bends sifted after it, unless the move
/// would pass a unit of another group.
fn trial(
    net: &Net,
    layers: &[Vec<usize>],
    position: &[f64],
    chain: &[usize],
    (bend, here, to): (usize, usize, usize),
) -> Option<Trial> {
    let (first, last) = spanned(net, chain)?;
    let mut trial = Trial {
        first,
        layers: layers.get(first..=last)?.to_vec(),
        position: position.to_vec(),
        crossings: 0,
        passed: here.abs_diff(to),
    };
    let row = trial
        .layers
        .get_mut(net.layer.get(bend)?.checked_sub(first)?)?;
    let group = net.group_of(bend);
    let passed = row.get(here.min(to)..=here.max(to))?;
    if passed.iter().any(|u| net.group_of(*u) != group) {
        return None;
    }
    move_unit(row, here, to, &mut trial.position);
    for &later in chain.iter().skip(2).take(chain.len().saturating_sub(3)) {
        let row = trial
            .layers
            .get_mut(net.layer.get(later)?.checked_sub(first)?)?;
        sift_unit(net, row, later, &mut trial.position);
    }
    trial.crossings = crossings(net, &trial.layers, &trial.position);
    Some(trial)
}
