use super::front::{Wording, unguarded_doors};
use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds public entry points where no component on the way in — CDN, load
    /// balancer, gateway or first service — declares how callers are
    /// authenticated (`auth`). Each entry a client reaches is judged on its
    /// own: a gateway's `auth` does not cover a WebSocket balancer beside
    /// it, nor a CDN's the balancer the client calls directly. A design
    /// whose entry is public on purpose says
    /// so with `auth: none`. Reported at info level, once per design, naming
    /// every such entry; `whiteboard.toml` can raise it (`missing-auth =
    /// "warning"`).
    ///
    /// ## Why is this bad?
    /// When the entry does not authenticate, every service behind it must,
    /// and one that forgets exposes its data. Guide 002: "Always authenticate
    /// at gateway; authorize per resource in service", and its API template
    /// carries `Authorization: Bearer <token>`. Guide 000's gateway does
    /// "Auth · Rate Limit".
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// gateway api   "API gateway" x2 { rate_limit: 100/s }
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
    /// - Guide 002, *System Design Interview Complete Guide*, Part 20
    ///   "Security", line 1606; Part 14 "API gateway".
    /// - Guide 000, *System Design Interview Guide*, module 7 template.
    /// - Guide 004, *High-Level Design*, section 3.8 (R-AUTH-EDGE).
    MissingAuth, "missing-auth", Info
}

impl Check for MissingAuth {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let declares = |n: NodeIndex| {
            cx.component(n)
                .is_some_and(|c| c.attribute("auth").is_some())
        };
        let wording = Wording {
            one: "declares no authentication",
            many: "declare no authentication",
            fix: |ids| {
                format!(
                    "add `auth: jwt` (or oauth2, api_key, …) to {ids} or to what stands right behind it; write `auth: none` where an entry is public by design"
                )
            },
        };
        findings.extend(unguarded_doors(cx, &Self::META, declares, &wording));
    }
}
