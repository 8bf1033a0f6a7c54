//! What each flow does and what each component holds, for the estimate and
//! the checker to read instead of label words.
//!
//! A design can say it: `op: read | write | both` and `tags: [media, …]` on
//! a flow, `store: true`, `entry: true`, `rate`, `replication` and
//! `replica_of` on a component. Where it does not, the meaning is inferred —
//! from the kinds at a flow's ends, then from words in labels, ids and
//! technologies — and every inference keeps its [`Source`], so a finding and
//! `wb export --to json` can say what was guessed and from which words.

use std::collections::HashSet;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::vocabulary::{self, Access};
use super::{Component, Design, Flow, FlowKind, Kind, Value};

/// What a flow does with the data at its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    Read,
    Write,
    Both,
    /// Nothing says; the estimate lets such a flow carry reads and writes.
    Unknown,
}

/// Where a piece of meaning comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "from", rename_all = "lowercase")]
pub enum Source {
    /// An attribute says it.
    Stated,
    /// A component's kind implies it (a flow into a CDN reads).
    Kind { kind: Kind },
    /// Words in a label, id, technology or tag suggest it.
    Words { words: Vec<String> },
    /// Nothing says; the default holds.
    Default,
}

impl Source {
    /// How a finding names the source, or `None` when it was stated.
    pub fn explain(&self) -> Option<String> {
        match self {
            Source::Stated => None,
            Source::Kind { kind } => Some(format!("inferred from the kind `{}`", kind.keyword())),
            Source::Words { words } => Some(format!("inferred from {}", quoted(words))),
            Source::Default => Some("assumed by default".into()),
        }
    }
}

/// Words in quotes, separated by commas, as findings name them.
pub fn quoted<S: AsRef<str>>(words: &[S]) -> String {
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("\"{}\"", w.as_ref()))
        .collect();
    quoted.join(", ")
}

/// A value with where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Known<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Known<T> {
    fn stated(value: T) -> Self {
        Known {
            value,
            source: Source::Stated,
        }
    }

    fn from_kind(value: T, kind: Kind) -> Self {
        Known {
            value,
            source: Source::Kind { kind },
        }
    }

    fn from_words(value: T, words: Vec<String>) -> Self {
        Known {
            value,
            source: Source::Words { words },
        }
    }

    fn default(value: T) -> Self {
        Known {
            value,
            source: Source::Default,
        }
    }
}

/// What a flow carries: media bytes, only their metadata, money, or slow
/// work (messages to people, media processing, reports).
pub mod tag {
    pub const MEDIA: &str = "media";
    pub const METADATA: &str = "metadata";
    pub const PAYMENTS: &str = "payments";
    pub const SLOW: &str = "slow";
    pub const EVENTS: &str = "events";
    /// Tags a design may state that mean the same as [`MEDIA`].
    pub const MEDIA_LIKE: &[&str] = &["media", "static", "files", "images", "video", "blobs"];
}

#[derive(Clone, Debug, Serialize)]
pub struct FlowMeaning {
    pub from: String,
    pub to: String,
    pub op: Known<Op>,
    /// What the flow carries (see [`tag`]), each with its source.
    pub tags: Vec<Known<&'static str>>,
    /// The flow's own rate (`rate:`), requests per second on average.
    pub rate: Option<f64>,
}

impl FlowMeaning {
    pub fn has(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t.value == tag)
    }

    pub fn tag(&self, tag: &str) -> Option<&Known<&'static str>> {
        self.tags.iter().find(|t| t.value == tag)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct ComponentMeaning {
    pub id: String,
    /// Owns durable data: a datastore kind, `store: true`, or a service whose
    /// name says it keeps an index or a graph.
    pub store: Known<bool>,
    /// Originates load: a client, or `entry: true`.
    pub entry: Known<bool>,
    /// A client the system's own staff use (an admin console, an ops
    /// dashboard), as its name says (`vocabulary::OPERATORS`): its requests
    /// are few beside the users'.
    pub staff: Known<bool>,
    /// The load it originates (`rate:` on an entry), per second on average.
    pub rate: Option<f64>,
    /// Copies of each item (`replication: 3`), when stated.
    pub replication: Option<u32>,
    /// The component this one is a read replica of (`replica_of: ID`).
    #[serde(serialize_with = "node_id")]
    pub replica_of: Option<(NodeIndex, String)>,
    /// How many components are read replicas of this one.
    pub replicas: usize,
}

fn node_id<S: serde::Serializer>(
    node: &Option<(NodeIndex, String)>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match node {
        Some((_, id)) => serializer.serialize_str(id),
        None => serializer.serialize_none(),
    }
}

/// The meaning of every component and flow of a design, by index.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Semantics {
    pub components: Vec<ComponentMeaning>,
    pub flows: Vec<FlowMeaning>,
}

/// Words in a service's name that say it owns its data.
const OWNS_DATA: &[&str] = &["index", "indexes", "indexer", "graph", "storage", "ledger"];

impl Semantics {
    pub fn of(design: &Design) -> Semantics {
        let graph = &design.graph;
        let mut components: Vec<ComponentMeaning> = graph
            .node_indices()
            .filter_map(|node| graph.node_weight(node))
            .map(|component| component_meaning(design, component))
            .collect();
        let primaries: Vec<NodeIndex> = components
            .iter()
            .filter_map(|c| c.replica_of.as_ref().map(|(primary, _)| *primary))
            .collect();
        for primary in primaries {
            if let Some(meaning) = components.get_mut(primary.index()) {
                meaning.replicas += 1;
            }
        }
        let flows = graph
            .edge_references()
            .map(|e| {
                let kind_at = |node: NodeIndex| graph.node_weight(node).map(|c| c.kind);
                flow_meaning(e.weight(), kind_at(e.source()), kind_at(e.target()))
            })
            .collect();
        Semantics { components, flows }
    }

    pub fn component(&self, node: NodeIndex) -> Option<&ComponentMeaning> {
        self.components.get(node.index())
    }

    pub fn flow(&self, edge: petgraph::graph::EdgeIndex) -> Option<&FlowMeaning> {
        self.flows.get(edge.index())
    }

    pub fn op(&self, edge: petgraph::graph::EdgeIndex) -> Op {
        self.flow(edge).map_or(Op::Unknown, |f| f.op.value)
    }

    pub fn is_store(&self, node: NodeIndex) -> bool {
        self.component(node).is_some_and(|c| c.store.value)
    }
}

fn component_meaning(design: &Design, component: &Component) -> ComponentMeaning {
    let stated = |key: &str| component.attribute(key).and_then(Value::as_bool);
    let store = match stated("store") {
        Some(value) => Known::stated(value),
        None if component.kind.is_datastore() => Known::from_kind(true, component.kind),
        // A Bloom filter only grows: it is the set, not a copy of one.
        None if component
            .technology
            .is_some_and(|t| t.keyword == "bloom_filter") =>
        {
            Known::from_words(true, vec!["bloom_filter".into()])
        }
        None if matches!(component.kind, Kind::Service | Kind::Worker) => {
            let words = matching_words(&[component.id.as_str(), component.title()], OWNS_DATA);
            if words.is_empty() {
                Known::default(false)
            } else {
                Known::from_words(true, words)
            }
        }
        None => Known::default(false),
    };
    let entry = match stated("entry") {
        Some(value) => Known::stated(value),
        None if component.kind == Kind::Client => Known::from_kind(true, Kind::Client),
        None => Known::default(false),
    };
    let staff_words = if component.kind == Kind::Client {
        matching_words(
            &[component.id.as_str(), component.title()],
            vocabulary::OPERATORS,
        )
    } else {
        Vec::new()
    };
    let staff = if staff_words.is_empty() {
        Known::default(false)
    } else {
        Known::from_words(true, staff_words)
    };
    let replica_of = component
        .attribute("replica_of")
        .and_then(Value::as_text)
        .and_then(|id| design.node(id).map(|node| (node, id.to_string())));
    ComponentMeaning {
        id: component.id.clone(),
        store,
        entry,
        staff,
        rate: component.attribute("rate").and_then(Value::as_f64),
        replication: component
            .attribute("replication")
            .and_then(Value::as_f64)
            .map(|n| n as u32),
        replica_of,
        replicas: 0,
    }
}

fn flow_meaning(flow: &Flow, source: Option<Kind>, target: Option<Kind>) -> FlowMeaning {
    FlowMeaning {
        from: flow.from.clone(),
        to: flow.to.clone(),
        op: op(flow, source, target),
        tags: tags(flow, target),
        rate: flow.attributes.get("rate").and_then(Value::as_f64),
    }
}

/// The `op` as stated; else what the label's verbs say (a pipeline loading
/// into a warehouse writes); else what the target's kind implies (a CDN serves
/// reads; a queue takes messages).
fn op(flow: &Flow, source: Option<Kind>, target: Option<Kind>) -> Known<Op> {
    if let Some(stated) = flow.attributes.get("op").and_then(Value::as_text) {
        let value = match stated {
            "read" => Op::Read,
            "write" => Op::Write,
            _ => Op::Both,
        };
        return Known::stated(value);
    }
    let (mut access, words) = vocabulary::access_with_words(flow.label.as_deref());
    // From a pipeline into a warehouse, "load" is the last step of an ETL
    // job: a write ("load redemptions"). A dashboard loading a report
    // reads.
    let loads = !words.is_empty() && words.iter().all(|w| w == "load");
    let pipeline = flow.kind == FlowKind::Async
        || matches!(
            source,
            Some(Kind::Worker | Kind::Queue | Kind::Stream | Kind::Pubsub)
        );
    if target == Some(Kind::Warehouse) && access == Access::Read && loads && pipeline {
        access = Access::Write;
    }
    match access {
        Access::Read => return Known::from_words(Op::Read, words),
        Access::Write => return Known::from_words(Op::Write, words),
        Access::Both => return Known::from_words(Op::Both, words),
        Access::Unknown => {}
    }
    if crate::model::is_scrape(source, target) {
        return Known::from_kind(Op::Read, Kind::Monitoring);
    }
    match target {
        Some(Kind::Cdn) if flow.kind != FlowKind::Both => Known::from_kind(Op::Read, Kind::Cdn),
        Some(kind @ (Kind::Queue | Kind::Stream | Kind::Pubsub))
            if !source.is_some_and(|s| matches!(s, Kind::Queue | Kind::Stream | Kind::Pubsub)) =>
        {
            Known::from_kind(Op::Write, kind)
        }
        _ => Known::default(Op::Unknown),
    }
}

/// The stated tags that name what a flow carries, or else those its
/// label and protocol suggest.
fn tags(flow: &Flow, target: Option<Kind>) -> Vec<Known<&'static str>> {
    let stated: Vec<&str> = flow
        .attributes
        .get("tags")
        .map(Value::words)
        .unwrap_or_default();
    if !stated.is_empty() {
        let mut tags: Vec<Known<&'static str>> = Vec::new();
        for word in stated {
            let word = word.to_lowercase();
            let tag = if tag::MEDIA_LIKE.contains(&word.as_str()) {
                Some(tag::MEDIA)
            } else {
                [tag::METADATA, tag::PAYMENTS, tag::SLOW, tag::EVENTS]
                    .into_iter()
                    .find(|t| *t == word)
            };
            if let Some(tag) = tag
                && !tags.iter().any(|t| t.value == tag)
            {
                tags.push(Known::stated(tag));
            }
        }
        return tags;
    }
    let label = flow.label.as_deref().unwrap_or("");
    let mut tags = Vec::new();
    let describes = matching_words(&[label], vocabulary::DESCRIBES_MEDIA);
    let references = matching_words(&[label], ROW_WORDS);
    let media = matching_words(&[label], vocabulary::MEDIA);
    // A question about media ("is the video live?", "which server has the
    // video?") is answered with a fact about it, not the bytes.
    let asks = label.trim_end().ends_with('?');
    if !describes.is_empty() || (!media.is_empty() && (!references.is_empty() || asks)) {
        let mut words = describes;
        words.extend(references);
        if asks && words.is_empty() {
            words.push("?".to_string());
        }
        tags.push(Known::from_words(tag::METADATA, words));
    } else if !media.is_empty() {
        tags.push(Known::from_words(tag::MEDIA, media));
    }
    let money = matching_words(&[label], vocabulary::MONEY);
    if !money.is_empty() {
        tags.push(Known::from_words(tag::PAYMENTS, money));
    }
    let mut slow = matching_words(&[label], vocabulary::SLOW_WORK);
    slow.extend(vocabulary::fan_outs(
        &vocabulary::words(label).collect::<Vec<_>>(),
    ));
    slow.extend(to_every_recipient(label));
    if !slow.is_empty() {
        tags.push(Known::from_words(tag::SLOW, slow));
    }
    if let Some(kind @ (Kind::Stream | Kind::Pubsub)) = target {
        tags.push(Known::from_kind(tag::EVENTS, kind));
    }
    tags
}

/// Words that say a write stores a reference or a row about media, not the
/// bytes: "write photo row", "save image URL".
const ROW_WORDS: &[&str] = &[
    "row",
    "rows",
    "record",
    "records",
    "url",
    "urls",
    "key",
    "keys",
    "id",
    "ids",
    "path",
    "reference",
    "ref",
    "link",
    "links",
];

/// "to each follower", "all subscribers": one call per recipient.
fn to_every_recipient(label: &str) -> Vec<String> {
    const EVERY: &[&str] = &["each", "every", "all"];
    const RECIPIENTS: &[&str] = &[
        "follower",
        "followers",
        "subscriber",
        "subscribers",
        "friend",
        "friends",
        "member",
        "members",
        "recipient",
        "recipients",
    ];
    let words: Vec<String> = vocabulary::words(label).collect();
    words
        .windows(2)
        .filter_map(|pair| match pair {
            [every, who]
                if EVERY.contains(&every.as_str()) && RECIPIENTS.contains(&who.as_str()) =>
            {
                Some(format!("{every} {who}"))
            }
            _ => None,
        })
        .collect()
}

/// The words of `texts` that an entry of `vocabulary` matches, each once.
fn matching_words(texts: &[&str], vocabulary: &[&str]) -> Vec<String> {
    let mut found: Vec<String> = texts
        .iter()
        .flat_map(|text| vocabulary::words(text))
        .filter(|word| vocabulary::matches(vocabulary, word))
        .collect();
    found.dedup();
    found
}

/// Whether each component is a queue where failed messages go: another
/// names it (`dlq: ID`) or its name says so ("DLQ", "dead letters").
pub fn dead_letter_queues(design: &Design) -> Vec<bool> {
    let named: HashSet<&str> = design
        .graph
        .node_weights()
        .filter_map(|c| c.attribute("dlq").and_then(Value::as_text))
        .collect();
    design
        .graph
        .node_weights()
        .map(|queue| {
            if !queue.kind.is_queue() {
                return false;
            }
            let words: Vec<String> = [queue.id.as_str(), queue.label.as_deref().unwrap_or("")]
                .into_iter()
                .flat_map(vocabulary::words)
                .collect();
            let has = |w: &str| words.iter().any(|word| word == w);
            let one_word = words.iter().any(|w| w.starts_with("deadletter"));
            named.contains(queue.id.as_str())
                || has("dlq")
                || one_word
                || (has("dead") && (has("letter") || has("letters")))
        })
        .collect()
}

/// Redundant by nature, outside the design, or run with more than one copy:
/// several instances, `replication`, a read replica (or being one), a
/// standby, or a managed service. Object stores keep several copies by
/// design.
pub fn redundant(component: &Component, meaning: Option<&ComponentMeaning>) -> bool {
    let by_nature = matches!(
        component.kind,
        Kind::Client | Kind::External | Kind::Cdn | Kind::Dns | Kind::Monitoring | Kind::Blob
    );
    by_nature
        || component.instances > 1
        || meaning.and_then(|m| m.replication).unwrap_or(1) > 1
        || meaning.is_some_and(|m| m.replicas > 0 || m.replica_of.is_some())
        || component.attributes.flag("standby")
        || component.is_managed()
}
