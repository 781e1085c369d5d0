use super::*;

fn square(code: &str, x0: f64, y0: f64, size: f64) -> Outline {
    let p = |lon, lat| Point { lon, lat };
    Outline {
        code: code.into(),
        name: code.into(),
        polygons: vec![Polygon {
            rings: vec![vec![
                p(x0, y0),
                p(x0 + size, y0),
                p(x0 + size, y0 + size),
                p(x0, y0 + size),
                p(x0, y0),
            ]],
        }],
    }
}

fn two_squares() -> Outlines {
    // East one listed first: the order of the list must not matter.
    Outlines::new(vec![
        square("210703", 121.1, 41.0, 0.1),
        square("210702", 121.0, 41.0, 0.1),
    ])
}

#[test]
fn a_point_on_a_shared_border_resolves_to_the_lowest_code_every_time() {
    let o = two_squares();
    let border = Point {
        lon: 121.1,
        lat: 41.05,
    };
    for _ in 0..3 {
        assert_eq!(o.district_at(border).map(|d| d.code.as_str()), Some("210702"));
    }
    let east = Point {
        lon: 121.15,
        lat: 41.05,
    };
    assert_eq!(o.district_at(east).map(|d| d.code.as_str()), Some("210703"));
    assert!(
        o.district_at(Point {
            lon: 125.0,
            lat: 41.05
        })
        .is_none()
    );
}

#[test]
fn a_hole_is_outside() {
    let mut d = square("210702", 0.0, 0.0, 10.0);
    let hole = square("x", 4.0, 4.0, 2.0).polygons.remove(0).rings.remove(0);
    d.polygons[0].rings.push(hole);
    assert!(!d.contains(Point { lon: 5.0, lat: 5.0 }));
    assert!(d.contains(Point { lon: 1.0, lat: 1.0 }));
}

#[test]
fn the_centroid_of_a_crescent_still_lies_inside_it() {
    let p = |lon, lat| Point { lon, lat };
    // A U shape: its area centroid falls in the gap between the arms.
    let u = Outline {
        code: "1".into(),
        name: "u".into(),
        polygons: vec![Polygon {
            rings: vec![vec![
                p(0.0, 0.0),
                p(3.0, 0.0),
                p(3.0, 3.0),
                p(2.0, 3.0),
                p(2.0, 1.0),
                p(1.0, 1.0),
                p(1.0, 3.0),
                p(0.0, 3.0),
                p(0.0, 0.0),
            ]],
        }],
    };
    assert!(u.contains(u.centroid()), "{:?}", u.centroid());
    let sq = square("2", 0.0, 0.0, 2.0);
    assert_eq!(sq.centroid(), Point { lon: 1.0, lat: 1.0 });
}

#[test]
fn a_polygon_across_a_border_overlaps_both_and_puts_the_larger_share_first() {
    let o = two_squares();
    // lat,lon pairs: mostly in the east square, reaching into the west one.
    let area =
        parse_cap_polygon("41.02,121.08 41.02,121.18 41.08,121.18 41.08,121.08 41.02,121.08").expect("valid");
    let codes: Vec<_> = o
        .overlapping_polygon(&area)
        .iter()
        .map(|d| d.code.clone())
        .collect();
    assert_eq!(codes, ["210703", "210702"]);
    let inside = parse_cap_polygon("41.02,121.12 41.02,121.18 41.08,121.18 41.02,121.12").expect("valid");
    assert_eq!(o.overlapping_polygon(&inside).len(), 1);
    // A district wholly inside a large polygon overlaps it too.
    let big = parse_cap_polygon("40,120 40,123 42,123 42,120 40,120").expect("valid");
    assert_eq!(o.overlapping_polygon(&big).len(), 2);
}

#[test]
fn a_circle_reaches_a_neighbour_only_when_its_radius_does() {
    let o = two_squares();
    // 121.09 is ~0.84 km west of the border at 41.05° N.
    let near = parse_cap_circle("41.05,121.09 0.5").expect("valid");
    assert_eq!(o.overlapping_circle(&near).len(), 1);
    let wide = parse_cap_circle("41.05,121.09 2").expect("valid");
    let codes: Vec<_> = o
        .overlapping_circle(&wide)
        .iter()
        .map(|d| d.code.clone())
        .collect();
    assert_eq!(codes, ["210702", "210703"]);
    let east = parse_cap_circle("41.05,121.11 2").expect("valid");
    let codes: Vec<_> = o
        .overlapping_circle(&east)
        .iter()
        .map(|d| d.code.clone())
        .collect();
    assert_eq!(
        codes,
        ["210703", "210702"],
        "the district holding the centre comes first"
    );
    let zero = parse_cap_circle("41.05,121.15 0").expect("valid");
    assert_eq!(o.overlapping_circle(&zero).len(), 1);
}

#[test]
fn cap_polygon_and_circle_values_are_read_lat_first() {
    let poly = parse_cap_polygon("38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14")
        .expect("valid");
    assert_eq!(
        poly.rings[0][0],
        Point {
            lon: -120.14,
            lat: 38.47
        }
    );
    let c = parse_cap_circle("32.9525,-115.5527 0").expect("valid");
    assert_eq!(
        c.center,
        Point {
            lon: -115.5527,
            lat: 32.9525
        }
    );
    assert_eq!(c.radius_km, 0.0);
    let unclosed = parse_cap_polygon("1,1 1,2 2,2").expect("valid");
    assert_eq!(unclosed.rings[0].len(), 4, "an unclosed ring is closed");
}

#[test]
fn malformed_cap_shapes_are_refused_with_the_reason() {
    for (bad, needle) in [
        ("", "at least 4"),
        ("1,1 1,2", "at least 4"),
        ("1;1 1,2 2,2 1,1", "lat,lon"),
        ("91,1 1,2 2,2 91,1", "out of range"),
        ("1,x 1,2 2,2 1,1", "lat,lon"),
        ("1,NaN 1,2 2,2 1,1", "out of range"),
    ] {
        let e = parse_cap_polygon(bad).expect_err("refused").to_string();
        assert!(e.contains(needle), "{bad:?}: {e}");
    }
    for (bad, needle) in [
        ("1,1", "lat,lon radius_km"),
        ("1,1 2 3", "lat,lon radius_km"),
        ("1,1 -2", "km"),
        ("1,1 inf", "km"),
        ("1 2", "lat,lon"),
    ] {
        let e = parse_cap_circle(bad).expect_err("refused").to_string();
        assert!(e.contains(needle), "{bad:?}: {e}");
    }
}
