//! One `<alert>` element to an [`Alert`]. Elements are matched by local
//! name in the CAP namespace, whatever prefix the sender chose; elements of
//! other namespaces are ignored except `ds:Signature`, which is noted.
//! Text is trimmed, and an empty element counts as absent.

use super::types::{
    Alert, Area, Category, Certainty, Info, MsgType, Reference, Scope, Severity, Status, Urgency,
};
use super::{CAP_NS, CapError, DSIG_NS};
use crate::model::Timestamp;
use crate::model::geo::{parse_cap_circle, parse_cap_polygon};
use roxmltree::Node;
use time::format_description::well_known::Rfc3339;

pub fn alert(node: Node, path: &str) -> Result<Alert, CapError> {
    let el = El { node, path };
    let sent_text = el.required("sent")?;
    let infos = el
        .children("info")
        .enumerate()
        .map(|(i, n)| {
            info(El {
                node: n,
                path: &format!("{path}/info[{}]", i + 1),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Alert {
        identifier: el.required("identifier")?,
        sender: el.required("sender")?,
        sent: el.time("sent", &sent_text)?,
        sent_text,
        status: el.parse("status", Status::parse)?,
        msg_type: el.parse("msgType", MsgType::parse)?,
        scope: el.parse("scope", Scope::parse)?,
        source: el.optional("source"),
        note: el.optional("note"),
        references: references(&el)?,
        infos,
        signed: node
            .children()
            .any(|n| n.tag_name().namespace() == Some(DSIG_NS) && n.tag_name().name() == "Signature"),
    })
}

/// `references`: space-separated `sender,identifier,sent` triplets.
fn references(el: &El) -> Result<Vec<Reference>, CapError> {
    let Some(text) = el.optional("references") else {
        return Ok(Vec::new());
    };
    text.split_whitespace()
        .map(|triplet| {
            let parts: Vec<&str> = triplet.split(',').collect();
            match parts.as_slice() {
                [sender, identifier, sent]
                    if !sender.is_empty() && !identifier.is_empty() && !sent.is_empty() =>
                {
                    Ok(Reference {
                        sender: (*sender).to_owned(),
                        identifier: (*identifier).to_owned(),
                        sent: (*sent).to_owned(),
                    })
                }
                _ => Err(el.invalid(
                    "references",
                    format!("{triplet:?} is not a sender,identifier,sent triplet"),
                )),
            }
        })
        .collect()
}

fn info(el: El) -> Result<Info, CapError> {
    let categories = el
        .children("category")
        .map(|n| Category::parse(&text_of(n)).map_err(|m| el.invalid("category", m)))
        .collect::<Result<Vec<_>, _>>()?;
    if categories.is_empty() {
        return Err(el.missing("category"));
    }
    let expires = match el.optional("expires") {
        Some(t) => Some(el.time("expires", &t)?),
        None => None,
    };
    let areas = el
        .children("area")
        .enumerate()
        .map(|(i, n)| {
            area(El {
                node: n,
                path: &format!("{}/area[{}]", el.path, i + 1),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Info {
        language: el.optional("language").unwrap_or_else(|| "en-US".to_owned()),
        categories,
        event: el.required("event")?,
        urgency: el.parse("urgency", Urgency::parse)?,
        severity: el.parse("severity", Severity::parse)?,
        certainty: el.parse("certainty", Certainty::parse_liberal)?,
        event_codes: el.pairs("eventCode"),
        expires,
        sender_name: el.optional("senderName"),
        headline: el.optional("headline"),
        description: el.optional("description"),
        instruction: el.optional("instruction"),
        web: el.optional("web"),
        areas,
    })
}

fn area(el: El) -> Result<Area, CapError> {
    let polygons = el
        .children("polygon")
        .map(|n| parse_cap_polygon(&text_of(n)).map_err(|e| el.invalid("polygon", e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    let circles = el
        .children("circle")
        .map(|n| parse_cap_circle(&text_of(n)).map_err(|e| el.invalid("circle", e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Area {
        desc: el.required("areaDesc")?,
        polygons,
        circles,
        geocodes: el.pairs("geocode"),
    })
}

/// An element being read and its path for errors (`alert[1]/info[2]`).
struct El<'a, 'n, 'i> {
    node: Node<'n, 'i>,
    path: &'a str,
}

impl<'n, 'i> El<'_, 'n, 'i> {
    fn children(&self, name: &'static str) -> impl Iterator<Item = Node<'n, 'i>> + use<'n, 'i> {
        self.node.children().filter(move |n| {
            n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(CAP_NS)
        })
    }

    fn optional(&self, name: &'static str) -> Option<String> {
        self.children(name).map(text_of).find(|t| !t.is_empty())
    }

    fn required(&self, name: &'static str) -> Result<String, CapError> {
        self.optional(name).ok_or_else(|| self.missing(name))
    }

    fn parse<T>(&self, name: &'static str, f: impl Fn(&str) -> Result<T, String>) -> Result<T, CapError> {
        f(&self.required(name)?).map_err(|m| self.invalid(name, m))
    }

    /// CAP times carry a zone offset; `Z` is taken as UTC although CAP
    /// asks for `-00:00`, since it is unambiguous.
    fn time(&self, name: &'static str, text: &str) -> Result<Timestamp, CapError> {
        Timestamp::parse(text, &Rfc3339).map_err(|_| {
            self.invalid(
                name,
                format!("{text:?} is not a date-time with a zone offset (2003-06-17T14:57:00-07:00)"),
            )
        })
    }

    /// `valueName`/`value` pairs (`eventCode`, `geocode`).
    fn pairs(&self, name: &'static str) -> Vec<(String, String)> {
        self.children(name)
            .map(|n| {
                let sub = El {
                    node: n,
                    path: self.path,
                };
                (
                    sub.optional("valueName").unwrap_or_default(),
                    sub.optional("value").unwrap_or_default(),
                )
            })
            .collect()
    }

    fn missing(&self, name: &str) -> CapError {
        CapError::Missing {
            element: format!("{}/{name}", self.path),
        }
    }

    fn invalid(&self, name: &str, message: String) -> CapError {
        CapError::Invalid {
            element: format!("{}/{name}", self.path),
            message,
        }
    }
}

fn text_of(node: Node) -> String {
    let mut s = String::new();
    for t in node.children().filter(|n| n.is_text()) {
        s.push_str(t.text().unwrap_or_default());
    }
    s.trim().to_owned()
}
