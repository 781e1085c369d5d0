//! The Open311 readers fed mutations of the specification's examples (the
//! seed corpus: tests/data/open311/spec-examples) and of our own documents:
//! each answers with a value or an error, never a panic. And any request we
//! can write reads back as itself, in both formats.
//!
//! A longer run: `PROPTEST_CASES=20000 cargo test --test it open311_fuzz::`.

use super::open311_formats::sample;
use citydesk::open311::{self, Format, RequestStatus, ServiceRequest, datetime, form, read, write};
use proptest::prelude::*;
use time::OffsetDateTime;

const SEEDS: &[&str] = &[
    "requests.xml",
    "requests.json",
    "request_single.xml",
    "request_single.json",
    "services.xml",
    "services.json",
    "service_definition.xml",
    "service_definition.json",
    "post_request_response.xml",
    "post_request_response.json",
    "token_response.xml",
    "token_response.json",
    "discovery.xml",
    "discovery.json",
    "error_403.http.xml",
    "error_403.http.json",
    "post_request.http",
];

/// What is spliced into a document: the characters parsers trip on.
const SPLICES: &[&str] = &[
    "<",
    ">",
    "&",
    "&amp;",
    "&#0;",
    "&x;",
    "\"",
    "\\",
    "\\u",
    "0",
    "00",
    "-",
    "1e999",
    "[",
    "]",
    "{",
    "}",
    ":",
    ",",
    "\r\n",
    "\u{FEFF}",
    "\u{0}",
    "<!DOCTYPE a [<!ENTITY x \"y\">]>",
    "<a:b xmlns:a=\"u\">",
    "</",
    "/>",
    "<![CDATA[",
    "]]>",
    "<?xml version=\"1.0\"?>",
    "null",
    "true",
    "\"service_code\":007",
    "\u{D7FF}",
    "热",
];

#[derive(Debug, Clone)]
enum Edit {
    Flip(usize, u8),
    Insert(usize, usize),
    Delete(usize, usize),
    Truncate(usize),
    Repeat(usize, usize, u8),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Edit::Flip(at, b)),
        (any::<usize>(), 0..SPLICES.len()).prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        any::<usize>().prop_map(Edit::Truncate),
        (any::<usize>(), 1usize..30, 2u8..20).prop_map(|(at, n, k)| Edit::Repeat(at, n, k)),
    ]
}

fn apply(mut doc: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for e in edits {
        let len = doc.len().max(1);
        match *e {
            Edit::Flip(at, b) if !doc.is_empty() => doc[at % len] = b,
            Edit::Insert(at, s) => {
                let at = at % (doc.len() + 1);
                doc.splice(at..at, SPLICES[s].bytes());
            }
            Edit::Delete(at, n) if !doc.is_empty() => {
                let at = at % len;
                let end = (at + n).min(doc.len());
                doc.drain(at..end);
            }
            Edit::Truncate(at) => doc.truncate(at % (doc.len() + 1)),
            Edit::Repeat(at, n, k) if !doc.is_empty() => {
                let at = at % len;
                let piece: Vec<u8> = doc[at..(at + n).min(doc.len())].to_vec();
                for _ in 0..k {
                    doc.splice(at..at, piece.iter().copied());
                }
            }
            _ => {}
        }
    }
    doc
}

/// Every reader over the same bytes; only panics matter here.
fn read_all(bytes: &[u8]) {
    let _ = read::requests(bytes);
    let _ = read::services(bytes);
    let _ = read::service_definition(bytes);
    let _ = read::receipts(bytes);
    let _ = read::discovery(bytes);
    let _ = read::errors(bytes);
    let _ = form::parse(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        let _ = datetime::parse(text);
    }
}

fn text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of("[a-zA-Z0-9热水<>&\"' .:/_-]{1,24}")
        .prop_map(|t| t.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()))
}

fn when() -> impl Strategy<Value = Option<OffsetDateTime>> {
    proptest::option::of(946_684_800i64..4_102_444_800)
        .prop_map(|s| s.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok()))
}

fn request() -> impl Strategy<Value = ServiceRequest> {
    (
        (
            "[A-Z]{3}-[0-9]{1,6}|0[0-9]{2,5}",
            any::<bool>(),
            text(),
            text(),
            text(),
        ),
        (text(), text(), when(), when(), when()),
        (
            text(),
            text(),
            proptest::option::of(-90.0f64..=90.0),
            proptest::option::of(-180.0f64..=180.0),
        ),
    )
        .prop_map(
            |((id, closed, notes, code, desc), (agency, notice, req, upd, exp), (addr, zip, lat, long))| {
                ServiceRequest {
                    service_request_id: id,
                    status: Some(if closed {
                        RequestStatus::Closed
                    } else {
                        RequestStatus::Open
                    }),
                    status_notes: notes,
                    service_name: agency.clone(),
                    service_code: code,
                    description: desc,
                    agency_responsible: agency,
                    service_notice: notice,
                    requested_datetime: req,
                    updated_datetime: upd,
                    expected_datetime: exp,
                    address: addr,
                    address_id: zip.clone(),
                    zipcode: zip,
                    lat,
                    long,
                    media_url: None,
                    extra: Default::default(),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn mutated_spec_examples_never_panic_a_reader(seed in 0..SEEDS.len(), edits in proptest::collection::vec(edit(), 1..6)) {
        read_all(&apply(sample(SEEDS[seed]), &edits));
    }

    #[test]
    fn mutated_documents_of_ours_never_panic_a_reader(
        r in request(), json in any::<bool>(), edits in proptest::collection::vec(edit(), 1..6)
    ) {
        let format = if json { Format::Json } else { Format::Xml };
        read_all(&apply(write::requests(format, &[r]).into_bytes(), &edits));
    }

    #[test]
    fn any_bytes_never_panic_a_reader(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        read_all(&bytes);
    }

    #[test]
    fn any_request_we_write_reads_back_as_itself(rs in proptest::collection::vec(request(), 1..4)) {
        for format in [Format::Xml, Format::Json] {
            let doc = write::requests(format, &rs);
            let back = read::requests(doc.as_bytes());
            prop_assert_eq!(back.map(|b| b.requests), Ok(rs.clone()), "{}", doc);
        }
    }
}

#[test]
fn the_seed_corpus_is_every_spec_example() {
    let dir = super::open311_formats::data_dir().join("spec-examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut seeds: Vec<&str> = SEEDS.to_vec();
    seeds.sort();
    assert_eq!(names, seeds);
    let _ = open311::Format::from_extension("xml");
}
