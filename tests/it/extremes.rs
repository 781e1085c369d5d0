//! Extreme values fed to every parser of dates and durations a request
//! can reach: each answers with a value or a refusal, never a panic, and
//! what it accepts can be used in arithmetic without a panic either.

use citydesk::model::stats::{StatsQuery, Window};
use citydesk::model::{Limit, Policy};
use proptest::prelude::*;
use time::{OffsetDateTime, UtcOffset};

/// Years from far outside what `time` holds to well inside it.
fn year() -> impl Strategy<Value = i64> {
    prop_oneof![-99_999i64..=99_999, 1890i64..=2100, Just(-9999), Just(9999)]
}

/// A day as a query names it: ordinary, the first and last days `time`
/// knows, and ones that are not days at all.
fn day() -> impl Strategy<Value = String> {
    prop_oneof![
        (year(), 1u8..=12, 1u8..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        (year(), 0u8..14, 0u8..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        prop_oneof![
            Just("-9999-01-01"),
            Just("9999-12-31"),
            Just("+10000-01-01"),
            Just("0000-01-01")
        ]
        .prop_map(str::to_owned),
    ]
}

fn offset() -> impl Strategy<Value = UtcOffset> {
    (-25i8..=25).prop_map(|h| UtcOffset::from_hms(h.clamp(-25, 25), 0, 0).unwrap_or(UtcOffset::UTC))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn day_windows_never_panic(first in day(), last in day(), off in offset()) {
        let text = format!("{first}..{last}");
        if let Ok(q) = StatsQuery::parse(Some(&text), None, None) {
            let (from, to) = q.window.bounds(OffsetDateTime::now_utc(), off);
            prop_assert!(from < to, "{text}: {from} .. {to}");
        }
    }

    #[test]
    fn time_ranges_never_panic(y1 in year(), y2 in year(), oh in -23i8..=23, off in offset()) {
        let at = |y: i64| format!("{y:04}-01-01T00:00:00{oh:+03}:00");
        if let Ok(q) = StatsQuery::parse(None, Some(&at(y1)), Some(&at(y2))) {
            let is_range = matches!(q.window, Window::Range { .. });
            prop_assert!(is_range);
            let _ = q.window.bounds(OffsetDateTime::now_utc(), off);
        }
    }

    #[test]
    fn any_text_as_a_window_never_panics(text in "\\PC{0,40}") {
        let _ = StatsQuery::parse(Some(&text), None, None);
        let _ = StatsQuery::parse(None, Some(&text), Some(&text));
    }

    #[test]
    fn durations_never_panic(n in prop_oneof![0u64..=4000, any::<u64>()], unit in prop_oneof![
        Just("m"), Just("h"), Just("d"), Just("wh"), Just("wd"), Just("s"), Just("")
    ]) {
        let text = format!("{n}{unit}");
        if let Ok(limit) = Limit::parse(&text) {
            let policy = Policy::default();
            let far = OffsetDateTime::now_utc().replace_year(9999).unwrap_or(OffsetDateTime::now_utc());
            // Added again and again, as approved extensions would be.
            let mut at = far;
            for _ in 0..3 {
                at = policy.add(at, limit);
            }
            prop_assert!(at >= far);
            let _ = limit.as_wall() * 4 / 5;
        }
    }
}

#[test]
fn the_probed_window_is_refused_not_a_panic() {
    let q = StatsQuery::parse(Some("-9999-01-01..-9999-01-01"), None, None);
    assert!(q.is_err(), "{q:?}");
}
