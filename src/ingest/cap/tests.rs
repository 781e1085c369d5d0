use super::*;
use proptest::prelude::*;

pub(super) const A1: &str = include_str!("../../../tests/data/cap/A1_homeland_security_advisory.xml");
pub(super) const A2: &str = include_str!("../../../tests/data/cap/A2_severe_thunderstorm_warning.xml");
pub(super) const A3: &str = include_str!("../../../tests/data/cap/A3_earthquake_report_update.xml");
pub(super) const A4: &str = include_str!("../../../tests/data/cap/A4_amber_alert_multilingual.xml");

fn one(text: &str) -> Alert {
    let mut alerts = parse(text.as_bytes()).expect("parses");
    assert_eq!(alerts.len(), 1);
    alerts.remove(0)
}

fn refused(text: &[u8]) -> CapError {
    parse(text).expect_err("refused")
}

/// A minimal valid alert with `body` inside it.
fn alert_with(ns: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="{ns}"><identifier>X1</identifier><sender>s@example.org</sender><sent>2026-06-01T10:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>{body}</alert>"#
    )
}

#[test]
fn the_four_appendix_a_examples_parse() {
    let a1 = one(A1);
    assert_eq!(a1.identifier, "43b080713727");
    assert_eq!(a1.infos[0].categories, [Category::Security]);
    assert_eq!(
        a1.infos[0].areas[0].desc,
        "U.S. nationwide and interests worldwide"
    );
    let a2 = one(A2);
    assert_eq!(
        a2.foreign_id(),
        "KSTO@NWS.NOAA.GOV|KSTO1055887203|2003-06-17T14:57:00-07:00"
    );
    assert_eq!(a2.infos[0].severity, Severity::Severe);
    assert_eq!(a2.infos[0].areas[0].polygons[0].rings[0].len(), 5);
    assert_eq!(a2.infos[0].areas[0].geocodes.len(), 3);
    assert!(a2.infos[0].expires.is_some());
    let a3 = one(A3);
    assert_eq!(a3.msg_type, MsgType::Update);
    assert_eq!(
        a3.references[0].foreign_id(),
        "trinet@caltech.edu|TRI13970876.1|2003-06-11T20:30:00-07:00"
    );
    assert_eq!(a3.infos[0].areas[0].circles[0].radius_km, 0.0);
    let a4 = one(A4);
    assert_eq!(a4.infos.len(), 2);
    assert_eq!(a4.infos[1].language, "es-US");
    assert!(
        a4.infos[1]
            .headline
            .as_deref()
            .is_some_and(|h| h.contains("Ángeles")),
        "{:?}",
        a4.infos[1].headline
    );
}

#[test]
fn a_billion_laughs_document_is_refused_before_any_expansion() {
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE alert [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("]>\n");
    doc.push_str(
        &alert_with(CAP_NS, "<note>&lol9;</note>")
            .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", ""),
    );
    assert_eq!(refused(doc.as_bytes()), CapError::Dtd);
}

#[test]
fn an_external_entity_is_refused_and_the_file_is_never_read() {
    let dir = tempfile::tempdir().expect("dir");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-7f3a").expect("write");
    let doc = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [<!ENTITY xxe SYSTEM \"file://{}\">]>\n{}",
        secret.display(),
        alert_with(CAP_NS, "<note>&xxe;</note>")
            .lines()
            .skip(1)
            .collect::<String>()
    );
    let e = refused(doc.as_bytes());
    assert_eq!(e, CapError::Dtd);
    assert!(!format!("{e} {e:?}").contains("TOP-SECRET"));
    // Without the DTD the reference is an unknown entity: still refused.
    let bare = alert_with(CAP_NS, "<note>&xxe;</note>");
    let e = refused(bare.as_bytes());
    assert!(matches!(e, CapError::Xml(_)), "{e:?}");
}

#[test]
fn an_xinclude_is_refused_not_followed() {
    let dir = tempfile::tempdir().expect("dir");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP-SECRET-xi").expect("write");
    let body = format!(
        r#"<note><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{}" parse="text"/></note>"#,
        secret.display()
    );
    let e = refused(alert_with(CAP_NS, &body).as_bytes());
    assert_eq!(e, CapError::XInclude("xi:include".into()));
    assert!(!e.to_string().contains("TOP-SECRET"));
}

#[test]
fn deep_nesting_and_oversize_documents_are_refused() {
    let deep = alert_with(CAP_NS, &format!("{}{}", "<x>".repeat(5000), "</x>".repeat(5000)));
    assert_eq!(refused(deep.as_bytes()), CapError::TooDeep(MAX_DEPTH));
    let big = alert_with(CAP_NS, &format!("<note>{}</note>", "a".repeat(MAX_BYTES)));
    assert!(matches!(refused(big.as_bytes()), CapError::TooLarge { .. }));
}

#[test]
fn a_byte_order_mark_and_other_declared_encodings_are_read() {
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(A2.as_bytes());
    assert_eq!(parse(&bom).expect("BOM").len(), 1);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in A4.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    assert_eq!(parse(&utf16).expect("UTF-16")[0].infos.len(), 2);
    let latin1 = alert_with(CAP_NS, "<note>caf\u{e9}</note>").replace("UTF-8", "ISO-8859-1");
    let bytes: Vec<u8> = latin1.chars().map(|c| c as u32 as u8).collect();
    assert_eq!(parse(&bytes).expect("latin-1")[0].note.as_deref(), Some("café"));
    let gbk = alert_with(CAP_NS, "<note>暴雨</note>").replace("UTF-8", "GBK");
    let (bytes, _, _) = encoding_rs::GBK.encode(&gbk);
    assert_eq!(parse(&bytes).expect("GBK")[0].note.as_deref(), Some("暴雨"));
    let bad = alert_with(CAP_NS, "").replace("UTF-8", "EBCDIC-XYZ");
    assert!(refused(bad.as_bytes()).to_string().contains("EBCDIC-XYZ"));
    let mut invalid = alert_with(CAP_NS, "<note>x</note>").into_bytes();
    invalid.insert(invalid.len() - 20, 0xFF);
    assert!(refused(&invalid).to_string().contains("not valid UTF-8"));
}

#[test]
fn any_prefix_of_the_cap_namespace_is_accepted_and_others_are_refused() {
    let prefixed = A2
        .replace("<alert xmlns = ", "<cap:alert xmlns:cap = ")
        .replace("</alert>", "</cap:alert>")
        .replace('<', "<cap:")
        .replace("<cap:/", "</cap:")
        .replace("<cap:?", "<?")
        .replace("<cap:cap:", "<cap:")
        .replace("</cap:cap:", "</cap:");
    assert!(prefixed.contains("<cap:identifier>"), "{prefixed}");
    assert_eq!(one(&prefixed).identifier, "KSTO1055887203");
    let v11 = A2.replace(":cap:1.2", ":cap:1.1");
    let e = refused(v11.as_bytes());
    assert_eq!(e.reason(), "namespace");
    assert!(
        e.to_string()
            .starts_with("alert: namespace \"urn:oasis:names:tc:emergency:cap:1.1\""),
        "{e}"
    );
    let none = A2.replace(" xmlns = \"urn:oasis:names:tc:emergency:cap:1.2\"", "");
    assert!(refused(none.as_bytes()).to_string().contains("no namespace"));
}

#[test]
fn each_refusal_names_the_element() {
    let cases = [
        (
            A2.replace("<identifier>KSTO1055887203</identifier>", ""),
            "alert[1]/identifier: required element missing",
        ),
        (
            A2.replace("<sender>KSTO@NWS.NOAA.GOV</sender>", "<sender> </sender>"),
            "alert[1]/sender: required",
        ),
        (
            A2.replace("<scope>Public</scope>", ""),
            "alert[1]/scope: required",
        ),
        (
            A2.replace("<status>Actual</status>", "<status>Real</status>"),
            "alert[1]/status: \"Real\" is not one of Actual",
        ),
        (
            A2.replace("<msgType>Alert</msgType>", "<msgType>Warn</msgType>"),
            "alert[1]/msgType",
        ),
        (
            A2.replace("2003-06-17T14:57:00-07:00</sent>", "2003-06-17T14:57:00</sent>"),
            "alert[1]/sent: \"2003-06-17T14:57:00\" is not a date-time with a zone offset",
        ),
        (
            A2.replace("<urgency>Immediate</urgency>", "<urgency>Now</urgency>"),
            "alert[1]/info[1]/urgency",
        ),
        (
            A2.replace("<event>SEVERE THUNDERSTORM</event>", ""),
            "alert[1]/info[1]/event: required",
        ),
        (
            A2.replace("38.47,-120.14 38.34", "38.47;-120.14 38.34"),
            "alert[1]/info[1]/area[1]/polygon: \"38.47;-120.14\"",
        ),
        (
            A3.replace("32.9525,-115.5527 0", "32.9525,-115.5527"),
            "alert[1]/info[1]/area[1]/circle",
        ),
        (
            A3.replace("trinet@caltech.edu,TRI13970876.1,", "trinet@caltech.edu,"),
            "alert[1]/references",
        ),
    ];
    for (doc, want) in cases {
        let e = refused(doc.as_bytes()).to_string();
        assert!(e.starts_with(want), "{want}\n got {e}");
    }
}

#[test]
fn a_sent_in_utc_with_z_is_accepted() {
    let a = one(&A2.replace("2003-06-17T14:57:00-07:00</sent>", "2003-06-17T21:57:00Z</sent>"));
    assert_eq!(a.sent.unix_timestamp(), one(A2).sent.unix_timestamp());
}

fn body_of(doc: &str) -> &str {
    doc.split_once("?>").map_or(doc, |(_, b)| b)
}

#[test]
fn edxl_de_envelopes_and_atom_entries_are_unwrapped_and_every_alert_taken() {
    let edxl = format!(
        r#"<?xml version="1.0"?><EDXLDistribution xmlns="urn:oasis:names:tc:emergency:EDXL:DE:1.0"><distributionID>d1</distributionID>
<contentObject><xmlContent><embeddedXMLContent>{}</embeddedXMLContent></xmlContent></contentObject>
<contentObject><xmlContent><embeddedXMLContent>{}</embeddedXMLContent></xmlContent></contentObject></EDXLDistribution>"#,
        body_of(A2),
        body_of(A4)
    );
    let alerts = parse(edxl.as_bytes()).expect("EDXL");
    assert_eq!(
        alerts.iter().map(|a| a.identifier.as_str()).collect::<Vec<_>>(),
        ["KSTO1055887203", "KAR0-0306112239-SW"]
    );
    let atom = format!(
        r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>e1</id><content type="text/xml">{}</content></entry></feed>"#,
        body_of(A3)
    );
    assert_eq!(
        parse(atom.as_bytes()).expect("Atom")[0].identifier,
        "TRI13970876.2"
    );
    let empty = r#"<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e</id></entry></feed>"#;
    assert_eq!(refused(empty.as_bytes()).reason(), "no_alert");
    let other = "<html><body/></html>";
    assert!(
        refused(other.as_bytes())
            .to_string()
            .contains("root element html")
    );
    // One bad alert refuses the whole envelope: nothing half-applied.
    let bad = edxl.replace("<status>Actual</status>", "<status>Nope</status>");
    assert!(refused(bad.as_bytes()).to_string().starts_with("alert[1]/status"));
}

#[test]
fn a_signature_is_kept_as_present_and_not_verified() {
    let signed = alert_with(
        CAP_NS,
        r#"<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/><SignatureValue>abc</SignatureValue></Signature>"#,
    );
    assert!(one(&signed).signed);
    assert!(!one(A2).signed);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn mutated_samples_never_panic(which in 0usize..4, cuts in proptest::collection::vec((0usize..3000, 0usize..40, any::<u8>()), 1..6)) {
        let mut bytes = [A1, A2, A3, A4][which].as_bytes().to_vec();
        for (at, len, byte) in cuts {
            let at = at % (bytes.len() + 1);
            match byte % 3 {
                0 => { let end = (at + len).min(bytes.len()); bytes.drain(at..end); }
                1 => bytes.insert(at, byte),
                _ => { let copy: Vec<u8> = bytes[at..(at + len).min(bytes.len())].to_vec(); bytes.splice(at..at, copy); }
            }
        }
        let _ = parse(&bytes);
    }
}
