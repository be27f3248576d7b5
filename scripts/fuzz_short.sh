#!/usr/bin/env bash
# A short fuzz run of every parser (CI runs it after the tests): each cargo-fuzz target
# for SECONDS (default 15) from its seeds (fuzz/seeds/TARGET, left untouched: the corpus
# grows in a temporary folder), coverage-guided, no sanitizer (a Rust panic, an
# out-of-memory past 2 GB or a 10-second input each fail the run). Prints one line per
# target with its executions; exits non-zero on the first finding, whose input
# cargo-fuzz keeps in fuzz/artifacts/TARGET. The long runs, with AddressSanitizer, are
# recorded in the README.
#
#   scripts/fuzz_short.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-15}
if ! cargo +nightly --version >/dev/null 2>&1; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --version 0.13.2 --locked
fi
cargo +nightly fuzz build --dev -s none
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
for target in $(cargo +nightly fuzz list); do
  mkdir -p "$corpus/$target"
  log="$corpus/$target.log"
  if ! cargo +nightly fuzz run --dev -s none "$target" "$corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $target found a failing input (see fuzz/artifacts/$target)" >&2
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  echo "fuzz: $target: ${runs:-?} executions in ${seconds} s, no failure"
done
