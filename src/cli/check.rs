//! `citydesk check`'s arguments.

use clap::Args;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// More keymap, theme or config.toml files to check, or a district
    /// outlines file (`.geojson`, checked against the built-in city).
    pub files: Vec<std::path::PathBuf>,
    #[command(flatten)]
    pub lang: super::LangArg,
}
