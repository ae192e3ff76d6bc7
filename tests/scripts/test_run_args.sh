#!/bin/sh
# Tests that `make run`'s QEMU_ARGS reach QEMU through scripts/run.sh: a valid option is on the
# command line and the run still boots an app; an invalid one makes QEMU refuse to start.
# usage: test_run_args.sh KERNEL.elf BOARD_DIR APP.tab LOG
kernel=$1; board=$2; app=$3; log=$4
out=$(mktemp); trap 'rm -f "$out"' EXIT
result() { if [ "$2" -eq 0 ]; then echo "PASS run-args/$1" >> "$log"; else echo "FAIL run-args/$1" >> "$log"; cat "$out" >&2; fi; }

scripts/run.sh --kernel "$kernel" --board "$board" --timeout 30 --print-command \
    --qemu-args "-icount shift=0,sleep=off" -- "$app" > "$out" 2>&1
status=$?
grep -q '^\[run.sh: .* -icount shift=0,sleep=off' "$out"; on_line=$?
grep -q 'Hello' "$out"; booted=$?
result passes-options-and-boots $(( status != 0 || on_line != 0 || booted != 0 ))

scripts/run.sh --kernel "$kernel" --board "$board" --timeout 30 \
    --qemu-args "-no-such-option" -- "$app" > "$out" 2>&1
status=$?
grep -qi 'no-such-option' "$out"; named=$?
result invalid-option-reaches-qemu $(( status == 0 || status == 124 || named != 0 ))

make -s -n run QEMU_ARGS="-icount shift=4,sleep=off" TIMEOUT=1 2>/dev/null > "$out"
grep -q -- '--qemu-args "-icount shift=4,sleep=off"' "$out"; passed=$?
result make-run-forwards-QEMU_ARGS $passed
