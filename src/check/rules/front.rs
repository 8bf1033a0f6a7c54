//! The public front door of a design, shared by `missing-rate-limit` and
//! `missing-auth`: what a client's requests pass through before they reach
//! the application.

use std::collections::{HashMap, VecDeque};

use super::prelude::*;
use crate::check::RuleMeta;

/// What a hygiene finding about the front doors says: the predicate in
/// the singular and the plural, and the fix for a list of ids.
pub struct Wording {
    pub one: &'static str,
    pub many: &'static str,
    pub fix: fn(&str) -> String,
}

/// One finding, at the first door, naming every front door none of whose
/// components `guards`: hygiene is reported once per design.
pub fn unguarded_doors(
    cx: &Context,
    meta: &RuleMeta,
    guards: impl Fn(NodeIndex) -> bool,
    wording: &Wording,
) -> Option<Finding> {
    let unguarded: Vec<NodeIndex> = front_doors(cx)
        .into_iter()
        .filter(|(_, chain)| !chain.iter().any(|n| guards(*n)))
        .map(|(door, _)| door)
        .collect();
    // An `allow` on one entry excuses that entry, not the others named
    // with it; where every entry has one, the finding stands at the first
    // to be silenced there.
    let allowed = |door: &NodeIndex| {
        cx.component(*door)
            .is_some_and(|c| c.allows.iter().any(|allow| allow.rule == meta.name))
    };
    let (excused, open): (Vec<NodeIndex>, Vec<NodeIndex>) =
        unguarded.iter().partition(|door| allowed(door));
    let doors = if open.is_empty() { unguarded } else { open };
    let first = *doors.first()?;
    let names: Vec<String> = doors.iter().map(|door| cx.name(*door)).collect();
    let ids: Vec<String> = doors
        .iter()
        .map(|door| format!("`{}`", cx.id(*door)))
        .collect();
    let message = match names.as_slice() {
        [one] => format!("the public entry {one} {}", wording.one),
        _ => format!("the public entries {} {}", names.join(", "), wording.many),
    };
    Some(
        cx.at_component(meta, first, message)
            .suggest((wording.fix)(&ids.join(", ")))
            .excusing(excused),
    )
}

/// Components that sit at the edge, in front of the application.
fn is_edge(kind: Option<Kind>) -> bool {
    matches!(kind, Some(Kind::Cdn | Kind::Dns | Kind::Lb | Kind::Gateway))
}

/// For each front door — each load balancer, gateway or service that a
/// client's requests reach first, directly or through a CDN or DNS — the
/// components on the way to it (the CDNs and DNS it is reached through)
/// and right behind it. A client may have several (an API load balancer
/// and a WebSocket one), each judged on its own; a door is listed once
/// even when several clients reach it.
pub fn front_doors(cx: &Context) -> Vec<(NodeIndex, Vec<NodeIndex>)> {
    let mut doors: Vec<(NodeIndex, Vec<NodeIndex>)> = Vec::new();
    let mut door_positions: HashMap<NodeIndex, usize> = HashMap::new();
    let mut walker = Walker::new(cx.graph().node_count());
    for (client, component) in cx.components() {
        if component.kind != Kind::Client {
            continue;
        }
        let found = walker.walk(cx, client, |kind| {
            matches!(kind, Some(Kind::Cdn | Kind::Dns))
        });
        let is_door =
            |n: &NodeIndex| matches!(cx.kind(*n), Some(Kind::Lb | Kind::Gateway | Kind::Service));
        let entered: Vec<(NodeIndex, Vec<NodeIndex>)> = found
            .into_iter()
            .filter(is_door)
            .map(|door| (door, walker.path_to(client, door)))
            .collect();
        for (door, on_the_way) in entered {
            match door_positions.get(&door).and_then(|&at| doors.get_mut(at)) {
                Some((_, known)) => known.extend(on_the_way),
                None => {
                    // What stands behind a door is walked once, whoever
                    // reaches it.
                    let behind = walker.walk(cx, door, is_edge);
                    let passed = walker.passed.clone();
                    let chain = on_the_way
                        .into_iter()
                        .chain([door])
                        .chain(passed)
                        .chain(behind);
                    door_positions.insert(door, doors.len());
                    doors.push((door, chain.collect()));
                }
            }
        }
    }
    doors.sort_by_key(|(door, _)| door.index());
    doors
}

/// Walks along synchronous flows, reusing its marks from walk to walk: a
/// design with many clients and doors costs the flows each walk passes,
/// not the whole design each time.
struct Walker {
    /// The walk that last reached each component.
    seen: Vec<u32>,
    walk: u32,
    /// Where the last walk came from to each component it reached.
    parents: Vec<Option<NodeIndex>>,
    /// The components the last walk passed through.
    passed: Vec<NodeIndex>,
}

impl Walker {
    fn new(count: usize) -> Walker {
        Walker {
            seen: vec![0; count],
            walk: 0,
            parents: vec![None; count],
            passed: Vec::new(),
        }
    }

    /// The components that synchronous flows reach from `start`, passing
    /// on only through those whose kind `passes` (kept in `passed`), each
    /// once; clients and external systems are left out.
    fn walk(
        &mut self,
        cx: &Context,
        start: NodeIndex,
        passes: impl Fn(Option<Kind>) -> bool,
    ) -> Vec<NodeIndex> {
        self.walk = self.walk.wrapping_add(1);
        self.passed.clear();
        let mut reached = Vec::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            for (_, flow, next) in cx.outgoing(node) {
                let Some(mark) = self.seen.get_mut(next.index()) else {
                    continue;
                };
                if !is_sync(flow) || *mark == self.walk || next == start {
                    continue;
                }
                *mark = self.walk;
                if let Some(parent) = self.parents.get_mut(next.index()) {
                    *parent = Some(node);
                }
                let kind = cx.kind(next);
                if passes(kind) {
                    self.passed.push(next);
                    queue.push_back(next);
                } else if !matches!(kind, Some(Kind::Client | Kind::External)) {
                    reached.push(next);
                }
            }
        }
        reached
    }

    /// The components between `start` and `end` on the way the last walk,
    /// from `start`, took.
    fn path_to(&self, start: NodeIndex, end: NodeIndex) -> Vec<NodeIndex> {
        let parent = |n: NodeIndex| self.parents.get(n.index()).copied().flatten();
        let mut path = Vec::new();
        let mut at = parent(end);
        while let Some(node) = at.filter(|n| *n != start && path.len() < self.parents.len()) {
            path.push(node);
            at = parent(node);
        }
        path
    }
}
