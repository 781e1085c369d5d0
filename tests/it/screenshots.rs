//! The README's screenshots: the console's own buffer drawn as SVG, with
//! the dark theme's colours, one per language. `UPDATE_SCREENSHOTS=1 cargo
//! test --test it screenshots` rewrites them after the screen changed;
//! otherwise a stale picture fails, as a stale render snapshot does.

use crate::console_fixture::app;
use citydesk::console::theme::Theme;
use citydesk::console::views::{Glyphs, render};
use citydesk::present::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use std::path::PathBuf;

const CELL_W: f32 = 8.4;
const CELL_H: f32 = 17.0;
const BACKGROUND: &str = "#1c1c1c";
const FOREGROUND: &str = "#d0d0d0";

/// The xterm colours a terminal shows for the 16 named ones.
fn hex(c: Color, default: &str) -> String {
    let named = match c {
        Color::Reset => return default.to_owned(),
        Color::Rgb(r, g, b) => return format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => return indexed(i),
        Color::Black => "#000000",
        Color::Red => "#cd0000",
        Color::Green => "#00cd00",
        Color::Yellow => "#cdcd00",
        Color::Blue => "#4060ee",
        Color::Magenta => "#cd00cd",
        Color::Cyan => "#00cdcd",
        Color::Gray => "#e5e5e5",
        Color::DarkGray => "#7f7f7f",
        Color::LightRed => "#ff5555",
        Color::LightGreen => "#55ff55",
        Color::LightYellow => "#ffff55",
        Color::LightBlue => "#7b9bff",
        Color::LightMagenta => "#ff55ff",
        Color::LightCyan => "#55ffff",
        Color::White => "#ffffff",
    };
    named.to_owned()
}

/// xterm's 256-colour cube and grey ramp (the 16 below are rarely used).
fn indexed(i: u8) -> String {
    match i {
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            format!(
                "#{:02x}{:02x}{:02x}",
                level(n / 36),
                level((n / 6) % 6),
                level(n % 6)
            )
        }
        232..=255 => {
            let v = 8 + (i - 232) * 10;
            format!("#{v:02x}{v:02x}{v:02x}")
        }
        _ => FOREGROUND.to_owned(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Every cell as a background rectangle and its character, positioned by
/// column (a Chinese character takes two, and the cell after it is
/// skipped, as the terminal does).
fn svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let (w, h) = (f32::from(area.width) * CELL_W, f32::from(area.height) * CELL_H);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" \
font-family=\"'Sarasa Mono SC','Noto Sans Mono CJK SC',monospace\" font-size=\"14\">\n\
<rect width=\"100%\" height=\"100%\" fill=\"{BACKGROUND}\"/>\n"
    );
    for y in 0..area.height {
        let mut skip = 0;
        for x in 0..area.width {
            let cell = &buffer[(x, y)];
            let (px, py) = (f32::from(x) * CELL_W, f32::from(y) * CELL_H);
            let mut fg = hex(cell.fg, FOREGROUND);
            let mut bg = hex(cell.bg, BACKGROUND);
            if cell.modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fg, &mut bg);
            }
            let symbol = cell.symbol();
            let wide = unicode_width::UnicodeWidthStr::width(symbol).max(1);
            if bg != BACKGROUND {
                let rw = CELL_W * wide as f32;
                out.push_str(&format!(
                    "<rect x=\"{px}\" y=\"{py}\" width=\"{rw}\" height=\"{CELL_H}\" fill=\"{bg}\"/>\n"
                ));
            }
            if skip > 0 {
                skip -= 1;
                continue;
            }
            skip = wide - 1;
            if symbol.trim().is_empty() {
                continue;
            }
            let bold = if cell.modifier.contains(Modifier::BOLD) {
                " font-weight=\"bold\""
            } else {
                ""
            };
            out.push_str(&format!(
                "<text x=\"{px}\" y=\"{}\" fill=\"{fg}\"{bold}>{}</text>\n",
                py + CELL_H - 4.0,
                escape(symbol)
            ));
        }
    }
    out.push_str("</svg>\n");
    out
}

fn screenshot(lang: Lang) -> String {
    let mut a = app();
    a.ui.lang = lang;
    a.prepare();
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("terminal");
    let theme = Theme::builtin("dark").expect("theme");
    terminal
        .draw(|f| render(f, &a, &theme, Glyphs::new(false)))
        .expect("draw");
    svg(terminal.backend().buffer())
}

#[test]
fn the_readme_screenshots_are_the_consoles_own_screens() {
    for (lang, name) in [(Lang::En, "console-en.svg"), (Lang::ZhCn, "console-zh-CN.svg")] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("docs/screenshots")
            .join(name);
        let picture = screenshot(lang);
        if std::env::var("UPDATE_SCREENSHOTS").is_ok_and(|v| v == "1") {
            std::fs::create_dir_all(path.parent().expect("dir")).expect("mkdir");
            std::fs::write(&path, &picture).expect("write");
            continue;
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            stored == picture,
            "{} is not the console's screen now: run UPDATE_SCREENSHOTS=1 cargo test --test it screenshots",
            path.display()
        );
    }
}
