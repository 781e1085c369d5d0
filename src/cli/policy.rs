//! `citydesk policy`'s subcommands and their arguments.

use super::CityArg;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Check a policy file against the city and print the limits it gives.
    Check {
        /// The policy file [default: the built-in data/policy.toml].
        file: Option<std::path::PathBuf>,
        #[command(flatten)]
        city: CityArg,
        #[command(flatten)]
        lang: super::LangArg,
    },
}
