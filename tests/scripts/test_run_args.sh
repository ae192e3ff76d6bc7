#!/bin/sh
# Tests that `make run`'s QEMU_ARGS reach QEMU through scripts/run.sh: a valid option is on the
# command line and the run still boots an app; an invalid one makes QEMU refuse to start. Also
# the options make run gives each board, and a run with --timeout on a terminal.
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

# Boards without store flash or management channel get neither option from make run (run.sh
# would warn about options the user never gave); the rv32 board gets both.
make -s -n run BOARD=qemu_mps2_an386 TIMEOUT=1 2>/dev/null > "$out"
grep -q 'scripts/run.sh' "$out" && ! grep -q -- '--flash\|--mgmt' "$out"; passed=$?
result make-run-arm-no-flash-or-mgmt-options $passed
make -s -n run TIMEOUT=1 2>/dev/null > "$out"
grep -q -- '--flash "' "$out" && grep -q -- '--mgmt "' "$out"; passed=$?
result make-run-rv32-flash-and-mgmt-options $passed

# With --timeout on a terminal (make run TIMEOUT=... typed by a person): QEMU must stay in the
# terminal's foreground process group, or it is stopped (SIGTTOU/SIGTTIN) when it sets the
# terminal raw, prints nothing and reads nothing. Typed keys must reach the app, and the
# timeout must not make the shell report "Killed".
echo_tab=$(dirname "$(dirname "$app")")/echo/echo.tab
python3 - "$kernel" "$board" "$echo_tab" > "$out" 2>&1 <<'PY'
import os, pty, select, sys, time
kernel, board, app = sys.argv[1:4]
pid, fd = pty.fork()
if pid == 0:
    os.execvp("scripts/run.sh", ["scripts/run.sh", "--kernel", kernel, "--board", board,
                                 "--timeout", "12", "--", app])
out, sent, end = b"", False, time.time() + 60
while time.time() < end:
    if select.select([fd], [], [], 0.2)[0]:
        try:
            data = os.read(fd, 4096)
        except OSError:
            break
        if not data:
            break
        out += data
    if not sent and b"type a line" in out:
        os.write(fd, b"hi tty\r")
        sent = True
os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
PY
grep -q 'echo: "hi tty"' "$out" && grep -q 'timeout after 12s' "$out" && ! grep -q 'Killed' "$out"; passed=$?
result timeout-on-a-terminal-keeps-the-console $passed
