//! Runners of the subcommands: small, built from the library's pieces.

pub mod console;
pub mod operator;
pub mod policy;
pub mod serve;
