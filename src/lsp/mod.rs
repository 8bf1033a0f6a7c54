//! The language server (`wb lsp`): the pipeline behind an editor, over the
//! Language Server Protocol on standard input and output.
//!
//! One thread reads messages and answers them in order. An edit replaces
//! the document's text ([`Document`]); its diagnostics go out once no other
//! message has come for [`DEBOUNCE`], so a burst of keystrokes costs one
//! analysis. Every request runs the same front end, checker and estimate as
//! the command line ([`analysis`]) on the latest text, at most once per
//! version; nothing here parses or checks on its own.

pub mod actions;
pub mod analysis;
pub mod complete;
pub mod hover;
pub mod names;
pub mod navigate;
pub mod outline;
pub mod text;

use std::collections::HashMap;
use std::error::Error;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, FoldingRangeRequest, Formatting,
    GotoDefinition, HoverRequest, PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverContents, HoverProviderCapability,
    MarkupContent, MarkupKind, OneOf, Position, PublishDiagnosticsParams, Range, RenameOptions,
    ServerCapabilities, TextDocumentPositionParams, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextEdit, Uri,
};
use serde_json::Value;

use crate::check::{self, Config};
use analysis::Analysis;

/// How long typing must pause before diagnostics are worked out and sent.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

type Failure = Box<dyn Error + Send + Sync>;

/// Serves one editor on standard input and output until it says `exit`.
pub fn serve_stdio() -> Result<(), Failure> {
    let (connection, threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    threads.join()?;
    Ok(())
}

/// Initializes the session on `connection`, then answers until shutdown.
pub fn serve(connection: &Connection) -> Result<(), Failure> {
    let capabilities = serde_json::to_value(capabilities())?;
    connection.initialize(capabilities)?;
    Server::default().run(connection)
}

pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![
                ">".into(),
                "{".into(),
                ",".into(),
                ":".into(),
                " ".into(),
            ]),
            ..CompletionOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(lsp_types::FoldingRangeProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// An open document: its latest text, and the analysis of that text once
/// something asked for it.
struct Document {
    text: String,
    analysis: Option<Analysis>,
    config: Config,
}

impl Document {
    fn new(uri: &Uri, text: String) -> Document {
        Document {
            text,
            analysis: None,
            config: config_for(uri),
        }
    }

    fn analysis(&mut self) -> &Analysis {
        let (text, config) = (&self.text, &self.config);
        self.analysis
            .get_or_insert_with(|| Analysis::new(text.clone(), config))
    }
}

/// The `whiteboard.toml` that governs a file on disk, or the defaults.
fn config_for(uri: &Uri) -> Config {
    let Some(path) = file_path(uri) else {
        return Config::default();
    };
    let folder = path.parent().map(PathBuf::from).unwrap_or_default();
    check::config::find(&folder)
        .and_then(|found| std::fs::read_to_string(found).ok())
        .and_then(|text| Config::parse(&text).ok())
        .unwrap_or_default()
}

/// The local path of a `file:` URI, with its percent escapes decoded.
fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let mut bytes = Vec::with_capacity(rest.len());
    let mut raw = rest.bytes();
    while let Some(byte) = raw.next() {
        if byte == b'%' {
            let high = raw.next().and_then(|b| (b as char).to_digit(16))?;
            let low = raw.next().and_then(|b| (b as char).to_digit(16))?;
            bytes.push(u8::try_from(high * 16 + low).ok()?);
        } else {
            bytes.push(byte);
        }
    }
    String::from_utf8(bytes).ok().map(PathBuf::from)
}

#[derive(Default)]
struct Server {
    documents: HashMap<Uri, Document>,
    /// Documents whose diagnostics are due, and when.
    due: HashMap<Uri, Instant>,
}

impl Server {
    fn run(&mut self, connection: &Connection) -> Result<(), Failure> {
        loop {
            let wait = self
                .due
                .values()
                .min()
                .map_or(Duration::from_secs(3600), |at| {
                    at.saturating_duration_since(Instant::now())
                });
            match connection.receiver.recv_timeout(wait) {
                Ok(Message::Request(request)) => {
                    if connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    let response = self.respond(request);
                    connection.sender.send(Message::Response(response))?;
                }
                Ok(Message::Notification(notification)) => {
                    self.notified(connection, notification)?
                }
                Ok(Message::Response(_)) => {}
                Err(RecvTimeoutError::Timeout) => self.publish_due(connection)?,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
    }

    fn notified(
        &mut self,
        connection: &Connection,
        notification: Notification,
    ) -> Result<(), Failure> {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let uri = params.text_document.uri;
                self.documents
                    .insert(uri.clone(), Document::new(&uri, params.text_document.text));
                self.publish(connection, &uri)?;
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                let uri = params.text_document.uri;
                // Full synchronisation: the last change holds the whole text.
                if let Some(change) = params.content_changes.into_iter().last() {
                    let document = self
                        .documents
                        .entry(uri.clone())
                        .or_insert_with(|| Document::new(&uri, String::new()));
                    document.text = change.text;
                    document.analysis = None;
                    self.due.insert(uri, Instant::now() + DEBOUNCE);
                }
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams =
                    serde_json::from_value(notification.params)?;
                self.documents.remove(&params.text_document.uri);
                self.due.remove(&params.text_document.uri);
                send_diagnostics(connection, params.text_document.uri, Vec::new())?;
            }
            _ => {}
        }
        Ok(())
    }

    fn publish_due(&mut self, connection: &Connection) -> Result<(), Failure> {
        let now = Instant::now();
        let ready: Vec<Uri> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in ready {
            self.due.remove(&uri);
            self.publish(connection, &uri)?;
        }
        Ok(())
    }

    fn publish(&mut self, connection: &Connection, uri: &Uri) -> Result<(), Failure> {
        let Some(document) = self.documents.get_mut(uri) else {
            return Ok(());
        };
        let diagnostics = document.analysis().diagnostics(uri);
        send_diagnostics(connection, uri.clone(), diagnostics)
    }

    /// The answer to one request; a request that fails (or, against all
    /// care, panics) gets an error response and the server carries on.
    fn respond(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        let answer =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.answer(request)));
        match answer {
            Ok(Ok(value)) => Response::new_ok(id, value),
            Ok(Err(error)) => error_response(id, &error),
            Err(_) => error_response(id, "the server failed on this request"),
        }
    }

    fn answer(&mut self, request: Request) -> Result<Value, String> {
        let method = request.method.as_str();
        let params = request.params;
        let json = |value: Result<Value, serde_json::Error>| value.map_err(|e| e.to_string());
        match method {
            HoverRequest::METHOD => {
                let at: TextDocumentPositionParams = parse(params)?;
                let (analysis, offset) = self.at(&at)?;
                let hover = hover::hover(analysis, offset).map(|markdown| lsp_types::Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: markdown,
                    }),
                    range: None,
                });
                json(serde_json::to_value(hover))
            }
            GotoDefinition::METHOD => {
                let at: TextDocumentPositionParams = parse(params)?;
                let uri = at.text_document.uri.clone();
                let (analysis, offset) = self.at(&at)?;
                json(serde_json::to_value(navigate::definition(
                    analysis, &uri, offset,
                )))
            }
            References::METHOD => {
                let request: lsp_types::ReferenceParams = parse(params)?;
                let at = request.text_document_position;
                let uri = at.text_document.uri.clone();
                let declarations = request.context.include_declaration;
                let (analysis, offset) = self.at(&at)?;
                json(serde_json::to_value(navigate::references(
                    analysis,
                    &uri,
                    offset,
                    declarations,
                )))
            }
            PrepareRenameRequest::METHOD => {
                let at: TextDocumentPositionParams = parse(params)?;
                let (analysis, offset) = self.at(&at)?;
                json(serde_json::to_value(navigate::prepare_rename(
                    analysis, offset,
                )))
            }
            Rename::METHOD => {
                let request: lsp_types::RenameParams = parse(params)?;
                let at = request.text_document_position;
                let uri = at.text_document.uri.clone();
                let (analysis, offset) = self.at(&at)?;
                let edit = navigate::rename(analysis, &uri, offset, &request.new_name)?;
                json(serde_json::to_value(edit))
            }
            Completion::METHOD => {
                let request: lsp_types::CompletionParams = parse(params)?;
                let (analysis, offset) = self.at(&request.text_document_position)?;
                json(serde_json::to_value(complete::complete(analysis, offset)))
            }
            DocumentSymbolRequest::METHOD => {
                let request: lsp_types::DocumentSymbolParams = parse(params)?;
                let analysis = self.analysis(&request.text_document.uri)?;
                json(serde_json::to_value(outline::symbols(analysis)))
            }
            FoldingRangeRequest::METHOD => {
                let request: lsp_types::FoldingRangeParams = parse(params)?;
                let analysis = self.analysis(&request.text_document.uri)?;
                json(serde_json::to_value(outline::folding(analysis)))
            }
            Formatting::METHOD => {
                let request: lsp_types::DocumentFormattingParams = parse(params)?;
                let analysis = self.analysis(&request.text_document.uri)?;
                json(serde_json::to_value(formatting(analysis)))
            }
            CodeActionRequest::METHOD => {
                let request: lsp_types::CodeActionParams = parse(params)?;
                let uri = request.text_document.uri.clone();
                let analysis = self.analysis(&uri)?;
                json(serde_json::to_value(actions::actions(
                    analysis,
                    &uri,
                    request.range,
                )))
            }
            _ => Err(format!("`{method}` is not supported")),
        }
    }

    fn analysis(&mut self, uri: &Uri) -> Result<&Analysis, String> {
        self.documents
            .get_mut(uri)
            .map(Document::analysis)
            .ok_or_else(|| format!("`{}` is not open", uri.as_str()))
    }

    fn at(&mut self, at: &TextDocumentPositionParams) -> Result<(&Analysis, usize), String> {
        let analysis = self.analysis(&at.text_document.uri)?;
        let offset = analysis.lines.offset(&analysis.text, at.position);
        Ok((analysis, offset))
    }
}

/// The whole document rewritten by `wb fmt`, or nothing when it does not
/// parse (formatting would drop what it cannot read).
fn formatting(analysis: &Analysis) -> Option<Vec<TextEdit>> {
    if analysis
        .compiled
        .parsed
        .diagnostics
        .iter()
        .any(|d| d.is_error())
    {
        return None;
    }
    let formatted = crate::format::format(&analysis.compiled.parsed.file, &analysis.text);
    if formatted == analysis.text {
        return Some(Vec::new());
    }
    let end = analysis.lines.position(&analysis.text, analysis.text.len());
    Some(vec![TextEdit::new(
        Range::new(Position::new(0, 0), end),
        formatted,
    )])
}

fn parse<T: serde::de::DeserializeOwned>(params: Value) -> Result<T, String> {
    serde_json::from_value(params).map_err(|error| format!("invalid parameters: {error}"))
}

fn error_response(id: RequestId, message: &str) -> Response {
    Response::new_err(
        id,
        lsp_server::ErrorCode::RequestFailed as i32,
        message.to_string(),
    )
}

fn send_diagnostics(
    connection: &Connection,
    uri: Uri,
    diagnostics: Vec<lsp_types::Diagnostic>,
) -> Result<(), Failure> {
    let params = PublishDiagnosticsParams {
        uri,
        diagnostics,
        version: None,
    };
    let notification = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
    connection
        .sender
        .send(Message::Notification(notification))?;
    Ok(())
}
