use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Fires when a design has components but no monitoring: no component of
    /// kind `monitoring` (or a technology such as Prometheus, Grafana,
    /// Datadog) and no component with `tags: [monitoring]`.
    ///
    /// ## Why is this bad?
    /// A design that cannot be observed cannot be operated: nobody learns
    /// that the queue is backing up or the cache hit ratio fell until users
    /// complain. Guide 002 lists "No Monitoring or Launch Plan" among the
    /// common mistakes, and its template asks for "metrics (RED/USE),
    /// structured logs with request_id, distributed traces across services."
    /// Guide 000: "I'd instrument this with [Prometheus/Grafana] to
    /// detect..."
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// service api   "API" x2
    /// users -> api: HTTPS
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client     users   "Users"
    /// service    api     "API" x2
    /// prometheus metrics "Metrics and alerts"
    /// users -> api: HTTPS
    /// api -> metrics: RED metrics
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 29, line
    ///   3925; Part 18 "Observability"; Part 27 template.
    /// - Guide 000, *System Design Interview Guide*, module 7 (seniority
    ///   language).
    /// - Guide 004, *High-Level Design*, note 27 "Observability".
    MissingMonitoring, "missing-monitoring", Info
}

impl Check for MissingMonitoring {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let mut components = cx.components().peekable();
        if components.peek().is_none() {
            return;
        }
        let monitored = cx.components().any(|(node, c)| {
            c.kind == Kind::Monitoring || cx.tagged(node, &["monitoring", "observability"])
        });
        if monitored {
            return;
        }
        findings.push(
            cx.at_design(&Self::META, "the design has no monitoring")
                .suggest("add a monitoring component (`prometheus metrics`) for metrics, logs and traces, and alerts on your SLOs"),
        );
    }
}
