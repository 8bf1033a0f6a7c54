//! `wb rules` and `wb explain RULE`: the catalog, from the rules' own docs.

use whiteboard::check::{self, all_rules, find_rule_loosely};
use whiteboard::suggest;

use super::Status;

#[derive(clap::Args)]
pub struct RulesArgs {
    /// How to print the list (`markdown` is docs/rules.md)
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum RulesFormat {
    /// One line per rule: name, default severity, what it finds
    Text,
    /// Every rule's full documentation, as in docs/rules.md
    Markdown,
    /// Name, severity and summary of each rule as JSON
    Json,
}

#[derive(clap::Args)]
pub struct ExplainArgs {
    /// The rule's name, e.g. `single-point-of-failure`, or a short name:
    /// spof, dlq, cdn, cache, lb, auth, rate-limit, monitoring, idempotency,
    /// ttl, capacity, backoff, cycle
    #[arg(value_name = "RULE")]
    rule: String,
}

pub fn list(args: &RulesArgs) -> Status {
    match args.format {
        RulesFormat::Text => {
            let width = all_rules()
                .iter()
                .map(|r| r.meta().name.len())
                .max()
                .unwrap_or(0);
            for rule in all_rules() {
                let meta = rule.meta();
                println!(
                    "{:<width$}  {:<7}  {}",
                    meta.name,
                    meta.severity.as_str(),
                    meta.summary()
                );
            }
        }
        RulesFormat::Markdown => print!("{}", whiteboard::check::rules_markdown()),
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = all_rules()
                .iter()
                .map(|rule| {
                    let meta = rule.meta();
                    serde_json::json!({ "name": meta.name, "severity": meta.severity, "summary": meta.summary() })
                })
                .collect();
            match serde_json::to_string_pretty(&rules) {
                Ok(json) => println!("{json}"),
                Err(error) => {
                    eprintln!("wb: cannot write JSON: {error}");
                    return Status::Failed;
                }
            }
        }
    }
    Status::Clean
}

pub fn explain(args: &ExplainArgs) -> Status {
    match find_rule_loosely(&args.rule) {
        Some(rule) => {
            let meta = rule.meta();
            println!(
                "# {} ({} by default)\n\n{}",
                meta.name,
                meta.severity.as_str(),
                meta.explanation()
            );
            Status::Clean
        }
        None => {
            let names = all_rules().iter().map(|r| r.meta().name);
            let short = check::SHORT_NAMES.iter().map(|(short, _)| *short);
            let near = suggest::nearest(&args.rule, names).or_else(|| {
                // A short name's neighbour stands for its rule.
                suggest::nearest(&args.rule, short).and_then(|s| {
                    check::SHORT_NAMES
                        .iter()
                        .find(|(k, _)| *k == s)
                        .map(|(_, full)| *full)
                })
            });
            match near {
                Some(near) => eprintln!("wb: no rule `{}`; did you mean `{near}`?", args.rule),
                None => eprintln!("wb: no rule `{}`; `wb rules` lists every rule", args.rule),
            }
            Status::Failed
        }
    }
}
