#!/usr/bin/env bash
# The demo city from a fresh clone: installs dependencies, prepares the router for Seoul Songpa from
# ../shared/data/osm (with a progress bar), and serves it on http://127.0.0.1:5000 (OSRM API).
set -euo pipefail
cd "$(dirname "$0")/.."
OSM=../shared/data/osm/seoul-songpa.osm.pbf
DATA=.data/router/seoul-songpa
PORT="${PORT:-5000}"

[ -f "$OSM" ] || { echo "demo: $OSM not found; clone this repository beside ../shared" >&2; exit 1; }
[ -d node_modules ] && [ -f dist/cli/main.js ] || npm ci --no-audit --no-fund
[ -f "$DATA/meta.json" ] || npx anystop routing prepare "$OSM" --out "$DATA"
echo "Try: curl 'http://127.0.0.1:$PORT/route/v1/driving/127.109301,37.51282;127.104385,37.521982?overview=false'"
exec npx anystop routing serve "$DATA" --port "$PORT"
