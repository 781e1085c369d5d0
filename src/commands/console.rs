//! `citydesk console` and `citydesk check`.

use crate::cli::{CheckArgs, ConsoleArgs};
use crate::console::{Options, check::check as check_files, config::config_dir, run as run_console};

pub async fn run(args: ConsoleArgs) -> anyhow::Result<()> {
    let token = std::env::var("CITYDESK_TOKEN")
        .ok()
        .filter(|t| !t.trim().is_empty());
    run_console(Options {
        server: args.server,
        token,
        theme: args.theme,
        keymap: args.keymap,
        ascii: args.ascii,
    })
    .await
}

pub fn check(args: CheckArgs) -> anyhow::Result<()> {
    let dir = config_dir();
    let (checked, problems) = check_files(dir.as_deref(), &args.files);
    for file in &checked {
        println!("checked {file}");
    }
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        println!("all {} files are valid", checked.len());
        Ok(())
    } else {
        anyhow::bail!("{} problem(s) found", problems.len())
    }
}
