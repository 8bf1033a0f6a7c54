use super::prelude::*;
use super::queue_without_consumer::QUEUES;

declare_rule! {
    /// ## What it does
    /// Finds synchronous calls, on a request path from a client, to slow
    /// work: sending email, SMS or push notifications, transcoding or
    /// resizing media, analytics and reports. The slow work is recognised by
    /// the target's technology (SendGrid, SES, Twilio, FCM, APNs), its tags,
    /// or words in its id, label or the flow's label. Calls that only store
    /// or enqueue — into a database, cache, blob store, search index,
    /// warehouse or queue — are quick and left alone.
    ///
    /// ## Why is this bad?
    /// The user waits for work they do not need to wait for, and a slow or
    /// failing provider makes the request slow or failing too. Guide 000 shows
    /// the synchronous chain "waits... Email Service ↓ waits... SMS Service ↓
    /// 3000ms later" next to the asynchronous one through Kafka. Guide 002:
    /// "Async jobs: email, thumbnails, search indexing", "thumbnail via async
    /// worker". Guide 004: "Separate push notification workers so they don't
    /// block message delivery."
    ///
    /// ## Example
    /// ```wb
    /// client  users "Users"
    /// service api   "Signup API" x2
    /// ses     email "Email provider"
    /// users -> api: POST /signup
    /// api -> email: send welcome email
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users  "Users"
    /// service api    "Signup API" x2
    /// sqs     jobs   "Email jobs" { dlq: true }
    /// worker  mailer "Mailer" x2
    /// ses     email  "Email provider"
    /// users -> api: POST /signup
    /// api ~> jobs: welcome email
    /// jobs ~> mailer: consume
    /// mailer -> email: send
    /// ```
    ///
    /// ## References
    /// - Guide 000, *System Design Interview Guide*, module 5 "Synchronous vs
    ///   Asynchronous".
    /// - Guide 002, *System Design Interview Complete Guide*, Part 13
    ///   "Message Queues" (use cases) and Part 22.
    /// - Guide 004, *High-Level Design*, note 40 "Chat System" (line 5222) and
    ///   section 3.6 "Asynchronous work and queues".
    SyncSlowWork, "sync-slow-work", Warning
}

impl Check for SyncSlowWork {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (edge, flow, from, to) in cx.flows() {
            let caller_is_server = matches!(
                cx.kind(from),
                Some(Kind::Service | Kind::Gateway | Kind::Lb)
            );
            // Storing a row about an email or enqueueing it is quick; only a
            // component that does the work makes the user wait.
            let does_work = cx
                .kind(to)
                .is_some_and(|kind| !STORES.contains(&kind) && !QUEUES.contains(&kind));
            if flow.kind != FlowKind::Sync
                || !caller_is_server
                || !does_work
                || !cx.on_request_path(from)
            {
                continue;
            }
            let slow_target =
                cx.words(to).any(vocabulary::SLOW_WORK) && !cx.words(to).any(vocabulary::MONEY);
            let slow_flow = cx.flow_words(edge).any(vocabulary::SLOW_WORK);
            if !(slow_target || slow_flow) {
                continue;
            }
            findings.push(
                cx.at_flow(
                    &Self::META,
                    edge,
                    format!(
                        "`{}` calls {} synchronously for slow work while a user waits",
                        flow.from,
                        cx.name(to)
                    ),
                )
                .suggest(format!(
                    "put a queue between `{}` and `{}`: `{} ~> jobs`, and let a worker call `{}`",
                    flow.from, flow.to, flow.from, flow.to
                )),
            );
        }
    }
}
