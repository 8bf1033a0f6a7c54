//! Go to definition, find references and rename, for component and group
//! ids: every place an id is written is known (see [`super::names`]).

use std::collections::HashMap;

use lsp_types::{Location, Range, TextEdit, Uri, WorkspaceEdit};

use super::analysis::Analysis;

pub fn definition(analysis: &Analysis, uri: &Uri, offset: usize) -> Option<Location> {
    let name = &analysis.names.at(offset)?.name;
    let declared = analysis.names.declaration(name)?;
    Some(Location::new(
        uri.clone(),
        analysis.lines.range(&analysis.text, declared.span),
    ))
}

pub fn references(
    analysis: &Analysis,
    uri: &Uri,
    offset: usize,
    declarations: bool,
) -> Vec<Location> {
    let Some(occurrence) = analysis.names.at(offset) else {
        return Vec::new();
    };
    analysis
        .names
        .all(&occurrence.name)
        .filter(|o| declarations || o.declares.is_none())
        .map(|o| Location::new(uri.clone(), analysis.lines.range(&analysis.text, o.span)))
        .collect()
}

/// The id under the cursor and its range, when it can be renamed.
pub fn prepare_rename(analysis: &Analysis, offset: usize) -> Option<Range> {
    let occurrence = analysis.names.at(offset)?;
    analysis.names.declaration(&occurrence.name)?;
    Some(analysis.lines.range(&analysis.text, occurrence.span))
}

/// Every place the id under the cursor is written, renamed; an error when
/// the new name is not an id or is taken.
pub fn rename(
    analysis: &Analysis,
    uri: &Uri,
    offset: usize,
    new_name: &str,
) -> Result<WorkspaceEdit, String> {
    let occurrence = analysis
        .names
        .at(offset)
        .ok_or("no component or group id here")?;
    if !is_id(new_name) {
        return Err(format!(
            "`{new_name}` is not an id: start with a letter or `_`, then letters, digits, `_` or `-`"
        ));
    }
    if new_name != occurrence.name && analysis.names.declaration(new_name).is_some() {
        return Err(format!("`{new_name}` is already declared"));
    }
    let edits = analysis
        .names
        .all(&occurrence.name)
        .map(|o| {
            TextEdit::new(
                analysis.lines.range(&analysis.text, o.span),
                new_name.to_string(),
            )
        })
        .collect();
    Ok(WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    })
}

fn is_id(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !matches!(
            name,
            "design" | "scale" | "group" | "flow" | "stage" | "allow" | "remove" | "note" | "align"
        )
}
