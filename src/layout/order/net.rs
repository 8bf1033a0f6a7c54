//! The layered graph as the ordering reads it.

use crate::layout::graph::{GroupInfo, Layered};

/// The layered graph as the ordering reads it. Units are numbered layer by
/// layer, in declaration order within a layer, so the numbering keeps every
/// tie-break of the declaration order.
pub(super) struct Net<'a> {
    pub(super) groups: &'a [GroupInfo],
    pub(super) layer_count: usize,
    /// Only every `stride`-th layer (those of components) is ordered by
    /// the search; the label rows between are derived from them.
    pub(super) stride: usize,
    /// Layer and innermost group of each unit.
    pub(super) layer: Vec<usize>,
    pub(super) group: Vec<Option<usize>>,
    /// Units joined to each unit on the component layer above, and below.
    pub(super) up: Links,
    pub(super) down: Links,
    /// Each unit of a label row, with the units above and below it on its
    /// chain.
    pub(super) between: Vec<(usize, usize, usize)>,
    /// The unit of the layered graph each unit here stands for.
    pub(super) original: Vec<usize>,
    /// Each flow drawn upwards: its units on component layers, upper end
    /// first.
    pub(super) returns: Vec<Vec<usize>>,
}

/// Neighbour lists of all units in one array (compressed rows).
pub(super) struct Links {
    pub(super) start: Vec<usize>,
    pub(super) to: Vec<usize>,
}

impl Links {
    /// `pairs` as (from, to), kept in their order within each `from`.
    pub(super) fn new(count: usize, pairs: &[(usize, usize)]) -> Links {
        let mut start = vec![0; count + 1];
        for (from, _) in pairs {
            if let Some(slot) = start.get_mut(from + 1) {
                *slot += 1;
            }
        }
        for i in 1..start.len() {
            let before = start.get(i - 1).copied().unwrap_or(0);
            if let Some(slot) = start.get_mut(i) {
                *slot += before;
            }
        }
        let mut next = start.clone();
        let mut to = vec![0; pairs.len()];
        for (from, target) in pairs {
            if let Some(at) = next.get_mut(*from) {
                if let Some(slot) = to.get_mut(*at) {
                    *slot = *target;
                }
                *at += 1;
            }
        }
        Links { start, to }
    }

    pub(super) fn of(&self, unit: usize) -> &[usize] {
        match (self.start.get(unit), self.start.get(unit + 1)) {
            (Some(&from), Some(&to)) => self.to.get(from..to).unwrap_or_default(),
            _ => &[],
        }
    }
}

impl<'a> Net<'a> {
    pub(super) fn new(layered: &'a Layered) -> Net<'a> {
        let count = layered.units.len();
        let mut original: Vec<usize> = (0..count).collect();
        original.sort_by_key(|u| layered.units.get(*u).map_or(0, |x| x.layer));
        let mut renumbered = vec![0; count];
        for (new, old) in original.iter().enumerate() {
            if let Some(slot) = renumbered.get_mut(*old) {
                *slot = new;
            }
        }
        let number = |old: &usize| renumbered.get(*old).copied().unwrap_or(0);
        let stride = layered.stride.max(1);
        let on_main = |old: &usize| {
            layered
                .units
                .get(*old)
                .is_some_and(|u| u.layer % stride == 0)
        };
        // Links between consecutive units of a chain on component layers,
        // passing over the label rows.
        let mut downward = Vec::new();
        let mut between = Vec::new();
        let mut returns = Vec::new();
        for chain in &layered.chains {
            let main: Vec<&usize> = chain.units.iter().filter(|u| on_main(u)).collect();
            if chain.reversed {
                returns.push(main.iter().map(|u| number(u)).collect());
            }
            for pair in main.windows(2) {
                if let [a, b] = pair {
                    downward.push((number(a), number(b)));
                }
            }
            for triple in chain.units.windows(3) {
                if let [a, b, c] = triple
                    && !on_main(b)
                {
                    between.push((number(b), number(a), number(c)));
                }
            }
        }
        let upward: Vec<(usize, usize)> = downward.iter().map(|(a, b)| (*b, *a)).collect();
        let unit = |old: &usize| layered.units.get(*old);
        Net {
            groups: &layered.groups,
            layer_count: layered.layer_count,
            layer: original
                .iter()
                .map(|u| unit(u).map_or(0, |x| x.layer))
                .collect(),
            group: original
                .iter()
                .map(|u| unit(u).and_then(|x| x.group))
                .collect(),
            up: Links::new(count, &upward),
            down: Links::new(count, &downward),
            between,
            original,
            returns,
            stride,
        }
    }

    pub(super) fn len(&self) -> usize {
        self.layer.len()
    }

    pub(super) fn group_of(&self, unit: usize) -> Option<usize> {
        self.group.get(unit).copied().flatten()
    }

    pub(super) fn parent_of(&self, group: usize) -> Option<usize> {
        self.groups.get(group).and_then(|info| info.parent)
    }

    /// The top-level group holding a unit, if any.
    pub(super) fn outermost(&self, unit: usize) -> Option<usize> {
        self.enclosing(self.group_of(unit)).last()
    }

    /// `group` and the groups around it, innermost first.
    pub(super) fn enclosing(&self, group: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(group, |g| self.parent_of(*g)).take(self.groups.len())
    }
}
