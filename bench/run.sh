#!/usr/bin/env bash
# Measures the engine against the physical floor (a csv-crate copy of the same file), per
# profile, on generated exports of 100k and 1M rows: best wall time of N runs, rows/s, MB/s,
# the ratio to the floor, and peak RSS; then the end-to-end time of a 250-row run.
#
#   bench/run.sh                          # 100k and 1M rows, 3 runs each
#   RUNS=5 SIZES="1000000" bench/run.sh
#   COMPARE=1 bench/run.sh                # also a Python csv script and polars on the same job
set -euo pipefail
cd "$(dirname "$0")/.."
# History is on by default: a data folder of the bench's own, never the user's ledger.
XDG_DATA_HOME=$(mktemp -d)
export XDG_DATA_HOME
trap 'rm -rf "$XDG_DATA_HOME"' EXIT
unset ORDERBRIDGE_LEDGER
cargo build --release --quiet --bin orderbridge --example copy_floor
python3 bench/measure.py
