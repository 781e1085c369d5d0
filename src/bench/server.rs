//! The server under test: a real `citydesk serve` child process on a fresh
//! SQLite file in a private temporary directory, so the bench measures what
//! an installation would run, sockets, fsyncs and all. Dropping it kills the
//! child and removes the directory, on success and on error alike.

use crate::api::paths;
use crate::client::Client;
use anyhow::{Context, bail};
use reqwest::Method;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

/// How long a fresh server may take to answer `/v1/health`.
const START_TIMEOUT: Duration = Duration::from_secs(15);
/// How long a server over a large existing database may take: its start
/// reads and checks the whole file.
const LARGE_START_TIMEOUT: Duration = Duration::from_secs(300);
/// Attempts at a free port (another process may take the one we picked).
const PORT_ATTEMPTS: usize = 3;

/// A directory removed with everything in it when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> anyhow::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let path = std::env::temp_dir().join(format!("citydesk-bench-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&path).with_context(|| format!("creating {}", path.display()))?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A running `citydesk serve` child and one dispatcher's token for it
/// (and, on a fresh server, a feed's for the intake routes).
pub struct Server {
    pub base: String,
    pub token: String,
    pub feed_token: Option<String>,
    pid: u32,
    // Declared before `dir`: the child is killed before its files go.
    child: Child,
    dir: TempDir,
}

impl Server {
    /// Makes the database and an operator, starts the server, and waits
    /// until it answers.
    pub async fn start() -> anyhow::Result<Self> {
        Self::start_with(&[]).await
    }

    /// [`Server::start`] with more `serve` flags.
    pub async fn start_with(extra: &[&str]) -> anyhow::Result<Self> {
        let exe = std::env::current_exe().context("finding the citydesk executable")?;
        let dir = TempDir::new()?;
        let db = format!("sqlite:{}", dir.0.join("bench.db").display());
        let token = add_operator(&exe, &db, "bench", "dispatcher").await?;
        let feed_token = Some(add_operator(&exe, &db, "bench-feed", "feed").await?);
        let mut last_error = None;
        for _ in 0..PORT_ATTEMPTS {
            let port = free_port()?;
            let base = format!("http://127.0.0.1:{port}");
            let mut child = spawn(&exe, &db, port, &dir.0, extra)?;
            match wait_healthy(&base, &mut child, &dir.0).await {
                Ok(()) => {
                    let pid = child.id().context("the server exited at once")?;
                    return Ok(Server {
                        base,
                        token,
                        feed_token,
                        pid,
                        child,
                        dir,
                    });
                }
                Err(e) => {
                    let _ = child.kill().await;
                    last_error = Some(e);
                }
            }
        }
        Err(last_error.unwrap_or_else(|| anyhow::anyhow!("the server did not start")))
    }

    /// A server on an existing database `db` (an operator is added to it),
    /// and how long it took from its spawn to its first healthy answer:
    /// the start-up time an installation sees.
    pub async fn start_on(db: &str, extra: &[&str]) -> anyhow::Result<(Self, Duration)> {
        let exe = std::env::current_exe().context("finding the citydesk executable")?;
        let dir = TempDir::new()?;
        let token = add_operator(&exe, db, "bench-served", "dispatcher").await?;
        let port = free_port()?;
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let mut child = spawn(&exe, db, port, &dir.0, extra)?;
        wait_healthy_within(&base, &mut child, &dir.0, LARGE_START_TIMEOUT).await?;
        let took = started.elapsed();
        let pid = child.id().context("the server exited at once")?;
        let server = Server {
            base,
            token,
            feed_token: None,
            pid,
            child,
            dir,
        };
        Ok((server, took))
    }

    /// Another server on `db`, whose operator `token` already exists (a
    /// replica of a log other servers share).
    pub async fn replica(db: &str, token: &str, extra: &[&str]) -> anyhow::Result<Self> {
        let exe = std::env::current_exe().context("finding the citydesk executable")?;
        let dir = TempDir::new()?;
        let port = free_port()?;
        let base = format!("http://127.0.0.1:{port}");
        let mut child = spawn(&exe, db, port, &dir.0, extra)?;
        wait_healthy(&base, &mut child, &dir.0).await?;
        let pid = child.id().context("the server exited at once")?;
        Ok(Server {
            base,
            token: token.to_owned(),
            feed_token: None,
            pid,
            child,
            dir,
        })
    }

    /// A client acting as the bench's dispatcher.
    pub fn client(&self) -> anyhow::Result<Client> {
        Ok(Client::new(&self.base, Some(self.token.clone()))?)
    }

    /// Resident memory of the server process, in KiB.
    pub fn rss_kib(&self) -> anyhow::Result<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .context("no VmRSS in /proc/<pid>/status")
    }

    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// One unlabelled value of `/metrics`.
    pub async fn metric(&self, client: &Client, name: &str) -> anyhow::Result<u64> {
        let (status, text) = client.send_raw(Method::GET, paths::METRICS, Vec::new()).await?;
        if !status.is_success() {
            bail!("GET /metrics answered {status}");
        }
        text.lines()
            .filter_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .find_map(|v| v.trim().parse().ok())
            .with_context(|| format!("no {name} in /metrics"))
    }

    /// Kills the server and removes its files.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
        let _ = std::fs::remove_dir_all(&self.dir.0);
    }
}

/// Runs `citydesk operator add` on the database and returns the token.
pub(super) async fn add_operator(exe: &Path, db: &str, login: &str, role: &str) -> anyhow::Result<String> {
    let out = Command::new(exe)
        .args(["operator", "add", login, "--role", role, "--db", db])
        .stdin(Stdio::null())
        .output()
        .await
        .context("running citydesk operator add")?;
    if !out.status.success() {
        bail!(
            "citydesk operator add failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    let token = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if token.is_empty() {
        bail!("citydesk operator add printed no token");
    }
    Ok(token)
}

/// A port nobody listened on a moment ago; a race is caught by retrying.
fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("binding a probe socket")?;
    Ok(listener.local_addr()?.port())
}

fn spawn(exe: &Path, db: &str, port: u16, dir: &Path, extra: &[&str]) -> anyhow::Result<Child> {
    let log = std::fs::File::create(dir.join("server.log"))?;
    Command::new(exe)
        .args(["serve", "--db", db, "--listen", &format!("127.0.0.1:{port}")])
        // One token plays a whole city and holds a thousand streams: the
        // benchmark measures the server, not its per-client limits.
        .args(["--token-rate", "0", "--streams-per-operator", "1000000"])
        .args(["--max-connections", "8192"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log)
        .kill_on_drop(true)
        .spawn()
        .context("starting citydesk serve")
}

async fn wait_healthy(base: &str, child: &mut Child, dir: &Path) -> anyhow::Result<()> {
    wait_healthy_within(base, child, dir, START_TIMEOUT).await
}

async fn wait_healthy_within(
    base: &str,
    child: &mut Child,
    dir: &Path,
    limit: Duration,
) -> anyhow::Result<()> {
    let client = Client::new(base, None)?;
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait()? {
            bail!("citydesk serve exited ({status}): {}", log_tail(dir));
        }
        if client.health().await.is_ok() {
            return Ok(());
        }
        if started.elapsed() > limit {
            bail!(
                "citydesk serve did not answer /v1/health within {limit:?}: {}",
                log_tail(dir)
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn log_tail(dir: &Path) -> String {
    let log = std::fs::read_to_string(dir.join("server.log")).unwrap_or_default();
    let lines: Vec<&str> = log.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}
