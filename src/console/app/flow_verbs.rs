//! Command-line verbs of the closed loop beyond the basic lifecycle:
//! extensions, callbacks, raising an incident, the stats view and storm
//! children. Kept apart from `commands.rs` so each file stays readable.

use super::commands::Command;
use crate::model::{Action as ItemAction, Limit, Satisfaction};
use time::Date;

/// Which period the stats view covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatsWindow {
    #[default]
    Today,
    Week,
    /// Whole days in the city's time, both included.
    Days {
        first: Date,
        last: Date,
    },
}

impl StatsWindow {
    /// As the server's `window` parameter reads it (and the view's title).
    pub fn query(self) -> String {
        match self {
            StatsWindow::Today => "today".into(),
            StatsWindow::Week => "week".into(),
            StatsWindow::Days { first, last } => format!("{first}..{last}"),
        }
    }
}

/// Verbs with their usage, appended to the basic ones for completion and
/// help.
pub const FLOW_VERBS: &[(&str, &str)] = &[
    ("extend", "<limit> <reason>"),
    ("approve-extension", ""),
    ("deny-extension", "<reason>"),
    ("callback", "satisfied|basic|unsatisfied [attributable] [note]"),
    ("raise", "[category] [title]"),
    ("stats", "[today|week|YYYY-MM-DD [YYYY-MM-DD]]"),
    ("children", ""),
];

pub const SATISFACTION: [&str; 3] = ["satisfied", "basic", "unsatisfied"];

/// Parses one of the flow verbs; `None` when `verb` is not one of them.
pub fn parse(verb: &str, rest: &str) -> Option<Result<Command, String>> {
    let item = |a: ItemAction| Ok(Command::Item(a));
    Some(match verb {
        "extend" => extend(rest).and_then(item),
        "approve-extension" | "approve" => item(ItemAction::ApproveExtension {}),
        "deny-extension" | "deny" => match rest {
            "" => Err(":deny-extension needs a reason".into()),
            r => item(ItemAction::DenyExtension { reason: r.into() }),
        },
        "callback" => callback(rest).and_then(item),
        "raise" => Ok(raise(rest)),
        "stats" => stats(rest),
        "children" => Ok(Command::Children),
        _ => return None,
    })
}

fn extend(rest: &str) -> Result<ItemAction, String> {
    let usage = ":extend <limit> <reason>, e.g. :extend 2wd 等待配件";
    let (extra, reason) = rest.split_once(char::is_whitespace).ok_or(usage)?;
    Limit::parse(extra).map_err(|e| format!("{e}; {usage}"))?;
    Ok(ItemAction::RequestExtension {
        extra: extra.into(),
        reason: reason.trim().into(),
    })
}

fn callback(rest: &str) -> Result<ItemAction, String> {
    let mut words = rest.split_whitespace();
    let satisfaction = match words.next() {
        Some("satisfied") => Satisfaction::Satisfied,
        Some("basic") => Satisfaction::Basic,
        Some("unsatisfied") => Satisfaction::Unsatisfied,
        _ => return Err(":callback satisfied|basic|unsatisfied [attributable] [note]".into()),
    };
    let mut note: Vec<&str> = words.collect();
    let attributable = note.first() == Some(&"attributable");
    if attributable {
        note.remove(0);
    }
    Ok(ItemAction::Callback {
        satisfaction,
        attributable,
        note: note.join(" "),
    })
}

/// Looks like a taxonomy code (`C26`, `h01`): one letter and digits.
pub fn is_category_code(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && word.len() >= 2
        && chars.all(|c| c.is_ascii_digit())
}

fn raise(rest: &str) -> Command {
    let (first, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if is_category_code(first) {
        Command::Raise {
            category: Some(first.to_uppercase()),
            title: tail.trim().into(),
        }
    } else {
        Command::Raise {
            category: None,
            title: rest.into(),
        }
    }
}

fn stats(rest: &str) -> Result<Command, String> {
    const USAGE: &str = ":stats today, :stats week, or days: :stats 2026-11-01 2026-11-29";
    match rest {
        "" => Ok(Command::Stats(None)),
        "today" => Ok(Command::Stats(Some(StatsWindow::Today))),
        "week" => Ok(Command::Stats(Some(StatsWindow::Week))),
        days => {
            let mut words = days
                .split(|c: char| c.is_whitespace() || c == '.')
                .filter(|w| !w.is_empty());
            let first = words.next().and_then(date).ok_or(USAGE)?;
            let last = match words.next() {
                Some(w) => date(w).ok_or(USAGE)?,
                None => first,
            };
            if words.next().is_some() {
                return Err(USAGE.into());
            }
            if first > last {
                return Err(format!("{first} is after {last}"));
            }
            Ok(Command::Stats(Some(StatsWindow::Days { first, last })))
        }
    }
}

fn date(text: &str) -> Option<Date> {
    Date::parse(text, time::macros::format_description!("[year]-[month]-[day]")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_takes_today_week_or_whole_days() {
        let days = |a: &str, b: &str| {
            let d = |t: &str| date(t).expect("date");
            Ok(Command::Stats(Some(StatsWindow::Days {
                first: d(a),
                last: d(b),
            })))
        };
        assert_eq!(stats("week"), Ok(Command::Stats(Some(StatsWindow::Week))));
        assert_eq!(stats("2026-11-01 2026-11-29"), days("2026-11-01", "2026-11-29"));
        assert_eq!(stats("2026-11-01..2026-11-29"), days("2026-11-01", "2026-11-29"));
        assert_eq!(stats("2026-11-20"), days("2026-11-20", "2026-11-20"));
        assert!(stats("2026-11-29 2026-11-01").is_err());
        assert!(stats("month").is_err());
        assert!(stats("2026-11-01 2026-11-02 2026-11-03").is_err());
        let w = StatsWindow::Days {
            first: date("2026-11-01").expect("date"),
            last: date("2026-11-29").expect("date"),
        };
        assert_eq!(w.query(), "2026-11-01..2026-11-29");
    }

    #[test]
    fn extend_needs_a_limit_the_policy_reads_and_a_reason() {
        assert_eq!(
            parse("extend", "2wd 等待配件").and_then(Result::ok),
            Some(Command::Item(ItemAction::RequestExtension {
                extra: "2wd".into(),
                reason: "等待配件".into()
            }))
        );
        assert!(parse("extend", "2wd").is_some_and(|r| r.is_err()));
        assert!(parse("extend", "soon 等待").is_some_and(|r| r.is_err()));
    }

    #[test]
    fn callback_reads_satisfaction_attributable_and_note() {
        assert_eq!(
            parse("callback", "unsatisfied attributable 仍有异味").and_then(Result::ok),
            Some(Command::Item(ItemAction::Callback {
                satisfaction: Satisfaction::Unsatisfied,
                attributable: true,
                note: "仍有异味".into()
            }))
        );
        assert!(parse("callback", "happy").is_some_and(|r| r.is_err()));
    }

    #[test]
    fn raise_takes_an_optional_category_code_then_a_title() {
        assert_eq!(
            parse("raise", "c26 燃气泄漏").and_then(Result::ok),
            Some(Command::Raise {
                category: Some("C26".into()),
                title: "燃气泄漏".into()
            })
        );
        assert_eq!(
            parse("raise", "燃气泄漏 北街").and_then(Result::ok),
            Some(Command::Raise {
                category: None,
                title: "燃气泄漏 北街".into()
            })
        );
    }
}
