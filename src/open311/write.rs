//! Writing documents, strictly and one way. Each document is first built
//! as an [`Out`] value, then written as XML or JSON by the same rules:
//! - every field the spec lists is written, empty or not: `null` in JSON,
//!   an empty element pair `<description></description>` in XML (as the
//!   spec's examples write most of theirs);
//! - ids and codes are strings (`"service_code":"H01"`), booleans are
//!   `true`/`false`, coordinates are numbers;
//! - times are W3C datetimes in city time (`datetime::format`);
//! - XML starts with exactly `<?xml version="1.0" encoding="utf-8"?>` and a
//!   newline, has no namespace, and escapes `& < > " '` in text.

use super::datetime;
use super::types::*;
use crate::model::Timestamp;

/// A document about to be written.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Text(Option<String>),
    Number(Option<f64>),
    Integer(Option<i64>),
    Bool(bool),
    /// A list and the element name of its items in XML.
    List(&'static str, Vec<Out>),
    Object(Vec<(&'static str, Out)>),
}

fn text(s: &Option<String>) -> Out {
    Out::Text(s.clone())
}

fn time(t: &Option<Timestamp>) -> Out {
    Out::Text(t.map(datetime::format))
}

/// Writes `out` with `root` as the XML root element.
pub fn render(format: Format, root: &str, out: &Out) -> String {
    match format {
        Format::Json => json(out).to_string(),
        Format::Xml => {
            let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
            xml(&mut s, root, out, 0);
            s
        }
    }
}

fn json(out: &Out) -> serde_json::Value {
    use serde_json::Value;
    match out {
        Out::Text(t) => t.as_ref().map_or(Value::Null, |t| Value::String(t.clone())),
        Out::Number(n) => n
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Out::Integer(n) => n.map_or(Value::Null, |n| Value::Number(n.into())),
        Out::Bool(b) => Value::Bool(*b),
        Out::List(_, items) => Value::Array(items.iter().map(json).collect()),
        Out::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(name, value)| ((*name).to_owned(), json(value)))
                .collect(),
        ),
    }
}

fn xml(s: &mut String, name: &str, out: &Out, depth: usize) {
    let indent = "  ".repeat(depth);
    let scalar = match out {
        Out::Text(t) => t.as_deref().map(escape),
        Out::Number(n) => n.filter(|n| n.is_finite()).map(|n| n.to_string()),
        Out::Integer(n) => n.map(|n| n.to_string()),
        Out::Bool(b) => Some(b.to_string()),
        Out::List(item, items) => {
            s.push_str(&format!("{indent}<{name}>\n"));
            for it in items {
                xml(s, item, it, depth + 1);
            }
            s.push_str(&format!("{indent}</{name}>\n"));
            return;
        }
        Out::Object(fields) => {
            s.push_str(&format!("{indent}<{name}>\n"));
            for (field, value) in fields {
                xml(s, field, value, depth + 1);
            }
            s.push_str(&format!("{indent}</{name}>\n"));
            return;
        }
    };
    s.push_str(&format!(
        "{indent}<{name}>{}</{name}>\n",
        scalar.unwrap_or_default()
    ));
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

pub fn discovery(format: Format, d: &Discovery) -> String {
    let endpoints = d
        .endpoints
        .iter()
        .map(|e| {
            Out::Object(vec![
                ("specification", Out::Text(Some(e.specification.clone()))),
                ("url", Out::Text(Some(e.url.clone()))),
                ("changeset", time(&e.changeset)),
                ("type", Out::Text(Some(e.kind.clone()))),
                (
                    "formats",
                    Out::List(
                        "format",
                        e.formats.iter().map(|f| Out::Text(Some(f.clone()))).collect(),
                    ),
                ),
            ])
        })
        .collect();
    let out = Out::Object(vec![
        ("changeset", time(&d.changeset)),
        ("contact", text(&d.contact)),
        ("key_service", text(&d.key_service)),
        ("endpoints", Out::List("endpoint", endpoints)),
    ]);
    render(format, "discovery", &out)
}

pub fn services(format: Format, services: &[Service]) -> String {
    let items = services
        .iter()
        .map(|s| {
            Out::Object(vec![
                ("service_code", Out::Text(Some(s.service_code.clone()))),
                ("service_name", Out::Text(Some(s.service_name.clone()))),
                ("description", text(&s.description)),
                ("metadata", Out::Bool(s.metadata)),
                ("type", Out::Text(Some(s.kind.as_str().to_owned()))),
                ("keywords", text(&s.keywords)),
                ("group", text(&s.group)),
            ])
        })
        .collect();
    render(format, "services", &Out::List("service", items))
}

pub fn service_definition(format: Format, d: &ServiceDefinition) -> String {
    let attributes = d.attributes.iter().map(attribute).collect();
    let out = Out::Object(vec![
        ("service_code", Out::Text(Some(d.service_code.clone()))),
        ("attributes", Out::List("attribute", attributes)),
    ]);
    render(format, "service_definition", &out)
}

fn attribute(a: &Attribute) -> Out {
    let values = a
        .values
        .iter()
        .map(|v| {
            Out::Object(vec![
                ("key", Out::Text(Some(v.key.clone()))),
                ("name", Out::Text(Some(v.name.clone()))),
            ])
        })
        .collect();
    Out::Object(vec![
        ("variable", Out::Bool(a.variable)),
        ("code", Out::Text(Some(a.code.clone()))),
        ("datatype", Out::Text(Some(a.datatype.as_str().to_owned()))),
        ("required", Out::Bool(a.required)),
        ("datatype_description", text(&a.datatype_description)),
        ("order", Out::Integer(a.order)),
        ("description", text(&a.description)),
        ("values", Out::List("value", values)),
    ])
}

pub fn requests(format: Format, requests: &[ServiceRequest]) -> String {
    let items = requests.iter().map(request).collect();
    render(format, "service_requests", &Out::List("request", items))
}

fn request(r: &ServiceRequest) -> Out {
    Out::Object(vec![
        (
            "service_request_id",
            Out::Text(Some(r.service_request_id.clone())),
        ),
        ("status", Out::Text(r.status.map(|s| s.as_str().to_owned()))),
        ("status_notes", text(&r.status_notes)),
        ("service_name", text(&r.service_name)),
        ("service_code", text(&r.service_code)),
        ("description", text(&r.description)),
        ("agency_responsible", text(&r.agency_responsible)),
        ("service_notice", text(&r.service_notice)),
        ("requested_datetime", time(&r.requested_datetime)),
        ("updated_datetime", time(&r.updated_datetime)),
        ("expected_datetime", time(&r.expected_datetime)),
        ("address", text(&r.address)),
        ("address_id", text(&r.address_id)),
        ("zipcode", text(&r.zipcode)),
        ("lat", Out::Number(r.lat)),
        ("long", Out::Number(r.long)),
        ("media_url", text(&r.media_url)),
    ])
}

/// The answer to `POST requests` and `GET tokens/{token}`: a list of one,
/// as the spec's examples show. `post` adds the fields only the POST answer
/// lists (`service_notice`, `account_id`).
pub fn receipts(format: Format, receipts: &[Receipt], post: bool) -> String {
    let items = receipts
        .iter()
        .map(|r| {
            let mut fields = vec![("service_request_id", text(&r.service_request_id))];
            fields.push(("token", text(&r.token)));
            if post {
                fields.push(("service_notice", text(&r.service_notice)));
                fields.push(("account_id", text(&r.account_id)));
            }
            Out::Object(fields)
        })
        .collect();
    render(format, "service_requests", &Out::List("request", items))
}

/// The spec's error list. Codes are written as strings, like every code
/// we send (the spec's example shows a bare number; clients compare text).
pub fn errors(format: Format, errors: &[ErrorEntry]) -> String {
    let items = errors
        .iter()
        .map(|e| {
            Out::Object(vec![
                ("code", Out::Text(Some(e.code.to_string()))),
                ("description", Out::Text(Some(e.description.clone()))),
            ])
        })
        .collect();
    render(format, "errors", &Out::List("error", items))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_has_one_declaration_and_empty_fields_as_element_pairs() {
        let r = ServiceRequest {
            service_request_id: "TKT-0001".into(),
            status: Some(RequestStatus::Open),
            service_code: Some("H01".into()),
            description: Some("a < b & \"c\"".into()),
            ..ServiceRequest::default()
        };
        let xml = requests(Format::Xml, &[r]);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<service_requests>\n"));
        assert_eq!(xml.matches("<?xml").count(), 1);
        assert!(xml.contains("<status_notes></status_notes>"));
        assert!(xml.contains("<lat></lat>"));
        assert!(xml.contains("<description>a &lt; b &amp; &quot;c&quot;</description>"));
    }

    #[test]
    fn json_writes_codes_as_strings_and_empty_fields_as_null() {
        let r = ServiceRequest {
            service_request_id: "TKT-0001".into(),
            service_code: Some("006".into()),
            lat: Some(41.1),
            ..ServiceRequest::default()
        };
        let v: serde_json::Value = serde_json::from_str(&requests(Format::Json, &[r])).expect("json");
        assert_eq!(v[0]["service_code"], "006");
        assert_eq!(v[0]["status_notes"], serde_json::Value::Null);
        assert_eq!(v[0]["lat"], 41.1);
        let e: serde_json::Value =
            serde_json::from_str(&errors(Format::Json, &[ErrorEntry::new(403, "no")])).expect("json");
        assert_eq!(e[0]["code"], "403");
    }

    #[test]
    fn control_characters_xml_cannot_carry_are_dropped() {
        assert_eq!(escape("a\u{1}b\tc"), "ab\tc");
    }
}
