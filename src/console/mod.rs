//! `citydesk console`: the keyboard console. State and `update` in `app`,
//! pure views in `views`, keys and colours as data in `keymap` and `theme`,
//! I/O only in `effects` and `terminal`.

pub mod action;
pub mod app;
pub mod bench;
pub mod effects;
pub mod keymap;
pub mod mirror;
pub mod msg;
pub mod terminal;
pub mod theme;
pub mod views;

use crate::client::Client;
use crate::client::live::mirror_feed;
use anyhow::{Context, bail};
use app::App;
use keymap::Keymap;
use msg::{Effect, Msg};
use theme::Theme;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

/// Every setting decided (flags over environment over `config.toml` over
/// defaults, by the runner through `crate::config`): the console reads no
/// settings of its own.
#[derive(Debug, Clone)]
pub struct Options {
    pub server: String,
    /// The CA it trusts, and whether plain HTTP may carry the token.
    pub transport: crate::client::Transport,
    pub token: String,
    /// A shipped theme's name or a theme file's path.
    pub theme: String,
    /// A shipped keymap's name.
    pub keymap: String,
    pub ascii: bool,
    /// The language of every word the console shows.
    pub lang: crate::present::i18n::Lang,
    pub layout: Vec<Vec<app::panes::PaneKind>>,
    /// The user's config directory, where `keymap.toml` overrides keys.
    pub config_dir: Option<std::path::PathBuf>,
    /// Where a call half logged is kept when the console quits, and found
    /// again at the next start.
    pub draft: Option<std::path::PathBuf>,
    /// Positions of the city's places for the map; none, no map.
    pub map: Option<std::sync::Arc<crate::model::geo::Layout>>,
    /// Hours of reports the map's heat view counts.
    pub heat_hours: u32,
    /// Warnings the runner had while deciding these (the server's city map
    /// did not load), shown on the status line at start.
    pub notices: Vec<String>,
}

/// The keymap named in settings, with the user's keymap.toml laid over it.
/// A broken user file is reported and skipped: the console still starts.
pub fn load_keymap(
    name: &str,
    dir: Option<&std::path::Path>,
    lang: crate::present::i18n::Lang,
) -> anyhow::Result<(Keymap, Option<String>)> {
    let mut km = Keymap::builtin(name).map_err(|e| anyhow::anyhow!("{}", join(&e)))?;
    let Some(file) = dir.map(|d| d.join("keymap.toml")).filter(|f| f.exists()) else {
        return Ok((km, None));
    };
    let text = std::fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
    let warning = km
        .merge(&file.display().to_string(), &text)
        .err()
        .map(|e| crate::t!(lang, "keymap-ignored", problems = join(&e)));
    if warning.is_some() {
        km = Keymap::builtin(name).map_err(|e| anyhow::anyhow!("{}", join(&e)))?;
    }
    Ok((km, warning))
}

/// The theme named in settings: a shipped name or a file path.
pub fn load_theme(name: &str, no_color: bool) -> anyhow::Result<Theme> {
    if !no_color && (name.ends_with(".toml") || name.contains('/')) {
        let text = std::fs::read_to_string(name).with_context(|| format!("reading theme {name}"))?;
        return Theme::parse(name, &text).map_err(|e| anyhow::anyhow!("{}", join(&e)));
    }
    Theme::choose(name, no_color).map_err(|e| anyhow::anyhow!("{}", join(&e)))
}

fn join<E: std::fmt::Display>(errors: &[E]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

pub async fn run(opts: Options) -> anyhow::Result<()> {
    let Options {
        server,
        token,
        layout,
        transport,
        ..
    } = opts;
    let client = Client::connect(&server, Some(token), &transport)?.with_language(opts.lang.tag());
    let me = match client.me().await {
        Ok(me) => me,
        Err(e) => {
            let refused = e.status() == Some(reqwest::StatusCode::UNAUTHORIZED);
            let (lang, server, error) = (opts.lang, server.as_str(), effects::said(opts.lang, &e));
            bail!(
                "{}",
                if refused {
                    crate::t!(lang, "console-token-refused", server = server, error = error)
                } else {
                    crate::t!(lang, "console-cannot-reach", server = server, error = error)
                }
            )
        }
    };
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = load_theme(&opts.theme, no_color)?;
    let (keymap, warning) = load_keymap(&opts.keymap, opts.config_dir.as_deref(), opts.lang)?;
    let mut app = App::new(
        me.operator,
        client.base().to_owned(),
        keymap,
        layout,
        time::OffsetDateTime::now_utc(),
    );
    app.ui.map.layout = opts.map.clone();
    app.ui.map.heat_hours = Some(opts.heat_hours);
    app.ui.lang = opts.lang;
    for w in warning.iter().chain(&opts.notices) {
        app.say(app::Level::Warning, w.clone());
    }
    restore_draft(&mut app, opts.draft.as_deref());
    let glyphs = views::Glyphs::new(opts.ascii);
    let rt = terminal::Runtime {
        client: client.clone(),
        theme,
        glyphs,
        draft: opts.draft.clone(),
    };
    let (tx, rx) = mpsc::channel::<Msg>(1024);
    let cancel = CancellationToken::new();
    spawn_live(client.clone(), tx.clone(), cancel.clone());
    effects::spawn(Effect::FetchDirectory, client.clone(), tx.clone());
    // Only where there is a map to heat.
    if opts.map.is_some() {
        effects::spawn(Effect::FetchReports(opts.heat_hours), client, tx.clone());
    }
    let mut terminal = ratatui::init();
    let result = terminal::run(&mut terminal, &mut app, &rt, tx, rx).await;
    ratatui::restore();
    cancel.cancel();
    result.context("terminal")
}

/// A call kept when the console last quit opens again, marked; the file
/// is removed once read (it is written again if the console quits again).
fn restore_draft(app: &mut App, path: Option<&std::path::Path>) {
    let Some(path) = path.filter(|p| p.exists()) else {
        return;
    };
    let read = std::fs::read(path).map_err(|e| e.to_string()).and_then(|bytes| {
        serde_json::from_slice::<app::intake::IntakeForm>(&bytes).map_err(|e| e.to_string())
    });
    match read {
        Ok(mut form) => {
            form.state = app::intake::FormState::Editing;
            form.error = Some(crate::t!(app.ui.lang, "form-err-kept"));
            app.ui.intake = Some(form);
            app.ui.mode = app::Mode::Form;
            let _ = std::fs::remove_file(path);
        }
        Err(e) => {
            let text = crate::t!(
                app.ui.lang,
                "desk-draft-unreadable",
                path = path.display().to_string(),
                error = e
            );
            app.say(app::Level::Warning, text);
        }
    }
}

/// The live feed, forwarded into the console's message channel.
pub fn spawn_live(client: Client, tx: mpsc::Sender<Msg>, cancel: CancellationToken) {
    let (live_tx, mut live_rx) = mpsc::channel(1024);
    tokio::spawn(mirror_feed(client, live_tx, cancel));
    tokio::spawn(async move {
        while let Some(update) = live_rx.recv().await {
            if tx.send(Msg::Live(update)).await.is_err() {
                return;
            }
        }
    });
}
