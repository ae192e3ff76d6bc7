#!/bin/sh
# Checks app sizes against apps/size-budgets.txt; prints PASS/FAIL lines (one per budget).
# Usage: check-sizes.sh <size tool> <build/apps folder> <budget file>
size=$1; dir=$2; budgets=$3
grep -v '^#' "$budgets" | while read -r app field budget; do
  [ -n "$app" ] || continue
  elf=$dir/$app/rv32imac.0x80100080.0x80300000.elf
  if [ ! -f "$elf" ]; then
    echo "FAIL app_size/$app/$field (not built: $elf)"
    continue
  fi
  value=$("$size" -B "$elf" |
    awk -v f="$field" 'NR == 2 { print (f == "text" ? $1 : f == "data" ? $2 : $3) }')
  if [ "$value" -le "$budget" ]; then
    echo "PASS app_size/$app/$field ($value <= $budget bytes)"
  else
    echo "FAIL app_size/$app/$field ($value > budget $budget bytes)"
  fi
done
exit 0
