use super::prelude::*;
use super::queue_without_consumer::{is_consumed, working_queues};

declare_rule! {
    /// ## What it does
    /// Finds a queue or stream that is consumed but has no dead-letter queue:
    /// no `dlq: true` and no `dlq: ID`. Pub/sub topics (fire and forget) and
    /// queues that are themselves someone's dead-letter queue are left alone.
    ///
    /// ## Why is this bad?
    /// A message that always fails (a "poison pill") is retried forever,
    /// blocks its partition or burns the consumers, and eventually disappears
    /// with no trace. Guide 002: "Dead-letter queue (DLQ) for poison messages
    /// after N failures", "Poison pill — Message fails parse — DLQ after 3
    /// tries", and for sagas "move to manual review queue — do not infinite
    /// retry charging user." Guide 000 lists a DLQ "for permanently failed
    /// messages" in its notification checklist.
    ///
    /// ## Example
    /// ```wb
    /// service api     "API" x2
    /// sqs     jobs    "Jobs"
    /// worker  workers "Workers" x2
    /// api ~> jobs: enqueue
    /// jobs ~> workers: consume
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// service api     "API" x2
    /// sqs     jobs    "Jobs" { dlq: failed }
    /// sqs     failed  "Failed jobs"
    /// worker  workers "Workers" x2
    /// api ~> jobs: enqueue
    /// jobs ~> workers: consume
    /// jobs ~> failed: after 3 tries
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 13
    ///   "Message Queues" (line 1057) and Part 12 "Sagas".
    /// - Guide 000, *System Design Interview Guide*, problem 3 "Notification
    ///   Service".
    /// - Guide 004, *High-Level Design*, section 3.6 (R-QUEUE-DLQ).
    MissingDeadLetterQueue, "missing-dead-letter-queue", Warning
}

impl Check for MissingDeadLetterQueue {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in working_queues(cx, &[Kind::Queue, Kind::Stream]) {
            let has_dlq = match component.attribute("dlq") {
                Some(value) => value.as_bool() != Some(false),
                None => false,
            };
            if has_dlq || !is_consumed(cx, node) {
                continue;
            }
            findings.push(
                cx.at_component(&Self::META, node, format!("{} is consumed but has no dead-letter queue", cx.name(node)))
                    .suggest(format!(
                        "add `dlq: true`, or declare one (`sqs {0}_dlq`) and set `dlq: {0}_dlq`, so poison messages are parked after a few tries",
                        component.id
                    )),
            );
        }
    }
}
