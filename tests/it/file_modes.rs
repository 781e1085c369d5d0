//! What citydesk creates is readable by its owner only: the database, its
//! WAL and shared memory (0600, in a 0700 directory) once `serve` made a
//! fresh one, and the config file (0600, in a 0700 directory) once the
//! console wrote its commented example.

use crate::spawned::{BIN, Served, wait_healthy};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn serve_creates_the_database_and_its_wal_for_the_owner_only() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let db = data.join("fresh.db");
    let served = Served::start(&format!("sqlite:{}", db.display()));
    wait_healthy(&served.url()).await;
    assert_eq!(mode(&data), 0o700, "the directory serve created");
    assert_eq!(mode(&db), 0o600, "the database");
    let wal = data.join("fresh.db-wal");
    let shm = data.join("fresh.db-shm");
    assert!(
        wal.exists() && shm.exists(),
        "a serving database in WAL mode has both"
    );
    assert_eq!(mode(&wal), 0o600, "the WAL");
    assert_eq!(mode(&shm), 0o600, "the shared memory");
}

#[tokio::test]
async fn the_console_writes_its_config_for_the_owner_only() {
    let home = tempfile::tempdir().expect("home");
    // The console writes config.toml before it looks for a token, then
    // exits for want of one. Under the usual umask, which alone would
    // leave the file readable by everyone.
    let out = tokio::process::Command::new("sh")
        .args(["-c", "umask 022 && exec \"$0\" console", BIN])
        .env_remove("CITYDESK_TOKEN")
        .env("XDG_CONFIG_HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("share"))
        .env("HOME", home.path())
        .output()
        .await
        .expect("console");
    assert!(!out.status.success(), "no token, no console");
    let dir = home.path().join("citydesk");
    assert_eq!(mode(&dir), 0o700, "the config directory");
    assert_eq!(
        mode(&dir.join("config.toml")),
        0o600,
        "config.toml, where a token may go"
    );
    let log = home.path().join("share/citydesk/citydesk.log");
    if log.exists() {
        assert_eq!(mode(&log), 0o600, "the log");
    }
}
