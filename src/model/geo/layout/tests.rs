use super::*;
use crate::data::{default_city, default_outlines};

fn layout() -> Layout {
    Layout::new(&default_outlines(), &default_city())
}

#[test]
fn every_grid_street_and_label_lies_inside_its_district() {
    let l = layout();
    let city = default_city();
    let o = default_outlines();
    let mut grids = 0;
    for d in &city.districts {
        // A zone lies inside the district that holds its centre.
        let home = match o.get(&d.code) {
            Some(home) => home,
            None => l
                .districts()
                .find(|(code, ..)| *code == d.code)
                .and_then(|(_, _, at)| o.district_at(at))
                .unwrap_or_else(|| panic!("{} has no place on the map", d.name)),
        };
        for (_, name, p) in l.streets(&d.code) {
            assert!(home.contains(*p), "{} {name} at {p:?}", d.name);
        }
        for s in &d.streets {
            for c in &s.communities {
                for g in 1..=c.grids {
                    let id = format!("{}-{:02}-{:02}-{g:02}", d.code, s.number, c.number);
                    let p = l
                        .grids()
                        .get(&id)
                        .unwrap_or_else(|| panic!("{id} has no position"));
                    assert!(home.contains(*p), "{id} at {p:?} outside {}", home.name);
                    grids += 1;
                }
            }
        }
    }
    assert_eq!(grids, l.grids().len());
    assert!(grids > 1000, "{grids}");
}

#[test]
fn the_same_data_gives_the_same_positions() {
    assert_eq!(layout(), layout());
}

#[test]
fn an_items_own_coordinates_win_then_grid_street_district() {
    let l = layout();
    let grid = "210702-01-01-01";
    let at_grid = l.grids()[grid];
    let mut place = Place {
        district: Some("古塔区".into()),
        street: Some(l.streets("210702")[1].1.clone()),
        grid: Some(grid.into()),
        lat: Some(41.1),
        lon: Some(121.1),
        ..Place::default()
    };
    assert_eq!(
        l.place(&place),
        Some(Point {
            lon: 121.1,
            lat: 41.1
        })
    );
    place.lat = None;
    assert_eq!(l.place(&place), Some(at_grid));
    place.grid = None;
    assert_eq!(l.place(&place), Some(l.streets("210702")[1].2));
    place.street = Some("no such street".into());
    let label = l.districts().find(|d| d.0 == "210702").map(|d| d.2);
    assert_eq!(l.place(&place), label);
    place.district = Some("nowhere".into());
    assert_eq!(l.place(&place), None);
}

#[test]
fn the_projection_fits_the_city_and_keeps_its_shape() {
    let l = layout();
    let (sw, ne) = l.bounds().expect("bounds");
    for (cols, rows) in [(78u16, 20u16), (150, 46), (30, 8)] {
        let p = Projection::fit(sw, ne, cols, rows);
        assert!(p.cell(sw).is_some() && p.cell(ne).is_some(), "{cols}x{rows}");
        assert_eq!(p.cell(p.center), Some((cols / 2, rows / 2)));
        // A cell's middle is in that cell.
        assert_eq!(p.cell(p.point(3, 5)), Some((3, 5)));
        // A square on the ground is twice as many columns as rows.
        let side = 0.1;
        let corner = Point {
            lon: p.center.lon + side / p.center.lat.to_radians().cos(),
            lat: p.center.lat + side,
        };
        let ((x0, y0), (x1, y1)) = (p.xy(p.center), p.xy(corner));
        let ratio = (x1 - x0) / (y0 - y1);
        assert!((ratio - 2.0).abs() < 1e-9, "{ratio}");
    }
    let far = Point {
        lon: 116.4,
        lat: 39.9,
    };
    assert_eq!(Projection::fit(sw, ne, 80, 20).cell(far), None);
}
