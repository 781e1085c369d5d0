//! How long callers' personal data is kept after an item closes: the
//! policy's part of retention (what a redaction does is
//! [`crate::model::retention`]'s).

use crate::model::Timestamp;
use time::Duration;

/// How long personal data is kept after an item closes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    /// `None`: kept for ever.
    pub personal_data: Option<Duration>,
    /// The period as the policy file gave it (`3y`), for the event's rule.
    pub text: String,
}

impl Default for Retention {
    /// Three years, a year counted as 365 days.
    fn default() -> Self {
        Retention {
            personal_data: Some(Duration::days(3 * 365)),
            text: "3y".into(),
        }
    }
}

/// `3y` (a year is 365 days), `1095d`, or `never`.
pub fn parse_period(text: &str) -> Result<Option<Duration>, String> {
    let t = text.trim();
    if t == "never" {
        return Ok(None);
    }
    let (digits, per_unit) = match (t.strip_suffix('y'), t.strip_suffix('d')) {
        (Some(n), _) => (n, 365),
        (_, Some(n)) => (n, 1),
        _ => return Err(format!("{t:?}: use years (3y), days (1095d) or never")),
    };
    let n: i64 = digits
        .parse()
        .map_err(|_| format!("{t:?}: use years (3y), days (1095d) or never"))?;
    if !(1..=100 * 365).contains(&(n * per_unit)) {
        return Err(format!("{t:?}: between a day and a hundred years"));
    }
    Ok(Some(Duration::days(n * per_unit)))
}

impl Retention {
    /// Items closed before this have their callers redacted; `None` when
    /// data is kept for ever.
    pub fn cutoff(&self, now: Timestamp) -> Option<Timestamp> {
        now.checked_sub(self.personal_data?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_years_days_and_never() {
        assert_eq!(parse_period("3y"), Ok(Some(Duration::days(1095))));
        assert_eq!(parse_period("30d"), Ok(Some(Duration::days(30))));
        assert_eq!(parse_period("never"), Ok(None));
        for bad in ["", "3", "0d", "-1y", "3m", "101y", "99999999999999999999y"] {
            assert!(parse_period(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_cutoff_far_in_the_past_does_not_overflow() {
        let r = Retention {
            personal_data: Some(Duration::days(100 * 365)),
            text: "100y".into(),
        };
        assert!(r.cutoff(time::macros::datetime!(-9999-01-01 0:00 UTC)).is_none());
    }
}
