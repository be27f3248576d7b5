//! Pajek `.net`: `*Vertices N` then one line per vertex (its number, its label, quoted
//! or not, and optionally x, y, z between 0 and 1 and `ic COLOUR`), then `*Arcs`
//! (directed) and `*Edges` (undirected) lines `from to [weight]`, or `*Arcslist` /
//! `*Edgeslist` lines `from to to …`. `%` starts a comment; `*Network` names the
//! network; vertices named only by arcs are added.

use super::builder::GraphBuilder;
use crate::io::input::LoadError;
use crate::model::graph_file::GraphFormat;

/// What the lines read now are.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    None,
    Vertices,
    Arcs,
    Edges,
    ArcsList,
    EdgesList,
}

/// A line's fields: words, and quoted labels as one field.
fn fields(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            out.push(&quoted[..end]);
            rest = quoted.get(end + 1..).unwrap_or("").trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(&rest[..end]);
            rest = rest[end..].trim_start();
        }
    }
    out
}

/// Reads a Pajek network.
pub fn read(bytes: &[u8], display: &str) -> Result<GraphBuilder, LoadError> {
    let text = String::from_utf8_lossy(bytes);
    let mut b = GraphBuilder::new(GraphFormat::Pajek, display);
    let mut section = Section::None;
    let mut any_arcs = false;
    let mut any_edges = false;
    for (i, raw) in text.lines().enumerate() {
        let line = i as u64 + 1;
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('%') {
            continue;
        }
        if let Some(star) = trimmed.strip_prefix('*') {
            let word = star
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            section = match word.as_str() {
                "vertices" => Section::Vertices,
                "arcs" => Section::Arcs,
                "edges" => Section::Edges,
                "arcslist" => Section::ArcsList,
                "edgeslist" => Section::EdgesList,
                "network" => Section::None,
                other => {
                    b.warn(line, format!("section *{other} not read"));
                    Section::None
                }
            };
            continue;
        }
        let f = fields(trimmed);
        match section {
            Section::Vertices => {
                let Some(id) = f.first() else { continue };
                let Some(n) = b.add_node(line, id) else {
                    continue;
                };
                if let Some(label) = f.get(1) {
                    b.set_label(line, n, label);
                }
                let coordinate = |k: usize| f.get(k).and_then(|v| v.parse::<f32>().ok());
                if let (Some(x), Some(y)) = (coordinate(2), coordinate(3)) {
                    b.set_position(n, Some(x), Some(y));
                }
            }
            Section::Arcs | Section::Edges => {
                let (Some(from), Some(to)) = (f.first(), f.get(1)) else {
                    b.warn(line, "a line without two vertices skipped");
                    continue;
                };
                let directed = section == Section::Arcs;
                any_arcs |= directed;
                any_edges |= !directed;
                let weight = b.weight(line, f.get(2).copied());
                for id in [from, to] {
                    b.find_or_add(line, id);
                }
                b.add_edge(line, from, to, weight, 0, directed);
            }
            Section::ArcsList | Section::EdgesList => {
                let directed = section == Section::ArcsList;
                any_arcs |= directed;
                any_edges |= !directed;
                let Some((from, targets)) = f.split_first() else {
                    continue;
                };
                b.find_or_add(line, from);
                for to in targets {
                    b.find_or_add(line, to);
                    b.add_edge(line, from, to, 1.0, 0, directed);
                }
            }
            Section::None => {}
        }
    }
    if section == Section::None && b.file.ids.is_empty() {
        return Err(LoadError::Format {
            file: display.to_owned(),
            reason: "not a Pajek network: no *Vertices".to_owned(),
        });
    }
    b.file.directed = any_arcs || !any_edges;
    Ok(b)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fields_keep_quoted_labels_whole() {
        assert_eq!(
            super::fields(r#"1 "a b" 0.1 0.2 0.5 ic Red"#),
            ["1", "a b", "0.1", "0.2", "0.5", "ic", "Red"]
        );
        assert_eq!(super::fields("2 bob"), ["2", "bob"]);
        assert_eq!(super::fields(r#"3 "open"#), ["3", "open"]);
    }
}
