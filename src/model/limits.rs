//! The limits on what a request may carry, as numbers: the model checks
//! them (`lifecycle::input`) and the API document shows them
//! (`model::schema`). README "Input limits" lists the same numbers.

/// A title, at most.
pub const MAX_TITLE: usize = 200;
/// A description, note, reason, summary, answer, verification or callback
/// note, at most.
pub const MAX_TEXT: usize = 4000;
/// A district, street or grid as a place names it.
pub const MAX_PLACE_PART: usize = 64;
/// A place's free-text address.
pub const MAX_ADDRESS: usize = 200;
/// A caller's name.
pub const MAX_CALLER_NAME: usize = 64;
/// A caller's number as typed, before it is normalised.
pub const MAX_PHONE: usize = 32;
/// A category code or name.
pub const MAX_CATEGORY: usize = 64;
/// An alert's fingerprint.
pub const MAX_FINGERPRINT: usize = 200;
/// The telephone system's id of a call.
pub const MAX_CALL_ID: usize = 128;
/// A knowledge-base entry's id.
pub const MAX_ENTRY: usize = 64;
/// Degrees north or south a latitude may be.
pub const MAX_LATITUDE: f64 = 90.0;
/// Degrees east or west a longitude may be.
pub const MAX_LONGITUDE: f64 = 180.0;
