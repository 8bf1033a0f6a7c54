//! Load on each component and flow: the design's reads and writes leave
//! the clients and follow the flows. A flow's `share` takes part of what
//! its source handles, `fanout` multiplies it and `batch` divides it; a cache's or CDN's `hit`
//! ratio keeps reads from what is behind it; a store passes on only its
//! writes; a queue or stream absorbs the peak, so its consumers see the
//! average.

use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::figures::Traffic;
use crate::model::vocabulary::{self, Access};
use crate::model::{Component, Design, FlowKind, Kind, Value};

/// A cache's hit ratio when the design does not give one: the 80/20 rule.
pub const DEFAULT_HIT: f64 = 0.8;

/// Requests per second, average and at peak, split into reads and writes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Load {
    pub read_avg: f64,
    pub write_avg: f64,
    pub read_peak: f64,
    pub write_peak: f64,
}

impl Load {
    pub fn peak(&self) -> f64 {
        self.read_peak + self.write_peak
    }

    pub fn average(&self) -> f64 {
        self.read_avg + self.write_avg
    }

    fn add(&mut self, other: Load) {
        self.read_avg += other.read_avg;
        self.write_avg += other.write_avg;
        self.read_peak += other.read_peak;
        self.write_peak += other.write_peak;
    }

    fn times(self, factor: f64) -> Load {
        Load {
            read_avg: self.read_avg * factor,
            write_avg: self.write_avg * factor,
            read_peak: self.read_peak * factor,
            write_peak: self.write_peak * factor,
        }
    }

    fn reads(self) -> Load {
        Load {
            write_avg: 0.0,
            write_peak: 0.0,
            ..self
        }
    }

    fn writes(self) -> Load {
        Load {
            read_avg: 0.0,
            read_peak: 0.0,
            ..self
        }
    }

    /// What a queue, stream or topic hands its consumers: every request
    /// that reached it is a message to write; a backlog absorbs the peak.
    fn messages(self, absorbs_peak: bool) -> Load {
        Load {
            read_avg: 0.0,
            read_peak: 0.0,
            write_avg: self.average(),
            write_peak: if absorbs_peak {
                self.average()
            } else {
                self.peak()
            },
        }
    }
}

/// The load on every component and flow the clients reach, by index.
#[derive(Clone, Debug, Default)]
pub struct Loads {
    pub nodes: Vec<Option<Load>>,
    pub flows: Vec<Option<Load>>,
    /// Caches and CDNs whose hit ratio was assumed.
    pub assumed_hits: Vec<NodeIndex>,
}

/// A flow as the load travels it: from the end the load arrives at.
#[derive(Clone, Copy)]
struct Hop {
    edge: EdgeIndex,
    to: NodeIndex,
}

pub fn propagate(design: &Design, traffic: &Traffic) -> Loads {
    let graph = &design.graph;
    let mut loads = Loads {
        nodes: vec![None; graph.node_count()],
        flows: vec![None; graph.edge_count()],
        assumed_hits: Vec::new(),
    };
    let (order, hops) = orient(design);
    let origin = Load {
        read_avg: traffic.read_avg.value,
        write_avg: traffic.write_avg.value,
        read_peak: traffic.read_peak.value,
        write_peak: traffic.write_peak.value,
    };
    for (node, load) in client_loads(design, origin) {
        if let Some(slot) = loads.nodes.get_mut(node.index()) {
            *slot = Some(load);
        }
    }
    for node in order {
        let Some(load) = loads.nodes.get(node.index()).copied().flatten() else {
            continue;
        };
        let Some(component) = graph.node_weight(node) else {
            continue;
        };
        let outgoing = hops.get(node.index()).map(Vec::as_slice).unwrap_or(&[]);
        for (hop, carried) in distribute(design, node, component, load, outgoing) {
            if let Some(slot) = loads.flows.get_mut(hop.edge.index()) {
                *slot = Some(carried);
            }
            if let Some(slot) = loads.nodes.get_mut(hop.to.index()) {
                slot.get_or_insert_with(Load::default).add(carried);
            }
        }
    }
    loads.assumed_hits = graph
        .node_indices()
        .filter(|node| {
            let loaded = loads.nodes.get(node.index()).is_some_and(Option::is_some);
            let cache = graph
                .node_weight(*node)
                .filter(|c| matches!(c.kind, Kind::Cache | Kind::Cdn));
            loaded && cache.is_some_and(|c| hit_ratio(c).is_none())
        })
        .collect();
    loads
}

/// A cache's or CDN's stated `hit` ratio, as a fraction.
fn hit_ratio(component: &Component) -> Option<f64> {
    fraction(component.attribute("hit"))
}

/// Each client's part of the traffic: the reads go to the clients with a
/// flow that reads (or does not say), the writes likewise, each client
/// taking its `share` or an even part of what the shares leave.
fn client_loads(design: &Design, origin: Load) -> Vec<(NodeIndex, Load)> {
    let graph = &design.graph;
    let clients: Vec<(NodeIndex, Access, Option<f64>)> = graph
        .node_indices()
        .filter_map(|node| {
            let component = graph.node_weight(node)?;
            if component.kind != Kind::Client {
                return None;
            }
            let mut said = graph
                .edges_directed(node, Direction::Outgoing)
                .map(|e| vocabulary::access(e.weight().label.as_deref()));
            let access = match said.next() {
                Some(first) if said.all(|other| other == first) => first,
                _ => Access::Unknown,
            };
            Some((node, access, fraction(component.attribute("share"))))
        })
        .collect();
    let access: Vec<Access> = clients.iter().map(|(_, access, _)| *access).collect();
    let mut loads = vec![Load::default(); clients.len()];
    for (class, part) in [
        (Access::Read, origin.reads()),
        (Access::Write, origin.writes()),
    ] {
        let chosen = candidates(&access, class, true);
        let shares: Vec<Option<f64>> = chosen
            .iter()
            .map(|&i| clients.get(i).and_then(|(_, _, share)| *share))
            .collect();
        for (&i, factor) in chosen.iter().zip(split(&shares, true)) {
            if let Some(load) = loads.get_mut(i) {
                load.add(part.times(factor));
            }
        }
    }
    clients
        .into_iter()
        .zip(loads)
        .map(|((node, _, _), load)| (node, load))
        .collect()
}

/// The part of a load each of several flows takes: its stated share, and
/// for the others all of it or, `evenly`, an even part of what the shares
/// leave.
fn split(shares: &[Option<f64>], evenly: bool) -> Vec<f64> {
    let stated: f64 = shares.iter().flatten().sum();
    let unstated = shares.iter().filter(|s| s.is_none()).count();
    let rest = if evenly && unstated > 0 {
        (1.0 - stated).max(0.0) / unstated as f64
    } else {
        1.0
    };
    shares.iter().map(|share| share.unwrap_or(rest)).collect()
}

/// A percentage attribute as a fraction.
fn fraction(value: Option<&Value>) -> Option<f64> {
    match value {
        Some(Value::Percent { value }) => Some(value / 100.0),
        _ => None,
    }
}

/// The order to visit components in, and the flows each passes load along:
/// a depth-first walk from the clients follows every flow away from where
/// the load arrives (a `<->` flow either way) and drops the flows that lead
/// back to a component still waiting on the walk — responses and callbacks
/// carry no new requests. What is left has no cycles, and the walk's
/// reversed finishing order visits each component after all its callers.
fn orient(design: &Design) -> (Vec<NodeIndex>, Vec<Vec<Hop>>) {
    let graph = &design.graph;
    let count = graph.node_count();
    let adjacent: Vec<Vec<Hop>> = graph
        .node_indices()
        .map(|node| {
            let forward = graph
                .edges_directed(node, Direction::Outgoing)
                .map(|e| Hop {
                    edge: e.id(),
                    to: e.target(),
                });
            let backward = graph
                .edges_directed(node, Direction::Incoming)
                .filter(|e| e.weight().kind == FlowKind::Both)
                .map(|e| Hop {
                    edge: e.id(),
                    to: e.source(),
                });
            // Clients only send; metrics and name lookups are no request load.
            let mut hops: Vec<Hop> = forward
                .chain(backward)
                .filter(|hop| {
                    graph.node_weight(hop.to).is_some_and(|c| {
                        !matches!(c.kind, Kind::Client | Kind::Monitoring | Kind::Dns)
                    })
                })
                .collect();
            hops.sort_by_key(|hop| hop.edge);
            hops
        })
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; count];
    let mut next = vec![0usize; count];
    let mut used = vec![false; graph.edge_count()];
    let mut kept: Vec<Vec<Hop>> = vec![Vec::new(); count];
    let mut finished = Vec::with_capacity(count);
    let clients = graph.node_indices().filter(|node| {
        graph
            .node_weight(*node)
            .is_some_and(|c| c.kind == Kind::Client)
    });
    for client in clients {
        if state.get(client.index()) != Some(&State::New) {
            continue;
        }
        let mut stack = vec![client];
        if let Some(slot) = state.get_mut(client.index()) {
            *slot = State::Open;
        }
        while let Some(&node) = stack.last() {
            let at = node.index();
            let hop = next
                .get(at)
                .and_then(|i| adjacent.get(at).and_then(|hops| hops.get(*i)))
                .copied();
            let Some(hop) = hop else {
                if let Some(slot) = state.get_mut(at) {
                    *slot = State::Done;
                }
                finished.push(node);
                stack.pop();
                continue;
            };
            if let Some(i) = next.get_mut(at) {
                *i += 1;
            }
            let Some(seen) = used.get_mut(hop.edge.index()) else {
                continue;
            };
            if std::mem::replace(seen, true) {
                continue;
            }
            match state.get(hop.to.index()) {
                Some(State::Open) | None => {}
                Some(State::Done) => kept.get_mut(at).into_iter().for_each(|k| k.push(hop)),
                Some(State::New) => {
                    kept.get_mut(at).into_iter().for_each(|k| k.push(hop));
                    if let Some(slot) = state.get_mut(hop.to.index()) {
                        *slot = State::Open;
                    }
                    stack.push(hop.to);
                }
            }
        }
    }
    finished.reverse();
    (finished, kept)
}

/// How a component passes on its load: reads along the flows that read or
/// do not say, writes likewise (see [`candidates`]); a router splits among
/// its flows, anything else calls each of them; caches and CDNs pass on
/// their misses, and a caller of a cache reads stores only on a miss.
fn distribute(
    design: &Design,
    node: NodeIndex,
    component: &Component,
    load: Load,
    outgoing: &[Hop],
) -> Vec<(Hop, Load)> {
    let graph = &design.graph;
    let access: Vec<Access> = outgoing
        .iter()
        .map(|hop| {
            let label = graph.edge_weight(hop.edge).and_then(|f| f.label.as_deref());
            vocabulary::access(label)
        })
        .collect();
    let target_kind = |hop: &Hop| graph.node_weight(hop.to).map(|c| c.kind);
    let (reads, writes) = match component.kind {
        Kind::Queue | Kind::Stream => (Load::default(), load.messages(true)),
        // A topic delivers as messages arrive: nothing absorbs the peak.
        Kind::Pubsub => (Load::default(), load.messages(false)),
        // A store answers reads; only its writes flow on (replication,
        // change data capture).
        kind if kind.is_datastore() => (Load::default(), load.writes()),
        _ => (load.reads(), load.writes()),
    };
    let hit_of = |node: NodeIndex| -> f64 {
        graph
            .node_weight(node)
            .map_or(0.0, |cache| hit_ratio(cache).unwrap_or(DEFAULT_HIT))
    };
    let own_miss = if matches!(component.kind, Kind::Cache | Kind::Cdn) {
        1.0 - hit_of(node)
    } else {
        1.0
    };
    // A caller that looks in a cache first reads a store only on a miss.
    let caller_miss = outgoing
        .iter()
        .zip(&access)
        .filter(|(hop, access)| {
            **access != Access::Write && matches!(target_kind(hop), Some(Kind::Cache | Kind::Cdn))
        })
        .map(|(hop, _)| 1.0 - hit_of(hop.to))
        .fold(1.0, f64::min);
    // A client's requests, like a balancer's, each take one of its flows.
    let router = matches!(
        component.kind,
        Kind::Client | Kind::Lb | Kind::Gateway | Kind::Cdn
    );
    let mut carried: Vec<Load> = vec![Load::default(); outgoing.len()];
    for (class, part, miss) in [
        (Access::Read, reads, own_miss),
        (Access::Write, writes, 1.0),
    ] {
        if part == Load::default() {
            continue;
        }
        // A cache answers what no flow of its own says it passes on.
        let chosen = candidates(&access, class, component.kind != Kind::Cache);
        let shares: Vec<Option<f64>> = chosen
            .iter()
            .map(|&i| {
                outgoing
                    .get(i)
                    .and_then(|hop| graph.edge_weight(hop.edge))
                    .and_then(|flow| fraction(flow.attributes.get("share")))
            })
            .collect();
        for (&i, share) in chosen.iter().zip(split(&shares, router)) {
            let Some(hop) = outgoing.get(i) else { continue };
            let flow = graph.edge_weight(hop.edge);
            let number = |key: &str| {
                flow.and_then(|f| f.attributes.get(key))
                    .and_then(Value::as_f64)
                    .unwrap_or(1.0)
            };
            let mut factor = share * number("fanout") / number("batch") * miss;
            if class == Access::Read && target_kind(hop).is_some_and(Kind::is_datastore) {
                factor *= caller_miss;
            }
            if let Some(slot) = carried.get_mut(i) {
                slot.add(part.times(factor));
            }
        }
    }
    outgoing.iter().copied().zip(carried).collect()
}

/// The flows (by position) that carry the reads or the writes: those whose
/// label says so and those whose label does not say; if there are none and
/// `fall_back`, all of them, since the load has to go somewhere.
fn candidates(access: &[Access], class: Access, fall_back: bool) -> Vec<usize> {
    let chosen: Vec<usize> = access
        .iter()
        .enumerate()
        .filter(|(_, a)| **a == class || **a == Access::Unknown)
        .map(|(i, _)| i)
        .collect();
    if chosen.is_empty() && fall_back {
        (0..access.len()).collect()
    } else {
        chosen
    }
}
