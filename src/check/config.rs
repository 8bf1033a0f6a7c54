//! `whiteboard.toml`: per-project rule severities.
//!
//! ```toml
//! [rules]
//! missing-cdn = "off"            # never report
//! unlabeled-flow = "error"       # fail the check
//! missing-monitoring = "warning"
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{RuleMeta, all_rules};
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::span::Span;
use crate::suggest;

/// The file name looked for next to a design and in its parent folders.
pub const FILE_NAME: &str = "whiteboard.toml";

/// Severity overrides by rule name; `None` turns a rule off.
#[derive(Debug, Default)]
pub struct Config {
    overrides: HashMap<String, Option<Severity>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    rules: HashMap<String, toml::Spanned<String>>,
}

impl Config {
    /// The severity `rule` reports at, or `None` when it is off.
    pub fn severity(&self, rule: &RuleMeta) -> Option<Severity> {
        match self.overrides.get(rule.name) {
            Some(severity) => *severity,
            None => Some(rule.severity),
        }
    }

    pub fn is_enabled(&self, rule: &str) -> bool {
        !matches!(self.overrides.get(rule), Some(None))
    }

    /// Reads a configuration's text; diagnostics point into that text.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let file: ConfigFile = toml::from_str(text).map_err(|error| {
            let span = error.span().map_or(Span::new(0, 0), |s| Span::new(s.start, s.end));
            vec![
                Diagnostic::error(Code::Config, format!("invalid {FILE_NAME}: {}", error.message()))
                    .with_label(span, "here")
                    .with_help("the file holds a `[rules]` table of `rule-name = \"error\" | \"warning\" | \"info\" | \"off\"`"),
            ]
        })?;
        let mut overrides = HashMap::new();
        let mut diagnostics = Vec::new();
        let names: Vec<&str> = all_rules().iter().map(|r| r.meta().name).collect();
        for (rule, value) in file.rules {
            let span = Span::new(value.span().start, value.span().end);
            if !names.contains(&rule.as_str()) {
                let help = match suggest::nearest(&rule, names.iter().copied()) {
                    Some(near) => format!("did you mean `{near}`? `wb rules` lists every rule"),
                    None => "`wb rules` lists every rule".to_string(),
                };
                let key_span = text
                    .find(&rule)
                    .map_or(span, |at| Span::new(at, at + rule.len()));
                diagnostics.push(
                    Diagnostic::error(Code::Config, format!("unknown rule `{rule}`"))
                        .with_label(key_span, "no such rule")
                        .with_help(help),
                );
                continue;
            }
            let severity = match value.get_ref().as_str() {
                "error" => Some(Severity::Error),
                "warning" => Some(Severity::Warning),
                "info" => Some(Severity::Info),
                "off" => None,
                other => {
                    diagnostics.push(
                        Diagnostic::error(Code::Config, format!("`{other}` is not a severity"))
                            .with_label(
                                span,
                                "expected \"error\", \"warning\", \"info\" or \"off\"",
                            )
                            .with_help(format!(
                                "write `{rule} = \"warning\"`, or `\"off\"` to turn the rule off"
                            )),
                    );
                    continue;
                }
            };
            overrides.insert(rule, severity);
        }
        if diagnostics.is_empty() {
            Ok(Config { overrides })
        } else {
            Diagnostic::sort(&mut diagnostics);
            Err(diagnostics)
        }
    }
}

/// The `whiteboard.toml` that applies to a design in `folder`: the first
/// found there or in a parent folder.
pub fn find(folder: &Path) -> Option<PathBuf> {
    folder
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_change_and_disable_rules() {
        let config = Config::parse("[rules]\nmissing-cdn = \"off\"\nunlabeled-flow = \"error\"\n")
            .unwrap_or_default();
        let cdn = super::super::find_rule("missing-cdn").map(|r| r.meta());
        let unlabeled = super::super::find_rule("unlabeled-flow").map(|r| r.meta());
        assert_eq!(cdn.and_then(|m| config.severity(m)), None);
        assert_eq!(
            unlabeled.and_then(|m| config.severity(m)),
            Some(Severity::Error)
        );
    }

    #[test]
    fn unknown_rules_and_severities_are_errors_with_suggestions() {
        let errors = Config::parse("[rules]\nmissing-cnd = \"off\"\nunlabeled-flow = \"loud\"\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 2);
        assert!(
            errors
                .iter()
                .any(|d| d.help.as_deref().unwrap_or("").contains("missing-cdn"))
        );
        assert!(
            errors
                .iter()
                .any(|d| d.message.contains("`loud` is not a severity"))
        );
    }
}
