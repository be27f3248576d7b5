//! GEXF 1.1–1.3 (Gephi's format): nodes with labels and attribute values (declared
//! `<attributes>` with their types and defaults), `viz:position`, `viz:color` (`r/g/b/a`
//! or `hex`) and `viz:size`, edges with weights, `type` (directed, undirected, mutual)
//! and the 1.3 `kind`, and edge attributes. Dynamic graphs: `start`/`end` (or
//! `startopen`/`endopen`, or 1.3's `timestamp`, `intervals` and `timestamps`) on nodes
//! and edges, `<spells>` and 1.1's `<slices>` become their time windows, read in the
//! graph's `timeformat` (or, undeclared, the one the first time shows; dynamic
//! attribute values keep their last value). Tolerates what files Gephi wrote do: a
//! mistyped or missing `viz` namespace (elements are matched by local name), ids
//! written as `0.0` against `0`, nested nodes (read flat).

use std::collections::HashMap;

use super::builder::{GraphBuilder, number};
use super::xml::{Node, XmlReader, attr, attrs, attrs_and, edge_ends, local_name, lower_name};
use crate::io::input::LoadError;
use crate::model::graph_file::{AttrType, Attribute, GraphFormat, Spell, TimeFormat, parse_color};

/// What a declared edge attribute stands for.
#[derive(Clone, Copy, PartialEq)]
enum EdgeMeaning {
    Weight,
    Kind,
    /// An edge attribute column.
    Column(usize),
}

/// An edge read up to its end tag (its attribute values may set weight and kind).
struct PendingEdge {
    line: u64,
    source: String,
    target: String,
    weight: f64,
    kind: u32,
    directed: bool,
    /// Attribute values: (edge column, value).
    values: Vec<(usize, String)>,
    spells: Vec<Spell>,
}

/// The time windows of a GEXF 1.3 `intervals` (`<[1, 2]; [4, 5)>`) or `timestamps`
/// (`<[1, 2, 3]>`) attribute, each timestamp a window of one moment; an unreadable
/// time is a warning.
fn listed_spells(
    b: &mut GraphBuilder,
    line: u64,
    intervals: Option<&str>,
    timestamps: Option<&str>,
) -> Vec<Spell> {
    let strip = |s: &str| -> String {
        s.trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim()
            .to_owned()
    };
    let mut spells = Vec::new();
    let read = |b: &mut GraphBuilder, raw: &str| -> Option<f64> {
        let raw = raw.trim();
        b.infer_time_format(raw);
        let format = b.time_format();
        let t = format.parse(raw);
        if t.is_none() {
            b.warn(
                line,
                format!("time `{raw}` is not a {} time: skipped", format.declared()),
            );
        }
        t
    };
    if let Some(list) = intervals {
        for interval in strip(list).split(';') {
            let body = interval.trim().trim_matches(['[', ']', '(', ')']);
            if body.trim().is_empty() {
                continue;
            }
            let Some((a, z)) = body.split_once(',') else {
                b.warn(
                    line,
                    format!("interval `{}` has no end: skipped", interval.trim()),
                );
                continue;
            };
            if let (Some(start), Some(end)) = (read(b, a), read(b, z))
                && start <= end
            {
                spells.push(Spell { start, end });
            }
        }
    }
    if let Some(list) = timestamps {
        let list = strip(list);
        for t in list.trim_matches(['[', ']']).split([',', ';']) {
            if !t.trim().is_empty()
                && let Some(t) = read(b, t)
            {
                spells.push(Spell { start: t, end: t });
            }
        }
    }
    spells
}

/// The time window an element's `start`/`end` (or `startopen`/`endopen`, or
/// `timestamp`) attributes give, if any; an unreadable time is a warning. A `<spell>`
/// element (`whole_without_bounds`) with no bounds is all time; an element without
/// them has no spell.
fn spell_of(
    b: &mut GraphBuilder,
    line: u64,
    times: [Option<&str>; 5],
    whole_without_bounds: bool,
) -> Option<Spell> {
    let [start, end, start_open, end_open, timestamp] = times;
    if let Some(first) = times.into_iter().flatten().next() {
        b.infer_time_format(first);
    }
    let format = b.time_format();
    let mut read = |raw: Option<&str>, open: f64| -> Option<f64> {
        match raw {
            None => Some(open),
            Some(r) => match format.parse(r) {
                Some(t) => Some(t),
                None => {
                    b.warn(
                        line,
                        format!(
                            "time `{}` is not a {} time: the spell is skipped",
                            r.trim(),
                            format.declared()
                        ),
                    );
                    None
                }
            },
        }
    };
    if let Some(t) = timestamp {
        let t = read(Some(t), 0.0)?;
        return Some(Spell { start: t, end: t });
    }
    let start = start.or(start_open);
    let end = end.or(end_open);
    if start.is_none() && end.is_none() {
        return whole_without_bounds.then_some(Spell {
            start: f64::NEG_INFINITY,
            end: f64::INFINITY,
        });
    }
    let spell = Spell {
        start: read(start, f64::NEG_INFINITY)?,
        end: read(end, f64::INFINITY)?,
    };
    if spell.start > spell.end {
        b.warn(line, "a spell that ends before it starts is skipped");
        return None;
    }
    Some(spell)
}

/// The time attributes an element may carry, in the order [`spells_of`] reads them
/// (read with the element's own attributes, in one pass: [`attrs_and`]).
const TIME_ATTRS: [&str; 7] = [
    "start",
    "end",
    "startopen",
    "endopen",
    "timestamp",
    "intervals",
    "timestamps",
];

/// Every time window an element's time attributes give (values in [`TIME_ATTRS`]'s
/// order): its own bounds, then its listed intervals and timestamps.
fn spells_of(
    b: &mut GraphBuilder,
    line: u64,
    times: &[Option<std::borrow::Cow<'_, str>>],
    whole_without_bounds: bool,
) -> Vec<Spell> {
    let get = |i: usize| times.get(i).and_then(|t| t.as_deref());
    if (0..TIME_ATTRS.len()).all(|i| get(i).is_none()) && !whole_without_bounds {
        return Vec::new();
    }
    // A `<spell>` listing its moments is those moments, not all time.
    let listed = get(5).is_some() || get(6).is_some();
    let own = spell_of(
        b,
        line,
        [get(0), get(1), get(2), get(3), get(4)],
        whole_without_bounds && !listed,
    );
    let mut spells: Vec<Spell> = own.into_iter().collect();
    spells.extend(listed_spells(b, line, get(5), get(6)));
    spells
}

/// Which `<attributes class=…>` block is open.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    Node,
    Edge,
}

/// Reads a GEXF document.
pub fn read(bytes: &[u8], display: &str) -> Result<GraphBuilder, LoadError> {
    let mut xml = XmlReader::new(bytes, display);
    let mut b = GraphBuilder::new(GraphFormat::Gexf, display);
    let mut seen_root = false;
    // Declared attributes: id → node column, or edge meaning.
    let mut node_columns: HashMap<String, usize> = HashMap::new();
    let mut edge_meanings: HashMap<String, EdgeMeaning> = HashMap::new();
    let mut defaults: Vec<(usize, String)> = Vec::new();
    let mut class = Class::Node;
    // The attribute whose <default> is being read.
    let mut declaring: Option<usize> = None;
    // The edge attribute whose <default> is being read.
    let mut declaring_edge: Option<usize> = None;
    let mut in_default = false;
    let mut default_text = String::new();
    // The node whose children are read (a stack, as GEXF nests nodes).
    let mut nodes: Vec<Option<u32>> = Vec::new();
    let mut edge: Option<PendingEdge> = None;
    while let Some(item) = xml.next_node()? {
        match item {
            Node::Open { tag, empty } => {
                let line = xml.line();
                let mut buffer = [0u8; 32];
                let name = lower_name(&tag, &mut buffer);
                if !seen_root {
                    xml.expect_root(local_name(&tag), b"gexf", "GEXF")?;
                    seen_root = true;
                    continue;
                }
                match name {
                    b"graph" => {
                        let kind = attr(&tag, "defaultedgetype").unwrap_or_default();
                        b.file.directed = !matches!(
                            kind.trim().to_ascii_lowercase().as_str(),
                            "undirected" | "mutual"
                        );
                        if let Some(format) = attr(&tag, "timeformat") {
                            b.set_time_format(TimeFormat::from_declared(&format));
                        }
                    }
                    b"attributes" => {
                        class = match attr(&tag, "class").as_deref().map(str::trim) {
                            Some(c) if c.eq_ignore_ascii_case("edge") => Class::Edge,
                            _ => Class::Node,
                        };
                    }
                    b"attribute" => {
                        let id = attr(&tag, "id").unwrap_or_default().trim().to_owned();
                        let title = attr(&tag, "title")
                            .map(|t| t.trim().to_owned())
                            .filter(|t| !t.is_empty())
                            .unwrap_or_else(|| id.clone());
                        let kind = AttrType::from_declared(&attr(&tag, "type").unwrap_or_default());
                        declaring = None;
                        declaring_edge = None;
                        match class {
                            Class::Node => {
                                let column = b.file.attributes.len();
                                b.file.attributes.push(Attribute::new(&title, kind));
                                node_columns.insert(id, column);
                                declaring = Some(column);
                            }
                            Class::Edge => {
                                let meaning = match title.to_ascii_lowercase().as_str() {
                                    "weight" => EdgeMeaning::Weight,
                                    "kind" | "type" | "interaction" => EdgeMeaning::Kind,
                                    _ => EdgeMeaning::Column(b.edge_column(&title, kind)),
                                };
                                if let EdgeMeaning::Column(column) = meaning {
                                    declaring_edge = Some(column);
                                }
                                edge_meanings.insert(id, meaning);
                            }
                        }
                        if empty {
                            declaring = None;
                            declaring_edge = None;
                        }
                    }
                    b"default" if declaring.is_some() || declaring_edge.is_some() => {
                        in_default = !empty;
                        default_text.clear();
                    }
                    b"node" => {
                        let ([id, label], times) = attrs_and(&tag, ["id", "label"], TIME_ATTRS);
                        let node = b.node_of_element(line, id.as_deref());
                        if let (Some(n), Some(label)) = (node, label) {
                            b.set_label(line, n, &label);
                        }
                        if let Some(n) = node {
                            for spell in spells_of(&mut b, line, &times, false) {
                                b.add_node_spell(n, spell);
                            }
                        }
                        if !empty {
                            nodes.push(node);
                        }
                    }
                    b"edge" => {
                        let ([source, target, weight, kind, label, type_], times) = attrs_and(
                            &tag,
                            ["source", "target", "weight", "kind", "label", "type"],
                            TIME_ATTRS,
                        );
                        let Some((source, target)) =
                            edge_ends(&mut xml, &mut b, (source, target), empty)?
                        else {
                            continue;
                        };
                        let weight = b.weight(line, weight.as_deref());
                        let directed = match type_.as_deref().map(str::trim) {
                            Some(t) if t.eq_ignore_ascii_case("directed") => true,
                            Some(t)
                                if t.eq_ignore_ascii_case("undirected")
                                    || t.eq_ignore_ascii_case("mutual") =>
                            {
                                false
                            }
                            _ => b.file.directed,
                        };
                        let kind = kind.or(label).map_or(0, |k| b.file.edge_type(&k));
                        let spells = spells_of(&mut b, line, &times, false);
                        let pending = PendingEdge {
                            line,
                            source: source.into_owned(),
                            target: target.into_owned(),
                            weight,
                            kind,
                            directed,
                            values: Vec::new(),
                            spells,
                        };
                        if empty {
                            add(&mut b, pending);
                        } else {
                            edge = Some(pending);
                        }
                    }
                    b"attvalue" => {
                        let key = attr(&tag, "for")
                            .or_else(|| attr(&tag, "id"))
                            .unwrap_or_default()
                            .trim()
                            .to_owned();
                        let value = attr(&tag, "value").unwrap_or_default();
                        if let Some(e) = &mut edge {
                            match edge_meanings.get(&key) {
                                Some(EdgeMeaning::Weight) => {
                                    e.weight = b.weight(line, Some(&value));
                                }
                                Some(EdgeMeaning::Kind) => e.kind = b.file.edge_type(&value),
                                Some(&EdgeMeaning::Column(column)) => {
                                    e.values.retain(|(c, _)| *c != column);
                                    e.values.push((column, value.into_owned()));
                                }
                                None => b.warn(
                                    line,
                                    format!(
                                        "a value for the undeclared edge attribute `{key}` skipped"
                                    ),
                                ),
                            }
                        } else if let Some(Some(n)) = nodes.last() {
                            match node_columns.get(&key) {
                                Some(&column) => b.set_attribute(line, *n, column, &value),
                                None => b.warn(
                                    line,
                                    format!("a value for the undeclared attribute `{key}` skipped"),
                                ),
                            }
                        }
                    }
                    b"spell" | b"slice" => {
                        let times = attrs(&tag, TIME_ATTRS);
                        for spell in spells_of(&mut b, line, &times, true) {
                            if let Some(e) = &mut edge {
                                e.spells.push(spell);
                            } else if let Some(Some(n)) = nodes.last() {
                                b.add_node_spell(*n, spell);
                            }
                        }
                    }
                    b"position" => {
                        if let Some(Some(n)) = nodes.last() {
                            let [x, y] = attrs(&tag, ["x", "y"]);
                            b.set_position(*n, number(x.as_deref()), number(y.as_deref()));
                        }
                    }
                    b"color" => {
                        if let Some(Some(n)) = nodes.last() {
                            match color_of(&tag) {
                                Some(c) => b.set_color(*n, c),
                                None => b.warn(line, "a viz:color that cannot be read skipped"),
                            }
                        }
                    }
                    b"size" => {
                        if let (Some(Some(n)), Some(size)) =
                            (nodes.last(), number(attr(&tag, "value").as_deref()))
                        {
                            b.set_size(*n, size);
                        }
                    }
                    _ => {}
                }
            }
            Node::Close(name) => match name.to_ascii_lowercase().as_slice() {
                b"node" => {
                    nodes.pop();
                }
                b"edge" => {
                    if let Some(e) = edge.take() {
                        add(&mut b, e);
                    }
                }
                b"default" => {
                    if in_default {
                        if let Some(column) = declaring {
                            defaults.push((column, default_text.clone()));
                        } else if let Some(column) = declaring_edge {
                            b.set_edge_default(column, &default_text);
                        }
                    }
                    in_default = false;
                }
                b"attribute" => {
                    declaring = None;
                    declaring_edge = None;
                }
                _ => {}
            },
            Node::Text(text) => {
                if in_default {
                    default_text.push_str(&text);
                }
            }
        }
    }
    if !seen_root {
        return Err(xml.error("not a GEXF file: no <gexf> element"));
    }
    apply_defaults(&mut b, &defaults);
    Ok(b)
}

fn add(b: &mut GraphBuilder, e: PendingEdge) {
    let k = b.add_edge(e.line, &e.source, &e.target, e.weight, e.kind, e.directed);
    for (column, value) in e.values {
        b.set_edge_attribute(e.line, k, column, &value);
    }
    for spell in e.spells {
        b.add_edge_spell(k, spell);
    }
}

/// A `viz:color`: `hex` (GEXF 1.3) or `r`, `g`, `b` and an optional `a` (0–1).
fn color_of(tag: &quick_xml::events::BytesStart<'_>) -> Option<[u8; 4]> {
    if let Some(hex) = attr(tag, "hex") {
        return parse_color(&hex);
    }
    let channel = |name: &str| -> Option<u8> {
        let v = attr(tag, name)?.trim().parse::<f64>().ok()?;
        v.is_finite().then_some(v.clamp(0.0, 255.0) as u8)
    };
    let alpha = match attr(tag, "a") {
        Some(a) => {
            let a = a.trim().parse::<f64>().ok()?;
            let a = if a <= 1.0 { a * 255.0 } else { a };
            a.clamp(0.0, 255.0).round() as u8
        }
        None => 255,
    };
    Some([channel("r")?, channel("g")?, channel("b")?, alpha])
}

/// Gives nodes without a value their attribute's declared default.
pub(super) fn apply_defaults(b: &mut GraphBuilder, defaults: &[(usize, String)]) {
    let n = b.file.ids.len();
    for (column, value) in defaults {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if let Some(a) = b.file.attributes.get_mut(*column) {
            a.finish(n);
            for node in 0..n {
                if a.get(node).is_none() {
                    a.set(node, value);
                }
            }
        }
    }
}
