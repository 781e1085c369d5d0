//! `citydesk audit`'s arguments.

use clap::Args;

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The server to ask [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
    /// Print the rows after this audit id (0: from the start).
    #[arg(long, default_value_t = 0)]
    pub after: u64,
    /// Print at most this many rows.
    #[arg(long, default_value_t = 1000)]
    pub limit: usize,
    /// One JSON object per line instead of aligned columns.
    #[arg(long)]
    pub json: bool,
}
