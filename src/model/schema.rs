//! What the API document says of the input limits. utoipa's `max_length`
//! and friends take only literals, so each field that carries a limit
//! names one of these functions (`#[schema(schema_with = ...)]`), and the
//! functions read the same constants the model checks: the document and
//! the server cannot disagree on a number.

use super::limits::{
    MAX_ADDRESS, MAX_CALL_ID, MAX_CALLER_NAME, MAX_CATEGORY, MAX_ENTRY, MAX_FINGERPRINT, MAX_PHONE,
    MAX_PLACE_PART, MAX_TEXT, MAX_TITLE,
};
use utoipa::openapi::schema::{KnownFormat, Object, ObjectBuilder, SchemaFormat, SchemaType, Type};

/// A string of `min..=max` characters (JSON Schema counts characters, as
/// the model does); `nullable` for an optional field.
fn string(min: usize, max: usize, nullable: bool) -> Object {
    ObjectBuilder::new()
        .schema_type(kind(Type::String, nullable))
        .min_length((min > 0).then_some(min))
        .max_length(Some(max))
        .build()
}

fn kind(t: Type, nullable: bool) -> SchemaType {
    if nullable {
        SchemaType::from_iter([t, Type::Null])
    } else {
        SchemaType::Type(t)
    }
}

/// A title: something visible, at most [`MAX_TITLE`].
pub fn title() -> Object {
    string(1, MAX_TITLE, false)
}

/// A reason, summary, note or answer that must say something.
pub fn required_text() -> Object {
    string(1, MAX_TEXT, false)
}

/// A description or note that may be empty.
pub fn free_text() -> Object {
    string(0, MAX_TEXT, false)
}

pub fn category() -> Object {
    string(1, MAX_CATEGORY, false)
}

pub fn fingerprint() -> Object {
    string(1, MAX_FINGERPRINT, true)
}

pub fn call_id() -> Object {
    string(1, MAX_CALL_ID, true)
}

/// A knowledge-base entry's id.
pub fn entry() -> Object {
    string(1, MAX_ENTRY, true)
}

/// A place's district, street or grid.
pub fn place_part() -> Object {
    string(0, MAX_PLACE_PART, true)
}

pub fn address() -> Object {
    string(0, MAX_ADDRESS, true)
}

pub fn caller_name() -> Object {
    string(0, MAX_CALLER_NAME, true)
}

pub fn phone() -> Object {
    string(0, MAX_PHONE, true)
}

fn coordinate(bound: f64) -> Object {
    ObjectBuilder::new()
        .schema_type(kind(Type::Number, true))
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Double)))
        .minimum(Some(-bound))
        .maximum(Some(bound))
        .build()
}

pub fn latitude() -> Object {
    coordinate(super::limits::MAX_LATITUDE)
}

pub fn longitude() -> Object {
    coordinate(super::limits::MAX_LONGITUDE)
}
