#!/usr/bin/env bash
# The coordination-network-toolkit (PyPI coordination-network-toolkit 1.5.2, through
# ../shared/peers/coordination_peer.py) and `ioscope coordination` side by side on the
# same tweets file, for each kind and window: edges, and whether they are equal.
#
#   scripts/check_coordination.sh [TWEETS.csv] [PYTHON]
#
# Default: the fixture tests/fixtures/coordination/coord_052020_tweets_csv_hashed.csv;
# with --write-fixtures as the first argument it rewrites the toolkit_*.csv beside it.
# PYTHON must have the toolkit installed (pip install coordination-network-toolkit==1.5.2).
#
# One quirk of the toolkit is left out on purpose: its CSV input splits the urls cell on
# spaces, so a tweet without links shares the "link" '' with every other such tweet, and
# co-link joins them all. For co-link, the toolkit is given only the tweets that carry
# links (which gives exactly its network of real links).
set -euo pipefail
write=0
if [ "${1:-}" = "--write-fixtures" ]; then write=1; shift; fi
here=$(cd "$(dirname "$0")/.." && pwd)
tweets=${1:-$here/tests/fixtures/coordination/coord_052020_tweets_csv_hashed.csv}
py=${2:-python3}
peer=$here/../shared/peers/coordination_peer.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
mkdir -p "$work/links"
"$py" "$here/scripts/links_only.py" "$tweets" "$work/links/$(basename "$tweets")"
for kind in co_retweet co_tweet co_link co_reply co_similar_tweet; do
  for window in 60 180 3600; do
    src=$tweets
    [ $kind = co_link ] && src=$work/links/$(basename "$tweets")
    "$py" "$peer" "$src" --type $kind --window $window --min-weight 2 --similarity 0.8 --out "$work/toolkit.csv" 2>/dev/null | tail -1 > "$work/toolkit.json"
    ours_kind=${kind/_/-}
    [ $kind = co_similar_tweet ] && ours_kind=near-duplicate
    "$here/target/release/ioscope" coordination --kind $ours_kind --similarity 0.8 --window ${window}s --min-weight 2 --min-share 0 "$tweets" -o "$work/ours.csv" --json > "$work/ours.json"
    if [ $write = 1 ]; then cp "$work/toolkit.csv" "$(dirname "$tweets")/toolkit_${kind}_${window}.csv"; fi
    "$py" - "$work" $kind $window <<'PY'
import csv, json, sys
work, kind, window = sys.argv[1:]
def load(p):
    r = csv.reader(open(p)); next(r); return {(a, b): int(w) for a, b, w in r}
t, o = load(f"{work}/toolkit.csv"), load(f"{work}/ours.csv")
tj, oj = json.load(open(f"{work}/toolkit.json")), json.load(open(f"{work}/ours.json"))
print(json.dumps({"kind": kind, "window_s": int(window), "toolkit_edges": len(t), "ioscope_edges": len(o),
                  "equal": t == o, "toolkit_s": round(tj["preprocess_s"] + tj["compute_s"], 3), "ioscope_s": oj["seconds"]}))
PY
  done
done
