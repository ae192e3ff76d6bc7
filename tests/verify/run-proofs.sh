#!/bin/sh
# Runs Frama-C/WP on each proof set and prints "verify: N of M goals proved" (exit 1 unless N == M).
# usage: run-proofs.sh OUTDIR "FRAMA-C FLAGS" NAME:FILE[:EXTRA OPTIONS]...
# With VERIFY_LOG set, appends one PASS/FAIL line per set to it (the test-summary format).
set -u
out=$1; flags=$2; shift 2
export WHY3CONFIG="$out/why3.conf"
total=0; proved=0; status=0
for set in "$@"; do
  name=${set%%:*}; rest=${set#*:}; file=${rest%%:*}; opts=${rest#*:}
  log="$out/$name.log"
  start=$(date +%s)
  eval frama-c $flags $opts "$file" > "$log" 2>&1
  secs=$(( $(date +%s) - start ))
  # WP caches every verdict, timeouts too; a timeout depends on the machine's load, so a goal
  # that timed out on a busy machine is tried again next run instead of failing from the cache.
  grep -l '"verdict": "timeout"' "$out"/cache/*.json 2>/dev/null | xargs -r rm -f
  # WP's summary line: "[wp] Proved goals:   N / M".
  line=$(grep 'Proved goals:' "$log" | tail -n 1)
  n=$(echo "$line" | sed -n 's/.*Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1/p')
  m=$(echo "$line" | sed -n 's/.*Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\2/p')
  if [ -z "$n" ] || [ -z "$m" ] || [ "$m" -eq 0 ]; then
    echo "verify: $name: no proof ran (see $log)" >&2
    tail -n 5 "$log" >&2
    result=FAIL; n=0; m=0
  elif [ "$n" -ne "$m" ]; then
    echo "verify: $name: $n of $m goals proved in ${secs}s; unproven:" >&2
    grep -A2 '^\[wp\] \[Failed\]\|^\[wp\] \[Unknown\]\|Timeout' "$log" | grep 'Goal' | sed 's/^/  /' >&2
    result=FAIL
  else
    echo "verify: $name: $n of $m goals proved in ${secs}s"
    result=PASS
  fi
  [ "$result" = PASS ] || status=1
  total=$((total + m)); proved=$((proved + n))
  [ -n "${VERIFY_LOG:-}" ] && echo "$result verify/$name ($n of $m goals)" >> "$VERIFY_LOG"
done
echo "verify: $proved of $total goals proved"
exit $status
