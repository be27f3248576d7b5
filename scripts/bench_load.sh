#!/usr/bin/env bash
# Loading speed, side by side in one run: ioscope (plain and gzip) against polars,
# pyarrow and pandas merely reading the same file, and zcat, in five rounds that take
# turns (the table gives medians, and the median and range of the rounds' ratios); then
# the whole release (plain and gzip) with its files read side by side and one at a time.
#
#   scripts/bench_load.sh [PEERS_DIR] [DATA_DIR]
#
# PEERS_DIR: a copy of ../shared/peers with its venv (see its README); default /tmp/peers.
# DATA_DIR: where the --scale 1 synthetic release is written once; default /tmp/ioscope-s1.
set -euo pipefail
cd "$(dirname "$0")/.."
peers=${1:-/tmp/peers}
data=${2:-/tmp/ioscope-s1}
cargo build --release --quiet
bin=target/release/ioscope
tweets=$data/turkey_052020_tweets_csv_hashed.csv
[ -f "$tweets" ] || "$bin" synth --seed 1 --scale 1 -o "$data"
for f in "$data"/*_csv_hashed.csv; do [ -f "$f.gz" ] || gzip -6 -k "$f"; done
# The tweets file as gzip members of 8 MB each (as bgzip or concatenated parts make).
members=$data/members/$(basename "$tweets").gz
if [ ! -f "$members" ]; then
  mkdir -p "$data/members"
  split -b 8M --filter='gzip -6' "$tweets" > "$members"
fi
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cat "$tweets" > /dev/null  # into the page cache
have_peers=false
[ -x "$peers/venv/bin/python" ] && have_peers=true
# Each line: a label, then the JSON line of one run.
zcat_line() {
  local start end
  start=$(date +%s.%N); zcat "$1" > /dev/null; end=$(date +%s.%N)
  python3 -c "import os,sys; s=float(sys.argv[2])-float(sys.argv[1]); print('{\"peer\": \"zcat\", \"MB_per_s\": %.1f}' % (os.path.getsize(sys.argv[3])/1e6/s))" "$start" "$end" "$tweets"
}
{
  # Rounds in which ioscope and its peers take turns on the same file: on a shared
  # machine whose speed drifts from minute to minute, each round's ratio compares runs
  # made moments apart, and the table gives the median round.
  for round in 1 2 3 4 5; do
    echo "plain $("$bin" bench load --repeats 1 "$tweets")"
    if $have_peers; then
      for engine in pyarrow polars; do
        echo "$engine $("$peers/venv/bin/python" "$peers/csv_load.py" "$tweets" --engine "$engine" --repeats 1)"
      done
    fi
    echo "gz $("$bin" bench load --repeats 1 "$tweets.gz")"
    echo "zcat $(zcat_line "$tweets.gz")"
    echo "members $("$bin" bench load --repeats 1 "$members")"
  done
  for files in "$data/*_csv_hashed.csv" "$data/*_csv_hashed.csv.gz"; do
    # shellcheck disable=SC2086 # the pattern expands to the release's files
    echo "release $("$bin" bench load --repeats 3 $files)"
    # shellcheck disable=SC2086
    echo "release_serial $("$bin" bench load --repeats 3 --one-file-at-a-time $files)"
  done
  if $have_peers; then
    echo "pandas $("$peers/venv/bin/python" "$peers/csv_load.py" "$tweets" --engine pandas --repeats 1 || true)"
  fi
} | tee "$out"
# The table: each row's median speed, and the median of the rounds' ratios.
python3 - "$out" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, _, rest = line.partition(" ")
    if rest.startswith("{"):
        runs.setdefault(label, []).append(json.loads(rest))
def speeds(label):
    return [r["MB_per_s"] for r in runs.get(label, [])]
def median(label):
    return statistics.median(speeds(label))
def ratio(ours, peer):
    pairs = list(zip(speeds(ours), speeds(peer)))
    return statistics.median(a / b for a, b in pairs), min(a / b for a, b in pairs), max(a / b for a, b in pairs)
print("\n| work | ioscope | peer | ioscope / peer (median round; range) |\n|---|---|---|---|")
plain = runs.get("plain")
if plain:
    size = f"{plain[0]['bytes'] / 1e6:.0f} MB"
    for name in ["pyarrow", "polars"]:
        if name in runs:
            version = runs[name][0].get("version", "")
            m, lo, hi = ratio("plain", name)
            print(f"| read the Turkey tweets file ({size}) | {median('plain')} MB/s end to end "
                  f"| {name} {version}: {median(name)} MB/s reading | {m:.2f}x ({lo:.2f}-{hi:.2f}) |")
    if "pandas" in runs:
        p = runs["pandas"][0]
        print(f"| read the Turkey tweets file ({size}) | {median('plain')} MB/s end to end "
              f"| pandas {p.get('version', '')}: {p['MB_per_s']} MB/s reading (one run) "
              f"| {median('plain') / p['MB_per_s']:.2f}x |")
for label, what, peer in [("gz", "the same as .csv.gz", "zcat"),
                          ("members", "the same as .csv.gz in 8 MB members", "zcat (one member)")]:
    if label in runs and "zcat" in runs:
        m, lo, hi = ratio(label, "zcat")
        print(f"| {what} | {median(label)} MB/s | {peer}: {median('zcat')} MB/s | {m:.2f}x ({lo:.2f}-{hi:.2f}) |")
for i, form in enumerate(["CSV", ".csv.gz"]):
    side, serial = runs.get("release", [])[i:i + 1], runs.get("release_serial", [])[i:i + 1]
    if side and serial:
        side, serial = side[0], serial[0]
        print(f"| the whole release ({side['uncompressed_bytes'] / 1e6:.0f} MB, 6 files, {form}), files side by side "
              f"| {side['MB_per_s']} MB/s, {side['peak_memory_MB']} MB peak "
              f"| itself, one file at a time: {serial['MB_per_s']} MB/s, {serial['peak_memory_MB']} MB peak "
              f"| {side['MB_per_s'] / serial['MB_per_s']:.2f}x |")
PY
