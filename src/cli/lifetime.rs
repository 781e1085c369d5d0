//! How long a token lives (`--expires 90d`) or a replaced one keeps
//! working (`--grace 1h`): the duration syntax plus days and weeks, bounded
//! so no date arithmetic can overflow.

use super::duration::parse_duration;
use std::time::Duration;

/// The longest a token may live: ten years.
pub const MAX_LIFETIME: Duration = Duration::from_secs(3650 * 86_400);

/// `90d`, `2w`, or anything `--duration` takes (`12h`, `30m`, `90s`);
/// more than zero and at most ten years.
pub fn parse_lifetime(s: &str) -> Result<Duration, String> {
    let t = s.trim();
    let (number, per) = if let Some(n) = t.strip_suffix('d') {
        (n, 86_400.0)
    } else if let Some(n) = t.strip_suffix('w') {
        (n, 7.0 * 86_400.0)
    } else {
        (t, 0.0)
    };
    let d = if per > 0.0 {
        let n: f64 = number
            .parse()
            .map_err(|_| format!("{s:?} is not a duration like 90d, 2w, 12h or 30m"))?;
        Duration::try_from_secs_f64(n * per).map_err(|e| format!("{s:?}: {e}"))?
    } else {
        parse_duration(t)?
    };
    if d.is_zero() {
        return Err("the duration must be more than zero".into());
    }
    if d > MAX_LIFETIME {
        return Err(format!("{s:?} is longer than the most allowed, 3650d"));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_weeks_and_the_usual_units() {
        assert_eq!(parse_lifetime("90d"), Ok(Duration::from_secs(90 * 86_400)));
        assert_eq!(parse_lifetime("2w"), Ok(Duration::from_secs(14 * 86_400)));
        assert_eq!(parse_lifetime("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_lifetime("2s"), Ok(Duration::from_secs(2)));
    }

    #[test]
    fn zero_huge_and_garbage_are_refused() {
        for bad in [
            "0d",
            "0",
            "3651d",
            "1e308d",
            "-1d",
            "d",
            "ninety days",
            "9999999999999w",
        ] {
            assert!(parse_lifetime(bad).is_err(), "{bad} accepted");
        }
    }
}
