//! `citydesk suggest`'s arguments.

use super::CityArg;
use clap::Args;

#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// The description, as a caller would put it (供热不热，室温12度).
    pub text: String,
    /// Ask this server (which also knows what closed items taught)
    /// [default: compute locally from the shipped data, keywords only].
    #[arg(long, env = "CITYDESK_SERVER")]
    pub server: Option<String>,
    /// The day knowledge entries must be valid on, like 2026-12-01 [default: today, UTC].
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// How many categories and knowledge entries.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=20))]
    pub limit: u64,
    /// Print the answer as JSON (the body of GET /v1/suggest).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub city: CityArg,
}
