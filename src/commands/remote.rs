//! The server a command talks to, as the operator whose token is in the
//! environment (`CITYDESK_TOKEN`) or the config file: never on the command
//! line, where `ps` and shell history would show it.

use crate::client::Client;
use crate::config::{self, Flags};
use anyhow::bail;

/// A client for `server` (or the configured one) with the configured
/// token, and the server's URL for messages; `whose` says whose token the
/// command wants, e.g. " (a feed operator's token)", or "".
pub fn token_client(server: Option<String>, whose: &str) -> anyhow::Result<(Client, String)> {
    let dir = config::config_dir();
    let file = config::read::<toml::Value>(dir.as_deref())?;
    let flags = Flags {
        server,
        ..Flags::default()
    };
    let settings = config::resolve(flags, file, dir);
    let Some(token) = settings.token else {
        bail!(
            "no token: set CITYDESK_TOKEN{whose}, or `token = \"…\"` in {} (never on the command line)",
            settings.file_name()
        );
    };
    Ok((Client::new(&settings.server, Some(token))?, settings.server))
}
