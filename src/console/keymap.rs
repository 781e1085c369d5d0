//! Keymaps as data: `keymaps/*.toml` with a section per context, each
//! binding `"keys" = { run = "action", desc = "…" }`, where the action is a
//! console action or a server verb with its words (see `action.rs`). Sequences are
//! space-separated (`"g g"`). A user file overrides the shipped one key by
//! key; `run = "none"` removes a binding.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

pub const DEFAULT: &str = include_str!("../../keymaps/default.toml");
pub const VIM: &str = include_str!("../../keymaps/vim.toml");

/// Where keys are looked up; `global` is tried after the specific one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Global,
    List,
    Detail,
    /// The command and filter input lines.
    Input,
    Confirm,
    /// The intake form, while it has the keyboard.
    Form,
    /// The `?` help: scrolling and searching it.
    Help,
    /// A picker (departments, cards …): typing filters, so only named keys.
    Picker,
    /// The city map: moving and zooming; the list's keys apply below it.
    Map,
}

impl Context {
    /// Where a key is looked up, in order: the map falls back on the
    /// list's keys (filters, enter, marks) and then the global ones; the
    /// input line, confirmations, the form and the picker on nothing.
    pub fn chain(self) -> &'static [Context] {
        match self {
            Context::Input => &[Context::Input],
            Context::Confirm => &[Context::Confirm],
            Context::Form => &[Context::Form],
            Context::Picker => &[Context::Picker],
            Context::Global => &[Context::Global],
            Context::List => &[Context::List, Context::Global],
            Context::Detail => &[Context::Detail, Context::Global],
            Context::Help => &[Context::Help, Context::Global],
            Context::Map => &[Context::Map, Context::List, Context::Global],
        }
    }

    pub const ALL: [Context; 9] = [
        Context::Global,
        Context::List,
        Context::Detail,
        Context::Input,
        Context::Confirm,
        Context::Form,
        Context::Help,
        Context::Picker,
        Context::Map,
    ];
}

/// One key press, normalised: `ctrl-a`, `enter`, `G`, `?`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(String);

impl Key {
    pub fn parse(s: &str) -> Result<Key, String> {
        let (mods, base) = match s.rsplit_once('-') {
            Some((m, b)) if !b.is_empty() && !m.is_empty() => (m, b),
            _ => ("", s),
        };
        let mut prefix = String::new();
        for m in mods.split('-').filter(|m| !m.is_empty()) {
            match m {
                "ctrl" | "alt" | "shift" => {
                    prefix.push_str(m);
                    prefix.push('-');
                }
                other => return Err(format!("unknown modifier {other:?} in {s:?}")),
            }
        }
        let named = [
            "enter",
            "esc",
            "tab",
            "backtab",
            "space",
            "backspace",
            "delete",
            "up",
            "down",
            "left",
            "right",
            "home",
            "end",
            "pageup",
            "pagedown",
        ];
        let single = base.chars().count() == 1;
        let function = base
            .strip_prefix('f')
            .and_then(|n| n.parse::<u8>().ok())
            .is_some_and(|n| (1..=12).contains(&n));
        if !(single || function || named.contains(&base)) {
            return Err(format!("unknown key {base:?} in {s:?}"));
        }
        Ok(Key(format!("{prefix}{base}")))
    }

    /// The key a terminal event stands for.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let base = match ev.code {
            KeyCode::Char(' ') => "space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "enter".into(),
            KeyCode::Esc => "esc".into(),
            KeyCode::Tab => "tab".into(),
            KeyCode::BackTab => "backtab".into(),
            KeyCode::Backspace => "backspace".into(),
            KeyCode::Delete => "delete".into(),
            KeyCode::Up => "up".into(),
            KeyCode::Down => "down".into(),
            KeyCode::Left => "left".into(),
            KeyCode::Right => "right".into(),
            KeyCode::Home => "home".into(),
            KeyCode::End => "end".into(),
            KeyCode::PageUp => "pageup".into(),
            KeyCode::PageDown => "pagedown".into(),
            KeyCode::F(n) => format!("f{n}"),
            _ => return None,
        };
        let mut prefix = String::new();
        if ev.modifiers.contains(KeyModifiers::CONTROL) {
            prefix.push_str("ctrl-");
        }
        if ev.modifiers.contains(KeyModifiers::ALT) {
            prefix.push_str("alt-");
        }
        // Shift is already in the character for printable keys (`G`).
        let printable = matches!(ev.code, KeyCode::Char(_));
        if ev.modifiers.contains(KeyModifiers::SHIFT) && !printable && ev.code != KeyCode::BackTab {
            prefix.push_str("shift-");
        }
        Some(Key(format!("{prefix}{base}")))
    }

    /// The character this key types into an input line, if any.
    pub fn char(&self) -> Option<char> {
        if self.0 == "space" {
            return Some(' ');
        }
        let mut chars = self.0.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One binding as the help overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub desc: String,
    /// The description in Chinese; empty where the file gives none.
    pub desc_zh: String,
}

impl Binding {
    /// The description in `lang`: Chinese where the file has one, else
    /// `desc` (a user's file may write that in either language).
    pub fn desc_in(&self, lang: crate::present::i18n::Lang) -> &str {
        match lang {
            crate::present::i18n::Lang::ZhCn if !self.desc_zh.is_empty() => &self.desc_zh,
            _ => &self.desc,
        }
    }
}

/// The result of looking up the keys pressed so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Matched(Action),
    /// A prefix of a longer sequence: wait for more.
    Pending,
    NotFound,
}

/// All bindings, per context.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keymap {
    contexts: BTreeMap<Context, Vec<Binding>>,
}

/// A problem in a keymap file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct KeymapError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBinding {
    /// An action name, or `none` to remove the binding.
    run: String,
    #[serde(default)]
    desc: String,
    #[serde(default)]
    desc_zh: String,
}

/// `None` for `run = "none"`.
fn action_named(run: &str) -> Result<Option<Action>, String> {
    if run == "none" {
        return Ok(None);
    }
    Action::parse(run).map(Some)
}

type RawFile = BTreeMap<Context, BTreeMap<String, toml::Spanned<RawBinding>>>;

pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Keymap {
    /// Parses one keymap file. Every problem is reported, not just the first.
    pub fn parse(file: &str, text: &str) -> Result<Keymap, Vec<KeymapError>> {
        let mut km = Keymap::default();
        km.merge(file, text)?;
        Ok(km)
    }

    /// Lays `text` over this keymap, key by key.
    pub fn merge(&mut self, file: &str, text: &str) -> Result<(), Vec<KeymapError>> {
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            let message = e
                .message()
                .replace("unknown variant", "unknown action or context");
            vec![KeymapError {
                file: file.into(),
                line,
                message,
            }]
        })?;
        let mut errors = Vec::new();
        for (context, bindings) in raw {
            for (keys, spanned) in bindings {
                let line = line_of(text, spanned.span().start);
                let parsed: Result<Vec<Key>, String> = keys.split_whitespace().map(Key::parse).collect();
                let b = spanned.into_inner();
                let message = match (parsed, action_named(&b.run)) {
                    (Ok(seq), Ok(action)) if !seq.is_empty() => {
                        self.bind(context, seq, action, b.desc, b.desc_zh);
                        continue;
                    }
                    (Ok(_), Ok(_)) => "empty key".to_owned(),
                    (Err(message), _) | (_, Err(message)) => message,
                };
                errors.push(KeymapError {
                    file: file.into(),
                    line,
                    message,
                });
            }
        }
        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }

    fn bind(
        &mut self,
        context: Context,
        keys: Vec<Key>,
        action: Option<Action>,
        desc: String,
        desc_zh: String,
    ) {
        let list = self.contexts.entry(context).or_default();
        list.retain(|b| b.keys != keys);
        if let Some(action) = action {
            list.push(Binding {
                keys,
                action,
                desc,
                desc_zh,
            });
        }
    }

    /// Looks up `pressed` in `context`, then in `global` — except in the
    /// input line and confirmations, where keys must type or answer, not act.
    pub fn lookup(&self, context: Context, pressed: &[Key]) -> Lookup {
        let mut pending = false;
        for &ctx in context.chain() {
            for b in self.contexts.get(&ctx).into_iter().flatten() {
                if b.keys == pressed {
                    return Lookup::Matched(b.action.clone());
                }
                if b.keys.len() > pressed.len() && b.keys.starts_with(pressed) {
                    pending = true;
                }
            }
        }
        if pending {
            Lookup::Pending
        } else {
            Lookup::NotFound
        }
    }

    /// The bindings that continue `pressed` in `context` (and global, where
    /// it applies), each with its next key: what a pending prefix such as
    /// `f` can still become, for the which-key hint.
    pub fn continuations(&self, context: Context, pressed: &[Key]) -> Vec<(&Key, &Binding)> {
        let mut out: Vec<(&Key, &Binding)> = Vec::new();
        for b in context.chain().iter().flat_map(|c| self.bindings(*c)) {
            if b.keys.len() > pressed.len()
                && b.keys.starts_with(pressed)
                && !out.iter().any(|(k, _)| **k == b.keys[pressed.len()])
            {
                out.push((&b.keys[pressed.len()], b));
            }
        }
        out
    }

    pub fn bindings(&self, context: Context) -> &[Binding] {
        self.contexts.get(&context).map_or(&[], Vec::as_slice)
    }

    /// The first key sequence bound to `action` in `context` or global, for
    /// hints (`a accept`).
    pub fn key_for(&self, context: Context, action: &Action) -> Option<String> {
        // Hints name global keys in the input line too.
        let mut chain = context.chain().to_vec();
        if !chain.contains(&Context::Global) {
            chain.push(Context::Global);
        }
        chain
            .iter()
            .flat_map(|c| self.bindings(*c))
            .find(|b| b.action == *action)
            .map(|b| b.keys.iter().map(Key::as_str).collect::<Vec<_>>().join(" "))
    }

    /// The shipped keymap by name: `default`, or `vim` (laid over default).
    pub fn builtin(name: &str) -> Result<Keymap, Vec<KeymapError>> {
        let mut km = Keymap::parse("keymaps/default.toml", DEFAULT)?;
        match name {
            "default" => {}
            "vim" => km.merge("keymaps/vim.toml", VIM)?,
            other => {
                return Err(vec![KeymapError {
                    file: "config".into(),
                    line: 1,
                    message: format!("no shipped keymap {other:?}; use default or vim"),
                }]);
            }
        }
        Ok(km)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::present::i18n::Lang;

    /// A Chinese description for every shipped binding, and English ones
    /// free of Chinese: each language reads whole.
    #[test]
    fn every_shipped_binding_is_described_in_both_languages() {
        let km = Keymap::builtin("vim").expect("shipped keymaps parse");
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for ctx in Context::ALL {
            for b in km.bindings(ctx) {
                assert!(!cjk(b.desc_in(Lang::En)), "{ctx:?} {:?}: {}", b.keys, b.desc);
                assert!(cjk(b.desc_in(Lang::ZhCn)), "{ctx:?} {:?} has no desc_zh", b.keys);
            }
        }
    }

    #[test]
    fn a_users_description_without_desc_zh_shows_in_both_languages() {
        let km = Keymap::parse(
            "keymap.toml",
            "[list]\n\"x\" = { run = \"zoom\", desc = \"放大\" }\n",
        )
        .expect("parses");
        let b = &km.bindings(Context::List)[0];
        assert_eq!(b.desc_in(Lang::En), "放大");
        assert_eq!(b.desc_in(Lang::ZhCn), "放大");
    }
}
