"""One network-file operation of networkx or igraph, timed in its own process.

    python interop_peer.py TOOL OP FILE [OUT]

TOOL: networkx | igraph. OP: read (FILE is .gexf or .graphml) or write (read FILE, then
time writing OUT). Prints one JSON line: seconds of the operation, peak memory (MB) of
the process, nodes and edges."""

import json
import resource
import sys
import time

tool, op, path = sys.argv[1], sys.argv[2], sys.argv[3]
out = sys.argv[4] if len(sys.argv) > 4 else None


def read(p):
    if tool == "networkx":
        import networkx as nx

        return nx.read_gexf(p) if p.endswith(".gexf") else nx.read_graphml(p)
    import igraph

    return igraph.Graph.Read_GraphML(p)


def write(g, p):
    if tool == "networkx":
        import networkx as nx

        (nx.write_gexf if p.endswith(".gexf") else nx.write_graphml)(g, p)
    else:
        g.write_graphml(p)


start = time.perf_counter()
g = read(path)
seconds = time.perf_counter() - start
if op == "write":
    start = time.perf_counter()
    write(g, out)
    seconds = time.perf_counter() - start
nodes, edges = (g.number_of_nodes(), g.number_of_edges()) if tool == "networkx" else (g.vcount(), g.ecount())
version = __import__("networkx" if tool == "networkx" else "igraph").__version__
print(json.dumps({
    "peer": f"{tool} {version}",
    "op": op,
    "file": (out if op == "write" else path).rsplit(".", 1)[-1],
    "seconds": round(seconds, 3),
    "peak_memory_MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    "nodes": nodes,
    "edges": edges,
}))
