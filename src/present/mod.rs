//! What a human reads: one wording for every event, names from the city
//! data, and text fitted to terminal columns. The console's views and
//! `tail` both print through here, so an event reads the same on a screen
//! and in a log, and a new event cannot ship without words (the match in
//! [`event_text`] has no catch-all arm).
//!
//! Imports `model` only: it knows nothing of the server, the store, the
//! console or `tail`.

pub mod errors;
mod event;
pub mod i18n;
pub mod labels;
pub mod map;
mod names;
mod origin;
pub mod reasons;
pub mod verbs;
mod width;

pub use event::{clock, event_text};
pub use labels::event as event_name;
pub use names::Departments;
pub use origin::{origin_extra, origin_fields};
pub use width::{cut, fit, one_line, pad};
