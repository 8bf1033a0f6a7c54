//! `wb watch`: the live preview. Over plain HTTP, the preview follows edits
//! of the file, shows errors while it is broken and survives its removal;
//! in headless Chromium, the page redraws, shows and hides errors and
//! highlights what a finding is about.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The browser test and the one that opens 200 streams each load the
/// machine; they run one at a time.
static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A running `wb watch`, stopped when dropped.
struct Watch {
    child: Child,
    address: String,
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn watch(file: &Path) -> Watch {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wb"))
        .args(["watch", "--port", "0"])
        .arg(file)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("wb watch starts");
    let mut line = String::new();
    if let Some(stderr) = child.stderr.take() {
        BufReader::new(stderr).read_line(&mut line).expect("a line");
    }
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Watch { child, address }
}

/// GETs a path and returns the body.
fn get(address: &str, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connects");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_string())
        .unwrap_or_default()
}

fn preview(address: &str) -> serde_json::Value {
    serde_json::from_str(&get(address, "/preview")).expect("the preview is JSON")
}

/// Waits until the preview satisfies `done` (the watcher reacts to the
/// file system in its own time); fails after 20 seconds.
fn wait_for(address: &str, what: &str, done: impl Fn(&serde_json::Value) -> bool) {
    let start = Instant::now();
    loop {
        if done(&preview(address)) {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the preview never showed {what}: {}",
            preview(address)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn shows(preview: &serde_json::Value, element: &str) -> bool {
    preview["pictures"][0]["svg"]
        .as_str()
        .is_some_and(|svg| svg.contains(&format!("id=\"{element}\"")))
}

#[test]
fn the_preview_follows_the_file_through_edits_errors_and_removal() {
    let sample =
        std::fs::read_to_string(common::root().join("examples/url-shortener.wb")).expect("sample");
    let (folder, path) = common::temp_file("design.wb", &sample);
    let path = Path::new(&path);
    let watching = watch(path);
    let address = &watching.address;

    assert!(get(address, "/").contains("<title>wb watch</title>"));
    let first = preview(address);
    assert_eq!(first["title"], "URL Shortener (TinyURL)");
    let names: Vec<&str> = first["pictures"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["design", "flow: Redirect"]);
    let finding = &first["findings"][0];
    assert!(finding["rule"].is_string() && finding["line"].is_number());
    assert!(
        first["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["element"] == "component-lb"),
        "findings name the element they are about"
    );

    std::fs::write(
        path,
        format!("{sample}service extra \"Extra\"\napi -> extra: call\n"),
    )
    .expect("edit");
    wait_for(address, "the new component", |p| {
        shows(p, "component-extra")
    });

    std::fs::write(path, format!("{sample}servise broken\n")).expect("break");
    wait_for(address, "the error", |p| {
        p["errors"]
            .as_str()
            .is_some_and(|e| e.contains("unknown kind `servise`"))
    });

    std::fs::remove_file(path).expect("remove");
    wait_for(address, "that the file is gone", |p| {
        p["errors"]
            .as_str()
            .is_some_and(|e| e.contains("cannot read"))
    });

    // An editor's save: a new file renamed over the old name.
    let replacement = folder.path().join("design.wb.new");
    std::fs::write(&replacement, &sample).expect("write");
    std::fs::rename(&replacement, path).expect("rename");
    wait_for(address, "the design again", |p| {
        p["errors"].is_null() && shows(p, "component-api") && !shows(p, "component-extra")
    });
}

#[test]
fn events_announce_each_new_version() {
    let (_folder, path) = common::temp_file(
        "design.wb",
        "client users\nservice api\nusers -> api: call\n",
    );
    let watching = watch(Path::new(&path));
    let mut stream = TcpStream::connect(&watching.address).expect("connects");
    write!(
        stream,
        "GET /events HTTP/1.1\r\nHost: {}\r\n\r\n",
        watching.address
    )
    .expect("sends");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    reader.read_line(&mut head).expect("status line");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("headers");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push_str(&line);
    }
    assert!(head.contains("text/event-stream"), "{head}");
    std::fs::write(&path, "client users\nservice api x2\nusers -> api: call\n").expect("edit");
    let mut event = String::new();
    reader.read_line(&mut event).expect("an event");
    assert_eq!(event.trim(), "data: 2");
}

#[test]
fn a_missing_file_or_a_taken_port_is_a_clear_error() {
    let output = common::wb(&["watch", "no-such-design.wb", "--port", "0"], b"");
    assert_eq!(common::code(&output), 2);
    assert!(common::stderr(&output).contains("cannot read"));

    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("address").port().to_string();
    let output = common::wb(&["watch", "examples/chat.wb", "--port", &port], b"");
    assert_eq!(common::code(&output), 2);
    assert!(
        common::stderr(&output).contains("try another --port"),
        "{}",
        common::stderr(&output)
    );
}

#[test]
fn in_chromium_the_page_redraws_shows_errors_and_highlights_findings() {
    let _alone = HEAVY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    if !common::needs(
        "Chromium",
        Path::new(&chromium).exists(),
        "apt-get install chromium",
    ) {
        return;
    }
    let Some(mut command) = common::node_script("watch.mjs") else {
        return;
    };
    let sample =
        std::fs::read_to_string(common::root().join("examples/url-shortener.wb")).expect("sample");
    let (_folder, path) = common::temp_file("design.wb", &sample);
    let watching = watch(Path::new(&path));
    let output = command
        .arg(format!("http://{}/", watching.address))
        .arg(&path)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{printed}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for step in [
        "a new component appears",
        "an error replaces the picture",
        "the error disappears when the file is fixed",
        "clicking a finding highlights its component",
        "the picture fits the window",
        "buttons and ctrl + wheel zoom",
        "the title, tabs and last good picture stay, dimmed, behind the error",
        "the highlighted component is brought into view",
    ] {
        assert!(printed.contains(&format!("ok: {step}")), "{printed}");
    }
}

/// Sends `request` as written and returns the whole response.
fn raw(address: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connects");
    stream.write_all(request.as_bytes()).expect("sends");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("reads");
    response
}

fn sample() -> (tempfile::TempDir, String) {
    let sample =
        std::fs::read_to_string(common::root().join("examples/url-shortener.wb")).expect("sample");
    common::temp_file("design.wb", &sample)
}

#[test]
fn only_requests_to_its_own_host_and_origin_are_answered() {
    let (_folder, path) = sample();
    let watching = watch(Path::new(&path));
    let port = watching
        .address
        .rsplit(':')
        .next()
        .unwrap_or("0")
        .to_string();
    for host in [
        format!("evil.example:{port}"),
        "127.0.0.1:1".to_string(),
        String::new(),
    ] {
        let response = raw(
            &watching.address,
            &format!("GET /preview HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert!(response.starts_with("HTTP/1.1 403"), "{host}: {response}");
        assert!(
            !response.contains("URL Shortener"),
            "{host}: the design leaked"
        );
    }
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let response = raw(
            &watching.address,
            &format!("GET /preview HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        );
        assert!(response.starts_with("HTTP/1.1 200"), "{host}: {response}");
    }
    let foreign_origin = raw(
        &watching.address,
        &format!(
            "GET /preview HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(
        foreign_origin.starts_with("HTTP/1.1 403"),
        "{foreign_origin}"
    );
    let own_origin = raw(
        &watching.address,
        &format!(
            "GET /preview HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: http://localhost:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(own_origin.starts_with("HTTP/1.1 200"), "{own_origin}");
}

/// The threads of a process, from /proc (Linux).
fn threads(pid: u32) -> Option<usize> {
    std::fs::read_dir(format!("/proc/{pid}/task"))
        .ok()
        .map(Iterator::count)
}

#[test]
fn many_event_streams_neither_crash_the_server_nor_keep_their_threads() {
    let _alone = HEAVY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let (_folder, path) = sample();
    let watching = watch(Path::new(&path));
    let pid = watching.child.id();
    let Some(start) = threads(pid) else {
        return; // no /proc here
    };
    let mut streams: Vec<TcpStream> = (0..200)
        .map(|_| {
            let mut stream = TcpStream::connect(&watching.address).expect("connects");
            write!(
                stream,
                "GET /events HTTP/1.1\r\nHost: {}\r\n\r\n",
                watching.address
            )
            .expect("sends");
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        preview(&watching.address)["version"].as_u64().is_some(),
        "the preview still answers"
    );
    // Beyond the limit, streams are refused.
    // Each stream's status line, read in passes until all have answered.
    // A stream the system closed before it was answered (its backlog
    // overflowing under load) counts as closed: it holds no thread either.
    let mut heads: Vec<Vec<u8>> = vec![Vec::new(); streams.len()];
    let mut closed = vec![false; streams.len()];
    let deadline = Instant::now() + Duration::from_secs(20);
    let pending = |heads: &[Vec<u8>], closed: &[bool]| {
        heads.iter().zip(closed).any(|(h, c)| h.len() < 12 && !c)
    };
    while pending(&heads, &closed) && Instant::now() < deadline {
        for ((stream, head), gone) in streams.iter_mut().zip(&mut heads).zip(&mut closed) {
            if head.len() >= 12 || *gone {
                continue;
            }
            let _ = stream.set_read_timeout(Some(Duration::from_millis(10)));
            let mut byte = [0u8; 12];
            match stream.read(&mut byte[..12 - head.len()]) {
                Ok(0) => *gone = true,
                Ok(read) => head.extend_from_slice(byte.get(..read).unwrap_or_default()),
                Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => *gone = true,
                Err(_) => {}
            }
        }
    }
    let refused = heads
        .iter()
        .filter(|h| h.starts_with(b"HTTP/1.1 503"))
        .count();
    let served = heads
        .iter()
        .filter(|h| h.starts_with(b"HTTP/1.1 200"))
        .count();
    let dropped = closed.iter().filter(|c| **c).count();
    assert!(served <= 32, "{served} streams were served at once");
    assert!(
        refused > 0,
        "no stream was refused ({served} served, {dropped} closed)"
    );
    // Streams still waiting in the listener's queue when the flood ends are
    // neither: how many depends on the machine's load, not on the server.
    assert!(
        preview(&watching.address)["version"].as_u64().is_some(),
        "the preview answers after the flood ({served} served, {refused} refused, {dropped} closed)"
    );
    streams.clear();
    let deadline = Instant::now() + Duration::from_secs(30);
    while threads(pid).is_some_and(|n| n > start) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        threads(pid).is_some_and(|n| n <= start),
        "threads did not return to {start}: {:?}",
        threads(pid)
    );
}
