#!/usr/bin/env bash
# Installs the offline editor host used by `npm start` and `npm test`:
#   - code-server 4.100.3 (VS Code 1.100.3) from the npm registry, into a cache folder
#     outside the repository;
#   - Debian's chromium (for the end-to-end tests), ripgrep (code-server's search) and a
#     CJK font (fonts-wqy-microhei, so Chinese text renders in the zh-CN screenshots).
# Idempotent: each step is skipped when its result is already there.
# Prints the code-server entry point on its last line of stdout.
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
CACHE_DIR="${TOOL_POLICY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tool-policy-notices}"
HOST_DIR="$CACHE_DIR/code-server-$CODE_SERVER_VERSION"
PKG_DIR="$HOST_DIR/node_modules/code-server"
MARKER="$HOST_DIR/.installed"

say() { echo "[editor-host] $*" >&2; }
die() { echo "[editor-host] error: $*" >&2; exit 1; }

need_apt_packages=()
[ -x /usr/bin/chromium ] || need_apt_packages+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt_packages+=(ripgrep)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || need_apt_packages+=(fonts-wqy-microhei)

if [ "${#need_apt_packages[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null 2>&1 \
    || die "missing ${need_apt_packages[*]} and apt-get is not available; install them with your system's package manager."
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then SUDO="sudo -n"
    else die "missing Debian packages: ${need_apt_packages[*]}. Run as root, or: sudo apt-get install -y ${need_apt_packages[*]}"
    fi
  fi
  say "installing Debian packages: ${need_apt_packages[*]}"
  $SUDO apt-get update -qq >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt_packages[@]}" >&2 \
    || die "apt-get install ${need_apt_packages[*]} failed"
fi

command -v node >/dev/null 2>&1 || die "Node.js 20 is required"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || die "Node.js 20 or later is required (found $(node -v))"

if [ ! -f "$MARKER" ]; then
  say "installing code-server $CODE_SERVER_VERSION into $HOST_DIR (first run only, a few minutes)"
  rm -rf "$HOST_DIR"
  mkdir -p "$HOST_DIR"
  cd "$HOST_DIR"
  printf '{ "name": "tool-policy-editor-host", "private": true }\n' > package.json
  # Install scripts are skipped everywhere: code-server's own would download from the
  # internet. The native modules are rebuilt below from the registry's sources instead.
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2 \
    || die "npm install code-server@$CODE_SERVER_VERSION failed"
  cd "$PKG_DIR/lib/vscode"
  npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2 \
    || die "installing VS Code's server dependencies failed"
  # @vscode/ripgrep's postinstall downloads a binary; it skips when bin/ exists, so
  # point it at Debian's ripgrep instead.
  mkdir -p node_modules/@vscode/ripgrep/bin
  ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
  # Only the native modules the editor host loads on Linux, compiled with every core:
  # kerberos (proxy sign-in, loaded only behind a Kerberos proxy) and the Windows-only
  # modules are left out; spdlog alone took 40 s of a new machine's install on one core.
  npm_config_yes=true npm_config_jobs=max npm rebuild --loglevel=error \
    @parcel/watcher @vscode/spdlog @vscode/deviceid @vscode/ripgrep native-watchdog node-pty >&2 \
    || die "rebuilding VS Code's native modules failed"
  ln -sfn node_modules node_modules.asar
  cd "$HOST_DIR"
  npm_config_jobs=max npm rebuild argon2 --loglevel=error >&2 || die "rebuilding argon2 failed"
  node "$PKG_DIR/out/node/entry.js" --version >/dev/null \
    || die "code-server was installed but does not start"
  touch "$MARKER"
  say "code-server $CODE_SERVER_VERSION is ready"
fi

echo "$PKG_DIR/out/node/entry.js"
