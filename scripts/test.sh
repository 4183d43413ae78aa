#!/usr/bin/env bash
# Runs every test of Rollback Lab, from a fresh machine: installs what is missing, checks the
# content, runs the native tests, the component tests in headless Chromium, builds the release
# site (at the root, under /rollback-lab/ and with relative URLs for SCORM packages), runs the end-to-end tests against nginx, and checks
# the byte budgets of a first visit (lab report: times are printed, never checked).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
step() { printf '\n== %s\n' "$*"; }

step "toolchain"
# A clean run writes about 4 GB under target/ (debug and wasm tests, three release builds). Say so
# before a full disk turns into a linker crash halfway through.
free_kb=$(df -Pk "$ROOT" | awk 'NR==2 {print $4}')
if [ "${free_kb:-0}" -lt $((5 * 1024 * 1024)) ]; then
  printf 'warning: only %s MB free on the disk of %s; a clean run needs about 5 GB\n' \
    "$((free_kb / 1024))" "$ROOT" >&2
fi
bash scripts/bootstrap.sh

step "content: question packs"
cargo run --quiet --offline --bin lab -- check static/packs

step "release builds (root, sub-path, and relative for the SCORM package)"
bash scripts/build.sh
PUBLIC_URL=/rollback-lab/ DIST=target/dist-subpath bash scripts/build.sh
PUBLIC_URL=./ DIST=target/dist-scorm bash scripts/build.sh

step "native tests (unit, integration, end to end in Chromium behind nginx)"
cargo test --offline --all-targets

step "native unit tests of every build's UI modules (feature every-page)"
cargo test --offline --lib --features every-page

step "component tests in headless Chromium (wasm-bindgen-test)"
# The runner gives the whole suite 20 s by default; its timing tests alone take about 15 s in a debug
# build on an idle machine, so a busy one would fail on the clock. They check ratios, not time.
WASM_BINDGEN_TEST_TIMEOUT=300 cargo test --offline --target wasm32-unknown-unknown --lib

step "performance: bytes of a first visit to every kind of page (budgets), times (printed only)"
cargo run --quiet --offline --bin lab -- report --check
