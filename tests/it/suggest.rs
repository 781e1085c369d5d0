//! `GET /v1/suggest` on a real server: keywords from the shipped data at
//! once, and what closed items teach, both as they close and after a
//! restart (the server learns from the stored items at start).

use crate::common::{TestServer, act, ticket};
use citydesk::api::{SuggestParams, SuggestResponse};
use citydesk::client::Client;
use citydesk::model::{Action, CreateItem, Role};

fn ask(text: &str) -> SuggestParams {
    SuggestParams {
        text: text.into(),
        on: Some("2026-12-01".into()),
        limit: None,
    }
}

async fn suggest(client: &Client, text: &str) -> SuggestResponse {
    client.suggest(&ask(text)).await.expect("suggest")
}

/// A ticket about a missing cover, filed as `C02` and answered (closed).
async fn close_cover_ticket(agent: &Client, n: usize) {
    let create = CreateItem {
        category: "C02".into(),
        description: format!("{n}号楼前面井盖没了，晚上看不见"),
        ..ticket("井盖")
    };
    let item = agent.create(&create, None).await.expect("create").item.item;
    act(
        agent,
        &item,
        Action::Answer {
            answer: "已转排水公司".into(),
            entry: None,
        },
    )
    .await;
}

#[tokio::test]
async fn suggestions_explain_keywords_and_learn_from_closed_items() {
    let server = TestServer::start().await;
    let agent = server.client("agent", Role::Agent).await;
    let viewer = server.client("viewer", Role::Viewer).await;

    let heat = suggest(&viewer, "家里暖气不热，请问今年供暖时间").await;
    assert_eq!(heat.categories[0].code, "H01");
    assert!(
        heat.categories[0].reasons.contains(&"keyword: 暖气".to_owned()),
        "{heat:?}"
    );
    assert_eq!(
        heat.knowledge[0].id, "KB006",
        "the heating-season entry, valid on the day"
    );
    assert!(heat.knowledge[0].example);
    assert_eq!(heat.learned_items, 0);

    // No keyword knows a bare 井盖: nothing to suggest until items close.
    let before = suggest(&agent, "小区门口井盖没了").await;
    assert!(before.categories.is_empty(), "{before:?}");
    for n in 1..=4 {
        close_cover_ticket(&agent, n).await;
    }
    let after = suggest(&agent, "小区门口井盖没了").await;
    assert_eq!(after.learned_items, 4);
    assert_eq!(after.categories[0].code, "C02");
    assert!(
        after.categories[0]
            .reasons
            .contains(&"learned: 井盖 (4 closed items)".to_owned()),
        "{after:?}"
    );

    // A restart learns the same from the stored items.
    let dir = server.stop().await;
    let server = TestServer::start_in(dir, Default::default()).await;
    let agent = server.client("agent2", Role::Agent).await;
    let again = suggest(&agent, "小区门口井盖没了").await;
    assert_eq!(again.learned_items, 4);
    assert_eq!(again.categories[0].code, "C02");
}

#[tokio::test]
async fn suggest_refuses_bad_queries_and_strangers() {
    let server = TestServer::start().await;
    let agent = server.client("agent", Role::Agent).await;
    let long = ask(&"暖".repeat(citydesk::api::MAX_SUGGEST_TEXT + 1));
    let err = agent.suggest(&long).await.expect_err("too long");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let bad_day = SuggestParams {
        on: Some("tomorrow".into()),
        ..ask("暖气")
    };
    let err = agent.suggest(&bad_day).await.expect_err("bad day");
    assert_eq!(err.code(), Some("bad_query"));
    let stranger = Client::new(&server.url(), None).expect("client");
    let err = stranger.suggest(&ask("暖气")).await.expect_err("no token");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    // A department's system reads only its own items; what the engine
    // learned comes from everyone's.
    let unit = server.client("water-system", Role::Unit).await;
    let err = unit.suggest(&ask("暖气")).await.expect_err("a unit");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
}

const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

fn cli(args: &[&str]) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new(BIN);
    cmd.arg("suggest")
        .args(args)
        .env_remove("CITYDESK_SERVER")
        .env_remove("CITYDESK_TOKEN")
        .env_remove("CITYDESK_CITY")
        .stdin(std::process::Stdio::null());
    cmd
}

#[tokio::test]
async fn citydesk_suggest_prints_the_ranking_locally() {
    let out = cli(&["家里暖气不热，请问今年供暖时间", "--on", "2026-12-01"])
        .output()
        .await
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "categories (keywords only):");
    assert!(lines[1].starts_with("  1. H01 供热不热  "), "{text}");
    assert!(lines[1].contains("keyword: 暖气"), "{text}");
    assert!(text.contains("KB006 今年什么时候开始供暖？"), "{text}");
    assert!(text.contains("source: example:"), "{text}");
    // Out of the heating season the seasonal entry is not offered.
    let out = cli(&["请问今年供暖时间", "--on", "2027-06-01", "--json"])
        .output()
        .await
        .expect("run");
    let body: SuggestResponse = serde_json::from_slice(&out.stdout).expect("json");
    assert!(body.knowledge.iter().all(|k| k.id != "KB006"), "{body:?}");
}

#[tokio::test]
async fn citydesk_suggest_asks_a_server_for_what_it_learned() {
    let server = TestServer::start().await;
    let agent = server.client("agent", Role::Agent).await;
    for n in 1..=3 {
        close_cover_ticket(&agent, n).await;
    }
    let token = agent.token().expect("token").to_owned();
    let out = cli(&["门口井盖没了", "--server", &server.url(), "--json"])
        .env("CITYDESK_TOKEN", &token)
        .output()
        .await
        .expect("run");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let body: SuggestResponse = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(body.learned_items, 3);
    assert_eq!(body.categories[0].code, "C02");
    let text = citydesk::commands::suggest::render(&body);
    assert!(
        text.starts_with("categories (keywords + 3 closed items learned):\n  1. C02 污水/雨水井盖"),
        "{text}"
    );
    assert!(text.contains("learned: 井盖 (3 closed items)"), "{text}");
}

#[tokio::test]
async fn policy_check_reports_and_refuses_the_suggestion_data() {
    let run = |args: Vec<String>| async move {
        tokio::process::Command::new(BIN)
            .args(["policy", "check"])
            .args(args)
            .env_remove("CITYDESK_CITY")
            .output()
            .await
            .expect("run")
    };
    let out = run(Vec::new()).await;
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("suggestions: ") && last.contains("over 50 categories; knowledge: 35 entries"),
        "{last}"
    );

    let dir = tempfile::tempdir().expect("dir");
    let taxonomy = include_str!("../../data/taxonomy.toml").replacen("\"自来水井盖\"", "\"路灯\"", 1);
    std::fs::write(dir.path().join("taxonomy.toml"), taxonomy).expect("write");
    let out = run(vec!["--city".into(), dir.path().display().to_string()]).await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("taxonomy.toml:")
            && err.contains("duplicate keyword \"路灯\": listed in both C01 and C05"),
        "{err}"
    );

    std::fs::remove_file(dir.path().join("taxonomy.toml")).expect("rm");
    let knowledge = include_str!("../../data/knowledge.toml").replacen(
        "categories = [\"H01\"]",
        "categories = [\"H77\"]",
        1,
    );
    std::fs::write(dir.path().join("knowledge.toml"), knowledge).expect("write");
    let out = run(vec!["--city".into(), dir.path().display().to_string()]).await;
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("knowledge.toml:") && err.contains("unknown category \"H77\""),
        "{err}"
    );
}
