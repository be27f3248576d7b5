//! [`GraphBuilder`]: what every network-file reader fills: nodes by id, edges between
//! them, per-node attributes and visual values, and the warnings (file, line, reason)
//! for what was skipped or repaired.

use rustc_hash::FxHashMap;

use crate::io::input::WARNINGS_KEPT_PER_FILE;
use crate::model::LoadWarning;
use crate::model::graph_file::{FileEdge, GraphFile, GraphFormat};

/// Longest attribute value or label kept; longer ones are cut, with a warning.
pub const MAX_VALUE_BYTES: usize = 64 << 10;

/// An edge as read: where its source and target ids are in the builder's `edge_ids`
/// (`ids[0]..ids[1]`, `ids[1]..ids[2]`).
struct PendingEdge {
    line: u64,
    ids: [usize; 3],
    weight: f64,
    kind: u32,
    directed: bool,
}

/// Node ids to nodes. Ids of up to 23 bytes (nearly all) are keys in place, compared
/// as integers with no pointer to follow; longer ones are boxed.
#[derive(Default)]
struct IdIndex {
    short: FxHashMap<[u64; 3], u32>,
    long: FxHashMap<Box<str>, u32>,
}

impl IdIndex {
    /// The in-place key of a short id: its bytes and, in the last byte, its length.
    fn short_key(id: &str) -> Option<[u64; 3]> {
        let bytes = id.as_bytes();
        if bytes.len() > 23 {
            return None;
        }
        let mut key = [0u8; 24];
        key[..bytes.len()].copy_from_slice(bytes);
        key[23] = bytes.len() as u8;
        let word = |i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&key[i * 8..i * 8 + 8]);
            u64::from_le_bytes(w)
        };
        Some([word(0), word(1), word(2)])
    }

    fn get(&self, id: &str) -> Option<u32> {
        match Self::short_key(id) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(id).copied(),
        }
    }

    fn insert(&mut self, id: &str, node: u32) {
        match Self::short_key(id) {
            Some(key) => {
                self.short.insert(key, node);
            }
            None => {
                self.long.insert(id.into(), node);
            }
        }
    }
}

pub struct GraphBuilder {
    pub file: GraphFile,
    index: IdIndex,
    /// Edges read, their ids not yet resolved: the ids, one after the other.
    edge_ids: String,
    pending: Vec<PendingEdge>,
    pub display: String,
    pub warnings: Vec<LoadWarning>,
    pub warning_count: u64,
}

impl GraphBuilder {
    pub fn new(format: GraphFormat, display: &str) -> Self {
        Self {
            file: GraphFile {
                format,
                ..GraphFile::default()
            },
            index: IdIndex::default(),
            edge_ids: String::new(),
            pending: Vec::new(),
            display: display.to_owned(),
            warnings: Vec::new(),
            warning_count: 0,
        }
    }

    pub fn warn(&mut self, line: u64, reason: impl Into<String>) {
        self.warning_count += 1;
        if self.warnings.len() < WARNINGS_KEPT_PER_FILE {
            self.warnings.push(LoadWarning {
                file: self.display.clone(),
                line,
                reason: reason.into(),
            });
        }
    }

    /// A value as kept: control characters removed and long values cut, each with a
    /// warning.
    pub fn clean(&mut self, line: u64, what: &str, value: &str) -> Box<str> {
        let mut value = std::borrow::Cow::Borrowed(value);
        if value
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            let first = value
                .chars()
                .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                .map_or(0, u32::from);
            self.warn(
                line,
                format!("{what}: control character 0x{first:02X} removed"),
            );
            value = value
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
                .collect::<String>()
                .into();
        }
        if value.len() > MAX_VALUE_BYTES {
            self.warn(
                line,
                format!(
                    "{what}: a value of {} bytes cut to {} KB",
                    value.len(),
                    MAX_VALUE_BYTES >> 10
                ),
            );
            let mut end = MAX_VALUE_BYTES;
            while !value.is_char_boundary(end) {
                end -= 1;
            }
            return value[..end].into();
        }
        value.into()
    }

    /// Adds a node; a duplicate id is a warning and gives `None`.
    pub fn add_node(&mut self, line: u64, id: &str) -> Option<u32> {
        let id = self.clean(line, "node id", id.trim());
        if id.is_empty() {
            self.warn(line, "a node without an id skipped");
            return None;
        }
        if self.index.get(&id).is_some() {
            self.warn(
                line,
                format!("duplicate node id `{id}`: the repeat is skipped"),
            );
            return None;
        }
        let node = u32::try_from(self.file.ids.len()).ok()?;
        self.index.insert(&id, node);
        self.file.ids.push(id);
        Some(node)
    }

    /// Adds the node of a `<node>` element with id `id`; none is a warning.
    pub fn node_of_element(&mut self, line: u64, id: Option<&str>) -> Option<u32> {
        match id {
            Some(id) => self.add_node(line, id),
            None => {
                self.warn(line, "a <node> without an id skipped");
                None
            }
        }
    }

    /// The node of an id. Ids that differ only as numbers (`0` and `0.0`, as files
    /// Gephi wrote mix them) are the same node.
    pub fn find(&self, id: &str) -> Option<u32> {
        let id = id.trim();
        // Most files number their nodes in order (`0`, `1`, … or `n0`, `n1`, …): the
        // id's number is then its index, with no hashing.
        let digits = id.strip_prefix('n').unwrap_or(id);
        if !digits.is_empty()
            && digits.len() <= 9
            && digits.bytes().all(|b| b.is_ascii_digit())
            && let Ok(k) = digits.parse::<usize>()
            && self.file.ids.get(k).is_some_and(|known| **known == *id)
        {
            return Some(k as u32);
        }
        if let Some(n) = self.index.get(id) {
            return Some(n);
        }
        let number = id.parse::<f64>().ok().filter(|v| v.fract() == 0.0)?;
        let other = if id.contains('.') {
            format!("{}", number as i64)
        } else {
            format!("{number:.1}")
        };
        self.index.get(other.as_str())
    }

    /// The node of an id, added when the file declares nodes only through edges (CSV
    /// edge lists).
    pub fn find_or_add(&mut self, line: u64, id: &str) -> Option<u32> {
        match self.find(id) {
            Some(n) => Some(n),
            None => self.add_node(line, id),
        }
    }

    /// Adds an edge between two ids, resolved when the file is read ([`Self::finish`]:
    /// a missing node is then a warning and the edge is skipped).
    pub fn add_edge(
        &mut self,
        line: u64,
        source: &str,
        target: &str,
        weight: f64,
        kind: u32,
        directed: bool,
    ) {
        let start = self.edge_ids.len();
        self.edge_ids.push_str(source);
        let middle = self.edge_ids.len();
        self.edge_ids.push_str(target);
        self.pending.push(PendingEdge {
            line,
            ids: [start, middle, self.edge_ids.len()],
            weight,
            kind,
            directed,
        });
    }

    /// Whether edges were read and every one is undirected.
    pub fn edges_all_undirected(&self) -> bool {
        !self.pending.is_empty() && self.pending.iter().all(|e| !e.directed)
    }

    /// Resolves the pending edges' ids to nodes, in parallel (the lookups are random
    /// accesses into a large table: two threads hide each other's waits), then adds
    /// them in file order with their warnings.
    fn resolve_edges(&mut self) {
        use rayon::prelude::*;
        let pending = std::mem::take(&mut self.pending);
        let ids = std::mem::take(&mut self.edge_ids);
        let this = &*self;
        let ends: Vec<(Option<u32>, Option<u32>)> = pending
            .par_iter()
            .map(|e| {
                let [a, b, c] = e.ids;
                (this.find(&ids[a..b]), this.find(&ids[b..c]))
            })
            .collect();
        self.file.edges.reserve(pending.len());
        for (e, ends) in pending.iter().zip(ends) {
            let [a, b, c] = e.ids;
            let (Some(src), Some(dst)) = ends else {
                let missing = if ends.0.is_none() {
                    &ids[a..b]
                } else {
                    &ids[b..c]
                };
                self.warn(
                    e.line,
                    format!("an edge to a node that is not declared (`{missing}`) skipped"),
                );
                continue;
            };
            let weight = if e.weight.is_finite() {
                e.weight
            } else {
                self.warn(e.line, "an edge weight that is not a number taken as 1");
                1.0
            };
            self.file.edges.push(FileEdge {
                src,
                dst,
                weight,
                kind: e.kind,
                directed: e.directed,
            });
        }
    }

    /// Reads an edge weight (absent = 1); an unreadable one is a warning.
    pub fn weight(&mut self, line: u64, raw: Option<&str>) -> f64 {
        match raw.map(str::trim) {
            None | Some("") => 1.0,
            Some(w) => match w.parse::<f64>() {
                Ok(v) if v.is_finite() => v,
                _ => {
                    self.warn(
                        line,
                        format!("edge weight `{w}` is not a number: taken as 1"),
                    );
                    1.0
                }
            },
        }
    }

    /// Sets a node's position (either coordinate may come alone).
    pub fn set_position(&mut self, node: u32, x: Option<f32>, y: Option<f32>) {
        let positions = self.file.positions.get_or_insert_with(Vec::new);
        let i = node as usize;
        if positions.len() <= i {
            positions.resize(i + 1, None);
        }
        let old = positions[i].unwrap_or([0.0, 0.0]);
        let p = [x.unwrap_or(old[0]), y.unwrap_or(old[1])];
        if p.iter().all(|v| v.is_finite()) {
            positions[i] = Some(p);
        }
    }

    pub fn set_color(&mut self, node: u32, color: [u8; 4]) {
        let colors = self.file.colors.get_or_insert_with(Vec::new);
        let i = node as usize;
        if colors.len() <= i {
            colors.resize(i + 1, None);
        }
        colors[i] = Some(color);
    }

    pub fn set_size(&mut self, node: u32, size: f32) {
        if !size.is_finite() || size < 0.0 {
            return;
        }
        let sizes = self.file.sizes.get_or_insert_with(Vec::new);
        let i = node as usize;
        if sizes.len() <= i {
            sizes.resize(i + 1, None);
        }
        sizes[i] = Some(size);
    }

    pub fn set_label(&mut self, line: u64, node: u32, label: &str) {
        let label = self.clean(line, "label", label);
        let i = node as usize;
        if self.file.labels.len() <= i {
            self.file.labels.resize(i + 1, "".into());
        }
        self.file.labels[i] = label;
    }

    /// Sets attribute column `column` of a node.
    pub fn set_attribute(&mut self, line: u64, node: u32, column: usize, value: &str) {
        let value = self.clean(line, "attribute", value);
        if let Some(a) = self.file.attributes.get_mut(column) {
            a.set(node as usize, &value);
        }
    }

    /// The file, every per-node column padded to the node count.
    pub fn finish(mut self) -> (GraphFile, Vec<LoadWarning>, u64) {
        self.resolve_edges();
        // igraph (GraphML, GML) names vertices with a `name` attribute: it is the label
        // when the file has no other.
        if self.file.labels.iter().all(|l| l.is_empty())
            && let Some(names) = self.file.attribute("name").cloned()
        {
            for node in 0..self.file.ids.len() {
                if let Some(v) = names.get(node) {
                    self.set_label(0, node as u32, v);
                }
            }
        }
        self.file.finish();
        (self.file, self.warnings, self.warning_count)
    }
}

/// Reads a number from a file's text, `None` when absent or unreadable.
pub fn number(raw: Option<&str>) -> Option<f32> {
    raw?.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}
