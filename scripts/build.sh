#!/usr/bin/env bash
# Builds the release site into dist/ (or $DIST), ready for any static host.
#   PUBLIC_URL=/rollback-lab/ DIST=target/dist-subpath scripts/build.sh   # for hosting under a sub-path
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
PUBLIC_URL="${PUBLIC_URL:-/}"
DIST="${DIST:-dist}"

bash scripts/bootstrap.sh
# One Trunk run builds all ten builds of the app (light, quiz, progress, session, instructor, results,
# incident, sandbox, incidents, author: one `<link data-trunk rel="rust">` each in index.html, one cargo profile, one wasm-bindgen target, one
# wasm-opt level) and runs `lab build-site`, which names them and writes the start-up script and
# the service worker (see Trunk.toml and ARCHITECTURE.md, "Ten builds of one app").
trunk build --release --public-url "$PUBLIC_URL" --dist "$DIST"

# Precompress every text asset so nginx (gzip_static, brotli_static) or a CDN can send it as is.
find "$DIST" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' -o -name '*.webmanifest' \) \
  -print0 | while IFS= read -r -d '' f; do
    gzip -9 -n -k -f "$f"
    brotli -q 11 -k -f "$f"
  done
echo "build: site ready in $DIST (public URL $PUBLIC_URL)"
