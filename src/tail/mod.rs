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
pub use print::{Options, run as print_log};
pub use queue::{Queue, RETURNS_BEFORE_ESCALATION, is_escalation};
pub use style::wanted as colour_wanted;

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns: time (UTC), seq, item, event, who, summary.
    Text,
    /// One event per line, exactly as the stream sent it (for jq and log shippers).
    Json,
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
