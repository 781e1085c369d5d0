//! The simulator: the same seed plans the same reports and steps; the plan
//! has the shape of the scenario; a short run against a real server leaves
//! that mix in the store.

use crate::common::TestServer;
use citydesk::model::{Action, ActionName, City, Kind, Priority, Role, Status, Tier};
use citydesk::sim::{Act, Generator, Scenario, Script, SimOptions, Source, Stats, simulate};
use std::collections::HashMap;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;

fn city() -> Arc<City> {
    Arc::new(citydesk::data::embedded().expect("city"))
}

fn plan(scenario: Scenario, seed: u64, n: usize) -> Vec<Script> {
    Generator::new(city(), scenario, 5.0, 1.0, seed).take(n).collect()
}

#[test]
fn the_same_seed_plans_the_same_reports_and_steps() {
    for scenario in [Scenario::Normal, Scenario::Flood, Scenario::Heating] {
        let a = plan(scenario, 42, 2000);
        let b = plan(scenario, 42, 2000);
        assert_eq!(a, b, "{scenario:?}");
        assert_ne!(
            a,
            plan(scenario, 43, 2000),
            "{scenario:?}: another seed, another day"
        );
    }
}

#[test]
fn most_reports_come_from_the_three_urban_districts() {
    let city = city();
    let fresh: Vec<Script> = plan(Scenario::Normal, 1, 3000)
        .into_iter()
        .filter(|s| matches!(s.source, Source::Caller | Source::GridWorker))
        .collect();
    let urban = fresh
        .iter()
        .filter(|s| {
            let district = s.create.place.district.as_deref().unwrap_or_default();
            city.district(district).is_some_and(|d| d.urban)
        })
        .count();
    let share = urban as f64 / fresh.len() as f64;
    assert!((0.62..0.78).contains(&share), "urban share {share}");
}

#[test]
fn heating_season_tickets_are_mostly_cold_homes() {
    let tickets: Vec<Script> = plan(Scenario::Heating, 2, 3000)
        .into_iter()
        .filter(|s| s.source == Source::Caller)
        .collect();
    let heating = tickets.iter().filter(|s| s.create.category == "H01").count();
    assert!(heating * 2 > tickets.len(), "{heating} of {}", tickets.len());
    let normal_heating = plan(Scenario::Normal, 2, 3000)
        .iter()
        .filter(|s| s.source == Source::Caller && s.create.category == "H01")
        .count();
    assert!(normal_heating * 10 < heating, "out of season {normal_heating}");
}

#[test]
fn flood_bursts_are_several_sensors_of_one_grid_within_seconds() {
    let scripts = plan(Scenario::Flood, 3, 3000);
    // Sensor number two and up only fire in bursts: `iot:CAT:GRID#N`.
    let mut by_grid: HashMap<String, Vec<u64>> = HashMap::new();
    for s in scripts.iter().filter(|s| s.source == Source::Sensor) {
        let fp = s.create.fingerprint.clone().unwrap_or_default();
        let grid = s.create.place.grid.clone().unwrap_or_default();
        assert!(fp.contains(&grid), "{fp} names its grid");
        if fp.contains('#') {
            by_grid.entry(grid).or_default().push(s.at_ms);
        }
    }
    assert!(by_grid.len() > 5, "{} bursts", by_grid.len());
    let storms = by_grid
        .values()
        .filter(|at| at.len() >= 4 && at.iter().max().unwrap_or(&0) - at.iter().min().unwrap_or(&0) <= 10_000)
        .count();
    assert!(
        storms > 0,
        "bursts of five or more sensors in one grid within 10 s"
    );
}

#[test]
fn flood_sensors_fire_again_with_the_same_fingerprint_and_mostly_clear() {
    let scripts = plan(Scenario::Flood, 3, 3000);
    let mut firings: HashMap<String, usize> = HashMap::new();
    for s in scripts.iter().filter(|s| s.create.fingerprint.is_some()) {
        *firings
            .entry(s.create.fingerprint.clone().unwrap_or_default())
            .or_default() += 1;
    }
    let repeated = firings.values().filter(|n| **n > 1).count();
    assert!(
        repeated * 2 > firings.len(),
        "{repeated} of {} sensors repeat",
        firings.len()
    );
    let water = scripts.iter().filter(|s| s.create.category == "C14").count();
    assert!(
        water * 5 > scripts.len(),
        "standing water {water} of {}",
        scripts.len()
    );
    let cleared = scripts
        .iter()
        .filter(|s| s.source == Source::Sensor)
        .filter(|s| s.steps.iter().any(|st| st.act == Act::Do(Action::Clear {})))
        .count();
    let sensors = scripts.iter().filter(|s| s.source == Source::Sensor).count();
    assert!(cleared * 2 > sensors, "{cleared} of {sensors} clear");
}

#[test]
fn injury_crashes_are_p1_incidents_linked_with_110_and_120() {
    let crashes: Vec<Script> = plan(Scenario::Normal, 4, 6000)
        .into_iter()
        .filter(|s| s.create.category == "C26")
        .collect();
    assert!(!crashes.is_empty());
    for c in &crashes {
        assert_eq!(
            (c.create.kind, c.create.priority),
            (Kind::Incident, Some(Priority::P1))
        );
    }
    let linked = crashes
        .iter()
        .filter(|c| {
            c.steps
                .iter()
                .filter(|s| s.act.name() == ActionName::Link)
                .count()
                == 2
        })
        .count();
    assert!(linked * 2 > crashes.len(), "{linked} of {}", crashes.len());
}

#[test]
fn duplicate_callers_report_the_same_place_minutes_later_and_most_are_merged() {
    let scripts = plan(Scenario::Normal, 5, 3000);
    let dups: Vec<&Script> = scripts
        .iter()
        .filter(|s| s.source == Source::DuplicateCaller)
        .collect();
    assert!(dups.len() > 20, "{} duplicates", dups.len());
    let mut merged = 0;
    for d in &dups {
        let original = match d.steps.as_slice() {
            // Left for a console: the server suggests it as a duplicate.
            [] => continue,
            [step] => {
                let Act::MergeInto(first) = step.act else {
                    panic!("a duplicate merges into the first")
                };
                &scripts[usize::try_from(first).expect("ordinal")]
            }
            _ => panic!("a duplicate only merges"),
        };
        merged += 1;
        assert_eq!(original.create.place, d.create.place);
        assert_ne!(original.create.caller, d.create.caller);
        let minutes = (d.at_ms - original.at_ms) as f64 / 60_000.0;
        assert!((0.4..=5.1).contains(&minutes), "{minutes} min later");
    }
    assert!(
        merged * 2 > dups.len() && merged < dups.len(),
        "{merged} of {}",
        dups.len()
    );
}

#[tokio::test]
async fn a_short_run_leaves_its_mix_in_the_store() {
    let server = TestServer::start().await;
    let client = server.client("sim", Role::Supervisor).await;
    let opts = SimOptions {
        scenario: Scenario::Normal,
        seed: 11,
        rate: 2000.0,
        duration: None,
        items: Some(300),
        speed: 1000.0,
        concurrency: 32,
        intake_only: false,
        layout: None,
    };
    let stats = Arc::new(Stats::default());
    let report = simulate(client, city(), opts, stats, CancellationToken::new())
        .await
        .expect("simulate");
    assert_eq!(report.reports, 300, "{report}");
    assert_eq!(report.errors, 0, "{report}");
    // At 1000x speed a sensor fires again every few milliseconds, so an
    // action on its alert can lose the race a few times in a row.
    assert!(report.refused * 50 <= report.actions, "{report}");

    let counts = server.store.counts().await.expect("counts");
    let items: u64 = counts.iter().map(|(_, _, n)| n).sum();
    // Storm parents are the server's own items, not reports.
    let file = rusqlite::Connection::open(server.dir.path().join("test.db")).expect("open file");
    let storms: i64 = file
        .query_row(
            "SELECT COUNT(*) FROM items WHERE json_extract(body, '$.created_by') = ?1",
            [citydesk::model::SYSTEM_ACTOR],
            |r| r.get(0),
        )
        .expect("count storms");
    let storms = storms as u64;
    assert_eq!(items, report.reports - report.repeats + storms, "{report}");
    let of = |kind: Kind, status: Status| {
        counts
            .iter()
            .filter(|(k, s, _)| *k == kind && *s == status)
            .map(|(_, _, n)| *n)
            .sum::<u64>()
    };
    for kind in Kind::ALL {
        let all: u64 = Status::ALL.iter().map(|s| of(kind, *s)).sum();
        assert!(all > 30, "{kind}: {all}");
        assert!(of(kind, Status::Closed) > 0, "{kind} never closed");
    }
    assert!(of(Kind::Ticket, Status::Merged) > 0, "duplicates are merged");
    assert!(
        report.actions_by_name.get("return").copied().unwrap_or(0) > 0,
        "{report}"
    );

    let (_, open) = server
        .store
        .snapshot(&Default::default())
        .await
        .expect("snapshot");
    assert!(
        open.iter().any(|i| i.status == Status::Dispatched),
        "some run late"
    );
    assert!(open.iter().any(|i| i.tier > Tier::Grid), "some are escalated");
}

/// Every report a caller or grid worker makes, over the three scenarios.
fn spoken(n: usize) -> Vec<Script> {
    [Scenario::Normal, Scenario::Flood, Scenario::Heating]
        .into_iter()
        .enumerate()
        .flat_map(|(i, scenario)| plan(scenario, 100 + i as u64, n))
        .filter(|s| {
            matches!(
                s.source,
                Source::Caller | Source::DuplicateCaller | Source::GridWorker
            )
        })
        .collect()
}

#[test]
fn the_caller_named_in_the_text_is_the_items_caller() {
    let scripts = spoken(3000);
    let mut names: HashMap<String, String> = HashMap::new();
    let mut callers = 0;
    for s in &scripts {
        let Some(caller) = &s.create.caller else { continue };
        callers += 1;
        let name = caller.name.clone().expect("a caller has a name");
        let text = &s.create.description;
        assert!(text.starts_with(&format!("{name}来电")), "{name}: {text}");
        // Nobody else is named: the title (先生/女士) appears once, the caller's.
        let titles = text.matches("先生").count() + text.matches("女士").count();
        assert_eq!(titles, 1, "{name}: {text}");
        // Whoever calls from a number is the same person every time.
        let phone = caller.phone.clone().expect("a phone");
        let known = names.entry(phone.clone()).or_insert_with(|| name.clone());
        assert_eq!(*known, name, "{phone} is two people");
    }
    assert!(callers > 1000, "{callers} callers");
    assert!(names.len() > 300, "{} numbers", names.len());
}

#[test]
fn the_place_in_the_text_is_the_items_place() {
    // Questions and complaints about an office or a hospital name no place.
    let placeless = ["H07", "H10", "H11", "H12"];
    for s in spoken(3000) {
        let text = &s.create.description;
        let address = s.create.place.address.clone().expect("an address");
        if placeless.contains(&s.create.category.as_str()) {
            assert!(!text.contains(&address), "{text}");
        } else {
            assert!(text.contains(&address), "{} {address}: {text}", s.create.category);
        }
    }
}

#[test]
fn questions_read_as_questions_and_no_text_reads_oddly() {
    let city = city();
    let mut questions = 0;
    for s in spoken(3000) {
        let text = &s.create.description;
        let category = city.category(&s.create.category).expect("category");
        // The old template's `…附近政策咨询，请尽快处理。`: a category name
        // is not a thing one finds near an address.
        assert!(!text.contains(&format!("附近{}", category.name)), "{text}");
        if category.direct_answer {
            questions += 1;
            assert!(text.contains("来电咨询"), "{text}");
            assert!(!text.contains("附近") && !text.contains("尽快处理"), "{text}");
        }
        assert!(text.ends_with('。'), "{text}");
    }
    assert!(questions > 20, "{questions} questions");
}

/// With the city's layout, every report carries coordinates inside its
/// own district (a zone's: inside the district that holds the zone), and
/// the same seed still plans the same reports apart from them.
#[test]
fn reports_carry_coordinates_inside_their_district() {
    let city = city();
    let outlines = citydesk::data::default_outlines();
    let layout = Arc::new(citydesk::model::geo::Layout::new(&outlines, &city));
    let placed: Vec<Script> = Generator::new(city.clone(), Scenario::Flood, 5.0, 1.0, 7)
        .with_layout(Some(layout.clone()))
        .take(1500)
        .collect();
    let bare = plan(Scenario::Flood, 7, 1500);
    let mut checked = 0;
    for (s, b) in placed.iter().zip(&bare) {
        let p = &s.create.place;
        assert_eq!(
            (&p.district, &p.grid, &s.create.category),
            (&b.create.place.district, &b.create.place.grid, &b.create.category),
            "coordinates take no random draw"
        );
        let (Some(lat), Some(lon)) = (p.lat, p.lon) else {
            panic!("{:?} has no coordinates", p);
        };
        let name = p.district.as_deref().expect("district");
        let district = city.district(name).expect("known district");
        let expected = match outlines.get(&district.code) {
            Some(o) => o.name.clone(),
            None => {
                let [x, y] = district.center_e5.expect("a zone has a centre");
                let at = citydesk::model::geo::Point {
                    lon: f64::from(x) / 1e5,
                    lat: f64::from(y) / 1e5,
                };
                outlines
                    .district_at(at)
                    .expect("zone inside a district")
                    .name
                    .clone()
            }
        };
        let home = outlines
            .get(&city.district(&expected).expect("host").code)
            .expect("outline");
        assert!(
            home.contains(citydesk::model::geo::Point { lon, lat }),
            "{name} report at {lon},{lat} is outside {expected}"
        );
        checked += 1;
    }
    assert_eq!(checked, 1500);
}
