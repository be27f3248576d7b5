//! [`GraphBuilder`]: what every network-file reader fills: nodes by id, edges between
//! them, per-node attributes and visual values, and the warnings (file, line, reason)
//! for what was skipped or repaired.

use rustc_hash::FxHashMap;

use crate::io::input::WARNINGS_KEPT_PER_FILE;
use crate::model::LoadWarning;
use crate::model::graph_file::{FileEdge, GraphFile, GraphFormat};

/// Longest attribute value or label kept; longer ones are cut, with a warning.
pub const MAX_VALUE_BYTES: usize = 64 << 10;

pub struct GraphBuilder {
    pub file: GraphFile,
    index: FxHashMap<Box<str>, u32>,
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
            index: FxHashMap::default(),
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
        if self.index.contains_key(&id) {
            self.warn(
                line,
                format!("duplicate node id `{id}`: the repeat is skipped"),
            );
            return None;
        }
        let node = u32::try_from(self.file.ids.len()).ok()?;
        self.index.insert(id.clone(), node);
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
        if let Some(&n) = self.index.get(id) {
            return Some(n);
        }
        let number = id.parse::<f64>().ok().filter(|v| v.fract() == 0.0)?;
        let other = if id.contains('.') {
            format!("{}", number as i64)
        } else {
            format!("{number:.1}")
        };
        self.index.get(other.as_str()).copied()
    }

    /// The node of an id, added when the file declares nodes only through edges (CSV
    /// edge lists).
    pub fn find_or_add(&mut self, line: u64, id: &str) -> Option<u32> {
        match self.find(id) {
            Some(n) => Some(n),
            None => self.add_node(line, id),
        }
    }

    /// Adds an edge between two ids; a missing node is a warning and the edge is
    /// skipped.
    pub fn add_edge(
        &mut self,
        line: u64,
        source: &str,
        target: &str,
        weight: f64,
        kind: u32,
        directed: bool,
    ) {
        let (Some(src), Some(dst)) = (self.find(source), self.find(target)) else {
            let missing = if self.find(source).is_none() {
                source
            } else {
                target
            };
            self.warn(
                line,
                format!("an edge to a node that is not declared (`{missing}`) skipped"),
            );
            return;
        };
        let weight = if weight.is_finite() {
            weight
        } else {
            self.warn(line, "an edge weight that is not a number taken as 1");
            1.0
        };
        self.file.edges.push(FileEdge {
            src,
            dst,
            weight,
            kind,
            directed,
        });
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
        self.file.finish();
        (self.file, self.warnings, self.warning_count)
    }
}

/// Reads a number from a file's text, `None` when absent or unreadable.
pub fn number(raw: Option<&str>) -> Option<f32> {
    raw?.trim().parse::<f32>().ok().filter(|v| v.is_finite())
}
