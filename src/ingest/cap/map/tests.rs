use super::super::tests::{A1, A2, A3, A4};
use super::super::{Alert, parse};
use super::*;
use crate::data::{default_city, default_outlines};
use crate::model::Priority;

fn map_with(doc: &str, language: &str) -> Mapped {
    let alert: Alert = parse(doc.as_bytes()).expect("parses").remove(0);
    let mapping = CapMapping::embedded();
    let policy = CapPolicy::default();
    let outlines = default_outlines();
    let city = default_city();
    let ctx = CapContext {
        mapping: &mapping,
        policy: &policy,
        outlines: &outlines,
        city: &city,
        language,
    };
    map_alert(&alert, &ctx)
}

fn open(m: &Mapped) -> &CreateItem {
    match &m.action {
        MappedAction::Open(c) | MappedAction::Update(c) => c,
        other => panic!("not an open: {other:?}"),
    }
}

#[test]
fn the_shipped_mapping_file_parses() {
    assert_eq!(
        CapMapping::parse(EMBEDDED_MAPPING).expect("valid").default,
        "预警信息"
    );
    assert!(CapMapping::parse("default = \"\"").is_err());
}

#[test]
fn the_appendix_a_examples_map_to_the_documented_items() {
    let a1 = map_with(A1, "zh-CN");
    let c = open(&a1);
    assert_eq!(
        (c.kind, c.category.as_str(), c.priority),
        (Kind::Alert, "G08", Some(Priority::P1))
    );
    assert_eq!(c.title, "Homeland Security Sets Code ORANGE");
    assert_eq!(
        a1.foreign_id,
        "hsas@dhs.gov|43b080713727|2003-04-02T14:39:01-05:00"
    );
    let a2 = map_with(A2, "zh-CN");
    let c = open(&a2);
    assert_eq!(
        (c.category.as_str(), c.priority),
        ("气象预警", Some(Priority::P1))
    );
    assert_eq!(c.title, "SEVERE THUNDERSTORM WARNING");
    assert_eq!(c.place.district, None, "California is not in Jinzhou");
    assert!(
        c.place
            .address
            .as_deref()
            .is_some_and(|a| a.starts_with("EXTREME NORTH CENTRAL TUOLUMNE"))
    );
    assert!(a2.expires.is_some());
    assert_eq!(
        a2.extra["cap.expires"], "2003-06-17T23:00:00Z",
        "kept in UTC for a later sweep"
    );
    let a3 = map_with(A3, "zh-CN");
    assert_eq!(
        a3.foreign_id, "trinet@caltech.edu|TRI13970876.1|2003-06-11T20:30:00-07:00",
        "an Update is the item it references"
    );
    assert_eq!(
        a3.extra["cap.message"],
        "trinet@caltech.edu|TRI13970876.2|2003-06-11T20:56:00-07:00"
    );
    let c = open(&a3);
    assert_eq!(
        (c.category.as_str(), c.priority),
        ("地质灾害预警", Some(Priority::P4))
    );
    assert_eq!((c.place.lat, c.place.lon), (Some(32.9525), Some(-115.5527)));
    assert_eq!(a3.url.as_deref(), Some("http://www.trinet.org/scsn/scsn.html"));
}

#[test]
fn the_title_comes_in_the_operators_language_and_every_language_is_kept() {
    let es = map_with(A4, "es");
    assert_eq!(open(&es).title, "Alerta Amber en el condado de Los Ángeles");
    assert!(
        open(&es)
            .description
            .contains("[en-US] Amber Alert in Los Angeles County")
    );
    let zh = map_with(A4, "zh-CN");
    assert_eq!(
        open(&zh).title,
        "Amber Alert in Los Angeles County",
        "no zh info: the first"
    );
    assert_eq!(
        zh.extra["cap.info.es-US.headline"],
        "Alerta Amber en el condado de Los Ángeles"
    );
    assert_eq!(open(&zh).priority, Some(Priority::P1));
}

/// An alert over Jinzhou, with `area` inside its one info.
fn jinzhou(status: &str, msg_type: &str, extra: &str, area: &str) -> String {
    format!(
        r#"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>LN-1</identifier><sender>cma@lnqx.gov.cn</sender><sent>2026-07-20T08:00:00+08:00</sent><status>{status}</status><msgType>{msgType}</msgType><scope>Public</scope>{extra}
<info><language>zh-CN</language><category>Met</category><event>暴雨红色预警</event><urgency>Immediate</urgency><severity>Extreme</severity><certainty>Likely</certainty><headline>锦州市气象台发布暴雨红色预警</headline><area><areaDesc>锦州市</areaDesc>{area}</area></info>
<info><language>en-US</language><category>Met</category><event>Rainstorm red warning</event><urgency>Immediate</urgency><severity>Extreme</severity><certainty>Likely</certainty><headline>Rainstorm red warning for Jinzhou</headline><area><areaDesc>Jinzhou</areaDesc></area></info></alert>"#,
        msgType = msg_type
    )
}

#[test]
fn a_geocode_polygon_or_circle_over_jinzhou_lands_in_its_districts() {
    let by_code = map_with(
        &jinzhou(
            "Actual",
            "Alert",
            "",
            "<geocode><valueName>GB/T 2260</valueName><value>210727</value></geocode>",
        ),
        "zh-CN",
    );
    let c = open(&by_code);
    assert_eq!(c.place.district.as_deref(), Some("210727"));
    assert_eq!((c.category.as_str(), c.priority), ("C14", Some(Priority::P1)));
    assert_eq!(c.title, "锦州市气象台发布暴雨红色预警");
    let same = map_with(
        &jinzhou(
            "Actual",
            "Alert",
            "",
            "<geocode><valueName>SAME</valueName><value>210727</value></geocode>",
        ),
        "zh-CN",
    );
    assert_eq!(
        open(&same).place.district,
        None,
        "only GB/T 2260 geocodes name districts"
    );
    // Around the city centre: 古塔区, 凌河区 and 太和区 meet there.
    let circle = map_with(
        &jinzhou("Actual", "Alert", "", "<circle>41.115,121.13 6</circle>"),
        "zh-CN",
    );
    let districts = circle.extra.get("cap.districts").cloned().unwrap_or_default();
    assert_eq!(
        open(&circle).place.district.as_deref(),
        Some("210702"),
        "{districts}"
    );
    assert!(
        districts.contains("210703") && districts.contains("210711"),
        "{districts}"
    );
    assert!(open(&circle).description.contains("Districts: 210702"));
    // A small polygon deep inside 黑山县.
    let poly = map_with(
        &jinzhou(
            "Actual",
            "Alert",
            "",
            "<polygon>41.69,122.11 41.69,122.13 41.70,122.13 41.69,122.11</polygon>",
        ),
        "zh-CN",
    );
    assert_eq!(open(&poly).place.district.as_deref(), Some("210726"));
    assert!(!poly.extra.contains_key("cap.districts"));
}

#[test]
fn exercises_tests_and_drafts_are_marked_and_flagged_never_to_dispatch() {
    for (status, marker) in [
        ("Exercise", "[EXERCISE] "),
        ("Test", "[TEST] "),
        ("Draft", "[DRAFT] "),
    ] {
        let m = map_with(&jinzhou(status, "Alert", "", ""), "zh-CN");
        assert!(m.rehearsal);
        assert!(open(&m).title.starts_with(marker), "{}", open(&m).title);
        assert_eq!(m.extra["cap.status"], status);
    }
    assert!(!map_with(&jinzhou("Actual", "Alert", "", ""), "zh-CN").rehearsal);
}

#[test]
fn cancel_clears_what_it_references_and_ack_error_system_are_ignored() {
    let refs = "<references>cma@lnqx.gov.cn,LN-0,2026-07-20T07:00:00+08:00</references><note>发布错误</note>";
    let cancel = map_with(&jinzhou("Actual", "Cancel", refs, ""), "zh-CN");
    assert_eq!(
        cancel.foreign_id,
        "cma@lnqx.gov.cn|LN-0|2026-07-20T07:00:00+08:00"
    );
    assert_eq!(
        cancel.action,
        MappedAction::Clear {
            note: "CAP Cancel from cma@lnqx.gov.cn: 发布错误".into()
        }
    );
    let orphan = map_with(&jinzhou("Actual", "Cancel", "", ""), "zh-CN");
    assert!(matches!(orphan.action, MappedAction::Ignore { .. }));
    for (status, msg) in [("Actual", "Ack"), ("Actual", "Error"), ("System", "Alert")] {
        let m = map_with(&jinzhou(status, msg, refs, ""), "zh-CN");
        assert!(matches!(m.action, MappedAction::Ignore { .. }), "{status} {msg}");
    }
    let update = map_with(&jinzhou("Actual", "Update", refs, ""), "zh-CN");
    assert_eq!(
        update.foreign_id,
        "cma@lnqx.gov.cn|LN-0|2026-07-20T07:00:00+08:00"
    );
}
