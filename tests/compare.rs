//! `wb compare` and `wb practice`: a walkthrough scores 100 against itself
//! and against a copy with every id renamed; the guide's first drawings and
//! the interview skeleton score below it, the skeleton lowest; hand-written
//! weak, middling and strong answers score in that order, their reports
//! pinned; and no prompt gives away a piece of its answer.

mod common;

use std::collections::HashMap;

use common::{code, root, stderr, stdout, wb};
use whiteboard::check::{self, Report, config::Config};
use whiteboard::compare::{self, Comparison, Side};
use whiteboard::model::{Component, Design, Flow, Group, Model, Value};

fn compiled(path: &std::path::Path) -> Model {
    let text = std::fs::read_to_string(path).expect("readable design");
    let compiled = whiteboard::compile(&text);
    assert!(
        !compiled.has_errors(),
        "{} does not compile",
        path.display()
    );
    compiled.model
}

fn compared(mine: &Model, reference: &Model) -> Comparison {
    let (ours, theirs): (Report, Report) = (
        check::check(mine, &Config::default()),
        check::check(reference, &Config::default()),
    );
    compare::compare(&Side::new(mine, &ours), &Side::new(reference, &theirs))
}

fn walkthroughs() -> Vec<(String, Model)> {
    let mut names: Vec<_> = std::fs::read_dir(root().join("examples/walkthroughs"))
        .expect("walkthroughs")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "wb"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|path| {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            (name, compiled(&path))
        })
        .collect()
}

fn assert_perfect(name: &str, comparison: &Comparison) {
    assert_eq!(comparison.score, 100, "{name}: {:?}", comparison.matched);
    assert!(
        comparison.missing.is_empty(),
        "{name}: {:#?}",
        comparison.missing
    );
    assert!(
        comparison.missing_flows.is_empty(),
        "{name}: {:#?} {:?}",
        comparison.missing_flows,
        comparison.matched
    );
    assert!(
        comparison.findings.is_empty(),
        "{name}: {:#?}",
        comparison.findings
    );
    assert!(
        comparison.extra.is_empty(),
        "{name}: {:#?}",
        comparison.extra
    );
}

#[test]
fn every_walkthrough_compared_with_itself_scores_100() {
    for (name, model) in walkthroughs() {
        assert_perfect(&name, &compared(&model, &model));
    }
}

/// The final design of `model` with every component and group id replaced
/// (and every attribute that names one), the walkthroughs kept.
fn renamed(model: Model) -> Model {
    let design = &model.design;
    let mut names: HashMap<String, String> = HashMap::new();
    for (i, component) in design.components().enumerate() {
        names.insert(
            component.id.clone(),
            format!("piece_{}", (i * 7919) % 10007),
        );
    }
    for (i, group) in design.groups.iter().enumerate() {
        names.insert(group.id.clone(), format!("area_{i}"));
    }
    let rename = |id: &String| names.get(id).cloned().unwrap_or_else(|| id.clone());
    let rename_values = |attributes: &mut whiteboard::model::Attributes| {
        for attribute in attributes.0.values_mut() {
            if let Value::Ident { value } = &mut attribute.value {
                *value = rename(value);
            }
        }
    };
    // Declared in reverse order too, so that nothing rides on the order.
    let mut components: Vec<Component> = design
        .components()
        .map(|c| {
            let mut c = c.clone();
            c.id = rename(&c.id);
            c.group = c.group.as_ref().map(rename);
            rename_values(&mut c.attributes);
            c
        })
        .collect();
    components.reverse();
    let flows: Vec<Flow> = design
        .flows()
        .map(|f| {
            let mut f = f.clone();
            f.from = rename(&f.from);
            f.to = rename(&f.to);
            f.to_group = f.to_group.as_ref().map(rename);
            f
        })
        .collect();
    let groups: Vec<Group> = design
        .groups
        .iter()
        .map(|g| Group {
            id: rename(&g.id),
            parent: g.parent.as_ref().map(rename),
            members: Vec::new(),
            ..g.clone()
        })
        .collect();
    let mut walkthroughs = model.walkthroughs;
    for step in walkthroughs.iter_mut().flat_map(|w| w.steps.iter_mut()) {
        step.from = rename(&step.from);
        step.to = rename(&step.to);
    }
    Model {
        design: Design::from_parts(components, flows, groups),
        walkthroughs,
        stages: Vec::new(),
        ..model
    }
}

#[test]
fn a_copy_with_every_id_renamed_scores_100() {
    for (name, model) in walkthroughs() {
        let copy = renamed(compiled(
            &root().join(format!("examples/walkthroughs/{name}.wb")),
        ));
        assert!(
            copy.design.components().all(|c| c.id.starts_with("piece_")),
            "{name}: not every id was renamed"
        );
        assert_perfect(&name, &compared(&copy, &model));
    }
}

#[test]
fn first_drawings_lack_what_the_walkthrough_adds_and_the_skeleton_scores_lowest() {
    let skeleton = compiled(&root().join("templates/interview.wb"));
    let drawn = std::fs::read_dir(root().join("examples/as-drawn")).expect("as-drawn");
    let mut count = 0;
    for path in drawn.filter_map(Result::ok).map(|e| e.path()) {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        let reference = compiled(&root().join(format!("examples/walkthroughs/{name}.wb")));
        let first = compared(&compiled(&path), &reference);
        assert!(first.score < 100, "{name}: {}", first.score);
        assert!(!first.missing.is_empty(), "{name} reports nothing missing");
        let template = compared(&skeleton, &reference);
        assert!(
            template.score < first.score,
            "{name}: the skeleton scores {}, the first drawing {}",
            template.score,
            first.score
        );
        count += 1;
    }
    assert!(count >= 10, "only {count} first drawings");
}

const ANSWERS: &[&str] = &["url-shortener-004", "rate-limiter-004", "chat-004"];

#[test]
fn weak_middling_and_strong_answers_score_in_that_order() {
    for problem in ANSWERS {
        let mut scores = Vec::new();
        for grade in ["weak", "middling", "strong"] {
            let file = format!("tests/fixtures/compare/{problem}-{grade}.wb");
            let output = wb(&["compare", &file, problem], b"");
            assert_eq!(code(&output), 0, "{file}: {}", stderr(&output));
            let report = stdout(&output);
            insta::assert_snapshot!(format!("compare-{problem}-{grade}"), report);
            let json = wb(&["compare", &file, problem, "--format", "json"], b"");
            let value: serde_json::Value =
                serde_json::from_slice(&json.stdout).expect("compare prints JSON");
            scores.push(value["score"].as_u64().unwrap_or(0));
        }
        assert!(
            scores.windows(2).all(|pair| pair[0] < pair[1]) && scores[2] < 100,
            "{problem}: weak, middling, strong scored {scores:?}"
        );
    }
}

#[test]
fn json_names_score_dimensions_missing_extra_numbers_and_findings() {
    let file = "tests/fixtures/compare/url-shortener-004-middling.wb";
    let output = wb(
        &["compare", file, "url-shortener-004", "--format", "json"],
        b"",
    );
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let comparison = &value;
    for key in [
        "score",
        "dimensions",
        "missing",
        "extra",
        "numbers",
        "findings",
    ] {
        assert!(!comparison[key].is_null(), "no `{key}`: {comparison}");
    }
    let dimensions = comparison["dimensions"].as_array().expect("dimensions");
    let total: u64 = dimensions.iter().filter_map(|d| d["score"].as_u64()).sum();
    assert_eq!(Some(total), comparison["score"].as_u64());
    let most: u64 = dimensions.iter().filter_map(|d| d["max"].as_u64()).sum();
    assert_eq!(most, 100);
    let missing = comparison["missing"].to_string();
    assert!(missing.contains("Key generation"), "{missing}");
    assert!(missing.contains("Click events"), "{missing}");
}

#[test]
fn render_draws_the_missing_pieces_ghosted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("compare.svg");
    let file = "tests/fixtures/compare/url-shortener-004-weak.wb";
    let output = wb(
        &[
            "compare",
            file,
            "url-shortener-004",
            "--render",
            &out.to_string_lossy(),
        ],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let svg = std::fs::read_to_string(&out).expect("picture written");
    assert!(
        svg.contains("component-web"),
        "the design's own pieces are drawn"
    );
    assert!(
        svg.matches(" missing").count() >= 5,
        "missing pieces are marked"
    );
    assert!(svg.contains("opacity=\"0.35\""), "and drawn faint");
    let refused = wb(
        &["compare", file, "url-shortener-004", "--render", "x.pdf"],
        b"",
    );
    assert_eq!(code(&refused), 2);
}

#[test]
fn an_unknown_reference_is_named_with_the_nearest() {
    let output = wb(
        &["compare", "examples/url-shortener.wb", "url-shortner-004"],
        b"",
    );
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("did you mean `url-shortener-004`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_walkthrough_has_a_prompt_and_the_list_shows_them_all() {
    let output = wb(&["practice"], b"");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let listed = stdout(&output);
    for (name, _) in walkthroughs() {
        assert!(
            listed
                .lines()
                .any(|line| line.trim_start().starts_with(&format!("{name} "))),
            "{name} has no prompt:\n{listed}"
        );
    }
}

/// Words that name a kind of infrastructure: part of an answer, unless the
/// problem's title names it ("Design a distributed cache").
fn kind_words(kind: whiteboard::model::Kind) -> &'static [&'static str] {
    use whiteboard::model::Kind::*;
    match kind {
        Lb => &["load balancer"],
        Cdn => &["cdn"],
        Cache => &["cache", "caching", "cached"],
        Queue => &["queue", "message queue"],
        Pubsub => &["pub/sub", "pubsub"],
        Blob => &["object store", "object storage", "blob"],
        Gateway => &["api gateway"],
        Worker => &["worker"],
        Search => &["search index"],
        Warehouse => &["data warehouse"],
        _ => &[],
    }
}

fn says(text: &str, phrase: &str) -> bool {
    let text = text.to_lowercase();
    let phrase = phrase.to_lowercase();
    text.match_indices(&phrase).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn no_prompt_names_a_piece_of_its_answer() {
    for (name, model) in walkthroughs() {
        let output = wb(&["practice", &name], b"");
        assert_eq!(code(&output), 0, "{name}: {}", stderr(&output));
        let prompt = stdout(&output);
        let title = prompt.lines().next().unwrap_or_default().to_string()
            + " "
            + model.title.as_deref().unwrap_or_default();
        for component in model.design.components() {
            if component.kind == whiteboard::model::Kind::Client {
                continue;
            }
            if let Some(technology) = component.technology {
                assert!(
                    !says(&prompt, technology.name),
                    "{name} names {}",
                    technology.name
                );
            }
            let label = component.label.as_deref().unwrap_or_default();
            if label.split_whitespace().count() >= 2 && !says(&title, label) {
                assert!(
                    !says(&prompt, label),
                    "{name} names `{}` by its label",
                    component.id
                );
            }
            for word in kind_words(component.kind) {
                assert!(
                    !says(&prompt, word) || says(&title, word),
                    "{name} says `{word}`, the kind of `{}`",
                    component.id
                );
            }
        }
    }
}

#[test]
fn practice_writes_a_starter_that_checks_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("mine.wb");
    let target = file.to_string_lossy().into_owned();
    let output = wb(&["practice", "url-shortener-004", "-o", &target], b"");
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("Functional requirements"));
    let starter = std::fs::read_to_string(&file).expect("starter written");
    insta::assert_snapshot!(
        "practice-starter-url-shortener-004",
        starter.replace(&target, "mine.wb")
    );
    let compiled = whiteboard::compile(&starter);
    assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
    assert!(compiled.model.scale.is_some_and(|scale| scale.0.is_empty()));
    let formatted = wb(&["fmt", "--check", &target], b"");
    assert_eq!(
        code(&formatted),
        0,
        "the starter is not formatted: {}",
        stdout(&formatted)
    );
    let again = wb(&["practice", "url-shortener-004", "-o", &target], b"");
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    let unknown = wb(&["practice", "url-shortner-004"], b"");
    assert_eq!(code(&unknown), 2);
    assert!(stderr(&unknown).contains("did you mean `url-shortener-004`"));
}

#[test]
fn a_problem_without_numbers_shows_the_reference_figures_without_scoring_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("mine.wb");
    std::fs::write(
        &file,
        "design \"Notification service\" {}\nscale { dau: 1M, requests: 3/day, read_write: 1:9 }\n\
         client apps \"Our services\"\nservice api \"Notification API\" x2\nkafka jobs \"Notification jobs\" x3 { dlq: true }\n\
         worker email \"Email sender\" x2\napps -> api: POST /notifications\napi ~> jobs: enqueue\njobs ~> email: send\n",
    )
    .expect("written");
    let output = wb(
        &[
            "compare",
            &file.to_string_lossy(),
            "notification-service-000",
        ],
        b"",
    );
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report = stdout(&output);
    assert!(report.contains("the problem gives no numbers"), "{report}");
    assert!(
        !report.contains("at peak: yours"),
        "the reference's own numbers are scored: {report}"
    );
}

#[test]
fn replicas_stated_on_the_primary_stand_for_a_drawn_replica_set() {
    let path = root().join("examples/walkthroughs/url-shortener-001.wb");
    let text = std::fs::read_to_string(&path).expect("walkthrough");
    let reference = compiled(&path);
    // The read replicas as `replicas: 3` on the primary instead of a box.
    let mut folded = text.replace("{ standby: true }", "{ standby: true, replicas: 3 }");
    for (from, to) in [
        ("mysql      replicas \"Read replicas\"        x3\n", ""),
        ("master ~> replicas: replication\n", ""),
        ("  master ~> replicas\n", ""),
        ("-> replicas", "-> master"),
    ] {
        assert!(folded.contains(from), "{from}");
        folded = folded.replace(from, to);
    }
    let compiled_folded = whiteboard::compile(&folded);
    assert!(
        !compiled_folded.has_errors(),
        "{:?}",
        compiled_folded.diagnostics
    );
    let comparison = compared(&compiled_folded.model, &reference);
    let missing: Vec<&str> = comparison.missing.iter().map(|i| i.what.as_str()).collect();
    assert!(
        missing.iter().all(|m| !m.contains("Read replicas")),
        "{missing:?}"
    );
    let met = comparison
        .items
        .iter()
        .any(|i| i.met && i.what.starts_with("replicas of your `master`"));
    assert!(met, "{:#?}", comparison.items);
}

#[test]
fn practice_refuses_an_output_it_cannot_write_before_printing() {
    let output = wb(
        &[
            "practice",
            "url-shortener-004",
            "-o",
            "no/such/folder/mine.wb",
        ],
        b"",
    );
    assert_eq!(code(&output), 2);
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("the folder `no/such/folder` does not exist"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_dead_letter_queue_marked_on_the_queue_stands_for_a_drawn_one() {
    let design = |dlq: &str| {
        format!(
            "design \"Notification service\" {{}}\nclient apps \"Our services\"\nservice api \"Notification API\" x2\n\
             kafka jobs \"Notification jobs\" x3{dlq}\nworker email \"Email sender\" x2\n\
             apps -> api: POST /notifications\napi ~> jobs: enqueue\njobs ~> email: send\n"
        )
    };
    let reference = compiled(&root().join("examples/walkthroughs/notification-service-000.wb"));
    let lacking = |text: String| {
        let compiled = whiteboard::compile(&text);
        assert!(!compiled.has_errors(), "{:?}", compiled.diagnostics);
        compared(&compiled.model, &reference)
            .missing
            .iter()
            .any(|i| i.what.contains("dead-letter queue"))
    };
    assert!(
        lacking(design("")),
        "a missing dead-letter queue goes unreported"
    );
    assert!(
        !lacking(design(" { dlq: true }")),
        "`dlq: true` is not taken for the drawn queue"
    );
}
