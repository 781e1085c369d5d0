//! Property tests over what arrives from outside: the shipped keymap,
//! theme, policy, city and settings files mutated at random (cut, spliced,
//! lines doubled, bytes changed), request bodies mutated the same way, and
//! query strings with extreme values against a real server. Nothing may
//! panic, a file's errors point at lines it has, and the server answers
//! every request with less than 500.
//!
//! The default run is bounded (a few hundred cases per input); for a long
//! one: `PROPTEST_CASES=20000 cargo test --test it fuzz::`.

use crate::common::TestServer;
use citydesk::model::Role;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// One random edit of `text`, kept valid UTF-8.
#[derive(Debug, Clone)]
enum Edit {
    Cut(usize, usize),
    Insert(usize, String),
    DoubleLine(usize),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let junk = prop_oneof![
        Just("=".to_owned()),
        Just("\"".to_owned()),
        Just("[".to_owned()),
        Just("]]".to_owned()),
        Just("\n[roles]\n".to_owned()),
        Just("{".to_owned()),
        Just("-9999999999999999999".to_owned()),
        Just("1e400".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{0}".to_owned()),
        "\\PC{0,12}",
    ];
    prop_oneof![
        (any::<usize>(), 0usize..64).prop_map(|(a, n)| Edit::Cut(a, n)),
        (any::<usize>(), junk).prop_map(|(a, s)| Edit::Insert(a, s)),
        any::<usize>().prop_map(Edit::DoubleLine),
        (any::<usize>(), any::<char>()).prop_map(|(a, c)| Edit::Replace(a, c)),
    ]
}

/// The char boundary at or before `at % len`.
fn boundary(text: &str, at: usize) -> usize {
    let mut i = at % (text.len() + 1);
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut s = text.to_owned();
    for e in edits {
        match e {
            Edit::Cut(a, n) => {
                let from = boundary(&s, *a);
                let to = boundary(&s, from + n).max(from);
                s.replace_range(from..to, "");
            }
            Edit::Insert(a, junk) => {
                let at = boundary(&s, *a);
                s.insert_str(at, junk);
            }
            Edit::DoubleLine(a) => {
                let lines: Vec<&str> = s.lines().collect();
                if !lines.is_empty() {
                    let i = a % lines.len();
                    let mut out: Vec<&str> = lines[..=i].to_vec();
                    out.extend_from_slice(&lines[i..]);
                    s = out.join("\n");
                }
            }
            Edit::Replace(a, c) => {
                let at = boundary(&s, *a);
                if let Some(old) = s[at..].chars().next() {
                    s.replace_range(at..at + old.len_utf8(), &c.to_string());
                }
            }
        }
    }
    s
}

fn runner(cases: u32) -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(cases);
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    })
}

fn file(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).expect("shipped file")
}

/// `parse` on every mutation of `text`: no panic, and every error's line
/// is one the text has.
fn files_never_panic(text: &str, parse: impl Fn(&str) -> Vec<usize>) {
    let lines = |s: &str| s.lines().count().max(1) + 1;
    runner(300)
        .run(&proptest::collection::vec(edit(), 1..6), |edits| {
            let mutated = apply(text, &edits);
            for line in parse(&mutated) {
                prop_assert!(line >= 1 && line <= lines(&mutated), "line {line} of\n{mutated}");
            }
            Ok(())
        })
        .expect("no panic, lines in the file");
}

#[test]
fn keymap_files_never_panic() {
    use citydesk::console::keymap::Keymap;
    files_never_panic(&file("keymaps/default.toml"), |t| {
        match Keymap::parse("k.toml", t) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.iter().map(|e| e.line).collect(),
        }
    });
}

#[test]
fn theme_files_never_panic() {
    use citydesk::console::theme::Theme;
    files_never_panic(&file("themes/light.toml"), |t| match Theme::parse("t.toml", t) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.iter().map(|e| e.line).collect(),
    });
}

#[test]
fn policy_files_never_panic() {
    let city = citydesk::data::default_city();
    files_never_panic(&file("data/policy.toml"), |t| {
        let src = citydesk::data::Source {
            file: "policy.toml".into(),
            text: t.into(),
        };
        // Errors carry their line in the message (`file:line: …`).
        match citydesk::data::policy::from_source(&src, &city) {
            Ok(_) => Vec::new(),
            Err(e) => line_in(&e.to_string()).into_iter().collect(),
        }
    });
}

#[test]
fn city_files_never_panic() {
    let departments = file("data/departments.toml");
    let geography = file("data/geography.toml");
    files_never_panic(&file("data/taxonomy.toml"), |t| {
        let src = |file: &str, text: &str| citydesk::data::Source {
            file: file.into(),
            text: text.into(),
        };
        match citydesk::data::from_sources(
            &src("departments.toml", &departments),
            &src("taxonomy.toml", t),
            &src("geography.toml", &geography),
        ) {
            Ok(_) => Vec::new(),
            Err(e) => line_in(&e.to_string()).into_iter().collect(),
        }
    });
}

#[test]
fn settings_files_never_panic() {
    use citydesk::console::app::panes::PaneKind;
    let text = "server = \"http://127.0.0.1:7878\"\ntheme = \"dark\"\nascii = false\nlayout = [[\"incidents\", \"escalations\"], [\"alerts\", \"tickets\"]]\n";
    files_never_panic(text, |t| {
        match citydesk::config::parse::<PaneKind>(std::path::Path::new("c.toml"), t) {
            Ok(_) => Vec::new(),
            Err(e) => line_in(&e.to_string()).into_iter().collect(),
        }
    });
}

/// The line of a `file:line: message` error, if it names one.
fn line_in(message: &str) -> Option<usize> {
    message.split(':').nth(1).and_then(|n| n.trim().parse().ok())
}

/// Mutated request bodies for creating and acting on items, and query
/// strings with extreme values: every answer is below 500.
#[tokio::test(flavor = "multi_thread")]
async fn the_server_answers_mutated_requests_without_a_5xx() {
    let server = TestServer::start().await;
    let fuzz = server.client("fuzz", Role::Dispatcher).await;
    let token = fuzz.token().expect("token").to_owned();
    let http = crate::common::http();
    let base = server.url();
    let item = crate::common::new_ticket(&server.client("seed", Role::Dispatcher).await, "断电").await;
    let create = serde_json::to_string(&crate::common::ticket("断电 古塔区")).expect("json");
    let act = format!(
        r#"{{"action":"note","text":"n","expected_version":{}}}"#,
        item.version
    );
    let bodies = [
        (format!("{base}/v1/items"), create),
        (format!("{base}/v1/items/{}/actions", item.id), act),
    ];
    // The cases are drawn first, then sent: the runner's closure is not async.
    let cases = std::cell::RefCell::new(Vec::new());
    runner(150)
        .run(
            &(0..bodies.len(), proptest::collection::vec(edit(), 1..5)),
            |(which, edits)| {
                cases.borrow_mut().push((which, edits));
                Ok(())
            },
        )
        .expect("cases");
    for (which, edits) in cases.into_inner() {
        let (url, body) = &bodies[which];
        let body = apply(body, &edits);
        let answer = http
            .post(url)
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .expect("an answer");
        assert!(
            answer.status().as_u16() < 500,
            "{url} answered {} to {body:?}",
            answer.status()
        );
    }
    for query in [
        "/v1/stats?window=-9999-01-01..-9999-01-01",
        "/v1/stats?window=9999-12-31..9999-12-31",
        "/v1/stats?window=2026-01-01..1970-01-01",
        "/v1/stats?window=week&unit=1e400",
        "/v1/snapshot?limit=18446744073709551616",
        "/v1/snapshot?after=-1",
        "/v1/items/INC-99999999999999999999",
        "/v1/items/%E2%80%AE",
        "/v1/stream?since=18446744073709551615",
    ] {
        let answer = http
            .get(format!("{base}{query}"))
            .bearer_auth(&token)
            .timeout(std::time::Duration::from_secs(5))
            .send()
            .await;
        if let Ok(answer) = answer {
            assert!(
                answer.status().as_u16() < 500,
                "{query} answered {}",
                answer.status()
            );
        }
    }
    let health = server.client("after", Role::Dispatcher).await.health().await;
    assert!(health.is_ok(), "the server is still up");
}
