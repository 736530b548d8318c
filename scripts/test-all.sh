#!/usr/bin/env bash
# `npm test`: every test layer, in order: static checks, unit (plain Node), host (inside
# a real VS Code: code-server), security (the hostile suite, also inside code-server, with
# a trusted and an untrusted workspace), e2e (the packaged .vsix in code-server, driven
# through Chromium as a person would). Installs what it needs, idempotently, then builds
# once (the bundles, the .vsix, the compiled tests) and runs every layer on that build.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test] installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# The editor host (code-server) and Chromium, and the assistant CLI the host suite runs,
# into a cache outside the repository: downloads happen here, never inside a test layer.
bash scripts/install-editor-host.sh >/dev/null
bash scripts/install-test-tools.sh >/dev/null

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
summary=()
total_passed=0
total_failed=0

run_layer() {
  local name="$1"; shift
  local start end status=0
  echo
  echo "==================== $name ===================="
  start=$(date +%s)
  "$@" 2>&1 | tee "$logs/$name.log" || status=$?
  end=$(date +%s)
  local passed failed
  passed=$(grep -Eo '^ *[0-9]+ passing' "$logs/$name.log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -Eo '^ *[0-9]+ failing' "$logs/$name.log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("$(printf '%-8s %4d passed, %d failed  (%ds)' "$name" "$passed" "$failed" "$((end - start))")")
  return "$status"
}

overall=0
# One build for every layer: the .vsix first (its production bundles), then the
# development bundles (source maps) the unit, host and security layers load, then the
# tests, whose compilation is also the type check.
build_once() {
  npm run --silent package && npm run --silent build && npm run --silent compile-tests
}
if ! run_layer build build_once; then
  echo "[test] the build failed: no layer can run" >&2
  exit 1
fi
run_layer lint bash -c 'npm run --silent lint && echo "  1 passing"' || overall=1
run_layer unit npm run --silent test:unit:built || overall=1
run_layer host npm run --silent test:host:built || overall=1
run_layer security npm run --silent test:security:built || overall=1
run_layer e2e npm run --silent test:e2e:built || overall=1

echo
echo "==================== summary ===================="
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
exit "$overall"
