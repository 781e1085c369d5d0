//! `citydesk tail`: the live event log as lines on stdout.

use crate::cli::TailArgs;
use crate::client::Client;
use crate::tail::{Options, TailError, colour_wanted, print_log};

pub async fn run(args: TailArgs) -> anyhow::Result<()> {
    let token = args.token.clone().filter(|t| !t.trim().is_empty());
    if token.is_none() {
        return Err(TailError::Auth("no token: pass --token or set CITYDESK_TOKEN".into()).into());
    }
    let client = Client::new(&args.server, token).map_err(|e| TailError::Usage(e.to_string()))?;
    let options = Options {
        queue: args.queue,
        format: args.format,
        since: args.since,
        follow: !args.no_follow,
        colour: colour_wanted(std::io::IsTerminal::is_terminal(&std::io::stdout())),
    };
    print_log(&client, &options, &mut std::io::stdout().lock()).await?;
    Ok(())
}
