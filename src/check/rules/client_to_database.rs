use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds flows between a client and a database, cache, search index or
    /// warehouse. Blob stores are left alone: clients uploading to or
    /// downloading from object storage with pre-signed URLs is the pattern
    /// the guides recommend.
    ///
    /// ## Why is this bad?
    /// A client that talks to a datastore bypasses authentication, rate
    /// limiting, validation and the service that owns the data; its schema
    /// becomes a public API and its credentials ship to every device. Guide
    /// 000's template is "Client → API Gateway → Services → Cache →
    /// Database", and guide 002: "Always authenticate at gateway; authorize
    /// per resource in service."
    ///
    /// ## Example
    /// ```wb
    /// client   app "Mobile app"
    /// postgres db  "Database" { replicas: 2 }
    /// app -> db: SELECT orders
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client   app "Mobile app"
    /// service  api "Orders API" x2
    /// postgres db  "Database" { replicas: 2 }
    /// app -> api: GET /orders
    /// api -> db: SELECT orders
    /// ```
    ///
    /// ## References
    /// - Guide 000, *System Design Interview Guide*, module 7 "Standard
    ///   High-Level Template".
    /// - Guide 002, *System Design Interview Complete Guide*, Part 20
    ///   "Security" (line 1606) and Part 22 (pre-signed uploads).
    /// - Guide 004, *High-Level Design*, section 3.9 (client straight to a
    ///   database or cache).
    ClientToDatabase, "client-to-database", Error
}

impl Check for ClientToDatabase {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (edge, _, from, to) in cx.flows() {
            let store = |node| {
                matches!(
                    cx.kind(node),
                    Some(Kind::Sql | Kind::Nosql | Kind::Cache | Kind::Search | Kind::Warehouse)
                )
            };
            let (client, data) = match (cx.kind(from), cx.kind(to)) {
                (Some(Kind::Client), _) if store(to) => (from, to),
                (_, Some(Kind::Client)) if store(from) => (to, from),
                _ => continue,
            };
            findings.push(
                cx.at_flow(&Self::META, edge, format!("client {} talks to {} directly", cx.name(client), cx.name(data)))
                    .suggest(format!(
                        "put a service in between: `{} -> api -> {}`, so requests are authenticated and validated",
                        cx.id(client),
                        cx.id(data)
                    )),
            );
        }
    }
}
