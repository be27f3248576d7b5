"""Independent readers of a dynamic network with edge attributes as ioscope writes it:
OUT_DIR holds dyn.gexf, dyn.graphml and dyn.gml, converted from
tests/fixtures/network/dynamic.gexf (4 nodes, 4 edges; edge attributes `channel`, a
default `public`, and `sentiment`; spells on nodes a, b, d and edges 0, 1). networkx reads
the three and igraph the GraphML and GML: every edge's attributes must be those of the
fixture; networkx's GEXF reader must find each node's time windows; with schema folders
the GEXF is validated against the 1.3 RELAX NG grammar and the GraphML against its XSD.

    python interop_dynamic.py OUT_DIR [GEXF_SCHEMA_DIR|-] [GRAPHML_SCHEMA_DIR]

Prints one line per check and exits 1 when any fails."""

import sys

import igraph
import networkx as nx

out = sys.argv[1]
gexf_schema = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != "-" else None
graphml_schema = sys.argv[3] if len(sys.argv) > 3 else None
from interop_common import check, failures, validate


# (source, target) -> (channel, sentiment), as the fixture gives them.
expected = {
    ("a", "b"): ("dm", -0.5),
    ("b", "c"): ("public", None),
    ("c", "d"): ("public", 0.25),
    ("a", "c"): ("public", None),
}


def edges_agree(name, pairs):
    got = {}
    for s, t, d in pairs:
        sentiment = d.get("sentiment")
        got[(s, t)] = (d.get("channel"), None if sentiment is None else float(sentiment))
    check(f"{name} edge attributes", got == expected, f"{got}")


gexf = nx.read_gexf(f"{out}/dyn.gexf")
edges_agree("networkx GEXF", gexf.edges(data=True))
graphml = nx.read_graphml(f"{out}/dyn.graphml")
edges_agree("networkx GraphML", graphml.edges(data=True))
gml = nx.read_gml(f"{out}/dyn.gml")
edges_agree("networkx GML", gml.edges(data=True))
# igraph names GraphML vertices by `id`, GML vertices (networkx's convention) by `label`.
for name, g, ids_key in [
    ("igraph GraphML", igraph.Graph.Read_GraphML(f"{out}/dyn.graphml"), "id"),
    ("igraph GML", igraph.Graph.Read_GML(f"{out}/dyn.gml"), "label"),
]:
    ids = g.vs[ids_key]

    def value(e, key):
        v = e[key] if key in g.es.attributes() else None
        # igraph fills missing string values with "" and numbers with NaN.
        if v == "" or (isinstance(v, float) and v != v):
            return None
        return v

    pairs = [(ids[e.source], ids[e.target], {"channel": value(e, "channel"), "sentiment": value(e, "sentiment")}) for e in g.es]
    edges_agree(name, pairs)

# networkx keeps a dynamic GEXF's spells as (start, end) lists under "spells", or the
# element's own start and end.
def windows(d):
    if "spells" in d:
        return sorted((s, e) for s, e in d["spells"])
    if "start" in d or "end" in d:
        return [(d.get("start"), d.get("end"))]
    return []


spells = {n: windows(d) for n, d in gexf.nodes(data=True)}
want = {
    "a": [("2020-01-01", "2020-03-31")],
    "b": [("2020-01-01", "2020-01-31"), ("2020-06-01", "2020-06-30")],
    "c": [],
    "d": [("2020-05-01", None)],
}
check("networkx GEXF node spells", spells == want, f"{spells}")

if gexf_schema:
    validate("dynamic GEXF valid against the 1.3 schema (RELAX NG)", f"{gexf_schema}/gexf.rng", f"{out}/dyn.gexf")
if graphml_schema:
    validate("GraphML with edge attributes valid against the XSD", f"{graphml_schema}/graphml.xsd", f"{out}/dyn.graphml")

sys.exit(1 if failures else 0)
