#!/usr/bin/env bash
# The set-up of the console's browser test (order-api's ConsoleBrowserTest), which runs it when Debian's chromium or
# chromium-driver is missing: installs both where apt-get can (root); does nothing when both are present. Where they
# cannot be installed the test skips itself with one line saying so. Also usable by hand before the build.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: chromium or chromedriver missing and apt-get is not usable here (not root?): the console's browser test will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
echo "install-browser: $(chromium --version 2>/dev/null), $(chromedriver --version 2>/dev/null | head -1)"
