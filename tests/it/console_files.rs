//! Keymap, theme and settings files: every shipped one loads, broken ones
//! fail naming file and line, and user files override key by key.

use citydesk::commands::check::check;
use citydesk::console::action::Action;
use citydesk::console::app::panes::PaneKind;
use citydesk::console::keymap::{Context, Key, Keymap, Lookup};
use citydesk::console::theme::{BUILTIN, Role, Theme};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid")
        .join(name)
}

fn keys(s: &str) -> Vec<Key> {
    s.split_whitespace()
        .map(|k| Key::parse(k).expect("key"))
        .collect()
}

#[test]
fn every_shipped_keymap_and_theme_loads() {
    for name in ["default", "vim"] {
        let km = Keymap::builtin(name).expect(name);
        assert!(!km.bindings(Context::List).is_empty());
        for ctx in Context::ALL {
            for b in km.bindings(ctx) {
                assert!(!b.desc.is_empty(), "{name}: {:?} has no description", b.keys);
            }
        }
    }
    for (name, _) in BUILTIN {
        Theme::builtin(name).expect(name);
    }
    let (checked, problems) = check(None, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    // Two keymaps, the themes, the two catalogs and the district outlines.
    assert_eq!(checked.len(), 2 + BUILTIN.len() + 2 + 1);
}

#[test]
fn an_unknown_action_in_a_keymap_names_file_and_line() {
    let text = std::fs::read_to_string(fixture("keymap_unknown_action.toml")).expect("fixture");
    let err = Keymap::parse("keymap_unknown_action.toml", &text).expect_err("invalid");
    let msg = err[0].to_string();
    assert!(msg.starts_with("keymap_unknown_action.toml:3:"), "{msg}");
    assert!(msg.contains("unknown action \"launch_rockets\""), "{msg}");
}

#[test]
fn broken_files_fail_check_with_their_location() {
    let files: Vec<PathBuf> = [
        "keymap_unknown_action.toml",
        "keymap_bad_key.toml",
        "theme_bad_colour.toml",
        "theme_unknown_role.toml",
    ]
    .iter()
    .map(|f| fixture(f))
    .collect();
    let (_, problems) = check(None, &files);
    assert_eq!(problems.len(), 4, "{problems:#?}");
    let expect = [
        (
            "keymap_unknown_action.toml:3:",
            "unknown action \"launch_rockets\"",
        ),
        ("keymap_bad_key.toml:2:", "unknown modifier \"hyper\""),
        ("theme_bad_colour.toml:3:", "invalid colour \"chartreuse-ish\""),
        ("theme_unknown_role.toml:3:", "unknown role"),
    ];
    for ((location, text), problem) in expect.iter().zip(&problems) {
        assert!(problem.contains(location) && problem.contains(text), "{problem}");
    }
}

#[test]
fn check_command_exits_1_and_lists_every_problem() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .arg("check")
        .arg(fixture("theme_bad_colour.toml"))
        .arg(fixture("keymap_bad_key.toml"))
        .env("XDG_CONFIG_HOME", tempfile::tempdir().expect("dir").path())
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("theme_bad_colour.toml:3:") && stderr.contains("keymap_bad_key.toml:2:"),
        "{stderr}"
    );
}

#[test]
fn a_user_keymap_overrides_one_key_and_keeps_the_rest() {
    let mut km = Keymap::builtin("default").expect("default");
    let user = r#"
[list]
"j" = { run = "bottom", desc = "Jump to the end" }
"k" = { run = "none" }
"#;
    km.merge("keymap.toml", user).expect("user keymap");
    assert_eq!(
        km.lookup(Context::List, &keys("j")),
        Lookup::Matched(Action::Bottom)
    );
    assert_eq!(km.lookup(Context::List, &keys("k")), Lookup::NotFound);
    assert_eq!(
        km.lookup(Context::List, &keys("down")),
        Lookup::Matched(Action::Down)
    );
    assert_eq!(
        km.lookup(Context::List, &keys("a")),
        Lookup::Matched(Action::verb(citydesk::model::ActionName::Accept, "")),
        "global still applies"
    );
}

#[test]
fn sequences_wait_for_their_second_key() {
    let km = Keymap::builtin("vim").expect("vim");
    assert_eq!(km.lookup(Context::List, &keys("g")), Lookup::Pending);
    assert_eq!(
        km.lookup(Context::List, &keys("g g")),
        Lookup::Matched(Action::Top)
    );
    assert_eq!(
        km.lookup(Context::List, &keys("f d")),
        Lookup::Matched(Action::FilterDistrict)
    );
    // The input line never falls back to global keys: `a` types, it does not accept.
    assert_eq!(km.lookup(Context::Input, &keys("a")), Lookup::NotFound);
}

#[test]
fn default_keys_leave_terminal_and_multiplexer_keys_alone() {
    let km = Keymap::builtin("vim").expect("vim");
    for ctx in Context::ALL {
        for b in km.bindings(ctx) {
            for k in &b.keys {
                let banned = [
                    "ctrl-b", "ctrl-a", "ctrl-c", "ctrl-z", "ctrl-s", "ctrl-q", "ctrl-\\",
                ];
                assert!(!banned.contains(&k.as_str()), "{ctx:?} binds {k}");
            }
        }
    }
}

#[test]
fn themes_fall_back_to_general_roles_and_mono_has_no_colour() {
    let partial = Theme::parse("t.toml", "[roles]\nerror = { fg = \"red\", bold = true }\n").expect("theme");
    assert_eq!(partial.style(Role::ClockRed), partial.style(Role::Error));
    let mono = Theme::choose("dark", true).expect("mono");
    for role in Role::ALL {
        let s = mono.style(*role);
        assert!(
            s.fg.is_none() && s.bg.is_none(),
            "{role:?} has a colour under NO_COLOR"
        );
    }
}

#[test]
fn a_broken_settings_file_names_its_line() {
    let text = "server = \"http://x\"\ncolour = \"loud\"\n";
    let err =
        citydesk::config::parse::<PaneKind>(std::path::Path::new("config.toml"), text).expect_err("bad");
    assert_eq!(err.line, 2, "{err}");
    citydesk::config::parse::<PaneKind>(std::path::Path::new("c.toml"), citydesk::config::EXAMPLE)
        .expect("the example parses");
}
