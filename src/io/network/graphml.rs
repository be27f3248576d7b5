//! GraphML, as igraph, networkx and yEd write it: `<key>` declarations (by id, with
//! `attr.name`, `attr.type`, `for` and a `<default>`), `edgedefault` and per-edge
//! `directed`, `<data>` values. Keys are mapped by name as Gephi maps them: `label`,
//! `x`/`y`, `size`, `r`/`g`/`b` and `color` for nodes, `weight` and `kind`/`type` for
//! edges, `ioscope_id` (a node's own id where ioscope wrote an NMTOKEN in its place);
//! every other key is a node or edge attribute. yEd's node graphics (`y:Geometry`,
//! `y:Fill`, `y:NodeLabel`) give positions, colours, sizes and labels. Hyperedges are
//! skipped with a warning; nested graphs are read flat.

use std::collections::HashMap;

use super::builder::{GraphBuilder, number};
use super::gexf::apply_defaults;
use super::xml::{Node, XmlReader, attr, attrs, edge_ends, local_name, lower_name};
use crate::io::input::LoadError;
use crate::model::graph_file::{AttrType, Attribute, GraphFormat, parse_color};

/// What a key's values mean.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Meaning {
    Label,
    X,
    Y,
    Size,
    Red,
    Green,
    Blue,
    Color,
    Weight,
    EdgeKind,
    /// yEd's node graphics (read from the elements inside the data).
    Graphics,
    /// The node's own id, where ioscope wrote an NMTOKEN in its place.
    OwnId,
    /// A node attribute column.
    Column(usize),
    /// An edge attribute column.
    EdgeColumn(usize),
    Ignored,
}

/// A value being read for the node or edge open.
struct Data {
    meaning: Meaning,
    text: String,
}

struct PendingEdge {
    line: u64,
    source: String,
    target: String,
    directed: bool,
    weight: f64,
    kind: u32,
    /// Attribute values: (edge column, value).
    values: Vec<(usize, String)>,
}

/// Reads a GraphML document.
pub fn read(bytes: &[u8], display: &str) -> Result<GraphBuilder, LoadError> {
    let mut xml = XmlReader::new(bytes, display);
    let mut b = GraphBuilder::new(GraphFormat::GraphMl, display);
    let mut seen_root = false;
    // Keys: (id, domain) → meaning; domain "node", "edge" (a key for "all" is both).
    let mut keys: HashMap<(String, bool), Meaning> = HashMap::new();
    let mut declaring: Option<Meaning> = None;
    let mut in_default = false;
    let mut default_text = String::new();
    let mut defaults: Vec<(usize, String)> = Vec::new();
    let mut nodes: Vec<Option<u32>> = Vec::new();
    let mut edge: Option<PendingEdge> = None;
    let mut data: Option<Data> = None;
    // Colour channels of the node open (r, g, b keys).
    let mut channels: [Option<u8>; 3] = [None; 3];
    while let Some(item) = xml.next_node()? {
        match item {
            Node::Open { tag, empty } => {
                let line = xml.line();
                let mut buffer = [0u8; 32];
                let name = lower_name(&tag, &mut buffer);
                if !seen_root {
                    xml.expect_root(local_name(&tag), b"graphml", "GraphML")?;
                    seen_root = true;
                    continue;
                }
                // Inside yEd's graphics: geometry, fill and label.
                if let Some(d) = &data
                    && d.meaning == Meaning::Graphics
                {
                    if let Some(Some(n)) = nodes.last() {
                        graphics(&mut b, *n, name, &tag);
                    }
                    continue;
                }
                match name {
                    b"key" => {
                        let id = attr(&tag, "id").unwrap_or_default().trim().to_owned();
                        let domain = attr(&tag, "for").unwrap_or_default().to_ascii_lowercase();
                        let attr_name = attr(&tag, "attr.name")
                            .map(|n| n.trim().to_owned())
                            .filter(|n| !n.is_empty())
                            .unwrap_or_else(|| id.clone());
                        let kind =
                            AttrType::from_declared(&attr(&tag, "attr.type").unwrap_or_default());
                        let yfiles = attr(&tag, "yfiles.type").unwrap_or_default();
                        declaring = None;
                        let for_nodes = matches!(domain.trim(), "node" | "all" | "");
                        let for_edges = matches!(domain.trim(), "edge" | "all");
                        if for_nodes {
                            let meaning = if yfiles.trim() == "nodegraphics" {
                                Meaning::Graphics
                            } else {
                                node_meaning(&mut b, &attr_name, kind)
                            };
                            keys.insert((id.clone(), true), meaning);
                            declaring = Some(meaning);
                        }
                        if for_edges {
                            let meaning = match attr_name.to_ascii_lowercase().as_str() {
                                "weight" => Meaning::Weight,
                                "kind" | "type" | "interaction" | "label" => Meaning::EdgeKind,
                                _ if yfiles.trim() == "edgegraphics" => Meaning::Ignored,
                                _ => Meaning::EdgeColumn(b.edge_column(&attr_name, kind)),
                            };
                            keys.insert((id, false), meaning);
                            if !for_nodes {
                                declaring = Some(meaning);
                            }
                        }
                        if empty {
                            declaring = None;
                        }
                    }
                    b"default" if declaring.is_some() => {
                        in_default = !empty;
                        default_text.clear();
                    }
                    b"graph" => {
                        if let Some(d) = attr(&tag, "edgedefault") {
                            b.file.directed = !d.trim().eq_ignore_ascii_case("undirected");
                        }
                    }
                    b"node" => {
                        let node = b.node_of_element(line, attr(&tag, "id").as_deref());
                        channels = [None; 3];
                        if !empty {
                            nodes.push(node);
                        }
                    }
                    b"edge" => {
                        let [source, target, directed] =
                            attrs(&tag, ["source", "target", "directed"]);
                        let Some((source, target)) =
                            edge_ends(&mut xml, &mut b, (source, target), empty)?
                        else {
                            continue;
                        };
                        let directed = match directed.as_deref().map(str::trim) {
                            Some("true" | "1") => true,
                            Some("false" | "0") => false,
                            _ => b.file.directed,
                        };
                        let pending = PendingEdge {
                            line,
                            source: source.into_owned(),
                            target: target.into_owned(),
                            directed,
                            weight: 1.0,
                            kind: 0,
                            values: Vec::new(),
                        };
                        if empty {
                            add(&mut b, pending);
                        } else {
                            edge = Some(pending);
                        }
                    }
                    b"hyperedge" => {
                        b.warn(line, "a <hyperedge> skipped: ioscope reads pairs only");
                        if !empty {
                            xml.skip_element()?;
                        }
                    }
                    b"data" => {
                        let key = attr(&tag, "key").unwrap_or_default().trim().to_owned();
                        let for_edge = edge.is_some();
                        let meaning = match keys.get(&(key.clone(), !for_edge)) {
                            Some(&m) => m,
                            None => {
                                b.warn(
                                    line,
                                    format!("a value for the undeclared key `{key}` skipped"),
                                );
                                Meaning::Ignored
                            }
                        };
                        if !empty {
                            data = Some(Data {
                                meaning,
                                text: String::new(),
                            });
                        }
                    }
                    _ => {}
                }
            }
            Node::Close(name) => match name.to_ascii_lowercase().as_slice() {
                b"data" => {
                    if let Some(d) = data.take() {
                        let line = xml.line();
                        if let Some(e) = &mut edge {
                            match d.meaning {
                                Meaning::Weight => e.weight = b.weight(line, Some(&d.text)),
                                Meaning::EdgeKind => e.kind = b.file.edge_type(&d.text),
                                Meaning::EdgeColumn(column) => {
                                    e.values.retain(|(c, _)| *c != column);
                                    e.values.push((column, d.text));
                                }
                                _ => {}
                            }
                        } else if let Some(Some(n)) = nodes.last() {
                            node_value(&mut b, line, *n, d.meaning, &d.text, &mut channels);
                        }
                    }
                }
                b"node" => {
                    nodes.pop();
                }
                b"edge" => {
                    if let Some(e) = edge.take() {
                        add(&mut b, e);
                    }
                }
                b"default" => {
                    match declaring {
                        Some(Meaning::Column(column)) if in_default => {
                            defaults.push((column, default_text.clone()));
                        }
                        Some(Meaning::EdgeColumn(column)) if in_default => {
                            b.set_edge_default(column, &default_text);
                        }
                        _ => {}
                    }
                    in_default = false;
                }
                b"key" => declaring = None,
                _ => {}
            },
            Node::Text(text) => {
                if let Some(d) = &mut data {
                    d.text.push_str(&text);
                } else if in_default {
                    default_text.push_str(&text);
                }
            }
        }
    }
    if !seen_root {
        return Err(xml.error("not a GraphML file: no <graphml> element"));
    }
    apply_defaults(&mut b, &defaults);
    Ok(b)
}

/// The meaning of a node key named `name`: visual values as Gephi maps them, else a
/// new attribute column.
fn node_meaning(b: &mut GraphBuilder, name: &str, kind: AttrType) -> Meaning {
    match name.to_ascii_lowercase().as_str() {
        "label" => Meaning::Label,
        "x" => Meaning::X,
        "y" => Meaning::Y,
        "size" => Meaning::Size,
        "r" => Meaning::Red,
        "g" => Meaning::Green,
        "b" => Meaning::Blue,
        "color" | "colour" => Meaning::Color,
        "ioscope_id" => Meaning::OwnId,
        _ => {
            b.file.attributes.push(Attribute::new(name, kind));
            Meaning::Column(b.file.attributes.len() - 1)
        }
    }
}

fn node_value(
    b: &mut GraphBuilder,
    line: u64,
    node: u32,
    meaning: Meaning,
    text: &str,
    channels: &mut [Option<u8>; 3],
) {
    let value = Some(text);
    match meaning {
        Meaning::Label => b.set_label(line, node, text),
        Meaning::X => b.set_position(node, number(value), None),
        Meaning::Y => b.set_position(node, None, number(value)),
        Meaning::Size => {
            if let Some(s) = number(value) {
                b.set_size(node, s);
            }
        }
        Meaning::Red | Meaning::Green | Meaning::Blue => {
            let i = match meaning {
                Meaning::Red => 0,
                Meaning::Green => 1,
                _ => 2,
            };
            channels[i] = number(value).map(|v| v.clamp(0.0, 255.0) as u8);
            if let [Some(r), Some(g), Some(bl)] = *channels {
                b.set_color(node, [r, g, bl, 255]);
            }
        }
        Meaning::Color => match parse_color(text) {
            Some(c) => b.set_color(node, c),
            None => b.warn(line, format!("colour `{}` cannot be read", text.trim())),
        },
        Meaning::Column(column) => b.set_attribute(line, node, column, text),
        Meaning::OwnId => b.rename_node(line, node, text),
        // yEd: the text inside the graphics is the node label's.
        Meaning::Graphics => {
            if !text.trim().is_empty() {
                b.set_label(line, node, text.trim());
            }
        }
        Meaning::Weight | Meaning::EdgeKind | Meaning::EdgeColumn(_) | Meaning::Ignored => {}
    }
}

/// yEd's node graphics: `Geometry` (its centre and width), `Fill` and `NodeLabel`.
fn graphics(b: &mut GraphBuilder, node: u32, name: &[u8], tag: &quick_xml::events::BytesStart<'_>) {
    match name {
        b"geometry" => {
            let x = number(attr(tag, "x").as_deref());
            let y = number(attr(tag, "y").as_deref());
            let w = number(attr(tag, "width").as_deref()).unwrap_or(0.0);
            let h = number(attr(tag, "height").as_deref()).unwrap_or(0.0);
            if let (Some(x), Some(y)) = (x, y) {
                b.set_position(node, Some(x + w / 2.0), Some(y + h / 2.0));
            }
            if w > 0.0 {
                b.set_size(node, w);
            }
        }
        b"fill" => {
            if let Some(c) = attr(tag, "color").and_then(|c| parse_color(&c)) {
                b.set_color(node, c);
            }
        }
        _ => {}
    }
}

fn add(b: &mut GraphBuilder, e: PendingEdge) {
    let k = b.add_edge(e.line, &e.source, &e.target, e.weight, e.kind, e.directed);
    for (column, value) in e.values {
        b.set_edge_attribute(e.line, k, column, &value);
    }
}
