#!/usr/bin/env bash
# The Twitter JSON-lines reader: `ioscope bench load` on twarc-style v1.1 JSON lines
# (written by scripts/twarc_lines.py: full tweet and user objects, a third retweets),
# end to end (parse, accounts, network, evidence, months), beside Python's json module
# merely parsing the same lines (the floor of any Python pipeline over twarc output).
#
#   scripts/bench_twarc.sh [PYTHON] [MEGABYTES]     # 400 MB by default
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
py=python3
if [ $# -gt 0 ] && [ -x "$1" ]; then py=$1; shift; fi
mb=${1:-400}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet --manifest-path "$here/Cargo.toml"
"$py" "$here/scripts/twarc_lines.py" "$mb" "$work/tweets.jsonl" >&2
"$here/target/release/ioscope" bench load --repeats 3 "$work/tweets.jsonl"
"$py" - "$work/tweets.jsonl" <<'PY'
import json, sys, time
path = sys.argv[1]
runs = []
for _ in range(3):
    start = time.perf_counter()
    n = size = 0
    with open(path, "rb") as f:
        for line in f:
            json.loads(line)
            n += 1
            size += len(line)
    runs.append(time.perf_counter() - start)
s = sorted(runs)[1]
print(json.dumps({"peer": f"python {sys.version.split()[0]} json.loads per line", "tweets": n, "seconds": round(s, 3), "MB_per_s": round(size / 1e6 / s, 1)}))
PY
