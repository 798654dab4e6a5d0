#!/usr/bin/env bash
# The ledger's cost: a 1M-row run of goq-rakuten-legacy with the default ledger and the same
# run with `--no-ledger` (back to back, five rounds, each round's ratio and the best times'
# ratio; then best of 3 with peak RSS from /usr/bin/time -v), the ledger's size, `ledger
# confirm` of the run's files, a run against a ledger whose rows are all confirmed (every row
# already_sent), and `ledger show` on a synthetic ledger of 10M rows. Needs a release build
# (cargo build --release) and ~6 GB of free disk. The default ledger lives in a temporary
# XDG_DATA_HOME, new for each timed run, so each records the same 1M rows; the shop's own
# history is never touched.
#
# usage: bench/ledger.sh [WORK_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/orderbridge"
work=${1:-/tmp/orderbridge-ledger-bench}
# History is on by default: this script's own data folder, never the user's ledger.
export XDG_DATA_HOME=$work/data
unset ORDERBRIDGE_LEDGER
mkdir -p "$work"
input="$work/goq_1m.csv"
[ -f "$input" ] || python3 "$here/../shared/tools/gen_goq_export.py" 1000000 "$input" --seed 42 --as-of 2024-10-18 --defects 0.05
export XDG_DATA_HOME="$work/data"
unset ORDERBRIDGE_LEDGER
ledger="$XDG_DATA_HOME/orderbridge/ledger.sqlite"
# Before the default ledger, a run without `--ledger` kept no history: the same two runs are
# then "no --ledger" and "--ledger" at the default's place.
if "$bin" run --help 2>/dev/null | grep -q -- --no-ledger; then
  without_flags=(--no-ledger); with_flags=()
else
  without_flags=(); with_flags=(--ledger "$ledger")
fi

# best of 3: wall seconds and max RSS (KB) of `$@`
best() {
  local best_t=999999 best_rss=0
  for _ in 1 2 3; do
    "$@" >/dev/null 2>"$work/time.txt" || true
    local t rss
    t=$(wall "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident/{print $2}' "$work/time.txt")
    if awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_rss=$rss; fi
  done
  echo "$best_t s, max RSS $((best_rss / 1024)) MB"
}
wall() { awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }

run() { /usr/bin/time -v "$bin" run --profile goq-rakuten-legacy --as-of 2024-10-18 --out "$work/out" "$@" "$input"; }
without() { run "${without_flags[@]}"; }
# A fresh default ledger per timing, so each records the same 1M rows.
fresh() { rm -rf "$XDG_DATA_HOME"; mkdir -p "$(dirname "$ledger")"; run "${with_flags[@]}"; }

# Back to back, five rounds: a run with --no-ledger, then a run with a new default ledger;
# each round's ratio, then the ratio of the best times.
echo "round  --no-ledger  default ledger (new)  ratio"
bw=999999; bl=999999
for i in 1 2 3 4 5; do
  without >/dev/null 2>"$work/time.txt" || true; w=$(wall "$work/time.txt")
  fresh >/dev/null 2>"$work/time.txt" || true; l=$(wall "$work/time.txt")
  awk -v i="$i" -v w="$w" -v l="$l" 'BEGIN{printf "%5d  %9.2f s  %18.2f s  %5.2f\n", i, w, l, l / w}'
  bw=$(awk -v a="$bw" -v b="$w" 'BEGIN{print (b < a) ? b : a}'); bl=$(awk -v a="$bl" -v b="$l" 'BEGIN{print (b < a) ? b : a}')
done
awk -v w="$bw" -v l="$bl" 'BEGIN{printf "best   %9.2f s  %18.2f s  %5.2f\n", w, l, l / w}'
echo "--no-ledger:                 $(best without)"
echo "a new default ledger:        $(best fresh)"
echo "ledger size after one run:   $(du -m "$ledger" | cut -f1) MB"
/usr/bin/time -v "$bin" ledger --ledger "$ledger" confirm "$work"/out/rakuten*/*.csv >/dev/null 2>"$work/time.txt"
echo "ledger confirm of the 6 files: $(wall "$work/time.txt") s"
cp "$ledger" "$work/confirmed.sqlite"
again() { cp "$work/confirmed.sqlite" "$ledger"; rm -f "$ledger-wal" "$ledger-shm"; run "${with_flags[@]}"; }
echo "with all rows confirmed:     $(best again)"

# 10M rows: the 1M-row run's chunks and key index copied nine more times (as ten daily runs).
big="$work/big.sqlite"
cp "$work/confirmed.sqlite" "$big"
python3 - "$big" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for i in range(9):
    c.execute("INSERT INTO runs(started, profile, as_of, params, out_dir) SELECT started, profile, as_of, params, out_dir FROM runs WHERE id = 1")
    run = c.execute("SELECT max(id) FROM runs").fetchone()[0]
    off = c.execute("SELECT max(id) FROM chunks").fetchone()[0]
    c.execute("INSERT INTO chunks(id, run_id, first, rows, data) SELECT id + ?1, ?2, first, rows, data FROM chunks WHERE run_id = 1", (off, run))
    c.execute("INSERT INTO keys(head, chunk_id) SELECT head, chunk_id + ?1 FROM keys WHERE chunk_id IN (SELECT id FROM chunks WHERE run_id = 1)", (off,))
    c.commit()
print("rows:", c.execute("SELECT sum(rows) FROM chunks").fetchone()[0])
PY
echo "10M-row ledger size:         $(du -m "$big" | cut -f1) MB"
key=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT head FROM keys LIMIT 1 OFFSET 500000').fetchone()[0])" "$big")
show() { /usr/bin/time -v "$bin" ledger --ledger "$big" show "$key"; }
echo "ledger show $key on 10M rows: $(best show)"
