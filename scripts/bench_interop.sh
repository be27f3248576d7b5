#!/usr/bin/env bash
# Network files, side by side in one run: ioscope reading and writing a 1M-edge GEXF and
# GraphML against networkx (GEXF and GraphML) and igraph (GraphML; it has no GEXF
# reader), each operation in its own process, with peak memory.
#
#   scripts/bench_interop.sh [PEERS_DIR] [DATA_DIR]
#
# PEERS_DIR: a copy of ../shared/peers with its venv (networkx and igraph are added);
# default /tmp/peers. DATA_DIR: where the 175k / 1.0M test graph and its files go;
# default /tmp/interop.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${1:-/tmp/peers}
data=${2:-/tmp/interop}
py=$peers/venv/bin/python
"$peers/venv/bin/pip" install -q networkx igraph numpy
cargo build --release --quiet
bin=target/release/ioscope
mkdir -p "$data"
[ -f "$data/graph_175k.tsv" ] || "$py" "$peers/gen_graph.py" "$data/graph_175k.tsv" 24000 151000 --seed 42 --amp-kmax 20 --communities 24
# The test graph laid out briefly (20 iterations), so that the files carry positions:
# ioscope's own GEXF and GraphML are every tool's input.
[ -f "$data/net.gexf" ] || "$bin" convert "$data/graph_175k.tsv" -o "$data/net.gexf" --layout-iterations 20
[ -f "$data/net.graphml" ] || "$bin" convert "$data/net.gexf" -o "$data/net.graphml"
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$data/net.gexf" "$data/net.graphml" > /dev/null
"$bin" bench convert --repeats 3 "$data/net.gexf" -o "$data/out.graphml"
"$bin" bench convert --repeats 3 "$data/net.graphml" -o "$data/out.gexf"
"$py" scripts/interop_peer.py networkx read "$data/net.gexf"
"$py" scripts/interop_peer.py networkx read "$data/net.graphml"
"$py" scripts/interop_peer.py networkx write "$data/net.gexf" "$data/nx.gexf"
"$py" scripts/interop_peer.py networkx write "$data/net.graphml" "$data/nx.graphml"
"$py" scripts/interop_peer.py igraph read "$data/net.graphml"
"$py" scripts/interop_peer.py igraph write "$data/net.graphml" "$data/ig.graphml"
