//! `citydesk ingest cap`'s arguments.

use clap::Args;

/// Sends CAP 1.2 documents to a server's `POST /v1/ingest/cap`, as a
/// feed would; each alert's outcome is printed. The token is the feed
/// operator's (`CITYDESK_TOKEN` or config.toml). With `--from URL` it
/// polls an Atom or RSS index of CAP messages instead (see docs/cap.md).
#[derive(Debug, Args)]
pub struct CapArgs {
    /// CAP documents to send (a bare alert, an EDXL-DE envelope or an Atom feed).
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub files: Vec<std::path::PathBuf>,
    /// Poll this Atom or RSS index of CAP messages (http or https) and send
    /// each entry not sent before; Ctrl-C stops.
    #[arg(long, value_name = "URL")]
    pub from: Option<String>,
    /// How long to wait between polls of --from.
    #[arg(long, default_value = "60s", value_parser = crate::cli::duration::parse_positive_duration, requires = "from")]
    pub interval: std::time::Duration,
    /// Poll --from once and exit (1 when an entry was refused or failed).
    #[arg(long, requires = "from")]
    pub once: bool,
    /// Which language's `info` gives the title when an alert has several.
    #[arg(long, default_value = "zh-CN")]
    pub lang: String,
    /// The server [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
}
