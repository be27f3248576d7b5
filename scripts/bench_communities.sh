#!/usr/bin/env bash
# Leiden and Louvain side by side with python-igraph (community_leiden with modularity,
# resolution 1, iterated until stable; community_multilevel) on the same weighted
# network, in one run: seconds and modularity each, both partitions scored by igraph.
#
#   scripts/bench_communities.sh [EDGES.tsv | DATASET FILES...]
#
# Default: the 175k test graph of ../shared/peers (gen_graph.py). Dataset files: their
# interaction network (every kind and direction summed), which ioscope writes for igraph
# with --write-edges. PYTHON (default python3) needs igraph and numpy.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-python3}
ioscope=$here/target/release/ioscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
if [ $# -eq 0 ] || { [ $# -eq 1 ] && [[ "$1" == *.tsv ]]; }; then
  edges=${1:-/tmp/peers/graph_175k.tsv}
  "$ioscope" communities --algorithm leiden --edges "$edges" --json -o "$work/leiden.csv"
else
  edges=$work/network.tsv
  "$ioscope" communities --algorithm leiden --json --write-edges "$edges" -o "$work/leiden.csv" "$@"
fi
"$ioscope" communities --algorithm louvain --edges "$edges" --json -o "$work/louvain.csv"
"$py" - "$edges" "$work" <<'PY'
import csv, json, random, sys, time
import igraph as ig, numpy as np
e = np.loadtxt(sys.argv[1], delimiter="\t", ndmin=2)
pairs = e[:, :2].astype(np.int64)
w = e[:, 2].tolist() if e.shape[1] > 2 else None
n = int(pairs.max()) + 1 if len(pairs) else 0
g = ig.Graph(n=n, edges=pairs.tolist(), directed=False)
def ours(name):
    with open(f"{sys.argv[2]}/{name}.csv") as f:
        rows = list(csv.reader(f))[1:]
    m = [int(c) for _, c in rows]
    # Nodes past the edge list's largest are isolated: igraph's graph stops there.
    return m[:n]
for name in ["leiden", "louvain"]:
    print(json.dumps({"ioscope": name, "modularity_by_igraph": g.modularity(ours(name), weights=w)}))
for name, run in [("leiden", lambda: g.community_leiden(objective_function="modularity", weights=w, resolution=1.0, n_iterations=-1)),
                  ("louvain", lambda: g.community_multilevel(weights=w))]:
    random.seed(1)
    ig.set_random_number_generator(random)
    t = time.perf_counter()
    p = run()
    print(json.dumps({"peer": f"igraph {ig.__version__}", "algorithm": name, "nodes": n, "edges": len(pairs),
                      "seconds": round(time.perf_counter() - t, 3),
                      "modularity": g.modularity(p.membership, weights=w), "communities": len(p)}))
PY
