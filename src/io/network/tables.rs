//! CSV node and edge tables in Gephi's spreadsheet convention: an edge table has
//! `Source` and `Target` columns (and optionally `Type` — directed or undirected —,
//! `Weight` and `Kind`, `Interaction` or `Label` for the edge's type); a node table has
//! `Id` (and `Label`, `x`, `y`, `size`, `color` or `r`/`g`/`b`, and any other column
//! as an attribute, typed from its values). Any of `,` `;` tab `|` or space as the
//! delimiter (the one the header uses most); a file whose first row names no columns is
//! a plain edge list (source, target, optional weight).

use super::builder::{GraphBuilder, number};
use crate::io::input::LoadError;
use crate::model::graph_file::{AttrType, Attribute, parse_color};

/// What a table is, from its first line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableKind {
    Nodes,
    Edges,
    /// No header: source, target and an optional weight per line.
    EdgeList,
}

/// The delimiter a header line uses most (`,` when it uses none).
pub fn delimiter(first_line: &[u8]) -> u8 {
    let candidates = [b',', b';', b'\t', b'|'];
    let mut best = (0usize, b',');
    for d in candidates {
        let n = memchr::memchr_iter(d, first_line).count();
        if n > best.0 {
            best = (n, d);
        }
    }
    if best.0 == 0 && first_line.trim_ascii().contains(&b' ') {
        return b' ';
    }
    best.1
}

/// Header names, trimmed and lower-cased.
fn names(header: &csv::ByteRecord) -> Vec<String> {
    header
        .iter()
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim()
                .trim_start_matches('\u{feff}')
                .to_ascii_lowercase()
        })
        .collect()
}

/// What kind of table a file's first line makes, if any.
pub fn kind_of(head: &[u8]) -> Option<TableKind> {
    let first = head.split(|&b| b == b'\n').next()?;
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    if first.trim_ascii().is_empty() {
        return None;
    }
    let d = delimiter(first);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(d)
        .has_headers(false)
        .flexible(true)
        .from_reader(first);
    let mut header = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut header).ok()? {
        return None;
    }
    let names = names(&header);
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("userid") || has("tweetid") || has("user_screen_name") {
        return None;
    }
    if has("source") && has("target") {
        return Some(TableKind::Edges);
    }
    if has("id") {
        return Some(TableKind::Nodes);
    }
    let plain = names.len() >= 2
        && names.len() <= 3
        && names
            .iter()
            .all(|n| !n.is_empty() && !n.contains(['<', '{', '[', '"']));
    plain.then_some(TableKind::EdgeList)
}

fn reader(bytes: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes)
}

fn first_line(bytes: &[u8]) -> &[u8] {
    bytes.split(|&b| b == b'\n').next().unwrap_or_default()
}

fn line_of(record: &csv::ByteRecord) -> u64 {
    record.position().map_or(0, csv::Position::line)
}

/// A cell as text; the `'` ioscope's tables put before cells a spreadsheet would run
/// as formulas is removed.
fn field(record: &csv::ByteRecord, i: Option<usize>) -> Option<String> {
    let raw = record.get(i?)?;
    let raw = match raw {
        [b'\'', rest @ ..]
            if matches!(
                rest.first(),
                Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
            ) =>
        {
            rest
        }
        _ => raw,
    };
    Some(String::from_utf8_lossy(raw).into_owned())
}

fn csv_error(display: &str, e: &csv::Error) -> LoadError {
    let line = e.position().map_or(0, csv::Position::line);
    LoadError::Format {
        file: display.to_owned(),
        reason: format!("line {line}: {e}"),
    }
}

/// Reads the next row into `record`; `false` at the end.
fn next_row(
    rows: &mut csv::Reader<&[u8]>,
    record: &mut csv::ByteRecord,
    display: &str,
) -> Result<bool, LoadError> {
    rows.read_byte_record(record)
        .map_err(|e| csv_error(display, &e))
}

/// Reads the header row into `header`; its names, trimmed and lower-cased.
fn read_header(
    rows: &mut csv::Reader<&[u8]>,
    header: &mut csv::ByteRecord,
    display: &str,
) -> Result<Vec<String>, LoadError> {
    if !rows
        .read_byte_record(header)
        .map_err(|e| csv_error(display, &e))?
    {
        return Err(LoadError::Empty {
            file: display.to_owned(),
        });
    }
    Ok(names(header))
}

/// Reads a node table into `b`.
pub fn read_nodes(bytes: &[u8], display: &str, b: &mut GraphBuilder) -> Result<(), LoadError> {
    b.display = display.to_owned();
    let mut rows = reader(bytes, delimiter(first_line(bytes)));
    let mut header = csv::ByteRecord::new();
    let names = read_header(&mut rows, &mut header, display)?;
    let find = |n: &str| names.iter().position(|x| x == n);
    let id_at = find("id").ok_or_else(|| LoadError::MissingColumns {
        file: display.to_owned(),
        kind: "node table",
        missing: vec!["Id".to_owned()],
    })?;
    let label_at = find("label");
    let (x_at, y_at, size_at) = (find("x"), find("y"), find("size"));
    let color_at = find("color").or_else(|| find("colour"));
    let rgb_at = [find("r"), find("g"), find("b")];
    let special = [Some(id_at), label_at, x_at, y_at, size_at, color_at];
    // Every other column is an attribute, under its name as the header wrote it.
    let mut columns: Vec<(usize, usize)> = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        if special.contains(&Some(i)) || (color_at.is_none() && rgb_at.contains(&Some(i))) {
            continue;
        }
        let name = String::from_utf8_lossy(raw).trim().to_owned();
        if name.is_empty() {
            continue;
        }
        columns.push((i, b.file.attributes.len()));
        b.file
            .attributes
            .push(Attribute::new(&name, AttrType::Text));
    }
    let first_column = columns.first().map_or(b.file.attributes.len(), |c| c.1);
    let mut record = csv::ByteRecord::new();
    loop {
        if !next_row(&mut rows, &mut record, display)? {
            break;
        }
        let line = line_of(&record);
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        let Some(id) = field(&record, Some(id_at)) else {
            b.warn(line, "a row without an Id skipped");
            continue;
        };
        let Some(node) = b.add_node(line, &id) else {
            continue;
        };
        if let Some(label) = field(&record, label_at) {
            b.set_label(line, node, &label);
        }
        let x = number(field(&record, x_at).as_deref());
        let y = number(field(&record, y_at).as_deref());
        if x.is_some() || y.is_some() {
            b.set_position(node, x, y);
        }
        if let Some(size) = number(field(&record, size_at).as_deref()) {
            b.set_size(node, size);
        }
        let color = match color_at {
            Some(_) => field(&record, color_at).and_then(|c| parse_color(&c)),
            None => {
                let channel =
                    |i| number(field(&record, i).as_deref()).map(|v| v.clamp(0.0, 255.0) as u8);
                match (channel(rgb_at[0]), channel(rgb_at[1]), channel(rgb_at[2])) {
                    (Some(r), Some(g), Some(bl)) => Some([r, g, bl, 255]),
                    _ => None,
                }
            }
        };
        if let Some(c) = color {
            b.set_color(node, c);
        }
        for &(i, column) in &columns {
            if let Some(v) = field(&record, Some(i)).filter(|v| !v.is_empty()) {
                b.set_attribute(line, node, column, &v);
            }
        }
    }
    for a in &mut b.file.attributes[first_column..] {
        a.kind = AttrType::inferred(&a.values);
    }
    Ok(())
}

/// Reads an edge table (or a plain edge list) into `b`; nodes it names that no node
/// table declared are added.
pub fn read_edges(
    bytes: &[u8],
    display: &str,
    kind: TableKind,
    b: &mut GraphBuilder,
) -> Result<(), LoadError> {
    b.display = display.to_owned();
    let mut rows = reader(bytes, delimiter(first_line(bytes)));
    let mut record = csv::ByteRecord::new();
    let (source_at, target_at, type_at, weight_at, kind_at);
    // Every other column of an edge table is an edge attribute: (field, column).
    let mut columns: Vec<(usize, usize)> = Vec::new();
    if kind == TableKind::EdgeList {
        (source_at, target_at, type_at, weight_at, kind_at) = (0, 1, None, Some(2), None);
    } else {
        let names = read_header(&mut rows, &mut record, display)?;
        let find = |n: &str| names.iter().position(|x| x == n);
        let (Some(s), Some(t)) = (find("source"), find("target")) else {
            return Err(LoadError::MissingColumns {
                file: display.to_owned(),
                kind: "edge table",
                missing: vec!["Source".to_owned(), "Target".to_owned()],
            });
        };
        (source_at, target_at) = (s, t);
        type_at = find("type");
        weight_at = find("weight");
        kind_at = find("kind")
            .or_else(|| find("interaction"))
            .or_else(|| find("label"));
        let special = [Some(s), Some(t), type_at, weight_at, kind_at, find("id")];
        for (i, name) in names.iter().enumerate() {
            if !special.contains(&Some(i)) && !name.is_empty() {
                let raw = record.get(i).unwrap_or_default();
                let shown = String::from_utf8_lossy(raw).trim().to_owned();
                columns.push((i, b.edge_column_inferred(&shown)));
            }
        }
    }
    loop {
        if !next_row(&mut rows, &mut record, display)? {
            break;
        }
        let line = line_of(&record);
        let comment =
            kind == TableKind::EdgeList && record.get(0).is_some_and(|f| f.starts_with(b"#"));
        if comment || record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        let (Some(source), Some(target)) = (
            field(&record, Some(source_at)).filter(|s| !s.is_empty()),
            field(&record, Some(target_at)).filter(|t| !t.is_empty()),
        ) else {
            b.warn(line, "a row without a source or target skipped");
            continue;
        };
        let directed = match field(&record, type_at)
            .as_deref()
            .map(str::to_ascii_lowercase)
        {
            Some(t) if t == "undirected" => false,
            Some(t) if t == "directed" => true,
            _ => b.file.directed,
        };
        let weight = b.weight(line, field(&record, weight_at).as_deref());
        let edge_kind = field(&record, kind_at).map_or(0, |k| b.file.edge_type(&k));
        if b.find_or_add(line, &source).is_none() || b.find_or_add(line, &target).is_none() {
            continue;
        }
        let edge = b.add_edge(line, &source, &target, weight, edge_kind, directed);
        for &(i, column) in &columns {
            if let Some(v) = field(&record, Some(i)).filter(|v| !v.is_empty()) {
                b.set_edge_attribute(line, edge, column, &v);
            }
        }
    }
    // A table whose every edge says Undirected is an undirected network.
    if type_at.is_some() && b.edges_all_undirected() {
        b.file.directed = false;
    }
    Ok(())
}
