//! `citydesk call`'s arguments.

use clap::Args;

/// Rings an operator's console as a telephone system would (`POST
/// /v1/calls`), for testing the screen pop; see docs/telephony.md.
#[derive(Debug, Args)]
pub struct CallArgs {
    /// The caller's number, in any usual form (+86 138-0000-1234, 0416 1234567).
    pub phone: String,
    /// The login of the operator whose console rings.
    #[arg(long, required_unless_present = "extension", conflicts_with = "extension")]
    pub operator: Option<String>,
    /// Or the desk extension they answer (`citydesk operator add … --extension`).
    #[arg(long)]
    pub extension: Option<String>,
    /// The telephone system's id of the call; the ticket saved from it records it.
    #[arg(long = "call-id")]
    pub call_id: Option<String>,
    /// The server [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
}
