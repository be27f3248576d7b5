//! What the canvas draws, on the CPU side: the network's nodes and edges as GPU-ready
//! instances, coloured and sized by the chosen [`Style`], edges in level-of-detail order
//! (strongest first, so thinning is drawing a prefix), nodes in label-priority order, and
//! the legend. Built once per dataset ([`Network`]) and restyled on demand
//! ([`Network::style`]).

use egui::Color32;
use petgraph::visit::EdgeRef as _;
use rayon::prelude::*;

use super::gpu::{EdgeInstance, NODE_DIMMED, NODE_HIDDEN, NODE_SELECTED, NodeInstance};
use super::palette::Palette;
use crate::graph::{EdgeKind, SocialGraph};
use crate::layout::LayoutGraph;
use crate::model::{AccountIdx, Dataset};

/// Node colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColorBy {
    Country,
    Campaign,
    Role,
    AccountLanguage,
}

impl ColorBy {
    pub const ALL: [Self; 4] = [
        Self::Country,
        Self::Campaign,
        Self::Role,
        Self::AccountLanguage,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Country => "Country",
            Self::Campaign => "Campaign",
            Self::Role => "Role",
            Self::AccountLanguage => "Account language",
        }
    }
}

/// Node sizing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SizeBy {
    Degree,
    Followers,
    Interactions,
}

impl SizeBy {
    pub const ALL: [Self; 3] = [Self::Degree, Self::Followers, Self::Interactions];

    pub fn label(self) -> &'static str {
        match self {
            Self::Degree => "Degree",
            Self::Followers => "Followers",
            Self::Interactions => "Interactions",
        }
    }
}

/// Edge colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EdgeColorBy {
    Source,
    Kind,
    Weight,
}

impl EdgeColorBy {
    pub const ALL: [Self; 3] = [Self::Source, Self::Kind, Self::Weight];

    pub fn label(self) -> &'static str {
        match self {
            Self::Source => "Source account",
            Self::Kind => "Interaction kind",
            Self::Weight => "Weight",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Style {
    pub color_by: ColorBy,
    pub size_by: SizeBy,
    pub edge_color_by: EdgeColorBy,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            color_by: ColorBy::Country,
            size_by: SizeBy::Degree,
            edge_color_by: EdgeColorBy::Source,
        }
    }
}

/// One edge of the drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SceneEdge {
    pub src: u32,
    pub dst: u32,
    pub kind: EdgeKind,
    pub weight: u32,
}

/// The network as drawn: node i is account `account[i]`; layout node i is node i.
#[derive(Debug, Default)]
pub struct Network {
    pub account: Vec<AccountIdx>,
    /// Distinct neighbours-by-kind edges touching each node (in + out).
    pub degree: Vec<u32>,
    /// Interactions (edge weights) touching each node.
    pub interactions: Vec<u64>,
    /// Edges, strongest first (ties by endpoints): drawing a prefix keeps the strongest.
    pub edges: Vec<SceneEdge>,
    /// Nodes by decreasing degree (ties: lower index first), the order labels are tried.
    pub by_importance: Vec<u32>,
}

/// Per-node and per-edge marks that change how things are drawn. Empty slices mean
/// "none selected", "nothing filtered out", "every edge shown".
#[derive(Clone, Copy, Debug, Default)]
pub struct Marks<'a> {
    pub selected: &'a [bool],
    /// Nodes a filter leaves out: greyed, or not drawn when `hide` is set.
    pub filtered_out: &'a [bool],
    pub hide: bool,
    pub edge_shown: &'a [bool],
}

/// A legend row.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub color: Color32,
    pub count: u64,
}

/// Per-node colours and sizes and per-edge colours for one style.
#[derive(Clone, Debug, Default)]
pub struct Styled {
    /// Node instances, least important first.
    pub nodes: Vec<NodeInstance>,
    /// Base radius of node i, in points.
    pub radius: Vec<f32>,
    pub edges: Vec<EdgeInstance>,
    pub legend: Vec<LegendEntry>,
    /// The largest base radius (points), for hit testing.
    pub max_radius: f32,
}

/// Base node radius in points for a value relative to the largest.
fn radius_for(value: f64, max: f64) -> f32 {
    let t = if max > 0.0 {
        (value.max(0.0) / max).sqrt()
    } else {
        0.0
    };
    2.5 + 6.5 * t as f32
}

impl Network {
    pub fn from_graph(graph: &SocialGraph) -> Self {
        let g = &graph.graph;
        let n = g.node_count();
        let account: Vec<AccountIdx> = g.node_weights().copied().collect();
        let mut degree = vec![0u32; n];
        let mut interactions = vec![0u64; n];
        let mut edges: Vec<SceneEdge> = g
            .edge_references()
            .map(|e| SceneEdge {
                src: e.source().index() as u32,
                dst: e.target().index() as u32,
                kind: e.weight().kind,
                weight: e.weight().weight,
            })
            .collect();
        for e in &edges {
            for v in [e.src, e.dst] {
                degree[v as usize] += 1;
                interactions[v as usize] += u64::from(e.weight);
            }
        }
        edges.par_sort_unstable_by(|a, b| {
            b.weight
                .cmp(&a.weight)
                .then(a.src.cmp(&b.src))
                .then(a.dst.cmp(&b.dst))
                .then(a.kind.cmp(&b.kind))
        });
        let mut by_importance: Vec<u32> = (0..n as u32).collect();
        by_importance.par_sort_unstable_by(|&a, &b| {
            degree[b as usize].cmp(&degree[a as usize]).then(a.cmp(&b))
        });
        Self {
            account,
            degree,
            interactions,
            edges,
            by_importance,
        }
    }

    /// A network of `n` nodes (node i is account i) from (source, target, kind,
    /// interactions) edges; edges naming a node ≥ `n` are dropped.
    pub fn from_edges(n: usize, edges: impl IntoIterator<Item = SceneEdge>) -> Self {
        let mut graph = SocialGraph::default();
        for i in 0..n {
            let node = graph.graph.add_node(i as AccountIdx);
            graph.node_of_account.push(node);
        }
        for e in edges {
            if (e.src as usize) < n && (e.dst as usize) < n {
                graph.graph.add_edge(
                    graph.node_of_account[e.src as usize],
                    graph.node_of_account[e.dst as usize],
                    crate::graph::EdgeData {
                        kind: e.kind,
                        weight: e.weight,
                    },
                );
            }
        }
        Self::from_graph(&graph)
    }

    pub fn node_count(&self) -> usize {
        self.account.len()
    }

    /// The layout's view: one undirected adjacency entry per edge, weighted by its
    /// interactions; node i is node i.
    pub fn layout_graph(&self) -> LayoutGraph {
        let edges: Vec<(u32, u32, f32)> = self
            .edges
            .iter()
            .map(|e| (e.src, e.dst, e.weight as f32))
            .collect();
        LayoutGraph::from_edges(self.node_count(), &edges)
    }

    /// Colours, sizes and legend for `style`, with the selection and filter `marks`.
    pub fn style(&self, ds: &Dataset, style: Style, palette: Palette, marks: &Marks<'_>) -> Styled {
        let Marks {
            selected,
            filtered_out: dimmed,
            hide,
            edge_shown,
        } = *marks;
        let n = self.node_count();
        let (category, legend_labels) = self.categories(ds, style.color_by);
        let colors: Vec<Color32> = legend_labels
            .iter()
            .enumerate()
            .map(|(i, (_, is_other))| {
                if *is_other {
                    palette.neutral()
                } else if style.color_by == ColorBy::Role {
                    if i == 0 {
                        palette.core()
                    } else {
                        palette.outside()
                    }
                } else {
                    palette.categorical(i)
                }
            })
            .collect();
        // The legend counts what is shown.
        let mut counts = vec![0u64; legend_labels.len()];
        for (i, &c) in category.iter().enumerate() {
            if !dimmed.get(i).copied().unwrap_or(false) {
                counts[c as usize] += 1;
            }
        }
        let legend = legend_labels
            .iter()
            .zip(&colors)
            .zip(&counts)
            .filter(|(_, c)| **c > 0)
            .map(|(((label, _), color), count)| LegendEntry {
                label: label.clone(),
                color: *color,
                count: *count,
            })
            .collect();

        let value = |i: usize| -> f64 {
            match style.size_by {
                SizeBy::Degree => f64::from(self.degree[i]),
                SizeBy::Interactions => self.interactions[i] as f64,
                SizeBy::Followers => ds
                    .accounts
                    .follower_count
                    .get(self.account[i] as usize)
                    .copied()
                    .flatten()
                    .map_or(0.0, f64::from),
            }
        };
        let max = (0..n).map(value).fold(0.0f64, f64::max);
        let radius: Vec<f32> = (0..n).map(|i| radius_for(value(i), max)).collect();
        let color_of = |i: usize| {
            if dimmed.get(i).copied().unwrap_or(false) {
                palette.dimmed()
            } else {
                colors[category[i] as usize]
            }
        };
        // Least important first, so that hubs are drawn on top and the level of
        // detail keeps the most important (a suffix).
        let nodes: Vec<NodeInstance> = self
            .by_importance
            .iter()
            .rev()
            .map(|&node| {
                let i = node as usize;
                let mut flags = 0;
                if selected.get(i).copied().unwrap_or(false) {
                    flags |= NODE_SELECTED;
                }
                if dimmed.get(i).copied().unwrap_or(false) {
                    flags |= if hide { NODE_HIDDEN } else { NODE_DIMMED };
                }
                NodeInstance {
                    node,
                    color: color_of(i).to_array(),
                    radius: radius[i],
                    flags,
                }
            })
            .collect();
        let max_radius = radius.iter().copied().fold(0.0, f32::max);

        let max_weight = self.edges.first().map_or(1, |e| e.weight.max(1));
        let edges = self
            .edges
            .par_iter()
            .enumerate()
            .map(|(k, e)| {
                let hidden = dimmed.get(e.src as usize).copied().unwrap_or(false)
                    || dimmed.get(e.dst as usize).copied().unwrap_or(false)
                    || !edge_shown.get(k).copied().unwrap_or(true);
                let color = if hidden {
                    Color32::TRANSPARENT
                } else {
                    match style.edge_color_by {
                        EdgeColorBy::Source => color_of(e.src as usize),
                        EdgeColorBy::Kind => palette.edge_kind(e.kind),
                        EdgeColorBy::Weight => palette.edge_weight(
                            ((e.weight as f32).ln_1p() / (max_weight as f32).ln_1p()).sqrt(),
                        ),
                    }
                };
                EdgeInstance {
                    src: e.src,
                    dst: e.dst,
                    color: color.to_array(),
                }
            })
            .collect();
        Styled {
            nodes,
            radius,
            edges,
            legend,
            max_radius,
        }
    }

    /// Category index of each node and the categories' labels (with whether each is
    /// the catch-all "other"), most accounts first.
    fn categories(&self, ds: &Dataset, by: ColorBy) -> (Vec<u16>, Vec<(String, bool)>) {
        let n = self.node_count();
        let accounts = &ds.accounts;
        // Raw key per node, then keys ranked by count.
        let key = |i: usize| -> Option<String> {
            let a = self.account[i];
            match by {
                ColorBy::Role => None,
                ColorBy::Country => accounts
                    .campaign(a)
                    .and_then(|c| ds.campaigns.get(c as usize))
                    .map(|c| c.country.clone()),
                ColorBy::Campaign => accounts
                    .campaign(a)
                    .and_then(|c| ds.campaigns.get(c as usize))
                    .map(|c| c.name.clone()),
                ColorBy::AccountLanguage => {
                    let sym = accounts.language.get(a as usize).copied().unwrap_or(0);
                    let lang = if sym == 0 {
                        ""
                    } else {
                        ds.strings.languages.resolve(sym)
                    };
                    (!lang.is_empty()).then(|| lang.to_owned())
                }
            }
        };
        if by == ColorBy::Role {
            let cat = (0..n)
                .map(|i| match accounts.campaign(self.account[i]) {
                    Some(_) => 0,
                    None => 1,
                })
                .collect();
            return (
                cat,
                vec![("core".to_owned(), false), ("outside".to_owned(), false)],
            );
        }
        let keys: Vec<Option<String>> = (0..n).map(key).collect();
        let mut counts: rustc_hash::FxHashMap<&str, u64> = Default::default();
        for k in keys.iter().flatten() {
            *counts.entry(k.as_str()).or_default() += 1;
        }
        let mut ranked: Vec<(&str, u64)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        // Eleven named categories; the rest (and accounts without one) share "other".
        const NAMED: usize = 11;
        let mut labels: Vec<(String, bool)> = ranked
            .iter()
            .take(NAMED)
            .map(|(k, _)| ((*k).to_owned(), false))
            .collect();
        let other_label = match by {
            ColorBy::Country | ColorBy::Campaign => "outside / other",
            _ => "other / unknown",
        };
        labels.push((other_label.to_owned(), true));
        let other = (labels.len() - 1) as u16;
        let index: rustc_hash::FxHashMap<&str, u16> = ranked
            .iter()
            .take(NAMED)
            .enumerate()
            .map(|(i, (k, _))| (*k, i as u16))
            .collect();
        let cat = keys
            .iter()
            .map(|k| {
                k.as_deref()
                    .and_then(|k| index.get(k).copied())
                    .unwrap_or(other)
            })
            .collect();
        (cat, labels)
    }
}
