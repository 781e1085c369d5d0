//! The form's fields: their order, labels, checks, and the request they
//! make together. Each check says what is wrong before anything is sent.

use super::IntakeForm;
use crate::api::CategoryInfo;
use crate::model::phone::{LOCAL_AREA, normalise};
use crate::model::{Caller, Channel, CreateItem, MAX_TEXT, Place, Priority};
use crate::present::i18n::Lang;
use crate::t;
use std::collections::BTreeMap;
use unicode_width::UnicodeWidthStr;

/// The fields in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Phone,
    Name,
    Channel,
    /// The caller asks not to be named to the department.
    Confidential,
    Description,
    Category,
    /// `district/street[/community]`.
    Place,
    Address,
    Priority,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::Phone,
        Field::Name,
        Field::Channel,
        Field::Confidential,
        Field::Description,
        Field::Category,
        Field::Place,
        Field::Address,
        Field::Priority,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Phone => "phone",
            Field::Name => "caller",
            Field::Channel => "channel",
            Field::Confidential => "confidential",
            Field::Description => "description",
            Field::Category => "category",
            Field::Place => "place",
            Field::Address => "address",
            Field::Priority => "priority",
        }
    }

    /// The `:new` line's name for it (`phone=…`).
    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.label() == name).or(match name {
            "name" => Some(Field::Name),
            "text" => Some(Field::Description),
            _ => None,
        })
    }

    /// The field a server refusal is about, by the words it uses
    /// (`title must not be empty`, `unknown category`).
    pub fn named_in(message: &str) -> Option<Field> {
        let m = message.to_lowercase();
        [
            ("phone", Field::Phone),
            ("caller", Field::Name),
            ("title", Field::Description),
            ("description", Field::Description),
            ("category", Field::Category),
            ("district", Field::Place),
            ("street", Field::Place),
            ("place", Field::Place),
            ("address", Field::Address),
            ("priority", Field::Priority),
        ]
        .into_iter()
        .find(|(word, _)| m.contains(word))
        .map(|(_, f)| f)
    }
}

/// The channel typed in the form (`walk-in`), as the model has it.
pub fn parse_channel(text: &str) -> Option<Channel> {
    Channel::ALL.into_iter().find(|c| c.as_str() == text.trim())
}

/// The next channel, round: `space` cycles them in the form.
pub fn next_channel(c: Channel) -> Channel {
    let at = Channel::ALL.iter().position(|x| *x == c).unwrap_or(0);
    Channel::ALL[(at + 1) % Channel::ALL.len()]
}

/// The digits of a complete phone number, or `None` while it is not one.
pub fn phone_digits(text: &str) -> Option<String> {
    normalise(text, LOCAL_AREA).ok()
}

/// A title for the queues: the description's first line, cut to fit a row.
fn title_of(description: &str, category: &CategoryInfo) -> String {
    let first = description
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    if first.is_empty() {
        return category.name.clone();
    }
    let mut title = String::new();
    for c in first.chars() {
        if title.width() + unicode_width::UnicodeWidthChar::width(c).unwrap_or(0) > 40 {
            title.push('…');
            break;
        }
        title.push(c);
    }
    title
}

fn category<'a>(lang: Lang, text: &str, categories: &'a [CategoryInfo]) -> Result<&'a CategoryInfo, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(t!(lang, "form-err-no-category"));
    }
    categories
        .iter()
        .find(|c| c.code.eq_ignore_ascii_case(text) || c.name == text)
        .ok_or_else(|| t!(lang, "form-err-category", text = text))
}

fn priority(lang: Lang, text: &str) -> Result<Option<Priority>, String> {
    match text.trim().to_uppercase().as_str() {
        "" => Ok(None),
        "P1" => Ok(Some(Priority::P1)),
        "P2" => Ok(Some(Priority::P2)),
        "P3" => Ok(Some(Priority::P3)),
        "P4" => Ok(Some(Priority::P4)),
        other => Err(t!(lang, "form-err-priority", text = other)),
    }
}

/// `district/street/community`, and the community put before the address.
fn place(lang: Lang, text: &str, address: &str) -> Result<Place, String> {
    let parts: Vec<&str> = text
        .split(['/', '／'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() && address.trim().is_empty() {
        return Err(t!(lang, "form-err-no-place"));
    }
    if parts.len() > 3 {
        return Err(t!(lang, "form-err-place-parts"));
    }
    let address = match (parts.get(2), address.trim()) {
        (Some(community), "") => Some((*community).to_owned()),
        (Some(community), a) => Some(format!("{community} {a}")),
        (None, "") => None,
        (None, a) => Some(a.to_owned()),
    };
    Ok(Place {
        district: parts.first().map(|s| (*s).to_owned()),
        street: parts.get(1).map(|s| (*s).to_owned()),
        address,
        ..Place::default()
    })
}

/// The request the form makes, or each field's problem.
pub(super) fn request(
    form: &IntakeForm,
    categories: &[CategoryInfo],
    lang: Lang,
) -> Result<CreateItem, BTreeMap<Field, String>> {
    let mut errors = BTreeMap::new();
    let mut check = |field: Field, r: Result<(), String>| {
        if let Err(e) = r {
            errors.insert(field, e);
        }
    };
    let phone = form.value(Field::Phone).trim();
    let phone = match phone {
        "" => None,
        p => match normalise(p, LOCAL_AREA) {
            Ok(digits) => Some(digits),
            Err(e) => {
                // The model says why in English; other languages say it whole.
                let e = match lang {
                    Lang::En => e,
                    _ => t!(lang, "form-err-phone", text = p),
                };
                check(Field::Phone, Err(e));
                None
            }
        },
    };
    let description = form.value(Field::Description).trim().to_owned();
    check(
        Field::Description,
        match description.chars().count() {
            0 => Err(t!(lang, "form-err-no-description")),
            n if n > MAX_TEXT => Err(t!(lang, "form-err-too-long", n = n, max = MAX_TEXT)),
            _ => Ok(()),
        },
    );
    let category = category(lang, form.value(Field::Category), categories);
    check(
        Field::Category,
        category.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    let priority = priority(lang, form.value(Field::Priority));
    check(
        Field::Priority,
        priority.as_ref().map(|_| ()).map_err(Clone::clone),
    );
    // A call answered in the call (直接答复) needs no place: nothing goes out.
    let answered_here = form.answer_with.is_some()
        && form.value(Field::Place).trim().is_empty()
        && form.value(Field::Address).trim().is_empty();
    let place = if answered_here {
        Ok(Place::default())
    } else {
        place(lang, form.value(Field::Place), form.value(Field::Address))
    };
    check(Field::Place, place.as_ref().map(|_| ()).map_err(Clone::clone));
    let (Ok(category), Ok(priority), Ok(place)) = (category, priority, place) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let name = form.value(Field::Name).trim();
    Ok(CreateItem {
        kind: form.kind,
        category: category.code.clone(),
        title: title_of(&description, category),
        description,
        priority,
        tier: None,
        place,
        fingerprint: None,
        caller: (phone.is_some() || !name.is_empty()).then(|| Caller {
            name: (!name.is_empty()).then(|| name.to_owned()),
            phone,
            channel: parse_channel(form.value(Field::Channel)).unwrap_or_default(),
            confidential: form.value(Field::Confidential) == "yes",
        }),
        raised_from: None,
        call_id: form.call_id.clone(),
    })
}

/// Looks like a taxonomy code (`C26`, `h01`): one letter and digits.
pub fn is_category_code(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && word.len() >= 2
        && chars.all(|c| c.is_ascii_digit())
}
