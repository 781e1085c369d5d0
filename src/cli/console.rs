//! `citydesk console`'s arguments.

use super::{LookArgs, TransportArgs};
use clap::Args;

#[derive(Debug, Args)]
pub struct ConsoleArgs {
    /// The sync server, or several sharing one log as URL1,URL2: tried in
    /// order, and when the one in use dies the console goes on with the
    /// next that answers [default: from config.toml, else http://127.0.0.1:7878]
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
    #[command(flatten)]
    pub look: LookArgs,
    #[command(flatten)]
    pub transport: TransportArgs,
}
