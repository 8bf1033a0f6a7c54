//! Phase 1, ranks: the row each component stands on.
//!
//! First the flows are oriented so that they form no cycle. A flow into a
//! client that calls out itself (a push, a reply) and a monitoring
//! system's scrape are drawn against their direction
//! ([`drawn_upwards`]), so clients stay at the top and monitoring below
//! what it watches (scrapes may be drawn along theirs instead, [`Scrapes`]:
//! the layout tries both); the remaining cycles are broken at the back edges of a
//! depth-first search that starts from the clients and the other sources,
//! tiers first (clients, DNS, CDN, load balancers, … data stores last). Of
//! a cycle the search may reverse the calls of many rather than the one
//! call back; `Reversals::Fewer` offers the other choice, and the layout
//! keeps whichever of the two draws better (`Making::first`). The
//! other choice also ranks the groups as blocks on the flows between them
//! as declared, not as the search turned them ([`groups`]).
//!
//! Then ranks minimise the total length of the flows, each at least one
//! rank long, by the network simplex method (the dot paper's ranking): a
//! source sits just above what it calls and a sink just below its callers,
//! and nothing is pushed onto a row of its own kind; a monitoring system
//! drawn above what it scrapes stands on no row before the clients'. A
//! component with as
//! many flows in as out may take any rank between its neighbours; it takes
//! the least crowded one.
//!
//! Groups: ranked on the flows alone, a group's box would reach over every
//! row a chain through outside components pulls one of its members to.
//! Before ranking, the flows between groups are turned where ranking each
//! group as one block runs them up ([`groups`], dot's cluster ranking);
//! the ranking then weighs each row a group spans as [`GROUP_ROW`] flows'
//! rows.

mod groups;

pub(super) use groups::{enclosing, group_index};

use std::collections::HashMap;

use petgraph::visit::EdgeRef;

use super::Direction;
use super::simplex::{self, Balance, Constraint};
use crate::model::hints::Pin;
use crate::model::{Design, Kind, drawn_upwards, is_scrape};

pub struct Ranks {
    /// The rank of each component, by node index; 0 is the top.
    pub rank: Vec<usize>,
    /// Whether each flow, by edge index, is drawn against its direction.
    pub reversed: Vec<bool>,
    /// Whether [`Reversals::Fewer`] may reverse other flows than
    /// [`Reversals::Search`].
    pub fewer_differ: bool,
    /// Whether [`Stacking::Tiers`] has groups to stack.
    pub stacking_differs: bool,
}

/// The choices a ranking is made with; the layout tries them both ways
/// where they differ and keeps the better drawing.
#[derive(Clone, Copy)]
pub struct Choices {
    pub reversals: Reversals,
    pub scrapes: Scrapes,
    pub stacking: Stacking,
}

impl Choices {
    /// The choices tried first: cycles broken by the search, scrapes drawn
    /// up, groups not stacked.
    pub const FIRST: Choices = Choices {
        reversals: Reversals::Search,
        scrapes: Scrapes::Up,
        stacking: Stacking::Off,
    };
}

/// Whether groups that many flows join stand one below the other.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stacking {
    /// Only as their flows' lengths and spans rank them.
    Off,
    /// The lower of two such groups starts below the upper one's last row
    /// where that costs little (see `stack`).
    Tiers,
}

/// Which flows close the cycles and are drawn against their direction.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reversals {
    /// The back edges of the depth-first search.
    Search,
    /// Those, less the ones a cycle can spare (see
    /// [`fewer_back_edges`]), with groups ranked as blocks on the flows
    /// between them as declared.
    Fewer,
}

/// How scrapes are drawn: against their direction, monitoring below what
/// it watches (`Up`), or along it, monitoring above (`Down`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scrapes {
    Up,
    Down,
}

/// The order of the tiers a system's requests pass: where cycle breaking
/// starts, and where components without flows stand.
fn tier(kind: Kind) -> usize {
    match kind {
        Kind::Client => 0,
        Kind::Dns => 1,
        Kind::Cdn => 2,
        Kind::Lb => 3,
        Kind::Gateway => 4,
        Kind::Service | Kind::Worker | Kind::External | Kind::Coordination => 5,
        Kind::Cache | Kind::Queue | Kind::Stream | Kind::Pubsub => 6,
        Kind::Sql | Kind::Nosql | Kind::Blob | Kind::Search | Kind::Warehouse => 7,
        Kind::Monitoring => 8,
    }
}

/// A flow by index, with its upper and lower end.
type Edge = (usize, usize, usize);

/// Tiers from this one down stand at the bottom when they have no flows.
const LOWER_TIERS: usize = 6;

pub fn rank(design: &Design, direction: Direction, choices: Choices) -> Ranks {
    let Choices {
        reversals,
        scrapes,
        stacking,
    } = choices;
    let count = design.graph.node_count();
    let kinds: Vec<Option<Kind>> = (0..count)
        .map(|i| {
            design
                .graph
                .node_weight(petgraph::graph::NodeIndex::new(i))
                .map(|c| c.kind)
        })
        .collect();
    let (mut edges, mut reversed) = oriented(design, &kinds, scrapes);
    let kept = reversed.clone();
    let tree = groups::Tree::of(design);
    let held = held_orientation(&edges, &reversed, &kinds);
    let (reverse, fewer_differ) = cycle_breaks(&edges, &held, &kinds, &tree, reversals);
    for index in reverse {
        if let Some((edge, s, t)) = edges.get_mut(index) {
            std::mem::swap(s, t);
            if let Some(slot) = reversed.get_mut(*edge) {
                *slot = !*slot;
            }
        }
    }
    // A flow the search turned back from its kinds' orientation is no
    // longer held to it.
    let kept: Vec<bool> = kept.iter().zip(&reversed).map(|(k, r)| *k && *r).collect();
    let cross_group = match reversals {
        Reversals::Search => groups::CrossGroupFlows::AsSearched,
        Reversals::Fewer => groups::CrossGroupFlows::AsDeclared,
    };
    groups::orient(&tree, &mut edges, &mut reversed, &kept, &kinds, cross_group);
    // Of a flow to a group, only the one drawn to the group's box counts.
    let drawn: Vec<Edge> = edges
        .iter()
        .filter(|(edge, _, _)| {
            let flow = design
                .graph
                .edge_weight(petgraph::graph::EdgeIndex::new(*edge));
            flow.is_some_and(|f| f.drawn)
        })
        .copied()
        .collect();
    let mut stacked = tree.stacked(&drawn);
    let stacking_differs = !stacked.is_empty();
    if stacking == Stacking::Off {
        stacked.clear();
    }
    let rank = layered(design, direction, &edges, &kinds, &tree, &stacked);
    Ranks {
        rank,
        reversed,
        fewer_differ,
        stacking_differs,
    }
}

/// Every flow with its upper and lower end as the kinds orient it (a reply
/// or a callback drawn upwards), and which flows that turned.
fn oriented(design: &Design, kinds: &[Option<Kind>], scrapes: Scrapes) -> (Vec<Edge>, Vec<bool>) {
    let graph = &design.graph;
    let kind_of = |n: usize| kinds.get(n).copied().flatten();
    let mut edges: Vec<Edge> = Vec::with_capacity(graph.edge_count());
    let mut reversed = vec![false; graph.edge_count()];
    for e in graph.edge_references() {
        let (s, t) = (e.source().index(), e.target().index());
        let flip = drawn_upwards(graph, e.id())
            && !(scrapes == Scrapes::Down && is_scrape(kind_of(s), kind_of(t)));
        if let Some(slot) = reversed.get_mut(e.id().index()) {
            *slot = flip;
        }
        edges.push(if flip {
            (e.id().index(), t, s)
        } else {
            (e.id().index(), s, t)
        });
    }
    (edges, reversed)
}

/// Which flows (by flow index) keep their orientation when a cycle can be
/// broken elsewhere: those the kinds drew against their direction, and a
/// client's or third party's call into the front door (a load balancer,
/// gateway, CDN or DNS). Turned, GitHub's webhook into the balancer ran up
/// from the bottom of a build system, because the search reached GitHub
/// through the runners that clone from it.
fn held_orientation(edges: &[Edge], reversed: &[bool], kinds: &[Option<Kind>]) -> Vec<bool> {
    let kind = |n: usize| kinds.get(n).copied().flatten();
    let mut held = reversed.to_vec();
    for &(edge, s, t) in edges {
        let caller = matches!(kind(s), Some(Kind::Client | Kind::External));
        let door = matches!(
            kind(t),
            Some(Kind::Lb | Kind::Gateway | Kind::Cdn | Kind::Dns)
        );
        if caller
            && door
            && let Some(slot) = held.get_mut(edge)
        {
            *slot = true;
        }
    }
    held
}

/// The flows to turn so that none closes a cycle (indices into `edges`),
/// and whether the fewer-reversals variant would draw differently.
fn cycle_breaks(
    edges: &[Edge],
    held: &[bool],
    kinds: &[Option<Kind>],
    tree: &groups::Tree,
    reversals: Reversals,
) -> (Vec<usize>, bool) {
    let count = kinds.len();
    let searched = back_edges(count, edges, kinds);
    let fewer = (count <= TRY_FEWER_UP_TO)
        .then(|| fewer_back_edges(count, edges, held, &searched))
        .flatten();
    let searched_between_groups = count <= TRY_FEWER_UP_TO
        && searched
            .iter()
            .any(|i| edges.get(*i).is_some_and(|(_, s, t)| tree.apart(*s, *t)));
    let fewer_differ = fewer.is_some() || searched_between_groups;
    match (reversals, fewer) {
        (Reversals::Fewer, Some(fewer)) => (fewer, fewer_differ),
        _ => (searched, fewer_differ),
    }
}

/// Each component's rank on the acyclic flows: shortest, `align` sets on
/// one rank, `stacked` groups (see [`stack`]) one below the other where
/// that costs little, loners kept in their group, `rank` pins honoured.
fn layered(
    design: &Design,
    direction: Direction,
    edges: &[Edge],
    kinds: &[Option<Kind>],
    tree: &groups::Tree,
    stacked: &[groups::Tiers],
) -> Vec<usize> {
    let count = kinds.len();
    let aligned = alignment(design, count, edges);
    let merged: Vec<Edge> = edges
        .iter()
        .map(|(edge, s, t)| (*edge, aligned.of(*s), aligned.of(*t)))
        .collect();
    let members = tree.members();
    let merged_members: Vec<(usize, usize)> =
        members.iter().map(|(g, n)| (*g, aligned.of(*n))).collect();
    // A cycle-breaking choice may have put two aligned components on one
    // chain: then the `align` sets are ranked apart.
    let mut rank = shortest_ranks(count, &merged, kinds, &merged_members, stacked)
        .map(|rank| aligned.spread(rank))
        .or_else(|| shortest_ranks(count, edges, kinds, &members, stacked))
        .unwrap_or_else(|| vec![0; count]);
    keep_loners_in_their_group(design, edges, kinds, &aligned, &mut rank);
    pin_to_ends(design, direction, edges, &mut rank);
    rank
}

/// A component without flows (and not in an `align` set) stands at the top
/// or the bottom of the rows its group's other members take, not of the
/// whole drawing: otherwise its group's box reaches down (or up) to the far
/// row for it alone.
fn keep_loners_in_their_group(
    design: &Design,
    edges: &[(usize, usize, usize)],
    kinds: &[Option<Kind>],
    aligned: &Alignment,
    rank: &mut [usize],
) {
    // Members of an `align` set stay on their set's rank.
    let mut linked: Vec<bool> = (0..rank.len()).map(|n| aligned.of(n) != n).collect();
    for n in 0..rank.len() {
        let representative = aligned.of(n);
        if representative != n
            && let Some(slot) = linked.get_mut(representative)
        {
            *slot = true;
        }
    }
    for (_, s, t) in edges {
        for end in [s, t] {
            if let Some(slot) = linked.get_mut(*end) {
                *slot = true;
            }
        }
    }
    let group_of = |n: usize| {
        design
            .graph
            .node_weight(petgraph::graph::NodeIndex::new(n))
            .and_then(|c| c.group.as_deref())
    };
    let mut rows: HashMap<&str, (usize, usize)> = HashMap::new();
    for (n, r) in rank.iter().enumerate() {
        if let (Some(true), Some(group)) = (linked.get(n).copied(), group_of(n)) {
            let span = rows.entry(group).or_insert((*r, *r));
            *span = (span.0.min(*r), span.1.max(*r));
        }
    }
    for (n, slot) in rank.iter_mut().enumerate() {
        let lower = kinds.get(n).copied().flatten().map_or(0, tier) >= LOWER_TIERS;
        if let (Some(false), Some((top, bottom))) = (
            linked.get(n).copied(),
            group_of(n).and_then(|g| rows.get(g)),
        ) {
            *slot = if lower { *bottom } else { *top };
        }
    }
    dead_letters_beside_their_queues(design, &linked, rank);
}

/// A dead-letter queue that another queue names (`dlq: failed`) and that
/// has no flows of its own stands on that queue's row, when both stand in
/// the same group (or neither in one): at the bottom of its group's rows,
/// it stood rows away from the queue it serves, and could stretch the
/// group's box down to a row of its own.
fn dead_letters_beside_their_queues(design: &Design, linked: &[bool], rank: &mut [usize]) {
    for queue in design.graph.node_indices() {
        let Some(component) = design.graph.node_weight(queue) else {
            continue;
        };
        let Some(dead) = component
            .attribute("dlq")
            .and_then(crate::model::Value::as_text)
            .and_then(|id| design.node(id))
        else {
            continue;
        };
        let same_group = design.graph.node_weight(dead).map(|c| &c.group) == Some(&component.group);
        if dead == queue || !same_group || linked.get(dead.index()) != Some(&false) {
            continue;
        }
        if let Some(&row) = rank.get(queue.index())
            && let Some(slot) = rank.get_mut(dead.index())
        {
            *slot = row;
        }
    }
}

/// The `align` sets, each ranked as one component: its first member with
/// flows stands for the others.
struct Alignment {
    representative: Vec<usize>,
}

impl Alignment {
    fn of(&self, node: usize) -> usize {
        self.representative.get(node).copied().unwrap_or(node)
    }

    /// Every member on its representative's rank.
    fn spread(&self, mut rank: Vec<usize>) -> Vec<usize> {
        for (node, representative) in self.representative.iter().enumerate() {
            if let Some(r) = rank.get(*representative).copied()
                && let Some(slot) = rank.get_mut(node)
            {
                *slot = r;
            }
        }
        rank
    }
}

fn alignment(design: &Design, count: usize, edges: &[(usize, usize, usize)]) -> Alignment {
    let mut representative: Vec<usize> = (0..count).collect();
    let linked: std::collections::HashSet<usize> =
        edges.iter().flat_map(|(_, s, t)| [*s, *t]).collect();
    for align in &design.aligns {
        let members: Vec<usize> = align
            .ids
            .iter()
            .filter_map(|id| design.node(id))
            .map(|n| n.index())
            .collect();
        let Some(&first) = members
            .iter()
            .find(|m| linked.contains(m))
            .or(members.first())
        else {
            continue;
        };
        for member in members {
            if let Some(slot) = representative.get_mut(member) {
                *slot = first;
            }
        }
    }
    Alignment { representative }
}

/// Which end of the ranks a pin asks for: the first rank for `top` (`left`
/// when drawing right), the last for `bottom` (`right`); the others pin a
/// component within its rank.
pub fn rank_end(pin: Pin, direction: Direction) -> Option<bool> {
    match (direction, pin) {
        (Direction::Down, Pin::Top) | (Direction::Right, Pin::Left) => Some(false),
        (Direction::Down, Pin::Bottom) | (Direction::Right, Pin::Right) => Some(true),
        _ => None,
    }
}

/// A pin to the first rank moves a component that nothing stands above
/// there, a pin to the last one that stands above nothing.
fn pin_to_ends(
    design: &Design,
    direction: Direction,
    edges: &[(usize, usize, usize)],
    rank: &mut [usize],
) {
    let last = rank.iter().copied().max().unwrap_or(0);
    let aligned: std::collections::HashSet<&str> = design
        .aligns
        .iter()
        .flat_map(|a| a.ids.iter().map(String::as_str))
        .collect();
    for node in design.graph.node_indices() {
        let n = node.index();
        let is_aligned = design
            .graph
            .node_weight(node)
            .is_some_and(|c| aligned.contains(c.id.as_str()));
        let end = Pin::of(design, node).and_then(|pin| rank_end(pin, direction));
        let target = match end {
            Some(false) if !edges.iter().any(|(_, _, t)| *t == n) => 0,
            Some(true) if !edges.iter().any(|(_, s, _)| *s == n) => last,
            _ => continue,
        };
        if !is_aligned && let Some(slot) = rank.get_mut(n) {
            *slot = target;
        }
    }
}

/// The flows (indices into `edges`) that close a cycle: back edges of an
/// iterative depth-first search from the sources, then from the rest, each
/// in tier order and then in declaration order.
fn back_edges(count: usize, edges: &[(usize, usize, usize)], kinds: &[Option<Kind>]) -> Vec<usize> {
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0usize; count];
    for (i, (_, s, t)) in edges.iter().enumerate() {
        if let Some(list) = outgoing.get_mut(*s) {
            list.push(i);
        }
        if let Some(d) = indegree.get_mut(*t) {
            *d += 1;
        }
    }
    let mut roots: Vec<usize> = (0..count).collect();
    roots.sort_by_key(|n| {
        let tier = kinds.get(*n).copied().flatten().map_or(usize::MAX, tier);
        (indegree.get(*n).copied().unwrap_or(0) > 0, tier, *n)
    });
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; count];
    let mut back = Vec::new();
    for root in roots {
        if state.get(root) != Some(&NEW) {
            continue;
        }
        state[root] = OPEN;
        let mut stack = vec![(root, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            let node = *node;
            match outgoing.get(node).and_then(|list| list.get(*next)) {
                Some(&edge) => {
                    *next += 1;
                    let target = edges.get(edge).map_or(0, |e| e.2);
                    match state.get(target).copied() {
                        Some(NEW) => {
                            state[target] = OPEN;
                            stack.push((target, 0));
                        }
                        Some(OPEN) => back.push(edge),
                        _ => {}
                    }
                }
                None => {
                    state[node] = DONE;
                    stack.pop();
                }
            }
        }
    }
    back
}

/// A flow drawn against its direction by its kinds (a push to a client, a
/// scrape), or a call into the front door ([`held_orientation`]), weighs
/// this many other flows when choosing which to reverse.
const KEPT_ORIENTATION: usize = 100;
/// Passes of [`fewer_back_edges`] at most.
const REORDER_PASSES: usize = 8;
/// Designs of more components keep the search's reversals (the layout
/// tries the other only for drawings of up to 4,000 units).
const TRY_FEWER_UP_TO: usize = 2_000;

/// A flow as seen from one of its ends: the other end, its weight, and
/// whether it leaves this end.
type Incident = (usize, usize, bool);

/// Fewer flows to reverse than the depth-first search chose (`searched`),
/// if an end of a reversed flow can move in the order the search implies
/// past some of its neighbours so that fewer of its flows run backwards;
/// `None` if none can. The search reverses whichever flow of a cycle it
/// meets last, an accident of the order it visits them in: a component
/// that many call and that calls one of them back may see every call
/// reversed but the one back, and a store whose notifications start a
/// pipeline that reads it may see every read reversed rather than the one
/// notification. Each such end in turn moves to the place among its
/// neighbours where the fewest of its flows run backwards, if that is
/// fewer than where it is (the insertion heuristic for the feedback arc
/// set). Flows oriented by their kinds (`kept`) weigh as
/// [`KEPT_ORIENTATION`] others, so they keep their orientation.
fn fewer_back_edges(
    count: usize,
    edges: &[(usize, usize, usize)],
    kept: &[bool],
    searched: &[usize],
) -> Option<Vec<usize>> {
    let mut order = topological(count, edges, searched)?;
    let mut position = vec![0usize; count];
    renumber(&order, &mut position, 0..order.len());
    let mut around = incident(count, edges, kept);
    let mut ends: Vec<usize> = searched
        .iter()
        .filter_map(|i| edges.get(*i))
        .flat_map(|(_, s, t)| [*s, *t])
        .collect();
    ends.sort_unstable();
    ends.dedup();
    let mut moved_any = false;
    for _ in 0..REORDER_PASSES {
        let mut moved = false;
        for &node in &ends {
            let Some(list) = around.get_mut(node) else {
                continue;
            };
            list.sort_by_key(|(other, _, _)| position.get(*other).copied().unwrap_or(0));
            let at = position.get(node).copied().unwrap_or(0);
            if at < order.len()
                && let Some(to) = better_place(list, &position, at)
            {
                order.remove(at);
                let to = if to > at { to - 1 } else { to };
                order.insert(to.min(order.len()), node);
                renumber(&order, &mut position, at.min(to)..at.max(to) + 1);
                moved = true;
            }
        }
        moved_any |= moved;
        if !moved {
            break;
        }
    }
    moved_any.then(|| {
        edges
            .iter()
            .enumerate()
            .filter(|(_, (_, s, t))| s == t || position.get(*s) > position.get(*t))
            .map(|(i, _)| i)
            .collect()
    })
}

/// `position` of the nodes of `order` in `range`.
fn renumber(order: &[usize], position: &mut [usize], range: std::ops::Range<usize>) {
    for i in range {
        if let Some(slot) = order.get(i).and_then(|node| position.get_mut(*node)) {
            *slot = i;
        }
    }
}

/// The flows at each node (self-loops aside), weighted.
fn incident(count: usize, edges: &[(usize, usize, usize)], kept: &[bool]) -> Vec<Vec<Incident>> {
    let mut around: Vec<Vec<Incident>> = vec![Vec::new(); count];
    for (edge, s, t) in edges {
        if s == t {
            continue;
        }
        let weight = if kept.get(*edge).copied().unwrap_or(false) {
            KEPT_ORIENTATION
        } else {
            1
        };
        if let Some(list) = around.get_mut(*s) {
            list.push((*t, weight, true));
        }
        if let Some(list) = around.get_mut(*t) {
            list.push((*s, weight, false));
        }
    }
    around
}

/// Where a node with these flows (sorted by the position of their other
/// ends) runs the fewest of them backwards, as an index into the order
/// before which it goes, if that is fewer than at `at`.
fn better_place(flows: &[Incident], position: &[usize], at: usize) -> Option<usize> {
    let place = |other: usize| position.get(other).copied().unwrap_or(0);
    // Before every neighbour, the flows arriving run backwards.
    let mut cost: usize = flows
        .iter()
        .filter(|(_, _, leaves)| !leaves)
        .map(|(_, weight, _)| weight)
        .sum();
    let mut now = flows
        .first()
        .is_some_and(|f| place(f.0) > at)
        .then_some(cost);
    let mut best = (cost, flows.first().map(|f| place(f.0)));
    for (k, (other, weight, leaves)) in flows.iter().enumerate() {
        if *leaves {
            cost += weight;
        } else {
            cost = cost.saturating_sub(*weight);
        }
        let next = flows.get(k + 1).map(|f| place(f.0));
        if place(*other) < at && next.is_none_or(|p| p > at) {
            now = Some(cost);
        }
        if next.is_some_and(|p| p == place(*other)) {
            continue;
        }
        if cost < best.0 {
            best = (cost, Some(place(*other) + 1));
        }
    }
    match (now, best) {
        (Some(now), (fewest, Some(to))) if fewest < now => Some(to),
        _ => None,
    }
}

/// An order of the nodes in which every flow not in `back` runs forwards,
/// every flow in it backwards (none if those do not form an acyclic
/// orientation).
fn topological(
    count: usize,
    edges: &[(usize, usize, usize)],
    back: &[usize],
) -> Option<Vec<usize>> {
    let mut flipped = vec![false; edges.len()];
    for i in back {
        if let Some(slot) = flipped.get_mut(*i) {
            *slot = true;
        }
    }
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0usize; count];
    for (i, (_, s, t)) in edges.iter().enumerate() {
        if s == t {
            continue;
        }
        let (s, t) = if flipped.get(i) == Some(&true) {
            (t, s)
        } else {
            (s, t)
        };
        outgoing.get_mut(*s)?.push(*t);
        *indegree.get_mut(*t)? += 1;
    }
    let mut ready: std::collections::BinaryHeap<std::cmp::Reverse<usize>> = (0..count)
        .filter(|n| indegree.get(*n) == Some(&0))
        .map(std::cmp::Reverse)
        .collect();
    let mut order = Vec::with_capacity(count);
    while let Some(std::cmp::Reverse(node)) = ready.pop() {
        order.push(node);
        for &next in outgoing.get(node)? {
            let d = indegree.get_mut(next)?;
            *d -= 1;
            if *d == 0 {
                ready.push(std::cmp::Reverse(next));
            }
        }
    }
    (order.len() == count).then_some(order)
}

/// Ranks of least total flow length by the network simplex method, each
/// connected part from 0; components without flows at the top, or at the
/// bottom for the lower tiers (all by tier when no component has a flow).
/// Each row a group spans (`members`: group and component pairs) costs as
/// much as [`GROUP_ROW`] flows' rows, so a group stands on fewer rows
/// where that lengthens its flows by less. `None` if the flows form a
/// cycle.
fn shortest_ranks(
    count: usize,
    edges: &[Edge],
    kinds: &[Option<Kind>],
    members: &[(usize, usize)],
    stacked: &[groups::Tiers],
) -> Option<Vec<usize>> {
    if edges.iter().any(|(_, s, t)| s == t) {
        return None;
    }
    let mut flows: Vec<Constraint> = edges
        .iter()
        .map(|(_, s, t)| Constraint {
            tail: *s,
            head: *t,
            minlen: 1,
            weight: 1,
        })
        .collect();
    let mut linked = vec![false; count];
    for c in &flows {
        linked[c.tail] = true;
        linked[c.head] = true;
    }
    flows.extend(monitoring_not_before_clients(count, edges, kinds));
    let members: Vec<(usize, usize)> = members
        .iter()
        .copied()
        .filter(|(_, n)| linked.get(*n) == Some(&true))
        .collect();
    let start = simplex::longest_path(count, &flows)?;
    let value = simplex::solve(count, &flows, start, simplex::WORK, Balance::None);
    let value = compact_groups(value, &flows, &members, stacked);
    // A group joins the parts its members stand in: each part starting at
    // row 0 would undo what the group's compaction lined up.
    let mut joined = flows.clone();
    let mut by_group = members.clone();
    by_group.sort_unstable();
    for pair in by_group.windows(2) {
        if let [(g, a), (h, b)] = pair
            && g == h
        {
            joined.push(Constraint {
                tail: *a,
                head: *b,
                minlen: 0,
                weight: 0,
            });
        }
    }
    let mut rank = normalise_parts(count, &joined, &value);
    balance(&mut rank, &flows, &members);
    let tier_of = |n: usize| kinds.get(n).copied().flatten().map_or(0, tier);
    if flows.is_empty() {
        let mut used: Vec<usize> = (0..count).map(tier_of).collect();
        used.sort_unstable();
        used.dedup();
        return Some(
            (0..count)
                .map(|n| used.binary_search(&tier_of(n)).unwrap_or(0))
                .collect(),
        );
    }
    let bottom = rank.iter().copied().max().unwrap_or(0);
    for (n, slot) in rank.iter_mut().enumerate() {
        if !linked[n] && kinds.get(n).copied().flatten().is_some() {
            *slot = if tier_of(n) >= LOWER_TIERS { bottom } else { 0 };
        }
    }
    Some(rank)
}

/// A monitoring system drawn above what it watches (its scrapes along
/// their direction) stands on no row before the clients where requests
/// start: ranked on its scrapes alone, it took a row of its own above
/// them (left to right, a column left of the clients), where a reader
/// starts reading.
fn monitoring_not_before_clients(
    count: usize,
    edges: &[Edge],
    kinds: &[Option<Kind>],
) -> Vec<Constraint> {
    let mut fed = vec![false; count];
    let mut calls = vec![false; count];
    for (_, s, t) in edges {
        if let Some(slot) = fed.get_mut(*t) {
            *slot = true;
        }
        if let Some(slot) = calls.get_mut(*s) {
            *slot = true;
        }
    }
    let sources_of = |wanted: Kind| -> Vec<usize> {
        (0..count)
            .filter(|n| fed.get(*n) == Some(&false) && calls.get(*n) == Some(&true))
            .filter(|n| kinds.get(*n).copied().flatten() == Some(wanted))
            .collect()
    };
    let monitors = sources_of(Kind::Monitoring);
    if monitors.is_empty() {
        return Vec::new();
    }
    let clients = sources_of(Kind::Client);
    clients
        .iter()
        .flat_map(|&client| {
            monitors.iter().map(move |&monitor| Constraint {
                tail: client,
                head: monitor,
                minlen: 0,
                weight: 0,
            })
        })
        .collect()
}

/// Each row that the lower of two stacked groups starts above the upper
/// one's last costs this many rows of each flow between them: more than
/// the one row each flow lengthens by when the lower group moves down.
const STACK_WEIGHT: i64 = 2;

/// A row of a group's span weighs this many flows' rows.
const GROUP_ROW: i64 = 8;

/// Shortest ranks (`value`) changed where a group can stand on fewer rows
/// for less than it saves: each group gets a top and a bottom variable
/// around its members, the span between them weighted [`GROUP_ROW`], and
/// the solver starts from `value`, so ranks where no group gains stay as
/// they were; `stacked` pairs of groups cost as [`stack`] says.
fn compact_groups(
    value: Vec<i64>,
    flows: &[Constraint],
    members: &[(usize, usize)],
    stacked: &[groups::Tiers],
) -> Vec<i64> {
    let count = value.len();
    let groups = members.iter().map(|(g, _)| g + 1).max().unwrap_or(0);
    if groups == 0 {
        return value;
    }
    let top = |g: usize| count + 2 * g;
    let mut start = value.clone();
    start.extend(std::iter::repeat_n([i64::MAX, i64::MIN], groups).flatten());
    let mut constraints = flows.to_vec();
    for &(g, n) in members {
        let at = value.get(n).copied().unwrap_or(0);
        if let Some(slot) = start.get_mut(top(g)) {
            *slot = (*slot).min(at);
        }
        if let Some(slot) = start.get_mut(top(g) + 1) {
            *slot = (*slot).max(at);
        }
        let around = |tail, head| Constraint {
            tail,
            head,
            minlen: 0,
            weight: 0,
        };
        constraints.push(around(top(g), n));
        constraints.push(around(n, top(g) + 1));
    }
    for g in 0..groups {
        constraints.push(Constraint {
            tail: top(g),
            head: top(g) + 1,
            minlen: 0,
            weight: GROUP_ROW,
        });
    }
    // A group without linked members keeps its variables at rest.
    for slot in start.iter_mut().skip(count) {
        if *slot == i64::MAX || *slot == i64::MIN {
            *slot = 0;
        }
    }
    // A component in both groups (an `align` set across them) keeps
    // them from ever standing apart: such a pair only squeezes both.
    let mut members_of: Vec<Vec<usize>> = vec![Vec::new(); groups];
    for &(g, n) in members {
        if let Some(list) = members_of.get_mut(g) {
            list.push(n);
        }
    }
    let apart = |upper: usize, lower: usize| match (members_of.get(upper), members_of.get(lower)) {
        (Some(a), Some(b)) => !a.iter().any(|n| b.contains(n)),
        _ => false,
    };
    let stacked = stacked
        .iter()
        .filter(|(upper, lower, _)| apart(*upper, *lower));
    stack(&mut start, &mut constraints, stacked, top);
    let mut value = simplex::solve(
        start.len(),
        &constraints,
        start,
        simplex::WORK,
        Balance::None,
    );
    value.truncate(count);
    value
}

/// Two groups that many flows join, sharing a row, stand side by side,
/// and their flows run sideways, long and across the picture: each pair
/// (upper, lower, flows) costs [`STACK_WEIGHT`] times its flows for each
/// row the lower one starts above the upper one's last, through a slack
/// variable per pair (dot's soft constraints between clusters,
/// `interclust1`).
fn stack<'a>(
    start: &mut Vec<i64>,
    constraints: &mut Vec<Constraint>,
    stacked: impl Iterator<Item = &'a groups::Tiers>,
    top_of: impl Fn(usize) -> usize,
) {
    for &(upper, lower, flows) in stacked {
        let (bottom, top) = (top_of(upper) + 1, top_of(lower));
        let at = |v: usize| start.get(v).copied().unwrap_or(0);
        let slack = start.len();
        start.push((at(bottom) + 1).max(at(top)));
        constraints.push(Constraint {
            tail: bottom,
            head: slack,
            minlen: 1,
            weight: 0,
        });
        constraints.push(Constraint {
            tail: top,
            head: slack,
            minlen: 0,
            weight: flows * STACK_WEIGHT,
        });
    }
}

/// Ranks from the solver's values, each connected part starting at 0.
fn normalise_parts(count: usize, constraints: &[Constraint], value: &[i64]) -> Vec<usize> {
    let root = part_roots(count, constraints);
    let root_of = |v: usize| root.get(v).copied().unwrap_or(v);
    let mut lowest = vec![i64::MAX; count];
    for v in 0..count {
        if let Some(slot) = lowest.get_mut(root_of(v)) {
            *slot = (*slot).min(value.get(v).copied().unwrap_or(0));
        }
    }
    (0..count)
        .map(|v| {
            let low = lowest.get(root_of(v)).copied().unwrap_or(0);
            (value.get(v).copied().unwrap_or(0) - low).max(0) as usize
        })
        .collect()
}

/// The connected part of each of `count` variables joined by
/// `constraints`, as the least variable in it (union-find).
fn part_roots(count: usize, constraints: &[Constraint]) -> Vec<usize> {
    let mut root: Vec<usize> = (0..count).collect();
    fn find(root: &mut [usize], mut v: usize) -> usize {
        while let Some(&up) = root.get(v)
            && up != v
        {
            let skip = root.get(up).copied().unwrap_or(up);
            if let Some(slot) = root.get_mut(v) {
                *slot = skip;
            }
            v = skip;
        }
        v
    }
    for c in constraints {
        let (a, b) = (find(&mut root, c.tail), find(&mut root, c.head));
        if let Some(slot) = root.get_mut(a.max(b)) {
            *slot = a.min(b);
        }
    }
    (0..count).map(|v| find(&mut root, v)).collect()
}

/// Components with as much weight in as out may stand on any rank between
/// their neighbours at no cost: each moves to the least crowded of them (in
/// declaration order, so the result is deterministic), within the rows its
/// groups already span.
fn balance(rank: &mut [usize], constraints: &[Constraint], members: &[(usize, usize)]) {
    let count = rank.len();
    let mut weight_in = vec![0i64; count];
    let mut weight_out = vec![0i64; count];
    let mut neighbours: Vec<Vec<(usize, bool)>> = vec![Vec::new(); count];
    for c in constraints {
        weight_out[c.tail] += c.weight;
        weight_in[c.head] += c.weight;
        neighbours[c.tail].push((c.head, false));
        neighbours[c.head].push((c.tail, true));
    }
    let top = rank.iter().copied().max().unwrap_or(0);
    let mut crowd = vec![0usize; top + 1];
    for r in rank.iter() {
        crowd[*r] += 1;
    }
    let within = group_bounds(rank, members);
    for v in 0..count {
        if weight_in[v] != weight_out[v] || weight_in[v] == 0 {
            continue;
        }
        let (mut low, mut high) = within.get(v).copied().unwrap_or((0, top));
        for &(w, above) in &neighbours[v] {
            if above {
                low = low.max(rank[w] + 1);
            } else {
                high = high.min(rank[w].saturating_sub(1));
            }
        }
        let mut best = rank[v];
        for r in low..=high {
            if crowd[r] < crowd[best] {
                best = r;
            }
        }
        crowd[rank[v]] -= 1;
        crowd[best] += 1;
        rank[v] = best;
    }
}

/// The rows each component may take without its groups spanning more:
/// those its innermost group spans (everything for a component in none).
fn group_bounds(rank: &[usize], members: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut span: HashMap<usize, (usize, usize)> = HashMap::new();
    for &(g, n) in members {
        let r = rank.get(n).copied().unwrap_or(0);
        let s = span.entry(g).or_insert((r, r));
        *s = (s.0.min(r), s.1.max(r));
    }
    let top = rank.iter().copied().max().unwrap_or(0);
    let mut bounds = vec![(0, top); rank.len()];
    for &(g, n) in members {
        if let (Some(slot), Some((low, high))) = (bounds.get_mut(n), span.get(&g)) {
            *slot = (slot.0.max(*low), slot.1.min(*high));
        }
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_whose_notice_starts_a_pipeline_reading_it_reverses_the_notice() {
        // api → raw (a store) → uploaded (its notification) → dag and
        // moderation, which both read raw: the search meets the two reads
        // last and reverses both; reversing the one notification is fewer.
        let (api, raw, uploaded, dag, moderation) = (0, 1, 2, 3, 4);
        let edges = [
            (0, api, raw),
            (1, raw, uploaded),
            (2, uploaded, dag),
            (3, dag, raw),
            (4, uploaded, moderation),
            (5, moderation, raw),
        ];
        let searched = back_edges(5, &edges, &[None; 5]);
        assert_eq!(searched, vec![3, 5]);
        let fewer = fewer_back_edges(5, &edges, &[false; 6], &searched);
        assert_eq!(fewer, Some(vec![1]));
    }

    /// Whether the groups of `flows`' design have a pair to stack.
    fn stacks(flows: &str) -> bool {
        let text = format!(
            "group a \"A\" {{\n  service a1\n  service a2\n  service a3\n  service a4\n}}\n\
             group b \"B\" {{\n  postgres b1\n  postgres b2\n  postgres b3\n}}\n{flows}"
        );
        let design = crate::compile(&text).model.design;
        rank(&design, Direction::Down, Choices::FIRST).stacking_differs
    }

    #[test]
    fn groups_that_several_flows_join_stack_and_one_flow_leaves_them_apart() {
        assert!(!stacks("a1 -> b1: write\n"));
        assert!(stacks("a1 -> b1: write\na2 -> b2: write\n"));
        // A flow to a group is one flow, drawn once, however many members
        // it reaches.
        assert!(!stacks("a1 -> b: write\n"));
    }
}
