//! `wb check --format sarif`: SARIF 2.1.0, the format GitHub code scanning
//! reads to show findings on pull requests.

use serde_json::{Value, json};
use whiteboard::check::{Finding, all_rules};
use whiteboard::diagnostic::{Diagnostic, Severity};
use whiteboard::span::{LineIndex, Span};

use super::check::Checked;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub(super) fn report(checked: &[Checked]) -> Value {
    let rules: Vec<Value> = all_rules()
        .iter()
        .map(|rule| {
            let meta = rule.meta();
            json!({
                "id": meta.name,
                "name": meta.name,
                "shortDescription": { "text": meta.summary() },
                "fullDescription": { "text": meta.summary() },
                "help": { "text": meta.explanation(), "markdown": meta.explanation() },
                "defaultConfiguration": { "level": level(meta.severity) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for file in checked {
        let index = LineIndex::new(&file.text);
        let uri = file.name.replace('\\', "/");
        for finding in &file.findings {
            results.push(result(
                finding.rule,
                finding.severity,
                &finding_text(finding),
                finding.span,
                &uri,
                &index,
            ));
        }
        for diagnostic in &file.diagnostics {
            let span = diagnostic.primary_span().unwrap_or_default();
            results.push(result(
                diagnostic.code.as_str(),
                diagnostic.severity,
                &diagnostic_text(diagnostic),
                span,
                &uri,
                &index,
            ));
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "whiteboard",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "results": results,
        }]
    })
}

fn finding_text(finding: &Finding) -> String {
    if finding.suggestion.is_empty() {
        finding.message.clone()
    } else {
        format!("{} ({})", finding.message, finding.suggestion)
    }
}

fn diagnostic_text(diagnostic: &Diagnostic) -> String {
    match &diagnostic.help {
        Some(help) => format!("{} ({help})", diagnostic.message),
        None => diagnostic.message.clone(),
    }
}

fn result(
    rule: &str,
    severity: Severity,
    text: &str,
    span: Span,
    uri: &str,
    index: &LineIndex,
) -> Value {
    let start = index.position(span.start);
    let end = index.position(span.end);
    json!({
        "ruleId": rule,
        "level": level(severity),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                }
            }
        }]
    })
}
