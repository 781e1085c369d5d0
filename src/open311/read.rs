//! Reading other systems' documents, liberally. Every field is looked up by
//! name, so element order (`long` before `lat`) does not matter; ids and
//! codes are kept as the text they were written as (`006` stays `006`,
//! `SR-2026-0001` stays itself); an empty element is an absent field; a
//! field we cannot read (a latitude of `abc`) is dropped from its place
//! and kept, as written, among the request's extras, like any field the
//! spec does not have. A request without a `service_request_id` cannot be
//! imported idempotently and is skipped, and said so.

use super::Open311Error;
use super::datetime;
use super::tree::{self, Tree};
use super::types::*;

/// The fields of a request the spec names; anything else is an extra.
const REQUEST_FIELDS: &[&str] = &[
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
];

/// Longest text kept from one foreign field; the rest is cut off.
const MAX_FIELD: usize = 8_000;

/// A `GET requests` document read: its requests, and the ones skipped with
/// the reason.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Requests {
    pub requests: Vec<ServiceRequest>,
    pub skipped: Vec<String>,
}

/// Reads a `GET requests` (or `requests/{id}`) document, XML or JSON.
/// Accepted shapes: a list of requests, a `service_requests` wrapper
/// (XML root, or a JSON object holding the list), or one request alone.
pub fn requests(bytes: &[u8]) -> Result<Requests, Open311Error> {
    let (root, tree) = tree::parse(bytes)?;
    check_errors(root.as_deref(), &tree)?;
    let mut out = Requests::default();
    for (n, item) in entries(root.as_deref(), &tree, "request", "service_requests")
        .into_iter()
        .enumerate()
    {
        match request(item) {
            Some(r) => out.requests.push(r),
            None => out.skipped.push(format!(
                "entry {}: no service_request_id, cannot be imported",
                n + 1
            )),
        }
    }
    Ok(out)
}

/// The entries of a list document: the root's children in XML, the array
/// in JSON (also when wrapped in an object under `wrapper`), or the one
/// entry when the document is a single entry (`single` is its XML name).
fn entries<'t>(root: Option<&str>, tree: &'t Tree, single: &str, wrapper: &str) -> Vec<&'t Tree> {
    match (root, tree) {
        (Some(name), _) if name == single => vec![tree],
        (Some(_), _) | (None, Tree::List(_)) => tree.items(),
        (None, Tree::Node(_)) => match tree.get(wrapper).or_else(|| tree.get(single)) {
            Some(inner @ Tree::List(_)) => inner.items(),
            Some(inner @ Tree::Node(_)) => {
                // `{"service_requests":{"request":[…]}}`, as XML-to-JSON converters write it.
                match inner.get(single) {
                    Some(list @ Tree::List(_)) => list.items(),
                    Some(one) => vec![one],
                    None => vec![inner],
                }
            }
            _ => vec![tree],
        },
        (None, Tree::Leaf(_)) => Vec::new(),
    }
}

/// A document that is the spec's error list is answered as an error.
fn check_errors(root: Option<&str>, tree: &Tree) -> Result<(), Open311Error> {
    let list = match root {
        Some("errors") => tree.items(),
        Some(_) => return Ok(()),
        None => tree
            .items()
            .into_iter()
            .filter(|t| matches!(t, Tree::Node(_)))
            .collect(),
    };
    let errors: Vec<ErrorEntry> = list.into_iter().filter_map(error_entry).collect();
    let is_errors = root == Some("errors")
        || (!errors.is_empty() && tree.items().iter().all(|t| t.get("service_request_id").is_none()));
    match errors.first() {
        Some(_) if is_errors => Err(Open311Error::Remote(errors)),
        _ => Ok(()),
    }
}

fn error_entry(t: &Tree) -> Option<ErrorEntry> {
    let description = t.field("description")?;
    let code = t.field("code")?.trim().parse::<f64>().ok()?;
    let code = if (100.0..600.0).contains(&code) {
        code as u16
    } else {
        400
    };
    Some(ErrorEntry::new(code, description))
}

/// Reads the spec's error list (what a server answers with a 4xx).
pub fn errors(bytes: &[u8]) -> Result<Vec<ErrorEntry>, Open311Error> {
    let (_, tree) = tree::parse(bytes)?;
    Ok(tree.items().into_iter().filter_map(error_entry).collect())
}

fn clip(s: &str) -> String {
    match s.char_indices().nth(MAX_FIELD) {
        Some((at, _)) => s[..at].to_owned(),
        None => s.to_owned(),
    }
}

fn owned(t: &Tree, name: &str) -> Option<String> {
    t.field(name).map(clip)
}

/// One request; `None` when it has no id.
pub fn request(t: &Tree) -> Option<ServiceRequest> {
    let mut r = ServiceRequest {
        service_request_id: owned(t, "service_request_id")?,
        ..ServiceRequest::default()
    };
    r.status = t.field("status").map(foreign_status);
    r.status_notes = owned(t, "status_notes");
    r.service_name = owned(t, "service_name");
    r.service_code = owned(t, "service_code");
    r.description = owned(t, "description");
    r.agency_responsible = owned(t, "agency_responsible");
    r.service_notice = owned(t, "service_notice");
    r.address = owned(t, "address");
    r.address_id = owned(t, "address_id");
    r.zipcode = owned(t, "zipcode");
    r.media_url = owned(t, "media_url");
    let mut unread = Vec::new();
    let mut when = |name: &'static str| {
        let text = t.field(name)?;
        let parsed = datetime::parse(text);
        if parsed.is_none() {
            unread.push((name, clip(text)));
        }
        parsed
    };
    r.requested_datetime = when("requested_datetime");
    r.updated_datetime = when("updated_datetime");
    r.expected_datetime = when("expected_datetime");
    // `lon` and `lng` are what some servers write for `long`.
    let long_name = ["long", "lon", "lng"]
        .into_iter()
        .find(|n| t.field(n).is_some())
        .unwrap_or("long");
    for (name, limit) in [("lat", 90.0), (long_name, 180.0)] {
        let Some(text) = t.field(name) else { continue };
        match text.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= limit => {
                if name == "lat" {
                    r.lat = Some(v);
                } else {
                    r.long = Some(v);
                }
            }
            _ => unread.push((name, clip(text))),
        }
    }
    if t.field("status").is_some() && r.status.is_none() {
        unread.push(("status", owned(t, "status").unwrap_or_default()));
    }
    for (name, text) in unread {
        r.extra.insert(name.to_owned(), text);
    }
    if let Tree::Node(children) = t {
        for (name, value) in children {
            if REQUEST_FIELDS.contains(&name.as_str()) || name == long_name {
                continue;
            }
            if let Some(text) = flat_text(value) {
                r.extra.entry(name.clone()).or_insert_with(|| clip(&text));
            }
        }
    }
    Some(r)
}

/// A foreign status: `open`/`closed` as the spec says; some servers write
/// their own words, which we read as open unless they say it is over.
fn foreign_status(text: &str) -> RequestStatus {
    let word = text.trim().to_ascii_lowercase();
    match word.as_str() {
        "closed" | "close" | "resolved" | "completed" | "complete" | "done" | "fixed" | "rejected"
        | "cancelled" | "canceled" | "duplicate" | "archived" => RequestStatus::Closed,
        _ => RequestStatus::Open,
    }
}

/// An extension field's text: a leaf's own, a structure's leaves joined.
fn flat_text(t: &Tree) -> Option<String> {
    match t {
        Tree::Leaf(text) => text.clone(),
        Tree::Node(_) | Tree::List(_) => {
            let parts: Vec<String> = t.items().into_iter().filter_map(flat_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
    }
}

/// Reads a `GET services` document.
pub fn services(bytes: &[u8]) -> Result<Vec<Service>, Open311Error> {
    let (root, tree) = tree::parse(bytes)?;
    check_errors(root.as_deref(), &tree)?;
    Ok(entries(root.as_deref(), &tree, "service", "services")
        .into_iter()
        .filter_map(|t| {
            Some(Service {
                service_code: owned(t, "service_code")?,
                service_name: owned(t, "service_name").unwrap_or_default(),
                description: owned(t, "description"),
                metadata: t.field("metadata").is_some_and(is_true),
                kind: t
                    .field("type")
                    .and_then(ServiceType::parse)
                    .unwrap_or(ServiceType::Realtime),
                keywords: owned(t, "keywords"),
                group: owned(t, "group"),
            })
        })
        .collect())
}

fn is_true(text: &str) -> bool {
    matches!(text.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes")
}

/// Reads a `GET services/{code}` document.
pub fn service_definition(bytes: &[u8]) -> Result<ServiceDefinition, Open311Error> {
    let (root, tree) = tree::parse(bytes)?;
    check_errors(root.as_deref(), &tree)?;
    let service_code = owned(&tree, "service_code").ok_or(Open311Error::Missing("service_code"))?;
    let attributes = tree
        .get("attributes")
        .map(Tree::items)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|a| {
            Some(Attribute {
                variable: a.field("variable").is_none_or(is_true),
                code: owned(a, "code")?,
                datatype: a
                    .field("datatype")
                    .and_then(Datatype::parse)
                    .unwrap_or(Datatype::String),
                required: a.field("required").is_some_and(is_true),
                datatype_description: owned(a, "datatype_description"),
                order: a.field("order").and_then(|o| o.trim().parse().ok()),
                description: owned(a, "description"),
                values: a
                    .get("values")
                    .map(Tree::items)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|v| {
                        Some(AttributeValue {
                            key: owned(v, "key")?,
                            name: owned(v, "name").unwrap_or_default(),
                        })
                    })
                    .collect(),
            })
        })
        .collect();
    Ok(ServiceDefinition {
        service_code,
        attributes,
    })
}

/// Reads the answer to `POST requests` or `GET tokens/{token}`.
pub fn receipts(bytes: &[u8]) -> Result<Vec<Receipt>, Open311Error> {
    let (root, tree) = tree::parse(bytes)?;
    check_errors(root.as_deref(), &tree)?;
    Ok(entries(root.as_deref(), &tree, "request", "service_requests")
        .into_iter()
        .map(|t| Receipt {
            service_request_id: owned(t, "service_request_id"),
            token: owned(t, "token"),
            service_notice: owned(t, "service_notice"),
            account_id: owned(t, "account_id"),
        })
        .collect())
}

/// Reads a service-discovery document.
pub fn discovery(bytes: &[u8]) -> Result<Discovery, Open311Error> {
    let (_, tree) = tree::parse(bytes)?;
    let endpoints = tree
        .get("endpoints")
        .map(Tree::items)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| {
            Some(Endpoint {
                specification: owned(e, "specification").unwrap_or_default(),
                url: owned(e, "url")?,
                changeset: e.field("changeset").and_then(datetime::parse),
                kind: owned(e, "type").unwrap_or_default(),
                formats: e
                    .get("formats")
                    .map(Tree::items)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|f| f.text().map(clip))
                    .collect(),
            })
        })
        .collect();
    Ok(Discovery {
        changeset: tree.field("changeset").and_then(datetime::parse),
        contact: owned(&tree, "contact"),
        key_service: owned(&tree, "key_service"),
        endpoints,
    })
}
