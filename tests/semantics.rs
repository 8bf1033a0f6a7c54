//! What flows do and what components hold: the rules and the estimate read
//! the stated or inferred meaning, not a single word of a label. Each class
//! of finding that one word used to decide has a fixture in
//! `tests/fixtures/semantics/`; the estimate starts load at every entry.

mod common;

use whiteboard::check::{self, Config};
use whiteboard::diagnostic::Severity;
use whiteboard::estimate::{self, Estimate};

fn compile(text: &str) -> whiteboard::Compiled {
    let compiled = whiteboard::compile(text);
    assert!(
        !compiled.has_errors(),
        "does not compile: {:?}\n{text}",
        compiled.diagnostics
    );
    compiled
}

fn findings(text: &str) -> Vec<check::Finding> {
    check::check(&compile(text).model, &Config::default()).findings
}

fn estimate_of(text: &str) -> Estimate {
    estimate::estimate(&compile(text).model).expect("the design can be estimated")
}

fn peak_of(estimate: &Estimate, id: &str) -> (f64, f64) {
    let component = estimate
        .components
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no load on `{id}`"));
    (component.load.read_avg, component.load.write_avg)
}

/// The design's writes per second, on average.
fn all_writes(estimate: &Estimate) -> f64 {
    estimate
        .figures
        .traffic
        .as_ref()
        .map_or(0.0, |traffic| traffic.write_avg.value)
}

#[test]
fn each_class_fixture_fires_or_stays_quiet_as_it_says() {
    let folder = common::root().join("tests/fixtures/semantics");
    let mut report = String::new();
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .expect("fixture folder")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "wb"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "fixtures missing");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("fixture");
        let header = text.lines().next().unwrap_or("");
        let expectation: Vec<&str> = header
            .trim_start_matches("# expect:")
            .split_whitespace()
            .collect();
        let [rule, outcome] = expectation[..] else {
            panic!(
                "{} has no `# expect: RULE fires|quiet` line",
                path.display()
            );
        };
        let found = findings(&text);
        let fired: Vec<&check::Finding> = found.iter().filter(|f| f.rule == rule).collect();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("?");
        match outcome {
            "fires" => assert!(!fired.is_empty(), "{rule} does not fire on {name}"),
            "quiet" => assert!(
                fired.is_empty(),
                "{rule} fires on {name}: {}",
                fired
                    .iter()
                    .map(|f| f.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            other => panic!("{name}: `{other}` is neither fires nor quiet"),
        }
        report.push_str(&format!("{name}:\n"));
        for finding in &found {
            report.push_str(&format!(
                "  {} {}: {}\n",
                finding.severity.as_str(),
                finding.rule,
                finding.message
            ));
        }
    }
    insta::assert_snapshot!(report);
}

#[test]
fn a_design_of_entry_rates_alone_is_estimated() {
    let estimate = estimate_of(
        r#"
worker   scheduler "Scheduler" { entry: true, rate: 2K/s }
sqs      jobs      "Jobs" { dlq: true }
worker   workers   "Workers" x4
postgres db        "Results" { replicas: 2 }
scheduler ~> jobs: enqueue
jobs ~> workers: consume
workers -> db: insert result
"#,
    );
    let (reads, writes) = peak_of(&estimate, "jobs");
    assert_eq!(reads, 0.0);
    assert!(
        (writes - 2000.0).abs() < 1.0,
        "the queue carries {writes}/s"
    );
    let (reads, writes) = peak_of(&estimate, "db");
    assert!(
        (reads + writes - 2000.0).abs() < 1.0,
        "the database carries {}",
        reads + writes
    );
}

#[test]
fn without_a_client_the_load_starts_at_the_sources_and_says_so() {
    let estimate = estimate_of(
        r#"
scale { qps: 1K/s }
worker seeds   "Seed list"
sqs    frontier "Frontier" { dlq: true }
worker fetcher "Fetchers" x4
seeds ~> frontier: enqueue urls
frontier ~> fetcher: consume
"#,
    );
    let (_, writes) = peak_of(&estimate, "frontier");
    assert!(writes > 0.0, "the frontier carries nothing");
    assert!(
        estimate
            .figures
            .assumptions
            .iter()
            .any(|a| a.contains("no client") && a.contains("`seeds`")),
        "{:?}",
        estimate.figures.assumptions
    );
}

#[test]
fn a_queue_carries_each_message_once_and_no_reads() {
    let estimate = estimate_of(
        r#"
scale { qps: 8K/s, read_write: 1:1 }
client  users  "Users"
service notif  "Notifications" x10 { capacity: 5K/s }
sqs     ios_q  "iOS"   { dlq: true }
sqs     sms_q  "SMS"   { dlq: true }
worker  ios_w  "iOS sender" x2
worker  sms_w  "SMS sender" x2
users -> notif: POST /notify
notif ~> [ios_q, sms_q]: enqueue
ios_q ~> ios_w: consume
sms_q ~> sms_w: consume
"#,
    );
    let (_, notif_writes) = peak_of(&estimate, "notif");
    for queue in ["ios_q", "sms_q"] {
        let (reads, writes) = peak_of(&estimate, queue);
        assert_eq!(reads, 0.0, "{queue} carries reads");
        assert!(
            (writes - notif_writes / 2.0).abs() < 1.0,
            "{queue} carries {writes}"
        );
    }
}

#[test]
fn a_delivery_to_subscribed_servers_carries_the_topics_messages() {
    // "subscribed" names who gets each message; read as a verb, the flow
    // out of the topic carried nothing.
    let estimate = estimate_of(
        r#"
scale { qps: 8K/s, read_write: 1:1 }
client  viewers  "Viewers"
service comments "Comment service" x4
pubsub  channels "Channels"
service rt       "Real-time servers" x10
viewers -> comments: POST /comments
comments ~> channels: publish comment
channels ~> rt: comment to every subscribed server
"#,
    );
    let (_, published) = peak_of(&estimate, "comments");
    let (_, delivered) = peak_of(&estimate, "rt");
    assert!(
        published > 0.0 && (delivered - published).abs() < 1.0,
        "{delivered} of {published}"
    );
}

#[test]
fn loading_into_a_warehouse_writes_and_a_cache_that_is_the_store_answers_every_read() {
    let estimate = estimate_of(
        r#"
scale { qps: 1K/s, read_write: 1:1 }
client    users   "Users"
service   api     "API" x2
redis     limits  "Limits" x3 { store: true }
postgres  quotas  "Quotas" { replicas: 1 }
sqs       events  "Events" { dlq: true }
worker    etl     "Loader" x2
snowflake dwh     "Warehouse"
users -> api: call
api -> limits: check and count
limits -> quotas: read on miss
api ~> events: publish
events ~> etl: consume
etl -> dwh: load events
"#,
    );
    let (reads, writes) = peak_of(&estimate, "dwh");
    assert_eq!(reads, 0.0, "the warehouse is read {reads}/s");
    assert!(writes > 0.0, "nothing is loaded into the warehouse");
    let quota_reads = estimate
        .components
        .iter()
        .find(|c| c.id == "quotas")
        .map_or(0.0, |c| c.load.read_avg);
    assert_eq!(quota_reads, 0.0, "the store's misses reach the database");
    let assumptions = &estimate.figures.assumptions;
    let assumed = assumptions.iter().any(|a| a.contains("limits"));
    assert!(
        !assumed,
        "a hit ratio is assumed for the store: {assumptions:?}"
    );
}

#[test]
fn a_cache_that_is_the_store_stands_in_front_of_no_other_store() {
    // A leaderboard reads its sorted sets (the store of record) after a
    // page cache misses, and its season rules on every request: the rules
    // are not behind the sorted sets, which answer every read.
    let estimate = estimate_of(
        r#"
scale { qps: 1K/s, read_write: 1:1 }
client   players "Players"
service  board   "Leaderboard API" x2
redis    pages   "Top pages" x2 { hit: 90% }
redis    ranks   "Sorted sets" x3 { store: true }
postgres rules   "Season rules"
players -> board: GET ranks { op: read }
board -> pages: read top page
board -> ranks: ZRANGE on miss
board -> rules: read season rules
"#,
    );
    let (board, _) = peak_of(&estimate, "board");
    let (rules, _) = peak_of(&estimate, "rules");
    let (ranks, _) = peak_of(&estimate, "ranks");
    assert!(board > 0.0, "the API carries no reads");
    assert!(
        (rules - board).abs() < 1e-6 * board,
        "the rules are read {rules}/s, the API {board}/s"
    );
    assert!(
        (ranks - 0.1 * board).abs() < 1e-6 * board,
        "the sorted sets are read {ranks}/s, not the page cache's misses"
    );
}

#[test]
fn internal_callers_with_a_rate_originate_load() {
    let estimate = estimate_of(
        r#"
scale { dau: 1M, requests: 10/day }
client  apps    "Apps"
service billing "Billing" x2 { entry: true, rate: 1K/s }
lb      lb      "Load balancer" x2
service notif   "Notification API" x4
apps -> lb: GET /inbox
billing -> lb: POST /notify
lb -> notif: route
"#,
    );
    let (_, writes) = peak_of(&estimate, "notif");
    // Billing's 1K/s of writes, and the apps' small part of the design's.
    assert!(
        (1000.0..1100.0).contains(&writes),
        "notif's writes: {writes}"
    );
}

#[test]
fn a_cdn_flow_carries_no_writes() {
    let estimate = estimate_of(
        r#"
scale { dau: 10M, requests: 10/day, read_write: 1:1 }
client   users "Users"
cdn      edge  "CDN"
service  api   "API" x10 { capacity: 5K/s }
postgres db    "Posts" { replicas: 2 }
users -> edge: media and static content
users -> api: POST /posts
api -> db: insert post
"#,
    );
    let (_, writes) = peak_of(&estimate, "db");
    let all = all_writes(&estimate);
    assert!(
        (writes - all).abs() < 1.0,
        "the primary takes {writes} of {all} writes"
    );
}

#[test]
fn a_service_far_over_its_default_capacity_is_a_finding() {
    let found = findings(
        r#"
scale { dau: 100M, requests: 10/day }
client  users "Users"
lb      lb    "Load balancer" x2
service api   "API" x2
users -> lb -> api: GET /feed
"#,
    );
    let over: Vec<_> = found
        .iter()
        .filter(|f| f.rule == "capacity-exceeded")
        .collect();
    assert_eq!(over.len(), 1, "{found:?}");
    assert!(
        over[0].message.contains("the default for a `service`"),
        "{}",
        over[0].message
    );
}

#[test]
fn unknown_scale_keys_and_attributes_are_warnings_that_name_them() {
    let compiled = whiteboard::compile(
        "scale { search_qps: 4K/s, pages: 1B/month }\nservice api \"API\" { replcas: 2 }\n",
    );
    let warnings: Vec<String> = compiled
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| format!("{} / {}", d.message, d.help.clone().unwrap_or_default()))
        .collect();
    for key in ["`search_qps`", "`pages`", "`replcas`"] {
        assert!(
            warnings.iter().any(|w| w.contains(key)),
            "{key} not named: {warnings:?}"
        );
    }
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("did you mean `replicas`")),
        "{warnings:?}"
    );
}

#[test]
fn hygiene_rules_report_once_at_info_level() {
    let found = findings(
        r#"
client  web    "Web"
client  mobile "Mobile"
lb      lb     "Load balancer" x2
gateway gw     "Partner gateway" x2
service api    "API" x3
web -> lb: HTTPS
mobile -> gw: HTTPS
lb -> api: route
gw -> api: route
"#,
    );
    for rule in ["missing-auth", "missing-rate-limit", "missing-monitoring"] {
        let of_rule: Vec<_> = found.iter().filter(|f| f.rule == rule).collect();
        assert_eq!(of_rule.len(), 1, "{rule}: {of_rule:?}");
        assert_eq!(of_rule[0].severity, Severity::Info, "{rule}");
    }
    let auth = found
        .iter()
        .find(|f| f.rule == "missing-auth")
        .map(|f| f.message.clone());
    let auth = auth.unwrap_or_default();
    assert!(auth.contains("`lb`") && auth.contains("`gw`"), "{auth}");
}

#[test]
fn the_headline_samples_get_no_hygiene_warning() {
    let sample = std::fs::read_to_string(common::root().join("examples/url-shortener.wb"))
        .expect("the README's sample");
    let warned: Vec<_> = findings(&sample)
        .into_iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(warned.is_empty(), "{warned:?}");
}

#[test]
fn export_says_where_each_meaning_comes_from() {
    let compiled = compile(
        r#"
client  users "Users"
service api   "API" x2 { store: true }
users -> api: GET /items
api -> api2: write { op: write }
service api2  "Other" x2
"#,
    );
    let semantics = whiteboard::model::Semantics::of(&compiled.model.design);
    let json = serde_json::to_value(&semantics).expect("json");
    assert_eq!(json["flows"][0]["op"]["value"], "read");
    assert_eq!(json["flows"][0]["op"]["source"]["from"], "words");
    assert_eq!(json["flows"][0]["op"]["source"]["words"][0], "GET");
    assert_eq!(json["flows"][1]["op"]["source"]["from"], "stated");
    assert_eq!(json["components"][1]["store"]["source"]["from"], "stated");
}

#[test]
fn the_language_guide_example_of_stated_meaning_checks_cleanly() {
    let guide =
        std::fs::read_to_string(common::root().join("docs/language.md")).expect("docs/language.md");
    let section = guide
        .split("### What flows do and what components hold")
        .nth(1)
        .expect("the section");
    let example = section
        .split("```wb\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("an example");
    let warned: Vec<String> = findings(example)
        .into_iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| f.message)
        .collect();
    assert!(warned.is_empty(), "{warned:?}");
    let compiled = compile(example);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
}

#[test]
fn writes_no_client_sends_come_from_the_callers_no_flow_reaches() {
    let text = std::fs::read_to_string(
        common::root().join("tests/fixtures/designs/notification-system.wb"),
    )
    .expect("the new user's notification system");
    let estimate = estimate_of(&text);
    let (_, writes) = peak_of(&estimate, "notif");
    let all = all_writes(&estimate);
    assert!(
        (writes - all).abs() < 1.0,
        "notif takes {writes} of {all} writes"
    );
    for caller in ["billing", "marketing"] {
        assert!(
            estimate
                .figures
                .assumptions
                .iter()
                .any(|a| a.contains(&format!("`{caller}`")) && a.contains("writes")),
            "{:?}",
            estimate.figures.assumptions
        );
    }
    let (_, one_channel) = peak_of(&estimate, "ios_q");
    assert!(
        (one_channel - all / 4.0).abs() < 1.0,
        "a channel queue carries {one_channel}"
    );
    let over: Vec<_> = findings(&text)
        .into_iter()
        .filter(|f| f.rule == "capacity-exceeded")
        .map(|f| f.message)
        .collect();
    // The API, and the log that takes every send and serves the inbox.
    for id in ["`notif`", "`notif_log`"] {
        assert!(over.iter().any(|m| m.starts_with(id)), "{id}: {over:?}");
    }
}

#[test]
fn writes_no_flow_carries_are_named_as_left_out() {
    // The users' only flow reads, and nothing else sends: the design's
    // writes have nowhere to go, and the estimate says so.
    let text = r#"
scale { qps: 1K/s, read_write: 4:1 }
client   users "Users"
lb       lb    "LB" x2
service  api   "API" x3
postgres db    "Votes" { replicas: 2 }
users -> lb: GET /page
lb -> api: route
api -> db: read votes
"#;
    let estimate = estimate_of(text);
    let assumptions = &estimate.figures.assumptions;
    assert!(
        assumptions
            .iter()
            .any(|a| a.starts_with("no flow from an entry writes: the 400/s of writes")),
        "{assumptions:?}"
    );
    assert!(
        !assumptions.iter().any(|a| a.contains("entry reads")),
        "{assumptions:?}"
    );
    // An entry that states its own rate sends that alone, and a flow that
    // says it writes takes the writes: nothing is left out.
    let rated = text.replace(
        "client   users \"Users\"",
        "client   users \"Users\" { rate: 100/s }",
    );
    let written = text.replace("GET /page", "GET or POST /page");
    for design in [rated, written] {
        let assumptions = estimate_of(&design).figures.assumptions;
        assert!(
            !assumptions
                .iter()
                .any(|a| a.starts_with("no flow from an entry")),
            "{assumptions:?}\n{design}"
        );
    }
}

#[test]
fn a_scheduler_starts_work_and_a_bloom_filter_is_its_own_store() {
    let text = r#"
scheduler    cron  "Recrawl scheduler"
sqs          jobs  "Frontier" x3 { dlq: true }
worker       fetch "Fetchers" x4
bloom_filter seen  "Seen URLs" x3
cron ~> jobs: enqueue urls
jobs ~> fetch: consume
fetch -> seen: check url
"#;
    let compiled = compile(text);
    let kinds: Vec<&str> = compiled
        .model
        .design
        .components()
        .map(|c| c.kind.keyword())
        .collect();
    assert_eq!(kinds, ["worker", "queue", "worker", "cache"]);
    let rules: Vec<&str> = findings(text).iter().map(|f| f.rule).collect();
    for quiet in [
        "unreachable-component",
        "cache-without-ttl",
        "cache-without-store",
    ] {
        assert!(!rules.contains(&quiet), "{quiet}: {rules:?}");
    }
}

#[test]
fn a_rate_limiter_component_counts_as_rate_limiting() {
    let text = r#"
client  users "Users"
gateway gw    "Gateway" x2 { auth: jwt }
service rl    "Rate limiter" x3
service api   "API" x3
users -> gw -> rl: request
rl -> api: allowed request
"#;
    let rules: Vec<&str> = findings(text).iter().map(|f| f.rule).collect();
    assert!(!rules.contains(&"missing-rate-limit"), "{rules:?}");
}

#[test]
fn raising_a_hygiene_rule_in_the_config_makes_it_a_warning() {
    let compiled = compile("client users \"Users\"\nservice api \"API\" x2\nusers -> api: GET /\n");
    let config = Config::parse("[rules]\nmissing-auth = \"warning\"\n").expect("config");
    let found = check::check(&compiled.model, &config).findings;
    let auth = found
        .iter()
        .find(|f| f.rule == "missing-auth")
        .expect("missing-auth");
    assert_eq!(auth.severity, Severity::Warning);
}
