//! The call-taker's intake form: a new ticket, incident or alert typed in
//! beside the queues. The form is plain state; `keys.rs` edits it,
//! `fields.rs` checks each field and builds the request, `named.rs` reads
//! the same fields from one `:new` line.

mod fields;
mod named;

pub use fields::{Field, is_category_code, next_channel, parse_channel, phone_digits};
pub use named::{USAGE as NEW_USAGE, parse_new};

use crate::model::{CreateItem, Kind};
use std::collections::BTreeMap;

/// Where the form is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormState {
    Editing,
    /// Sent; waiting for the server's answer.
    Sending,
    /// Saved while offline: sent as soon as the connection is live again.
    Queued,
}

/// A new item being typed. Values are the text as typed; `fields.rs`
/// reads them. Serialised as the draft kept when the console quits.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct IntakeForm {
    pub kind: Kind,
    pub values: BTreeMap<Field, String>,
    pub focus: Field,
    /// What is wrong with a field, from the local checks or the server.
    pub errors: BTreeMap<Field, String>,
    /// A refusal that names no field.
    pub error: Option<String>,
    /// The telephone system's id of the call this form came from.
    pub call_id: Option<String>,
    pub state: FormState,
    /// What the server suggests for the description, and the text it was
    /// for (not kept in a draft: asked again).
    #[serde(skip)]
    pub suggested: Option<(String, crate::api::SuggestResponse)>,
    /// The description a suggestion request is out for.
    #[serde(skip)]
    pub asked: Option<String>,
    /// Completions of what is typed in the place field, best first.
    #[serde(skip)]
    pub place_hits: Vec<crate::model::suggest::PlaceHit>,
    /// The caller's earlier items, once the phone number is complete.
    #[serde(skip)]
    pub history: Option<crate::api::CallerHistory>,
    /// The number a history request is out for, or was answered for.
    #[serde(skip)]
    pub history_for: Option<String>,
    /// Merge the logged ticket into this open item of the caller's.
    #[serde(default)]
    pub merge_into: Option<crate::model::ItemId>,
    /// Answer the call from this knowledge entry (id, answer) once the
    /// ticket is logged: 直接答复, the ticket closes as answered.
    #[serde(default)]
    pub answer_with: Option<(String, String)>,
}

impl IntakeForm {
    pub fn new(kind: Kind) -> Self {
        let mut values = BTreeMap::new();
        values.insert(Field::Channel, crate::model::Channel::Phone.as_str().to_owned());
        IntakeForm {
            kind,
            values,
            focus: Field::Phone,
            errors: BTreeMap::new(),
            error: None,
            call_id: None,
            state: FormState::Editing,
            suggested: None,
            asked: None,
            answer_with: None,
            merge_into: None,
            history: None,
            history_for: None,
            place_hits: Vec::new(),
        }
    }

    pub fn value(&self, field: Field) -> &str {
        self.values.get(&field).map_or("", String::as_str)
    }

    pub fn set(&mut self, field: Field, text: impl Into<String>) {
        self.values.insert(field, text.into());
        self.errors.remove(&field);
    }

    /// Has the operator typed anything worth asking about before dropping?
    pub fn is_filled(&self) -> bool {
        self.values
            .iter()
            .any(|(f, v)| !matches!(f, Field::Channel | Field::Confidential) && !v.trim().is_empty())
    }

    /// Moves the focus to the next field (or back), round.
    pub fn step(&mut self, forward: bool) {
        let all = Field::ALL;
        let at = all.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = all.len();
        self.focus = all[if forward { (at + 1) % n } else { (at + n - 1) % n }];
    }

    /// Types one character into the focused field: choice fields cycle on
    /// space, the rest take the character.
    pub fn type_char(&mut self, c: char) {
        let field = self.focus;
        match field {
            Field::Channel if c == ' ' => {
                let next = next_channel(parse_channel(self.value(field)).unwrap_or_default());
                self.set(field, next.as_str());
            }
            Field::Confidential if c == ' ' || c == 'y' || c == 'n' => {
                let on = match c {
                    ' ' => self.value(field) != "yes",
                    c => c == 'y',
                };
                self.set(field, if on { "yes" } else { "" });
            }
            Field::Channel | Field::Confidential => {}
            _ => {
                let mut text = self.value(field).to_owned();
                text.push(c);
                self.set(field, text);
            }
        }
    }

    pub fn delete_back(&mut self) {
        let field = self.focus;
        let mut text = self.value(field).to_owned();
        text.pop();
        self.set(field, text);
    }

    /// Every field checked; the request, or each field's problem (which
    /// also stays on the form, to be shown beside the field).
    pub fn check(
        &mut self,
        categories: &[crate::api::CategoryInfo],
        lang: crate::present::i18n::Lang,
    ) -> Option<CreateItem> {
        match fields::request(self, categories, lang) {
            Ok(req) => {
                self.errors.clear();
                self.error = None;
                Some(req)
            }
            Err(errors) => {
                self.errors = errors;
                if let Some(first) = Field::ALL.iter().find(|f| self.errors.contains_key(f)) {
                    self.focus = *first;
                }
                None
            }
        }
    }

    /// A server refusal, placed at the field it concerns when it names one.
    pub fn refused(&mut self, message: &str) {
        self.state = FormState::Editing;
        match Field::named_in(message) {
            Some(field) => {
                self.errors.insert(field, message.to_owned());
                self.focus = field;
            }
            None => self.error = Some(message.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests;
