//! How a client command reaches the server: the CA it trusts and whether
//! plain HTTP may carry its token (console, `tail`, `sim`).

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Clone, Default, Args)]
pub struct TransportArgs {
    /// PEM file of CA certificates to trust besides the system's, for a
    /// server with its own or a self-signed certificate [default: ca_file in config.toml]
    #[arg(long, env = "CITYDESK_CA_FILE", value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Send the token over plain http:// to another machine: only on a
    /// network you trust (loopback needs no flag) [default: insecure_http in config.toml]
    #[arg(long, env = "CITYDESK_INSECURE_HTTP")]
    pub insecure_http: bool,
}
