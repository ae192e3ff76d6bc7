#!/bin/sh
# Runs the fuzz_tbf libFuzzer target for SECONDS from the committed seeds; with LOG, appends a PASS/FAIL line.
#
# usage: tests/tools/fuzz.sh FUZZER OUTDIR SECONDS [LOG]
set -u
bin=$1 out=$2 seconds=$3 log=${4:-}
mkdir -p "$out/corpus"
"$bin" -max_total_time="$seconds" -timeout=10 -artifact_prefix="$out/" "$out/corpus" \
	tests/fuzz/corpus/fuzz_tbf >"$out/fuzz.txt" 2>&1
rc=$?
verdict=PASS
[ $rc -eq 0 ] || verdict=FAIL
line="$verdict tools/fuzz-tbf/${seconds}s"
echo "$line $(grep -Eo 'Done [0-9]+ runs' "$out/fuzz.txt" | tail -1)"
[ -n "$log" ] && echo "$line" >>"$log"
if [ $rc -ne 0 ]; then
	tail -30 "$out/fuzz.txt" >&2
	ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* 2>/dev/null | sed 's/^/fuzz: saved /' >&2
fi
exit $rc
