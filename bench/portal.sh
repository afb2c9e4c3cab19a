#!/usr/bin/env bash
# The open data portal under load (issue 5 item 10: "home, search and dataset pages at 200 concurrent clients over
# loopback, p99 under 100 ms"). One command:
#   bench/portal.sh            (BENCH_DIR, BENCH_PORT, BENCH_DURATION as for bench/run.sh; BENCH_CLIENTS default 1,200)
# Builds Release, starts the server on a fresh data directory with the demo data (the open packages of the demo
# catalogue, anonymous like any visitor), and runs bench/LoadClient with no sign-in against
#   home     GET /open
#   search   GET /open/search?q=<one of the demo words>            (a random word per request, some with a facet)
#   dataset  GET /open/datasets/<one of the listed packages>        (metadata, 20-row masked preview, downloads, API,
#                                                                    quality, versions, charts, usage, feedback, showcase)
# each alone at each concurrency (closed loop: every client sends its next request when the last one is answered),
# then prints the markdown table to paste into bench/RESULTS.md. The pages are served from the portal's 5-second page
# cache (docs/portal.md "Page cache"); BENCH_PAGE_CACHE=0 turns it off to measure the pages as made.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${BENCH_DIR:-/tmp/shuzhi-bench}
PORT=${BENCH_PORT:-5197}
DURATION=${BENCH_DURATION:-10}
CLIENTS=${BENCH_CLIENTS:-1,200}
mkdir -p "$DIR"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== build (Release)" >&2
dotnet build -c Release -v q -nologo src/Shuzhi.Server >/dev/null
dotnet build -c Release -v q -nologo bench/LoadClient >/dev/null

echo "== server (Release, demo data, port $PORT)" >&2
DATA="$DIR/portal-data"; rm -rf "$DATA"; mkdir -p "$DATA"
export Shuzhi__DataDirectory="$DATA" Shuzhi__Demo=true Shuzhi__Portal__PageCacheSeconds=${BENCH_PAGE_CACHE:-5}
ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$PORT" \
  dotnet src/Shuzhi.Server/bin/Release/net10.0/Shuzhi.Server.dll --contentRoot "$PWD/src/Shuzhi.Server" > "$DIR/portal-server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/open" >/dev/null 2>&1 && break; sleep 0.5; done

# The open packages with data (the dataset kind picks among them) and their departments (a search facet).
curl -sf "http://127.0.0.1:$PORT/api/3/action/package_search?rows=1000" > "$DIR/portal-packages.json"
python3 - "$DIR/portal-packages.json" > "$DIR/portal-mix.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))["result"]["results"]
codes = [p["name"] for p in r]
orgs = sorted({p["organization"]["name"] for p in r})
if not any(p.get("resources") for p in r): sys.exit("no open package with data in the demo catalogue")
words = "企业|信息|登记|公共|数据|贵阳|交通|医疗"
print(json.dumps({"kinds": [
    {"name": "home", "urls": ["/open"]},
    {"name": "search", "urls": ["/open/search?q={pick:%s}" % words, "/open/search?organization={pick:%s}" % "|".join(orgs)]},
    {"name": "dataset", "urls": ["/open/datasets/{pick:%s}" % "|".join(codes)]},
]}, ensure_ascii=False))
print(f"listed packages: {len(codes)} ({sum(1 for p in r if p.get('resources'))} with data), departments: {len(orgs)}", file=sys.stderr)
PY
echo "== load: home, search, dataset at $CLIENTS clients, ${DURATION}s each, page cache ${BENCH_PAGE_CACHE:-5} s" >&2
dotnet bench/LoadClient/bin/Release/net10.0/LoadClient.dll --base "http://127.0.0.1:$PORT" \
  --concurrency "$CLIENTS" --duration "$DURATION" --warmup 3 --mix "$DIR/portal-mix.json" --server-pid "$SERVER" \
  --out "$DIR/portal.json" | tee "$DIR/portal.md"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
