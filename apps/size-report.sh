#!/bin/sh
# Writes the per-app size table (text/data/bss of each app's first-slot ELF) to stdout.
# Usage: size-report.sh <size tool> <build/apps folder> <app name>...
size=$1; dir=$2; shift 2
printf '%-20s %7s %6s %6s\n' app text data bss
for name in "$@"; do
  elf=$dir/$name/rv32imac.0x80100080.0x80300000.elf
  [ -f "$elf" ] || continue
  "$size" -B "$elf" | awk -v n="$name" 'NR == 2 { printf "%-20s %7d %6d %6d\n", n, $1, $2, $3 }'
done
