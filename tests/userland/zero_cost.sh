#!/bin/sh
# Zero-cost check of the layered userland (docs/userland.md): each app given builds twice, against
# layers 0-1 only (TICK_LAYERS=1: libtick.a) and against every layer (libtick-co.a,
# libtick-async.a, libtick.a), and its TBFs must be byte-identical. A control build (hello with
# layer 2 forced in by --require-defined=tick_run) must differ, and must fail without layers 2-3, so the check
# cannot pass because both builds were the same link.
# Usage: zero_cost.sh <build dir> <app dir>...   Prints PASS/FAIL lines.
build=$(cd "$1" && pwd); shift
out=$build/zero-cost
rm -rf "$out"

# make_app <app dir> <layers> <output dir> [extra make args]: 0 if it built.
make_app() {
  dir=$1; layers=$2; dest=$3; shift 3
  make --no-print-directory -C "$dir" BUILD="$build" APP_OUT="$dest" TICK_LAYERS="$layers" "$@" \
    >"$dest.log" 2>&1
}

for dir in "$@"; do
  name=$(basename "$dir")
  mkdir -p "$out/layers1" "$out/layers3"
  if ! make_app "$dir" 1 "$out/layers1/$name" || ! make_app "$dir" 3 "$out/layers3/$name"; then
    echo "FAIL zero_cost/$name (build failed, see $out/layers*/$name.log)"
    continue
  fi
  n=0; bad=""
  for tbf in "$out/layers1/$name"/*.tbf; do
    n=$((n + 1))
    cmp -s "$tbf" "$out/layers3/$name/$(basename "$tbf")" || bad="$bad $(basename "$tbf")"
  done
  if [ "$n" -eq 0 ]; then
    echo "FAIL zero_cost/$name (no TBF built)"
  elif [ -n "$bad" ]; then
    echo "FAIL zero_cost/$name (TBFs differ with layers 2-3 in the library:$bad)"
  else
    echo "PASS zero_cost/$name ($n TBFs byte-identical with and without layers 2-3)"
  fi
done

# Control: the same comparison notices an app that does pull layer 2 in.
hello=$(dirname "$0")/../../apps/hello
mkdir -p "$out/control1" "$out/control3"
if make_app "$hello" 1 "$out/control1/hello" APP_LDLIBS=-Wl,--require-defined=tick_run; then
  echo "FAIL zero_cost/control (an app needing tick_run linked without layers 2-3)"
elif ! make_app "$hello" 3 "$out/control3/hello" APP_LDLIBS=-Wl,--require-defined=tick_run ||
     ! make_app "$hello" 1 "$out/control1/hello"; then
  echo "FAIL zero_cost/control (control builds failed, see $out/control*/hello.log)"
elif cmp -s "$out/control1/hello/hello.tab" "$out/control3/hello/hello.tab"; then
  echo "FAIL zero_cost/control (pulling layer 2 in did not change the TAB: the check is blind)"
else
  echo "PASS zero_cost/control (layer 2 pulled in changes the bytes; without it the link fails)"
fi
