#!/usr/bin/env bash
# Installs Debian's chromium for the editor browser test when /usr/bin/chromium is missing
# (fresh CI machine). Needs root (or passwordless sudo); prints one line and exits 0 when present.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
	echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
	exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
		echo "chromium is missing and this user cannot install it: run 'apt-get update && apt-get install -y chromium' as root" >&2
		exit 1
	fi
fi
echo "chromium: installing Debian's chromium (apt-get)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq </dev/null
$SUDO apt-get install -y -qq chromium </dev/null >/dev/null
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo installed)"
