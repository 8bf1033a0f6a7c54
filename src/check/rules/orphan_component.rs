use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds components that have no flow at all, in or out. Monitoring is
    /// left alone: it observes everything, and diagrams rarely draw its
    /// arrows. So is a queue another names as its dead-letter queue
    /// (`dlq: ID`): that attribute is its link.
    ///
    /// ## Why is this bad?
    /// A box that nothing talks to either does nothing or hides flows the
    /// design forgot to draw. Guide 004 asks each diagram to "Show the data
    /// flow (how a request travels through the system)"; a component outside
    /// every flow is not part of any request.
    ///
    /// ## Example
    /// ```wb
    /// client   users "Users"
    /// service  api   "API" x2
    /// postgres db    "Database" { replicas: 2 }
    /// mongodb  docs  "Documents"
    /// users -> api: request
    /// api -> db: read and write
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client   users "Users"
    /// service  api   "API" x2
    /// postgres db    "Database" { replicas: 2 }
    /// mongodb  docs  "Documents"
    /// users -> api: request
    /// api -> db: read and write
    /// api -> docs: read documents
    /// ```
    ///
    /// ## References
    /// - Guide 004, *High-Level Design*, note 2 "The framework", step 3 (lines
    ///   122–123): "Show the data flow".
    OrphanComponent, "orphan-component", Warning
}

impl Check for OrphanComponent {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let dead_letter_queues: std::collections::HashSet<NodeIndex> = cx
            .components()
            .filter_map(|(node, _)| cx.dead_letter_queue(node).filter(|q| *q != node))
            .filter(|queue| cx.kind(*queue).is_some_and(Kind::is_queue))
            .collect();
        for (node, component) in cx.components() {
            if component.kind == Kind::Monitoring
                || cx.has_flows(node)
                || dead_letter_queues.contains(&node)
            {
                continue;
            }
            findings.push(
                cx.at_component(&Self::META, node, format!("{} has no flows", cx.name(node)))
                    .suggest(format!(
                        "draw the flows into and out of `{}`, or remove it",
                        component.id
                    )),
            );
        }
    }
}
