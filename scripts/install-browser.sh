#!/usr/bin/env bash
# Headless Chromium + chromedriver from Debian, for the browser test (tests/e2e/test_browser.py) and the
# README screenshot (scripts/make_snapshots.py). Optional: without them the browser test is skipped
# and `make snapshots` writes the reports but no screenshot.
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  # Try without refreshing the package lists first: offline machines with a warm cache still work.
  (DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 \
         && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null 2>&1; }) \
    && echo "installed chromium and chromium-driver" && exit 0
fi
echo "warning: headless Chromium not installed (Debian packages chromium chromium-driver); run 'sudo apt-get install chromium chromium-driver' to run the browser test and take report screenshots" >&2
exit 0
