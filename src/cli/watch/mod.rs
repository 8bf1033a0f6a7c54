//! `wb watch FILE`: a live preview on 127.0.0.1. The page shows the design,
//! its walkthroughs and stages as tabs and the findings beside them; when
//! the file changes it is compiled, checked and drawn again, and the page is
//! told over server-sent events (no polling). While the file does not parse,
//! the page shows the errors where the picture was.
//!
//! tiny_http serves it: a handful of routes on one thread, plus a thread per
//! open page for its event stream; nothing here needs an async runtime.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;
use petgraph::graph::EdgeIndex;
use serde::Serialize;
use whiteboard::check::{self, Target};
use whiteboard::diagnostic::{self, Style};
use whiteboard::layout::Direction;
use whiteboard::model::Design;
use whiteboard::render;

use super::Status;
use super::check::load_config;
use super::input::Input;

const PAGE: &str = include_str!("page.html");

/// How long the file must be quiet before it is read again: editors write
/// a file in several steps.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// How often an idle event stream sends a comment, so a closed page is
/// noticed and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(2);

/// The most event streams open at once; more pages get 503 until one
/// closes.
const MAX_STREAMS: usize = 32;

#[derive(clap::Args)]
pub struct Args {
    /// The design file to watch
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// The port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 4000)]
    port: u16,

    /// Open the page in the default browser
    #[arg(long)]
    open: bool,
}

/// What the page shows: the pictures, or the errors while the file is broken.
#[derive(Serialize)]
struct Preview {
    /// Counts up with every rebuild.
    version: u64,
    file: String,
    title: Option<String>,
    /// The diagnostics as text, when the file cannot be drawn.
    errors: Option<String>,
    pictures: Vec<Picture>,
    findings: Vec<FindingView>,
}

#[derive(Serialize)]
struct Picture {
    /// The tab's name: the design, `flow: NAME` or `stage N: NAME`.
    name: String,
    svg: String,
}

#[derive(Serialize)]
struct FindingView {
    rule: &'static str,
    severity: &'static str,
    message: String,
    suggestion: String,
    line: usize,
    /// The id of the SVG element the finding is about (`component-api`).
    element: Option<String>,
}

/// The page's state and the event streams to tell of a new one.
#[derive(Default)]
struct Shared {
    preview: Mutex<String>,
    listeners: Mutex<Vec<Sender<u64>>>,
    /// Event streams open now.
    streams: AtomicUsize,
}

/// One open event stream, counted while it lives.
struct Stream(Arc<Shared>);

impl Stream {
    /// A stream, unless [`MAX_STREAMS`] are open already.
    fn open(shared: &Arc<Shared>) -> Option<Stream> {
        let opened = shared
            .streams
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |open| {
                (open < MAX_STREAMS).then_some(open + 1)
            });
        opened.ok().map(|_| Stream(Arc::clone(shared)))
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        self.0.streams.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether a request comes to this server by its own name: its `Host` is
/// 127.0.0.1, localhost or [::1] with our port, and its `Origin`, when a
/// browser sends one, is one of those pages. Anything else may be a page on
/// another site reaching us through DNS rebinding.
fn addressed_to_us(request: &tiny_http::Request, port: u16) -> bool {
    let ours = |host: &str| {
        ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|name| host.eq_ignore_ascii_case(&format!("{name}:{port}")))
    };
    let header = |name: &'static str| {
        request
            .headers()
            .iter()
            .find(|h| h.field.equiv(name))
            .map(|h| h.value.as_str().to_string())
    };
    let host_ok = header("Host").is_some_and(|host| ours(host.trim()));
    let origin_ok = header("Origin").is_none_or(|origin| {
        origin
            .trim()
            .strip_prefix("http://")
            .is_some_and(|host| ours(host.trim_end_matches('/')))
    });
    host_ok && origin_ok
}

impl Shared {
    fn publish(&self, version: u64, json: String) {
        *self.preview.lock().unwrap_or_else(PoisonError::into_inner) = json;
        self.listeners
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|listener| listener.send(version).is_ok());
    }
}

/// The SVG element a finding is about, as the renderer names it.
fn element_of(
    design: &Design,
    flow_ids: &HashMap<EdgeIndex, String>,
    target: Target,
) -> Option<String> {
    match target {
        Target::Design => None,
        Target::Component(node) => design
            .graph
            .node_weight(node)
            .map(|c| render::component_element_id(&c.id)),
        Target::Flow(edge) => flow_ids.get(&edge).cloned(),
    }
}

/// Reads, compiles, checks and draws the design.
fn build(path: &Path, version: u64) -> Preview {
    let file = path.display().to_string();
    let mut preview = Preview {
        version,
        file: file.clone(),
        title: None,
        errors: None,
        pictures: Vec::new(),
        findings: Vec::new(),
    };
    let plain = Style {
        color: false,
        width: 100,
    };
    let input = match Input::read(path) {
        Ok(input) => input,
        Err(unreadable) => {
            preview.errors = Some(diagnostic::render(
                &[*unreadable.diagnostic],
                &file,
                &unreadable.text,
                plain,
            ));
            return preview;
        }
    };
    let compiled = whiteboard::compile(&input.text);
    if compiled.has_errors() {
        preview.errors = Some(diagnostic::render(
            &compiled.diagnostics,
            &input.name,
            &input.text,
            plain,
        ));
        return preview;
    }
    let model = compiled.model;
    let config = load_config(path, plain).unwrap_or_default();
    let findings = check::check(&model, &config).findings;
    let index = whiteboard::span::LineIndex::new(&input.text);
    let flow_ids = render::drawn_flow_ids(&model.design);
    preview.findings = findings
        .iter()
        .map(|finding| FindingView {
            rule: finding.rule,
            severity: finding.severity.as_str(),
            message: finding.message.clone(),
            suggestion: finding.suggestion.clone(),
            line: index.position(finding.span.start).line,
            element: element_of(&model.design, &flow_ids, finding.target),
        })
        .collect();
    // The numbers stand beside the picture when the design asks for them.
    let panels = if model.settings.flag("numbers") {
        whiteboard::estimate::estimate(&model)
            .as_ref()
            .and_then(render::numbers)
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    let options = render::Options {
        annotations: render::badges(&findings),
        panels,
        ..render::Options::default()
    };
    let direction = Direction::of(&model.settings).unwrap_or_default();
    let pictures = match render::pictures(&model, "design", direction, &options, render::Which::All)
    {
        Ok(pictures) => pictures,
        Err(diagnostic) => {
            preview.errors = Some(diagnostic::render(
                &[diagnostic],
                &input.name,
                &input.text,
                plain,
            ));
            return preview;
        }
    };
    let names = std::iter::once("design".to_string())
        .chain(
            model
                .walkthroughs
                .iter()
                .map(|w| format!("flow: {}", w.name)),
        )
        .chain(
            model
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| format!("stage {}: {}", i + 1, s.name)),
        );
    preview.pictures = names
        .zip(pictures)
        .map(|(name, (_, svg))| Picture { name, svg })
        .collect();
    preview.title = model.title;
    preview
}

fn rebuild(shared: &Shared, path: &Path, version: u64) {
    // A bug in a stage must not end the preview: the page says so, and the
    // next save tries again.
    let built = std::panic::catch_unwind(|| build(path, version)).map_err(|_| {
        "wb could not draw this version (an internal error); please report it".to_string()
    });
    let json = built
        .and_then(|preview| serde_json::to_string(&preview).map_err(|e| e.to_string()))
        .unwrap_or_else(|error| {
            serde_json::json!({
                "version": version,
                "file": path.display().to_string(),
                "title": null,
                "errors": error,
                "pictures": [],
                "findings": [],
            })
            .to_string()
        });
    shared.publish(version, json);
}

pub fn run(args: &Args, style: Style) -> Status {
    if let Err(unreadable) = Input::read(&args.file) {
        unreadable.report(&args.file.display().to_string(), style);
        return Status::Failed;
    }
    let target = match std::path::absolute(&args.file) {
        Ok(target) => target,
        Err(error) => {
            eprintln!("wb: cannot watch `{}`: {error}", args.file.display());
            return Status::Failed;
        }
    };
    let folder = target
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let server = match tiny_http::Server::http(("127.0.0.1", args.port)) {
        Ok(server) => server,
        Err(error) => {
            eprintln!(
                "wb: cannot serve on 127.0.0.1:{}: {error}; try another --port (0 picks a free one)",
                args.port
            );
            return Status::Failed;
        }
    };
    let bound = server.server_addr().to_ip();
    let port = bound.map_or(args.port, |a| a.port());
    let address = bound.map_or_else(|| format!("127.0.0.1:{}", args.port), |a| a.to_string());
    let shared = Arc::new(Shared::default());
    rebuild(&shared, &args.file, 1);

    // Editors often replace a file rather than write it, so the folder is
    // watched and events are filtered by name.
    let (events, changes) = mpsc::channel();
    let mut debouncer = match new_debouncer(DEBOUNCE, events) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            eprintln!("wb: cannot watch `{}`: {error}", args.file.display());
            return Status::Failed;
        }
    };
    if let Err(error) = debouncer
        .watcher()
        .watch(&folder, RecursiveMode::NonRecursive)
    {
        eprintln!("wb: cannot watch `{}`: {error}", folder.display());
        return Status::Failed;
    }

    let url = format!("http://{address}/");
    eprintln!(
        "wb: watching {} at {url} (Ctrl-C to stop)",
        args.file.display()
    );
    if args.open {
        open_browser(&url);
    }
    let serving = Arc::clone(&shared);
    std::thread::spawn(move || serve(&server, &serving, port));

    let mut version = 1;
    let mut seen = fingerprint(&args.file);
    for batch in changes {
        let Ok(batch) = batch else { continue };
        if !batch
            .iter()
            .any(|event| event.path.file_name() == target.file_name())
        {
            continue;
        }
        // Reading the file is an event too (inotify reports access); only
        // a file that really changed is read again, or each read would
        // cause the next.
        let now = fingerprint(&args.file);
        if now != seen {
            seen = now;
            version += 1;
            rebuild(&shared, &args.file, version);
        }
    }
    Status::Clean
}

/// What tells one version of the file from the next without reading it.
fn fingerprint(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

fn serve(server: &tiny_http::Server, shared: &Arc<Shared>, port: u16) {
    for request in server.incoming_requests() {
        if !addressed_to_us(&request, port) {
            drop(request.respond(response("forbidden", "text/plain").with_status_code(403)));
            continue;
        }
        let path = request.url().split('?').next().unwrap_or("/").to_string();
        let result = match path.as_str() {
            "/" => request.respond(response(PAGE, "text/html; charset=utf-8")),
            "/preview" => {
                let json = shared
                    .preview
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .clone();
                request.respond(response(&json, "application/json"))
            }
            "/events" => match Stream::open(shared) {
                Some(stream) => {
                    let (sender, receiver) = mpsc::channel();
                    shared
                        .listeners
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(sender);
                    let writer = request.into_writer();
                    std::thread::spawn(move || {
                        stream_events(writer, &receiver);
                        drop(stream);
                    });
                    Ok(())
                }
                None => request.respond(
                    response("too many open previews", "text/plain").with_status_code(503),
                ),
            },
            _ => request.respond(response("not found", "text/plain").with_status_code(404)),
        };
        // A page that went away mid-answer is no concern of the others.
        drop(result);
    }
}

fn response(body: &str, content_type: &str) -> tiny_http::Response<std::io::Cursor<Vec<u8>>> {
    // Whole, with its length: tiny_http would send bodies from 32 KiB on in
    // chunks, which a client reading to the end (like the tests') takes
    // for the body itself.
    let mut response = tiny_http::Response::from_string(body).with_chunked_threshold(usize::MAX);
    for (name, value) in [
        ("Content-Type", content_type),
        ("Cache-Control", "no-store"),
    ] {
        if let Ok(header) = tiny_http::Header::from_bytes(name, value) {
            response.add_header(header);
        }
    }
    response
}

/// Server-sent events: the version of each new preview, until the page
/// closes the connection.
fn stream_events(mut writer: Box<dyn Write + Send>, versions: &Receiver<u64>) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                Cache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match versions.recv_timeout(KEEP_ALIVE) {
            Ok(version) => format!("data: {version}\n\n"),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer
            .write_all(message.as_bytes())
            .and_then(|()| writer.flush())
            .is_err()
        {
            return;
        }
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("wb: cannot open a browser ({opener}: {error}); open {url} yourself");
    }
}
