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
use crate::present::i18n::Lang;
use crate::t;
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
    /// The language of text lines and of what is said on stderr.
    pub lang: Lang,
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

fn retrying(why: &str, delay: Duration, lang: Lang) {
    let secs = format!("{:.1}", delay.as_secs_f64());
    eprintln!(
        "citydesk tail: {}",
        t!(lang, "tail-retrying", why = why, secs = secs)
    );
}

fn auth_error(e: &ClientError) -> Option<TailError> {
    matches!(e.status(), Some(StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN))
        .then(|| TailError::Auth(e.to_string()))
}

/// The log's position now, retrying while the server is unreachable.
async fn head(client: &Client, patience: &mut Patience, lang: Lang) -> Result<u64, TailError> {
    let mut backoff = Backoff::default();
    loop {
        match client.health().await {
            Ok(h) => return Ok(h.seq),
            Err(e) => {
                let why = e.to_string();
                patience.fail(&why)?;
                let delay = backoff.next_delay();
                retrying(&why, delay, lang);
                tokio::time::sleep(delay).await;
            }
        }
    }
}

/// Department names and open items' titles, so lines can say more than
/// codes and ids. Only an auth failure is fatal: names are a nicety.
async fn names(client: &Client, lang: Lang) -> Result<Names, TailError> {
    let mut names = match client.directory().await {
        Ok(d) => Names::new(org_names(&d, lang)).in_lang(lang),
        Err(e) => return auth_error(&e).map_or_else(|| Ok(Names::default().in_lang(lang)), Err),
    };
    if let Ok(snapshot) = client.snapshot(&SnapshotQuery::default()).await {
        for view in snapshot.items {
            names.remember(view.item.id, view.item.title);
        }
    }
    Ok(names)
}

/// The directory's names for codes; in English a department reads as its
/// gloss where the city data has one (communities have none).
fn org_names(d: &crate::api::Directory, lang: Lang) -> Vec<(String, String)> {
    let mut names = d.org_names();
    if lang == Lang::En {
        for (code, name) in &mut names {
            if let Some(dept) = d
                .departments
                .iter()
                .find(|x| &x.code == code && !x.gloss.is_empty())
            {
                name.clone_from(&dept.gloss);
            }
        }
    }
    names
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
fn why(cause: &Cause, last: u64, lang: Lang) -> String {
    let lost = |why: &str| t!(lang, "tail-lost", why = why, seq = last);
    match cause {
        Cause::Unreachable(e) => e.to_string(),
        Cause::Broken(e) => lost(&e.to_string()),
        Cause::Ended => lost(&t!(lang, "tail-closed")),
        Cause::Reset(reset) => lost(&t!(lang, "tail-reset-reason", reason = reset.reason.as_str())),
    }
}

/// Prints the log until `--no-follow`'s end, a closed stdout, or an auth
/// failure.
pub async fn run(client: &Client, opts: &Options, out: &mut impl Write) -> Result<(), TailError> {
    let mut patience = Patience {
        follow: opts.follow,
        failures: 0,
    };
    let lang = opts.lang;
    let head = head(client, &mut patience, lang).await?;
    let mut names = names(client, opts.lang).await?;
    let until = (!opts.follow).then_some(head);
    let mut last = opts.since.unwrap_or(if opts.follow { head } else { 0 });
    let mut feed = Feed::log(client.clone(), last);
    let mut reconnecting = false;
    while until.is_none_or(|u| last < u) {
        match feed.next().await {
            FeedItem::Connected { on, left: Some(left) } => {
                let (left, on) = (left.to_string(), on.to_string());
                let text = t!(lang, "tail-moved", left = left, on = on, seq = last);
                eprintln!("citydesk tail: {text}");
                reconnecting = false;
            }
            FeedItem::Connected { on, left: None } if reconnecting => {
                let text = t!(lang, "tail-reconnected", url = on.url.as_str(), seq = last);
                eprintln!("citydesk tail: {text}");
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
                let text = t!(
                    lang,
                    "tail-reset",
                    seq = last,
                    reason = reset.reason.as_str(),
                    next = reset.seq
                );
                eprintln!("citydesk tail: {text}");
                last = reset.seq;
            }
            FeedItem::Retrying { delay, cause, .. } => {
                if let Some(auth) = cause.error().and_then(auth_error) {
                    return Err(auth);
                }
                let why = why(&cause, last, lang);
                patience.fail(&why)?;
                retrying(&why, delay, lang);
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
