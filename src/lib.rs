//! citydesk: the keyboard console and sync server of a city operations
//! command centre. See `README.md` for how to run it and `design.md` for the
//! shape of the code.

#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used)]

pub mod api;
pub mod bench;
pub mod cli;
pub mod client;
pub mod commands;
pub mod config;
pub mod console;
pub mod data;
pub mod ingest;
pub mod model;
pub mod open311;
pub mod present;
pub mod server;
pub mod sim;
pub mod store;
pub mod tail;
