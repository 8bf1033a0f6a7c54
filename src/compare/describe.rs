//! Missing pieces in words a reviewer would use: what the piece is, and
//! where it sits among the components both designs share ("a cache in
//! front of your `db`", "a stream between your `app` and “Click workers”").

use petgraph::Direction;
use petgraph::graph::NodeIndex;

use super::matching::Matching;
use super::role::label_words;
use crate::model::{Component, Design, FlowKind, Kind};

/// The two designs and how their components pair up.
pub struct Names<'a> {
    pub reference: &'a Design,
    pub mine: &'a Design,
    pub matching: &'a Matching,
}

/// What a kind is called in a sentence.
pub fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Client => "client",
        Kind::Dns => "DNS",
        Kind::Cdn => "CDN",
        Kind::Lb => "load balancer",
        Kind::Gateway => "API gateway",
        Kind::Service => "service",
        Kind::Worker => "worker",
        Kind::Cache => "cache",
        Kind::Sql => "SQL database",
        Kind::Nosql => "NoSQL store",
        Kind::Queue => "queue",
        Kind::Stream => "stream",
        Kind::Pubsub => "pub/sub topic",
        Kind::Blob => "object store",
        Kind::Search => "search index",
        Kind::Warehouse => "warehouse",
        Kind::Monitoring => "monitoring",
        Kind::Coordination => "coordination service",
        Kind::External => "third-party service",
    }
}

/// "a" or "an", by how the word is said ("an SQL database", "a NoSQL store").
pub fn article(word: &str) -> &'static str {
    let vowel_sound =
        word.chars().next().is_some_and(|c| "aeioAEIO".contains(c)) || word.starts_with("SQL");
    if vowel_sound { "an" } else { "a" }
}

/// "a cache (Redis) “Hot URLs”": the kind, its technology and its label.
pub fn piece(component: &Component) -> String {
    let noun = noun(component.kind);
    let technology = component
        .technology
        .map_or_else(String::new, |t| format!(" ({})", t.name));
    let label = component
        .label
        .as_deref()
        .map_or_else(String::new, |l| format!(" “{l}”"));
    format!("{} {noun}{technology}{label}", article(noun))
}

impl Names<'_> {
    /// A reference component as the reader knows it: `your `id`` when
    /// their design has it, else the reference's label.
    pub fn name(&self, reference: NodeIndex) -> String {
        if let Some(mine) = self.matching.mine(reference)
            && let Some(component) = self.mine.graph.node_weight(mine)
        {
            return format!("your `{}`", component.id);
        }
        self.reference
            .graph
            .node_weight(reference)
            .map_or_else(String::new, |c| format!("“{}”", c.title()))
    }

    fn listed(&self, nodes: &[NodeIndex]) -> String {
        let names: Vec<String> = nodes.iter().map(|n| self.name(*n)).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [first @ .., last] => format!("{} and {last}", first.join(", ")),
        }
    }

    fn around(&self, node: NodeIndex, direction: Direction) -> Vec<NodeIndex> {
        let mut nodes: Vec<NodeIndex> = self
            .reference
            .graph
            .neighbors_directed(node, direction)
            .filter(|n| *n != node)
            .collect();
        nodes.sort();
        nodes.dedup();
        // Paired neighbours first: the reader can find those.
        nodes.sort_by_key(|n| self.matching.mine(*n).is_none());
        nodes.truncate(2);
        nodes
    }

    /// The reference's component `node`, which the other design lacks,
    /// with where it sits.
    pub fn missing(&self, node: NodeIndex) -> String {
        let Some(component) = self.reference.graph.node_weight(node) else {
            return String::new();
        };
        let what = piece(component);
        let callers = self.around(node, Direction::Incoming);
        let callees = self.around(node, Direction::Outgoing);
        if let Some(owner) = dead_letters_of(self.reference, node) {
            return format!("{what}, the dead-letter queue of {}", self.name(owner));
        }
        let specific = match component.kind {
            Kind::Cache => self
                .store_behind(node)
                .map(|store| format!("in front of {}", self.name(store))),
            Kind::Cdn | Kind::Lb | Kind::Gateway if !callees.is_empty() => {
                Some(format!("in front of {}", self.listed(&callees)))
            }
            kind if kind.is_queue() && !callers.is_empty() => {
                let onwards: Vec<NodeIndex> = callees
                    .iter()
                    .copied()
                    .filter(|n| !callers.contains(n))
                    .collect();
                let to = if onwards.is_empty() {
                    &callees
                } else {
                    &onwards
                };
                Some(match to.as_slice() {
                    [] => format!("fed by {}", self.listed(&callers)),
                    to => format!("between {} and {}", self.listed(&callers), self.listed(to)),
                })
            }
            Kind::Worker if callers.iter().any(|n| self.is_queue(*n)) => {
                Some(format!("consuming {}", self.listed(&callers)))
            }
            _ => None,
        };
        let used = if kind_is_data(component.kind) {
            "used"
        } else {
            "called"
        };
        let instead = component
            .kind
            .is_queue()
            .then(|| self.synchronous_instead(node))
            .flatten();
        if let (Some(call), Some(place)) = (instead, &specific) {
            return format!("{what} {place}, instead of {call}");
        }
        let place = specific.or_else(|| match (callers.is_empty(), callees.is_empty()) {
            (false, _) => Some(format!("{used} by {}", self.listed(&callers))),
            (true, false) => Some(format!("calling {}", self.listed(&callees))),
            (true, true) => None,
        });
        match place {
            Some(place) => format!("{what} {place}"),
            None => what,
        }
    }

    /// The design's synchronous call that does the work the reference
    /// hands to `queue`: one from a producer's partner whose label shares
    /// a word with the queue's label or what the producer sends it.
    fn synchronous_instead(&self, queue: NodeIndex) -> Option<String> {
        let graph = &self.reference.graph;
        let mut words = label_words(graph.node_weight(queue)?.label.as_deref());
        for edge in graph.edges_directed(queue, Direction::Incoming) {
            words.extend(label_words(edge.weight().label.as_deref()));
        }
        let producers = graph.neighbors_directed(queue, Direction::Incoming);
        let mine = &self.mine.graph;
        producers
            .filter_map(|p| self.matching.mine(p))
            .find_map(|partner| {
                mine.edges_directed(partner, Direction::Outgoing)
                    .find_map(|edge| {
                        let flow = edge.weight();
                        let label = flow.label.as_deref()?;
                        let shared = label_words(Some(label))
                            .intersection(&words)
                            .next()
                            .is_some();
                        (flow.kind == FlowKind::Sync && shared).then(|| {
                            format!(
                                "your synchronous call `{} -> {}` (“{label}”)",
                                flow.from, flow.to
                            )
                        })
                    })
            })
    }

    fn is_queue(&self, node: NodeIndex) -> bool {
        self.reference
            .graph
            .node_weight(node)
            .is_some_and(|c| c.kind.is_queue())
    }

    /// The store a cache stands in front of: one it reads through to, or
    /// else one its callers also call.
    fn store_behind(&self, cache: NodeIndex) -> Option<NodeIndex> {
        let graph = &self.reference.graph;
        let is_store = |n: &NodeIndex| graph.node_weight(*n).is_some_and(|c| c.kind.is_datastore());
        let first = |nodes: Vec<NodeIndex>| {
            nodes
                .into_iter()
                .filter(is_store)
                .min_by_key(|n| (self.matching.mine(*n).is_none(), n.index()))
        };
        first(
            graph
                .neighbors_directed(cache, Direction::Outgoing)
                .collect(),
        )
        .or_else(|| {
            first(
                graph
                    .neighbors_directed(cache, Direction::Incoming)
                    .flat_map(|caller| graph.neighbors_directed(caller, Direction::Outgoing))
                    .collect(),
            )
        })
    }
}

fn kind_is_data(kind: Kind) -> bool {
    kind.is_datastore() || kind == Kind::Cache
}

/// The queue whose `dlq:` names `node` as its dead-letter queue.
pub fn dead_letters_of(design: &Design, node: NodeIndex) -> Option<NodeIndex> {
    let id = &design.graph.node_weight(node)?.id;
    design.graph.node_indices().find(|n| {
        design
            .graph
            .node_weight(*n)
            .and_then(|c| c.attribute("dlq"))
            .and_then(|v| v.as_text())
            == Some(id.as_str())
    })
}
