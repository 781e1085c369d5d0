//! `citydesk migrate-store --from sqlite:PATH --to postgres://…`: the copy
//! (the store does it), with progress on stderr and the figures of both
//! sides on stdout.

use crate::cli::MigrateStoreArgs;
use crate::store::{Outcome, Progress, shown_url};
use anyhow::{Context, bail};

/// A progress line every this many rows of a table, and at its end.
const EVERY: u64 = 50_000;

pub async fn run(args: MigrateStoreArgs) -> anyhow::Result<()> {
    let from = crate::store::sqlite_path(&args.from).context("--from takes sqlite:PATH")?;
    if !crate::store::is_postgres_url(&args.to) {
        bail!("--to takes a postgres://… URL, not {:?}", shown_url(&args.to));
    }
    let to = shown_url(&args.to);
    let outcome = if args.verify_only {
        crate::store::verify_store(&from, &args.to)
            .await
            .with_context(|| format!("comparing {} with {to}", args.from))?
    } else {
        eprintln!("copying {} to {to}", args.from);
        crate::store::migrate_store(&from, &args.to, &show)
            .await
            .with_context(|| format!("copying {} to {to}", args.from))?
    };
    print!("{outcome}");
    finish(&outcome, &args.from, &to, args.verify_only)
}

fn show(p: Progress) {
    if p.done || p.rows.is_multiple_of(EVERY) {
        let rate = p.rows as f64 / p.elapsed.as_secs_f64().max(1e-9);
        let state = if p.done { "done" } else { "…" };
        eprintln!(
            "{:<14} {:>10} rows  {:>6.1} s  {:>9.0} rows/s  {state}",
            p.table,
            p.rows,
            p.elapsed.as_secs_f64(),
            rate
        );
    }
}

fn finish(outcome: &Outcome, from: &str, to: &str, verify_only: bool) -> anyhow::Result<()> {
    let differences = outcome.differences();
    if !differences.is_empty() {
        let what = if outcome.committed || verify_only {
            "the two logs differ"
        } else {
            "the copy does not match its source and was rolled back: the target is empty"
        };
        bail!("{what}:\n  {}", differences.join("\n  "));
    }
    if verify_only {
        eprintln!(
            "{from} and {to} hold the same log up to seq {}",
            outcome.source.head
        );
    } else {
        eprintln!(
            "copied {from} to {to} up to seq {} in {:.1} s ({:.0} rows/s); start the servers with --db on it",
            outcome.source.head,
            outcome.elapsed.as_secs_f64(),
            outcome.rows_per_second()
        );
    }
    Ok(())
}
