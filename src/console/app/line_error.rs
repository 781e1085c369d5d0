//! Why a `:` line is not a command, and its words for the status line.
//! Its own module so the parsers it covers (`:stats`, `:new`) and the
//! command line import it without importing each other.

use crate::model::verbs::WordsError;
use crate::present::i18n::Lang;
use crate::t;

/// What a console command still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    District,
    Category,
    ItemId,
}

/// Why a `:` line is not a command; [`LineError::say`] words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    Empty,
    Unknown(String),
    Needs {
        verb: String,
        what: Need,
    },
    NotStatus(String),
    NotItemId(String),
    Words(WordsError),
    /// `:stats` words that are not `today`, `week` or one or two days.
    StatsUsage,
    /// `:stats` with its first day after its last.
    StatsOrder {
        first: time::Date,
        last: time::Date,
    },
    /// `:new` with `name=…` where no field has that name.
    NoField(String),
    /// `:new` with a `"` without its pair.
    Quote,
}

impl LineError {
    /// The error as the status line shows it, in `lang`.
    pub fn say(&self, lang: Lang) -> String {
        match self {
            LineError::Empty => t!(lang, "line-empty"),
            LineError::Unknown(word) => t!(lang, "line-unknown", command = word),
            LineError::Needs { verb, what } => {
                let what = match what {
                    Need::District => t!(lang, "line-need-district"),
                    Need::Category => t!(lang, "line-need-category"),
                    Need::ItemId => t!(lang, "line-need-item-id"),
                };
                t!(lang, "line-needs", command = verb, what = what)
            }
            LineError::NotStatus(word) => t!(lang, "line-not-status", word = word),
            LineError::NotItemId(word) => t!(lang, "words-not-item-id", word = word),
            LineError::Words(e) => crate::present::verbs::words_error(lang, e),
            LineError::StatsUsage => t!(lang, "line-stats-usage"),
            LineError::StatsOrder { first, last } => t!(
                lang,
                "line-stats-order",
                first = first.to_string(),
                last = last.to_string()
            ),
            LineError::NoField(name) => t!(lang, "line-new-no-field", name = name),
            LineError::Quote => t!(lang, "line-new-quote"),
        }
    }
}
