//! The `:` command line: the console's own commands, and every server verb
//! as its specification (`model::verbs`) spells and parses it.

use super::intake::is_category_code;
use super::line_error::{LineError, Need};
use super::stats::{StatsWindow, parse_window};
use crate::model::verbs::{VERBS, Verb, parse_words};
use crate::model::{Action as ItemAction, ItemId, Status};

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
    /// Show the city map, or go back to the queues.
    Map,
    /// Show or hide the document a standard sent about the item.
    Raw,
    /// `:new`: the intake form, filled from the line's named fields.
    New(Box<super::intake::IntakeForm>),
}

/// The console's own commands: name, usage and what it does. They come
/// after the server verbs in completion and help.
pub const CONSOLE_COMMANDS: &[(&str, &str, &str)] = &[
    (
        "new",
        super::intake::NEW_USAGE,
        "Log a call: the form, or saved at once when the line has every field",
    ),
    (
        "raise",
        "[category] [title]",
        "Raise an incident from this alert or ticket",
    ),
    (
        "stats",
        "[today|week|YYYY-MM-DD [YYYY-MM-DD]]",
        "Show or hide the KPI view",
    ),
    ("children", "", "Show or fold alerts grouped in a storm"),
    ("map", "", "Show the city map, or go back to the queues"),
    (
        "raw",
        "",
        "Show or hide the document a standard sent about this item",
    ),
    (
        "filter",
        "<text>",
        "Only rows with this text in any visible field",
    ),
    ("district", "<district>", "Only this district"),
    ("category", "<code>", "Only this category"),
    ("status", "<status>", "Only this status"),
    ("nofilter", "", "Clear every filter"),
    ("open", "<item id>", "Open an item's detail, closed ones too"),
    ("zoom", "", "Zoom the pane to full screen, or back"),
    ("help", "", "This help"),
    ("quit", "", "Leave the console"),
];

/// One command as completion and help show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandHelp {
    pub name: &'static str,
    pub usage: String,
    pub summary: &'static str,
}

/// Every command: the server verbs (from their specification), then the
/// console's own.
pub fn all_commands() -> Vec<CommandHelp> {
    let verbs = VERBS.iter().map(|v| CommandHelp {
        name: v.command,
        usage: match v.name {
            // Without an id, :merge takes the suggested duplicate.
            crate::model::ActionName::Merge => "[item id] (none: the ≈ duplicate)".to_owned(),
            _ => v.usage(),
        },
        summary: v.summary,
    });
    let console = CONSOLE_COMMANDS.iter().map(|(name, usage, summary)| CommandHelp {
        name,
        usage: (*usage).to_owned(),
        summary,
    });
    verbs.chain(console).collect()
}

fn need(rest: &str, what: Need, verb: &str) -> Result<String, LineError> {
    if rest.is_empty() {
        Err(LineError::Needs {
            verb: verb.to_owned(),
            what,
        })
    } else {
        Ok(rest.to_owned())
    }
}

/// Parses a command line (without the `:`).
pub fn parse_command(line: &str) -> Result<Command, LineError> {
    let line = line.trim();
    let (verb, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    match verb {
        "merge" if rest.is_empty() => Ok(Command::MergeDuplicate),
        "raise" => Ok(raise(rest)),
        "stats" => parse_window(rest).map(Command::Stats),
        "children" => Ok(Command::Children),
        "map" => Ok(Command::Map),
        "raw" => Ok(Command::Raw),
        "new" => super::intake::parse_new(rest).map(|f| Command::New(Box::new(f))),
        "filter" => Ok(Command::Filter(rest.to_owned())),
        "district" => Ok(Command::District(need(rest, Need::District, verb)?)),
        "category" => Ok(Command::Category(need(rest, Need::Category, verb)?)),
        "status" => serde_json::from_value::<Status>(rest.into())
            .map(Command::Status)
            .map_err(|_| LineError::NotStatus(rest.to_owned())),
        "nofilter" => Ok(Command::NoFilter),
        "open" => {
            let word = need(rest, Need::ItemId, verb)?;
            ItemId::parse(&word.to_uppercase())
                .map(Command::Open)
                .ok_or(LineError::NotItemId(word))
        }
        "zoom" => Ok(Command::Zoom),
        "help" => Ok(Command::Help),
        "quit" | "q" => Ok(Command::Quit),
        "" => Err(LineError::Empty),
        other => match Verb::find(other) {
            Some(spec) => parse_words(spec, rest)
                .map(Command::Item)
                .map_err(LineError::Words),
            None => Err(LineError::Unknown(other.to_owned())),
        },
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EmergencyService, LinkTarget, Satisfaction};

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
        assert_eq!(
            parse_command("callback unsatisfied attributable 仍有异味"),
            Ok(Command::Item(ItemAction::Callback {
                satisfaction: Satisfaction::Unsatisfied,
                attributable: true,
                note: "仍有异味".into()
            }))
        );
        assert_eq!(
            parse_command("extend 2wd 等待配件"),
            Ok(Command::Item(ItemAction::RequestExtension {
                extra: "2wd".into(),
                reason: "等待配件".into()
            }))
        );
        assert!(parse_command("extend 2wd").is_err());
        assert!(parse_command("extend soon 等待").is_err());
        assert!(parse_command("callback happy").is_err());
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
    fn wire_names_and_short_spellings_name_the_same_verb() {
        assert_eq!(parse_command("set_priority p2"), parse_command("priority P2"));
        assert_eq!(parse_command("approve"), parse_command("approve-extension"));
        assert_eq!(parse_command("esc 三次退单"), parse_command("escalate 三次退单"));
    }

    #[test]
    fn raise_takes_an_optional_category_code_then_a_title() {
        assert_eq!(
            parse_command("raise c26 燃气泄漏"),
            Ok(Command::Raise {
                category: Some("C26".into()),
                title: "燃气泄漏".into()
            })
        );
        assert_eq!(
            parse_command("raise 燃气泄漏 北街"),
            Ok(Command::Raise {
                category: None,
                title: "燃气泄漏 北街".into()
            })
        );
    }

    #[test]
    fn every_verb_is_a_command_with_its_usage() {
        let commands = all_commands();
        for verb in &VERBS {
            assert!(
                commands.iter().any(|c| c.name == verb.command),
                "{} has no command",
                verb.command
            );
            assert!(!verb.summary.is_empty(), "{} is undocumented", verb.command);
        }
    }
}
