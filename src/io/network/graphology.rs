//! graphology's serialised JSON, as Gephi Lite and sigma.js write it: `options.type`
//! (directed, undirected, mixed), `nodes` with a `key` and `attributes` (`label`, `x`,
//! `y`, `size`, `color` mapped; any other attribute kept, typed from its values),
//! `edges` with `source`, `target`, `undirected` and `attributes` (`weight`, and `kind`,
//! `type`, `interaction` or `label` for the edge's type).

use serde::Deserialize;
use serde_json::{Map, Value};

use super::builder::GraphBuilder;
use crate::io::input::LoadError;
use crate::model::graph_file::{AttrType, Attribute, GraphFormat, parse_color};

#[derive(Deserialize, Default)]
#[serde(default)]
struct Document {
    options: Options,
    nodes: Vec<NodeEntry>,
    edges: Vec<EdgeEntry>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Options {
    #[serde(rename = "type")]
    kind: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct NodeEntry {
    key: Value,
    attributes: Map<String, Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EdgeEntry {
    source: Value,
    target: Value,
    undirected: Option<bool>,
    attributes: Map<String, Value>,
}

/// A JSON value as text (`None` for null, arrays and objects).
fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn number(v: Option<&Value>) -> Option<f32> {
    match v? {
        Value::Number(n) => n.as_f64().map(|v| v as f32).filter(|v| v.is_finite()),
        Value::String(s) => s.trim().parse::<f32>().ok().filter(|v| v.is_finite()),
        _ => None,
    }
}

/// The type a column of JSON values shows.
fn type_of<'a>(values: impl Iterator<Item = &'a Value>) -> AttrType {
    let mut kind: Option<AttrType> = None;
    for v in values {
        let this = match v {
            Value::Number(n) if n.is_i64() || n.is_u64() => AttrType::Integer,
            Value::Number(_) => AttrType::Double,
            Value::Bool(_) => AttrType::Boolean,
            Value::Null => continue,
            _ => AttrType::Text,
        };
        kind = Some(match (kind, this) {
            (None, t) => t,
            (Some(a), b) if a == b => a,
            (Some(AttrType::Integer | AttrType::Double), AttrType::Integer | AttrType::Double) => {
                AttrType::Double
            }
            _ => AttrType::Text,
        });
    }
    kind.unwrap_or(AttrType::Text)
}

/// The line of a serde_json error.
fn json_error(display: &str, e: &serde_json::Error) -> LoadError {
    LoadError::Format {
        file: display.to_owned(),
        reason: format!("line {}: not graphology JSON ({e})", e.line()),
    }
}

/// Reads a graphology JSON document.
pub fn read(bytes: &[u8], display: &str) -> Result<GraphBuilder, LoadError> {
    let doc: Document = serde_json::from_slice(bytes).map_err(|e| json_error(display, &e))?;
    let mut b = GraphBuilder::new(GraphFormat::Graphology, display);
    b.file.directed = !matches!(doc.options.kind.as_deref(), Some("undirected"));
    const VISUAL: [&str; 5] = ["label", "x", "y", "size", "color"];
    // Attribute columns, in order of first appearance.
    let mut names: Vec<String> = Vec::new();
    for node in &doc.nodes {
        for name in node.attributes.keys() {
            if !VISUAL.contains(&name.as_str()) && !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    for name in &names {
        let kind = type_of(doc.nodes.iter().filter_map(|n| n.attributes.get(name)));
        b.file.attributes.push(Attribute::new(name, kind));
    }
    for (i, node) in doc.nodes.iter().enumerate() {
        // JSON has no lines to name: warnings name the entry.
        let line = 0;
        let Some(id) = text(&node.key) else {
            b.warn(line, format!("nodes[{i}] has no key: skipped"));
            continue;
        };
        let Some(n) = b.add_node(line, &id) else {
            continue;
        };
        let a = &node.attributes;
        if let Some(label) = a.get("label").and_then(text) {
            b.set_label(line, n, &label);
        }
        let (x, y) = (number(a.get("x")), number(a.get("y")));
        if x.is_some() || y.is_some() {
            b.set_position(n, x, y);
        }
        if let Some(size) = number(a.get("size")) {
            b.set_size(n, size);
        }
        if let Some(color) = a.get("color").and_then(text) {
            match parse_color(&color) {
                Some(c) => b.set_color(n, c),
                None => b.warn(line, format!("colour `{color}` cannot be read")),
            }
        }
        for (column, name) in names.iter().enumerate() {
            if let Some(v) = a.get(name).and_then(text) {
                b.set_attribute(line, n, column, &v);
            }
        }
    }
    // Edge attribute columns: every key beyond weight and type.
    const EDGE_KEYS: [&str; 5] = ["weight", "kind", "type", "interaction", "label"];
    let mut edge_names: Vec<String> = Vec::new();
    for edge in &doc.edges {
        for name in edge.attributes.keys() {
            if !EDGE_KEYS.contains(&name.as_str()) && !edge_names.contains(name) {
                edge_names.push(name.clone());
            }
        }
    }
    let edge_columns: Vec<usize> = edge_names
        .iter()
        .map(|name| {
            let kind = type_of(doc.edges.iter().filter_map(|e| e.attributes.get(name)));
            b.edge_column(name, kind)
        })
        .collect();
    for (i, edge) in doc.edges.iter().enumerate() {
        let line = 0;
        let (Some(source), Some(target)) = (text(&edge.source), text(&edge.target)) else {
            b.warn(line, format!("edges[{i}] has no source or target: skipped"));
            continue;
        };
        let a = &edge.attributes;
        let weight = match a.get("weight") {
            Some(w) => b.weight(line, text(w).as_deref()),
            None => 1.0,
        };
        let kind = ["kind", "type", "interaction", "label"]
            .iter()
            .find_map(|k| a.get(*k).and_then(text))
            .map_or(0, |k| b.file.edge_type(&k));
        let directed = edge.undirected.map_or(b.file.directed, |u| !u);
        let k = b.add_edge(line, &source, &target, weight, kind, directed);
        for (name, &column) in edge_names.iter().zip(&edge_columns) {
            if let Some(v) = a.get(name).and_then(text) {
                b.set_edge_attribute(line, k, column, &v);
            }
        }
    }
    Ok(b)
}
