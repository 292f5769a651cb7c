#!/usr/bin/env bash
# Install what the browser tests (tests/browser) need when it is missing:
# - Debian's Chromium (issue 11 item 6). The Playwright client library comes from requirements-dev.txt;
#   Playwright drives /usr/bin/chromium directly: its own browser download (`playwright install`) is never used.
# - axe-core for the accessibility test (issue 19), from the npm registry at the version pinned in
#   tests/browser/axe/package.json and its package-lock.json (`npm ci`; node_modules is not committed).
#   Node.js and npm come from Debian when missing.
# CI runs as root; elsewhere the apt step needs root (or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
APT_PACKAGES=()
[ -x "$CHROMIUM" ] || APT_PACKAGES+=(chromium fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)
if [ "${#APT_PACKAGES[@]}" -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
fi
"$CHROMIUM" --version

AXE_DIR=tests/browser/axe
AXE_JS=$AXE_DIR/node_modules/axe-core/axe.min.js
# (re)install when axe-core is missing or the lock file changed since the last install
if [ ! -f "$AXE_JS" ] || [ "$AXE_DIR/package-lock.json" -nt "$AXE_JS" ]; then
    npm ci --prefix "$AXE_DIR" --no-audit --no-fund --silent
    touch "$AXE_JS"
fi
echo "axe-core $(node -p "require('./$AXE_DIR/node_modules/axe-core/package.json').version")"
