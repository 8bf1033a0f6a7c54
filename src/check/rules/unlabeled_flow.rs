use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds flows that have neither a label nor a `protocol`.
    ///
    /// ## Why is this bad?
    /// An arrow without a label says that two boxes talk, not what passes
    /// between them or how. Guide 002: "Label arrows (HTTPS, events,
    /// replication). Unlabeled lines confuse you and the interviewer." Guide
    /// 000, step 3 of its template: "Label every arrow (HTTP, WebSocket,
    /// gRPC, Kafka)." The rubric of guide 002 scores "Clear layers, labeled
    /// flows" against "Confusing diagram".
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// service api   "API" x2
    /// users -> api
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users "Users"
    /// service api   "API" x2
    /// users -> api: place order { protocol: https }
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 1 "Virtual
    ///   Whiteboard Tips", line 47; Part 33 rubric.
    /// - Guide 000, *System Design Interview Guide*, module 7, step 3.
    UnlabeledFlow, "unlabeled-flow", Warning
}

impl Check for UnlabeledFlow {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (edge, flow, _, _) in cx.flows() {
            if flow.label.is_some() || flow.attributes.get("protocol").is_some() {
                continue;
            }
            findings.push(
                cx.at_flow(&Self::META, edge, format!("the flow `{} {} {}` has no label", flow.from, flow.kind.arrow(), flow.to))
                    .suggest(format!(
                        "say what it carries: `{} {} {}: place order`, or give a protocol: `{{ protocol: https }}`",
                        flow.from,
                        flow.kind.arrow(),
                        flow.to
                    )),
            );
        }
    }
}
