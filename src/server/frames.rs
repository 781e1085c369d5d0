//! The SSE frames of committed events, rendered once per server and shared
//! by every stream.
//!
//! The store publishes events; how the stream frames them is the server's
//! business, so the cache lives here, one per server. With a thousand
//! streams, rendering per client (as axum's `Sse` does) costs more than the
//! writes themselves. The framing is the simplest case of the SSE format —
//! `id`, `event`, one `data` line of compact JSON — and clients parse it
//! with a maintained SSE parser.
//!
//! Streams of roles that see callers masked (units, viewers) share a second
//! cache whose frames of caller-carrying events are redacted.

use crate::model::Event;
use crate::model::privacy::{CALLER_EVENTS, Sight};
use crate::store::Published;
use bytes::{BufMut, Bytes, BytesMut};
use std::sync::{Mutex, PoisonError};

/// Recent events kept rendered: every live stream sends the newest ones,
/// and a stream catching up from the log reads pages of at most a thousand.
const SLOTS: usize = 4096;

/// One SSE frame: optional `id`, `event`, and `data` split into one line per
/// line of text (compact JSON has none, but the format allows them).
pub fn render(id: Option<u64>, event: &str, data: &str) -> Bytes {
    let mut b = BytesMut::with_capacity(data.len() + event.len() + 40);
    if let Some(id) = id {
        b.put_slice(format!("id: {id}\n").as_bytes());
    }
    b.put_slice(b"event: ");
    b.put_slice(event.as_bytes());
    b.put_u8(b'\n');
    for line in data.split(['\n', '\r']) {
        b.put_slice(b"data: ");
        b.put_slice(line.as_bytes());
        b.put_u8(b'\n');
    }
    b.put_u8(b'\n');
    b.freeze()
}

/// The rendered frames of the most recent events, by `seq`: slot
/// `seq % SLOTS` holds the last event rendered there. One lock per slot,
/// so streams sending different events never wait for each other, and
/// streams sending the same one wait only for its first rendering.
pub struct Frames {
    slots: Box<[Mutex<Slot>]>,
    /// What the streams sharing these frames see of callers: the server
    /// keeps one cache for the desk roles and one for the masked ones.
    sight: Sight,
}

/// The `seq` a slot's frame is of, and the frame.
type Slot = Option<(u64, Bytes)>;

impl Default for Frames {
    fn default() -> Self {
        Frames::new(Sight::Full)
    }
}

impl std::fmt::Debug for Frames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Frames")
            .field("slots", &self.slots.len())
            .finish()
    }
}

impl Frames {
    pub fn new(sight: Sight) -> Self {
        Frames {
            slots: (0..SLOTS).map(|_| Mutex::new(None)).collect(),
            sight,
        }
    }

    /// The event's frame, rendered by the first stream that sends it.
    pub fn get(&self, p: &Published) -> Bytes {
        let index = usize::try_from(p.seq).unwrap_or(usize::MAX) % self.slots.len();
        let mut slot = self.slots[index].lock().unwrap_or_else(PoisonError::into_inner);
        match &*slot {
            Some((seq, frame)) if *seq == p.seq => frame.clone(),
            _ => {
                let frame = match self.redacted(p) {
                    Some(json) => render(Some(p.seq), &p.event_type, &json),
                    None => render(Some(p.seq), &p.event_type, &p.json),
                };
                *slot = Some((p.seq, frame.clone()));
                frame
            }
        }
    }
}

impl Frames {
    /// The event's JSON with callers redacted, when this cache masks and
    /// the event carries callers; `None`: send it as stored.
    fn redacted(&self, p: &Published) -> Option<String> {
        if self.sight == Sight::Full || !CALLER_EVENTS.contains(&p.event_type.as_str()) {
            return None;
        }
        // A stored event that does not read back is sent without its body
        // rather than unmasked.
        let Ok(mut event) = serde_json::from_str::<Event>(&p.json) else {
            tracing::error!(
                seq = p.seq,
                "a stored event did not decode; sent empty to a masked stream"
            );
            return Some("{}".into());
        };
        let stored = event.clone();
        event.redact(self.sight);
        // Unchanged (no callers, or none to hide): the stored bytes go out.
        if event == stored {
            return None;
        }
        serde_json::to_string(&event).ok().or_else(|| Some("{}".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(seq: u64, json: &str) -> Published {
        Published::new(seq, "noted".into(), json.into())
    }

    #[test]
    fn a_frame_is_id_event_and_one_data_line_per_line() {
        assert_eq!(
            render(Some(7), "noted", "{\"a\":1}"),
            Bytes::from_static(b"id: 7\nevent: noted\ndata: {\"a\":1}\n\n")
        );
        assert_eq!(
            render(None, "reset", "x\ny"),
            Bytes::from_static(b"event: reset\ndata: x\ndata: y\n\n")
        );
    }

    #[test]
    fn every_stream_gets_the_same_rendering_and_a_slot_reused_by_a_later_seq_renders_anew() {
        let frames = Frames::default();
        let first = frames.get(&published(3, "{}"));
        let again = frames.get(&published(3, "{}"));
        assert_eq!(first.as_ptr(), again.as_ptr(), "one rendering shared");
        let later = u64::try_from(SLOTS).expect("fits") + 3;
        let other = frames.get(&published(later, "{\"b\":2}"));
        assert!(other.starts_with(format!("id: {later}\n").as_bytes()));
        let back = frames.get(&published(3, "{}"));
        assert_eq!(back, first, "re-rendered the same");
    }
}
