//! The city data files: the built-in ones load and agree with the
//! research; broken ones fail naming their file and line; the server's
//! directory is seeded from them.

use crate::common::TestServer;
use citydesk::data::{self, DataError};
use citydesk::model::{Kind, Priority, Role};
use std::path::Path;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid")
}

#[test]
fn built_in_city_is_jinzhou_with_nine_units_and_4179_grids() {
    let city = data::embedded().expect("built-in data loads");
    assert_eq!(city.name, "锦州市");
    assert_eq!(city.districts.len(), 9);
    assert_eq!(city.grid_count(), 4179);
    assert_eq!(city.worker_count(), 4179);
    assert_eq!(city.grids().count(), 4179);
    let urban: Vec<&str> = city
        .districts
        .iter()
        .filter(|d| d.urban)
        .map(|d| d.name.as_str())
        .collect();
    assert_eq!(urban, ["古塔区", "凌河区", "太和区"]);
}

#[test]
fn taxonomy_has_the_fifty_research_categories_routed_to_known_departments() {
    let city = data::embedded().expect("built-in data loads");
    assert_eq!(city.categories.len(), 50);
    let count = |prefix: char| {
        city.categories
            .iter()
            .filter(|c| c.code.starts_with(prefix))
            .count()
    };
    assert_eq!((count('C'), count('G'), count('H')), (27, 11, 12));
    for c in &city.categories {
        assert!(
            city.department(&c.department).is_some(),
            "{} routes nowhere",
            c.code
        );
    }
    let crash = city.category("C26").expect("C26");
    assert_eq!((crash.kind, crash.priority), (Kind::Incident, Priority::P1));
    assert_eq!(
        city.category("H01").map(|c| c.department.as_str()),
        Some("heating")
    );
}

#[test]
fn departments_keep_the_codes_items_already_carry() {
    let city = data::embedded().expect("built-in data loads");
    for code in [
        "water",
        "gas",
        "heating",
        "environment",
        "drainage",
        "traffic_police",
    ] {
        assert!(city.department(code).is_some(), "{code}");
    }
    assert_eq!(
        city.department("供水公司").map(|d| d.code.as_str()),
        Some("water")
    );
}

#[test]
fn grid_ids_are_district_street_community_grid_and_resolve_back() {
    let city = data::embedded().expect("built-in data loads");
    let first = city.grids().next().expect("a grid");
    assert_eq!(first.id(), "210702-01-01-01");
    let last = city.grids().last().expect("a grid");
    let found = city.grid(&last.id()).expect("found");
    assert_eq!(found.id(), last.id());
    assert!(city.grid("210702-99-01-01").is_none());
    let workers = city.grid_workers(&last);
    assert_eq!(workers.len(), 1);
    assert_eq!(workers[0].login, "gw4179");
    assert_eq!(workers[0].grid, last.id());
}

#[test]
fn a_city_directory_replaces_only_the_files_it_has() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        dir.path().join("departments.toml"),
        "[[department]]\ncode = \"water\"\nname = \"自来水公司\"\ngloss = \"Waterworks\"\n\
         [[department]]\ncode = \"drainage\"\nname = \"排水\"\ngloss = \"Drains\"\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("taxonomy.toml"),
        "[[category]]\ncode = \"C01\"\ngroup = \"g\"\ngroup_gloss = \"g\"\nname = \"井盖\"\ngloss = \"Cover\"\n\
         kind = \"incident\"\npriority = \"P2\"\ndepartment = \"water\"\nalso = [\"drainage\"]\nlimit = \"6h\"\n",
    )
    .expect("write");
    let city = data::load(Some(dir.path())).expect("loads");
    assert_eq!(city.departments.len(), 2);
    assert_eq!(city.categories.len(), 1);
    assert_eq!(city.grid_count(), 4179, "geography is still the built-in one");
}

#[test]
fn every_broken_fixture_fails_naming_its_file_and_line() {
    let mut cases = 0;
    for entry in std::fs::read_dir(fixtures()).expect("fixtures") {
        let dir = entry.expect("entry").path();
        // City cases are directories of data files; single files there
        // are other loaders' fixtures (keymaps, themes).
        if !dir.is_dir() {
            continue;
        }
        let expected = std::fs::read_to_string(dir.join("expected")).expect("expected");
        let mut lines = expected.lines();
        let (place, message) = (lines.next().unwrap_or_default(), lines.next().unwrap_or_default());
        let err = data::load(Some(&dir)).expect_err(&format!("{} must fail", dir.display()));
        assert!(matches!(err, DataError::Invalid { .. }), "{err:?}");
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("{}/{place}", dir.display())),
            "{}: got {text:?}, want {place:?}",
            dir.display()
        );
        assert!(
            text.contains(message),
            "{}: got {text:?}, want {message:?}",
            dir.display()
        );
        cases += 1;
    }
    assert!(cases >= 8, "only {cases} fixtures");
}

#[test]
fn a_missing_city_directory_is_an_error_naming_it() {
    let err = data::load(Some(Path::new("/nonexistent/city"))).expect_err("missing");
    assert!(err.to_string().starts_with("/nonexistent/city:"), "{err}");
}

#[tokio::test]
async fn directory_is_seeded_from_the_city_files() {
    let server = TestServer::start().await;
    let client = server.client("viewer", Role::Viewer).await;
    let dir = client.directory().await.expect("directory");
    let city = data::embedded().expect("city");
    assert_eq!(dir.departments.len(), city.departments.len());
    assert_eq!(dir.city.name, "锦州市");
    assert_eq!((dir.city.grids, dir.city.grid_workers), (4179, 4179));
    assert_eq!(dir.districts.len(), 9);
    let guta = &dir.districts[0];
    assert_eq!((guta.name.as_str(), guta.streets.len()), ("古塔区", 10));
    assert_eq!(dir.categories.len(), 50);
}
