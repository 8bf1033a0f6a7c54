use super::prelude::*;
use crate::model::Value;

/// Milliseconds one synchronous hop between services costs in the guides'
/// budget ("budget 50ms per hop max 4 hops").
const MS_PER_HOP: f64 = 50.0;
/// Components of a long chain named in the message.
const SHOWN_HOPS: usize = 12;
/// Hops allowed when the design states no `latency`.
const DEFAULT_MAX_HOPS: usize = 4;

declare_rule! {
    /// ## What it does
    /// Measures the longest chain of synchronous calls that a client request
    /// sets off, counting the hops made by services and workers (edge
    /// components — CDN, DNS, load balancers, gateways — are cheap and not
    /// counted; nor are flows into monitoring). It fires when the chain is
    /// longer than the latency budget allows: 4 hops by default, or the
    /// design's `latency` divided by 50 ms per hop.
    ///
    /// ## Why is this bad?
    /// Latencies add up along a synchronous chain and so do failure
    /// probabilities: every hop can time out and take the whole request with
    /// it. Guide 002: "Total user request 300ms — budget 50ms per hop max 4
    /// hops", and "If DB is 80ms, you cannot add 5 sequential microservice
    /// hops without busting budget." Guide 004 lists long synchronous chains
    /// as a cause of cascading failure.
    ///
    /// ## Example
    /// ```wb
    /// client  users   "Users"
    /// gateway api     "Gateway" x2
    /// service orders  "Orders" x2
    /// service pricing "Pricing" x2
    /// service promos  "Promotions" x2
    /// service rules   "Rules" x2
    /// service flags   "Flags" x2
    /// service quotas  "Quotas" x2
    /// users -> api -> orders: checkout
    /// orders -> pricing -> promos -> rules -> flags -> quotas: evaluate
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users   "Users"
    /// gateway api     "Gateway" x2
    /// service orders  "Orders" x2
    /// service pricing "Pricing" x2
    /// redis   rules   "Precomputed promotions" x3 { ttl: 5min }
    /// users -> api -> orders: checkout
    /// orders -> pricing: price cart
    /// pricing -> rules: read promotions
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 21
    ///   "Resilience" (line 1730) and Part 3 "Latency budgets".
    /// - Guide 004, *High-Level Design*, section 3.6 (R-SYNC-CHAIN).
    LongSyncChain, "long-sync-chain", Warning
}

impl Check for LongSyncChain {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let budget = match cx.model.settings.get("latency") {
            Some(Value::Duration { seconds }) => {
                ((seconds * 1000.0 / MS_PER_HOP).floor() as usize).max(1)
            }
            _ => DEFAULT_MAX_HOPS,
        };
        let chains = Chains::measure(cx);
        // Clients that enter the same chain share one finding.
        let mut reported: Vec<NodeIndex> = Vec::new();
        for (client, component) in cx.components() {
            if component.kind != Kind::Client {
                continue;
            }
            let hops = chains.hops(client);
            if hops <= budget {
                continue;
            }
            let Some(entry) = chains.next(client) else {
                continue;
            };
            if reported.contains(&entry) {
                continue;
            }
            reported.push(entry);
            let mut path = vec![component.id.as_str()];
            let mut at = client;
            while let Some(next) = chains.next(at) {
                if path.len() == SHOWN_HOPS {
                    path.push("…");
                    break;
                }
                path.push(cx.id(next));
                at = next;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    client,
                    format!(
                        "a request from {} makes {hops} synchronous service hops in a row ({}), more than the budget of {budget}",
                        cx.name(client),
                        path.join(" -> ")
                    ),
                )
                .suggest("collapse hops (precompute or cache what the deep calls return), call in parallel, or move work behind a queue"),
            );
        }
    }
}

/// For each component, the most hops counted on a synchronous chain that
/// starts there, and the next component on that chain. A call back into the
/// chain (a cycle) ends it; that is `sync-cycle`'s to report.
struct Chains {
    best: Vec<(usize, Option<NodeIndex>)>,
}

impl Chains {
    /// An iterative depth-first search, so a long chain cannot exhaust the
    /// stack.
    fn measure(cx: &Context) -> Chains {
        const NEW: u8 = 0;
        const OPEN: u8 = 1;
        const DONE: u8 = 2;
        let count = cx.graph().node_count();
        let successors: Vec<Vec<NodeIndex>> = cx
            .graph()
            .node_indices()
            .map(|node| {
                // Metrics pushed to monitoring are no step of the request:
                // the chain a Robinhood order set off was shown ending
                // `ledger -> mon`.
                cx.outgoing(node)
                    .filter(|(_, flow, _)| flow.kind == FlowKind::Sync)
                    .map(|(_, _, to)| to)
                    .filter(|to| cx.kind(*to) != Some(Kind::Monitoring))
                    .collect()
            })
            .collect();
        let mut best = vec![(0, None); count];
        let mut state = vec![NEW; count];
        for root in cx.graph().node_indices() {
            if state.get(root.index()) != Some(&NEW) {
                continue;
            }
            let mut stack = vec![(root, 0usize)];
            if let Some(s) = state.get_mut(root.index()) {
                *s = OPEN;
            }
            while let Some((node, next_child)) = stack.last().copied() {
                let children = successors
                    .get(node.index())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                if let Some(child) = children.get(next_child).copied() {
                    if let Some(top) = stack.last_mut() {
                        top.1 += 1;
                    }
                    if state.get(child.index()) == Some(&NEW) {
                        if let Some(s) = state.get_mut(child.index()) {
                            *s = OPEN;
                        }
                        stack.push((child, 0));
                    }
                    continue;
                }
                let counts =
                    usize::from(matches!(cx.kind(node), Some(Kind::Service | Kind::Worker)));
                let mut chosen = (0, None);
                for child in children {
                    if state.get(child.index()) != Some(&DONE) {
                        continue;
                    }
                    let hops = best.get(child.index()).map_or(0, |b| b.0) + counts;
                    if hops > chosen.0 {
                        chosen = (hops, Some(*child));
                    }
                }
                if let Some(slot) = best.get_mut(node.index()) {
                    *slot = chosen;
                }
                if let Some(s) = state.get_mut(node.index()) {
                    *s = DONE;
                }
                stack.pop();
            }
        }
        Chains { best }
    }

    fn hops(&self, node: NodeIndex) -> usize {
        self.best.get(node.index()).map_or(0, |b| b.0)
    }

    fn next(&self, node: NodeIndex) -> Option<NodeIndex> {
        self.best.get(node.index()).and_then(|b| b.1)
    }
}
