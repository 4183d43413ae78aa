#!/usr/bin/env bash
# Builds the release site and serves it with nginx on http://127.0.0.1:8080 (PORT=… to change),
# using the same server block as self-hosters (deploy/nginx/rollback-lab.conf). Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
PORT="${PORT:-8080}"

bash scripts/build.sh
prefix="$ROOT/target/nginx-serve"
mkdir -p "$prefix"
cargo run --quiet --offline --bin lab -- nginx-conf --root "$ROOT/dist" --prefix "$prefix" --port "$PORT" > "$prefix/nginx.conf"
echo "serve: http://127.0.0.1:$PORT/ (Ctrl-C to stop)"
exec nginx -p "$prefix" -c "$prefix/nginx.conf" -e "$prefix/error.log" -g 'daemon off;'
