#!/bin/sh
# Boots the Tick kernel in QEMU with a set of TBF/TAB apps; used by `make run` and the test harness.
#
# usage: run.sh --kernel KERNEL.elf --board BOARD_DIR [--timeout SECONDS] [--icount]
#               [--flash FILE [--flash-readonly]] [--qemu-arg ARG]... [--qemu-args "ARGS"]
#               [--print-command] [--gdb DIR] [--raw] [--mgmt SOCKET [--live-install APP.tab]]
#               -- APP.tbf|APP.tab...
# A single argument ending in .bin is a ready-made flash image, used as is (tests boot
# deliberately damaged images this way). --flash FILE backs the board's store flash
# (board.conf store_flash_*, QEMU pflash unit 1) with FILE, created erased (0xff) when missing
# and kept: what the kernel writes there is there at the next boot (ignored without a store).
# --qemu-args passes a whole string of extra QEMU options, split at spaces (make run's
# QEMU_ARGS, e.g. "-icount shift=4,sleep=off"); --print-command prints the QEMU command line
# before running it. --gdb DIR starts QEMU halted under gdb-multiarch instead, with every
# symbol loaded (scripts/debug.sh; console log and socket in DIR). The console is on
# stdin/stdout; fault reports get file:line from the apps' ELFs (scripts/symbolize.py) unless
# --raw. --mgmt SOCKET puts the board's management channel (board.conf qemu_mgmt_args, the
# virtio console tick-load talks to) on the Unix socket SOCKET; --live-install APP.tab then
# installs APP.tab through it with tick-load (an update if it is installed already) a few
# seconds after boot, while the other apps run: make run's demo shows the app store so.
# The run ends when the kernel halts QEMU (all processes finished), or after SECONDS (exit
# status 124).
# Exit status: QEMU's (0 when the kernel halted cleanly), 124 on timeout, 2 on bad input.
set -u
kernel=""; board=""; timeout_s=""; icount=0; extra=""; print_command=0
flash=""; flash_ro=""; gdb_dir=""; raw=0; mgmt=""; live=""
usage() { sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel) kernel=$2; shift 2 ;;
    --board) board=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --icount) icount=1; shift ;;
    --flash) flash=$2; shift 2 ;;
    --flash-readonly) flash_ro=",readonly=on"; shift ;;
    --qemu-arg) extra="$extra $2"; shift 2 ;;
    --qemu-args) extra="$extra $2"; shift 2 ;;
    --print-command) print_command=1; shift ;;
    --gdb) gdb_dir=$2; shift 2 ;;
    --raw) raw=1; shift ;;
    --mgmt) mgmt=$2; shift 2 ;;
    --live-install) live=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ -n "$kernel" ] && [ -f "$kernel" ] || { echo "run.sh: kernel ELF not found: '$kernel' (run make first)" >&2; exit 2; }
[ -n "$board" ] && [ -f "$board/board.conf" ] || { echo "run.sh: board folder without board.conf: '$board' (boards are boards/NAME)" >&2; exit 2; }
[ $# -gt 0 ] || { echo "run.sh: no apps given" >&2; exit 2; }
for app in "$@"; do
  # APP@ADDR: tick-image puts a relocatable app's TBF at ADDR.
  [ -f "$app" ] || [ -f "${app%@*}" ] || { echo "run.sh: app file not found: $app (give the path of a .tbf or .tab; make apps builds ours into build/apps/NAME/)" >&2; exit 2; }
done

conf() { sed -n "s/^$1=//p" "$board/board.conf"; }
# The kernel must be an ELF for the board's architecture (e_machine: RISC-V 243, Arm 40).
machine_name() { case $1 in 243) echo RISC-V ;; 40) echo Arm ;; 62) echo x86-64 ;; 3) echo x86 ;; 183) echo AArch64 ;; *) echo "machine $1" ;; esac; }
case $(conf arch) in rv*) want=243 ;; cortex*|arm*|thumb*) want=40 ;; *) want="" ;; esac
if [ "$(head -c 4 "$kernel" | tail -c 3)" != ELF ]; then
  echo "run.sh: $kernel is not an ELF file: give the kernel.elf that make kernel builds" >&2; exit 2
fi
have=$(od -An -tu2 -j18 -N2 "$kernel" | tr -d ' ')
if [ -n "$want" ] && [ "$have" != "$want" ]; then
  echo "run.sh: $kernel is an ELF for $(machine_name "$have"), but board $(basename "$board") runs $(machine_name "$want"): build its kernel with make kernel BOARD=$(basename "$board")" >&2
  exit 2
fi
[ -z "$live" ] || [ -f "$live" ] || { echo "run.sh: app file not found: $live (--live-install)" >&2; exit 2; }
tools=$(dirname "$kernel")/../tools
[ -x "$tools/tick-image" ] || tools=build/tools
image=$(mktemp /tmp/tick-image.XXXXXX)
map=""
live_pid=""
live_out=$image.live
trap 'rm -f "$image" "$image.map" "$image.status" "$live_out"; [ -z "$live_pid" ] || kill "$live_pid" 2>/dev/null' EXIT INT TERM
if [ $# -eq 1 ] && [ "${1%.bin}" != "$1" ]; then
  cp "$1" "$image"
elif map=$image.map; ! "$tools/tick-image" compose --board "$board" -o "$image" --map "$map" "$@"; then
  echo "run.sh: could not compose the app flash image (see above)" >&2
  exit 2
fi

qemu=$(conf qemu)
qemu=${qemu:-qemu-system-riscv32}
command -v "$qemu" >/dev/null 2>&1 || { echo "run.sh: $qemu not found: run make deps" >&2; exit 2; }
qemu_args=$(conf qemu_args)
app_flash=$(conf app_flash_start)
[ "$icount" -eq 1 ] && qemu_args="$qemu_args -icount shift=0,sleep=off"
size=$(conf store_flash_size)
if [ -n "$flash" ] && [ -z "$size" ]; then
  echo "run.sh: $board has no store flash (no store_flash_size in board.conf); --flash ignored" >&2
  flash=""
fi
if [ -n "$flash" ]; then
  # Unit 1 only: with a unit 0 drive QEMU would boot from flash instead of the kernel.
  case "$flash" in *,*) echo "run.sh: the flash file's path may not contain a comma: $flash" >&2; exit 2 ;; esac
  if [ ! -e "$flash" ]; then
    mkdir -p "$(dirname "$flash")" &&
      head -c $((size)) /dev/zero | tr '\000' '\377' >"$flash.tmp" && mv "$flash.tmp" "$flash" ||
      { echo "run.sh: could not create the flash file $flash" >&2; exit 2; }
  fi
  have=$(wc -c <"$flash")
  [ "$have" -eq $((size)) ] ||
    { echo "run.sh: flash file $flash has $have bytes; the board's store flash has $((size))" >&2; exit 2; }
fi
mgmt_args=""
if [ -n "$mgmt" ]; then
  mgmt_args=$(conf qemu_mgmt_args)
  case "$mgmt" in *,*|*" "*) echo "run.sh: the socket's path may not contain a comma or a space: $mgmt" >&2; exit 2 ;; esac
  if [ -z "$mgmt_args" ]; then
    echo "run.sh: $(basename "$board") has no management channel (no qemu_mgmt_args in board.conf); --mgmt ignored" >&2
  else
    mkdir -p "$(dirname "$mgmt")" && rm -f "$mgmt"
    mgmt_args=$(printf '%s' "$mgmt_args" | sed "s|@SOCKET@|$mgmt|")
    echo "[run.sh: management channel on $mgmt (tick-load --socket $mgmt)]"
  fi
fi
# board.conf's qemu_kernel_option says how QEMU takes the kernel ELF (default -bios; an
# M-profile board uses -kernel).
kernel_option=$(conf qemu_kernel_option)
# shellcheck disable=SC2086
set -- "$qemu" $qemu_args "${kernel_option:--bios}" "$kernel" \
    -device loader,file="$image",addr="$app_flash",force-raw=on $extra $mgmt_args
[ -z "$flash" ] || set -- "$@" -drive "if=pflash,unit=1,format=raw,file=$flash$flash_ro"
[ "$print_command" -eq 1 ] && echo "[run.sh: $*]"
if [ -n "$gdb_dir" ]; then
  "$(dirname "$0")/debug.sh" --dir "$gdb_dir" --kernel "$kernel" --board "$board" ${map:+--map "$map"} -- "$@"
  exit $?
fi
# live_install: in the background, once the board answers on the channel, installs $live with
# tick-load and says so on the console's terminal (\r\n: QEMU puts a terminal in raw mode).
live_install() {
  nl='\n'; [ -t 1 ] && nl='\r\n'
  i=0
  until "$tools/tick-load" --socket "$mgmt" --quiet info >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -gt 100 ] && return 0; sleep 0.2
  done
  sleep 3
  printf "${nl}[run.sh: the app store at work: installing %s while the other apps run (tick-load install --or-update)]${nl}" "$(basename "$live")"
  # On success the kernel's own lines say what happened ([store] ... installed, [kernel] app
  # ...); tick-load's are shown only when it fails, since this shell's writes can land in the
  # middle of a line the board is printing. No answer in 30 s: said, and run once more (a
  # transfer resumes).
  for try in 1 2; do
    timeout 30 "$tools/tick-load" --socket "$mgmt" --quiet install --or-update "$live" >"$live_out" 2>&1
    status=$?
    [ $status -eq 0 ] && return 0
    printf "${nl}"
    while IFS= read -r line; do printf "[tick-load: %s]${nl}" "$line"; done <"$live_out"
    [ $status -eq 124 ] || return 0
    printf "[run.sh: tick-load got no answer in 30 s; trying again]${nl}"
  done
}
[ -n "$live" ] && [ -n "$mgmt_args" ] && [ -z "$gdb_dir" ] && { live_install & live_pid=$!; }
run_qemu() {
  if [ -n "$timeout_s" ] && [ "$timeout_s" != "0" ]; then
    # KILL: with -icount sleep=off an idle guest can make QEMU ignore SIGTERM. --foreground:
    # QEMU stays in the terminal's process group, so it can read keys and set the terminal
    # raw (in timeout's own group it is stopped by SIGTTIN/SIGTTOU and prints nothing), and
    # only QEMU is killed (not timeout with it, which made the shell print "Killed").
    timeout --foreground -s KILL "$timeout_s" "$@"
    status=$?
    [ $status -eq 137 ] && { echo; echo "[run.sh: timeout after ${timeout_s}s]"; return 124; }
    return $status
  fi
  "$@"
}
# The console passes through scripts/symbolize.py, which adds file:line to fault reports and
# kernel panics (byte for byte otherwise, unbuffered; input goes straight to QEMU).
if [ "$raw" -eq 0 ] && command -v python3 >/dev/null 2>&1; then
  { run_qemu "$@"; echo $? >"$image.status"; } |
    python3 "$(dirname "$0")/symbolize.py" --kernel "$kernel" ${map:+--map "$map"}
  status=$(cat "$image.status" 2>/dev/null)
  exit "${status:-137}"
fi
run_qemu "$@"
exit $?
