#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring on a
# private D-Bus session), so keytar talks to a real keychain in tests. The
# keyring's files live in a throw-away folder: two runs at once would
# otherwise share ~/.local/share/keyrings and overwrite each other's items.
set -euo pipefail
if [ "${VPP_DESK_KEYRING_READY:-}" = 1 ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-keyring: dbus-run-session and gnome-keyring-daemon are needed (apt-get install dbus-x11 gnome-keyring)." >&2
  exit 1
fi
keyring_home=$(mktemp -d -t vpp-desk-keyring-XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
export VPP_DESK_KEYRING_HOME="$keyring_home"
dbus-run-session -- bash -c '
  printf "vpp-desk-test" | XDG_DATA_HOME="$VPP_DESK_KEYRING_HOME" gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
  export VPP_DESK_KEYRING_READY=1
  exec "$@"' bash "$@"
