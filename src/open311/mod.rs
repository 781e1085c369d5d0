//! Open311 GeoReport v2, both directions, as pure code: the documents our
//! server writes (discovery, services, service definitions, requests,
//! receipts, errors) in XML and JSON, the readers for what other systems
//! send (liberal: namespaces, empty elements, any field order, ids and
//! codes kept as text, the spec's own invalid JSON numbers), the form
//! encoding of `POST requests`, the mapping of our lifecycle to
//! `open`/`closed`, and the mapping of foreign service codes to our
//! categories. No I/O: the server's routes and `citydesk ingest open311`
//! are thin shells around it, and the parsers are fuzzed as they are.
//! docs/open311.md says every choice made here.

pub mod catalog;
pub mod datetime;
pub mod form;
pub mod import;
mod leading_zeros;
pub mod lifecycle;
pub mod mapping;
pub mod read;
pub mod tree;
mod types;
pub mod write;

pub use types::*;

/// Why a document could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Open311Error {
    #[error("the document is not UTF-8 (bad byte at offset {0})")]
    Encoding(usize),
    #[error("the document is not well-formed XML (a DTD is refused): {0}")]
    Xml(String),
    #[error("the document is not JSON: {0}")]
    Json(String),
    #[error("the document nests deeper than {} levels", tree::MAX_DEPTH)]
    TooDeep,
    #[error("the document has no {0}")]
    Missing(&'static str),
    #[error("the server answered with errors: {}", describe(.0))]
    Remote(Vec<ErrorEntry>),
    #[error("mapping file: {0}")]
    Mapping(String),
}

fn describe(errors: &[ErrorEntry]) -> String {
    errors
        .iter()
        .map(|e| format!("{} {}", e.code, e.description))
        .collect::<Vec<_>>()
        .join("; ")
}
