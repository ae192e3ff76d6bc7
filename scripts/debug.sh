#!/bin/sh
# Runs gdb-multiarch on a QEMU command line (from scripts/run.sh --gdb): QEMU starts halted under
# gdb's control, with the kernel's symbols and every app's symbols loaded where the app runs.
#
# usage: debug.sh --dir DIR --kernel KERNEL.elf --board BOARD_DIR [--map IMAGE.map] -- QEMU...
# The console (QEMU's serial port) goes to DIR/console.log and to the socket DIR/console.sock
# (type into it with scripts/console.py DIR/console.sock); when stdout is a terminal the log is
# also shown there. gdb's own commands come from DIR/gdbinit (written here), then from
# arch/<arch>/tick.gdb (the board.mk's ARCH) and then GDB_ARGS (shell words: e.g.
# "-batch -x session.gdb" for a scripted session, or "-batch -ex 'break main' -ex bt"). GDB (default gdb-multiarch) picks the gdb.
# LOAD_SYMBOLS names gdb commands to source too (tick-load's load-symbols.gdb: apps installed
# at run time).
# Exit status: gdb's, 2 on bad input.
set -u
dir=""; kernel=""; board=""; map=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --kernel) kernel=$2; shift 2 ;;
    --board) board=$2; shift 2 ;;
    --map) map=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "debug.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
gdb=${GDB:-gdb-multiarch}
command -v "$gdb" >/dev/null 2>&1 || { echo "debug.sh: $gdb not found: run make deps (Debian package gdb-multiarch)" >&2; exit 2; }
[ -n "$dir" ] && [ -n "$kernel" ] && [ $# -gt 0 ] || { echo "debug.sh: usage: debug.sh --dir DIR --kernel ELF --board DIR [--map MAP] -- QEMU..." >&2; exit 2; }
mkdir -p "$dir" || exit 2
rm -f "$dir/console.log" "$dir/console.sock" "$dir/qemu.pid"

# QEMU's stdio is gdb's remote protocol pipe, so the console moves to a socket with a log.
qemu=$1; shift
for arg in "$@"; do
  shift
  [ "$arg" = "-nographic" ] && set -- "$@" -display none -monitor none || set -- "$@" "$arg"
done
set -- "$qemu" "$@" -chardev "socket,id=tickcon,path=$dir/console.sock,server=on,wait=off,logfile=$dir/console.log" \
    -serial chardev:tickcon -pidfile "$dir/qemu.pid" -gdb stdio -S

arch=$(sed -n 's/^ARCH *:= *//p' "$board/board.mk" 2>/dev/null)
helpers=""
[ -n "$arch" ] && [ -f "arch/$arch/tick.gdb" ] && helpers="arch/$arch/tick.gdb"
python3 "$(dirname "$0")/tick_syms.py" gdbinit --kernel "$kernel" ${map:+--map "$map"} \
    ${helpers:+--arch-gdb "$helpers"} -- "$@" > "$dir/gdbinit" || exit 2
# Apps installed at run time with tick-load (make load): their symbols, kept by tick-load
# beside the management socket (LOAD_SYMBOLS, set by make debug).
if [ -n "${LOAD_SYMBOLS:-}" ] && [ -s "$LOAD_SYMBOLS" ]; then
  echo "source $LOAD_SYMBOLS" >> "$dir/gdbinit"
fi
cat >> "$dir/gdbinit" <<EOF
echo [make debug] QEMU is halted at reset. Try: break main, continue, next, bt, tick-ps.\\n
echo [make debug] Console: $dir/console.log; type into it with scripts/console.py $dir/console.sock\\n
EOF

tail_pid=""
if [ -t 1 ]; then
  tail -F -s 0.2 -n +1 "$dir/console.log" 2>/dev/null &
  tail_pid=$!
fi
# GDB_ARGS is split as the shell splits a command line, so quoted words stay whole (the
# user's own command line, as make debug GDB_ARGS=... passes it).
eval "set -- ${GDB_ARGS:-}" || { echo "debug.sh: GDB_ARGS is not a valid list of words: ${GDB_ARGS:-}" >&2; exit 2; }
"$gdb" -q -nx -x "$dir/gdbinit" "$@"
status=$?
# gdb ends QEMU when it quits; a QEMU left running (gdb killed) is stopped by its own pid.
if [ -s "$dir/qemu.pid" ]; then
  pid=$(cat "$dir/qemu.pid")
  kill -0 "$pid" 2>/dev/null && kill "$pid" 2>/dev/null
fi
[ -n "$tail_pid" ] && sleep 0.5 && kill "$tail_pid" 2>/dev/null
exit $status
