use super::prelude::*;
use super::queue_without_consumer::QUEUES;

declare_rule! {
    /// ## What it does
    /// Finds components that have flows but that no entry point reaches:
    /// no client, no component marked `public: true` or `entry: true`, no
    /// worker, monitoring or third party that starts work on its own (one
    /// with no incoming flows, such as a scheduled job or a webhook sender),
    /// and no caller that, like a client, only calls the system's load
    /// balancers, gateways or CDNs (a billing system sending `POST
    /// /notify`). An island of such components is one finding, at the
    /// component it starts from, naming the others.
    ///
    /// ## Why is this bad?
    /// Every component should serve some request or job. An island of
    /// components that nothing reaches is dead, or the design forgot the
    /// arrow that feeds it, and the reader cannot tell which. Guide 004's
    /// framework asks to "Show the data flow (how a request travels through
    /// the system)".
    ///
    /// ## Example
    /// ```wb
    /// client   users  "Users"
    /// service  api    "API" x2
    /// service  admin  "Admin API" x2
    /// postgres db     "Database" { replicas: 2 }
    /// users -> api: request
    /// api -> db: read
    /// admin -> db: manage
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client   users  "Users"
    /// client   staff  "Staff"
    /// service  api    "API" x2
    /// service  admin  "Admin API" x2
    /// postgres db     "Database" { replicas: 2 }
    /// users -> api: request
    /// staff -> admin: manage
    /// api -> db: read
    /// admin -> db: manage
    /// ```
    ///
    /// ## References
    /// - Guide 004, *High-Level Design*, note 2 "The framework", step 3 (lines
    ///   122–123).
    UnreachableComponent, "unreachable-component", Warning
}

impl Check for UnreachableComponent {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let unreached = |node: NodeIndex| {
            let Some(component) = cx.component(node) else {
                return false;
            };
            // A component with no flows is `orphan-component`'s to report, and
            // a queue nothing writes to is `queue-without-producer`'s.
            let unfed_queue =
                QUEUES.contains(&component.kind) && cx.incoming(node).next().is_none();
            cx.has_flows(node) && !cx.is_reachable(node) && !unfed_queue
        };
        let mut covered = vec![false; cx.graph().node_count()];
        // The island's sources first, then what is left (islands that are
        // cycles): one finding per island, at the component it starts from.
        let fed_from_island = |node: NodeIndex| {
            cx.incoming(node)
                .any(|(_, _, from)| unreached(from) && from != node)
        };
        let starts: Vec<NodeIndex> = cx
            .components()
            .map(|(node, _)| node)
            .filter(|node| unreached(*node))
            .collect();
        let ordered = starts
            .iter()
            .filter(|n| !fed_from_island(**n))
            .chain(starts.iter().filter(|n| fed_from_island(**n)));
        for &start in ordered {
            if covered.get(start.index()).copied().unwrap_or(true) {
                continue;
            }
            let island = island(cx, start, &unreached, &mut covered);
            findings.push(finding(cx, start, &island));
        }
    }
}

/// The unreached components `start` leads to, itself first; each marked
/// covered.
fn island(
    cx: &Context,
    start: NodeIndex,
    unreached: &dyn Fn(NodeIndex) -> bool,
    covered: &mut [bool],
) -> Vec<NodeIndex> {
    let mut island = vec![start];
    if let Some(slot) = covered.get_mut(start.index()) {
        *slot = true;
    }
    let mut next = 0;
    while let Some(&node) = island.get(next) {
        next += 1;
        for (_, _, to) in cx.outgoing(node) {
            if unreached(to) && covered.get(to.index()).is_some_and(|c| !c) {
                if let Some(slot) = covered.get_mut(to.index()) {
                    *slot = true;
                }
                island.push(to);
            }
        }
    }
    island
}

fn finding(cx: &Context, start: NodeIndex, island: &[NodeIndex]) -> Finding {
    let id = cx.id(start);
    let rest: Vec<String> = island
        .iter()
        .skip(1)
        .map(|n| format!("`{}`", cx.id(*n)))
        .collect();
    let message = match rest.as_slice() {
        [] => format!("no client or entry point reaches {}", cx.name(start)),
        [one] => format!(
            "no client or entry point reaches {}, nor {one}, which it calls",
            cx.name(start)
        ),
        more => format!(
            "no client or entry point reaches {}, nor the {} components it leads to ({})",
            cx.name(start),
            more.len(),
            more.join(", ")
        ),
    };
    cx.at_component(&UnreachableComponent::META, start, message).suggest(format!(
        "draw the flow that reaches `{id}` from a client, or mark it `entry: true` if requests start there (`public: true` if outside callers reach it)"
    ))
}
