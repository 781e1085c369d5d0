//! The database holds callers' names and numbers: it is created readable
//! by its owner only (0600, in a 0700 directory when this creates it).
//! SQLite gives the WAL and shared-memory files the database file's mode,
//! so creating the empty file first is what makes all three private.
//! An existing file keeps the mode an administrator gave it.

use std::path::Path;

#[cfg(unix)]
pub(super) fn create(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
    match created {
        Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => Err(e),
        _ => Ok(()),
    }
}

#[cfg(not(unix))]
pub(super) fn create(path: &Path) -> std::io::Result<()> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir),
        None => Ok(()),
    }
}
