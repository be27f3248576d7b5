//! The network handed to other tools: GEXF 1.3 ([`gexf`]), GraphML ([`graphml`]), GML
//! ([`gml`]), CSV node and edge tables ([`tables`]) and graphology JSON ([`graphology`]), written from a [`GraphFile`] — the one a
//! network file gave, or one made from an archive's network ([`of_network`]) — with the
//! positions, colours and sizes on screen and the filter applied or not.

pub mod gexf;
pub mod gml;
pub mod graphml;
pub mod graphology;
pub mod tables;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::graph::Network;
use crate::model::graph_file::{AttrType, Attribute, FileEdge, GraphFile, GraphFormat, Spells};
use crate::model::{Dataset, Role};

/// A network format ioscope writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetworkFormat {
    Gexf,
    GraphMl,
    /// Two CSV files: the edge table at the path, the node table beside it.
    Csv,
    /// graphology JSON (Gephi Lite, sigma.js).
    Graphology,
    Gml,
}

impl NetworkFormat {
    pub const ALL: [Self; 5] = [
        Self::Gexf,
        Self::GraphMl,
        Self::Gml,
        Self::Csv,
        Self::Graphology,
    ];

    /// The format a file name's extension asks for.
    pub fn of_path(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        if name.ends_with(".gexf") {
            Some(Self::Gexf)
        } else if name.ends_with(".graphml") {
            Some(Self::GraphMl)
        } else if name.ends_with(".csv") {
            Some(Self::Csv)
        } else if name.ends_with(".json") {
            Some(Self::Graphology)
        } else if name.ends_with(".gml") {
            Some(Self::Gml)
        } else {
            None
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Gexf => "GEXF",
            Self::GraphMl => "GraphML",
            Self::Csv => "CSV tables",
            Self::Graphology => "graphology JSON",
            Self::Gml => "GML",
        }
    }
}

/// The node table written beside an edge table `edges.csv`: `edges-nodes.csv`.
pub fn node_table_path(edges: &Path) -> PathBuf {
    let stem = edges
        .file_stem()
        .map_or_else(|| "network".into(), |s| s.to_string_lossy());
    edges.with_file_name(format!("{stem}-nodes.csv"))
}

/// Writes `g` to `path` in `format` (atomically: a failed write leaves no partial
/// file). Returns the files written.
pub fn write_to_path(
    g: &GraphFile,
    path: &Path,
    format: NetworkFormat,
) -> std::io::Result<Vec<PathBuf>> {
    use crate::io::atomic::write_atomically;
    match format {
        NetworkFormat::Gexf => {
            write_atomically(path, |w| gexf::write(g, w))?;
            Ok(vec![path.to_path_buf()])
        }
        NetworkFormat::GraphMl => {
            write_atomically(path, |w| graphml::write(g, w))?;
            Ok(vec![path.to_path_buf()])
        }
        NetworkFormat::Graphology => {
            write_atomically(path, |w| graphology::write(g, w))?;
            Ok(vec![path.to_path_buf()])
        }
        NetworkFormat::Gml => {
            write_atomically(path, |w| gml::write(g, w))?;
            Ok(vec![path.to_path_buf()])
        }
        NetworkFormat::Csv => {
            let nodes = node_table_path(path);
            write_atomically(&nodes, |w| tables::write_nodes(g, w))?;
            write_atomically(path, |w| tables::write_edges(g, w))?;
            Ok(vec![nodes, path.to_path_buf()])
        }
    }
}

/// A number as written: the shortest text that reads back as the same value.
pub(crate) fn number(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        "0".to_owned()
    }
}

/// Text for XML attribute values and character data: markup escaped, tabs and line
/// ends as character references (so attribute normalisation keeps them), other control
/// characters (not allowed in XML 1.0) left out.
pub(crate) fn xml_text(s: &str) -> Cow<'_, str> {
    let plain = s.chars().all(|c| {
        !matches!(c, '<' | '>' | '&' | '"' | '\'')
            && !c.is_control()
            && c != '\u{FFFE}'
            && c != '\u{FFFF}'
    });
    if plain {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The type each attribute is written as: its declared type when every value reads as
/// one, else text (so that other tools never fail to parse a value).
pub(crate) fn effective_types(columns: &[Attribute]) -> Vec<AttrType> {
    columns
        .iter()
        .map(|a| {
            let fits = |v: &str| match a.kind {
                AttrType::Text => true,
                AttrType::Integer => v.trim().parse::<i64>().is_ok(),
                AttrType::Double => v.trim().parse::<f64>().is_ok(),
                AttrType::Boolean => {
                    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "false")
                }
            };
            if a.values.iter().all(|v| fits(v)) {
                a.kind
            } else {
                AttrType::Text
            }
        })
        .collect()
}

/// What to draw each node with, as on screen.
/// Positions are the canvas's (y down).
#[derive(Clone, Debug, Default)]
pub struct Visuals {
    pub positions: Option<Vec<[f32; 2]>>,
    pub colors: Option<Vec<[u8; 4]>>,
    pub sizes: Option<Vec<f32>>,
}

/// An extra per-node column (a community, a centrality measure).
pub struct ExtraColumn {
    pub name: String,
    pub kind: AttrType,
    pub values: Vec<Option<String>>,
}

/// The network to write: a network file's own (its attributes and edge weights
/// exactly), or an archive's (accounts with their campaign, country, role, language,
/// followers and degree; one edge per account pair and kind, weighted by
/// interactions); restricted to `shown` nodes when given, with the visuals on screen
/// and any extra columns.
pub fn of_network(
    ds: &Dataset,
    network: &Network,
    visuals: &Visuals,
    shown: Option<&[bool]>,
    extra: &[ExtraColumn],
) -> GraphFile {
    let n = network.node_count();
    let mut g = match &ds.graph_file {
        Some(file) => file.clone(),
        None => of_archive(ds, network),
    };
    let finite = |p: &[f32; 2]| p.iter().all(|v| v.is_finite());
    // The canvas draws y down; files hold y up, as Gephi does.
    if let Some(p) = &visuals.positions {
        g.positions = Some(
            (0..n)
                .map(|i| p.get(i).copied().filter(finite).map(|[x, y]| [x, -y]))
                .collect(),
        );
    }
    if let Some(c) = &visuals.colors {
        g.colors = Some((0..n).map(|i| c.get(i).copied()).collect());
    }
    if let Some(s) = &visuals.sizes {
        g.sizes = Some(
            (0..n)
                .map(|i| s.get(i).copied().filter(|v| v.is_finite()))
                .collect(),
        );
    }
    for column in extra {
        let mut a = Attribute::new(&column.name, column.kind);
        for (node, v) in column.values.iter().enumerate().take(n) {
            if let Some(v) = v {
                a.set(node, v);
            }
        }
        a.finish(n);
        g.attributes.push(a);
    }
    g.finish();
    match shown {
        Some(mask) => subset(&g, mask),
        None => g,
    }
}

/// An archive's network as a graph file.
fn of_archive(ds: &Dataset, network: &Network) -> GraphFile {
    let n = network.node_count();
    let acc = &ds.accounts;
    let mut g = GraphFile {
        format: GraphFormat::Gexf,
        directed: true,
        ..GraphFile::default()
    };
    let mut campaign = Attribute::new("campaign", AttrType::Text);
    let mut country = Attribute::new("country", AttrType::Text);
    let mut role = Attribute::new("role", AttrType::Text);
    let mut language = Attribute::new("language", AttrType::Text);
    let mut followers = Attribute::new("followers", AttrType::Integer);
    let mut degree = Attribute::new("degree", AttrType::Integer);
    for node in 0..n {
        let a = network.account[node];
        g.ids.push(acc.id(a).to_string().into());
        g.labels.push(acc.screen_name[a as usize].clone());
        if let Some(c) = acc
            .campaign(a)
            .and_then(|c| ds.campaigns.get(usize::from(c)))
        {
            campaign.set(node, &c.name);
            country.set(node, &c.country);
        }
        role.set(
            node,
            match acc.role(a) {
                Role::Core => "core",
                Role::Outside => "outside",
            },
        );
        let lang = ds.strings.languages.resolve(acc.language[a as usize]);
        if !lang.is_empty() {
            language.set(node, lang);
        }
        if let Some(f) = acc.follower_count[a as usize] {
            followers.set(node, &f.to_string());
        }
        degree.set(node, &network.degree[node].to_string());
    }
    g.attributes = vec![campaign, country, role, language, followers, degree];
    for e in &network.edges {
        let kind = g.edge_type(e.kind.label());
        g.edges.push(FileEdge {
            src: e.src,
            dst: e.dst,
            weight: f64::from(e.weight),
            kind,
            directed: true,
        });
    }
    g
}

/// The values of `columns` at the rows `kept` names, in that order.
fn pick_columns(columns: &[Attribute], kept: &[usize]) -> Vec<Attribute> {
    columns
        .iter()
        .map(|a| {
            let mut b = Attribute::new(&a.name, a.kind);
            for (new, &old) in kept.iter().enumerate() {
                if let Some(v) = a.get(old) {
                    b.set(new, v);
                }
            }
            b.finish(kept.len());
            b
        })
        .collect()
}

/// The nodes `shown` marks and the edges between them, renumbered.
pub fn subset(g: &GraphFile, shown: &[bool]) -> GraphFile {
    let keep = |i: usize| shown.get(i).copied().unwrap_or(false);
    let mut new_index = vec![u32::MAX; g.node_count()];
    let mut next = 0u32;
    for (i, slot) in new_index.iter_mut().enumerate() {
        if keep(i) {
            *slot = next;
            next += 1;
        }
    }
    let pick = |v: &[Box<str>]| -> Vec<Box<str>> {
        v.iter()
            .enumerate()
            .filter(|&(i, _)| keep(i))
            .map(|(_, x)| x.clone())
            .collect()
    };
    let kept_nodes: Vec<usize> = (0..g.node_count()).filter(|&i| keep(i)).collect();
    let kept_edges: Vec<usize> = (0..g.edges.len())
        .filter(|&k| keep(g.edges[k].src as usize) && keep(g.edges[k].dst as usize))
        .collect();
    let attributes = pick_columns(&g.attributes, &kept_nodes);
    fn pick_opt<T: Copy>(
        v: &Option<Vec<Option<T>>>,
        keep: impl Fn(usize) -> bool,
    ) -> Option<Vec<Option<T>>> {
        v.as_ref().map(|v| {
            v.iter()
                .enumerate()
                .filter(|&(i, _)| keep(i))
                .map(|(_, x)| *x)
                .collect()
        })
    }
    GraphFile {
        format: g.format,
        directed: g.directed,
        ids: pick(&g.ids),
        labels: pick(&g.labels),
        attributes,
        edges: kept_edges
            .iter()
            .map(|&k| {
                let e = &g.edges[k];
                FileEdge {
                    src: new_index[e.src as usize],
                    dst: new_index[e.dst as usize],
                    ..*e
                }
            })
            .collect(),
        edge_attributes: pick_columns(&g.edge_attributes, &kept_edges),
        edge_types: g.edge_types.clone(),
        spells: g.spells.as_ref().map(|s| Spells {
            format: s.format,
            nodes: kept_nodes
                .iter()
                .map(|&i| s.nodes.get(i).cloned().unwrap_or_default())
                .collect(),
            edges: kept_edges
                .iter()
                .map(|&k| s.edges.get(k).cloned().unwrap_or_default())
                .collect(),
        }),
        positions: pick_opt(&g.positions, keep),
        colors: pick_opt(&g.colors, keep),
        sizes: pick_opt(&g.sizes, keep),
    }
}
