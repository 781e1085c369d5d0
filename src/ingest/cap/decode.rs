//! Bytes to text before any XML is parsed: a byte-order mark is honoured
//! (UTF-8, UTF-16), the XML declaration's `encoding` is converted with
//! `encoding_rs` (ISO-8859-1, GBK, GB18030, Big5…), and bytes that do not
//! fit the encoding are refused rather than replaced, so what we store is
//! what was sent.

use super::CapError;
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

pub fn text(bytes: &[u8]) -> Result<String, CapError> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return convert(enc, &bytes[bom..]);
    }
    let label = declared_encoding(bytes);
    let enc = match &label {
        None => UTF_8,
        Some(label) => Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            CapError::Encoding(format!(
                "the declared encoding {label:?} is not one we can convert"
            ))
        })?,
    };
    // A UTF-16 label without a BOM on an ASCII-readable declaration is a
    // contradiction: the declaration could not have been read as ASCII.
    if enc == UTF_16LE || enc == UTF_16BE {
        return Err(CapError::Encoding(
            "a document declaring UTF-16 must start with a byte-order mark".into(),
        ));
    }
    convert(enc, bytes)
}

fn convert(enc: &'static Encoding, bytes: &[u8]) -> Result<String, CapError> {
    if enc == UTF_8 {
        return String::from_utf8(bytes.to_vec()).map_err(|e| {
            CapError::Encoding(format!(
                "not valid UTF-8 at byte {}",
                e.utf8_error().valid_up_to()
            ))
        });
    }
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
        .ok_or_else(|| CapError::Encoding(format!("bytes that are not valid {}", enc.name())))
}

/// The `encoding` pseudo-attribute of an XML declaration at the very start,
/// read as ASCII (every encoding `encoding_rs` converts is ASCII-compatible
/// there, UTF-16 aside, which needs a BOM).
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..bytes.len().min(200))?;
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    Some(value[..value.find(quote)?].trim().to_owned())
}
