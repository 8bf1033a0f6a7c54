use super::prelude::*;
use crate::estimate::ComponentEstimate;
use crate::estimate::units::{count, percent, rate};

declare_rule! {
    /// ## What it does
    /// Finds a component whose estimated load at peak is more than its
    /// instances can serve: more than `xN × capacity` in all, or, for a SQL
    /// database, more writes than one primary per shard can take.
    ///
    /// The load comes from `wb estimate`: the `scale` block's reads and
    /// writes at peak follow the flows from the clients (a flow's `share`,
    /// `fanout` and `batch`, a cache's `hit` ratio and a queue's smoothing
    /// are taken into account). What one instance serves is its `capacity:`
    /// or its kind's default (docs/estimates.md lists them). Services,
    /// databases, caches, queues, streams, topics, search and coordination are
    /// judged by their defaults, and the message says which default was
    /// assumed.
    ///
    /// ## Why is this bad?
    /// The point of estimating is to find the component that falls over
    /// first. Guide 002: "100K QPS divided by 1K per server ≈ 100 servers
    /// before cache — then apply cache hit ratio", and "stateless app tier
    /// scales linearly until database becomes bottleneck — then shard or
    /// cache". Guide 004: "If it gets 100,000 requests per second, we need
    /// load balancers, caching, sharding".
    ///
    /// ## Example
    /// ```wb
    /// scale { dau: 100M, requests: 10/day, read_write: 1:1, peak: 3x }
    /// client   users "Users"
    /// service  api   "API" x40 { stateless }
    /// postgres db    "Orders" x2
    /// users -> api: POST /orders
    /// api -> db: insert order
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// scale { dau: 100M, requests: 10/day, read_write: 1:1, peak: 3x }
    /// client   users "Users"
    /// service  api   "API" x40 { stateless }
    /// postgres db    "Orders" x2 { shards: 8, shard_key: user_id }
    /// users -> api: POST /orders
    /// api -> db: insert order
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 3
    ///   "Back-of-the-Envelope Estimation" ("Servers as a Sanity Check") and
    ///   Part 4 "Scaling Fundamentals".
    /// - Guide 004, *Foundations & Approach*, note 4 "Back-of-the-Envelope
    ///   Estimation" (lines 255–357).
    CapacityExceeded, "capacity-exceeded", Warning
}

impl Check for CapacityExceeded {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let Some(estimate) = cx.estimate() else {
            return;
        };
        for component in &estimate.components {
            let Some(capacity) = &component.capacity else {
                continue;
            };
            if !capacity.checked || !component.is_overloaded() {
                continue;
            }
            let load = &component.load;
            let per = capacity.per_instance;
            let usage = capacity.used_by(load);
            let basis = if capacity.stated {
                "its `capacity`".to_string()
            } else {
                format!("the default for a `{}`, assumed", component.kind.keyword())
            };
            // Only a SQL database has fewer writers than instances.
            let (message, suggestion) = if usage.write_bound() {
                let primaries = capacity.write_units;
                (
                    format!(
                        "`{}` takes {} writes at peak, but {} × {} ({basis}) write {}",
                        component.id,
                        rate(load.write_peak),
                        counted(primaries, "primary", "primaries"),
                        rate(per),
                        rate(primaries * per),
                    ),
                    format!(
                        "shard the writes (`shards: {}`), or buffer them through a queue",
                        count((load.write_peak / per).ceil())
                    ),
                )
            } else {
                let units = capacity.read_units;
                (
                    format!(
                        "`{}` takes {} at peak ({}), but {} × {} ({basis}) serve {}",
                        component.id,
                        rate(load.peak()),
                        mix(load.read_peak, load.write_peak),
                        counted(units, "instance", "instances"),
                        rate(per),
                        rate(capacity.total()),
                    ),
                    remedy(component, (usage.all * units / capacity.shards).ceil()),
                )
            };
            findings.push(
                cx.at_component(&Self::META, component.node, message)
                    .suggest(suggestion),
            );
        }
    }
}

/// `1 primary`, `8 primaries`.
fn counted(number: f64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        count(number),
        if number == 1.0 { one } else { many }
    )
}

/// Reads and writes in words: "all reads", "30% writes".
fn mix(reads: f64, writes: f64) -> String {
    match (reads > 0.0, writes > 0.0) {
        (true, false) => "all reads".into(),
        (false, true) => "all writes".into(),
        _ => format!("{} writes", percent(writes / (reads + writes))),
    }
}

/// What would carry the load: more instances (`instances` per shard would
/// do), and for stores a cache or shards.
fn remedy(component: &ComponentEstimate, instances: f64) -> String {
    let instances = count(instances);
    match component.kind {
        Kind::Sql | Kind::Nosql if component.load.read_peak > component.load.write_peak => {
            format!(
                "put a cache in front of it (`hit: 90%` takes 90% of the reads), or add read replicas (`x{instances}`)"
            )
        }
        Kind::Sql | Kind::Nosql => format!("shard it (`shards: N`) or run `x{instances}` nodes"),
        Kind::Service | Kind::Worker | Kind::Gateway | Kind::Lb => {
            format!("run `x{instances}` instances, or raise `capacity` if one serves more")
        }
        _ => format!("run `x{instances}` nodes, or shard it"),
    }
}
