#!/bin/sh
# Refuses a position-independent app ELF (linked with --emit-relocs) whose flash holds an
# absolute address: such a word is right only where the app was linked, not where it runs
# (crt0 fixes up the GOT and .rel.data in RAM, never flash). The usual cause is a library
# member built without -fPIC that reaches a global; userland/src/cortex-m/libc_pic.c replaces
# the ones Tick's apps use.
#
# usage: check-pic.sh READELF APP.elf
set -eu
readelf=$1 elf=$2
bad=$("$readelf" -rW "$elf" | awk '
  /^Relocation section/ { sec = $3; gsub(/'"'"'/, "", sec); next }
  sec ~ /^\.rel\.(text|rodata|crt0_header|start)/ && ($3 == "R_ARM_ABS32" || $3 == "R_ARM_TARGET1") { print sec ": " $0 }')
if [ -n "$bad" ]; then
  echo "check-pic: $elf has absolute addresses in flash (not position independent):" >&2
  echo "$bad" | head -20 >&2
  exit 1
fi
