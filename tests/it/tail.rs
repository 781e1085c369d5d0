//! `citydesk tail`, run as the real binary: JSON lines are exactly the
//! log's events in order; `--no-follow` stops after the backlog; the
//! escalations queue filters; a reset is said and tail goes on from the
//! server's seq; a restarted server is resumed without a gap or a repeat.

use crate::common::{TestServer, act, new_ticket};
use citydesk::model::{Action, Role, Supervision};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

fn tail(url: &str, token: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.arg("tail")
        .args(["--server", url])
        .args(args)
        .env("CITYDESK_TOKEN", token)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    cmd
}

/// Every event of the log, as the stream's JSON.
async fn log(server: &TestServer) -> Vec<String> {
    let events = server.store.events_after(0, 100_000).await.expect("events");
    events.iter().map(|p| p.json.clone()).collect()
}

async fn token(server: &TestServer, login: &str) -> String {
    let client = server.client(login, Role::Viewer).await;
    client.token().expect("token").to_owned()
}

/// A few tickets worked a little, one escalated, one returned three times.
async fn busy_day(server: &TestServer) {
    let boss = server.client("boss", Role::Supervisor).await;
    for n in 0..4 {
        let t = new_ticket(&boss, &format!("供热不热 太和区 {n}")).await;
        act(&boss, &t, Action::Accept {}).await;
    }
    let hot = new_ticket(&boss, "燃气泄漏 古塔区").await;
    let hot = act(
        &boss,
        &hot,
        Action::Escalate {
            reason: "紧急".into(),
        },
    )
    .await;
    act(
        &boss,
        &hot,
        Action::Supervise {
            level: Supervision::Red,
        },
    )
    .await;
    let mut bounced = act(&boss, &new_ticket(&boss, "路灯不亮").await, Action::Accept {}).await;
    for dept in ["water", "gas", "power"] {
        let d = act(
            &boss,
            &bounced,
            Action::Dispatch {
                department: dept.into(),
            },
        )
        .await;
        bounced = act(
            &boss,
            &d,
            Action::Return {
                reason: "非本单位职责".into(),
            },
        )
        .await;
    }
}

#[tokio::test]
async fn json_no_follow_prints_exactly_the_logged_events_in_order() {
    let server = TestServer::start().await;
    busy_day(&server).await;
    let token = token(&server, "watcher").await;
    let out = tail(&server.url(), &token, &["--format", "json", "--no-follow"])
        .output()
        .await
        .expect("run tail");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines, log(&server).await);
}

#[tokio::test]
async fn since_skips_what_came_before_and_no_follow_exits_at_the_head() {
    let server = TestServer::start().await;
    busy_day(&server).await;
    let token = token(&server, "watcher").await;
    let out = tail(
        &server.url(),
        &token,
        &["--format", "json", "--no-follow", "--since", "10"],
    )
    .output()
    .await
    .expect("run tail");
    assert!(out.status.success());
    let lines: Vec<String> = String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(lines, log(&server).await[10..]);
}

#[tokio::test]
async fn escalations_queue_shows_tier_cards_and_returns_beyond_the_limit() {
    let server = TestServer::start().await;
    busy_day(&server).await;
    let token = token(&server, "watcher").await;
    let out = tail(&server.url(), &token, &["--queue", "escalations", "--no-follow"])
        .output()
        .await
        .expect("run tail");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let events: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().nth(3).unwrap_or_default())
        .collect();
    // The third return also makes the server escalate by itself.
    assert_eq!(
        events,
        ["escalated", "supervised", "returned", "escalated"],
        "{text}"
    );
    assert!(text.contains("return #3 by "), "{text}");
    let system = text.lines().last().unwrap_or_default();
    assert!(
        system.contains("system") && system.contains("returned 3 times"),
        "{text}"
    );
}

#[tokio::test]
async fn text_lines_align_their_columns_by_display_width() {
    let server = TestServer::start().await;
    busy_day(&server).await;
    let token = token(&server, "watcher").await;
    let out = tail(&server.url(), &token, &["--no-follow"])
        .output()
        .await
        .expect("run tail");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!text.contains('\x1b'), "no colour when not a terminal");
    // time, seq, id, event, actor: 9 + 7 + 9 + 12 + 14 columns, each
    // followed by two spaces, then the summary.
    for line in text.lines() {
        let (head, summary) = line.split_at(61);
        assert!(head.ends_with("  ") && !summary.starts_with(' '), "{line:?}");
    }
    assert!(text.lines().count() > 10);
}

/// `--lang zh-CN`: events named in Chinese words, summaries in Chinese,
/// and the columns still line up, by display width (a Chinese character
/// takes two cells).
#[tokio::test]
async fn chinese_lines_name_events_in_words_and_align_by_display_width() {
    use unicode_width::UnicodeWidthChar;
    let server = TestServer::start().await;
    busy_day(&server).await;
    let token = token(&server, "watcher").await;
    let out = tail(&server.url(), &token, &["--no-follow", "--lang", "zh-CN"])
        .output()
        .await
        .expect("run tail");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    for line in text.lines() {
        let mut width = 0;
        let at = line
            .char_indices()
            .find(|(_, c)| {
                let before = width;
                width += c.width().unwrap_or(0);
                before >= 61
            })
            .map_or(line.len(), |(i, _)| i);
        let (head, summary) = line.split_at(at);
        assert!(head.ends_with("  ") && !summary.starts_with(' '), "{line:?}");
    }
    assert!(text.contains(" 升级 ") && text.contains("第 3 次退单"), "{text}");
    assert!(!text.contains("escalated") && !text.contains(" by "), "{text}");
}

#[tokio::test]
async fn a_bad_token_exits_with_3_and_a_missing_server_with_1() {
    let server = TestServer::start().await;
    let out = tail(&server.url(), "not-a-token", &["--no-follow"])
        .output()
        .await
        .expect("run tail");
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = tail("not a url", "t", &["--no-follow"])
        .output()
        .await
        .expect("run tail");
    assert_eq!(out.status.code(), Some(2));
    let out = tail("http://127.0.0.1:1", "t", &["--no-follow"])
        .output()
        .await
        .expect("run tail");
    assert_eq!(out.status.code(), Some(1));
}

#[tokio::test]
async fn a_reset_is_said_on_stderr_and_tail_goes_on_after_the_servers_seq() {
    let server = TestServer::start().await;
    busy_day(&server).await;
    let head = log(&server).await.len();
    let token = token(&server, "watcher").await;
    let mut child = tail(&server.url(), &token, &["--format", "json", "--since", "1000000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tail");
    let mut out = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let mut err = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let said = tokio::time::timeout(Duration::from_secs(20), err.next_line())
        .await
        .expect("a reset in time")
        .expect("read")
        .expect("tail still running");
    assert!(
        said.contains("the server reset the stream after seq 1000000"),
        "{said}"
    );
    assert!(said.contains(&format!("continuing from seq {head}")), "{said}");

    let agent = server.client("agent", Role::Supervisor).await;
    new_ticket(&agent, "井盖缺失 凌河区").await;
    let line = tokio::time::timeout(Duration::from_secs(20), out.next_line())
        .await
        .expect("a line in time")
        .expect("read")
        .expect("tail still running");
    let event: serde_json::Value = serde_json::from_str(&line).expect("json line");
    assert_eq!(event["seq"].as_u64(), Some(head as u64 + 1), "{line}");
}

#[tokio::test]
async fn tail_prints_titles_without_bidi_overrides_or_controls() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let hostile = "停水\u{202E}txet desrever\u{202C}\u{1b}[2J\u{7}\u{2066}end\u{2069}\u{200F}";
    new_ticket(&desk, hostile).await;
    let token = token(&server, "watcher").await;
    let out = tail(&server.url(), &token, &["--no-follow"])
        .output()
        .await
        .expect("run tail");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(text.contains("停水txet desrever [2J end"), "{text:?}");
    let bad = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}')
    };
    assert!(!text.chars().any(bad), "{text:?}");
}

#[tokio::test]
async fn an_item_from_a_standard_is_marked_with_its_source_on_its_created_line() {
    let server = TestServer::start().await;
    let feed = server.client("prom", Role::Feed).await;
    let alert = serde_json::json!({
        "version": "4", "status": "firing", "receiver": "citydesk",
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "WaterLevelHigh", "severity": "warning"},
            "annotations": {"summary": "小凌河水位偏高"},
            "fingerprint": "fp-tail"
        }]
    });
    let resp = crate::common::http()
        .post(format!("{}/v1/ingest/alertmanager", server.url()))
        .bearer_auth(feed.token().expect("token"))
        .json(&alert)
        .send()
        .await
        .expect("post");
    assert_eq!(
        resp.status().as_u16(),
        200,
        "{}",
        resp.text().await.unwrap_or_default()
    );
    let desk = server.client("d", Role::Dispatcher).await;
    new_ticket(&desk, "路灯不亮").await;
    let token = token(&server, "watcher").await;
    let out = tail(&server.url(), &token, &["--no-follow"])
        .output()
        .await
        .expect("run tail");
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let created: Vec<&str> = text.lines().filter(|l| l.contains("created")).collect();
    assert_eq!(created.len(), 2, "{text}");
    assert!(
        created[0].contains("ALR-")
            && created[0].contains("  [am] alert")
            && created[0].contains("小凌河水位偏高"),
        "{text}"
    );
    assert!(!created[1].contains('['), "our own ticket has no mark: {text}");
}
