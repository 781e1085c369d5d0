//! `citydesk ingest`'s arguments: one subcommand per standard, each in its
//! own file.

mod cap;
mod open311;

pub use cap::CapArgs;
pub use open311::Open311Args;

use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum IngestCommand {
    /// Send CAP 1.2 alerts (files, or an Atom/RSS index polled) to a server.
    Cap(CapArgs),
    /// Import another system's Open311 GeoReport v2 requests as tickets.
    Open311(Open311Args),
}
