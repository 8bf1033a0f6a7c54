//! The picture of a comparison: the design as it is, plus the reference's
//! missing pieces and flows, marked to be drawn ghosted where they would go.

use std::collections::{BTreeMap, HashSet};

use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::matching::Matching;
use crate::diff::{Mark, Marks};
use crate::model::{Component, Design, Flow};

/// The design plus the reference's missing components (renamed when their
/// id is taken) and every reference flow the design lacks between pieces it
/// has or gains, all marked [`Mark::Missing`].
pub fn with_missing(mine: &Design, reference: &Design, matching: &Matching) -> (Design, Marks) {
    let mut taken: HashSet<String> = mine.components().map(|c| c.id.clone()).collect();
    let mut ids: BTreeMap<NodeIndex, String> = BTreeMap::new();
    let mut ghosts = Vec::new();
    for node in reference.graph.node_indices() {
        let Some(component) = reference.graph.node_weight(node) else {
            continue;
        };
        if let Some(partner) = matching.mine(node).and_then(|m| mine.graph.node_weight(m)) {
            ids.insert(node, partner.id.clone());
            continue;
        }
        let id = free_id(&component.id, &taken);
        taken.insert(id.clone());
        ids.insert(node, id.clone());
        ghosts.push(Component {
            id,
            group: None,
            allows: Vec::new(),
            stage: None,
            ..component.clone()
        });
    }
    let mut missing_flows = Vec::new();
    for edge in reference.graph.edge_references() {
        let (Some(from), Some(to)) = (ids.get(&edge.source()), ids.get(&edge.target())) else {
            continue;
        };
        let present = matching
            .mine(edge.source())
            .zip(matching.mine(edge.target()))
            .is_some_and(|(a, b)| {
                mine.graph.find_edge(a, b).is_some() || mine.graph.find_edge(b, a).is_some()
            });
        if !present && edge.weight().drawn {
            missing_flows.push(Flow {
                from: from.clone(),
                to: to.clone(),
                to_group: None,
                allows: Vec::new(),
                stage: None,
                ..edge.weight().clone()
            });
        }
    }
    let ghost_count = ghosts.len();
    let flow_count = missing_flows.len();
    let design = Design::from_parts(
        mine.components().cloned().chain(ghosts),
        mine.flows().cloned().chain(missing_flows),
        mine.groups.iter().cloned(),
    );
    // `from_parts` keeps the order: the design's own first, then the ghosts.
    let marks = Marks {
        components: tail(design.graph.node_count(), ghost_count, NodeIndex::new),
        flows: tail(design.graph.edge_count(), flow_count, EdgeIndex::new),
    };
    (design, marks)
}

fn tail<I: Ord>(total: usize, count: usize, index: fn(usize) -> I) -> BTreeMap<I, Mark> {
    (total.saturating_sub(count)..total)
        .map(|i| (index(i), Mark::Missing))
        .collect()
}

/// `id`, or `id_reference`, `id_reference_2`, … when the design has it.
fn free_id(id: &str, taken: &HashSet<String>) -> String {
    if !taken.contains(id) {
        return id.to_string();
    }
    let base = format!("{id}_reference");
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}_{n}")
            }
        })
        .find(|candidate| !taken.contains(candidate))
        .unwrap_or(base)
}
