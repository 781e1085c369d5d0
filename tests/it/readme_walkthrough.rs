//! The README's curl walkthrough ("Working an item with curl"), run as
//! written: its fenced shell blocks are read from README.md, the setup lines
//! run once with the two substitutions a reader makes (the server's real
//! address for `http://127.0.0.1:7878`, this build for `cargo run --release
//! -q --`, the test's database through `CITYDESK_DB`), the stream line runs
//! in the background, and every other curl line runs in order with real
//! `curl`. Each answer must be a success and show what the line's `# → …`
//! comment says; the stream must have shown every event. When the README
//! drifts from the product, this fails.

use crate::spawned::{BIN, LIMIT, Served};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const README: &str = include_str!("../../README.md");
const HEADING: &str = "## Working an item with curl";
/// What the README tells the reader to run and where the server listens;
/// the test puts its own build and address in their place.
const CARGO_RUN: &str = "cargo run --release -q --";
const DEFAULT_URL: &str = "http://127.0.0.1:7878";

/// The section's text, up to the next heading of the same level.
fn section() -> &'static str {
    let start = README.find(HEADING).expect("README has the curl walkthrough");
    let rest = &README[start + HEADING.len()..];
    rest.find("\n## ").map_or(rest, |end| &rest[..end])
}

/// The logical lines of the section's ```sh blocks, in order, with `\`
/// continuations joined.
fn shell_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    let mut pending = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            inside = !inside && line.trim() == "```sh";
            continue;
        }
        if !inside || line.trim().is_empty() {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(head) => pending.push_str(head),
            None => {
                pending.push_str(line.trim_start());
                lines.push(std::mem::take(&mut pending));
            }
        }
    }
    lines
}

/// Splits a command from its trailing `# comment`, ignoring `#` in quotes.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let (mut single, mut double) = (false, false);
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '#' if !single && !double && prev.is_whitespace() => {
                return (line[..i].trim_end(), Some(line[i + 1..].trim()));
            }
            _ => {}
        }
        prev = c;
    }
    (line.trim_end(), None)
}

/// Runs the setup lines once, as one script, and returns the variables
/// they set (`TOKEN`, `H`, `U`).
fn setup(lines: &[String], db: &str, url: &str) -> BTreeMap<String, String> {
    let script = lines.join("\n");
    assert!(
        script.contains(CARGO_RUN) && script.contains(DEFAULT_URL),
        "the setup block no longer says `{CARGO_RUN}` and `{DEFAULT_URL}`; update this test with it:\n{script}"
    );
    let names: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_once('=').map(|(name, _)| name))
        .filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .collect();
    let script = script
        .replace(CARGO_RUN, &format!("'{BIN}'"))
        .replace(DEFAULT_URL, url);
    let print: Vec<String> = names.iter().map(|n| format!("printf '%s\\0' \"${n}\"")).collect();
    let out = Command::new("sh")
        .args(["-ec", &format!("{script}\n{}", print.join("\n"))])
        .env("CITYDESK_DB", db)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "setup failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let values = String::from_utf8(out.stdout).expect("utf-8");
    let vars: BTreeMap<String, String> = names
        .iter()
        .map(|n| n.to_string())
        .zip(values.split('\0').map(str::to_owned))
        .collect();
    assert!(
        vars.values().all(|v| !v.is_empty()),
        "setup left a variable empty: {vars:?}"
    );
    vars
}

/// The stream line, running in the background; its output so far.
struct Stream {
    child: Child,
    seen: Arc<Mutex<String>>,
}

impl Stream {
    fn start(line: &str, vars: &BTreeMap<String, String>) -> Stream {
        // `exec` so the child is curl itself and killing it ends the stream.
        let mut child = Command::new("sh")
            .args(["-c", &format!("exec {line}")])
            .envs(vars)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn the stream");
        let mut out = child.stdout.take().expect("stdout");
        let seen = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = out.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = sink.lock() {
                    s.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        Stream { child, seen }
    }

    /// Waits until the stream has shown every event of `history`.
    fn shows(&self, history: &[Value]) {
        let wanted: Vec<String> = history
            .iter()
            .map(|e| format!("id: {}\nevent: {}\n", e["seq"], e["type"].as_str().unwrap_or("?")))
            .collect();
        let deadline = Instant::now() + LIMIT;
        loop {
            let seen = self.seen.lock().map(|s| s.clone()).unwrap_or_default();
            if wanted.iter().all(|w| seen.contains(w.as_str())) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the stream did not show {wanted:?}; it showed:\n{seen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs one curl line with the setup's variables; the status and the JSON.
fn request(line: &str, vars: &BTreeMap<String, String>) -> (u16, Value) {
    let rest = line.strip_prefix("curl ").expect("a curl line");
    let out = Command::new("sh")
        .args(["-c", &format!("curl -w '\\n%{{http_code}}' {rest}")])
        .envs(vars)
        .output()
        .expect("sh runs");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let (body, code) = text.rsplit_once('\n').unwrap_or(("", &text));
    let code: u16 = code.trim().parse().unwrap_or(0);
    let json = serde_json::from_str(body)
        .unwrap_or_else(|e| panic!("{line}\nanswered {code}, not JSON ({e}): {body}"));
    (code, json)
}

/// Checks `answer` against a line's `→` comment: comma-separated parts,
/// each `EVENT vN [by ACTOR]`, `status S`, or `the item and its full history`.
fn check(line: &str, claim: &str, answer: &Value) {
    let item = &answer["item"];
    let events = answer["events"].as_array().cloned().unwrap_or_default();
    let mut listed = 0;
    for part in claim.split(',').map(str::trim) {
        let words: Vec<&str> = part.split_whitespace().collect();
        match words.as_slice() {
            ["status", status] => assert_eq!(item["status"], *status, "{line}: {answer}"),
            ["the", "item", "and", "its", "full", "history"] => {
                let versions: Vec<u64> = answer["history"]
                    .as_array()
                    .expect("a history")
                    .iter()
                    .filter_map(|e| e["version"].as_u64())
                    .collect();
                let last = item["version"].as_u64().expect("a version");
                assert_eq!(versions, (1..=last).collect::<Vec<_>>(), "{line}: {answer}");
            }
            [kind, version, rest @ ..] if version.starts_with('v') => {
                let v: u64 = version[1..]
                    .parse()
                    .unwrap_or_else(|_| panic!("{line}: bad version in {part:?}"));
                let actor = match rest {
                    [] => None,
                    ["by", actor] => Some(*actor),
                    _ => panic!("{line}: cannot read {part:?}"),
                };
                let found = events.iter().any(|e| {
                    e["type"] == *kind && e["version"] == v && actor.is_none_or(|a| e["actor"] == a)
                });
                assert!(found, "{line}: no event {part:?} in {answer}");
                assert!(item["version"].as_u64() >= Some(v), "{line}: {answer}");
                listed += 1;
            }
            _ => panic!("{line}: cannot read {part:?} in the README's comment"),
        }
    }
    if listed > 0 {
        assert_eq!(
            listed,
            events.len(),
            "{line}: the comment names {listed} events, the answer has {answer}"
        );
        let last = events.iter().filter_map(|e| e["version"].as_u64()).max();
        assert_eq!(item["version"].as_u64(), last, "{line}: {answer}");
    }
}

#[tokio::test]
async fn the_readme_curl_walkthrough_runs_as_written() {
    assert!(
        Command::new("curl")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "curl is needed (.ci/run installs it)"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let db = format!("sqlite:{}", dir.path().join("city.db").display());
    let server = Served::start(&db);
    server.ready().await;

    let lines = shell_lines(section());
    let (curls, setup_lines): (Vec<String>, Vec<String>) =
        lines.into_iter().partition(|l| l.starts_with("curl "));
    let vars = setup(&setup_lines, &db, &server.url());
    let (streams, requests): (Vec<String>, Vec<String>) =
        curls.into_iter().partition(|l| l.contains("/v1/stream"));
    assert_eq!(streams.len(), 1, "one stream line in the walkthrough");
    assert!(
        requests.len() >= 3,
        "the walkthrough lost its requests: {requests:?}"
    );
    let stream = Stream::start(&streams[0], &vars);

    let mut last = Value::Null;
    for line in &requests {
        let (command, comment) = split_comment(line);
        let claim = comment.and_then(|c| c.strip_prefix('→')).unwrap_or_else(|| {
            panic!("every request in the walkthrough says what it shows (`# → …`): {line}")
        });
        let (code, answer) = request(command, &vars);
        assert!((200..300).contains(&code), "{line}\nanswered {code}: {answer}");
        check(line, claim.trim(), &answer);
        last = answer;
    }
    let history = last["history"]
        .as_array()
        .cloned()
        .expect("the walkthrough ends by reading the item");
    assert!(
        history.iter().any(|e| e["actor"] == "system"),
        "the walkthrough shows the server's own step"
    );
    stream.shows(&history);
}

#[test]
fn comments_in_quotes_are_not_comments() {
    let (cmd, comment) = split_comment(r##"curl -d '{"a":" #1"}'  # → created v1"##);
    assert_eq!(cmd, r##"curl -d '{"a":" #1"}'"##);
    assert_eq!(comment, Some("→ created v1"));
    assert_eq!(split_comment("curl x"), ("curl x", None));
}
