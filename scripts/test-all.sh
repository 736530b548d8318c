#!/usr/bin/env bash
# `npm test`: every test layer, in order: static checks, unit (plain Node), host (inside
# a real VS Code: code-server), security (the hostile suite, also inside code-server, with
# a trusted and an untrusted workspace), e2e (the packaged .vsix in code-server, driven
# through Chromium as a person would). Installs what it needs, idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test] installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

# The editor host (code-server) and Chromium, into a cache outside the repository.
bash scripts/install-editor-host.sh >/dev/null

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
run_layer lint bash -c 'npm run --silent lint && npm run --silent typecheck && echo "  1 passing"' || overall=1
run_layer unit npm run --silent test:unit || overall=1
run_layer host npm run --silent test:host || overall=1
run_layer security npm run --silent test:security || overall=1
run_layer e2e npm run --silent test:e2e || overall=1

echo
echo "==================== summary ===================="
printf '%s\n' "${summary[@]}"
echo "$total_passed passed, $total_failed failed"
exit "$overall"
