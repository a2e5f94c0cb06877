#!/usr/bin/env bash
# Set up a fresh machine for development and tests: Debian's chromium (the dashboard's
# browser tests drive it with Playwright), then eventwire with its dev extras.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/bin/chromium ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium
fi
python3 -m pip install --quiet --upgrade pip
python3 -m pip install -e '.[dev]'
