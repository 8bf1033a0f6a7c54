use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds a sharded store (`shards` above 1) whose `shard_key` has few
    /// values (country, region, status, type, …) or grows monotonically
    /// (a date, a timestamp, a sequence), also as a part of a name joined
    /// with `_` (`user_country`, `thing_type`), and a sharded store that
    /// declares no `shard_key` at all.
    ///
    /// ## Why is this bad?
    /// A key with few values puts most rows on a few shards; a monotonic key
    /// sends every new write to the last shard. Either way one shard is hot
    /// while the others idle, and adding shards does not help. Guide 002:
    /// "Bad: country if US is 40% of traffic — hot shard; Bad: created_at
    /// alone — all writes hit 'today' shard", and the red flag "Vague 'we'll
    /// scale horizontally' without shard key."
    ///
    /// ## Example
    /// ```wb
    /// service   api    "API" x2
    /// cassandra events "Events" x6 { shards: 16, shard_key: created_at }
    /// api -> events: append event
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// service   api    "API" x2
    /// cassandra events "Events" x6 { shards: 16, shard_key: user_id }
    /// api -> events: append event
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 10
    ///   "Sharding" and Part 29, line 3931.
    /// - Guide 000, *System Design Interview Guide*, module 3 "Hot shard".
    /// - Guide 004, *High-Level Design*, section 3.9 (R-SHARD-KEY, R-HOTSPOT).
    BadShardKey, "bad-shard-key", Warning
}

impl Check for BadShardKey {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components() {
            let shards = component
                .attribute("shards")
                .and_then(crate::model::Value::as_f64)
                .unwrap_or(1.0);
            if shards <= 1.0 {
                continue;
            }
            let Some(key) = component
                .attribute("shard_key")
                .and_then(crate::model::Value::as_text)
            else {
                findings.push(
                    cx.at_component(
                        &Self::META,
                        node,
                        format!(
                            "{} is split into {shards} shards with no shard key",
                            cx.name(node)
                        ),
                    )
                    .suggest("declare the key rows are spread by, e.g. `shard_key: user_id`"),
                );
                continue;
            };
            let lower = key.to_lowercase();
            // A name joined with `_` says what it is by its parts:
            // `thing_type` is a type, `user_country` a country.
            let bad_word = |word: &str| {
                vocabulary::BAD_SHARD_KEYS.contains(&word)
                    || word
                        .split('_')
                        .any(|part| vocabulary::BAD_SHARD_KEYS.contains(&part))
            };
            let bad = lower
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(bad_word)
                || vocabulary::BAD_SHARD_KEYS.contains(&lower.as_str());
            if !bad {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!("shard key `{key}` of {} has few values or grows monotonically", cx.name(node)),
                )
                .suggest("shard by a key with many evenly used values, e.g. a hash of `user_id`; add a time bucket only together with it"),
            );
        }
    }
}
