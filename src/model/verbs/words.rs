//! A verb's parameters typed as words (`dispatch water`, `verify fail 仍有积水`)
//! into the `Action` the wire carries. The words become the action's JSON
//! fields by the parameters' wire names, so the table and the `Action` enum
//! cannot disagree without a test failing.

use super::{EMERGENCY, Param, ParamKind, Verb};
use crate::model::action::Action;
use crate::model::ids::ItemId;
use crate::model::policy::Limit;
use serde_json::{Map, Value};

/// Why the words do not make an action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WordsError {
    /// A required parameter is not there yet: the console opens the line
    /// with the verb typed so the operator can add it.
    #[error(":{command} needs <{label}>: :{command} {usage}")]
    Missing {
        command: &'static str,
        label: &'static str,
        usage: String,
    },
    /// Words after the last parameter.
    #[error(":{command} takes {}; {rest:?} is left over", if usage.is_empty() { "nothing more" } else { usage.as_str() })]
    LeftOver {
        command: &'static str,
        usage: String,
        rest: String,
    },
    /// A word that is not what its parameter takes.
    #[error("{why}; :{command} {usage}")]
    Word {
        command: &'static str,
        usage: String,
        why: BadWord,
    },
    /// The words did not make the action's fields (a bug in the table).
    #[error(":{command} {usage}: {detail}")]
    Shape {
        command: &'static str,
        usage: String,
        detail: String,
    },
}

/// Why one word does not fit its parameter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadWord {
    #[error("{0:?} is not pass or fail")]
    NotPassFail(String),
    #[error("{word:?} is not one of {}", choices.join(", "))]
    NotOneOf {
        word: String,
        choices: &'static [&'static str],
    },
    #[error("{0:?} is not an item id (like TKT-0981)")]
    NotItemId(String),
    /// A time limit that does not parse; the model's own words follow.
    #[error("{0}")]
    Limit(String),
}

impl WordsError {
    pub fn is_missing(&self) -> bool {
        matches!(self, WordsError::Missing { .. })
    }
}

/// Reads `words` (what follows the verb) as `verb`'s parameters, in order;
/// free text takes the rest of the line.
pub fn parse_words(verb: &Verb, words: &str) -> Result<Action, WordsError> {
    let mut fields = Map::new();
    fields.insert("action".into(), verb.name.as_str().into());
    let mut rest = words.trim();
    for param in verb.params {
        let (word, tail) = split_word(rest);
        let taken = match param.kind {
            ParamKind::Text if !rest.is_empty() => Some((Value::from(rest), "")),
            ParamKind::Text => None,
            ParamKind::Flag if word == param.name => Some((Value::Bool(true), tail)),
            ParamKind::Flag => None,
            _ if word.is_empty() => None,
            kind => Some((value(verb, kind, word)?, tail)),
        };
        match taken {
            Some((v, tail)) => {
                fields.insert(param.name.into(), v);
                rest = tail;
            }
            None if param.required => return Err(missing(verb, param)),
            None => {}
        }
    }
    if !rest.is_empty() {
        return Err(WordsError::LeftOver {
            command: verb.command,
            usage: verb.usage(),
            rest: rest.to_owned(),
        });
    }
    serde_json::from_value(Value::Object(fields)).map_err(|e| WordsError::Shape {
        command: verb.command,
        usage: verb.usage(),
        detail: e.to_string(),
    })
}

fn split_word(text: &str) -> (&str, &str) {
    match text.split_once(char::is_whitespace) {
        Some((w, tail)) => (w, tail.trim_start()),
        None => (text, ""),
    }
}

fn missing(verb: &Verb, param: &Param) -> WordsError {
    WordsError::Missing {
        command: verb.command,
        label: param.label,
        usage: verb.usage(),
    }
}

/// One word as the JSON value of a parameter of `kind`.
fn value(verb: &Verb, kind: ParamKind, word: &str) -> Result<Value, WordsError> {
    let invalid = |why: BadWord| WordsError::Word {
        command: verb.command,
        usage: verb.usage(),
        why,
    };
    match kind {
        ParamKind::Item => item_id(word).map(Value::from).map_err(invalid),
        ParamKind::LinkTarget if EMERGENCY.contains(&word) => Ok(serde_json::json!({ "emergency": word })),
        ParamKind::LinkTarget => item_id(word)
            .map(|id| serde_json::json!({ "item": id }))
            .map_err(invalid),
        ParamKind::PassFail => match word {
            "pass" => Ok(Value::Bool(true)),
            "fail" => Ok(Value::Bool(false)),
            _ => Err(invalid(BadWord::NotPassFail(word.to_owned()))),
        },
        ParamKind::Limit => Limit::parse(word)
            .map(|_| Value::from(word))
            .map_err(|e| invalid(BadWord::Limit(e))),
        ParamKind::Priority => choice(kind, &word.to_uppercase()).map_err(invalid),
        ParamKind::Emergency | ParamKind::Supervision | ParamKind::Satisfaction => {
            choice(kind, word).map_err(invalid)
        }
        ParamKind::Department | ParamKind::Text | ParamKind::Flag => Ok(Value::from(word)),
    }
}

fn choice(kind: ParamKind, word: &str) -> Result<Value, BadWord> {
    let choices = kind.choices();
    if choices.contains(&word) {
        Ok(Value::from(word))
    } else {
        Err(BadWord::NotOneOf {
            word: word.to_owned(),
            choices,
        })
    }
}

fn item_id(word: &str) -> Result<String, BadWord> {
    ItemId::parse(&word.to_uppercase())
        .map(|id| id.to_string())
        .ok_or_else(|| BadWord::NotItemId(word.to_owned()))
}
