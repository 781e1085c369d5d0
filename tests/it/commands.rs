//! Subcommands as a user runs them: `operator list` and `operator revoke`
//! over a database a server is using, and the console refusing to start
//! without a token it can use (exit code 1 and a message that says why).

use crate::common::TestServer;
use crate::spawned::BIN;
use citydesk::client::Client;
use citydesk::server::ServerConfig;
use reqwest::StatusCode;
use std::process::Output;
use std::time::{Duration, Instant};
use tokio::process::Command;

/// Runs `citydesk ARGS` without blocking the runtime the test server uses.
async fn citydesk(args: &[&str], env: &[(&str, &str)]) -> Output {
    let config = tempfile::tempdir().expect("config dir");
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env_remove("CITYDESK_TOKEN")
        .env("XDG_CONFIG_HOME", config.path())
        .env("HOME", config.path());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().await.expect("run citydesk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `operator list`'s row for `login`, split into columns.
async fn listed(db: &str, login: &str) -> Vec<String> {
    let out = citydesk(&["operator", "list", "--db", db], &[]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let row = stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(login))
        .unwrap_or_else(|| panic!("{login} not listed:\n{stdout}"));
    row.split_whitespace().map(str::to_owned).collect()
}

#[tokio::test]
async fn operator_list_and_revoke_work_on_the_database_a_server_uses() {
    let dir = tempfile::tempdir().expect("dir");
    let db = format!("sqlite:{}", dir.path().join("test.db").display());
    let add = |login: &'static str, extra: &'static [&'static str]| {
        let db = db.clone();
        async move {
            let mut args = vec!["operator", "add", login, "--db", &db];
            args.extend_from_slice(extra);
            let out = citydesk(&args, &[]).await;
            assert!(out.status.success(), "{}", text(&out.stderr));
            text(&out.stdout).trim().to_owned()
        }
    };
    let token = add("wangfang", &["--role", "dispatcher", "--name", "王芳"]).await;
    add("water_desk", &["--role", "unit", "--department", "water"]).await;
    assert_eq!(
        listed(&db, "wangfang").await,
        ["wangfang", "dispatcher", "-", "active", "never", "never", "王芳"]
    );
    assert_eq!(
        listed(&db, "water_desk").await,
        [
            "water_desk",
            "unit",
            "water",
            "active",
            "never",
            "never",
            "water_desk"
        ]
    );

    let server = TestServer::start_in(dir, ServerConfig::default()).await;
    let desk = Client::new(&server.url(), Some(token)).expect("client");
    desk.me().await.expect("the new token works");

    let out = citydesk(&["operator", "revoke", "wangfang", "--db", &db], &[]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("revoked wangfang"));
    assert_eq!(listed(&db, "wangfang").await[3], "revoked");
    assert_eq!(listed(&db, "water_desk").await[3], "active");
    // The running server stops taking the token within the 2 s promised.
    let promise = Instant::now() + Duration::from_secs(2);
    loop {
        let sent = Instant::now();
        match desk.me().await {
            Err(e) if e.status() == Some(StatusCode::UNAUTHORIZED) => break,
            other => assert!(sent < promise, "still accepted after 2 s: {other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let again = citydesk(&["operator", "revoke", "wangfang", "--db", &db], &[]).await;
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again.stderr).contains("no active operator"),
        "{}",
        text(&again.stderr)
    );
}

#[tokio::test]
async fn the_console_exits_1_without_a_token_and_with_a_refused_one() {
    let server = TestServer::start().await;
    let url = server.url();

    let out = citydesk(&["console", "--server", &url], &[]).await;
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("no token"), "{}", text(&out.stderr));

    let out = citydesk(
        &["console", "--server", &url],
        &[("CITYDESK_TOKEN", "cdk_not_a_real_token")],
    )
    .await;
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("refused the token"),
        "{}",
        text(&out.stderr)
    );
}
