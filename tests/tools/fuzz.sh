#!/bin/sh
# Runs one of the tools' libFuzzer targets for SECONDS from its seeds; with LOG, appends a PASS/FAIL line.
#
# usage: tests/tools/fuzz.sh FUZZER OUTDIR SECONDS [LOG]
# Seeds: tests/fuzz/corpus/<name>/ for fuzz_tbf, tests/tools/fixtures/ for fuzz_pack (ELFs;
# those in fixtures/reloc are linked with their relocations kept),
# tests/tools/golden/ for fuzz_inspect (TBFs). Crashes are saved as OUTDIR/crash-*.
set -u
bin=$1 out=$2 seconds=$3 log=${4:-}
name=$(basename "$bin")
case $name in
	fuzz_tbf) seeds=tests/fuzz/corpus/fuzz_tbf ;;
	fuzz_pack) seeds="tests/tools/fixtures tests/tools/fixtures/wfr tests/tools/fixtures/reloc" ;;
	fuzz_inspect) seeds="tests/fuzz/corpus/fuzz_tbf tests/tools/golden" ;;
	*) seeds=tests/fuzz/corpus/fuzz_tbf ;;
esac
mkdir -p "$out/corpus"
# shellcheck disable=SC2086
"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$out/" \
	"$out/corpus" $seeds >"$out/fuzz.txt" 2>&1
rc=$?
verdict=PASS
[ $rc -eq 0 ] || verdict=FAIL
line="$verdict tools/$name/${seconds}s"
echo "$line $(grep -Eo 'Done [0-9]+ runs' "$out/fuzz.txt" | tail -1)"
[ -n "$log" ] && echo "$line" >>"$log"
if [ $rc -ne 0 ]; then
	grep -v '^tick-tool: warning' "$out/fuzz.txt" | tail -30 >&2
	ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* 2>/dev/null | sed 's/^/fuzz: saved /' >&2
fi
exit $rc
