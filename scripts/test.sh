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

# NATS with JetStream on 127.0.0.1:4222 and Redis on 127.0.0.1:6379: the cluster tests run several instances on them.
dpkg -s nats-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq nats-server; }
dpkg -s redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server; }
if ! (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null; then
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log
  for _ in $(seq 1 30); do (exec 3<>/dev/tcp/127.0.0.1/4222) 2>/dev/null && break; sleep 1; done
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
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
