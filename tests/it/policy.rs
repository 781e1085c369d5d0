//! The policy file end to end: the shipped one loads, `policy check`
//! prints it, a broken one stops `serve` naming file and line before it
//! listens, and a server counts clocks on the loaded policy's calendar.

use crate::common::{TestServer, ticket};
use citydesk::data::{self, DataError};
use citydesk::model::{ClockKey, Kind, Limit, Priority, Role, Stage};
use citydesk::server::ServerConfig;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

/// Every kind × priority × stage at 2 working hours, on a calendar of
/// 09:00–17:00 with no weekend: a clock's span depends on the hour.
const TWO_WORKING_HOURS: &str = r#"[calendar]
utc_offset = "+08:00"
hours = ["09:00-17:00"]
weekend = []

[[limits]]
accept = "2wh"
dispatch = "2wh"
sign = "2wh"
resolve = "2wh"
verify = "2wh"
"#;

fn write(dir: &std::path::Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write policy");
    path
}

#[test]
fn the_shipped_policy_loads_against_the_built_in_city() {
    let city = data::embedded().expect("city");
    let policy = data::policy::load(None, &city).expect("built-in policy");
    assert_eq!(policy, data::default_policy());
    let key = ClockKey {
        kind: Kind::Ticket,
        category: "H08",
        priority: Priority::P3,
        stage: Stage::Resolve,
    };
    assert_eq!(policy.limit(&key), Limit::WorkingDays(5));
}

#[test]
fn a_category_typo_is_an_error_naming_file_and_line() {
    let dir = tempfile::tempdir().expect("dir");
    let text = format!("{TWO_WORKING_HOURS}\n[[limits]]\ncategory = \"C1\"\nresolve = \"6h\"\n");
    let path = write(dir.path(), "policy.toml", &text);
    let city = data::embedded().expect("city");
    match data::policy::load(Some(&path), &city) {
        Err(DataError::Invalid { file, line, message }) => {
            assert_eq!(file, path.display().to_string());
            assert_eq!(line, 14);
            assert!(message.contains("unknown category \"C1\""), "{message}");
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

#[test]
fn policy_check_prints_the_effective_limits() {
    let out = Command::new(BIN).args(["policy", "check"]).output().expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("(built-in) data/policy.toml: ok"), "{text}");
    assert!(text.contains("UTC+08:00"), "{text}");
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("ticket P3"))
        .expect("ticket P3 row");
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["ticket", "P3", "30m", "30m", "1wd", "5wd", "1wd"]
    );
    assert!(text.contains("route:misconduct"), "{text}");
}

#[test]
fn a_broken_policy_file_stops_serve_before_it_listens() {
    let dir = tempfile::tempdir().expect("dir");
    let bad = write(
        dir.path(),
        "bad.toml",
        &TWO_WORKING_HOURS.replace("sign = \"2wh\"", "sign = \"2 hours\""),
    );
    let db = dir.path().join("citydesk.db");
    let serve = |via_env: bool| {
        let mut cmd = Command::new(BIN);
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(format!("sqlite:{}", db.display()))
            .env_remove("CITYDESK_POLICY");
        if via_env {
            cmd.env("CITYDESK_POLICY", &bad);
        } else {
            cmd.arg("--policy").arg(&bad);
        }
        cmd.output().expect("run")
    };
    for via_env in [false, true] {
        let out = serve(via_env);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "serve ran with a broken policy");
        assert!(
            stderr.contains(&format!("{}:9: sign:", bad.display())),
            "{stderr}"
        );
        assert!(
            !db.exists(),
            "the database was opened before the policy was checked"
        );
    }
}

#[tokio::test]
async fn a_server_counts_clocks_on_the_loaded_policy_calendar() {
    let dir = tempfile::tempdir().expect("dir");
    let path = write(dir.path(), "policy.toml", TWO_WORKING_HOURS);
    let city = data::embedded().expect("city");
    let policy = data::policy::load(Some(&path), &city).expect("policy");
    let server = TestServer::start_with(ServerConfig {
        policy: policy.clone(),
        ..ServerConfig::default()
    })
    .await;
    let client = server.client("wangfang", Role::Agent).await;
    let item = client
        .create(&ticket("暖气不热"), None)
        .await
        .expect("create")
        .item
        .item;
    let clock = item.clock.expect("a new ticket's clock runs");
    assert_eq!(clock.stage, Stage::Accept);
    let want = policy.add(clock.started_at, Limit::WorkingHours(time::Duration::hours(2)));
    assert_eq!(clock.due_at, want);
    assert!(clock.due_at - clock.started_at >= time::Duration::hours(2));
}

/// `policy check --lang zh-CN` reads in Chinese: the calendar, the tables'
/// heads and the rules, with codes and limits as the file writes them.
#[test]
fn policy_check_speaks_chinese_when_asked() {
    let out = Command::new(BIN)
        .args(["policy", "check", "--lang", "zh-CN"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("（内置）data/policy.toml：有效"), "{text}");
    assert!(text.contains("周末 周六 周日"), "{text}");
    for english in [
        "calendar",
        "limits by",
        "overrides",
        "ladder",
        "storm",
        "routes",
        "suggestions",
        "weekend",
        "ticket P3",
    ] {
        assert!(!text.contains(english), "{english:?} in:\n{text}");
    }
    let row = text
        .lines()
        .find(|l| l.trim_start().starts_with("工单 P3"))
        .expect("工单 P3 row");
    assert_eq!(
        row.split_whitespace().collect::<Vec<_>>(),
        ["工单", "P3", "30m", "30m", "1wd", "5wd", "1wd"]
    );
}
