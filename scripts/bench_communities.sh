#!/usr/bin/env bash
# Leiden and Louvain side by side with python-igraph (community_leiden with modularity,
# resolution 1, iterated until stable; community_multilevel) on the same edge list, in
# one run: seconds and modularity each.
#
#   scripts/bench_communities.sh [EDGES.tsv] [PYTHON]
#
# Default: the 175k test graph of ../shared/peers (gen_graph.py). PYTHON needs igraph
# and numpy.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
edges=${1:-/tmp/peers/graph_175k.tsv}
py=${2:-python3}
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
for algorithm in leiden louvain; do
  "$here/target/release/ioscope" communities --algorithm $algorithm --edges "$edges" --json
done
"$py" - "$edges" <<'PY'
import json, random, sys, time
import igraph as ig, numpy as np
e = np.loadtxt(sys.argv[1], dtype=np.int64, delimiter="\t", ndmin=2)
g = ig.Graph(n=int(e[:, :2].max()) + 1, edges=e[:, :2].tolist(), directed=False)
for name, run in [("leiden", lambda: g.community_leiden(objective_function="modularity", resolution=1.0, n_iterations=-1)),
                  ("louvain", lambda: g.community_multilevel())]:
    random.seed(1)
    ig.set_random_number_generator(random)
    t = time.perf_counter()
    p = run()
    print(json.dumps({"peer": f"igraph {ig.__version__}", "algorithm": name, "seconds": round(time.perf_counter() - t, 3),
                      "modularity": g.modularity(p.membership), "communities": len(p)}))
PY
