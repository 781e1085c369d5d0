//! The KPIs as Prometheus metric families: the same figures as
//! `GET /v1/stats?window=today`, plus the backlog of everything open and
//! the items by kind and status. Written with `prometheus-client`'s
//! registry, gauges with label sets, so the names and labels dashboards
//! read (docs/kpi.md) come from one place and the text format (escaping
//! included) is the crate's business.

use crate::model::stats::{Figures, PerStage, Ratio, Stats};
use crate::model::{Kind, Stage, Status};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;
use std::sync::atomic::AtomicU64;

/// A count: written as an integer (`… 4`).
type Count = Family<Labels, Gauge>;
/// A rate or a quantile in seconds: written as a float.
type Ratef = Gauge<f64, AtomicU64>;

/// A family's labels, in the order they are written: `queue`,
/// `department`, then what the family adds (`kpi`, `stage`, `quantile`).
/// A list rather than a struct so each family writes only its own labels.
type Labels = Vec<(&'static str, String)>;

fn of(queue: &str, department: &str) -> Labels {
    vec![("queue", queue.to_owned()), ("department", department.to_owned())]
}

fn with(mut labels: Labels, extra: &[(&'static str, &str)]) -> Labels {
    labels.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    labels
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ItemLabels {
    kind: &'static str,
    status: &'static str,
}

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

/// Counts stay far below `i64::MAX`; a gauge holds an `i64`.
fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Registers every KPI family of `stats` and the item `counts` in
/// `registry` (prefixed `citydesk_` by the caller), each family named as
/// before the crate wrote them (docs/kpi.md).
pub fn write_metrics(stats: &Stats, counts: &[(Kind, Status, u64)], registry: &mut Registry) {
    let items = Family::<ItemLabels, Gauge>::default();
    for (kind, status, n) in counts {
        let labels = ItemLabels {
            kind: kind.as_str(),
            status: status.as_str(),
        };
        items.get_or_create(&labels).set(int(*n));
    }
    registry.register("items", "Items by kind and status", items);
    kpi_rates(stats, registry);
    cohort_counts(stats, registry);
    stage_times(stats, registry);
    backlog(stats, registry);
}

fn kpi_rates(stats: &Stats, r: &mut Registry) {
    let rate = Family::<Labels, Ratef>::default();
    let numerator = Count::default();
    let denominator = Count::default();
    for g in &stats.groups {
        for (kpi, ratio) in rates(g) {
            let labels = with(of(&g.queue, &g.department), &[("kpi", kpi)]);
            // A rate with nothing counted is left out, not reported as 0.
            if let Some(v) = ratio.rate {
                rate.get_or_create(&labels).set(v);
            }
            numerator.get_or_create(&labels).set(int(ratio.numerator));
            denominator.get_or_create(&labels).set(int(ratio.denominator));
        }
    }
    r.register(
        "kpi_rate",
        "KPI rates over items reported today (docs/kpi.md); absent when nothing was counted",
        rate,
    );
    r.register("kpi_numerator", "Numerator of each KPI rate", numerator);
    r.register("kpi_denominator", "Denominator of each KPI rate", denominator);
}

/// A family of today's cohort: its name, help and how to read its value.
type Cohort = (&'static str, &'static str, fn(&Figures) -> u64);

fn cohort_counts(stats: &Stats, r: &mut Registry) {
    let families: [Cohort; 4] = [
        ("reported_items", "Items reported today", |g| g.reported),
        ("open_items", "Items reported today still open", |g| g.open),
        ("parked_items", "Items reported today parked now", |g| g.parked),
        ("closed_items", "Items reported today closed now", |g| g.closed),
    ];
    for (name, help, value) in families {
        let family = Count::default();
        for g in &stats.groups {
            family
                .get_or_create(&of(&g.queue, &g.department))
                .set(int(value(g)));
        }
        r.register(name, help, family);
    }
    let overdue = Count::default();
    for g in &stats.groups {
        per_stage(&overdue, &of(&g.queue, &g.department), &g.overdue);
    }
    r.register(
        "overdue_items",
        "Items reported today whose running clock is red, by stage",
        overdue,
    );
}

fn per_stage(family: &Count, labels: &Labels, counts: &PerStage<u64>) {
    for stage in Stage::ALL {
        let labels = with(labels.clone(), &[("stage", stage.as_str())]);
        family.get_or_create(&labels).set(int(*counts.get(stage)));
    }
}

fn stage_times(stats: &Stats, r: &mut Registry) {
    let family = Count::default();
    for g in &stats.groups {
        for stage in Stage::ALL {
            let s = g.times.get(stage);
            for (q, v) in [("0.5", s.median_secs), ("0.9", s.p90_secs)] {
                if let Some(v) = v {
                    let labels = with(
                        of(&g.queue, &g.department),
                        &[("stage", stage.as_str()), ("quantile", q)],
                    );
                    family.get_or_create(&labels).set(v);
                }
            }
        }
    }
    r.register(
        "stage_seconds",
        "Time in each stage of items reported today that completed it (nearest-rank quantiles)",
        family,
    );
}

fn backlog(stats: &Stats, r: &mut Registry) {
    let open = Count::default();
    let overdue = Count::default();
    for b in &stats.backlog {
        let labels = of(&b.queue, &b.department);
        open.get_or_create(&labels).set(int(b.open));
        per_stage(&overdue, &labels, &b.overdue);
    }
    r.register("backlog_items", "Items open now, whenever reported", open);
    r.register(
        "backlog_overdue_items",
        "Items open now whose running clock is red, by stage",
        overdue,
    );
}
