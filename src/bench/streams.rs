//! Many SSE clients at once, each on its own connection and task, as many
//! consoles would be. They either discard what they get (load) or note
//! when each `seq` arrived (latency).

use super::items::{self, Slot};
use super::server::Server;
use super::sse::SseIds;
use crate::api::paths;
use crate::client::{Client, StreamMessage};
use anyhow::bail;
use futures::StreamExt;
use std::time::{Duration, Instant};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

/// Connections opened at once: stays well under the listen backlog.
const CONNECT_AT_ONCE: usize = 64;
/// How long the server may take to count every new stream.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(60);
/// How long closed streams may take to leave the server's count.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(10);
/// The server's gauge of open streams.
pub const STREAM_GAUGE: &str = "citydesk_stream_clients";

/// What one client saw by the time it was stopped.
#[derive(Debug, Default)]
pub struct Seen {
    pub events: u64,
    /// `(seq, when decoded)`, kept only when recording.
    pub arrivals: Vec<(u64, Instant)>,
    /// The stream ended or failed before it was stopped.
    pub broken: bool,
}

impl Seen {
    fn arrived(&mut self, seq: u64, record: bool) {
        self.events += 1;
        if record {
            self.arrivals.push((seq, Instant::now()));
        }
    }
}

/// How stream clients connect and read.
#[derive(Clone)]
pub struct Listener {
    client: Client,
    http: reqwest::Client,
    url: String,
    token: String,
    /// Decode every event with the typed client (as the console does)
    /// instead of only splitting SSE lines.
    decode: bool,
}

impl Listener {
    pub fn new(server: &Server, decode: bool) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder().tcp_nodelay(true).build()?;
        Ok(Listener {
            client: server.client()?,
            http,
            url: format!("{}{}", server.base, paths::STREAM),
            token: server.token.clone(),
            decode,
        })
    }

    /// Connects one client "from now" and starts its task.
    async fn start(&self, stop: CancellationToken, record: bool) -> anyhow::Result<JoinHandle<Seen>> {
        if self.decode {
            let stream = self.client.stream(None).await?;
            return Ok(tokio::spawn(consume_typed(stream, stop, record)));
        }
        let resp = self.http.get(&self.url).bearer_auth(&self.token).send().await?;
        if !resp.status().is_success() {
            bail!("GET /v1/stream answered {}", resp.status());
        }
        Ok(tokio::spawn(consume_raw(resp, stop, record)))
    }
}

/// Open stream clients, running until [`Streams::close`].
pub struct Streams {
    stop: CancellationToken,
    tasks: Vec<JoinHandle<Seen>>,
}

impl Streams {
    /// Opens `n` streams "from now"; `record` keeps arrival times.
    pub async fn open(listener: &Listener, n: usize, record: bool) -> anyhow::Result<Self> {
        let stop = CancellationToken::new();
        let started: Vec<_> = futures::stream::iter(0..n)
            .map(|_| listener.start(stop.clone(), record))
            .buffer_unordered(CONNECT_AT_ONCE)
            .collect()
            .await;
        let mut tasks = Vec::with_capacity(n);
        for t in started {
            match t {
                Ok(task) => tasks.push(task),
                Err(e) => {
                    stop.cancel();
                    return Err(e);
                }
            }
        }
        Ok(Streams { stop, tasks })
    }

    /// Stops every client and returns what each saw.
    pub async fn close(self) -> Vec<Seen> {
        self.stop.cancel();
        let mut all = Vec::with_capacity(self.tasks.len());
        for t in self.tasks {
            all.push(t.await.unwrap_or_else(|_| Seen {
                broken: true,
                ..Seen::default()
            }));
        }
        all
    }
}

async fn consume_typed(
    stream: impl futures::Stream<Item = crate::client::Result<StreamMessage>>,
    stop: CancellationToken,
    record: bool,
) -> Seen {
    let mut stream = std::pin::pin!(stream);
    let mut seen = Seen::default();
    loop {
        let next = tokio::select! {
            () = stop.cancelled() => return seen,
            next = stream.next() => next,
        };
        match next {
            Some(Ok(StreamMessage::Event { event, .. })) => seen.arrived(event.seq, record),
            Some(Ok(StreamMessage::Presence(_) | StreamMessage::Call(_) | StreamMessage::Position(_))) => {}
            Some(Ok(StreamMessage::Reset(_)) | Err(_)) | None => {
                seen.broken = true;
                return seen;
            }
        }
    }
}

async fn consume_raw(mut resp: reqwest::Response, stop: CancellationToken, record: bool) -> Seen {
    let mut seen = Seen::default();
    let mut parser = SseIds::default();
    loop {
        let chunk = tokio::select! {
            () = stop.cancelled() => return seen,
            chunk = resp.chunk() => chunk,
        };
        match chunk {
            Ok(Some(bytes)) => parser.feed(&bytes, |seq| seen.arrived(seq, record)),
            Ok(None) | Err(_) => {
                seen.broken = true;
                return seen;
            }
        }
    }
}

/// Waits until the server counts at least `n` open streams.
pub async fn wait_open(server: &Server, client: &Client, n: u64) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        let open = server.metric(client, STREAM_GAUGE).await?;
        if open >= n {
            return Ok(());
        }
        if started.elapsed() > CONNECT_TIMEOUT {
            bail!("the server counts {open} open streams, expected {n}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until the server has let go of closed streams and returns how
/// many it still counts. A server may notice a closed SSE connection only
/// when it next writes to it, so each round appends one event on `scratch`.
/// Gives up after a while: the caller reports what is left.
pub async fn wait_drained(server: &Server, client: &Client, scratch: &mut Slot) -> anyhow::Result<u64> {
    let started = Instant::now();
    loop {
        let open = server.metric(client, STREAM_GAUGE).await?;
        if open == 0 || started.elapsed() > DRAIN_TIMEOUT {
            return Ok(open);
        }
        let reply = client
            .act(&scratch.id, &items::claim_or_release(scratch), None)
            .await?;
        scratch.update(&reply);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
