//! Explains a line the grammar could not read: an unterminated string or
//! block, or the first token that went wrong and what would fit there.

use pest::error::{Error, ErrorVariant, InputLocation};

use super::parser::{Rule, check};
use crate::diagnostic::{Code, Diagnostic};
use crate::span::Span;

/// A diagnostic for the junk `junk` found at byte `offset` of `text`, which was
/// expected to be what `check` parses.
pub(super) fn diagnose(junk: &str, offset: usize, text: &str, check_rule: Rule) -> Diagnostic {
    if let Some(quote) = unterminated_string(junk) {
        let span = Span::new(offset + quote, offset + line_end(junk, quote));
        return Diagnostic::error(Code::UnterminatedString, "unterminated string")
            .with_label(span, "this string is never closed")
            .with_help(
                "close it with `\"` on the same line; a string cannot span lines (write `\\n` for a line break)",
            );
    }
    let Braces {
        unclosed,
        commented,
    } = braces(junk);
    if let Some(first) = unclosed.first() {
        let mut diagnostic = Diagnostic::error(Code::UnterminatedBlock, "unterminated block");
        for brace in unclosed.iter().rev().take(3) {
            diagnostic = diagnostic.with_label(
                Span::new(offset + brace, offset + brace + 1),
                "this `{` is never closed",
            );
        }
        // A `}` after a `#` on a one-line block is the usual cause, and the
        // `{` left open is then an outer one, lines away from it.
        if let Some(hidden) = commented.iter().find(|at| *at > first) {
            return diagnostic
                .with_label(
                    Span::new(offset + hidden, offset + hidden + 1),
                    "this `}` is inside a `#` comment",
                )
                .with_help(
                    "a `#` comments out the rest of its line, `}` included: end the block \
                     before the comment, or put the comment on a line of its own",
                );
        }
        return diagnostic.with_help("add the missing `}`; every `{` needs a `}` that closes it");
    }
    if let Some(habit) = habit_from_another_tool(junk, offset) {
        return habit.with_context_of(text);
    }
    if let Some(cut) = label_cut_by_semicolon(junk, offset, text) {
        return cut.with_context_of(text);
    }
    match check(check_rule, junk) {
        Err(error) => from_pest_error(&error, junk, offset, check_rule),
        Ok(()) => Diagnostic::error(Code::Syntax, "this line cannot stand here")
            .with_label(Span::new(offset, offset + junk.len()), "not expected here")
            .with_help(help_for(check_rule)),
    }
    .with_context_of(text)
}

/// Turns pest's error for `junk` (at `offset`) into a diagnostic that names the
/// expected tokens in words.
pub(super) fn from_pest_error(
    error: &Error<Rule>,
    junk: &str,
    offset: usize,
    check_rule: Rule,
) -> Diagnostic {
    let at = match error.location {
        InputLocation::Pos(at) => at,
        InputLocation::Span((at, _)) => at,
    };
    let expected = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        ErrorVariant::CustomError { message } => message.clone(),
    };
    let (found, found_len) = describe_found(junk, at);
    let start = offset + at;
    Diagnostic::error(Code::Syntax, format!("expected {expected}, found {found}"))
        .with_label(
            Span::new(start, start + found_len),
            format!("expected {expected}"),
        )
        .with_help(help_for(check_rule))
}

trait WithContext {
    fn with_context_of(self, text: &str) -> Self;
}

impl WithContext for Diagnostic {
    /// Keeps spans inside the text (a zero-width span at the very end is fine).
    fn with_context_of(mut self, text: &str) -> Self {
        for label in &mut self.labels {
            label.span = Span::new(
                label.span.start.min(text.len()),
                label.span.end.min(text.len()),
            );
        }
        self
    }
}

fn help_for(check_rule: Rule) -> &'static str {
    match check_rule {
        Rule::attr_check => {
            "attributes are `key: value` or a bare `flag`, separated by commas or new lines, e.g. `{ ttl: 24h, eviction: lru }`"
        }
        Rule::walk_check => {
            "a walkthrough lists steps such as `users -> lb -> api: read`, one per line"
        }
        Rule::group_check => {
            "a group holds component declarations, flows, nested groups or a list of existing ids, e.g. `group \"us-east-1\" { lb api }`"
        }
        Rule::stage_check => {
            "a stage holds what it adds or changes (components, flows, groups) and `remove ID` or `remove a -> b` lines"
        }
        _ => {
            "a line is a component `KIND ID \"Label\" x2 { … }`, a flow `a -> b: label`, a `note ID \"text\"`, an `align { a b }`, or a `design`, `scale`, `group`, `flow`, `stage` or `allow` block"
        }
    }
}

fn describe_expected(positives: &[Rule]) -> String {
    let mut words: Vec<&str> = Vec::new();
    for rule in positives {
        let word = describe_rule(*rule);
        if !words.contains(&word) {
            words.push(word);
        }
    }
    match words.as_slice() {
        [] => "something else".to_string(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

fn describe_rule(rule: Rule) -> &'static str {
    match rule {
        Rule::ident | Rule::members => "a name",
        Rule::string | Rule::string_inner => "a quoted string",
        Rule::instances => "an instance count like `x3`",
        Rule::attr_block | Rule::lbrace => "`{`",
        Rule::rbrace => "`}`",
        Rule::lbracket | Rule::fanout => "`[`",
        Rule::rbracket => "`]`",
        Rule::colon => "`:`",
        Rule::comma => "`,`",
        Rule::arrow => "an arrow (`->`, `~>` or `<->`)",
        Rule::label | Rule::bare_label => "a label",
        Rule::value
        | Rule::list
        | Rule::quantity
        | Rule::number
        | Rule::unit
        | Rule::ratio
        | Rule::rate => "a value",
        Rule::endpoint => "a component id",
        Rule::attribute | Rule::attr_check => "an attribute `key: value`",
        Rule::top_check | Rule::stage_check | Rule::group_check => "a statement",
        Rule::walk_check => "a step like `a -> b`",
        Rule::allow | Rule::allow_kw => "`allow`",
        Rule::design_kw | Rule::design_stmt => "`design`",
        Rule::scale_kw | Rule::scale_stmt => "`scale`",
        Rule::group_kw | Rule::group_stmt => "`group`",
        Rule::flow_kw | Rule::walkthrough_stmt => "`flow`",
        Rule::stage_kw | Rule::stage_stmt => "`stage`",
        Rule::remove_kw | Rule::remove_stmt => "`remove`",
        Rule::component | Rule::flow_stmt => "a statement",
        Rule::comment => "a comment",
        _ => "end of line",
    }
}

/// What stands at `at` in words, and how many bytes of it to underline.
fn describe_found(junk: &str, at: usize) -> (String, usize) {
    let rest = junk.get(at..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return ("end of line".to_string(), 0);
    };
    if first == '\n' || first == '\r' {
        return ("end of line".to_string(), 0);
    }
    if first.is_ascii_alphanumeric() || first == '_' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '%'))
            .collect();
        let len = word.len();
        return (format!("`{word}`"), len);
    }
    if first == '"' {
        return ("a string".to_string(), 1);
    }
    if first.is_control() {
        return (
            format!("the control character U+{:04X}", u32::from(first)),
            first.len_utf8(),
        );
    }
    (format!("`{first}`"), first.len_utf8())
}

/// Byte offset of the `"` that opens a string left open at the end of its line.
fn unterminated_string(junk: &str) -> Option<usize> {
    let mut chars = junk.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '#' => {
                skip_comment(&mut chars);
            }
            '"' if !skip_string(&mut chars) => return Some(at),
            _ => {}
        }
    }
    None
}

fn line_end(junk: &str, from: usize) -> usize {
    junk.get(from..)
        .and_then(|rest| rest.find(['\n', '\r']))
        .map_or(junk.len(), |at| from + at)
}

/// The `{` that have no matching `}`, and the `}` that comments hide.
/// Strings are skipped.
fn braces(junk: &str) -> Braces {
    let mut braces = Braces::default();
    let mut chars = junk.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                skip_string(&mut chars);
            }
            '#' => braces.commented.extend(skip_comment(&mut chars)),
            '{' => braces.unclosed.push(at),
            '}' => {
                braces.unclosed.pop();
            }
            _ => {}
        }
    }
    braces
}

/// Where the braces of some text stand.
#[derive(Default)]
struct Braces {
    /// The `{` that no `}` closes, outermost first.
    unclosed: Vec<usize>,
    /// Each `}` inside a `#` comment.
    commented: Vec<usize>,
}

/// Moves past the rest of a string whose opening quote was just read; false
/// when the line or text ends before the closing quote.
fn skip_string(chars: &mut std::str::CharIndices) -> bool {
    let mut escaped = false;
    for (_, c) in chars.by_ref() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return true,
            '\n' | '\r' => return false,
            _ => {}
        }
    }
    false
}

/// Moves past the rest of a comment whose `#` was just read; returns where
/// the `}` in it stand.
fn skip_comment(chars: &mut std::str::CharIndices) -> Vec<usize> {
    let mut closing = Vec::new();
    for (at, c) in chars.by_ref() {
        match c {
            '\n' => break,
            '}' => closing.push(at),
            _ => {}
        }
    }
    closing
}

/// A habit from another diagram language or from code, named with what to
/// write instead: `-->` and `--` (Mermaid, D2), `=>`, `<-`, `//` comments,
/// `x 2`, single quotes, and a label of several words without quotes.
fn habit_from_another_tool(junk: &str, offset: usize) -> Option<Diagnostic> {
    let line = junk.get(..line_end(junk, 0)).unwrap_or(junk);
    let plain = blank_strings(line);
    let at = |needle: &str| plain.find(needle);
    let left = |i: usize, len: usize| ends_around(&plain, i, len).0;
    let right = |i: usize, len: usize| ends_around(&plain, i, len).1;
    let found: Option<(usize, usize, &str, String)> = if let Some(i) = at("//") {
        Some((
            i,
            2,
            "`//` does not start a comment",
            "comments start with `#`: `api -> db: read  # primary only`".into(),
        ))
    } else if let Some(i) = at("-->").or_else(|| at("=>")).or_else(|| at("--")) {
        let len = if plain.get(i..i + 3) == Some("-->") {
            3
        } else {
            2
        };
        let arrow = plain.get(i..i + len).unwrap_or("");
        let (a, b) = (left(i, len), right(i, len));
        let message = if arrow == "--" {
            "`--` is not an arrow here"
        } else if arrow == "=>" {
            "`=>` is not an arrow here"
        } else {
            "`-->` is not an arrow here"
        };
        Some((
            i,
            len,
            message,
            format!(
                "flows have a direction: write `{a} -> {b}` for a call the caller waits on, `{a} ~> {b}` for asynchronous work, `{a} <-> {b}` for both ways"
            ),
        ))
    } else if let Some(i) = at("<-").filter(|i| plain.get(*i..*i + 3) != Some("<->")) {
        let (a, b) = (left(i, 2), right(i, 2));
        Some((
            i,
            2,
            "`<-` is not an arrow here",
            format!("flows point from the caller to what it calls: write `{b} -> {a}`"),
        ))
    } else if let Some(i) = at("'") {
        let quoted = plain
            .get(i + 1..)
            .and_then(|rest| rest.split('\'').next())
            .filter(|text| !text.is_empty())
            .unwrap_or("API servers");
        Some((
            i,
            1,
            "single quotes do not make a string",
            format!("write strings in double quotes: `\"{quoted}\"`"),
        ))
    } else {
        spaced_instance_count(&plain).map(|i| {
            (
                i,
                3,
                "an instance count is written without a space",
                "write `x2`, not `x 2`".into(),
            )
        })
    };
    let diagnostic = match found {
        Some((i, len, message, help)) => Diagnostic::error(Code::Syntax, message)
            .with_label(Span::new(offset + i, offset + i + len), "written here")
            .with_help(help),
        None => {
            unquoted_label(&plain, offset).or_else(|| text_after_quoted_label(&plain, offset))?
        }
    };
    Some(diagnostic)
}

/// The words on either side of the `len` bytes at `i` (`a` and `b` when
/// there are none), for a help line that shows the flow rewritten.
fn ends_around(plain: &str, i: usize, len: usize) -> (String, String) {
    let before = plain.get(..i).unwrap_or("");
    let after = plain.get(i + len..).unwrap_or("");
    let word = |text: &str| -> Option<String> {
        let ok = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
        let word: String = text.chars().take_while(|c| ok(*c)).collect();
        (!word.is_empty()).then_some(word)
    };
    let reversed: String = before.trim_end().chars().rev().collect();
    let a = word(&reversed).map(|w| w.chars().rev().collect());
    let b = word(after.trim_start());
    (
        a.unwrap_or_else(|| "a".into()),
        b.unwrap_or_else(|| "b".into()),
    )
}

/// The line with the inside of each double-quoted string blanked, so that
/// what a label says is not taken for syntax.
fn blank_strings(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let (mut inside, mut escaped) = (false, false);
    for c in line.chars() {
        let keep = if !inside {
            inside = c == '"';
            true
        } else if escaped {
            escaped = false;
            false
        } else {
            escaped = c == '\\';
            inside = c != '"';
            c == '"'
        };
        if keep {
            out.push(c);
        } else {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        }
    }
    out
}

/// Where ` x 2` stands (an `x` alone, then a number).
fn spaced_instance_count(plain: &str) -> Option<usize> {
    let words: Vec<(usize, &str)> = plain
        .split(' ')
        .scan(0, |at, word| {
            let start = *at;
            *at += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
        .collect();
    words.windows(2).find_map(|pair| match pair {
        [(i, "x"), (_, next)] if next.chars().all(|c| c.is_ascii_digit()) => Some(*i),
        _ => None,
    })
}

/// `api -> db: "hot" rows`: words after a flow's quoted label, which is
/// the whole label. `plain` has its strings blanked.
fn text_after_quoted_label(plain: &str, offset: usize) -> Option<Diagnostic> {
    let code = plain.split('#').next().unwrap_or("");
    let colon = code.find(':')?;
    let (ends, label) = (code.get(..colon)?, code.get(colon + 1..)?);
    if !["->", "~>"].iter().any(|arrow| ends.contains(arrow)) {
        return None;
    }
    let quoted = label.trim_start().strip_prefix('"')?;
    let close = quoted.find('"')?;
    let after = quoted.get(close + 1..)?;
    let words = after.split('{').next().unwrap_or("").trim();
    if words.is_empty() {
        return None;
    }
    let start = colon + 1 + (label.len() - quoted.len()) + close + 1 + after.find(words)?;
    Some(
        Diagnostic::error(Code::Syntax, "words after a quoted label")
            .with_label(
                Span::new(offset + start, offset + start + words.len()),
                "outside the quotes",
            )
            .with_help(
                "a quoted label is the whole label: put all of it inside the quotes, or write it without them",
            ),
    )
}

/// `api -> db: read; write`: a `;` ends a statement, so the words after it
/// in a flow's bare label were read as a statement of their own. `junk` is
/// that statement, at byte `offset` of `text`.
fn label_cut_by_semicolon(junk: &str, offset: usize, text: &str) -> Option<Diagnostic> {
    let before = text.get(..offset)?.trim_end_matches([' ', '\t']);
    let statement_end = before.strip_suffix(';')?;
    let line_start = statement_end.rfind(['\n', ';']).map_or(0, |i| i + 1);
    let statement = statement_end.get(line_start..)?;
    let plain = blank_strings(statement);
    let colon = plain.find(':')?;
    let ends = statement.get(..colon)?.trim();
    let label = statement.get(colon + 1..)?.trim();
    let is_flow = ["->", "~>"].iter().any(|arrow| ends.contains(arrow));
    let bare = !label.is_empty() && !label.starts_with('"') && !plain.contains(['{', '#']);
    if !is_flow || !bare {
        return None;
    }
    let line = junk.get(..line_end(junk, 0)).unwrap_or(junk);
    let start = offset + (line.len() - line.trim_start().len());
    let rest = line.split('#').next().unwrap_or(line).trim();
    // Only bare words: a statement that went wrong in its own way (a
    // component's unquoted label, a flow) has its own explanation.
    let first = rest.split_whitespace().next().unwrap_or("");
    let starts_statement =
        crate::model::kind::resolve(first).is_some() || super::KEYWORDS.contains(&first);
    let plain_words = !rest.contains(['"', '{', '>', '<']);
    if starts_statement || !plain_words || label.contains('"') {
        return None;
    }
    let semicolon = before.len() - 1;
    Some(
        Diagnostic::error(Code::Syntax, "`;` ends the flow and its label")
            .with_label(Span::new(semicolon, semicolon + 1), "the flow ends here")
            .with_label(
                Span::new(start, start + rest.len()),
                "read as a statement of its own",
            )
            .with_help(format!(
                "to keep the `;` in the label, quote the label: `{ends}: \"{label}; {rest}\"`"
            )),
    )
}

/// `service api Shortener API`: a component whose label of several words
/// has no quotes.
fn unquoted_label(plain: &str, offset: usize) -> Option<Diagnostic> {
    let trimmed = plain.trim_start();
    let indent = plain.len() - trimmed.len();
    let code = trimmed
        .split('#')
        .next()
        .unwrap_or("")
        .split('{')
        .next()
        .unwrap_or("");
    let words: Vec<&str> = code.split_whitespace().collect();
    let [kind, _id, rest @ ..] = words.as_slice() else {
        return None;
    };
    let is_count = |w: &&str| {
        w.len() > 1 && w.starts_with('x') && w.chars().skip(1).all(|c| c.is_ascii_digit())
    };
    let label = rest
        .get(..rest.iter().position(is_count).unwrap_or(rest.len()))
        .unwrap_or(rest);
    let bare = |word: &&str| {
        word.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    let is_kind = crate::model::kind::resolve(kind).is_some();
    if !is_kind || label.len() < 2 || !label.iter().all(bare) {
        return None;
    }
    let first = label.first()?;
    let start = indent + code.find(&format!(" {first}"))? + 1;
    let text = label.join(" ");
    Some(
        Diagnostic::error(Code::Syntax, "a label of several words needs quotes")
            .with_label(
                Span::new(offset + start, offset + start + text.len()),
                "this label",
            )
            .with_help(format!(
                "write `{kind} {} \"{text}\"`",
                words.get(1).unwrap_or(&"ID")
            )),
    )
}
