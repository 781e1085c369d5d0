//! What a human reads, shared by the console's views and `tail` so that
//! both say things the same way: for now, text fitted to terminal columns.
//!
//! Imports `model` only: it knows nothing of the server, the store, the
//! console or `tail`.

mod width;

pub use width::{cut, fit, one_line, pad};
