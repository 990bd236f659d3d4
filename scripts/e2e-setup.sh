#!/usr/bin/env bash
# Prepares the real-editor e2e tests (test/e2e): Debian's Chromium and code-server 4.100.3 with its native
# modules rebuilt from source, in a cache folder outside the project. Idempotent: finished steps are skipped.
# Usage: scripts/e2e-setup.sh   (E2E_CACHE overrides the cache folder; needs root or sudo for apt-get)
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE="${E2E_CACHE:-$HOME/.cache/go-proxy-doctor-e2e}"
CS="$CACHE/node_modules/code-server"
VSC="$CS/lib/vscode"
APT_PACKAGES=(build-essential python3 pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev ripgrep chromium)
NATIVE=(kerberos node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid)

started=$SECONDS
step_name=""
step() { step_name="$1"; echo "==> $1"; }
trap 'rc=$?; [ $rc -ne 0 ] && echo "e2e-setup FAILED at step: ${step_name:-start} (exit $rc)" >&2' EXIT
run_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

step "check Node.js"
command -v node >/dev/null || { echo "node is not installed" >&2; exit 1; }
[ "$(node -p 'process.versions.node.split(".")[0]')" = 20 ] || { echo "code-server $CODE_SERVER_VERSION needs Node.js 20, found $(node --version)" >&2; exit 1; }
# Native modules compile against the headers of the running node (Debian/NodeSource put them in <prefix>/include/node).
NODEDIR="$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")"
[ -f "$NODEDIR/include/node/node.h" ] || { echo "node headers not found in $NODEDIR/include/node" >&2; exit 1; }
NODE_GYP="$(npm root -g)/npm/node_modules/node-gyp/bin/node-gyp.js"
[ -f "$NODE_GYP" ] || { echo "node-gyp not found at $NODE_GYP (it ships with npm)" >&2; exit 1; }

step "Debian packages"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  run_root apt-get update -qq
  run_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "already installed"
fi
command -v chromium >/dev/null || { echo "chromium is not on PATH after install" >&2; exit 1; }
command -v rg >/dev/null || { echo "rg (ripgrep) is not on PATH after install" >&2; exit 1; }

step "code-server $CODE_SERVER_VERSION (npm, --ignore-scripts) in $CACHE"
mkdir -p "$CACHE"
[ -f "$CACHE/config.yaml" ] || printf 'auth: none\n' > "$CACHE/config.yaml"
if [ "$(node -p "try{require('$CS/package.json').version}catch{''}" 2>/dev/null)" != "$CODE_SERVER_VERSION" ]; then
  # Its own install scripts would download prebuilt binaries, which cannot work offline.
  (cd "$CACHE" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    npm install --no-audit --no-fund --ignore-scripts "code-server@$CODE_SERVER_VERSION")
  rm -f "$CACHE"/.done-*
else
  echo "already installed"
fi

step "VS Code server dependencies (lib/vscode, --omit=dev --ignore-scripts)"
if [ ! -f "$CACHE/.done-vscode-deps" ]; then
  (cd "$VSC" && npm install --no-audit --no-fund --omit=dev --ignore-scripts)
  touch "$CACHE/.done-vscode-deps"
else
  echo "already done"
fi

for m in "${NATIVE[@]}"; do
  step "rebuild native module $m"
  marker="$CACHE/.done-native-${m//\//_}"
  if [ ! -f "$marker" ]; then
    (cd "$VSC/node_modules/$m" && node "$NODE_GYP" rebuild --nodedir="$NODEDIR" -j 2 >"$CACHE/build-${m//\//_}.log" 2>&1) ||
      { tail -40 "$CACHE/build-${m//\//_}.log" >&2; exit 1; }
    touch "$marker"
  else
    echo "already built"
  fi
done

step "ripgrep from Debian, node_modules.asar link"
mkdir -p "$VSC/node_modules/@vscode/ripgrep/bin"
ln -sf "$(command -v rg)" "$VSC/node_modules/@vscode/ripgrep/bin/rg"
ln -sfn node_modules "$VSC/node_modules.asar"

step "rebuild argon2 (code-server's password hashing)"
if [ ! -f "$CACHE/.done-argon2" ]; then
  (cd "$CACHE/node_modules/argon2" &&
    node ../@mapbox/node-pre-gyp/bin/node-pre-gyp rebuild --build-from-source --nodedir="$NODEDIR" >"$CACHE/build-argon2.log" 2>&1) ||
    { tail -40 "$CACHE/build-argon2.log" >&2; exit 1; }
  touch "$CACHE/.done-argon2"
else
  echo "already built"
fi

step "verify"
# --config and XDG_DATA_HOME keep code-server from writing its config and logs into the home directory; the first line is "<version> <commit> with Code ...".
version="$(XDG_DATA_HOME="$CACHE/xdg-data" node "$CS/out/node/entry.js" --config "$CACHE/config.yaml" --version 2>&1 | grep -E '^[0-9]+\.[0-9]+\.[0-9]+ ' | head -1 || true)"
echo "code-server: $version"
case "$version" in "$CODE_SERVER_VERSION"*) ;; *) echo "unexpected code-server --version output: $version" >&2; exit 1 ;; esac
for m in node-pty @parcel/watcher @vscode/spdlog native-watchdog @vscode/deviceid kerberos; do
  (cd "$VSC" && node -e "require('$m')") || { echo "native module $m does not load" >&2; exit 1; }
done
(cd "$CACHE/node_modules/argon2" && node -e "require('.')") || { echo "argon2 does not load" >&2; exit 1; }
echo "chromium: $(chromium --version 2>/dev/null || echo '?')"
echo "$CS" > "$CACHE/code-server-path"
step_name=""
echo "e2e setup done in $((SECONDS - started)) s (cache: $CACHE)"
