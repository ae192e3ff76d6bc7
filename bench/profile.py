#!/usr/bin/env python3
"""Where do a system call's instructions go? Boots apps with QEMU's per-instruction exec
trace (-singlestep -d exec,nochain), splits the trace into kernel excursions (runs of kernel
PCs between two app PCs) and prints, for the excursions that start from a chosen app
function, the instruction count per kernel function.

usage: bench/profile.py --kernel K.elf --board DIR --app APP.elf[,APP2.elf] [--from FUNC]
                        [--to FUNC | --to-other] [--after KFUNC] [--listing] -- APP.tbf...
Without --from: where the instructions before the first app instruction (boot) go.
example (null command):
  bench/profile.py --kernel build/qemu_rv32_virt/kernel.elf --board boards/qemu_rv32_virt \\
      --app build/bench/apps/syscalls/syscalls.elf --from batch_command \\
      -- build/bench/apps/syscalls/syscalls.tbf
"""
import argparse
import bisect
import collections
import os
import re
import subprocess
import sys
import tempfile

CROSS = os.environ.get("CROSS", "riscv64-unknown-elf-")


def symbols(elf):
    out = subprocess.run([CROSS + "nm", "-n", "-S", elf], stdout=subprocess.PIPE,
                         check=True).stdout.decode()
    syms = []
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[2] in "tTwW":
            syms.append((int(f[0], 16), int(f[1], 16), f[3]))
        elif len(f) == 3 and f[1] in "tT":
            syms.append((int(f[0], 16), 0, f[2]))
    syms.sort()
    return syms


class Symtab:
    def __init__(self, elfs):
        self.syms = sorted(s for e in elfs for s in symbols(e))
        self.addrs = [s[0] for s in self.syms]

    def name(self, pc):
        i = bisect.bisect_right(self.addrs, pc) - 1
        if i < 0:
            return "?"
        return self.syms[i][2]


def trace(kernel, board, tbfs, log):
    cmd = ["scripts/run.sh", "--kernel", kernel, "--board", board, "--icount", "--timeout", "120",
           "--qemu-arg", "-d exec,nochain -D %s -singlestep" % log, "--"] + tbfs
    subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
    pat = re.compile(rb"^Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
    pcs = []
    with open(log, "rb") as f:
        for line in f:
            m = pat.match(line)
            if m:
                pcs.append(int(m.group(1), 16))
    return pcs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--board", required=True)
    ap.add_argument("--app", required=True, help="app ELF(s), comma-separated")
    ap.add_argument("--from", dest="func", default="",
                    help="app function whose system calls / interrupted PCs start the excursions")
    ap.add_argument("--to", dest="to", help="only excursions that end in this app function")
    ap.add_argument("--to-other", action="store_true",
                    help="only excursions that end in another app (a process switch)")
    ap.add_argument("--after", help="count only the instructions after the last one in this "
                    "kernel function (e.g. arch_wait_for_interrupt: the part after the wake-up)")
    ap.add_argument("--listing", action="store_true", help="print every PC of one excursion")
    ap.add_argument("--kernel-end", type=lambda x: int(x, 0), default=0x80100000)
    ap.add_argument("tbfs", nargs="+")
    a = ap.parse_args()
    apps = a.app.split(",")
    st = Symtab([a.kernel] + apps)
    with tempfile.TemporaryDirectory() as tmp:
        pcs = trace(a.kernel, a.board, a.tbfs, os.path.join(tmp, "trace.log"))
    in_kernel = lambda pc: pc < a.kernel_end
    if not a.func:   # boot: everything before the first app instruction
        first = next(k for k, pc in enumerate(pcs) if not in_kernel(pc))
        per = collections.Counter(st.name(pc) for pc in pcs[:first])
        print("boot: %d instructions before the first app instruction (0x%08x)"
              % (first, pcs[first]))
        for n, c in per.most_common(25):
            print("  %6d  %s" % (c, n))
        return
    runs = []   # (app pc before, [kernel pcs], app pc after)
    i = 0
    while i < len(pcs):
        if not in_kernel(pcs[i]) and i + 1 < len(pcs) and in_kernel(pcs[i + 1]):
            j = i + 1
            while j < len(pcs) and in_kernel(pcs[j]):
                j += 1
            runs.append((pcs[i], pcs[i + 1:j], pcs[j] if j < len(pcs) else None))
            i = j
        else:
            i += 1
    chosen = [r for r in runs if st.name(r[0]) == a.func and r[2] is not None]
    if a.to:
        chosen = [r for r in chosen if st.name(r[2]) == a.to]
    if a.to_other:
        chosen = [r for r in chosen if (r[0] >> 16) != (r[2] >> 16)]
    if a.after:
        cut = []
        for r in chosen:
            idx = [k for k, pc in enumerate(r[1]) if st.name(pc) == a.after]
            if idx:
                cut.append((r[0], r[1][idx[-1] + 1:], r[2]))
        chosen = cut
    if not chosen:
        sys.exit("no kernel excursion starts from %s" % a.func)
    lengths = sorted(len(r[1]) for r in chosen)
    median = lengths[len(lengths) // 2]
    run = next(r for r in chosen if len(r[1]) == median)
    print("%d excursions from %s; kernel instructions min %d median %d max %d"
          % (len(chosen), a.func, lengths[0], median, lengths[-1]))
    print("median excursion: from 0x%08x (%s) to 0x%08x (%s), %d kernel instructions"
          % (run[0], st.name(run[0]), run[2] or 0, st.name(run[2]) if run[2] else "-",
             len(run[1])))
    per = collections.OrderedDict()
    for pc in run[1]:
        n = st.name(pc)
        per[n] = per.get(n, 0) + 1
    for n, c in sorted(per.items(), key=lambda kv: -kv[1]):
        print("  %5d  %s" % (c, n))
    if a.listing:
        prev = None
        for pc in run[1]:
            n = st.name(pc)
            if n != prev:
                print("-- %s" % n)
                prev = n
            print("   0x%08x" % pc)


if __name__ == "__main__":
    main()
