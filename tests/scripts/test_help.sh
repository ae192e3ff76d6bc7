#!/bin/sh
# Tests make help against the makefiles, both ways: every target it names is a rule, every
# variable it names is used by a makefile, and every .PHONY target is named (or listed in
# HELP_INTERNAL, mk/help.mk); the README's quick start points to it; and a newcomer is told
# how to reach the kernel shell and quit QEMU by make run (and by the kernel, before its
# first prompt).
# usage: test_help.sh LOG
log=$1
out=$(mktemp); trap 'rm -f "$out"' EXIT
result() { if [ "$2" -eq 0 ]; then echo "PASS help/$1" >> "$log"; else echo "FAIL help/$1" >> "$log"; cat "$out" >&2; fi; }
makefiles="Makefile mk/*.mk */*.mk */*/*.mk userland/app.mk"

make -s --no-print-directory help > "$out.help" 2>&1
db=$(make -pq 2>/dev/null)
rules=$(printf '%s\n' "$db" | sed -n 's/^\([a-zA-Z0-9_./-][a-zA-Z0-9_./-]*\):.*/\1/p' | sort -u)
targets=$(sed -n '/^Targets/,/^Variables/p' "$out.help" | sed -n 's/^  \([a-z][a-z0-9/._-]*\) .*/\1/p' |
          sed 's|NAME$|hello|' | tr '\n' ' ')
vars=$(sed -n '/^Variables/,$p' "$out.help" | sed -n 's/^  \([A-Z][A-Z0-9_]*\)=.*/\1/p')

: > "$out"
for t in $targets; do
  printf '%s\n' "$rules" | grep -qx -- "$t" || echo "make help names target '$t', but no makefile has a rule for it" >> "$out"
done
[ -n "$targets" ] && [ ! -s "$out" ]
result every-named-target-exists $?

: > "$out"
for v in $vars; do
  # shellcheck disable=SC2086
  grep -qF "\$($v" $makefiles 2>/dev/null || echo "make help names variable '$v', but no makefile uses \$($v)" >> "$out"
done
[ -n "$vars" ] && [ ! -s "$out" ]
result every-named-variable-is-used $?

: > "$out"
internal=$(printf '%s\n' "$db" | sed -n 's/^HELP_INTERNAL := //p')
for t in $(printf '%s\n' "$db" | sed -n 's/^\.PHONY: //p'); do
  case "$t" in app-*) continue ;; esac
  case " $targets $internal " in *" $t "*) ;; *) echo "target '$t' is missing from make help (mk/help.mk)" >> "$out" ;; esac
done
[ ! -s "$out" ]
result every-phony-target-is-named $?

: > "$out"
for v in APPS TIMEOUT QEMU_ARGS BOARD APP_SIGNING_KEY FLASH TEST_DRIVERS SCENARIOS QEMU_JOBS GDB_ARGS; do
  printf '%s\n' "$vars" | grep -qx "$v" || echo "make help does not name $v" >> "$out"
done
[ ! -s "$out" ]
result names-the-common-variables $?

sed -n '1,/^## Running your own apps/p' README.md | grep -q 'make help'
result readme-quick-start-points-to-make-help $?

# The newcomer line: make run prints it before QEMU starts; the kernel before its first prompt.
hint='Kernel shell: Ctrl-P, then a command (try help). Quit QEMU: Ctrl-A X'
timeout -s KILL 120 make -s --no-print-directory run APPS=build/apps/hello/hello.tab TIMEOUT=20 > "$out" 2>&1 </dev/null
first=$(grep -nxF "$hint" "$out" | head -1 | cut -d: -f1)
banner=$(grep -n 'Tick kernel' "$out" | head -1 | cut -d: -f1)
[ -n "$first" ] && [ -n "$banner" ] && [ "$first" -lt "$banner" ] && [ "$(grep -cxF "$hint" "$out")" -eq 2 ]
result make-run-and-kernel-say-how-to-reach-the-shell $?
rm -f "$out.help"
