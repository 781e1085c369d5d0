//! `citydesk ingest cap`'s arguments.

use clap::Args;

/// Sends CAP 1.2 documents to a server's `POST /v1/ingest/cap`, as a
/// feed would; each alert's outcome is printed. The token is the feed
/// operator's (`CITYDESK_TOKEN` or config.toml).
#[derive(Debug, Args)]
pub struct CapArgs {
    /// CAP documents to send (a bare alert, an EDXL-DE envelope or an Atom feed).
    #[arg(required = true)]
    pub files: Vec<std::path::PathBuf>,
    /// Which language's `info` gives the title when an alert has several.
    #[arg(long, default_value = "zh-CN")]
    pub lang: String,
    /// The server [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
}
