//! OASIS CAP 1.2 alerts in: parse a document (a bare `<alert>`, an EDXL-DE
//! envelope or an Atom feed or entry carrying alerts) into [`Alert`]s, and
//! map each to what citydesk does with it ([`map`]). Pure: no I/O, so the
//! server route, the `ingest cap` command and the fuzz tests share it.
//!
//! Safety first, because alerts come from outside: the document is limited
//! in size, node count and depth; DTDs are refused outright, so neither
//! internal entities (billion laughs) nor external ones (reading a file or
//! URL) are ever expanded — `roxmltree` resolves no external entity in any
//! case, and is run with `allow_dtd = false`; XInclude elements are refused,
//! not processed. A document either yields every alert in it or is refused
//! whole with an error naming the element, so nothing is half-applied.

mod decode;
pub mod index;
pub mod map;
mod read;
mod types;

pub use map::{
    CapContext, CapMapping, CodeRule, EMBEDDED_MAPPING, EventRule, Mapped, MappedAction, map_alert,
};
pub use types::{
    Alert, Area, Category, Certainty, Info, MsgType, Reference, Scope, Severity, Status, Urgency,
};

use roxmltree::{Document, Node, ParsingOptions};

pub const CAP_NS: &str = "urn:oasis:names:tc:emergency:cap:1.2";
const EDXL_DE_NS: &str = "urn:oasis:names:tc:emergency:EDXL:DE:1.0";
const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const XINCLUDE_NS: &[&str] = &[
    "http://www.w3.org/2001/XInclude",
    "http://www.w3.org/2003/XInclude",
];
pub(crate) const DSIG_NS: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Largest document accepted, in bytes (the route's body limit too).
pub const MAX_BYTES: usize = 1024 * 1024;
/// Deepest element nesting: an alert in an EDXL-DE envelope is under ten
/// levels; a hundred leaves room for odd wrappers and none for a bomb.
pub const MAX_DEPTH: usize = 100;
/// Most XML nodes (elements, text, …) in a document.
pub const MAX_NODES: u32 = 200_000;

/// Why a document was refused. Each names what was wrong and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CapError {
    #[error("the document is {size} bytes, more than the {limit} accepted")]
    TooLarge { size: usize, limit: usize },
    #[error("elements nest more than {0} deep")]
    TooDeep(usize),
    #[error("encoding: {0}")]
    Encoding(String),
    #[error("a DTD (<!DOCTYPE …>) is refused: CAP needs none, and entities are never expanded")]
    Dtd,
    #[error("{0}: XInclude is refused, nothing is included")]
    XInclude(String),
    #[error("not well-formed XML: {0}")]
    Xml(String),
    #[error("{element}: {message}")]
    Namespace { element: String, message: String },
    #[error("{element}: required element missing")]
    Missing { element: String },
    #[error("{element}: {message}")]
    Invalid { element: String, message: String },
    #[error("no CAP alert in the document: {0}")]
    NoAlert(String),
}

impl CapError {
    /// A short, stable reason for metrics (`refused{reason=…}`).
    pub fn reason(&self) -> &'static str {
        match self {
            CapError::TooLarge { .. } => "too_large",
            CapError::TooDeep(_) => "too_deep",
            CapError::Encoding(_) => "encoding",
            CapError::Dtd => "dtd",
            CapError::XInclude(_) => "xinclude",
            CapError::Xml(_) => "xml",
            CapError::Namespace { .. } => "namespace",
            CapError::Missing { .. } => "missing",
            CapError::Invalid { .. } => "invalid",
            CapError::NoAlert(_) => "no_alert",
        }
    }
}

/// Every alert in `bytes`, or why the document is refused.
pub fn parse(bytes: &[u8]) -> Result<Vec<Alert>, CapError> {
    let text = guarded_text(bytes, MAX_BYTES)?;
    let doc = guarded_parse(&text, MAX_NODES)?;
    alert_nodes(&doc)?
        .into_iter()
        .enumerate()
        .map(|(i, node)| read::alert(node, &format!("alert[{}]", i + 1)))
        .collect()
}

/// Depth and XInclude, in one pass in document order (a parent comes
/// before its children, so depths fill in as we go).
/// The text of an XML document from a feed, decoded to UTF-8, once it is
/// within `limit` bytes and carries no DTD: refused before parsing, as a
/// DTD is where entity bombs and external references live, and neither CAP
/// documents nor their indexes carry one.
fn guarded_text(bytes: &[u8], limit: usize) -> Result<String, CapError> {
    if bytes.len() > limit {
        return Err(CapError::TooLarge {
            size: bytes.len(),
            limit,
        });
    }
    let text = decode::text(bytes)?;
    if text.contains("<!DOCTYPE") || text.contains("<!ENTITY") {
        return Err(CapError::Dtd);
    }
    Ok(text)
}

/// `text` parsed with no DTD, no entity resolver and at most `nodes`
/// nodes, then held to the depth and shape limits.
fn guarded_parse(text: &str, nodes: u32) -> Result<Document<'_>, CapError> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: nodes,
        entity_resolver: None,
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => CapError::Dtd,
        other => CapError::Xml(other.to_string()),
    })?;
    check_shape(&doc)?;
    Ok(doc)
}

fn check_shape(doc: &Document) -> Result<(), CapError> {
    let mut depth = vec![0usize; doc.descendants().count() + 1];
    for node in doc.descendants() {
        let d = node
            .parent()
            .map_or(0, |p| depth.get(p.id().get_usize()).copied().unwrap_or(0) + 1);
        if d > MAX_DEPTH {
            return Err(CapError::TooDeep(MAX_DEPTH));
        }
        if let Some(slot) = depth.get_mut(node.id().get_usize()) {
            *slot = d;
        }
        if node.is_element()
            && node
                .tag_name()
                .namespace()
                .is_some_and(|ns| XINCLUDE_NS.contains(&ns))
        {
            return Err(CapError::XInclude(format!("xi:{}", node.tag_name().name())));
        }
    }
    Ok(())
}

/// The `<alert>` elements to read: the root itself, or those an EDXL-DE
/// envelope (`contentObject/xmlContent/embeddedXMLContent`) or an Atom
/// feed or entry (`entry/content`) carries.
fn alert_nodes<'a, 'i>(doc: &'a Document<'i>) -> Result<Vec<Node<'a, 'i>>, CapError> {
    let root = doc.root_element();
    let name = root.tag_name();
    if name.name() == "alert" {
        check_ns(root, "alert")?;
        return Ok(vec![root]);
    }
    let wrapper = match name.namespace() {
        Some(EDXL_DE_NS) => "EDXL-DE",
        Some(ATOM_NS) => "Atom",
        _ => {
            return Err(CapError::NoAlert(format!(
                "the root element {} is not a CAP alert, an EDXL-DE envelope or an Atom feed or entry",
                qualified(root)
            )));
        }
    };
    let alerts: Vec<Node> = root
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "alert")
        .filter(|n| n.ancestors().skip(1).all(|a| a.tag_name().name() != "alert"))
        .collect();
    if alerts.is_empty() {
        return Err(CapError::NoAlert(format!(
            "the {wrapper} document carries no <alert>"
        )));
    }
    for a in &alerts {
        check_ns(*a, &format!("{wrapper} {}", path_of(*a)))?;
    }
    Ok(alerts)
}

fn check_ns(node: Node, element: &str) -> Result<(), CapError> {
    match node.tag_name().namespace() {
        Some(CAP_NS) => Ok(()),
        Some(other) => Err(CapError::Namespace {
            element: element.to_owned(),
            message: format!("namespace {other:?} is not CAP 1.2 ({CAP_NS})"),
        }),
        None => Err(CapError::Namespace {
            element: element.to_owned(),
            message: format!("no namespace; CAP 1.2 needs xmlns=\"{CAP_NS}\""),
        }),
    }
}

fn qualified(node: Node) -> String {
    match node.tag_name().namespace() {
        Some(ns) => format!("{{{ns}}}{}", node.tag_name().name()),
        None => node.tag_name().name().to_owned(),
    }
}

fn path_of(node: Node) -> String {
    let mut names: Vec<&str> = node
        .ancestors()
        .filter(|n| n.is_element())
        .map(|n| n.tag_name().name())
        .collect();
    names.reverse();
    names.join("/")
}

#[cfg(test)]
mod tests;
