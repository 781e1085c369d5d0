//! The dependency direction of design §3, checked on the source: a layer
//! that imports what it must not fails here.

use std::path::Path;

/// (layer, crate modules it may import).
const RULES: &[(&str, &[&str])] = &[
    ("model", &["model"]),
    ("api", &["api", "model"]),
    ("data", &["data", "model"]),
    ("store", &["store", "model"]),
    ("client", &["client", "api", "model"]),
    // What a human reads: no server, store, console or tail.
    ("present", &["present", "api", "model"]),
    // The server's default city is the built-in data.
    ("server", &["server", "store", "api", "model", "data"]),
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn layers_import_only_what_design_allows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for (layer, allowed) in RULES {
        let mut files = Vec::new();
        rust_files(&src.join(layer), &mut files);
        assert!(!files.is_empty(), "no files in src/{layer}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("read");
            for (n, line) in text.lines().enumerate() {
                for (i, _) in line.match_indices("crate::") {
                    let rest = &line[i + "crate::".len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !module.is_empty() && !allowed.contains(&module.as_str()) {
                        violations.push(format!(
                            "{}:{}: {layer} imports crate::{module}",
                            file.display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn model_does_no_io_and_no_async() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/model"),
        &mut files,
    );
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for banned in [
            "tokio", "std::fs", "std::net", "async fn", "reqwest", "rusqlite", "axum", "now_utc",
        ] {
            assert!(!text.contains(banned), "{} uses {banned}", file.display());
        }
    }
}
