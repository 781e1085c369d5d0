//! `citydesk call`: posts one call to the server, as a PBX would on an
//! incoming call, and says whose console rang.

use crate::api::CallRequest;
use crate::cli::CallArgs;
use anyhow::Context;

pub async fn run(args: CallArgs) -> anyhow::Result<()> {
    let (client, server) = super::remote::token_client(args.server, "")?;
    let request = CallRequest {
        phone: args.phone,
        operator: args.operator,
        extension: args.extension,
        call_id: args.call_id,
    };
    let posted = client
        .post_call(&request)
        .await
        .with_context(|| format!("posting the call to {}", server))?;
    let consoles = match posted.consoles {
        0 => "no console of theirs is connected".to_owned(),
        1 => "1 console".to_owned(),
        n => format!("{n} consoles"),
    };
    println!("rang {} for {} ({consoles})", posted.operator, posted.call.phone);
    Ok(())
}
