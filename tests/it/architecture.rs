//! The dependency direction of design §3, checked on the source: a layer
//! that imports what it must not fails here, and so does an import loop
//! between modules (between top-level modules, and between the files of
//! `model` and of `console`, where one concept per file is the rule).
//!
//! The source is read as text: `use` trees are expanded (`a::{b, c::d}`),
//! `crate::`, `super::` and `self::` paths in code are followed, and a
//! name re-exported by a `mod.rs` (`pub use item::Place`) counts as an
//! import of the file that defines it. Comments and test code (from a
//! file's first `#[cfg(test)]` on, and `tests.rs` files) are left out: a
//! test may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// (layer, crate modules it may import).
const RULES: &[(&str, &[&str])] = &[
    ("model", &["model"]),
    ("api", &["api", "model"]),
    ("data", &["data", "model"]),
    ("store", &["store", "model"]),
    ("client", &["client", "api", "model"]),
    // What a human reads: no server, store, console or tail.
    ("present", &["present", "api", "model"]),
    // The server's default city is the built-in data; error messages in
    // the caller's language come from `present`'s catalogs.
    (
        "server",
        &[
            "server", "store", "api", "model", "data", "ingest", "open311", "present",
        ],
    ),
    // What a human reads is built in `present`, shared with tail.
    ("console", &["console", "client", "api", "model", "present"]),
    ("tail", &["tail", "client", "api", "model", "present"]),
    ("sim", &["sim", "client", "api", "model"]),
    // Standards in: parsers and mappers, pure like the model.
    ("ingest", &["ingest", "model"]),
    // Open311 formats and mappings are pure: the server and the ingest runner wrap them.
    ("open311", &["open311", "model"]),
];

/// Top-level modules whose files are nodes of their own in the loop check.
const BY_FILE: &[&str] = &["model", "console"];

/// Import edges (from, to) that close a loop still being taken apart;
/// the loop check ignores them. Each entry is one edge of a known loop:
/// delete the entries of a loop once it is gone (the test says when an
/// entry no longer matches any import).
const ALLOWED_LOOP_EDGES: &[(&str, &str)] = &[];

type Module = Vec<String>;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/console/app/act.rs` → `console::app::act`; `mod.rs` names its folder.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Module = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and without its tests.
fn code_of(text: &str) -> String {
    let mut code = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let line = match line.find("//") {
            // Keep `"http://…"`: a `//` inside a string is not a comment.
            Some(i) if line[..i].matches('"').count() % 2 == 0 => &line[..i],
            _ => line,
        };
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// Splits `a, b::{c, d}, e` at its top-level commas.
fn split_top(s: &str) -> Vec<&str> {
    let (mut depth, mut start, mut out) = (0, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Expands a use tree into (path, name it is bound to).
fn expand(prefix: &[String], tree: &str, out: &mut Vec<(Vec<String>, String)>) {
    let tree = tree.trim();
    if tree.is_empty() {
        return;
    }
    if let Some(inner) = tree.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        for part in split_top(inner) {
            expand(prefix, part, out);
        }
        return;
    }
    if let Some((head, rest)) = tree.split_once("::")
        && !head.contains('{')
    {
        let mut p = prefix.to_vec();
        p.push(head.trim().to_owned());
        expand(&p, rest, out);
        return;
    }
    let (name, alias) = match tree.split_once(" as ") {
        Some((n, a)) => (n.trim(), a.trim()),
        None => (tree, tree),
    };
    let mut path = prefix.to_vec();
    match name {
        "self" => {
            let bound = if alias == "self" {
                path.last().cloned().unwrap_or_default()
            } else {
                alias.to_owned()
            };
            out.push((path, bound));
        }
        "*" => out.push((path, "*".into())),
        _ => {
            path.push(name.to_owned());
            out.push((path, alias.to_owned()));
        }
    }
}

/// One file's imports: `use` trees (with whether they are `pub`) and the
/// paths written in its code.
struct Imports {
    uses: Vec<(bool, Vec<String>, String)>,
    paths: Vec<Vec<String>>,
}

fn imports_of(code: &str) -> Imports {
    let mut uses = Vec::new();
    let mut rest = String::new();
    let mut text = code;
    while let Some(i) = find_use(text) {
        rest.push_str(&text[..i]);
        let start = &text[i..];
        let end = start.find(';').unwrap_or(start.len());
        let stmt = &start[..end];
        let is_pub = stmt.starts_with("pub");
        let tree: String = stmt[stmt.find("use ").expect("use") + 4..]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let mut expanded = Vec::new();
        expand(
            &[],
            &tree.replace(":: ", "::").replace(" ::", "::"),
            &mut expanded,
        );
        uses.extend(expanded.into_iter().map(|(p, n)| (is_pub, p, n)));
        text = &start[end.min(start.len())..];
    }
    rest.push_str(text);
    let mut paths = Vec::new();
    for anchor in ["crate::", "super::", "self::"] {
        for (i, _) in rest.match_indices(anchor) {
            let before = rest[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let path: String = rest[i..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segs: Vec<String> = path
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            paths.push(segs);
        }
    }
    Imports { uses, paths }
}

/// Where the next `use` statement starts (after `pub`, `pub(crate)` …).
fn find_use(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let word = trimmed
            .strip_prefix("pub(crate) ")
            .or_else(|| trimmed.strip_prefix("pub(super) "))
            .or_else(|| trimmed.strip_prefix("pub "))
            .unwrap_or(trimmed);
        if word.starts_with("use ") {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// Every module's imports, and what each `mod.rs` re-exports.
struct Source {
    modules: BTreeSet<Module>,
    imports: BTreeMap<Module, Imports>,
    reexports: BTreeMap<(Module, String), Vec<String>>,
}

fn read_source() -> Source {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let texts: Vec<(Module, String)> = files
        .iter()
        .filter(|f| !f.ends_with("main.rs"))
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("read");
            (module_of(&src, f), text)
        })
        .collect();
    Source::new(&texts)
}

impl Source {
    fn new(files: &[(Module, String)]) -> Source {
        let mut source = Source {
            modules: BTreeSet::new(),
            imports: BTreeMap::new(),
            reexports: BTreeMap::new(),
        };
        for (module, text) in files {
            if module.last().is_some_and(|m| m == "tests") {
                continue;
            }
            let imports = imports_of(&code_of(text));
            for (is_pub, path, name) in &imports.uses {
                if *is_pub && name != "*" {
                    source
                        .reexports
                        .insert((module.clone(), name.clone()), path.clone());
                }
            }
            source.modules.insert(module.clone());
            source.imports.insert(module.clone(), imports);
        }
        source
    }

    /// The module (file) a path written in `from` leads to; `None` for
    /// other crates.
    fn resolve(&self, from: &Module, path: &[String], depth: usize) -> Option<Module> {
        let (first, rest) = path.split_first()?;
        let mut at: Module = match first.as_str() {
            "crate" => Vec::new(),
            "self" => from.clone(),
            "super" => from[..from.len().saturating_sub(1)].to_vec(),
            child => {
                let mut m = from.clone();
                m.push(child.to_owned());
                if !self.modules.contains(&m) {
                    return None;
                }
                m
            }
        };
        let mut segs = rest.iter();
        while let Some(seg) = segs.next() {
            if seg == "super" {
                at.pop();
                continue;
            }
            let mut next = at.clone();
            next.push(seg.clone());
            if self.modules.contains(&next) {
                at = next;
                continue;
            }
            if depth < 8
                && let Some(target) = self.reexports.get(&(at.clone(), seg.clone()))
            {
                let mut full = target.clone();
                full.extend(segs.cloned());
                return self.resolve(&at, &full, depth + 1).or(Some(at));
            }
            return Some(at);
        }
        Some(at)
    }

    /// Every (importing module, imported module) pair, re-exports left out.
    fn edges(&self) -> BTreeSet<(Module, Module)> {
        let mut edges = BTreeSet::new();
        for (from, imports) in &self.imports {
            let written = imports
                .uses
                .iter()
                .filter(|(is_pub, ..)| !is_pub)
                .map(|(_, p, _)| p)
                .chain(&imports.paths);
            for path in written {
                if let Some(to) = self.resolve(from, path, 0)
                    && !to.is_empty()
                    && !from.is_empty()
                    && to != *from
                {
                    edges.insert((from.clone(), to));
                }
            }
        }
        edges
    }
}

fn name(m: &[String]) -> String {
    m.join("::")
}

#[test]
fn layers_import_only_what_design_allows() {
    let source = read_source();
    let mut violations = Vec::new();
    for (from, to) in source.edges() {
        let Some((_, allowed)) = RULES.iter().find(|(layer, _)| from[0] == *layer) else {
            continue;
        };
        if !allowed.contains(&to[0].as_str()) {
            violations.push(format!("{} imports {}", name(&from), name(&to)));
        }
    }
    for (layer, _) in RULES {
        assert!(
            source
                .modules
                .iter()
                .any(|m| m.first().is_some_and(|f| f == layer)),
            "no files in src/{layer}"
        );
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// The graph the loop check walks: top-level modules, and the files of
/// `BY_FILE` modules among themselves. A module using its own submodules
/// is containment, not an edge (a `mod.rs` declares and re-exports them).
fn loop_graph(source: &Source, by_file: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, to) in source.edges() {
        if from[0] != to[0] {
            graph.entry(from[0].clone()).or_default().insert(to[0].clone());
        } else if by_file.contains(&from[0].as_str()) && !to.starts_with(&from) {
            graph.entry(name(&from)).or_default().insert(name(&to));
        }
    }
    graph
}

/// One loop through `start`, if there is one: `a → b → … → a`.
fn loop_through(graph: &BTreeMap<String, BTreeSet<String>>, start: &str) -> Option<Vec<String>> {
    let mut stack = vec![(start.to_owned(), vec![start.to_owned()])];
    let mut seen = BTreeSet::new();
    while let Some((node, path)) = stack.pop() {
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                let mut found = path.clone();
                found.push(start.to_owned());
                return Some(found);
            }
            if seen.insert(next.clone()) {
                let mut longer = path.clone();
                longer.push(next.clone());
                stack.push((next.clone(), longer));
            }
        }
    }
    None
}

/// One loop per group of modules that import each other, as `a → b → a`.
fn loops(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut found: Vec<Vec<String>> = Vec::new();
    for node in graph.keys() {
        if found.iter().any(|l| l.contains(node)) {
            continue;
        }
        found.extend(loop_through(graph, node));
    }
    found.iter().map(|l| l.join(" → ")).collect()
}

#[test]
fn no_import_loops_between_modules() {
    let source = read_source();
    let mut graph = loop_graph(&source, BY_FILE);
    let mut stale = Vec::new();
    for (from, to) in ALLOWED_LOOP_EDGES {
        let present = graph.get_mut(*from).is_some_and(|set| set.remove(*to));
        if !present {
            stale.push(format!("{from} → {to}"));
        }
    }
    let report = loops(&graph);
    assert!(report.is_empty(), "import loops:\n{}", report.join("\n"));
    assert!(
        stale.is_empty(),
        "no longer imported, delete from ALLOWED_LOOP_EDGES:\n{}",
        stale.join("\n")
    );
}

#[test]
fn the_loop_check_sees_use_trees_relative_paths_and_reexports() {
    let module = |m: &str| m.split("::").map(str::to_owned).collect::<Module>();
    let files = [
        (
            module("m"),
            "mod a;\nmod b;\nmod c;\npub use b::{Place, Caller as Who};\n".to_owned(),
        ),
        (
            module("m::a"),
            "use super::{c::{self, Thing}, Place};\n".to_owned(),
        ),
        (
            module("m::b"),
            "// crate::m::a::x in a comment\nfn f() { super::a::go(\"http://x\"); }\n".to_owned(),
        ),
        (
            module("m::c"),
            "fn f() -> crate::m::Who { todo!() }\n#[cfg(test)]\nuse crate::m::a;\n".to_owned(),
        ),
        (module("n"), "use crate::m::Place;\nuse std::fmt;\n".to_owned()),
    ];
    let source = Source::new(&files);
    let edges: BTreeSet<(String, String)> = source.edges().iter().map(|(a, b)| (name(a), name(b))).collect();
    let expected: BTreeSet<(String, String)> = [
        ("m::a", "m::c"),
        ("m::a", "m::b"),
        ("m::b", "m::a"),
        ("m::c", "m::b"),
        ("n", "m::b"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(edges, expected);
    // m's files import each other (a ↔ b, and a → c → b → a); n only imports.
    assert_eq!(
        loops(&loop_graph(&source, &["m"])),
        ["m::a → m::b → m::a", "m::c → m::b → m::a → m::c"]
    );
    assert!(loops(&loop_graph(&source, &[])).is_empty());
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
