//! `citydesk ingest cap FILE…`: posts each CAP document to the server's
//! CAP route and prints what became of every alert in it. A refused
//! document is reported and the others still go; the exit status says
//! whether any was refused.

use crate::cli::CapArgs;
use anyhow::{Context, bail};
use reqwest::Method;

pub async fn run(args: CapArgs) -> anyhow::Result<()> {
    let (client, server) =
        super::super::remote::token_client(args.server.clone(), " (a feed operator's token)")?;
    let path = format!("/v1/ingest/cap?lang={}", urlencode(&args.lang));
    if let Some(from) = &args.from {
        return super::cap_poll::run(&args, from, &client, &path).await;
    }
    let mut failed = 0;
    for file in &args.files {
        let body = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let (status, text) = client
            .send_raw(Method::POST, &path, body)
            .await
            .with_context(|| format!("posting {} to {}", file.display(), server))?;
        if !status.is_success() {
            failed += 1;
            eprintln!("{}: refused ({status}): {}", file.display(), error_message(&text));
            continue;
        }
        print!("{}", outcomes(&file.display().to_string(), &text));
    }
    if failed > 0 {
        bail!("{failed} of {} document(s) refused", args.files.len());
    }
    Ok(())
}

/// One line per alert of the route's answer: `LABEL: created ALR-… MESSAGE`.
pub(super) fn outcomes(label: &str, answer: &str) -> String {
    let answer: serde_json::Value = serde_json::from_str(answer).unwrap_or_default();
    let mut out = String::new();
    for r in answer["results"].as_array().into_iter().flatten() {
        let item = r["item"].as_str().unwrap_or("-");
        let outcome = r["outcome"].as_str().unwrap_or("?");
        let message = r["message"].as_str().unwrap_or_default();
        match r["reason"].as_str() {
            Some(reason) => out.push_str(&format!("{label}: {outcome} {message}: {reason}\n")),
            None => out.push_str(&format!("{label}: {outcome} {item} {message}\n")),
        }
    }
    out
}

pub(super) fn error_message(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["error"]["message"].as_str().map(str::to_owned))
        .unwrap_or_else(|| body.to_owned())
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
