//! The GeoReport v2 documents as values: what our server sends and what the
//! client reads from other systems. One type serves both directions, so a
//! document we write reads back into the value it was written from.

use crate::model::Timestamp;
use std::collections::BTreeMap;

/// The two encodings every GeoReport v2 method answers in, chosen by the
/// path's extension (`services.xml`, `services.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Xml,
    Json,
}

impl Format {
    /// `xml` or `json` (any case), as the path's extension names it.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "xml" => Some(Format::Xml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    /// Splits `requests.json` into `("requests", Json)`.
    pub fn split_path(segment: &str) -> Option<(&str, Format)> {
        let (stem, ext) = segment.rsplit_once('.')?;
        Some((stem, Format::from_extension(ext)?))
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Xml => "xml",
            Format::Json => "json",
        }
    }

    /// The media type we answer with (the spec's examples and discovery
    /// documents name `text/xml` and `application/json`).
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Xml => "text/xml; charset=utf-8",
            Format::Json => "application/json; charset=utf-8",
        }
    }
}

/// The service-discovery document (`discovery.xml`).
#[derive(Debug, Clone, PartialEq)]
pub struct Discovery {
    /// When the endpoint list last changed.
    pub changeset: Option<Timestamp>,
    pub contact: Option<String>,
    pub key_service: Option<String>,
    pub endpoints: Vec<Endpoint>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub specification: String,
    pub url: String,
    pub changeset: Option<Timestamp>,
    /// `production` or `test`.
    pub kind: String,
    pub formats: Vec<String>,
}

/// How a service's requests are handled (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceType {
    /// Created at once and queryable by id: every one of ours.
    Realtime,
    Batch,
    Blackbox,
}

impl ServiceType {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::Realtime => "realtime",
            ServiceType::Batch => "batch",
            ServiceType::Blackbox => "blackbox",
        }
    }

    pub fn parse(s: &str) -> Option<ServiceType> {
        match s.trim().to_ascii_lowercase().as_str() {
            "realtime" => Some(ServiceType::Realtime),
            "batch" => Some(ServiceType::Batch),
            "blackbox" => Some(ServiceType::Blackbox),
            _ => None,
        }
    }
}

/// One entry of `GET services`.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub service_code: String,
    pub service_name: String,
    pub description: Option<String>,
    /// Whether `GET services/{code}` has attributes to ask for.
    pub metadata: bool,
    pub kind: ServiceType,
    /// Comma-separated, as the spec writes them.
    pub keywords: Option<String>,
    pub group: Option<String>,
}

/// `GET services/{code}`: the extra questions a service asks.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceDefinition {
    pub service_code: String,
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Datatype {
    String,
    Number,
    Datetime,
    Text,
    SingleValueList,
    MultiValueList,
}

impl Datatype {
    pub const ALL: [Datatype; 6] = [
        Datatype::String,
        Datatype::Number,
        Datatype::Datetime,
        Datatype::Text,
        Datatype::SingleValueList,
        Datatype::MultiValueList,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Datatype::String => "string",
            Datatype::Number => "number",
            Datatype::Datetime => "datetime",
            Datatype::Text => "text",
            Datatype::SingleValueList => "singlevaluelist",
            Datatype::MultiValueList => "multivaluelist",
        }
    }

    pub fn parse(s: &str) -> Option<Datatype> {
        let s = s.trim().to_ascii_lowercase();
        Datatype::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

/// One question of a service definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    /// False for an attribute that only informs (no answer is taken).
    pub variable: bool,
    pub code: String,
    pub datatype: Datatype,
    pub required: bool,
    pub datatype_description: Option<String>,
    pub order: Option<i64>,
    pub description: Option<String>,
    /// The choices of a list attribute.
    pub values: Vec<AttributeValue>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeValue {
    pub key: String,
    pub name: String,
}

/// `open` or `closed`: all GeoReport v2 knows of a lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestStatus {
    Open,
    Closed,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Closed => "closed",
        }
    }

    /// Strict: what a filter (`status=open,closed`) may name.
    pub fn parse(s: &str) -> Option<RequestStatus> {
        match s.trim().to_ascii_lowercase().as_str() {
            "open" => Some(RequestStatus::Open),
            "closed" => Some(RequestStatus::Closed),
            _ => None,
        }
    }
}

/// One service request, as `GET requests` lists it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceRequest {
    pub service_request_id: String,
    /// `None` only when a foreign document carried no status we know.
    pub status: Option<RequestStatus>,
    pub status_notes: Option<String>,
    pub service_name: Option<String>,
    pub service_code: Option<String>,
    pub description: Option<String>,
    pub agency_responsible: Option<String>,
    pub service_notice: Option<String>,
    pub requested_datetime: Option<Timestamp>,
    pub updated_datetime: Option<Timestamp>,
    pub expected_datetime: Option<Timestamp>,
    pub address: Option<String>,
    pub address_id: Option<String>,
    pub zipcode: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
    /// What a foreign document carried beyond the spec's fields (and any
    /// field of ours it wrote in a form we could not read, under its own
    /// name), as text. We never write these.
    pub extra: BTreeMap<String, String>,
}

/// The answer to `POST requests`, and to `GET tokens/{token}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Receipt {
    pub service_request_id: Option<String>,
    pub token: Option<String>,
    pub service_notice: Option<String>,
    pub account_id: Option<String>,
}

/// One entry of the spec's error list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorEntry {
    /// The HTTP status it came with (400, 403, 404 …).
    pub code: u16,
    pub description: String,
}

impl ErrorEntry {
    pub fn new(code: u16, description: impl Into<String>) -> ErrorEntry {
        ErrorEntry {
            code,
            description: description.into(),
        }
    }
}
