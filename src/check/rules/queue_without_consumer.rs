use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds a queue, stream or pub/sub topic that nothing reads. A reader is
    /// a flow out of the queue, a two-way flow (`<->`), or a flow into it
    /// whose label says it consumes (`consume`, `poll`, `subscribe`, `pull`). A queue named as
    /// another's dead-letter queue (`dlq: ID`) is left alone: its messages
    /// wait there for people to inspect.
    ///
    /// ## Why is this bad?
    /// Messages pile up until the retention limit drops them, and the work
    /// they stand for never happens. Guide 004 defines the pattern as
    /// producer, queue and consumer — "Consumer — The service that reads and
    /// processes messages" — and flags a producer without a consumer as an
    /// error.
    ///
    /// ## Example
    /// ```wb
    /// client  users  "Users"
    /// service api    "API" x2
    /// kafka   events "Order events" x3 { dlq: true }
    /// users -> api: place order
    /// api ~> events: OrderPlaced
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users   "Users"
    /// service api     "API" x2
    /// kafka   events  "Order events" x3 { dlq: true }
    /// worker  shipper "Shipping worker" x2
    /// users -> api: place order
    /// api ~> events: OrderPlaced
    /// events ~> shipper: consume
    /// ```
    ///
    /// ## References
    /// - Guide 004, *High-Level Design*, note 10 "Message Queues" (lines
    ///   821–823) and section 3.6 (R-QUEUE-DANGLING).
    QueueWithoutConsumer, "queue-without-consumer", Error
}

impl Check for QueueWithoutConsumer {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (node, component) in working_queues(cx, QUEUES) {
            let consumed = is_consumed(cx, node);
            if consumed {
                continue;
            }
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!("nothing consumes {}", cx.name(node)),
                )
                .suggest(format!(
                    "add the consumer: `{} ~> worker: consume`",
                    component.id
                )),
            );
        }
    }
}

/// Something reads the queue: a flow out of it (a two-way flow goes out
/// too), or a flow into it whose label says it consumes.
pub(super) fn is_consumed(cx: &Context, queue: NodeIndex) -> bool {
    cx.outgoing(queue).next().is_some()
        || cx.incoming(queue).any(|(edge, _, _)| is_consume(cx, edge))
}

/// Queues, streams and pub/sub topics.
pub(super) const QUEUES: &[Kind] = &[Kind::Queue, Kind::Stream, Kind::Pubsub];

/// Queues of the given kinds that are not dead-letter queues (named by
/// another's `dlq: ID`, or by their own name).
pub(super) fn working_queues<'m>(
    cx: &Context<'m>,
    kinds: &'static [Kind],
) -> impl Iterator<Item = (NodeIndex, &'m crate::model::Component)> + 'm {
    let dead_letter_queues = crate::model::semantics::dead_letter_queues(cx.design);
    cx.components_of(kinds).filter(move |(node, _)| {
        !dead_letter_queues
            .get(node.index())
            .copied()
            .unwrap_or(false)
    })
}

/// A flow into a queue whose label says the caller reads from it.
pub(super) fn is_consume(cx: &Context, edge: petgraph::graph::EdgeIndex) -> bool {
    cx.flow(edge)
        .and_then(|f| f.label.as_deref())
        .is_some_and(|label| {
            vocabulary::plain_words(label)
                .any(|word| vocabulary::matches(vocabulary::CONSUME, &word))
        })
}
