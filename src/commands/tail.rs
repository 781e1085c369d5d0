//! `citydesk tail`: the live event log as lines on stdout. The server and
//! token follow the one precedence (flag, environment, `config.toml`,
//! default); the file is only read, never written.

use crate::cli::TailArgs;
use crate::client::{Client, Transport};
use crate::config::{self, Flags};
use crate::tail::{Options, TailError, colour_wanted, print_log};

pub async fn run(args: TailArgs) -> anyhow::Result<()> {
    let dir = config::config_dir();
    // No pane names matter here; `layout` is the console's.
    let file = config::read::<toml::Value>(dir.as_deref()).map_err(|e| TailError::Usage(e.to_string()))?;
    let flags = Flags {
        server: args.server,
        ca_file: args.transport.ca_file,
        insecure_http: args.transport.insecure_http,
        lang: args.lang.get(),
        ..Flags::default()
    };
    let settings = config::resolve(flags, file, dir);
    let Some(token) = settings.token else {
        return Err(TailError::Auth(format!(
            "no token: set CITYDESK_TOKEN, or `token = \"…\"` in {}",
            settings.file_name()
        ))
        .into());
    };
    let transport = Transport {
        ca_file: settings.ca_file,
        insecure_http: settings.insecure_http,
    };
    let client = Client::connect(&settings.server, Some(token), &transport)
        .map_err(|e| TailError::Usage(e.to_string()))?;
    let options = Options {
        queue: args.queue,
        format: args.format,
        since: args.since,
        follow: !args.no_follow,
        colour: colour_wanted(std::io::IsTerminal::is_terminal(&std::io::stdout())),
        lang: settings.lang,
    };
    print_log(&client, &options, &mut std::io::stdout().lock()).await?;
    Ok(())
}
