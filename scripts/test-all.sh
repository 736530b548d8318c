#!/usr/bin/env bash
# `npm test`: every test layer: static checks (lint), unit (plain Node), host (inside a
# real VS Code: code-server), security (the hostile suite, also inside code-server, with a
# trusted and an untrusted workspace), e2e (the packaged .vsix in code-server, driven
# through Chromium as a person would). Installs what it needs, idempotently, then builds
# once (the bundles, the .vsix, the compiled tests) and runs every layer on that build.
#
# The layers run side by side in three lanes (unit; host + lint; security + e2e): most of
# an editor layer's time is spent waiting for the editor, which the other lanes use. Each
# lane that starts processes runs in a process namespace of its own (Linux, as root), so a
# scan in one layer never sees an assistant another layer (or the person running the
# tests) has running. Where such namespaces cannot be made, the layers run one after
# another. TOOL_POLICY_TEST_SERIAL=1 forces that.
set -euo pipefail
cd "$(dirname "$0")/.."

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

# The editor host (code-server) and Chromium, into a cache outside the repository:
# downloads happen before the layers, never inside one. On a new machine this takes
# minutes (code-server's native modules are compiled), so it runs beside the npm
# dependencies, the build and the unit layer, which need none of it; the editor layers
# wait for it.
echo "[test] editor host (code-server, Chromium): checked and, if missing, installed in the background"
bash scripts/install-editor-host.sh 2>"$logs/editor-host.log" >/dev/null </dev/null &
editor_host_install=$!

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[test] installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund --prefer-offline
fi
# The assistant CLI the tests run (unit and host), into the same cache.
bash scripts/install-test-tools.sh >/dev/null

# Prints a finished layer's whole log at once, so lanes running side by side never mix
# their lines.
show_log() {
  local name="$1"
  {
    flock 9
    echo
    echo "==================== $name ===================="
    cat "$logs/$name.log"
  } 9>"$logs/.print.lock"
}

# Seconds of CPU (user + system) of a subshell's children, from the second line of `times`
# ("0m12.345s 0m1.234s").
cpu_seconds() {
  sed -n 2p "$1" | awk '{ total = 0; for (i = 1; i <= 2; i++) { split($i, part, /[ms]/); total += part[1] * 60 + part[2] } printf "%d", total + 0.5 }'
}

# Runs one layer, keeps its log, and records "passed failed seconds status" for the summary.
run_layer() {
  local name="$1"; shift
  local start end status=0
  echo "[test] $name: started"
  start=$(date +%s)
  # In a subshell of its own, whose `times` then gives the CPU time of every process the
  # layer ran (a lane's namespace reaps its orphans, so they count too): beside the wall
  # time, which depends on what else runs, the work the layer itself costs.
  ( status=0; "$@" >"$logs/$name.log" 2>&1 </dev/null || status=$?; times >"$logs/$name.times"; exit "$status" ) || status=$?
  end=$(date +%s)
  local passed failed
  passed=$(grep -Eo '^ *[0-9]+ passing' "$logs/$name.log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  failed=$(grep -Eo '^ *[0-9]+ failing' "$logs/$name.log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
  if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
  echo "$passed $failed $((end - start)) $status $(cpu_seconds "$logs/$name.times")" >"$logs/$name.result"
  show_log "$name"
  return "$status"
}

# A command in a PID namespace of its own (with its own /proc): it sees only the
# processes it started, and all of them end when it does.
isolation=()
if [ "${TOOL_POLICY_TEST_SERIAL:-}" != 1 ] && [ "$(id -u)" = 0 ] && unshare --pid --fork --mount-proc --kill-child true 2>/dev/null; then
  isolation=(unshare --pid --fork --mount-proc --kill-child)
fi
isolated() { "${isolation[@]}" "$@"; }

# One build for every layer: the .vsix (its production bundles) and then the development
# bundles (source maps) the unit, host and security layers load; beside them the tests'
# compilation, which is also the type check; then the fixture extensions the editor
# layers install (packaged once here, not by two layers at the same time).
build_once() {
  rm -rf out
  local tsc_status=0 bundle_status=0
  npx tsc -p . &
  local tsc_pid=$!
  { npm run --silent package && npm run --silent build; } || bundle_status=$?
  wait "$tsc_pid" || tsc_status=$?
  [ "$tsc_status" -eq 0 ] && [ "$bundle_status" -eq 0 ] || return 1
  node scripts/build-test-double.mjs claude-code-double >/dev/null
  node scripts/build-test-double.mjs zh-cn-language-pack >/dev/null
}

started=$(date +%s)
if ! run_layer build build_once; then
  echo "[test] the build failed: no layer can run" >&2
  wait "$editor_host_install" || true
  exit 1
fi

# Waits for the editor host and prints what installing it said (nothing when it was
# there already); returns 1 when it could not be installed.
editor_host_ready() {
  local status=0
  wait "$editor_host_install" || status=$?
  if [ "$status" -ne 0 ] || [ -s "$logs/editor-host.log" ]; then
    {
      flock 9
      echo
      if [ "$status" -ne 0 ]; then echo "==================== editor host: not installed ===================="
      else echo "==================== editor host ===================="; fi
      cat "$logs/editor-host.log"
    } 9>"$logs/.print.lock"
  fi
  return "$status"
}
# A layer that cannot run because the editor host is missing, recorded as failed.
not_run() { echo "0 1 0 1 0" >"$logs/$1.result"; echo "[test] $1: not run, the editor host is not installed" >&2; }

lint_layer() { npm run --silent lint && echo "  1 passing"; }
unit_lane() { run_layer unit isolated npm run --silent test:unit:built || true; }
host_lane() { run_layer host isolated npm run --silent test:host:built || true; }
editor_lane() {
  run_layer security isolated npm run --silent test:security:built || true
  run_layer e2e isolated npm run --silent test:e2e:built || true
}

if [ ${#isolation[@]} -gt 0 ]; then
  echo "[test] layers run side by side, each in a process namespace of its own"
  # The unit layer is the longest lane: it starts at once; lint follows the host layer.
  # The editor lanes start once the editor host is there.
  unit_lane &
  lane_unit=$!
  if editor_host_ready; then
    { host_lane; run_layer lint lint_layer || true; } &
    lane_host=$!
    editor_lane &
    lane_editor=$!
    wait "$lane_host" "$lane_editor"
  else
    run_layer lint lint_layer || true
    for name in host security e2e; do not_run "$name"; done
  fi
  wait "$lane_unit"
else
  echo "[test] layers run one after another (no process namespaces here, or TOOL_POLICY_TEST_SERIAL=1)"
  run_layer lint lint_layer || true
  unit_lane
  if editor_host_ready; then
    host_lane
    editor_lane
  else
    for name in host security e2e; do not_run "$name"; done
  fi
fi

echo
echo "==================== summary ===================="
overall=0
total_passed=0
total_failed=0
total_cpu=0
for name in build lint unit host security e2e; do
  if [ ! -f "$logs/$name.result" ]; then
    printf '%-8s did not run\n' "$name"
    overall=1
    continue
  fi
  read -r passed failed seconds status cpu <"$logs/$name.result"
  printf '%-8s %4d passed, %d failed  (%ds, CPU %ss)\n' "$name" "$passed" "$failed" "$seconds" "$cpu"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  total_cpu=$((total_cpu + cpu))
  if [ "$status" -ne 0 ]; then overall=1; fi
done
echo "$total_passed passed, $total_failed failed in $(( $(date +%s) - started )) s after installing (layers' CPU ${total_cpu} s)"
exit "$overall"
