use super::*;
use crate::data::default_city;
use crate::model::ClockKey;

const MINIMAL: &str = r#"[calendar]
utc_offset = "+08:00"
hours = ["09:00-12:00", "13:00-17:00"]
weekend = ["sat", "sun"]

[[limits]]
accept = "1h"
dispatch = "1h"
sign = "1h"
resolve = "1wd"
verify = "1wd"
"#;

fn parse(text: &str) -> Result<Policy, DataError> {
    let src = Source {
        file: "p.toml".into(),
        text: text.into(),
    };
    from_source(&src, &default_city())
}

/// The line and message of the error `text` gives.
fn error(text: &str) -> (usize, String) {
    match parse(text) {
        Err(DataError::Invalid { file, line, message }) => {
            assert_eq!(file, "p.toml");
            (line, message)
        }
        other => panic!("expected an error, got {other:?}"),
    }
}

fn key(kind: Kind, category: &str, priority: Priority, stage: Stage) -> ClockKey<'_> {
    ClockKey {
        kind,
        category,
        priority,
        stage,
    }
}

#[test]
fn built_in_policy_loads_and_agrees_with_the_model_default() {
    let shipped = crate::data::default_policy();
    let model = Policy::default();
    for kind in Kind::ALL {
        for priority in Priority::ALL {
            for stage in Stage::ALL {
                let k = key(kind, "", priority, stage);
                assert_eq!(
                    shipped.limit(&k),
                    model.limit(&k),
                    "{kind:?} {priority} {stage:?}"
                );
            }
        }
    }
    assert_eq!(shipped.ladder, model.ladder);
    assert_eq!(shipped.storm, model.storm);
    assert_eq!(shipped.duplicates, model.duplicates);
    let (s, m) = (shipped.calendar(), model.calendar());
    assert_eq!(
        (s.offset(), s.periods(), s.weekend()),
        (m.offset(), m.periods(), m.weekend())
    );
}

#[test]
fn built_in_calendar_has_the_2026_holidays_and_make_up_days() {
    let p = crate::data::default_policy();
    let c = p.calendar();
    assert_eq!(c.holidays().len(), 33);
    assert_eq!(c.workdays().len(), 6);
    assert!(!c.is_working_day(time::macros::date!(2026 - 02 - 17)));
    assert!(c.is_working_day(time::macros::date!(2026 - 02 - 14)));
}

#[test]
fn built_in_policy_gives_every_category_its_research_limit() {
    let p = crate::data::default_policy();
    let city = default_city();
    assert_eq!(p.categories().count(), city.categories.len());
    let resolve = |code| {
        let c = city.category(code).expect("category");
        p.limit(&key(c.kind, code, c.priority, Stage::Resolve))
    };
    assert_eq!(resolve("C01"), Limit::Wall(Duration::hours(6)));
    assert_eq!(resolve("C11"), Limit::WorkingHours(Duration::hours(4)));
    assert_eq!(resolve("C16"), Limit::WorkingDays(15));
    assert_eq!(resolve("H05"), Limit::WorkingDays(5));
    // Utilities sign within 30 min even when filed as general.
    assert_eq!(
        p.limit(&key(Kind::Ticket, "H01", Priority::P3, Stage::Sign)),
        Limit::Wall(Duration::minutes(30))
    );
    assert_eq!(
        p.limit(&key(Kind::Ticket, "H07", Priority::P3, Stage::Sign)),
        Limit::WorkingDays(1)
    );
}

#[test]
fn built_in_routes_end_with_the_taxonomy_catch_all() {
    let p = crate::data::default_policy();
    let last = p.routes.last().expect("routes");
    assert_eq!(last.to, ["category"]);
    assert!(last.auto);
    let misconduct = p
        .routes
        .iter()
        .find(|r| r.category.as_deref() == Some("H11"))
        .expect("H11");
    assert!(!misconduct.auto);
    assert_eq!(misconduct.name, "route:misconduct");
    let alerts = p
        .routes
        .iter()
        .find(|r| r.kind == Some(Kind::Alert))
        .expect("alerts");
    assert_eq!(alerts.to, ["community", "category"]);
    assert_eq!(alerts.pick, crate::model::Pick::First);
    assert!(p.routes.iter().any(|r| r.to.len() == 2));
}

#[test]
fn a_minimal_file_takes_the_default_ladder_and_no_routes() {
    let p = parse(MINIMAL).expect("valid");
    assert_eq!(p.ladder, Policy::default().ladder);
    assert!(p.routes.is_empty());
    assert_eq!(p.calendar().day_length(), Duration::hours(7));
}

#[test]
fn unnamed_routes_are_numbered_and_districts_kept_as_codes() {
    let text = format!(
        "{MINIMAL}\n[[route]]\ncategory = \"C11\"\ndistrict = \"古塔区\"\nto = [\"sanitation\"]\n\n[[route]]\nto = [\"category\"]\n"
    );
    let p = parse(&text).expect("valid");
    assert_eq!(p.routes[0].name, "route:1");
    assert_eq!(p.routes[0].district.as_deref(), Some("210702"));
    assert!(!p.routes[0].auto);
    assert_eq!(p.routes[1].name, "route:2");
}

#[test]
fn an_unknown_key_names_its_line() {
    let (line, message) = error(&MINIMAL.replace("verify = \"1wd\"", "verify = \"1wd\"\nverfy = \"1wd\""));
    assert_eq!(line, 12);
    assert!(message.contains("verfy"), "{message}");
}

#[test]
fn a_bad_duration_names_its_line_and_stage() {
    let (line, message) = error(&MINIMAL.replace("sign = \"1h\"", "sign = \"1 hour\""));
    assert_eq!(line, 9);
    assert!(message.starts_with("sign:"), "{message}");
}

#[test]
fn unknown_kind_priority_and_category_are_refused() {
    for (row, word) in [
        ("kind = \"tiket\"", "unknown kind"),
        ("priority = \"P5\"", "unknown priority"),
        ("category = \"C99\"", "unknown category"),
    ] {
        let text = format!("{MINIMAL}\n[[limits]]\n{row}\nresolve = \"1h\"\n");
        let (line, message) = error(&text);
        assert_eq!(line, 14, "{row}");
        assert!(message.contains(word), "{message}");
    }
}

#[test]
fn a_route_to_an_unknown_department_is_refused() {
    let text = format!("{MINIMAL}\n[[route]]\ncategory = \"C11\"\nto = [\"sanitation\",\n  \"plumbing\"]\n");
    let (line, message) = error(&text);
    assert_eq!(line, 16);
    assert!(message.contains("plumbing"), "{message}");
}

#[test]
fn an_unknown_pick_names_its_line() {
    let text = format!("{MINIMAL}\n[[route]]\nto = [\"category\"]\npick = \"random\"\n");
    let (line, message) = error(&text);
    assert_eq!(line, 15);
    assert!(
        message.contains("least_loaded") && message.contains("random"),
        "{message}"
    );
}

#[test]
fn routes_after_a_catch_all_are_refused() {
    let text = format!(
        "{MINIMAL}\n[[route]]\nto = [\"category\"]\n\n[[route]]\nkind = \"alert\"\nto = [\"community\"]\n"
    );
    let (line, message) = error(&text);
    assert_eq!(line, 16);
    assert!(message.contains("never used"), "{message}");
}

#[test]
fn rows_that_leave_a_stage_uncovered_are_refused() {
    let text = MINIMAL.replace("verify = \"1wd\"\n", "");
    let (line, message) = error(&text);
    assert_eq!(line, 6);
    assert!(message.contains("incident P1 verify"), "{message}");
}

#[test]
fn a_calendar_without_working_time_is_refused() {
    let (line, message) = error(&MINIMAL.replace("hours = [\"09:00-12:00\", \"13:00-17:00\"]", "hours = []"));
    assert_eq!(line, 3);
    assert!(message.contains("working period"), "{message}");
    let all = "weekend = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\", \"sat\", \"sun\"]";
    let (line, message) = error(&MINIMAL.replace("weekend = [\"sat\", \"sun\"]", all));
    assert_eq!(line, 4);
    assert!(message.contains("no working time"), "{message}");
}

#[test]
fn calendar_values_are_checked_where_they_are_written() {
    let cases = [
        ("utc_offset = \"+08:00\"", "utc_offset = \"CST\"", 2, "+08:00"),
        ("\"13:00-17:00\"", "\"13:00-25:00\"", 3, "08:30-12:00"),
        ("\"13:00-17:00\"", "\"11:00-17:00\"", 3, "in order"),
        ("\"sat\", \"sun\"", "\"sat\", \"sunday\"", 4, "weekend day"),
        (
            "weekend = [\"sat\", \"sun\"]",
            "weekend = [\"sat\", \"sun\"]\nholidays = [\"2026-02-30\"]",
            5,
            "date",
        ),
        (
            "weekend = [\"sat\", \"sun\"]",
            "weekend = [\"sat\", \"sun\"]\nworkdays = [\"2026-02-16\"]",
            5,
            "Monday",
        ),
        (
            "weekend = [\"sat\", \"sun\"]",
            "weekend = [\"sat\", \"sun\"]\nholidays = [\"2026-02-14\"]\nworkdays = [\"2026-02-14\"]",
            6,
            "both",
        ),
    ];
    for (from, to, want_line, want) in cases {
        let (line, message) = error(&MINIMAL.replace(from, to));
        assert_eq!(line, want_line, "{to}: {message}");
        assert!(message.contains(want), "{to}: {message}");
    }
}

#[test]
fn ladder_storm_and_duplicates_are_checked() {
    let cases = [
        (
            "[ladder]\nsupervision = [{ level = \"amber\", overdue = \"1wd\" }]\n",
            "unknown supervision level",
        ),
        (
            "[ladder]\nsupervision = [{ level = \"red\", overdue = \"0m\" }, { level = \"yellow\", overdue = \"1wd\" }]\n",
            "climb",
        ),
        ("[storm]\nwindow = \"1wd\"\nthreshold = 5\n", "around the clock"),
        ("[storm]\nwindow = \"10m\"\nthreshold = 1\n", "at least 2"),
        ("[duplicates]\nwindow = \"24h\"\ndistance_m = -5\n", "positive"),
    ];
    for (table, want) in cases {
        let (line, message) = error(&format!("{MINIMAL}\n{table}"));
        assert!(line >= 13, "{table}: line {line}");
        assert!(message.contains(want), "{table}: {message}");
    }
    let ok = parse(&format!("{MINIMAL}\n[ladder]\nreturns_to_designate = 0\n")).expect("valid");
    assert_eq!(ok.ladder.returns_to_designate, 0);
    assert!(ok.ladder.chase_on_sign_breach);
}

#[test]
fn a_row_that_sets_no_stage_is_refused() {
    let (line, message) = error(&format!("{MINIMAL}\n[[limits]]\nkind = \"ticket\"\n"));
    assert!((13..=14).contains(&line), "{line}");
    assert!(message.contains("at least one"), "{message}");
}

#[test]
fn the_shipped_cap_table_is_the_default_and_a_bad_cap_word_names_its_line() {
    let policy = crate::data::default_policy();
    assert_eq!(policy.cap, crate::model::CapPolicy::default());
    assert_eq!(
        policy.cap.priority("Severe", "Immediate", "Observed"),
        Priority::P1
    );
    assert_eq!(policy.cap.priority("Minor", "Past", "Observed"), Priority::P4);
    assert_eq!(policy.cap.priority("Unknown", "Unknown", "Unknown"), Priority::P3);
    let text = format!(
        "{MINIMAL}\n[cap]\nfallback = \"P2\"\n[[cap.priority]]\nseverity = [\"Severe\", \"Dire\"]\npriority = \"P1\"\n"
    );
    let err = from_source(
        &Source {
            file: "p.toml".into(),
            text: text.clone(),
        },
        &default_city(),
    )
    .expect_err("Dire is not CAP");
    assert!(
        err.to_string().contains("\"Dire\" is not one of Extreme"),
        "{err}"
    );
    let ok = from_source(
        &Source {
            file: "p.toml".into(),
            text: text.replace(", \"Dire\"", ""),
        },
        &default_city(),
    )
    .expect("valid");
    assert_eq!(ok.cap.fallback, Priority::P2);
    assert_eq!(
        ok.cap.priority("Severe", "Past", "Unlikely"),
        Priority::P1,
        "the file's rows replace the shipped ones"
    );
}
