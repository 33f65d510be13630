#!/usr/bin/env bash
# Installs what the real-VS-Code runs need and a fresh machine lacks: Debian packages (when root) and
# the pinned code-server in .e2e/. Idempotent and quick when everything is there.
#   scripts/ensure-deps.sh [--with-torch]
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
# fonts-wqy-microhei: Chinese glyphs in the UI screenshots (otherwise empty boxes).
want=(chromium libkrb5-dev ripgrep fonts-wqy-microhei)
[ "${1:-}" = "--with-torch" ] && want+=(python3-torch)
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[ensure-deps] apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "[ensure-deps] missing Debian packages: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
[ -d "$REPO/node_modules" ] || (cd "$REPO" && npm ci)
"$REPO/test/e2e/install-code-server.sh"
