use super::prelude::*;
use crate::model::Value;
use crate::model::semantics::{Source, tag};

declare_rule! {
    /// ## What it does
    /// Finds synchronous calls from a service, on a request path from a
    /// client, to slow work: sending email, SMS or push notifications,
    /// transcoding or resizing media, analytics and reports, or fanning out
    /// to many recipients (`fanout: 10x` or more, a label that says "fan
    /// out" or "to each follower", or a fan-out service). Reads are quick,
    /// whatever the service's name. The slow work is recognised by the flow's `tags: [slow]` or
    /// label, or the target's technology (SendGrid, SES, Twilio, FCM, APNs),
    /// tags or name — but not a name that calls it an API, which answers
    /// requests. Calls that only store or enqueue — into a database, cache,
    /// blob store, search index, warehouse or queue — are quick and left
    /// alone unless they fan out, and so are calls to a service that hands
    /// the work to a queue itself (`notify ~> jobs`, with no synchronous
    /// call but to stores); a load balancer or gateway only forwards the
    /// request. The finding says which words it read.
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

/// A synchronous fan-out at least this wide makes the caller wait for that
/// many calls.
const WIDE_FANOUT: f64 = 10.0;

impl Check for SyncSlowWork {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        for (edge, flow, from, to) in cx.flows() {
            // A balancer or gateway forwards the user's request: the work is
            // the target's, whatever the target is called.
            let caller_is_server = cx.kind(from) == Some(Kind::Service);
            if flow.kind != FlowKind::Sync || !caller_is_server || !cx.on_request_path(from) {
                continue;
            }
            let Some(evidence) = slow_work(cx, edge, flow, to) else {
                continue;
            };
            findings.push(
                cx.at_flow(
                    &Self::META,
                    edge,
                    format!(
                        "`{}` calls {} synchronously for slow work while a user waits ({evidence})",
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

/// Why the call is slow work, or `None`: a wide fan-out (to any target),
/// or a flow or target that sends messages, processes media or builds
/// reports. Storing a row about an email or enqueueing it is quick.
fn slow_work(
    cx: &Context,
    edge: EdgeIndex,
    flow: &crate::model::Flow,
    to: NodeIndex,
) -> Option<String> {
    let fanout = flow.attributes.get("fanout").and_then(Value::as_f64);
    if let Some(fanout) = fanout.filter(|f| *f >= WIDE_FANOUT) {
        return Some(format!("a fan-out of {fanout}×"));
    }
    // Reading from a service that also does slow work ("GET unread count"
    // from the notification service) is quick.
    if cx.is_read(edge) {
        return None;
    }
    // A target that takes the request and hands it to a queue (`notify ~>
    // jobs`) answers at once: the slow work already happens off the path.
    if hands_off(cx, to) {
        return None;
    }
    let meaning = cx.flow_meaning(edge);
    let said = meaning.and_then(|m| m.tag(tag::SLOW));
    // Stores (caches among them), coordination services and monitoring
    // keep state; whatever their names say ("Config push (watch)"), a call
    // to one waits on no slow work.
    let does_work = cx.kind(to).is_some_and(|kind| {
        !STORES.contains(&kind)
            && !kind.is_queue()
            && !matches!(kind, Kind::Coordination | Kind::Monitoring)
    });
    if let Some(said) = said {
        let fans_out = matches!(&said.source, Source::Words { words } if words.iter().any(|w| w.starts_with("fan")));
        if does_work || fans_out {
            return Some(
                said.source
                    .explain()
                    .unwrap_or_else(|| "tagged `slow`".into()),
            );
        }
    }
    // A target named as an API answers requests; its name says what it
    // serves, not that it is slow.
    let words = cx.words(to);
    if does_work && words.says_fan_out() {
        return Some(format!("inferred from the name of `{}`", cx.id(to)));
    }
    let slow_target = does_work
        && words.any(vocabulary::SLOW_WORK)
        && !words.any(vocabulary::MONEY)
        && !words.any(&["api", "gateway"]);
    slow_target.then(|| format!("inferred from the name of `{}`", cx.id(to)))
}

/// The component passes work on without waiting: a flow of its own to a
/// queue, stream or topic, and no synchronous call to anything but stores.
fn hands_off(cx: &Context, node: NodeIndex) -> bool {
    let mut queued = false;
    for (_, flow, target) in cx.outgoing(node) {
        let kind = cx.kind(target);
        if kind.is_some_and(Kind::is_queue) {
            queued = true;
        } else if flow.kind == FlowKind::Sync
            && !kind.is_some_and(|k| STORES.contains(&k) || k == Kind::Cache)
        {
            return false;
        }
    }
    queued
}
