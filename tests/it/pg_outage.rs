//! PostgreSQL restarted under load, on a private PostgreSQL cluster this
//! test makes and owns (the machine's shared server is left alone): every
//! write acknowledged before, during or after the outage is there
//! afterwards; writes during the outage fail fast with 503, not a hang; the
//! server recovers by itself.

use crate::spawned::{Served, operator};
use citydesk::client::Client;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// A PostgreSQL cluster in a temporary directory, on its own port, run as
/// the `postgres` user (PostgreSQL refuses to run as root).
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    _dir: tempfile::TempDir,
}

fn bin_dir() -> PathBuf {
    let out = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .expect("pg_config");
    let listed = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if listed.join("initdb").exists() {
        return listed;
    }
    // Debian keeps the server's programs beside its version.
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("/usr/lib/postgresql")
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop().expect("initdb")
}

fn as_postgres(program: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new("runuser")
        .args(["-u", "postgres", "--"])
        .arg(program)
        .args(args)
        .output()
        .expect("runuser");
    assert!(
        out.status.success(),
        "{} {args:?}: {}{}",
        program.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

impl Cluster {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("data");
        let chown = Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir.path())
            .status()
            .expect("chown");
        assert!(chown.success());
        let bin = bin_dir();
        let data_arg = data.to_string_lossy().to_string();
        as_postgres(
            &bin.join("initdb"),
            &["-D", &data_arg, "-U", "postgres", "--auth=trust", "--no-sync"],
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let cluster = Cluster {
            bin,
            data,
            port,
            _dir: dir,
        };
        cluster.ctl(&["start"]);
        cluster
    }

    fn ctl(&self, what: &[&str]) {
        let data = self.data.to_string_lossy().to_string();
        let sockets = self.data.to_string_lossy().to_string();
        let options = format!("-p {} -c listen_addresses=127.0.0.1 -k {sockets}", self.port);
        let log = self.data.join("log").to_string_lossy().to_string();
        let mut args = vec!["-D", &data, "-o", &options, "-l", &log, "-w", "-t", "60"];
        args.extend_from_slice(what);
        as_postgres(&self.bin.join("pg_ctl"), &args);
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let data = self.data.to_string_lossy().to_string();
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(self.bin.join("pg_ctl"))
            .args(["-D", &data, "-m", "immediate", "stop"])
            .output();
    }
}

#[tokio::test]
async fn a_postgres_restart_under_load_loses_no_acknowledged_write_and_fails_fast_meanwhile() {
    let cluster = Cluster::start();
    let db = cluster.url();
    let token = operator(&db, "desk", "dispatcher");
    // One token plays six desks: no per-token rate limit in the way.
    let served = Served::start_with(&db, "127.0.0.1:0", &["--token-rate", "0"]);
    served.ready().await;
    let client = Client::new(&served.url(), Some(token)).expect("client");

    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..6)
        .map(|w| {
            let (client, stop) = (client.clone(), Arc::clone(&stop));
            tokio::spawn(async move {
                let mut acked = Vec::new();
                let mut refused = Vec::new();
                let mut n = 0;
                while !stop.load(Ordering::SeqCst) {
                    n += 1;
                    let started = Instant::now();
                    match client
                        .create(&crate::common::ticket(&format!("积水 {w}-{n}")), None)
                        .await
                    {
                        Ok(reply) => acked.push(reply.item.item.id),
                        Err(e) => {
                            refused.push((e.status(), started.elapsed()));
                            tokio::time::sleep(Duration::from_millis(50)).await;
                        }
                    }
                }
                (acked, refused)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    // A crash, not a clean stop: PostgreSQL recovers from its WAL.
    cluster.ctl(&["-m", "immediate", "restart"]);
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop.store(true, Ordering::SeqCst);

    let mut acked = Vec::new();
    let mut refused = Vec::new();
    for w in workers {
        let (a, r) = w.await.expect("worker");
        acked.extend(a);
        refused.extend(r);
    }
    assert!(
        acked.len() > 20,
        "writes went through before and after: {}",
        acked.len()
    );
    for (status, took) in &refused {
        assert_eq!(
            *status,
            Some(reqwest::StatusCode::SERVICE_UNAVAILABLE),
            "refused with {status:?}"
        );
        assert!(*took < Duration::from_secs(5), "a refusal took {took:?}");
    }
    // The server recovered by itself: health ok, writes go through.
    let deadline = Instant::now() + Duration::from_secs(30);
    while client.health().await.map(|h| h.status != "ok").unwrap_or(true) {
        assert!(Instant::now() < deadline, "the server did not recover");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    client
        .create(&crate::common::ticket("恢复后"), None)
        .await
        .expect("a write after the outage");
    // Every acknowledged write survived the crash.
    let snapshot = client.snapshot(&Default::default()).await.expect("snapshot");
    let stored: std::collections::HashSet<_> = snapshot.items.iter().map(|v| v.item.id.clone()).collect();
    let lost: Vec<_> = acked.iter().filter(|id| !stored.contains(*id)).collect();
    assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
    eprintln!(
        "{} creates acknowledged, {} refused during the outage (all 503, slowest {:?})",
        acked.len(),
        refused.len(),
        refused.iter().map(|(_, t)| *t).max().unwrap_or_default()
    );
}
