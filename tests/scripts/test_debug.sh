#!/bin/sh
# Tests make debug end to end: a scripted gdb session (tests/scripts/debug_session.gdb, batch
# mode) on debug_target booted in the second slot (so its symbols must be loaded where it runs,
# not at the first slot) breaks in an app function, reads a variable, steps over a system call
# and gets the app's backtrace at its fault; GDB_ARGS with a quoted word; console.py against a
# socket.
# usage: test_debug.sh LOG
log=$1
out=$(mktemp); trap 'rm -f "$out"' EXIT
src=apps/tests/debug_target/main.c
result() { if [ "$2" -eq 0 ]; then echo "PASS debug/$1" >> "$log"; else echo "FAIL debug/$1" >> "$log"; cat "$out" >&2; fi; }
line_of() { grep -n "$1" "$src" | cut -d: -f1; }

timeout -s KILL 120 make -s --no-print-directory debug \
    APPS="build/apps/hello/hello.tab@0x80100000 build/apps/debug_target/debug_target.tab" \
    GDB_ARGS="-batch -ex 'echo TEST quoted words stay whole\n' -x tests/scripts/debug_session.gdb" > "$out" 2>&1 </dev/null
# GDB_ARGS are shell words: a quoted -ex command reaches gdb whole (a single quote broke make)
grep -q "^TEST quoted words stay whole" "$out"
result gdb-args-keep-quoted-words $?
grep -q 'debug_target: build/apps/debug_target/rv32imac.0x80110080.0x80310000.elf' "$out"
result loads-the-slot-the-app-runs-in $?
grep -Eq "Breakpoint [0-9]+, count_to \(n=3\) at .*main.c:[0-9]+" "$out"
result breaks-in-app-function $?
grep -q "TEST counter=3" "$out"
result reads-app-variable $?
grep -q "TEST before-next line Line $(line_of 'PRINT LINE') of" "$out" &&
  grep -q "TEST after-next line Line $(line_of 'CALL LINE') of" "$out"
result next-steps-over-system-calls $?
grep -A3 "TEST fault backtrace" "$out" | grep -Eq "#0 .* write_flash .* at .*main.c:$(line_of 'FAULT LINE')" &&
  grep -A3 "TEST fault backtrace" "$out" | grep -Eq "#1 .* main \(\) at .*main.c:$(line_of 'CALL LINE')"
result backtrace-at-fault-shows-the-app $?
grep -q "TEST restarted" "$out" && grep -q "debug_target: 6 steps" build/debug/console.log
result console-log-and-restart $?

# console.py: what the socket sends is shown, what is typed reaches the socket, Ctrl-] quits.
dir=$(mktemp -d)
python3 - "$dir/s" > "$dir/server.out" 2>&1 <<'PY' &
import socket, sys
s = socket.socket(socket.AF_UNIX); s.bind(sys.argv[1]); s.listen(1); s.settimeout(20)
c, _ = s.accept(); c.sendall(b"tick$ "); open(sys.argv[1] + ".sent", "w").close(); data = b""
c.settimeout(20)
while b"list" not in data:
    chunk = c.recv(100)
    if not chunk: break
    data += chunk
print("server got", data)
PY
server=$!
i=0; until [ -S "$dir/s" ] || [ $i -ge 50 ]; do sleep 0.2; i=$((i + 1)); done
# The line and Ctrl-] in one write, as a fast typist or a loaded machine delivers them: the
# line must still be sent (it was dropped when Ctrl-] came in the same read). Typed once the
# server has sent its prompt, so that the prompt is there to show before console.py quits.
{ i=0; until [ -f "$dir/s.sent" ] || [ $i -ge 100 ]; do sleep 0.2; i=$((i + 1)); done; sleep 0.2
  printf '\020list\n\035'; } | timeout 20 python3 scripts/console.py "$dir/s" > "$out" 2>&1
wait $server
grep -q 'tick\$' "$out" && grep -q "server got b'\\\\x10list\\\\n'" "$dir/server.out"
status=$?
[ $status -eq 0 ] || cat "$dir/server.out" >> "$out"
result console-client-relays-both-ways $status
rm -rf "$dir"
