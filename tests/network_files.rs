//! Network files: GEXF, GraphML and CSV tables read and written. Round trips over
//! random networks (Unicode labels, empty attributes, self-loops, parallel edges, mixed
//! directions), files in other tools' dialects with exact expected figures, hostile
//! input (entities, truncation, missing nodes, duplicates, control characters), and the
//! `convert` and `summary --json` commands.

mod common;

use std::sync::Arc;

use common::{fixture, ioscope};
use ioscope::export::network::{gexf, gml, graphml, graphology, tables};
use ioscope::io::{Input, LoadError, LoadOptions, Progress};
use ioscope::model::Dataset;
use ioscope::model::graph_file::{
    AttrType, Attribute, FileEdge, GraphFile, GraphFormat, Spell, Spells, TimeFormat,
};
use proptest::prelude::*;

fn load(files: &[(&str, Vec<u8>)]) -> Result<Dataset, LoadError> {
    let inputs: Vec<Input> = files
        .iter()
        .map(|(name, bytes)| Input::Bytes {
            name: (*name).to_owned(),
            bytes: Arc::from(bytes.clone()),
        })
        .collect();
    ioscope::io::load(&inputs, &LoadOptions::default(), &Progress::default())
}

fn graph_of(files: &[(&str, Vec<u8>)]) -> GraphFile {
    let ds = load(files).expect("loads");
    ds.graph_file.expect("a network file")
}

fn written(g: &GraphFile, format: &str) -> Vec<(&'static str, Vec<u8>)> {
    let mut out = Vec::new();
    match format {
        "gexf" => {
            gexf::write(g, &mut out).expect("write");
            vec![("net.gexf", out)]
        }
        "graphml" => {
            graphml::write(g, &mut out).expect("write");
            vec![("net.graphml", out)]
        }
        "json" => {
            graphology::write(g, &mut out).expect("write");
            vec![("net.json", out)]
        }
        "gml" => {
            gml::write(g, &mut out).expect("write");
            vec![("net.gml", out)]
        }
        _ => {
            let mut nodes = Vec::new();
            tables::write_nodes(g, &mut nodes).expect("write");
            tables::write_edges(g, &mut out).expect("write");
            vec![("net.csv", out), ("net-nodes.csv", nodes)]
        }
    }
}

/// Per-node optional values, `None` when no node has one.
fn some_values<T: Clone>(v: &Option<Vec<Option<T>>>) -> Option<Vec<Option<T>>> {
    v.clone().filter(|v| v.iter().any(Option::is_some))
}

/// Asserts that two sets of attribute columns over `rows` rows hold the same values.
fn assert_same_columns(a: &[Attribute], b: &[Attribute], rows: usize, what: &str, format: &str) {
    // graphology's JSON and GML declare no attributes: one without any value is not there.
    let kept: Vec<&Attribute> = a
        .iter()
        .filter(|x| !matches!(format, "json" | "gml") || !x.values.is_empty())
        .collect();
    assert_eq!(kept.len(), b.len(), "{format}: {what} attributes");
    for x in kept {
        // By name: JSON objects need not keep the columns' order.
        let y = b
            .iter()
            .find(|y| y.name == x.name)
            .unwrap_or_else(|| panic!("{format}: {what} attribute {} read back", x.name));
        for row in 0..rows {
            assert_eq!(
                x.get(row),
                y.get(row),
                "{format}: {} of {what} {row}",
                x.name
            );
        }
    }
}

/// A network's spells, `None` when no node or edge has one.
fn spells_of(g: &GraphFile) -> Option<Spells> {
    g.spells
        .clone()
        .filter(|s| s.nodes.iter().chain(&s.edges).any(|v| !v.is_empty()))
}

/// Asserts that two networks hold the same nodes, labels, attribute values, edges,
/// edge attributes, positions, colours and sizes, and (GEXF) the same spells.
fn assert_same(a: &GraphFile, b: &GraphFile, format: &str) {
    assert_eq!(a.ids, b.ids, "{format}: ids");
    assert_eq!(a.labels, b.labels, "{format}: labels");
    assert_same_columns(&a.attributes, &b.attributes, a.node_count(), "node", format);
    assert_same_columns(
        &a.edge_attributes,
        &b.edge_attributes,
        a.edges.len(),
        "edge",
        format,
    );
    if format == "gexf" {
        assert_eq!(spells_of(a), spells_of(b), "{format}: spells");
    } else {
        assert_eq!(b.spells, None, "{format}: no spells");
    }
    let edges = |g: &GraphFile| -> Vec<(u32, u32, f64, String, bool)> {
        g.edges
            .iter()
            .map(|e| {
                (
                    e.src,
                    e.dst,
                    e.weight,
                    g.edge_type_name(e.kind).to_owned(),
                    e.directed,
                )
            })
            .collect()
    };
    assert_eq!(edges(a), edges(b), "{format}: edges");
    assert_eq!(
        some_values(&a.positions),
        some_values(&b.positions),
        "{format}: positions"
    );
    assert_eq!(
        some_values(&a.colors),
        some_values(&b.colors),
        "{format}: colours"
    );
    assert_eq!(
        some_values(&a.sizes),
        some_values(&b.sizes),
        "{format}: sizes"
    );
}

/// Text without control characters (removed, with a warning, when read) and without
/// surrounding whitespace where the formats trim it (ids, types).
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 é中ğ\u{1F600}<>&\"'=+@.,;|#\n\t-]{0,10}"
}

fn trimmed() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9é中ğ<>&\"=@#_.-][a-zA-Z0-9 é中ğ<>&\"=@#_.-]{0,6}[a-zA-Z0-9é中_]".prop_map(|s| s)
}

fn network() -> impl Strategy<Value = GraphFile> {
    let nodes = 1usize..10;
    nodes
        .prop_flat_map(|n| {
            (
                proptest::collection::btree_set(trimmed(), n..=n),
                proptest::collection::vec(text(), n),
                proptest::collection::vec(
                    proptest::collection::vec(
                        proptest::option::of(
                            text().prop_filter("non-empty, no quote first", |s| {
                                !s.is_empty() && !s.starts_with('\'')
                            }),
                        ),
                        n,
                    ),
                    0..3,
                ),
                proptest::collection::vec(
                    (
                        0..n as u32,
                        0..n as u32,
                        prop_oneof![
                            Just(1.0),
                            Just(0.5),
                            Just(2.0),
                            Just(1e-3),
                            Just(123456.789),
                            Just(-3.25)
                        ],
                        0u32..3,
                        any::<bool>(),
                    ),
                    0..16,
                ),
                any::<bool>(),
                proptest::option::of(proptest::collection::vec(
                    proptest::option::of((-1e4f32..1e4, -1e4f32..1e4)),
                    n,
                )),
                proptest::option::of(proptest::collection::vec(
                    proptest::option::of(any::<[u8; 4]>()),
                    n,
                )),
                proptest::option::of(proptest::collection::vec(
                    proptest::option::of(0.0f32..100.0),
                    n,
                )),
                proptest::collection::vec(
                    proptest::collection::vec(
                        proptest::option::of(
                            text().prop_filter("non-empty, no quote first", |s| {
                                !s.is_empty() && !s.starts_with('\'')
                            }),
                        ),
                        16,
                    ),
                    0..3,
                ),
                proptest::option::of((
                    0usize..4,
                    proptest::collection::vec(spell_list(), n),
                    proptest::collection::vec(spell_list(), 16),
                )),
            )
        })
        .prop_map(
            |(
                ids,
                labels,
                columns,
                edges,
                directed,
                positions,
                colors,
                sizes,
                edge_columns,
                spells,
            )| {
                let mut g = GraphFile {
                    format: GraphFormat::Gexf,
                    directed,
                    ids: ids.into_iter().map(Into::into).collect(),
                    labels: labels.into_iter().map(Into::into).collect(),
                    ..GraphFile::default()
                };
                // Labels that start with a quote before a formula sign lose it in CSV.
                for l in &mut g.labels {
                    if l.starts_with('\'') {
                        *l = l.trim_start_matches('\'').into();
                    }
                }
                let n = g.ids.len();
                for (k, values) in columns.into_iter().enumerate() {
                    // GraphML's schema asks for names without spaces (its writer makes them so).
                    let mut a = Attribute::new(&format!("attr_{k}_ü"), AttrType::Text);
                    for (node, v) in values.into_iter().enumerate() {
                        if let Some(v) = v {
                            a.set(node, &v);
                        }
                    }
                    a.finish(n);
                    g.attributes.push(a);
                }
                for name in ["retweet", "ally é"] {
                    g.edge_type(name);
                }
                g.edges = edges
                    .into_iter()
                    .map(|(src, dst, weight, kind, directed)| FileEdge {
                        src,
                        dst,
                        weight,
                        kind,
                        directed,
                    })
                    .collect();
                g.positions =
                    positions.map(|p| p.into_iter().map(|q| q.map(|(x, y)| [x, y])).collect());
                g.colors = colors;
                g.sizes = sizes;
                let m = g.edges.len();
                for (k, values) in edge_columns.into_iter().enumerate() {
                    let mut a = Attribute::new(&format!("edge_{k}_ü"), AttrType::Text);
                    for (edge, v) in values.into_iter().enumerate().take(m) {
                        if let Some(v) = v {
                            a.set(edge, &v);
                        }
                    }
                    a.finish(m);
                    g.edge_attributes.push(a);
                }
                g.spells = spells.map(|(format, nodes, mut edges)| {
                    let format = [
                        TimeFormat::Double,
                        TimeFormat::Integer,
                        TimeFormat::Date,
                        TimeFormat::DateTime,
                    ][format];
                    // Times each format writes exactly: quarters, integers, days (to the
                    // year 7100), minutes.
                    let unit = |t: i64| match format {
                        TimeFormat::Double => t as f64 / 4.0,
                        TimeFormat::Integer => t as f64,
                        TimeFormat::Date => (t / 16) as f64,
                        TimeFormat::DateTime => t as f64 / 1440.0,
                    };
                    let scale = |list: Vec<(Option<i64>, Option<i64>)>| -> Vec<Spell> {
                        list.into_iter()
                            .map(|(a, b)| Spell {
                                start: a.map_or(f64::NEG_INFINITY, unit),
                                end: b.map_or(f64::INFINITY, unit),
                            })
                            .collect()
                    };
                    edges.truncate(m);
                    Spells {
                        format,
                        nodes: nodes.into_iter().map(scale).collect(),
                        edges: edges.into_iter().map(scale).collect(),
                    }
                });
                g
            },
        )
}

/// Up to three time windows, each side open or a time (in a unit the format fixes),
/// start before end.
fn spell_list() -> impl Strategy<Value = Vec<(Option<i64>, Option<i64>)>> {
    proptest::collection::vec(
        (
            proptest::option::of(0i64..30_000_000),
            proptest::option::of(0i64..30_000_000),
        )
            .prop_map(|(a, b)| match (a, b) {
                (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                other => other,
            }),
        0..3,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_format_round_trips(g in network()) {
        for format in ["gexf", "graphml", "csv", "json"] {
            let files = written(&g, format);
            let back = graph_of(&files);
            // Only GEXF holds time windows.
            let mut expected = g.clone();
            if format != "gexf" {
                expected.spells = None;
            }
            assert_same(&expected, &back, format);
        }
        // GML says nothing of an edge's own direction, and its keys are ASCII words.
        let mut as_gml = g.clone();
        for e in &mut as_gml.edges {
            e.directed = g.directed;
        }
        as_gml.spells = None;
        let back = graph_of(&written(&as_gml, "gml"));
        for a in &mut as_gml.attributes {
            a.name = gml::key_name(&a.name).into();
        }
        for a in &mut as_gml.edge_attributes {
            a.name = gml::edge_key_name(&a.name).into();
        }
        assert_same(&as_gml, &back, "gml");
    }

    #[test]
    fn any_bytes_as_a_network_file_never_panic(body in proptest::collection::vec(any::<u8>(), 0..400), kind in 0usize..7) {
        let prefix: &[u8] = match kind {
            0 => b"<gexf><graph><nodes><node id='a'",
            1 => b"<graphml><key id='d0' for='node' attr.name='x'/><graph><node id='n0'><data key='d0'>",
            2 => b"Source,Target,Weight\na,b,",
            3 => b"Id,Label,x\n",
            4 => b"graph [ directed 1 node [ id 1 label \"",
            5 => b"*Vertices 2\n1 \"a\"\n*Arcs\n1 ",
            _ => b"{\"nodes\":[{\"key\":\"a\",\"attributes\":",
        };
        let mut bytes = prefix.to_vec();
        bytes.extend(body);
        let name = ["a.gexf", "a.graphml", "a.csv", "n.csv", "a.gml", "a.net", "a.json"][kind];
        // An error or a dataset: never a panic.
        let _ = load(&[(name, bytes)]);
    }
}

#[test]
fn gephi_dialect_gexf_loads_with_exact_figures() {
    let ds = ioscope::state::load_all(
        &[Input::Path(fixture("network/gephi_quirks.gexf"))],
        &LoadOptions::default(),
        &Progress::default(),
    )
    .expect("loads");
    let g = ds.dataset.graph_file.as_ref().expect("a network file");
    assert_eq!(g.node_count(), 4);
    assert_eq!(g.ids[0].as_ref(), "0.0");
    // Edges name nodes `0` and `1` for `0.0` and `1.0`; the one to `9` is skipped.
    assert_eq!(g.edges.len(), 4);
    assert!(!g.directed, "defaultedgetype mutual");
    assert!(g.edges[3].directed, "an edge's own type wins");
    assert_eq!(g.edges[0].weight, 2.5);
    assert_eq!(g.edge_type_name(g.edges[0].kind), "retweet");
    let colors = g.colors.as_ref().expect("colours");
    assert_eq!(colors[0], Some([255, 0, 0, 255]), "r/g/b");
    assert_eq!(colors[1], Some([0, 128, 255, 255]), "hex");
    assert_eq!(colors[2], Some([10, 20, 30, 128]), "alpha 0.5");
    let positions = g.positions.as_ref().expect("positions");
    assert_eq!(positions[0], Some([1.5, -2.0]), "mistyped viz namespace");
    assert_eq!(g.sizes.as_ref().expect("sizes")[0], Some(4.0));
    assert_eq!(
        g.labels[1].as_ref(),
        "Bob",
        "the escape character is removed"
    );
    let country = g.attribute("country").expect("country");
    assert_eq!(country.get(3), Some("Unknown"), "the declared default");
    assert_eq!(ds.dataset.warning_count, 2);
    let reasons: Vec<String> = ds
        .dataset
        .warnings
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("gephi_quirks.gexf:16") && r.contains("0x1B")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("`9`")), "{reasons:?}");
    // The country attribute drives the country filter.
    let s = &ds.summary;
    assert_eq!(s.countries.get("Turkey"), Some(&2));
    assert_eq!(
        s.edges.total, 3,
        "an undirected pair written both ways counts once"
    );
    assert_eq!(s.edges.retweet, 1);
}

#[test]
fn networkx_igraph_and_yed_graphml_load_with_exact_figures() {
    let load = |name: &str| {
        ioscope::state::load_all(
            &[Input::Path(fixture(&format!("network/{name}")))],
            &LoadOptions::default(),
            &Progress::default(),
        )
        .expect("loads")
    };
    let nx = load("networkx.graphml");
    let g = nx.dataset.graph_file.as_ref().expect("graph");
    assert_eq!((g.node_count(), g.edges.len()), (5, 5));
    assert_eq!(g.attribute("role").and_then(|a| a.get(0)), Some("core"));
    assert_eq!(nx.summary.edges.total, 5);
    let ig = load("igraph.graphml");
    let g = ig.dataset.graph_file.as_ref().expect("graph");
    assert_eq!((g.node_count(), g.edges.len()), (4, 3));
    assert_eq!(
        g.labels[0].as_ref(),
        "alice",
        "igraph's `name` is the label"
    );
    assert!(g.directed);
    assert_eq!(g.edges[1].weight, 0.25);
    let yed = load("yed.graphml");
    let g = yed.dataset.graph_file.as_ref().expect("graph");
    assert_eq!(g.node_count(), 2);
    assert_eq!(g.labels[1].as_ref(), "Second");
    assert_eq!(
        g.positions.as_ref().expect("positions")[0],
        Some([45.0, 35.0])
    );
    assert_eq!(
        g.colors.as_ref().expect("colours")[0],
        Some([0xFF, 0xCC, 0x00, 255])
    );
}

#[test]
fn csv_tables_with_any_delimiter_and_plain_edge_lists_load() {
    let ds = load(&[
        (
            "edges.csv",
            b"Source;Target;Type;Weight;Label\na;b;Undirected;2;mention\nb;c;Directed;1,5;\n"
                .to_vec(),
        ),
        (
            "nodes.csv",
            b"Id;Label;country;followers\na;Alice;China;10\nb;Bob;China;20\nc;Carol;Turkey;x\n"
                .to_vec(),
        ),
    ])
    .expect("loads");
    let g = ds.graph_file.as_ref().expect("graph");
    assert_eq!(g.node_count(), 3);
    assert_eq!(g.labels[0].as_ref(), "Alice", "the node table comes first");
    assert_eq!(g.edges.len(), 2);
    assert!(!g.edges[0].directed && g.edges[1].directed);
    assert_eq!(
        g.edges[1].weight, 1.0,
        "`1,5` is not a number: 1, with a warning"
    );
    assert_eq!(ds.warning_count, 1);
    assert_eq!(
        g.attribute("followers").map(|a| a.kind),
        Some(AttrType::Text)
    );
    let list = load(&[(
        "follows.edgelist",
        b"a b\nb c 3\n# a comment\nc a\n".to_vec(),
    )])
    .expect("loads");
    let g = list.graph_file.as_ref().expect("graph");
    assert_eq!((g.node_count(), g.edges.len()), (3, 3));
    assert_eq!(g.edges[1].weight, 3.0);
    // A two-column CSV with an unknown header is not taken for an edge list.
    let e = load(&[("notes.csv", b"name,age\nalice,30\n".to_vec())]).expect_err("not a network");
    assert!(e.to_string().contains("GraphML"), "{e}");
}

#[test]
fn hostile_network_files_are_clear_errors_or_warnings() {
    let laughs = b"<?xml version='1.0'?>\n<!DOCTYPE gexf [<!ENTITY a 'ha'><!ENTITY b '&a;&a;&a;&a;'>]>\n<gexf><graph><nodes><node id='&b;'/></nodes></graph></gexf>".to_vec();
    let e = load(&[("laughs.gexf", laughs)])
        .expect_err("refused")
        .to_string();
    assert!(e.contains("laughs.gexf") && e.contains("entities"), "{e}");
    let external = b"<?xml version='1.0'?>\n<!DOCTYPE g [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n<graphml><graph><node id='&x;'/></graph></graphml>".to_vec();
    assert!(load(&[("external.graphml", external)]).is_err());
    let truncated = b"<gexf><graph><nodes>\n<node id='a'/>\n<node id='b'>".to_vec();
    let e = load(&[("cut.gexf", truncated)])
        .expect_err("truncated")
        .to_string();
    assert!(e.contains("cut.gexf") && e.contains("line 3"), "{e}");
    let duplicate = b"<graphml><graph><node id='a'/><node id='a'/><edge source='a' target='a'/></graph></graphml>".to_vec();
    let ds = load(&[("dup.graphml", duplicate)]).expect("loads with a warning");
    assert_eq!(ds.accounts.len(), 1);
    assert!(
        ds.warnings[0].reason.contains("duplicate node id"),
        "{:?}",
        ds.warnings
    );
    // A GEXF named .csv is read as GEXF: the content decides.
    let ds = load(&[(
        "wrong.csv",
        b"<gexf><graph><nodes><node id='x'/></nodes></graph></gexf>".to_vec(),
    )])
    .expect("loads");
    assert_eq!(ds.accounts.len(), 1);
    // A 100 MB attribute value is cut, with a warning naming the line.
    let mut huge = b"<gexf><graph><attributes class='node'><attribute id='0' title='bio' type='string'/></attributes><nodes>\n<node id='a'><attvalues><attvalue for='0' value='".to_vec();
    huge.extend(std::iter::repeat_n(b'x', 100 << 20));
    huge.extend(b"'/></attvalues></node></nodes></graph></gexf>");
    let ds = load(&[("huge.gexf", huge)]).expect("loads");
    let g = ds.graph_file.as_ref().expect("graph");
    assert_eq!(
        g.attribute("bio").and_then(|a| a.get(0)).map(str::len),
        Some(64 << 10)
    );
    assert!(
        ds.warnings
            .iter()
            .any(|w| w.line == 2 && w.reason.contains("cut")),
        "{:?}",
        ds.warnings
    );
    let e = load(&[(
        "deep.graphml",
        b"<graphml>"
            .iter()
            .copied()
            .chain("<a>".repeat(1000).into_bytes())
            .collect(),
    )])
    .expect_err("too deep")
    .to_string();
    assert!(e.contains("nested"), "{e}");
}

#[test]
fn convert_and_summary_work_on_every_format() {
    let dir = tempfile::tempdir().expect("dir");
    let gexf_out = dir.path().join("out.gexf");
    let (code, _, err) = ioscope(&[
        "convert",
        fixture("network/gephi_quirks.gexf").to_str().expect("path"),
        "-o",
        gexf_out.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    let csv_out = dir.path().join("out.csv");
    let (code, stdout, err) = ioscope(&[
        "convert",
        gexf_out.to_str().expect("path"),
        "-o",
        csv_out.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("out-nodes.csv"), "{stdout}");
    let nodes = dir.path().join("out-nodes.csv");
    let (code, json, err) = ioscope(&[
        "summary",
        "--json",
        csv_out.to_str().expect("path"),
        nodes.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["accounts"]["total"], 4);
    assert_eq!(v["edges"]["total"], 3);
    assert_eq!(v["edges"]["by_type"]["retweet"], 1);
    assert_eq!(v["attributes"]["country"]["Turkey"], 2);
    // An archive converts too, filtered, with a layout.
    let graphml_out = dir.path().join("china.graphml");
    let (code, _, err) = ioscope(&[
        "convert",
        fixture("china_052020_users_csv_hashed.csv")
            .to_str()
            .expect("path"),
        fixture("china_052020_tweets_csv_hashed.csv")
            .to_str()
            .expect("path"),
        "-o",
        graphml_out.to_str().expect("path"),
        "--role",
        "core",
        "--layout-iterations",
        "20",
    ]);
    assert_eq!(code, 0, "{err}");
    let (code, json, err) = ioscope(&["summary", "--json", graphml_out.to_str().expect("path")]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    let (code, whole, _) = ioscope(&[
        "summary",
        "--json",
        "--role",
        "core",
        fixture("china_052020_users_csv_hashed.csv")
            .to_str()
            .expect("path"),
        fixture("china_052020_tweets_csv_hashed.csv")
            .to_str()
            .expect("path"),
    ]);
    assert_eq!(code, 0);
    let w: serde_json::Value = serde_json::from_str(&whole).expect("json");
    assert_eq!(
        v["accounts"]["total"], w["accounts"]["total"],
        "the filter applied"
    );
    assert_eq!(v["accounts"]["core"], w["accounts"]["core"]);
    let text = std::fs::read_to_string(&graphml_out).expect("read");
    assert!(text.contains("<data key=\"x\">"), "positions written");
    let e = ioscope(&["convert", gexf_out.to_str().expect("path"), "-o", "x.pdf"]);
    assert_ne!(e.0, 0);
    assert!(
        e.2.contains(".gexf, .graphml, .gml, .csv or .json"),
        "{}",
        e.2
    );
}

/// The fuzz targets' seed corpus (`fuzz/seeds`), each file loaded as its target loads
/// it: every seed is a dataset (they are valid files), and none panics.
#[test]
fn the_fuzz_seeds_load() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let mut loaded = 0;
    for target in [
        "gexf",
        "graphml",
        "graphology",
        "gml",
        "pajek",
        "tables",
        "archive",
        "ira",
        "nbc",
        "twarc",
    ] {
        let dir = seeds.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("a seed folder per target")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{target} has seeds");
        for path in files {
            let bytes = std::fs::read(&path).expect("read");
            let inputs: Vec<(&str, Vec<u8>)> = match target {
                "gexf" => vec![("network.gexf", bytes)],
                "graphml" => vec![("network.graphml", bytes)],
                "graphology" => vec![("network.json", bytes)],
                "gml" => vec![("network.gml", bytes)],
                "pajek" => vec![("network.net", bytes)],
                "archive" => vec![("fuzz_052020_tweets_csv_hashed.csv", bytes)],
                "ira" => vec![("IRAhandle_tweets_1.csv", bytes)],
                "twarc" => vec![("tweets.jsonl", bytes)],
                _ => {
                    let (&control, rest) = bytes.split_first().expect("a control byte");
                    let cut = usize::from(control) * rest.len() / 256;
                    let (first, second) = rest.split_at(cut);
                    let names = if target == "nbc" {
                        ["users.csv", "tweets.csv"]
                    } else {
                        ["nodes.csv", "edges.csv"]
                    };
                    vec![(names[0], first.to_vec()), (names[1], second.to_vec())]
                }
            };
            let outcome = load(&inputs);
            if target != "tables" || path.ends_with("quirks.bin") {
                let ds = outcome.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert!(!ds.accounts.is_empty(), "{}", path.display());
            }
            loaded += 1;
        }
    }
    assert!(loaded >= 16, "{loaded} seeds");
}

#[test]
fn gml_and_pajek_from_networkx_and_igraph_load_with_exact_figures() {
    let open = |name: &str| {
        ioscope::state::load_all(
            &[Input::Path(fixture(&format!("network/{name}")))],
            &LoadOptions::default(),
            &Progress::default(),
        )
        .expect("loads")
    };
    let nx = open("networkx.gml");
    let g = nx.dataset.graph_file.as_ref().expect("graph");
    assert_eq!(g.format, GraphFormat::Gml);
    assert_eq!((g.node_count(), g.edges.len()), (3, 3));
    assert!(g.directed);
    assert_eq!(
        g.labels[2].as_ref(),
        "carol \"c\" & co",
        "&#34; and &#38; resolved"
    );
    assert_eq!(g.edges[2].weight, 0.5);
    assert_eq!(g.edge_type_name(g.edges[1].kind), "mention");
    assert_eq!(g.attribute("score").map(|a| a.kind), Some(AttrType::Double));
    assert_eq!(nx.summary.edges.retweet, 2, "`type` names the kind");
    assert_eq!(
        nx.summary.account_languages.get("tr"),
        Some(&2),
        "`lang` is the language"
    );
    let ig = open("igraph.gml");
    let g = ig.dataset.graph_file.as_ref().expect("graph");
    assert_eq!((g.node_count(), g.edges.len()), (4, 5));
    assert!(!g.directed);
    assert_eq!(g.labels[3].as_ref(), "d", "igraph's `name` is the label");
    let pajek = open("igraph.net");
    let g = pajek.dataset.graph_file.as_ref().expect("graph");
    assert_eq!(g.format, GraphFormat::Pajek);
    assert_eq!((g.node_count(), g.edges.len()), (4, 5));
    assert!(!g.directed && !g.edges[0].directed);
    assert_eq!(g.labels[0].as_ref(), "a");
    assert_eq!(g.edges[4].weight, 5.0);
    assert_eq!(pajek.summary.edges.total, 5);
    // Hostile GML: unclosed lists and deep nesting are errors with their line.
    let e = load(&[("cut.gml", b"graph [\n node [ id 1\n".to_vec())]).expect_err("truncated");
    assert!(
        e.to_string().contains("cut.gml") && e.to_string().contains("truncated"),
        "{e}"
    );
    let deep = format!("graph [ {} ]", "a [ ".repeat(100));
    assert!(load(&[("deep.gml", deep.into_bytes())]).is_err());
}

#[test]
fn dynamic_gexf_spells_are_time_windows_and_edge_attributes_are_kept() {
    let l = ioscope::state::load_all(
        &[Input::Path(fixture("network/dynamic.gexf"))],
        &LoadOptions::default(),
        &Progress::default(),
    )
    .expect("loads");
    let g = l.dataset.graph_file.as_ref().expect("graph");
    assert_eq!((g.node_count(), g.edges.len()), (4, 4));
    // Spells: a by start/end, b by <spells>, c none, d open-ended.
    let spells = g.spells.as_ref().expect("dynamic");
    assert_eq!(spells.format, TimeFormat::Date);
    let day =
        |d: &str| f64::from(ioscope::model::time::parse_date_days(d.as_bytes()).expect("date"));
    assert_eq!(
        spells.nodes[0],
        vec![Spell {
            start: day("2020-01-01"),
            end: day("2020-03-31")
        }]
    );
    assert_eq!(spells.nodes[1].len(), 2);
    assert!(spells.nodes[2].is_empty());
    assert_eq!(spells.nodes[3][0].end, f64::INFINITY);
    assert_eq!(spells.edges[1][0].start, day("2020-06-05"));
    assert!(spells.edges[3].is_empty(), "an unreadable time is no spell");
    assert!(
        l.dataset
            .warnings
            .iter()
            .any(|w| w.reason.contains("not a date") && w.line > 0),
        "{:?}",
        l.dataset.warnings
    );
    // Edge attributes: `Weight` is the weight; the others are columns, with the default.
    assert_eq!(g.edges[1].weight, 3.0);
    let channel = g.edge_attribute("channel").expect("channel");
    let values: Vec<Option<&str>> = (0..4).map(|k| channel.get(k)).collect();
    assert_eq!(
        values,
        [Some("dm"), Some("public"), Some("public"), Some("public")]
    );
    let sentiment = g.edge_attribute("sentiment").expect("sentiment");
    assert_eq!(sentiment.kind, AttrType::Double);
    assert_eq!((sentiment.get(0), sentiment.get(1)), (Some("-0.5"), None));
    assert_eq!(l.summary.edge_attributes["channel"]["public"], 3);
    let sp = l.summary.spells.as_ref().expect("spell summary");
    assert_eq!(
        (sp.first.as_deref(), sp.last.as_deref(), sp.nodes, sp.edges),
        (Some("2020-01-01"), Some("2020-06-30"), 3, 2)
    );
    // The date window keeps the nodes and edges alive in it.
    let shown = |from: &str, to: &str| {
        let spec = ioscope::filter::FilterSpec {
            from_day: ioscope::model::time::parse_date_days(from.as_bytes()),
            to_day: ioscope::model::time::parse_date_days(to.as_bytes()),
            ..Default::default()
        };
        let f = ioscope::filter::apply(&l.dataset, &l.network, &l.evidence, &spec);
        let names: Vec<&str> = (0..4)
            .filter(|&i| f.accounts[i])
            .map(|i| &*g.ids[i])
            .collect();
        (names, f.shown_edges)
    };
    assert_eq!(shown("2020-01-15", "2020-01-20"), (vec!["a", "b", "c"], 2));
    assert_eq!(shown("2020-06-10", "2020-06-10"), (vec!["b", "c", "d"], 2));
    assert_eq!(shown("2020-04-01", "2020-04-30"), (vec!["c"], 0));
    assert_eq!(
        shown("2019-01-01", "2021-01-01"),
        (vec!["a", "b", "c", "d"], 4)
    );
    // Written back as GEXF, the spells and edge attributes come back; the command line
    // filters by the window too.
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("again.gexf");
    let (code, _, err) = ioscope(&[
        "convert",
        fixture("network/dynamic.gexf").to_str().expect("path"),
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    let again = graph_of(&[("again.gexf", std::fs::read(&out).expect("read"))]);
    assert_eq!(again.spells.as_ref(), Some(spells));
    assert_eq!(again.edge_attributes, g.edge_attributes);
    let (code, json, err) = ioscope(&[
        "summary",
        "--json",
        "--from",
        "2020-06-10",
        "--to",
        "2020-06-10",
        out.to_str().expect("path"),
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["accounts"]["total"], 3, "{json}");
    assert_eq!(v["spells"]["format"], "date");
}

#[test]
fn gexf_1_1_slices_and_numeric_time_windows() {
    let file = br#"<gexf version="1.1"><graph mode="dynamic" timeformat="double">
<nodes>
<node id="x"><slices><slice start="1.0" end="2.5"/></slices></node>
<node id="y" start="3"/>
<node id="z"/>
</nodes>
<edges><edge source="x" target="z"/><edge source="y" target="z" end="4"/></edges>
</graph></gexf>"#;
    let ds = load(&[("old.gexf", file.to_vec())]).expect("loads");
    let g = ds.graph_file.as_ref().expect("graph");
    let spells = g.spells.as_ref().expect("dynamic");
    assert_eq!(spells.format, TimeFormat::Double);
    assert_eq!(
        spells.nodes[0],
        vec![Spell {
            start: 1.0,
            end: 2.5
        }]
    );
    assert_eq!(spells.nodes[1][0].start, 3.0);
    assert_eq!(spells.edges[1][0].end, 4.0);
    let network = ioscope::graph::Network::build(&ds);
    let evidence = ioscope::graph::Evidence::build(&ds, &network);
    let spec = ioscope::filter::FilterSpec {
        from_time: Some(ioscope::filter::FileTime(2.6)),
        to_time: Some(ioscope::filter::FileTime(10.0)),
        ..Default::default()
    };
    let f = ioscope::filter::apply(&ds, &network, &evidence, &spec);
    assert_eq!(f.accounts, vec![false, true, true], "x ends at 2.5");
    assert_eq!(f.shown_edges, 1, "y–z lives until 4");
}

#[test]
fn gexf_1_3_intervals_and_timestamps_are_spells() {
    let file = br#"<gexf version="1.3"><graph timeformat="integer" timerepresentation="interval">
<nodes>
<node id="p" intervals="&lt;[1, 2]; [5, 8)&gt;"/>
<node id="q" timestamps="&lt;[3, 4, oops]&gt;"/>
</nodes>
<edges><edge source="p" target="q" intervals="&lt;[2, 9]&gt;"/></edges>
</graph></gexf>"#;
    let ds = load(&[("new.gexf", file.to_vec())]).expect("loads");
    let g = ds.graph_file.as_ref().expect("graph");
    let spells = g.spells.as_ref().expect("dynamic");
    assert_eq!(spells.format, TimeFormat::Integer);
    let spell = |start: f64, end: f64| Spell { start, end };
    assert_eq!(spells.nodes[0], vec![spell(1.0, 2.0), spell(5.0, 8.0)]);
    assert_eq!(spells.nodes[1], vec![spell(3.0, 3.0), spell(4.0, 4.0)]);
    assert_eq!(spells.edges[0], vec![spell(2.0, 9.0)]);
    assert!(
        ds.warnings.iter().any(|w| w.reason.contains("`oops`")),
        "{:?}",
        ds.warnings
    );
}

#[test]
fn graphml_own_ids_are_restored_and_a_clash_is_a_warning() {
    let ds = load(&[(
        "own.graphml",
        std::fs::read(fixture("../../fuzz/seeds/graphml/own_ids.graphml")).expect("seed"),
    )])
    .expect("loads");
    let g = ds.graph_file.as_ref().expect("graph");
    // n2 claims n0's id: it keeps its token, with a warning naming the line.
    assert_eq!(
        g.ids.iter().map(|i| &**i).collect::<Vec<_>>(),
        ["yuA9Pl+7/Ec3=", "H9xl/nOcu+U=", "n2"]
    );
    assert!(
        ds.warnings
            .iter()
            .any(|w| w.line == 8 && w.reason.contains("duplicate node id `yuA9Pl+7/Ec3=`")),
        "{:?}",
        ds.warnings
    );
    let channel = g.edge_attribute("channel").expect("channel");
    assert_eq!(
        (channel.get(0), channel.get(1)),
        (Some("dm"), Some("public"))
    );
    assert_eq!((g.edges[0].src, g.edges[0].dst), (0, 1));
}

#[test]
fn numeric_attributes_are_range_filters() {
    let facets = fixture("network/facets.gexf");
    let path = facets.to_str().expect("path");
    let (code, json, err) = ioscope(&["summary", "--json", path]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["numeric_attributes"]["score"]["min"], 0.0);
    assert_eq!(v["numeric_attributes"]["score"]["max"], 12.0);
    // Scores are 0, 1.5, …, 12 for n0 … n8: 3 to 7.5 keeps n2 … n5.
    let (code, json, err) = ioscope(&["summary", "--json", "--range", "score=3..7.5", path]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["accounts"]["total"], 4, "{json}");
    let (code, json, _) = ioscope(&["summary", "--json", "--range", "score=..1.5", path]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(v["accounts"]["total"], 2, "n0 and n1");
    for bad in ["score", "score=a..b", "score=5..1", "=1..2"] {
        let (code, _, err) = ioscope(&["summary", "--range", bad, path]);
        assert_ne!(code, 0, "{bad}");
        assert!(err.contains("--range"), "{bad}: {err}");
    }
    // The filter itself: accounts without a value are not in any range.
    let l = ioscope::state::load_all(
        &[Input::Path(facets)],
        &LoadOptions::default(),
        &Progress::default(),
    )
    .expect("loads");
    let mut spec = ioscope::filter::FilterSpec::default();
    spec.ranges.insert(
        "score".to_owned(),
        ioscope::filter::ValueRange {
            min: Some(10.0),
            max: None,
        },
    );
    let f = ioscope::filter::apply(&l.dataset, &l.network, &l.evidence, &spec);
    let shown: Vec<usize> = (0..f.accounts.len()).filter(|&i| f.accounts[i]).collect();
    assert_eq!(shown, vec![7, 8]);
}
