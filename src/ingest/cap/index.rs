//! The index of a CAP feed: an Atom feed or an RSS 2.0 channel listing
//! CAP messages, each entry by link or carrying the alert inline. Read
//! with the same guards as a CAP document (size, depth, node count, no
//! DTD, no XInclude), so `citydesk ingest cap --from URL` can poll a
//! stranger's server safely. Pure: the poller fetches, this reads.

use super::{ATOM_NS, CAP_NS, CapError, guarded_parse, guarded_text};
use roxmltree::Node;

/// Largest index accepted, in bytes: a busy national feed lists a few
/// hundred entries of a few KiB each.
pub const MAX_INDEX_BYTES: usize = 4 * 1024 * 1024;
/// Most entries read from one index; the rest wait for a later pass.
pub const MAX_ENTRIES: usize = 1000;
const MAX_INDEX_NODES: u32 = 1_000_000;

/// One entry of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What identifies the entry between passes: its id (Atom) or guid
    /// (RSS) with its updated time or date, so a re-published entry is
    /// taken again; the link when it has no id.
    pub key: String,
    /// Where its CAP message is, or why it has none.
    pub cap: Result<EntryCap, String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryCap {
    /// The message is at this URL (absolute, or relative to the index).
    Link(String),
    /// The entry carries the alert: a standalone document for the CAP
    /// route (an Atom entry holding the alert, with the namespaces the
    /// alert had in scope declared).
    Inline(String),
}

/// The entries of an Atom feed or RSS 2.0 channel, in document order (at
/// most [`MAX_ENTRIES`]).
pub fn entries(bytes: &[u8]) -> Result<Vec<Entry>, CapError> {
    let text = guarded_text(bytes, MAX_INDEX_BYTES)?;
    let doc = guarded_parse(&text, MAX_INDEX_NODES)?;
    let root = doc.root_element();
    let items: Vec<Node> = match (root.tag_name().namespace(), root.tag_name().name()) {
        (Some(ATOM_NS), "feed") => children(root, "entry").collect(),
        (None, "rss") => children(root, "channel")
            .flat_map(|c| children(c, "item"))
            .collect(),
        _ => {
            return Err(CapError::NoAlert(format!(
                "the root element <{}> is not an Atom feed or an RSS 2.0 channel",
                root.tag_name().name()
            )));
        }
    };
    Ok(items
        .into_iter()
        .take(MAX_ENTRIES)
        .map(|n| entry(n, &text))
        .collect())
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn child_text(node: Node, name: &'static str) -> Option<String> {
    children(node, name)
        .next()
        .and_then(|c| c.text())
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
}

fn entry(node: Node, text: &str) -> Entry {
    let rss = node.tag_name().namespace().is_none();
    let (id, stamp) = if rss {
        (child_text(node, "guid"), child_text(node, "pubDate"))
    } else {
        (child_text(node, "id"), child_text(node, "updated"))
    };
    let inline = node.descendants().find(|n| {
        n.is_element() && n.tag_name().name() == "alert" && n.tag_name().namespace() == Some(CAP_NS)
    });
    let link = if rss { rss_link(node) } else { atom_link(node) };
    let cap = match (inline, &link) {
        (Some(alert), _) => Ok(EntryCap::Inline(standalone(alert, text))),
        (None, Some(url)) => Ok(EntryCap::Link(url.clone())),
        (None, None) => Err("no CAP link (link, enclosure) and no inline CAP alert".to_owned()),
    };
    let key = match (id, stamp) {
        (Some(id), Some(stamp)) => format!("{id}|{stamp}"),
        (Some(id), None) => id,
        (None, _) => link.unwrap_or_else(|| format!("entry at byte {}", node.range().start)),
    };
    Entry { key, cap }
}

/// The CAP link of an Atom entry: one typed as CAP, else the alternate
/// (or untyped-rel) link, else the first with an `href`.
fn atom_link(node: Node) -> Option<String> {
    let links: Vec<Node> = children(node, "link")
        .filter(|l| l.attribute("href").is_some_and(|h| !h.trim().is_empty()))
        .collect();
    let typed = links
        .iter()
        .find(|l| l.attribute("type").is_some_and(|t| t.contains("cap")));
    let alternate = || {
        links
            .iter()
            .find(|l| l.attribute("rel").is_none_or(|r| r == "alternate"))
    };
    typed
        .or_else(alternate)
        .or(links.first())
        .and_then(|l| l.attribute("href"))
        .map(|h| h.trim().to_owned())
}

/// The CAP link of an RSS item: an enclosure typed as CAP or XML, else
/// its `link`.
fn rss_link(node: Node) -> Option<String> {
    let enclosure = children(node, "enclosure")
        .filter(|e| {
            e.attribute("type")
                .is_some_and(|t| t.contains("cap") || t.contains("xml"))
        })
        .find_map(|e| e.attribute("url"))
        .map(|u| u.trim().to_owned());
    enclosure.or_else(|| child_text(node, "link"))
}

/// The inline alert as a document of its own: an Atom entry (the CAP
/// route unwraps it) declaring every namespace the alert had in scope,
/// since a feed often declares the CAP prefix on its root.
fn standalone(alert: Node, text: &str) -> String {
    let mut decls = String::new();
    for ns in alert.namespaces() {
        match ns.name() {
            Some("xml") => {}
            Some(prefix) => decls.push_str(&format!(" xmlns:{prefix}=\"{}\"", escape(ns.uri()))),
            None => decls.push_str(&format!(" xmlns=\"{}\"", escape(ns.uri()))),
        }
    }
    let body = text.get(alert.range()).unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<citydesk-atom:entry xmlns:citydesk-atom=\"{ATOM_NS}\"{decls}><citydesk-atom:content type=\"text/xml\">{body}</citydesk-atom:content></citydesk-atom:entry>\n"
    )
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const A2: &str = include_str!("../../../tests/data/cap/A2_severe_thunderstorm_warning.xml");

    fn alert_body(doc: &str) -> &str {
        doc.split_once("?>").map_or(doc, |(_, b)| b)
    }

    #[test]
    fn an_atom_index_gives_each_entrys_cap_link_and_inline_alert() {
        let feed = format!(
            r#"<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:cap="{CAP_NS}">
  <id>urn:feed</id>
  <entry><id>urn:1</id><updated>2026-11-30T09:00:00Z</updated>
    <link rel="self" href="/self"/><link rel="alternate" type="application/cap+xml" href="a1.xml"/></entry>
  <entry><id>urn:2</id><content type="text/xml">{}</content></entry>
  <entry><id>urn:3</id></entry>
</feed>"#,
            alert_body(A2)
        );
        let got = entries(feed.as_bytes()).expect("index");
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].key, "urn:1|2026-11-30T09:00:00Z");
        assert_eq!(got[0].cap, Ok(EntryCap::Link("a1.xml".into())));
        let Ok(EntryCap::Inline(doc)) = &got[1].cap else {
            panic!("{:?}", got[1]);
        };
        let alerts = super::super::parse(doc.as_bytes()).expect("the inline alert parses alone");
        assert_eq!(alerts[0].identifier, "KSTO1055887203");
        assert!(got[2].cap.is_err());
    }

    #[test]
    fn an_inline_alert_under_a_prefix_declared_on_the_feed_stands_alone() {
        let prefixed = alert_body(A2)
            .replace(
                "<alert xmlns = \"urn:oasis:names:tc:emergency:cap:1.2\">",
                "<cap:alert>",
            )
            .replace("</alert>", "</cap:alert>");
        let prefixed = regex_free_prefix(&prefixed);
        let feed = format!(
            r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:cap="{CAP_NS}"><entry><id>x</id><content>{prefixed}</content></entry></feed>"#
        );
        let got = entries(feed.as_bytes()).expect("index");
        let Ok(EntryCap::Inline(doc)) = &got[0].cap else {
            panic!("{:?}", got[0]);
        };
        assert!(super::super::parse(doc.as_bytes()).is_ok(), "{doc}");
    }

    /// Every element of the alert under the `cap:` prefix.
    fn regex_free_prefix(s: &str) -> String {
        s.replace("</", "\u{0}")
            .replace('<', "<cap:")
            .replace("<cap:cap:", "<cap:")
            .replace('\u{0}', "</cap:")
            .replace("</cap:cap:", "</cap:")
    }

    #[test]
    fn an_rss_channel_gives_enclosures_then_links() {
        let rss = r#"<rss version="2.0"><channel><title>t</title>
  <item><guid>g1</guid><pubDate>Mon, 30 Nov 2026 09:00:00 GMT</pubDate>
    <link>https://example.org/page</link><enclosure url="https://example.org/1.cap" type="application/cap+xml" length="1"/></item>
  <item><guid>g2</guid><link>https://example.org/2.xml</link></item>
</channel></rss>"#;
        let got = entries(rss.as_bytes()).expect("index");
        assert_eq!(got[0].key, "g1|Mon, 30 Nov 2026 09:00:00 GMT");
        assert_eq!(got[0].cap, Ok(EntryCap::Link("https://example.org/1.cap".into())));
        assert_eq!(got[1].cap, Ok(EntryCap::Link("https://example.org/2.xml".into())));
    }

    #[test]
    fn hostile_or_foreign_indexes_are_refused() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE feed [<!ENTITY a \"aaaa\">]><feed xmlns=\"http://www.w3.org/2005/Atom\">&a;</feed>";
        assert_eq!(entries(bomb.as_bytes()), Err(CapError::Dtd));
        assert!(matches!(entries(A2.as_bytes()), Err(CapError::NoAlert(_))));
        let big = vec![b' '; MAX_INDEX_BYTES + 1];
        assert!(matches!(entries(&big), Err(CapError::TooLarge { .. })));
    }
}

#[cfg(test)]
mod fuzz {
    use super::*;
    use proptest::prelude::*;

    const A1: &str = include_str!("../../../tests/data/cap/A1_homeland_security_advisory.xml");
    const A4: &str = include_str!("../../../tests/data/cap/A4_amber_alert_multilingual.xml");

    /// An Atom index with a linked entry and an inline one (A1, A4), and
    /// an RSS channel: the seeds the mutations start from.
    fn seeds() -> [String; 2] {
        let body = |doc: &'static str| doc.split_once("?>").map_or(doc, |(_, b)| b);
        [
            format!(
                "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id><updated>u</updated><link href=\"a.xml\" type=\"application/cap+xml\"/></entry><entry><id>2</id><content>{}</content></entry><entry><id>3</id><content>{}</content></entry></feed>",
                body(A1),
                body(A4)
            ),
            "<rss version=\"2.0\"><channel><item><guid>g</guid><enclosure url=\"https://x/1.cap\" type=\"application/cap+xml\"/></item><item><link>https://x/2</link></item></channel></rss>".to_owned(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// Whatever the index, reading it (and parsing any inline alert
        /// it yields, as the route will) never panics.
        #[test]
        fn mutated_indexes_never_panic(which in 0usize..2, cuts in proptest::collection::vec((0usize..8000, 0usize..40, any::<u8>()), 1..6)) {
            let mut bytes = seeds()[which].clone().into_bytes();
            for (at, len, byte) in cuts {
                let at = at % (bytes.len() + 1);
                match byte % 3 {
                    0 => { let end = (at + len).min(bytes.len()); bytes.drain(at..end); }
                    1 => bytes.insert(at, byte),
                    _ => { let copy: Vec<u8> = bytes[at..(at + len).min(bytes.len())].to_vec(); bytes.splice(at..at, copy); }
                }
            }
            if let Ok(entries) = entries(&bytes) {
                for e in entries {
                    if let Ok(EntryCap::Inline(doc)) = e.cap {
                        let _ = super::super::parse(doc.as_bytes());
                    }
                }
            }
        }
    }

    #[test]
    fn the_seeds_read() {
        for seed in seeds() {
            let got = entries(seed.as_bytes()).expect("seed");
            assert!(got.iter().all(|e| e.cap.is_ok()), "{got:?}");
            for e in got {
                if let Ok(EntryCap::Inline(doc)) = e.cap {
                    assert!(super::super::parse(doc.as_bytes()).is_ok(), "{doc}");
                }
            }
        }
    }
}
