//! [`GraphFile`]: a network read from a network file (GEXF, GraphML, CSV edge and node
//! tables) rather than derived from tweets: nodes with their ids, labels and arbitrary
//! attributes, edges with their weights, types and arbitrary attributes, the positions,
//! colours and sizes the file gave, and the time windows (GEXF spells) of its nodes and
//! edges. Kept beside the accounts (node i is account i) so that exports write back
//! exactly what was read.

use super::heap::{boxed_strs_bytes, vec_bytes};

/// The format a network file was read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GraphFormat {
    Gexf,
    GraphMl,
    /// CSV edge (and node) tables in Gephi's spreadsheet convention.
    Csv,
    /// graphology's JSON (Gephi Lite, sigma.js).
    Graphology,
    Gml,
    /// Pajek `.net`.
    Pajek,
}

impl GraphFormat {
    pub fn label(self) -> &'static str {
        match self {
            Self::Gexf => "GEXF",
            Self::GraphMl => "GraphML",
            Self::Csv => "CSV tables",
            Self::Graphology => "graphology JSON",
            Self::Gml => "GML",
            Self::Pajek => "Pajek",
        }
    }
}

/// The type a file declared for an attribute (or that its values show).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AttrType {
    Text,
    Integer,
    Double,
    Boolean,
}

impl AttrType {
    /// Reads a declared type name (GEXF's and GraphML's spellings).
    pub fn from_declared(name: &str) -> Self {
        match name.trim().to_ascii_lowercase().as_str() {
            "integer" | "int" | "long" | "short" | "byte" | "biginteger" => Self::Integer,
            "double" | "float" | "bigdecimal" => Self::Double,
            "boolean" | "bool" => Self::Boolean,
            _ => Self::Text,
        }
    }

    /// The type a column's values show: integers, numbers, booleans or text.
    pub fn inferred(values: &[Box<str>]) -> Self {
        if values.is_empty() {
            return Self::Text;
        }
        if values.iter().all(|v| v.trim().parse::<i64>().is_ok()) {
            Self::Integer
        } else if values
            .iter()
            .all(|v| v.trim().parse::<f64>().is_ok_and(f64::is_finite))
        {
            Self::Double
        } else if values
            .iter()
            .all(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "false"))
        {
            Self::Boolean
        } else {
            Self::Text
        }
    }

    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Integer | Self::Double)
    }

    /// The type GEXF and GraphML call it.
    pub fn declared(self) -> &'static str {
        match self {
            Self::Text => "string",
            Self::Integer => "long",
            Self::Double => "double",
            Self::Boolean => "boolean",
        }
    }
}

/// One attribute column: a value (or none) per node, stored as codes into its distinct
/// values.
#[derive(Clone, Debug, PartialEq)]
pub struct Attribute {
    pub name: Box<str>,
    pub kind: AttrType,
    /// Distinct values, in order of first appearance.
    pub values: Vec<Box<str>>,
    /// Per node: 0 = no value, `k` = `values[k - 1]`.
    pub codes: Vec<u32>,
    /// Lookup of `values` while the column is filled.
    index: rustc_hash::FxHashMap<Box<str>, u32>,
}

impl Attribute {
    pub fn new(name: &str, kind: AttrType) -> Self {
        Self {
            name: name.into(),
            kind,
            values: Vec::new(),
            codes: Vec::new(),
            index: rustc_hash::FxHashMap::default(),
        }
    }

    /// Sets node `node`'s value, growing the column as needed.
    pub fn set(&mut self, node: usize, value: &str) {
        if self.codes.len() <= node {
            self.codes.resize(node + 1, 0);
        }
        let code = match self.index.get(value) {
            Some(&c) => c,
            None => {
                self.values.push(value.into());
                let c = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
                self.index.insert(value.into(), c);
                c
            }
        };
        self.codes[node] = code;
    }

    /// Node `node`'s value, if it has one.
    pub fn get(&self, node: usize) -> Option<&str> {
        let code = *self.codes.get(node)?;
        let k = usize::try_from(code).ok()?.checked_sub(1)?;
        self.values.get(k).map(|v| &**v)
    }

    /// Node `node`'s value as a number, for numeric attributes.
    pub fn number(&self, node: usize) -> Option<f64> {
        self.get(node).and_then(|v| v.trim().parse::<f64>().ok())
    }

    /// Whether the column reads as categories (few distinct values, not free text):
    /// these become facets.
    pub fn is_categorical(&self, nodes: usize) -> bool {
        !self.values.is_empty()
            && self.kind != AttrType::Double
            && self.values.len() <= (nodes / 2).clamp(12, 1000)
    }

    /// Nodes per value, in the order of `values`.
    pub fn counts(&self) -> Vec<u64> {
        let mut counts = vec![0u64; self.values.len()];
        for &c in &self.codes {
            if let Some(n) = (c as usize).checked_sub(1).and_then(|k| counts.get_mut(k)) {
                *n += 1;
            }
        }
        counts
    }

    /// Pads the column to `nodes` entries (nodes without a value).
    pub fn finish(&mut self, nodes: usize) {
        self.codes.resize(nodes, 0);
    }

    pub fn heap_bytes(&self) -> u64 {
        vec_bytes(&self.values) + boxed_strs_bytes(&self.values) + vec_bytes(&self.codes)
    }
}

/// One edge as the file gave it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FileEdge {
    pub src: u32,
    pub dst: u32,
    pub weight: f64,
    /// Index into [`GraphFile::edge_types`] (0 = no type).
    pub kind: u32,
    pub directed: bool,
}

/// A network read from a file. Node i is account i of the dataset.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphFile {
    pub format: GraphFormat,
    /// The file's default direction for its edges.
    pub directed: bool,
    /// Node ids as the file wrote them.
    pub ids: Vec<Box<str>>,
    /// Node labels (empty where the file gave none).
    pub labels: Vec<Box<str>>,
    pub attributes: Vec<Attribute>,
    pub edges: Vec<FileEdge>,
    /// Edge attribute columns beyond weight and type: a value (or none) per edge.
    pub edge_attributes: Vec<Attribute>,
    /// Edge type names; index 0 is the empty type.
    pub edge_types: Vec<Box<str>>,
    /// When nodes and edges exist (GEXF spells); `None` for a static network.
    pub spells: Option<Spells>,
    /// Positions from the file (`viz:position`, `x`/`y`); `None` for nodes without.
    pub positions: Option<Vec<Option<[f32; 2]>>>,
    pub colors: Option<Vec<Option<[u8; 4]>>>,
    pub sizes: Option<Vec<Option<f32>>>,
}

impl Default for GraphFile {
    fn default() -> Self {
        Self {
            format: GraphFormat::Csv,
            directed: true,
            ids: Vec::new(),
            labels: Vec::new(),
            attributes: Vec::new(),
            edges: Vec::new(),
            edge_attributes: Vec::new(),
            edge_types: vec!["".into()],
            spells: None,
            positions: None,
            colors: None,
            sizes: None,
        }
    }
}

impl GraphFile {
    pub fn node_count(&self) -> usize {
        self.ids.len()
    }

    /// The attribute named `name` (case-insensitive).
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The index of an edge type, adding it when new.
    pub fn edge_type(&mut self, name: &str) -> u32 {
        let name = name.trim();
        if let Some(i) = self.edge_types.iter().position(|t| **t == *name) {
            return i as u32;
        }
        self.edge_types.push(name.into());
        (self.edge_types.len() - 1) as u32
    }

    pub fn edge_type_name(&self, kind: u32) -> &str {
        self.edge_types.get(kind as usize).map_or("", |t| t)
    }

    /// Distinct node pairs: undirected edges count a pair once whichever way it is
    /// written; parallel edges count once.
    pub fn distinct_pairs(&self) -> u64 {
        let mut pairs: Vec<(u32, u32)> = self
            .edges
            .iter()
            .map(|e| {
                if e.directed {
                    (e.src, e.dst)
                } else {
                    (e.src.min(e.dst), e.src.max(e.dst))
                }
            })
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs.len() as u64
    }

    /// Pads every per-node column to the node count.
    pub fn finish(&mut self) {
        let n = self.ids.len();
        self.labels.resize(n, "".into());
        for a in &mut self.attributes {
            a.finish(n);
        }
        if let Some(p) = &mut self.positions {
            p.resize(n, None);
        }
        if let Some(c) = &mut self.colors {
            c.resize(n, None);
        }
        if let Some(s) = &mut self.sizes {
            s.resize(n, None);
        }
        let m = self.edges.len();
        for a in &mut self.edge_attributes {
            a.finish(m);
        }
        if let Some(s) = &mut self.spells {
            s.nodes.resize(n, Vec::new());
            s.edges.resize(m, Vec::new());
        }
    }

    /// The edge attribute named `name` (case-insensitive).
    pub fn edge_attribute(&self, name: &str) -> Option<&Attribute> {
        self.edge_attributes
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    pub fn heap_bytes(&self) -> u64 {
        vec_bytes(&self.ids)
            + boxed_strs_bytes(&self.ids)
            + vec_bytes(&self.labels)
            + boxed_strs_bytes(&self.labels)
            + self
                .attributes
                .iter()
                .map(Attribute::heap_bytes)
                .sum::<u64>()
            + vec_bytes(&self.edges)
            + self
                .edge_attributes
                .iter()
                .map(Attribute::heap_bytes)
                .sum::<u64>()
            + self.spells.as_ref().map_or(0, Spells::heap_bytes)
            + self.positions.as_ref().map_or(0, vec_bytes)
            + self.colors.as_ref().map_or(0, vec_bytes)
            + self.sizes.as_ref().map_or(0, vec_bytes)
    }
}

/// How a file counts time (GEXF's `timeformat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TimeFormat {
    /// Plain numbers (GEXF's default `double`, and `integer`).
    Double,
    Integer,
    /// Days: `YYYY-MM-DD`.
    Date,
    /// Instants: `YYYY-MM-DDThh:mm:ss` (held as fractional days).
    DateTime,
}

impl TimeFormat {
    /// Reads GEXF's `timeformat` (1.1 wrote `float`).
    pub fn from_declared(name: &str) -> Self {
        match name.trim().to_ascii_lowercase().as_str() {
            "integer" | "int" | "long" => Self::Integer,
            "date" => Self::Date,
            "datetime" => Self::DateTime,
            _ => Self::Double,
        }
    }

    /// GEXF's name for it.
    pub fn declared(self) -> &'static str {
        match self {
            Self::Double => "double",
            Self::Integer => "integer",
            Self::Date => "date",
            Self::DateTime => "dateTime",
        }
    }

    /// Whether times are calendar days (the date window filters them).
    pub fn is_calendar(self) -> bool {
        matches!(self, Self::Date | Self::DateTime)
    }

    /// Reads a time as this format writes it: calendar times as days since 1970-01-01
    /// (a date or a date and time in either calendar format, to the minute), others as
    /// numbers. `None` when unreadable.
    pub fn parse(self, raw: &str) -> Option<f64> {
        let raw = raw.trim();
        if self.is_calendar() {
            let minutes = super::time::parse_minutes(raw.as_bytes())
                .map(i64::from)
                .or_else(|| {
                    super::time::parse_date_days(raw.as_bytes()).map(|d| i64::from(d) * 1440)
                })?;
            return Some(minutes as f64 / 1440.0);
        }
        raw.parse::<f64>().ok().filter(|v| v.is_finite())
    }

    /// Writes a finite time as [`Self::parse`] reads it.
    pub fn format(self, t: f64) -> String {
        match self {
            Self::Date => super::time::format_days(t.floor().clamp(-1e8, 1e8) as i32),
            Self::DateTime => {
                let minutes = (t * 1440.0).round().clamp(-1e12, 1e12) as i64;
                let day = minutes.div_euclid(1440) as i32;
                let rem = minutes.rem_euclid(1440);
                format!(
                    "{}T{:02}:{:02}:00",
                    super::time::format_days(day),
                    rem / 60,
                    rem % 60
                )
            }
            Self::Integer => format!("{}", t.round() as i64),
            Self::Double => format!("{t}"),
        }
    }
}

/// One time window, from `start` to `end` inclusive. Calendar times are days since
/// 1970-01-01 (fractional for instants); an open side is infinite.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spell {
    pub start: f64,
    pub end: f64,
}

impl Spell {
    /// Whether the spell shares a moment with `[from, to]`.
    pub fn meets(&self, from: f64, to: f64) -> bool {
        self.start <= to && self.end >= from
    }
}

/// When the nodes and edges of a dynamic network exist: per node and per edge, its
/// spells (none: always).
#[derive(Clone, Debug, PartialEq)]
pub struct Spells {
    pub format: TimeFormat,
    pub nodes: Vec<Vec<Spell>>,
    pub edges: Vec<Vec<Spell>>,
}

impl Spells {
    pub fn new(format: TimeFormat) -> Self {
        Self {
            format,
            nodes: Vec::new(),
            edges: Vec::new(),
        }
    }

    /// Whether an element with `spells` exists at some moment of `[from, to]`.
    pub fn alive(spells: &[Spell], from: f64, to: f64) -> bool {
        spells.is_empty() || spells.iter().any(|s| s.meets(from, to))
    }

    /// The first and last finite moments named by any spell.
    pub fn range(&self) -> Option<(f64, f64)> {
        let mut range: Option<(f64, f64)> = None;
        for s in self.nodes.iter().chain(&self.edges).flatten() {
            for t in [s.start, s.end] {
                if t.is_finite() {
                    let (lo, hi) = range.get_or_insert((t, t));
                    *lo = lo.min(t);
                    *hi = hi.max(t);
                }
            }
        }
        range
    }

    fn heap_bytes(&self) -> u64 {
        vec_bytes(&self.nodes)
            + vec_bytes(&self.edges)
            + self
                .nodes
                .iter()
                .chain(&self.edges)
                .map(vec_bytes)
                .sum::<u64>()
    }
}

/// Parses a colour written as `#rrggbb`, `#rrggbbaa`, `#rgb` or `rgb(r,g,b)`.
pub fn parse_color(raw: &str) -> Option<[u8; 4]> {
    let s = raw.trim();
    if let Some(hex) = s.strip_prefix('#') {
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        let nibble = |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok().map(|v| v * 17);
        return match hex.len() {
            6 => Some([byte(0)?, byte(2)?, byte(4)?, 255]),
            8 => Some([byte(0)?, byte(2)?, byte(4)?, byte(6)?]),
            3 => Some([nibble(0)?, nibble(1)?, nibble(2)?, 255]),
            _ => None,
        };
    }
    let inner = s
        .strip_prefix("rgba(")
        .or_else(|| s.strip_prefix("rgb("))?
        .strip_suffix(')')?;
    let parts: Vec<&str> = inner.split(',').map(str::trim).collect();
    let channel = |p: &str| p.parse::<f64>().ok().map(|v| v.clamp(0.0, 255.0) as u8);
    match parts.as_slice() {
        [r, g, b] => Some([channel(r)?, channel(g)?, channel(b)?, 255]),
        [r, g, b, a] => {
            let alpha = a.parse::<f64>().ok()?;
            let alpha = if alpha <= 1.0 { alpha * 255.0 } else { alpha };
            Some([
                channel(r)?,
                channel(g)?,
                channel(b)?,
                alpha.clamp(0.0, 255.0) as u8,
            ])
        }
        _ => None,
    }
}

/// `#rrggbb` (with `aa` when not opaque).
pub fn format_color(c: [u8; 4]) -> String {
    if c[3] == 255 {
        format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c[0], c[1], c[2], c[3])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_in_every_spelling() {
        assert_eq!(parse_color("#ff8000"), Some([255, 128, 0, 255]));
        assert_eq!(parse_color("#F80"), Some([255, 136, 0, 255]));
        assert_eq!(parse_color("#ff800080"), Some([255, 128, 0, 128]));
        assert_eq!(parse_color("rgb(1, 2, 3)"), Some([1, 2, 3, 255]));
        assert_eq!(parse_color("rgba(1,2,3,0.5)"), Some([1, 2, 3, 127]));
        assert_eq!(parse_color("#zz0000"), None);
        assert_eq!(parse_color("red"), None);
        assert_eq!(parse_color("#ff80"), None);
        for c in [[1, 2, 3, 255], [250, 0, 9, 7]] {
            assert_eq!(parse_color(&format_color(c)), Some(c));
        }
    }

    #[test]
    fn attributes_code_values_and_count_them() {
        let mut a = Attribute::new("country", AttrType::Text);
        a.set(0, "TR");
        a.set(2, "CN");
        a.set(3, "TR");
        a.finish(5);
        assert_eq!(a.get(0), Some("TR"));
        assert_eq!(a.get(1), None);
        assert_eq!(a.get(4), None);
        assert_eq!(a.counts(), vec![2, 1]);
        assert!(a.is_categorical(5));
        let mut f = GraphFile {
            ids: vec!["a".into(), "b".into(), "c".into()],
            ..GraphFile::default()
        };
        for (src, dst, directed) in [(0, 1, false), (1, 0, false), (1, 2, true), (2, 1, true)] {
            f.edges.push(FileEdge {
                src,
                dst,
                weight: 1.0,
                kind: 0,
                directed,
            });
        }
        assert_eq!(f.distinct_pairs(), 3, "one undirected pair, two directed");
    }
}
