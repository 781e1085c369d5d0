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
pub fn cut(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
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

/// `s` on one line: control characters (line breaks, tabs) become spaces,
/// so free text cannot break a line-oriented output apart.
pub fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
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
}
