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
cat "$tweets" > /dev/null  # into the page cache
"$bin" bench load --repeats 3 "$tweets"
"$bin" bench load --repeats 3 "$tweets.gz"
"$bin" bench load --repeats 1 "$data"/*.csv
if [ -x "$peers/venv/bin/python" ]; then
  for engine in polars pyarrow; do
    "$peers/venv/bin/python" "$peers/csv_load.py" "$tweets" --engine "$engine" --repeats 3
  done
  "$peers/venv/bin/python" "$peers/csv_load.py" "$tweets" --engine pandas --repeats 1
fi
start=$(date +%s.%N); zcat "$tweets.gz" > /dev/null; end=$(date +%s.%N)
python3 -c "import os,sys; s=float(sys.argv[2])-float(sys.argv[1]); print('{\"peer\": \"zcat\", \"MB_per_s\": %.1f}' % (os.path.getsize(sys.argv[3])/1e6/s))" "$start" "$end" "$tweets"
