use super::prelude::*;
use crate::check::RuleMeta;
use crate::model::semantics::{Source, tag};
use std::collections::VecDeque;

declare_rule! {
    /// ## What it does
    /// Finds clients that read media or static content — a flow tagged
    /// `media`, a store tagged `media`, a component named for media read
    /// with a label about media, or an object store named for media or read
    /// by clients directly (a label about media into an API is not enough:
    /// "request video" returns its metadata) — along a path with no CDN in
    /// between. Uploads do not count: they go to the origin; nor do reads of
    /// media metadata (titles, sizes, status, or a question such as "is the
    /// video live?"), which an API serves, nor a
    /// server's own reads of an object store that holds no media (paste
    /// text, logs), nor a search index, queue or monitoring system, which
    /// hand out results and messages, not files, nor live media (a flow
    /// whose `protocol` is `udp`, `rtp`, `srtp`, `webrtc`, `stun`, `turn`
    /// or `turns`: a call is sent as it happens, and nothing caches it).
    /// When no flow shows it but
    /// the design has no CDN and the estimate has an object or media store
    /// serve more than 500 MB/s at peak (its reads at the design's read
    /// size), the rule reports the store.
    ///
    /// A design that serves no media or static content needs no CDN, and
    /// this rule stays quiet.
    ///
    /// ## Why is this bad?
    /// Media dominates egress; serving it from the origin is slow far from
    /// the region and expensive everywhere. Guide 002: "CDN edge caching and
    /// compression are mandatory, not optional optimizations", and "Egress
    /// without CDN: 1B × 500KB = 500 TB/day — impossible without CDN." Guide
    /// 000: "Mention CDN whenever the problem involves serving media at
    /// scale."
    ///
    /// ## Example
    /// ```wb
    /// client  users  "Users"
    /// service api    "API" x2
    /// s3      photos "Photos"
    /// users -> api: GET /feed
    /// users -> photos: download images
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// client  users  "Users"
    /// service api    "API" x2
    /// cdn     edge   "CDN"
    /// s3      photos "Photos"
    /// users -> api: GET /feed
    /// users -> edge: download images
    /// edge -> photos: cache miss
    /// ```
    ///
    /// ## References
    /// - Guide 002, *System Design Interview Complete Guide*, Part 7 "CDN",
    ///   Part 3 (line 129) and Part 22.
    /// - Guide 000, *System Design Interview Guide*, module 2 "CDN".
    /// - Guide 004, *High-Level Design*, note 9 "CDN" and note 42 "Video
    ///   Streaming" ("CDN is everything", line 5848).
    MissingCdn, "missing-cdn", Warning
}

/// Egress at peak from which serving media from the origin is out of the
/// question: about a gigabyte a second.
const HEAVY_EGRESS: f64 = 500e6;

impl Check for MissingCdn {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let media_behind = media_reachable_without_cdn(cx);
        if media_behind.iter().all(Option::is_none) {
            findings.extend(heavy_egress_without_cdn(cx, &Self::META));
        }
        for (client, component) in cx.components() {
            if component.kind != Kind::Client {
                continue;
            }
            let Some((media, why)) = media_behind.get(client.index()).cloned().flatten() else {
                continue;
            };
            findings.push(
                cx.at_component(
                    &Self::META,
                    client,
                    format!(
                        "{} reads media or static content from {} with no CDN in between ({why})",
                        cx.name(client),
                        cx.name(media)
                    ),
                )
                .suggest(format!(
                    "put a `cdn` between `{}` and `{}` (clients read from the CDN; the CDN reads the origin on a miss)",
                    component.id,
                    cx.id(media)
                )),
            );
        }
    }
}

/// Whether a component of this kind can hand out files: a search index
/// answers with results ("search files" reads none); queues, streams and
/// topics, monitoring, coordination and DNS with messages, numbers and
/// names. A flow tagged `media` says otherwise.
fn holds_files(kind: Option<Kind>) -> bool {
    !matches!(
        kind,
        Some(
            Kind::Search
                | Kind::Queue
                | Kind::Stream
                | Kind::Pubsub
                | Kind::Monitoring
                | Kind::Coordination
                | Kind::Dns
        )
    )
}

/// A media source, and what says it serves media.
type Witness = (NodeIndex, String);

/// What says that the flow `edge` from `from` reads media from `to`, or
/// `None`. Words can say a flow is about media ("request video",
/// "/photos") while an API only answers with metadata: only a stated tag,
/// or the store the media lives in, says bytes are served.
fn why_media(cx: &Context, edge: EdgeIndex, from: NodeIndex, to: NodeIndex) -> Option<String> {
    let meaning = cx.flow_meaning(edge).and_then(|m| m.tag(tag::MEDIA));
    if meaning.is_some_and(|t| t.source == Source::Stated) {
        let written = cx.flow_tag_among(edge, tag::MEDIA_LIKE).unwrap_or("media");
        return Some(format!("the flow is tagged `{written}`"));
    }
    if !holds_files(cx.kind(to)) {
        return None;
    }
    let tagged = cx
        .tag_among(to, vocabulary::MEDIA)
        .map(|tag| format!("`{}` is tagged `{tag}`", cx.id(to)));
    let named = name_words(cx, to);
    let name_says = (!named.is_empty()).then(|| {
        format!(
            "the name of `{}` says {}",
            cx.id(to),
            crate::model::semantics::quoted(&named)
        )
    });
    let label_says = meaning.and_then(|t| match &t.source {
        Source::Words { words } => Some(format!(
            "the label says {}",
            crate::model::semantics::quoted(words)
        )),
        other => other.explain(),
    });
    // An object store holds media when its name or tags say so, or when
    // clients read it directly; a server reading it (paste text, logs)
    // serves no files to anyone.
    if cx.kind(to) == Some(Kind::Blob) {
        if let Some(why) = tagged.clone().or(name_says.clone()).or(label_says.clone()) {
            return Some(why);
        }
        if cx.kind(from) == Some(Kind::Client) {
            return Some(format!("clients read the object store `{}`", cx.id(to)));
        }
    }
    // A media service as drawn, read for media ("attachments").
    if let (Some(name), Some(label)) = (&name_says, &label_says) {
        return Some(format!("{name} and {label}"));
    }
    tagged
}

/// The media words of a component's id and label (not its technology or
/// tags, which say other things).
fn name_words(cx: &Context, node: NodeIndex) -> Vec<String> {
    let Some(component) = cx.component(node) else {
        return Vec::new();
    };
    let mut words: Vec<String> = [
        component.id.as_str(),
        component.label.as_deref().unwrap_or(""),
    ]
    .into_iter()
    .flat_map(vocabulary::words)
    .filter(|word| vocabulary::matches(vocabulary::MEDIA, word))
    .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// For every component, a media source it reads — directly or through other
/// components, along synchronous flows that are not writes and do not pass a
/// CDN — if there is one. One backward sweep from the media sources serves
/// every client at once.
fn media_reachable_without_cdn(cx: &Context) -> Vec<Option<Witness>> {
    // Live media (`protocol: udp`, `srtp`, …) is sent as it happens:
    // nothing caches it.
    let reads_through = |edge, flow: &crate::model::Flow, to| {
        is_sync(flow)
            && !cx.is_write(edge)
            && !cx.is_real_time(edge)
            && cx.kind(to) != Some(Kind::Cdn)
    };
    let mut witness: Vec<Option<Witness>> = vec![None; cx.graph().node_count()];
    let mut queue = VecDeque::new();
    for (edge, flow, from, to) in cx.flows() {
        if !reads_through(edge, flow, to) || cx.kind(from) == Some(Kind::Cdn) {
            continue;
        }
        let Some(why) = why_media(cx, edge, from, to) else {
            continue;
        };
        if let Some(slot) = witness.get_mut(from.index())
            && slot.is_none()
        {
            *slot = Some((to, why));
            queue.push_back(from);
        }
    }
    while let Some(node) = queue.pop_front() {
        let found = witness.get(node.index()).cloned().flatten();
        for (edge, flow, from) in cx.incoming(node) {
            if !reads_through(edge, flow, node) || cx.kind(from) == Some(Kind::Cdn) {
                continue;
            }
            if let Some(slot) = witness.get_mut(from.index())
                && slot.is_none()
            {
                *slot = found.clone();
                queue.push_back(from);
            }
        }
    }
    witness
}

/// A design with media, no CDN and an estimate whose egress at peak is
/// heavy, even when no flow shows a client reading the media.
fn heavy_egress_without_cdn(cx: &Context, meta: &RuleMeta) -> Option<Finding> {
    let estimate = cx.estimate()?;
    let egress = estimate.figures.bandwidth.as_ref()?.egress_peak.value;
    let reads = estimate.figures.traffic.as_ref()?.read_peak.value;
    if reads <= 0.0 || cx.components().any(|(_, c)| c.kind == Kind::Cdn) {
        return None;
    }
    // The media store's part of the reads, at the design's read size.
    let (store, served) = cx
        .components()
        .filter(|(node, c)| c.kind == Kind::Blob || cx.tagged(*node, vocabulary::MEDIA))
        .map(|(node, _)| {
            let load = estimate.loads.nodes.get(node.index()).copied().flatten();
            (node, egress * load.map_or(0.0, |l| l.read_peak) / reads)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    if served < HEAVY_EGRESS {
        return None;
    }
    Some(
        cx.at_component(
            meta,
            store,
            format!(
                "the estimate has {} serve {} at peak, with no CDN in the design",
                cx.name(store),
                crate::estimate::units::bandwidth(served),
            ),
        )
        .suggest(format!(
            "put a `cdn` in front of `{}` and let clients read media from it",
            cx.id(store)
        )),
    )
}
