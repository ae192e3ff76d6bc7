#!/bin/sh
# Changed flags rebuild what they affect and nothing else (flags_stamp, mk/common.mk): hello_min
# and the userland library it links are built into a scratch BUILD, then again with the same
# flags (nothing may be rebuilt), with an extra app compile flag (its object, ELF and TBF only),
# a link setting (the ELF only, not the object) and a layer 3 library flag (layer 3's objects
# only, not layers 1-2 nor the app's object).
# usage: test_flag_rebuild.sh LOG SCRATCH_BUILD_DIR TICK_PACK   Appends PASS/FAIL lines to LOG.
log=$1; build=$2; pack=$3
rm -rf "$build" && mkdir -p "$build" && build=$(cd "$build" && pwd) || exit 1
out=$build/hello_min
lib=$build/userland/rv32imac
obj=$out/obj/main.o
elf=$out/rv32imac.0x80100080.0x80300000.elf
tbf=$out/rv32imac.0x80100080.0x80300000.tbf
mark=$build/mark

# step NAME [make variables]: builds hello_min after a fresh mark; FAIL and 1 if it did not build.
step() {
  name=$1; shift
  touch "$mark"
  make --no-print-directory -C apps/hello_min BUILD="$build" APP_OUT="$out" ARCH=rv32 \
      TICK_PACK="$pack" "$@" >> "$build/make.log" 2>&1 && return 0
  echo "FAIL flag-rebuild/$name (build failed, see $build/make.log)" >> "$log"; return 1
}
# rebuilt FILE...: every FILE was written by the last step. same FILE...: none was.
rebuilt() { for f in "$@"; do [ "$f" -nt "$mark" ] || { why="$f not rebuilt"; return 1; }; done; }
same()    { for f in "$@"; do [ "$f" -nt "$mark" ] && { why="$f rebuilt"; return 1; }; done; return 0; }
# nothing: no file of the scratch build was written by the last step (its log aside).
nothing() {
  f=$(find "$build" -type f -newer "$mark" ! -name make.log | head -1)
  [ -z "$f" ] || { why="$f rebuilt"; return 1; }
}
result() {
  if "$@"; then echo "PASS flag-rebuild/$name" >> "$log"; else echo "FAIL flag-rebuild/$name ($why)" >> "$log"; fi
}

step build || exit 1
lib_base=$(ls "$lib"/*.o | grep -v crt0.o | head -1)
lib_async=$(ls "$lib"/async/*.o | head -1)
lib_co=$(ls "$lib"/co/*.o | head -1)
[ -f "$obj" ] && [ -f "$lib_base" ] && [ -f "$lib_async" ] && [ -f "$lib_co" ] || {
  echo "FAIL flag-rebuild/build (objects missing in $build)" >> "$log"; exit 1; }

step unchanged-flags-rebuild-nothing && result nothing
step app-cflag-rebuilds-app APP_CFLAGS=-DTICK_FLAGS_TEST && \
  result eval 'rebuilt "$obj" "$elf" "$tbf" && same "$lib_base" "$lib_async" "$lib_co"'
step same-app-cflag-rebuilds-nothing APP_CFLAGS=-DTICK_FLAGS_TEST && result nothing
step app-cflag-removed-rebuilds-app && result rebuilt "$obj" "$elf"
step link-setting-relinks-only STACK_SIZE=768 && result eval 'rebuilt "$elf" "$tbf" && same "$obj"'
step same-link-setting-rebuilds-nothing STACK_SIZE=768 && result nothing
# A layer's flags (as a changed arch.mk would give): that layer's objects, and the app relinks.
step layer-flag-rebuilds-that-layer STACK_SIZE=768 TICK_LAYER_FLAGS_co=-DTICK_FLAGS_TEST && \
  result eval 'rebuilt "$lib_co" "$elf" && same "$lib_base" "$lib_async" "$obj"'
step same-layer-flag-rebuilds-nothing STACK_SIZE=768 TICK_LAYER_FLAGS_co=-DTICK_FLAGS_TEST && \
  result nothing

# An app outside the Tick tree (userland/template), built against this checkout.
name=out-of-tree-app-rebuilds
outside=$build/outside
cp -r userland/template "$outside" || exit 1
tree() {
  touch "$mark"
  make --no-print-directory -C "$outside" TICK_ROOT="$(pwd)" BUILD="$build" TICK_PACK="$pack" "$@" \
      >> "$build/make.log" 2>&1 || { why="build failed, see $build/make.log"; return 1; }
}
result eval 'tree && tree APP_CFLAGS=-DTICK_FLAGS_TEST && rebuilt "$outside/build/obj/main.o" && tree APP_CFLAGS=-DTICK_FLAGS_TEST && nothing'
