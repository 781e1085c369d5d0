//! Bad input gets a clear error body, never crashes the server, and never
//! half-applies.

use crate::common::*;
use citydesk::api::ErrorBody;
use citydesk::model::Role;
use reqwest::{Method, StatusCode};

async fn expect_error(
    client: &citydesk::client::Client,
    method: Method,
    path: &str,
    body: &[u8],
    status: StatusCode,
    code: &str,
) -> ErrorBody {
    let (got, text) = client
        .send_raw(method, path, body.to_vec())
        .await
        .expect("answered");
    let parsed: ErrorBody =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: not an error body ({e}): {text}"));
    assert_eq!(
        (got, parsed.error.code.as_str()),
        (status, code),
        "{path} {}",
        String::from_utf8_lossy(body)
    );
    assert!(!parsed.error.message.is_empty());
    parsed
}

#[tokio::test]
async fn every_kind_of_bad_request_is_answered_and_nothing_is_appended() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "x").await;
    let head = server.store.head();
    let act = format!("/v1/items/{}/actions", t.id);
    let bad = StatusCode::BAD_REQUEST;
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        ("/v1/items", b"{\"kind\":".to_vec(), bad, "malformed_json"),
        ("/v1/items", b"".to_vec(), bad, "malformed_json"),
        ("/v1/items", b"[1,2]".to_vec(), bad, "invalid_body"),
        (
            "/v1/items",
            br#"{"kind":"ticket","category":"H01","title":"t","color":"red"}"#.to_vec(),
            bad,
            "invalid_body",
        ),
        (
            "/v1/items",
            br#"{"kind":"ticket","category":7,"title":"t"}"#.to_vec(),
            bad,
            "invalid_body",
        ),
        (
            "/v1/items",
            br#"{"kind":"spaceship","category":"H01","title":"t"}"#.to_vec(),
            bad,
            "invalid_body",
        ),
        (
            "/v1/items",
            b"{\"kind\":\"ticket\",\"category\":\"H01\",\"title\":\"\xff\xfe\"}".to_vec(),
            bad,
            "bad_utf8",
        ),
        (
            "/v1/items",
            br#"{"kind":"ticket","category":"H01","title":"   "}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        ),
        (&act, br#"{"action":"accept"}"#.to_vec(), bad, "invalid_body"),
        (
            &act,
            br#"{"action":"accept","expected_version":"1"}"#.to_vec(),
            bad,
            "invalid_body",
        ),
        (
            &act,
            br#"{"action":"teleport","expected_version":1}"#.to_vec(),
            bad,
            "invalid_body",
        ),
        (
            &act,
            br#"{"action":"dispatch","expected_version":1}"#.to_vec(),
            bad,
            "invalid_body",
        ),
        (
            &act,
            br#"{"action":"accept","expected_version":1,"extra":true}"#.to_vec(),
            bad,
            "invalid_body",
        ),
        (
            &act,
            br#"{"action":"sign","expected_version":1}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_transition",
        ),
        (
            &act,
            br#"{"action":"reject","expected_version":1,"reason":""}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        ),
        (
            "/v1/items/TKT-9999/actions",
            br#"{"action":"accept","expected_version":1}"#.to_vec(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            "/v1/items/NOPE/actions",
            br#"{"action":"accept","expected_version":1}"#.to_vec(),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (path, body, status, code) in cases {
        expect_error(&desk, Method::POST, path, &body, status, code).await;
    }
    let huge = format!(
        r#"{{"kind":"ticket","category":"H01","title":"t","description":"{}"}}"#,
        "长".repeat(40_000)
    );
    expect_error(
        &desk,
        Method::POST,
        "/v1/items",
        huge.as_bytes(),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    expect_error(
        &desk,
        Method::GET,
        "/v1/items/TKT-9999",
        b"",
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        &desk,
        Method::GET,
        "/v1/snapshot?kind=spaceship",
        b"",
        bad,
        "bad_query",
    )
    .await;
    expect_error(&desk, Method::GET, "/v1/stream?since=-1", b"", bad, "bad_query").await;
    expect_error(
        &desk,
        Method::GET,
        "/v1/nowhere",
        b"",
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    expect_error(
        &desk,
        Method::DELETE,
        "/v1/items",
        b"",
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;

    let body = expect_error(
        &desk,
        Method::POST,
        &act,
        br#"{"action":"verify","expected_version":1,"passed":true}"#,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_transition",
    )
    .await;
    assert_eq!(body.error.details["status"], "new");
    assert!(
        body.error.details["allowed"]
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x == "accept"))
    );

    assert_eq!(server.store.head(), head, "no bad request appended anything");
    assert_eq!(desk.health().await.expect("still up").status, "ok");
}

#[tokio::test]
async fn a_bad_idempotency_key_is_refused() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let long = "k".repeat(500);
    let err = desk
        .create(&ticket("x"), Some(&long))
        .await
        .expect_err("too long");
    assert_eq!(err.code(), Some("bad_idempotency_key"));
}

/// A valid create padded with JSON whitespace to exactly `len` bytes.
fn padded_create(len: usize) -> Vec<u8> {
    let mut body = br#"{"kind":"ticket","category":"H01","title":"t"}"#.to_vec();
    body.resize(len, b' ');
    body
}

#[tokio::test]
async fn a_body_of_64_kib_is_read_and_one_byte_more_is_413() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let limit = 64 * 1024; // the README's promise, not the constant
    let (status, text) = desk
        .send_raw(Method::POST, "/v1/items", padded_create(limit))
        .await
        .expect("answered");
    assert_eq!(status, StatusCode::CREATED, "{text}");
    let head = server.store.head();
    expect_error(
        &desk,
        Method::POST,
        "/v1/items",
        &padded_create(limit + 1),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;
    assert_eq!(server.store.head(), head, "nothing appended");
}

#[tokio::test]
async fn stats_windows_out_of_range_are_refused_and_the_server_stays_up() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    for query in [
        "window=-9999-01-01..-9999-01-01",
        "window=9999-12-31..9999-12-31",
        "window=0000-01-01..2026-01-01",
        "from=-9999-01-01T00:00:00%2B23:00&to=2026-01-01T00:00:00Z",
        "from=2026-01-01T00:00:00Z&to=9999-12-31T23:59:59-23:00",
    ] {
        let path = format!("/v1/stats?{query}");
        expect_error(
            &desk,
            Method::GET,
            &path,
            b"",
            StatusCode::BAD_REQUEST,
            "bad_query",
        )
        .await;
    }
    desk.stats("today").await.expect("still answering");
}

/// A create body of `ticket` with `place` and `caller` as given (JSON).
fn create_with(title: &str, place: &str, caller: &str) -> Vec<u8> {
    format!(
        r#"{{"kind":"ticket","category":"H01","title":{},"place":{place},"caller":{caller}}}"#,
        serde_json::to_string(title).expect("json")
    )
    .into_bytes()
}

#[tokio::test]
async fn every_text_and_place_a_create_carries_is_bounded() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let head = server.store.head();
    let long = |n: usize| "长".repeat(n);
    let ok_place = r#"{"district":"太和区"}"#;
    let no_caller = "null";
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "zero-width title",
            create_with("\u{200B}\u{200D}\u{FEFF}", ok_place, no_caller),
        ),
        (
            "bidi-only title",
            create_with("\u{202E}\u{2066} \u{2069}", ok_place, no_caller),
        ),
        (
            "control-only title",
            create_with("\u{7}\u{1b}\u{8}", ok_place, no_caller),
        ),
        ("title", create_with(&long(201), ok_place, no_caller)),
        (
            "address",
            create_with(
                "t",
                &format!(r#"{{"district":"太和区","address":"{}"}}"#, long(201)),
                no_caller,
            ),
        ),
        (
            "street",
            create_with(
                "t",
                &format!(r#"{{"district":"太和区","street":"{}"}}"#, long(65)),
                no_caller,
            ),
        ),
        (
            "lat",
            create_with("t", r#"{"district":"太和区","lat":91.0,"lon":121.1}"#, no_caller),
        ),
        (
            "lon",
            create_with(
                "t",
                r#"{"district":"太和区","lat":41.1,"lon":-180.01}"#,
                no_caller,
            ),
        ),
        (
            "district",
            create_with("t", r#"{"district":"亚特兰蒂斯区"}"#, no_caller),
        ),
        (
            "grid",
            create_with(
                "t",
                r#"{"district":"太和区","grid":"999999-99-99-99"}"#,
                no_caller,
            ),
        ),
        (
            "caller name",
            create_with("t", ok_place, &format!(r#"{{"name":"{}"}}"#, long(65))),
        ),
        (
            "caller phone",
            create_with("t", ok_place, &format!(r#"{{"phone":"{}"}}"#, "1".repeat(33))),
        ),
    ];
    for (what, body) in cases {
        let err = expect_error(
            &desk,
            Method::POST,
            "/v1/items",
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        )
        .await;
        assert!(!err.error.message.is_empty(), "{what}");
    }
    assert_eq!(server.store.head(), head, "nothing appended");
    // Within the limits, the same shapes are taken.
    let fine = create_with(
        "\u{200B}停水",
        r#"{"district":"太和区","lat":41.1,"lon":121.1}"#,
        no_caller,
    );
    let (status, text) = desk
        .send_raw(Method::POST, "/v1/items", fine)
        .await
        .expect("answered");
    assert_eq!(status, StatusCode::CREATED, "{text}");
}

#[tokio::test]
async fn a_verification_note_is_bounded() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let unit = server.client("water", Role::Unit).await;
    let t = new_ticket(&desk, "停水").await;
    let t = act(&desk, &t, citydesk::model::Action::Accept {}).await;
    let t = act(
        &desk,
        &t,
        citydesk::model::Action::Dispatch {
            department: "water".into(),
        },
    )
    .await;
    let t = act(&unit, &t, citydesk::model::Action::Sign {}).await;
    let t = act(
        &unit,
        &t,
        citydesk::model::Action::Resolve {
            summary: "修好了".into(),
        },
    )
    .await;
    let body = format!(
        r#"{{"action":"verify","expected_version":{},"passed":true,"note":"{}"}}"#,
        t.version,
        "长".repeat(4001)
    );
    let path = format!("/v1/items/{}/actions", t.id);
    expect_error(
        &desk,
        Method::POST,
        &path,
        body.as_bytes(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid",
    )
    .await;
}

/// A client that asks for Chinese (`Accept-Language: zh-CN`, as a console
/// set to Chinese sends) gets the same codes and details with the message
/// in Chinese; one that asks for English, or nothing, gets the English.
#[tokio::test]
async fn error_messages_follow_accept_language_and_codes_never_change() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "x").await;
    let act = format!("/v1/items/{}/actions", t.id);
    let sign = br#"{"action":"sign","expected_version":1}"#;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let en = expect_error(
        &desk,
        Method::POST,
        &act,
        sign,
        unprocessable,
        "invalid_transition",
    )
    .await;
    let zh_desk = desk.clone().with_language("zh-CN");
    let zh = expect_error(
        &zh_desk,
        Method::POST,
        &act,
        sign,
        unprocessable,
        "invalid_transition",
    )
    .await;
    assert_eq!(zh.error.details, en.error.details);
    assert!(
        zh.error.message.starts_with("事项当前为“新建”，不能签收"),
        "{}",
        zh.error.message
    );
    assert!(!en.error.message.contains('事'), "{}", en.error.message);
    let en_again = desk.clone().with_language("en-US,zh;q=0.5");
    let again = expect_error(
        &en_again,
        Method::POST,
        &act,
        sign,
        unprocessable,
        "invalid_transition",
    )
    .await;
    assert_eq!(again.error.message, en.error.message);
    let gone = expect_error(
        &zh_desk,
        Method::GET,
        "/v1/nowhere",
        b"",
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(gone.error.message, "没有这个接口；接口说明见 README");
    let missing = expect_error(
        &zh_desk,
        Method::GET,
        "/v1/items/TKT-9999",
        b"",
        StatusCode::NOT_FOUND,
        "not_found",
    )
    .await;
    assert_eq!(missing.error.message, "没有事项 TKT-9999");
}

/// A refusal by a rule of the item (its priority is already the one asked
/// for) carries the rule as typed details, and a Chinese reader gets it
/// worded whole: no English clause after the Chinese one.
#[tokio::test]
async fn a_rule_refusal_names_its_rule_and_is_worded_whole_in_chinese() {
    let server = TestServer::start().await;
    let desk = server.client("d", Role::Dispatcher).await;
    let t = new_ticket(&desk, "x").await;
    let act = format!("/v1/items/{}/actions", t.id);
    let same = format!(
        r#"{{"action":"set_priority","priority":"{}","expected_version":1}}"#,
        t.priority
    );
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let en = expect_error(
        &desk,
        Method::POST,
        &act,
        same.as_bytes(),
        unprocessable,
        "invalid",
    )
    .await;
    assert_eq!(en.error.message, format!("priority is already {}", t.priority));
    assert_eq!(en.error.details["rule"], "priority_unchanged");
    let zh_desk = desk.clone().with_language("zh-CN");
    let zh = expect_error(
        &zh_desk,
        Method::POST,
        &act,
        same.as_bytes(),
        unprocessable,
        "invalid",
    )
    .await;
    assert_eq!(zh.error.details, en.error.details);
    assert_eq!(zh.error.message, format!("优先级已是 {}", t.priority));
    let missing = br#"{"action":"merge","into":"TKT-9999","expected_version":1}"#;
    let zh = expect_error(&zh_desk, Method::POST, &act, missing, unprocessable, "invalid").await;
    assert_eq!(zh.error.details["rule"], "unknown_item");
    assert_eq!(zh.error.message, "没有事项 TKT-9999");
}
