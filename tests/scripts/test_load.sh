#!/bin/sh
# tick-load end to end against QEMU, as `make run` boots it: the management channel on a Unix
# socket; install a relocatable app (placed by the store) and see it run, update it, roll back
# an update that faults on trial, list, remove; a fixed-address app at its linked address; a
# reboot keeps what is installed;
# tick-load keeps the symbols of what it installed for make debug (at the store's place). Then, under -icount (instructions, not host noise), the worst lateness of a 10 ms
# periodic alarm while a 32 KiB app is installed, and the console answering meanwhile.
# usage: test_load.sh LOG   (from the repository root, after make kernel tools apps)
# Prints "info:" lines with the figures (install wall time, worst lateness).
log=$1
tmp=$(mktemp -d)
qpid=""
cleanup() { [ -n "$qpid" ] && kill "$qpid" 2>/dev/null; exec 3>&- 2>/dev/null; [ -n "${KEEP_CONSOLE:-}" ] && cp "$tmp/console" "$KEEP_CONSOLE"; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM
kernel=build/qemu_rv32_virt/kernel.elf
sock=$tmp/mgmt.sock
LOAD="build/tools/tick-load --socket $sock --quiet"

pass() { echo "PASS load/$1" >> "$log"; }
fail() { echo "FAIL load/$1" >> "$log"; shift; echo "load: $*" >&2; }
# check NAME CMD...: CMD succeeds
check() { n=$1; shift; if "$@" > "$tmp/out" 2>&1; then pass "$n"; else fail "$n" "$(cat "$tmp/out")"; fi; }
# seen NAME PATTERN [SECONDS [COUNT]]: the console shows PATTERN (grep -E) within SECONDS
# (default 10), on COUNT lines (default 1)
seen() {
  i=0
  while [ $i -lt $((${3:-10} * 10)) ]; do
    [ "$(cat "$tmp/console" 2>/dev/null | grep -Ec -- "$2")" -ge "${4:-1}" ] && { pass "$1"; return 0; }
    sleep 0.1; i=$((i + 1))
  done
  # the jitter app's lines would hide the rest
  fail "$1" "console never showed /$2/; it ends (jitter lines left out):"; grep -v '^jitter:' "$tmp/console" | tail -15 >&2
  return 1
}
# boot [QEMU_ARGS]: QEMU with the jitter app, the socket and the store flash of this test;
# its console in $tmp/console, its input from fd 3.
boot() {
  rm -f "$tmp/in" "$sock"; mkfifo "$tmp/in"
  scripts/run.sh --kernel $kernel --board boards/qemu_rv32_virt --flash "$tmp/flash.bin" --raw \
      --mgmt "$sock" --timeout 120 ${1:+--qemu-args "$1"} -- build/apps/alarm_jitter/alarm_jitter.tab \
      < "$tmp/in" > "$tmp/console" 2>&1 &
  qpid=$!
  exec 3> "$tmp/in"
  seen "$2/boots" "initialization complete" 20 || return 1
  i=0; until $LOAD info > /dev/null 2>&1; do i=$((i + 1)); [ $i -gt 50 ] && break; sleep 0.1; done
}
halt() { printf '\001x' >&3; wait "$qpid" 2>/dev/null; qpid=""; exec 3>&-; }
say() { printf '\020%s\r' "$1" >&3; }   # a process console command (Ctrl-P, then the line)
# build APP OUT [SHA]: APP as make load builds it (relocatable: the store places it) into OUT/
build() {
  name=$(sed -n 's/^APP_NAME *:= *//p' "$1/Makefile")
  rm -rf "$2"
  make --no-print-directory -C "$1" BUILD="$PWD/build" APP_OUT="$2" ${FIXED:+TICK_SLOTS="$FIXED" APP_LDLIBS=-Wl,-n} \
      > "$tmp/build.log" 2>&1 || { fail "build-$name" "$(tail -5 "$tmp/build.log")"; return 1; }
  if [ -n "${3:-}" ]; then   # packed again with a SHA-256 credential (the finalize hashes it)
    build/tools/tick-pack -q -n "$name" --stack 1024 --app-heap 0 --kernel-heap 1024 --kernel-major 2 \
        --kernel-minor 3 --sha256 ${FIXED:---relocatable} -o "$2/$name.tab" "$2"/rv32imac.*.elf > /dev/null 2>&1
  fi
}
# build_fixed APP OUT: a fixed-address build for a free store slot (tick-load slot)
build_fixed() {
  FIXED=$($LOAD slot) || { fail "build-fixed" "no slot: $FIXED"; return 1; }
  build "$1" "$2"; r=$?; FIXED=; return $r
}
# symbols_at NAME DIR: load-symbols.gdb loads NAME's ELF from DIR with its flash sections
# where the store put the binary (TBF address from list + the TBF's protected size)
symbols_at() {
  $LOAD --json info "$1" > "$tmp/info.json" || return 1
  python3 - "$tmp/info.json" "$2" "$syms" "$1" <<'PY'
import json, glob, struct, sys
e = json.load(open(sys.argv[1])); d = sys.argv[2]
tbf = open(glob.glob(d + "/rv32imac.*.tbf")[0], "rb").read()
hs = struct.unpack_from("<H", tbf, 2)[0]; trailer = 0; at = 16
while at + 4 <= hs:
    t, n = struct.unpack_from("<HH", tbf, at)
    if t == 9: trailer = struct.unpack_from("<I", tbf, at + 8)[0]
    at += 4 + (n + 3) // 4 * 4
lines = open(sys.argv[3]).read().split("\n")
i = lines.index("# app " + sys.argv[4]); cmd = lines[i + 1].split()
want = "0x%x" % (e["tbf"] + hs + trailer)   # .crt0_header: the binary's first bytes
# writable sections at the RAM the store relocated the app for (list's "ram"), not at the link
# address: the first of them (.data, or .bss) starts the app's RAM image
ram = [int(cmd[cmd.index(s) + 1], 16) for s in (".data", ".bss") if s in cmd]
ok = cmd[0] == "add-symbol-file" and cmd[1].startswith(d + "/rv32imac.") and cmd[1].endswith(".elf") \
    and "-s" in cmd and cmd[cmd.index(".crt0_header") + 1] == want \
    and "ram" in e and ram and all(e["ram"] <= a < e["ram"] + 0x10000 for a in ram)
print(" ".join(cmd), "want .crt0_header", want, "RAM", hex(e.get("ram", 0))); sys.exit(not ok)
PY
}
# ---- as make run boots it (real time)
boot "" run || exit 0
build apps/hello "$tmp/h1"
check install $LOAD install "$tmp/h1/hello.tab"
seen install-runs "Hello, World!"
seen install-logged "\\[store\\] 'hello' installed in slot 0"
syms=$tmp/load-symbols.gdb   # for make debug: beside the socket
check symbols-after-install symbols_at hello "$(realpath "$tmp")/h1"
build apps/hello "$tmp/h2"
check update sh -c "$LOAD update $tmp/h2/hello.tab > $tmp/update.out"
check update-confirmed grep -q "new version confirmed" "$tmp/update.out"
check symbols-after-update sh -c "[ \$(grep -c '^# app hello\$' $syms) -eq 1 ] && grep -q '/h2/rv32imac' $syms && ! grep -q '/h1/' $syms"
check symbols-after-update-placed symbols_at hello "$(realpath "$tmp")/h2"
check list-json sh -c "$LOAD --json list > $tmp/list.json"
check list-after-update python3 -c "import json,sys; a=json.load(open('$tmp/list.json'))['apps']; sys.exit(not (len(a)==1 and a[0]['name']=='hello' and a[0]['slot']==1 and a[0]['seq']==2))"
check install-again-refused sh -c "$LOAD install $tmp/h1/hello.tab 2>&1 | grep -q 'name clash'"
# an update that faults on trial (an app that reads kernel memory, packed as hello): the board
# rolls it back and tick-load says so
build apps/tests/iso_kernel_read "$tmp/bad" &&
  build/tools/tick-pack -q -n hello --stack 1024 --app-heap 0 --kernel-heap 1024 --kernel-major 2 \
      --kernel-minor 3 --relocatable -o "$tmp/bad/hello.tab" "$tmp/bad"/rv32imac.*.elf > /dev/null 2>&1
check rollback-reported sh -c "! $LOAD update $tmp/bad/hello.tab > $tmp/bad.out 2>&1 && grep -q 'faulted on trial: the board rolled back to the old one' $tmp/bad.out"
seen rollback-logged "\\[store\\] 'hello': new version faulted on trial, old one back"
check list-after-rollback sh -c "$LOAD list | grep -q hello"
check remove $LOAD remove hello
seen remove-logged "\\[store\\] 'hello' removed"
check symbols-after-remove sh -c "! grep -q hello $syms"
check list-empty sh -c "$LOAD list | grep -q '^0 apps installed'"
# a fixed-address app: to its linked address (a free slot's), symbols as linked
build_fixed apps/hello "$tmp/f"
check fixed-install sh -c "$LOAD --json install $tmp/f/hello.tab > $tmp/f.json"
check fixed-at-linked-address python3 -c "import json,glob,sys; a=json.load(open('$tmp/f.json'))['app']; e=glob.glob('$tmp/f/rv32imac.*.elf')[0].split('.'); sys.exit(not a['tbf'] + 0x80 == int(e[-3], 16))"
check fixed-symbols grep -q "^add-symbol-file $(realpath "$tmp")/f/rv32imac.0x[0-9A-Fa-f]*.0x[0-9A-Fa-f]*.elf\$" "$syms"
check fixed-remove $LOAD remove hello
build apps/tests/payload32k "$tmp/p" sha || exit 0
start=$(date +%s.%N)
check install-32k sh -c "$LOAD --json install $tmp/p/payload32k.tab > $tmp/p.json"
end=$(date +%s.%N)
echo "info: 32 KiB install through tick-load: $(python3 -c "import json; print('%.2f' % json.load(open('$tmp/p.json'))['seconds'])") s (tick-load's BEGIN to FINISH), $(python3 -c "print('%.2f' % ($end - $start))") s for the whole command"
# a reboot (the process console's reset: QEMU restarts the machine on the same store flash)
say reset
seen reboot "initialization complete" 20 2
seen reboot-loads-from-store "\\[kernel\\] app 'payload32k': flash 0x22" 20 2
i=0; until $LOAD info > /dev/null 2>&1; do i=$((i + 1)); [ $i -gt 50 ] && break; sleep 0.1; done
check list-after-reboot sh -c "$LOAD list | grep -q 'payload32k'"
check remove-32k $LOAD remove payload32k
halt

# ---- under -icount: the 10 ms alarm while 32 KiB arrive, and the console meanwhile
rm -f "$tmp/flash.bin"
boot "-icount shift=0,sleep=off" icount || exit 0
seen jitter-reports "jitter: 200 periods" 30
before=$(grep -c '^jitter:' "$tmp/console")
$LOAD --json install "$tmp/p/payload32k.tab" > "$tmp/p.json" 2>&1 &
lpid=$!
sleep 0.05
say list
wait $lpid && pass icount/install-32k || fail icount/install-32k "$(cat "$tmp/p.json")"
seen console-answers-during-install "^ *[0-9]+ 0x[0-9a-f]{8} +[a-z]+ .* alarm_jitter"
n=$((before + 2))
seen jitter-after-install "jitter: $((n * 100)) periods" 30
# the worst of the seconds the install fell in (and the one after it)
worst=$(sed -n 's/^jitter: [0-9]* periods, worst lateness \([0-9.]*\) us this second.*/\1/p' "$tmp/console" |
        sed -n "$((before)),\$p" | sort -n | tail -1)
idle=$(sed -n 's/^jitter: [0-9]* periods, worst lateness \([0-9.]*\) us this second.*/\1/p' "$tmp/console" |
       head -n "$((before - 1))" | sort -n | tail -1)
echo "info: 10 ms alarm during a 32 KiB tick-load install (-icount): worst lateness $worst us (idle before: $idle us)"
check lateness-under-1ms python3 -c "import sys; sys.exit(not 0 <= float('$worst') < 1000)"
halt

# ---- a host that speaks before the kernel runs (make run's live install probes from QEMU's
# start): QEMU starts paused, tick-load connects and sends (and resends after 2 s), then the
# guest runs. Regression: the bytes reached the device before the kernel enabled its PLIC
# source, QEMU's PLIC did not re-evaluate on the enable write, and the channel never answered.
rm -f "$tmp/flash.bin" "$sock" "$tmp/in" "$tmp/mon.sock"; mkfifo "$tmp/in"
scripts/run.sh --kernel $kernel --board boards/qemu_rv32_virt --flash "$tmp/flash.bin" --raw \
    --mgmt "$sock" --timeout 60 --qemu-args "-S -monitor unix:$tmp/mon.sock,server=on,wait=off" \
    -- build/apps/alarm_jitter/alarm_jitter.tab < "$tmp/in" > "$tmp/console" 2>&1 &
qpid=$!
exec 3> "$tmp/in"
i=0; while { [ ! -S "$sock" ] || [ ! -S "$tmp/mon.sock" ]; } && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
$LOAD info > "$tmp/early.out" 2>&1 &
epid=$!
sleep 3
# monitor CMD: one command to QEMU's monitor (with its own -monitor, Ctrl-A X does not reach it)
monitor() {
  python3 -c "
import socket, sys, time
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); time.sleep(0.2); s.sendall(sys.argv[2].encode() + b'\\n'); time.sleep(0.2)
" "$tmp/mon.sock" "$1"
}
monitor cont
if wait $epid && grep -q '^board: ' "$tmp/early.out"; then pass early-host/answered; else fail early-host/answered "$(cat "$tmp/early.out")"; fi
check early-host/answers-again $LOAD info
monitor quit; wait "$qpid" 2>/dev/null; qpid=""; exec 3>&-

# ---- make run's demo: run.sh --live-install puts an app in through the channel after boot
rm -f "$tmp/flash.bin" "$sock" "$tmp/in"; mkfifo "$tmp/in"
scripts/run.sh --kernel $kernel --board boards/qemu_rv32_virt --flash "$tmp/flash.bin" --raw \
    --mgmt "$sock" --timeout 120 --live-install build/apps/live/live.tab \
    -- build/apps/alarm_jitter/alarm_jitter.tab < "$tmp/in" > "$tmp/console" 2>&1 &
qpid=$!
exec 3> "$tmp/in"
seen demo/announces "^\\[run.sh: the app store at work: installing live.tab" 30
seen demo/installed "^\\[store\\] 'live' installed in slot 0" 70
seen demo/runs "^live: installed at run time; code at 0x220[0-9a-f]{5}, data at 0x80[0-9a-f]{6}$" 20
halt
exit 0
