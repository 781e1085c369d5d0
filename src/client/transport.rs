//! How the client reaches the server: HTTPS with rustls (the system's
//! roots plus an optional CA file), and the rule that a token never
//! crosses a network in the clear unless the operator said so.

use super::{ClientError, Result};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The transport settings of a client; the default trusts the system's
/// roots and refuses plain HTTP with a token to anything but loopback.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Transport {
    /// A PEM file of CA certificates trusted besides the system's (a city's
    /// own CA, or a self-signed server certificate).
    pub ca_file: Option<PathBuf>,
    /// Allows sending the token over `http://` to a non-loopback address
    /// (a trusted, isolated LAN; `--insecure-http`).
    pub insecure_http: bool,
}

/// The refusal, worded for the operator who hit it.
pub(super) fn plain_http_refused(base: &str) -> ClientError {
    ClientError::PlainHttp(format!(
        "refusing to send the token over plain HTTP to {base}: use https://, \
         or pass --insecure-http (config: insecure_http = true) on a network you trust"
    ))
}

/// Whether a token may be sent to `base`: over HTTPS, to loopback, or
/// anywhere when the operator allowed plain HTTP.
pub(super) fn token_allowed(base: &str, transport: &Transport) -> bool {
    transport.insecure_http || !base.starts_with("http://") || is_loopback(base)
}

/// Whether the URL's host is this machine: 127.0.0.0/8, ::1 or localhost.
pub fn is_loopback(base: &str) -> bool {
    let Ok(url) = reqwest::Url::parse(base) else {
        return false;
    };
    let Some(host) = url.host_str() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    match host.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// The HTTP client: rustls with the ring provider, the CA file's
/// certificates added to the system's roots.
pub(super) fn http_client(transport: &Transport) -> Result<reqwest::Client> {
    // reqwest is built without a default provider; installing one twice
    // is harmless (the second attempt reports the first and is ignored).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut builder = reqwest::Client::builder()
        .tcp_nodelay(true)
        .connect_timeout(Duration::from_secs(5))
        // Under the server's 10 s idle timeout, so a pooled connection is
        // dropped here before the server closes it under a request.
        .pool_idle_timeout(Duration::from_secs(5))
        // The API never redirects; following one could carry the request
        // somewhere the checks above never saw.
        .redirect(reqwest::redirect::Policy::none())
        .tls_backend_rustls();
    if let Some(file) = &transport.ca_file {
        builder = builder.tls_certs_merge(ca_certificates(file)?);
    }
    builder.build().map_err(|e| ClientError::Transport(chain(&e)))
}

fn ca_certificates(file: &Path) -> Result<Vec<reqwest::Certificate>> {
    let pem =
        std::fs::read(file).map_err(|e| ClientError::Tls(format!("CA file {}: {e}", file.display())))?;
    let certs = reqwest::Certificate::from_pem_bundle(&pem)
        .map_err(|e| ClientError::Tls(format!("CA file {}: {}", file.display(), chain(&e))))?;
    if certs.is_empty() {
        return Err(ClientError::Tls(format!(
            "CA file {} holds no PEM certificate",
            file.display()
        )));
    }
    Ok(certs)
}

/// An error with its causes: reqwest's own message ("error sending
/// request") hides the reason, such as an untrusted certificate, which
/// gets a hint of what to do about it.
pub(super) fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(&s_text) {
            text.push_str(": ");
            text.push_str(&s_text);
        }
        source = s.source();
    }
    if text.contains("CaUsedAsEndEntity") {
        // openssl req -x509 makes a CA certificate unless told otherwise.
        text.push_str(" (the server presents a CA certificate as its own: make it with basicConstraints CA:FALSE, see the README's TLS section)");
    } else if text.contains("certificate") {
        text.push_str(" (the server's certificate is not trusted: pass --ca-file FILE, or set ca_file in config.toml, with the CA that signed it)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_is_this_machine_and_nothing_that_looks_like_it() {
        for url in [
            "http://127.0.0.1:7878",
            "http://127.8.9.10",
            "http://[::1]:7878",
            "http://LOCALHOST:1",
        ] {
            assert!(is_loopback(url), "{url}");
        }
        for url in [
            "http://10.0.0.5:7878",
            "http://127.0.0.1.example.com",
            "http://localhost.example.com",
            "http://[::ffff:10.0.0.5]",
            "http://0.0.0.0:7878",
            "not a url",
        ] {
            assert!(!is_loopback(url), "{url}");
        }
    }

    #[test]
    fn a_token_goes_over_https_to_loopback_or_with_the_flag() {
        let strict = Transport::default();
        assert!(token_allowed("https://10.0.0.5", &strict));
        assert!(token_allowed("http://127.0.0.1:7878", &strict));
        assert!(!token_allowed("http://10.0.0.5:7878", &strict));
        let lax = Transport {
            insecure_http: true,
            ..Transport::default()
        };
        assert!(token_allowed("http://10.0.0.5:7878", &lax));
    }
}
