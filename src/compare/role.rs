//! The role a component plays, told without its id: its kind and
//! technology, the words of its label, what its flows connect it to and
//! carry, and how far it sits from where requests start.

use std::collections::{BTreeSet, VecDeque};

use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::estimate::load;
use crate::model::{Design, Kind, Semantics, vocabulary};

/// Kinds that can stand for one another, more or less.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Client,
    Dns,
    Edge,
    Front,
    Compute,
    Cache,
    Database,
    Messaging,
    Blob,
    Search,
    Monitoring,
    Coordination,
    External,
}

impl Family {
    pub fn of(kind: Kind) -> Family {
        match kind {
            Kind::Client => Family::Client,
            Kind::Dns => Family::Dns,
            Kind::Cdn => Family::Edge,
            Kind::Lb | Kind::Gateway => Family::Front,
            Kind::Service | Kind::Worker => Family::Compute,
            Kind::Cache => Family::Cache,
            Kind::Sql | Kind::Nosql | Kind::Warehouse => Family::Database,
            Kind::Queue | Kind::Stream | Kind::Pubsub => Family::Messaging,
            Kind::Blob => Family::Blob,
            Kind::Search => Family::Search,
            Kind::Monitoring => Family::Monitoring,
            Kind::Coordination => Family::Coordination,
            Kind::External => Family::External,
        }
    }
}

/// How well one kind stands for another: 1 for the same kind, less for a
/// neighbour in the same family or a near one, 0 when they cannot.
pub fn kind_affinity(reference: Kind, mine: Kind) -> f64 {
    use Kind::*;
    if reference == mine {
        return 1.0;
    }
    match (reference, mine) {
        (Sql, Nosql) | (Nosql, Sql) | (Lb, Gateway) | (Gateway, Lb) => 0.8,
        (Queue, Stream) | (Stream, Queue) | (Stream, Pubsub) | (Pubsub, Stream) => 0.8,
        (Queue, Pubsub) | (Pubsub, Queue) => 0.7,
        (Service, Worker) | (Worker, Service) => 0.6,
        (Warehouse, Sql | Nosql) | (Sql | Nosql, Warehouse) => 0.5,
        (Search, Nosql) | (Nosql, Search) => 0.4,
        (External, Service) | (Service, External) => 0.4,
        _ => 0.0,
    }
}

/// Words that say what kind of thing a component is rather than what it is
/// for: two labels sharing only these say nothing about sharing a role.
const GENERIC: &[&str] = &[
    "a",
    "an",
    "and",
    "api",
    "app",
    "application",
    "apps",
    "backend",
    "cache",
    "caches",
    "cluster",
    "db",
    "database",
    "databases",
    "for",
    "front",
    "in",
    "layer",
    "node",
    "nodes",
    "of",
    "on",
    "or",
    "pool",
    "primary",
    "replica",
    "replicas",
    "server",
    "servers",
    "service",
    "services",
    "store",
    "system",
    "the",
    "tier",
    "to",
    "web",
    "with",
];

/// The content words of a label, plural `s` dropped.
pub fn label_words(label: Option<&str>) -> BTreeSet<String> {
    label
        .map(|label| {
            vocabulary::words(label)
                .filter(|word| !GENERIC.contains(&word.as_str()))
                .map(|word| match word.strip_suffix('s') {
                    Some(stem) if stem.len() >= 3 && !stem.ends_with('s') => stem.to_string(),
                    _ => word,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The same word, or one word the stem of the other ("count" and
/// "counter", "limit" and "limiter"): the shorter at least four letters.
pub fn akin(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.chars().count() >= 4 && long.starts_with(short))
}

/// Whether `word` is akin to one of `words`.
pub fn has_akin<'a>(words: impl IntoIterator<Item = &'a String>, word: &str) -> bool {
    words.into_iter().any(|w| akin(w, word))
}

/// What a component does in its design, for matching.
#[derive(Clone, Debug)]
pub struct Role {
    pub kind: Kind,
    pub technology: Option<&'static str>,
    pub words: BTreeSet<String>,
    /// Hops from the nearest entry along the flows; `None` off every path.
    pub depth: Option<usize>,
    /// (outgoing?, family) of each flow's other end.
    pub neighbours: BTreeSet<(bool, Family)>,
    /// What its flows carry (`media`, `payments`, `events`, …).
    pub tags: BTreeSet<&'static str>,
}

/// The role of every component of `design`, by node index.
pub fn roles(design: &Design, semantics: &Semantics) -> Vec<Role> {
    let graph = &design.graph;
    let depths = depths(design, semantics);
    graph
        .node_indices()
        .filter_map(|node| {
            let component = graph.node_weight(node)?;
            let mut neighbours = BTreeSet::new();
            let mut tags = BTreeSet::new();
            for (outgoing, direction) in [(true, Direction::Outgoing), (false, Direction::Incoming)]
            {
                for edge in graph.edges_directed(node, direction) {
                    let other = if outgoing {
                        edge.target()
                    } else {
                        edge.source()
                    };
                    if let Some(other) = graph.node_weight(other) {
                        neighbours.insert((outgoing, Family::of(other.kind)));
                    }
                    if let Some(meaning) = semantics.flow(edge.id()) {
                        tags.extend(meaning.tags.iter().map(|tag| tag.value));
                    }
                }
            }
            Some(Role {
                kind: component.kind,
                technology: component.technology.map(|t| t.name),
                words: label_words(component.label.as_deref()),
                depth: depths.get(node.index()).copied().flatten(),
                neighbours,
                tags,
            })
        })
        .collect()
}

/// Hops from the nearest entry, following flows forwards.
fn depths(design: &Design, semantics: &Semantics) -> Vec<Option<usize>> {
    let graph = &design.graph;
    let (entries, _) = load::entries(design, semantics);
    let mut depth = vec![None; graph.node_count()];
    let mut queue: VecDeque<NodeIndex> = VecDeque::new();
    for entry in entries {
        if let Some(slot) = depth.get_mut(entry.index()) {
            *slot = Some(0);
            queue.push_back(entry);
        }
    }
    while let Some(node) = queue.pop_front() {
        let next = depth.get(node.index()).copied().flatten().unwrap_or(0) + 1;
        for neighbour in graph.neighbors_directed(node, Direction::Outgoing) {
            if let Some(slot @ None) = depth.get_mut(neighbour.index()) {
                *slot = Some(next);
                queue.push_back(neighbour);
            }
        }
    }
    depth
}
