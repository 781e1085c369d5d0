//! The loop behind `tail`: read the client's log feed from the chosen
//! `seq` and print each event as a line. The feed reconnects by itself and
//! resumes after the last `seq` (on another server, when several were
//! given and its own died), so no event is lost or repeated; this loop
//! says so on stderr (stdout stays clean for pipes), and decides when to
//! stop: the head with `--no-follow`, a closed stdout, a refused token.

use super::line::{Names, text_line};
use super::queue::Queue;
use super::{Format, TailError};
use crate::api::SnapshotQuery;
use crate::client::live::{Backoff, Cause, Feed, FeedItem};
use crate::client::{Client, ClientError};
use crate::model::Event;
use reqwest::StatusCode;
use std::io::Write;
use std::time::Duration;

/// Failed attempts in a row before `--no-follow` gives up.
const NO_FOLLOW_TRIES: u32 = 6;

pub struct Options {
    pub queue: Queue,
    pub format: Format,
    pub since: Option<u64>,
    pub follow: bool,
    pub colour: bool,
}

/// Failures since the last event: following never gives up, `--no-follow`
/// does after [`NO_FOLLOW_TRIES`].
struct Patience {
    follow: bool,
    failures: u32,
}

impl Patience {
    /// Counts a failure; `Err` once `--no-follow` should give up.
    fn fail(&mut self, why: &str) -> Result<(), TailError> {
        self.failures += 1;
        if !self.follow && self.failures >= NO_FOLLOW_TRIES {
            return Err(TailError::Server(why.to_owned()));
        }
        Ok(())
    }
}

fn retrying(why: &str, delay: Duration) {
    eprintln!("citydesk tail: {why}; retrying in {:.1} s", delay.as_secs_f64());
}

fn auth_error(e: &ClientError) -> Option<TailError> {
    matches!(e.status(), Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN))
        .then(|| TailError::Auth(e.to_string()))
}

/// The log's position now, retrying while the server is unreachable.
async fn head(client: &Client, patience: &mut Patience) -> Result<u64, TailError> {
    let mut backoff = Backoff::default();
    loop {
        match client.health().await {
            Ok(h) => return Ok(h.seq),
            Err(e) => {
                let why = e.to_string();
                patience.fail(&why)?;
                let delay = backoff.next_delay();
                retrying(&why, delay);
                tokio::time::sleep(delay).await;
            }
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

/// Why the feed is retrying, as `tail` says it on stderr.
fn why(cause: &Cause, last: u64) -> String {
    let lost = |why: &str| format!("connection lost ({why}); will resume after seq {last}");
    match cause {
        Cause::Unreachable(e) => e.to_string(),
        Cause::Broken(e) => lost(&e.to_string()),
        Cause::Ended => lost("the server closed the stream"),
        Cause::Reset(reset) => lost(&format!("the server reset the stream ({})", reset.reason)),
    }
}

/// Prints the log until `--no-follow`'s end, a closed stdout, or an auth
/// failure.
pub async fn run(client: &Client, opts: &Options, out: &mut impl Write) -> Result<(), TailError> {
    let mut patience = Patience {
        follow: opts.follow,
        failures: 0,
    };
    let head = head(client, &mut patience).await?;
    let mut names = names(client).await?;
    let until = (!opts.follow).then_some(head);
    let mut last = opts.since.unwrap_or(if opts.follow { head } else { 0 });
    let mut feed = Feed::log(client.clone(), last);
    let mut reconnecting = false;
    while until.is_none_or(|u| last < u) {
        match feed.next().await {
            FeedItem::Connected { on, left: Some(left) } => {
                eprintln!(
                    "citydesk tail: connection to {left} lost — now on {on}; resuming after seq {last}"
                );
                reconnecting = false;
            }
            FeedItem::Connected { on, left: None } if reconnecting => {
                eprintln!(
                    "citydesk tail: reconnected to {}; resuming after seq {last}",
                    on.url
                );
                reconnecting = false;
            }
            FeedItem::Event { event, raw } => {
                patience.failures = 0;
                last = event.seq;
                names.observe(&event);
                if opts.queue.shows(&event) && !emit(out, opts, &names, &event, &raw)? {
                    return Ok(());
                }
            }
            FeedItem::Position(seq) => last = last.max(seq),
            FeedItem::Reset(reset) => {
                eprintln!(
                    "citydesk tail: the server reset the stream after seq {last} ({}); continuing from seq {}",
                    reset.reason, reset.seq
                );
                last = reset.seq;
            }
            FeedItem::Retrying { delay, cause, .. } => {
                if let Some(auth) = cause.error().and_then(auth_error) {
                    return Err(auth);
                }
                let why = why(&cause, last);
                patience.fail(&why)?;
                retrying(&why, delay);
                reconnecting = true;
            }
            // Presence is not a log event, and a log feed sends no snapshot.
            FeedItem::Connected { .. }
            | FeedItem::Presence(_)
            | FeedItem::Call(_)
            | FeedItem::Snapshot(_) => {}
        }
    }
    Ok(())
}
