//! CSV node and edge tables in Gephi's spreadsheet convention: `Id,Label,x,y,size,color`
//! and the attributes; `Source,Target,Type,Weight,Kind` and the edge attributes. Text cells a spreadsheet would
//! run as formulas are neutralised (a leading `'`, which ioscope's reader removes);
//! numbers are written as they are.

use std::io::{self, Write};

use crate::export::neutralise;
use crate::model::graph_file::{GraphFile, format_color};

fn cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.trim().parse::<f64>().is_ok() {
        std::borrow::Cow::Borrowed(value)
    } else {
        neutralise(value)
    }
}

fn csv_error(e: &csv::Error) -> io::Error {
    io::Error::other(e.to_string())
}

/// Writes the node table of `g`.
pub fn write_nodes(g: &GraphFile, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let has_positions = g.positions.is_some();
    let has_sizes = g.sizes.is_some();
    let has_colors = g.colors.is_some();
    let mut header: Vec<String> = vec!["Id".to_owned(), "Label".to_owned()];
    if has_positions {
        header.extend(["x".to_owned(), "y".to_owned()]);
    }
    if has_sizes {
        header.push("size".to_owned());
    }
    if has_colors {
        header.push("color".to_owned());
    }
    header.extend(
        g.attributes
            .iter()
            .map(|a| neutralise(&a.name).into_owned()),
    );
    w.write_record(&header).map_err(|e| csv_error(&e))?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for node in 0..g.node_count() {
        row.clear();
        row.push(cell(&g.ids[node]).into_owned());
        row.push(cell(g.labels.get(node).map_or("", |l| l)).into_owned());
        if let Some(p) = &g.positions {
            match p.get(node).copied().flatten() {
                Some([x, y]) => row.extend([x.to_string(), y.to_string()]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        if let Some(s) = &g.sizes {
            row.push(
                s.get(node)
                    .copied()
                    .flatten()
                    .map_or(String::new(), |v| v.to_string()),
            );
        }
        if let Some(c) = &g.colors {
            row.push(
                c.get(node)
                    .copied()
                    .flatten()
                    .map_or(String::new(), format_color),
            );
        }
        for a in &g.attributes {
            row.push(a.get(node).map_or(String::new(), |v| cell(v).into_owned()));
        }
        w.write_record(&row).map_err(|e| csv_error(&e))?;
    }
    w.flush()
}

/// Writes the edge table of `g`.
pub fn write_edges(g: &GraphFile, out: &mut impl Write) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let mut header: Vec<String> = ["Source", "Target", "Type", "Weight", "Kind"]
        .map(String::from)
        .to_vec();
    header.extend(
        g.edge_attributes
            .iter()
            .map(|a| neutralise(&a.name).into_owned()),
    );
    w.write_record(&header).map_err(|e| csv_error(&e))?;
    let mut row: Vec<String> = Vec::with_capacity(header.len());
    for (k, e) in g.edges.iter().enumerate() {
        let (Some(src), Some(dst)) = (g.ids.get(e.src as usize), g.ids.get(e.dst as usize)) else {
            continue;
        };
        let kind = if e.directed { "Directed" } else { "Undirected" };
        row.clear();
        row.extend([
            cell(src).into_owned(),
            cell(dst).into_owned(),
            kind.to_owned(),
            super::number(e.weight),
            cell(g.edge_type_name(e.kind)).into_owned(),
        ]);
        for a in &g.edge_attributes {
            row.push(a.get(k).map_or(String::new(), |v| cell(v).into_owned()));
        }
        w.write_record(&row).map_err(|e| csv_error(&e))?;
    }
    w.flush()
}
