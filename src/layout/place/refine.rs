//! The whole drawing as one problem, started from the group-by-group
//! placement: groups are no longer rigid, so a component can move within
//! its group's box towards what it is joined to outside (the group's box
//! follows). Each group has a left and a right border; its members stand
//! inside them and its neighbours outside, and a weight on its width keeps
//! it compact. Ordering keeps sibling groups in one order on every layer,
//! so the constraints have no cycle. The group-by-group placement meets
//! every constraint, so the network simplex starts from it and keeps it if
//! it cannot do better.

use super::{GROUP_MARGIN, GROUP_PADDING, GROUP_WEIGHT, SCALE, Weights, apart, margin};
use crate::layout::graph::Layered;
use crate::layout::ports::Ports;
use crate::layout::simplex::{self, Balance, Constraint};

/// The variables of the problem: units first, then each group's left and
/// right border, then the auxiliary variables of the links.
pub struct Problem<'a> {
    layered: &'a Layered,
    lead: f64,
    constraints: Vec<Constraint>,
    variables: usize,
}

impl<'a> Problem<'a> {
    pub fn new(layered: &'a Layered, layers: &[Vec<usize>], ports: &Ports, lead: f64) -> Self {
        let mut problem = Problem {
            layered,
            lead,
            constraints: Vec::new(),
            variables: layered.units.len() + 2 * layered.groups.len(),
        };
        for layer in layers {
            for pair in layer.windows(2) {
                if let [left, right] = pair {
                    problem.separate(*left, *right);
                }
            }
        }
        problem.contain();
        problem.link(ports);
        problem
    }

    pub fn variables(&self) -> usize {
        self.variables
    }

    fn left(&self, group: usize) -> usize {
        self.layered.units.len() + 2 * group
    }

    fn right(&self, group: usize) -> usize {
        self.left(group) + 1
    }

    /// `value[head] - value[tail] >= minlen` (in pixels), at this weight.
    fn add(&mut self, tail: usize, head: usize, minlen: f64, weight: i64) {
        self.constraints.push(Constraint {
            tail,
            head,
            minlen: (minlen * SCALE).round() as i64,
            weight,
        });
    }

    fn half(&self, unit: usize) -> f64 {
        self.layered
            .units
            .get(unit)
            .map_or(0.0, |u| u.breadth / 2.0)
    }

    /// `group` and the groups around it, innermost first.
    fn enclosing(&self, unit: usize) -> Vec<usize> {
        let groups = &self.layered.groups;
        let group = self.layered.units.get(unit).and_then(|u| u.group);
        std::iter::successors(group, |g| groups.get(*g).and_then(|info| info.parent))
            .take(groups.len())
            .collect()
    }

    /// Neighbours on a layer stand apart: the right side of the left one
    /// (or of the outermost group it is in and its neighbour is not) and
    /// the left side of the right one, with their margins between.
    fn separate(&mut self, left: usize, right: usize) {
        let (a, b) = (self.enclosing(left), self.enclosing(right));
        let outermost_apart = |own: &[usize], other: &[usize]| {
            own.iter()
                .take_while(|g| !other.contains(g))
                .last()
                .copied()
        };
        let kind = |unit: usize| self.layered.units.get(unit).map(|u| &u.kind);
        let (tail_group, head_group) = (outermost_apart(&a, &b), outermost_apart(&b, &a));
        let (tail, tail_side) = match tail_group {
            Some(g) => (self.right(g), GROUP_MARGIN),
            None => (left, self.half(left)),
        };
        let (head, head_side) = match head_group {
            Some(g) => (self.left(g), GROUP_MARGIN),
            None => (right, self.half(right)),
        };
        // A group's side counts its margin above; a unit keeps its own, and
        // two labels side by side keep more.
        let units_apart = match (tail_group, head_group) {
            (None, None) => kind(left)
                .zip(kind(right))
                .map_or(0.0, |(l, r)| apart(l, r)),
            (None, Some(_)) => kind(left).map_or(0.0, margin),
            (Some(_), None) => kind(right).map_or(0.0, margin),
            (Some(_), Some(_)) => 0.0,
        };
        self.add(tail, head, tail_side + head_side + units_apart, 0);
    }

    /// Members inside their innermost group's borders, groups inside their
    /// parents', each group as narrow as its contents allow.
    fn contain(&mut self) {
        for unit in 0..self.layered.units.len() {
            let Some(g) = self.layered.units.get(unit).and_then(|u| u.group) else {
                continue;
            };
            let half = self.half(unit);
            self.add(self.left(g), unit, half + GROUP_PADDING + self.lead, 0);
            self.add(unit, self.right(g), half + GROUP_PADDING, 0);
        }
        for (g, info) in self.layered.groups.iter().enumerate() {
            if info.span.is_none() {
                continue;
            }
            if let Some(p) = info.parent {
                self.add(self.left(p), self.left(g), GROUP_PADDING + self.lead, 0);
                self.add(self.right(g), self.right(p), GROUP_PADDING, 0);
            }
            self.add(self.left(g), self.right(g), info.min_breadth, GROUP_WEIGHT);
        }
    }

    /// The links of every flow, each with an auxiliary variable below both
    /// of its line positions.
    fn link(&mut self, ports: &Ports) {
        let layered = self.layered;
        let weights = Weights::new(layered);
        for (c, chain) in layered.chains.iter().enumerate() {
            for i in 0..chain.units.len().saturating_sub(1) {
                let (Some(&a), Some(&b)) = (chain.units.get(i), chain.units.get(i + 1)) else {
                    continue;
                };
                let aux = self.variables;
                self.variables += 1;
                let weight = weights.of(layered, a, b);
                self.add(aux, a, -ports.line(layered, c, i), weight);
                self.add(aux, b, -ports.line(layered, c, i + 1), weight);
            }
        }
    }

    /// Refines a placement (scaled centres of units, left edges and widths
    /// of groups); returns the better of the two.
    pub fn refine(
        &self,
        units: &[i64],
        groups: &[(i64, i64)],
        budget: usize,
    ) -> (Vec<i64>, Vec<(i64, i64)>) {
        let start = self.values(units, groups);
        let refined = simplex::solve(
            self.variables,
            &self.constraints,
            start.clone(),
            budget,
            Balance::Centre,
        );
        let values = if self.cost(&refined) < self.cost(&start) {
            refined
        } else {
            start
        };
        let get = |v: usize| values.get(v).copied().unwrap_or(0);
        let units = (0..self.layered.units.len()).map(get).collect();
        let groups = (0..self.layered.groups.len())
            .map(|g| (get(self.left(g)), get(self.right(g)) - get(self.left(g))))
            .collect();
        (units, groups)
    }

    /// Every variable's value for a placement: borders around their groups,
    /// each auxiliary variable as high as its links allow.
    fn values(&self, units: &[i64], groups: &[(i64, i64)]) -> Vec<i64> {
        let mut values = vec![0i64; self.variables];
        for (slot, at) in values.iter_mut().zip(units) {
            *slot = *at;
        }
        for (g, (left, width)) in groups.iter().enumerate() {
            if let Some(slot) = values.get_mut(self.left(g)) {
                *slot = *left;
            }
            if let Some(slot) = values.get_mut(self.right(g)) {
                *slot = left + width;
            }
        }
        // The links' constraints come last, in pairs.
        let first_aux = self.layered.units.len() + 2 * self.layered.groups.len();
        let links = self.constraints.iter().filter(|c| c.tail >= first_aux);
        let ends: Vec<&Constraint> = links.collect();
        for pair in ends.chunks(2) {
            if let [a, b] = pair {
                let at = |c: &Constraint| values.get(c.head).copied().unwrap_or(0) - c.minlen;
                let low = at(a).min(at(b));
                if let Some(slot) = values.get_mut(a.tail) {
                    *slot = low;
                }
            }
        }
        values
    }

    /// The weighted length of the solution's constraints.
    fn cost(&self, values: &[i64]) -> i64 {
        let get = |v: usize| values.get(v).copied().unwrap_or(0);
        self.constraints
            .iter()
            .map(|c| c.weight * (get(c.head) - get(c.tail)))
            .sum()
    }
}
