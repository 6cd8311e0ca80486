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
  npm ci --no-audit --no-fund
fi

npm run --silent build   # the CLI tests run the compiled bin, as operators do
npm run --silent typecheck
mkdir -p artifacts
status=0
npx jest --ci --json --outputFile=artifacts/jest-results.json "$@" || status=$?
node scripts/testSummary.js artifacts/jest-results.json
exit $status
