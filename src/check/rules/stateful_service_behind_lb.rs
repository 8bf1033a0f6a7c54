use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds a service marked `stateful` that runs several instances behind a
    /// load balancer or gateway, when it neither keeps its shared state in a
    /// cache or pub/sub store it talks to, nor sits behind sticky sessions
    /// (`sticky: true` on the load balancer). Where a flow into it holds a
    /// client's connection open (a WebSocket, a long poll), the fix it
    /// suggests is a registry of connections and a pub/sub backbone, not a
    /// session store.
    ///
    /// ## Why is this bad?
    /// The load balancer sends a user's next request to any instance; one
    /// that keeps the session in its own memory cannot serve it, and the
    /// session is lost when the instance goes away. Guide 000: "If your app
    /// stores user session in local memory, a different server can't serve
    /// the next request. Instead: Store sessions in Redis." Guide 002 calls
    /// sticky local state an anti-pattern that "breaks scale-in and causes
    /// data loss on node termination."
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// lb      lb    "Load balancer" x2
    /// service web   "Web servers" x4 { stateful }
    /// users -> lb -> web: HTTPS
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users    "Users"
    /// lb      lb       "Load balancer" x2
    /// service web      "Web servers" x4 { stateless }
    /// redis   sessions "Sessions" x3 { ttl: 30min, store: true }
    /// users -> lb -> web: HTTPS
    /// web -> sessions: session state
    /// ```
    ///
    /// ## References
    /// - Guide 000, *System Design Interview Guide*, module 2 "Stateless app
    ///   servers".
    /// - Guide 002, *System Design Interview Complete Guide*, Part 4 "Stateless
    ///   Application Tier", line 234.
    /// - Guide 004, *High-Level Design*, note 5 (line 446) and note 7 (line 584).
    StatefulServiceBehindLb, "stateful-service-behind-lb", Warning
}

impl Check for StatefulServiceBehindLb {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components() {
            if component.kind != Kind::Service
                || component.instances < 2
                || !component.attributes.flag("stateful")
            {
                continue;
            }
            let balancers: Vec<NodeIndex> = cx
                .incoming(node)
                .filter(|(_, _, from)| matches!(cx.kind(*from), Some(Kind::Lb | Kind::Gateway)))
                .map(|(_, _, from)| from)
                .collect();
            let Some(balancer) = balancers.first().copied() else {
                continue;
            };
            let sticky = balancers.iter().any(|b| {
                cx.component(*b)
                    .is_some_and(|c| c.attributes.flag("sticky"))
            });
            let shared_state = cx
                .neighbours(node)
                .any(|other| matches!(cx.kind(other), Some(Kind::Cache | Kind::Pubsub)));
            if sticky || shared_state {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!(
                        "{} keeps local state on {} instances behind `{}`",
                        cx.name(node),
                        component.instances,
                        cx.id(balancer)
                    ),
                )
                .suggest(if holds_connections(cx, node) {
                    format!(
                        "keep a registry of which instance holds each user's connection and a pub/sub backbone (`redis pubsub`) so any instance can reach it; set `sticky: true` on `{}` for reconnects",
                        cx.id(balancer)
                    )
                } else {
                    format!(
                        "make `{}` stateless and keep sessions in a shared store (e.g. `redis sessions`), or set `sticky: true` on `{}`",
                        component.id,
                        cx.id(balancer)
                    )
                }),
            );
        }
    }
}

/// Whether a flow into the service keeps a client's connection open (a
/// WebSocket, a long poll): its state is the connection itself, which no
/// shared session store can hold.
fn holds_connections(cx: &Context, node: NodeIndex) -> bool {
    cx.incoming(node).any(|(edge, flow, _)| {
        let long_poll = flow.label.as_deref().is_some_and(|label| {
            let label = label.to_lowercase();
            vocabulary::LONG_POLL_PHRASES
                .iter()
                .any(|phrase| label.contains(phrase))
        });
        let words = cx.flow_words(edge);
        long_poll || words.any(vocabulary::WEBSOCKET) || words.any(vocabulary::LONG_POLL)
    })
}
