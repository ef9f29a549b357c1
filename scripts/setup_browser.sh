#!/usr/bin/env bash
# Install the headless browser the report/web tests drive: Debian's chromium and chromedriver.
# Run once as root (or through sudo) on a fresh machine:  scripts/setup_browser.sh
# The tests skip, with this script named in the reason, when the browser is absent.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    echo "chromium and chromedriver already installed: $(chromium --version 2>/dev/null | head -n1)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "error: run this script as root (it installs Debian packages chromium and chromium-driver)" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium chromium-driver fonts-dejavu-core
echo "installed: $(chromium --version 2>/dev/null | head -n1); driver: $(chromedriver --version 2>/dev/null | head -n1)"
