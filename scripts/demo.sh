#!/usr/bin/env bash
# `npm start`: builds and packages the extension, then opens it in a real VS Code
# (code-server on 127.0.0.1) with the example policy and the test-double Claude Code
# extension installed, and prints the URL. Runs until Ctrl+C. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[demo] installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
npm run --silent package >/dev/null
npm run --silent compile-tests
node out/test/runners/demo.js
