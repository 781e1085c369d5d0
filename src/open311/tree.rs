//! One shape for both encodings. An XML or JSON document is first read
//! into a [`Tree`] of named fields, lists and text, so the typed readers
//! (`read.rs`) are written once and treat both alike: an XML element with
//! children is a [`Tree::Node`], one with only text a [`Tree::Leaf`]; a
//! JSON object is a node, an array a [`Tree::List`], any scalar a leaf of
//! its text. Names are local (a namespace prefix or default namespace on
//! the root, which real servers add, is ignored).

use super::Open311Error;
use super::leading_zeros;

/// Deeper documents are refused: no GeoReport document nests more than
/// five levels, and the readers recurse.
pub const MAX_DEPTH: usize = 32;
/// Elements (or JSON values) a document may have; bounds the memory a
/// hostile document can make us spend beyond its own size.
pub const MAX_NODES: u32 = 1_000_000;

#[derive(Debug, Clone, PartialEq)]
pub enum Tree {
    /// Text, trimmed; `None` for an empty element or JSON `null`.
    Leaf(Option<String>),
    /// Named children in document order (names may repeat in XML).
    Node(Vec<(String, Tree)>),
    List(Vec<Tree>),
}

impl Tree {
    /// The first child named `name`.
    pub fn get(&self, name: &str) -> Option<&Tree> {
        match self {
            Tree::Node(children) => children.iter().find(|(n, _)| n == name).map(|(_, t)| t),
            _ => None,
        }
    }

    /// The text of a leaf; `None` for an empty one or a node.
    pub fn text(&self) -> Option<&str> {
        match self {
            Tree::Leaf(Some(text)) => Some(text),
            _ => None,
        }
    }

    /// The text of child `name`, when it has any.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(Tree::text)
    }

    /// The members of a list: a JSON array's items, or every child of an
    /// XML container (`<formats><format>…`); an empty element has none.
    pub fn items(&self) -> Vec<&Tree> {
        match self {
            Tree::List(items) => items.iter().collect(),
            Tree::Node(children) => children.iter().map(|(_, t)| t).collect(),
            Tree::Leaf(Some(_)) => vec![self],
            Tree::Leaf(None) => Vec::new(),
        }
    }
}

/// A document as received: UTF-8 (a byte-order mark is skipped), XML when
/// its first non-blank character is `<`, JSON otherwise. Returns the root
/// element's local name for XML (`None` for JSON) and the tree.
pub fn parse(bytes: &[u8]) -> Result<(Option<String>, Tree), Open311Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| Open311Error::Encoding(e.valid_up_to()))?;
    let trimmed = text.trim_start();
    if trimmed.starts_with('<') {
        let (root, tree) = from_xml(trimmed)?;
        Ok((Some(root), tree))
    } else {
        Ok((None, from_json(trimmed)?))
    }
}

/// Reads XML without a DTD: a document that declares one (the door to
/// entity expansion and external entities) is refused, not read.
pub fn from_xml(text: &str) -> Result<(String, Tree), Open311Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| Open311Error::Xml(e.to_string()))?;
    let root = doc.root_element();
    Ok((root.tag_name().name().to_owned(), element(root, 0)?))
}

fn element(node: roxmltree::Node<'_, '_>, depth: usize) -> Result<Tree, Open311Error> {
    if depth > MAX_DEPTH {
        return Err(Open311Error::TooDeep);
    }
    let children: Vec<_> = node.children().filter(roxmltree::Node::is_element).collect();
    if children.is_empty() {
        if node
            .attributes()
            .any(|a| a.name() == "nil" && a.value().trim() == "true")
        {
            return Ok(Tree::Leaf(None));
        }
        let text: String = node.children().filter_map(|c| c.text()).collect();
        return Ok(leaf(&text));
    }
    let mut out = Vec::with_capacity(children.len());
    for child in children {
        out.push((child.tag_name().name().to_owned(), element(child, depth + 1)?));
    }
    Ok(Tree::Node(out))
}

fn leaf(text: &str) -> Tree {
    let text = text.trim();
    Tree::Leaf((!text.is_empty()).then(|| text.to_owned()))
}

/// Reads JSON, first quoting the bare numbers of fields that are strings
/// by the spec (`"service_code":006` is not JSON, yet the spec prints it).
pub fn from_json(text: &str) -> Result<Tree, Open311Error> {
    let fixed = leading_zeros::quote_known_numbers(text);
    let value: serde_json::Value =
        serde_json::from_str(&fixed).map_err(|e| Open311Error::Json(e.to_string()))?;
    json(&value, 0)
}

fn json(value: &serde_json::Value, depth: usize) -> Result<Tree, Open311Error> {
    use serde_json::Value;
    if depth > MAX_DEPTH {
        return Err(Open311Error::TooDeep);
    }
    Ok(match value {
        Value::Null => Tree::Leaf(None),
        Value::Bool(b) => Tree::Leaf(Some(b.to_string())),
        Value::Number(n) => Tree::Leaf(Some(n.to_string())),
        Value::String(s) => leaf(s),
        Value::Array(items) => Tree::List(
            items
                .iter()
                .map(|v| json(v, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Tree::Node(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), json(v, depth + 1)?)))
                .collect::<Result<_, Open311Error>>()?,
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_namespace_on_the_root_is_ignored() {
        let doc = r#"<o:service_requests xmlns:o="urn:x"><o:request><o:status>open</o:status></o:request></o:service_requests>"#;
        let (root, tree) = from_xml(doc).expect("parses");
        assert_eq!(root, "service_requests");
        assert_eq!(tree.items()[0].field("status"), Some("open"));
    }

    #[test]
    fn empty_elements_and_nil_are_no_text() {
        let doc = r#"<r><a/><b></b><c>  </c><d xsi:nil="true" xmlns:xsi="x">v</d></r>"#;
        let (_, tree) = from_xml(doc).expect("parses");
        for name in ["a", "b", "c", "d"] {
            assert_eq!(tree.get(name), Some(&Tree::Leaf(None)), "{name}");
        }
    }

    #[test]
    fn a_dtd_is_refused_so_no_entity_is_expanded() {
        let doc = r#"<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><r>&b;</r>"#;
        assert!(matches!(from_xml(doc), Err(Open311Error::Xml(_))));
        let external = r#"<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>"#;
        assert!(matches!(from_xml(external), Err(Open311Error::Xml(_))));
    }

    #[test]
    fn deep_nesting_is_refused_not_recursed() {
        let doc = format!("{}{}", "<a>".repeat(200), "</a>".repeat(200));
        assert_eq!(from_xml(&doc), Err(Open311Error::TooDeep));
        let json = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(from_json(&json), Err(Open311Error::TooDeep));
    }

    #[test]
    fn a_bom_and_crlf_are_taken_in_either_encoding() {
        let xml = b"\xEF\xBB\xBF<r>\r\n<a>x\r\n</a>\r\n</r>\r\n";
        assert_eq!(parse(xml).expect("xml").1.field("a"), Some("x"));
        let json = b"\xEF\xBB\xBF{\r\n\"a\": \"x\"\r\n}\r\n";
        assert_eq!(parse(json).expect("json").1.field("a"), Some("x"));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused_with_where() {
        assert_eq!(parse(b"<r>\xff</r>"), Err(Open311Error::Encoding(3)));
    }
}
