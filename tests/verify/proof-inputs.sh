#!/bin/sh
# Prints one SHA-256 over everything the proofs depend on: the harnesses and every header
# and source they include (as the preprocessor finds them), the scripts that run the proofs and
# the seeded bugs, and verify.mk's settings and recipes up to the proofs' suite (sets,
# functions, options, timeouts). The key of tests/verify/proven.txt (see verify.mk).
set -e
cd "$(dirname "$0")/../.."
deps=$(for h in tests/verify/isolation.c tests/verify/parsers.c tests/verify/mpu.c tests/verify/sha.c; do
	cc -M -std=c11 -I. -Iinclude -Ikernel/include -Iarch/rv32/include "$h"
done | tr ' \\' '\n\n' | grep -v ':$' | grep -v '^/' | grep . )
{
	{ printf '%s\n' $deps; ls tests/verify/run-proofs.sh tests/verify/mutants.sh; } | sort -u |
	while read -r f; do
		printf '%s  %s\n' "$(sha256sum < "$f" | cut -d' ' -f1)" "$f"
	done
	sed -n '1,/^# The suite: the proofs/p' tests/verify/verify.mk
} | sha256sum | cut -d' ' -f1
