//! What citydesk does with one CAP alert: open (or update) a grid alert,
//! clear one, or nothing. Pure: the caller hands in the mapping file, the
//! policy's priority table, the district outlines and the operator's
//! language. The decisions for every oddity are in `docs/cap.md`.

use super::types::{Alert, Info, MsgType, Status};
use crate::model::geo::{Outlines, Point};
pub use crate::model::ingest::{CapMapping, CodeRule, EventRule};
use crate::model::{CapPolicy, City, CreateItem, Kind, MAX_TEXT, Place, Timestamp};
use std::collections::BTreeMap;

/// The shipped mapping file.
pub const EMBEDDED_MAPPING: &str = include_str!("../../../data/cap.toml");

impl CapMapping {
    pub fn parse(text: &str) -> Result<Self, String> {
        let m: CapMapping = toml::from_str(text).map_err(|e| e.to_string())?;
        let all = std::iter::once(&m.default)
            .chain(m.event_code.iter().map(|r| &r.category))
            .chain(m.event.iter().map(|r| &r.category))
            .chain(m.category.values());
        if let Some(bad) = all
            .into_iter()
            .find(|c| c.trim().is_empty() || c.chars().count() > 64)
        {
            return Err(format!("category {bad:?} must be 1 to 64 characters"));
        }
        Ok(m)
    }

    /// The shipped file; a test keeps it parsing.
    pub fn embedded() -> Self {
        CapMapping::parse(EMBEDDED_MAPPING).unwrap_or_else(|_| CapMapping {
            default: "预警信息".into(),
            event_code: Vec::new(),
            event: Vec::new(),
            category: BTreeMap::new(),
        })
    }

    pub fn category_for(&self, info: &Info) -> String {
        let by_code = self.event_code.iter().find(|r| {
            info.event_codes
                .iter()
                .any(|(n, v)| n.eq_ignore_ascii_case(&r.name) && *v == r.value)
        });
        let event = info.event.to_lowercase();
        let by_event = || {
            self.event
                .iter()
                .find(|r| event.contains(&r.contains.to_lowercase()))
        };
        let by_cap = || {
            info.categories
                .first()
                .and_then(|c| self.category.get(c.as_str()))
        };
        by_code
            .map(|r| &r.category)
            .or_else(|| by_event().map(|r| &r.category))
            .or_else(by_cap)
            .unwrap_or(&self.default)
            .clone()
    }
}

/// What the mapper needs besides the alert.
pub struct CapContext<'a> {
    pub mapping: &'a CapMapping,
    pub policy: &'a CapPolicy,
    pub outlines: &'a Outlines,
    pub city: &'a City,
    /// The operator's language (`zh-CN`, `en`): which `info` gives the title.
    pub language: &'a str,
}

/// One alert, mapped.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapped {
    /// The item's identity: this message's `sender|identifier|sent`, or for
    /// an Update or Cancel the first message it references.
    pub foreign_id: String,
    pub sender: Option<String>,
    pub url: Option<String>,
    pub extra: BTreeMap<String, String>,
    pub action: MappedAction,
    /// When the alert lapses (the chosen `info`'s `expires`).
    pub expires: Option<Timestamp>,
    /// Status Test/Exercise/Draft: stored and marked, never dispatched.
    pub rehearsal: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum MappedAction {
    Open(Box<CreateItem>),
    /// A `msgType=Update`: the item it references is revised (or opened
    /// under the original's id when that was never seen).
    Update(Box<CreateItem>),
    Clear {
        note: String,
    },
    /// Acknowledged and not stored (Ack, Error, System messages).
    Ignore {
        reason: String,
    },
}

/// Geocode names taken as GB/T 2260 administrative codes.
const GBT2260_NAMES: &[&str] = &[
    "gb/t 2260",
    "gbt2260",
    "gb2260",
    "gb/t2260",
    "adcode",
    "行政区划代码",
];

pub fn map_alert(alert: &Alert, ctx: &CapContext) -> Mapped {
    let own_id = alert.foreign_id();
    let referenced = alert.references.first().map(|r| r.foreign_id());
    let info = choose_info(&alert.infos, ctx.language);
    let mut extra = BTreeMap::new();
    extra.insert("cap.message".to_owned(), own_id.clone());
    extra.insert("cap.status".to_owned(), alert.status.as_str().to_owned());
    extra.insert("cap.msgType".to_owned(), alert.msg_type.as_str().to_owned());
    extra.insert("cap.scope".to_owned(), alert.scope.as_str().to_owned());
    if alert.signed {
        extra.insert("cap.signature".to_owned(), "present, not verified".to_owned());
    }
    if let Some(note) = &alert.note {
        extra.insert("cap.note".to_owned(), note.clone());
    }
    for i in &alert.infos {
        let lang = &i.language;
        extra.insert(format!("cap.info.{lang}.event"), i.event.clone());
        if let Some(h) = &i.headline {
            extra.insert(format!("cap.info.{lang}.headline"), h.clone());
        }
    }
    if let Some(t) = info.and_then(|i| i.expires) {
        extra.insert(
            "cap.expires".to_owned(),
            crate::model::rfc3339(t.to_offset(time::UtcOffset::UTC)),
        );
    }
    let rehearsal = alert.status.is_rehearsal();
    if rehearsal {
        extra.insert(
            crate::model::automation::REHEARSAL.to_owned(),
            "never dispatched".to_owned(),
        );
    }
    let mut mapped = Mapped {
        foreign_id: own_id,
        sender: Some(alert.sender.clone()),
        url: info.and_then(|i| i.web.clone()),
        extra,
        action: MappedAction::Ignore {
            reason: String::new(),
        },
        expires: info.and_then(|i| i.expires),
        rehearsal,
    };
    let ignore = |why: &str| MappedAction::Ignore {
        reason: why.to_owned(),
    };
    mapped.action = match (alert.status, alert.msg_type) {
        (Status::System, _) => ignore("status System: a message for the alert network, not an event"),
        (_, MsgType::Ack) => ignore("msgType Ack: an acknowledgement, not an event"),
        (_, MsgType::Error) => ignore("msgType Error: a rejection of another message, not an event"),
        (_, MsgType::Cancel) => match referenced {
            Some(id) => {
                mapped.foreign_id = id;
                let why = alert.note.as_deref().unwrap_or("no reason given");
                MappedAction::Clear {
                    note: format!("CAP Cancel from {}: {why}", alert.sender),
                }
            }
            None => ignore("a Cancel that references no message"),
        },
        (_, MsgType::Alert | MsgType::Update) => {
            if alert.msg_type == MsgType::Update
                && let Some(id) = referenced
            {
                mapped.foreign_id = id;
            }
            let mut req = create(alert, info, ctx, &mut mapped.extra);
            req.fingerprint = Some(fingerprint(&mapped.foreign_id));
            if alert.msg_type == MsgType::Update {
                MappedAction::Update(Box::new(req))
            } else {
                MappedAction::Open(Box::new(req))
            }
        }
    };
    mapped
}

/// The alert's fingerprint is its item's foreign id, so the fingerprint
/// dedup makes a repeat of the message one item (fingerprints are at most
/// 200 characters: a longer id is hashed).
fn fingerprint(foreign_id: &str) -> String {
    let fp = format!("cap:{foreign_id}");
    if fp.chars().count() <= 200 {
        return fp;
    }
    use sha2::Digest;
    format!(
        "cap:sha256:{}",
        hex::encode(sha2::Sha256::digest(foreign_id.as_bytes()))
    )
}

/// The `info` in the operator's language (exact tag, then the same
/// primary language), else the first.
fn choose_info<'a>(infos: &'a [Info], language: &str) -> Option<&'a Info> {
    let primary = |tag: &str| {
        tag.split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    infos
        .iter()
        .find(|i| i.language.eq_ignore_ascii_case(language))
        .or_else(|| infos.iter().find(|i| primary(&i.language) == primary(language)))
        .or_else(|| infos.first())
}

fn create(
    alert: &Alert,
    info: Option<&Info>,
    ctx: &CapContext,
    extra: &mut BTreeMap<String, String>,
) -> CreateItem {
    let marker = match alert.status {
        Status::Exercise => "[EXERCISE] ",
        Status::Test => "[TEST] ",
        Status::Draft => "[DRAFT] ",
        Status::Actual | Status::System => "",
    };
    let headline = info
        .map(|i| i.headline.clone().unwrap_or_else(|| i.event.clone()))
        .unwrap_or_else(|| format!("CAP alert {}", alert.identifier));
    let (place, districts) = place(info, ctx);
    if districts.len() > 1 {
        extra.insert("cap.districts".to_owned(), districts.join(","));
    }
    CreateItem {
        kind: Kind::Alert,
        category: info.map_or_else(|| ctx.mapping.default.clone(), |i| ctx.mapping.category_for(i)),
        title: clip(&format!("{marker}{headline}"), crate::model::MAX_TITLE),
        description: clip(&description(alert, info, &districts), MAX_TEXT),
        priority: info.map(|i| {
            ctx.policy
                .priority(i.severity.as_str(), i.urgency.as_str(), i.certainty.as_str())
        }),
        tier: None,
        place,
        fingerprint: None,
        caller: None,
        raised_from: None,
        call_id: None,
    }
}

/// The place: the district a GB/T 2260 geocode names, else the districts
/// the first area's polygons and circles overlap (the main one as the
/// place, all of them returned); the area's description as the address,
/// the shape's centre as lat/lon.
fn place(info: Option<&Info>, ctx: &CapContext) -> (Place, Vec<String>) {
    let mut place = Place::default();
    let mut districts: Vec<String> = Vec::new();
    let Some(info) = info else {
        return (place, districts);
    };
    for area in &info.areas {
        for (name, value) in &area.geocodes {
            let name = name.trim().to_lowercase();
            if GBT2260_NAMES.contains(&name.as_str())
                && let Some(d) = ctx.city.district(value.trim())
                && !districts.contains(&d.code)
            {
                districts.push(d.code.clone());
            }
        }
        for poly in &area.polygons {
            for d in ctx.outlines.overlapping_polygon(poly) {
                if !districts.contains(&d.code) {
                    districts.push(d.code.clone());
                }
            }
        }
        for c in &area.circles {
            for d in ctx.outlines.overlapping_circle(c) {
                if !districts.contains(&d.code) {
                    districts.push(d.code.clone());
                }
            }
        }
    }
    let first = info.areas.first();
    let centre: Option<Point> = first.and_then(|a| {
        a.circles
            .first()
            .map(|c| c.center)
            .or_else(|| a.polygons.first().map(|p| p.centroid()))
    });
    place.district = districts.first().cloned();
    place.address = first.map(|a| clip(&a.desc, 200));
    place.lat = centre.map(|p| p.lat);
    place.lon = centre.map(|p| p.lon);
    (place, districts)
}

fn description(alert: &Alert, info: Option<&Info>, districts: &[String]) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(i) = info {
        parts.extend(i.description.clone());
        parts.extend(i.instruction.clone());
        if let Some(s) = &i.sender_name {
            parts.push(format!("— {s}"));
        }
    }
    if districts.len() > 1 {
        parts.push(format!("Districts: {}", districts.join(", ")));
    }
    for other in alert.infos.iter().filter(|o| Some(*o) != info) {
        let head = other.headline.as_deref().unwrap_or(&other.event);
        let body = other.description.as_deref().unwrap_or_default();
        parts.push(
            format!("[{}] {head}\n{body}", other.language)
                .trim_end()
                .to_owned(),
        );
    }
    parts.join("\n\n")
}

/// At most `max` characters, cut on a character boundary.
fn clip(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests;
