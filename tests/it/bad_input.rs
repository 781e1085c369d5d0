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
