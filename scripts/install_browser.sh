#!/usr/bin/env bash
# Install Debian's Chromium for the browser test (tests/browser, issue 11 item 6) when it is missing
# (the Playwright client library comes from requirements-dev.txt). Playwright drives /usr/bin/chromium directly: its own
# browser download (`playwright install`) is never used.
# CI runs as root; elsewhere the apt step needs root (or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then
        SUDO="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
"$CHROMIUM" --version
