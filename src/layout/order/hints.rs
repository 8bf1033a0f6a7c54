//! The order the design asks for, applied to the order the search found:
//! an `align` set's members stand in the listed order, and a pin within the
//! rank (`left` or `right` drawing down, `top` or `bottom` drawing right)
//! puts its component first or last. Each moves units only among those of
//! the same group, so groups stay together.

use crate::layout::Direction;
use crate::layout::graph::{Layered, UnitKind};
use crate::model::Design;
use crate::model::hints::Pin;

pub fn honour(design: &Design, layered: &Layered, direction: Direction, layers: &mut [Vec<usize>]) {
    let unit_of = |id: &str| {
        let node = design.node(id)?;
        layered
            .units
            .iter()
            .position(|u| matches!(u.kind, UnitKind::Node(n) if n == node))
    };
    let group_of = |unit: usize| layered.units.get(unit).and_then(|u| u.group);
    for align in &design.aligns {
        let members: Vec<usize> = align.ids.iter().filter_map(|id| unit_of(id)).collect();
        for layer in layers.iter_mut() {
            in_listed_order(layer, &members, group_of);
        }
    }
    for node in design.graph.node_indices() {
        let Some(first) = Pin::of(design, node).and_then(|pin| order_end(pin, direction)) else {
            continue;
        };
        let Some(unit) = layered
            .units
            .iter()
            .position(|u| matches!(u.kind, UnitKind::Node(n) if n == node))
        else {
            continue;
        };
        for layer in layers.iter_mut() {
            to_end(layer, unit, first, group_of);
        }
    }
}

/// Which end of its rank a pin asks for: the first place for `left`
/// (`top` when drawing right), the last for `right` (`bottom`).
fn order_end(pin: Pin, direction: Direction) -> Option<bool> {
    match (direction, pin) {
        (Direction::Down, Pin::Left) | (Direction::Right, Pin::Top) => Some(true),
        (Direction::Down, Pin::Right) | (Direction::Right, Pin::Bottom) => Some(false),
        _ => None,
    }
}

/// Puts `members` found in `layer` in their listed order, each group's
/// members into the places that group's members hold.
fn in_listed_order(
    layer: &mut [usize],
    members: &[usize],
    group_of: impl Fn(usize) -> Option<usize>,
) {
    let mut groups: Vec<Option<usize>> = members.iter().map(|m| group_of(*m)).collect();
    groups.dedup();
    for group in groups {
        let listed: Vec<usize> = members
            .iter()
            .copied()
            .filter(|m| group_of(*m) == group && layer.contains(m))
            .collect();
        let places: Vec<usize> = layer
            .iter()
            .enumerate()
            .filter(|(_, unit)| listed.contains(unit))
            .map(|(place, _)| place)
            .collect();
        for (place, unit) in places.into_iter().zip(listed) {
            if let Some(slot) = layer.get_mut(place) {
                *slot = unit;
            }
        }
    }
}

/// Moves `unit`, if it is in `layer`, first (or last) among the units of
/// its group (of the whole layer outside any group).
fn to_end(
    layer: &mut Vec<usize>,
    unit: usize,
    first: bool,
    group_of: impl Fn(usize) -> Option<usize>,
) {
    let Some(at) = layer.iter().position(|u| *u == unit) else {
        return;
    };
    let group = group_of(unit);
    let block: Vec<usize> = layer
        .iter()
        .enumerate()
        .filter(|(_, u)| group.is_none() || group_of(**u) == group)
        .map(|(place, _)| place)
        .collect();
    let target = if first { block.first() } else { block.last() };
    let Some(&target) = target else {
        return;
    };
    let moved = layer.remove(at);
    layer.insert(target.min(layer.len()), moved);
}
