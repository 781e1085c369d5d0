//! `citydesk call`: posts one call to the server, as a PBX would on an
//! incoming call, and says whose console rang.

use crate::api::CallRequest;
use crate::cli::CallArgs;
use crate::client::Client;
use crate::config::{self, Flags};
use anyhow::{Context, bail};

pub async fn run(args: CallArgs) -> anyhow::Result<()> {
    let dir = config::config_dir();
    let file = config::read::<toml::Value>(dir.as_deref())?;
    let flags = Flags {
        server: args.server,
        ..Flags::default()
    };
    let settings = config::resolve(flags, file, dir);
    let Some(token) = settings.token else {
        bail!(
            "no token: set CITYDESK_TOKEN, or `token = \"…\"` in {} (never on the command line)",
            settings.file_name()
        );
    };
    let client = Client::new(&settings.server, Some(token))?;
    let request = CallRequest {
        phone: args.phone,
        operator: args.operator,
        extension: args.extension,
        call_id: args.call_id,
    };
    let posted = client
        .post_call(&request)
        .await
        .with_context(|| format!("posting the call to {}", settings.server))?;
    let consoles = match posted.consoles {
        0 => "no console of theirs is connected".to_owned(),
        1 => "1 console".to_owned(),
        n => format!("{n} consoles"),
    };
    println!("rang {} for {} ({consoles})", posted.operator, posted.call.phone);
    Ok(())
}
