#!/bin/sh
# Writes the MEMORY block of a kernel linker script from the board's board.conf, the one source
# of its memory map (the board's layout.ld INCLUDEs the result; the host tools read board.conf).
#
# usage: gen-memory-ld.sh BOARD_DIR/board.conf OUT.ld
set -eu
conf=$1 out=$2
get() {
	v=$(sed -n "s/^$1=//p" "$conf")
	[ -n "$v" ] || { echo "gen-memory-ld: $conf has no $1= line" >&2; exit 1; }
	echo "$v"
}
kernel_flash_start=$(get kernel_flash_start) kernel_flash_size=$(get kernel_flash_size)
app_flash_start=$(get app_flash_start) app_flash_size=$(get app_flash_size)
ram_start=$(get ram_start) ram_size=$(get ram_size)
# Optional: flash for installed apps (a board without it has no store region).
store_start=$(sed -n "s/^store_flash_start=//p" "$conf") store_size=$(sed -n "s/^store_flash_size=//p" "$conf")
store=""
[ -z "$store_start" ] || store="	store (rx) : ORIGIN = $store_start, LENGTH = $store_size"
cat >"$out.tmp" <<EOT
/* Generated from $conf by scripts/gen-memory-ld.sh: edit board.conf, not this file. */
MEMORY
{
	rom  (rx)  : ORIGIN = $kernel_flash_start, LENGTH = $kernel_flash_size
	prog (rx)  : ORIGIN = $app_flash_start, LENGTH = $app_flash_size
	ram  (rwx) : ORIGIN = $ram_start, LENGTH = $ram_size
$store
}
EOT
mv "$out.tmp" "$out"
