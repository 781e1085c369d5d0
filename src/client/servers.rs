//! The servers a client may use: one URL, or several servers sharing one
//! log (`--server URL1,URL2`), tried in the order given. Which one is in
//! use is shared by every clone of a client, so the console's requests go
//! to the server its stream is on, and move with it.

use super::{ClientError, Result};
use std::sync::atomic::{AtomicUsize, Ordering};

/// One server of the list.
#[derive(Debug)]
pub(super) struct Server {
    /// The URL without a trailing `/`.
    pub base: String,
    /// Whether a token may go there (see [`super::Transport`]).
    pub token_allowed: bool,
}

/// The servers given, and the index of the one in use.
#[derive(Debug)]
pub(super) struct Servers {
    list: Vec<Server>,
    current: AtomicUsize,
}

impl Servers {
    /// At least one server: [`parse`] never returns an empty list.
    pub fn new(list: Vec<Server>) -> Self {
        Servers {
            list,
            current: AtomicUsize::new(0),
        }
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn get(&self, index: usize) -> &Server {
        &self.list[index % self.list.len()]
    }

    pub fn current(&self) -> usize {
        self.current.load(Ordering::Relaxed)
    }

    /// The server that answered becomes the one in use.
    pub fn answered(&self, index: usize) {
        self.current.store(index % self.list.len(), Ordering::Relaxed);
    }

    /// When the server at `index` is still the one in use, the next one
    /// is from now on (its stream dropped; another request may already
    /// have moved on, and then that choice stands).
    pub fn move_past(&self, index: usize) {
        let next = (index + 1) % self.list.len();
        let _ = self
            .current
            .compare_exchange(index, next, Ordering::Relaxed, Ordering::Relaxed);
    }

    /// The index of the server at `base`.
    pub fn index_of(&self, base: &str) -> Option<usize> {
        self.list.iter().position(|s| s.base == base)
    }

    /// Every index once, starting with the one in use: the order a request
    /// tries them in.
    pub fn round(&self) -> impl Iterator<Item = usize> + use<> {
        let (start, n) = (self.current(), self.list.len());
        (0..n).map(move |k| (start + k) % n)
    }
}

/// `URL[,URL…]` as the URLs, in order: spaces around a URL, a trailing
/// `/` and empty entries (`a,,b`, a trailing comma) are ignored, and a
/// URL given twice counts once. Each must be `http://` or `https://`.
pub fn parse(text: &str) -> Result<Vec<String>> {
    let mut urls: Vec<String> = Vec::new();
    for url in text.split(',').map(|u| u.trim().trim_end_matches('/')) {
        if url.is_empty() || urls.iter().any(|u| u == url) {
            continue;
        }
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ClientError::BadUrl(url.to_owned()));
        }
        urls.push(url.to_owned());
    }
    if urls.is_empty() {
        return Err(ClientError::BadUrl(text.to_owned()));
    }
    Ok(urls)
}

/// `host:port` of a URL, for people: what a console shows of a server
/// whose health names no replica.
pub fn host_port(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_url_is_a_list_of_one() {
        assert_eq!(
            parse("http://127.0.0.1:7878/").expect("one"),
            ["http://127.0.0.1:7878"]
        );
    }

    #[test]
    fn a_comma_list_keeps_its_order_without_blanks_or_repeats() {
        let urls = parse(" https://a.example:7878 , http://b:7879/,,http://b:7879,").expect("list");
        assert_eq!(urls, ["https://a.example:7878", "http://b:7879"]);
    }

    #[test]
    fn a_list_with_one_bad_url_or_none_at_all_is_refused() {
        for text in ["http://a,b:7878", "", " , ", "ftp://a"] {
            assert!(
                matches!(parse(text), Err(ClientError::BadUrl(_))),
                "{text:?} should be refused"
            );
        }
    }

    #[test]
    fn a_round_starts_at_the_server_in_use_and_wraps() {
        let server = |base: &str| Server {
            base: base.into(),
            token_allowed: true,
        };
        let servers = Servers::new(vec![server("http://a"), server("http://b"), server("http://c")]);
        assert_eq!(servers.round().collect::<Vec<_>>(), [0, 1, 2]);
        servers.answered(2);
        assert_eq!(servers.round().collect::<Vec<_>>(), [2, 0, 1]);
        assert_eq!(servers.get(servers.current()).base, "http://c");
        servers.move_past(2);
        assert_eq!(
            servers.round().collect::<Vec<_>>(),
            [0, 1, 2],
            "past the last is the first"
        );
        servers.move_past(2);
        assert_eq!(servers.current(), 0, "a stale move changes nothing");
    }

    #[test]
    fn host_port_is_what_lies_between_the_scheme_and_the_path() {
        assert_eq!(host_port("http://box:7878"), "box:7878");
        assert_eq!(host_port("https://[::1]:7878/x"), "[::1]:7878");
    }
}
