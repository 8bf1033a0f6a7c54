use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds analytics, reporting or batch work reading a transactional SQL
    /// or NoSQL database directly: a read from a component whose id, label or
    /// tags speak of analytics, reports, dashboards or ETL, or from a
    /// warehouse. Reads labeled as going to a replica, a snapshot or through
    /// change data capture are fine.
    ///
    /// ## Why is this bad?
    /// Analytic queries scan large ranges and hold locks and I/O that user
    /// requests need; a report can slow checkout down. Guide 002 draws
    /// `[Analytics] → Read replica / warehouse (never on primary)` and
    /// recommends "Read replica routing for analytics vs user traffic".
    ///
    /// ## Example
    /// ```wb
    /// postgres orders  "Orders" { replicas: 2 }
    /// worker   reports "Nightly reports"
    /// reports -> orders: scan last day's orders
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// postgres  orders  "Orders" { replicas: 2 }
    /// bigquery  dwh     "Warehouse"
    /// worker    reports "Nightly reports"
    /// worker    etl     "CDC export"
    /// orders ~> etl: change events (CDC)
    /// etl -> dwh: load
    /// reports -> dwh: scan last day's orders
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 8
    ///   "Databases", line 622 (F2).
    /// - Guide 004, *High-Level Design*, section 3.9.
    AnalyticsOnPrimary, "analytics-on-primary", Warning
}

impl Check for AnalyticsOnPrimary {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (edge, flow, from, to) in cx.flows() {
            if !matches!(cx.kind(to), Some(Kind::Sql | Kind::Nosql)) || cx.is_write(edge) {
                continue;
            }
            let analytic =
                cx.kind(from) == Some(Kind::Warehouse) || cx.words(from).any(vocabulary::ANALYTICS);
            if !analytic || cx.flow_words(edge).any(vocabulary::REPLICA) {
                continue;
            }
            findings.push(
                cx.at_flow(&Self::META, edge, format!("analytics `{}` reads the primary {}", flow.from, cx.name(to)))
                    .suggest(format!(
                        "read from a replica or a warehouse fed by change data capture, not from `{}` itself",
                        flow.to
                    )),
            );
        }
    }
}
