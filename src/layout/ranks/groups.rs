//! Which way the flows between groups run, chosen with each group ranked
//! as one block (dot's cluster ranking: Gansner et al. 1993, and
//! Graphviz's `class1`/`interclust1`).
//!
//! Ranked on the flows alone, a group's box reaches over every row its
//! members stand on: one member that a chain through other components
//! pulls down (location → stream → ETA) makes the whole tier three rows
//! tall, and a cycle that runs through two groups (us → eu → us
//! replication) stacks one group below the other. dot ranks each cluster
//! on its own flows, keeps the result as a rigid block, and joins blocks
//! by soft constraints: a flow between blocks costs its length when it
//! runs down and ten times its shortfall when it runs up. Where a block
//! cannot meet all its flows downwards, some run up and the block stays
//! whole.
//!
//! Here that ranking only decides which flows between groups run up. The
//! ranks themselves come from the flows so oriented (`ranks.rs`), where
//! each row a group spans weighs as much as a few flows' rows, so a group
//! whose flows now allow it stands compact without being rigid.

use std::collections::HashMap;

use super::{Edge, back_edges};
use crate::layout::simplex::{self, Balance, Constraint};
use crate::model::{Design, Kind};

/// A flow that runs up between blocks costs this many times its shortfall
/// (dot's `CL_BACK`).
const BACK_COST: i64 = 10;

/// Reorients `edges` (indices, upper end, lower end) between groups where
/// ranking each group as a block runs them up; `reversed` and `kept`
/// are by flow index. A flow whose orientation its kinds fix (`kept`: a
/// push to a client, a scrape) costs [`super::KEPT_ORIENTATION`] times as
/// much to run the other way. Leaves the edges acyclic.
pub(super) fn orient(
    tree: &Tree,
    edges: &mut [Edge],
    reversed: &mut [bool],
    kept: &[bool],
    kinds: &[Option<Kind>],
    cross_group: CrossGroupFlows,
) {
    if tree.parent.is_empty() {
        return;
    }
    let blocks = match cross_group {
        CrossGroupFlows::AsSearched => block_ranks(tree, edges, kept),
        CrossGroupFlows::AsDeclared => block_ranks(
            tree,
            &declared_between_groups(tree, edges, reversed, kept),
            kept,
        ),
    };
    let Some(rank) = blocks else {
        return;
    };
    let at = |n: usize| rank.get(n).copied().unwrap_or(0);
    for (edge, upper, lower) in edges.iter_mut() {
        if at(*lower) < at(*upper) {
            flip(edge, upper, lower, reversed);
        }
    }
    // Flows between blocks on one rank kept their way, which may close a
    // cycle with the ones turned.
    let count = rank.len();
    for index in back_edges(count, edges, kinds) {
        if let Some((edge, upper, lower)) = edges.get_mut(index) {
            flip(edge, upper, lower, reversed);
        }
    }
}

/// Two groups that flows join, the upper and the lower, with how many
/// flows run between them.
pub(super) type Tiers = (usize, usize, i64);

/// How the blocks see a flow between groups that breaking cycles turned.
#[derive(Clone, Copy)]
pub(super) enum CrossGroupFlows {
    /// As the search turned them.
    AsSearched,
    /// As declared (see [`declared_between_groups`]).
    AsDeclared,
}

/// `edges` with the flows between components of different innermost
/// groups run as declared, unless their kinds fix their orientation: the
/// depth-first search's choice of which flow closes a cycle is an accident
/// of the order it visits them in, and a flow it turned would count
/// against the block it was declared from. Two blocks that call each
/// other (services that publish to an event stream, a stream consumed by
/// one of them) then stand in the order most of their flows run.
fn declared_between_groups(
    tree: &Tree,
    edges: &[Edge],
    reversed: &[bool],
    kept: &[bool],
) -> Vec<Edge> {
    let turned = |edge: usize| {
        reversed.get(edge).copied().unwrap_or(false) && !kept.get(edge).copied().unwrap_or(false)
    };
    edges
        .iter()
        .map(|&(edge, upper, lower)| {
            if turned(edge) && tree.apart(upper, lower) {
                (edge, lower, upper)
            } else {
                (edge, upper, lower)
            }
        })
        .collect()
}

fn flip(edge: &usize, upper: &mut usize, lower: &mut usize, reversed: &mut [bool]) {
    std::mem::swap(upper, lower);
    if let Some(slot) = reversed.get_mut(*edge) {
        *slot = !*slot;
    }
}

/// Each group's index in the design's list, by id.
pub(in crate::layout) fn group_index(design: &Design) -> HashMap<&str, usize> {
    design
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect()
}

/// The groups as a tree, and each component's innermost group.
pub(super) struct Tree {
    parent: Vec<Option<usize>>,
    group_of: Vec<Option<usize>>,
}

impl Tree {
    pub(super) fn of(design: &Design) -> Tree {
        let ids = group_index(design);
        let index = |id: &str| ids.get(id).copied();
        let parent = design
            .groups
            .iter()
            .map(|g| g.parent.as_deref().and_then(index))
            .collect();
        let group_of = design
            .graph
            .node_weights()
            .map(|c| c.group.as_deref().and_then(index))
            .collect();
        Tree { parent, group_of }
    }

    /// Each group with each component in it (directly or in a nested
    /// group).
    pub(super) fn members(&self) -> Vec<(usize, usize)> {
        (0..self.group_of.len())
            .flat_map(|n| self.path(n).into_iter().map(move |g| (g, n)))
            .collect()
    }

    /// The pairs of groups side by side in their parent (upper, lower)
    /// that enough flows run between to make them tiers of one system,
    /// with how many flows each: at least two, and one for every two
    /// members of the smaller group. A flow or two between large groups
    /// (zones of a region) leaves them neighbours.
    pub(super) fn stacked(&self, edges: &[Edge]) -> Vec<Tiers> {
        let mut pairs: Vec<(usize, usize)> = edges
            .iter()
            .filter_map(|(_, upper, lower)| {
                let (above, below) = (self.path(*upper), self.path(*lower));
                let shared = above.iter().zip(&below).take_while(|(a, b)| a == b).count();
                Some((*above.get(shared)?, *below.get(shared)?))
            })
            .collect();
        pairs.sort_unstable();
        let mut counted: Vec<Tiers> = Vec::new();
        for (upper, lower) in pairs {
            match counted.last_mut() {
                Some((u, l, n)) if (*u, *l) == (upper, lower) => *n += 1,
                _ => counted.push((upper, lower, 1)),
            }
        }
        let mut size = vec![0i64; self.parent.len()];
        for (group, _) in self.members() {
            if let Some(slot) = size.get_mut(group) {
                *slot += 1;
            }
        }
        let size_of = |g: usize| size.get(g).copied().unwrap_or(0);
        counted.retain(|&(upper, lower, flows)| {
            flows >= 2 && 2 * flows >= size_of(upper).min(size_of(lower))
        });
        counted
    }

    /// The groups around a component, outermost first.
    fn path(&self, node: usize) -> Vec<usize> {
        let mut path = self.around(self.group_of.get(node).copied().flatten());
        path.reverse();
        path
    }

    /// Whether two components stand in different innermost groups.
    pub(super) fn apart(&self, a: usize, b: usize) -> bool {
        self.group_of.get(a) != self.group_of.get(b)
    }

    /// How many groups hold this one.
    fn depth(&self, group: usize) -> usize {
        self.around(Some(group)).len().saturating_sub(1)
    }

    /// `group` and the groups around it, innermost first.
    fn around(&self, group: Option<usize>) -> Vec<usize> {
        enclosing(group, |g| self.parent.get(g).copied().flatten())
    }
}

/// `group` and the groups around it, innermost first, given each group's
/// parent (a cycle of parents stops where it closes).
pub(in crate::layout) fn enclosing(
    group: Option<usize>,
    parent: impl Fn(usize) -> Option<usize>,
) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut at = group;
    while let Some(g) = at {
        if chain.contains(&g) {
            break;
        }
        chain.push(g);
        at = parent(g);
    }
    chain
}

/// What stands for a component in a scope (a group, or the whole design):
/// the component itself, or the child group holding it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Node(usize),
    Group(usize),
}

/// The part of a component (by its group path) in the scope at `depth`
/// of that path (0: the whole design).
fn part_at(node: usize, path: &[usize], depth: usize) -> Part {
    path.get(depth)
        .map_or(Part::Node(node), |g| Part::Group(*g))
}

/// One scope's problem: its parts, and the flows whose ends stand in two
/// different parts of it.
#[derive(Default)]
struct Scope {
    nodes: Vec<(usize, Part)>,
    flows: Vec<(usize, usize, bool)>,
}

/// Ranks in which every group is a block ranked on its own flows, innermost
/// groups first; `None` if some scope's flows form a cycle.
fn block_ranks(tree: &Tree, edges: &[Edge], kept: &[bool]) -> Option<Vec<i64>> {
    let count = tree.group_of.len();
    let paths: Vec<Vec<usize>> = (0..count).map(|n| tree.path(n)).collect();
    // Scope 0 is the whole design, scope g + 1 group g.
    let mut scopes: Vec<Scope> = (0..=tree.parent.len()).map(|_| Scope::default()).collect();
    for (n, path) in paths.iter().enumerate() {
        for depth in 0..=path.len() {
            let scope = if depth == 0 {
                0
            } else {
                path.get(depth - 1)? + 1
            };
            scopes
                .get_mut(scope)?
                .nodes
                .push((n, part_at(n, path, depth)));
        }
    }
    for (edge, upper, lower) in edges {
        let (a, b) = (paths.get(*upper)?, paths.get(*lower)?);
        let shared = a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let scope = if shared == 0 {
            0
        } else {
            a.get(shared - 1)? + 1
        };
        let kept = kept.get(*edge).copied().unwrap_or(false);
        scopes.get_mut(scope)?.flows.push((*upper, *lower, kept));
    }
    let depth_of = |scope: usize| match scope {
        0 => 0,
        g => tree.depth(g - 1) + 1,
    };
    let mut order: Vec<usize> = (0..scopes.len()).collect();
    order.sort_by_key(|s| std::cmp::Reverse(depth_of(*s)));
    let mut offset = vec![0i64; count];
    for scope in order {
        let depth = depth_of(scope);
        rank_scope(scopes.get(scope)?, depth, &paths, &mut offset)?;
    }
    Some(offset)
}

/// Ranks one scope's parts, each child group a block whose members keep
/// their `offset`s, and sets each member's offset from the top of its
/// connected part of the scope.
fn rank_scope(scope: &Scope, depth: usize, paths: &[Vec<usize>], offset: &mut [i64]) -> Option<()> {
    let mut parts: Vec<Part> = scope.nodes.iter().map(|(_, p)| *p).collect();
    parts.sort_unstable_by_key(|p| key(*p));
    parts.dedup();
    let var = |p: Part| parts.binary_search_by_key(&key(p), |q| key(*q)).ok();
    let part_of = |n: usize| part_at(n, paths.get(n).map_or(&[][..], |p| p), depth);
    let mut constraints = Vec::with_capacity(scope.flows.len() * 2);
    let mut slack = parts.len();
    for (upper, lower, kept) in &scope.flows {
        let (u, l) = (part_of(*upper), part_of(*lower));
        if u == l {
            // A flow from a component to itself.
            continue;
        }
        let (tail, head) = (var(u)?, var(l)?);
        if let (Part::Node(_), Part::Node(_)) = (u, l) {
            constraints.push(Constraint {
                tail,
                head,
                minlen: 1,
                weight: 1,
            });
            continue;
        }
        let back = if *kept {
            super::KEPT_ORIENTATION as i64
        } else {
            1
        };
        // `head - tail >= shortfall` keeps the flow one rank long.
        let shortfall = 1 + offset.get(*upper)? - offset.get(*lower)?;
        constraints.push(Constraint {
            tail: slack,
            head: tail,
            minlen: (-shortfall).max(0),
            weight: BACK_COST * back,
        });
        constraints.push(Constraint {
            tail: slack,
            head,
            minlen: shortfall.max(0),
            weight: 1,
        });
        slack += 1;
    }
    let start = simplex::longest_path(slack, &constraints)?;
    let value = simplex::solve(slack, &constraints, start, simplex::WORK, Balance::None);
    let ranked: Vec<(usize, i64, usize)> = scope
        .nodes
        .iter()
        .filter_map(|(n, p)| {
            let v = var(*p)?;
            Some((*n, value.get(v)? + offset.get(*n)?, v))
        })
        .collect();
    let top = top_per_part(slack, &constraints, &ranked);
    for (n, rank, v) in ranked {
        if let Some(slot) = offset.get_mut(n) {
            *slot = rank - top.get(v).copied().unwrap_or(0);
        }
    }
    Some(())
}

fn key(part: Part) -> (usize, usize) {
    match part {
        Part::Node(n) => (0, n),
        Part::Group(g) => (1, g),
    }
}

/// The top rank of each connected part of a scope's problem, by variable.
fn top_per_part(
    count: usize,
    constraints: &[Constraint],
    ranked: &[(usize, i64, usize)],
) -> Vec<i64> {
    let root = super::part_roots(count, constraints);
    let root_of = |v: usize| root.get(v).copied().unwrap_or(v);
    let mut lowest = vec![i64::MAX; count];
    for (_, rank, v) in ranked {
        if let Some(slot) = lowest.get_mut(root_of(*v)) {
            *slot = (*slot).min(*rank);
        }
    }
    (0..count)
        .map(|v| lowest.get(root_of(v)).copied().unwrap_or(0))
        .collect()
}
