//! `citydesk check` lists every problem in a file, not only the first, each
//! as `file:line: message`, and counts them all in its summary; a TOML
//! syntax error, which stops the parser, is one of them with its line.

use citydesk::commands::check::check;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("dir");
    }
    std::fs::write(&path, text).expect("write");
    path
}

/// The problems `check` finds in `files` alone, as (file name, line, message).
fn problems(files: &[PathBuf]) -> Vec<(String, usize, String)> {
    let (_, problems) = check(None, files);
    problems
        .iter()
        .map(|p| {
            let mut parts = p.splitn(3, ':');
            let file = parts.next().unwrap_or_default();
            let name = Path::new(file)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned());
            let line = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
            (
                name.unwrap_or_default(),
                line,
                parts.next().unwrap_or_default().trim().to_owned(),
            )
        })
        .collect()
}

/// (line, what the message must contain) in order.
fn assert_found(found: &[(String, usize, String)], file: &str, want: &[(usize, &str)]) {
    let mine: Vec<&(String, usize, String)> = found.iter().filter(|p| p.0 == file).collect();
    assert_eq!(mine.len(), want.len(), "{file}: {found:#?}");
    for ((_, line, message), (want_line, text)) in mine.iter().zip(want) {
        assert_eq!(line, want_line, "{file}: {message}");
        assert!(message.contains(text), "{file}:{line}: {message} lacks {text:?}");
    }
}

const KEYMAP: &str = r#"[list]
"a" = { run = "acept", desc = "Accept" }
"b" = { run = "next_pane", desc = 5 }
"hyper-x" = { run = "down", desc = "Down" }
"c" = { run = "down", desc = "Down", extra = 1 }

[lst]
"d" = { run = "down", desc = "Down" }
"#;

#[test]
fn a_keymap_with_several_problems_reports_each_with_its_line() {
    let dir = tempfile::tempdir().expect("dir");
    let found = problems(&[write(dir.path(), "keymap.toml", KEYMAP)]);
    assert_found(
        &found,
        "keymap.toml",
        &[
            (2, "unknown action \"acept\""),
            (3, "invalid type: integer `5`, expected a string"),
            (4, "unknown modifier \"hyper\""),
            (5, "unknown field `extra`"),
            (7, "`lst`"),
        ],
    );
}

#[test]
fn a_syntax_error_is_reported_with_its_line_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().expect("dir");
    let text = r#"[list]
"a" = { run = "acept", desc = "Accept" }
"b" = { run = "down", desc = "Down
"c" = { run = "launch_rockets", desc = "Go" }
"e" = { run = "down" desc = "Down" }
"#;
    let found = problems(&[write(dir.path(), "keymap.toml", text)]);
    assert_found(
        &found,
        "keymap.toml",
        &[
            (2, "unknown action \"acept\""),
            (3, "invalid basic string"),
            (4, "unknown action \"launch_rockets\""),
            (5, "missing comma"),
        ],
    );
}

#[test]
fn a_theme_and_a_settings_file_report_every_problem() {
    let dir = tempfile::tempdir().expect("dir");
    let theme = write(
        dir.path(),
        "themes/mine.toml",
        "inherits = \"drk\"\n[roles]\nselection = { fg = \"chartreuse-ish\" }\nclock_red = { fg = 5 }\nbogus = { fg = \"red\" }\n",
    );
    let config = write(
        dir.path(),
        "config.toml",
        "server = 5\ntheme = \"dark\"\nascii = \"yes\"\nlayout = [[\"incidents\", \"nope\"]]\ncolour = \"x\"\n",
    );
    let found = problems(&[theme, config]);
    assert_found(
        &found,
        "mine.toml",
        &[
            (1, "no theme \"drk\""),
            (3, "invalid colour \"chartreuse-ish\""),
            (4, "invalid type: integer `5`"),
            (5, "unknown role `bogus`"),
        ],
    );
    assert_found(
        &found,
        "config.toml",
        &[
            (1, "invalid type: integer `5`"),
            (3, "expected a boolean"),
            (4, "unknown variant `nope`"),
            (5, "unknown field `colour`"),
        ],
    );
}

#[test]
fn the_command_lists_every_problem_and_counts_them_all() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "keymap.toml", KEYMAP);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .arg("check")
        .arg(&file)
        .env("XDG_CONFIG_HOME", dir.path().join("none"))
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let name = file.display().to_string();
    for line in [2, 3, 4, 5, 7] {
        assert!(
            stderr.contains(&format!("{name}:{line}: ")),
            "line {line} missing:\n{stderr}"
        );
    }
    assert!(stderr.contains("5 problem(s) found"), "{stderr}");
}

#[test]
fn the_built_in_outlines_are_checked_and_a_broken_outlines_file_is_named() {
    let dir = tempfile::tempdir().expect("dir");
    let (checked, problems) = check(None, &[]);
    assert!(
        checked.iter().any(|c| c.ends_with("geo/districts.geojson")),
        "{checked:?}"
    );
    assert!(problems.is_empty(), "{problems:?}");
    // Swapped coordinates (lat, lon) put every point outside Jinzhou.
    let swapped = r#"{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"210702","name":"古塔区"},"geometry":{"type":"Polygon","coordinates":[[[41.0,121.0],[41.1,121.0],[41.1,121.1],[41.0,121.0]]]}}]}"#;
    let file = write(dir.path(), "districts.geojson", swapped);
    let found = problems_of(&file);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("districts.geojson:2: district 210702") && found[0].contains("bounding box"),
        "{found:?}"
    );
}

fn problems_of(file: &Path) -> Vec<String> {
    check(None, &[file.to_path_buf()]).1
}

/// The shipped catalogs have the same keys and placeables in both
/// languages and no key the code has stopped using.
#[test]
fn the_shipped_catalogs_agree_with_each_other_and_with_the_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = citydesk::commands::check::catalog_problems(&src);
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A translation given to `check` is compared with the shipped English:
/// a missing key and a dropped placeable are named by file and line.
#[test]
fn a_translation_missing_a_key_or_a_placeable_is_named_by_line() {
    let dir = tempfile::tempdir().expect("dir");
    let en = include_str!("../../locales/en.ftl");
    // Drop one message and the placeable of another.
    let text: String = en
        .lines()
        .filter(|l| !l.starts_with("pane-map ="))
        .map(|l| {
            if l.starts_with("pane-red =") {
                "pane-red = red".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let file = write(dir.path(), "fr.ftl", &text);
    let found = check(None, &[file]).1;
    let line = text
        .lines()
        .position(|l| l == "pane-red = red")
        .map(|i| i + 1)
        .expect("line");
    assert!(
        found
            .iter()
            .any(|p| p.contains("locales/en.ftl:") && p.contains("pane-map is missing from")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|p| p.contains(&format!("fr.ftl:{line}: pane-red has placeables none"))),
        "{found:?}"
    );
    assert_eq!(found.len(), 2, "{found:?}");
}

/// `citydesk check --lang zh-CN`: its own lines and the catalog problems
/// in Chinese, still one `file:line: message` per problem.
#[test]
fn check_speaks_chinese_when_asked_and_keeps_file_and_line() {
    let dir = tempfile::tempdir().expect("dir");
    let file = write(dir.path(), "mine.ftl", "pane-red = 红\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_citydesk"))
        .args(["check", "--lang", "zh-CN"])
        .arg(&file)
        .env("XDG_CONFIG_HOME", dir.path().join("none"))
        .output()
        .expect("run");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("已检查 locales/zh-CN.ftl"), "{stdout}");
    let name = file.display().to_string();
    assert!(
        stderr.contains(&format!(
            "{name}:1: 键 pane-red 的占位符为 无，而 locales/en.ftl:"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("个问题"), "{stderr}");
    assert!(
        !stderr.contains("missing from") && !stderr.contains("problem(s)"),
        "{stderr}"
    );
}
