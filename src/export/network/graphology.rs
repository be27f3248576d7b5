//! graphology JSON writer (for Gephi Lite and sigma.js): `options` (type, multi, self
//! loops), nodes with `label`, `x`, `y`, `size`, `color` and the attributes (numbers
//! as numbers where the attribute's type says so), edges with `weight`, `kind`, their
//! attributes and `undirected` where they differ from the graph's type.

use std::io::{self, Write};

use serde_json::{Map, Value, json};

use super::effective_types;
use crate::model::graph_file::{AttrType, GraphFile, format_color};

/// An attribute value as JSON: a number or boolean where its column's type says so.
fn value(kind: AttrType, v: &str) -> Value {
    match kind {
        AttrType::Integer => v
            .trim()
            .parse::<i64>()
            .map_or_else(|_| json!(v), |n| json!(n)),
        AttrType::Double => v
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| json!(v), Value::Number),
        AttrType::Boolean => match v.trim().to_ascii_lowercase().as_str() {
            "true" => json!(true),
            "false" => json!(false),
            _ => json!(v),
        },
        AttrType::Text => json!(v),
    }
}

fn io_error(e: &serde_json::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Writes `g` as graphology JSON (one node or edge a line, for diffs and streaming).
pub fn write(g: &GraphFile, out: &mut impl Write) -> io::Result<()> {
    let types = effective_types(&g.attributes);
    let edge_types = effective_types(&g.edge_attributes);
    let mixed = g.edges.iter().any(|e| e.directed != g.directed);
    let kind = match (mixed, g.directed) {
        (true, _) => "mixed",
        (false, true) => "directed",
        (false, false) => "undirected",
    };
    writeln!(
        out,
        r#"{{"attributes":{{}},"options":{{"type":"{kind}","multi":true,"allowSelfLoops":true}},"nodes":["#
    )?;
    for node in 0..g.node_count() {
        let mut a = Map::new();
        if let Some(label) = g.labels.get(node).filter(|l| !l.is_empty()) {
            a.insert("label".into(), json!(label.as_ref()));
        }
        if let Some(Some([x, y])) = g.positions.as_ref().and_then(|p| p.get(node)) {
            a.insert("x".into(), json!(x));
            a.insert("y".into(), json!(y));
        }
        if let Some(Some(size)) = g.sizes.as_ref().and_then(|s| s.get(node)) {
            a.insert("size".into(), json!(size));
        }
        if let Some(Some(c)) = g.colors.as_ref().and_then(|c| c.get(node)) {
            a.insert("color".into(), json!(format_color(*c)));
        }
        for (attribute, kind) in g.attributes.iter().zip(&types) {
            if let Some(v) = attribute.get(node) {
                a.insert(attribute.name.to_string(), value(*kind, v));
            }
        }
        let entry = json!({"key": g.ids[node].as_ref(), "attributes": a});
        let separator = if node + 1 < g.node_count() { "," } else { "" };
        serde_json::to_writer(&mut *out, &entry).map_err(|e| io_error(&e))?;
        writeln!(out, "{separator}")?;
    }
    writeln!(out, r#"],"edges":["#)?;
    for (k, e) in g.edges.iter().enumerate() {
        let (Some(src), Some(dst)) = (g.ids.get(e.src as usize), g.ids.get(e.dst as usize)) else {
            continue;
        };
        let mut a = Map::new();
        a.insert("weight".into(), json!(e.weight));
        let kind = g.edge_type_name(e.kind);
        if !kind.is_empty() {
            a.insert("kind".into(), json!(kind));
        }
        for (attribute, kind) in g.edge_attributes.iter().zip(&edge_types) {
            if let Some(v) = attribute.get(k) {
                a.insert(attribute.name.to_string(), value(*kind, v));
            }
        }
        let mut entry = json!({"key": k.to_string(), "source": src.as_ref(), "target": dst.as_ref(), "attributes": a});
        if e.directed != g.directed || mixed {
            entry["undirected"] = json!(!e.directed);
        }
        let separator = if k + 1 < g.edges.len() { "," } else { "" };
        serde_json::to_writer(&mut *out, &entry).map_err(|e| io_error(&e))?;
        writeln!(out, "{separator}")?;
    }
    writeln!(out, "]}}")?;
    Ok(())
}
