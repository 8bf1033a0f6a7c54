//! What every rule needs to know about a design, computed once: the words of
//! each component and flow, which components sit on a request path from a
//! client, and which are reachable at all.

use std::collections::VecDeque;

use petgraph::Direction;
use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::{Finding, RuleMeta, Target};
use crate::estimate::{self, Estimate};
use crate::model::semantics::{ComponentMeaning, FlowMeaning};
use crate::model::{
    Component, Design, Flow, FlowKind, Kind, Model, Op, Semantics, Value, vocabulary,
};
use crate::span::Span;

/// Lower-case words of a component or flow: its id, label, technology,
/// protocol and tags.
#[derive(Debug, Default)]
pub struct Words(Vec<String>);

impl Words {
    fn from_texts<'a>(texts: impl IntoIterator<Item = &'a str>) -> Words {
        let mut words: Vec<String> = texts.into_iter().flat_map(vocabulary::words).collect();
        words.sort_unstable();
        words.dedup();
        Words(words)
    }

    /// Whether the words say a fan-out ("fan-out workers").
    pub fn says_fan_out(&self) -> bool {
        vocabulary::says_fan_out(&self.0)
    }

    pub fn any(&self, vocabulary: &[&str]) -> bool {
        self.0
            .iter()
            .any(|word| vocabulary::matches(vocabulary, word))
    }
}

pub struct Context<'m> {
    pub model: &'m Model,
    pub design: &'m Design,
    component_words: Vec<Words>,
    flow_words: Vec<Words>,
    semantics: Semantics,
    on_request_path: Vec<bool>,
    on_job_path: Vec<bool>,
    reachable: Vec<bool>,
    estimate: Option<Estimate>,
}

/// The first of `tags` that one of `words` matches.
fn first_tag<'m>(tags_value: Option<&'m Value>, words: &[&str]) -> Option<&'m str> {
    tags(tags_value)
        .into_iter()
        .find(|tag| vocabulary::matches(words, &tag.to_lowercase()))
}

fn tags(value: Option<&Value>) -> Vec<&str> {
    value.map(Value::words).unwrap_or_default()
}

impl<'m> Context<'m> {
    pub fn new(model: &'m Model) -> Self {
        let design = &model.design;
        let graph = &design.graph;
        let component_words = graph
            .node_weights()
            .map(|c| {
                let mut texts = vec![c.id.as_str(), c.title()];
                if let Some(technology) = c.technology {
                    texts.push(technology.keyword);
                    texts.push(technology.name);
                }
                texts.extend(c.attribute("tech").and_then(Value::as_text));
                texts.extend(tags(c.attribute("tags")));
                Words::from_texts(texts)
            })
            .collect();
        let flow_words = graph
            .edge_weights()
            .map(|f| {
                let mut texts: Vec<&str> = f.label.as_deref().into_iter().collect();
                texts.extend(f.attributes.get("protocol").and_then(Value::as_text));
                texts.extend(tags(f.attributes.get("tags")));
                Words::from_texts(texts)
            })
            .collect();
        let semantics = Semantics::of(design);
        let mut cx = Context {
            model,
            design,
            component_words,
            flow_words,
            estimate: estimate::estimate_with(model, &semantics),
            semantics,
            on_request_path: Vec::new(),
            on_job_path: Vec::new(),
            reachable: Vec::new(),
        };
        // Requests start at the clients and other stated entries (sources
        // are only a guess at where load starts, too weak to put anything
        // on a path someone waits on); a job that starts work on its own (a
        // worker marked `entry: true`) has nobody waiting on it: its calls
        // make a path of their own.
        let (starts, inferred) = estimate::load::entries(design, &cx.semantics);
        if !inferred {
            let (jobs, requests): (Vec<NodeIndex>, Vec<NodeIndex>) = starts
                .into_iter()
                .partition(|node| cx.kind(*node) == Some(Kind::Worker));
            cx.on_request_path = cx.reach(&requests, true);
            cx.on_job_path = cx.reach(&jobs, true);
        }
        let entries: Vec<NodeIndex> = cx
            .components()
            .filter(|(node, c)| {
                // As written: an exchange's `<->` feed starts at the exchange.
                let source = cx
                    .graph()
                    .edges_directed(*node, Direction::Incoming)
                    .next()
                    .is_none();
                cx.semantics.component(*node).is_some_and(|m| m.entry.value)
                    || c.attributes.flag("public")
                    || (source
                        && matches!(c.kind, Kind::Worker | Kind::Monitoring | Kind::External))
                    || (source && cx.calls_only_front_doors(*node))
            })
            .map(|(n, _)| n)
            .collect();
        cx.reachable = cx.reach(&entries, false);
        cx
    }

    /// Components reachable from `starts` along flows (both ways for `<->`);
    /// with `sync_only`, along synchronous flows only. Without it, a queue
    /// also reaches its dead-letter queue (`dlq: ID`), where failed messages
    /// go, and a read replica its primary, which it copies.
    fn reach(&self, starts: &[NodeIndex], sync_only: bool) -> Vec<bool> {
        let graph = self.graph();
        let mut seen = vec![false; graph.node_count()];
        let mut queue: VecDeque<NodeIndex> = VecDeque::new();
        for start in starts {
            if let Some(slot) = seen.get_mut(start.index()) {
                *slot = true;
                queue.push_back(*start);
            }
        }
        while let Some(node) = queue.pop_front() {
            let forward = graph
                .edges_directed(node, Direction::Outgoing)
                .filter(|e| !sync_only || is_sync(e.weight()))
                .map(|e| e.target());
            let backward = graph
                .edges_directed(node, Direction::Incoming)
                .filter(|e| e.weight().kind == FlowKind::Both)
                .map(|e| e.source());
            let dead_letters = (!sync_only).then(|| self.dead_letter_queue(node)).flatten();
            let primary = (!sync_only).then(|| self.replica_primary(node)).flatten();
            let next: Vec<NodeIndex> = forward
                .chain(backward)
                .chain(dead_letters)
                .chain(primary)
                .collect();
            for next in next {
                if let Some(slot) = seen.get_mut(next.index())
                    && !*slot
                {
                    *slot = true;
                    queue.push_back(next);
                }
            }
        }
        seen
    }

    /// Every flow out of `node` goes to a load balancer, gateway or CDN: it
    /// calls the system the way a client does (a billing system sending
    /// `POST /notify`).
    fn calls_only_front_doors(&self, node: NodeIndex) -> bool {
        let mut targets = self
            .outgoing(node)
            .map(|(_, _, to)| self.kind(to))
            .peekable();
        targets.peek().is_some()
            && targets.all(|kind| matches!(kind, Some(Kind::Lb | Kind::Gateway | Kind::Cdn)))
    }

    /// The component a queue names as its dead-letter queue (`dlq: ID`).
    pub fn dead_letter_queue(&self, node: NodeIndex) -> Option<NodeIndex> {
        let id = self
            .graph()
            .node_weight(node)?
            .attribute("dlq")?
            .as_text()?;
        self.design.node(id)
    }

    pub fn graph(&self) -> &'m DiGraph<Component, Flow> {
        &self.design.graph
    }

    pub fn components(&self) -> impl Iterator<Item = (NodeIndex, &'m Component)> + 'm {
        let graph = self.graph();
        graph
            .node_indices()
            .filter_map(move |n| graph.node_weight(n).map(|c| (n, c)))
    }

    /// Components of the given kinds.
    pub fn components_of(
        &self,
        kinds: &'static [Kind],
    ) -> impl Iterator<Item = (NodeIndex, &'m Component)> + 'm {
        self.components()
            .filter(move |(_, c)| kinds.contains(&c.kind))
    }

    /// Every flow with the components at its ends.
    pub fn flows(&self) -> impl Iterator<Item = (EdgeIndex, &'m Flow, NodeIndex, NodeIndex)> + 'm {
        self.graph()
            .edge_references()
            .map(|e| (e.id(), e.weight(), e.source(), e.target()))
    }

    pub fn component(&self, node: NodeIndex) -> Option<&'m Component> {
        self.graph().node_weight(node)
    }

    pub fn flow(&self, edge: EdgeIndex) -> Option<&'m Flow> {
        self.graph().edge_weight(edge)
    }

    pub fn kind(&self, node: NodeIndex) -> Option<Kind> {
        self.component(node).map(|c| c.kind)
    }

    /// Flows into `node`, with the component each comes from. A two-way
    /// flow (`<->`) comes in at either end: `notify <-> desktop` is the
    /// desktop's connection to the service as much as `desktop <-> notify`.
    pub fn incoming(
        &self,
        node: NodeIndex,
    ) -> impl Iterator<Item = (EdgeIndex, &'m Flow, NodeIndex)> + 'm {
        self.ends(node, Direction::Incoming)
    }

    /// Flows out of `node`, with the component each goes to; a two-way
    /// flow goes out at either end (see [`Context::incoming`]).
    pub fn outgoing(
        &self,
        node: NodeIndex,
    ) -> impl Iterator<Item = (EdgeIndex, &'m Flow, NodeIndex)> + 'm {
        self.ends(node, Direction::Outgoing)
    }

    /// The flows at `node` in `direction` with their other ends, two-way
    /// flows written the other way included.
    fn ends(
        &self,
        node: NodeIndex,
        direction: Direction,
    ) -> impl Iterator<Item = (EdgeIndex, &'m Flow, NodeIndex)> + 'm {
        let graph = self.graph();
        let other = move |e: petgraph::graph::EdgeReference<'m, Flow>| {
            if e.source() == node {
                e.target()
            } else {
                e.source()
            }
        };
        let written = graph.edges_directed(node, direction);
        let turned = graph
            .edges_directed(node, direction.opposite())
            .filter(move |e| e.weight().kind == FlowKind::Both && e.source() != e.target());
        written
            .chain(turned)
            .map(move |e| (e.id(), e.weight(), other(e)))
    }

    /// Components connected to `node` by a flow in either direction.
    pub fn neighbours(&self, node: NodeIndex) -> impl Iterator<Item = NodeIndex> + 'm {
        self.graph().neighbors_undirected(node)
    }

    /// Connected to something: by a flow, or as a read replica and its
    /// primary (`replica_of`), which replication joins.
    pub fn has_flows(&self, node: NodeIndex) -> bool {
        self.neighbours(node).next().is_some()
            || self.replica_primary(node).is_some()
            || self.meaning(node).is_some_and(|m| m.replicas > 0)
    }

    /// The component a read replica copies (`replica_of: ID`).
    pub fn replica_primary(&self, node: NodeIndex) -> Option<NodeIndex> {
        self.meaning(node)?.replica_of.as_ref().map(|(of, _)| *of)
    }

    pub fn words(&self, node: NodeIndex) -> &Words {
        self.component_words.get(node.index()).unwrap_or(&EMPTY)
    }

    /// Words of a flow's label, protocol and tags.
    pub fn flow_words(&self, edge: EdgeIndex) -> &Words {
        self.flow_words.get(edge.index()).unwrap_or(&EMPTY)
    }

    /// A flow of live media, or other traffic sent to an address handed out
    /// beforehand: its `protocol` is one of
    /// [`vocabulary::REAL_TIME_PROTOCOLS`].
    pub fn is_real_time(&self, edge: EdgeIndex) -> bool {
        self.flow(edge)
            .and_then(|flow| flow.attributes.get("protocol"))
            .and_then(Value::as_text)
            .is_some_and(|p| vocabulary::REAL_TIME_PROTOCOLS.contains(&p.to_lowercase().as_str()))
    }

    /// A flow only reads (see [`crate::model::semantics`]).
    pub fn is_read(&self, edge: EdgeIndex) -> bool {
        self.semantics.op(edge) == Op::Read
    }

    /// A flow only writes (see [`crate::model::semantics`]).
    pub fn is_write(&self, edge: EdgeIndex) -> bool {
        self.semantics.op(edge) == Op::Write
    }

    /// What a flow does and carries, stated or inferred.
    pub fn flow_meaning(&self, edge: EdgeIndex) -> Option<&FlowMeaning> {
        self.semantics.flow(edge)
    }

    /// What a component holds and originates, stated or inferred.
    pub fn meaning(&self, node: NodeIndex) -> Option<&ComponentMeaning> {
        self.semantics.component(node)
    }

    /// Owns durable data (see [`ComponentMeaning::store`]).
    pub fn is_store(&self, node: NodeIndex) -> bool {
        self.semantics.is_store(node)
    }

    /// Reachable from a client or other entry along synchronous flows:
    /// someone waits on it. A job's calls are not a request path
    /// ([`Context::on_job_path`]).
    pub fn on_request_path(&self, node: NodeIndex) -> bool {
        self.on_request_path
            .get(node.index())
            .copied()
            .unwrap_or(false)
    }

    /// A job that starts work on its own (a worker marked `entry: true`),
    /// or reachable from one along synchronous flows.
    pub fn on_job_path(&self, node: NodeIndex) -> bool {
        self.on_job_path.get(node.index()).copied().unwrap_or(false)
    }

    /// Reachable from a client, a public component, or a job or third party
    /// that starts work on its own.
    pub fn is_reachable(&self, node: NodeIndex) -> bool {
        self.reachable.get(node.index()).copied().unwrap_or(false)
    }

    /// The back-of-the-envelope estimate, when the design has a `scale`.
    pub fn estimate(&self) -> Option<&Estimate> {
        self.estimate.as_ref()
    }

    pub fn scale(&self, key: &str) -> Option<&'m Value> {
        self.model.scale.as_ref().and_then(|scale| scale.get(key))
    }

    /// Where design-wide findings point: the `design` block, or the start.
    pub fn design_span(&self) -> Span {
        self.model.design_span.unwrap_or_default()
    }

    /// Run by a cloud provider as a redundant service, or marked `managed`.
    pub fn is_managed(&self, node: NodeIndex) -> bool {
        self.component(node).is_some_and(Component::is_managed)
    }

    /// The component's tags include one of `words`.
    pub fn tagged(&self, node: NodeIndex, words: &[&str]) -> bool {
        self.tag_among(node, words).is_some()
    }

    /// The first of the component's tags that one of `words` matches.
    pub fn tag_among(&self, node: NodeIndex, words: &[&str]) -> Option<&'m str> {
        first_tag(self.component(node)?.attribute("tags"), words)
    }

    /// The first of the flow's tags that one of `words` matches.
    pub fn flow_tag_among(&self, edge: EdgeIndex, words: &[&str]) -> Option<&'m str> {
        first_tag(self.flow(edge)?.attributes.get("tags"), words)
    }

    pub fn at_component(
        &self,
        meta: &RuleMeta,
        node: NodeIndex,
        message: impl Into<String>,
    ) -> Finding {
        let span = self.component(node).map(|c| c.id_span).unwrap_or_default();
        Finding::new(meta, Target::Component(node), span, message)
    }

    pub fn at_flow(&self, meta: &RuleMeta, edge: EdgeIndex, message: impl Into<String>) -> Finding {
        let span = self.flow(edge).map(|f| f.span).unwrap_or_default();
        Finding::new(meta, Target::Flow(edge), span, message)
    }

    pub fn at_design(&self, meta: &RuleMeta, message: impl Into<String>) -> Finding {
        Finding::new(meta, Target::Design, self.design_span(), message)
    }

    /// `` `id` `` or `` `id` (Label) `` for messages.
    pub fn name(&self, node: NodeIndex) -> String {
        match self.component(node) {
            Some(c) => match &c.label {
                Some(label) if label != &c.id => format!("`{}` ({})", c.id, label),
                _ => format!("`{}`", c.id),
            },
            None => "a component".into(),
        }
    }

    pub fn id(&self, node: NodeIndex) -> &'m str {
        self.component(node).map_or("?", |c| c.id.as_str())
    }
}

static EMPTY: Words = Words(Vec::new());

/// Relational and NoSQL databases: the stores that serve queries.
pub const DATABASES: &[Kind] = &[Kind::Sql, Kind::Nosql];

/// Everything that keeps data: databases, caches, blob stores, search
/// indexes and warehouses.
pub const STORES: &[Kind] = &[
    Kind::Sql,
    Kind::Nosql,
    Kind::Cache,
    Kind::Blob,
    Kind::Search,
    Kind::Warehouse,
];

/// A caller waits for the answer: `->` and `<->`.
pub fn is_sync(flow: &Flow) -> bool {
    flow.kind != FlowKind::Async
}
