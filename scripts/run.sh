#!/bin/sh
# Boots the Tick kernel in QEMU with a set of TBF/TAB apps; used by `make run` and the test harness.
#
# usage: run.sh --kernel KERNEL.elf --board BOARD_DIR [--timeout SECONDS] [--icount]
#               [--flash FILE [--flash-readonly]] [--qemu-arg ARG]... [--qemu-args "ARGS"]
#               [--print-command] -- APP.tbf|APP.tab...
# A single argument ending in .bin is a ready-made flash image, used as is (tests boot
# deliberately damaged images this way). --flash FILE backs the board's store flash
# (board.conf store_flash_*, QEMU pflash unit 1) with FILE, created erased (0xff) when missing
# and kept: what the kernel writes there is there at the next boot (ignored without a store).
# --qemu-args passes a whole string of extra QEMU options, split at spaces (make run's
# QEMU_ARGS, e.g. "-icount shift=4,sleep=off"); --print-command prints the QEMU command line
# before running it. The console is on stdin/stdout. The run ends when the kernel halts QEMU
# (all processes finished), or after SECONDS (exit status 124).
# Exit status: QEMU's (0 when the kernel halted cleanly), 124 on timeout, 2 on bad input.
set -u
kernel=""; board=""; timeout_s=""; icount=0; extra=""; print_command=0
flash=""; flash_ro=""
usage() { sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; }
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
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) break ;;
  esac
done
[ -n "$kernel" ] && [ -f "$kernel" ] || { echo "run.sh: kernel ELF not found: '$kernel' (run make first)" >&2; exit 2; }
[ -n "$board" ] && [ -f "$board/board.conf" ] || { echo "run.sh: board folder without board.conf: '$board'" >&2; exit 2; }
[ $# -gt 0 ] || { echo "run.sh: no apps given" >&2; exit 2; }
for app in "$@"; do
  [ -f "$app" ] || { echo "run.sh: app file not found: $app" >&2; exit 2; }
done

conf() { sed -n "s/^$1=//p" "$board/board.conf"; }
tools=$(dirname "$kernel")/../tools
[ -x "$tools/tick-image" ] || tools=build/tools
image=$(mktemp /tmp/tick-image.XXXXXX)
trap 'rm -f "$image"' EXIT INT TERM
if [ $# -eq 1 ] && [ "${1%.bin}" != "$1" ]; then
  cp "$1" "$image"
elif ! "$tools/tick-image" compose --board "$board" -o "$image" "$@"; then
  echo "run.sh: could not compose the app flash image (see above)" >&2
  exit 2
fi

qemu=$(conf qemu)
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
# shellcheck disable=SC2086
# board.conf's qemu_kernel_option says how QEMU takes the kernel ELF (default -bios; an
# M-profile board uses -kernel).
kernel_option=$(conf qemu_kernel_option)
set -- "${qemu:-qemu-system-riscv32}" $qemu_args "${kernel_option:--bios}" "$kernel" \
    -device loader,file="$image",addr="$app_flash",force-raw=on $extra
[ -z "$flash" ] || set -- "$@" -drive "if=pflash,unit=1,format=raw,file=$flash$flash_ro"
[ "$print_command" -eq 1 ] && echo "[run.sh: $*]"
if [ -n "$timeout_s" ] && [ "$timeout_s" != "0" ]; then
  # KILL: with -icount sleep=off an idle guest can make QEMU ignore SIGTERM.
  timeout -s KILL "$timeout_s" "$@"
  status=$?
  [ $status -eq 137 ] && { echo; echo "[run.sh: timeout after ${timeout_s}s]"; exit 124; }
  exit $status
fi
"$@"
exit $?
