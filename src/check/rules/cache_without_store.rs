use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds a cache with no durable store behind it: nothing that owns
    /// data — a database, blob store, search index or warehouse, a component
    /// marked `store: true`, or a service named as an index or a graph — nor
    /// a third party whose answers it keeps, is connected to the cache or to
    /// a component that uses it; no user of the cache says where a miss goes
    /// ("compute routes on cache miss": what computes the entries again
    /// stands behind it); and the cache
    /// is not marked as the store of record (`store: true`). Caches of
    /// short-lived state — presence, sessions, connection registries,
    /// counters, locks, live locations — are left alone.
    ///
    /// ## Why is this bad?
    /// A cache holds copies. When it restarts, evicts or loses a node, the
    /// data must come back from somewhere; if nothing stands behind it, that
    /// data is gone. Guide 002 asks for a "plan for cold start or cache
    /// cluster failure" and to "degrade to DB"; guide 000 draws cache-aside as
    /// a read from Redis with the database behind it. When the cache really is
    /// the store (rate-limit counters, presence), say so with `store: true`.
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// service api   "API" x2
    /// redis   cache "Profiles" x3 { ttl: 1h }
    /// users -> api: GET /profile
    /// api -> cache: read profile
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client   users    "Users"
    /// service  api      "API" x2
    /// redis    cache    "Profiles" x3 { ttl: 1h }
    /// postgres profiles "Profiles DB" { replicas: 2 }
    /// users -> api: GET /profile
    /// api -> cache: read profile
    /// api -> profiles: read on miss
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 6 "Caching"
    ///   (pitfalls: cold start, cluster failure) and Part 30.
    /// - Guide 000, *System Design Interview Guide*, module 4 "Cache Aside".
    CacheWithoutStore, "cache-without-store", Warning
}

impl Check for CacheWithoutStore {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components() {
            if component.kind != Kind::Cache
                || cx.is_store(node)
                || cx.words(node).any(vocabulary::EPHEMERAL)
            {
                continue;
            }
            let users: Vec<NodeIndex> = cx.neighbours(node).collect();
            let backed = std::iter::once(node)
                .chain(users.iter().copied())
                .flat_map(|n| cx.neighbours(n))
                .any(|other| {
                    other != node && (cx.is_store(other) || cx.kind(other) == Some(Kind::External))
                });
            if backed || recomputed(cx, node, &users) {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!("cache {} has no database behind it and is not marked as the store", cx.name(node)),
                )
                .suggest(format!(
                    "connect the service that uses `{}` to the database it caches (or to what computes its entries, with a label that says so: \"on cache miss\"), or mark the cache `store: true` if it is the store of record",
                    component.id
                )),
            );
        }
    }
}

/// A reader of the cache says where a miss goes ("compute routes on cache
/// miss"): a synchronous read of a service, worker or third party that
/// computes the entries again, which stands behind the cache as a store
/// would.
fn recomputed(cx: &Context, cache: NodeIndex, users: &[NodeIndex]) -> bool {
    // A monitoring system's scrape of the cache reads no entries.
    let reads_cache = |user: NodeIndex| {
        cx.kind(user) != Some(Kind::Monitoring)
            && cx
                .outgoing(user)
                .any(|(edge, _, target)| target == cache && !cx.is_write(edge))
    };
    let computes =
        |kind: Option<Kind>| matches!(kind, Some(Kind::Service | Kind::Worker | Kind::External));
    users.iter().filter(|user| reads_cache(**user)).any(|user| {
        cx.outgoing(*user).any(|(edge, flow, target)| {
            let label = flow.label.as_deref().unwrap_or("");
            target != cache
                && is_sync(flow)
                && !cx.is_write(edge)
                && computes(cx.kind(target))
                && vocabulary::says_miss(label)
        })
    })
}
