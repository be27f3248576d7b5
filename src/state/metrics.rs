//! The loaded network's communities and centralities, computed on a background job after
//! it loads and again when the analyst picks another network ([`Subnetwork`]: all
//! interactions summed, one kind, or the coordination network): Leiden communities,
//! each described by its size, countries, languages and most central accounts; and per
//! node PageRank, betweenness (exact up to
//! [`EXACT_BETWEENNESS_NODES`] nodes, sampled from [`BETWEENNESS_SAMPLES`] sources
//! above), core number, HITS hub and authority, and weighted in-degree.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::analysis::centrality::{DirectedGraph, betweenness, core_numbers, hits, pagerank};
use crate::analysis::communities::{CommunityParams, Partition, WeightedGraph, communities};
use crate::analysis::subnetwork::{Subnetwork, as_directed, connected_nodes};
use crate::graph::Network;
use crate::jobs::Job;
use crate::model::Dataset;

/// Betweenness is exact up to this many nodes, sampled above.
pub const EXACT_BETWEENNESS_NODES: usize = 5_000;
pub const BETWEENNESS_SAMPLES: usize = 256;
/// Accounts named per community.
const TOP_ACCOUNTS: usize = 5;
/// Countries and languages named per community.
const TOP_VALUES: usize = 3;

/// A centrality measure, for the ranking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    PageRank,
    Betweenness,
    Core,
    Hub,
    Authority,
    InWeight,
}

impl Measure {
    pub const ALL: [Self; 6] = [
        Self::PageRank,
        Self::Betweenness,
        Self::Core,
        Self::Hub,
        Self::Authority,
        Self::InWeight,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::PageRank => "PageRank",
            Self::Betweenness => "betweenness",
            Self::Core => "core number",
            Self::Hub => "hub (amplifies)",
            Self::Authority => "authority (amplified)",
            Self::InWeight => "interactions received",
        }
    }
}

/// One community, described.
#[derive(Clone, Debug, PartialEq)]
pub struct CommunityRow {
    pub id: u32,
    pub size: usize,
    /// Its share of the modularity.
    pub modularity: f64,
    /// Countries and account languages of its core accounts, most first, with counts.
    pub countries: Vec<(String, u64)>,
    pub languages: Vec<(String, u64)>,
    /// Its most central nodes (by PageRank).
    pub top: Vec<u32>,
    pub members: Vec<u32>,
}

/// Communities (numbered by size, the largest 0) and centralities of one network.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkMetrics {
    /// The network they were computed on, and how it was named for people
    /// ("coordination: co-retweet within 1 min").
    pub subnetwork: Subnetwork,
    pub subnetwork_label: String,
    /// Nodes with at least one edge in it (the others are communities of one).
    pub connected: usize,
    pub partition: Partition,
    /// Communities, largest first.
    pub communities: Vec<CommunityRow>,
    pub pagerank: Vec<f64>,
    pub betweenness: Vec<f64>,
    pub betweenness_sampled: bool,
    pub core: Vec<u32>,
    pub hub: Vec<f64>,
    pub authority: Vec<f64>,
    pub in_weight: Vec<f64>,
    /// The top [`RANKED`] nodes by each measure (in [`Measure::ALL`] order), sorted once.
    pub top: Vec<Vec<u32>>,
    pub seconds: f64,
}

/// Nodes kept in each ranking.
pub const RANKED: usize = 100;

impl NetworkMetrics {
    /// Node `i`'s value of `m`.
    pub fn value(&self, m: Measure, i: usize) -> f64 {
        let v = match m {
            Measure::PageRank => self.pagerank.get(i),
            Measure::Betweenness => self.betweenness.get(i),
            Measure::Core => return self.core.get(i).map_or(0.0, |&c| f64::from(c)),
            Measure::Hub => self.hub.get(i),
            Measure::Authority => self.authority.get(i),
            Measure::InWeight => self.in_weight.get(i),
        };
        v.copied().unwrap_or(0.0)
    }

    /// The top nodes by `m` (at most [`RANKED`]), as computed with the metrics.
    pub fn top_by(&self, m: Measure) -> &[u32] {
        Measure::ALL
            .iter()
            .position(|&x| x == m)
            .and_then(|i| self.top.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// Nodes by `m`, largest first (ties by node), at most `k`.
    pub fn ranking(&self, m: Measure, k: usize) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.pagerank.len() as u32).collect();
        order.sort_by(|&a, &b| {
            self.value(m, b as usize)
                .total_cmp(&self.value(m, a as usize))
                .then(a.cmp(&b))
        });
        order.truncate(k);
        order
    }
}

/// The `k` most frequent values with counts, most first (ties by value).
fn most(counts: BTreeMap<String, u64>, k: usize) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(k);
    v
}

/// The network to compute on: which one, its name for people, and its weighted edges
/// over the interaction network's nodes.
#[derive(Clone, Debug)]
pub struct MetricsInput {
    pub subnetwork: Subnetwork,
    pub label: String,
    pub edges: Vec<(u32, u32, f64)>,
}

/// Computes everything on `input` (seconds on a release's network; run it on a job).
pub fn compute(ds: &Dataset, network: &Network, input: &MetricsInput) -> NetworkMetrics {
    let start = std::time::Instant::now();
    let n = network.node_count();
    let undirected = WeightedGraph::from_edges(n, input.edges.iter().copied());
    let mut partition = communities(&undirected, &CommunityParams::default());
    by_size(&mut partition);
    let directed =
        DirectedGraph::from_edges(n, as_directed(&input.edges, input.subnetwork.is_directed()));
    let pagerank = pagerank(&directed, 0.85);
    let sampled = n > EXACT_BETWEENNESS_NODES;
    let (betweenness, _) = betweenness(&directed, sampled.then_some(BETWEENNESS_SAMPLES), 1);
    let core = core_numbers(&directed);
    let (hub, authority) = hits(&directed);
    let in_weight = directed.degrees().iter().map(|d| d[3]).collect();
    let rows = describe(ds, network, &partition, &pagerank, &undirected);
    let mut metrics = NetworkMetrics {
        subnetwork: input.subnetwork,
        subnetwork_label: input.label.clone(),
        connected: connected_nodes(n, &input.edges),
        partition,
        communities: rows,
        pagerank,
        betweenness,
        betweenness_sampled: sampled,
        core,
        hub,
        authority,
        in_weight,
        top: Vec::new(),
        seconds: 0.0,
    };
    metrics.top = Measure::ALL
        .iter()
        .map(|&m| metrics.ranking(m, RANKED))
        .collect();
    metrics.seconds = start.elapsed().as_secs_f64();
    metrics
}

/// Numbers communities by size, largest 0 (ties by their first node).
fn by_size(p: &mut Partition) {
    let mut sizes = vec![0usize; p.count];
    for &c in &p.membership {
        sizes[c as usize] += 1;
    }
    let mut order: Vec<usize> = (0..p.count).collect();
    order.sort_by(|&a, &b| sizes[b].cmp(&sizes[a]).then(a.cmp(&b)));
    let mut rank = vec![0u32; p.count];
    for (r, &c) in order.iter().enumerate() {
        rank[c] = r as u32;
    }
    for c in &mut p.membership {
        *c = rank[*c as usize];
    }
}

/// Each community's row, largest first (community 0 is the largest).
fn describe(
    ds: &Dataset,
    network: &Network,
    partition: &Partition,
    pagerank: &[f64],
    g: &WeightedGraph,
) -> Vec<CommunityRow> {
    let k = partition.count;
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); k];
    for (i, &c) in partition.membership.iter().enumerate() {
        members[c as usize].push(i as u32);
    }
    let shares = crate::analysis::communities::modularity_shares(g, &partition.membership, 1.0);
    let accounts = &ds.accounts;
    let mut rows: Vec<CommunityRow> = members
        .into_iter()
        .enumerate()
        .map(|(c, members)| {
            let mut countries = BTreeMap::new();
            let mut languages = BTreeMap::new();
            for &node in &members {
                let Some(&a) = network.account.get(node as usize) else {
                    continue;
                };
                if let Some(campaign) = accounts
                    .campaign(a)
                    .and_then(|c| ds.campaigns.get(c as usize))
                {
                    *countries.entry(campaign.country.clone()).or_insert(0) += 1;
                }
                let lang = accounts.language.get(a as usize).copied().unwrap_or(0);
                if lang != 0 {
                    *languages
                        .entry(ds.strings.languages.resolve(lang).to_owned())
                        .or_insert(0) += 1;
                }
            }
            let mut top = members.clone();
            top.sort_by(|&a, &b| {
                pagerank[b as usize]
                    .total_cmp(&pagerank[a as usize])
                    .then(a.cmp(&b))
            });
            top.truncate(TOP_ACCOUNTS);
            CommunityRow {
                id: c as u32,
                size: members.len(),
                modularity: shares.get(c).copied().unwrap_or(0.0),
                countries: most(countries, TOP_VALUES),
                languages: most(languages, TOP_VALUES),
                top,
                members,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.size.cmp(&a.size).then(a.id.cmp(&b.id)));
    rows
}

/// The metrics being computed.
pub type MetricsJob = Job<Arc<NetworkMetrics>>;
