use super::*;
use crate::data::{
    EMBEDDED_GEOGRAPHY, GEOGRAPHY, default_city, default_outlines, embedded_source, geo::geography,
};

fn check(text: &str) -> Result<Outlines, DataError> {
    let bbox = geography(&embedded_source(GEOGRAPHY, EMBEDDED_GEOGRAPHY))
        .expect("valid")
        .bbox;
    outlines(
        &Source {
            file: "t.geojson".into(),
            text: text.into(),
        },
        &default_city(),
        bbox,
    )
}

#[test]
fn every_district_of_jinzhou_has_an_outline_whose_centroid_lies_inside_it() {
    let o = default_outlines();
    let city = default_city();
    let with_outline: Vec<_> = city
        .districts
        .iter()
        .filter(|d| d.kind != DistrictKind::Zone)
        .collect();
    assert_eq!(o.districts().len(), with_outline.len());
    for d in with_outline {
        let outline = o
            .get(&d.code)
            .unwrap_or_else(|| panic!("{} has no outline", d.name));
        let c = outline.centroid();
        assert!(outline.contains(c), "{} centroid {c:?} lies outside", d.name);
        assert_eq!(
            o.district_at(c).map(|x| x.code.as_str()),
            Some(d.code.as_str()),
            "{}",
            d.name
        );
    }
}

#[test]
fn known_places_fall_in_their_districts() {
    let o = default_outlines();
    // The shared file's own `center` of 古塔区 and of 黑山县 (GCJ-02).
    let at = |lon, lat| o.district_at(Point { lon, lat }).map(|d| d.name.clone());
    assert_eq!(at(121.130085, 41.115719).as_deref(), Some("古塔区"));
    assert_eq!(at(122.117915, 41.691804).as_deref(), Some("黑山县"));
    assert_eq!(at(116.4, 39.9), None, "Beijing is not in Jinzhou");
}

fn one_square(code: &str, name: &str, ring: &str) -> String {
    format!(
        r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code":"{code}","name":"{name}"}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}]}}"#
    )
}

#[test]
fn broken_outlines_are_refused_naming_the_problem() {
    let closed = "[[121.0,41.0],[121.1,41.0],[121.1,41.1],[121.0,41.0]]";
    for (text, needle) in [
        (
            one_square(
                "210702",
                "古塔区",
                "[[121.0,41.0],[121.1,41.0],[121.1,41.1],[121.0,41.2]]",
            ),
            "not closed",
        ),
        (
            one_square("210702", "古塔区", "[[121.0,41.0],[121.1,41.0],[121.0,41.0]]"),
            "at least 4",
        ),
        (
            one_square(
                "210702",
                "古塔区",
                "[[11.0,41.0],[121.1,41.0],[121.1,41.1],[11.0,41.0]]",
            ),
            "bounding box",
        ),
        (one_square("999999", "x", closed), "no district with code 999999"),
        (one_square("210702", "凌河区", closed), "not 凌河区"),
        (
            one_square("210702", "古塔区", closed),
            "no outline for 210703 凌河区",
        ),
        (
            "{\"type\":\"Feature\",\"features\":[]}".into(),
            "FeatureCollection",
        ),
        ("{".into(), "EOF"),
    ] {
        let e = check(&text).expect_err("refused").to_string();
        assert!(e.contains(needle), "{needle}: {e}");
    }
}

#[test]
fn a_zone_whose_centre_lies_in_no_outline_is_refused() {
    let mut city = (*default_city()).clone();
    let zone = city
        .districts
        .iter_mut()
        .find(|d| d.center_e5.is_some())
        .expect("a zone with a centre");
    zone.center_e5 = Some([11_640_000, 3_990_000]);
    let e = outlines(
        &embedded_source(crate::data::outlines::OUTLINES, EMBEDDED_OUTLINES),
        &city,
        None,
    )
    .expect_err("refused")
    .to_string();
    assert!(e.contains("lies in no district's outline"), "{e}");
}
