use super::prelude::*;
use petgraph::algo::tarjan_scc;
use petgraph::visit::{EdgeFiltered, EdgeRef};

declare_rule! {
    /// ## What it does
    /// Finds synchronous calls (`->`) that form a cycle: `a` calls `b`, which
    /// (directly or through others) calls `a` again. Two-way connections
    /// (`<->`, such as a WebSocket) and asynchronous flows are not calls and
    /// do not count; nor does a flow out of a store (a database, cache,
    /// bucket or search index), which calls nothing: such a flow is replication or a
    /// push (a bucket's popular videos pushed to the CDN that fetches from
    /// it on a miss).
    ///
    /// ## Why is this bad?
    /// A cycle of blocking calls can deadlock when thread pools fill, turns
    /// one slow service into a slow loop, and means neither service can be
    /// deployed or scaled on its own. Guide 002 names "Expensive synchronous
    /// RPC chains" in its bottleneck hierarchy and asks to "avoid chatty
    /// chains"; guide 000's failure table lists "Cascading Failure — One
    /// service failure overloads dependents".
    ///
    /// ## Example
    /// ```wb
    /// client  users     "Users"
    /// service orders    "Orders" x2
    /// service inventory "Inventory" x2
    /// users -> orders: place order
    /// orders -> inventory: reserve stock
    /// inventory -> orders: look up order
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users     "Users"
    /// service orders    "Orders" x2
    /// service inventory "Inventory" x2
    /// kafka   events    "Order events" x3 { dlq: true }
    /// users -> orders: place order
    /// orders -> inventory: reserve stock (with the order's lines)
    /// inventory ~> events: StockReserved
    /// events ~> orders: consume
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 14
    ///   "Microservices" ("avoid chatty chains") and the bottleneck hierarchy.
    /// - Guide 000, *System Design Interview Guide*, module 6 failure table
    ///   ("Cascading Failure").
    SyncCycle, "sync-cycle", Warning
}

impl Check for SyncCycle {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let graph = cx.graph();
        let calls = EdgeFiltered::from_fn(graph, |edge| {
            let from_store = graph
                .node_weight(edge.source())
                .is_some_and(|c| STORES.contains(&c.kind));
            edge.weight().kind == FlowKind::Sync && !from_store
        });
        for mut cycle in tarjan_scc(&calls) {
            if cycle.len() < 2 {
                continue;
            }
            cycle.sort_unstable();
            let Some(first) = cycle.first().copied() else {
                continue;
            };
            let mut ids: Vec<&str> = cycle.iter().map(|n| cx.id(*n)).collect();
            ids.push(cx.id(first));
            findings.push(
                cx.at_component(
                    &Self::META,
                    first,
                    format!("synchronous calls form a cycle: {}", ids.join(" -> ")),
                )
                .suggest("break the cycle: pass the data along with the first call, or turn the call back into an event (`~>`)"),
            );
        }
    }
}
