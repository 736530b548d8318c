#!/usr/bin/env bash
# Installs real assistant CLIs that the host tests run (offline, `--version` only) into
# the cache folder: @anthropic-ai/claude-code from the npm registry. Install scripts are
# skipped by npm here; the package's own one only links the platform binary (from its
# optional dependency, already downloaded) into bin/, so it is run by hand, offline.
# Idempotent. Prints the bin folder.
set -euo pipefail
CLAUDE_CODE_VERSION=2.1.330
CACHE_DIR="${TOOL_POLICY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tool-policy-notices}"
DIR="$CACHE_DIR/test-tools-claude-$CLAUDE_CODE_VERSION"
if [ ! -f "$DIR/.installed" ]; then
  echo "[test-tools] installing @anthropic-ai/claude-code@$CLAUDE_CODE_VERSION into $DIR" >&2
  rm -rf "$DIR"
  mkdir -p "$DIR"
  cd "$DIR"
  printf '{ "name": "tool-policy-test-tools", "private": true }\n' > package.json
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "@anthropic-ai/claude-code@$CLAUDE_CODE_VERSION" >&2 \
    || { echo "[test-tools] error: npm install @anthropic-ai/claude-code failed" >&2; exit 1; }
  (cd "$DIR/node_modules/@anthropic-ai/claude-code" && node install.cjs >&2) \
    || { echo "[test-tools] error: linking the claude binary failed" >&2; exit 1; }
  "$DIR/node_modules/.bin/claude" --version >/dev/null \
    || { echo "[test-tools] error: the installed claude does not run" >&2; exit 1; }
  touch "$DIR/.installed"
fi
echo "$DIR/node_modules/.bin"
