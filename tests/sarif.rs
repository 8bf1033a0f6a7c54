//! `wb check --format sarif` is valid SARIF 2.1.0, with the fields GitHub
//! code scanning reads.

mod common;

use common::{code, stdout, wb};

fn validate(document: &serde_json::Value) -> Result<(), String> {
    let schema_path = common::root().join("tests/schemas/sarif-2.1.0-rtm.5.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).map_err(|e| e.to_string())?)
            .map_err(|e| e.to_string())?;
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    let url = "file:///sarif-2.1.0-rtm.5.json";
    compiler
        .add_resource(url, schema)
        .map_err(|e| e.to_string())?;
    let index = compiler
        .compile(url, &mut schemas)
        .map_err(|e| format!("{e:#}"))?;
    schemas
        .validate(document, index)
        .map_err(|e| format!("{e:#}"))
}

#[test]
fn sarif_output_validates_against_the_schema() {
    let output = wb(
        &[
            "check",
            "--format",
            "sarif",
            "tests/fixtures/checker/every-problem.wb",
            "tests/fixtures/diagnostics/syntax.wb",
        ],
        b"",
    );
    assert_eq!(code(&output), 2, "a file with a syntax error fails the run");
    let document: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    validate(&document).expect("valid SARIF 2.1.0");

    let results = document["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(results.len() > 30, "{}", results.len());
    let spof = results
        .iter()
        .find(|r| r["ruleId"] == "single-point-of-failure")
        .expect("a single-point-of-failure result");
    assert_eq!(spof["level"], "warning");
    let location = &spof["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/fixtures/checker/every-problem.wb"
    );
    assert_eq!(location["region"]["startLine"], 7);
    assert_eq!(location["region"]["startColumn"], 11);
    let syntax = results
        .iter()
        .find(|r| r["ruleId"] == "wb::syntax")
        .expect("the syntax error");
    assert_eq!(syntax["level"], "error");
    let rules = document["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rules.len(), whiteboard::check::all_rules().len());
}

#[test]
fn the_validator_rejects_what_is_not_sarif() {
    let bogus = serde_json::json!({ "version": "2.1.0", "runs": [{ "results": [] }] });
    assert!(
        validate(&bogus).is_err(),
        "a run without a tool must be rejected"
    );
}
