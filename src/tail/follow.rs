//! The loop behind `tail`: connect, print, and when the connection drops,
//! wait a little longer each time and resume after the last `seq` printed,
//! so no event is lost or repeated across reconnects.

use super::line::{Names, text_line};
use super::queue::Queue;
use super::{Format, TailError};
use crate::api::SnapshotQuery;
use crate::client::{Client, ClientError, StreamMessage};
use crate::model::Event;
use futures::StreamExt;
use reqwest::StatusCode;
use std::io::Write;
use std::time::Duration;

const FIRST_DELAY: Duration = Duration::from_millis(250);
const MAX_DELAY: Duration = Duration::from_secs(10);
/// Connection attempts in a row before `--no-follow` gives up.
const NO_FOLLOW_TRIES: u32 = 6;

pub struct Options {
    pub queue: Queue,
    pub format: Format,
    pub since: Option<u64>,
    pub follow: bool,
    pub colour: bool,
}

/// Exponential backoff between connection attempts.
struct Backoff {
    delay: Duration,
    failures: u32,
}

impl Backoff {
    fn new() -> Self {
        Backoff {
            delay: FIRST_DELAY,
            failures: 0,
        }
    }

    /// Says on stderr what went wrong and waits before the next attempt;
    /// `Err` once `--no-follow` should give up.
    async fn wait(&mut self, follow: bool, why: &str) -> Result<(), TailError> {
        self.failures += 1;
        if !follow && self.failures >= NO_FOLLOW_TRIES {
            return Err(TailError::Server(why.to_owned()));
        }
        eprintln!(
            "citydesk tail: {why}; retrying in {:.1} s",
            self.delay.as_secs_f64()
        );
        tokio::time::sleep(self.delay).await;
        self.delay = (self.delay * 2).min(MAX_DELAY);
        Ok(())
    }

    fn reset(&mut self) {
        *self = Backoff::new();
    }
}

fn auth_error(e: &ClientError) -> Option<TailError> {
    matches!(e.status(), Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN))
        .then(|| TailError::Auth(e.to_string()))
}

/// The log's position now, retrying while the server is unreachable.
async fn head(client: &Client, opts: &Options, backoff: &mut Backoff) -> Result<u64, TailError> {
    loop {
        match client.health().await {
            Ok(h) => return Ok(h.seq),
            Err(e) => backoff.wait(opts.follow, &e.to_string()).await?,
        }
    }
}

/// Department names and open items' titles, so lines can say more than
/// codes and ids. Only an auth failure is fatal: names are a nicety.
async fn names(client: &Client) -> Result<Names, TailError> {
    let mut names = match client.directory().await {
        Ok(d) => Names::new(d.org_names()),
        Err(e) => return auth_error(&e).map_or_else(|| Ok(Names::default()), Err),
    };
    if let Ok(snapshot) = client.snapshot(&SnapshotQuery::default()).await {
        for view in snapshot.items {
            names.remember(view.item.id, view.item.title);
        }
    }
    Ok(names)
}

/// Writes one event; `Ok(false)` when stdout is closed and we should stop.
fn emit(
    out: &mut impl Write,
    opts: &Options,
    names: &Names,
    event: &Event,
    raw: &str,
) -> Result<bool, TailError> {
    let written = match opts.format {
        Format::Json => writeln!(out, "{raw}"),
        Format::Text => writeln!(out, "{}", text_line(event, names, opts.colour)),
    }
    .and_then(|()| out.flush());
    match written {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(TailError::Output(e)),
    }
}

/// Follows the log until `--no-follow`'s end, a closed stdout, or an
/// auth failure.
pub async fn run(client: &Client, opts: &Options, out: &mut impl Write) -> Result<(), TailError> {
    let mut backoff = Backoff::new();
    let head = head(client, opts, &mut backoff).await?;
    let mut names = names(client).await?;
    let until = (!opts.follow).then_some(head);
    let mut last = opts.since.unwrap_or(if opts.follow { head } else { 0 });
    let mut reconnecting = false;
    loop {
        if until.is_some_and(|u| last >= u) {
            return Ok(());
        }
        let stream = match client.stream(Some(last)).await {
            Ok(s) => s,
            Err(e) => {
                if let Some(auth) = auth_error(&e) {
                    return Err(auth);
                }
                backoff.wait(opts.follow, &e.to_string()).await?;
                reconnecting = true;
                continue;
            }
        };
        if reconnecting {
            eprintln!(
                "citydesk tail: reconnected to {}; resuming after seq {last}",
                client.base()
            );
            reconnecting = false;
        }
        let mut stream = std::pin::pin!(stream);
        let why = loop {
            let Some(message) = stream.next().await else {
                break "the server closed the stream".to_owned();
            };
            match message {
                Ok(StreamMessage::Event { event, raw }) => {
                    if event.seq <= last {
                        continue;
                    }
                    backoff.reset();
                    last = event.seq;
                    names.observe(&event);
                    if opts.queue.shows(&event) && !emit(out, opts, &names, &event, &raw)? {
                        return Ok(());
                    }
                    if until.is_some_and(|u| last >= u) {
                        return Ok(());
                    }
                }
                Ok(StreamMessage::Reset(reset)) => {
                    eprintln!(
                        "citydesk tail: the server reset the stream after seq {last} ({}); continuing from seq {}",
                        reset.reason, reset.seq
                    );
                    last = reset.seq;
                    break String::new();
                }
                // Presence and other ephemeral messages are not log events.
                #[allow(unreachable_patterns)]
                Ok(_) => {}
                Err(e) => break e.to_string(),
            }
        };
        if why.is_empty() {
            continue;
        }
        if until.is_some_and(|u| last >= u) {
            return Ok(());
        }
        let why = format!("connection lost ({why}); will resume after seq {last}");
        backoff.wait(opts.follow, &why).await?;
        reconnecting = true;
    }
}
