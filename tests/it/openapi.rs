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
