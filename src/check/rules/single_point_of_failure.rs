use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds components that run as a single instance with no standby, no
    /// `replication` and no read replica (`replica_of`; a replica itself is
    /// covered by its primary): one server, one load balancer, one database,
    /// one cache. It looks at the request paths from the clients, at the
    /// synchronous calls of a job that starts work on its own (a worker
    /// marked `entry: true`), at every
    /// queue, stream or store (warehouses aside) that data from the entries
    /// reaches, however asynchronously; and in a design without clients that
    /// states an `availability` target (a crawler, an ingestion pipeline),
    /// at every component its entries reach — workers, queues and stores
    /// alike.
    ///
    /// Clients, third parties, CDNs, DNS, monitoring, object stores (which
    /// keep several copies by design) and managed cloud services (S3, SQS,
    /// DynamoDB, CloudFront, ALB, … or anything marked `managed: true`) are
    /// redundant by nature or outside the design, and are left alone.
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
        let availability = cx
            .model
            .settings
            .0
            .get("availability")
            .map(|a| a.text.clone());
        // Without clients, the pipeline from the entries is the product.
        let pipeline_only = !cx.components().any(|(_, c)| c.kind == Kind::Client);
        let dead_letter_queues = crate::model::semantics::dead_letter_queues(cx.design);
        for (node, component) in cx.components() {
            if crate::model::semantics::redundant(component, cx.meaning(node)) {
                continue;
            }
            // A queue or store with one node loses the data in it when it
            // fails, on whatever path the data came.
            let holds_data = component.kind.is_queue()
                || (component.kind.is_datastore() && component.kind != Kind::Warehouse);
            let off_path = || only_dead_letters(cx, node, &dead_letter_queues);
            // A job that starts work on its own (a nightly cron marked
            // `entry: true`) heads a pipeline; nobody waits on it. A
            // monitoring system's scrape of it starts no work, nor does a
            // two-way flow it opens (`cron <-> lock`).
            let starts_work = component.kind == Kind::Worker
                && cx
                    .incoming(node)
                    .filter(|(_, flow, _)| flow.kind != FlowKind::Both)
                    .all(|(_, _, from)| cx.kind(from) == Some(Kind::Monitoring));
            let where_ = if cx.on_request_path(node) {
                "on a request path".to_string()
            } else if cx.on_job_path(node) && starts_work {
                "heading a pipeline it starts on its own".to_string()
            } else if cx.on_job_path(node) {
                "on the path of the work a job starts on its own".to_string()
            } else if holds_data && cx.is_reachable(node) && !off_path() {
                "holding data that flows from the entries".to_string()
            } else if let Some(target) = availability
                .as_ref()
                .filter(|_| pipeline_only && cx.is_reachable(node) && !off_path())
            {
                format!("in a design that targets {target} availability")
            } else {
                continue;
            };
            let fix = match component.kind {
                Kind::Sql | Kind::Nosql | Kind::Search | Kind::Warehouse => {
                    "add `replicas: 2` (a primary with a replica) or `standby: true`"
                }
                Kind::Cache => "run a cluster (`x3`) or a replica with failover (`standby: true`)",
                Kind::Lb | Kind::Gateway => {
                    "run an active-passive pair (`x2`) or use a managed one (`managed: true`)"
                }
                Kind::Queue | Kind::Stream | Kind::Pubsub => "run a replicated cluster (`x3`)",
                // Workers take their work from a queue or a timer: a second
                // instance needs no load balancer in front.
                Kind::Worker => {
                    "run at least two instances (`x2`); a scheduled job takes a lock (or a leader) so that one run at a time does the work"
                }
                _ => "run at least two instances (`x2`) behind a load balancer",
            };
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!(
                        "{} is a single point of failure: one instance, no standby, {where_}",
                        cx.name(node)
                    ),
                )
                .suggest(fix),
            );
        }
    }
}

/// Every flow into the component comes from a dead-letter queue: it handles
/// failures off the pipeline's path, and the queue keeps them while it is
/// down.
fn only_dead_letters(cx: &Context, node: NodeIndex, dead_letter_queues: &[bool]) -> bool {
    let mut callers = cx.incoming(node).map(|(_, _, from)| from).peekable();
    callers.peek().is_some()
        && callers.all(|from| {
            dead_letter_queues
                .get(from.index())
                .copied()
                .unwrap_or(false)
        })
}
