#!/usr/bin/env bash
# Loading speed, side by side in one run: ioscope (plain and gzip) against polars,
# pyarrow and pandas merely reading the same file, and zcat; then the whole release
# (plain and gzip) with its files read side by side and one at a time.
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
{
  "$bin" bench load --repeats 3 "$tweets"
  "$bin" bench load --repeats 3 "$tweets.gz"
  "$bin" bench load --repeats 3 "$members"
  for files in "$data/*_csv_hashed.csv" "$data/*_csv_hashed.csv.gz"; do
    # shellcheck disable=SC2086 # the pattern expands to the release's files
    "$bin" bench load --repeats 3 $files
    # shellcheck disable=SC2086
    "$bin" bench load --repeats 3 --one-file-at-a-time $files
  done
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
plain, gz, members, release, release_serial, release_gz, release_gz_serial = (ours + [None] * 7)[:7]
print("\n| work | ioscope | peer | ioscope / peer |\n|---|---|---|---|")
for name in ["csv_load.pyarrow", "csv_load.polars", "csv_load.pandas"]:
    if name in peers and plain:
        p = peers[name]
        print(f"| read the Turkey tweets file ({plain['bytes'] / 1e6:.0f} MB) | {plain['MB_per_s']} MB/s end to end "
              f"| {name.split('.')[1]} {p.get('version', '')}: {p['MB_per_s']} MB/s reading | {plain['MB_per_s'] / p['MB_per_s']:.2f}x |")
if gz and "zcat" in peers:
    print(f"| the same as .csv.gz | {gz['MB_per_s']} MB/s | zcat: {peers['zcat']['MB_per_s']} MB/s "
          f"| {gz['MB_per_s'] / peers['zcat']['MB_per_s']:.2f}x |")
if members and "zcat" in peers:
    print(f"| the same as .csv.gz in 8 MB members | {members['MB_per_s']} MB/s | zcat (one member): {peers['zcat']['MB_per_s']} MB/s "
          f"| {members['MB_per_s'] / peers['zcat']['MB_per_s']:.2f}x |")
for side, serial, form in [(release, release_serial, "CSV"), (release_gz, release_gz_serial, ".csv.gz")]:
    if side and serial:
        print(f"| the whole release ({release['uncompressed_bytes'] / 1e6:.0f} MB, 6 files, {form}), files side by side "
              f"| {side['MB_per_s']} MB/s, {side['peak_memory_MB']} MB peak "
              f"| itself, one file at a time: {serial['MB_per_s']} MB/s, {serial['peak_memory_MB']} MB peak "
              f"| {side['MB_per_s'] / serial['MB_per_s']:.2f}x |")
PY
