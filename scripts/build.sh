#!/usr/bin/env bash
# Builds the release site into dist/ (or $DIST), ready for any static host.
#   PUBLIC_URL=/rollback-lab/ DIST=target/dist-subpath scripts/build.sh   # for hosting under a sub-path
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
PUBLIC_URL="${PUBLIC_URL:-/}"
DIST="${DIST:-dist}"

bash scripts/bootstrap.sh
# The light build, which a first visit loads (see src/ui/handover.rs).
trunk build --release --public-url "$PUBLIC_URL" --dist "$DIST"

# The full build, loaded by the first page that needs it. Its own target folder keeps both builds
# cached (they differ only in the `full` feature).
FULL_TARGET="$ROOT/target/full"
CARGO_TARGET_DIR="$FULL_TARGET" cargo build --release --offline --target wasm32-unknown-unknown --bin rollback-lab --features full
rm -rf "$FULL_TARGET/bundle"
wasm-bindgen --target web --no-typescript --out-dir "$FULL_TARGET/bundle" --out-name full \
  "$FULL_TARGET/wasm32-unknown-unknown/release/rollback-lab.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
  --enable-multivalue --enable-mutable-globals "$FULL_TARGET/bundle/full_bg.wasm" -o "$FULL_TARGET/bundle/full_bg.wasm"
cargo run --quiet --offline --bin lab -- install-full "$DIST" "$FULL_TARGET/bundle"

# Precompress every text asset so nginx (gzip_static, brotli_static) or a CDN can send it as is.
find "$DIST" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' \) \
  -print0 | while IFS= read -r -d '' f; do
    gzip -9 -n -k -f "$f"
    brotli -q 11 -k -f "$f"
  done
echo "build: site ready in $DIST (public URL $PUBLIC_URL)"
