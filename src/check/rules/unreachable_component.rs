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
    /// /notify`).
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
        for (node, component) in cx.components() {
            // A component with no flows is `orphan-component`'s to report, and
            // a queue nothing writes to is `queue-without-producer`'s.
            let unfed_queue =
                QUEUES.contains(&component.kind) && cx.incoming(node).next().is_none();
            if !cx.has_flows(node) || cx.is_reachable(node) || unfed_queue {
                continue;
            }
            findings.push(
                cx.at_component(&Self::META, node, format!("no client or entry point reaches {}", cx.name(node)))
                    .suggest(format!(
                        "draw the flow that reaches `{}` from a client, or mark it `public: true` if outside callers reach it",
                        component.id
                    )),
            );
        }
    }
}
