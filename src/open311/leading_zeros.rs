//! The spec's own JSON examples write `"service_code":006`, which is not
//! JSON (a number may not have leading zeros), and servers built from them
//! do the same. Before parsing, bare numbers are turned into strings where
//! that loses nothing:
//! - in fields the spec makes strings (ids and codes), every bare number is
//!   quoted verbatim, so `006` stays `"006"` and a 20-digit id keeps every
//!   digit instead of becoming a float;
//! - in any other field, only a number with a leading zero (invalid as it
//!   stands) is quoted; valid numbers are left alone.
//!
//! Text inside strings is never touched: the scan follows string literals
//! and their escapes, and only looks at a token right after `key:`.

/// Fields whose values are strings by the spec, whatever a server wrote.
const STRING_FIELDS: &[&str] = &[
    "service_request_id",
    "service_code",
    "address_id",
    "zipcode",
    "token",
    "account_id",
    "jurisdiction_id",
    "device_id",
    "key",
    "code",
];

/// The document with the numbers described above quoted.
pub fn quote_known_numbers(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 16);
    let mut key: Option<(usize, usize)> = None; // the last string literal
    let mut after_colon = false;
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                // An unterminated string ends the scan: the parser will say where.
                let Some(end) = string_end(bytes, i) else { break };
                key = Some((i + 1, end - 1));
                after_colon = false;
                i = end;
            }
            b':' => {
                after_colon = key.is_some();
                i += 1;
            }
            b'-' | b'0'..=b'9' if after_colon => {
                let end = number_end(bytes, i);
                let token = &text[i..end];
                let name = key.map_or("", |(a, b)| &text[a..b]);
                if STRING_FIELDS.contains(&name) || has_leading_zero(token) {
                    out.push_str(&text[copied..i]);
                    out.push('"');
                    out.push_str(token);
                    out.push('"');
                    copied = end;
                }
                after_colon = false;
                key = None;
                i = end.max(i + 1);
            }
            b' ' | b'\t' | b'\r' | b'\n' => i += 1,
            _ => {
                after_colon = false;
                key = None;
                i += 1;
            }
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// The index just past the string literal opening at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
        i += 1;
    }
    i
}

/// `006`, `-01`, `00.5`: not JSON as written.
fn has_leading_zero(token: &str) -> bool {
    let digits = token.strip_prefix('-').unwrap_or(token).as_bytes();
    digits.len() > 1 && digits[0] == b'0' && digits[1].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_with_leading_zeros_become_the_same_digits_as_strings() {
        assert_eq!(
            quote_known_numbers(r#"{"service_code":006,"lat":37.7}"#),
            r#"{"service_code":"006","lat":37.7}"#
        );
        assert_eq!(
            quote_known_numbers("{\r\n  \"service_request_id\" : 12345678901234567890 }"),
            "{\r\n  \"service_request_id\" : \"12345678901234567890\" }"
        );
    }

    #[test]
    fn other_fields_keep_valid_numbers_and_quote_invalid_ones() {
        assert_eq!(
            quote_known_numbers(r#"{"order":01,"lat":-0.5,"n":0,"m":-007}"#),
            r#"{"order":"01","lat":-0.5,"n":0,"m":"-007"}"#
        );
    }

    #[test]
    fn text_inside_strings_is_never_touched() {
        let doc = r#"{"description":"service_code\":006 \\\" key:01","code":"007"}"#;
        assert_eq!(quote_known_numbers(doc), doc);
    }

    #[test]
    fn numbers_in_arrays_are_not_values_of_the_key_before() {
        let doc = r#"{"code":[001, 2]}"#;
        assert_eq!(quote_known_numbers(doc), doc);
    }
}
