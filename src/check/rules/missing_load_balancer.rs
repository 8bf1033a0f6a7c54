use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds a service that runs several instances and is called straight
    /// from clients (or a CDN or DNS) with no load balancer or gateway in
    /// front. Real-time flows (`protocol: udp`, `rtp`, `srtp`, `webrtc`,
    /// `stun`, `turn` or `turns`) do not count: a media server, a TURN
    /// relay or a game server is reached at the address that signaling or
    /// matchmaking handed out, which is where the load is spread.
    ///
    /// ## Why is this bad?
    /// Several instances only help when something spreads the traffic over
    /// them and stops sending it to one that failed. Guide 004: "One server?
    /// Add another behind a load balancer" and "Without a load balancer, all
    /// traffic goes to one server." Guide 002 draws the horizontal tier as
    /// `[LB] → [App1][App2][App3]`.
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// service api   "API" x3 { stateless }
    /// users -> api: HTTPS
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users "Users"
    /// lb      lb    "Load balancer" x2
    /// service api   "API" x3 { stateless }
    /// users -> lb -> api: HTTPS
    /// ```
    ///
    /// ## References
    /// - Guide 004, *High-Level Design*, note 5 (line 433) and note 7 "Load
    ///   Balancers" (lines 541–543).
    /// - Guide 002, *System Design Interview Complete Guide*, Part 4
    ///   "Horizontal scaling" (lines 231–234).
    MissingLoadBalancer, "missing-load-balancer", Warning
}

impl Check for MissingLoadBalancer {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components() {
            if component.kind != Kind::Service || component.instances < 2 {
                continue;
            }
            let mut callers: Vec<&str> = cx
                .incoming(node)
                .filter(|(edge, flow, from)| {
                    is_sync(flow)
                        && !cx.is_real_time(*edge)
                        && matches!(cx.kind(*from), Some(Kind::Client | Kind::Cdn | Kind::Dns))
                })
                .map(|(_, _, from)| cx.id(from))
                .collect();
            callers.sort_unstable();
            callers.dedup();
            if callers.is_empty() {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!(
                        "{} runs {} instances, but `{}` {} it with no load balancer in between",
                        cx.name(node),
                        component.instances,
                        callers.join("`, `"),
                        if callers.len() == 1 {
                            "reaches"
                        } else {
                            "reach"
                        }
                    ),
                )
                .suggest(format!(
                    "put an `lb` (or a `gateway`) between `{}` and `{}`",
                    callers.join("`, `"),
                    component.id
                )),
            );
        }
    }
}
