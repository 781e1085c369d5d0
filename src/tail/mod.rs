//! `citydesk tail`: the live event log as lines, for supervisors on a
//! terminal and for scripts and log shippers. Text lines are aligned and
//! readable; JSON lines are the stream's events exactly as the server sent
//! them. It reconnects by itself and resumes from the last `seq` it saw,
//! saying so on stderr, so stdout stays clean for pipes.

mod line;
mod print;
mod queue;
mod style;

pub use line::{Names, summary, text_line};
pub use queue::{Queue, RETURNS_BEFORE_ESCALATION, is_escalation};

use clap::Args;

/// Shown under `citydesk tail --help`.
pub const EXIT_CODES: &str = "\
Exit codes:
  0  done: --no-follow printed the backlog, or stdout was closed (| head)
  1  error: the server could not be reached (--no-follow) or answered nonsense
  2  usage: bad flags or server URL
  3  auth: no token, or the token is unknown, revoked or not allowed to read";

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns: time (UTC), seq, item, event, who, summary.
    Text,
    /// One event per line, exactly as the stream sent it (for jq and log shippers).
    Json,
}

#[derive(Debug, Args)]
#[command(after_help = EXIT_CODES)]
pub struct TailArgs {
    /// The server to follow.
    #[arg(long, env = "CITYDESK_SERVER", default_value = "http://127.0.0.1:7878")]
    pub server: String,
    /// Operator token (any role may read).
    #[arg(long, env = "CITYDESK_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
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
}

/// Errors of `tail`, each with its exit code.
#[derive(Debug, thiserror::Error)]
pub enum TailError {
    #[error("{0}")]
    Usage(String),
    #[error("not allowed to read the log: {0}")]
    Auth(String),
    #[error("{0}")]
    Server(String),
    #[error("cannot write output: {0}")]
    Output(std::io::Error),
}

impl TailError {
    pub fn exit_code(&self) -> u8 {
        match self {
            TailError::Usage(_) => 2,
            TailError::Auth(_) => 3,
            TailError::Server(_) | TailError::Output(_) => 1,
        }
    }
}

/// Runs `citydesk tail`.
pub async fn run(args: TailArgs) -> anyhow::Result<()> {
    let token = args.token.clone().filter(|t| !t.trim().is_empty());
    if token.is_none() {
        return Err(TailError::Auth("no token: pass --token or set CITYDESK_TOKEN".into()).into());
    }
    let client =
        crate::client::Client::new(&args.server, token).map_err(|e| TailError::Usage(e.to_string()))?;
    let options = print::Options {
        queue: args.queue,
        format: args.format,
        since: args.since,
        follow: !args.no_follow,
        colour: style::wanted(std::io::IsTerminal::is_terminal(&std::io::stdout())),
    };
    print::run(&client, &options, &mut std::io::stdout().lock()).await?;
    Ok(())
}
