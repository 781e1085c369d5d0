//! The audit log: first use of a token, refused requests with route and
//! reason, revocations and role changes, reads of a caller's history; only
//! admins read it, through `GET /v1/audit` and `citydesk audit`.

use crate::common::*;
use citydesk::client::Client;
use citydesk::model::Role;
use citydesk::model::audit::{AuditEntry, AuditKind};
use reqwest::StatusCode;
use std::process::Stdio;

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

/// Every row, read page by page two at a time.
async fn all_rows(admin: &Client) -> Vec<AuditEntry> {
    let mut rows = Vec::new();
    let mut after = 0;
    loop {
        let page = admin.audit(after, 2).await.expect("audit");
        assert!(page.entries.len() <= 2, "a page holds at most its limit");
        rows.extend(page.entries);
        match page.next {
            Some(next) => after = next,
            None => return rows,
        }
    }
}

fn find<'a>(rows: &'a [AuditEntry], kind: AuditKind, login: Option<&str>) -> Vec<&'a AuditEntry> {
    rows.iter()
        .filter(|r| r.kind == kind && r.login.as_deref() == login)
        .collect()
}

#[tokio::test]
async fn refusals_revocations_role_changes_and_caller_reads_are_in_the_audit_log() {
    let server = TestServer::start().await;
    let admin = server.client("root", Role::Admin).await;
    let agent = server.client("wangfang", Role::Agent).await;
    let viewer = server.client("wall", Role::Viewer).await;
    let anonymous = Client::new(&server.url(), None).expect("client");

    let err = anonymous.snapshot(&Default::default()).await.expect_err("401");
    assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED));
    let err = viewer.create(&ticket("x"), None).await.expect_err("403");
    assert_eq!(err.status(), Some(StatusCode::FORBIDDEN));
    agent.caller_history("13800001234").await.expect("history");
    assert!(server.store.revoke_operator("wall").await.expect("revoke"));
    assert!(
        server
            .store
            .set_role("wangfang", Role::Supervisor, None, "test")
            .await
            .expect("role")
    );
    // Not an admin: refused, and that refusal is itself recorded.
    let boss = server.client("boss", Role::Supervisor).await;
    let err = boss.audit(0, 10).await.expect_err("admins only");
    assert_eq!(err.status(), Some(StatusCode::FORBIDDEN));

    let rows = all_rows(&admin).await;
    assert!(
        rows.windows(2).all(|w| w[0].id < w[1].id),
        "oldest first, no repeats"
    );

    let unauthorized = find(&rows, AuditKind::Refused, None);
    assert_eq!(unauthorized.len(), 1, "{rows:#?}");
    assert_eq!(
        (unauthorized[0].status, unauthorized[0].route.as_deref()),
        (Some(401), Some("GET /v1/snapshot"))
    );
    assert!(
        unauthorized[0].detail.contains("Authorization"),
        "{}",
        unauthorized[0].detail
    );
    let forbidden = find(&rows, AuditKind::Refused, Some("wall"));
    assert_eq!(
        (forbidden[0].status, forbidden[0].route.as_deref()),
        (Some(403), Some("POST /v1/items"))
    );
    let boss_refused = find(&rows, AuditKind::Refused, Some("boss"));
    assert_eq!(boss_refused[0].route.as_deref(), Some("GET /v1/audit"));

    let read = find(&rows, AuditKind::CallerRead, Some("wangfang"));
    assert_eq!(read.len(), 1);
    assert!(read[0].detail.contains("138****1234"), "{}", read[0].detail);
    assert!(
        !read[0].detail.contains("13800001234"),
        "the log masks the number"
    );

    assert_eq!(find(&rows, AuditKind::Revoked, Some("wall")).len(), 1);
    let changed = find(&rows, AuditKind::RoleChanged, Some("wangfang"));
    assert!(
        changed[0].detail.contains("from agent to supervisor"),
        "{}",
        changed[0].detail
    );
    for login in ["root", "wangfang", "wall", "boss"] {
        assert_eq!(find(&rows, AuditKind::FirstUse, Some(login)).len(), 1, "{login}");
    }
    // Using a token again is not a first use.
    agent.me().await.expect("me");
    let again = all_rows(&admin).await;
    assert_eq!(find(&again, AuditKind::FirstUse, Some("wangfang")).len(), 1);
}

#[tokio::test]
async fn citydesk_audit_prints_the_log_for_an_admin_and_refuses_others() {
    let server = TestServer::start().await;
    let admin = server.client("root", Role::Admin).await;
    let agent = server.client("wangfang", Role::Agent).await;
    assert!(server.store.revoke_operator("wangfang").await.expect("revoke"));
    let run = |token: &str| {
        tokio::process::Command::new(BIN)
            .args(["audit", "--server", &server.url()])
            .env("CITYDESK_TOKEN", token)
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output()
    };
    let out = run(admin.token().expect("token")).await.expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let revoked: Vec<&str> = text.lines().filter(|l| l.contains("revoked")).collect();
    assert_eq!(revoked.len(), 1, "{text}");
    assert!(revoked[0].contains("wangfang"), "{text}");
    let boss = server.client("boss", Role::Supervisor).await;
    let out = run(boss.token().expect("token")).await.expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("403"), "{:?}", out);
    drop(agent);
}
