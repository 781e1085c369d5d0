//! `citydesk console`: the keyboard console.

use crate::cli::ConsoleArgs;
use crate::console::{Options, run as run_console};

pub async fn run(args: ConsoleArgs) -> anyhow::Result<()> {
    let token = std::env::var("CITYDESK_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty());
    run_console(Options {
        server: args.server,
        token,
        theme: args.look.theme,
        keymap: args.look.keymap,
        ascii: args.look.ascii,
    })
    .await
}
