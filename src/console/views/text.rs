//! Durations as the console shows them. Fitting text to columns is shared
//! with `tail` and lives in [`crate::present`].

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
    fn countdowns_read_like_clocks() {
        assert_eq!(countdown(3 * 3600 + 12), "03:00:12");
        assert_eq!(countdown(-125), "+00:02:05");
        assert_eq!(countdown(3 * 86_400 + 4 * 3600), "3d04h");
    }
}
