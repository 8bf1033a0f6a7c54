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

/// For each front door — the first load balancer, gateway or service that
/// client requests reach — the components on the way to it and right behind
/// it, in order of discovery. A door is listed once even when several
/// clients reach it.
pub fn front_doors(cx: &Context) -> Vec<(NodeIndex, Vec<NodeIndex>)> {
    let mut doors: Vec<(NodeIndex, Vec<NodeIndex>)> = Vec::new();
    let mut door_positions: HashMap<NodeIndex, usize> = HashMap::new();
    // Which client's search last visited each component: one array serves
    // every search, so many clients cost no more than their own searches.
    let mut visited_by: Vec<Option<NodeIndex>> = vec![None; cx.graph().node_count()];
    for (client, component) in cx.components() {
        if component.kind != Kind::Client {
            continue;
        }
        let mut reached = Vec::new();
        let mut queue = VecDeque::from([client]);
        while let Some(node) = queue.pop_front() {
            for (_, flow, next) in cx.outgoing(node) {
                let Some(mark) = visited_by.get_mut(next.index()) else {
                    continue;
                };
                if !is_sync(flow) || *mark == Some(client) {
                    continue;
                }
                *mark = Some(client);
                if !matches!(cx.kind(next), Some(Kind::Client | Kind::External)) {
                    reached.push(next);
                }
                if is_edge(cx.kind(next)) {
                    queue.push_back(next);
                }
            }
        }
        let door = reached
            .iter()
            .copied()
            .find(|n| matches!(cx.kind(*n), Some(Kind::Lb | Kind::Gateway)))
            .or_else(|| {
                reached
                    .iter()
                    .copied()
                    .find(|n| cx.kind(*n) == Some(Kind::Service))
            });
        let Some(door) = door else { continue };
        match door_positions.get(&door).and_then(|&at| doors.get_mut(at)) {
            Some((_, chain)) => chain.extend(reached),
            None => {
                door_positions.insert(door, doors.len());
                doors.push((door, reached));
            }
        }
    }
    doors
}
