//! Diff: what changed between two versions of a design, by meaning rather
//! than by line — components and flows added, removed and changed (kind,
//! technology, label, instances, group, attributes), groups added and
//! removed, and the checker's findings introduced and resolved.
//!
//! Components are matched by id. Flows are matched by their ends: flows
//! between the same two components pair up by equal labels first, then in
//! order. Findings are matched by rule and target, so a finding whose
//! numbers changed is neither introduced nor resolved.

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::{EdgeIndex, NodeIndex};
use serde::Serialize;

use crate::check::{self, Finding, Report, Target};
use crate::diagnostic::Severity;
use crate::model::{Attributes, Component, Design, Flow, FlowKind, Model};

#[derive(Debug, Default, Serialize)]
pub struct Diff {
    pub title: Option<FieldChange>,
    pub components: Changes<ComponentSummary, Changed>,
    pub flows: Changes<FlowSummary, FlowChange>,
    pub groups: Changes<String, Changed>,
    /// `allow` suppressions added and removed.
    pub allows: Changes<AllowSummary, AllowSummary>,
    pub findings: FindingChanges,
}

impl Diff {
    /// Nothing in the design changed (findings follow from the design).
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.components.is_empty()
            && self.flows.is_empty()
            && self.groups.is_empty()
            && self.allows.is_empty()
    }
}

#[derive(Debug, Serialize)]
pub struct Changes<Item, Change> {
    pub added: Vec<Item>,
    pub removed: Vec<Item>,
    pub changed: Vec<Change>,
}

impl<Item, Change> Default for Changes<Item, Change> {
    fn default() -> Self {
        Changes {
            added: Vec::new(),
            removed: Vec::new(),
            changed: Vec::new(),
        }
    }
}

impl<Item, Change> Changes<Item, Change> {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// One field's value before and after; `None` where it was not set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

pub type FieldChanges = Vec<FieldChange>;

#[derive(Debug, Serialize)]
pub struct ComponentSummary {
    pub id: String,
    pub kind: String,
    pub label: Option<String>,
}

/// A component or group that is in both versions, and what changed in it.
#[derive(Debug, Serialize)]
pub struct Changed {
    pub id: String,
    pub changes: FieldChanges,
}

#[derive(Debug, Serialize)]
pub struct FlowSummary {
    pub from: String,
    pub to: String,
    pub kind: FlowKind,
    pub label: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct FlowChange {
    pub from: String,
    pub to: String,
    pub changes: FieldChanges,
}

#[derive(Debug, Default, Serialize)]
pub struct FindingChanges {
    pub introduced: Vec<FindingSummary>,
    /// Findings the new version no longer has because it fixed them.
    pub resolved: Vec<FindingSummary>,
    /// Findings the new version still has, silenced by an `allow`.
    pub suppressed: Vec<FindingSummary>,
}

/// An `allow RULE "reason"` and where it stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AllowSummary {
    pub rule: String,
    /// The component id, `FROM -> TO` for a flow, or `design`.
    pub target: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FindingSummary {
    pub rule: &'static str,
    pub severity: Severity,
    /// The component id, `FROM -> TO` for a flow, or `design`.
    pub target: String,
    pub message: String,
}

/// The difference from `old` to `new`, given each version's check.
pub fn diff(old: &Model, old_report: &Report, new: &Model, new_report: &Report) -> Diff {
    Diff {
        title: change("title", old.title.clone(), new.title.clone()),
        components: components(&old.design, &new.design),
        flows: flows(&old.design, &new.design),
        groups: groups(&old.design, &new.design),
        allows: allows(old, new),
        findings: findings(old, old_report, new, new_report),
    }
}

/// Every `allow` of a model, with where it stands.
fn allow_summaries(model: &Model) -> Vec<AllowSummary> {
    let design = &model.design;
    let summary = |target: String| {
        move |allow: &crate::model::Allow| AllowSummary {
            rule: allow.rule.clone(),
            target: target.clone(),
            reason: allow.reason.clone(),
        }
    };
    let mut all: Vec<AllowSummary> = model.allows.iter().map(summary("design".into())).collect();
    for component in design.components() {
        all.extend(component.allows.iter().map(summary(component.id.clone())));
    }
    for flow in design.flows() {
        all.extend(
            flow.allows
                .iter()
                .map(summary(format!("{} -> {}", flow.from, flow.to))),
        );
    }
    all.dedup();
    all
}

fn allows(old: &Model, new: &Model) -> Changes<AllowSummary, AllowSummary> {
    let (before, after) = (allow_summaries(old), allow_summaries(new));
    Changes {
        added: after
            .iter()
            .filter(|a| !before.contains(a))
            .cloned()
            .collect(),
        removed: before
            .iter()
            .filter(|a| !after.contains(a))
            .cloned()
            .collect(),
        changed: Vec::new(),
    }
}

fn change(field: &str, old: Option<String>, new: Option<String>) -> Option<FieldChange> {
    (old != new).then(|| FieldChange {
        field: field.to_string(),
        old,
        new,
    })
}

fn summary(component: &Component) -> ComponentSummary {
    ComponentSummary {
        id: component.id.clone(),
        kind: component.kind.keyword().to_string(),
        label: component.label.clone(),
    }
}

fn components(old: &Design, new: &Design) -> Changes<ComponentSummary, Changed> {
    let mut changes = Changes::default();
    for component in new.components() {
        match old.component(&component.id) {
            None => changes.added.push(summary(component)),
            Some(before) => {
                let fields = component_fields(before, component);
                if !fields.is_empty() {
                    changes.changed.push(Changed {
                        id: component.id.clone(),
                        changes: fields,
                    });
                }
            }
        }
    }
    changes.removed = old
        .components()
        .filter(|component| new.component(&component.id).is_none())
        .map(summary)
        .collect();
    changes
}

fn component_fields(old: &Component, new: &Component) -> FieldChanges {
    let technology = |c: &Component| c.technology.map(|t| t.name.to_string());
    [
        change(
            "kind",
            Some(old.kind.keyword().to_string()),
            Some(new.kind.keyword().to_string()),
        ),
        change("technology", technology(old), technology(new)),
        change("label", old.label.clone(), new.label.clone()),
        change(
            "instances",
            Some(old.instances.to_string()),
            Some(new.instances.to_string()),
        ),
        change("group", old.group.clone(), new.group.clone()),
    ]
    .into_iter()
    .flatten()
    .chain(attribute_changes(&old.attributes, &new.attributes))
    .collect()
}

/// Attributes compared by value (`24h` and `1d` are the same TTL), shown as
/// written.
fn attribute_changes(old: &Attributes, new: &Attributes) -> FieldChanges {
    let keys: BTreeSet<&String> = old.0.keys().chain(new.0.keys()).collect();
    keys.into_iter()
        .filter_map(|key| {
            let (before, after) = (old.0.get(key), new.0.get(key));
            let same = match (before, after) {
                (Some(a), Some(b)) => a.value == b.value,
                (None, None) => true,
                _ => false,
            };
            (!same).then(|| FieldChange {
                field: format!("attribute {key}"),
                old: before.map(|a| a.text.clone()),
                new: after.map(|a| a.text.clone()),
            })
        })
        .collect()
}

fn flow_summary(flow: &Flow) -> FlowSummary {
    FlowSummary {
        from: flow.from.clone(),
        to: flow.to.clone(),
        kind: flow.kind,
        label: flow.label.clone(),
    }
}

/// Pairs each flow of `new` with one of `old` between the same components:
/// equal labels first, then in order. Unpaired flows are additions and
/// removals.
fn match_flows<'a>(
    old: &'a Design,
    new: &'a Design,
) -> (Vec<(&'a Flow, &'a Flow)>, Vec<&'a Flow>, Vec<&'a Flow>) {
    let mut by_ends: BTreeMap<(&str, &str), Vec<&Flow>> = BTreeMap::new();
    for flow in old.flows() {
        by_ends
            .entry((flow.from.as_str(), flow.to.as_str()))
            .or_default()
            .push(flow);
    }
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    for flow in new.flows() {
        if let Some(candidates) = by_ends.get_mut(&(flow.from.as_str(), flow.to.as_str()))
            && let Some(at) = candidates.iter().position(|c| c.label == flow.label)
        {
            pairs.push((candidates.remove(at), flow));
        } else {
            unmatched.push(flow);
        }
    }
    let mut added = Vec::new();
    for flow in unmatched {
        match by_ends.get_mut(&(flow.from.as_str(), flow.to.as_str())) {
            Some(candidates) if !candidates.is_empty() => {
                pairs.push((candidates.remove(0), flow));
            }
            _ => added.push(flow),
        }
    }
    let removed = by_ends.into_values().flatten().collect();
    (pairs, added, removed)
}

fn flows(old: &Design, new: &Design) -> Changes<FlowSummary, FlowChange> {
    let (pairs, added, removed) = match_flows(old, new);
    let mut changed: Vec<FlowChange> = pairs
        .into_iter()
        .filter_map(|(before, after)| {
            let fields = flow_fields(before, after);
            (!fields.is_empty()).then(|| FlowChange {
                from: after.from.clone(),
                to: after.to.clone(),
                changes: fields,
            })
        })
        .collect();
    changed.sort_by(|a, b| (&a.from, &a.to).cmp(&(&b.from, &b.to)));
    Changes {
        added: added.into_iter().map(flow_summary).collect(),
        removed: removed.into_iter().map(flow_summary).collect(),
        changed,
    }
}

fn flow_fields(old: &Flow, new: &Flow) -> FieldChanges {
    let kind = |flow: &Flow| Some(flow.kind.arrow().to_string());
    [
        change("kind", kind(old), kind(new)),
        change("label", old.label.clone(), new.label.clone()),
    ]
    .into_iter()
    .flatten()
    .chain(attribute_changes(&old.attributes, &new.attributes))
    .collect()
}

fn groups(old: &Design, new: &Design) -> Changes<String, Changed> {
    let mut changes = Changes::default();
    for group in &new.groups {
        match old.group(&group.id) {
            None => changes.added.push(group.id.clone()),
            Some(before) => {
                let fields: FieldChanges = [
                    change("label", before.label.clone(), group.label.clone()),
                    change("parent", before.parent.clone(), group.parent.clone()),
                ]
                .into_iter()
                .flatten()
                .collect();
                if !fields.is_empty() {
                    changes.changed.push(Changed {
                        id: group.id.clone(),
                        changes: fields,
                    });
                }
            }
        }
    }
    changes.removed = old
        .groups
        .iter()
        .filter(|group| new.group(&group.id).is_none())
        .map(|group| group.id.clone())
        .collect();
    changes
}

/// What a finding is about, by name: a component id, `FROM -> TO` or `design`.
fn target_name(design: &Design, target: Target) -> String {
    let described = check::describe(design, target);
    match (described.component, described.flow) {
        (Some(id), _) => id,
        (None, Some([from, to])) => format!("{from} -> {to}"),
        (None, None) => "design".to_string(),
    }
}

fn findings(old: &Model, old_report: &Report, new: &Model, new_report: &Report) -> FindingChanges {
    let summarise = |design: &Design, finding: &Finding| FindingSummary {
        rule: finding.rule,
        severity: finding.severity,
        target: target_name(design, finding.target),
        message: finding.message.clone(),
    };
    // Old findings by rule and target; each new finding takes one away.
    let mut before: BTreeMap<(&str, String), Vec<FindingSummary>> = BTreeMap::new();
    for finding in old_report
        .findings
        .iter()
        .map(|f| summarise(&old.design, f))
    {
        before
            .entry((finding.rule, finding.target.clone()))
            .or_default()
            .push(finding);
    }
    let mut introduced = Vec::new();
    for finding in new_report
        .findings
        .iter()
        .map(|f| summarise(&new.design, f))
    {
        let key = (finding.rule, finding.target.clone());
        if before.get_mut(&key).and_then(Vec::pop).is_none() {
            introduced.push(finding);
        }
    }
    // What is gone but silenced in the new version was suppressed, not fixed.
    let mut suppressed = Vec::new();
    for finding in new_report
        .suppressed
        .iter()
        .map(|f| summarise(&new.design, f))
    {
        let key = (finding.rule, finding.target.clone());
        if let Some(old) = before.get_mut(&key).and_then(Vec::pop) {
            suppressed.push(old);
        }
    }
    FindingChanges {
        introduced,
        resolved: before.into_values().flatten().collect(),
        suppressed,
    }
}

/// How a component or flow of a merged design changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Added,
    Changed,
    Removed,
    /// In a comparison's picture: a reference answer's piece the design
    /// lacks, drawn ghosted where it would go.
    Missing,
}

/// What [`merged`] marks, by index into its design.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    pub components: BTreeMap<NodeIndex, Mark>,
    pub flows: BTreeMap<EdgeIndex, Mark>,
}

/// The new design plus what it lost from the old one, each component and
/// flow marked as added, changed or removed, to draw the change in one
/// picture. A removed component keeps its group if the group is still there.
pub fn merged(old: &Design, new: &Design) -> (Design, Marks) {
    let (pairs, added_flows, removed_flows) = match_flows(old, new);
    let removed_components: Vec<Component> = old
        .components()
        .filter(|component| new.component(&component.id).is_none())
        .map(|component| Component {
            group: component.group.clone().filter(|g| new.group(g).is_some()),
            ..component.clone()
        })
        .collect();
    let mut flows: Vec<Flow> = new.flows().cloned().collect();
    flows.extend(removed_flows.iter().map(|&flow| flow.clone()));
    let design = Design::from_parts(
        new.components().cloned().chain(removed_components),
        flows,
        new.groups.iter().cloned(),
    );

    let mut marks = Marks::default();
    for node in design.graph.node_indices() {
        let Some(component) = design.graph.node_weight(node) else {
            continue;
        };
        let mark = match (old.component(&component.id), new.component(&component.id)) {
            (_, None) => Some(Mark::Removed),
            (None, Some(_)) => Some(Mark::Added),
            (Some(before), Some(after)) if !component_fields(before, after).is_empty() => {
                Some(Mark::Changed)
            }
            _ => None,
        };
        if let Some(mark) = mark {
            marks.components.insert(node, mark);
        }
    }
    // `from_parts` adds the flows in order: the new design's first, then
    // the removed ones.
    let changed_flows: Vec<&Flow> = pairs
        .iter()
        .filter(|(before, after)| !flow_fields(before, after).is_empty())
        .map(|(_, after)| *after)
        .collect();
    let new_count = new.graph.edge_count();
    for (position, edge) in design.graph.edge_indices().enumerate() {
        let mark = if position >= new_count {
            Some(Mark::Removed)
        } else {
            let flow = new.graph.edge_weight(EdgeIndex::new(position));
            let is =
                |list: &[&Flow]| flow.is_some_and(|f| list.iter().any(|g| std::ptr::eq(*g, f)));
            if is(&added_flows) {
                Some(Mark::Added)
            } else if is(&changed_flows) {
                Some(Mark::Changed)
            } else {
                None
            }
        };
        if let Some(mark) = mark {
            marks.flows.insert(edge, mark);
        }
    }
    (design, marks)
}
