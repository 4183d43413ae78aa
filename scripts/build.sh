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

# The quiz, instructor and incident builds, each loaded by the first page that needs it. They share
# one target folder (the dependencies are compiled once; cargo keeps the app crate of each feature
# set), and each bundle is taken out of it before the next build overwrites the binary.
target="$ROOT/target/bundles"
for bundle in quiz instructor incident; do
  CARGO_TARGET_DIR="$target" cargo build --release --offline --target wasm32-unknown-unknown --bin rollback-lab --features "$bundle"
  rm -rf "$target/bundle-$bundle"
  wasm-bindgen --target web --no-typescript --out-dir "$target/bundle-$bundle" --out-name "$bundle" \
    "$target/wasm32-unknown-unknown/release/rollback-lab.wasm"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-reference-types \
    --enable-multivalue --enable-mutable-globals "$target/bundle-$bundle/${bundle}_bg.wasm" -o "$target/bundle-$bundle/${bundle}_bg.wasm"
  cargo run --quiet --offline --bin lab -- install-bundle "$bundle" "$DIST" "$target/bundle-$bundle"
done

# Precompress every text asset so nginx (gzip_static, brotli_static) or a CDN can send it as is.
find "$DIST" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.html' -o -name '*.json' -o -name '*.svg' -o -name '*.webmanifest' \) \
  -print0 | while IFS= read -r -d '' f; do
    gzip -9 -n -k -f "$f"
    brotli -q 11 -k -f "$f"
  done
echo "build: site ready in $DIST (public URL $PUBLIC_URL)"
