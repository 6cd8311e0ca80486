#!/usr/bin/env bash
# The demo city from a fresh clone: installs dependencies, prepares the router for Seoul Songpa from
# ../shared/data/osm (with a progress bar), starts the embedded database (no DATABASE_URL needed) and the
# dispatcher on http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
OSM=../shared/data/osm/seoul-songpa.osm.pbf
PORT="${PORT:-8080}"

[ -f "$OSM" ] || { echo "demo: $OSM not found; clone this repository beside ../shared" >&2; exit 1; }
{ [ -d node_modules ] && [ -f dist/cli/main.js ]; } || npm ci --no-audit --no-fund
echo "Try: curl http://127.0.0.1:$PORT/openapi.json"
exec npx anystop serve --osm "$OSM" --port "$PORT"
