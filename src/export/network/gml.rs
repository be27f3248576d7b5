//! GML writer, in networkx's convention: each node an integer `id` and its ioscope id as
//! `label` (networkx keys nodes by label; ids are unique, so labels are), its display
//! label as `name` (igraph's vertex name), `graphics [ x y w fill ]` for its position,
//! size and colour, and one key per attribute (names made GML keys: ASCII letters,
//! digits and `_`, starting with a letter). Edges carry `weight`, `type` and their
//! attributes as keys; an undirected edge of a directed graph (or the other way round)
//! cannot be said in GML and takes the graph's direction, and GML has no time windows.

use std::io::{self, Write};

use super::{effective_types, number};
use crate::io::network::gml::EDGE_KEYS;
use crate::model::graph_file::{AttrType, GraphFile, format_color};

/// Keys the writer uses itself: attributes named so are written with a `_` after.
const OWN_KEYS: [&str; 8] = [
    "id", "label", "name", "graphics", "source", "target", "weight", "type",
];

/// An edge attribute name as a GML key (as [`key_name`], clear of the edge's own keys).
pub fn edge_key_name(name: &str) -> String {
    let mut key = key_name(name);
    if EDGE_KEYS.contains(&key.as_str()) {
        key.push('_');
    }
    key
}

/// A value written for an attribute of type `kind`: a plain number unquoted.
fn value_text(kind: AttrType, v: &str) -> String {
    match kind {
        AttrType::Integer | AttrType::Double if plain_number(v) => v.to_owned(),
        _ => quoted(v),
    }
}

/// An attribute name as a GML key: `[A-Za-z][A-Za-z0-9_]*` (what networkx's reader
/// accepts); other characters become `_`, and a name not starting with a letter gets
/// an `a` before it.
pub fn key_name(name: &str) -> String {
    let mut key: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !key.starts_with(|c: char| c.is_ascii_alphabetic()) {
        key.insert(0, 'a');
    }
    if OWN_KEYS.contains(&key.as_str()) {
        key.push('_');
    }
    key
}

/// A GML string: quotes, `&`, line ends, tabs and characters outside ASCII as `&#N;`
/// references (the format is ASCII; networkx and igraph resolve them), other control
/// characters left out.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '&' => out.push_str("&#38;"),
            '\n' | '\t' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if c.is_ascii_control() => {}
            c if c.is_ascii() => out.push(c),
            c => out.push_str(&format!("&#{};", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Whether a value is a number as GML writes one unquoted (`-12`, `0.5`, `1e-3`).
fn plain_number(v: &str) -> bool {
    let body = v.strip_prefix(['-', '+']).unwrap_or(v);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (body, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    !whole.is_empty()
        && digits(whole)
        && digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

/// Whether two edges join the same nodes (in either order, for an undirected graph).
fn has_parallel_edges(g: &GraphFile) -> bool {
    let mut seen = std::collections::HashSet::with_capacity(g.edges.len());
    g.edges.iter().any(|e| {
        let pair = if g.directed || e.src <= e.dst {
            (e.src, e.dst)
        } else {
            (e.dst, e.src)
        };
        !seen.insert(pair)
    })
}

/// Writes `g` as GML.
pub fn write(g: &GraphFile, out: &mut impl Write) -> io::Result<()> {
    let types = effective_types(&g.attributes);
    let edge_types = effective_types(&g.edge_attributes);
    let keys: Vec<String> = g.attributes.iter().map(|a| key_name(&a.name)).collect();
    writeln!(out, "graph [")?;
    writeln!(out, "  directed {}", u8::from(g.directed))?;
    if has_parallel_edges(g) {
        // networkx refuses a repeated pair unless the graph says it is a multigraph.
        writeln!(out, "  multigraph 1")?;
    }
    for node in 0..g.node_count() {
        writeln!(out, "  node [")?;
        writeln!(out, "    id {node}")?;
        writeln!(out, "    label {}", quoted(&g.ids[node]))?;
        let label = g.labels.get(node).map_or("", |l| &**l);
        writeln!(out, "    name {}", quoted(label))?;
        let position = g
            .positions
            .as_ref()
            .and_then(|p| p.get(node).copied().flatten());
        let size = g
            .sizes
            .as_ref()
            .and_then(|s| s.get(node).copied().flatten());
        let color = g
            .colors
            .as_ref()
            .and_then(|c| c.get(node).copied().flatten());
        if position.is_some() || size.is_some() || color.is_some() {
            writeln!(out, "    graphics [")?;
            if let Some([x, y]) = position.filter(|p| p.iter().all(|v| v.is_finite())) {
                writeln!(out, "      x {x}")?;
                writeln!(out, "      y {y}")?;
            }
            if let Some(w) = size.filter(|w| w.is_finite()) {
                writeln!(out, "      w {w}")?;
            }
            if let Some(c) = color {
                writeln!(out, "      fill {}", quoted(&format_color(c)))?;
            }
            writeln!(out, "    ]")?;
        }
        for ((a, key), kind) in g.attributes.iter().zip(&keys).zip(&types) {
            if let Some(v) = a.get(node) {
                writeln!(out, "    {key} {}", value_text(*kind, v))?;
            }
        }
        writeln!(out, "  ]")?;
    }
    let edge_keys: Vec<String> = g
        .edge_attributes
        .iter()
        .map(|a| edge_key_name(&a.name))
        .collect();
    for (k, e) in g.edges.iter().enumerate() {
        if e.src as usize >= g.node_count() || e.dst as usize >= g.node_count() {
            continue;
        }
        writeln!(out, "  edge [")?;
        writeln!(out, "    source {}", e.src)?;
        writeln!(out, "    target {}", e.dst)?;
        writeln!(out, "    weight {}", number(e.weight))?;
        let kind = g.edge_type_name(e.kind);
        if !kind.is_empty() {
            writeln!(out, "    type {}", quoted(kind))?;
        }
        for ((a, key), kind) in g.edge_attributes.iter().zip(&edge_keys).zip(&edge_types) {
            if let Some(v) = a.get(k) {
                writeln!(out, "    {key} {}", value_text(*kind, v))?;
            }
        }
        writeln!(out, "  ]")?;
    }
    writeln!(out, "]")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_gml_keys() {
        assert_eq!(key_name("attr 1 ü"), "attr_1__");
        assert_eq!(key_name("1st"), "a1st");
        assert_eq!(key_name("label"), "label_");
        assert_eq!(key_name(""), "a");
    }

    #[test]
    fn numbers_unquoted_only_when_plain() {
        for v in ["1", "-2.5", "1e-3", "+4.0E+2"] {
            assert!(plain_number(v), "{v}");
        }
        for v in ["", "inf", "NaN", ".5", "1e", "1.2.3", " 1"] {
            assert!(!plain_number(v), "{v}");
        }
    }

    #[test]
    fn strings_are_ascii_with_references() {
        assert_eq!(
            quoted("a \"b\" & 中\u{1}"),
            "\"a &#34;b&#34; &#38; &#20013;\""
        );
    }
}
