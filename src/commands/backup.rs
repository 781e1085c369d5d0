//! `citydesk backup --to FILE` and `citydesk verify FILE`: the online copy
//! and its check (the store does both; this prints them).

use crate::cli::{BackupArgs, VerifyArgs};
use anyhow::{Context, bail};

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let url = crate::config::db_url(args.db.db.as_deref())?;
    let db = crate::store::sqlite_path(&url)?;
    let to = args.to.clone();
    let report = tokio::task::spawn_blocking(move || crate::store::backup(&db, &to))
        .await
        .context("backup task")?
        .with_context(|| format!("backing up {url} to {}", args.to.display()))?;
    print!("{report}");
    if !report.is_sound() {
        bail!(
            "the copy at {} is not sound: do not rely on it",
            args.to.display()
        );
    }
    eprintln!(
        "backed up {url} to {} at seq {}; keep the checksum line to compare with `citydesk verify`",
        args.to.display(),
        report.head
    );
    Ok(())
}

pub async fn verify(args: VerifyArgs) -> anyhow::Result<()> {
    let file = args.file.clone();
    let report = tokio::task::spawn_blocking(move || crate::store::verify(&file))
        .await
        .context("verify task")?
        .with_context(|| format!("verifying {}", args.file.display()))?;
    print!("{report}");
    if let Some(expected) = &args.checksum {
        let expected = expected.trim();
        let bare = report.checksum.trim_start_matches("sha256:");
        if expected != report.checksum && expected != bare {
            bail!(
                "{}: the events do not add up to {expected} (they give {}): changed since that checksum was taken",
                args.file.display(),
                report.checksum
            );
        }
    }
    if !report.is_sound() {
        bail!(
            "{}: {} problem(s) found",
            args.file.display(),
            report.problem_count
        );
    }
    Ok(())
}
