#!/usr/bin/env bash
# Installs everything building and testing Rollback Lab needs, skipping whatever is already there.
# Safe to run again and again: a machine that has everything spends about a second here.
# Sources: Debian packages, crates.io and the npm registry only (see ../shared/TOOLCHAIN.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
AXE_CORE_VERSION=4.14.1
SCORM_AGAIN_VERSION=3.4.3
TERSER_VERSION=5.51.4
# The wasm-bindgen CLI must equal the library version that Cargo.lock locks.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

say() { printf 'bootstrap: %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages: the browser and its driver for the tests, brotli for precompression, nginx.
apt_missing=()
command -v chromium >/dev/null || apt_missing+=(chromium)
command -v chromedriver >/dev/null || apt_missing+=(chromium-driver)
command -v brotli >/dev/null || apt_missing+=(brotli)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_missing+=(nginx-light)
[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || apt_missing+=(libnginx-mod-http-brotli-static)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing ${apt_missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${apt_missing[@]}"
fi

# 2. The wasm target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 3. Trunk (about 13 minutes to build on 2 cores, once).
if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION$"; then
  say "building trunk $TRUNK_VERSION"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 4. The wasm-bindgen CLI, which also provides wasm-bindgen-test-runner. Not --locked: its lock file
#    pins a crate version the registry mirror lacks.
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION$"; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "=$WASM_BINDGEN_VERSION" --force
fi

# 5. From npm, into the git-ignored tools/ folder: wasm-opt from binaryen (Debian's is too old to read
#    current wasm-bindgen output), axe-core, which the end-to-end tests inject into each page to check
#    accessibility (tests/support/axe.rs), and scorm-again, the SCORM 1.2 runtime an LMS would provide,
#    which tests/e2e_scorm.rs hosts the package in, and terser, which `lab build-site` minifies the
#    JavaScript a visit downloads with (src/cli/site.rs). All go in one command: a second `npm install
#    --no-save` would prune the packages the first one installed.
binaryen_ok() { wasm-opt --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; }
npm_ok() { # NAME VERSION FILE: the package is installed at that version and has FILE
  [ -f "$ROOT/tools/node_modules/$1/$3" ] &&
    grep -q "\"version\": \"$2\"" "$ROOT/tools/node_modules/$1/package.json"
}
axe_ok() { npm_ok axe-core "$AXE_CORE_VERSION" axe.min.js; }
scorm_again_ok() { npm_ok scorm-again "$SCORM_AGAIN_VERSION" dist/scorm12.min.js; }
terser_ok() { npm_ok terser "$TERSER_VERSION" bin/terser; }
if ! binaryen_ok || ! axe_ok || ! scorm_again_ok || ! terser_ok; then
  say "installing binaryen $BINARYEN_VERSION, axe-core $AXE_CORE_VERSION, scorm-again $SCORM_AGAIN_VERSION and terser $TERSER_VERSION into tools/"
  mkdir -p "$ROOT/tools"
  npm install --prefix "$ROOT/tools" --no-audit --no-fund --no-save \
    "binaryen@$BINARYEN_VERSION" "axe-core@$AXE_CORE_VERSION" "scorm-again@$SCORM_AGAIN_VERSION" "terser@$TERSER_VERSION" >/dev/null
  binaryen_ok || { say "wasm-opt from binaryen $BINARYEN_VERSION is missing after the install"; exit 1; }
  axe_ok || { say "axe-core $AXE_CORE_VERSION is missing after the install"; exit 1; }
  scorm_again_ok || { say "scorm-again $SCORM_AGAIN_VERSION is missing after the install"; exit 1; }
  terser_ok || { say "terser $TERSER_VERSION is missing after the install"; exit 1; }
fi

# 6. Every crate the build and the tests use, so later steps can run --offline.
cargo fetch --quiet
say "toolchain ready: $(trunk --version), $(wasm-bindgen --version), wasm-opt $(wasm-opt --version | awk '{print $3}')"
