//! `citydesk policy check [FILE]`: loads a policy file the way the server
//! would and prints what it means — the calendar, the effective limit of
//! every kind × priority × stage, the category overrides, the ladder and
//! the routes — so an operator sees the numbers before a server runs them.

use crate::cli::PolicyCommand;
use crate::model::{City, ClockKey, Kind, Policy, Priority, Route, Stage, Supervision, calendar::hhmm};
use crate::present::i18n::Lang;
use crate::t;
use std::fmt::Write;

pub fn run(cmd: PolicyCommand) -> anyhow::Result<()> {
    match cmd {
        PolicyCommand::Check {
            file,
            city: dir,
            lang,
        } => {
            let lang = super::words_lang(lang.get());
            let city = crate::data::load(dir.dir.as_deref())?;
            let policy = crate::data::policy::load(file.as_deref(), &city)?;
            // The suggestion data is checked here too: keywords with the
            // taxonomy (above), the knowledge base against the city; and the
            // intake mappings (cap.toml, alertmanager.toml) a city may bring.
            let knowledge = crate::data::knowledge::load(dir.dir.as_deref(), &city)?;
            crate::data::cap::load(dir.dir.as_deref(), &city)?;
            crate::data::alertmanager::load(dir.dir.as_deref(), &city)?;
            let name = file.map_or_else(|| t!(lang, "policy-built-in"), |f| f.display().to_string());
            print!(
                "{}\n\n{}",
                t!(lang, "policy-ok", file = name),
                report_in(lang, &policy, &city)
            );
            let keywords: usize = city.categories.iter().map(|c| c.keywords.len()).sum();
            let bare: Vec<&str> = city
                .categories
                .iter()
                .filter(|c| c.keywords.is_empty())
                .map(|c| c.code.as_str())
                .collect();
            let examples = knowledge.iter().filter(|k| k.example).count();
            let bare = if bare.is_empty() {
                String::new()
            } else {
                t!(lang, "policy-bare", codes = bare.join(" "))
            };
            let line = t!(
                lang,
                "policy-suggestions",
                keywords = keywords.to_string(),
                categories = city.categories.len().to_string(),
                bare = bare,
                entries = knowledge.len().to_string(),
                examples = examples.to_string()
            );
            println!("\n{line}");
            Ok(())
        }
    }
}

/// The human summary `policy check` prints.
pub fn report(policy: &Policy, city: &City) -> String {
    report_in(Lang::En, policy, city)
}

/// [`report`] in `lang` (codes, limits and rule names as the file has them).
pub fn report_in(lang: Lang, policy: &Policy, city: &City) -> String {
    let mut out = String::new();
    calendar(&mut out, policy, lang);
    limits(&mut out, policy, lang);
    overrides(&mut out, policy, city, lang);
    rules(&mut out, policy, lang);
    routes(&mut out, &policy.routes, lang);
    out
}

fn calendar(out: &mut String, policy: &Policy, lang: Lang) {
    let c = policy.calendar();
    let hours: Vec<String> = c
        .periods()
        .iter()
        .map(|(s, e)| format!("{}-{}", hhmm(*s), hhmm(*e)))
        .collect();
    let weekend: Vec<String> = c.weekend().iter().map(|d| weekday(lang, *d)).collect();
    let minutes = c.day_length().whole_minutes();
    let none = t!(lang, "policy-none");
    let line = t!(
        lang,
        "policy-calendar",
        offset = format!(
            "UTC{:+03}:{:02}",
            c.offset().whole_hours(),
            c.offset().minutes_past_hour().abs()
        ),
        hours = hours.join(" "),
        day = format!("{}h{:02}", minutes / 60, minutes % 60),
        weekend = if weekend.is_empty() {
            none.clone()
        } else {
            weekend.join(" ")
        }
    );
    let _ = writeln!(out, "{line}");
    let span = |set: &std::collections::BTreeSet<time::Date>| match (set.first(), set.last()) {
        (Some(a), Some(b)) => format!("{} ({a} … {b})", set.len()),
        _ => none.clone(),
    };
    let line = t!(
        lang,
        "policy-holidays",
        holidays = span(c.holidays()),
        workdays = span(c.workdays())
    );
    let _ = writeln!(out, "          {line}\n");
}

/// A weekday as the file spells it (`sat`) in English, by name otherwise.
fn weekday(lang: Lang, d: time::Weekday) -> String {
    use time::Weekday::{Friday, Monday, Saturday, Sunday, Thursday, Tuesday, Wednesday};
    match d {
        Monday => t!(lang, "policy-mon"),
        Tuesday => t!(lang, "policy-tue"),
        Wednesday => t!(lang, "policy-wed"),
        Thursday => t!(lang, "policy-thu"),
        Friday => t!(lang, "policy-fri"),
        Saturday => t!(lang, "policy-sat"),
        Sunday => t!(lang, "policy-sun"),
    }
}

fn header(out: &mut String, first: &str, lang: Lang) {
    let _ = write!(out, "  {first:<14}");
    for stage in Stage::ALL {
        let _ = write!(out, "{}", right(&stage_word(lang, stage), 9));
    }
    out.push('\n');
}

/// A stage's name: the wire's in English, the catalog's otherwise.
fn stage_word(lang: Lang, stage: Stage) -> String {
    match lang {
        Lang::En => stage.as_str().to_owned(),
        _ => crate::present::labels::stage(lang, stage.as_str()),
    }
}

/// A kind's name: the wire's in English, the catalog's otherwise.
fn kind_word(lang: Lang, kind: Kind) -> String {
    match lang {
        Lang::En => kind.as_str().to_owned(),
        _ => crate::present::labels::kind(lang, kind),
    }
}

/// `text` right-aligned in `width` terminal cells.
fn right(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

/// `text` left-aligned in `width` terminal cells.
fn left(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

fn limits(out: &mut String, policy: &Policy, lang: Lang) {
    let _ = writeln!(out, "{}", t!(lang, "policy-limits"));
    header(out, "", lang);
    for kind in Kind::ALL {
        for priority in Priority::ALL {
            let _ = write!(
                out,
                "  {}",
                left(&format!("{} {priority}", kind_word(lang, kind)), 14)
            );
            for stage in Stage::ALL {
                let limit = policy.limit(&key(kind, "", priority, stage));
                let _ = write!(out, "{:>9}", limit.to_string());
            }
            out.push('\n');
        }
    }
    out.push('\n');
}

/// Each category's limits where they differ from its kind × priority
/// default, at the category's usual kind and priority.
fn overrides(out: &mut String, policy: &Policy, city: &City, lang: Lang) {
    let _ = writeln!(out, "{}", t!(lang, "policy-overrides"));
    header(out, "", lang);
    for code in policy.categories() {
        let (kind, priority, name) = city
            .category(code)
            .map_or((Kind::Incident, Priority::P3, ""), |c| {
                (c.kind, c.priority, c.name.as_str())
            });
        let _ = write!(out, "  {:<14}", format!("{code} {priority}"));
        for stage in Stage::ALL {
            let own = policy.limit(&key(kind, code, priority, stage));
            let base = policy.limit(&key(kind, "", priority, stage));
            let cell = if own == base {
                "-".to_owned()
            } else {
                own.to_string()
            };
            let _ = write!(out, "{cell:>9}");
        }
        let _ = writeln!(out, "  {name}");
    }
    out.push('\n');
}

fn rules(out: &mut String, policy: &Policy, lang: Lang) {
    let ladder = &policy.ladder;
    let rungs: Vec<String> = ladder
        .supervision
        .iter()
        .map(|s| {
            t!(
                lang,
                "policy-rung",
                level = level(lang, s.level),
                overdue = s.overdue.to_string()
            )
        })
        .collect();
    let (on, off) = (t!(lang, "policy-on"), t!(lang, "policy-off"));
    let line = t!(
        lang,
        "policy-ladder",
        chase = if ladder.chase_on_sign_breach {
            on
        } else {
            off.clone()
        },
        rungs = if rungs.is_empty() {
            off
        } else {
            rungs.join(&t!(lang, "policy-list-sep"))
        },
        returns = ladder.returns_to_designate.to_string()
    );
    let _ = writeln!(out, "{line}");
    let line = t!(
        lang,
        "policy-storm",
        threshold = policy.storm.threshold.to_string(),
        window = crate::model::Limit::Wall(policy.storm.window).to_string(),
        duplicates = crate::model::Limit::Wall(policy.duplicates.window).to_string(),
        metres = policy.duplicates.distance_m.to_string()
    );
    let _ = writeln!(out, "{line}\n");
}

fn level(lang: Lang, s: Supervision) -> String {
    let wire = match s {
        Supervision::None => "none",
        Supervision::Normal => "normal",
        Supervision::Yellow => "yellow",
        Supervision::Red => "red",
    };
    match (lang, s) {
        (Lang::En, _) => wire.to_owned(),
        (_, Supervision::None) => t!(lang, "policy-none"),
        (_, s) => crate::present::labels::card(lang, s),
    }
}

fn routes(out: &mut String, routes: &[Route], lang: Lang) {
    let _ = writeln!(out, "{}", t!(lang, "policy-routes"));
    if routes.is_empty() {
        let _ = writeln!(out, "  {}", t!(lang, "policy-no-routes"));
    }
    for r in routes {
        let mut when: Vec<String> = Vec::new();
        when.extend(r.kind.map(|k| format!("kind={}", k.as_str())));
        when.extend(r.category.as_ref().map(|c| format!("category={c}")));
        when.extend(r.district.as_ref().map(|d| format!("district={d}")));
        when.extend(r.street.as_ref().map(|s| format!("street={s}")));
        let when = if when.is_empty() {
            t!(lang, "policy-every-item")
        } else {
            when.join(" ")
        };
        let how = if r.auto {
            t!(lang, "policy-auto")
        } else {
            t!(lang, "policy-suggest")
        };
        let _ = writeln!(out, "  {:<26} {when} → {} {how}", r.name, r.to.join(" | "));
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
