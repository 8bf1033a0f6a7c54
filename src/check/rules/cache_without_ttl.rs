use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds a cache that declares neither a `ttl` nor an `eviction` policy.
    /// A cache marked `store: true` (the store of record, e.g. counters) or
    /// declared as a Bloom filter (`bloom_filter`: a set that only grows) is
    /// left alone.
    ///
    /// ## Why is this bad?
    /// A cache without expiry serves stale data forever, and one without an
    /// eviction policy fills its memory and then fails or evicts at random.
    /// Guide 002 lists "Cache Everything — Cache without invalidation story or
    /// hit ratio assumption" among the common mistakes; guide 004: "The cache
    /// has limited memory … what do we evict?" and "LRU is the default choice
    /// in most system design interviews."
    ///
    /// ## Example
    /// ```wb
    /// client   users "Users"
    /// service  api   "API"
    /// redis    cache "Cache"
    /// postgres db    "Database"
    /// users -> api: GET /items
    /// api -> cache: lookup
    /// api -> db: read on miss
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client   users "Users"
    /// service  api   "API"
    /// redis    cache "Cache" { ttl: 5min, eviction: lru }
    /// postgres db    "Database"
    /// users -> api: GET /items
    /// api -> cache: lookup
    /// api -> db: read on miss
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 29 "Common
    ///   Interview Mistakes", line 3914; Part 6 "Caching".
    /// - Guide 004, *High-Level Design*, note 8 "Caching" (lines 645–653).
    /// - Guide 000, *System Design Interview Guide*, module 4 ("Write to Redis
    ///   (TTL)").
    CacheWithoutTtl, "cache-without-ttl", Warning
}

impl Check for CacheWithoutTtl {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components() {
            let attributes = &component.attributes;
            if component.kind != Kind::Cache
                || cx.is_store(node)
                || attributes.get("ttl").is_some()
                || attributes.get("eviction").is_some()
            {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!(
                        "cache {} declares no TTL and no eviction policy",
                        cx.name(node)
                    ),
                )
                .suggest("add `ttl: 10min` (how long an entry may be stale) and `eviction: lru`"),
            );
        }
    }
}
