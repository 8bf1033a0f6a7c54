//! The layered graph: each component on the rank `ranks.rs` gives it, each
//! flow oriented downwards (those the ranking reversed drawn upwards), and
//! each flow a chain of units, one per layer it crosses.
//!
//! Ranks are doubled: components sit on even layers and every edge crosses at
//! least one odd layer, where its label (if any) is a unit of its own. That is
//! how labels get room in the drawing and never sit on another label or node,
//! as in Graphviz's dot.

use std::collections::HashMap;

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::{MAX_POINTS, Sizing, TooLarge, ranks};
use crate::model::Design;

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
    /// How the flow is drawn (solid, dashed, or with a head at both ends):
    /// flows share a trunk only with flows drawn alike.
    pub kind: crate::model::FlowKind,
}

#[derive(Clone, Debug)]
pub struct GroupInfo {
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// First and last layer of the group's members (inclusive).
    pub span: Option<(usize, usize)>,
    pub depth: usize,
    /// The least breadth that holds the group's title (when the title runs
    /// along the layers).
    pub min_breadth: f64,
}

pub struct Layered {
    pub units: Vec<Unit>,
    pub layer_count: usize,
    /// Layers from one row of components to the next: 2 when label rows
    /// stand between them, 1 when no flow shows a label.
    pub stride: usize,
    pub chains: Vec<Chain>,
    pub groups: Vec<GroupInfo>,
    /// Whether ranking with [`ranks::Reversals::Fewer`] may reverse other
    /// flows (fewer of a cycle's, or between groups as declared).
    pub fewer_reversals_differ: bool,
    /// Whether ranking with [`ranks::Stacking::Tiers`] has groups to stack.
    pub stacking_differs: bool,
    /// Whether a flow passes members of its target's groups before it
    /// reaches the target, so that [`GroupEntry::Late`] draws it otherwise.
    pub entry_differs: bool,
    /// What the ranks were made with.
    pub choices: ranks::Choices,
}

/// Where a flow from outside a group enters the box of the group its lower
/// end stands in (its target, or its source when drawn upwards), on the
/// layers between the group's first row and that end's.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum GroupEntry {
    /// At the group's first row: the flow runs inside the box beside the
    /// members it passes (shorter than around the box, as a rule).
    Early,
    /// On the label row just before the lower end's row (with no label
    /// rows, at that end): the flow runs outside the box until then, as
    /// dot draws it, where beside the members it would cross the
    /// flows that leave them (a nightly job's read of the last replica
    /// crossing every flow into the caches beside it).
    Late,
}

/// A flow oriented downwards: its edge, upper and lower end, and whether
/// that is against its direction.
type Oriented = (EdgeIndex, NodeIndex, NodeIndex, bool);

/// A design's layered graph, drawn down with searched reversals and
/// scrapes up: for tests of the phases after it.
#[cfg(test)]
pub(super) fn of_text(text: &str) -> Layered {
    let compiled = crate::compile(text);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    let sizing = Sizing {
        direction: super::Direction::Down,
    };
    build(
        &compiled.model.design,
        &sizing,
        ranks::Choices::FIRST,
        GroupEntry::Early,
    )
    .expect("small enough")
}

pub fn build(
    design: &Design,
    sizing: &Sizing,
    choices: ranks::Choices,
    entry: GroupEntry,
) -> Result<Layered, TooLarge> {
    let graph = &design.graph;
    let ranking = ranks::rank(design, sizing.direction, choices);
    let oriented = oriented_flows(design, &ranking.reversed);
    // Label rows between the rows of components, when any flow shows a
    // label; otherwise flows go from row to row, as in dot.
    let labelled = graph
        .edge_references()
        .any(|e| sizing.flow_label(e.weight()).is_some());
    let stride = if labelled { 2 } else { 1 };
    let layer_of = |n: NodeIndex| ranking.rank.get(n.index()).copied().unwrap_or(0) * stride;
    let layer_count = ranking.rank.iter().max().map_or(1, |r| r * stride + 1);

    let group_index = ranks::group_index(design);
    let mut groups = group_infos(design, &group_index, sizing);
    let mut units = node_units(design, sizing, &group_index, &layer_of);
    set_spans(&units, &mut groups);
    check_points(&oriented, &groups, units.len(), &layer_of)?;
    let label_layers = label_rows(design, sizing, &oriented, &layer_of);
    let mut entry_differs = false;
    let chains = oriented
        .into_iter()
        .zip(label_layers)
        .map(|(flow, label_layer)| {
            let rows = Rows {
                label_layer,
                stride,
                entry,
            };
            let (chain, differs) =
                chain(design, sizing, &groups, &mut units, &layer_of, flow, rows);
            entry_differs |= differs;
            chain
        })
        .collect();
    add_fillers(&groups, &mut units);
    Ok(Layered {
        units,
        layer_count,
        stride,
        chains,
        groups,
        fewer_reversals_differ: ranking.fewer_differ,
        stacking_differs: ranking.stacking_differs,
        entry_differs,
        choices,
    })
}

/// Where a chain's units stand: the layer of its label's unit, the layers
/// from one row of components to the next, and where it enters its
/// target's groups.
struct Rows {
    label_layer: usize,
    stride: usize,
    entry: GroupEntry,
}

/// The drawn flows, each with its upper and lower end; of a flow to a
/// group, only the one drawn to the group's box.
fn oriented_flows(design: &Design, reversed: &[bool]) -> Vec<Oriented> {
    design
        .graph
        .edge_references()
        .filter(|e| e.weight().drawn)
        .map(|e| {
            if reversed.get(e.id().index()).copied().unwrap_or(false) {
                (e.id(), e.target(), e.source(), true)
            } else {
                (e.id(), e.source(), e.target(), false)
            }
        })
        .collect()
}

/// A unit for each component, on its layer, sized for the drawing.
fn node_units(
    design: &Design,
    sizing: &Sizing,
    group_index: &HashMap<&str, usize>,
    layer_of: &impl Fn(NodeIndex) -> usize,
) -> Vec<Unit> {
    let graph = &design.graph;
    graph
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
        .collect()
}

/// Groups by index: parents, children and nesting depth.
fn group_infos(
    design: &Design,
    group_index: &HashMap<&str, usize>,
    sizing: &Sizing,
) -> Vec<GroupInfo> {
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
            min_breadth: sizing.group_title(g),
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
        let depth = ancestors(&groups, Some(i)).len().saturating_sub(1);
        if let Some(g) = groups.get_mut(i) {
            g.depth = depth;
        }
    }
    groups
}

/// `group` and the groups around it, innermost first.
pub(super) fn ancestors(groups: &[GroupInfo], group: Option<usize>) -> Vec<usize> {
    ranks::enclosing(group, |g| groups.get(g).and_then(|info| info.parent))
}

/// Spans: from members upwards through the parents.
fn set_spans(units: &[Unit], groups: &mut [GroupInfo]) {
    for unit in units {
        for g in ancestors(groups, unit.group) {
            if let Some(info) = groups.get_mut(g) {
                info.span = Some(match info.span {
                    Some((lo, hi)) => (lo.min(unit.layer), hi.max(unit.layer)),
                    None => (unit.layer, unit.layer),
                });
            }
        }
    }
}

fn group_points(info: &GroupInfo) -> usize {
    info.span.map_or(0, |(lo, hi)| hi - lo + 1)
}

/// What the drawing will cost, before any of it is built: a point on every
/// layer that a flow or a group passes between its ends.
fn check_points(
    oriented: &[Oriented],
    groups: &[GroupInfo],
    components: usize,
    layer_of: &dyn Fn(NodeIndex) -> usize,
) -> Result<(), TooLarge> {
    let flow_points =
        |upper: NodeIndex, lower: NodeIndex| layer_of(lower).saturating_sub(layer_of(upper) + 1);
    let points = oriented
        .iter()
        .map(|(_, upper, lower, _)| flow_points(*upper, *lower))
        .chain(groups.iter().map(group_points))
        .fold(components, usize::saturating_add);
    if points <= MAX_POINTS {
        return Ok(());
    }
    let rows = |layers: usize| layers.div_ceil(2);
    Err(TooLarge {
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
    })
}

/// How much label breadth (px) already in a row outweighs moving a label
/// one row of components further from the middle of its flow.
const ROW_SHIFT: f64 = 160.0;

/// The label row of each flow. A flow from one row of components to the
/// next has one; a longer flow takes, of the label rows it passes, the one
/// that best trades nearness to its middle against the labels already
/// there, so that long flows do not pile their labels into the row under
/// a busy component (ties go to the lower row).
fn label_rows(
    design: &Design,
    sizing: &Sizing,
    oriented: &[Oriented],
    layer_of: &dyn Fn(NodeIndex) -> usize,
) -> Vec<usize> {
    let spans: Vec<(usize, usize, f64)> = oriented
        .iter()
        .map(|(edge, upper, lower, _)| {
            let width = design
                .graph
                .edge_weight(*edge)
                .and_then(|flow| sizing.flow_label(flow))
                .map_or(0.0, |(width, height)| sizing.label_slot(width, height));
            (layer_of(*upper), layer_of(*lower), width)
        })
        .collect();
    let only_row = |top: usize, bottom: usize| (bottom == top + 2).then_some(top + 1);
    let mut load: HashMap<usize, f64> = HashMap::new();
    for &(top, bottom, width) in &spans {
        if let Some(row) = only_row(top, bottom) {
            *load.entry(row).or_default() += width;
        }
    }
    spans
        .iter()
        .map(|&(top, bottom, width)| {
            if let Some(row) = only_row(top, bottom) {
                return row;
            }
            let middle = top + bottom;
            let cost = |row: usize| {
                let off_middle = (2 * row).abs_diff(middle) as f64 / 4.0;
                load.get(&row).copied().unwrap_or(0.0) + ROW_SHIFT * off_middle
            };
            let fallback = ((middle / 2) | 1).min(bottom.saturating_sub(1));
            let row = (top + 1..bottom)
                .filter(|row| row % 2 == 1)
                .min_by(|a, b| cost(*a).total_cmp(&cost(*b)).then(b.cmp(a)))
                .unwrap_or(fallback);
            *load.entry(row).or_default() += width;
            row
        })
        .collect()
}

/// The chain of one flow: its upper end, a unit on each layer between (the
/// one on the label's layer carrying the label), its lower end; and
/// whether its units would stand in other groups with the other
/// [`GroupEntry`].
fn chain(
    design: &Design,
    sizing: &Sizing,
    groups: &[GroupInfo],
    units: &mut Vec<Unit>,
    layer_of: &dyn Fn(NodeIndex) -> usize,
    (edge, upper, lower, reversed): Oriented,
    rows: Rows,
) -> (Chain, bool) {
    let Rows {
        label_layer,
        stride,
        entry,
    } = rows;
    let (top, bottom) = (layer_of(upper), layer_of(lower));
    let upper_groups = ancestors(groups, units.get(upper.index()).and_then(|u| u.group));
    let lower_groups = ancestors(groups, units.get(lower.index()).and_then(|u| u.group));
    // The innermost group holding both ends: a flow that leaves a group
    // downwards leaves its box at once, so its label does not widen it.
    let group = upper_groups
        .iter()
        .copied()
        .find(|g| lower_groups.contains(g));
    // On the layers of its lower end's groups, the flow runs inside them,
    // beside their members, rather than around their boxes (its label too:
    // kept outside, labels made the chains step out and back in); entering
    // late, only on the layer before that end (see `GroupEntry`). That end
    // is the source of a flow drawn upwards: taking the upper end's groups
    // for those added crossings (fresh designs 887 → 909).
    let group_in = |layer: usize, entry: GroupEntry| {
        if entry == GroupEntry::Late && layer + stride <= bottom {
            return group;
        }
        lower_groups
            .iter()
            .copied()
            .take_while(|g| Some(*g) != group)
            .find(|g| {
                groups
                    .get(*g)
                    .and_then(|info| info.span)
                    .is_some_and(|(first, last)| first <= layer && layer <= last)
            })
            .or(group)
    };
    let group_on = |layer: usize| group_in(layer, entry);
    let differs = (top + 1..bottom)
        .any(|layer| group_in(layer, GroupEntry::Early) != group_in(layer, GroupEntry::Late));
    let label = design
        .graph
        .edge_weight(edge)
        .and_then(|flow| sizing.flow_label(flow));
    let mut chain_units = vec![upper.index()];
    let mut label_unit = None;
    for layer in top + 1..bottom {
        let (kind, breadth, depth) = match label {
            Some((width, height)) if layer == label_layer => (
                UnitKind::Label { width, height },
                sizing.label_slot(width, height),
                sizing.label_depth(width, height),
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
            group: group_on(layer),
        });
    }
    chain_units.push(lower.index());
    let chain = Chain {
        edge,
        units: chain_units,
        reversed,
        label: label_unit,
        kind: design
            .graph
            .edge_weight(edge)
            .map_or(crate::model::FlowKind::Sync, |flow| flow.kind),
    };
    (chain, differs)
}

/// Every group is present on every layer of its span: a filler where it
/// has nothing (indexed from the span's first layer: the budget bounds
/// their total).
fn add_fillers(groups: &[GroupInfo], units: &mut Vec<Unit>) {
    let mut present: Vec<Vec<bool>> = groups
        .iter()
        .map(|info| vec![false; group_points(info)])
        .collect();
    for unit in units.iter() {
        for g in ancestors(groups, unit.group) {
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
}
