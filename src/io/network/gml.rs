//! GML (as networkx, igraph, Cytoscape and yEd write it): a `graph [ … ]` list with
//! `directed`, `node [ id … label … ]` and `edge [ source … target … ]` lists. A node's
//! `graphics [ x y w fill ]` gives its position, size and colour; its other scalar keys
//! are attributes; an edge's `weight` (or `value`) and `type`, `kind`, `interaction` or
//! `label` give its weight and type. Strings are quoted, `&quot;`-style entities and
//! `&#N;` references resolved; `#` starts a comment line. Nesting is limited.

use std::collections::{HashMap, HashSet};

use super::builder::GraphBuilder;
use crate::io::input::LoadError;
use crate::model::graph_file::{AttrType, Attribute, GraphFormat, parse_color};

/// Deepest nesting of lists read.
const MAX_DEPTH: usize = 64;

/// A value: a number or string as written, or a list.
#[derive(Debug)]
enum Value {
    Number(String),
    Text(String),
    List(Vec<(String, Value, u64)>),
}

impl Value {
    fn text(&self) -> Option<&str> {
        match self {
            Self::Number(s) | Self::Text(s) => Some(s),
            Self::List(_) => None,
        }
    }
}

struct Lexer<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
    display: &'a str,
}

impl<'a> Lexer<'a> {
    fn error(&self, reason: impl std::fmt::Display) -> LoadError {
        LoadError::Format {
            file: self.display.to_owned(),
            reason: format!("line {}: {reason}", self.line),
        }
    }

    /// Skips whitespace and `#` comment lines.
    fn skip(&mut self) {
        while let Some(&b) = self.bytes.get(self.at) {
            match b {
                b'\n' => {
                    self.line += 1;
                    self.at += 1;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'#' => {
                    while self.bytes.get(self.at).is_some_and(|&c| c != b'\n') {
                        self.at += 1;
                    }
                }
                _ => break,
            }
        }
    }

    /// A key (letters, digits, `_`), or `None` at a `]` or the end.
    fn key(&mut self) -> Result<Option<String>, LoadError> {
        self.skip();
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            self.at += 1;
        }
        if start == self.at {
            return match self.bytes.get(self.at) {
                None | Some(b']') => Ok(None),
                Some(&b) => Err(self.error(format!("a key expected, found `{}`", b as char))),
            };
        }
        Ok(Some(
            String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned(),
        ))
    }

    fn value(&mut self, depth: usize) -> Result<Value, LoadError> {
        self.skip();
        match self.bytes.get(self.at) {
            Some(b'[') => {
                if depth >= MAX_DEPTH {
                    return Err(self.error(format!("lists nested deeper than {MAX_DEPTH} levels")));
                }
                self.at += 1;
                let items = self.list(depth + 1)?;
                self.skip();
                if self.bytes.get(self.at) != Some(&b']') {
                    return Err(self.error("a list is not closed (truncated?)"));
                }
                self.at += 1;
                Ok(Value::List(items))
            }
            Some(b'"') => {
                self.at += 1;
                let start = self.at;
                while let Some(&b) = self.bytes.get(self.at) {
                    if b == b'"' {
                        break;
                    }
                    if b == b'\n' {
                        self.line += 1;
                    }
                    self.at += 1;
                }
                if self.at >= self.bytes.len() {
                    return Err(self.error("a string is not closed (truncated?)"));
                }
                let raw = String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned();
                self.at += 1;
                Ok(Value::Text(unescape(&raw)))
            }
            Some(_) => {
                let start = self.at;
                while self
                    .bytes
                    .get(self.at)
                    .is_some_and(|b| !b.is_ascii_whitespace() && *b != b']' && *b != b'[')
                {
                    self.at += 1;
                }
                Ok(Value::Number(
                    String::from_utf8_lossy(&self.bytes[start..self.at]).into_owned(),
                ))
            }
            None => Err(self.error("a value expected at the end of the file (truncated?)")),
        }
    }

    /// Key–value pairs up to a `]` (not consumed) or the end.
    fn list(&mut self, depth: usize) -> Result<Vec<(String, Value, u64)>, LoadError> {
        let mut items = Vec::new();
        while let Some(key) = self.key()? {
            let line = self.line;
            let value = self.value(depth)?;
            items.push((key, value, line));
        }
        Ok(items)
    }
}

/// GML's string escapes: `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&apos;` and `&#N;`.
fn unescape(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix('#')
                .and_then(|n| match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => n.parse::<u32>().ok(),
                })
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Keys of a node list that are not attributes.
const NODE_KEYS: [&str; 3] = ["id", "label", "graphics"];
/// Keys of an edge list read as its weight or type.
const EDGE_KINDS: [&str; 4] = ["kind", "type", "interaction", "label"];
/// Keys of an edge list that are not attributes (ioscope's writer keeps edge attributes
/// clear of them).
pub const EDGE_KEYS: [&str; 10] = [
    "id",
    "source",
    "target",
    "weight",
    "value",
    "graphics",
    "kind",
    "type",
    "interaction",
    "label",
];

/// The scalar value of `name` in a list.
fn key<'v>(items: &'v [(String, Value, u64)], name: &str) -> Option<&'v str> {
    items
        .iter()
        .find(|(k, _, _)| k == name)
        .and_then(|(_, v, _)| v.text())
}

/// Reads a GML document.
pub fn read(bytes: &[u8], display: &str) -> Result<GraphBuilder, LoadError> {
    let mut lexer = Lexer {
        bytes,
        at: 0,
        line: 1,
        display,
    };
    let top = lexer.list(0)?;
    lexer.skip();
    if lexer.at < bytes.len() {
        return Err(lexer.error("a `]` with no list to close"));
    }
    let Some(graph) = top.iter().find_map(|(k, v, _)| match v {
        Value::List(items) if k.eq_ignore_ascii_case("graph") => Some(items),
        _ => None,
    }) else {
        return Err(lexer.error("not a GML file: no `graph [ … ]`"));
    };
    let mut b = GraphBuilder::new(GraphFormat::Gml, display);
    b.file.directed = graph
        .iter()
        .find(|(k, _, _)| k == "directed")
        .and_then(|(_, v, _)| v.text())
        .is_some_and(|d| d.trim() == "1");
    // Attribute columns: every scalar key of a node beyond id, label and graphics.
    let mut columns: Vec<String> = Vec::new();
    for (key, value, _) in graph {
        if key != "node" {
            continue;
        }
        if let Value::List(items) = value {
            for (k, v, _) in items {
                if !NODE_KEYS.contains(&k.as_str()) && v.text().is_some() && !columns.contains(k) {
                    columns.push(k.clone());
                }
            }
        }
    }
    // networkx keys nodes by `label` (it writes `id` as a number, `label` as the node):
    // when every node has a label and no two share one, the labels are the nodes' ids,
    // and a `name` (igraph's vertex name, ioscope's display label) is the label.
    let node_lists = || {
        graph.iter().filter_map(|(k, v, _)| match v {
            Value::List(items) if k == "node" => Some(items),
            _ => None,
        })
    };
    let mut by_label: HashMap<&str, &str> = HashMap::new();
    let mut labels: HashSet<&str> = HashSet::new();
    let mut keyed_by_label = true;
    for items in node_lists() {
        let fresh = match (key(items, "id"), key(items, "label")) {
            (Some(id), Some(label)) => {
                labels.insert(label) && by_label.insert(id.trim(), label).is_none()
            }
            _ => false,
        };
        if !fresh {
            keyed_by_label = false;
            by_label.clear();
            break;
        }
    }
    let named = keyed_by_label && node_lists().any(|items| key(items, "name").is_some());
    if named {
        columns.retain(|c| c != "name");
    }
    for name in &columns {
        b.file.attributes.push(Attribute::new(name, AttrType::Text));
    }
    // Edge attribute columns: every scalar key of an edge beyond its ends, weight and type.
    let mut edge_columns: Vec<(String, usize)> = Vec::new();
    for (key, value, _) in graph {
        if let (Value::List(items), "edge") = (value, key.as_str()) {
            for (k, v, _) in items {
                if !EDGE_KEYS.contains(&k.as_str())
                    && v.text().is_some()
                    && !edge_columns.iter().any(|(c, _)| c == k)
                {
                    edge_columns.push((k.clone(), b.edge_column_inferred(k)));
                }
            }
        }
    }
    for (key, value, line) in graph {
        let Value::List(items) = value else {
            continue;
        };
        let get = |name: &str| {
            items
                .iter()
                .find(|(k, _, _)| k == name)
                .and_then(|(_, v, _)| v.text())
        };
        match key.as_str() {
            "node" => {
                let id = match get("id") {
                    Some(id) if keyed_by_label => by_label.get(id.trim()).copied(),
                    other => other,
                };
                let Some(n) = b.node_of_element(*line, id) else {
                    continue;
                };
                if named {
                    if let Some(name) = get("name") {
                        b.set_label(*line, n, name);
                    }
                } else if let Some(label) = get("label") {
                    b.set_label(*line, n, label);
                }
                if let Some((_, Value::List(graphics), _)) =
                    items.iter().find(|(k, _, _)| k == "graphics")
                {
                    let g = |name: &str| {
                        graphics
                            .iter()
                            .find(|(k, _, _)| k == name)
                            .and_then(|(_, v, _)| v.text())
                    };
                    let number = |name: &str| super::builder::number(g(name));
                    if number("x").is_some() || number("y").is_some() {
                        b.set_position(n, number("x"), number("y"));
                    }
                    if let Some(w) = number("w").or_else(|| number("size")) {
                        b.set_size(n, w);
                    }
                    if let Some(c) = g("fill").and_then(parse_color) {
                        b.set_color(n, c);
                    }
                }
                for (column, name) in columns.iter().enumerate() {
                    if let Some(v) = get(name) {
                        b.set_attribute(*line, n, column, v);
                    }
                }
            }
            "edge" => {
                let (Some(source), Some(target)) = (get("source"), get("target")) else {
                    b.warn(*line, "an edge without a source or target skipped");
                    continue;
                };
                let (source, target) = if keyed_by_label {
                    let label = |end: &str| by_label.get(end.trim()).copied();
                    match (label(source), label(target)) {
                        (Some(s), Some(t)) => (s, t),
                        _ => {
                            b.warn(*line, "an edge to a node that is not in the file skipped");
                            continue;
                        }
                    }
                } else {
                    (source, target)
                };
                let weight = b.weight(*line, get("weight").or_else(|| get("value")));
                let kind = EDGE_KINDS
                    .iter()
                    .find_map(|k| get(k))
                    .map_or(0, |k| b.file.edge_type(k));
                let directed = b.file.directed;
                let edge = b.add_edge(*line, source, target, weight, kind, directed);
                for (name, column) in &edge_columns {
                    if let Some(v) = get(name) {
                        b.set_edge_attribute(*line, edge, *column, v);
                    }
                }
            }
            _ => {}
        }
    }
    // Attribute types from their values.
    for a in &mut b.file.attributes {
        a.kind = AttrType::inferred(&a.values);
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    #[test]
    fn strings_unescape() {
        assert_eq!(
            super::unescape("a &quot;b&quot; &amp; &#233;&#x4E2D;"),
            "a \"b\" & é中"
        );
        assert_eq!(super::unescape("AT&T; & &zz;"), "AT&T; & &zz;");
    }
}
