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
    let doors: Vec<NodeIndex> = front_doors(cx)
        .into_iter()
        .filter(|(_, chain)| !chain.iter().any(|n| guards(*n)))
        .map(|(door, _)| door)
        .collect();
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
            .suggest((wording.fix)(&ids.join(", "))),
    )
}

/// Components that sit at the edge, in front of the application.
fn is_edge(kind: Option<Kind>) -> bool {
    matches!(kind, Some(Kind::Cdn | Kind::Dns | Kind::Lb | Kind::Gateway))
}

/// For each front door — each load balancer, gateway or service that a
/// client's requests reach first, directly or through a CDN or DNS — the
/// components on the way to it and right behind it. A client may have
/// several (an API load balancer and a WebSocket one); a door is listed
/// once even when several clients reach it.
pub fn front_doors(cx: &Context) -> Vec<(NodeIndex, Vec<NodeIndex>)> {
    let mut doors: Vec<(NodeIndex, Vec<NodeIndex>)> = Vec::new();
    let mut door_positions: HashMap<NodeIndex, usize> = HashMap::new();
    for (client, component) in cx.components() {
        if component.kind != Kind::Client {
            continue;
        }
        let (on_the_way, found) = walk(cx, client, |kind| {
            matches!(kind, Some(Kind::Cdn | Kind::Dns))
        });
        for door in found
            .into_iter()
            .filter(|n| matches!(cx.kind(*n), Some(Kind::Lb | Kind::Gateway | Kind::Service)))
        {
            let (edge_behind, behind) = walk(cx, door, is_edge);
            let chain = on_the_way
                .iter()
                .copied()
                .chain([door])
                .chain(edge_behind)
                .chain(behind);
            match door_positions.get(&door).and_then(|&at| doors.get_mut(at)) {
                Some((_, known)) => known.extend(chain),
                None => {
                    door_positions.insert(door, doors.len());
                    doors.push((door, chain.collect()));
                }
            }
        }
    }
    doors.sort_by_key(|(door, _)| door.index());
    doors
}

/// The components that synchronous flows reach from `start`, passing on
/// only through those whose kind `passes`: the ones passed through, and
/// the ones reached (clients and external systems left out), each once.
fn walk(
    cx: &Context,
    start: NodeIndex,
    passes: impl Fn(Option<Kind>) -> bool,
) -> (Vec<NodeIndex>, Vec<NodeIndex>) {
    let (mut through, mut reached) = (Vec::new(), Vec::new());
    let mut seen = vec![false; cx.graph().node_count()];
    let mut queue = VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for (_, flow, next) in cx.outgoing(node) {
            let Some(mark) = seen.get_mut(next.index()) else {
                continue;
            };
            if !is_sync(flow) || *mark || next == start {
                continue;
            }
            *mark = true;
            let kind = cx.kind(next);
            if passes(kind) {
                through.push(next);
                queue.push_back(next);
            } else if !matches!(kind, Some(Kind::Client | Kind::External)) {
                reached.push(next);
            }
        }
    }
    (through, reached)
}
