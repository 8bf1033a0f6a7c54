use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds components on a request path from a client that run as a single
    /// instance with no standby: one server, one load balancer, one database,
    /// one cache.
    ///
    /// Clients, third parties, CDNs, DNS, monitoring and managed cloud services
    /// (S3, SQS, DynamoDB, CloudFront, ALB, … or anything marked
    /// `managed: true`) are redundant by nature or outside the design, and are
    /// left alone.
    ///
    /// ## Why is this bad?
    /// When that one instance fails, every request that passes through it
    /// fails. Guide 002 lists "Single Point of Failure Blindness — One
    /// database, one region, one cache with no replica" among the common
    /// interview mistakes: "interviewers will probe failure. Label replicas,
    /// failover, multi-AZ." Guide 004 puts the rule simply: "if it can fail,
    /// assume it will. Then plan for it", and asks for redundancy at every
    /// layer: a pair of load balancers, several app servers, a primary with
    /// replicas and a standby, a Redis cluster.
    ///
    /// ## Example
    /// ```wb
    /// client   users "Users"
    /// lb       lb    "Load balancer" x2
    /// service  api   "API" x3 { stateless }
    /// postgres db    "Orders"
    /// users -> lb -> api: HTTPS
    /// api -> db: read and write
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client   users "Users"
    /// lb       lb    "Load balancer" x2
    /// service  api   "API" x3 { stateless }
    /// postgres db    "Orders" { replicas: 2, standby: true }
    /// users -> lb -> api: HTTPS
    /// api -> db: read and write
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 29 "Common
    ///   Interview Mistakes", lines 3909–3910; Part 5 "Failure Modes", line 352.
    /// - Guide 004, *High-Level Design*, note 5 (lines 431–438) and note 25
    ///   "Redundancy" (lines 2464–2475).
    /// - Guide 000, *System Design Interview Guide*, module 2 ("SPOF. Downtime
    ///   to upgrade.").
    SinglePointOfFailure, "single-point-of-failure", Warning
}

impl Check for SinglePointOfFailure {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in cx.components() {
            let exempt = matches!(
                component.kind,
                Kind::Client | Kind::External | Kind::Cdn | Kind::Dns | Kind::Monitoring
            );
            if exempt
                || component.instances > 1
                || component.attributes.flag("standby")
                || cx.is_managed(node)
                || !cx.on_request_path(node)
            {
                continue;
            }
            let fix = match component.kind {
                Kind::Sql | Kind::Nosql | Kind::Search | Kind::Warehouse => {
                    "add `replicas: 2` (a primary with a replica) or `standby: true`"
                }
                Kind::Cache => "run a cluster (`x3`) or a replica with failover (`standby: true`)",
                Kind::Lb | Kind::Gateway => {
                    "run an active-passive pair (`x2`) or use a managed one (`managed: true`)"
                }
                Kind::Queue | Kind::Stream | Kind::Pubsub => "run a replicated cluster (`x3`)",
                _ => "run at least two instances (`x2`) behind a load balancer",
            };
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!(
                        "{} is a single point of failure: one instance, no standby, on a request path",
                        cx.name(node)
                    ),
                )
                .suggest(fix),
            );
        }
    }
}
