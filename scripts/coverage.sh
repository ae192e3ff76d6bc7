#!/bin/sh
# Rebuilds the host unit tests with --coverage and checks line coverage of kernel/ and capsules/.
#
# usage: scripts/coverage.sh   (or `make coverage`)
# Output in build/coverage/: coverage.txt (per file), index.html (annotated sources).
# Fails when the line coverage is below the number in tests/unit/coverage-min.txt.
set -u
cd "$(dirname "$0")/.."
out=${BUILD:-build}/coverage
min=$(grep -v '^#' tests/unit/coverage-min.txt | tr -dc '0-9.')
command -v gcovr >/dev/null 2>&1 || { echo "coverage: gcovr is missing (make deps)" >&2; exit 2; }

rm -rf "$out"
# No sanitizers here: they only slow the run, and the sanitized run is `make test-unit`.
make --no-print-directory test-unit UNIT_OUT="$out" UNIT_SAN= UNIT_COVERAGE="--coverage -O0" \
    UNIT_LOG="$out/unit.log" ||
  echo "coverage: some unit tests failed; coverage is still measured" >&2

gcovr --root . --filter 'kernel/' --filter 'capsules/' \
    --txt "$out/coverage.txt" --html-details "$out/index.html" --print-summary \
    --fail-under-line "${min:-0}" "$out"
status=$?
cat "$out/coverage.txt"
[ $status -eq 0 ] || echo "coverage: kernel/ + capsules/ line coverage is below ${min}% (tests/unit/coverage-min.txt)" >&2
exit $status
