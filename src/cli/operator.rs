//! `citydesk operator`'s subcommands and their arguments.

use super::{CityArg, DbArg};
use crate::model::Role;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum OperatorCommand {
    /// Add an operator and print their new token (only the token) on stdout.
    Add {
        /// Login name, e.g. wangfang.
        login: String,
        /// viewer, agent, dispatcher, supervisor, admin, unit or telephony (a PBX: may only post calls).
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
        #[command(flatten)]
        db: DbArg,
        #[command(flatten)]
        city: CityArg,
    },
    /// List operators (never their tokens).
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
