use super::prelude::*;
use crate::model::Value;

/// Users below which a design counts as small.
const SMALL: f64 = 10_000.0;
/// Services from which a design counts as microservices.
const MANY_SERVICES: usize = 5;

declare_rule! {
    /// ## What it does
    /// Fires when the `scale` block declares a small audience (under 10,000
    /// users) and the design nevertheless shards a store, spans several
    /// regions, splits into five or more services, or runs Kafka.
    ///
    /// ## Why is this bad?
    /// Every one of those adds operations, failure modes and cost that a
    /// small system does not repay. Guide 002: "Over-Engineering —
    /// Kubernetes + Kafka + microservices for 1000 users MVP. Phased
    /// approach: monolith → cache → shard → extract services." Guide 004:
    /// "We don't need a distributed system for 100 users", and "start with a
    /// monolith."
    ///
    /// ## Example
    /// ```wb
    /// scale { users: 2K }
    /// client   users  "Users"
    /// service  api    "API" x2
    /// postgres db     "Database" { replicas: 2, shards: 8, shard_key: user_id }
    /// users -> api: HTTPS
    /// api -> db: read and write
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// scale { users: 2K }
    /// client   users  "Users"
    /// service  api    "API" x2
    /// postgres db     "Database" { replicas: 2 }
    /// users -> api: HTTPS
    /// api -> db: read and write
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 29, line
    ///   3918, and Part 14 "Microservices".
    /// - Guide 004, *High-Level Design*, note 1 (line 55), note 2 (line 154)
    ///   and note 19 (line 1789).
    /// - Guide 000, *System Design Interview Guide*, "Don't jump to
    ///   microservices immediately".
    Overengineered, "overengineered", Info
}

impl Check for Overengineered {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let Some(scale) = &cx.model.scale else { return };
        // The largest audience stated, as written (`2K`).
        let audience = ["users", "dau", "mau"]
            .iter()
            .filter_map(|key| scale.0.get(*key))
            .filter_map(|attribute| match attribute.value {
                Value::Count { value } => Some((value, attribute.text.as_str())),
                _ => None,
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let Some((_, audience)) = audience.filter(|(users, _)| *users < SMALL) else {
            return;
        };
        let mut reasons = Vec::new();
        if cx.components().any(|(_, c)| {
            c.attribute("shards")
                .and_then(Value::as_f64)
                .is_some_and(|s| s > 1.0)
        }) {
            reasons.push("shards a store".to_string());
        }
        let mut regions: Vec<&str> = cx
            .components()
            .filter_map(|(_, c)| c.attribute("region").and_then(Value::as_text))
            .collect();
        regions.sort_unstable();
        regions.dedup();
        if regions.len() > 1 {
            reasons.push(format!("spans {} regions", regions.len()));
        }
        let services = cx
            .components()
            .filter(|(_, c)| c.kind == Kind::Service)
            .count();
        if services >= MANY_SERVICES {
            reasons.push(format!("splits into {services} services"));
        }
        if cx
            .components()
            .any(|(_, c)| c.technology.is_some_and(|t| t.keyword == "kafka"))
        {
            reasons.push("runs Kafka".to_string());
        }
        if reasons.is_empty() {
            return;
        }
        findings.push(
            cx.at_design(
                &Self::META,
                format!("for {audience} users the design {}", reasons.join(", ")),
            )
            .suggest("start simpler — one service, one database with a replica, a cache — and add the rest when the numbers call for it"),
        );
    }
}
