//! `wb estimate`: the guides' own worked estimates come out as the guides
//! say (within their rounding), load follows the flows by the documented
//! rules, and every example with a `scale` block gets a sensible estimate.

mod common;

use whiteboard::estimate::{self, ComponentEstimate, Estimate};

fn estimate_of(text: &str) -> Estimate {
    let compiled = whiteboard::compile(text);
    assert!(
        !compiled.has_errors(),
        "does not compile: {:?}",
        compiled.diagnostics
    );
    estimate::estimate(&compiled.model).expect("the design has a scale block")
}

/// `actual` is within `tolerance` (a fraction) of the guide's `expected`.
#[track_caller]
fn about(actual: f64, expected: f64, tolerance: f64) {
    let off = (actual - expected).abs() / expected;
    assert!(
        off <= tolerance,
        "{actual} is {:.1}% away from the guide's {expected}",
        off * 100.0
    );
}

fn traffic(estimate: &Estimate) -> &estimate::figures::Traffic {
    estimate.figures.traffic.as_ref().expect("traffic")
}

fn component<'e>(estimate: &'e Estimate, id: &str) -> &'e ComponentEstimate {
    estimate
        .components
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no load on `{id}`"))
}

const TB: f64 = 1e12;
const GB: f64 = 1e9;
const DAY: f64 = 86_400.0;

#[test]
fn guide_004_url_shortener() {
    // Note 38, L4436–4461: ~200 URLs/s, ~20,000 redirects/s, ~40,000 at
    // peak, 15 TB over five years, a 170 GB cache.
    let e = estimate_of(
        "scale { writes: 500M/month, reads: 50B/month, peak: 2x, object_size: 500B, retention: 5y }",
    );
    let t = traffic(&e);
    about(t.write_avg.value, 200.0, 0.05);
    about(t.read_avg.value, 20_000.0, 0.05);
    about(t.read_peak.value, 40_000.0, 0.05);
    let storage = e.figures.storage.as_ref().expect("storage");
    about(storage.total.value, 15.0 * TB, 0.05);
    about(
        e.figures.cache.as_ref().expect("cache").value,
        170.0 * GB,
        0.05,
    );
}

#[test]
fn guide_001_url_shortener() {
    // "Write QPS = 100M / (30 days * 24 hrs * 3600 sec) = ~40 writes/sec;
    // Read QPS = 40 * 100 = 4000 reads/sec; … Total = 6B * 500 bytes = 3TB".
    let e = estimate_of(
        "scale { writes: 100M/month, read_write: 100:1, object_size: 500B, retention: 5y }",
    );
    let t = traffic(&e);
    about(t.write_avg.value, 40.0, 0.05);
    about(t.read_avg.value, 4_000.0, 0.05);
    about(
        e.figures.storage.as_ref().expect("storage").total.value,
        3.0 * TB,
        0.05,
    );
}

#[test]
fn guide_004_note_4_worked_examples() {
    // "QPS = 10M × 5 / 86,400 ≈ 580 QPS; Peak QPS ≈ 1,160 QPS".
    let e = estimate_of("scale { dau: 10M, reads: 5/day, peak: 2x }");
    about(traffic(&e).read_avg.value, 580.0, 0.01);
    about(traffic(&e).read_peak.value, 1_160.0, 0.01);
    // "100M new URLs per day, each 500 bytes, keep for 5 years: 50 GB/day,
    // ≈ 18 TB/year, ~90 TB total".
    let e = estimate_of("scale { writes: 100M/day, object_size: 500B, retention: 5y }");
    let storage = e.figures.storage.as_ref().expect("storage");
    about(storage.per_year.value / 365.0, 50.0 * GB, 0.01);
    about(storage.per_year.value, 18.0 * TB, 0.02);
    about(storage.total.value, 90.0 * TB, 0.02);
    // Twitter: "150M × 2 × 500 bytes = 150 GB/day … Text: ~55 TB/year".
    let e = estimate_of("scale { dau: 150M, writes: 2/day, object_size: 500B }");
    let storage = e.figures.storage.as_ref().expect("storage");
    about(storage.per_year.value / 365.0, 150.0 * GB, 0.01);
    about(storage.per_year.value, 55.0 * TB, 0.01);
}

#[test]
fn guide_002_news_site() {
    // Part 3, "Worked Example: News Site BOE": 20M DAU × 50 views = 1B a
    // day, ≈ 11,600 average QPS, 58,000 at a 5× peak; with an 80% CDN hit
    // ratio the origin sees 11,600; without a CDN, 500 TB a day of egress;
    // at 2K RPS an instance, ~30 origin servers for 58K QPS.
    let scale = "scale { dau: 20M, reads: 50/day, peak: 5x, object_size: 50KB, read_size: 500KB }";
    let behind_cdn = estimate_of(&format!(
        "{scale}
         client  readers \"Readers\"
         cdn     edge    \"CDN\" {{ hit: 80% }}
         lb      lb      \"Load balancer\" x2
         service web     \"Article servers\" x6 {{ capacity: 2K/s }}
         readers -> edge: GET article
         edge -> lb: cache miss
         lb -> web: route"
    ));
    let t = traffic(&behind_cdn);
    about(t.read_avg.value, 11_600.0, 0.01);
    about(t.read_peak.value, 58_000.0, 0.01);
    about(component(&behind_cdn, "lb").load.peak(), 11_600.0, 0.01);
    let egress = behind_cdn
        .figures
        .bandwidth
        .as_ref()
        .expect("bandwidth")
        .egress
        .value;
    about(egress * DAY, 500.0 * TB, 0.01);
    let no_cdn = estimate_of(&format!(
        "{scale}
         client  readers \"Readers\"
         service web     \"Article servers\" x6 {{ capacity: 2K/s }}
         readers -> web: GET article"
    ));
    let needed = component(&no_cdn, "web")
        .instances_needed
        .expect("capacity");
    about(needed, 30.0, 0.05);
}

#[test]
fn guide_002_dau_to_qps_and_photo_storage() {
    // Part 3: "50M DAU, 10 timeline loads/day → … ~5,800 average QPS →
    // ~29K peak at 5× multiplier".
    let e = estimate_of("scale { dau: 50M, reads: 10/day, peak: 5x }");
    about(traffic(&e).read_avg.value, 5_800.0, 0.01);
    about(traffic(&e).read_peak.value, 29_000.0, 0.01);
    // "10M new photos/day × 500 KB average × 3× replication ≈ 15 TB/day".
    let e = estimate_of("scale { writes: 10M/day, object_size: 500KB, replication: 3 }");
    about(
        e.figures.storage.as_ref().expect("storage").per_year.value / 365.0,
        15.0 * TB,
        0.01,
    );
    // Drill: "Photo app: 10M photos/day × 2 MB → 20 TB/day raw".
    let e = estimate_of("scale { writes: 10M/day, object_size: 2MB }");
    about(
        e.figures.storage.as_ref().expect("storage").per_year.value / 365.0,
        20.0 * TB,
        0.01,
    );
}

#[test]
fn guide_004_feed_chat_rides_and_files() {
    // Note 41 (chat): "20B / 86,400 ≈ ~230,000 messages/sec"; text 2 TB a day.
    let e = estimate_of("scale { dau: 500M, writes: 40/day, peak: 2x, object_size: 100B }");
    about(traffic(&e).write_avg.value, 230_000.0, 0.01);
    let storage = e.figures.storage.as_ref().expect("storage");
    about(storage.per_year.value / 365.0, 2.0 * TB, 0.01);
    // Note 40 (feed): "200M × 5 / 86,400 ≈ ~12,000 writes/sec; 200M × 10 /
    // 86,400 ≈ ~23,000 reads/sec"; text 300 GB a day.
    let e = estimate_of("scale { dau: 200M, writes: 5/day, reads: 10/day, object_size: 300B }");
    about(traffic(&e).write_avg.value, 12_000.0, 0.04);
    about(traffic(&e).read_avg.value, 23_000.0, 0.01);
    let storage = e.figures.storage.as_ref().expect("storage");
    about(storage.per_year.value / 365.0, 300.0 * GB, 0.01);
    // Note 43 (rides): "20M / 86,400 ≈ ~230 requests/sec", "~700" at peak.
    let e = estimate_of("scale { write_qps: 20M/day, peak: 3x }");
    about(traffic(&e).write_avg.value, 230.0, 0.01);
    about(traffic(&e).write_peak.value, 700.0, 0.01);
    // Note 44 (Dropbox): "100M / 86,400 ≈ ~1,200 ops/sec", "~3,000" at peak.
    let e = estimate_of("scale { dau: 10M, requests: 10/day, peak: 2.5x }");
    let t = traffic(&e);
    about(t.read_avg.value + t.write_avg.value, 1_200.0, 0.04);
    about(t.read_peak.value + t.write_peak.value, 3_000.0, 0.04);
}

#[test]
fn guide_000_order_of_magnitude() {
    // "100M users × 10 req/day = 1B req/day ÷ 86,400 sec ≈ 11,500 RPS".
    let e = estimate_of("scale { users: 100M, reads: 10/day }");
    about(traffic(&e).read_avg.value, 11_500.0, 0.01);
}

/// Loads of a small design: `users` sends everything.
fn loads(design: &str) -> Estimate {
    estimate_of(&format!(
        "scale {{ qps: 1K/s, read_write: 1:1, peak: 3x }}\nclient users \"Users\"\n{design}"
    ))
}

#[test]
fn a_cache_hit_ratio_keeps_reads_from_the_store() {
    let e = loads(
        "service api \"API\" x2
         redis cache \"Cache\" { hit: 90%, ttl: 1h }
         postgres db \"DB\"
         users -> api: call
         api -> cache: lookup
         api -> db: read on miss
         api -> db: insert row",
    );
    // 1,500 reads/s at peak: all to the cache, a tenth to the database,
    // which also takes the 1,500 writes.
    about(component(&e, "cache").load.read_peak, 1_500.0, 1e-9);
    about(component(&e, "db").load.read_peak, 150.0, 1e-9);
    about(component(&e, "db").load.write_peak, 1_500.0, 1e-9);
}

/// Loads of a small design behind a load balancer `lb` that `users` call.
fn behind_a_balancer(design: &str) -> Estimate {
    loads(&format!("lb lb \"LB\" x2\nusers -> lb: call\n{design}"))
}

#[test]
fn shares_of_a_balancer_split_each_kind_among_the_flows_that_take_it() {
    // A leaderboard's balancer: 80% to the POST, 20% to the GET. Reads
    // take only the GET; counted as a fifth of them, four fifths of the
    // reads went nowhere and the read path came out five times too small.
    let e = behind_a_balancer(
        "service game \"Game\" x2
         service board \"Board\" x2
         lb -> game: POST /wins { share: 80% }
         lb -> board: GET /scores { share: 20% }",
    );
    about(component(&e, "board").load.read_peak, 1_500.0, 1e-9);
    about(component(&e, "game").load.write_peak, 1_500.0, 1e-9);
    // Where the kind's flows leave a part unstated, it is the others'.
    let e = behind_a_balancer(
        "service a \"A\" x2
         service b \"B\" x2
         service game \"Game\" x2
         lb -> game: POST /wins { share: 50% }
         lb -> a: GET /a { share: 20% }
         lb -> b: GET /b",
    );
    about(component(&e, "a").load.read_peak, 300.0, 1e-9);
    about(component(&e, "b").load.read_peak, 1_200.0, 1e-9);
}

#[test]
fn balancers_split_services_call_every_dependency() {
    let e = behind_a_balancer(
        "service a \"A\" x2
         service b \"B\" x2
         service c \"C\" x2
         service d \"D\" x2
         lb -> a: route { share: 20% }
         lb -> b: route
         b -> c: call
         b -> d: call { fanout: 3x }",
    );
    about(component(&e, "a").load.peak(), 600.0, 1e-9);
    about(component(&e, "b").load.peak(), 2_400.0, 1e-9);
    about(component(&e, "c").load.peak(), 2_400.0, 1e-9);
    about(component(&e, "d").load.peak(), 7_200.0, 1e-9);
}

#[test]
fn a_dead_letter_queue_gets_the_failures_not_the_traffic() {
    let e = loads(
        "service api \"API\" x2
         kafka events \"Events\" x3 { dlq: parked }
         sqs parked \"Parked events\"
         worker sink \"Sink\" x2
         sqs retries_dlq \"Retry DLQ\"
         sqs poison \"Dead letters\"
         users -> api: call
         api ~> events: publish
         events ~> sink: consume
         sink ~> parked: after 3 tries
         sink ~> poison: unreadable message
         sink ~> retries_dlq: give up { share: 10% }",
    );
    // The sink handles 500/s; 1% of it fails for good unless a share says,
    // whether another names the queue (`dlq: parked`) or its name does.
    about(component(&e, "sink").load.peak(), 500.0, 1e-9);
    about(component(&e, "parked").load.peak(), 5.0, 1e-9);
    about(component(&e, "poison").load.peak(), 5.0, 1e-9);
    about(component(&e, "retries_dlq").load.peak(), 50.0, 1e-9);
    let assumed = |id: &str| {
        e.figures
            .assumptions
            .iter()
            .any(|a| a.contains(&format!("`{id}`")))
    };
    assert!(assumed("parked") && assumed("poison") && !assumed("retries_dlq"));
}

#[test]
fn a_queue_absorbs_the_peak_and_batches_divide() {
    let e = loads(
        "service api \"API\" x2
         kafka events \"Events\" x3
         worker sink \"Sink\" x2
         postgres db \"DB\"
         users -> api: call
         api ~> events: publish
         events ~> sink: consume
         sink -> db: insert rows { batch: 10 }",
    );
    // The writes, 1,500/s at peak, become messages (reads never do); the
    // consumer sees their 500/s average, and batches of 10 reach the store.
    about(component(&e, "events").load.peak(), 1_500.0, 1e-9);
    assert_eq!(component(&e, "events").load.read_peak, 0.0);
    about(component(&e, "sink").load.peak(), 500.0, 1e-9);
    about(component(&e, "db").load.peak(), 50.0, 1e-9);
}

#[test]
fn a_consumer_gets_the_messages_whatever_its_label_reads_like() {
    // "query" is a reading verb; a stream delivers its messages all the
    // same (the consumer got none).
    let e = loads(
        "service api \"API\" x2
         kafka logs \"Query logs\" x3
         worker agg \"Aggregators\" x2
         users -> api: search
         api ~> logs: append query log
         logs ~> agg: consume query logs",
    );
    about(component(&e, "agg").load.peak(), 500.0, 1e-9);
}

#[test]
fn a_service_that_only_answers_reads_records_them_where_its_flows_write() {
    // Every redirect is logged as a click: the reads become messages.
    let e = estimate_of(
        "scale { read_qps: 1K/s, peak: 3x }
         client users \"Users\"
         service redirect \"Redirect\" x2
         kafka clicks \"Clicks\" x3
         users -> redirect: GET /r/{code}
         redirect ~> clicks: log click",
    );
    about(component(&e, "clicks").load.write_peak, 3_000.0, 1e-9);
    // Receiving writes too, the service answers its reads: only the
    // writes go on.
    let e = loads(
        "service redirect \"Redirect\" x2
         kafka clicks \"Clicks\" x3
         users -> redirect: call
         redirect ~> clicks: log click",
    );
    about(component(&e, "clicks").load.write_peak, 1_500.0, 1e-9);
    assert_eq!(component(&e, "clicks").load.read_peak, 0.0);
}

#[test]
fn a_name_lookup_leaves_a_clients_rate_to_its_requests() {
    // The streamers' one request flow writes; counted with their DNS
    // lookup, their flows disagreed and the rate was split by the users'
    // mix: nine tenths of it were reads that no flow took.
    let e = estimate_of(
        "scale { dau: 1M, reads: 100/day, writes: 10/day, peak: 3x }
         client s \"Streamers\" { rate: 20K/s }
         lb lb \"LB\" x2
         service a \"Ingest\" x100
         route53 dns \"GeoDNS\"
         s -> lb: RTMP publish { op: write }
         lb -> a: route { op: write }
         s -> dns: resolve ingest host",
    );
    about(component(&e, "a").load.write_peak, 60_000.0, 1e-9);
}

#[test]
fn reads_and_writes_follow_the_labels_and_leave_each_client_once() {
    let e = loads(
        "client admins \"Admins\"
         service reader \"Reader\" x2
         service writer \"Writer\" x2
         users -> reader: GET page
         admins -> writer: POST change",
    );
    about(component(&e, "reader").load.peak(), 1_500.0, 1e-9);
    assert_eq!(component(&e, "reader").load.write_peak, 0.0);
    about(component(&e, "writer").load.peak(), 1_500.0, 1e-9);
}

/// Asserts that the estimate lists an assumption containing `text`.
fn assumes(e: &Estimate, text: &str) {
    assert!(
        e.figures.assumptions.iter().any(|a| a.contains(text)),
        "{:?}",
        e.figures.assumptions
    );
}

#[test]
fn a_staff_client_sends_a_small_part_beside_the_users() {
    // An ops console beside the users' app took half of all reads: its
    // admin API was "over capacity" at the users' rate.
    let e = loads(
        "client ops \"SRE console\"
         service app \"App\" x2
         service admin \"Admin API\" x2
         users -> app: GET page
         ops -> admin: GET rules",
    );
    about(component(&e, "admin").load.read_peak, 1_500.0 * 0.01, 1e-9);
    about(component(&e, "app").load.read_peak, 1_500.0 * 0.99, 1e-9);
    assumes(&e, "`ops` is taken for a client of the staff");
    // A stated share is the staff's own word.
    let e = loads(
        "client ops \"SRE console\" { share: 20% }
         service app \"App\" x2
         service admin \"Admin API\" x2
         users -> app: GET page
         ops -> admin: GET rules",
    );
    about(component(&e, "admin").load.read_peak, 1_500.0 * 0.2, 1e-9);
    // Where every users' client states its share, the staff's takes what
    // they leave, so that the parts add up.
    let e = estimate_of(
        "scale { qps: 1K/s, read_write: 1:1, peak: 3x }
         client web \"Web\" { share: 60% }
         client mobile \"Mobile\" { share: 30% }
         client ops \"SRE console\"
         service app \"App\" x2
         service admin \"Admin API\" x2
         web -> app: GET page
         mobile -> app: GET page
         ops -> admin: GET rules",
    );
    about(component(&e, "admin").load.read_peak, 1_500.0 * 0.1, 1e-9);
}

#[test]
fn a_job_that_starts_on_its_own_sends_a_small_part_beside_the_users() {
    // A nightly reconciliation job marked `entry: true` took half of all
    // reads, as much as every user together.
    let e = loads(
        "worker recon \"Nightly reconciliation\" { entry: true }
         service app \"App\" x2
         postgres ledger \"Ledger\"
         users -> app: GET balance
         app -> ledger: read balance
         recon -> ledger: read entries",
    );
    about(component(&e, "recon").load.read_peak, 1_500.0 * 0.01, 1e-9);
    about(component(&e, "app").load.read_peak, 1_500.0 * 0.99, 1e-9);
    assumes(&e, "`recon` is taken for a job that starts work on its own");
}

#[test]
fn cycles_and_two_way_flows_end() {
    let e = loads(
        "service a \"A\" x2
         service b \"B\" x2
         users <-> a: socket
         a <-> b: sync
         b -> a: callback",
    );
    let a = component(&e, "a").load.peak();
    let b = component(&e, "b").load.peak();
    about(a, 3_000.0, 1e-9);
    about(b, 3_000.0, 1e-9);
}

#[test]
fn capacity_exceeded_fires_on_the_single_database_and_not_the_sharded_one() {
    let findings = |path: &str| {
        let text = std::fs::read_to_string(common::root().join(path)).expect("example");
        let compiled = whiteboard::compile(&text);
        whiteboard::check::check(&compiled.model, &whiteboard::check::Config::default())
            .findings
            .into_iter()
            .filter(|f| f.rule == "capacity-exceeded")
            .map(|f| f.message)
            .collect::<Vec<_>>()
    };
    let drawn = findings("examples/as-drawn/url-shortener-004.wb");
    assert!(
        drawn.iter().any(|m| m.starts_with("`db` takes")),
        "the single MySQL of the drawing is not overloaded: {drawn:?}"
    );
    let sharded = findings("examples/walkthroughs/url-shortener-004.wb");
    assert!(sharded.is_empty(), "{sharded:?}");
}

#[test]
fn every_example_with_a_scale_gets_a_sensible_estimate() {
    let mut tables = String::new();
    for path in common::examples() {
        let text = std::fs::read_to_string(&path).expect("example");
        let compiled = whiteboard::compile(&text);
        let Some(e) = estimate::estimate(&compiled.model) else {
            continue;
        };
        let name = path
            .strip_prefix(common::root())
            .unwrap_or(&path)
            .display()
            .to_string();
        let t = e
            .figures
            .traffic
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no traffic"));
        for (figure, peak) in [(&t.read_avg, &t.read_peak), (&t.write_avg, &t.write_peak)] {
            assert!(
                figure.value.is_finite() && figure.value >= 0.0,
                "{name}: {figure:?}"
            );
            assert!(peak.value >= figure.value, "{name}: peak below average");
        }
        assert!(
            t.read_avg.value + t.write_avg.value > 0.0,
            "{name}: no requests"
        );
        for c in &e.components {
            assert!(
                c.load.peak().is_finite() && c.load.peak() >= 0.0,
                "{name}: {c:?}"
            );
        }
        let output = common::wb(&["estimate", &path.to_string_lossy()], b"");
        assert_eq!(
            common::code(&output),
            0,
            "{name}: {}",
            common::stderr(&output)
        );
        tables.push_str(&format!("== {name}\n{}\n", common::stdout(&output)));
    }
    insta::assert_snapshot!(tables);
}

#[test]
fn the_capacity_defaults_are_documented() {
    let docs = std::fs::read_to_string(common::root().join("docs/estimates.md")).expect("docs");
    for default in estimate::capacity::DEFAULTS {
        let row = format!(
            "| `{}` | {} |",
            default.kind.keyword(),
            estimate::units::rate(default.per_second)
        );
        assert!(
            docs.contains(&row),
            "docs/estimates.md lacks the row `{row}`"
        );
    }
}
