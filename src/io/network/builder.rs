//! [`GraphBuilder`]: what every network-file reader fills: nodes by id, edges between
//! them, per-node and per-edge attributes, visual values and time windows, and the
//! warnings (file, line, reason) for what was skipped or repaired.

use rustc_hash::FxHashMap;

use crate::io::input::WARNINGS_KEPT_PER_FILE;
use crate::model::LoadWarning;
use crate::model::graph_file::{
    AttrType, Attribute, FileEdge, GraphFile, GraphFormat, Spell, Spells, TimeFormat,
};

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

/// What a pending edge carries beyond its ends, set by the reader before the edge is
/// resolved.
enum EdgeExtra {
    Attribute { column: usize, value: Box<str> },
    Spell(Spell),
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
    /// Attribute values and spells of pending edges, by pending index.
    pending_extra: Vec<(usize, EdgeExtra)>,
    /// Declared defaults of edge attribute columns, given once the edges are resolved.
    edge_defaults: Vec<(usize, String)>,
    time_format: TimeFormat,
    /// Whether the time format is settled (declared, or inferred from a first time).
    time_format_fixed: bool,
    /// Ids to give nodes once the edges (which name them by their ids in the file) are
    /// resolved: (node, line, id).
    renames: Vec<(u32, u64, Box<str>)>,
    /// Edge columns typed by their values once read.
    inferred_edge_columns: Vec<usize>,
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
            pending_extra: Vec::new(),
            edge_defaults: Vec::new(),
            time_format: TimeFormat::Double,
            time_format_fixed: false,
            inferred_edge_columns: Vec::new(),
            renames: Vec::new(),
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
    /// a missing node is then a warning and the edge is skipped). Returns its pending
    /// index, for [`Self::set_edge_attribute`] and [`Self::add_edge_spell`].
    pub fn add_edge(
        &mut self,
        line: u64,
        source: &str,
        target: &str,
        weight: f64,
        kind: u32,
        directed: bool,
    ) -> usize {
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
        self.pending.len() - 1
    }

    /// Gives a node its own id once the file is read (the file named it otherwise).
    pub fn rename_node(&mut self, line: u64, node: u32, id: &str) {
        let id = self.clean(line, "node id", id.trim());
        if !id.is_empty() {
            self.renames.push((node, line, id));
        }
    }

    /// Applies [`Self::rename_node`]'s ids; one that another node already has is a
    /// warning, and the node keeps the file's id.
    fn apply_renames(&mut self) {
        let renames = std::mem::take(&mut self.renames);
        if renames.is_empty() {
            return;
        }
        let renamed: std::collections::HashSet<u32> = renames.iter().map(|r| r.0).collect();
        let mut taken: std::collections::HashSet<Box<str>> = self
            .file
            .ids
            .iter()
            .enumerate()
            .filter(|(i, _)| !renamed.contains(&(*i as u32)))
            .map(|(_, id)| id.clone())
            .collect();
        for (node, line, id) in renames {
            if taken.contains(&id) {
                self.warn(
                    line,
                    format!("duplicate node id `{id}`: the file's token kept"),
                );
                continue;
            }
            taken.insert(id.clone());
            if let Some(slot) = self.file.ids.get_mut(node as usize) {
                *slot = id;
            }
        }
    }

    /// Declares an edge attribute column; returns its index.
    pub fn edge_column(&mut self, name: &str, kind: AttrType) -> usize {
        self.file.edge_attributes.push(Attribute::new(name, kind));
        self.file.edge_attributes.len() - 1
    }

    /// Declares an edge attribute column whose type its values will show (for formats
    /// that declare none); returns its index.
    pub fn edge_column_inferred(&mut self, name: &str) -> usize {
        let column = self.edge_column(name, AttrType::Text);
        self.inferred_edge_columns.push(column);
        column
    }

    /// Sets edge attribute column `column` of pending edge `edge`.
    pub fn set_edge_attribute(&mut self, line: u64, edge: usize, column: usize, value: &str) {
        let value = self.clean(line, "edge attribute", value);
        self.pending_extra
            .push((edge, EdgeExtra::Attribute { column, value }));
    }

    /// Declares edge attribute column `column`'s default value.
    pub fn set_edge_default(&mut self, column: usize, value: &str) {
        self.edge_defaults.push((column, value.to_owned()));
    }

    /// The file's time format (its spells start with the first one added).
    pub fn set_time_format(&mut self, format: TimeFormat) {
        self.time_format = format;
        self.time_format_fixed = true;
        if let Some(s) = &mut self.file.spells {
            s.format = format;
        }
    }

    pub fn time_format(&self) -> TimeFormat {
        self.time_format
    }

    /// The time format for a file that declares none, from its first time (Gephi reads
    /// dates in such files): a number, a date, or a date and time.
    pub fn infer_time_format(&mut self, first_time: &str) {
        if self.time_format_fixed {
            return;
        }
        let raw = first_time.trim();
        let format = if TimeFormat::Double.parse(raw).is_some() {
            TimeFormat::Double
        } else if raw.len() > 10 && TimeFormat::DateTime.parse(raw).is_some() {
            TimeFormat::DateTime
        } else if TimeFormat::Date.parse(raw).is_some() {
            TimeFormat::Date
        } else {
            return;
        };
        self.set_time_format(format);
    }

    fn spells(&mut self) -> &mut Spells {
        let format = self.time_format;
        self.file.spells.get_or_insert_with(|| Spells::new(format))
    }

    /// Adds a time window to a node.
    pub fn add_node_spell(&mut self, node: u32, spell: Spell) {
        let nodes = &mut self.spells().nodes;
        let i = node as usize;
        if nodes.len() <= i {
            nodes.resize(i + 1, Vec::new());
        }
        nodes[i].push(spell);
    }

    /// Adds a time window to pending edge `edge`.
    pub fn add_edge_spell(&mut self, edge: usize, spell: Spell) {
        self.spells();
        self.pending_extra.push((edge, EdgeExtra::Spell(spell)));
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
        // Where each pending edge went (`u32::MAX`: skipped).
        let mut placed = vec![u32::MAX; pending.len()];
        for ((e, ends), slot) in pending.iter().zip(ends).zip(&mut placed) {
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
            *slot = u32::try_from(self.file.edges.len()).unwrap_or(u32::MAX);
            self.file.edges.push(FileEdge {
                src,
                dst,
                weight,
                kind: e.kind,
                directed: e.directed,
            });
        }
        let edges = self.file.edges.len();
        for (pending, extra) in std::mem::take(&mut self.pending_extra) {
            let Some(&edge) = placed.get(pending).filter(|&&k| k != u32::MAX) else {
                continue;
            };
            let edge = edge as usize;
            match extra {
                EdgeExtra::Attribute { column, value } => {
                    if let Some(a) = self.file.edge_attributes.get_mut(column) {
                        a.set(edge, &value);
                    }
                }
                EdgeExtra::Spell(spell) => {
                    let spells = &mut self.spells().edges;
                    if spells.len() < edges {
                        spells.resize(edges, Vec::new());
                    }
                    spells[edge].push(spell);
                }
            }
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
        self.apply_renames();
        let edges = self.file.edges.len();
        for (column, value) in std::mem::take(&mut self.edge_defaults) {
            let value = value.trim();
            if let Some(a) = self.file.edge_attributes.get_mut(column)
                && !value.is_empty()
            {
                a.finish(edges);
                for edge in 0..edges {
                    if a.get(edge).is_none() {
                        a.set(edge, value);
                    }
                }
            }
        }
        for column in std::mem::take(&mut self.inferred_edge_columns) {
            if let Some(a) = self.file.edge_attributes.get_mut(column) {
                a.kind = AttrType::inferred(&a.values);
            }
        }
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
