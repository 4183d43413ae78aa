#!/usr/bin/env bash
# Renders the app's PNG icons (static/icon-192.png, static/icon-512.png, named in the web app
# manifest) from static/favicon.svg with headless Chromium. Run it after changing the SVG; the PNGs
# are committed, so a build needs no image tools. tests/e2e_offline.rs checks their sizes.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
page=$(mktemp --suffix=.html)
trap 'rm -f "$page"' EXIT
for n in 192 512; do
  printf '<!doctype html><style>html,body{margin:0;background:transparent}img{display:block;width:%spx;height:%spx}</style><img src="file://%s/static/favicon.svg">' \
    "$n" "$n" "$ROOT" > "$page"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$n,$n" --screenshot="static/icon-$n.png" "file://$page" 2>/dev/null
  echo "wrote static/icon-$n.png"
done
