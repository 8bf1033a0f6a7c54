use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds flows that retry (`retries` above 0) without a `backoff`.
    ///
    /// ## Why is this bad?
    /// When a dependency slows down, every caller retrying at once multiplies
    /// its load exactly when it can least take it — a retry storm that turns
    /// a blip into an outage. Guide 002: "Retry storm without jitter —
    /// amplifies outage", "Jittered backoff + server Retry-After header", and
    /// "Cap max retries." Guide 000: "Retry with backoff + jitter."
    ///
    /// ## Example
    /// ```wb
    /// service orders "Orders" x2
    /// service stock  "Inventory" x2
    /// orders -> stock: reserve { timeout: 200ms, retries: 3 }
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// service orders "Orders" x2
    /// service stock  "Inventory" x2
    /// orders -> stock: reserve { timeout: 200ms, retries: 3, backoff: exponential }
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 21
    ///   "Resilience", line 1738.
    /// - Guide 000, *System Design Interview Guide*, "Reliability Patterns"
    ///   cheat sheet.
    /// - Guide 004, *High-Level Design*, section 3.7 (R-RETRY-BACKOFF).
    RetryWithoutBackoff, "retry-without-backoff", Warning
}

impl Check for RetryWithoutBackoff {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (edge, flow, _, _) in cx.flows() {
            let retries = flow
                .attributes
                .get("retries")
                .and_then(crate::model::Value::as_f64)
                .unwrap_or(0.0);
            let backoff = match flow.attributes.get("backoff") {
                None => false,
                Some(value) => {
                    value.as_bool() != Some(false)
                        && value
                            .as_text()
                            .is_none_or(|t| !matches!(t, "none" | "no" | "off"))
                }
            };
            if retries <= 0.0 || backoff {
                continue;
            }
            findings.push(
                cx.at_flow(
                    &Self::META,
                    edge,
                    format!("`{} -> {}` retries {retries} times with no backoff", flow.from, flow.to),
                )
                .suggest("add `backoff: exponential` (with jitter) so retries spread out instead of arriving together"),
            );
        }
    }
}
