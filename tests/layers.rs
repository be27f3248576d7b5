//! The house's rule, checked: every module of `src/` imports only from its own layer
//! or the layers below it, and no modules import each other (directly or round a
//! longer cycle). The layers, bottom to top, are those of `src/lib.rs`'s doc comment.
//!
//! Imports are read from the source text, comments left out: `crate::…` and `super::…`
//! paths anywhere (grouped `use crate::{a, b}` too), and `use child::…` of a module's
//! own children.
//! A module's `#[cfg(test)] mod tests` is left out of the cycle check (it is the
//! module's own test code) but not out of the layer check.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, bottom first. `main` (the binary) sits on top of everything.
const LAYERS: [&str; 14] = [
    "jobs", "model", "io", "graph", "filter", "analysis", "layout", "render", "export", "state",
    "ui", "app", "tools", "main",
];

fn rank(layer: &str) -> Option<usize> {
    LAYERS.iter().position(|l| *l == layer)
}

/// Module path of a file under `src/` ("render/view/mod.rs" → ["render", "view"]).
fn module_of(relative: &str) -> Vec<String> {
    let trimmed = relative.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_owned).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// Identifiers of a path after `crate::` or `super::` (stopping at the first
/// non-identifier), e.g. "render::view::GraphView;" → ["render", "view", "GraphView"].
fn path_segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    loop {
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            break;
        }
        rest = &rest[ident.len()..];
        out.push(ident);
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    out
}

/// Every path a source text names from `crate::` or `super::` (resolved against the
/// module `me`), and `use child::…` of the module's own `children`.
fn referenced_paths(me: &[String], text: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices("crate::") {
        // Not the tail of a longer word (e.g. `ioscope_crate::`).
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
            continue;
        }
        let after = &text[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let segs = path_segments(item.trim());
                if !segs.is_empty() {
                    out.push(segs);
                }
            }
        } else {
            out.push(path_segments(after));
        }
    }
    for (i, _) in text.match_indices("super::") {
        if i > 0 && text[..i].ends_with("super::") {
            continue; // counted from the first `super::` of the chain
        }
        let mut base: Vec<String> = me.to_vec();
        let mut after = &text[i..];
        while let Some(r) = after.strip_prefix("super::") {
            base.pop();
            after = r;
        }
        if let Some(group) = after.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                let mut p = base.clone();
                p.extend(path_segments(item.trim()));
                out.push(p);
            }
        } else {
            let mut p = base;
            p.extend(path_segments(after));
            out.push(p);
        }
    }
    for line in text.lines() {
        let line = line.trim_start();
        let Some(rest) = line
            .strip_prefix("pub use ")
            .or_else(|| line.strip_prefix("use "))
        else {
            continue;
        };
        let segs = path_segments(rest);
        if segs.first().is_some_and(|s| children.contains(s)) {
            let mut p = me.to_vec();
            p.extend(segs);
            out.push(p);
        }
    }
    out
}

/// The longest known module that is a prefix of `path`.
fn module_named(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p))
}

/// The source without its trailing `#[cfg(test)] mod tests { … }`.
fn without_tests(text: &str) -> &str {
    match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// The source without its comments (line comments, doc comments included): a path in
/// prose is no import.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks files given as (path under `src/`, text); returns the violations.
fn check(files: &[(String, String)]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|(p, _)| module_of(p)).collect();
    let mut problems = Vec::new();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (path, text) in files {
        let text = &code_only(text);
        let me = module_of(path);
        let layer = me.first().cloned().unwrap_or_else(|| "lib".to_owned());
        if path == "lib.rs" {
            continue; // the module list
        }
        let Some(my_rank) = rank(&layer) else {
            problems.push(format!("src/{path}: module `{layer}` is in no layer"));
            continue;
        };
        let children: BTreeSet<String> = modules
            .iter()
            .filter(|m| m.len() == me.len() + 1 && m.starts_with(&me))
            .filter_map(|m| m.last().cloned())
            .collect();
        for target in referenced_paths(&me, text, &children) {
            let Some(first) = target.first() else {
                continue;
            };
            if let Some(r) = rank(first)
                && r > my_rank
            {
                problems.push(format!(
                    "src/{path}: imports `crate::{}` from layer `{first}`, above its own `{layer}`",
                    target.join("::")
                ));
            }
        }
        for target in referenced_paths(&me, without_tests(text), &children) {
            if let Some(m) = module_named(&target, &modules)
                && m != me
            {
                edges.entry(me.clone()).or_default().insert(m);
            }
        }
    }
    problems.extend(cycles(&edges));
    problems
}

/// Import cycles between modules, each named once.
fn cycles(edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Vec<String> {
    let name = |m: &Vec<String>| format!("crate::{}", m.join("::"));
    let mut found = BTreeSet::new();
    for start in edges.keys() {
        // Depth-first search for a path back to `start`.
        let mut stack: Vec<(Vec<String>, Vec<Vec<String>>)> = vec![(start.clone(), vec![])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in edges.get(&node).into_iter().flatten() {
                let mut p = path.clone();
                p.push(node.clone());
                if next == start {
                    // Name the cycle from its smallest module, so each is reported once.
                    let min = p
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, m)| *m)
                        .map_or(0, |(i, _)| i);
                    let mut ring: Vec<String> =
                        p[min..].iter().chain(&p[..min]).map(name).collect();
                    ring.push(ring[0].clone());
                    found.insert(format!("modules import each other: {}", ring.join(" → ")));
                } else if seen.insert(next.clone()) {
                    stack.push((next.clone(), p));
                }
            }
        }
    }
    found.into_iter().collect()
}

fn read_tree(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    read_files(root, dir, "rs", out);
}

/// Every file under `dir` whose extension is `extension`: (path from `root`, text).
fn read_files(root: &Path, dir: &Path, extension: &str, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_files(root, &path, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            let relative = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn every_module_imports_only_from_its_layer_or_below() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    assert!(files.len() > 50, "the source tree was read");
    let problems = check(&files);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn lib_lists_the_layers_in_order() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    assert_eq!(declared, LAYERS[..LAYERS.len() - 1].to_vec());
}

fn file(path: &str, text: &str) -> (String, String) {
    (path.to_owned(), text.to_owned())
}

#[test]
fn the_checker_names_an_upward_import() {
    let files = [
        file("model/mod.rs", "pub mod x;\n"),
        file("model/x.rs", "use crate::render::camera::Camera;\n"),
        file("render/mod.rs", "pub mod camera;\n"),
        file(
            "render/camera.rs",
            "// Seen from crate::ui, no import.\npub struct Camera;\n",
        ),
    ];
    let problems = check(&files);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].starts_with("src/model/x.rs: imports `crate::render::camera::Camera`"));
    // Grouped imports and `super::` chains are read too.
    let files = [
        file("graph/mod.rs", "pub mod a;\n"),
        file(
            "graph/a.rs",
            "use crate::{model::Dataset, ui::thousands};\n",
        ),
        file("ui/mod.rs", "pub fn thousands() {}\n"),
        file("model/mod.rs", ""),
    ];
    let problems = check(&files);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("`crate::ui::thousands` from layer `ui`"));
}

#[test]
fn the_checker_names_modules_that_import_each_other() {
    let files = [
        file("layout/mod.rs", "pub mod a;\npub mod b;\n"),
        file("layout/a.rs", "use super::b::Lanes;\npub struct Tree;\n"),
        file(
            "layout/b.rs",
            "use super::a::Tree;\npub struct Lanes;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
    ];
    let problems = check(&files);
    assert_eq!(
        problems,
        vec![
            "modules import each other: crate::layout::a → crate::layout::b → crate::layout::a"
                .to_owned()
        ]
    );
    // A child using its parent's items while the parent re-exports the child.
    let files = [
        file(
            "ui/mod.rs",
            "pub mod canvas;\npub use canvas::draw;\npub fn thousands() {}\n",
        ),
        file("ui/canvas.rs", "use super::thousands;\npub fn draw() {}\n"),
    ];
    assert_eq!(check(&files).len(), 1);
    // Downward imports alone are fine.
    let files = [
        file("ui/mod.rs", "pub mod canvas;\npub mod format;\n"),
        file(
            "ui/canvas.rs",
            "use super::format::thousands;\nuse crate::render::x;\n",
        ),
        file("ui/format.rs", "pub fn thousands() {}\n"),
    ];
    assert!(check(&files).is_empty());
}

#[test]
fn the_readme_lists_every_file_of_the_tree() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(manifest.join("README.md")).unwrap();
    let section = readme
        .split("## Layout of the code")
        .nth(1)
        .expect("the README has its Layout of the code");
    let block = section
        .split("```text")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a text block lists the files");
    let listed: BTreeSet<String> = block
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .map(str::to_owned)
        .collect();
    let root = manifest.join("src");
    let mut files = Vec::new();
    read_tree(&root, &root, &mut files);
    // The shaders too.
    read_files(&root, &root, "wgsl", &mut files);
    let tree: BTreeSet<String> = files.into_iter().map(|(p, _)| p).collect();
    let missing: Vec<_> = tree.difference(&listed).collect();
    let extra: Vec<_> = listed.difference(&tree).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "not in the README: {missing:?}; not in src/: {extra:?}"
    );
}
