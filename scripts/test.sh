#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, then type-checks and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d ../shared/data ]; then
  echo "test: ../shared (OSM extracts, OSRM recordings, DARP instances) must sit beside this repository" >&2
  exit 1
fi

# Dependencies exactly as locked; `npm ci` also compiles dist/ (the prepare script) for the CLI.
if [ "${SKIP_INSTALL:-}" != "1" ]; then
  # better-sqlite3 (under the `gtfs` dev dependency, the GTFS-Flex export's independent reader) compiles with node-gyp.
  { command -v make >/dev/null && command -v g++ >/dev/null && command -v python3 >/dev/null; } || { apt-get update -qq && apt-get install -y -qq build-essential python3; }
  npm ci --no-audit --no-fund
fi

npm run --silent build   # the CLI tests run the compiled bin, as operators do

# PostgreSQL 15 with PostGIS on 127.0.0.1:5432: the persistence tests create (and drop) their own databases there.
export DEBIAN_FRONTEND=noninteractive
dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql-15-postgis-3; }
if ! pg_isready -h 127.0.0.1 -q; then
  pg_ctlcluster --skip-systemctl-redirect 15 main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -q && break; sleep 1; done
  pg_isready -h 127.0.0.1 -q || { echo "test: PostgreSQL 15 is not accepting connections on 127.0.0.1:5432" >&2; exit 1; }
fi

# Debian's Chromium for the browser tests (e2e/; Playwright cannot download its own here), with CJK fonts for the Korean pages.
command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq fonts-noto-cjk; }

npm run --silent typecheck
mkdir -p artifacts
status=0
npx jest --ci --json --outputFile=artifacts/jest-results.json "$@" || status=$?
node scripts/testSummary.js artifacts/jest-results.json
exit $status
