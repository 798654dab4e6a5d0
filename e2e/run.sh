#!/usr/bin/env bash
# The page of `orderbridge serve` in a real browser, end to end:
#   1. builds the binary and makes the CLI's reference run of the fixture export;
#   2. starts `orderbridge serve --port 0` and reads the address it prints;
#   3. runs e2e/page.test.mjs (headless Debian Chromium through playwright-core), which drops
#      the fixture on the page, checks the counts and downloads every file and the zip;
#   4. compares the downloads and the zip's entries with the CLI's files, byte for byte;
#   5. stops the server with Ctrl-C (SIGINT) and checks that it left no folder behind;
#      then runs e2e/words.test.mjs (each shipped profile's run: no `{…}` placeholder and no
#      rule id without its label on the page);
#   6. starts `orderbridge serve --ledger` and runs e2e/ledger.test.mjs (a file confirmed with
#      its button, an order looked up, the next run holding the confirmed rows back), then asks
#      the CLI (`ledger files --json`) whether that file is recorded as confirmed; stops it too;
#   7. starts `orderbridge serve` on the default ledger of a fresh data folder and runs
#      e2e/day.test.mjs (day two's 楽天ペイ run asks about day one's file, 「アップロードした」).
# Needs /usr/bin/chromium and `npm ci` in e2e/ (.ci/run installs both). Leaves a screenshot
# in e2e/screenshot.png.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

cargo build --quiet
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/debug/orderbridge
WORK=$(mktemp -d)
# History is on by default: this script's own data folder, never the user's ledger.
export XDG_DATA_HOME=$WORK/data
unset ORDERBRIDGE_LEDGER
SERVER=""
cleanup() {
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -INT "$SERVER" || true
    # A Ctrl-C in the instant after the start can be missed: do not wait for ever.
    for _ in $(seq 1 150); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER" 2>/dev/null || true
    wait "$SERVER" || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

FIXTURES=$ROOT/tests/fixtures/goq
FIXTURE=orders_2024-10-18.csv
# The CLI's run, the input named as a shop names it (its file name, from its folder), with
# every list the page offers (the excluded rows' too).
(cd "$FIXTURES" && "$BIN" run --profile goq-rakuten-legacy --as-of 2024-10-18 --list-excluded \
  --out "$WORK/cli" --report "$WORK/report.json" "$FIXTURE" 2>/dev/null) || [ $? -eq 1 ]

# The server keeps its runs under $TMPDIR: here, a folder this script can look into.
mkdir -p "$WORK/tmp"
# Starts `orderbridge serve --port 0 ARGS...` (SERVER: its pid) and sets URL to the address it
# prints.
start_server() {
  rm -f "$WORK/serve.out" "$WORK/serve.err"
  TMPDIR=$WORK/tmp "$BIN" serve --port 0 "$@" >"$WORK/serve.out" 2>"$WORK/serve.err" &
  SERVER=$!
  for _ in $(seq 1 100); do
    [ -s "$WORK/serve.out" ] && break
    sleep 0.1
  done
  URL=$(head -n 1 "$WORK/serve.out")
  case "$URL" in
    http://127.0.0.1:*/?token=*) ;;
    *) echo "orderbridge serve printed no address:"; cat "$WORK/serve.out" "$WORK/serve.err"; exit 1 ;;
  esac
}
# Stops the server with Ctrl-C and checks that it removed its folder.
stop_server() {
  kill -INT "$SERVER"
  wait "$SERVER"
  SERVER=""
  if [ -n "$(ls -A "$WORK/tmp")" ]; then
    echo "orderbridge serve left files behind after Ctrl-C:"; ls -R "$WORK/tmp"; exit 1
  fi
}
# Profiles: a broken one from e2e/fixtures/mappings, then the shipped ones (./mappings).
start_server --mappings e2e/fixtures/mappings

OB_URL=$URL OB_FIXTURE=$FIXTURES/$FIXTURE OB_REPORT=$WORK/report.json \
  OB_HTML_FIXTURE=$ROOT/e2e/fixtures/html_values.csv OB_DOWNLOADS=$WORK/downloads \
  OB_SCREENSHOT=$ROOT/e2e/screenshot.png node "$ROOT/e2e/page.test.mjs"

# Every file, the lists too (they name the input as the browser sent it), is the CLI's.
same_as_cli() { # $1: a file the page gave, $2: its path under --out
  cmp "$1" "$WORK/cli/$2"
}
# The tool's own files in --out (lock, manifest, archive) are not the run's output.
expected=$(cd "$WORK/cli" && find . -type f ! -path './.orderbridge*' | sort)
(cd "$WORK/downloads/files" && [ "$(find . -type f | sort)" = "$expected" ]) || {
  echo "the page's downloads are not the CLI's files"; exit 1; }
mkdir "$WORK/zip"
python3 -m zipfile -e "$WORK/downloads/all.zip" "$WORK/zip"
(cd "$WORK/zip" && [ "$(find . -type f | sort)" = "$expected" ]) || { echo "the zip is not laid out as --out"; exit 1; }
n=0
while read -r rel; do
  rel=${rel#./}
  same_as_cli "$WORK/downloads/files/$rel" "$rel"
  same_as_cli "$WORK/zip/$rel" "$rel"
  n=$((n + 1))
done <<<"$expected"
echo "e2e: $n files downloaded from the page and from its zip are the CLI's bytes"

# The page's words after a run of each shipped profile (no placeholder, no bare rule id).
OB_URL=$URL OB_FIXTURE=$FIXTURES/$FIXTURE OB_LEGACY_FIXTURE=$ROOT/tests/fixtures/legacy/tuuzyou_edited_in_excel.csv \
  OB_MAPPINGS=$ROOT/mappings OB_LOCALES=$ROOT/locales node "$ROOT/e2e/words.test.mjs"

stop_server
echo "e2e: the server stopped on Ctrl-C and removed its folder; screenshot in e2e/screenshot.png"

# The same page with a ledger.
LEDGER=$WORK/ledger.sqlite
start_server --ledger "$LEDGER"
OB_URL=$URL OB_LEDGER=$LEDGER OB_FIXTURE=$FIXTURES/$FIXTURE OB_REPORT=$WORK/report.json \
  OB_HTML_FIXTURE=$ROOT/e2e/fixtures/html_values.csv node "$ROOT/e2e/ledger.test.mjs"
# The file confirmed on the page (the run's first) is confirmed in the ledger; no other is.
CONFIRMED=$(node -e 'console.log(require(process.argv[1]).files[0].path)' "$WORK/report.json")
"$BIN" ledger --ledger "$LEDGER" files --json >"$WORK/files.json"
node -e '
  const [files, path] = [require(process.argv[1]), process.argv[2]];
  const confirmed = files.filter((f) => f.confirmed_at).map((f) => f.path);
  if (confirmed.length !== 1 || confirmed[0] !== path) {
    console.error("the ledger says confirmed:", confirmed, "expected only", path); process.exit(1);
  }' "$WORK/files.json" "$CONFIRMED"
echo "e2e: the CLI sees $CONFIRMED confirmed from the page, and no other file"
stop_server

# The shop's day on the default ledger (XDG_DATA_HOME is this script's).
export XDG_DATA_HOME=$WORK/day-data
start_server
OB_URL=$URL OB_FIXTURE=$FIXTURES/$FIXTURE node "$ROOT/e2e/day.test.mjs"
stop_server
# The browser tests, the byte comparison, the clean stops, the CLI's view of the ledger:
echo "e2e: 7 passed, 0 failed"
