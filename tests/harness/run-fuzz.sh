#!/bin/sh
# Runs one libFuzzer target for a while; with a LOG, also replays its crash regressions (smoke test).
#
# usage: run-fuzz.sh BINARY OUTDIR SECONDS [LOG]
# The target name is BINARY's file name (fuzz_foo). Seeds come from tests/fuzz/corpus/fuzz_foo/
# and tests/fuzz/regressions/fuzz_foo/ when they exist; new inputs go to OUTDIR/corpus/ and
# crashes to OUTDIR/crash-* (also leak-*, timeout-*). With LOG (smoke mode), appends
# "PASS|FAIL fuzz/fuzz_foo/smoke" and one "PASS|FAIL fuzz/fuzz_foo/regression/<file>" line
# per file in tests/fuzz/regressions/fuzz_foo/. Exit status 1 when anything failed.
set -u
bin=$1 out=$2 seconds=$3 log=${4:-}
name=$(basename "$bin")
seeds=""
[ -d "tests/fuzz/corpus/$name" ] && seeds="tests/fuzz/corpus/$name"
if [ -n "$log" ]; then
  corpus=$out/smoke-corpus; rm -rf "$corpus"    # smoke runs start afresh; regressions replay below
else
  corpus=$out/corpus
  [ -d "tests/fuzz/regressions/$name" ] && seeds="$seeds tests/fuzz/regressions/$name"
fi
mkdir -p "$corpus"
status=0
result() { # result VERDICT NAME
  echo "$1 fuzz/$name/$2"
  [ -n "$log" ] && echo "$1 fuzz/$name/$2" >>"$log"
  return 0
}

echo "fuzz: $name for ${seconds}s (output in $out/fuzz.txt)"
# shellcheck disable=SC2086
if "$bin" -max_total_time="$seconds" -timeout=10 -artifact_prefix="$out/" "$corpus" $seeds \
     >"$out/fuzz.txt" 2>&1; then
  [ -n "$log" ] && result PASS smoke
  grep -E '^Done|^#[0-9]+ +DONE' "$out/fuzz.txt" | tail -1
else
  result FAIL smoke; status=1
  tail -40 "$out/fuzz.txt"
  ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* 2>/dev/null | sed 's/^/fuzz: saved /'
fi

if [ -n "$log" ] && [ -d "tests/fuzz/regressions/$name" ]; then
  for f in "tests/fuzz/regressions/$name"/*; do
    [ -f "$f" ] || continue
    if "$bin" "$f" >"$out/replay.txt" 2>&1; then
      result PASS "regression/$(basename "$f")"
    else
      result FAIL "regression/$(basename "$f")"; status=1
      tail -40 "$out/replay.txt"
    fi
  done
fi
exit $status
