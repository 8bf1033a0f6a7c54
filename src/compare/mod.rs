//! Compare: a design against a reference answer to the same problem (a
//! bundled walkthrough), as an interviewer would mark it.
//!
//! Components are paired by role ([`role`], [`matching`]), never by id, so
//! renamed ids compare equal. Everything the reference has becomes an item
//! of the rubric ([`rubric`]): each of its pieces, the replicas, shards and
//! dead-letter queues of the pieces both have, its flows between paired
//! pieces, its numbers; findings only the other design has cost points too.
//! The report lists what is missing (in words, [`describe`]), what the
//! design adds, the numbers side by side and the score by dimension.

pub mod describe;
pub mod ghost;
pub mod matching;
mod requirements;
pub mod role;
pub mod rubric;

use std::collections::BTreeSet;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use crate::check::{Finding, Report, Target};
use crate::diagnostic::Severity;
use crate::estimate::{self, Estimate};
use crate::model::semantics::redundant;
use crate::model::{Design, FlowKind, Kind, Model, Semantics};
use describe::{Names, article, noun, piece};
use matching::{Matching, Pair};
pub use requirements::NumberRow;
use rubric::{Dimension, DimensionScore, Item, Source, kind_weight};

/// One design, checked, with what the comparison needs to know about it.
pub struct Side<'m> {
    pub model: &'m Model,
    pub report: &'m Report,
    semantics: Semantics,
    estimate: Option<Estimate>,
    /// A reference's numbers are the problem's (true), or its author's own
    /// choice where the problem gives none, which no answer has to match.
    numbers_given: bool,
}

impl<'m> Side<'m> {
    pub fn new(model: &'m Model, report: &'m Report) -> Side<'m> {
        let semantics = Semantics::of(&model.design);
        let estimate = estimate::estimate_with(model, &semantics);
        Side {
            model,
            report,
            semantics,
            estimate,
            numbers_given: true,
        }
    }

    /// For a reference whose problem states no scale: its figures are
    /// shown, not scored.
    pub fn with_own_numbers(self) -> Side<'m> {
        Side {
            numbers_given: false,
            ..self
        }
    }

    fn design(&self) -> &'m Design {
        &self.model.design
    }
}

/// The comparison of a design with a reference answer.
#[derive(Debug, Serialize)]
pub struct Comparison {
    pub score: u32,
    pub dimensions: Vec<DimensionScore>,
    pub matched: Vec<Paired>,
    /// What the reference has that the design lacks: pieces and properties.
    pub missing: Vec<Item>,
    /// The design's components the reference does without.
    pub extra: Vec<Extra>,
    /// The reference's flows between paired pieces that the design lacks.
    pub missing_flows: Vec<Item>,
    pub numbers: Vec<NumberRow>,
    /// Findings the design has and the reference does not.
    pub findings: Vec<Item>,
    /// Every item of the rubric, met or not.
    #[serde(skip)]
    pub items: Vec<Item>,
    #[serde(skip)]
    pub matching: Matching,
}

#[derive(Debug, Serialize)]
pub struct Paired {
    pub mine: String,
    pub reference: String,
    /// The reference component's label or id, as its report names it.
    pub reference_title: String,
    pub kind: Kind,
}

#[derive(Debug, Serialize)]
pub struct Extra {
    pub id: String,
    pub kind: Kind,
    pub what: String,
}

pub fn compare(mine: &Side, reference: &Side) -> Comparison {
    let reference_roles = role::roles(reference.design(), &reference.semantics);
    let mine_roles = role::roles(mine.design(), &mine.semantics);
    let matching = matching::match_roles(&Pair {
        reference: reference.design(),
        reference_roles: &reference_roles,
        mine: mine.design(),
        mine_roles: &mine_roles,
    });
    let names = Names {
        reference: reference.design(),
        mine: mine.design(),
        matching: &matching,
    };
    let mut items = pieces(mine, reference, &names);
    items.extend(properties(mine, reference, &names));
    items.extend(flows(&names));
    let (rows, number_items) = requirements::compare(mine, reference, reference.numbers_given);
    items.extend(number_items);
    items.extend(findings(mine, reference, &matching));
    let (score, dimensions) = rubric::score(&items);
    let unmet = |sources: &[Source]| -> Vec<Item> {
        items
            .iter()
            .filter(|i| !i.met && sources.contains(&i.source))
            .cloned()
            .collect()
    };
    Comparison {
        score,
        dimensions,
        matched: paired(&names),
        missing: unmet(&[Source::Piece, Source::Property]),
        extra: extra(&names),
        missing_flows: unmet(&[Source::Flow]),
        numbers: rows,
        findings: unmet(&[Source::Finding]),
        items,
        matching,
    }
}

fn paired(names: &Names) -> Vec<Paired> {
    names
        .reference
        .graph
        .node_indices()
        .filter_map(|r| {
            let reference = names.reference.graph.node_weight(r)?;
            let mine = names.mine.graph.node_weight(names.matching.mine(r)?)?;
            Some(Paired {
                mine: mine.id.clone(),
                reference: reference.id.clone(),
                reference_title: reference.title().to_string(),
                kind: reference.kind,
            })
        })
        .collect()
}

fn extra(names: &Names) -> Vec<Extra> {
    names
        .mine
        .graph
        .node_indices()
        .filter(|m| names.matching.reference(*m).is_none())
        .filter_map(|m| names.mine.graph.node_weight(m))
        .map(|c| Extra {
            id: c.id.clone(),
            kind: c.kind,
            what: piece(c),
        })
        .collect()
}

/// Each of the reference's components: in the high-level design, and in
/// the dimension its kind serves.
fn pieces(mine: &Side, reference: &Side, names: &Names) -> Vec<Item> {
    let graph = &names.reference.graph;
    let replicas: Vec<Option<String>> = graph
        .node_indices()
        .map(|node| {
            replicas_stated(mine, reference, names, node)
                .or_else(|| dead_letters_stated(mine, names, node))
        })
        .collect();
    let met: Vec<bool> = graph
        .node_indices()
        .map(|node| {
            names.matching.mine(node).is_some()
                || replicas.get(node.index()).is_some_and(Option::is_some)
        })
        .collect();
    let weights = idea_weights(names.reference, &met);
    let mut items = Vec::new();
    for node in graph.node_indices() {
        let Some(component) = graph.node_weight(node) else {
            continue;
        };
        let said = replicas.get(node.index()).cloned().flatten();
        let what = match (names.matching.mine(node), said) {
            (Some(_), _) => format!("{} ({})", piece(component), names.name(node)),
            (None, Some(said)) => said,
            (None, None) => names.missing(node),
        };
        let dimensions =
            std::iter::once(Dimension::Completeness).chain(Dimension::of_kind(component.kind));
        for dimension in dimensions {
            items.push(Item {
                dimension,
                source: Source::Piece,
                weight: weights.get(node.index()).copied().unwrap_or(0.0),
                met: met.get(node.index()).copied().unwrap_or(false),
                what: what.clone(),
                reference: Some(component.id.clone()),
            });
        }
    }
    items
}

/// Each reference component's weight, where missing pieces joined by flows
/// are one missing idea (a service and its store, a stream and its
/// consumers): the heaviest counts in full, the others half.
fn idea_weights(reference: &Design, met: &[bool]) -> Vec<f64> {
    let graph = &reference.graph;
    let missing = |n: NodeIndex| !met.get(n.index()).copied().unwrap_or(true);
    let mut idea: Vec<usize> = (0..graph.node_count()).collect();
    // Union-find with path halving: near-linear on any design.
    fn root(idea: &mut [usize], mut n: usize) -> usize {
        while let Some(&parent) = idea.get(n).filter(|p| **p != n) {
            let grandparent = idea.get(parent).copied().unwrap_or(parent);
            if let Some(slot) = idea.get_mut(n) {
                *slot = grandparent;
            }
            n = grandparent;
        }
        n
    }
    for edge in graph.edge_references() {
        if missing(edge.source()) && missing(edge.target()) {
            let (a, b) = (
                root(&mut idea, edge.source().index()),
                root(&mut idea, edge.target().index()),
            );
            if let Some(slot) = idea.get_mut(a.max(b)) {
                *slot = a.min(b);
            }
        }
    }
    let full = |n: NodeIndex| graph.node_weight(n).map_or(0.0, |c| kind_weight(c.kind));
    let mut heaviest: std::collections::HashMap<usize, NodeIndex> =
        std::collections::HashMap::new();
    for node in graph.node_indices().filter(|n| missing(*n)) {
        let key = root(&mut idea, node.index());
        let best = heaviest.entry(key).or_insert(node);
        if full(node) > full(*best) {
            *best = node;
        }
    }
    graph
        .node_indices()
        .map(|node| {
            let leads = heaviest.get(&root(&mut idea, node.index())) == Some(&node);
            if missing(node) && !leads {
                full(node) / 2.0
            } else {
                full(node)
            }
        })
        .collect()
}

/// A reference component that is a queue's dead-letter queue (`dlq: ID`),
/// where the design marks its partner of that queue `dlq: true` instead.
fn dead_letters_stated(mine: &Side, names: &Names, node: NodeIndex) -> Option<String> {
    let owner = describe::dead_letters_of(names.reference, node)?;
    let ours = mine
        .design()
        .graph
        .node_weight(names.matching.mine(owner)?)?;
    has_dead_letters(ours).then(|| format!("a dead-letter queue for your `{}`", ours.id))
}

fn has_dead_letters(component: &crate::model::Component) -> bool {
    component
        .attribute("dlq")
        .is_some_and(|v| v.as_bool() != Some(false))
}

/// A reference component drawn as the read replicas of a primary (by
/// `replica_of`, or fed by a flow that says "replication"), where the
/// design states replicas on its partner of the primary instead.
fn replicas_stated(
    mine: &Side,
    reference: &Side,
    names: &Names,
    node: NodeIndex,
) -> Option<String> {
    let graph = &reference.design().graph;
    let stated = reference
        .semantics
        .component(node)
        .and_then(|m| m.replica_of.as_ref().map(|(primary, _)| *primary));
    let replicating = || {
        graph
            .edges_directed(node, petgraph::Direction::Incoming)
            .find_map(|edge| {
                let label = edge.weight().label.as_deref().unwrap_or("").to_lowercase();
                label.contains("replicat").then(|| edge.source())
            })
    };
    let primary = stated.or_else(replicating)?;
    let partner = names.matching.mine(primary)?;
    let ours = mine.design().graph.node_weight(partner)?;
    let copies = ours.instances > 1
        || mine
            .semantics
            .component(partner)
            .is_some_and(|m| m.replicas > 0 || m.replication.unwrap_or(1) > 1);
    let theirs = graph.node_weight(node)?;
    copies.then(|| {
        format!(
            "replicas of your `{}` (the reference draws them as “{}”)",
            ours.id,
            theirs.title()
        )
    })
}

/// What the reference does with a piece both designs have: more than one
/// copy, shards, a dead-letter queue, the kind of store.
fn properties(mine: &Side, reference: &Side, names: &Names) -> Vec<Item> {
    let mut items = Vec::new();
    for r in reference.design().graph.node_indices() {
        let Some(m) = names.matching.mine(r) else {
            continue;
        };
        let (Some(theirs), Some(ours)) = (
            reference.design().graph.node_weight(r),
            mine.design().graph.node_weight(m),
        ) else {
            continue;
        };
        let mut item = |dimension, weight, met, what: String| {
            items.push(Item {
                dimension,
                source: Source::Property,
                weight,
                met,
                what,
                reference: Some(theirs.id.clone()),
            });
        };
        let is_redundant =
            |side: &Side, node: NodeIndex, c| redundant(c, side.semantics.component(node));
        if theirs.kind != Kind::Client && is_redundant(reference, r, theirs) {
            let what = if theirs.kind.is_datastore() || theirs.kind == Kind::Cache {
                format!("replicas or a standby for your `{}`", ours.id)
            } else {
                let how = if theirs.instances > 1 {
                    format!("runs x{}", theirs.instances)
                } else {
                    "uses a redundant one".to_string()
                };
                format!(
                    "more than one instance of your `{}` (the reference {how})",
                    ours.id
                )
            };
            item(
                Dimension::Reliability,
                1.0,
                is_redundant(mine, m, ours),
                what,
            );
        }
        if let Some(shards) = sharding(theirs) {
            let what = format!("shard your `{}` (the reference: {shards})", ours.id);
            item(Dimension::Scalability, 1.0, sharding(ours).is_some(), what);
        }
        // A dead-letter queue the reference draws is judged as a piece.
        let drawn = theirs.attribute("dlq").and_then(|v| v.as_text()).is_some();
        if has_dead_letters(theirs) && !drawn {
            let met = has_dead_letters(ours);
            item(
                Dimension::Reliability,
                0.5,
                met,
                format!("a dead-letter queue for your `{}`", ours.id),
            );
        }
        if theirs.kind.is_datastore() {
            let what = format!(
                "“{}” in {} {}, as the reference keeps it (yours: {})",
                theirs.title(),
                article(noun(theirs.kind)),
                noun(theirs.kind),
                noun(ours.kind)
            );
            item(Dimension::Data, 1.0, theirs.kind == ours.kind, what);
        }
    }
    items
}

/// How a store is sharded, when it is: `shards: 16 by short_key`.
fn sharding(component: &crate::model::Component) -> Option<String> {
    let count = component
        .attribute("shards")
        .and_then(|v| v.as_f64())
        .filter(|n| *n > 1.0);
    let key = component
        .attributes
        .0
        .get("shard_key")
        .or_else(|| component.attributes.0.get("partition_key"))
        .map(|a| a.text.clone());
    match (count, key) {
        (None, None) => None,
        (Some(n), Some(key)) => Some(format!("{n} shards by {key}")),
        (Some(n), None) => Some(format!("{n} shards")),
        (None, Some(key)) => Some(format!("sharded by {key}")),
    }
}

/// The reference's flows between pieces both designs have: the design has
/// one between the partners (either way round, or through a piece of its
/// own), and sends it the same way (waiting or not).
fn flows(names: &Names) -> Vec<Item> {
    let reference = &names.reference.graph;
    let mine = &names.mine.graph;
    let mut seen = BTreeSet::new();
    let mut items = Vec::new();
    for edge in reference.edge_references() {
        let (r1, r2) = (edge.source(), edge.target());
        let (Some(m1), Some(m2)) = (names.matching.mine(r1), names.matching.mine(r2)) else {
            continue;
        };
        if r1 == r2 || !seen.insert((r1, r2)) {
            continue;
        }
        let flow = edge.weight();
        let label = flow
            .label
            .as_deref()
            .map_or_else(String::new, |l| format!(" (“{l}”)"));
        let direct: Vec<FlowKind> = mine
            .edges_connecting(m1, m2)
            .chain(mine.edges_connecting(m2, m1))
            .map(|e| e.weight().kind)
            .collect();
        let through_own = mine
            .neighbors(m1)
            .any(|x| names.matching.reference(x).is_none() && mine.find_edge(x, m2).is_some());
        items.push(Item {
            dimension: Dimension::Completeness,
            source: Source::Flow,
            weight: 0.5,
            met: !direct.is_empty() || through_own,
            what: format!(
                "a flow from {} to {}{label}",
                names.name(r1),
                names.name(r2)
            ),
            reference: Some(format!("{} -> {}", flow.from, flow.to)),
        });
        if flow.kind == FlowKind::Async && !direct.is_empty() {
            items.push(Item {
                dimension: Dimension::Async,
                source: Source::Property,
                weight: 1.0,
                met: direct.contains(&FlowKind::Async),
                what: format!(
                    "send{label} from {} to {} without waiting (`~>`), as the reference does",
                    names.name(r1),
                    names.name(r2)
                ),
                reference: Some(format!("{} ~> {}", flow.from, flow.to)),
            });
        }
    }
    items
}

/// The design's warnings and errors that the reference has no counterpart
/// of: the same rule on the paired component or flow, or on the design.
fn findings(mine: &Side, reference: &Side, matching: &Matching) -> Vec<Item> {
    let theirs: BTreeSet<(&str, Option<NodeIndex>, Option<NodeIndex>)> = reference
        .report
        .findings
        .iter()
        .map(|f| {
            let (a, b) = ends(reference.design(), f.target);
            (f.rule, a, b)
        })
        .collect();
    mine.report
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .filter(|f| {
            let (a, b) = ends(mine.design(), f.target);
            // A paired component's copies and dead-letter queue are judged
            // against the reference's (see `properties`), not by the rule.
            let judged_by_property = matches!(
                f.rule,
                "single-point-of-failure" | "missing-dead-letter-queue"
            );
            let partner = a
                .filter(|_| b.is_none())
                .and_then(|a| Some((a, matching.reference(a)?)));
            if let Some((ours, theirs)) = partner {
                if judged_by_property {
                    return false;
                }
                // Sized as the reference sizes it: the estimate's load, not
                // the design, differs.
                if f.rule == "capacity-exceeded"
                    && sized_alike(mine.design(), ours, reference.design(), theirs)
                {
                    return false;
                }
            }
            let translate = |n: Option<NodeIndex>| n.map(|n| matching.reference(n));
            match (translate(a), translate(b)) {
                (Some(None), _) | (_, Some(None)) => true,
                (a, b) => !theirs.contains(&(f.rule, a.flatten(), b.flatten())),
            }
        })
        .map(|f| finding_item(mine.design(), f))
        .collect()
}

/// At least as many instances as the reference's partner, of the same
/// stated capacity.
fn sized_alike(mine: &Design, ours: NodeIndex, reference: &Design, theirs: NodeIndex) -> bool {
    let (Some(ours), Some(theirs)) = (
        mine.graph.node_weight(ours),
        reference.graph.node_weight(theirs),
    ) else {
        return false;
    };
    let capacity =
        |c: &crate::model::Component| c.attributes.0.get("capacity").map(|a| a.value.as_f64());
    ours.instances >= theirs.instances && capacity(ours) == capacity(theirs)
}

/// A finding's component, or its flow's two ends.
fn ends(design: &Design, target: Target) -> (Option<NodeIndex>, Option<NodeIndex>) {
    match target {
        Target::Design => (None, None),
        Target::Component(node) => (Some(node), None),
        Target::Flow(edge) => match design.graph.edge_endpoints(edge) {
            Some((a, b)) => (Some(a), Some(b)),
            None => (None, None),
        },
    }
}

fn finding_item(design: &Design, finding: &Finding) -> Item {
    let on = match ends(design, finding.target) {
        (Some(a), None) => design
            .graph
            .node_weight(a)
            .map(|c| format!(" on `{}`", c.id)),
        (Some(a), Some(b)) => design
            .graph
            .node_weight(a)
            .zip(design.graph.node_weight(b))
            .map(|(a, b)| format!(" on `{} -> {}`", a.id, b.id)),
        _ => None,
    };
    Item {
        dimension: Dimension::of_rule(finding.rule),
        source: Source::Finding,
        weight: if finding.severity == Severity::Error {
            1.0
        } else {
            0.5
        },
        met: false,
        what: format!(
            "{}{}: {}",
            finding.rule,
            on.unwrap_or_default(),
            finding.message
        ),
        reference: None,
    }
}
