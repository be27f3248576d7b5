//! What the canvas draws, on the CPU side: the network's nodes and edges as GPU-ready
//! instances, coloured and sized by the chosen [`Style`], edges in level-of-detail order
//! (strongest first, so thinning is drawing a prefix), nodes in label-priority order, and
//! the legend ([`style`], run again whenever the style, palette, selection or filter
//! changes).

use egui::Color32;
use rayon::prelude::*;

use super::gpu::{EdgeInstance, NODE_DIMMED, NODE_HIDDEN, NODE_SELECTED, NodeInstance};
use super::palette::Palette;
use crate::graph::Network;
use crate::model::Dataset;
use crate::model::graph_file::{Attribute, GraphFile, format_color, parse_color};

/// Node colouring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ColorBy {
    Country,
    Campaign,
    Role,
    AccountLanguage,
    /// The network's communities (once computed).
    Community,
    /// The colours a network file gave its nodes.
    FileColors,
    /// A network file's node attribute (its index among the file's attributes).
    Attribute(u16),
}

impl ColorBy {
    pub const ALL: [Self; 5] = [
        Self::Country,
        Self::Campaign,
        Self::Role,
        Self::AccountLanguage,
        Self::Community,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Country => "Country",
            Self::Campaign => "Campaign",
            Self::Role => "Role",
            Self::AccountLanguage => "Account language",
            Self::Community => "Community",
            Self::FileColors => "Colours from the file",
            Self::Attribute(_) => "Attribute",
        }
    }

    /// The name shown for it: an attribute's own name.
    pub fn name(self, ds: &Dataset) -> String {
        match self {
            Self::Attribute(i) => attribute_name(ds, i),
            other => other.label().to_owned(),
        }
    }

    /// Every colouring the dataset offers: the five above, and for a network file its
    /// colours and its categorical attributes.
    pub fn choices(ds: &Dataset) -> Vec<Self> {
        let mut all = Self::ALL.to_vec();
        all.extend(file_choices(
            ds,
            |f| has_any(&f.colors),
            Self::FileColors,
            Attribute::is_categorical,
            Self::Attribute,
        ));
        all
    }
}

/// Whether any node has a value.
fn has_any<T>(values: &Option<Vec<Option<T>>>) -> bool {
    values
        .as_ref()
        .is_some_and(|v| v.iter().any(Option::is_some))
}

/// A network file's own choices: `visual` when `has` it, then `attribute(i)` for each
/// attribute `keep` accepts (given the node count).
fn file_choices<T>(
    ds: &Dataset,
    has: impl Fn(&GraphFile) -> bool,
    visual: T,
    keep: impl Fn(&Attribute, usize) -> bool,
    attribute: impl Fn(u16) -> T,
) -> Vec<T> {
    let Some(file) = &ds.graph_file else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if has(file) {
        out.push(visual);
    }
    let n = file.node_count();
    out.extend(
        (0..file.attributes.len().min(usize::from(u16::MAX)))
            .filter(|&i| keep(&file.attributes[i], n))
            .map(|i| attribute(i as u16)),
    );
    out
}

/// A network file's attribute name ("attribute N" when the dataset has no such).
fn attribute_name(ds: &Dataset, i: u16) -> String {
    ds.graph_file
        .as_ref()
        .and_then(|f| f.attributes.get(usize::from(i)))
        .map_or_else(|| format!("attribute {i}"), |a| a.name.to_string())
}

/// Node sizing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SizeBy {
    Degree,
    Followers,
    Interactions,
    /// Centrality measures (once computed): PageRank, betweenness, core number, and the
    /// HITS hub (who amplifies) and authority (who is amplified) scores.
    PageRank,
    Betweenness,
    CoreNumber,
    Hub,
    Authority,
    /// The sizes a network file gave its nodes.
    FileSizes,
    /// A network file's numeric node attribute (its index among the file's attributes).
    Attribute(u16),
}

impl SizeBy {
    pub const ALL: [Self; 8] = [
        Self::Degree,
        Self::Followers,
        Self::Interactions,
        Self::PageRank,
        Self::Betweenness,
        Self::CoreNumber,
        Self::Hub,
        Self::Authority,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Degree => "Degree",
            Self::Followers => "Followers",
            Self::Interactions => "Interactions",
            Self::PageRank => "PageRank",
            Self::Betweenness => "Betweenness",
            Self::CoreNumber => "Core number",
            Self::Hub => "Hub score",
            Self::Authority => "Authority score",
            Self::FileSizes => "Sizes from the file",
            Self::Attribute(_) => "Attribute",
        }
    }

    /// The name shown for it: an attribute's own name.
    pub fn name(self, ds: &Dataset) -> String {
        match self {
            Self::Attribute(i) => attribute_name(ds, i),
            other => other.label().to_owned(),
        }
    }

    /// Every sizing the dataset offers: the eight above, and for a network file its
    /// sizes and its numeric attributes.
    pub fn choices(ds: &Dataset) -> Vec<Self> {
        let mut all = Self::ALL.to_vec();
        all.extend(file_choices(
            ds,
            |f| has_any(&f.sizes),
            Self::FileSizes,
            |a, _| a.kind.is_numeric(),
            Self::Attribute,
        ));
        all
    }

    /// Whether the size is a centrality measure (its values come in [`Marks::centrality`]).
    pub fn is_centrality(self) -> bool {
        matches!(
            self,
            Self::PageRank | Self::Betweenness | Self::CoreNumber | Self::Hub | Self::Authority
        )
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

/// Per-node and per-edge marks that change how things are drawn. Empty slices mean
/// "none selected", "nothing filtered out", "every edge shown".
#[derive(Clone, Copy, Debug, Default)]
pub struct Marks<'a> {
    pub selected: &'a [bool],
    /// Nodes a filter leaves out: greyed, or not drawn when `hide` is set.
    pub filtered_out: &'a [bool],
    pub hide: bool,
    pub edge_shown: &'a [bool],
    /// Each node's community, and its value of the centrality measure the size uses,
    /// once computed (empty: not yet).
    pub community: &'a [u32],
    pub centrality: &'a [f64],
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

/// Colours, sizes and legend of `network`'s nodes and edges for `style`, with the
/// selection and filter `marks`.
pub fn style(
    network: &Network,
    ds: &Dataset,
    style: Style,
    palette: Palette,
    marks: &Marks<'_>,
) -> Styled {
    let (category, legend_labels) = categories(network, ds, style.color_by, marks.community);
    let colors = category_colors(&legend_labels, style.color_by, palette);
    let mut legend = legend(&legend_labels, &colors, &category, marks.filtered_out);
    if style.color_by == ColorBy::FileColors {
        // A file's gradient can hold thousands of colours: the most used stand for it.
        legend.truncate(12);
    }
    let radius = radii(network, ds, style.size_by, marks.centrality);
    let dimmed = marks.filtered_out;
    let color_of = |i: usize| {
        if dimmed.get(i).copied().unwrap_or(false) {
            palette.dimmed()
        } else {
            colors[category[i] as usize]
        }
    };
    // Least important first, so that hubs are drawn on top and the level of
    // detail keeps the most important (a suffix).
    let nodes: Vec<NodeInstance> = network
        .by_importance
        .iter()
        .rev()
        .map(|&node| {
            let i = node as usize;
            let mut flags = 0;
            if marks.selected.get(i).copied().unwrap_or(false) {
                flags |= NODE_SELECTED;
            }
            if dimmed.get(i).copied().unwrap_or(false) {
                flags |= if marks.hide { NODE_HIDDEN } else { NODE_DIMMED };
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
    let max_weight = network.edges.first().map_or(1, |e| e.weight.max(1));
    let edges = network
        .edges
        .par_iter()
        .enumerate()
        .map(|(k, e)| {
            let hidden = dimmed.get(e.src as usize).copied().unwrap_or(false)
                || dimmed.get(e.dst as usize).copied().unwrap_or(false)
                || !marks.edge_shown.get(k).copied().unwrap_or(true);
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

/// The colour of each category (the catch-all "other" neutral).
fn category_colors(labels: &[(String, bool)], by: ColorBy, palette: Palette) -> Vec<Color32> {
    labels
        .iter()
        .enumerate()
        .map(|(i, (_, is_other))| {
            if *is_other {
                palette.neutral()
            } else if by == ColorBy::FileColors {
                parse_color(&labels[i].0).map_or(palette.neutral(), |[r, g, b, a]| {
                    Color32::from_rgba_unmultiplied(r, g, b, a)
                })
            } else if by == ColorBy::Role {
                if i == 0 {
                    palette.core()
                } else {
                    palette.outside()
                }
            } else {
                palette.categorical(i)
            }
        })
        .collect()
}

/// Legend rows: the categories with the number of nodes shown in each (empty ones
/// left out).
fn legend(
    labels: &[(String, bool)],
    colors: &[Color32],
    category: &[u16],
    filtered_out: &[bool],
) -> Vec<LegendEntry> {
    let mut counts = vec![0u64; labels.len()];
    for (i, &c) in category.iter().enumerate() {
        if !filtered_out.get(i).copied().unwrap_or(false) {
            counts[c as usize] += 1;
        }
    }
    labels
        .iter()
        .zip(colors)
        .zip(&counts)
        .filter(|(_, c)| **c > 0)
        .map(|(((label, _), color), count)| LegendEntry {
            label: label.clone(),
            color: *color,
            count: *count,
        })
        .collect()
}

/// Base radius of each node for a sizing.
fn radii(network: &Network, ds: &Dataset, by: SizeBy, centrality: &[f64]) -> Vec<f32> {
    let n = network.node_count();
    let value = |i: usize| -> f64 {
        match by {
            SizeBy::PageRank
            | SizeBy::Betweenness
            | SizeBy::CoreNumber
            | SizeBy::Hub
            | SizeBy::Authority => centrality.get(i).copied().unwrap_or(0.0),
            SizeBy::Degree => f64::from(network.degree[i]),
            SizeBy::Interactions => network.interactions[i] as f64,
            SizeBy::Followers => ds
                .accounts
                .follower_count
                .get(network.account[i] as usize)
                .copied()
                .flatten()
                .map_or(0.0, f64::from),
            SizeBy::FileSizes => ds
                .graph_file
                .as_ref()
                .and_then(|f| {
                    f.sizes
                        .as_ref()?
                        .get(network.account[i] as usize)
                        .copied()
                        .flatten()
                })
                .map_or(0.0, f64::from),
            SizeBy::Attribute(k) => ds
                .graph_file
                .as_ref()
                .and_then(|f| {
                    f.attributes
                        .get(usize::from(k))?
                        .number(network.account[i] as usize)
                })
                .filter(|v| v.is_finite())
                .map_or(0.0, |v| v.max(0.0)),
        }
    };
    let max = (0..n).map(value).fold(0.0f64, f64::max);
    if by == SizeBy::FileSizes {
        // A file's sizes keep their proportions: the largest gets the largest radius
        // (so a network exported from ioscope reopens at the sizes it was drawn with).
        let largest = f64::from(radius_for(1.0, 1.0));
        return (0..n)
            .map(|i| {
                let r = if max > 0.0 {
                    value(i) / max * largest
                } else {
                    0.0
                };
                r.max(1.0) as f32
            })
            .collect();
    }
    (0..n).map(|i| radius_for(value(i), max)).collect()
}

/// Category index of each node and the categories' labels (with whether each is
/// the catch-all "other"), most accounts first.
fn categories(
    network: &Network,
    ds: &Dataset,
    by: ColorBy,
    community: &[u32],
) -> (Vec<u16>, Vec<(String, bool)>) {
    let n = network.node_count();
    let accounts = &ds.accounts;
    // Raw key per node, then keys ranked by count.
    let key = |i: usize| -> Option<String> {
        let a = network.account[i];
        match by {
            ColorBy::Role => None,
            ColorBy::Community => community.get(i).map(|c| format!("community {}", c + 1)),
            ColorBy::Country => accounts
                .campaign(a)
                .and_then(|c| ds.campaigns.get(c as usize))
                .map(|c| c.country.clone()),
            ColorBy::Campaign => accounts
                .campaign(a)
                .and_then(|c| ds.campaigns.get(c as usize))
                .map(|c| c.name.clone()),
            ColorBy::FileColors => ds
                .graph_file
                .as_ref()
                .and_then(|f| f.colors.as_ref()?.get(a as usize).copied().flatten())
                .map(format_color),
            ColorBy::Attribute(k) => ds
                .graph_file
                .as_ref()
                .and_then(|f| f.attributes.get(usize::from(k))?.get(a as usize))
                .map(str::to_owned),
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
            .map(|i| match accounts.campaign(network.account[i]) {
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
    // Eleven named categories; the rest (and accounts without one) share "other". A
    // file's own colours are all kept.
    let named = if by == ColorBy::FileColors { 4094 } else { 11 };
    let mut labels: Vec<(String, bool)> = ranked
        .iter()
        .take(named)
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
        .take(named)
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
