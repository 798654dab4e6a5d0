#!/usr/bin/env bash
# The page's cost over the CLI for the same run: a generated GoQ export (1M rows, ~194 MB,
# CP932) through `orderbridge run`, then posted to `orderbridge serve` as the page posts it
# (multipart, streamed to the server's folder) and waited for; release build, back to back.
#
#   bench/serve.sh                    # 1M rows, 3 runs of each
#   ROWS=100000 RUNS=5 bench/serve.sh
#
# Wall time: the CLI process from start to exit; the server from the first byte of the
# upload to the run's result (GET /api/runs/ID?wait=…). Peak RSS: GNU time on the CLI
# process, and on the server process over its whole life (every run here, and the upload).
# Both write their output to the same disk ($WORK, under bench/data/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-1000000}
RUNS=${RUNS:-3}
PROFILE=${PROFILE:-goq-rakuten-legacy}
AS_OF=2024-10-18
cargo build --release --quiet --bin orderbridge
BIN=$PWD/target/release/orderbridge
mkdir -p bench/data
INPUT=bench/data/goq_$ROWS.csv
if [ ! -f "$INPUT" ]; then
  python3 ../shared/tools/gen_goq_export.py "$ROWS" "$INPUT" --seed 42 --as-of "$AS_OF" --defects 0.05
fi
WORK=$(mktemp -d "$PWD/bench/data/serve.XXXXXX")
# History is on by default: this script's own data folder, never the user's ledger.
export XDG_DATA_HOME=$WORK/data
unset ORDERBRIDGE_LEDGER
SERVER=""
# GNU time ignores SIGINT while it waits: the signal goes to the server, its child.
stop_server() { kill -INT "$(pgrep -P "$SERVER")"; wait "$SERVER" || true; SERVER=""; }
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then stop_server; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
now() { date +%s.%N; }
echo "input: $INPUT ($(stat -c %s "$INPUT") bytes), profile $PROFILE, $RUNS runs each; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# The server first; then each round runs the CLI and the server back to back, so that both
# see the same load on a shared machine.
mkdir "$WORK/tmp"
TMPDIR=$WORK/tmp /usr/bin/time -v -o "$WORK/serve.time" "$BIN" serve --port 0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVER=$!
for _ in $(seq 1 100); do [ -s "$WORK/serve.out" ] && break; sleep 0.1; done
URL=$(head -n 1 "$WORK/serve.out")
BASE=${URL%%/?token=*}
AUTH="Authorization: Bearer ${URL##*token=}"
min() { if [ -z "$1" ] || [ "$(echo "$2 < $1" | bc)" = 1 ]; then echo "$2"; else echo "$1"; fi; }
cli_best=""
cli_rss=0
srv_best=""
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/cli"
  t0=$(now)
  /usr/bin/time -v -o "$WORK/cli.time" "$BIN" run --profile "$PROFILE" --as-of "$AS_OF" --out "$WORK/cli" "$INPUT" \
    2>/dev/null || [ $? -eq 1 ]
  t=$(echo "$(now) - $t0" | bc)
  rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/cli.time")
  echo "cli    run $i: $(printf %.3f "$t") s, peak RSS $((rss / 1024)) MB"
  cli_best=$(min "$cli_best" "$t")
  echo "$t" >>"$WORK/cli.times"
  if [ "$rss" -gt "$cli_rss" ]; then cli_rss=$rss; fi

  t0=$(now)
  # Shell only between the clock readings: no interpreter start-up is timed.
  id=$(curl -sf -H "$AUTH" -H "Expect:" -F "profile=$PROFILE" -F "as_of=$AS_OF" -F "files=@$INPUT" "$BASE/api/runs" |
    sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
  t1=$(now)
  while :; do
    curl -sf -H "$AUTH" "$BASE/api/runs/$id?wait=60000" >"$WORK/status.json"
    grep -q '"state":"running"' "$WORK/status.json" || break
  done
  t2=$(now)
  run_ms=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["result"]["elapsed_ms"])' "$WORK/status.json")
  t=$(echo "$t2 - $t0" | bc)
  echo "server run $i: $(printf %.3f "$t") s (upload $(printf %.3f "$(echo "$t1 - $t0" | bc)") s, run $run_ms ms in the library)"
  srv_best=$(min "$srv_best" "$t")
  echo "$t" >>"$WORK/srv.times"
done
stop_server
srv_rss=$(awk -F': ' '/Maximum resident/ {print $2}' "$WORK/serve.time")
echo "best: cli $(printf %.3f "$cli_best") s, server $(printf %.3f "$srv_best") s:" \
  "+$(echo "($srv_best / $cli_best - 1) * 100" | bc -l | xargs printf %.0f) % wall time"
median() { sort -n "$1" | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
cli_med=$(median "$WORK/cli.times")
srv_med=$(median "$WORK/srv.times")
echo "median: cli $(printf %.3f "$cli_med") s, server $(printf %.3f "$srv_med") s:" \
  "+$(echo "($srv_med / $cli_med - 1) * 100" | bc -l | xargs printf %.0f) % wall time"
echo "peak RSS: cli $((cli_rss / 1024)) MB, server $((srv_rss / 1024)) MB:" \
  "$(echo "$srv_rss / $cli_rss" | bc -l | xargs printf %.2f)x"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
