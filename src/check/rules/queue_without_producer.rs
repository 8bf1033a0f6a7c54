use super::prelude::*;
use super::queue_without_consumer::{QUEUES, is_consume, working_queues};

declare_rule! {
    /// ## What it does
    /// Finds a queue, stream or pub/sub topic that nothing writes to: no flow
    /// comes in (or runs both ways) except consumers pulling from it, and no
    /// other queue names it as its dead-letter queue.
    ///
    /// ## Why is this bad?
    /// Consumers of an empty queue wait forever; either the design forgot the
    /// producer, or the queue is not needed. Guide 004: "Producer — The
    /// service that creates and sends messages", "Queue — The buffer that
    /// holds messages", and a consumer without a producer is flagged as an
    /// error.
    ///
    /// ## Example
    /// ```wb
    /// rabbitmq jobs   "Resize jobs" { dlq: true }
    /// worker   resize "Resizer" x2
    /// s3       images "Images"
    /// jobs ~> resize: consume
    /// resize -> images: write thumbnails
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client   users  "Users"
    /// service  api    "Upload API" x2
    /// rabbitmq jobs   "Resize jobs" { dlq: true }
    /// worker   resize "Resizer" x2
    /// s3       images "Images"
    /// users -> api: upload photo
    /// api ~> jobs: resize request
    /// jobs ~> resize: consume
    /// resize -> images: write thumbnails
    /// ```
    ///
    /// ## References
    /// - Guide 004, *High-Level Design*, note 10 "Message Queues" (lines
    ///   821–823) and section 3.6 (R-QUEUE-DANGLING).
    QueueWithoutProducer, "queue-without-producer", Error
}

impl Check for QueueWithoutProducer {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in working_queues(cx, QUEUES) {
            // A two-way flow comes in too (see `Context::incoming`).
            let produced = cx.incoming(node).any(|(edge, _, _)| !is_consume(cx, edge));
            if produced {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!("nothing writes to {}", cx.name(node)),
                )
                .suggest(format!(
                    "add the producer: `api ~> {}: event`, or remove the queue",
                    component.id
                )),
            );
        }
    }
}
