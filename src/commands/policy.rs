//! `citydesk policy check [FILE]`: loads a policy file the way the server
//! would and prints what it means — the calendar, the effective limit of
//! every kind × priority × stage, the category overrides, the ladder and
//! the routes — so an operator sees the numbers before a server runs them.

use crate::cli::PolicyCommand;
use crate::model::{City, ClockKey, Kind, Policy, Priority, Route, Stage, Supervision, calendar::hhmm};
use std::fmt::Write;

pub fn run(cmd: PolicyCommand) -> anyhow::Result<()> {
    match cmd {
        PolicyCommand::Check { file, city: dir } => {
            let city = crate::data::load(dir.dir.as_deref())?;
            let policy = crate::data::policy::load(file.as_deref(), &city)?;
            // The suggestion data is checked here too: keywords with the
            // taxonomy (above), the knowledge base against the city; and the
            // intake mappings (cap.toml, alertmanager.toml) a city may bring.
            let knowledge = crate::data::knowledge::load(dir.dir.as_deref(), &city)?;
            crate::data::cap::load(dir.dir.as_deref(), &city)?;
            crate::data::alertmanager::load(dir.dir.as_deref(), &city)?;
            let name = file.map_or_else(
                || "(built-in) data/policy.toml".to_owned(),
                |f| f.display().to_string(),
            );
            print!("{name}: ok\n\n{}", report(&policy, &city));
            let keywords: usize = city.categories.iter().map(|c| c.keywords.len()).sum();
            let bare: Vec<&str> = city
                .categories
                .iter()
                .filter(|c| c.keywords.is_empty())
                .map(|c| c.code.as_str())
                .collect();
            let examples = knowledge.iter().filter(|k| k.example).count();
            println!(
                "\nsuggestions: {keywords} keywords over {} categories{}; knowledge: {} entries ({examples} examples)",
                city.categories.len(),
                if bare.is_empty() {
                    String::new()
                } else {
                    format!(" (none for {})", bare.join(" "))
                },
                knowledge.len()
            );
            Ok(())
        }
    }
}

/// The human summary `policy check` prints.
pub fn report(policy: &Policy, city: &City) -> String {
    let mut out = String::new();
    calendar(&mut out, policy);
    limits(&mut out, policy);
    overrides(&mut out, policy, city);
    rules(&mut out, policy);
    routes(&mut out, &policy.routes);
    out
}

fn calendar(out: &mut String, policy: &Policy) {
    let c = policy.calendar();
    let hours: Vec<String> = c
        .periods()
        .iter()
        .map(|(s, e)| format!("{}-{}", hhmm(*s), hhmm(*e)))
        .collect();
    let weekend: Vec<String> = c
        .weekend()
        .iter()
        .map(|d| d.to_string()[..3].to_lowercase())
        .collect();
    let minutes = c.day_length().whole_minutes();
    let _ = writeln!(
        out,
        "calendar: UTC{:+03}:{:02}, working {} ({}h{:02} a working day), weekend {}",
        c.offset().whole_hours(),
        c.offset().minutes_past_hour().abs(),
        hours.join(" "),
        minutes / 60,
        minutes % 60,
        if weekend.is_empty() {
            "none".to_owned()
        } else {
            weekend.join(" ")
        }
    );
    let span = |set: &std::collections::BTreeSet<time::Date>| match (set.first(), set.last()) {
        (Some(a), Some(b)) => format!("{} ({a} … {b})", set.len()),
        _ => "none".to_owned(),
    };
    let _ = writeln!(
        out,
        "          holidays {}, make-up working days {}\n",
        span(c.holidays()),
        span(c.workdays())
    );
}

fn header(out: &mut String, first: &str) {
    let _ = write!(out, "  {first:<14}");
    for stage in Stage::ALL {
        let _ = write!(out, "{:>9}", stage.as_str());
    }
    out.push('\n');
}

fn limits(out: &mut String, policy: &Policy) {
    out.push_str("limits by kind × priority (m/h/d around the clock, wh/wd working time):\n");
    header(out, "");
    for kind in Kind::ALL {
        for priority in Priority::ALL {
            let _ = write!(out, "  {:<14}", format!("{} {priority}", kind.as_str()));
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
fn overrides(out: &mut String, policy: &Policy, city: &City) {
    out.push_str("category overrides (at the category's usual kind and priority; - = as above):\n");
    header(out, "");
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

fn rules(out: &mut String, policy: &Policy) {
    let ladder = &policy.ladder;
    let rungs: Vec<String> = ladder
        .supervision
        .iter()
        .map(|s| format!("{} at {}", level(s.level), s.overdue))
        .collect();
    let _ = writeln!(
        out,
        "ladder: chase on sign breach {}; supervision {} overdue; designate after {} returns",
        if ladder.chase_on_sign_breach { "on" } else { "off" },
        if rungs.is_empty() {
            "off".to_owned()
        } else {
            rungs.join(", ")
        },
        ladder.returns_to_designate
    );
    let _ = writeln!(
        out,
        "storm: {} alerts within {}; duplicates: within {} and {} m\n",
        policy.storm.threshold,
        crate::model::Limit::Wall(policy.storm.window),
        crate::model::Limit::Wall(policy.duplicates.window),
        policy.duplicates.distance_m
    );
}

fn level(s: Supervision) -> &'static str {
    match s {
        Supervision::None => "none",
        Supervision::Normal => "normal",
        Supervision::Yellow => "yellow",
        Supervision::Red => "red",
    }
}

fn routes(out: &mut String, routes: &[Route]) {
    out.push_str("routes (first match wins):\n");
    if routes.is_empty() {
        out.push_str("  none: every item waits for a dispatcher\n");
    }
    for r in routes {
        let mut when: Vec<String> = Vec::new();
        when.extend(r.kind.map(|k| format!("kind={}", k.as_str())));
        when.extend(r.category.as_ref().map(|c| format!("category={c}")));
        when.extend(r.district.as_ref().map(|d| format!("district={d}")));
        when.extend(r.street.as_ref().map(|s| format!("street={s}")));
        let when = if when.is_empty() {
            "every item".to_owned()
        } else {
            when.join(" ")
        };
        let how = if r.auto { "auto" } else { "suggest" };
        let _ = writeln!(out, "  {:<26} {when} → {} ({how})", r.name, r.to.join(" | "));
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
