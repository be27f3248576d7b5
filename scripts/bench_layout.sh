#!/usr/bin/env bash
# ForceAtlas2 side by side in one run: ioscope against the peers in ../shared/peers
# (Rust fa2 crate, graphology, Python fa2, igraph FR), same graphs, θ, iterations.
#
#   scripts/bench_layout.sh [PEERS_DIR] [ITERATIONS]
#
# PEERS_DIR: a copy of ../shared/peers set up as its README says (venv, npm ci, the
# fa2 crate built, graph_20k.tsv and graph_175k.tsv generated); default /tmp/peers.
set -u
cd "$(dirname "$0")/.."
peers=${1:-/tmp/peers}
it=${2:-200}
cargo build --release --quiet
bin=target/release/ioscope
echo "# load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cpus, $it iterations, theta 1.2"
for g in graph_20k graph_175k; do
  for t in 2 1; do
    "$bin" bench layout --edges "$peers/$g.tsv" --iterations "$it" --threads "$t" --theta 1.2
  done
  for t in 2 1; do
    par=""; [ "$t" = 2 ] && par=--parallel
    RAYON_NUM_THREADS=$t "$peers/fa2_crate_bench/target/release/fa2_crate_bench" "$peers/$g.tsv" "$it" --theta 1.2 $par
  done
  # The slow peers get fewer iterations on the large graph (their time per iteration only).
  slow=$it; [ "$g" = graph_175k ] && slow=20
  node --max-old-space-size=8000 "$peers/graphology_fa2.js" "$peers/$g.tsv" "$slow" --theta 1.2 | head -n 1
  "$peers/venv/bin/python" "$peers/igraph_layouts.py" "$peers/$g.tsv" "$it" --algo fr --repeats 1 | head -n 1
  [ "$g" = graph_20k ] && "$peers/venv/bin/python" "$peers/fa2_python.py" "$peers/$g.tsv" 20 --theta 1.2 | head -n 1
done
# The GPU path: the forces on the GPU when the adapter is real hardware ("gpu" names it;
# null: none here, so this line is a CPU run). DEVICE=gpu runs it on any adapter.
echo "# the GPU path (--device ${DEVICE:-auto})"
"$bin" bench layout --edges "$peers/graph_175k.tsv" --iterations "$it" --theta 1.2 --device "${DEVICE:-auto}"
# Time from opening to a settled picture (`bench settle`), with and without the
# multilevel start, on the 175k test graph and (when SETTLE_FILES names them, e.g. a
# `synth --scale 1` release) on a release.
echo "# seconds to settle, multilevel start against random start"
for flag in "" --no-multilevel; do
  "$bin" bench settle $flag "$peers/graph_175k.tsv"
  if [ -n "${SETTLE_FILES:-}" ]; then
    # shellcheck disable=SC2086
    "$bin" bench settle $flag $SETTLE_FILES
  fi
done
