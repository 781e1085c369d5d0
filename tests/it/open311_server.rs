//! The Open311 server over a real listener: public documents, keys,
//! filters and errors in the spec's shape; answers validate against the
//! community schemas and read back through our own Open311 reader.

use super::open311_formats::assert_valid;
use crate::common::*;
use citydesk::client::Client;
use citydesk::model::{Action, Operator, Role};
use citydesk::open311::{RequestStatus, read};
use citydesk::server::{hash_token, new_token};
use reqwest::{Method, StatusCode};

/// An operator of `role` and their raw token (an Open311 `api_key`).
pub async fn key(server: &TestServer, login: &str, role: Role) -> String {
    let token = new_token();
    let op = Operator {
        login: login.into(),
        name: login.into(),
        role,
        department: None,
    };
    server
        .store
        .add_operator(&op, &hash_token(&token))
        .await
        .expect("add operator");
    token
}

pub async fn get(server: &TestServer, path: &str) -> (StatusCode, String) {
    let anonymous = Client::new(&server.url(), None).expect("client");
    anonymous
        .send_raw(Method::GET, path, Vec::new())
        .await
        .expect("answered")
}

#[tokio::test]
async fn discovery_and_services_are_public_in_both_formats() {
    let server = TestServer::start().await;
    for ext in ["xml", "json"] {
        let (status, body) = get(&server, &format!("/open311/v2/discovery.{ext}")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let d = read::discovery(body.as_bytes()).expect("reads");
        assert!(d.endpoints[0].url.ends_with("/open311/v2"), "{body}");
        let (status, body) = get(&server, &format!("/open311/v2/services.{ext}")).await;
        assert_eq!(status, StatusCode::OK);
        let services = read::services(body.as_bytes()).expect("reads");
        assert!(services.iter().any(|s| s.service_code == "H01" && s.metadata));
    }
    let (_, json) = get(&server, "/open311/v2/services.json").await;
    assert_valid("services.json", &json);
    let (status, json) = get(&server, "/open311/v2/services/H01.json").await;
    assert_eq!(status, StatusCode::OK);
    assert_valid("service-definition.json", &json);
    let (status, xml) = get(&server, "/open311/v2/services/H01.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        read::service_definition(xml.as_bytes())
            .expect("reads")
            .attributes[0]
            .code,
        "SCOPE"
    );
}

#[tokio::test]
async fn unknown_services_and_formats_are_errors_in_the_specs_shape() {
    let server = TestServer::start().await;
    let (status, body) = get(&server, "/open311/v2/services/C01.json").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let errors = read::errors(body.as_bytes()).expect("an error list");
    assert_eq!(errors[0].code, 404, "{body}");
    let (status, body) = get(&server, "/open311/v2/services.txt").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.starts_with("<?xml") && body.contains("<errors>"), "{body}");
    let (status, body) = get(&server, "/open311/v2/requests.json").await;
    assert_eq!(status, StatusCode::FORBIDDEN, "requests need a key: {body}");
    let (status, _) = get(&server, "/open311/v2/requests.json?api_key=cdk_nope").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn tickets_are_listed_with_the_specs_filters_and_validate() {
    let server = TestServer::start().await;
    let desk = server.client("desk", Role::Dispatcher).await;
    let boss = server.client("boss", Role::Supervisor).await;
    let api_key = key(&server, "reader", Role::Viewer).await;
    let open = new_ticket(&desk, "暖气不热").await;
    let other = new_ticket(&desk, "又不热").await;
    let rejected = act(
        &boss,
        &other,
        Action::Reject {
            reason: "not ours".into(),
        },
    )
    .await;
    let q = |rest: &str| format!("/open311/v2/requests.json?api_key={api_key}{rest}");

    let (status, body) = get(&server, &q("")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_valid("requests.json", &body);
    let listed = read::requests(body.as_bytes()).expect("reads").requests;
    assert_eq!(listed.len(), 2, "{body}");
    let by_id = |id: &str| {
        listed
            .iter()
            .find(|r| r.service_request_id == id)
            .expect("listed")
    };
    assert_eq!(by_id(&open.id.to_string()).status, Some(RequestStatus::Open));
    assert_eq!(
        by_id(&rejected.id.to_string()).status,
        Some(RequestStatus::Closed)
    );

    let (_, body) = get(&server, &q("&status=closed")).await;
    let closed = read::requests(body.as_bytes()).expect("reads").requests;
    assert_eq!(closed.len(), 1);
    assert_eq!(closed[0].service_request_id, rejected.id.to_string());
    let (_, body) = get(&server, &q(&format!("&service_request_id={}", open.id))).await;
    assert_eq!(read::requests(body.as_bytes()).expect("reads").requests.len(), 1);
    let (_, body) = get(&server, &q("&service_code=H05")).await;
    assert!(
        read::requests(body.as_bytes())
            .expect("reads")
            .requests
            .is_empty()
    );

    for bad in [
        "&status=pending",
        "&start_date=2026-01-01T00:00:00%2B08:00&end_date=2026-06-01T00:00:00%2B08:00",
        "&start_date=yesterday",
        "&start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z",
    ] {
        let (status, body) = get(&server, &q(bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
        assert_eq!(read::errors(body.as_bytes()).expect("errors")[0].code, 400);
    }

    let (status, xml) = get(
        &server,
        &format!("/open311/v2/requests/{}.xml?api_key={api_key}", open.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        read::requests(xml.as_bytes()).expect("reads").requests[0].service_request_id,
        open.id.to_string()
    );
    let (status, _) = get(
        &server,
        &format!("/open311/v2/requests/TKT-9999.json?api_key={api_key}"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, json) = get(
        &server,
        &format!("/open311/v2/tokens/{}.json?api_key={api_key}", open.id),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        read::receipts(json.as_bytes()).expect("reads")[0].service_request_id,
        Some(open.id.to_string())
    );
}
