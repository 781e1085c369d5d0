//! Tokens' lifetimes, as an admin and a client meet them: a token added
//! with `--expires` stops with a 401 that says it expired; `operator
//! rotate` prints a new token and the old one works through the grace and
//! not after; `operator list` shows the last use; `sim` and `tail` take no
//! token on the command line.

use crate::spawned::{BIN, LIMIT, Served, operator, wait_healthy};
use citydesk::client::Client;
use reqwest::StatusCode;
use std::process::Output;
use std::time::{Duration, Instant};
use tokio::process::Command;

async fn citydesk(args: &[&str]) -> Output {
    let home = tempfile::tempdir().expect("home");
    Command::new(BIN)
        .args(args)
        .env_remove("CITYDESK_TOKEN")
        .env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path())
        .output()
        .await
        .expect("run citydesk")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh database with a server on it.
async fn served() -> (tempfile::TempDir, String, Served) {
    let dir = tempfile::tempdir().expect("dir");
    let db = format!("sqlite:{}", dir.path().join("tokens.db").display());
    operator(&db, "root", "admin");
    let served = Served::start(&db);
    wait_healthy(&served.url()).await;
    (dir, db, served)
}

async fn add(db: &str, login: &str, extra: &[&str]) -> String {
    let mut args = vec!["operator", "add", login, "--role", "agent", "--db", db];
    args.extend_from_slice(extra);
    let out = citydesk(&args).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout).trim().to_owned()
}

/// The 401's message, or a panic if the token was taken.
async fn refused(url: &str, token: &str) -> String {
    let err = Client::new(url, Some(token.to_owned()))
        .expect("client")
        .me()
        .await
        .expect_err("refused");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED), "{err}");
    err.to_string()
}

async fn works(url: &str, token: &str) -> bool {
    Client::new(url, Some(token.to_owned()))
        .expect("client")
        .me()
        .await
        .is_ok()
}

#[tokio::test]
async fn an_expired_token_gets_a_401_that_says_it_expired() {
    let (_dir, db, served) = served().await;
    let url = served.url();
    let short = add(&db, "temp", &["--expires", "1s"]).await;
    let long = add(&db, "seasonal", &["--expires", "90d"]).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let message = refused(&url, &short).await;
    assert!(message.contains("expired"), "says it expired: {message}");
    assert!(
        message.contains("operator rotate temp"),
        "says what to do: {message}"
    );
    assert!(works(&url, &long).await, "a token with 90 days left works");

    let out = citydesk(&["operator", "list", "--db", &db]).await;
    let list = text(&out.stdout);
    let row = list
        .lines()
        .find(|l| l.starts_with("temp "))
        .expect("temp listed");
    assert!(row.contains(" expired "), "{list}");
}

#[tokio::test]
async fn a_rotated_token_works_through_its_grace_and_not_after() {
    let (_dir, db, served) = served().await;
    let url = served.url();
    let old = add(&db, "wangfang", &[]).await;
    assert!(works(&url, &old).await);

    let out = citydesk(&["operator", "rotate", "wangfang", "--grace", "4s", "--db", &db]).await;
    assert!(out.status.success(), "{}", text(&out.stderr));
    let rotated = Instant::now();
    let new = text(&out.stdout).trim().to_owned();
    assert!(
        new.starts_with("cdk_") && new != old,
        "a new token is printed: {new:?}"
    );
    assert!(
        text(&out.stderr).contains("the old token works until"),
        "{}",
        text(&out.stderr)
    );

    assert!(works(&url, &new).await, "the new token works at once");
    assert!(works(&url, &old).await, "the old one works within the grace");
    assert!(
        rotated.elapsed() < Duration::from_secs(4),
        "checked within the grace"
    );

    tokio::time::sleep(Duration::from_secs(4).saturating_sub(rotated.elapsed()) + Duration::from_millis(300))
        .await;
    let message = refused(&url, &old).await;
    assert!(message.contains("replaced by a rotation"), "{message}");
    assert!(works(&url, &new).await, "the new token still works");

    let unknown = citydesk(&["operator", "rotate", "nobody", "--db", &db]).await;
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown.stderr).contains("no active operator"),
        "{}",
        text(&unknown.stderr)
    );
}

#[tokio::test]
async fn operator_list_shows_the_last_use() {
    let (_dir, db, served) = served().await;
    let token = add(&db, "lina", &[]).await;
    let last_used = |db: String| async move {
        let out = citydesk(&["operator", "list", "--db", &db]).await;
        let list = text(&out.stdout);
        assert!(list.starts_with("LOGIN"), "a header names the columns: {list}");
        let row = list
            .lines()
            .find(|l| l.starts_with("lina "))
            .expect("lina listed")
            .to_owned();
        row.split_whitespace()
            .nth(5)
            .expect("last-used column")
            .to_owned()
    };
    assert_eq!(last_used(db.clone()).await, "never");
    assert!(works(&served.url(), &token).await);
    // The use is written off the request's path: wait for it.
    let deadline = Instant::now() + LIMIT;
    loop {
        let used = last_used(db.clone()).await;
        if used != "never" {
            let today = time::OffsetDateTime::now_utc().date().to_string();
            assert!(used.starts_with(&today), "a time of today: {used}");
            break;
        }
        assert!(Instant::now() < deadline, "last use never recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn sim_tail_call_and_suggest_take_no_token_on_the_command_line() {
    for (command, run) in [
        ("tail", "--no-follow"),
        ("sim", "--items=1"),
        ("call", "13800001234 --operator lina"),
        ("suggest", "井盖 --server http://127.0.0.1:9"),
    ] {
        let mut args = vec![command];
        args.extend(run.split(' '));
        let out = citydesk(&[args.as_slice(), &["--token", "cdk_visible_in_ps"]].concat()).await;
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(stderr.contains("--token"), "{command} names the flag: {stderr}");
        // Without any token they say where one comes from.
        let out = citydesk(&args).await;
        let stderr = text(&out.stderr);
        assert!(stderr.contains("CITYDESK_TOKEN"), "{command}: {stderr}");
    }
}
