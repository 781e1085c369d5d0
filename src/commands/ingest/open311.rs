//! `citydesk ingest open311`: reads another system's `GET requests`
//! document (a URL or a file), maps its service codes to our categories
//! and posts each request to `POST /v1/ingest/open311` as the configured
//! token's feed. What each request became is counted, and the codes the
//! mapping did not know are listed at the end.

use crate::cli::Open311Args;
use crate::client::Client;
use crate::open311::import::{self, ImportReply};
use crate::open311::mapping::Mapping;
use crate::open311::read;
use anyhow::{Context, bail};
use reqwest::Method;
use std::collections::BTreeMap;

/// A document larger than this is refused before it is parsed.
const MAX_DOCUMENT: usize = 32 * 1024 * 1024;

pub async fn run(args: Open311Args) -> anyhow::Result<()> {
    let (client, server) =
        super::super::remote::token_client(args.server.clone(), " (a feed operator's token)")?;
    let city = crate::data::load(args.city.dir.as_deref())?;
    let mapping = match &args.map {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            Mapping::parse(&text, &city).with_context(|| format!("in {}", path.display()))?
        }
        None => Mapping::parse(&format!("default = {:?}\n", args.default), &city)?,
    };
    let bytes = fetch(&args.from).await?;
    let doc = read::requests(&bytes).with_context(|| format!("reading {}", args.from))?;
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    let mut unmapped: BTreeMap<String, usize> = BTreeMap::new();
    let mut failed = 0;
    for request in &doc.requests {
        let imported = import::foreign(Some(&args.from), request, &mapping);
        if let Some(code) = &imported.unmapped {
            *unmapped.entry(code.clone()).or_default() += 1;
        }
        let body = serde_json::to_vec(&imported)?;
        let (status, text) = client
            .send_raw(Method::POST, "/v1/ingest/open311", body)
            .await
            .with_context(|| format!("posting to {}", server))?;
        match serde_json::from_str::<ImportReply>(&text) {
            Ok(reply) if status.is_success() => *outcomes.entry(reply.outcome).or_default() += 1,
            _ => {
                failed += 1;
                eprintln!("{}: {status} {text}", request.service_request_id);
            }
        }
    }
    print!("{}", summary(doc.requests.len(), &outcomes, failed, &doc.skipped));
    print!("{}", unmapped_list(&unmapped, &mapping.default));
    if failed > 0 {
        bail!("{failed} of {} requests were not imported", doc.requests.len());
    }
    Ok(())
}

/// The document's bytes: fetched when `from` is an http(s) URL, else read.
async fn fetch(from: &str) -> anyhow::Result<Vec<u8>> {
    if !(from.starts_with("http://") || from.starts_with("https://")) {
        let meta = std::fs::metadata(from).with_context(|| format!("reading {from}"))?;
        if meta.len() > MAX_DOCUMENT as u64 {
            bail!("{from} is larger than {MAX_DOCUMENT} bytes");
        }
        return std::fs::read(from).with_context(|| format!("reading {from}"));
    }
    let url = reqwest::Url::parse(from).with_context(|| format!("{from} is not a URL"))?;
    let origin = url.origin().ascii_serialization();
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    // No token: the foreign server's key, if it needs one, is in the URL.
    let foreign = Client::new(&origin, None)?;
    let (status, text) = foreign
        .send_raw(Method::GET, &path, Vec::new())
        .await
        .with_context(|| format!("fetching {from}"))?;
    if text.len() > MAX_DOCUMENT {
        bail!("{from} answered more than {MAX_DOCUMENT} bytes");
    }
    if !status.is_success() {
        let why = read::errors(text.as_bytes())
            .ok()
            .filter(|e| !e.is_empty())
            .map(|e| {
                e.iter()
                    .map(|e| e.description.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_else(|| text.chars().take(200).collect());
        bail!("{from} answered {status}: {why}");
    }
    Ok(text.into_bytes())
}

fn summary(total: usize, outcomes: &BTreeMap<String, usize>, failed: usize, skipped: &[String]) -> String {
    let count = |k: &str| outcomes.get(k).copied().unwrap_or(0);
    let mut out = format!(
        "{total} requests: {} created, {} updated, {} unchanged, {} closed before they were ever imported (skipped)",
        count("created"),
        count("updated") + count("cleared"),
        count("duplicate"),
        count("unknown"),
    );
    if failed > 0 {
        out.push_str(&format!(", {failed} failed"));
    }
    out.push('\n');
    for why in skipped {
        out.push_str(&format!("skipped {why}\n"));
    }
    out
}

fn unmapped_list(unmapped: &BTreeMap<String, usize>, default: &str) -> String {
    if unmapped.is_empty() {
        return String::new();
    }
    let mut out = format!("unmapped service codes (filed under {default}):\n");
    for (code, n) in unmapped {
        let code = if code.is_empty() { "(none)" } else { code };
        out.push_str(&format!(
            "  {code}  {n} request{}\n",
            if *n == 1 { "" } else { "s" }
        ));
    }
    out
}
