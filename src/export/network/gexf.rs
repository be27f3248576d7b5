//! GEXF 1.3 writer: node and edge attributes declared with their types,
//! `viz:position`, `viz:color` and `viz:size` as given, edges with weight, `kind` (the
//! edge type) and `type` where it differs from the graph's default; a dynamic network's
//! time windows as `start`/`end` (one spell) or `<spells>` (several), in its
//! `timeformat`. Streams to any writer.

use std::io::{self, Write};

use super::{effective_types, number, xml_text};
use crate::model::graph_file::{AttrType, Attribute, GraphFile, Spell, TimeFormat};

/// Declares attribute columns of `class` (`node` or `edge`), with ids `prefix` + index.
fn declare(
    out: &mut impl Write,
    class: &str,
    prefix: &str,
    columns: &[Attribute],
    types: &[AttrType],
) -> io::Result<()> {
    if columns.is_empty() {
        return Ok(());
    }
    writeln!(out, r#"    <attributes class="{class}" mode="static">"#)?;
    for (i, (a, kind)) in columns.iter().zip(types).enumerate() {
        writeln!(
            out,
            r#"      <attribute id="{prefix}{i}" title="{}" type="{}"/>"#,
            xml_text(&a.name),
            kind.declared()
        )?;
    }
    writeln!(out, "    </attributes>")
}

/// The `<attvalues>` of row `row` of `columns`, indented by `indent`.
fn attvalues(
    out: &mut impl Write,
    indent: &str,
    prefix: &str,
    columns: &[Attribute],
    row: usize,
) -> io::Result<()> {
    let values: Vec<(usize, &str)> = columns
        .iter()
        .enumerate()
        .filter_map(|(i, a)| a.get(row).map(|v| (i, v)))
        .collect();
    if values.is_empty() {
        return Ok(());
    }
    writeln!(out, "{indent}<attvalues>")?;
    for (i, v) in values {
        writeln!(
            out,
            r#"{indent}  <attvalue for="{prefix}{i}" value="{}"/>"#,
            xml_text(v)
        )?;
    }
    writeln!(out, "{indent}</attvalues>")
}

/// ` start="…" end="…"` of a spell (an open side is left out).
fn spell_bounds(format: TimeFormat, s: &Spell) -> String {
    let mut out = String::new();
    if s.start.is_finite() {
        out.push_str(&format!(r#" start="{}""#, format.format(s.start)));
    }
    if s.end.is_finite() {
        out.push_str(&format!(r#" end="{}""#, format.format(s.end)));
    }
    out
}

/// Whether an element's spells are written on itself: exactly one, bounded on a side
/// (an element without bounds has no spell).
fn on_element(spells: &[Spell]) -> bool {
    matches!(spells, [one] if one.start.is_finite() || one.end.is_finite())
}

/// The bounds to write on an element itself, if any.
fn own_bounds(format: TimeFormat, spells: &[Spell]) -> String {
    if on_element(spells) {
        spell_bounds(format, &spells[0])
    } else {
        String::new()
    }
}

/// The `<spells>` child of an element whose spells are not written on itself.
fn spells_element(
    out: &mut impl Write,
    indent: &str,
    format: TimeFormat,
    spells: &[Spell],
) -> io::Result<()> {
    if spells.is_empty() || on_element(spells) {
        return Ok(());
    }
    writeln!(out, "{indent}<spells>")?;
    for s in spells {
        writeln!(out, "{indent}  <spell{}/>", spell_bounds(format, s))?;
    }
    writeln!(out, "{indent}</spells>")
}

/// Writes `g` as GEXF 1.3.
pub fn write(g: &GraphFile, out: &mut impl Write) -> io::Result<()> {
    let types = effective_types(&g.attributes);
    let edge_types = effective_types(&g.edge_attributes);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">"#
    )?;
    writeln!(out, "  <meta>\n    <creator>ioscope</creator>\n  </meta>")?;
    let default = if g.directed { "directed" } else { "undirected" };
    let no_spells: &[Spell] = &[];
    let node_spells = |i: usize| {
        g.spells
            .as_ref()
            .and_then(|s| s.nodes.get(i))
            .map_or(no_spells, |v| v.as_slice())
    };
    let edge_spells = |k: usize| {
        g.spells
            .as_ref()
            .and_then(|s| s.edges.get(k))
            .map_or(no_spells, |v| v.as_slice())
    };
    let time = g.spells.as_ref().map(|s| s.format);
    match time {
        Some(format) => writeln!(
            out,
            r#"  <graph defaultedgetype="{default}" mode="dynamic" timeformat="{}">"#,
            format.declared()
        )?,
        None => writeln!(
            out,
            r#"  <graph defaultedgetype="{default}" mode="static">"#
        )?,
    }
    let time = time.unwrap_or(TimeFormat::Double);
    declare(out, "node", "", &g.attributes, &types)?;
    declare(out, "edge", "e", &g.edge_attributes, &edge_types)?;
    writeln!(out, "    <nodes>")?;
    for node in 0..g.node_count() {
        let id = xml_text(&g.ids[node]);
        let label = g.labels.get(node).map_or("", |l| l);
        write!(out, r#"      <node id="{id}""#)?;
        if !label.is_empty() {
            write!(out, r#" label="{}""#, xml_text(label))?;
        }
        writeln!(out, "{}>", own_bounds(time, node_spells(node)))?;
        attvalues(out, "        ", "", &g.attributes, node)?;
        spells_element(out, "        ", time, node_spells(node))?;
        if let Some(Some(size)) = g.sizes.as_ref().and_then(|s| s.get(node)) {
            writeln!(
                out,
                r#"        <viz:size value="{}"/>"#,
                number(f64::from(*size))
            )?;
        }
        if let Some(Some([x, y])) = g.positions.as_ref().and_then(|p| p.get(node)) {
            writeln!(out, r#"        <viz:position x="{x}" y="{y}" z="0.0"/>"#)?;
        }
        if let Some(Some([r, gr, b, a])) = g.colors.as_ref().and_then(|c| c.get(node)) {
            write!(out, r#"        <viz:color r="{r}" g="{gr}" b="{b}""#)?;
            if *a != 255 {
                write!(out, r#" a="{}""#, number(f64::from(*a) / 255.0))?;
            }
            writeln!(out, "/>")?;
        }
        writeln!(out, "      </node>")?;
    }
    writeln!(out, "    </nodes>")?;
    writeln!(out, "    <edges>")?;
    for (k, e) in g.edges.iter().enumerate() {
        let (Some(src), Some(dst)) = (g.ids.get(e.src as usize), g.ids.get(e.dst as usize)) else {
            continue;
        };
        write!(
            out,
            r#"      <edge id="{k}" source="{}" target="{}" weight="{}""#,
            xml_text(src),
            xml_text(dst),
            number(e.weight)
        )?;
        if e.directed != g.directed {
            let kind = if e.directed { "directed" } else { "undirected" };
            write!(out, r#" type="{kind}""#)?;
        }
        let kind = g.edge_type_name(e.kind);
        if !kind.is_empty() {
            write!(out, r#" kind="{}""#, xml_text(kind))?;
        }
        let spells = edge_spells(k);
        write!(out, "{}", own_bounds(time, spells))?;
        let has_values = g.edge_attributes.iter().any(|a| a.get(k).is_some());
        if !has_values && (spells.is_empty() || on_element(spells)) {
            writeln!(out, "/>")?;
            continue;
        }
        writeln!(out, ">")?;
        attvalues(out, "        ", "e", &g.edge_attributes, k)?;
        spells_element(out, "        ", time, spells)?;
        writeln!(out, "      </edge>")?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")?;
    Ok(())
}
