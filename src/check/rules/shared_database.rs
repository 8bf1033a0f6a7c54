use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds a SQL or NoSQL database that two or more services write to. A
    /// flow counts as a write unless its label only reads.
    ///
    /// ## Why is this bad?
    /// Services that share tables are coupled through the schema: neither can
    /// change it, scale its store or fail on its own, and the boundary
    /// between them is a fiction. Guide 002: "Each service owns its database
    /// — no shared tables … Violating this creates distributed monolith."
    /// Guide 004: "Each service owns its own data and logic."
    ///
    /// ## Example
    /// ```wb
    /// service  orders   "Orders" x2
    /// service  billing  "Billing" x2
    /// postgres shop     "Shop DB" { replicas: 2 }
    /// orders -> shop: write orders
    /// billing -> shop: write invoices
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// service  orders    "Orders" x2
    /// service  billing   "Billing" x2
    /// postgres orders_db "Orders DB" { replicas: 2 }
    /// postgres billing_db "Billing DB" { replicas: 2 }
    /// kafka    events    "Order events" x3 { dlq: true }
    /// orders -> orders_db: write orders
    /// billing -> billing_db: write invoices
    /// orders ~> events: OrderPlaced
    /// events ~> billing: consume
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 14
    ///   "Microservices", line 1153.
    /// - Guide 004, *High-Level Design*, note 45 "E-Commerce Platform" (line
    ///   6727) and section 3.9 (R-DB-PER-SERVICE).
    SharedDatabase, "shared-database", Warning
}

impl Check for SharedDatabase {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components_of(DATABASES) {
            let mut writers: Vec<&str> = cx
                .incoming(node)
                .filter(|(edge, _, from)| {
                    cx.kind(*from) == Some(Kind::Service) && !cx.is_read(*edge)
                })
                .map(|(_, _, from)| cx.id(from))
                .collect();
            writers.sort_unstable();
            writers.dedup();
            if writers.len() < 2 {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!("services `{}` all write {}", writers.join("`, `"), cx.name(node)),
                )
                .suggest(format!(
                    "give each service its own database and share data through an API or events; keep `{}` owned by one service",
                    component.id
                )),
            );
        }
    }
}
