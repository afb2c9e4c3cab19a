#!/usr/bin/env bash
# The data-resources benchmark, one command (issue 3 item 8):
#   bench/run.sh [rows=1000000]
# 1. builds Release; generates a ROWS × 30-column GB18030 CSV with a few per cent of quality problems (bench/Generate.cs);
# 2. floor: `sqlite3 .import` of the same file (Debian's sqlite3), 3 runs, wall time and peak memory;
# 3. Shuzhi: `shuzhi dataset import` of the same file into a 30-field catalogue entry (full typing, validation,
#    quality report, indexes, atomic version), 3 runs, wall time and peak memory (/usr/bin/time);
# 4. the row API over loopback at 1, 8 and 32 clients (bench/LoadClient): key lookup, range + sort (page of 100),
#    substring search (page of 20), walking 100 pages by keyset — with the access log's counters, i.e. what auditing costs.
# Installs sqlite3 and time from Debian when missing. Writes everything under $BENCH_DIR (default /tmp/shuzhi-bench)
# and prints a markdown report (also saved as $BENCH_DIR/report.md) to paste into bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
DIR=${BENCH_DIR:-/tmp/shuzhi-bench}
PORT=${BENCH_PORT:-5199}
DURATION=${BENCH_DURATION:-10}
mkdir -p "$DIR"
FILE="$DIR/people-$ROWS.csv"
REPORT="$DIR/report.md"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

need=()
command -v sqlite3 >/dev/null || need+=(sqlite3)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "run as root or install: ${need[*]}" >&2; exit 1; fi
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== build (Release)" >&2
dotnet build -c Release -v q -nologo src/Shuzhi.Server >/dev/null
dotnet build -c Release -v q -nologo src/Shuzhi.Cli >/dev/null
dotnet build -c Release -v q -nologo bench/LoadClient >/dev/null
[ -f "$FILE" ] || dotnet run -c Release bench/Generate.cs -- "$ROWS" "$FILE" >&2
MB=$(( $(stat -c %s "$FILE") / 1048576 ))

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== sqlite3 .import × 3" >&2
: > "$DIR/sqlite.times"
for i in 1 2 3; do
  rm -f "$DIR/floor.db"
  /usr/bin/time -f "%e %M" -o "$DIR/t" sqlite3 "$DIR/floor.db" ".mode csv" ".import $FILE t"
  cat "$DIR/t" >> "$DIR/sqlite.times"
done
SQ_S=$(cut -d' ' -f1 "$DIR/sqlite.times" | median); SQ_KB=$(cut -d' ' -f2 "$DIR/sqlite.times" | median)

echo "== server (Release, demo data, port $PORT)" >&2
DATA="$DIR/data"; rm -rf "$DATA"; mkdir -p "$DATA"
export Shuzhi__DataDirectory="$DATA" Shuzhi__Demo=true
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  dotnet src/Shuzhi.Server/bin/Release/net10.0/Shuzhi.Server.dll --contentRoot "$PWD/src/Shuzhi.Server" > "$DIR/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/login" >/dev/null 2>&1 && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT/api/v1"
token() { curl -sf -X POST "$BASE/auth/token" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"Shuzhi@2026\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])'; }
P=$(token gz.ga.commissioner); B=$(token gz.bureau)
CODE=$(python3 bench/entry.py | curl -sf -X POST "$BASE/catalogue/entries" -H "Authorization: Bearer $P" -H 'Content-Type: application/json' -d @- \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
curl -sf -X POST "$BASE/catalogue/entries/$CODE/submit" -H "Authorization: Bearer $P" -H 'Content-Type: application/json' -d '{}' >/dev/null
curl -sf -X POST "$BASE/catalogue/entries/$CODE/review" -H "Authorization: Bearer $B" -H 'Content-Type: application/json' -d '{"decision":"approve"}' >/dev/null
echo "entry $CODE" >&2

echo "== shuzhi dataset import × 3" >&2
: > "$DIR/import.times"
for i in 1 2 3; do
  SHUZHI_PASSWORD=Shuzhi@2026 DOTNET_ENVIRONMENT=Production /usr/bin/time -f "%e %M" -o "$DIR/t" \
    dotnet src/Shuzhi.Cli/bin/Release/net10.0/shuzhi.dll dataset import --entry "$CODE" --file "$FILE" --user gz.ga.commissioner --json \
    > "$DIR/import-$i.json" 2> "$DIR/import-$i.log" || [ $? -eq 3 ]
  cat "$DIR/t" >> "$DIR/import.times"
done
IM_S=$(cut -d' ' -f1 "$DIR/import.times" | median); IM_KB=$(cut -d' ' -f2 "$DIR/import.times" | median)
SUMMARY=$(python3 bench/summary.py "$DIR/import-3.json")
# The bench reads the version it just loaded whatever its score: publish it (the provider's head, with a reason) when held.
NUM=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"]["number"])' "$DIR/import-3.json")
H=$(token gz.ga.head)
curl -s -X POST "$BASE/datasets/$CODE/versions/$NUM/publish" -H "Authorization: Bearer $H" -H 'Content-Type: application/json' \
  -d '{"overrideReason":"benchmark: the generated file carries deliberate quality problems"}' >/dev/null || true

echo "== row API" >&2
python3 bench/mix.py "$CODE" "$FILE.keys" > "$DIR/mix.json"
B=$(token gz.bureau)   # the provincial bureau may read the access log's counters (audit-read)
curl -sf -H "Authorization: Bearer $B" "$BASE/audit/access-log" > "$DIR/access-before.json"
dotnet bench/LoadClient/bin/Release/net10.0/LoadClient.dll --base "http://127.0.0.1:$PORT" --user gz.ga.commissioner --password Shuzhi@2026 \
  --concurrency 1,8,32 --duration "$DURATION" --warmup 3 --mix "$DIR/mix.json" --server-pid "$SERVER" \
  --out "$DIR/load.json" > "$DIR/load.md"
sleep 1
curl -sf -H "Authorization: Bearer $B" "$BASE/audit/access-log" > "$DIR/access-after.json"
AUDIT=$(python3 - "$DIR/access-before.json" "$DIR/access-after.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
n = b["written"] - a["written"]; batches = b["batches"] - a["batches"]; ms = b["writeMilliseconds"] - a["writeMilliseconds"]
print(f"{n:,} access records written in {batches:,} batches; the background writer spent {ms/1000:.1f} s of wall time "
      f"({1000*ms/max(n,1):.1f} µs per record, hashing + SQL + commit, off the request threads); "
      f"largest queue {b['maxQueueDepth']:,}; back-pressure waits {b['backPressureWaits'] - a['backPressureWaits']}, refused {b['refused'] - a['refused']}")
PY
)

{
  echo "### $(date -u '+%Y-%m-%d %H:%M UTC'), $ROWS rows × 30 columns, GB18030, $MB MB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| import | median wall (3 runs) | rows/s | peak memory |"
  echo "|---|---|---|---|"
  echo "| \`sqlite3 .import\` (text only, no checks) | ${SQ_S} s | $(python3 -c "print(f'{$ROWS/$SQ_S:,.0f}')") | $((SQ_KB / 1024)) MB |"
  echo "| \`shuzhi dataset import\` (typing, validation, quality report, indexes, atomic version) | ${IM_S} s | $(python3 -c "print(f'{$ROWS/$IM_S:,.0f}')") | $((IM_KB / 1024)) MB |"
  echo
  echo "Shuzhi / sqlite3 wall-time ratio: $(python3 -c "print(f'{$IM_S/$SQ_S:.2f}')") (target ≤ 1.5)."
  echo
  echo "Quality report of the file (last run): $SUMMARY"
  echo
  echo "Row API (bench/LoadClient, loopback, as the provider):"
  echo
  cat "$DIR/load.md"
  echo
  echo "Auditing: $AUDIT."
} | tee "$REPORT"
