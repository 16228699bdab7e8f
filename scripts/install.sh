#!/usr/bin/env bash
# Installs what VPP Desk needs on a fresh machine: the system packages
# (Debian/Ubuntu: libsecret for the keychain, gnome-keyring and D-Bus for a
# Secret Service, Chromium for the browser tests), then the npm packages,
# which also builds the app. Electron's own binary is fetched from outside
# the npm registry; where that is impossible the install goes on without
# it and `npm start` falls back to the browser preview host.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  need=()
  for pkg in libsecret-1-dev gnome-keyring dbus-x11 chromium; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
  done
  if [ "${#need[@]}" -gt 0 ]; then
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    echo "install: system packages ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  fi
fi

if [ "${ELECTRON_SKIP_BINARY_DOWNLOAD:-}" = 1 ]; then
  npm ci --no-audit --no-fund
elif ! npm ci --no-audit --no-fund; then
  echo "install: Electron's binary could not be downloaded; installing without it (the app will open in the browser preview)."
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
