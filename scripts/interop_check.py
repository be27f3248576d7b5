"""Independent readers of what ioscope writes: networkx reads its GEXF, GraphML and GML,
igraph its GraphML and GML, and both must find the node and edge counts ioscope reported, the
same attributes and the same positions; with a folder of the GEXF 1.3 schema (gexf.rng,
dynamics.rng, viz.rng from github.com/gephi/gexf, specs/1.3), lxml validates the GEXF
against it. The RELAX NG grammar is the normative one: the XSD converted from it puts
the viz elements in the main namespace, so no file that uses `viz:` as the 1.3 primer
does (Gephi's own) passes it. With a folder of the GraphML schema (graphml.xsd, the
structure, attributes and parse-info layers in one, and xlink.xsd, as JGraphT ships
them), lxml validates the GraphML against it (`-` skips either schema).

    python interop_check.py OUT_DIR NODES EDGES [GEXF_SCHEMA_DIR|-] [GRAPHML_SCHEMA_DIR]

OUT_DIR holds net.gexf, net.graphml and net.gml (written by `ioscope convert`). Prints one line
per check and exits 1 when any fails."""

import math
import sys

import igraph
import networkx as nx

out, nodes, edges = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
schema_dir = sys.argv[4] if len(sys.argv) > 4 and sys.argv[4] != "-" else None
graphml_schema_dir = sys.argv[5] if len(sys.argv) > 5 else None
from interop_common import check, failures, validate


gexf = nx.read_gexf(f"{out}/net.gexf")
# GraphML ids are NMTOKENs: a node whose id is not one (hashed ids) was written as a
# token, its own id in `ioscope_id`.
graphml = nx.read_graphml(f"{out}/net.graphml")
graphml = nx.relabel_nodes(graphml, {n: d.get("ioscope_id", n) for n, d in graphml.nodes(data=True)})
for _, d in graphml.nodes(data=True):
    d.pop("ioscope_id", None)
ig = igraph.Graph.Read_GraphML(f"{out}/net.graphml")
gml = nx.read_gml(f"{out}/net.gml")  # keyed by label: ioscope writes each node's id there
ig_gml = igraph.Graph.Read_GML(f"{out}/net.gml")
print(f"networkx {nx.__version__}, igraph {igraph.__version__}")
for name, n, m in [
    ("networkx GEXF", gexf.number_of_nodes(), gexf.number_of_edges()),
    ("networkx GraphML", graphml.number_of_nodes(), graphml.number_of_edges()),
    ("igraph GraphML", ig.vcount(), ig.ecount()),
    ("networkx GML", gml.number_of_nodes(), gml.number_of_edges()),
    ("igraph GML", ig_gml.vcount(), ig_gml.ecount()),
]:
    check(f"{name} counts", (n, m) == (nodes, edges), f"{n} nodes, {m} edges; ioscope wrote {nodes}, {edges}")

# Positions: the GEXF's viz:position (networkx) against the GraphML's x/y (networkx and
# igraph) and the GML's graphics x/y (networkx and igraph), node by node.
worst = 0.0
own_id = "ioscope_id" in ig.vs.attributes()
ig_index = {(v["ioscope_id"] or v["id"]) if own_id else v["id"]: v.index for v in ig.vs}
for node, data in gexf.nodes(data=True):
    p = data["viz"]["position"]
    q = graphml.nodes[node]
    v = ig.vs[ig_index[node]]
    g = gml.nodes[node]["graphics"]
    pairs = [(p["x"], q["x"], v["x"], g["x"]), (p["y"], q["y"], v["y"], g["y"])]
    for a, *others in pairs:
        for b in others:
            worst = max(worst, abs(a - b))
check("positions agree", worst < 1e-3, f"largest difference {worst:g}")
# igraph flattens GML's nested graphics list into attributes only in some versions: its
# positions are checked where it gives them.
if "x" in ig_gml.vs.attributes():
    worst_ig = max(abs(gexf.nodes[v["label"]]["viz"]["position"]["x"] - v["x"]) for v in ig_gml.vs)
    check("igraph GML positions agree", worst_ig < 1e-3, f"largest difference {worst_ig:g}")

# Attributes: every GEXF attribute value equals the GraphML one (as text).
mismatched = 0
checked = 0
for node, data in gexf.nodes(data=True):
    for key, value in data.items():
        if key in ("viz", "label"):
            continue
        other = graphml.nodes[node].get(key)
        checked += 1
        same = other == value or (
            isinstance(value, float) and isinstance(other, float) and math.isclose(value, other)
        )
        mismatched += 0 if same else 1
check("attributes agree", checked > 0 and mismatched == 0, f"{checked} values, {mismatched} differ")
labels = sum(1 for node, d in gexf.nodes(data=True) if d.get("label") == graphml.nodes[node].get("label"))
check("labels agree", labels == nodes, f"{labels} of {nodes}")
# GML: the display label is `name`; every other attribute as in the GEXF (GML keys are
# ASCII words: the sample's attribute names already are).
mismatched = checked = 0
for node, data in gexf.nodes(data=True):
    other = gml.nodes[node]
    checked += 1
    mismatched += 0 if other.get("name", "") == (data.get("label") or "") else 1
    for key, value in data.items():
        if key in ("viz", "label"):
            continue
        checked += 1
        got = other.get(key)
        same = got == value or (
            isinstance(value, (int, float)) and isinstance(got, (int, float)) and math.isclose(value, got)
        ) or str(got) == str(value)
        mismatched += 0 if same else 1
check("GML attributes and labels agree (networkx)", checked > 0 and mismatched == 0, f"{checked} values, {mismatched} differ")
ig_names = sum(1 for v in ig_gml.vs if v["name"] == (gexf.nodes[v["label"]].get("label") or ""))
check("GML labels agree (igraph)", ig_names == nodes, f"{ig_names} of {nodes}")
weights_gexf = sorted(d.get("weight", 1.0) for _, _, d in gexf.edges(data=True))
weights_ig = sorted(ig.es["weight"])
check("weights agree", weights_gexf == weights_ig, f"{len(weights_gexf)} edges")
weights_gml = sorted(float(d.get("weight", 1.0)) for _, _, d in gml.edges(data=True))
weights_ig_gml = sorted(float(w) for w in ig_gml.es["weight"])
check("GML weights agree", weights_gml == weights_gexf == weights_ig_gml, f"{len(weights_gml)} edges")

if schema_dir:
    validate("GEXF valid against the 1.3 schema (RELAX NG)", f"{schema_dir}/gexf.rng", f"{out}/net.gexf")
else:
    print("note: no schema folder given: the GEXF was not validated against the 1.3 schema")
if graphml_schema_dir:
    validate("GraphML valid against the GraphML schema (XSD)", f"{graphml_schema_dir}/graphml.xsd", f"{out}/net.graphml")
else:
    print("note: no GraphML schema folder given: the GraphML was not validated")

sys.exit(1 if failures else 0)
