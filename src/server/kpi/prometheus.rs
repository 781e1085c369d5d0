//! The KPIs in Prometheus text format: the same figures as
//! `GET /v1/stats?window=today`, plus the backlog of everything open.

use crate::model::Stage;
use crate::model::stats::{Figures, PerStage, Ratio, Stats};
use std::fmt::Write;

/// A metric family: its name, its help text and how to read its value.
type Family<T, V> = (&'static str, &'static str, fn(&T) -> V);

/// The rates `citydesk_kpi_rate` reports, by their `kpi` label.
fn rates(g: &Figures) -> [(&'static str, &Ratio); 10] {
    [
        ("completion", &g.completion),
        ("on_time_accept", &g.on_time.accept),
        ("on_time_dispatch", &g.on_time.dispatch),
        ("on_time_sign", &g.on_time.sign),
        ("on_time_completion", &g.on_time.resolve),
        ("on_time_verify", &g.on_time.verify),
        ("satisfaction", &g.satisfaction),
        ("direct_answer", &g.direct_answer),
        ("return", &g.returns),
        ("rework", &g.rework),
    ]
}

/// Appends every KPI family of `stats` to `out`.
pub fn write_metrics(stats: &Stats, out: &mut String) {
    kpi_rates(stats, out);
    cohort_counts(stats, out);
    stage_times(stats, out);
    backlog(stats, out);
}

fn header(out: &mut String, name: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
}

/// Label values are department codes and fixed words; escaping keeps an
/// odd code from breaking the format all the same.
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

fn labels(queue: &str, department: &str) -> String {
    format!(
        "queue=\"{}\",department=\"{}\"",
        escape(queue),
        escape(department)
    )
}

fn kpi_rates(stats: &Stats, out: &mut String) {
    let families: [Family<Ratio, Option<f64>>; 3] = [
        (
            "citydesk_kpi_rate",
            "KPI rates over items reported today (docs/kpi.md); absent when nothing was counted.",
            |r| r.rate,
        ),
        ("citydesk_kpi_numerator", "Numerator of each KPI rate.", |r| {
            Some(r.numerator as f64)
        }),
        ("citydesk_kpi_denominator", "Denominator of each KPI rate.", |r| {
            Some(r.denominator as f64)
        }),
    ];
    for (name, help, value) in families {
        header(out, name, help);
        for g in &stats.groups {
            let l = labels(&g.queue, &g.department);
            for (kpi, ratio) in rates(g) {
                if let Some(v) = value(ratio) {
                    let _ = writeln!(out, "{name}{{{l},kpi=\"{kpi}\"}} {v}");
                }
            }
        }
    }
}

fn cohort_counts(stats: &Stats, out: &mut String) {
    let families: [Family<Figures, u64>; 4] = [
        ("citydesk_reported_items", "Items reported today.", |g| g.reported),
        ("citydesk_open_items", "Items reported today still open.", |g| {
            g.open
        }),
        ("citydesk_parked_items", "Items reported today parked now.", |g| {
            g.parked
        }),
        ("citydesk_closed_items", "Items reported today closed now.", |g| {
            g.closed
        }),
    ];
    for (name, help, value) in families {
        header(out, name, help);
        for g in &stats.groups {
            let _ = writeln!(out, "{name}{{{}}} {}", labels(&g.queue, &g.department), value(g));
        }
    }
    let name = "citydesk_overdue_items";
    header(
        out,
        name,
        "Items reported today whose running clock is red, by stage.",
    );
    for g in &stats.groups {
        per_stage(out, name, &labels(&g.queue, &g.department), &g.overdue);
    }
}

fn per_stage(out: &mut String, name: &str, labels: &str, counts: &PerStage<u64>) {
    for stage in Stage::ALL {
        let _ = writeln!(
            out,
            "{name}{{{labels},stage=\"{}\"}} {}",
            stage.as_str(),
            counts.get(stage)
        );
    }
}

fn stage_times(stats: &Stats, out: &mut String) {
    let name = "citydesk_stage_seconds";
    header(
        out,
        name,
        "Time in each stage of items reported today that completed it (nearest-rank quantiles).",
    );
    for g in &stats.groups {
        let l = labels(&g.queue, &g.department);
        for stage in Stage::ALL {
            let s = g.times.get(stage);
            for (q, v) in [("0.5", s.median_secs), ("0.9", s.p90_secs)] {
                if let Some(v) = v {
                    let _ = writeln!(
                        out,
                        "{name}{{{l},stage=\"{}\",quantile=\"{q}\"}} {v}",
                        stage.as_str()
                    );
                }
            }
        }
    }
}

fn backlog(stats: &Stats, out: &mut String) {
    let name = "citydesk_backlog_items";
    header(out, name, "Items open now, whenever reported.");
    for b in &stats.backlog {
        let _ = writeln!(out, "{name}{{{}}} {}", labels(&b.queue, &b.department), b.open);
    }
    let name = "citydesk_backlog_overdue_items";
    header(out, name, "Items open now whose running clock is red, by stage.");
    for b in &stats.backlog {
        per_stage(out, name, &labels(&b.queue, &b.department), &b.overdue);
    }
}
