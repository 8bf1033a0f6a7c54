//! Sorting one layer with its groups kept together.

use super::net::Net;

/// Where each group stands overall: the mean relative position (0 to 1) of
/// its units over all layers. Sibling groups keep this order on every layer.
pub(super) fn group_values(net: &Net, layers: &[Vec<usize>]) -> Vec<f64> {
    let mut sum = vec![0.0; net.groups.len()];
    let mut count = vec![0usize; net.groups.len()];
    for layer in layers {
        let span = (layer.len().max(2) - 1) as f64;
        for (i, unit) in layer.iter().enumerate() {
            for g in net.enclosing(net.group_of(*unit)) {
                if let (Some(s), Some(c)) = (sum.get_mut(g), count.get_mut(g)) {
                    *s += i as f64 / span;
                    *c += 1;
                }
            }
        }
    }
    sum.iter()
        .zip(&count)
        .enumerate()
        .map(|(g, (s, c))| if *c == 0 { g as f64 } else { s / *c as f64 })
        .collect()
}

/// Per-group lists for sorting one layer, kept between layers so that a
/// layer costs what is on it rather than the number of groups; `touched`
/// says which entries to clear.
pub(super) struct Scratch {
    /// The units of each group on the layer (directly in it).
    members: Vec<Vec<usize>>,
    /// The child groups present on the layer (through any descendant).
    children: Vec<Vec<usize>>,
    present: Vec<bool>,
    touched: Vec<usize>,
}

impl Scratch {
    pub(super) fn new(groups: usize) -> Scratch {
        Scratch {
            members: vec![Vec::new(); groups],
            children: vec![Vec::new(); groups],
            present: vec![false; groups],
            touched: Vec::new(),
        }
    }

    /// Fills the lists for the units of one layer; returns the units in no
    /// group and the outermost groups present, both in number order.
    fn fill(&mut self, net: &Net, units: &[usize]) -> (Vec<usize>, Vec<usize>) {
        for g in self.touched.drain(..) {
            if let Some(list) = self.members.get_mut(g) {
                list.clear();
            }
            if let Some(list) = self.children.get_mut(g) {
                list.clear();
            }
            if let Some(flag) = self.present.get_mut(g) {
                *flag = false;
            }
        }
        let mut root = Vec::new();
        for unit in units {
            let Some(g) = net.group_of(*unit) else {
                root.push(*unit);
                continue;
            };
            if let Some(list) = self.members.get_mut(g) {
                list.push(*unit);
            }
            for group in net.enclosing(Some(g)) {
                match self.present.get_mut(group) {
                    Some(flag) if !*flag => {
                        *flag = true;
                        self.touched.push(group);
                    }
                    _ => break,
                }
            }
        }
        // Children in number order, as the groups were declared.
        self.touched.sort_unstable();
        let mut top = Vec::new();
        for &g in &self.touched {
            match net.parent_of(g) {
                Some(parent) => {
                    if let Some(list) = self.children.get_mut(parent) {
                        list.push(g);
                    }
                }
                None => top.push(g),
            }
        }
        (root, top)
    }
}

/// An item of one level of a layer: a unit, or a whole child group.
#[derive(Clone, Copy)]
enum Item {
    Unit(usize),
    Group(usize),
}

/// What a layer is sorted by.
pub(super) struct Sorting<'a> {
    /// The key of each unit.
    pub keys: &'a [f64],
    /// Each unit's place in its layer, which breaks ties.
    pub position: &'a [f64],
    /// The overall order of the groups ([`group_values`]).
    pub group_values: &'a [f64],
    /// Equal keys trade places instead of keeping their order.
    pub reverse: bool,
}

/// Sorts one layer: recursively, each group's items by key, sibling groups
/// in their overall order. Equal keys keep the units' current `position`
/// (or trade places, `reverse`), so a sweep does not undo what the
/// previous one learned.
pub(super) fn sort_layer(
    net: &Net,
    layers: &mut [Vec<usize>],
    layer: usize,
    sorting: &Sorting,
    scratch: &mut Scratch,
) {
    let Some(current) = layers.get(layer) else {
        return;
    };
    let (root, top) = scratch.fill(net, current);
    let mut out = Vec::with_capacity(current.len());
    let level = Level {
        net,
        keys: sorting.keys,
        position: sorting.position,
        group_values: sorting.group_values,
        reverse: sorting.reverse,
        scratch,
    };
    level.emit(&root, &top, &mut out, 0);
    if let Some(slot) = layers.get_mut(layer) {
        *slot = out;
    }
}

struct Level<'a> {
    net: &'a Net<'a>,
    keys: &'a [f64],
    position: &'a [f64],
    group_values: &'a [f64],
    /// Equal keys trade places instead of keeping their order.
    reverse: bool,
    scratch: &'a Scratch,
}

impl Level<'_> {
    /// The key of a group on this layer: the mean key of its units here.
    fn group_key(&self, group: usize) -> f64 {
        let mut sum = 0.0;
        let mut count = 0usize;
        let mut stack = vec![group];
        while let Some(g) = stack.pop() {
            for unit in self.members(g) {
                sum += self.keys.get(*unit).copied().unwrap_or(0.0);
                count += 1;
            }
            stack.extend(self.children(g).iter().copied());
        }
        if count == 0 { 0.0 } else { sum / count as f64 }
    }

    fn members(&self, group: usize) -> &[usize] {
        self.scratch
            .members
            .get(group)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn children(&self, group: usize) -> &[usize] {
        self.scratch
            .children
            .get(group)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn emit(&self, units: &[usize], groups: &[usize], out: &mut Vec<usize>, depth: usize) {
        let mut items: Vec<(f64, usize, Item)> = units
            .iter()
            .map(|u| {
                (
                    self.keys.get(*u).copied().unwrap_or(0.0),
                    self.position.get(*u).map_or(*u, |p| *p as usize),
                    Item::Unit(*u),
                )
            })
            .collect();
        // Sibling groups take their keys on this layer in their overall order.
        let mut group_keys: Vec<f64> = groups.iter().map(|g| self.group_key(*g)).collect();
        group_keys.sort_by(f64::total_cmp);
        let mut ordered_groups = groups.to_vec();
        ordered_groups.sort_by(|a, b| {
            let va = self.group_values.get(*a).copied().unwrap_or(0.0);
            let vb = self.group_values.get(*b).copied().unwrap_or(0.0);
            va.total_cmp(&vb).then(a.cmp(b))
        });
        // Ties between groups keep the overall order too (rank, after all
        // units with the same key).
        for (rank, (g, key)) in ordered_groups.iter().zip(group_keys).enumerate() {
            items.push((key, self.net.len() + rank, Item::Group(*g)));
        }
        // Groups keep their order on ties whatever `reverse` says.
        items.sort_by(|a, b| {
            let both_units = matches!((a.2, b.2), (Item::Unit(_), Item::Unit(_)));
            let ties = if self.reverse && both_units {
                b.1.cmp(&a.1)
            } else {
                a.1.cmp(&b.1)
            };
            a.0.total_cmp(&b.0).then(ties)
        });
        for (_, _, item) in items {
            match item {
                Item::Unit(u) => out.push(u),
                Item::Group(g) if depth <= self.net.groups.len() => {
                    self.emit(self.members(g), self.children(g), out, depth + 1);
                }
                Item::Group(_) => {}
            }
        }
    }
}
