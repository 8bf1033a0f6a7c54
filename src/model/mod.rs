//! Stage 2, model: resolves the AST into a typed graph of components and
//! flows (petgraph), with groups, walkthroughs and stages. Names are resolved
//! here, values are typed here, and every semantic error is reported here.

pub mod hints;
pub mod kind;
mod resolve;
pub mod semantics;
pub mod value;
pub mod vocabulary;

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

pub use kind::{Kind, Technology};
pub use resolve::{MAX_COMPONENTS, MAX_FLOWS, MAX_STAGED, resolve, slug};
pub use semantics::{Op, Semantics};
pub use value::Value;

use crate::span::Span;

/// A resolved design: the final graph, plus the walkthroughs over it and the
/// graph as it stands after each stage.
#[derive(Debug, Serialize)]
pub struct Model {
    pub title: Option<String>,
    /// Where the `design` block is, for findings about the whole design.
    #[serde(skip)]
    pub design_span: Option<Span>,
    /// The `design` block's settings (`direction`, `availability`, …).
    pub settings: Attributes,
    /// The `scale` block, if the design has one.
    pub scale: Option<Attributes>,
    /// Where the `scale` block is.
    #[serde(skip)]
    pub scale_span: Option<Span>,
    /// `allow` suppressions that apply to the whole design.
    pub allows: Vec<Allow>,
    #[serde(flatten)]
    pub design: Design,
    pub walkthroughs: Vec<Walkthrough>,
    pub stages: Vec<Stage>,
}

/// Components, flows and groups at one point of the design's growth.
#[derive(Debug, Default)]
pub struct Design {
    pub graph: DiGraph<Component, Flow>,
    pub groups: Vec<Group>,
    /// `align` hints that can hold, for the layout.
    pub aligns: Vec<hints::Align>,
    /// `note`s, drawn beside what they are about.
    pub notes: Vec<hints::Note>,
    index: HashMap<String, NodeIndex>,
    group_index: HashMap<String, usize>,
}

impl Design {
    /// A design of these components, the flows between them (a flow whose
    /// end is missing is left out) and these groups, whose members are
    /// filled in from each component's `group`.
    pub fn from_parts(
        components: impl IntoIterator<Item = Component>,
        flows: impl IntoIterator<Item = Flow>,
        groups: impl IntoIterator<Item = Group>,
    ) -> Design {
        let mut graph = DiGraph::new();
        let mut index = HashMap::new();
        let mut members: HashMap<String, Vec<String>> = HashMap::new();
        for component in components {
            if let Some(group) = &component.group {
                members
                    .entry(group.clone())
                    .or_default()
                    .push(component.id.clone());
            }
            index.insert(component.id.clone(), graph.add_node(component));
        }
        for flow in flows {
            if let (Some(&from), Some(&to)) = (index.get(&flow.from), index.get(&flow.to)) {
                graph.add_edge(from, to, flow);
            }
        }
        let groups: Vec<Group> = groups
            .into_iter()
            .map(|group| Group {
                members: members.remove(&group.id).unwrap_or_default(),
                ..group
            })
            .collect();
        let group_index = groups
            .iter()
            .enumerate()
            .map(|(i, group)| (group.id.clone(), i))
            .collect();
        Design {
            graph,
            groups,
            aligns: Vec::new(),
            notes: Vec::new(),
            index,
            group_index,
        }
    }

    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    pub fn component(&self, id: &str) -> Option<&Component> {
        self.node(id).and_then(|node| self.graph.node_weight(node))
    }

    pub fn components(&self) -> impl Iterator<Item = &Component> {
        self.graph.node_weights()
    }

    pub fn flows(&self) -> impl Iterator<Item = &Flow> {
        self.graph.edge_weights()
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.group_index.get(id).and_then(|i| self.groups.get(*i))
    }

    /// The flow the picture draws for a flow from `from` written to the
    /// group `group`: the one its members' flows stand behind, drawn as
    /// `kind` if one is (a call and a stream may both be written to a
    /// group), else the first.
    pub fn drawn_to_group(&self, from: &str, group: &str, kind: FlowKind) -> Option<EdgeIndex> {
        let drawn = self.graph.edge_indices().filter_map(|e| {
            let flow = self.graph.edge_weight(e)?;
            (flow.drawn && flow.from == from && flow.to_group.as_deref() == Some(group))
                .then_some((e, flow.kind))
        });
        drawn
            .clone()
            .find(|(_, drawn_as)| *drawn_as == kind)
            .or_else(|| drawn.clone().next())
            .map(|(e, _)| e)
    }
}

impl Serialize for Design {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let components: Vec<&Component> = self.components().collect();
        let flows: Vec<&Flow> = self.flows().collect();
        let mut state = serializer.serialize_struct("Design", 5)?;
        state.serialize_field("components", &components)?;
        state.serialize_field("flows", &flows)?;
        state.serialize_field("groups", &self.groups)?;
        state.serialize_field("aligns", &self.aligns)?;
        state.serialize_field("notes", &self.notes)?;
        state.end()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Component {
    pub id: String,
    pub kind: Kind,
    #[serde(serialize_with = "technology_name")]
    pub technology: Option<&'static Technology>,
    pub label: Option<String>,
    /// `xN` or `replicas: N`; 1 when neither is given.
    pub instances: u32,
    pub attributes: Attributes,
    /// The innermost group that holds the component.
    pub group: Option<String>,
    pub allows: Vec<Allow>,
    /// The stage (1-based) that added or last changed the component; `None`
    /// for components declared outside any stage.
    pub stage: Option<usize>,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub id_span: Span,
}

impl Model {
    /// No component anywhere: not in the design, nor in any stage.
    pub fn is_empty(&self) -> bool {
        self.design.graph.node_count() == 0
            && self
                .stages
                .iter()
                .all(|stage| stage.design.graph.node_count() == 0)
    }
}

impl Component {
    /// The label, or the id when there is none.
    pub fn title(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.id)
    }

    /// Run by a cloud provider as a redundant service, or marked `managed`.
    pub fn is_managed(&self) -> bool {
        self.attributes.flag("managed")
            || self
                .technology
                .is_some_and(|t| vocabulary::MANAGED.contains(&t.keyword))
    }

    /// The shards that multiply the instances: a SQL database's `xN`
    /// counts each shard's primary and replicas, so its `shards` does;
    /// other stores spread their shards over their `xN` nodes (1).
    pub fn instance_shards(&self) -> f64 {
        if self.kind != Kind::Sql {
            return 1.0;
        }
        self.attribute("shards")
            .and_then(Value::as_f64)
            .unwrap_or(1.0)
            .max(1.0)
    }

    pub fn attribute(&self, key: &str) -> Option<&Value> {
        self.attributes.get(key)
    }

    /// A cache that is the store of record (`store: true`): it answers
    /// every read and holds its data, in front of no other store.
    pub fn is_cache_of_record(&self) -> bool {
        self.kind == Kind::Cache && self.attributes.flag("store")
    }
}

fn technology_name<S: Serializer>(
    technology: &Option<&'static Technology>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match technology {
        Some(technology) => serializer.serialize_str(technology.name),
        None => serializer.serialize_none(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FlowKind {
    /// `->`: the caller waits for the answer.
    Sync,
    /// `~>`: fire and forget, through a queue or stream.
    Async,
    /// `<->`: both ways, e.g. a WebSocket.
    Both,
}

/// Whether the picture draws flow `edge` of `graph` against its
/// direction, whatever the cycles: a flow into a client from something
/// else is a push or a reply when the client calls out itself (it started
/// the exchange), and one from a monitoring system to something it watches
/// is a scrape. A client that only receives (a webhook's endpoints) is a
/// sink like any other, drawn below its callers. A two-way flow has no
/// direction of its own: written with such a client second (`notify <->
/// desktop`), it is drawn from the client like the client's calls, and
/// otherwise as written.
pub fn drawn_upwards(graph: &DiGraph<Component, Flow>, edge: EdgeIndex) -> bool {
    let (Some((from, to)), Some(flow)) = (graph.edge_endpoints(edge), graph.edge_weight(edge))
    else {
        return false;
    };
    let kind = |n: NodeIndex| graph.node_weight(n).map(|c| c.kind);
    let calls = || {
        graph
            .edges_directed(to, petgraph::Direction::Outgoing)
            .next()
            .is_some()
    };
    let into_client = kind(to) == Some(Kind::Client) && kind(from) != Some(Kind::Client);
    if flow.kind == FlowKind::Both {
        return into_client && calls();
    }
    let two_way = || {
        graph
            .edges_directed(to, petgraph::Direction::Incoming)
            .any(|e| e.weight().kind == FlowKind::Both)
    };
    (into_client && (calls() || two_way())) || is_scrape(kind(from), kind(to))
}

/// Whether a flow from `source` to `target` is a monitoring system's
/// scrape of something it watches.
pub fn is_scrape(source: Option<Kind>, target: Option<Kind>) -> bool {
    source == Some(Kind::Monitoring) && target != Some(Kind::Monitoring)
}

impl FlowKind {
    /// The arrow that writes this kind of flow.
    pub fn arrow(self) -> &'static str {
        match self {
            FlowKind::Sync => "->",
            FlowKind::Async => "~>",
            FlowKind::Both => "<->",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Flow {
    pub from: String,
    pub to: String,
    pub kind: FlowKind,
    pub label: Option<String>,
    pub attributes: Attributes,
    pub allows: Vec<Allow>,
    /// The stage (1-based) that added the flow; `None` outside any stage.
    pub stage: Option<usize>,
    /// Written to a group (`api ~> workers`): this flow is the one to this
    /// member, each member taking an even share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_group: Option<String>,
    /// Drawn: false for the members' flows of a flow to a group but the
    /// first, which is drawn to the group's box.
    #[serde(skip)]
    pub drawn: bool,
    #[serde(skip)]
    pub span: Span,
}

impl Flow {
    /// Where the picture draws the flow to: its group, for a flow written
    /// to a group, else its target.
    pub fn drawn_to(&self) -> &str {
        self.to_group.as_deref().unwrap_or(&self.to)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub id: String,
    pub label: Option<String>,
    /// The group this one is nested in.
    pub parent: Option<String>,
    /// Components directly in this group (not in a nested one).
    pub members: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A `flow "Name" { … }` walkthrough: numbered steps along the design's flows.
#[derive(Debug, Serialize)]
pub struct Walkthrough {
    pub name: String,
    /// The name in lower case with dashes, for file names (`flow-SLUG.svg`).
    pub slug: String,
    pub steps: Vec<Step>,
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Serialize)]
pub struct Step {
    pub from: String,
    pub to: String,
    pub label: Option<String>,
    /// The design flow this step travels along (an index into `flows`); a
    /// step may go against the flow's direction, as a response does. A step
    /// to a group, or to one member of a flow written to a group, travels
    /// the flow drawn to the group's box.
    #[serde(serialize_with = "edge_number")]
    pub flow: EdgeIndex,
    #[serde(skip)]
    pub span: Span,
}

fn edge_number<S: Serializer>(edge: &EdgeIndex, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_u64(edge.index() as u64)
}

/// A `stage "Name" { … }`: the design as it stands after this stage.
#[derive(Debug, Serialize)]
pub struct Stage {
    pub name: String,
    pub design: Design,
    /// Components and groups this stage removed.
    pub removed: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

/// `allow RULE "reason"`: silences one rule where it stands.
#[derive(Clone, Debug, Serialize)]
pub struct Allow {
    pub rule: String,
    pub reason: String,
    #[serde(skip)]
    pub span: Span,
}

/// Typed attributes by name, in name order.
#[derive(Clone, Debug, Default)]
pub struct Attributes(pub BTreeMap<String, Attribute>);

#[derive(Clone, Debug)]
pub struct Attribute {
    pub value: Value,
    /// The value as written (`24h`), for display.
    pub text: String,
    pub span: Span,
}

impl Attributes {
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).map(|attribute| &attribute.value)
    }

    /// True when the attribute is set to `true` (a bare flag counts).
    pub fn flag(&self, key: &str) -> bool {
        self.get(key).and_then(Value::as_bool).unwrap_or(false)
    }
}

impl Serialize for Attributes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, attribute) in &self.0 {
            map.serialize_entry(key, &attribute.value)?;
        }
        map.end()
    }
}
