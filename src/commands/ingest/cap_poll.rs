//! `citydesk ingest cap --from URL`: polls an Atom or RSS index of CAP
//! messages and sends each entry it has not sent before to the server's
//! CAP route, as `ingest cap FILE` does. The index is fetched with a
//! conditional GET (If-None-Match, If-Modified-Since), so an unchanged
//! feed costs a 304; an entry that is refused is reported and marked
//! done, one that failed for a reason that may pass (network, 5xx, 429)
//! is tried again on the next poll. Entries sent and the validators are
//! kept in memory: a restarted poller sends the index's entries once more,
//! and the server recognises them (`duplicate`).

use crate::cli::CapArgs;
use crate::client::Client;
use crate::ingest::cap::MAX_BYTES;
use crate::ingest::cap::index::{self, EntryCap, MAX_INDEX_BYTES};
use anyhow::{Context, bail};
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use reqwest::{Method, StatusCode, Url};
use std::collections::HashSet;
use std::time::Duration;

/// What one fetch or post may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The poller's memory between passes.
struct Poller {
    http: reqwest::Client,
    index: Url,
    etag: Option<String>,
    last_modified: Option<String>,
    sent: HashSet<String>,
}

/// What one pass did.
#[derive(Default)]
struct Pass {
    refused: usize,
    failed: usize,
}

pub async fn run(args: &CapArgs, from: &str, client: &Client, path: &str) -> anyhow::Result<()> {
    let index = Url::parse(from).with_context(|| format!("--from {from} is not a URL"))?;
    if !matches!(index.scheme(), "http" | "https") {
        bail!("--from {from}: only http and https indexes are polled");
    }
    let mut poller = Poller {
        http: http_client()?,
        index,
        etag: None,
        last_modified: None,
        sent: HashSet::new(),
    };
    let stop = tokio::signal::ctrl_c();
    tokio::pin!(stop);
    loop {
        let pass = tokio::select! {
            _ = &mut stop => break,
            pass = poller.pass(client, path) => pass,
        };
        match pass {
            Ok(p) if args.once && p.refused + p.failed > 0 => {
                bail!("{} entries refused, {} failed", p.refused, p.failed)
            }
            Ok(_) => {}
            Err(e) if args.once => return Err(e),
            // The index may be back next time: keep polling.
            Err(e) => eprintln!("{from}: {e:#}"),
        }
        if args.once {
            return Ok(());
        }
        tokio::select! {
            _ = &mut stop => break,
            () = tokio::time::sleep(args.interval) => {}
        }
    }
    eprintln!("stopped");
    Ok(())
}

fn http_client() -> anyhow::Result<reqwest::Client> {
    // reqwest is built without a default provider; a second install is
    // harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    Ok(reqwest::Client::builder()
        .timeout(TIMEOUT)
        .connect_timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("citydesk/", env!("CARGO_PKG_VERSION"), " (CAP poller)"))
        .tls_backend_rustls()
        .build()?)
}

impl Poller {
    async fn pass(&mut self, client: &Client, path: &str) -> anyhow::Result<Pass> {
        let Some(bytes) = self.fetch_index().await? else {
            println!("{}: not modified", self.index);
            return Ok(Pass::default());
        };
        let entries = index::entries(&bytes).with_context(|| format!("reading the index {}", self.index))?;
        // Remembered only while the index lists them, so a poller that
        // runs for months holds one index's worth of keys.
        let listed: HashSet<&str> = entries.iter().map(|e| e.key.as_str()).collect();
        self.sent.retain(|k| listed.contains(k.as_str()));
        let mut pass = Pass::default();
        for entry in entries {
            if self.sent.contains(&entry.key) {
                continue;
            }
            match self.send(client, path, &entry.key, entry.cap).await {
                Sent::Done => {}
                Sent::Refused => pass.refused += 1,
                // Not marked sent: tried again next pass.
                Sent::Failed => {
                    pass.failed += 1;
                    continue;
                }
            }
            self.sent.insert(entry.key);
        }
        Ok(pass)
    }

    /// The index's bytes, or `None` when the server says it has not
    /// changed since the last pass.
    async fn fetch_index(&mut self) -> anyhow::Result<Option<Vec<u8>>> {
        let mut req = self.http.get(self.index.clone());
        if let Some(tag) = &self.etag {
            req = req.header(IF_NONE_MATCH, tag);
        }
        if let Some(when) = &self.last_modified {
            req = req.header(IF_MODIFIED_SINCE, when);
        }
        let resp = req.send().await.context("fetching the index")?;
        if resp.status() == StatusCode::NOT_MODIFIED {
            return Ok(None);
        }
        if !resp.status().is_success() {
            bail!("the index answered {}", resp.status());
        }
        let header = |name| {
            resp.headers()
                .get(name)
                .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        let (etag, modified) = (header(ETAG), header(LAST_MODIFIED));
        let bytes = read_limited(resp, MAX_INDEX_BYTES).await?;
        // Kept only once the body is read, so a broken transfer is fetched
        // whole next time.
        self.etag = etag;
        self.last_modified = modified;
        Ok(Some(bytes))
    }

    async fn send(&self, client: &Client, path: &str, key: &str, cap: Result<EntryCap, String>) -> Sent {
        let body = match cap {
            Err(why) => {
                eprintln!("{key}: refused: {why}");
                return Sent::Refused;
            }
            Ok(EntryCap::Inline(doc)) => doc.into_bytes(),
            Ok(EntryCap::Link(link)) => match self.fetch_entry(&link).await {
                Ok(bytes) => bytes,
                Err((sent, why)) => {
                    eprintln!("{key}: {why:#}");
                    return sent;
                }
            },
        };
        match client.send_raw(Method::POST, path, body).await {
            Ok((status, text)) if status.is_success() => {
                print!("{}", super::cap::outcomes(key, &text));
                Sent::Done
            }
            Ok((status, text)) if status.is_client_error() && status != StatusCode::TOO_MANY_REQUESTS => {
                eprintln!("{key}: refused ({status}): {}", super::cap::error_message(&text));
                Sent::Refused
            }
            Ok((status, text)) => {
                eprintln!(
                    "{key}: the server answered {status}: {}",
                    super::cap::error_message(&text)
                );
                Sent::Failed
            }
            Err(e) => {
                eprintln!("{key}: posting: {e}");
                Sent::Failed
            }
        }
    }

    /// An entry's CAP message; a 4xx or an oversize one will not get
    /// better (refused), anything else may (failed).
    async fn fetch_entry(&self, link: &str) -> Result<Vec<u8>, (Sent, anyhow::Error)> {
        let url = self
            .index
            .join(link)
            .map_err(|e| (Sent::Refused, anyhow::anyhow!("link {link:?}: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err((Sent::Refused, anyhow::anyhow!("link {url}: not http or https")));
        }
        let resp = self
            .http
            .get(url.clone())
            .send()
            .await
            .map_err(|e| (Sent::Failed, anyhow::anyhow!("fetching {url}: {e}")))?;
        let status = resp.status();
        if status.is_client_error() {
            return Err((Sent::Refused, anyhow::anyhow!("{url} answered {status}")));
        }
        if !status.is_success() {
            return Err((Sent::Failed, anyhow::anyhow!("{url} answered {status}")));
        }
        read_limited(resp, MAX_BYTES)
            .await
            .map_err(|e| (Sent::Refused, e.context(format!("reading {url}"))))
    }
}

enum Sent {
    Done,
    Refused,
    Failed,
}

/// The body, refused as soon as it passes `limit` bytes (a lying or
/// absent Content-Length does not matter).
async fn read_limited(mut resp: reqwest::Response, limit: usize) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        if out.len() + chunk.len() > limit {
            bail!("larger than {limit} bytes");
        }
        out.extend_from_slice(&chunk);
    }
    Ok(out)
}
