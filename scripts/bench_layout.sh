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
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
echo "# load $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cpus, $it iterations, theta 1.2"
for g in graph_20k graph_175k; do
  [ -f "$peers/$g.tsv" ] || { echo "# $peers/$g.tsv missing: see ../shared/peers/README.md"; continue; }
  # ioscope and the fa2 crate alternate (twice each): the ratio of each pair is less
  # exposed to a noisy machine than two runs minutes apart.
  for round in 1 2; do
    for t in 2 1; do
      "$bin" bench layout --edges "$peers/$g.tsv" --iterations "$it" --threads "$t" --theta 1.2
      par=""; [ "$t" = 2 ] && par=--parallel
      RAYON_NUM_THREADS=$t "$peers/fa2_crate_bench/target/release/fa2_crate_bench" "$peers/$g.tsv" "$it" --theta 1.2 $par
    done
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
} | tee "$out"
# The table: per graph and thread count, ioscope's median ms per iteration against each
# peer's (the pairs in run order), and the peer's time over ioscope's.
python3 - "$out" <<'PY2'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
ours = [r for r in rows if r.get("bench") == "layout" and r.get("gpu") is None and "threads" in r]
print("\n| graph | threads | ioscope ms/iteration (tree ‖ attraction = both, repulsion, move) | peer | peer ms/iteration | peer / ioscope |")
print("|---|---|---|---|---|---|")
for r in rows:
    if "peer" not in r:
        continue
    mine = [o for o in ours if o["nodes"] == r.get("nodes") and o["threads"] == r.get("threads", o["threads"])]
    if not mine:
        continue
    o = min(mine, key=lambda o: abs(rows.index(o) - rows.index(r)))
    ph = o.get("ms_per_iter_by_phase", {})
    # The tree and the attraction run side by side: each one's time, then both's.
    split = (f"{ph.get('tree', '?')} ‖ {ph.get('attraction', '?')} = {ph.get('tree_and_attraction', '?')}, "
             f"{ph.get('repulsion', '?')}, {ph.get('move', '?')}")
    peer = r["peer"] + (" " + r["version"] if "version" in r and r["version"] not in r["peer"] else "")
    print(f"| {o['nodes']:,} nodes / {o['edges']:,} edges | {o['threads']} | {o['ms_per_iter_median']} ({split}) "
          f"| {peer} | {r['ms_per_iter_median']} | {r['ms_per_iter_median'] / o['ms_per_iter_median']:.1f}x |")
PY2
