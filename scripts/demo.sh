#!/usr/bin/env bash
# The demo city from a fresh clone: installs dependencies (and builds the pages), prepares the router for
# Seoul Songpa from ../shared/data/osm (with a progress bar), starts the embedded database (no DATABASE_URL
# needed), the dispatcher, a simulated fleet and riders, and prints the pages' URLs.
set -euo pipefail
cd "$(dirname "$0")/.."
OSM=../shared/data/osm/seoul-songpa.osm.pbf
PORT="${PORT:-8080}"

[ -f "$OSM" ] || { echo "demo: $OSM not found; clone this repository beside ../shared" >&2; exit 1; }
{ [ -d node_modules ] && [ -f dist/cli/main.js ] && [ -f web/dist/rider.html ]; } || npm ci --no-audit --no-fund
exec npx anystop demo --osm "$OSM" --port "$PORT" "$@"
