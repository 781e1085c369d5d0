//! Text that fits: display-width aware padding and truncation, so Chinese
//! (two columns a character) lines up and is never cut mid-character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `s` padded or cut to exactly `width` columns; cut text ends in `…`.
pub fn fit(s: &str, width: usize) -> String {
    let w = s.width();
    if w <= width {
        let mut out = s.to_owned();
        out.extend(std::iter::repeat_n(' ', width - w));
        return out;
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > width - 1 {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    used += 1;
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

/// A duration as a dispatcher reads it: `00:41:09`, `3d04h`, overdue with
/// a leading `+`.
pub fn countdown(seconds: i64) -> String {
    let sign = if seconds < 0 { "+" } else { "" };
    let s = seconds.unsigned_abs();
    let (d, h, m, sec) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60);
    if d > 0 {
        format!("{sign}{d}d{h:02}h")
    } else {
        format!("{sign}{h:02}:{m:02}:{sec:02}")
    }
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
    fn countdowns_read_like_clocks() {
        assert_eq!(countdown(3 * 3600 + 12), "03:00:12");
        assert_eq!(countdown(-125), "+00:02:05");
        assert_eq!(countdown(3 * 86_400 + 4 * 3600), "3d04h");
    }
}
