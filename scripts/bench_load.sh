#!/usr/bin/env bash
# Loading speed, side by side in one run: ioscope (plain and gzip) against polars,
# pyarrow and pandas merely reading the same file, and zcat.
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
[ -f "$tweets.gz" ] || gzip -6 -k "$tweets"
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
cat "$tweets" > /dev/null  # into the page cache
{
  "$bin" bench load --repeats 3 "$tweets"
  "$bin" bench load --repeats 3 "$tweets.gz"
  "$bin" bench load --repeats 1 "$data"/*.csv
  if [ -x "$peers/venv/bin/python" ]; then
    for engine in polars pyarrow; do
      "$peers/venv/bin/python" "$peers/csv_load.py" "$tweets" --engine "$engine" --repeats 3
    done
    "$peers/venv/bin/python" "$peers/csv_load.py" "$tweets" --engine pandas --repeats 1 || true
  fi
  start=$(date +%s.%N); zcat "$tweets.gz" > /dev/null; end=$(date +%s.%N)
  python3 -c "import os,sys; s=float(sys.argv[2])-float(sys.argv[1]); print('{\"peer\": \"zcat\", \"MB_per_s\": %.1f}' % (os.path.getsize(sys.argv[3])/1e6/s))" "$start" "$end" "$tweets"
} | tee "$out"
# The table: each row's speed, and ioscope's speed over the peer's.
python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
ours = [r for r in rows if r.get("bench") == "load"]
peers = {r["peer"]: r for r in rows if "peer" in r}
plain, gz, release = (ours + [None] * 3)[:3]
print("\n| work | ioscope | peer | ioscope / peer |\n|---|---|---|---|")
for name in ["csv_load.pyarrow", "csv_load.polars", "csv_load.pandas"]:
    if name in peers and plain:
        p = peers[name]
        print(f"| read the Turkey tweets file ({plain['bytes'] / 1e6:.0f} MB) | {plain['MB_per_s']} MB/s end to end "
              f"| {name.split('.')[1]} {p.get('version', '')}: {p['MB_per_s']} MB/s reading | {plain['MB_per_s'] / p['MB_per_s']:.2f}x |")
if gz and "zcat" in peers:
    print(f"| the same as .csv.gz | {gz['MB_per_s']} MB/s | zcat: {peers['zcat']['MB_per_s']} MB/s "
          f"| {gz['MB_per_s'] / peers['zcat']['MB_per_s']:.2f}x |")
if release:
    print(f"| the whole release ({release['uncompressed_bytes'] / 1e6:.0f} MB) | {release['MB_per_s']} MB/s, "
          f"{release['peak_memory_MB']} MB peak | — | — |")
PY
