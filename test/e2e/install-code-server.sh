#!/usr/bin/env bash
# Installs the pinned real VS Code (code-server 4.100.3 = VS Code 1.100.3) from the npm registry only,
# into .e2e/code-server (ignored by git and by the VSIX). Reused when already installed from the same lockfile.
# Why not `npm install code-server`: its postinstall runs `npm install` in lib/vscode, where
# @vscode/ripgrep downloads rg from GitHub (unreachable offline) — so we replay code-server's
# postinstall.sh by hand with Debian's ripgrep. Recipe: docs in /work/shared/docs/vscode-e2e.md.
#
# usage: test/e2e/install-code-server.sh [DEST]
# Needs: node 20, npm, g++/make/python3, Debian packages libkrb5-dev (kerberos.node) and ripgrep.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DEST=${1:-$REPO/.e2e/code-server}
PIN_DIR="$HERE/code-server"
STAMP="$DEST/.installed"
WANT=$(cat "$PIN_DIR/package.json" "$PIN_DIR/package-lock.json" | sha256sum | cut -d' ' -f1)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANT" ]; then
  exit 0  # already installed from this exact lockfile
fi

missing=()
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[install-code-server] apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "[install-code-server] missing Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

# node-gyp must use node's local headers (no header download).
if [ -f /usr/include/node/node.h ]; then export npm_config_nodedir=/usr; fi
# node-pty's post-install runs `npx node-gyp …`; npx must not prompt (some npmrc files set yes=false).
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export npm_config_loglevel=${npm_config_loglevel:-error}

echo "[install-code-server] installing code-server 4.100.3 into $DEST (about 80 s on 2 cores)…"
start=$(date +%s)
rm -rf "$DEST"
mkdir -p "$DEST"
cp "$PIN_DIR/package.json" "$PIN_DIR/package-lock.json" "$DEST/"
cd "$DEST"
# 1. The pinned tree, without scripts (code-server's own postinstall is replayed below).
npm ci --ignore-scripts --no-audit --no-fund
# argon2 is required at start-up even with --auth none; its prebuilt download fails, so build it.
npm rebuild argon2

# 2. code-server's postinstall.sh, with ripgrep taken from Debian.
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund
mkdir -p node_modules/@vscode/ripgrep/bin         # its postinstall exits early when bin/ exists
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild                                        # kerberos, node-pty, spdlog, watchdog, …
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --no-audit --no-fund)

cd "$DEST"
XDG_CONFIG_HOME="$DEST/.config" XDG_DATA_HOME="$DEST/.data" node node_modules/code-server/out/node/entry.js --version
echo "$WANT" > "$STAMP"
echo "[install-code-server] done in $(( $(date +%s) - start )) s"
