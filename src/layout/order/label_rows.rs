//! The label rows between the component layers, ordered once the search
//! is done: each label (or point of a long flow) after the positions of
//! its chain's units above and below, which adds no crossing to those of
//! the component layers, with groups kept together.

use std::collections::HashMap;

use super::blocks;
use super::groups::{Scratch, Sorting, sort_layer};
use super::net::Net;
use super::{fill_gaps, record_positions};

pub(super) fn order(net: &Net, layers: &mut [Vec<usize>], scratch: &mut Scratch) {
    let mut position = vec![0.0; net.len()];
    record_positions(layers, &mut position);
    let extents = Extents::new(net, layers);
    let mut keys = vec![f64::NAN; net.len()];
    let widest = layers.iter().map(Vec::len).max().unwrap_or(0) as f64 + 1.0;
    let at = |u: usize| position.get(u).copied().unwrap_or(0.0);
    for &(unit, above, below) in &net.between {
        // By the upper end and then the lower: labels leaving one unit keep
        // their targets' order, and the rows above add no crossing. Labels
        // that leave a group stand past it, still in that order.
        let lead =
            leaving(net, &extents, &position, (unit, above, below)).unwrap_or_else(|| at(above));
        if let Some(slot) = keys.get_mut(unit) {
            *slot = (lead * widest + at(above)) * widest + at(below);
        }
    }
    // The groups' order as the component layers have it: the label rows
    // are not ordered yet.
    let values = blocks::drawn_order(net, layers);
    for layer in (0..layers.len()).filter(|l| l % net.stride != 0) {
        fill_gaps(
            layers.get(layer).map(Vec::as_slice).unwrap_or_default(),
            &position,
            &mut keys,
        );
        let sorting = Sorting {
            keys: &keys,
            position: &position,
            group_values: &values,
            reverse: false,
        };
        sort_layer(net, layers, layer, &sorting, scratch);
    }
}

/// Where a label stands along the upper layer when its flow leaves a group
/// that goes on past the label's row, with the label outside it: just past
/// that group's block, on the side of the flow's lower end (the labels of
/// one side then in the order of their upper ends and lower ends, as any
/// others). Ordered by its upper end alone, the label would stand on
/// whichever side of the block that end is nearer, and its flow would
/// cross the whole group to get back.
fn leaving(
    net: &Net,
    extents: &Extents,
    position: &[f64],
    (unit, above, below): (usize, usize, usize),
) -> Option<f64> {
    let own = net.group_of(unit);
    let block = net
        .enclosing(net.group_of(above))
        .find(|g| net.parent_of(*g) == own)?;
    let layer_of = |u: usize| net.layer.get(u).copied().unwrap_or(0);
    let (first, last) = extents.of(layer_of(above), block)?;
    let (_, last_below) = extents.of(layer_of(below), block)?;
    let right = position.get(below).copied().unwrap_or(0.0) > last_below;
    Some(if right { last + 0.5 } else { first - 0.5 })
}

/// The first and last position of each group's units on each component
/// layer where it has any.
struct Extents {
    by_layer_group: HashMap<(usize, usize), (f64, f64)>,
}

impl Extents {
    fn new(net: &Net, layers: &[Vec<usize>]) -> Extents {
        let mut by_layer_group: HashMap<(usize, usize), (f64, f64)> = HashMap::new();
        for (l, layer) in layers.iter().enumerate().step_by(net.stride.max(1)) {
            for (i, unit) in layer.iter().enumerate() {
                let i = i as f64;
                for g in net.enclosing(net.group_of(*unit)) {
                    by_layer_group
                        .entry((l, g))
                        .and_modify(|(_, last)| *last = i)
                        .or_insert((i, i));
                }
            }
        }
        Extents { by_layer_group }
    }

    fn of(&self, layer: usize, group: usize) -> Option<(f64, f64)> {
        self.by_layer_group.get(&(layer, group)).copied()
    }
}
