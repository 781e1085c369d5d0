//! The stats (KPI) view: per queue and per department, what is open and
//! late now, and how the items reported in the window went — rates with
//! their counts at width, stage times as median/p90. Built from the last
//! answer only; the view never asks for anything.

use super::Glyphs;
use super::pane::block;
use crate::api::{Backlog, Figures, PerStage, Ratio, Spread, Stats};
use crate::console::app::App;
use crate::console::app::stats::COLUMNS;
use crate::console::theme::{Role, Theme};
use crate::model::Stage;
use crate::present::fit;
use crate::present::i18n::{Lang, tr};
use crate::t;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

/// From this inner width on, rates carry their counts and more columns show.
const WIDE: usize = 150;

/// Each queue's name on the wire and its label's catalog key.
const QUEUES: [(&str, &str); 4] = [
    ("all", "kpi-queue-all"),
    ("incident", "kpi-queue-incident"),
    ("alert", "kpi-queue-alert"),
    ("ticket", "kpi-queue-ticket"),
];

/// `s` right-aligned in `w` cells by display width (`{:>w}` counts
/// characters, and a Chinese heading is twice as wide as its characters).
fn right(s: &str, w: usize) -> String {
    use unicode_width::UnicodeWidthStr;
    format!("{}{s}", " ".repeat(w.saturating_sub(s.width())))
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, g: Glyphs, scroll: usize) {
    let width = area.width.saturating_sub(2) as usize;
    let lang = app.ui.lang;
    let title = Line::from(vec![
        Span::styled(format!(" {} ", t!(lang, "kpi-title")), theme.style(Role::Title)),
        Span::styled(title_text(app, g), theme.style(Role::Muted)),
    ]);
    let lines = match &app.remote.stats.data {
        Some(stats) => body(stats, app, width, scroll, theme),
        None => vec![Line::from(Span::styled(
            app.remote.stats.error.as_ref().map_or(t!(lang, "loading"), |e| {
                t!(lang, "kpi-failed", error = e.as_str())
            }),
            theme.style(Role::Muted),
        ))],
    };
    let p = Paragraph::new(lines).block(block(title, true, theme, g));
    frame.render_widget(Clear, area);
    frame.render_widget(p, area);
}

fn title_text(app: &App, g: Glyphs) -> String {
    let lang = app.ui.lang;
    let s = &app.remote.stats;
    let sep = g.sep;
    let at = s
        .fetched_at
        .map(|t| {
            let time = format!("{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second());
            format!(" {sep} {}", t!(lang, "kpi-at", time = time))
        })
        .unwrap_or_default();
    let failing = if s.error.is_some() && s.data.is_some() {
        format!(" ({})", t!(lang, "kpi-refresh-failing"))
    } else {
        String::new()
    };
    let other = match s.window {
        crate::console::app::stats::StatsWindow::Today => "week",
        _ => "today",
    };
    let window = match s.window {
        crate::console::app::stats::StatsWindow::Today => t!(lang, "kpi-window-today"),
        crate::console::app::stats::StatsWindow::Week => t!(lang, "kpi-window-week"),
        _ => s.window.query(),
    };
    format!(
        "{window}{at}{failing} {sep} :stats {other} {sep} {} ",
        t!(lang, "kpi-esc-closes")
    )
}

/// The queue tables stay put; `scroll` moves only the department list,
/// which is the part that outgrows a small screen.
fn body(stats: &Stats, app: &App, width: usize, scroll: usize, theme: &Theme) -> Vec<Line<'static>> {
    let lang = app.ui.lang;
    let wide = width >= WIDE;
    let name_w = name_width(width, wide);
    let head = theme.style(Role::Title);
    let muted = theme.style(Role::Muted);
    let mut lines = vec![Line::from(Span::styled(
        fit(&t!(lang, "kpi-intro"), width),
        muted,
    ))];
    lines.push(Line::from(Span::styled(
        header(&t!(lang, "kpi-queue"), name_w, wide, lang),
        head,
    )));
    for (queue, key) in QUEUES {
        if let Some(f) = stats.group(queue, "all") {
            let label = tr(lang, key);
            lines.push(row(
                &label,
                name_w,
                f,
                stats.backlog_of(queue, "all"),
                wide,
                theme,
            ));
        }
    }
    lines.extend(legend(width, wide, theme, lang));
    lines.push(Line::from(""));
    // Five stage cells of 13 leave 12 for the name on 80 columns.
    let times_w = if wide { name_w } else { 12 };
    lines.push(Line::from(Span::styled(times_header(times_w, wide, lang), head)));
    for (queue, key) in QUEUES {
        if let Some(f) = stats.group(queue, "all") {
            lines.push(times_row(&tr(lang, key), times_w, &f.times, wide, theme));
        }
    }
    lines.push(Line::from(""));
    let depts = departments(stats, app, name_w);
    let skip = scroll.min(depts.len().saturating_sub(1));
    let title = if skip > 0 {
        format!("{} (↑{skip})", t!(lang, "kpi-department"))
    } else {
        t!(lang, "kpi-department")
    };
    lines.push(Line::from(Span::styled(header(&title, name_w, wide, lang), head)));
    for (code, name) in depts.into_iter().skip(skip) {
        if let Some(f) = stats.group("all", &code) {
            lines.push(row(&name, name_w, f, stats.backlog_of("all", &code), wide, theme));
        }
    }
    lines
}

/// What the rate headings stand for (`done completion · sign on-time
/// sign …`; on wide screens the headings are whole, so their Chinese
/// names), packed into as few lines as the width allows, and where `?`
/// explains them. Built from `COLUMNS`, as the help's stats section is.
fn legend(width: usize, wide: bool, theme: &Theme, lang: Lang) -> Vec<Line<'static>> {
    use unicode_width::UnicodeWidthStr;
    // Wide headings are whole words: only the pointer to `?` is left.
    let mut entries: Vec<String> = COLUMNS
        .iter()
        .filter(|c| c.chinese.ends_with('率') && !wide && !c.short.is_empty())
        .map(|c| match lang {
            Lang::En => format!("{} {}", c.short, c.long),
            Lang::ZhCn => format!("{} {}", short_heading(lang, c.short), c.chinese),
        })
        .collect();
    entries.push(t!(lang, "kpi-explains"));
    let mut lines: Vec<String> = Vec::new();
    for e in entries {
        match lines.last_mut() {
            Some(l) if l.width() + 3 + e.width() <= width => {
                l.push_str(" · ");
                l.push_str(&e);
            }
            _ => lines.push(e),
        }
    }
    lines
        .into_iter()
        .map(|l| Line::from(Span::styled(fit(&l, width), theme.style(Role::Muted))))
        .collect()
}

/// Columns after the name take 57 (narrow) or 150 (wide); the name gets
/// what is left, within reason.
fn name_width(width: usize, wide: bool) -> usize {
    let rest = if wide { 150 } else { 57 };
    width.saturating_sub(rest).clamp(12, 30)
}

/// Departments seen in the cohort or the backlog, busiest (open now) first,
/// each with the label that fits: name and code where there is room.
fn departments(stats: &Stats, app: &App, name_w: usize) -> Vec<(String, String)> {
    let named = name_w >= 20;
    let mut codes: Vec<(&str, u64)> = stats
        .groups
        .iter()
        .filter(|g| g.queue == "all" && g.department != "all")
        .map(|g| {
            let open = stats.backlog_of("all", &g.department).map_or(0, |b| b.open);
            (g.department.as_str(), open)
        })
        .collect();
    codes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let name = |code: &str| app.org_name(code);
    codes
        .into_iter()
        .map(|(code, _)| {
            let label = if named {
                match name(code) {
                    // A community's code adds nothing its name does not say.
                    Some(n) if code.starts_with(crate::model::COMMUNITY_PREFIX) => n,
                    Some(n) => format!("{n} {code}"),
                    None => code.to_owned(),
                }
            } else {
                code.to_owned()
            };
            (code.to_owned(), label)
        })
        .collect()
}

/// A narrow heading (`done`) in `lang`: `kpi-short-` + its English.
fn short_heading(lang: Lang, short: &str) -> String {
    let name = short.split_whitespace().next().unwrap_or(short);
    tr(lang, &format!("kpi-short-{name}"))
}

fn header(first: &str, name_w: usize, wide: bool, lang: Lang) -> String {
    let mut s = fit(first, name_w);
    let h = |key: &str| tr(lang, key);
    if wide {
        for (key, w) in [
            ("kpi-reported", 9),
            ("kpi-open", 6),
            ("kpi-parked", 7),
            ("kpi-closed", 7),
        ] {
            s.push_str(&right(&h(key), w));
        }
        s.push(' ');
        s.push_str(&fit(&h("kpi-late"), 16));
        for key in [
            "kpi-completion",
            "kpi-on-time-sign",
            "kpi-on-time-close",
            "kpi-satisfaction",
            "kpi-direct-answer",
            "kpi-returns",
            "kpi-rework",
        ] {
            s.push_str(&right(&h(key), 16));
        }
    } else {
        s.push_str(&right(&h("kpi-open"), 5));
        s.push(' ');
        s.push_str(&fit(&h("kpi-late"), 14));
        for (name, w) in [
            ("done", 6),
            ("sign", 6),
            ("close", 7),
            ("sat", 6),
            ("ret", 6),
            ("rew", 6),
        ] {
            s.push_str(&right(&short_heading(lang, name), w));
        }
    }
    s
}

fn row(
    label: &str,
    name_w: usize,
    f: &Figures,
    now: Option<&Backlog>,
    wide: bool,
    theme: &Theme,
) -> Line<'static> {
    let open = now.map_or(0, |b| b.open);
    let late = now.map(|b| b.overdue).unwrap_or_default();
    let late_text = late_cell(&late);
    let late_role = if late_total(&late) > 0 {
        Role::ClockRed
    } else {
        Role::Muted
    };
    let text = theme.style(Role::Text);
    let mut spans = Vec::new();
    if wide {
        spans.push(Span::styled(fit(label, name_w), text));
        spans.push(Span::styled(
            format!(
                "{:>9}{:>6}{:>7}{:>7} ",
                f.reported,
                open,
                now.map_or(0, |b| b.parked),
                f.closed
            ),
            text,
        ));
        spans.push(Span::styled(format!("{late_text:<16}"), theme.style(late_role)));
        for r in [
            &f.completion,
            f.on_time_sign(),
            f.on_time_completion(),
            &f.satisfaction,
            &f.direct_answer,
            &f.returns,
            &f.rework,
        ] {
            spans.push(Span::styled(format!("{:>16}", ratio_counted(r)), text));
        }
    } else {
        spans.push(Span::styled(fit(label, name_w), text));
        spans.push(Span::styled(format!("{open:>5} "), text));
        spans.push(Span::styled(fit(&late_text, 14), theme.style(late_role)));
        let cells = [
            (&f.completion, 6),
            (f.on_time_sign(), 6),
            (f.on_time_completion(), 7),
            (&f.satisfaction, 6),
            (&f.returns, 6),
            (&f.rework, 6),
        ];
        for (r, w) in cells {
            spans.push(Span::styled(format!("{:>w$}", percent(r)), text));
        }
    }
    Line::from(spans)
}

fn late_total(late: &PerStage<u64>) -> u64 {
    Stage::ALL.iter().map(|s| *late.get(*s)).sum()
}

/// `0/2/1/5/0`, or `-` when nothing is late.
fn late_cell(late: &PerStage<u64>) -> String {
    if late_total(late) == 0 {
        return "-".into();
    }
    Stage::ALL
        .iter()
        .map(|s| late.get(*s).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// `82%`, or `-` when nothing was counted (never a fake 0 % or 100 %).
pub fn percent(r: &Ratio) -> String {
    r.rate.map_or("-".into(), |x| format!("{:.0}%", x * 100.0))
}

/// `82% 41/50` for wide screens.
fn ratio_counted(r: &Ratio) -> String {
    match r.rate {
        Some(_) => format!("{} {}/{}", percent(r), r.numerator, r.denominator),
        None => "-".into(),
    }
}

fn times_header(name_w: usize, wide: bool, lang: Lang) -> String {
    let cell = if wide { 20 } else { 13 };
    let first = if wide {
        t!(lang, "kpi-times-wide")
    } else {
        t!(lang, "kpi-times")
    };
    let mut s = fit(&first, name_w);
    for stage in Stage::ALL {
        s.push_str(&right(&tr(lang, &format!("kpi-stage-{}", stage.as_str())), cell));
    }
    s
}

fn times_row(
    label: &str,
    name_w: usize,
    times: &PerStage<Spread>,
    wide: bool,
    theme: &Theme,
) -> Line<'static> {
    let cell = if wide { 20 } else { 13 };
    let mut spans = vec![Span::styled(fit(label, name_w), theme.style(Role::Text))];
    for stage in Stage::ALL {
        let s = times.get(stage);
        let text = match (s.median_secs, s.p90_secs) {
            (Some(m), Some(p)) if wide => format!("{}/{} ({})", duration(m), duration(p), s.count),
            (Some(m), Some(p)) => format!("{}/{}", duration(m), duration(p)),
            _ => "-".into(),
        };
        spans.push(Span::styled(format!("{text:>cell$}"), theme.style(Role::Text)));
    }
    Line::from(spans)
}

/// A stage time as people say it: `45s`, `12m`, `3.5h`, `2.0d`.
pub fn duration(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        _ if s < 60 => format!("{s}s"),
        _ if s < 100 * 60 => format!("{}m", s / 60),
        _ if s < 48 * 3600 => format!("{:.1}h", s as f64 / 3600.0),
        _ => format!("{:.1}d", s as f64 / 86_400.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_without_a_denominator_read_as_a_dash() {
        assert_eq!(percent(&Ratio::new(0, 0)), "-");
        assert_eq!(percent(&Ratio::new(41, 50)), "82%");
        assert_eq!(ratio_counted(&Ratio::new(41, 50)), "82% 41/50");
    }

    #[test]
    fn stage_times_read_like_people_say_them() {
        assert_eq!(duration(45), "45s");
        assert_eq!(duration(12 * 60), "12m");
        assert_eq!(duration(3 * 3600 + 1800), "3.5h");
        assert_eq!(duration(3 * 86_400), "3.0d");
    }
}
