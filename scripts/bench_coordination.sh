#!/usr/bin/env bash
# Coordination networks, ioscope beside the QUT coordination-network-toolkit (PyPI
# coordination-network-toolkit 1.5.2, through ../shared/peers/coordination_peer.py), on
# the same tweets files, in one run, one kind after the other (never in parallel: the
# machine has two cores). The toolkit's semantics: Δt = 60 s, minimum weight 2, every
# edge kept (--min-share 0); near-duplicate is the toolkit's co_similar_tweet at τ = 0.8.
#
#   [KINDS="co_link co_tweet"] scripts/bench_coordination.sh [PYTHON] FILES...
#
# KINDS picks some of the compared kinds (the toolkit's names); all five by default.
#
# Prints one JSON line per kind: the edges of each (equal or not), the toolkit's seconds
# (its preprocess, which reads the CSV into SQLite, plus its compute), ioscope's seconds
# end to end on the same input (load and compute, from the command's start) and its
# compute alone, and the ratio (ioscope's time is the median of three runs); for co-link,
# whose toolkit input is the linked tweets only, also ioscope's seconds on every tweet. Then `ioscope bench coordination` on the same files (recall and precision
# against the planted groups, when coordination_groups.json is beside them).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py=python3
if [ $# -gt 0 ] && [ -x "$1" ] && [[ "$1" != *.csv* ]]; then py=$1; shift; fi
[ $# -gt 0 ] || { echo "usage: $0 [PYTHON] FILES..." >&2; exit 2; }
peer=$here/../shared/peers/coordination_peer.py
ioscope=$here/target/release/ioscope
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
tweets=()
for f in "$@"; do case "$f" in *tweets*) tweets+=("$f");; esac; done
"$py" -c "import coordination_network_toolkit, importlib.metadata as m; print('{\"toolkit\": \"' + m.version('coordination-network-toolkit') + '\"}')"
# The toolkit's CSV input splits the urls cell on spaces, so tweets without links share
# the "link" '' and its co-link joins them all: for co-link it is given only the tweets
# (not retweets) that carry links, which gives exactly its network of real links (and
# less to read than ioscope, which reads every row).
mkdir -p "$work/links"
links=()
for f in "${tweets[@]}"; do
  out="$work/links/$(basename "$f")"
  "$py" "$here/scripts/links_only.py" "$f" "$out"
  links+=("$out")
done
for kind in ${KINDS:-co_retweet co_tweet co_link co_reply co_similar_tweet}; do
  ours=${kind/_/-}
  [ $kind = co_similar_tweet ] && ours=near-duplicate
  src=("${tweets[@]}")
  [ $kind = co_link ] && src=("${links[@]}")
  "$py" "$peer" "${src[@]}" --type $kind --window 60 --min-weight 2 --similarity 0.8 --out "$work/toolkit.csv" --workdir "$work/db" 2>/dev/null | tail -1 > "$work/toolkit.json"
  rm -rf "$work/db"
  # ioscope three times, the median (first touches of memory on a virtual machine vary
  # by a second from run to run).
  ours_run() { # FILES...: seconds, median of three
    local runs=()
    for _ in 1 2 3; do
      start=$(date +%s.%N)
      "$ioscope" coordination --kind $ours --window 60s --min-weight 2 --min-share 0 --similarity 0.8 --json -o "$work/ours.csv" "$@" > "$work/ours.json"
      end=$(date +%s.%N)
      runs+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${runs[@]}" | sort -g | sed -n 2p
  }
  whole=null
  [ $kind = co_link ] && whole=$(ours_run "${tweets[@]}")
  median=$(ours_run "${src[@]}")
  "$py" - "$work" $kind 0 "$median" "$whole" <<'PY'
import csv, json, sys
work, kind, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
whole = None if sys.argv[5] == "null" else round(float(sys.argv[5]), 2)
def load(p):
    r = csv.reader(open(p)); next(r); return {(a, b): int(w) for a, b, w in r}
t, o = load(f"{work}/toolkit.csv"), load(f"{work}/ours.csv")
tj, oj = json.load(open(f"{work}/toolkit.json")), json.load(open(f"{work}/ours.json"))
toolkit_s = tj["preprocess_s"] + tj["compute_s"]
ours_s = end - start
print(json.dumps({"kind": kind, "tweets": tj.get("tweets"), "toolkit_edges": len(t), "ioscope_edges": len(o), "equal": t == o,
                  "toolkit_s": round(toolkit_s, 2), "ioscope_s": round(ours_s, 2), "ioscope_compute_s": oj["seconds"],
                  "ratio": round(toolkit_s / ours_s, 1), **({"ioscope_every_tweet_s": whole} if whole else {})}))
PY
done
[ -n "${KINDS:-}" ] || "$ioscope" bench coordination "$@"
