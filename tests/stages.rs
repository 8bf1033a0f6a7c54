//! Stages replay on the design before them: what they add, change and
//! remove, and the limit on how much the stages of one file may hold.

use whiteboard::compile;
use whiteboard::diagnostic::Code;
use whiteboard::model::{Design, MAX_STAGED, Model};

fn codes(text: &str) -> Vec<Code> {
    compile(text).diagnostics.iter().map(|d| d.code).collect()
}

/// The model of a text that must compile without any diagnostic.
fn clean(text: &str) -> Model {
    let compiled = compile(text);
    assert!(
        compiled.diagnostics.is_empty(),
        "{:?}",
        compiled.diagnostics
    );
    compiled.model
}

fn group_of(design: &Design, id: &str) -> Option<String> {
    design
        .components()
        .find(|c| c.id == id)
        .and_then(|c| c.group.clone())
}

fn parent_of(design: &Design, id: &str) -> Option<String> {
    design
        .groups
        .iter()
        .find(|g| g.id == id)
        .and_then(|g| g.parent.clone())
}

fn flows(design: &Design) -> Vec<String> {
    design
        .flows()
        .map(|f| format!("{}>{}:{}", f.from, f.to, f.label.as_deref().unwrap_or("")))
        .collect()
}

const REGIONS: &str = "\
group region {
  group zone {
    group rack {
      service api
    }
    service worker
  }
  group spare {
    group shelf {
      service cache
    }
  }
}
service edge
edge -> api: one
edge -> api: two
api -> worker: jobs
worker -> cache: warm
";

#[test]
fn members_of_a_removed_group_move_to_the_nearest_group_that_remains() {
    let text = format!(
        "{REGIONS}\
stage \"flatten\" {{
  remove rack
  remove zone
  remove shelf
}}
stage \"no regions\" {{
  remove region
}}
"
    );
    let model = clean(&text);
    let flattened = &model.stages[0].design;
    // `rack` went first, then its parent `zone`: `api` ends up in `region`.
    assert_eq!(group_of(flattened, "api").as_deref(), Some("region"));
    assert_eq!(group_of(flattened, "worker").as_deref(), Some("region"));
    assert_eq!(group_of(flattened, "cache").as_deref(), Some("spare"));
    assert_eq!(parent_of(flattened, "spare").as_deref(), Some("region"));
    let ids: Vec<&str> = flattened.groups.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids, ["region", "spare"]);
    let bare = &model.stages[1].design;
    assert_eq!(group_of(bare, "api"), None);
    assert_eq!(parent_of(bare, "spare"), None);
}

#[test]
fn a_removed_group_cannot_be_removed_again() {
    let text = format!("{REGIONS}stage \"twice\" {{\n  remove zone\n  remove zone\n}}\n");
    assert_eq!(codes(&text), [Code::UndefinedComponent]);
}

#[test]
fn removals_take_their_flows_and_only_theirs() {
    let text = format!(
        "{REGIONS}\
stage \"one call\" {{
  remove edge -> api
}}
stage \"no worker\" {{
  remove worker
}}
"
    );
    let model = clean(&text);
    let [one_call, no_worker] = &model.stages[..] else {
        panic!("two stages");
    };
    assert_eq!(
        flows(&one_call.design),
        ["api>worker:jobs", "worker>cache:warm"]
    );
    assert_eq!(flows(&no_worker.design), Vec::<String>::new());
    // Gone is gone: a second removal finds nothing.
    let again = format!(
        "{REGIONS}stage \"a\" {{\n  remove edge -> api\n}}\nstage \"b\" {{\n  remove edge -> api\n}}\n"
    );
    assert_eq!(codes(&again), [Code::UndefinedFlow]);
}

#[test]
fn stages_may_hold_so_many_components_and_flows_in_all() {
    let design: String = (0..10_000).map(|i| format!("service s{i}\n")).collect();
    let stages_needed = MAX_STAGED / 10_000 + 1;
    let stages: String = (0..stages_needed)
        .map(|i| format!("stage \"s{i}\" {{}}\n"))
        .collect();
    let text = format!("{design}{stages}");
    let compiled = compile(&text);
    assert_eq!(codes(&text), [Code::TooLarge]);
    let span = compiled.diagnostics[0].primary_span().expect("a span");
    assert_eq!(
        &text[span.start..span.end],
        format!("stage \"s{}\"", stages_needed - 1)
    );
    let fewer: String = (0..stages_needed - 1)
        .map(|i| format!("stage \"s{i}\" {{}}\n"))
        .collect();
    assert!(codes(&format!("{design}{fewer}")).is_empty());
}
