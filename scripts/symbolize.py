#!/usr/bin/env python3
"""Console filter of scripts/run.sh: passes QEMU's output through unchanged, byte for byte and
at once (prompts without a newline too), and adds a line with function, file and line after
the addresses of a fault report or a kernel panic:

  ---| process 'debug_target' faulted |---
   cause: store access fault (mcause 7), pc 0x80100190, address/value 0x80200000
   ...
   ram    0x80300000-0x803009b0  2480 bytes
     ...
     grants 0x803007f0-0x803009b0  (448 bytes incl. upcall queue)
   [symbols] pc 0x80100190 apps/tests/debug_target/main.c:12 in write_flash()
   [symbols] ra 0x8010014e apps/tests/debug_target/main.c:29 in main()

The kernel prints addresses only (it has no symbols); this adds what the host knows. An app's
ELF is found through the image map (tick-image compose --map; the ELF lies next to its TBF)
or named with --elf NAME=PATH; its load offset comes from the report itself (the binary start,
"header+trailer to ..."), so apps placed anywhere (relocatable, installed at run time) are
symbolized too. Kernel panics with a pc are looked up in the kernel's ELF.

usage: symbolize.py [--kernel KERNEL.elf] [--map IMAGE.map] [--elf NAME=APP.elf]...
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tick_syms  # noqa: E402

FAULT = re.compile(rb"---\| process '(.*)' faulted \|---")
CAUSE = re.compile(rb"^ cause: .*\bpc 0x([0-9a-f]{8})")
RA = re.compile(rb"\b(ra|lr)=0x([0-9a-f]{8})")   # the return address: RISC-V ra, Arm lr
FLASH = re.compile(rb"^ flash +0x([0-9a-f]{8})-0x[0-9a-f]{8} +header\+trailer to 0x([0-9a-f]{8})")
RAM = re.compile(rb"^ ram +0x([0-9a-f]{8})-")
GRANTS = re.compile(rb"^ +grants 0x")   # the memory map's last line
PANIC = re.compile(rb"KERNEL PANIC: .*\bpc 0x([0-9a-f]{8})")
MAX_LINE = 4096   # longer "lines" (binary noise) are passed through but not parsed


class Symbolizer:
    """Follows the console line by line and says what to add after each line."""

    def __init__(self, kernel=None, map_path=None, extra=None):
        self.kernel = None
        if kernel:
            try:
                self.kernel = tick_syms.Elf(kernel)
            except tick_syms.ElfError:
                pass
        self.apps = []            # (name, tbf_start or None, Elf)
        try:
            for p in tick_syms.load_apps(map_path, extra or {}):
                self.apps.append((p.name, getattr(p, "tbf_start", None), p.elf))
        except (OSError, tick_syms.ElfError, ValueError):
            pass
        self.report = None

    def _elf_for(self, name, flash_start):
        by_addr = [e for (n, t, e) in self.apps if t == flash_start]
        by_name = [e for (n, t, e) in self.apps if n == name]
        return (by_addr or by_name or [None])[0]

    def line(self, raw):
        """Takes one complete line (without its newline); returns the bytes to add after it."""
        line = raw.rstrip(b"\r")
        m = FAULT.search(line)
        if m:
            self.report = {"name": m.group(1).decode("utf-8", "replace")}
            return b""
        m = PANIC.search(line)
        if m and self.kernel:
            pc = int(m.group(1), 16)
            return self._lines(self.kernel, [("pc", pc, pc)])
        r = self.report
        if r is None:
            return b""
        m = CAUSE.search(line)
        if m:
            r["pc"] = int(m.group(1), 16)
        m = RA.search(line)
        if m and "ra" not in r:
            r["ra_name"], r["ra"] = m.group(1).decode(), int(m.group(2), 16) & ~1   # Thumb bit

        m = FLASH.search(line)
        if m:
            r["flash"], r["app"] = int(m.group(1), 16), int(m.group(2), 16)
        m = RAM.search(line)
        if m:
            r["ram"] = int(m.group(1), 16)
        if not GRANTS.search(line):
            return b""
        self.report = None
        elf = self._elf_for(r["name"], r.get("flash"))
        if elf is None or "pc" not in r or "app" not in r:
            return b""
        placed = tick_syms.place(elf, r["app"], r.get("ram"))
        want = [("pc", r["pc"], placed.to_link(r["pc"]))]
        if "ra" in r:
            # a return address is after the call: its line is the call's (like gdb's bt)
            want.append((r["ra_name"], r["ra"], placed.to_link(r["ra"] - 1)))
        return self._lines(elf, want)

    @staticmethod
    def _lines(elf, want):
        found = tick_syms.describe(elf, [link for (_, _, link) in want])
        out = b""
        for (what, addr, _), where in zip(want, found):
            if where:
                out += f" [symbols] {what} 0x{addr:08x} {where}\n".encode()
        return out


def write_all(data):
    view = memoryview(data)
    while view:
        n = os.write(1, view)
        view = view[n:]


def main(argv):
    kernel = map_path = None
    extra = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a in ("-h", "--help"):
            print(__doc__)
            return 0
        if a in ("--kernel", "--map", "--elf") and i + 1 < len(argv):
            if a == "--kernel":
                kernel = argv[i + 1]
            elif a == "--map":
                map_path = argv[i + 1]
            else:
                extra.append(argv[i + 1])
            i += 2
            continue
        print(f"symbolize.py: unknown argument '{a}' (see --help)", file=sys.stderr)
        return 2
    sym = Symbolizer(kernel, map_path, tick_syms.parse_extra(extra))
    pending = b""     # the start of the current line, already written
    try:
        while True:
            data = os.read(0, 65536)
            if not data:
                break
            out = bytearray()
            start = 0
            while True:
                nl = data.find(b"\n", start)
                if nl < 0:
                    break
                out += data[start:nl + 1]
                line = pending + data[start:nl]
                pending = b""
                if len(line) <= MAX_LINE:
                    out += sym.line(line)
                start = nl + 1
            out += data[start:]
            pending = (pending + data[start:])[-(MAX_LINE + 1):]
            write_all(out)
    except BrokenPipeError:
        pass
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
