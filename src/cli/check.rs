//! `citydesk check`'s arguments.

use clap::Args;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// More keymap, theme or config.toml files to check.
    pub files: Vec<std::path::PathBuf>,
}
