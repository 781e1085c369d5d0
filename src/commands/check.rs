//! `citydesk check`: every keymap, theme and settings file, shipped and the
//! user's, checked with the problems listed by file and line.

use crate::cli::CheckArgs;
use crate::console::{check::check as check_files, config::config_dir};

pub fn run(args: CheckArgs) -> anyhow::Result<()> {
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
