use super::prelude::*;

declare_rule! {
    /// ## What it does
    /// Finds synchronous API calls that write payments or orders — a call to
    /// a payment provider, or into a component or with a label about
    /// payments, charges, transfers, orders, checkout or bookings — that
    /// carry no idempotency key (`idempotency_key: true`, or "idempotency" in
    /// the label). Reads, writes into a database (which happen inside the
    /// owning service's transaction), and hops into a load balancer, gateway
    /// or CDN (which pass the request and its key on to the service that
    /// acts: the finding goes on that hop) are left alone, as are calls the
    /// design does not make (a third party's to another, or a client's on a
    /// payment provider's own page) and messages handed to an email, SMS or
    /// push provider, whatever they are about ("send booking confirmation").
    /// A provider's webhook into the design is kept: its receiver is the one
    /// to deduplicate (on the provider's event id).
    ///
    /// ## Why is this bad?
    /// Networks time out after the server acted; the client retries, and the
    /// customer is charged twice or the seat sold twice. Guide 002: "Payment
    /// APIs (Stripe) mandate idempotency keys", "Client sends
    /// Idempotency-Key: uuid on POST /charges", and lists "Payments with
    /// eventual consistency and no idempotency" among the mistakes. Guide 000:
    /// "Always mention idempotency keys for payments."
    ///
    /// ## Example
    /// ```wb
    /// client  shopper  "Checkout page"
    /// service payments "Payments" x3 { tags: [payments] }
    /// stripe  psp      "Card processor"
    /// shopper -> payments: POST /charges
    /// payments -> psp: charge card
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  shopper  "Checkout page"
    /// service payments "Payments" x3 { tags: [payments] }
    /// stripe  psp      "Card processor"
    /// shopper -> payments: POST /charges { idempotency_key: true }
    /// payments -> psp: charge card { idempotency_key: true }
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 12
    ///   "Distributed Transactions" (line 964), Part 25 "Payments" and Part
    ///   29, line 3920.
    /// - Guide 000, *System Design Interview Guide*, module 9 "Payment
    ///   Gateway".
    /// - Guide 004, *High-Level Design*, section 3.7 (R-IDEMPOTENCY-PAYMENT).
    MissingIdempotency, "missing-idempotency", Error
}

impl Check for MissingIdempotency {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (edge, flow, from, to) in cx.flows() {
            // Idempotency keys guard API calls; a write into a store happens
            // inside the owning service's transaction, and a load balancer,
            // gateway or CDN forwards the call, key and all.
            let into_store_or_forwarder = cx.kind(to).is_some_and(|k| {
                k.is_datastore() || matches!(k, Kind::Cache | Kind::Lb | Kind::Gateway | Kind::Cdn)
            });
            if flow.kind == FlowKind::Async || cx.is_read(edge) || into_store_or_forwarder {
                continue;
            }
            let keyed = flow.attributes.flag("idempotency_key")
                || flow
                    .label
                    .as_deref()
                    .is_some_and(|l| l.to_lowercase().contains("idempoten"));
            if keyed {
                continue;
            }
            let to_outside = cx.kind(to) == Some(Kind::External);
            let from_outside = matches!(cx.kind(from), Some(Kind::External | Kind::Client));
            // A third party's call to another (a PSP to the card networks)
            // or a client's on a provider's own page is not the design's to
            // key.
            let not_the_designs_call = from_outside && to_outside;
            let to_provider = to_outside && cx.words(to).any(vocabulary::MONEY);
            // Handing a message to an email or push provider writes no
            // money or order, whatever the message is about ("send booking
            // confirmation").
            let to_messenger =
                to_outside && !to_provider && cx.words(to).any(vocabulary::MESSAGING);
            if not_the_designs_call || to_messenger {
                continue;
            }
            let critical = to_provider
                || cx.tagged(to, vocabulary::CRITICAL_WRITE)
                || cx.flow_words(edge).any(vocabulary::CRITICAL_WRITE);
            if !critical {
                continue;
            }
            // A provider retries its webhook until it is acknowledged: the
            // design's receiver is the one to deduplicate.
            let fix = if cx.kind(from) == Some(Kind::External) {
                format!(
                    "let `{}` deduplicate on the provider's event id, so a redelivered webhook is applied once",
                    flow.to
                )
            } else {
                "add `{ idempotency_key: true }` so a retried request is recognised and not applied twice".to_string()
            };
            findings.push(
                cx.at_flow(
                    &Self::META,
                    edge,
                    format!(
                        "the payment or order write `{} -> {}` carries no idempotency key",
                        flow.from, flow.to
                    ),
                )
                .suggest(fix),
            );
        }
    }
}
