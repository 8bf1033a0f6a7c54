//! Load on each component and flow: the design's reads and writes leave
//! the entries (clients, `entry: true`, or the sources) and follow the
//! flows, each flow's `op` deciding which it carries. A flow's `share` takes
//! part of what its source handles, `fanout` multiplies it and `batch`
//! divides it; a `rate` replaces it. A cache's or CDN's `hit` ratio keeps
//! reads from the store behind it; a store passes on only its writes; a
//! queue or stream carries each write once as a message and absorbs the
//! peak, so its consumers see the average.

use std::collections::HashSet;

use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::figures::Traffic;
use crate::model::{Component, Design, FlowKind, Kind, Op, Semantics, Value, vocabulary};

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

    /// The part of the load that reads (half when there is none).
    fn read_share(&self) -> f64 {
        let total = self.average();
        if total > 0.0 {
            self.read_avg / total
        } else {
            0.5
        }
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

    /// The writes, as as many reads: the lookups a write makes.
    fn as_reads(self) -> Load {
        Load {
            read_avg: self.write_avg,
            read_peak: self.write_peak,
            write_avg: 0.0,
            write_peak: 0.0,
        }
    }

    /// The reads, as as many writes: what a read records.
    fn as_writes(self) -> Load {
        Load {
            write_avg: self.read_avg,
            write_peak: self.read_peak,
            read_avg: 0.0,
            read_peak: 0.0,
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

/// The load on every component and flow the entries reach, by index.
#[derive(Clone, Debug, Default)]
pub struct Loads {
    pub nodes: Vec<Option<Load>>,
    pub flows: Vec<Option<Load>>,
    /// Caches and CDNs whose hit ratio was assumed.
    pub assumed_hits: Vec<NodeIndex>,
    /// Dead-letter queues whose part of their senders' load was assumed.
    pub assumed_dead_letters: Vec<NodeIndex>,
}

/// A flow as the load travels it: from the end the load arrives at.
#[derive(Clone, Copy)]
struct Hop {
    edge: EdgeIndex,
    to: NodeIndex,
}

/// Where the load starts: each entry's part of the design's traffic, or
/// its own `rate`; the sources of flows with a `rate` start with none of
/// their own.
pub struct Origins {
    pub loads: Vec<(NodeIndex, Load)>,
    /// The peak multiplier for stated rates.
    pub peak: f64,
    /// Sources that send the reads or writes no entry's flows take, and
    /// which of the two.
    pub stand_ins: Vec<(NodeIndex, Op)>,
    /// The kinds of request that no entry's or source's flow takes: the
    /// entries are given them, but no flow carries them on.
    pub unsent: Vec<Op>,
    /// Operators' clients (an admin console) and jobs (workers marked
    /// `entry: true`) given [`MINOR_SHARE`] of what they send beside
    /// the users' clients, having no `share`.
    pub minor_senders: Vec<NodeIndex>,
}

/// The part of the reads (or writes) a minor sender without a `share`
/// sends beside users' clients that send them too: an operators' client
/// (an admin console) or a job (a worker marked `entry: true`), whose
/// requests are few beside the users'.
pub const MINOR_SHARE: f64 = 0.01;

/// The components that originate load: clients and `entry: true`; in a
/// design with neither, the components no flow reaches (a scheduler, a
/// seed list), which are returned as inferred.
pub fn entries(design: &Design, semantics: &Semantics) -> (Vec<NodeIndex>, bool) {
    let stated: Vec<NodeIndex> = design
        .graph
        .node_indices()
        .filter(|node| semantics.component(*node).is_some_and(|c| c.entry.value))
        .collect();
    if stated.is_empty() {
        (sources(design), true)
    } else {
        (stated, false)
    }
}

/// Components that call others and that no flow reaches (other than
/// monitoring, DNS and stores): they start work on their own, or are called
/// from outside the picture.
fn sources(design: &Design) -> Vec<NodeIndex> {
    let graph = &design.graph;
    graph
        .node_indices()
        .filter(|node| {
            let quiet = graph.node_weight(*node).is_some_and(|c| {
                !matches!(c.kind, Kind::Monitoring | Kind::Dns) && !c.kind.is_datastore()
            });
            let mut incoming = graph.edges_directed(*node, Direction::Incoming);
            let mut outgoing = graph.edges_directed(*node, Direction::Outgoing);
            quiet && outgoing.next().is_some() && incoming.next().is_none()
        })
        .collect()
}

pub fn origins(
    design: &Design,
    semantics: &Semantics,
    entries: &[NodeIndex],
    traffic: Option<&Traffic>,
    peak: f64,
) -> Origins {
    let graph = &design.graph;
    let read_fraction = traffic.map_or(0.5, |t| {
        let total = t.read_avg.value + t.write_avg.value;
        if total > 0.0 {
            t.read_avg.value / total
        } else {
            0.5
        }
    });
    let mut loads: Vec<(NodeIndex, Load)> = Vec::new();
    let mut sharing: Vec<Sender> = Vec::new();
    let is_entry: HashSet<NodeIndex> = entries.iter().copied().collect();
    let others: Vec<Sender> = sources(design)
        .into_iter()
        .filter(|node| !is_entry.contains(node))
        .filter(|node| semantics.component(*node).is_some_and(|c| c.rate.is_none()))
        .map(|node| Sender {
            node,
            op: outgoing_op(design, semantics, node),
            share: None,
            minor: false,
        })
        .collect();
    let mut stand_ins = Vec::new();
    let mut unsent = Vec::new();
    let mut minor_senders = Vec::new();
    for &node in entries {
        let op = outgoing_op(design, semantics, node);
        match semantics.component(node).and_then(|c| c.rate) {
            Some(rate) => loads.push((node, rated(rate, op, read_fraction, peak))),
            None => {
                let share = graph
                    .node_weight(node)
                    .and_then(|c| fraction(c.attribute("share")));
                // A job that starts work on its own (a nightly
                // reconciliation) sends little beside the users, like the
                // staff's console.
                let job = graph
                    .node_weight(node)
                    .is_some_and(|c| c.kind == Kind::Worker)
                    && semantics.component(node).is_some_and(|c| c.entry.value);
                let staff = semantics.component(node).is_some_and(|c| c.staff.value);
                let minor = share.is_none() && (staff || job);
                sharing.push(Sender {
                    node,
                    op,
                    share,
                    minor,
                });
            }
        }
    }
    if let Some(traffic) = traffic {
        let origin = Load {
            read_avg: traffic.read_avg.value,
            write_avg: traffic.write_avg.value,
            read_peak: traffic.read_peak.value,
            write_peak: traffic.write_peak.value,
        };
        let shared = shared_loads(&sharing, &others, origin);
        loads.extend(shared.loads);
        stand_ins = shared.stand_ins;
        unsent = shared.unsent;
        minor_senders = shared.minor_senders;
    }
    let mut starting: HashSet<NodeIndex> = loads.iter().map(|(node, _)| *node).collect();
    for edge in graph.edge_references() {
        let rated_flow = semantics.flow(edge.id()).and_then(|f| f.rate).is_some();
        if rated_flow && starting.insert(edge.source()) {
            loads.push((edge.source(), Load::default()));
        }
    }
    Origins {
        loads,
        peak,
        stand_ins,
        unsent,
        minor_senders,
    }
}

/// What an entry's flows that carry requests do, when they all agree: a
/// name lookup beside a client's uploads leaves them uploads.
fn outgoing_op(design: &Design, semantics: &Semantics, node: NodeIndex) -> Op {
    let graph = &design.graph;
    let mut said = graph
        .edges_directed(node, Direction::Outgoing)
        .filter(|e| graph.node_weight(e.target()).is_some_and(takes_requests))
        .map(|e| semantics.op(e.id()));
    match said.next() {
        Some(first) if said.all(|other| other == first) => first,
        _ => Op::Unknown,
    }
}

/// Whether flows into `component` carry request load: clients only send,
/// and metrics and name lookups are no request load.
fn takes_requests(component: &Component) -> bool {
    !matches!(component.kind, Kind::Client | Kind::Monitoring | Kind::Dns)
}

/// A stated rate as a load: reads or writes as the flow's `op` says, else
/// in the design's mix of reads and writes.
fn rated(rate: f64, op: Op, read_fraction: f64, peak: f64) -> Load {
    let reads = match op {
        Op::Read => 1.0,
        Op::Write => 0.0,
        Op::Both | Op::Unknown => read_fraction,
    };
    Load {
        read_avg: rate * reads,
        write_avg: rate * (1.0 - reads),
        read_peak: rate * reads * peak,
        write_peak: rate * (1.0 - reads) * peak,
    }
}

pub fn propagate(design: &Design, semantics: &Semantics, origins: &Origins) -> Loads {
    let graph = &design.graph;
    let mut loads = Loads {
        nodes: vec![None; graph.node_count()],
        flows: vec![None; graph.edge_count()],
        assumed_hits: Vec::new(),
        assumed_dead_letters: Vec::new(),
    };
    let starts: Vec<NodeIndex> = origins.loads.iter().map(|(node, _)| *node).collect();
    let (order, hops) = orient(design, &starts);
    let dead_letters = crate::model::semantics::dead_letter_queues(design);
    for (node, load) in &origins.loads {
        if let Some(slot) = loads.nodes.get_mut(node.index()) {
            slot.get_or_insert_with(Load::default).add(*load);
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
        let outflow = Outflow {
            node,
            component,
            load,
            outgoing,
        };
        let carried = distribute(design, semantics, &dead_letters, outflow);
        for (hop, carried) in carried {
            let carried = match semantics.flow(hop.edge).and_then(|f| f.rate) {
                Some(rate) => rated(
                    rate,
                    semantics.op(hop.edge),
                    load.read_share(),
                    origins.peak,
                ),
                None => carried,
            };
            if let Some(slot) = loads.flows.get_mut(hop.edge.index()) {
                *slot = Some(carried);
            }
            if let Some(slot) = loads.nodes.get_mut(hop.to.index()) {
                slot.get_or_insert_with(Load::default).add(carried);
            }
        }
    }
    loads.assumed_dead_letters = graph
        .edge_references()
        .filter(|e| {
            let dead_letter = dead_letters
                .get(e.target().index())
                .copied()
                .unwrap_or(false);
            let carried = loads.flows.get(e.id().index()).is_some_and(Option::is_some);
            dead_letter && carried && fraction(e.weight().attributes.get("share")).is_none()
        })
        .map(|e| e.target())
        .collect();
    loads.assumed_dead_letters.sort_unstable();
    loads.assumed_dead_letters.dedup();
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

/// A cache's or CDN's stated `hit` ratio, as a fraction; a cache that is
/// the store of record (`store: true`) answers every read.
fn hit_ratio(component: &Component) -> Option<f64> {
    fraction(component.attribute("hit")).or_else(|| component.is_cache_of_record().then_some(1.0))
}

/// A component that sends part of the design's traffic.
struct Sender {
    node: NodeIndex,
    /// What its flows do.
    op: Op,
    /// Its `share`, when it states one.
    share: Option<f64>,
    /// An operators' client or a job without a `share` (see [`MINOR_SHARE`]).
    minor: bool,
}

/// A component and the load that starts there.
type Started = (NodeIndex, Load);

/// Each entry's part of the traffic: the reads go to the entries whose
/// flows read (or do not say), the writes likewise, each taking its
/// `share` (a minor sender beside users' clients [`MINOR_SHARE`])
/// or an even part of what the shares leave. A kind of request no
/// entry's flows take goes to the `others` (sources outside the entries)
/// whose flows take it, which are returned with it; failing those, to every
/// entry, since the design's traffic has to leave somewhere (and the kind
/// is returned as unsent: no flow of theirs carries it on).
fn shared_loads(entries: &[Sender], others: &[Sender], origin: Load) -> Shared {
    let pool: Vec<&Sender> = entries.iter().chain(others).collect();
    let ops: Vec<Op> = pool.iter().map(|sender| sender.op).collect();
    let mut loads = vec![Load::default(); pool.len()];
    let mut used = Vec::new();
    let mut unsent = Vec::new();
    let mut minor_senders = Vec::new();
    for (class, part) in [(Op::Read, origin.reads()), (Op::Write, origin.writes())] {
        let takes = candidates(&ops, class);
        let mut chosen: Vec<usize> = takes
            .iter()
            .copied()
            .filter(|&i| i < entries.len())
            .collect();
        if chosen.is_empty() {
            chosen = takes
                .into_iter()
                .filter(|&i| ops.get(i) == Some(&class))
                .collect();
            used.extend(
                chosen
                    .iter()
                    .filter_map(|&i| pool.get(i))
                    .map(|sender| (sender.node, class)),
            );
        }
        if chosen.is_empty() {
            chosen = (0..entries.len()).collect();
            if part.peak() > 0.0 && !entries.is_empty() {
                unsent.push(class);
            }
        }
        let senders: Vec<&Sender> = chosen
            .iter()
            .filter_map(|&i| pool.get(i).copied())
            .collect();
        // Only beside a users' client that takes an even part: it takes
        // what the staff's part leaves, and the parts still add up.
        let beside_users = senders
            .iter()
            .any(|sender| !sender.minor && sender.share.is_none());
        let shares: Vec<Option<f64>> = senders
            .iter()
            .map(|sender| {
                if sender.minor && beside_users {
                    if !minor_senders.contains(&sender.node) {
                        minor_senders.push(sender.node);
                    }
                    Some(MINOR_SHARE)
                } else {
                    sender.share
                }
            })
            .collect();
        let partitioned =
            chosen.len() < pool.len() && pool.iter().all(|sender| sender.share.is_some());
        for (&i, factor) in chosen.iter().zip(split(&shares, true, partitioned)) {
            if let Some(load) = loads.get_mut(i) {
                load.add(part.times(factor));
            }
        }
    }
    let loads = pool
        .iter()
        .zip(loads)
        .filter(|(_, load)| *load != Load::default())
        .map(|(sender, load)| (sender.node, load))
        .collect();
    Shared {
        loads,
        stand_ins: used,
        unsent,
        minor_senders,
    }
}

/// The entries' parts of the traffic (see [`shared_loads`]).
struct Shared {
    loads: Vec<Started>,
    stand_ins: Vec<(NodeIndex, Op)>,
    unsent: Vec<Op>,
    minor_senders: Vec<NodeIndex>,
}

/// The part of a load each of several flows takes: its stated share, and
/// for the others all of it or, `evenly`, an even part of what the shares
/// leave. `partitioned` says that the sender's flows all state shares and
/// `op` sent this kind of request to only some of them: their shares are
/// then parts of this kind alone (a `POST … { share: 80% }` beside a `GET
/// … { share: 20% }` sends the GET every read, not a fifth of them).
fn split(shares: &[Option<f64>], evenly: bool, partitioned: bool) -> Vec<f64> {
    let stated: f64 = shares.iter().flatten().sum();
    let unstated = shares.iter().filter(|s| s.is_none()).count();
    if evenly && partitioned && unstated == 0 && stated > 0.0 && stated < 1.0 {
        return shares
            .iter()
            .map(|share| share.unwrap_or(0.0) / stated)
            .collect();
    }
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
fn orient(design: &Design, starts: &[NodeIndex]) -> (Vec<NodeIndex>, Vec<Vec<Hop>>) {
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
            let mut hops: Vec<Hop> = forward
                .chain(backward)
                .filter(|hop| graph.node_weight(hop.to).is_some_and(takes_requests))
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
    for &client in starts {
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
/// their misses, and a caller of a cache reads the store behind it only on
/// a miss. A service or worker that handles one kind of request still makes
/// the calls of the other kind its flows name: a sender of notifications
/// looks up preferences, a redirect records a click.
fn distribute(
    design: &Design,
    semantics: &Semantics,
    dead_letters: &[bool],
    outflow: Outflow,
) -> Vec<(Hop, Load)> {
    let Outflow {
        node,
        component,
        load,
        outgoing,
    } = outflow;
    let graph = &design.graph;
    let ops: Vec<Op> = outgoing.iter().map(|hop| semantics.op(hop.edge)).collect();
    let (reads, writes) = match component.kind {
        Kind::Queue | Kind::Stream => (Load::default(), load.messages(true)),
        // A topic delivers as messages arrive: nothing absorbs the peak.
        Kind::Pubsub => (Load::default(), load.messages(false)),
        // A store answers reads; only its writes flow on (replication,
        // change data capture).
        kind if kind.is_datastore() => (Load::default(), load.writes()),
        _ => (load.reads(), load.writes()),
    };
    let own_miss = if matches!(component.kind, Kind::Cache | Kind::Cdn) {
        1.0 - hit_of(design, node)
    } else {
        1.0
    };
    // A queue delivers its messages along every flow out of it, whatever
    // the consumer's label reads like ("consume query logs").
    let delivered = if component.kind.is_queue() {
        (0..ops.len()).collect()
    } else {
        candidates(&ops, Op::Write)
    };
    let mut passes = vec![
        (Op::Read, reads, own_miss, candidates(&ops, Op::Read)),
        (Op::Write, writes, 1.0, delivered),
    ];
    if matches!(component.kind, Kind::Service | Kind::Worker) {
        let named = |class: Op| -> Vec<usize> {
            (0..ops.len())
                .filter(|i| ops.get(*i) == Some(&class))
                .collect()
        };
        if reads == Load::default() && writes != Load::default() {
            passes.push((Op::Read, writes.as_reads(), 1.0, named(Op::Read)));
        } else if writes == Load::default() && reads != Load::default() {
            passes.push((Op::Write, reads.as_writes(), 1.0, named(Op::Write)));
        }
    }
    let router = matches!(
        component.kind,
        Kind::Client | Kind::Lb | Kind::Gateway | Kind::Cdn
    );
    let behind = behind_caches(design, outgoing, &ops);
    let all_stated = outgoing.iter().all(|hop| {
        let flow = graph.edge_weight(hop.edge);
        fraction(flow.and_then(|f| f.attributes.get("share"))).is_some()
    });
    let mut carried: Vec<Load> = vec![Load::default(); outgoing.len()];
    for (class, part, miss, chosen) in passes {
        if part == Load::default() {
            continue;
        }
        // Load that no flow passes on ends here: a cache answers its reads,
        // and so does a component whose flows all say they write.
        let shares: Vec<Option<f64>> = chosen
            .iter()
            .map(|&i| {
                let hop = outgoing.get(i)?;
                let stated = fraction(graph.edge_weight(hop.edge)?.attributes.get("share"));
                let dead_letter = dead_letters.get(hop.to.index()).copied().unwrap_or(false);
                stated.or_else(|| dead_letter.then_some(DEAD_LETTER_SHARE))
            })
            .collect();
        let partitioned = chosen.len() < outgoing.len() && all_stated;
        for (&i, share) in chosen.iter().zip(split(&shares, router, partitioned)) {
            let Some(hop) = outgoing.get(i) else { continue };
            let mut factor = share * flow_factor(design, outgoing, *hop, class) * miss;
            if class == Op::Read {
                factor *= behind.get(i).copied().unwrap_or(1.0);
            }
            if let Some(slot) = carried.get_mut(i) {
                slot.add(part.times(factor));
            }
        }
    }
    outgoing.iter().copied().zip(carried).collect()
}

/// The part of a consumer's messages that ends in a dead-letter queue when
/// the flow states no `share`: the failures that outlast the retries.
pub const DEAD_LETTER_SHARE: f64 = 0.01;

/// A component, the load it handles, and the flows it passes it on along.
struct Outflow<'a> {
    node: NodeIndex,
    component: &'a Component,
    load: Load,
    outgoing: &'a [Hop],
}

/// A cache's or CDN's hit ratio, stated or the default.
fn hit_of(design: &Design, node: NodeIndex) -> f64 {
    design
        .graph
        .node_weight(node)
        .map_or(0.0, |cache| hit_ratio(cache).unwrap_or(DEFAULT_HIT))
}

/// What a flow multiplies its share by: its `fanout`, divided by its
/// `batch`, and for writes into channel queues, by the channels.
fn flow_factor(design: &Design, outgoing: &[Hop], hop: Hop, class: Op) -> f64 {
    let flow = design.graph.edge_weight(hop.edge);
    let number = |key: &str| {
        flow.and_then(|f| f.attributes.get(key))
            .and_then(Value::as_f64)
            .unwrap_or(1.0)
    };
    let mut factor = number("fanout") / number("batch");
    if class == Op::Write && flow.is_some_and(|f| f.attributes.get("share").is_none()) {
        factor /= alternative_queues(design, outgoing, hop);
    }
    factor
}

/// For each flow, the part of its reads that gets past the caller's
/// caches: a caller that looks in a cache first reads the store behind it
/// only on a miss. The store behind is the one whose flow says so ("read on
/// miss", "fallback") or, when none says, the only store the caller reads.
/// A cache that is the store of record (`store: true`) is a store here: a
/// caller reads it for its own data, not in front of another store.
fn behind_caches(design: &Design, outgoing: &[Hop], ops: &[Op]) -> Vec<f64> {
    let graph = &design.graph;
    let is_store = |hop: &Hop| {
        graph
            .node_weight(hop.to)
            .is_some_and(|c| c.kind.is_datastore() || c.is_cache_of_record())
    };
    let is_cache = |hop: &Hop| {
        graph
            .node_weight(hop.to)
            .is_some_and(|c| matches!(c.kind, Kind::Cache | Kind::Cdn))
            && !is_store(hop)
    };
    let miss = outgoing
        .iter()
        .zip(ops)
        .filter(|(hop, op)| **op != Op::Write && is_cache(hop))
        .map(|(hop, _)| 1.0 - hit_of(design, hop.to))
        .fold(1.0, f64::min);
    let reads_store = |(hop, op): (&Hop, &Op)| *op != Op::Write && is_store(hop);
    let stores: Vec<bool> = outgoing.iter().zip(ops).map(reads_store).collect();
    let said: Vec<bool> = outgoing
        .iter()
        .map(|hop| {
            graph
                .edge_weight(hop.edge)
                .and_then(|f| f.label.as_deref())
                .is_some_and(vocabulary::says_miss)
        })
        .collect();
    let any_said = stores
        .iter()
        .zip(&said)
        .any(|(store, said)| *store && *said);
    let only_store = stores.iter().filter(|s| **s).count() == 1;
    stores
        .iter()
        .zip(&said)
        .map(|(store, said)| {
            let behind = *store && (*said || (!any_said && only_store));
            if behind { miss } else { 1.0 }
        })
        .collect()
}

/// How many queues share a message: flows of one statement
/// (`api ~> [email_q, sms_q]: enqueue`) into queues, same label, no
/// `fanout`, are channels of which each message takes one.
fn alternative_queues(design: &Design, outgoing: &[Hop], hop: Hop) -> f64 {
    let graph = &design.graph;
    let channel = |hop: &Hop| {
        let flow = graph.edge_weight(hop.edge)?;
        let queue = graph.node_weight(hop.to)?.kind == Kind::Queue;
        (queue && flow.attributes.get("fanout").is_none()).then_some(flow.label.as_deref())
    };
    let Some(label) = channel(&hop) else {
        return 1.0;
    };
    let siblings = outgoing
        .iter()
        .filter(|other| channel(other) == Some(label))
        .count();
    siblings.max(1) as f64
}

/// The flows (by position) that carry the reads or the writes: those whose
/// `op` says so and those that do not say.
fn candidates(ops: &[Op], class: Op) -> Vec<usize> {
    ops.iter()
        .enumerate()
        .filter(|(_, op)| **op == class || matches!(op, Op::Both | Op::Unknown))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn shares_of_one_kind_are_parts_of_it_where_all_flows_state_theirs() {
        assert_eq!(split(&[Some(0.2)], true, true), vec![1.0]);
        assert_eq!(split(&[Some(0.2)], true, false), vec![0.2]);
        assert_eq!(split(&[Some(0.2), Some(0.3)], true, true), vec![0.4, 0.6]);
        // An unstated flow takes what is left instead.
        assert_eq!(split(&[Some(0.5), None], true, true), vec![0.5, 0.5]);
        // Nothing stated, or all of it: nothing to scale.
        assert_eq!(split(&[Some(0.0)], true, true), vec![0.0]);
        assert_eq!(split(&[Some(1.0)], true, true), vec![1.0]);
        // A service calls each flow: shares are not split.
        assert_eq!(split(&[Some(0.2), None], false, true), vec![0.2, 1.0]);
    }
}
