#!/bin/sh
# Counts PASS/FAIL lines written by every test suite and prints the summary line.
# Usage: test-summary.sh <results-dir>. Exits 1 when anything failed or nothing ran.
dir=${1:-build/test-results}
pass=0; fail=0
if [ -d "$dir" ]; then
  pass=$(cat "$dir"/*.log 2>/dev/null | grep -c '^PASS ')
  fail=$(cat "$dir"/*.log 2>/dev/null | grep -c '^FAIL ')
  if [ "$fail" -gt 0 ]; then
    echo "Failures:"
    grep -h '^FAIL ' "$dir"/*.log | sed 's/^/  /'
  fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
