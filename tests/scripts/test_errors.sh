#!/bin/sh
# Tests that each tool and make target answers a newcomer's usual mistakes - a missing file, a
# wrong board name, an ELF for the wrong architecture, a tool that is not installed - with one
# line that says what is wrong and what to do, and a failing exit status.
# usage: test_errors.sh LOG   (from the repository root, after make)
log=$1
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
hello=build/apps/hello/hello.tab
kernel=build/qemu_rv32_virt/kernel.elf

# expect NAME PATTERN CMD...: CMD fails and one line of its output matches PATTERN (grep -E)
expect() {
  name=$1 pat=$2; shift 2
  "$@" > "$out" 2>&1 </dev/null
  status=$?
  if [ $status -ne 0 ] && [ "$(grep -cE -- "$pat" "$out")" -eq 1 ]; then
    echo "PASS errors/$name" >> "$log"
  else
    echo "FAIL errors/$name" >> "$log"
    { echo "errors/$name: exit $status, wanted one line matching /$pat/ from: $*"; cat "$out"; } >&2
  fi
}

# An x86-64 program from the host compiler, the usual wrong-architecture ELF.
echo 'int main(void) { return 0; }' | ${HOST_CC:-cc} -x c - -o "$tmp/host.elf"
# PATH without QEMU: the folders that hold it are replaced by copies (links) without it.
qemu=$(sed -n 's/^qemu=//p' boards/qemu_rv32_virt/board.conf)
nopath=""
IFS_SAVE=$IFS; IFS=:
for d in $PATH; do
  if [ -x "$d/$qemu" ]; then
    shadow=$tmp/path$(printf '%s' "$d" | tr '/' '_')
    mkdir -p "$shadow"
    for f in "$d"/*; do [ "${f##*/}" = "$qemu" ] || ln -s "$f" "$shadow/" 2>/dev/null; done
    d=$shadow
  fi
  nopath=${nopath:+$nopath:}$d
done
IFS=$IFS_SAVE

expect make-run-unknown-board "no board 'nope' \(boards: .*qemu_rv32_virt.*; choose one with BOARD=NAME\)" \
  make --no-print-directory run BOARD=nope
expect make-run-missing-app "app file not found: missing\.tbf \(give the path of a \.tbf or \.tab; make apps builds ours" \
  make --no-print-directory run APPS=missing.tbf TIMEOUT=5
expect make-run-elf-instead-of-tbf "is an ELF file, not a TBF or TAB: pack it with tick-pack first" \
  make --no-print-directory run APPS="$tmp/host.elf" TIMEOUT=5
expect make-kernel-without-cross-compiler "^nope-gcc not found: run make deps" \
  make --no-print-directory kernel ARCH_CROSS=nope- BUILD="$tmp/build"
expect make-debug-without-gdb "gdb-nope not found: run make deps \(Debian package gdb-multiarch\)" \
  env GDB=gdb-nope make --no-print-directory debug APPS=$hello
expect run-without-qemu "^run\.sh: $qemu not found: run make deps$" \
  env PATH="$nopath" scripts/run.sh --kernel $kernel --board boards/qemu_rv32_virt --timeout 5 -- $hello
expect run-kernel-for-another-arch "is an ELF for x86-64, but board qemu_rv32_virt runs RISC-V: build its kernel with make kernel BOARD=qemu_rv32_virt" \
  scripts/run.sh --kernel "$tmp/host.elf" --board boards/qemu_rv32_virt -- $hello
expect run-kernel-not-an-elf "README\.md is not an ELF file: give the kernel\.elf that make kernel builds" \
  scripts/run.sh --kernel README.md --board boards/qemu_rv32_virt -- $hello
expect run-missing-kernel "kernel ELF not found: 'nope\.elf' \(run make first\)" \
  scripts/run.sh --kernel nope.elf --board boards/qemu_rv32_virt -- $hello
expect run-unknown-board-folder "board folder without board\.conf: 'boards/nope' \(boards are boards/NAME\)" \
  scripts/run.sh --kernel $kernel --board boards/nope -- $hello
expect tick-pack-x86-elf "a 64-bit ELF for x86-64 \(a host program\?\), not a Tick app: apps are 32-bit RISC-V or Arm, built with the board's cross compiler" \
  build/tools/tick-pack -o "$tmp/x.tbf" "$tmp/host.elf"
expect tick-pack-missing-file "cannot read nope\.elf: No such file or directory" \
  build/tools/tick-pack -o "$tmp/x.tbf" nope.elf
expect tick-inspect-elf "is an ELF file, not a TBF: pack it with tick-pack first" \
  build/tools/tick-inspect "$tmp/host.elf"
expect tick-image-unknown-board "cannot read board memory map boards/nope.*\(is --board a board folder\?\)" \
  build/tools/tick-image compose --board boards/nope -o "$tmp/x.bin" $hello
expect symbols-of-an-x86-elf "is not a 32-bit little-endian ELF \(is it for another architecture\?\)" \
  python3 scripts/tick_syms.py add-symbol-file "$tmp/host.elf" 0x80100080
expect make-load-on-a-board-without-store "make load: board qemu_mps2_an386 has no app store or management channel \(the store is rv32 only\): make load BOARD=qemu_rv32_virt" \
  make --no-print-directory load BOARD=qemu_mps2_an386 APP=hello
expect make-load-without-app "make load: say which app: make load APP=apps/hello" \
  make --no-print-directory load
expect tick-load-unknown-command "tick-load: error: unknown command 'bogus': give install, update, remove, list, info or slot" \
  build/tools/tick-load bogus
expect tick-image-not-an-app "README\.md is not a TBF or TAB .*: give the \.tab or \.tbf that an app's make writes" \
  build/tools/tick-image compose --board boards/qemu_rv32_virt -o "$tmp/x.bin" README.md
expect make-run-rv32-tab-on-arm "no TBF for the board's arch cortex-m4 in this TAB .*: give the app's build for cortex-m4" \
  make --no-print-directory run BOARD=qemu_mps2_an386 APPS=$hello TIMEOUT=5
expect test-qemu-unknown-scenario "no scenario matches: nope \(tests/harness/treadmill\.py --list shows them\)" \
  python3 tests/harness/treadmill.py nope
