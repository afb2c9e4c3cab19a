#!/usr/bin/env bash
# What a sharing grant costs on the row API (issue 4: "the grant check adds under 2 ms at p50 over the plain row API").
# One command: generates ROWS rows (default 200,000) with bench/Generate.cs, starts the server (Release, fresh data
# directory, demo accounts), loads them into a CONDITIONALLY shared entry of 省公安厅, has 省市场监管局 apply for 4 of
# the 30 fields with a row filter, the bureau pass it and the provider agree — then runs the same key lookups
#   1. as the provider (every field, no grant: the plain row API), and
#   2. as the consumer under its grant (fields limited, the grant's filter ANDed, period and revocation checked),
#   3. as the provider again (A-B-A),
# at 1 and 8 clients with bench/LoadClient, and prints the p50/p99 of each and the difference.
#   bench/grant.sh [ROWS]        (BENCH_DIR, BENCH_PORT, BENCH_DURATION as for bench/run.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-200000}
DIR=${BENCH_DIR:-/tmp/shuzhi-bench}
PORT=${BENCH_PORT:-5198}
DURATION=${BENCH_DURATION:-10}
mkdir -p "$DIR"
FILE="$DIR/people-$ROWS.csv"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== build (Release)" >&2
dotnet build -c Release -v q -nologo src/Shuzhi.Server >/dev/null
dotnet build -c Release -v q -nologo src/Shuzhi.Cli >/dev/null
dotnet build -c Release -v q -nologo bench/LoadClient >/dev/null
[ -f "$FILE" ] || dotnet run -c Release bench/Generate.cs -- "$ROWS" "$FILE" >&2

echo "== server (Release, demo accounts, port $PORT)" >&2
DATA="$DIR/grant-data"; rm -rf "$DATA"; mkdir -p "$DATA"
export Shuzhi__DataDirectory="$DATA" Shuzhi__Demo=true
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  dotnet src/Shuzhi.Server/bin/Release/net10.0/Shuzhi.Server.dll --contentRoot "$PWD/src/Shuzhi.Server" > "$DIR/grant-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$PORT/login" >/dev/null 2>&1 && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT/api/v1"
J() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
token() { curl -sf -X POST "$BASE/auth/token" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"Shuzhi@2026\"}" | J '["accessToken"]'; }
post() { curl -sf -X POST "$BASE/$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "$3"; }
P=$(token gz.ga.commissioner); B=$(token gz.bureau); C=$(token gz.sc.commissioner); H=$(token gz.ga.head)
CODE=$(python3 bench/entry.py Conditional | curl -sf -X POST "$BASE/catalogue/entries" -H "Authorization: Bearer $P" -H 'Content-Type: application/json' -d @- | J '["code"]')
post "$P" "catalogue/entries/$CODE/submit" '{}' >/dev/null
post "$B" "catalogue/entries/$CODE/review" '{"decision":"approve"}' >/dev/null
echo "entry $CODE (conditional)" >&2

echo "== load $ROWS rows" >&2
SHUZHI_PASSWORD=Shuzhi@2026 DOTNET_ENVIRONMENT=Production dotnet src/Shuzhi.Cli/bin/Release/net10.0/shuzhi.dll dataset import \
  --entry "$CODE" --file "$FILE" --user gz.ga.commissioner --json > "$DIR/grant-import.json" 2> "$DIR/grant-import.log" || [ $? -eq 3 ]
NUM=$(J '["version"]["number"]' < "$DIR/grant-import.json")
post "$H" "datasets/$CODE/versions/$NUM/publish" '{"overrideReason":"benchmark: the generated file carries deliberate quality problems"}' >/dev/null || true

echo "== apply, review, agree" >&2
UNTIL=$(date -d '+1 year' +%F)
APP=$(post "$C" "sharing/applications" "{\"entryCode\":\"$CODE\",\"purpose\":\"基准测试\",\"legalBasis\":\"基准测试\",\"fields\":[\"身份证号\",\"姓名\",\"登记日期\",\"注册资本\"],\"rowFilter\":\"登记日期__gte=1990-01-01\",\"validUntil\":\"$UNTIL\"}" | J '["id"]')
post "$B" "sharing/applications/$APP/review" '{"decision":"pass"}' >/dev/null
GRANT=$(post "$P" "sharing/applications/$APP/reply" '{"decision":"agree","reasons":"基准测试"}' | J '["grantId"]')
echo "grant $GRANT" >&2

python3 - "$CODE" "$FILE.keys" > "$DIR/grant-mix.json" <<'PY'
import json, sys
code, keys_file = sys.argv[1], sys.argv[2]
keys = [k.strip() for k in open(keys_file, encoding="utf-8") if k.strip()][:1000]
url = f"/api/v1/datasets/{code}/rows?身份证号={{pick:{'|'.join(keys)}}}&fields=身份证号,姓名,登记日期,注册资本"
print(json.dumps({"kinds": [{"name": "key lookup", "urls": [url]}]}, ensure_ascii=False))
PY
run() {
  dotnet bench/LoadClient/bin/Release/net10.0/LoadClient.dll --base "http://127.0.0.1:$PORT" --user "$1" --password Shuzhi@2026 \
    --concurrency 1,8 --duration "$DURATION" --warmup 3 --mix "$DIR/grant-mix.json" --server-pid "$SERVER" --out "$DIR/grant-$2.json" > "$DIR/grant-$2.md"
}
# A-B-A: plain, under the grant, plain again — so what the first run leaves behind (the audit table grows, the access
# log's writer catches up) does not count against the second; "plain" below is the better of the two plain runs.
echo "== key lookups as the provider (plain)" >&2; run gz.ga.commissioner plain
echo "== key lookups as the consumer (under the grant)" >&2; run gz.sc.commissioner grant
echo "== key lookups as the provider again (plain)" >&2; run gz.ga.commissioner plain2
python3 - "$DIR/grant-plain.json" "$DIR/grant-grant.json" "$ROWS" "$DIR/grant-plain2.json" <<'PY'
import json, sys, datetime
plain, grant, plain2 = (json.load(open(f))["results"] for f in (sys.argv[1], sys.argv[2], sys.argv[4]))
plain = [a if a["p50Ms"] <= b["p50Ms"] else b for a, b in zip(plain, plain2)]
print(f"### {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, {int(sys.argv[3]):,} rows, key lookup returning 4 fields, load average {open('/proc/loadavg').read().split()[0]}")
print()
print("| clients | plain req/s | plain p50 ms | plain p99 ms | under grant req/s | under grant p50 ms | under grant p99 ms | p50 difference ms | errors |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for p, g in zip(plain, grant):
    print(f"| {p['clients']} | {p['requestsPerSecond']:,.0f} | {p['p50Ms']:.2f} | {p['p99Ms']:.2f} | {g['requestsPerSecond']:,.0f} | {g['p50Ms']:.2f} | {g['p99Ms']:.2f} | {g['p50Ms'] - p['p50Ms']:+.2f} | {p['errors'] + g['errors']} |")
PY
