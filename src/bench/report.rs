//! The report: one line per figure with its target, then the details that
//! explain it. Figures are reported, never asserted: a miss is a finding,
//! not a failure of the command.

use std::fmt::Write;
use std::time::Duration;

/// One measured figure.
#[derive(Debug, Clone)]
pub struct Figure {
    pub name: String,
    pub value: String,
    /// `("≥ 3,000 actions/s", true)`: the target and whether it was met.
    pub target: Option<(String, bool)>,
}

impl Figure {
    pub fn plain(name: impl Into<String>, value: impl Into<String>) -> Self {
        Figure {
            name: name.into(),
            value: value.into(),
            target: None,
        }
    }

    pub fn against(
        name: impl Into<String>,
        value: impl Into<String>,
        target: impl Into<String>,
        met: bool,
    ) -> Self {
        Figure {
            name: name.into(),
            value: value.into(),
            target: Some((target.into(), met)),
        }
    }
}

/// The whole report, built scenario by scenario.
#[derive(Debug, Default)]
pub struct Report {
    pub figures: Vec<Figure>,
    pub notes: Vec<String>,
}

impl Report {
    pub fn render(&self) -> String {
        let width = self
            .figures
            .iter()
            .map(|f| f.name.chars().count())
            .max()
            .unwrap_or(0);
        let value_width = self
            .figures
            .iter()
            .map(|f| f.value.chars().count())
            .max()
            .unwrap_or(0);
        let mut out = String::new();
        for f in &self.figures {
            let _ = write!(out, "{:<width$}  {:>value_width$}", f.name, f.value);
            if let Some((target, met)) = &f.target {
                let verdict = if *met { "met" } else { "NOT met" };
                let _ = write!(out, "   target {target}: {verdict}");
            }
            out.push('\n');
        }
        for n in &self.notes {
            let _ = writeln!(out, "  - {n}");
        }
        out
    }
}

/// The `q`-quantile (0.0..=1.0) of sorted samples, nearest rank.
pub fn quantile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// `"1.20 ms / 8.00 ms"` of sorted samples.
pub fn p50_p99(sorted: &[Duration]) -> String {
    format!("{} / {}", ms(quantile(sorted, 0.5)), ms(quantile(sorted, 0.99)))
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// `3412.7` → `"3,413"`.
pub fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.max(0.0));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_is_nearest_rank() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(quantile(&samples, 0.5), Duration::from_millis(50));
        assert_eq!(quantile(&samples, 0.99), Duration::from_millis(99));
        assert_eq!(quantile(&samples, 1.0), Duration::from_millis(100));
        assert_eq!(quantile(&[], 0.5), Duration::ZERO);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(3412.7), "3,413");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(1_000_000.0), "1,000,000");
    }
}
