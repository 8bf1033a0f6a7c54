//! The layered graph: every component gets a rank that respects the tiers of
//! a system (clients above the edge, the edge above services, services above
//! data), edges are oriented downwards (a few are reversed to break cycles),
//! and each edge becomes a chain of units, one per layer it crosses.
//!
//! Ranks are doubled: components sit on even layers and every edge crosses at
//! least one odd layer, where its label (if any) is a unit of its own. That is
//! how labels get room in the drawing and never sit on another label or node,
//! as in Graphviz's dot.

use std::collections::{HashMap, VecDeque};

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::{MAX_POINTS, Sizing, TooLarge};
use crate::model::{Design, Kind};

/// What a unit of the layered graph stands for.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitKind {
    Node(NodeIndex),
    /// A point that an edge passes through on a layer between its ends.
    Dummy,
    /// The layer of an edge that carries its label.
    Label {
        width: f64,
        height: f64,
    },
    /// Keeps a group present on a layer of its span where it has nothing.
    Filler,
}

#[derive(Clone, Debug)]
pub struct Unit {
    pub kind: UnitKind,
    pub layer: usize,
    /// Size along the layer (x when drawing down).
    pub breadth: f64,
    /// Size across layers (y when drawing down).
    pub depth: f64,
    /// The innermost group holding the unit.
    pub group: Option<usize>,
}

/// One design flow: its units from the upper end to the lower end.
#[derive(Clone, Debug)]
pub struct Chain {
    pub edge: EdgeIndex,
    pub units: Vec<usize>,
    /// Drawn against its flow's direction (the flow goes up the picture).
    pub reversed: bool,
    pub label: Option<usize>,
}

#[derive(Clone, Debug)]
pub struct GroupInfo {
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// First and last layer of the group's members (inclusive).
    pub span: Option<(usize, usize)>,
    pub depth: usize,
}

pub struct Layered {
    pub units: Vec<Unit>,
    pub layer_count: usize,
    pub chains: Vec<Chain>,
    pub groups: Vec<GroupInfo>,
}

/// The tier of a kind: a rank it may not sit above. Kinds without a tier
/// (workers, monitoring, coordination, third parties) go where their flows
/// put them.
fn tier(kind: Kind) -> Option<usize> {
    Some(match kind {
        Kind::Client => 0,
        Kind::Dns => 1,
        Kind::Cdn => 2,
        Kind::Lb => 3,
        Kind::Gateway => 4,
        Kind::Service => 5,
        Kind::Cache | Kind::Queue | Kind::Stream | Kind::Pubsub => 6,
        Kind::Sql | Kind::Nosql | Kind::Blob | Kind::Search | Kind::Warehouse => 7,
        Kind::Worker | Kind::Monitoring | Kind::Coordination | Kind::External => return None,
    })
}

pub fn build(design: &Design, sizing: &Sizing) -> Result<Layered, TooLarge> {
    let graph = &design.graph;
    let count = graph.node_count();
    let tiers: Vec<Option<usize>> = graph.node_weights().map(|c| tier(c.kind)).collect();
    let tier_of = |n: NodeIndex| tiers.get(n.index()).copied().flatten();

    // Orient each flow downwards. A call against the tiers (a database
    // calling a service) is drawn upwards; a message follows its direction,
    // so a consumer sits below its queue. Remaining cycles are broken at the
    // back edges of a depth-first search.
    let mut oriented: Vec<(EdgeIndex, NodeIndex, NodeIndex, bool)> = graph
        .edge_references()
        .map(|e| {
            let (s, t) = (e.source(), e.target());
            let message = e.weight().kind == crate::model::FlowKind::Async;
            match (tier_of(s), tier_of(t)) {
                (Some(a), Some(b)) if a > b && !message => (e.id(), t, s, true),
                _ => (e.id(), s, t, false),
            }
        })
        .collect();
    break_cycles(count, &mut oriented);

    let ranks = rank(count, &oriented, &tiers);
    let layer_of = |n: NodeIndex| ranks.get(n.index()).copied().unwrap_or(0) * 2;
    let layer_count = ranks.iter().max().map_or(1, |r| r * 2 + 1);

    // Groups: ids to indices, parents, nesting depth.
    let group_index: HashMap<&str, usize> = design
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let mut groups: Vec<GroupInfo> = design
        .groups
        .iter()
        .map(|g| GroupInfo {
            parent: g
                .parent
                .as_deref()
                .and_then(|p| group_index.get(p).copied()),
            children: Vec::new(),
            span: None,
            depth: 0,
        })
        .collect();
    for i in 0..groups.len() {
        if let Some(parent) = groups.get(i).and_then(|g| g.parent)
            && let Some(p) = groups.get_mut(parent)
        {
            p.children.push(i);
        }
    }
    for i in 0..groups.len() {
        let mut depth = 0;
        let mut at = groups.get(i).and_then(|g| g.parent);
        while let Some(p) = at {
            depth += 1;
            if depth > groups.len() {
                break;
            }
            at = groups.get(p).and_then(|g| g.parent);
        }
        if let Some(g) = groups.get_mut(i) {
            g.depth = depth;
        }
    }

    let mut units: Vec<Unit> = graph
        .node_indices()
        .filter_map(|n| {
            let component = graph.node_weight(n)?;
            let (breadth, depth) = sizing.node(component);
            Some(Unit {
                kind: UnitKind::Node(n),
                layer: layer_of(n),
                breadth,
                depth,
                group: component
                    .group
                    .as_deref()
                    .and_then(|g| group_index.get(g).copied()),
            })
        })
        .collect();

    // Spans: from members upwards through the parents.
    for unit in &units {
        let mut at = unit.group;
        let mut guard = 0;
        while let Some(g) = at {
            if let Some(info) = groups.get_mut(g) {
                info.span = Some(match info.span {
                    Some((lo, hi)) => (lo.min(unit.layer), hi.max(unit.layer)),
                    None => (unit.layer, unit.layer),
                });
                at = info.parent;
            } else {
                at = None;
            }
            guard += 1;
            if guard > groups.len() {
                break;
            }
        }
    }

    // What the drawing will cost, before any of it is built: a point on
    // every layer that a flow or a group passes between its ends.
    let flow_points =
        |upper: NodeIndex, lower: NodeIndex| layer_of(lower).saturating_sub(layer_of(upper) + 1);
    let group_points = |info: &GroupInfo| info.span.map_or(0, |(lo, hi)| hi - lo + 1);
    let points = oriented
        .iter()
        .map(|(_, upper, lower, _)| flow_points(*upper, *lower))
        .chain(groups.iter().map(group_points))
        .fold(units.len(), usize::saturating_add);
    if points > MAX_POINTS {
        let rows = |layers: usize| layers.div_ceil(2);
        return Err(TooLarge {
            points,
            longest_flow: oriented
                .iter()
                .map(|(edge, upper, lower, _)| (*edge, rows(flow_points(*upper, *lower))))
                .min_by_key(|(_, rows)| std::cmp::Reverse(*rows)),
            tallest_group: groups
                .iter()
                .enumerate()
                .map(|(g, info)| (g, rows(group_points(info))))
                .min_by_key(|(_, rows)| std::cmp::Reverse(*rows)),
        });
    }

    let ancestors = |group: Option<usize>| -> Vec<usize> {
        let mut chain = Vec::new();
        let mut at = group;
        while let Some(g) = at {
            if chain.contains(&g) {
                break;
            }
            chain.push(g);
            at = groups.get(g).and_then(|info| info.parent);
        }
        chain
    };

    let mut chains = Vec::with_capacity(oriented.len());
    for (edge, upper, lower, reversed) in oriented {
        let (top, bottom) = (layer_of(upper), layer_of(lower));
        let upper_groups = ancestors(units.get(upper.index()).and_then(|u| u.group));
        let lower_groups = ancestors(units.get(lower.index()).and_then(|u| u.group));
        // The odd layer (a label row) nearest the middle of the edge.
        let label_layer = ((top + bottom) / 2) | 1;
        let label = graph
            .edge_weight(edge)
            .and_then(|flow| sizing.flow_label(flow));
        let mut chain_units = vec![upper.index()];
        let mut label_unit = None;
        for layer in top + 1..bottom {
            // The innermost group holding both ends: an edge that leaves a
            // group leaves its box at once, so its labels do not widen it.
            let group = upper_groups
                .iter()
                .copied()
                .find(|g| lower_groups.contains(g));
            let (kind, breadth, depth) = match (&label, layer == label_layer.min(bottom - 1)) {
                (Some((width, height)), true) => (
                    UnitKind::Label {
                        width: *width,
                        height: *height,
                    },
                    sizing.label_slot(*width, *height),
                    sizing.label_depth(*width, *height),
                ),
                _ => (UnitKind::Dummy, 0.0, 0.0),
            };
            if matches!(kind, UnitKind::Label { .. }) {
                label_unit = Some(units.len());
            }
            chain_units.push(units.len());
            units.push(Unit {
                kind,
                layer,
                breadth,
                depth,
                group,
            });
        }
        chain_units.push(lower.index());
        chains.push(Chain {
            edge,
            units: chain_units,
            reversed,
            label: label_unit,
        });
    }

    // Every group is present on every layer of its span (indexed from the
    // span's first layer: the budget above bounds their total).
    let mut present: Vec<Vec<bool>> = groups
        .iter()
        .map(|info| vec![false; group_points(info)])
        .collect();
    for unit in &units {
        for g in ancestors(unit.group) {
            let first = groups.get(g).and_then(|info| info.span).map_or(0, |s| s.0);
            if let Some(slot) = present.get_mut(g).and_then(|layers| {
                let at = unit.layer.checked_sub(first)?;
                layers.get_mut(at)
            }) {
                *slot = true;
            }
        }
    }
    for (g, info) in groups.iter().enumerate() {
        let Some((lo, hi)) = info.span else { continue };
        for layer in lo..=hi {
            if present.get(g).and_then(|p| p.get(layer - lo)).copied() == Some(false) {
                units.push(Unit {
                    kind: UnitKind::Filler,
                    layer,
                    breadth: 0.0,
                    depth: 0.0,
                    group: Some(g),
                });
            }
        }
    }

    Ok(Layered {
        units,
        layer_count,
        chains,
        groups,
    })
}

/// Reverses the edges that close a cycle, found as back edges of an
/// iterative depth-first search in declaration order.
fn break_cycles(count: usize, oriented: &mut [(EdgeIndex, NodeIndex, NodeIndex, bool)]) {
    let mut outgoing: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (i, (_, s, _, _)) in oriented.iter().enumerate() {
        if let Some(list) = outgoing.get_mut(s.index()) {
            list.push(i);
        }
    }
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let mut state = vec![NEW; count];
    let mut back = Vec::new();
    for root in 0..count {
        if state.get(root) != Some(&NEW) {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        if let Some(s) = state.get_mut(root) {
            *s = OPEN;
        }
        while let Some((node, next)) = stack.last().copied() {
            let edges = outgoing.get(node).map(Vec::as_slice).unwrap_or_default();
            match edges.get(next) {
                Some(&edge) => {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    let target = oriented.get(edge).map_or(0, |e| e.2.index());
                    match state.get(target).copied() {
                        Some(NEW) => {
                            if let Some(s) = state.get_mut(target) {
                                *s = OPEN;
                            }
                            stack.push((target, 0));
                        }
                        Some(OPEN) => back.push(edge),
                        _ => {}
                    }
                }
                None => {
                    if let Some(s) = state.get_mut(node) {
                        *s = DONE;
                    }
                    stack.pop();
                }
            }
        }
    }
    for edge in back {
        if let Some((_, s, t, reversed)) = oriented.get_mut(edge) {
            std::mem::swap(s, t);
            *reversed = !*reversed;
        }
    }
}

/// Ranks: each component at least at its tier and below everything that
/// flows into it; sources without a tier pulled down next to what they feed;
/// then unused ranks squeezed out.
fn rank(
    count: usize,
    oriented: &[(EdgeIndex, NodeIndex, NodeIndex, bool)],
    tiers: &[Option<usize>],
) -> Vec<usize> {
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0usize; count];
    for (_, s, t, _) in oriented {
        if let (Some(p), Some(d)) = (preds.get_mut(t.index()), indegree.get_mut(t.index())) {
            p.push(s.index());
            *d += 1;
        }
        if let Some(list) = succs.get_mut(s.index()) {
            list.push(t.index());
        }
    }
    // Tiers in use, numbered consecutively.
    let mut used: Vec<usize> = tiers.iter().flatten().copied().collect();
    used.sort_unstable();
    used.dedup();
    let tier_rank = |n: usize| {
        tiers
            .get(n)
            .copied()
            .flatten()
            .and_then(|t| used.binary_search(&t).ok())
    };

    let mut order = Vec::with_capacity(count);
    let mut queue: VecDeque<usize> = (0..count)
        .filter(|n| indegree.get(*n) == Some(&0))
        .collect();
    while let Some(n) = queue.pop_front() {
        order.push(n);
        for &s in succs.get(n).map(Vec::as_slice).unwrap_or_default() {
            if let Some(d) = indegree.get_mut(s) {
                *d -= 1;
                if *d == 0 {
                    queue.push_back(s);
                }
            }
        }
    }
    let mut ranks = vec![0usize; count];
    for &n in &order {
        let from_preds = preds
            .get(n)
            .map(|p| {
                p.iter()
                    .map(|q| ranks.get(*q).copied().unwrap_or(0) + 1)
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0);
        let r = from_preds.max(tier_rank(n).unwrap_or(0));
        if let Some(slot) = ranks.get_mut(n) {
            *slot = r;
        }
    }
    for &n in order.iter().rev() {
        let is_source = preds.get(n).is_none_or(Vec::is_empty);
        let feeds = succs.get(n).filter(|s| !s.is_empty());
        if let (true, None, Some(feeds)) = (is_source, tier_rank(n), feeds) {
            let closest = feeds
                .iter()
                .map(|s| ranks.get(*s).copied().unwrap_or(1))
                .min()
                .unwrap_or(1);
            if let Some(slot) = ranks.get_mut(n) {
                *slot = closest.saturating_sub(1).max(*slot);
            }
        }
    }
    let mut levels: Vec<usize> = ranks.clone();
    levels.sort_unstable();
    levels.dedup();
    ranks
        .iter()
        .map(|r| levels.binary_search(r).unwrap_or(0))
        .collect()
}
