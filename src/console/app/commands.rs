//! The `:` command line: verbs, their parameters and Tab completion.

use super::flow_verbs::{self, FLOW_VERBS, SATISFACTION, StatsWindow};
use crate::model::{
    Action as ItemAction, EmergencyService, ItemId, LinkTarget, Priority, Status, Supervision,
};

/// A parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A server action on the targets.
    Item(ItemAction),
    Filter(String),
    District(String),
    Category(String),
    Status(Status),
    NoFilter,
    Open(ItemId),
    Quit,
    Help,
    Zoom,
    /// `:merge` without an id: into the first suggested duplicate.
    MergeDuplicate,
    /// Raise an incident from the selected alert or ticket.
    Raise {
        category: Option<String>,
        title: String,
    },
    /// Show the stats view (for a window), or hide it.
    Stats(Option<StatsWindow>),
    /// Show or hide storm children.
    Children,
}

/// Verbs with their usage, for completion and help.
pub const VERBS: &[(&str, &str)] = &[
    ("accept", ""),
    ("reject", "<reason>"),
    ("dispatch", "<department>"),
    ("sign", ""),
    ("return", "<reason>"),
    ("resolve", "<summary>"),
    ("verify", "pass|fail [note]"),
    ("reopen", "<reason>"),
    ("escalate", "[reason]"),
    ("supervise", "none|normal|yellow|red"),
    ("priority", "P1|P2|P3|P4"),
    ("park", "<reason>"),
    ("resume", ""),
    ("claim", ""),
    ("release", ""),
    ("merge", "[item id] (none: the ≈ duplicate)"),
    ("link", "<item id>|110|119|120|122"),
    ("note", "<text>"),
    ("answer", "<text>"),
    ("transfer", "110|119|120|122"),
    ("clear", ""),
    ("filter", "<text>"),
    ("district", "<district>"),
    ("category", "<code>"),
    ("status", "<status>"),
    ("nofilter", ""),
    ("open", "<item id>"),
    ("zoom", ""),
    ("help", ""),
    ("quit", ""),
];

fn emergency(s: &str) -> Result<EmergencyService, String> {
    serde_json::from_value(serde_json::Value::String(s.to_owned()))
        .map_err(|_| format!("{s:?} is not 110, 119, 120 or 122"))
}

fn item_id(s: &str) -> Result<ItemId, String> {
    ItemId::parse(&s.to_uppercase()).ok_or_else(|| format!("{s:?} is not an item id (like TKT-0981)"))
}

fn need(rest: &str, what: &str, verb: &str) -> Result<String, String> {
    let rest = rest.trim();
    if rest.is_empty() {
        Err(format!(":{verb} needs {what}"))
    } else {
        Ok(rest.to_owned())
    }
}

/// Parses a command line (without the `:`).
pub fn parse_command(line: &str) -> Result<Command, String> {
    let line = line.trim();
    let (verb, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let item = |a: ItemAction| Ok(Command::Item(a));
    match verb {
        "accept" => item(ItemAction::Accept {}),
        "reject" => item(ItemAction::Reject {
            reason: need(rest, "a reason", verb)?,
        }),
        "dispatch" => item(ItemAction::Dispatch {
            department: need(rest, "a department", verb)?,
        }),
        "sign" => item(ItemAction::Sign {}),
        "return" => item(ItemAction::Return {
            reason: need(rest, "a reason", verb)?,
        }),
        "resolve" => item(ItemAction::Resolve {
            summary: need(rest, "a summary", verb)?,
        }),
        "verify" => {
            let (how, note) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            let passed = match how {
                "pass" => true,
                "fail" => false,
                _ => return Err(":verify pass or :verify fail [note]".into()),
            };
            item(ItemAction::Verify {
                passed,
                note: note.trim().to_owned(),
            })
        }
        "reopen" => item(ItemAction::Reopen {
            reason: need(rest, "a reason", verb)?,
        }),
        "escalate" | "esc" => item(ItemAction::Escalate {
            reason: rest.to_owned(),
        }),
        "supervise" => {
            let level = serde_json::from_value::<Supervision>(rest.into())
                .map_err(|_| ":supervise none|normal|yellow|red".to_owned())?;
            item(ItemAction::Supervise { level })
        }
        "priority" => {
            let priority = serde_json::from_value::<Priority>(rest.to_uppercase().into())
                .map_err(|_| ":priority P1|P2|P3|P4".to_owned())?;
            item(ItemAction::SetPriority { priority })
        }
        "park" => item(ItemAction::Park {
            reason: need(rest, "a reason", verb)?,
        }),
        "resume" => item(ItemAction::Resume {}),
        "claim" => item(ItemAction::Claim {}),
        "release" => item(ItemAction::Release {}),
        "merge" if rest.is_empty() => Ok(Command::MergeDuplicate),
        "merge" => item(ItemAction::Merge { into: item_id(rest)? }),
        "link" => {
            let target = need(rest, "an item id or 110/119/120/122", verb)?;
            let target = match emergency(&target) {
                Ok(s) => LinkTarget::Emergency(s),
                Err(_) => LinkTarget::Item(item_id(&target)?),
            };
            item(ItemAction::Link { target })
        }
        "note" => item(ItemAction::Note {
            text: need(rest, "text", verb)?,
        }),
        "answer" => item(ItemAction::Answer {
            answer: need(rest, "the answer given", verb)?,
        }),
        "transfer" => item(ItemAction::Transfer {
            to: emergency(&need(rest, "110/119/120/122", verb)?)?,
        }),
        "clear" => item(ItemAction::Clear {}),
        "filter" => Ok(Command::Filter(rest.to_owned())),
        "district" => Ok(Command::District(need(rest, "a district", verb)?)),
        "category" => Ok(Command::Category(need(rest, "a category code", verb)?)),
        "status" => serde_json::from_value::<Status>(rest.into())
            .map(Command::Status)
            .map_err(|_| format!("{rest:?} is not a status")),
        "nofilter" => Ok(Command::NoFilter),
        "open" => Ok(Command::Open(item_id(&need(rest, "an item id", verb)?)?)),
        "zoom" => Ok(Command::Zoom),
        "help" => Ok(Command::Help),
        "quit" | "q" => Ok(Command::Quit),
        "" => Err("type a command; Tab completes".into()),
        other => flow_verbs::parse(other, rest)
            .unwrap_or_else(|| Err(format!("unknown command :{other}; Tab lists them"))),
    }
}

/// What completion can offer, from the live mirror and the directory.
#[derive(Debug, Clone, Default)]
pub struct Pools {
    pub departments: Vec<String>,
    pub items: Vec<String>,
    pub districts: Vec<String>,
    /// Incident category codes, for `:raise`.
    pub incident_categories: Vec<String>,
}

/// Every verb with its usage: the basic ones, then the closed loop's.
pub fn all_verbs() -> impl Iterator<Item = &'static (&'static str, &'static str)> {
    VERBS.iter().chain(FLOW_VERBS)
}

/// Candidates for the word being typed, given what the verb takes.
pub fn candidates(line: &str, pools: &Pools) -> Vec<String> {
    let (verb, arg) = match line.split_once(' ') {
        None => {
            return all_verbs()
                .map(|(v, _)| v.to_string())
                .filter(|v| v.starts_with(line))
                .collect();
        }
        Some((v, a)) => (v, a),
    };
    let items = &pools.items;
    let pool: Vec<String> = match verb {
        "dispatch" => pools.departments.clone(),
        "merge" | "open" => items.to_vec(),
        "raise" => pools.incident_categories.clone(),
        "callback" => SATISFACTION.map(String::from).to_vec(),
        "stats" => ["today", "week"].map(String::from).to_vec(),
        "link" => items
            .iter()
            .cloned()
            .chain(["110", "119", "120", "122"].map(String::from))
            .collect(),
        "transfer" => ["110", "119", "120", "122"].map(String::from).to_vec(),
        "district" => pools.districts.clone(),
        "verify" => ["pass", "fail"].map(String::from).to_vec(),
        "supervise" => ["none", "normal", "yellow", "red"].map(String::from).to_vec(),
        "priority" => ["P1", "P2", "P3", "P4"].map(String::from).to_vec(),
        "status" => Status::ALL.iter().map(|s| s.as_str().to_owned()).collect(),
        _ => Vec::new(),
    };
    let arg_lower = arg.to_lowercase();
    pool.into_iter()
        .filter(|c| c.to_lowercase().starts_with(&arg_lower))
        .collect()
}

/// Completes the line: the single candidate, or the longest common prefix.
/// Returns the new line and the candidates to show.
pub fn complete(line: &str, pools: &Pools) -> (String, Vec<String>) {
    let found = candidates(line, pools);
    let head = match line.rsplit_once(' ') {
        Some((h, _)) => format!("{h} "),
        None => String::new(),
    };
    match found.as_slice() {
        [] => (line.to_owned(), found),
        [one] => (format!("{head}{one} "), Vec::new()),
        many => {
            let common: String = many[0].chars().take(common_chars(many)).collect();
            let typed = line.len() - head.len();
            let line = if common.len() > typed {
                format!("{head}{common}")
            } else {
                line.to_owned()
            };
            (line, found)
        }
    }
}

fn common_chars(words: &[String]) -> usize {
    let first: Vec<char> = words[0].chars().collect();
    let mut n = first.len();
    for w in &words[1..] {
        n = n.min(first.iter().zip(w.chars()).take_while(|(a, b)| **a == *b).count());
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_parse_with_their_parameters() {
        assert_eq!(
            parse_command("dispatch water"),
            Ok(Command::Item(ItemAction::Dispatch {
                department: "water".into()
            }))
        );
        assert_eq!(
            parse_command("verify fail 仍有积水"),
            Ok(Command::Item(ItemAction::Verify {
                passed: false,
                note: "仍有积水".into()
            }))
        );
        assert_eq!(
            parse_command("link 120"),
            Ok(Command::Item(ItemAction::Link {
                target: LinkTarget::Emergency(EmergencyService::Ambulance)
            }))
        );
        assert!(parse_command("merge tkt-0012").is_ok());
        assert_eq!(parse_command("merge"), Ok(Command::MergeDuplicate));
        assert_eq!(
            parse_command("stats week"),
            Ok(Command::Stats(Some(StatsWindow::Week)))
        );
        assert!(parse_command("reject").is_err());
        assert!(parse_command("teleport").is_err());
    }

    #[test]
    fn tab_completes_verbs_and_departments() {
        let pools = Pools {
            departments: vec!["water".to_owned(), "waste".to_owned(), "gas".to_owned()],
            ..Pools::default()
        };
        assert_eq!(complete("disp", &pools).0, "dispatch ");
        assert_eq!(complete("dispatch g", &pools).0, "dispatch gas ");
        let (line, shown) = complete("dispatch w", &pools);
        assert_eq!((line.as_str(), shown.len()), ("dispatch wa", 2));
    }
}
