//! Text that fits terminal columns: display-width aware padding and
//! cutting, so Chinese (two columns a character) lines up and is never cut
//! mid-character, and cut text ends in `…` so a reader knows it was cut.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` padded or cut to exactly `width` columns; cut text ends in `…`.
pub fn fit(s: &str, width: usize) -> String {
    pad(&cut(s, width), width)
}

/// `s` padded with spaces to `width` columns; never cut, so a long value
/// pushes what follows rather than losing its end.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = s.to_owned();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(s.width())));
    out
}

/// `s` cut to at most `width` columns, ending in `…` if cut; never padded.
/// What is fitted to columns is one line of what was sent ([`one_line`]):
/// a control character has no width, so it would slip through uncounted.
pub fn cut(s: &str, width: usize) -> String {
    let s = one_line(s);
    if s.width() <= width {
        return s;
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        // One column stays free for the ellipsis.
        if used + cw > width - 1 {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out
}

/// `s` on one line and shown as sent: control characters (line breaks,
/// tabs, escape sequences) and line or paragraph separators become spaces,
/// so free text cannot break a line-oriented output apart or move the
/// cursor; bidi embeddings, overrides, isolates and marks are dropped, so
/// a title cannot reverse what follows it on the row (a "trojan source").
pub fn one_line(s: &str) -> String {
    s.chars()
        .filter(|c| !is_bidi_control(*c))
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// U+202A–U+202E (embeddings and overrides), U+2066–U+2069 (isolates),
/// the left-to-right, right-to-left and Arabic letter marks.
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_cut_by_width_without_breaking_characters() {
        assert_eq!(fit("交通事故伤人", 7), "交通事…");
        assert_eq!(fit("交通事故伤人", 8), "交通事… ");
        assert_eq!(fit("交通事故伤人", 12), "交通事故伤人");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(fit("交通", 1), "…");
        assert_eq!(fit("x", 0), "");
    }

    #[test]
    fn pad_never_cuts_and_cut_never_pads() {
        assert_eq!(pad("王芳", 6), "王芳  ");
        assert_eq!(pad("wangfang", 4), "wangfang");
        let cut_text = cut("供热不热 太和区 新民街道", 9);
        assert_eq!(cut_text, "供热不热…");
        assert!(cut_text.width() <= 9);
        assert_eq!(cut("short", 20), "short");
    }

    #[test]
    fn one_line_turns_breaks_into_spaces() {
        assert_eq!(one_line("line\nbreak\tand tab"), "line break and tab");
    }

    #[test]
    fn one_line_drops_bidi_controls_and_neutralises_escapes() {
        let sent = "停水\u{202E}dlrow\u{202C} \u{2066}x\u{2069}\u{200F}\u{1b}[2J\u{2028}end";
        assert_eq!(one_line(sent), "停水dlrow x [2J end");
        assert_eq!(fit("a\u{202E}b\u{7}", 4), "ab  ");
    }
}
