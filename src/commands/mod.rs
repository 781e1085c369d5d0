//! Runners of the subcommands: small, built from the library's pieces.

pub mod operator;
pub mod serve;
