//! `citydesk operator`'s subcommands and their arguments.

use super::lifetime::parse_lifetime;
use super::{CityArg, DbArg};
use crate::model::Role;
use clap::Subcommand;
use std::time::Duration;

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Add an operator and print their new token (only the token) on stdout.
    Add {
        /// Login name, e.g. wangfang.
        login: String,
        /// viewer, agent, dispatcher, supervisor, admin, unit, telephony (a PBX: may only post calls) or feed (an integration: may only post to its ingest route).
        #[arg(long)]
        role: Role,
        /// Display name, e.g. 王芳 [default: the login].
        #[arg(long)]
        name: Option<String>,
        /// For unit operators: the department code they act for (see GET /v1/directory).
        #[arg(long)]
        department: Option<String>,
        /// The desk telephone extension they answer: a PBX may post calls by it.
        #[arg(long)]
        extension: Option<String>,
        /// The token stops working after this long: 90d, 2w, 12h [default: never]
        #[arg(long, value_parser = parse_lifetime, value_name = "DURATION")]
        expires: Option<Duration>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        city: CityArg,
    },
    /// Give an operator a new token and print it (only the token) on stdout;
    /// the old one keeps working for the grace period, so a console or
    /// integration can be switched over without a gap.
    Rotate {
        login: String,
        /// How long the old token keeps working: 1h, 30m, 2d; 1s ends it at once.
        #[arg(long, value_parser = parse_lifetime, default_value = "1h", value_name = "DURATION")]
        grace: Duration,
        /// The new token stops working after this long: 90d, 2w [default: never]
        #[arg(long, value_parser = parse_lifetime, value_name = "DURATION")]
        expires: Option<Duration>,
        #[command(flatten)]
        db: DbArg,
    },
    /// List operators (never their tokens): login, role, department, state,
    /// when the token expires and when a token of theirs was last used
    /// (recorded at most once a minute).
    List {
        #[command(flatten)]
        db: DbArg,
    },
    /// Give an operator another role (and department, for units); recorded in
    /// the audit log, and their open streams end within 2 s.
    Role {
        login: String,
        /// The new role.
        #[arg(long)]
        role: Role,
        /// For unit operators: the department code they act for.
        #[arg(long)]
        department: Option<String>,
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        city: CityArg,
    },
    /// Revoke an operator's token at once; their open streams end within 2 s.
    Revoke {
        login: String,
        #[command(flatten)]
        db: DbArg,
    },
}
