#!/usr/bin/env bash
# Runs every test tier of Shuzhi: restore, build, core unit/property tests, and integration tests over real
# HTTP against SQLite and PostgreSQL, and browser tests in headless chromium. Installs and starts what the tests
# need when it is missing: PostgreSQL from Debian packages, in a throw-away cluster on 127.0.0.1 that is removed
# afterwards; chromium and fonts-noto-cjk from Debian packages for the browser tests.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { printf '\n== %s\n' "$*"; }

apt_updated=0
apt_install() {
  if [ "$(id -u)" -ne 0 ]; then echo "test.sh: need root to install $* (apt-get)"; exit 1; fi
  if [ $apt_updated -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- PostgreSQL: a throw-away cluster on 127.0.0.1 --------------------------------------------------------
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  say "installing PostgreSQL (Debian packages)"
  apt_install postgresql
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGROOT=$(mktemp -d /tmp/shuzhi-pg.XXXXXX)
PGPORT=${SHUZHI_PG_PORT:-$(( 20000 + RANDOM % 20000 ))}
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PGROOT"; fi
cleanup() {
  as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGROOT"
}
trap cleanup EXIT
say "starting PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$PGPORT"
as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
export SHUZHI_TEST_PG="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=postgres;Pooling=true;Include Error Detail=true"

# --- Chromium and CJK fonts for the browser tests (Playwright drives Debian's chromium; it downloads nothing) ---
if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then
  say "installing chromium and fonts-noto-cjk (Debian packages)"
  # Not fatal here: without chromium the browser tests fail, saying what is missing; they are never skipped.
  ( apt_install chromium fonts-noto-cjk ) || echo "test.sh: could not install chromium and fonts-noto-cjk: the browser tests will fail"
fi
if command -v chromium >/dev/null 2>&1; then echo "chromium: $(chromium --version 2>/dev/null || echo '?')"; fi

# --- Build and test ----------------------------------------------------------------------------------------
say "restore and build"
dotnet build Shuzhi.slnx -c Debug -nologo -clp:ErrorsOnly

status=0
results=$(mktemp)
for project in tests/Shuzhi.Core.Tests tests/Shuzhi.Integration.Tests tests/Shuzhi.Browser.Tests; do
  say "test $project"
  started=$SECONDS
  log=$(mktemp)
  set +e
  dotnet test "$project" --no-build -c Debug -nologo --logger "console;verbosity=normal" >"$log" 2>&1
  rc=$?
  set -e
  # Failures in full, then the summary.
  grep -E -A 15 '^[[:space:]]+Failed [A-Za-z_]' "$log" || true
  grep -E '(^Total tests|^[[:space:]]+(Passed|Failed|Skipped):[[:space:]]+[0-9]+[[:space:]]*$|error [A-Z]+[0-9]+|No test is available)' "$log" || true
  cat "$log" >>"$results"
  mkdir -p TestResults && mv "$log" "TestResults/$(basename "$project").log"   # the full log, for reading failures
  echo "($(( SECONDS - started )) s)"
  if [ $rc -ne 0 ]; then status=1; fi
done
echo
echo "browser screenshots (a full-page PNG per step, per test): $PWD/artifacts/screenshots/"

# From each project's summary block: "Total tests: N" followed by "     Passed: N", "     Failed: N", "    Skipped: N".
count() { { grep -E "^[[:space:]]+$1:[[:space:]]+[0-9]+[[:space:]]*$" "$results" || true; } | awk '{s+=$2} END {print s+0}'; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
rm -f "$results"
echo
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then exit 1; fi
