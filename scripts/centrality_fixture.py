#!/usr/bin/env python3
"""Writes tests/fixtures/centrality/: a small directed weighted graph (edges.tsv: 79
nodes, self-loops, a dangling node) and networkx's centralities of it
(networkx.csv: pagerank with alpha 0.85, normalised betweenness, core numbers of the
undirected simple graph, HITS hubs and authorities), computed to 1e-12, which
tests/centrality.rs compares `ioscope centrality` with.

    python scripts/centrality_fixture.py tests/fixtures/centrality
"""
import csv, random, sys
import networkx as nx

out = sys.argv[1] if len(sys.argv) > 1 else "."
random.seed(11)
n = 79
G = nx.DiGraph()
G.add_nodes_from(range(n))
for _ in range(320):
    a, b = random.randrange(n - 1), random.randrange(n - 1)  # 78: dangling (no edge out)
    G.add_edge(a, b, weight=random.choice([1, 1, 2, 3, 5]))
for a in range(0, 20, 4):
    G.add_edge(a, 78, weight=2)
with open(f"{out}/edges.tsv", "w") as f:
    for a, b, w in sorted(G.edges(data="weight")):
        f.write(f"{a}\t{b}\t{w}\n")
pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-14, max_iter=100000)
bt = nx.betweenness_centrality(G, normalized=True)
simple = nx.Graph(G.to_undirected())
simple.remove_edges_from(nx.selfloop_edges(simple))
core = nx.core_number(simple)
hub, auth = nx.hits(G, tol=1e-14, max_iter=100000)
with open(f"{out}/networkx.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["node", "pagerank", "betweenness", "core", "hub", "authority"])
    for i in range(n):
        w.writerow([i, repr(pr[i]), repr(bt[i]), core[i], repr(hub[i]), repr(auth[i])])
print(nx.__version__, G.number_of_nodes(), G.number_of_edges())
