//! `:new ticket H01 phone=13800001234 place=太和区/新民街道 供热不热，室温12度`:
//! the form's fields on one line, for people who type faster than they
//! tab. `name=value` sets a field (`"…"` quotes a value with spaces), a
//! category code sets the category, and the other words are the
//! description.

use super::super::line_error::LineError;
use super::{Field, IntakeForm, is_category_code};
use crate::model::Kind;

/// The usage, for help and errors.
pub const USAGE: &str = "ticket|incident|alert [code] [phone=… caller=… place=district/street address=… priority=P2 channel=web confidential=yes] description";

/// A form filled from `rest` (what follows `:new`).
pub fn parse_new(rest: &str) -> Result<IntakeForm, LineError> {
    let words = split(rest)?;
    let mut words = words.into_iter().peekable();
    let kind = match words.peek().map(String::as_str) {
        Some("ticket" | "tkt") => Kind::Ticket,
        Some("incident" | "inc") => Kind::Incident,
        Some("alert" | "alr") => Kind::Alert,
        _ => Kind::Ticket,
    };
    if matches!(
        words.peek().map(String::as_str),
        Some("ticket" | "tkt" | "incident" | "inc" | "alert" | "alr")
    ) {
        words.next();
    }
    let mut form = IntakeForm::new(kind);
    let mut description = Vec::new();
    for word in words {
        if let Some((name, value)) = word.split_once('=') {
            let field = Field::from_name(name).ok_or_else(|| LineError::NoField(name.to_owned()))?;
            form.set(field, value);
        } else if is_category_code(&word) && form.value(Field::Category).is_empty() && description.is_empty()
        {
            form.set(Field::Category, word.to_uppercase());
        } else {
            description.push(word);
        }
    }
    if !description.is_empty() {
        let before = form.value(Field::Description).to_owned();
        let joined = description.join(" ");
        form.set(
            Field::Description,
            if before.is_empty() {
                joined
            } else {
                format!("{before} {joined}")
            },
        );
    }
    Ok(form)
}

/// Words split on spaces, with `name="a b"` kept whole.
fn split(text: &str) -> Result<Vec<String>, LineError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if quoted {
        return Err(LineError::Quote);
    }
    if !word.is_empty() {
        words.push(word);
    }
    Ok(words)
}
