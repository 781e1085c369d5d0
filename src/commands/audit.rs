//! `citydesk audit`: prints the audit log (`GET /v1/audit`, admins only),
//! oldest first, page after page. The token comes from `CITYDESK_TOKEN` or
//! `config.toml`, never the command line.

use crate::cli::AuditArgs;
use crate::model::audit::AuditEntry;
use anyhow::Context;
use std::io::Write;

/// Rows asked for per request.
const PAGE: usize = 500;

pub async fn run(args: AuditArgs) -> anyhow::Result<()> {
    let (client, _server) = super::remote::token_client(args.server, "")?;
    let mut out = std::io::stdout().lock();
    let mut after = args.after;
    let mut left = args.limit;
    while left > 0 {
        let page = client
            .audit(after, left.min(PAGE))
            .await
            .context("reading the audit log")?;
        for entry in &page.entries {
            let line = if args.json {
                serde_json::to_string(entry)?
            } else {
                line(entry)
            };
            if writeln!(out, "{line}").is_err() {
                // A closed stdout (| head) is the reader being done.
                return Ok(());
            }
        }
        left = left.saturating_sub(page.entries.len());
        match page.next {
            Some(next) => after = next,
            None => break,
        }
    }
    Ok(())
}

/// One row as aligned columns: id, time (UTC), kind, who, status and
/// route of a refusal, and the detail.
fn line(e: &AuditEntry) -> String {
    let at =
        e.at.format(time::macros::format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]Z"
        ))
        .unwrap_or_default();
    let status = e.status.map(|s| s.to_string()).unwrap_or_default();
    format!(
        "{:>6}  {at}  {:<12} {:<16} {:>3} {:<28} {}",
        e.id,
        e.kind.as_str(),
        e.login.as_deref().unwrap_or("-"),
        status,
        e.route.as_deref().unwrap_or(""),
        printable(&e.detail)
    )
}

/// Text fit for a terminal: a reason can quote what a request sent, so
/// control characters and bidi overrides are shown as `?`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi { '?' } else { c }
        })
        .collect()
}
