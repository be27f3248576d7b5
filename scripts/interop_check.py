"""Independent readers of what ioscope writes: networkx reads its GEXF and GraphML,
igraph its GraphML, and both must find the node and edge counts ioscope reported, the
same attributes and the same positions; with a folder of the GEXF 1.3 schema (gexf.rng,
dynamics.rng, viz.rng from github.com/gephi/gexf, specs/1.3), lxml validates the GEXF
against it. The RELAX NG grammar is the normative one: the XSD converted from it puts
the viz elements in the main namespace, so no file that uses `viz:` as the 1.3 primer
does (Gephi's own) passes it.

    python interop_check.py OUT_DIR NODES EDGES [GEXF_SCHEMA_DIR]

OUT_DIR holds net.gexf and net.graphml (written by `ioscope convert`). Prints one line
per check and exits 1 when any fails."""

import math
import sys

import igraph
import networkx as nx

out, nodes, edges = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
schema_dir = sys.argv[4] if len(sys.argv) > 4 else None
failures = []


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name} {detail}")
    if not ok:
        failures.append(name)


gexf = nx.read_gexf(f"{out}/net.gexf")
graphml = nx.read_graphml(f"{out}/net.graphml")
ig = igraph.Graph.Read_GraphML(f"{out}/net.graphml")
print(f"networkx {nx.__version__}, igraph {igraph.__version__}")
for name, n, m in [
    ("networkx GEXF", gexf.number_of_nodes(), gexf.number_of_edges()),
    ("networkx GraphML", graphml.number_of_nodes(), graphml.number_of_edges()),
    ("igraph GraphML", ig.vcount(), ig.ecount()),
]:
    check(f"{name} counts", (n, m) == (nodes, edges), f"{n} nodes, {m} edges; ioscope wrote {nodes}, {edges}")

# Positions: the GEXF's viz:position (networkx) against the GraphML's x/y (networkx and
# igraph), node by node.
worst = 0.0
ig_index = {v["id"]: v.index for v in ig.vs}
for node, data in gexf.nodes(data=True):
    p = data["viz"]["position"]
    q = graphml.nodes[node]
    v = ig.vs[ig_index[node]]
    for a, b, c in [(p["x"], q["x"], v["x"]), (p["y"], q["y"], v["y"])]:
        worst = max(worst, abs(a - b), abs(a - c))
check("positions agree", worst < 1e-3, f"largest difference {worst:g}")

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
weights_gexf = sorted(d.get("weight", 1.0) for _, _, d in gexf.edges(data=True))
weights_ig = sorted(ig.es["weight"])
check("weights agree", weights_gexf == weights_ig, f"{len(weights_gexf)} edges")

if schema_dir:
    from lxml import etree

    schema = etree.RelaxNG(etree.parse(f"{schema_dir}/gexf.rng"))
    doc = etree.parse(f"{out}/net.gexf")
    valid = schema.validate(doc)
    check("GEXF valid against the 1.3 schema (RELAX NG)", valid, "" if valid else str(schema.error_log.last_error))
else:
    print("note: no schema folder given: the GEXF was not validated against the 1.3 schema")

sys.exit(1 if failures else 0)
