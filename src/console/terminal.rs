//! The terminal runtime: one loop that drains every pending message, runs
//! `update`, starts effects, and draws once — only when something changed.

use super::app::{App, update};
use super::effects;
use super::keymap::Key;
use super::msg::{Effect, Msg};
use super::theme::Theme;
use super::views::{Glyphs, render};
use crate::client::Client;
use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use std::time::Duration;
use tokio::sync::mpsc;

/// Everything the loop needs besides the app.
pub struct Runtime {
    pub client: Client,
    pub theme: Theme,
    pub glyphs: Glyphs,
    /// Where a call half logged is kept when the console quits.
    pub draft: Option<std::path::PathBuf>,
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// Terminal events as messages, on their own task.
fn spawn_input(tx: mpsc::Sender<Msg>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(Ok(ev)) = events.next().await {
            let msg = match ev {
                // Ctrl-C always quits, whatever the keymap says: in raw mode
                // it is a key, not a signal, and people reach for it.
                TermEvent::Key(k) if is_ctrl_c(&k) => Some(Msg::Interrupt),
                TermEvent::Key(k) if k.kind != KeyEventKind::Release => Key::from_event(&k).map(Msg::Key),
                TermEvent::Resize(..) => Some(Msg::Resize),
                _ => None,
            };
            if let Some(msg) = msg
                && tx.send(msg).await.is_err()
            {
                return;
            }
        }
    })
}

fn is_ctrl_c(k: &crossterm::event::KeyEvent) -> bool {
    k.code == crossterm::event::KeyCode::Char('c')
        && k.modifiers.contains(crossterm::event::KeyModifiers::CONTROL)
}

async fn terminate() {
    #[cfg(unix)]
    if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        s.recv().await;
        return;
    }
    std::future::pending::<()>().await;
}

/// Runs until the user quits or SIGTERM; the terminal is restored by the
/// caller (and by ratatui's panic hook on a panic).
pub async fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    rt: &Runtime,
    tx: mpsc::Sender<Msg>,
    mut rx: mpsc::Receiver<Msg>,
) -> std::io::Result<()> {
    let mut input = spawn_input(tx.clone());
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let sigterm = terminate();
    tokio::pin!(sigterm);
    loop {
        let first = tokio::select! {
            m = rx.recv() => match m { Some(m) => m, None => return Ok(()) },
            _ = tick.tick() => Msg::Tick(now()),
            () = &mut sigterm => return Ok(()),
        };
        let mut batch = vec![first];
        while let Ok(m) = rx.try_recv() {
            batch.push(m);
        }
        for msg in batch {
            for effect in update(app, msg) {
                match effect {
                    Effect::EditNote { id, version } => {
                        input.abort();
                        let text = edit_in_editor(terminal)?;
                        input = spawn_input(tx.clone());
                        let _ = tx.send(Msg::NoteWritten { id, version, text }).await;
                    }
                    Effect::KeepDraft(form) => keep_draft(rt.draft.as_deref(), &form),
                    Effect::Quit => {}
                    other => effects::spawn(other, rt.client.clone(), tx.clone()),
                }
            }
        }
        if app.quit {
            return Ok(());
        }
        if app.dirty {
            app.prepare();
            let area = terminal.size()?;
            app.ui.page = usize::from(area.height.saturating_sub(6) / 2).max(1);
            app.ui.map.size = crate::console::views::map::size(app, area.into());
            terminal.draw(|f| render(f, app, &rt.theme, rt.glyphs))?;
            app.dirty = false;
        }
    }
}

/// Leaves the screen to `$EDITOR` (or `vi`) on a temporary file and comes
/// back; `None` when the note was left empty.
fn edit_in_editor(terminal: &mut DefaultTerminal) -> std::io::Result<Option<String>> {
    let path = std::env::temp_dir().join(format!("citydesk-note-{}.txt", std::process::id()));
    std::fs::write(&path, "")?;
    ratatui::restore();
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&path)
        .status();
    *terminal = ratatui::init();
    terminal.clear()?;
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let _ = std::fs::remove_file(&path);
    Ok(status
        .ok()
        .filter(|s| s.success())
        .and(Some(text.trim().to_owned()))
        .filter(|t| !t.is_empty()))
}

/// Writes the draft before the process ends (an effect on a task might not
/// finish in time). A failure is logged: the console is quitting anyway.
fn keep_draft(path: Option<&std::path::Path>, form: &crate::console::app::intake::IntakeForm) {
    let Some(path) = path else {
        tracing::warn!("no data directory: the call being logged was not kept");
        return;
    };
    let written = serde_json::to_vec_pretty(form)
        .map_err(std::io::Error::other)
        .and_then(|json| {
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(path, json)
        });
    if let Err(e) = written {
        tracing::warn!(error = %e, path = %path.display(), "could not keep the call being logged");
    }
}
