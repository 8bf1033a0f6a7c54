//! The network simplex method for the layout's two optimisation problems
//! (Gansner, Koutsofios, North and Vo, "A Technique for Drawing Directed
//! Graphs", 1993, section 2.3): given variables joined by constraints
//! `value[head] - value[tail] >= minlen`, each with a weight, find values
//! that meet every constraint and minimise the weighted sum of
//! `value[head] - value[tail]`.
//!
//! Ranks use it with the flows as constraints (minimal total edge length);
//! placement uses it on the auxiliary graph of the paper's section 4.2
//! (straight edges, compact rows).
//!
//! The method keeps a spanning tree of tight constraints. Each tree edge has
//! a cut value: how much the objective changes when its two sides move
//! apart. While some cut value is negative, that edge leaves the tree and the
//! tightest non-tree constraint across the cut enters, moving one side. Trees
//! are numbered in postorder (`low`, `lim`), so "is this node below that
//! one" is two comparisons and only the path between the entering edge's
//! ends needs new cut values.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

#[derive(Clone, Copy, Debug)]
pub struct Constraint {
    pub tail: usize,
    pub head: usize,
    pub minlen: i64,
    pub weight: i64,
}

/// The work a solve may do, in nodes visited: about half a second on the
/// project's machine. The placements of drawings of tens of thousands of
/// points stop there, feasible and nearly optimal.
pub const WORK: usize = 50_000_000;

/// What to do with the freedom an optimum leaves.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Balance {
    /// Keep the optimum as found.
    None,
    /// Where a tree edge's cut value is zero, moving its side changes
    /// nothing: move it halfway across its slack, so that a node with equal
    /// pulls on both sides sits between them (dot's left-right balance).
    Centre,
}

/// Solves the problem for `count` variables. `start` must meet every
/// constraint (see [`longest_path`]); the constraint graph must have no
/// cycle. `budget` bounds the work, in nodes visited by the exchanges and
/// the balancing (each may visit much of the tree): the result is feasible
/// whenever the solver stops, and optimal when it stops on its own.
pub fn solve(
    count: usize,
    constraints: &[Constraint],
    start: Vec<i64>,
    budget: usize,
    balance: Balance,
) -> Vec<i64> {
    let ends_known = constraints.iter().all(|c| c.tail < count && c.head < count);
    if start.len() != count || !ends_known {
        return start;
    }
    let mut tree = Tree::new(count, constraints, start);
    tree.grow_tight();
    tree.number();
    tree.cut_values();
    while tree.work < budget {
        let Some(leaving) = tree.leaving_edge() else {
            break;
        };
        let Some(entering) = tree.entering_edge(leaving) else {
            break;
        };
        tree.exchange(leaving, entering);
    }
    if balance == Balance::Centre {
        tree.centre(budget);
    }
    tree.value
}

/// Values that meet every constraint: each variable as low as its
/// constraints allow, the sources of the constraint graph at 0. Returns
/// `None` if the constraints form a cycle.
pub fn longest_path(count: usize, constraints: &[Constraint]) -> Option<Vec<i64>> {
    if constraints
        .iter()
        .any(|c| c.tail >= count || c.head >= count)
    {
        return None;
    }
    let out = Adjacency::new(count, constraints, |c| c.tail);
    let mut waiting = vec![0usize; count];
    for c in constraints {
        *waiting.get_mut(c.head)? += 1;
    }
    let mut value = vec![0i64; count];
    let mut ready: Vec<usize> = (0..count).filter(|v| waiting[*v] == 0).collect();
    let mut done = 0;
    while let Some(v) = ready.pop() {
        done += 1;
        let base = value[v];
        for &e in out.of(v) {
            let c = constraints.get(e)?;
            let slot = value.get_mut(c.head)?;
            *slot = (*slot).max(base + c.minlen);
            let wait = waiting.get_mut(c.head)?;
            *wait -= 1;
            if *wait == 0 {
                ready.push(c.head);
            }
        }
    }
    (done == count).then_some(value)
}

/// Constraint indices by one of their ends (compressed rows).
struct Adjacency {
    start: Vec<usize>,
    list: Vec<usize>,
}

impl Adjacency {
    fn new(count: usize, constraints: &[Constraint], end: impl Fn(&Constraint) -> usize) -> Self {
        let mut start = vec![0usize; count + 1];
        for c in constraints {
            if let Some(slot) = start.get_mut(end(c) + 1) {
                *slot += 1;
            }
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut next = start.clone();
        let mut list = vec![0usize; constraints.len()];
        for (e, c) in constraints.iter().enumerate() {
            if let Some(at) = next.get_mut(end(c)) {
                if let Some(slot) = list.get_mut(*at) {
                    *slot = e;
                }
                *at += 1;
            }
        }
        Adjacency { start, list }
    }

    fn of(&self, v: usize) -> &[usize] {
        match (self.start.get(v), self.start.get(v + 1)) {
            (Some(&a), Some(&b)) => self.list.get(a..b).unwrap_or_default(),
            _ => &[],
        }
    }
}

const NONE: usize = usize::MAX;

/// The constraints between a growing tree and the nodes outside it. Values
/// of tree nodes are `base + shift`; nodes outside stay put, so each
/// boundary constraint's slack is a fixed key less the shift (constraints
/// out of the tree) or plus it (into the tree), and two heaps order them.
struct Boundary {
    joined: Vec<bool>,
    base: Vec<i64>,
    shift: i64,
    leaving: BinaryHeap<Reverse<(i64, usize)>>,
    arriving: BinaryHeap<Reverse<(i64, usize)>>,
}

impl Boundary {
    fn join(&mut self, tree: &Tree, v: usize) {
        self.joined[v] = true;
        self.base[v] = tree.val(v) - self.shift;
        for e in tree.incident(v) {
            let c = tree.constraint(e);
            if c.tail == v && !self.joined[c.head] {
                let key = tree.val(c.head) - self.base[v] - c.minlen;
                self.leaving.push(Reverse((key, e)));
            } else if c.head == v && !self.joined[c.tail] {
                let key = self.base[v] - tree.val(c.tail) - c.minlen;
                self.arriving.push(Reverse((key, e)));
            }
        }
    }

    /// The boundary constraint with the least slack, made tight by shifting
    /// the tree; returns it and the node it reaches.
    fn tightest(&mut self, tree: &Tree) -> Option<(usize, usize)> {
        loop {
            let out = self
                .leaving
                .peek()
                .map(|Reverse((k, e))| (k - self.shift, *e));
            let into = self
                .arriving
                .peek()
                .map(|Reverse((k, e))| (k + self.shift, *e));
            let outward = match (out, into) {
                (None, None) => return None,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (Some(a), Some(b)) => a <= b,
            };
            let (slack, edge) = if outward {
                self.leaving.pop();
                out?
            } else {
                self.arriving.pop();
                into?
            };
            let c = tree.constraint(edge);
            let new = if outward { c.head } else { c.tail };
            if self.joined[new] {
                continue;
            }
            self.shift += if outward { slack } else { -slack };
            return Some((edge, new));
        }
    }
}

/// How many negative cut values to look at before taking the most negative
/// (dot's search size): a full scan each time would cost more than it saves.
const SEARCH: usize = 30;

struct Tree<'a> {
    constraints: &'a [Constraint],
    out: Adjacency,
    into: Adjacency,
    value: Vec<i64>,
    in_tree: Vec<bool>,
    /// Tree edges at each node.
    tree_edges: Vec<Vec<usize>>,
    /// All tree edges, for the search for a leaving edge, and where each
    /// stands in that list.
    tree_list: Vec<usize>,
    tree_pos: Vec<usize>,
    cut: Vec<i64>,
    /// The tree edge to the parent (`NONE` at a root).
    parent: Vec<usize>,
    low: Vec<usize>,
    lim: Vec<usize>,
    /// Nodes visited so far by the exchanges and the balancing.
    work: usize,
    /// Tree edges whose cut value was negative when last seen, and whether
    /// each edge is listed.
    negative: Vec<usize>,
    listed: Vec<bool>,
    /// Scratch: the nodes on the tree path an exchange changed, and the
    /// stack of a renumbering.
    path: Vec<usize>,
    stack: Vec<(usize, usize, usize)>,
}

impl<'a> Tree<'a> {
    fn new(count: usize, constraints: &'a [Constraint], value: Vec<i64>) -> Self {
        Tree {
            constraints,
            out: Adjacency::new(count, constraints, |c| c.tail),
            into: Adjacency::new(count, constraints, |c| c.head),
            value,
            in_tree: vec![false; constraints.len()],
            tree_edges: vec![Vec::new(); count],
            tree_list: Vec::new(),
            tree_pos: vec![NONE; constraints.len()],
            cut: vec![0; constraints.len()],
            parent: vec![NONE; count],
            low: vec![0; count],
            lim: vec![0; count],
            work: 0,
            negative: Vec::new(),
            listed: vec![false; constraints.len()],
            path: Vec::new(),
            stack: Vec::new(),
        }
    }

    fn constraint(&self, e: usize) -> Constraint {
        self.constraints.get(e).copied().unwrap_or(Constraint {
            tail: 0,
            head: 0,
            minlen: 0,
            weight: 0,
        })
    }

    fn val(&self, v: usize) -> i64 {
        self.value.get(v).copied().unwrap_or(0)
    }

    fn slack(&self, e: usize) -> i64 {
        let c = self.constraint(e);
        self.val(c.head) - self.val(c.tail) - c.minlen
    }

    fn other(&self, e: usize, v: usize) -> usize {
        let c = self.constraint(e);
        if c.tail == v { c.head } else { c.tail }
    }

    fn incident(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        self.out.of(v).iter().chain(self.into.of(v)).copied()
    }

    fn add_tree_edge(&mut self, e: usize) {
        let c = self.constraint(e);
        if let Some(flag) = self.in_tree.get_mut(e) {
            *flag = true;
        }
        for v in [c.tail, c.head] {
            if let Some(list) = self.tree_edges.get_mut(v) {
                list.push(e);
            }
        }
        if let Some(slot) = self.tree_pos.get_mut(e) {
            *slot = self.tree_list.len();
        }
        self.tree_list.push(e);
    }

    /// A spanning forest of tight constraints, one tree per connected part:
    /// from a root, the tree repeatedly takes the constraint with the least
    /// slack that joins it to a new node and shifts itself until that
    /// constraint is tight (Prim's order, so each part costs O(E log E)).
    /// Shifting the whole tree by the least slack keeps every constraint met.
    fn grow_tight(&mut self) {
        let count = self.value.len();
        let mut boundary = Boundary {
            joined: vec![false; count],
            base: vec![0; count],
            shift: 0,
            leaving: BinaryHeap::new(),
            arriving: BinaryHeap::new(),
        };
        for root in 0..count {
            if boundary.joined[root] {
                continue;
            }
            boundary.shift = 0;
            boundary.leaving.clear();
            boundary.arriving.clear();
            let mut members = vec![root];
            boundary.join(self, root);
            while let Some((edge, new)) = boundary.tightest(self) {
                members.push(new);
                self.add_tree_edge(edge);
                boundary.join(self, new);
            }
            for v in members {
                self.value[v] = boundary.base[v] + boundary.shift;
            }
        }
    }

    /// Postorder numbers of every tree from its root: a node's subtree is
    /// the nodes whose `lim` lies in `low..=lim`.
    fn number(&mut self) {
        let count = self.value.len();
        let mut seen = vec![false; count];
        let mut next = 1;
        for root in 0..count {
            if seen[root] {
                continue;
            }
            if let Some(p) = self.parent.get_mut(root) {
                *p = NONE;
            }
            next = self.number_from(root, next, &mut seen);
        }
    }

    /// Numbers the subtree hanging from `root` (whose parent edge is already
    /// set) starting at `first`; returns the next free number.
    fn number_from(&mut self, root: usize, first: usize, seen: &mut [bool]) -> usize {
        let mut next = first;
        // (node, index of the next tree edge to look at, low)
        let mut stack = vec![(root, 0usize, first)];
        if let Some(s) = seen.get_mut(root) {
            *s = true;
        }
        while let Some(&mut (v, ref mut i, low)) = stack.last_mut() {
            let edges = self
                .tree_edges
                .get(v)
                .map(Vec::as_slice)
                .unwrap_or_default();
            if let Some(&e) = edges.get(*i) {
                *i += 1;
                if e == self.parent.get(v).copied().unwrap_or(NONE) {
                    continue;
                }
                let w = self.other(e, v);
                if seen.get(w).copied().unwrap_or(true) {
                    continue;
                }
                seen[w] = true;
                self.parent[w] = e;
                stack.push((w, 0, next));
            } else {
                self.low[v] = low;
                self.lim[v] = next;
                next += 1;
                stack.pop();
            }
        }
        next
    }

    /// Whether `v` lies in the subtree of `root`.
    fn below(&self, v: usize, root: usize) -> bool {
        let (lo, hi) = (self.low[root], self.lim[root]);
        (lo..=hi).contains(&self.lim[v])
    }

    /// Cut values of all tree edges, children before parents.
    fn cut_values(&mut self) {
        let mut order: Vec<usize> = (0..self.value.len()).collect();
        order.sort_unstable_by_key(|v| self.lim[*v]);
        for v in order {
            let e = self.parent[v];
            if e != NONE {
                self.cut[e] = self.cut_value(e, v);
                self.note(e);
            }
        }
    }

    /// The cut value of tree edge `e`, whose lower end is `v`: the weight of
    /// constraints from the tail's side to the head's side, less those going
    /// back. The net outflow of a set of nodes is the sum of its parts'
    /// (constraints between parts cancel), so v's subtree's outflow is v's
    /// own plus its children's subtrees', read off their cut values.
    fn cut_value(&self, e: usize, v: usize) -> i64 {
        let mut outflow = 0;
        for f in self.incident(v) {
            let d = self.constraint(f);
            outflow += if d.tail == v { d.weight } else { -d.weight };
            let w = self.other(f, v);
            if self.in_tree[f] && f != e && self.parent.get(w) == Some(&f) {
                outflow += if d.tail == w {
                    self.cut[f]
                } else {
                    -self.cut[f]
                };
            }
        }
        if self.constraint(e).tail == v {
            outflow
        } else {
            -outflow
        }
    }

    /// A tree edge with a negative cut value: the most negative of the first
    /// few still listed. Edges whose cut value became negative were listed
    /// when it changed, so finding them costs what is listed, not the whole
    /// tree (near the optimum a full scan would find one in thousands).
    fn leaving_edge(&mut self) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut found = 0;
        let mut kept = 0;
        self.work += self.negative.len();
        for at in 0..self.negative.len() {
            let Some(&e) = self.negative.get(at) else {
                break;
            };
            let still =
                self.in_tree.get(e) == Some(&true) && self.cut.get(e).is_some_and(|c| *c < 0);
            if !still {
                if let Some(flag) = self.listed.get_mut(e) {
                    *flag = false;
                }
                continue;
            }
            self.negative.swap(kept, at);
            kept += 1;
            if found < SEARCH {
                found += 1;
                if best.is_none_or(|b| self.cut[e] < self.cut[b]) {
                    best = Some(e);
                }
            }
        }
        self.negative.truncate(kept);
        best
    }

    /// Lists a tree edge whose cut value may have become negative.
    fn note(&mut self, e: usize) {
        if self.cut.get(e).is_some_and(|c| *c < 0)
            && let Some(flag) = self.listed.get_mut(e)
            && !*flag
        {
            *flag = true;
            self.negative.push(e);
        }
    }

    /// The non-tree constraint with the least slack that crosses the cut of
    /// tree edge `e` in the direction that restores a tree.
    fn entering_edge(&mut self, e: usize) -> Option<usize> {
        let c = self.constraint(e);
        // Search the side of e that is a subtree (not holding the root).
        let (side, outward) = if self.lim[c.tail] < self.lim[c.head] {
            (c.tail, false)
        } else {
            (c.head, true)
        };
        let mut best: Option<(i64, usize)> = None;
        let mut stack = vec![side];
        while let Some(v) = stack.pop() {
            self.work += 1;
            let edges = if outward {
                self.out.of(v)
            } else {
                self.into.of(v)
            };
            for &f in edges {
                if self.in_tree[f] {
                    continue;
                }
                let w = self.other(f, v);
                if !self.below(w, side) {
                    let slack = self.slack(f);
                    if best.is_none_or(|(s, g)| (slack, f) < (s, g)) {
                        best = Some((slack, f));
                    }
                }
            }
            if best.is_some_and(|(s, _)| s == 0) {
                break;
            }
            stack.extend(self.children(v));
        }
        best.map(|(_, f)| f)
    }

    /// The nodes below `v` in its tree, joined to it by a tree edge.
    fn children(&self, v: usize) -> impl Iterator<Item = usize> + '_ {
        let parent = self.parent.get(v).copied().unwrap_or(NONE);
        self.tree_edges
            .get(v)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter(move |f| **f != parent)
            .map(move |f| self.other(*f, v))
    }

    /// Adds `delta` to the values of the subtree at `root`.
    fn shift_subtree(&mut self, root: usize, delta: i64) {
        let mut stack = vec![root];
        while let Some(v) = stack.pop() {
            self.work += 1;
            self.value[v] += delta;
            stack.extend(self.children(v));
        }
    }

    /// Replaces tree edge `e` by `f`: moves `e`'s lower side until `f` is
    /// tight, corrects the cut values on the tree path between `f`'s ends,
    /// and renumbers the subtree that changed.
    fn exchange(&mut self, e: usize, f: usize) {
        let delta = self.slack(f);
        self.move_side(e, delta);
        let cut = self.cut[e];
        let d = self.constraint(f);
        let top = self.update_path(d.tail, d.head, cut, true);
        self.update_path(d.head, d.tail, cut, false);
        self.cut[f] = -cut;
        self.cut[e] = 0;
        let c = self.constraint(e);
        self.in_tree[e] = false;
        for v in [c.tail, c.head] {
            if let Some(list) = self.tree_edges.get_mut(v) {
                list.retain(|x| *x != e);
            }
        }
        if let Some(at) = self.tree_pos.get(e).copied()
            && let Some(slot) = self.tree_list.get_mut(at)
        {
            *slot = f;
            self.tree_pos[f] = at;
        }
        self.in_tree[f] = true;
        for v in [d.tail, d.head] {
            if let Some(list) = self.tree_edges.get_mut(v) {
                list.push(f);
            }
        }
        self.note(f);
        // The subtrees of the nodes on the changed path are renumbered;
        // others keep their numbers unless they moved in the order.
        for v in std::mem::take(&mut self.path) {
            self.low[v] = NONE;
        }
        let low = self.low[top];
        self.renumber(top, low);
    }

    /// Moves the side of tree edge `e` that holds no root by `delta` in the
    /// direction that lengthens `e` (the tail's side down, the head's up);
    /// a side that is a single node is moved alone.
    fn move_side(&mut self, e: usize, delta: i64) {
        if delta == 0 {
            return;
        }
        let c = self.constraint(e);
        let degree = |v: usize| self.tree_edges.get(v).map_or(0, Vec::len);
        if degree(c.tail) == 1 {
            self.value[c.tail] -= delta;
        } else if degree(c.head) == 1 {
            self.value[c.head] += delta;
        } else if self.lim[c.tail] < self.lim[c.head] {
            self.shift_subtree(c.tail, -delta);
        } else {
            self.shift_subtree(c.head, delta);
        }
    }

    /// Walks from `v` up to the common ancestor of `v` and `w`, adding or
    /// subtracting `cut` on the tree edges passed; returns the ancestor.
    fn update_path(&mut self, from: usize, to: usize, cut: i64, direction: bool) -> usize {
        let mut v = from;
        while !self.below(to, v) {
            self.work += 1;
            let e = self.parent[v];
            if e == NONE {
                break;
            }
            self.path.push(v);
            let c = self.constraint(e);
            let up = if v == c.tail { direction } else { !direction };
            if up {
                self.cut[e] += cut;
            } else {
                self.cut[e] -= cut;
            }
            self.note(e);
            v = if self.lim[c.tail] > self.lim[c.head] {
                c.tail
            } else {
                c.head
            };
        }
        v
    }

    /// Postorder numbers for the subtree at `root`, from `low`, after its
    /// tree edges changed (its parent edge did not). A subtree still hanging
    /// from the same edge and starting at the same number is unchanged and
    /// skipped (the nodes on the changed path were marked beforehand).
    fn renumber(&mut self, root: usize, low: usize) {
        let mut next = low;
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push((root, 0usize, low));
        while let Some(&mut (v, ref mut i, first)) = stack.last_mut() {
            let edges = self
                .tree_edges
                .get(v)
                .map(Vec::as_slice)
                .unwrap_or_default();
            self.work += 1;
            if let Some(&e) = edges.get(*i) {
                *i += 1;
                if e == self.parent[v] {
                    continue;
                }
                let w = self.other(e, v);
                if self.parent[w] == e && self.low[w] == next {
                    next = self.lim[w] + 1;
                    continue;
                }
                self.parent[w] = e;
                stack.push((w, 0, next));
            } else {
                self.low[v] = first;
                self.lim[v] = next;
                next += 1;
                stack.pop();
            }
        }
        self.stack = stack;
    }

    /// dot's left-right balance: each tree edge whose cut value is zero can
    /// move its side freely within the entering edge's slack; move it half.
    /// Stops when the work reaches the budget.
    fn centre(&mut self, budget: usize) {
        for i in 0..self.tree_list.len() {
            if self.work >= budget {
                break;
            }
            let e = self.tree_list[i];
            if self.cut[e] != 0 {
                continue;
            }
            let Some(f) = self.entering_edge(e) else {
                continue;
            };
            let delta = self.slack(f);
            if delta > 1 {
                self.move_side(e, delta / 2);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cost(constraints: &[Constraint], value: &[i64]) -> i64 {
        constraints
            .iter()
            .map(|c| c.weight * (value[c.head] - value[c.tail]))
            .sum()
    }

    fn feasible(constraints: &[Constraint], value: &[i64]) -> bool {
        constraints
            .iter()
            .all(|c| value[c.head] - value[c.tail] >= c.minlen)
    }

    /// Whether moving some set of variables by one, up or down, keeps every
    /// constraint and lowers the cost. The feasible moves from a point are
    /// spanned by such moves, so an integral point none of them improves is
    /// optimal.
    fn improvable(count: usize, constraints: &[Constraint], value: &[i64]) -> bool {
        let base = cost(constraints, value);
        (1u32..(1 << count)).any(|set| {
            [-1, 1].into_iter().any(|step| {
                let moved: Vec<i64> = (0..count)
                    .map(|v| value[v] + if set & (1 << v) != 0 { step } else { 0 })
                    .collect();
                feasible(constraints, &moved) && cost(constraints, &moved) < base
            })
        })
    }

    proptest! {
        #[test]
        fn finds_the_optimum(
            count in 2usize..9,
            raw in prop::collection::vec((0usize..9, 0usize..9, -2i64..4, 0i64..5), 1..24),
            scatter in prop::collection::vec(0i64..6, 9),
        ) {
            // Edges from lower to higher numbers: no cycle.
            let constraints: Vec<Constraint> = raw
                .into_iter()
                .filter_map(|(a, b, minlen, weight)| {
                    let (a, b) = (a % count, b % count);
                    (a < b).then_some(Constraint { tail: a, head: b, minlen, weight })
                })
                .collect();
            // A feasible start that is not the longest path: each variable
            // pushed up by some amount, and its successors after it.
            let mut start = longest_path(count, &constraints).expect("acyclic");
            for v in 0..count {
                start[v] += scatter[v];
                for c in constraints.iter().filter(|c| c.tail == v) {
                    start[c.head] = start[c.head].max(start[v] + c.minlen);
                }
            }
            prop_assert!(feasible(&constraints, &start));
            for balance in [Balance::None, Balance::Centre] {
                let value = solve(count, &constraints, start.clone(), 10_000, balance);
                prop_assert!(feasible(&constraints, &value));
                prop_assert!(!improvable(count, &constraints, &value), "{:?}", value);
            }
        }
    }
}
