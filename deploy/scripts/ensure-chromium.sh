#!/usr/bin/env bash
# Makes sure headless Chromium and its driver are on the PATH for the dashboard's browser test.
# Both come from Debian's packages (chromium, chromium-driver); nothing is downloaded from elsewhere.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-chromium: chromium and chromedriver are missing and this is not root;" \
    "install them with: sudo apt-get install -y chromium chromium-driver" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium and chromedriver are missing and apt-get is not available;" \
    "install Chromium and a matching chromedriver and put both on the PATH" >&2
  exit 1
fi
echo "ensure-chromium: installing chromium and chromium-driver from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
command -v chromium >/dev/null && command -v chromedriver >/dev/null
