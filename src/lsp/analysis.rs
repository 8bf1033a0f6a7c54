//! One run of the pipeline over an open document — the same front end,
//! checker and estimate as `wb check` and `wb estimate` — and its problems
//! as the protocol's diagnostics.

use lsp_types::{
    CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
    Uri,
};

use super::names::Names;
use super::text::Lines;
use crate::check::{self, Config, Finding, Report};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::estimate::{self, Estimate};
use crate::{Compiled, compile};

/// What the pipeline made of one version of a document.
pub struct Analysis {
    pub text: String,
    pub lines: Lines,
    pub compiled: Compiled,
    /// The checker's report, when the design compiles.
    pub report: Option<Report>,
    pub estimate: Option<Estimate>,
    pub names: Names,
}

impl Analysis {
    pub fn new(text: String, config: &Config) -> Analysis {
        let compiled = compile(&text);
        let errors = compiled.has_errors();
        let report = (!errors).then(|| check::check(&compiled.model, config));
        let estimate = if errors {
            None
        } else {
            estimate::estimate(&compiled.model)
        };
        let names = Names::of(&compiled.parsed.file);
        Analysis {
            lines: Lines::new(&text),
            text,
            compiled,
            report,
            estimate,
            names,
        }
    }

    /// Every problem: the front end's, the suppressions', and the findings.
    pub fn diagnostics(&self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        let front = self.compiled.diagnostics.iter();
        let suppressions = self.report.iter().flat_map(|r| &r.diagnostics);
        let mut all: Vec<lsp_types::Diagnostic> = front
            .chain(suppressions)
            .map(|d| self.diagnostic(uri, d))
            .collect();
        all.extend(
            self.findings()
                .map(|f| self.diagnostic(uri, &f.to_diagnostic())),
        );
        all
    }

    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.report.iter().flat_map(|r| &r.findings)
    }

    fn diagnostic(&self, uri: &Uri, diagnostic: &Diagnostic) -> lsp_types::Diagnostic {
        let span = diagnostic.primary_span().unwrap_or_default();
        let mut message = diagnostic.message.clone();
        if let Some(help) = diagnostic.help.as_deref().filter(|h| !h.is_empty()) {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related = diagnostic
            .labels
            .iter()
            .skip(1)
            .filter_map(|label| {
                Some(DiagnosticRelatedInformation {
                    location: Location::new(uri.clone(), self.lines.range(&self.text, label.span)),
                    message: label.text.clone()?,
                })
            })
            .collect::<Vec<_>>();
        lsp_types::Diagnostic {
            range: self.lines.range(&self.text, span),
            severity: Some(severity(diagnostic.severity)),
            code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
            code_description: explanation(diagnostic.code),
            source: Some("wb".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }
}

fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// Where a code is explained: the rule's section of docs/rules.md, or the
/// list of diagnostic codes, in the sources the binary was built from.
fn explanation(code: Code) -> Option<CodeDescription> {
    let root = env!("CARGO_MANIFEST_DIR");
    let address = match code {
        Code::Rule(rule) => format!("file://{root}/docs/rules.md#{rule}"),
        _ => format!("file://{root}/docs/diagnostics.md"),
    };
    let href = address.parse::<Uri>().ok()?;
    Some(CodeDescription { href })
}
