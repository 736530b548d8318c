#!/usr/bin/env bash
# `npm start`: builds and packages the extension, then runs it in a real VS Code
# (code-server on 127.0.0.1, port $PORT or 8080) with the example policy
# policies/alibaba-claude-code.yaml and the test-double Claude Code extension installed,
# and prints the URL to open. Runs in the foreground until Ctrl+C. Idempotent: the
# editor host is installed once into the cache folder
# (${TOOL_POLICY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tool-policy-notices}), and the
# demo profile lives in its demo/ folder.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[demo] installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

echo "[demo] packaging the extension"
npm run --silent package >/dev/null

# The demo launcher is TypeScript (test/runners/demo.ts, sharing the test helpers). A type
# error elsewhere in the tests must not stop the demo: tsc still writes the JavaScript.
echo "[demo] compiling the launcher"
npm run --silent compile-tests >/dev/null 2>&1 || echo "[demo] note: npm run compile-tests reports type errors; continuing"
[ -f out/test/runners/demo.js ] || { echo "[demo] error: out/test/runners/demo.js was not built (run npm run compile-tests)" >&2; exit 1; }

exec node out/test/runners/demo.js
