//! `citydesk tail`'s arguments.

use super::TransportArgs;
use crate::tail::{Format, Queue};
use clap::Args;

/// Shown under `citydesk tail --help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done: --no-follow printed the backlog, or stdout was closed (| head)
  1  error: the server could not be reached (--no-follow) or answered nonsense
  2  usage: bad flags, server URL or config.toml
  3  auth: no token, or the token is unknown, revoked or not allowed to read";

#[derive(Debug, Args)]
/// The token (any role may read) comes from CITYDESK_TOKEN or `token` in
/// config.toml, never the command line, where other users' `ps` would see it.
#[command(after_help = EXIT_CODES)]
pub struct TailArgs {
    /// The server to follow, or several sharing one log as URL1,URL2:
    /// tried in order, and when the one in use dies tail resumes on the
    /// next that answers [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
    /// Which events to show.
    #[arg(long, value_enum, default_value_t = Queue::All)]
    pub queue: Queue,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Start after this seq [default: now when following, the start of the log with --no-follow]
    #[arg(long)]
    pub since: Option<u64>,
    /// Keep following live events (the default).
    #[arg(long, overrides_with = "no_follow")]
    pub follow: bool,
    /// Print the events up to the log's position at start, then exit.
    #[arg(long = "no-follow")]
    pub no_follow: bool,
    #[command(flatten)]
    pub transport: TransportArgs,
    #[command(flatten)]
    pub lang: super::LangArg,
}
