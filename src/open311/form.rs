//! `POST requests` as the spec encodes it: an
//! `application/x-www-form-urlencoded` body with `service_code`, a place
//! (`lat` and `long`, or `address_string`, or `address_id`), the reporter's
//! optional details, `description` of at most 4,000 characters and the
//! service's questions as `attribute[CODE]=value` (one answer) or
//! `attribute[CODE][]=value`, repeated (several). Every problem is found
//! in one pass and answered together, as the spec's error list allows.

use super::types::{Attribute, Datatype, ErrorEntry, ServiceDefinition};
use std::collections::BTreeMap;

/// The spec's limit on `description`, in characters.
pub const MAX_DESCRIPTION: usize = 4000;
/// Longest value of any other field we take.
pub const MAX_FIELD: usize = 1000;

/// A POSTed request, read and checked for shape (not yet against a
/// service: see [`check_attributes`]).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PostRequest {
    pub api_key: Option<String>,
    pub jurisdiction_id: Option<String>,
    pub service_code: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub address_string: Option<String>,
    pub address_id: Option<String>,
    pub email: Option<String>,
    pub device_id: Option<String>,
    pub account_id: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub media_url: Option<String>,
    /// Answers by attribute code, in the order given.
    pub attributes: BTreeMap<String, Vec<String>>,
}

const SCALARS: &[&str] = &[
    "api_key",
    "jurisdiction_id",
    "service_code",
    "lat",
    "long",
    "address_string",
    "address_id",
    "email",
    "device_id",
    "account_id",
    "first_name",
    "last_name",
    "phone",
    "description",
    "media_url",
];

/// Reads a form body. Empty values count as absent; a field the spec does
/// not name is ignored; a field given twice is refused (which one was
/// meant cannot be known).
pub fn parse(body: &[u8]) -> Result<PostRequest, Vec<ErrorEntry>> {
    let mut fields: BTreeMap<&'static str, String> = BTreeMap::new();
    let mut attributes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, value) in form_urlencoded::parse(body) {
        let value = value.trim().to_owned();
        if let Some(code) = attribute_code(&key) {
            if !code.is_empty() && !value.is_empty() {
                attributes.entry(code.to_owned()).or_default().push(value);
            }
            continue;
        }
        let Some(name) = SCALARS.iter().find(|n| **n == key) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        if fields.insert(name, value).is_some() {
            errors.push(ErrorEntry::new(400, format!("{name} was given more than once")));
        }
    }
    let post = build(fields, attributes, &mut errors);
    if errors.is_empty() { Ok(post) } else { Err(errors) }
}

/// `attribute[CODE]` or `attribute[CODE][]` → `CODE`.
fn attribute_code(key: &str) -> Option<&str> {
    let inner = key.strip_prefix("attribute[")?;
    let inner = inner.strip_suffix("[]").unwrap_or(inner);
    inner.strip_suffix(']').filter(|code| !code.contains(['[', ']']))
}

fn build(
    mut fields: BTreeMap<&'static str, String>,
    attributes: BTreeMap<String, Vec<String>>,
    errors: &mut Vec<ErrorEntry>,
) -> PostRequest {
    for (name, value) in &fields {
        let limit = if *name == "description" {
            MAX_DESCRIPTION
        } else {
            MAX_FIELD
        };
        if value.chars().count() > limit {
            errors.push(ErrorEntry::new(
                400,
                format!("{name} is longer than {limit} characters"),
            ));
        }
    }
    let mut take = |name: &str| fields.remove(name);
    let service_code = take("service_code").unwrap_or_default();
    if service_code.is_empty() {
        errors.push(ErrorEntry::new(400, "service_code was not provided"));
    }
    let lat = coordinate(take("lat"), "lat", 90.0, errors);
    let long = coordinate(take("long"), "long", 180.0, errors);
    let post = PostRequest {
        api_key: take("api_key"),
        jurisdiction_id: take("jurisdiction_id"),
        service_code,
        lat,
        long,
        address_string: take("address_string"),
        address_id: take("address_id"),
        email: take("email"),
        device_id: take("device_id"),
        account_id: take("account_id"),
        first_name: take("first_name"),
        last_name: take("last_name"),
        phone: take("phone"),
        description: take("description"),
        media_url: take("media_url"),
        attributes,
    };
    if post.lat.is_some() != post.long.is_some() {
        errors.push(ErrorEntry::new(400, "lat and long must be given together"));
    }
    let located = post.lat.is_some() && post.long.is_some();
    if !located && post.address_string.is_none() && post.address_id.is_none() {
        errors.push(ErrorEntry::new(
            400,
            "a location is required: lat and long, or address_string, or address_id",
        ));
    }
    post
}

fn coordinate(text: Option<String>, name: &str, limit: f64, errors: &mut Vec<ErrorEntry>) -> Option<f64> {
    let text = text?;
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v.abs() <= limit => Some(v),
        _ => {
            errors.push(ErrorEntry::new(
                400,
                format!("{name} must be a WGS84 number between -{limit} and {limit}"),
            ));
            None
        }
    }
}

/// Checks the answers against the service's questions: every required one
/// answered, list answers among the listed keys (one for a single-value
/// list), numbers and datetimes readable. Answers to questions the service
/// does not ask are refused, so a misspelt code is not silently lost.
pub fn check_attributes(post: &PostRequest, definition: &ServiceDefinition) -> Vec<ErrorEntry> {
    let mut errors = Vec::new();
    for a in definition.attributes.iter().filter(|a| a.variable) {
        match post.attributes.get(&a.code) {
            None if a.required => errors.push(ErrorEntry::new(
                400,
                format!(
                    "attribute[{}] is required for service {}",
                    a.code, definition.service_code
                ),
            )),
            None => {}
            Some(values) => errors.extend(check_values(a, values)),
        }
    }
    for code in post.attributes.keys() {
        if !definition
            .attributes
            .iter()
            .any(|a| a.variable && &a.code == code)
        {
            errors.push(ErrorEntry::new(
                400,
                format!("service {} has no attribute {code}", definition.service_code),
            ));
        }
    }
    errors
}

fn check_values(a: &Attribute, values: &[String]) -> Option<ErrorEntry> {
    let bad = |why: String| Some(ErrorEntry::new(400, format!("attribute[{}] {why}", a.code)));
    if a.datatype != Datatype::MultiValueList && values.len() > 1 {
        return bad("takes one value".to_owned());
    }
    for v in values {
        if v.chars().count() > MAX_FIELD {
            return bad(format!("is longer than {MAX_FIELD} characters"));
        }
        let ok = match a.datatype {
            Datatype::Number => v.parse::<f64>().is_ok_and(f64::is_finite),
            Datatype::Datetime => super::datetime::parse(v).is_some(),
            Datatype::SingleValueList | Datatype::MultiValueList => a.values.iter().any(|k| &k.key == v),
            Datatype::String | Datatype::Text => true,
        };
        if !ok {
            return bad(format!("has no valid {} value {v:?}", a.datatype.as_str()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_keys_name_one_code_with_or_without_brackets() {
        assert_eq!(attribute_code("attribute[WHISPAWN]"), Some("WHISPAWN"));
        assert_eq!(attribute_code("attribute[FLOORS][]"), Some("FLOORS"));
        assert_eq!(attribute_code("attribute[a][b]"), None);
        assert_eq!(attribute_code("attributes[X]"), None);
    }

    #[test]
    fn missing_code_and_place_are_both_reported() {
        let errors = parse(b"description=x").expect_err("refused");
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors.iter().all(|e| e.code == 400));
    }

    #[test]
    fn a_description_of_4000_characters_is_taken_and_4001_is_not() {
        let ok = format!("service_code=H01&address_id=1&description={}", "热".repeat(4000));
        assert!(parse(ok.as_bytes()).is_ok());
        let long = format!("service_code=H01&address_id=1&description={}", "热".repeat(4001));
        assert!(parse(long.as_bytes()).is_err());
    }

    #[test]
    fn lat_without_long_and_out_of_range_coordinates_are_refused() {
        assert!(parse(b"service_code=H01&lat=41.1").is_err());
        assert!(parse(b"service_code=H01&lat=91&long=121").is_err());
        assert!(parse(b"service_code=H01&lat=41.1&long=121.1").is_ok());
    }

    #[test]
    fn a_field_twice_is_refused() {
        assert!(parse(b"service_code=H01&service_code=H02&address_id=1").is_err());
    }
}
