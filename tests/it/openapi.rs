//! `/v1/openapi.json`: the OpenAPI 3.1 document is served without a token,
//! is valid (version, every `$ref` resolves), describes security, errors and
//! the event stream, and covers exactly the routes the server serves.

use crate::common::TestServer;
use citydesk::client::Client;
use citydesk::model::Role;
use reqwest::Method;
use serde_json::Value;
use std::collections::BTreeSet;

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

async fn document(server: &TestServer) -> Value {
    let anonymous = Client::new(&server.url(), None).expect("client");
    let (status, body) = anonymous
        .send_raw(Method::GET, "/v1/openapi.json", Vec::new())
        .await
        .expect("GET openapi.json");
    assert!(status.is_success(), "served without a token: {status}");
    serde_json::from_str(&body).expect("the document is JSON")
}

/// Every operation: (method, path, operation object).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let paths = doc["paths"].as_object().expect("paths");
    let mut out = Vec::new();
    for (path, item) in paths {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                out.push((m.to_owned(), path.clone(), op.clone()));
            }
        }
    }
    out
}

/// Every `$ref` anywhere in `v`.
fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r.clone()),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_every_ref_resolves() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let version = doc["openapi"].as_str().expect("openapi");
    assert!(version.starts_with("3.1."), "OpenAPI 3.1, not {version}");
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());

    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(
        all.len() > 50,
        "the schemas are referenced, not inlined: {}",
        all.len()
    );
    for r in &all {
        let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("local ref: {r}"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer",
        "the bearer scheme the operations name"
    );

    let open = ["/v1/health", "/metrics", "/v1/openapi.json"];
    for (method, path, op) in operations(&doc) {
        let responses = op["responses"].as_object().expect("responses");
        if open.contains(&path.as_str()) {
            assert!(op.get("security").is_none(), "{method} {path} needs no token");
            continue;
        }
        assert_eq!(
            op["security"],
            serde_json::json!([{"bearer": []}]),
            "{method} {path} names its security"
        );
        for status in ["401", "429"] {
            let body = &responses
                .get(status)
                .unwrap_or_else(|| panic!("{method} {path} documents {status}"))["content"]["application/json"]
                ["schema"]["$ref"];
            assert_eq!(body, "#/components/schemas/ErrorBody", "{method} {path} {status}");
        }
        if method == "post" {
            for status in ["400", "413", "422"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} documents {status}"
                );
            }
        }
    }
    let error = &doc["components"]["schemas"]["ErrorDetail"];
    let required: Vec<&str> = error["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(required.contains(&"code") && required.contains(&"message"));
    let stream = &doc["paths"]["/v1/stream"]["get"]["responses"]["200"]["content"];
    assert!(
        stream.get("text/event-stream").is_some(),
        "the stream is SSE: {stream}"
    );
    let health = &doc["components"]["schemas"]["Health"]["properties"];
    assert_eq!(
        health["replica"]["type"], "string",
        "health names the replica: {health}"
    );
}

/// The handlers registered through `routes!` anywhere under src/server/
/// (the routes, the standard intake): the only way a route reaches the
/// router, and each one also reaches the document.
fn registered_handlers() -> usize {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let mut handlers = 0;
    // The Open311 GeoReport v2 endpoints follow that standard's own
    // description, not this document (README: Open311 GeoReport v2).
    let standard = std::path::Path::new("routes/open311/mod.rs");
    for path in files.into_iter().filter(|p| !p.ends_with(standard)) {
        let text = std::fs::read_to_string(&path).expect("read");
        for forbidden in [".route(", ".route_service(", ".nest(", ".nest_service("] {
            assert!(
                !text.contains(forbidden),
                "{} registers a route past the document ({forbidden}); use routes!(handler) with #[utoipa::path]",
                path.display()
            );
        }
        for call in text.split("routes!(").skip(1) {
            let args = call.split(')').next().unwrap_or_default();
            handlers += args.split(',').filter(|h| !h.trim().is_empty()).count();
        }
    }
    handlers
}

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_route_is_served() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let ops = operations(&doc);
    assert_eq!(
        ops.len(),
        registered_handlers(),
        "one operation in the document per handler the router serves"
    );

    // The path constants the client uses are all in the document.
    let api = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/api/mod.rs")).expect("api");
    let documented: BTreeSet<&str> = ops.iter().map(|(_, p, _)| p.as_str()).collect();
    for line in api
        .lines()
        .filter(|l| l.trim_start().starts_with("pub const") && l.contains("&str = \"/"))
    {
        let path = line.split('"').nth(1).expect("a path");
        assert!(
            documented.contains(path),
            "{path} (src/api/mod.rs) is not in the document"
        );
    }

    // And each documented operation is served: not the fallback's 404,
    // not 405.
    let admin = server.client("root", Role::Admin).await;
    for (method, path, _) in &ops {
        if path == "/v1/stream" {
            continue; // an endless body; tests/it/stream.rs reads it
        }
        let concrete = path.replace("{id}", "TKT-0001").replace("{phone}", "13800000000");
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let (status, body) = admin
            .send_raw(method.clone(), &concrete, b"{}".to_vec())
            .await
            .expect("request");
        assert_ne!(status.as_u16(), 405, "{method} {path}: {body}");
        assert!(
            !body.contains("no such endpoint"),
            "{method} {path} is not served: {body}"
        );
    }
}

/// The first object anywhere in `v` whose `action` property is the one
/// value `name`: a variant of the action body.
fn action_variant<'a>(v: &'a Value, name: &str) -> Option<&'a Value> {
    if v["properties"]["action"]["enum"] == serde_json::json!([name]) {
        return Some(v);
    }
    match v {
        Value::Object(map) => map.values().find_map(|v| action_variant(v, name)),
        Value::Array(items) => items.iter().find_map(|v| action_variant(v, name)),
        _ => None,
    }
}

fn number(v: &Value, what: &str) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("{what} is documented: {v}"))
}

#[tokio::test]
async fn the_document_carries_the_limits_the_server_checks() {
    use citydesk::model::limits::*;
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let schemas = &doc["components"]["schemas"];
    let len = |schema: &str, field: &str, key: &str| {
        number(
            &schemas[schema]["properties"][field][key],
            &format!("{schema}.{field}.{key}"),
        )
    };
    let max = |n: usize| n as u64;
    assert_eq!(len("CreateItem", "title", "maxLength"), max(MAX_TITLE));
    assert_eq!(
        len("CreateItem", "title", "minLength"),
        1,
        "a blank title is refused"
    );
    assert_eq!(len("CreateItem", "description", "maxLength"), max(MAX_TEXT));
    assert_eq!(len("CreateItem", "category", "maxLength"), max(MAX_CATEGORY));
    assert_eq!(len("CreateItem", "call_id", "maxLength"), max(MAX_CALL_ID));
    assert_eq!(len("Place", "address", "maxLength"), max(MAX_ADDRESS));
    assert_eq!(len("Place", "district", "maxLength"), max(MAX_PLACE_PART));
    assert_eq!(len("Caller", "name", "maxLength"), max(MAX_CALLER_NAME));
    assert_eq!(len("Caller", "phone", "maxLength"), max(MAX_PHONE));
    assert_eq!(len("CallRequest", "call_id", "maxLength"), max(MAX_CALL_ID));
    let lat = &schemas["Place"]["properties"]["lat"];
    assert_eq!(lat["maximum"].as_f64(), Some(MAX_LATITUDE), "{lat}");
    assert_eq!(lat["minimum"].as_f64(), Some(-MAX_LATITUDE), "{lat}");
    assert_eq!(
        schemas["Place"]["properties"]["lon"]["maximum"].as_f64(),
        Some(MAX_LONGITUDE)
    );

    let id = &schemas["ItemId"];
    assert_eq!(
        id["pattern"].as_str(),
        Some(citydesk::model::ItemId::pattern().as_str()),
        "{id}"
    );
    let id_param = &doc["paths"]["/v1/items/{id}"]["get"]["parameters"][0]["schema"]["$ref"];
    assert_eq!(
        id_param, "#/components/schemas/ItemId",
        "the path's id has the id's shape"
    );

    for (action, field) in [
        ("reject", "reason"),
        ("note", "text"),
        ("resolve", "summary"),
        ("escalate", "reason"),
    ] {
        let variant = action_variant(schemas, action).unwrap_or_else(|| panic!("{action} is documented"));
        let text = &variant["properties"][field];
        assert_eq!(
            number(&text["maxLength"], action),
            max(MAX_TEXT),
            "{action}.{field}"
        );
        assert_eq!(
            number(&text["minLength"], action),
            1,
            "{action}.{field} must say something"
        );
    }
    let verify = action_variant(schemas, "verify").expect("verify");
    assert_eq!(
        number(&verify["properties"]["note"]["maxLength"], "verify"),
        max(MAX_TEXT)
    );

    // The stats window's forms, each answered (the pattern names them).
    let params = &doc["paths"]["/v1/stats"]["get"]["parameters"];
    let window = params[0]["schema"]["pattern"].as_str().expect("window's pattern");
    assert!(window.starts_with("^(today|week|"), "{window}");
    assert_eq!(params[1]["schema"]["format"], "date-time", "{params}");
    let supervisor = server.client("s", Role::Supervisor).await;
    for w in ["today", "week", "2026-11-01..2026-11-29"] {
        let (status, body) = supervisor
            .send_raw(Method::GET, &format!("/v1/stats?window={w}"), Vec::new())
            .await
            .expect("stats");
        assert_eq!(status.as_u16(), 200, "window={w}: {body}");
    }

    let key = &doc["paths"]["/v1/items"]["post"]["parameters"][0];
    assert_eq!(key["name"], "idempotency-key");
    assert_eq!(
        number(&key["schema"]["oneOf"][1]["maxLength"], "Idempotency-Key"),
        max(citydesk::api::MAX_IDEMPOTENCY_KEY),
        "{key}"
    );

    let suggest = doc["paths"]["/v1/suggest"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .find(|p| p["name"] == "text")
        .expect("text");
    assert_eq!(
        number(&suggest["schema"]["maxLength"], "suggest text"),
        max(citydesk::api::MAX_SUGGEST_TEXT)
    );
}

#[tokio::test]
async fn exactly_the_documented_length_is_taken_and_one_more_is_refused() {
    let server = TestServer::start().await;
    let doc = document(&server).await;
    let desk = server.client("d", Role::Dispatcher).await;
    let limit = |schema: &str, field: &str| {
        let n = number(
            &doc["components"]["schemas"][schema]["properties"][field]["maxLength"],
            field,
        );
        usize::try_from(n).expect("a length")
    };
    // Characters of three bytes each: the limit counts characters, as
    // JSON Schema does.
    let text = |n: usize| "热".repeat(n);
    let create = |title: String, address: String| {
        let mut req = crate::common::ticket(&title);
        req.place.address = Some(address);
        serde_json::to_vec(&req).expect("json")
    };
    let (title, address) = (limit("CreateItem", "title"), limit("Place", "address"));
    for (body, what) in [
        (create(text(title + 1), text(address)), "title"),
        (create(text(title), text(address + 1)), "address"),
    ] {
        let (status, answer) = desk
            .send_raw(Method::POST, "/v1/items", body)
            .await
            .expect("answered");
        assert!(
            matches!(status.as_u16(), 400 | 422),
            "one over the documented {what} is refused: {status} {answer}"
        );
    }
    let (status, answer) = desk
        .send_raw(Method::POST, "/v1/items", create(text(title), text(address)))
        .await
        .expect("answered");
    assert_eq!(status.as_u16(), 201, "exactly the documented lengths: {answer}");
    let item: Value = serde_json::from_str(&answer).expect("json");

    // An action's text, read from the document too.
    let note = action_variant(&doc["components"]["schemas"], "note").expect("note");
    let max = usize::try_from(number(&note["properties"]["text"]["maxLength"], "note")).expect("a length");
    let id = item["item"]["id"].as_str().expect("id");
    let version = item["item"]["version"].as_u64().expect("version");
    // The refused one first: it leaves the version as it was.
    for (n, ok) in [(max + 1, false), (max, true)] {
        let body = serde_json::json!({"action": "note", "text": text(n), "expected_version": version});
        let (status, answer) = desk
            .send_raw(
                Method::POST,
                &format!("/v1/items/{id}/actions"),
                body.to_string().into_bytes(),
            )
            .await
            .expect("answered");
        if ok {
            assert_eq!(status.as_u16(), 200, "a note of exactly {max}: {answer}");
        } else {
            assert!(
                matches!(status.as_u16(), 400 | 422),
                "a note of {n}: {status} {answer}"
            );
        }
    }

    // A call's id: the server counts characters as the document does.
    let call_id = limit("CallRequest", "call_id");
    let admin = server.client("root", Role::Admin).await;
    for (n, ok) in [(call_id + 1, false), (call_id, true)] {
        let body = serde_json::json!({"phone": "13800000000", "operator": "root", "call_id": text(n)});
        let (status, answer) = admin
            .send_raw(Method::POST, "/v1/calls", body.to_string().into_bytes())
            .await
            .expect("answered");
        if ok {
            assert_eq!(
                status.as_u16(),
                202,
                "a call id of exactly {call_id} characters: {answer}"
            );
        } else {
            assert!(matches!(status.as_u16(), 400 | 422), "{status} {answer}");
        }
    }
}
