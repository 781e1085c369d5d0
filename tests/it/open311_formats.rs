//! Open311 GeoReport v2 documents without a server: the specification's own
//! examples (tests/data/open311/spec-examples, see SOURCES.md there) are
//! read, our documents validate against the community JSON Schemas and read
//! back to what was written, and the oddities real servers send are taken.

use citydesk::data;
use citydesk::model::{City, Item, Kind, Place, Status};
use citydesk::open311::{
    self, Format, Open311Error, RequestStatus, ServiceRequest, catalog, form, import, lifecycle, mapping,
    read, write,
};
use jsonschema::Registry;
use serde_json::Value;
use std::path::PathBuf;
use time::macros::datetime;

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/open311")
}

pub fn sample(name: &str) -> Vec<u8> {
    std::fs::read(data_dir().join("spec-examples").join(name)).expect("sample exists")
}

fn city() -> City {
    data::embedded().expect("built-in data loads")
}

const SCHEMA_BASE: &str = "https://schema.open311.test/georeport-v2/";

fn schema(name: &str) -> Value {
    let text = std::fs::read_to_string(data_dir().join("schema").join(name)).expect("schema exists");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// Checks `doc` (our JSON) against the community schema `name`; the list
/// schemas refer to their item schemas by relative name, resolved locally.
pub fn assert_valid(name: &str, doc: &str) {
    let errors = schema_errors(name, doc);
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{doc}");
    if let Ok(Value::Array(items)) = serde_json::from_str::<Value>(doc) {
        assert!(!items.is_empty(), "{name}: an empty list validates trivially");
    }
}

fn schema_errors(name: &str, doc: &str) -> Vec<String> {
    let instance: Value = serde_json::from_str(doc).expect("JSON parses");
    let registry = Registry::new()
        .add(format!("{SCHEMA_BASE}request.json"), schema("request.json"))
        .expect("add")
        .add(format!("{SCHEMA_BASE}service.json"), schema("service.json"))
        .expect("add")
        .prepare()
        .expect("registry");
    let validator = jsonschema::options()
        .with_registry(&registry)
        .with_base_uri(format!("{SCHEMA_BASE}{name}"))
        .should_validate_formats(true)
        .build(&schema(name))
        .expect("schema builds");
    validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_schema_check_catches_numeric_codes_and_offsetless_times() {
    let numeric = r#"[{"service_request_id":"1","status":"open","service_code":6,"requested_datetime":"2010-04-14T06:37:38-08:00"}]"#;
    assert_eq!(schema_errors("requests.json", numeric).len(), 1);
    let no_offset = r#"[{"service_request_id":"1","status":"open","service_code":"6","requested_datetime":"2010-04-14T06:37:38"}]"#;
    assert_eq!(schema_errors("requests.json", no_offset).len(), 1);
    let service = r#"[{"service_code":"1","service_name":"x","metadata":true,"type":"sometimes"}]"#;
    assert_eq!(schema_errors("services.json", service).len(), 1);
}

/// `HTTP/1.1 403 Forbidden`, a blank line, then the body.
fn http_body(bytes: &[u8]) -> &[u8] {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let at = text.find("\n\n").expect("blank line") + 2;
    &bytes[at..]
}

#[test]
fn the_specs_request_lists_read_alike_in_xml_and_in_its_invalid_json() {
    for name in ["requests.xml", "requests.json"] {
        let doc = read::requests(&sample(name)).expect(name);
        assert!(doc.skipped.is_empty(), "{name}");
        let [closed, open] = &doc.requests[..] else {
            panic!("{name}: two requests")
        };
        assert_eq!(closed.service_request_id, "638344", "{name}");
        assert_eq!(closed.status, Some(RequestStatus::Closed));
        assert_eq!(closed.status_notes.as_deref(), Some("Duplicate request."));
        assert_eq!(
            closed.service_code.as_deref(),
            Some("006"),
            "{name}: leading zeros stay"
        );
        assert_eq!(closed.description, None, "{name}: empty is absent");
        assert_eq!(closed.address_id.as_deref(), Some("545483"));
        assert_eq!(closed.zipcode.as_deref(), Some("94122"));
        assert_eq!(closed.lat, Some(37.762221815));
        assert_eq!(closed.long, Some(-122.4651145));
        assert_eq!(
            closed.requested_datetime,
            Some(datetime!(2010-04-14 14:37:38 UTC))
        );
        assert_eq!(closed.expected_datetime, Some(datetime!(2010-04-15 14:37:38 UTC)));
        assert_eq!(
            closed.media_url.as_deref(),
            Some("http://city.gov.s3.amazonaws.com/requests/media/638344.jpg"),
            "{name}: the trailing space is trimmed"
        );
        assert_eq!(open.status, Some(RequestStatus::Open));
        assert!(closed.extra.is_empty() && open.extra.is_empty(), "{name}");
    }
    for name in ["request_single.xml", "request_single.json"] {
        let doc = read::requests(&sample(name)).expect(name);
        assert_eq!(doc.requests.len(), 1, "{name}");
        assert_eq!(doc.requests[0].service_code.as_deref(), Some("006"));
    }
}

#[test]
fn the_specs_services_definitions_receipts_and_discovery_read() {
    for name in ["services.xml", "services.json"] {
        let services = read::services(&sample(name)).expect(name);
        let codes: Vec<&str> = services.iter().map(|s| s.service_code.as_str()).collect();
        assert_eq!(codes, ["001", "002", "003"], "{name}");
        assert_eq!(services[0].group.as_deref(), Some("sanitation"));
        assert!(services.iter().all(|s| s.metadata), "{name}");
    }
    for name in ["service_definition.xml", "service_definition.json"] {
        let d = read::service_definition(&sample(name)).expect(name);
        assert_eq!(d.service_code, "DMV66");
        let a = &d.attributes[0];
        assert_eq!(
            (a.code.as_str(), a.required, a.order),
            ("WHISHETN", true, Some(1))
        );
        assert_eq!(a.datatype, open311::Datatype::SingleValueList);
        assert_eq!(a.datatype_description, None, "{name}");
        assert_eq!(a.values[1].key, "124");
        assert_eq!(a.values[1].name, "Chrysler");
    }
    for name in ["post_request_response.xml", "post_request_response.json"] {
        let r = read::receipts(&sample(name)).expect(name);
        assert_eq!(r[0].service_request_id.as_deref(), Some("293944"));
        assert!(
            r[0].service_notice
                .as_deref()
                .is_some_and(|n| n.starts_with("The City will"))
        );
        assert_eq!(r[0].account_id, None);
    }
    for name in ["token_response.xml", "token_response.json"] {
        let r = read::receipts(&sample(name)).expect(name);
        assert_eq!(r[0].token.as_deref(), Some("12345"), "{name}");
    }
    for name in ["discovery.xml", "discovery.json"] {
        let d = read::discovery(&sample(name)).expect(name);
        assert_eq!(d.endpoints.len(), 3, "{name}");
        assert_eq!(d.endpoints[1].formats, ["text/xml", "application/json"]);
        assert_eq!(d.changeset, Some(datetime!(2011-02-03 14:18 UTC)));
    }
}

#[test]
fn the_specs_error_example_reads_as_an_error_list() {
    for name in ["error_403.http.xml", "error_403.http.json"] {
        let bytes = sample(name);
        let errors = read::errors(http_body(&bytes)).expect(name);
        assert_eq!(errors[0].code, 403, "{name}");
        assert!(errors[0].description.starts_with("Invalid api_key"));
        match read::requests(http_body(&bytes)) {
            Err(Open311Error::Remote(e)) => assert_eq!(e, errors, "{name}"),
            other => panic!("{name}: an error list is not requests: {other:?}"),
        }
    }
}

#[test]
fn the_specs_post_example_is_a_valid_form() {
    let bytes = sample("post_request.http");
    let body = std::str::from_utf8(&bytes)
        .expect("utf-8")
        .lines()
        .last()
        .expect("body line");
    let post = form::parse(body.as_bytes()).expect("the spec's POST is valid");
    assert_eq!(post.api_key.as_deref(), Some("xyz"));
    assert_eq!(post.service_code, "001");
    assert_eq!(post.lat, Some(37.76524078));
    assert_eq!(post.address_string.as_deref(), Some("1234 5th street"));
    assert_eq!(post.email.as_deref(), Some("smit333@sfgov.edu"));
    assert_eq!(post.attributes["WHISPAWN"], ["123456"]);
    assert_eq!(post.attributes["WHISDORN"], ["COISL001"]);
}

fn ticket(id: u64, status: Status) -> Item {
    let place = Place {
        address: Some("解放路 3 号".into()),
        district: Some("210702".into()),
        lat: Some(41.1),
        lon: Some(121.13),
        ..Place::default()
    };
    let created = datetime!(2026-11-30 20:00 UTC);
    let mut item: Item = serde_json::from_value(serde_json::json!({
        "id": format!("TKT-{id:04}"), "kind": "ticket", "version": 3, "status": status,
        "category": "H01", "title": "供热不热: 3楼", "description": "暖气 <冰凉> & \"不热\"",
        "priority": "P2", "tier": "grid", "supervision": "none", "place": place,
        "counters": {"returns": 0, "rework": 0, "reopens": 0},
        "created_by": "op:wangfang", "created_at": "2026-11-30T20:00:00Z", "updated_at": "2026-11-30T21:00:00Z"
    }))
    .expect("an item");
    item.department = Some("heating".into());
    item.created_at = created;
    item
}

#[test]
fn our_documents_validate_against_the_community_schemas() {
    let city = city();
    let json = Format::Json;
    assert_valid("services.json", &write::services(json, &catalog::services(&city)));
    for service in catalog::services(&city) {
        let d = catalog::definition(&city, &service.service_code).expect("defined");
        assert_eq!(
            service.metadata,
            !d.attributes.is_empty(),
            "{}",
            service.service_code
        );
        assert_valid("service-definition.json", &write::service_definition(json, &d));
    }
    let items: Vec<_> = Status::ALL
        .into_iter()
        .enumerate()
        .map(|(n, s)| ticket(n as u64 + 1, s))
        .collect();
    let requests: Vec<_> = items.iter().map(|i| lifecycle::request(&city, i)).collect();
    assert_valid("requests.json", &write::requests(json, &requests));
}

#[test]
fn the_services_are_the_hotline_categories_with_group_and_keywords() {
    let city = city();
    let services = catalog::services(&city);
    let hotline = city.categories.iter().filter(|c| c.kind == Kind::Ticket).count();
    assert_eq!(services.len(), hotline);
    let heating = services.iter().find(|s| s.service_code == "H01").expect("H01");
    assert_eq!(heating.service_name, "供热不热");
    assert_eq!(heating.group.as_deref(), Some("城乡建设"));
    assert!(heating.keywords.as_deref().is_some_and(|k| k.contains("暖气")));
    assert!(
        catalog::definition(&city, "C01").is_none(),
        "not a hotline category"
    );
}

#[test]
fn what_we_write_reads_back_to_the_same_requests_in_both_formats() {
    let city = city();
    let items: Vec<_> = Status::ALL
        .into_iter()
        .enumerate()
        .map(|(n, s)| ticket(n as u64 + 1, s))
        .collect();
    let requests: Vec<ServiceRequest> = items.iter().map(|i| lifecycle::request(&city, i)).collect();
    for format in [Format::Xml, Format::Json] {
        let doc = write::requests(format, &requests);
        let back = read::requests(doc.as_bytes()).expect("reads");
        assert_eq!(back.requests, requests, "{format:?}\n{doc}");
    }
    let r = &requests[0];
    assert_eq!(
        r.agency_responsible.as_deref(),
        Some("热力公司"),
        "the department's name"
    );
    assert_eq!(
        r.status_notes.as_deref(),
        Some("Received; waiting to be accepted by the hotline centre.")
    );
}

#[test]
fn services_definitions_and_receipts_round_trip() {
    let city = city();
    let services = catalog::services(&city);
    for format in [Format::Xml, Format::Json] {
        assert_eq!(
            read::services(write::services(format, &services).as_bytes()).expect("reads"),
            services
        );
        let d = catalog::definition(&city, "H05").expect("H05");
        let doc = write::service_definition(format, &d);
        assert_eq!(
            read::service_definition(doc.as_bytes()).expect("reads"),
            d,
            "{doc}"
        );
        let receipt = open311::Receipt {
            service_request_id: Some("TKT-0042".into()),
            token: None,
            service_notice: Some("notice".into()),
            account_id: None,
        };
        let doc = write::receipts(format, std::slice::from_ref(&receipt), true);
        assert_eq!(
            read::receipts(doc.as_bytes()).expect("reads"),
            vec![receipt.clone()]
        );
        let errors = [open311::ErrorEntry::new(404, "service_code H99 not found")];
        assert_eq!(
            read::errors(write::errors(format, &errors).as_bytes()).expect("reads"),
            errors
        );
    }
}

#[test]
fn what_real_servers_send_is_taken() {
    let xml = "<?xml version=\"1.0\"?>\r\n<sr:service_requests xmlns:sr=\"urn:acme\" xmlns:x=\"urn:ext\">\r\n\
        <sr:request><sr:long>121.13</sr:long><sr:lat>41.1</sr:lat>\r\n\
        <sr:service_request_id>SR-2026-0001</sr:service_request_id><sr:service_code>007</sr:service_code>\r\n\
        <sr:status>OPEN</sr:status><sr:description/><x:priority>high</x:priority>\r\n\
        <sr:requested_datetime>2026-11-30T08:00:00+08:00</sr:requested_datetime></sr:request>\r\n\
        <sr:request><sr:service_code>1</sr:service_code></sr:request>\r\n\
        </sr:service_requests>\r\n";
    let doc = read::requests(xml.as_bytes()).expect("reads");
    assert_eq!(
        doc.skipped.len(),
        1,
        "the request without an id is skipped and said so"
    );
    let r = &doc.requests[0];
    assert_eq!(r.service_request_id, "SR-2026-0001");
    assert_eq!(r.service_code.as_deref(), Some("007"));
    assert_eq!((r.lat, r.long), (Some(41.1), Some(121.13)));
    assert_eq!(r.status, Some(RequestStatus::Open));
    assert_eq!(r.extra.get("priority").map(String::as_str), Some("high"));
    assert_eq!(r.requested_datetime, Some(datetime!(2026-11-30 00:00 UTC)));

    let json = "{\r\n\"service_requests\": [{\"service_request_id\": 00912, \"service_code\": 0042,\r\n\
        \"lng\": \"121.2\", \"lat\": \"41.2\", \"status\": \"closed\", \"ext\": {\"a\": 1, \"b\": [2, 3]},\r\n\
        \"zipcode\": 121000, \"requested_datetime\": \"not a time\"}]}";
    let doc = read::requests(json.as_bytes()).expect("reads");
    let r = &doc.requests[0];
    assert_eq!(r.service_request_id, "00912");
    assert_eq!(r.service_code.as_deref(), Some("0042"));
    assert_eq!((r.lat, r.long), (Some(41.2), Some(121.2)));
    assert_eq!(r.zipcode.as_deref(), Some("121000"));
    assert_eq!(r.extra.get("ext").map(String::as_str), Some("1, 2, 3"));
    assert_eq!(r.requested_datetime, None);
    assert_eq!(
        r.extra.get("requested_datetime").map(String::as_str),
        Some("not a time")
    );
}

#[test]
fn an_import_maps_codes_lists_the_unmapped_and_clears_closed_requests() {
    let city = city();
    let mapping =
        mapping::Mapping::parse("default = \"H12\"\n[codes]\n\"006\" = \"H05\"\n", &city).expect("mapping");
    let doc = read::requests(&sample("requests.json")).expect("reads");
    let imports: Vec<_> = doc
        .requests
        .iter()
        .map(|r| import::foreign(Some("sf"), r, &mapping))
        .collect();
    assert_eq!(imports[0].service_request_id, "638344");
    assert_eq!(imports[0].create.category, "H05");
    assert_eq!(imports[0].unmapped, None);
    assert!(imports[0].closed.is_some() && imports[1].closed.is_none());
    let other = mapping::Mapping::only_default("H12");
    assert_eq!(
        import::foreign(None, &doc.requests[0], &other)
            .unmapped
            .as_deref(),
        Some("006")
    );
    assert!(
        mapping::Mapping::parse("default = \"Z99\"\n", &city).is_err(),
        "unknown category"
    );
    assert!(
        mapping::Mapping::parse("default = \"H12\"\nextra = 1\n", &city).is_err(),
        "unknown key"
    );
}

#[test]
fn a_post_is_checked_against_its_services_questions() {
    let city = city();
    let d = catalog::definition(&city, "H01").expect("H01");
    let post = form::parse(b"service_code=H01&lat=41.1&long=121.1&attribute[ROOM_TEMP]=12.5").expect("form");
    let errors = form::check_attributes(&post, &d);
    assert_eq!(errors.len(), 1, "SCOPE is required: {errors:?}");
    let post =
        form::parse(b"service_code=H01&address_id=9&attribute[SCOPE]=BUILDING&attribute[ROOM_TEMP]=12.5")
            .expect("form");
    assert!(form::check_attributes(&post, &d).is_empty());
    let outlines = citydesk::data::default_outlines();
    let create = import::posted(&post, &d, &city, &outlines);
    assert!(create.description.contains("整栋楼"), "{}", create.description);
    let bad =
        form::parse(b"service_code=H01&address_id=9&attribute[SCOPE]=CITY&attribute[NOPE]=1").expect("form");
    assert_eq!(form::check_attributes(&bad, &d).len(), 2);
    let noise = catalog::definition(&city, "H05").expect("H05");
    let many =
        form::parse(b"service_code=H05&address_id=9&attribute[SOURCE][]=DANCING&attribute[SOURCE][]=TRAFFIC")
            .expect("form");
    assert!(form::check_attributes(&many, &noise).is_empty());
    assert_eq!(many.attributes["SOURCE"], ["DANCING", "TRAFFIC"]);
}

/// A request is placed in its district like a call: by the outline its
/// coordinates fall in, else by the district its address starts with.
#[test]
fn a_post_is_placed_in_the_district_it_names_or_lies_in() {
    let city = city();
    let outlines = citydesk::data::default_outlines();
    let d = catalog::definition(&city, "H01").expect("H01");
    let placed = |body: &str| {
        let post = form::parse(body.as_bytes()).expect("form");
        import::posted(&post, &d, &city, &outlines).place.district
    };
    // 古塔区's own centre, from its outline.
    let inside = outlines
        .districts()
        .iter()
        .find(|o| o.name == "古塔区")
        .expect("古塔区 outline")
        .centroid();
    let at = format!("service_code=H01&lat={}&long={}", inside.lat, inside.lon);
    assert_eq!(placed(&at).as_deref(), Some("古塔区"));
    let named =
        "service_code=H01&address_string=%E5%87%8C%E6%B2%B3%E5%8C%BA+%E4%B8%AD%E5%A4%AE%E5%A4%A7%E8%A1%97";
    assert_eq!(placed(named).as_deref(), Some("凌河区"));
    assert_eq!(placed("service_code=H01&address_string=somewhere"), None);
    assert_eq!(placed("service_code=H01&lat=0&long=0"), None, "outside the city");
}
