//! The cheapest possible stream client: it splits the bytes into SSE lines
//! and keeps only each event's `id` (its `seq`), never decoding the JSON.
//! With hundreds of clients sharing two cores with the server, decoding
//! every copy of every event would measure the bench, not the server.

/// Feeds on raw chunks and reports the `seq` of each complete event.
#[derive(Debug, Default)]
pub struct SseIds {
    /// The start of a line that continues in the next chunk.
    partial: Vec<u8>,
    /// The `id:` of the event being read, until its blank line.
    pending: Option<u64>,
}

impl SseIds {
    /// Calls `on_event(seq)` for every event completed in `chunk`.
    pub fn feed(&mut self, chunk: &[u8], mut on_event: impl FnMut(u64)) {
        let mut rest = chunk;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            if self.partial.is_empty() {
                self.line(&rest[..end], &mut on_event);
            } else {
                let mut line = std::mem::take(&mut self.partial);
                line.extend_from_slice(&rest[..end]);
                self.line(&line, &mut on_event);
            }
            rest = &rest[end + 1..];
        }
        self.partial.extend_from_slice(rest);
    }

    fn line(&mut self, line: &[u8], on_event: &mut impl FnMut(u64)) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            if let Some(seq) = self.pending.take() {
                on_event(seq);
            }
        } else if let Some(value) = line.strip_prefix(b"id:") {
            self.pending = std::str::from_utf8(value)
                .ok()
                .and_then(|v| v.trim().parse().ok());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(chunks: &[&[u8]]) -> Vec<u64> {
        let mut parser = SseIds::default();
        let mut seen = Vec::new();
        for c in chunks {
            parser.feed(c, |seq| seen.push(seq));
        }
        seen
    }

    #[test]
    fn events_are_reported_at_their_blank_line() {
        let stream: &[u8] = b"id: 7\nevent: noted\ndata: {\"seq\":7}\n\nid: 8\ndata: {}\n\n";
        assert_eq!(ids(&[stream]), vec![7, 8]);
    }

    #[test]
    fn lines_split_across_chunks_are_joined() {
        assert_eq!(
            ids(&[b"i", b"d: 1", b"2\ndata: {\"a\"", b":1}\n", b"\n"]),
            vec![12]
        );
    }

    #[test]
    fn comments_and_events_without_id_are_skipped() {
        assert_eq!(
            ids(&[b":\n\nevent: reset\ndata: {}\n\nid: 3\r\ndata: x\r\n\r\n"]),
            vec![3]
        );
    }
}
