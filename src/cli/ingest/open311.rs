//! `citydesk ingest open311`'s arguments.

use crate::cli::CityArg;
use clap::Args;
use std::path::PathBuf;

/// Imports another system's Open311 GeoReport v2 `GET requests` document
/// as tickets, idempotently (see docs/open311.md).
#[derive(Debug, Args)]
pub struct Open311Args {
    /// A `GET requests` document (XML or JSON): an http(s) URL or a file.
    #[arg(long, value_name = "URL|FILE")]
    pub from: String,
    /// Which of our categories each foreign service_code becomes (TOML; see
    /// docs/open311.md). Without it every request goes to --default.
    #[arg(long = "map", value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// The category of requests no mapping names, when no --map is given.
    #[arg(long, default_value = "H12", value_name = "CATEGORY")]
    pub default: String,
    /// The server [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
    #[command(flatten)]
    pub city: CityArg,
}
