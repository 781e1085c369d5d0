//! `citydesk serve` as a real process, for the tests that need one (kill -9,
//! SIGTERM, restarts, the console in tmux). The server listens on a port the
//! kernel picks (`--listen 127.0.0.1:0`) and the test reads the address from
//! the line `serve` prints once it listens, so no port is chosen, released
//! and bound again (another test could take it in between). Every wait has
//! a generous limit polled against readiness, since a loaded 2-core machine
//! can take seconds to start a process.

use citydesk::client::Client;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_citydesk");

/// How long a process may take to start or stop before the test fails.
pub const LIMIT: Duration = Duration::from_secs(60);

/// What `serve` prints on stderr once it listens, before the address
/// (`http://` or, terminating TLS, `https://`).
const LISTENING: &str = "citydesk serving on ";

/// A running `citydesk serve`; killed when dropped.
pub struct Served {
    child: Child,
    pub addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
    scheme: &'static str,
}

impl Served {
    /// Serves `db` on a port the kernel picks.
    pub fn start(db: &str) -> Self {
        Self::start_on(db, "127.0.0.1:0")
    }

    /// Serves `db` on `listen` (a restart on the address a client follows).
    pub fn start_on(db: &str, listen: &str) -> Self {
        Self::start_with(db, listen, &[])
    }

    /// Serves `db` on `listen` with more flags (`--tls-cert`, …).
    pub fn start_with(db: &str, listen: &str, extra: &[&str]) -> Self {
        let mut serve = Command::new(BIN);
        serve.args(["serve", "--db", db, "--listen", listen]).args(extra);
        Self::spawn(serve)
    }

    /// Runs `command`, which ends by running `serve` (a wrapper may set up
    /// its filesystem first), and waits until it says where it listens.
    pub fn spawn(mut command: Command) -> Self {
        let scheme = if command.get_args().any(|a| a == "--tls-cert") {
            "https"
        } else {
            "http"
        };
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let pipe = child.stderr.take().expect("stderr");
        let log = Arc::clone(&stderr);
        // Reads to the end so the server never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                if let Some(rest) = line.split_once(LISTENING).map(|(_, r)| r) {
                    let rest = rest.split_once("://").map_or(rest, |(_, r)| r);
                    let addr = rest.split_whitespace().next().unwrap_or_default();
                    let _ = tx.send(addr.parse::<SocketAddr>());
                }
                if let Ok(mut log) = log.lock() {
                    log.push_str(&line);
                    log.push('\n');
                }
            }
        });
        let addr = match rx.recv_timeout(LIMIT) {
            Ok(Ok(addr)) => addr,
            Ok(Err(e)) => panic!("serve printed an address that does not parse: {e}"),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                let log = stderr.lock().map(|s| s.clone()).unwrap_or_default();
                panic!("serve did not say where it listens ({e}); its stderr:\n{log}")
            }
        };
        Served {
            child,
            addr,
            stderr,
            scheme,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// What the server has written to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// SIGKILL: no graceful anything.
    pub fn kill(&mut self) {
        self.child.kill().expect("kill -9");
        self.child.wait().expect("reaped");
    }

    /// SIGTERM, then waits (within `LIMIT`) for the process to exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        let sent = Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        assert!(sent.success(), "kill -TERM {pid}");
        let deadline = Instant::now() + LIMIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve still running {LIMIT:?} after SIGTERM"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits until the server answers its health check.
    pub async fn ready(&self) {
        wait_healthy(&self.url()).await;
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `url`'s health check until it answers, for at most `LIMIT`.
pub async fn wait_healthy(url: &str) {
    let client = Client::new(url, None).expect("client");
    let deadline = Instant::now() + LIMIT;
    while client.health().await.is_err() {
        assert!(Instant::now() < deadline, "{url} did not answer within {LIMIT:?}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// `citydesk operator add` over `db`: the new operator's token.
pub fn operator(db: &str, login: &str, role: &str) -> String {
    let out = Command::new(BIN)
        .args(["operator", "add", login, "--role", role, "--db", db])
        .output()
        .expect("operator add");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8").trim().to_owned()
}
