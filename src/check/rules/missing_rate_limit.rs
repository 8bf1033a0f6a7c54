use super::front::{Wording, unguarded_doors};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds public entry points with no rate limiting: no `rate_limit` on
    /// the CDN, load balancer, gateway or first service that client requests
    /// pass through, and none of them is itself the rate limiter (named a
    /// limiter or throttle). Each entry a client reaches is judged on its
    /// own: a limit on the API gateway does not cover a WebSocket balancer
    /// beside it. Reported at info level, once per design,
    /// naming every such entry; `whiteboard.toml` can raise it
    /// (`missing-rate-limit = "warning"`).
    ///
    /// ## Why is this bad?
    /// Without a limit, one buggy client, scraper or attacker can take the
    /// whole service down for everyone, and retries turn a blip into an
    /// outage. Guide 002: rate limits "Apply at edge (CDN), API gateway, and
    /// service level", "rate limiting before origin"; guide 000's template
    /// puts "Auth · Rate Limit" on the API gateway.
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// gateway api   "API gateway" x2 { auth: jwt }
    /// service shop  "Shop" x3
    /// users -> api: HTTPS
    /// api -> shop: route
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users "Users"
    /// gateway api   "API gateway" x2 { auth: jwt, rate_limit: 100/s }
    /// service shop  "Shop" x3
    /// users -> api: HTTPS
    /// api -> shop: route
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 16 "Rate
    ///   Limiting", line 1291; Part 7 "CDN".
    /// - Guide 000, *System Design Interview Guide*, module 7 template "API
    ///   Gateway — Auth · Rate Limit".
    /// - Guide 004, *High-Level Design*, note 39 "Rate Limiter" and section
    ///   3.8 (R-RATELIMIT).
    MissingRateLimit, "missing-rate-limit", Info
}

/// Names of a component that is itself the rate limiter.
const LIMITERS: &[&str] = &["limiter", "ratelimit", "ratelimiter", "throttl"];

impl Check for MissingRateLimit {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let limits = |n: NodeIndex| {
            let stated = cx
                .component(n)
                .is_some_and(|c| c.attribute("rate_limit").is_some());
            stated || cx.words(n).any(LIMITERS)
        };
        let wording = Wording {
            one: "has no rate limiting",
            many: "have no rate limiting",
            fix: |ids| {
                format!("add `rate_limit: 100/s` (per client) to {ids} or to the CDN in front")
            },
        };
        findings.extend(unguarded_doors(cx, &Self::META, limits, &wording));
    }
}
