//! GEXF 1.3 writer: node attributes declared with their types, `viz:position`,
//! `viz:color` and `viz:size` as given, edges with weight, `kind` (the edge type) and
//! `type` where it differs from the graph's default. Streams to any writer.

use std::io::{self, Write};

use super::{effective_types, number, xml_text};
use crate::model::graph_file::GraphFile;

/// Writes `g` as GEXF 1.3.
pub fn write(g: &GraphFile, out: &mut impl Write) -> io::Result<()> {
    let types = effective_types(g);
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">"#
    )?;
    writeln!(out, "  <meta>\n    <creator>ioscope</creator>\n  </meta>")?;
    let default = if g.directed { "directed" } else { "undirected" };
    writeln!(
        out,
        r#"  <graph defaultedgetype="{default}" mode="static">"#
    )?;
    if !g.attributes.is_empty() {
        writeln!(out, r#"    <attributes class="node" mode="static">"#)?;
        for (i, (a, kind)) in g.attributes.iter().zip(&types).enumerate() {
            writeln!(
                out,
                r#"      <attribute id="{i}" title="{}" type="{}"/>"#,
                xml_text(&a.name),
                kind.declared()
            )?;
        }
        writeln!(out, "    </attributes>")?;
    }
    writeln!(out, "    <nodes>")?;
    for node in 0..g.node_count() {
        let id = xml_text(&g.ids[node]);
        let label = g.labels.get(node).map_or("", |l| l);
        write!(out, r#"      <node id="{id}""#)?;
        if !label.is_empty() {
            write!(out, r#" label="{}""#, xml_text(label))?;
        }
        writeln!(out, ">")?;
        let values: Vec<(usize, &str)> = g
            .attributes
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.get(node).map(|v| (i, v)))
            .collect();
        if !values.is_empty() {
            writeln!(out, "        <attvalues>")?;
            for (i, v) in values {
                writeln!(
                    out,
                    r#"          <attvalue for="{i}" value="{}"/>"#,
                    xml_text(v)
                )?;
            }
            writeln!(out, "        </attvalues>")?;
        }
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
        writeln!(out, "/>")?;
    }
    writeln!(out, "    </edges>")?;
    writeln!(out, "  </graph>")?;
    writeln!(out, "</gexf>")?;
    Ok(())
}
