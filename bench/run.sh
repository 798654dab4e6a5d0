#!/usr/bin/env bash
# Every speed figure the project aims at, each measured back to back against what it is
# compared with (A B A B …; the median of the pairs' ratios), printed with its target: each
# profile's 1M-row run against the shared copy floor, polars against the legacy job, the
# legacy run's peak memory, the history's cost (a new default ledger against --no-ledger) and
# a 250-row file from process start to exit against the floor's process on the same file.
#
#   bench/run.sh                          # all figures, 5 pairs each (250 rows: 11)
#   PAIRS=3 ONLY="history small" bench/run.sh
#
# The floor is the shared one (`../shared/bench/floor`: the csv crate copying the file with
# 256 KiB buffers), built with its own settings into target/floor. History is on by default:
# the runs use a data folder of the bench's own, never the user's ledger.
set -euo pipefail
cd "$(dirname "$0")/.."
unset ORDERBRIDGE_LEDGER
cargo build --release --quiet --bin orderbridge
cargo build --release --quiet --manifest-path ../shared/bench/floor/Cargo.toml --target-dir target/floor
python3 bench/measure.py
