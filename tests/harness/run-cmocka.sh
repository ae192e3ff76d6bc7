#!/bin/sh
# Runs one cmocka test binary and appends a PASS/FAIL line per test case to a results log.
#
# usage: run-cmocka.sh BINARY PREFIX LOG      e.g. run-cmocka.sh build/unit/bin/test_tbf unit/test_tbf build/test-results/unit.log
# Test case "foo" becomes "PASS PREFIX/foo" or "FAIL PREFIX/foo"; a binary that dies before
# reporting all its cases (sanitizer abort, crash) adds one "FAIL PREFIX: ..." line. The full
# output is kept in BINARY.out and printed on failure. Exit status 1 when anything failed.
set -u
bin=$1 prefix=$2 log=$3
out=$bin.out
CMOCKA_MESSAGE_OUTPUT=TAP "$bin" >"$out" 2>&1
status=$?
awk -v prefix="$prefix" -v status="$status" '
  /^[0-9]+\.\.[0-9]+/ { split($1, plan, "\\.\\."); planned += plan[2]; next }
  /^(not )?ok [0-9]+/ {
    line = $0; ran++
    verdict = (line ~ /^not ok/) ? "FAIL" : "PASS"
    sub(/^(not )?ok [0-9]+ *(- )?/, "", line)
    if (line ~ /# *SKIP/) { verdict = "SKIP"; sub(/ *# *SKIP.*/, "", line); sub(/^ *- */, "", line) }
    if (verdict == "FAIL") failed++
    print verdict " " prefix "/" line
  }
  END {
    if (status != 0 && ran < planned)
      print "FAIL " prefix ": case " ran + 1 " of " planned " crashed (exit status " status ")"
    else if (status != 0 && failed == 0)
      print "FAIL " prefix ": exit status " status
  }' "$out" >"$out.results"
cat "$out.results" >>"$log"
pass=$(grep -c '^PASS ' "$out.results")
if grep -q '^FAIL ' "$out.results"; then
  echo "---- $prefix failed (output of $bin):"
  cat "$out"
  echo "----"
  grep '^FAIL ' "$out.results"
  exit 1
fi
echo "$prefix: $pass passed"
