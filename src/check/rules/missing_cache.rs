use super::prelude::*;
use crate::model::{Value, is_scrape};

/// Reads per write from which a design counts as read-heavy.
const READ_HEAVY_RATIO: f64 = 5.0;

declare_rule! {
    /// ## What it does
    /// Finds a SQL or NoSQL database — or a service that owns its data
    /// (`store: true`, or named as an index or a graph) — that serves reads
    /// on a request path (not a job's: nobody waits on a nightly run's
    /// reads) with no cache on it, when there is evidence that it
    /// is read-heavy: its own load in the estimate is at least 5 reads to a
    /// write; without an estimate that reaches it, the `scale` block's
    /// `read_write` ratio is at least 5:1, or every labeled flow into it
    /// reads. A write API's uniqueness check on its primary does not make
    /// the primary read-heavy when the estimate sees only writes there, and
    /// a monitoring system's scrape is no reader: it reads metrics, not
    /// the data.
    ///
    /// A cache is "on" the database when it is connected to the database or
    /// to a component that reads from it (cache-aside or read-through).
    ///
    /// ## Why is this bad?
    /// In a read-heavy system the database serves the same hot rows again and
    /// again; it becomes the bottleneck long before the stateless tier does.
    /// Guide 004, on the URL shortener: "Our system is extremely read-heavy
    /// (100:1) … This screams 'cache me.'" Guide 002: "caching is often the
    /// difference between a design that meets 100ms p99 and one that
    /// collapses at 10K QPS", and "90% hit rate cuts origin load by 10×".
    ///
    /// ## Example
    /// ```wb
    /// scale { read_write: 100:1 }
    /// client   users "Users"
    /// service  api   "API"
    /// postgres urls  "URLs"
    /// users -> api: GET /{code}
    /// api -> urls: read
    /// ```
    ///
    /// ## Use instead
    /// ```wb
    /// scale { read_write: 100:1 }
    /// client   users "Users"
    /// service  api   "API"
    /// redis    hot   "Hot URLs" { ttl: 24h, eviction: lru }
    /// postgres urls  "URLs"
    /// users -> api: GET /{code}
    /// api -> hot: lookup
    /// api -> urls: read on miss
    /// ```
    ///
    /// ## References
    /// - Guide 004, *High-Level Design*, note 38 "URL Shortener" (line 4573)
    ///   and note 8 "Caching" (lines 694–696).
    /// - Guide 002, *System Design Interview Complete Guide*, Part 6 "Caching"
    ///   and Part 3 (the 90% hit-rate arithmetic).
    /// - Guide 000, *System Design Interview Guide*, module 4 "Read-heavy →
    ///   Cache-Aside (Redis)".
    MissingCache, "missing-cache", Warning
}

impl Check for MissingCache {
    fn check(cx: &Context, findings: &mut Vec<Finding>) {
        let ratio_says_read_heavy = matches!(
            cx.scale("read_write"),
            Some(Value::Ratio { left, right }) if *right > 0.0 && left / right >= READ_HEAVY_RATIO
        );
        for (node, component) in cx.components() {
            let owns_data =
                matches!(component.kind, Kind::Service | Kind::Worker) && cx.is_store(node);
            if !(DATABASES.contains(&component.kind) || owns_data) || !cx.on_request_path(node) {
                continue;
            }
            // A monitoring system's scrape reads metrics, not the data.
            let incoming: Vec<_> = cx
                .incoming(node)
                .filter(|(_, flow, from)| {
                    is_sync(flow) && !is_scrape(cx.kind(*from), Some(component.kind))
                })
                .collect();
            let readers: Vec<NodeIndex> = incoming
                .iter()
                .filter(|(edge, _, _)| !cx.is_write(*edge))
                .map(|(_, _, from)| *from)
                .collect();
            let labeled: Vec<_> = incoming
                .iter()
                .filter(|(_, flow, _)| flow.label.is_some())
                .collect();
            let all_labeled_read =
                !labeled.is_empty() && labeled.iter().all(|(edge, _, _)| cx.is_read(*edge));
            let Some(evidence) = read_heavy(cx, node, ratio_says_read_heavy, all_labeled_read)
            else {
                continue;
            };
            let cached = cx
                .neighbours(node)
                .chain(readers.iter().flat_map(|r| cx.neighbours(*r)))
                .any(|other| cx.kind(other) == Some(Kind::Cache));
            if readers.is_empty() || cached {
                continue;
            }
            let reader = readers.first().map_or("the service", |r| cx.id(*r));
            let owner = match cx.meaning(node).and_then(|m| m.store.source.explain()) {
                Some(why) if owns_data => format!(" (it owns data: {why})"),
                _ => String::new(),
            };
            findings.push(
                cx.at_component(
                    &Self::META,
                    node,
                    format!("{}{owner} serves reads with no cache in front, and {evidence}", cx.name(node)),
                )
                .suggest(format!(
                    "add a cache (e.g. `redis {}_cache {{ ttl: 10min }}`) and let `{reader}` read it before `{}`",
                    component.id, component.id
                )),
            );
        }
    }
}

/// Why the component's reads are heavy, or `None`: its own estimated load
/// when the estimate reaches it; else the design's `read_write` ratio (for
/// a database) or flows that all read.
fn read_heavy(
    cx: &Context,
    node: NodeIndex,
    ratio_says_read_heavy: bool,
    all_labeled_read: bool,
) -> Option<&'static str> {
    let load = cx
        .estimate()
        .and_then(|e| e.loads.nodes.get(node.index()).copied().flatten())
        .filter(|load| load.peak() > 0.0);
    if let Some(load) = load {
        let heavy = load.read_peak >= READ_HEAVY_RATIO * load.write_peak;
        return heavy.then_some("the estimate says its load is read-heavy");
    }
    let database = cx.kind(node).is_some_and(|kind| DATABASES.contains(&kind));
    if ratio_says_read_heavy && database {
        Some("the design is read-heavy (`read_write`)")
    } else if all_labeled_read {
        Some("every flow into it reads")
    } else {
        None
    }
}
