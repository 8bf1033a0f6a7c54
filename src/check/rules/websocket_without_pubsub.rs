use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds a service with several instances that holds WebSocket
    /// connections — a `<->` flow written to it, or from it to a client
    /// (unless it declares another protocol, such as UDP media), `protocol:
    /// websocket`, or "websocket" in a flow's label or the service's tags —
    /// but is
    /// connected to no pub/sub bus, cache or stream that could route messages
    /// between the instances or record who is connected where.
    ///
    /// ## Why is this bad?
    /// The sender is connected to one server and the receiver to another;
    /// without a shared channel or presence store, the first server cannot
    /// deliver. Guide 002: "WebSocket scaling? Pub/sub backplane (Redis) so
    /// any WS node receives broadcast to local connections." Guide 000: "Use
    /// WebSockets … need a routing layer to find which server a user is on."
    /// Guide 004 looks the receiver's server up "using a connection registry
    /// in Redis".
    ///
    /// ## Example
    /// ```wb
    /// client  phones "Phones"
    /// lb      lb     "Load balancer" x2
    /// service chat   "Chat servers" x4
    /// phones <-> lb: WebSocket
    /// lb <-> chat: WebSocket
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  phones "Phones"
    /// lb      lb     "Load balancer" x2
    /// service chat   "Chat servers" x4
    /// nats    bus    "Pub/sub backbone" x3
    /// phones <-> lb: WebSocket
    /// lb <-> chat: WebSocket
    /// chat <-> bus: route to the receiver's server
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 15 "API
    ///   styles" and Part 24 "Feeds and real-time".
    /// - Guide 000, *System Design Interview Guide*, problem 4 "Chat System".
    /// - Guide 004, *High-Level Design*, note 30 and note 40 "Chat System"
    ///   (lines 4997–5001).
    WebsocketWithoutPubsub, "websocket-without-pubsub", Warning
}

impl Check for WebsocketWithoutPubsub {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components() {
            if component.kind != Kind::Service || component.instances < 2 {
                continue;
            }
            // A two-way flow is held by the end it is written to, unless
            // that is a client (`chat <-> phones`: the server holds it).
            let mut held = cx.incoming(node).filter(|(edge, _, other)| {
                written_to(cx, *edge, node) || cx.kind(*other) == Some(Kind::Client)
            });
            let websocket_flow = held.any(|(edge, flow, _)| {
                let says_websocket = cx.flow_words(edge).any(vocabulary::WEBSOCKET);
                // A `<->` flow that names its protocol has said whether it
                // is a WebSocket (`wss` is among its words then).
                let names_protocol = flow.attributes.get("protocol").is_some();
                says_websocket || (flow.kind == FlowKind::Both && !names_protocol)
            });
            let websocket =
                websocket_flow || cx.tagged(node, &["websocket", "websockets", "realtime"]);
            if !websocket {
                continue;
            }
            let backplane = cx.neighbours(node).any(|other| {
                matches!(
                    cx.kind(other),
                    Some(Kind::Pubsub | Kind::Cache | Kind::Stream)
                )
            });
            if backplane {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!(
                        "{} holds WebSockets on {} instances with no pub/sub or presence store between them",
                        cx.name(node),
                        component.instances
                    ),
                )
                .suggest(format!(
                    "connect `{}` to a pub/sub backbone (`nats bus` or `redis pubsub`) and a connection registry, so any server can reach any user",
                    component.id
                )),
            );
        }
    }
}

/// Whether flow `edge` is written to `node` (`a -> node`, `a <-> node`).
fn written_to(cx: &Context, edge: EdgeIndex, node: NodeIndex) -> bool {
    cx.graph()
        .edge_endpoints(edge)
        .is_some_and(|(_, to)| to == node)
}
