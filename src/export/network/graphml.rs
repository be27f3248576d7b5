//! GraphML writer: keys for the label, position (`x`, `y`), `size` and `color` (hex)
//! of nodes, one per node or edge attribute with its type, and `weight` and `kind` for
//! edges (GraphML has no time windows: a dynamic network's spells are left out);
//! `directed` on edges that differ from the graph's default. The key names are the ones
//! Gephi, networkx and igraph map to what they mean; attribute names are made NMTOKENs
//! (spaces and other signs as `_`), as the GraphML schema asks, and so are node ids: an
//! id that is not one (hashed ids hold `+`, `/` and `=`) is written as `n` and its index,
//! the id itself in the `ioscope_id` key, which ioscope's reader restores.

use std::borrow::Cow;
use std::collections::HashSet;
use std::io::{self, Write};

use super::{effective_types, number, xml_text};
use crate::model::graph_file::{AttrType, Attribute, GraphFile, format_color};

/// An attribute name as GraphML's schema allows it (an NMTOKEN: letters, digits, `.`,
/// `-`, `_`, `:`): any other character becomes `_`.
fn key_name(name: &str) -> String {
    let token: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if token.is_empty() {
        "_".to_owned()
    } else {
        token
    }
}

/// Declares a key per attribute column `for` nodes or edges, with ids `prefix` + index.
fn declare_keys(
    out: &mut impl Write,
    domain: &str,
    prefix: &str,
    columns: &[Attribute],
    types: &[AttrType],
) -> io::Result<()> {
    for (i, (a, kind)) in columns.iter().zip(types).enumerate() {
        writeln!(
            out,
            r#"  <key id="{prefix}{i}" for="{domain}" attr.name="{}" attr.type="{}"/>"#,
            xml_text(&key_name(&a.name)),
            kind.declared()
        )?;
    }
    Ok(())
}

/// Whether a node id is an NMTOKEN, as GraphML's schema asks of ids.
fn is_token(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
}

/// The id written for each node: its own where it is an NMTOKEN, else `n` and its index
/// (made unique against the others), its own then kept in the `ioscope_id` key.
fn token_ids(g: &GraphFile) -> Vec<Cow<'_, str>> {
    if g.ids.iter().all(|id| is_token(id)) {
        return g.ids.iter().map(|id| Cow::Borrowed(&**id)).collect();
    }
    let mut used: HashSet<String> = g
        .ids
        .iter()
        .filter(|id| is_token(id))
        .map(ToString::to_string)
        .collect();
    g.ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            if is_token(id) {
                return Cow::Borrowed(&**id);
            }
            let mut token = format!("n{i}");
            while used.contains(&token) {
                token.push('_');
            }
            used.insert(token.clone());
            Cow::Owned(token)
        })
        .collect()
}

/// Writes `g` as GraphML.
pub fn write(g: &GraphFile, out: &mut impl Write) -> io::Result<()> {
    let tokens = token_ids(g);
    let renamed = tokens.iter().zip(&g.ids).any(|(t, id)| **t != **id);
    let types = effective_types(&g.attributes);
    let edge_types = effective_types(&g.edge_attributes);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    let has_labels = g.labels.iter().any(|l| !l.is_empty());
    let has_positions = g
        .positions
        .as_ref()
        .is_some_and(|p| p.iter().any(Option::is_some));
    let has_sizes = g
        .sizes
        .as_ref()
        .is_some_and(|s| s.iter().any(Option::is_some));
    let has_colors = g
        .colors
        .as_ref()
        .is_some_and(|c| c.iter().any(Option::is_some));
    let has_kinds = g.edges.iter().any(|e| !g.edge_type_name(e.kind).is_empty());
    if has_labels {
        writeln!(
            out,
            r#"  <key id="label" for="node" attr.name="label" attr.type="string"/>"#
        )?;
    }
    if renamed {
        writeln!(
            out,
            r#"  <key id="ioscope_id" for="node" attr.name="ioscope_id" attr.type="string"/>"#
        )?;
    }
    if has_positions {
        writeln!(
            out,
            r#"  <key id="x" for="node" attr.name="x" attr.type="double"/>"#
        )?;
        writeln!(
            out,
            r#"  <key id="y" for="node" attr.name="y" attr.type="double"/>"#
        )?;
    }
    if has_sizes {
        writeln!(
            out,
            r#"  <key id="size" for="node" attr.name="size" attr.type="double"/>"#
        )?;
    }
    if has_colors {
        writeln!(
            out,
            r#"  <key id="color" for="node" attr.name="color" attr.type="string"/>"#
        )?;
    }
    declare_keys(out, "node", "d", &g.attributes, &types)?;
    writeln!(
        out,
        r#"  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>"#
    )?;
    if has_kinds {
        writeln!(
            out,
            r#"  <key id="kind" for="edge" attr.name="kind" attr.type="string"/>"#
        )?;
    }
    declare_keys(out, "edge", "e", &g.edge_attributes, &edge_types)?;
    let default = if g.directed { "directed" } else { "undirected" };
    writeln!(out, r#"  <graph id="G" edgedefault="{default}">"#)?;
    for (node, (token, id)) in tokens.iter().zip(&g.ids).enumerate() {
        writeln!(out, r#"    <node id="{}">"#, xml_text(token))?;
        if **token != **id {
            writeln!(
                out,
                r#"      <data key="ioscope_id">{}</data>"#,
                xml_text(id)
            )?;
        }
        if let Some(label) = g.labels.get(node).filter(|l| !l.is_empty()) {
            writeln!(out, r#"      <data key="label">{}</data>"#, xml_text(label))?;
        }
        if let Some(Some([x, y])) = g.positions.as_ref().and_then(|p| p.get(node)) {
            writeln!(out, r#"      <data key="x">{x}</data>"#)?;
            writeln!(out, r#"      <data key="y">{y}</data>"#)?;
        }
        if let Some(Some(size)) = g.sizes.as_ref().and_then(|s| s.get(node)) {
            writeln!(out, r#"      <data key="size">{size}</data>"#)?;
        }
        if let Some(Some(c)) = g.colors.as_ref().and_then(|c| c.get(node)) {
            writeln!(
                out,
                r#"      <data key="color">{}</data>"#,
                format_color(*c)
            )?;
        }
        for (i, a) in g.attributes.iter().enumerate() {
            if let Some(v) = a.get(node) {
                writeln!(out, r#"      <data key="d{i}">{}</data>"#, xml_text(v))?;
            }
        }
        writeln!(out, "    </node>")?;
    }
    for (k, e) in g.edges.iter().enumerate() {
        let (Some(src), Some(dst)) = (tokens.get(e.src as usize), tokens.get(e.dst as usize))
        else {
            continue;
        };
        write!(
            out,
            r#"    <edge source="{}" target="{}""#,
            xml_text(src),
            xml_text(dst)
        )?;
        if e.directed != g.directed {
            write!(out, r#" directed="{}""#, e.directed)?;
        }
        writeln!(out, ">")?;
        writeln!(
            out,
            r#"      <data key="weight">{}</data>"#,
            number(e.weight)
        )?;
        let kind = g.edge_type_name(e.kind);
        if !kind.is_empty() {
            writeln!(out, r#"      <data key="kind">{}</data>"#, xml_text(kind))?;
        }
        for (i, a) in g.edge_attributes.iter().enumerate() {
            if let Some(v) = a.get(k) {
                writeln!(out, r#"      <data key="e{i}">{}</data>"#, xml_text(v))?;
            }
        }
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")?;
    Ok(())
}
