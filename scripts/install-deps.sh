#!/bin/sh
# Installs the Debian packages Tick needs, only those missing. Uses sudo when not root.
#
# usage: install-deps.sh [PACKAGE...]   the packages below plus any given (make deps passes the
#                                       board's ARCH_DEBS and BOARD_DEBS)
set -e
pkgs="gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf qemu-system-misc libcmocka-dev libmbedtls-dev clang gcovr gnuplot-nox python3 make gdb-multiarch"
# Proofs (make verify, docs/verification.md): Frama-C/WP and the SMT solvers Why3 drives.
pkgs="$pkgs frama-c-base why3 z3 cvc4"
missing=""
for p in $pkgs "$@"; do
  case " $missing " in *" $p "*) continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "Installing:$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
