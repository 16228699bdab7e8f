#!/usr/bin/env bash
# Installs what VPP Desk needs on a fresh machine: the system packages
# (Debian/Ubuntu: libsecret for the keychain, gnome-keyring and D-Bus for a
# Secret Service, Chromium for the browser tests, python3 for building keytar
# and for the test of a connection never completed), then the npm packages,
# which also builds the app, then Electron's binary. Electron 42 and later
# no longer fetch their binary during `npm ci` (no postinstall), so a failed
# `npm ci` is a real failure; the binary is fetched by a step of its own
# (scripts/electron-fetch.mjs, which runs the electron package's install.js)
# that never fails the install: without it (no route to Electron's download
# site, or ELECTRON_SKIP_BINARY_DOWNLOAD=1) `npm start` opens the browser
# preview host instead.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v apt-get >/dev/null 2>&1; then
  need=()
  for pkg in libsecret-1-dev gnome-keyring dbus-x11 chromium python3; do
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

npm ci --no-audit --no-fund
node scripts/electron-fetch.mjs
