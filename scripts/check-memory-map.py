#!/usr/bin/env python3
"""Checks a kernel build against its board's memory map (board.conf, the one source).

usage: check-memory-map.py --board BOARD_DIR --memory-ld MEMORY.ld --kernel KERNEL.elf [--log LOG]

Prints one PASS/FAIL line per check (memory-map/<board>/<check>) and appends them to LOG:
  memory-ld-matches-board-conf  the generated MEMORY block says what board.conf says
  sections-inside-map           every allocated section of the kernel ELF lies in kernel flash or
                                RAM, and everything it loads comes from kernel flash
  entry-at-reset-address        the ELF entry and _start are the start of kernel flash, where
                                QEMU's -bios starts (a static C function named start would land
                                in .text.start, which layout.ld places there)
  app-region-symbols            _sapps/_eapps are the app flash and _eappmem the end of RAM
                                (what the kernel hands to apps is what the tools lay out), and
                                _sstore/_estore the store flash when the board has one
Exit status 1 when a check fails, 2 on unreadable input.
"""
import argparse
import re
import struct
import sys
from pathlib import Path

SHF_ALLOC = 0x2
PT_LOAD = 1
SHT_SYMTAB = 2
# Linker-script region name -> board.conf key prefix. The store (flash for installed apps) is
# optional: only boards with such a flash have it.
REGIONS = {"rom": "kernel_flash", "prog": "app_flash", "ram": "ram", "store": "store_flash"}
OPTIONAL = {"store_flash"}


def read_conf(path):
    conf = {}
    for line in Path(path).read_text().splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        key, val = line.split("=", 1)
        conf[key.strip()] = val.strip()
    return conf


def board_regions(conf):
    """{'kernel_flash': (start, size), ...} from board.conf."""
    out = {}
    for prefix in REGIONS.values():
        if prefix in OPTIONAL and prefix + "_start" not in conf:
            continue
        out[prefix] = (int(conf[prefix + "_start"], 0), int(conf[prefix + "_size"], 0))
    return out


def ld_regions(path):
    """{'kernel_flash': (start, size), ...} from a MEMORY block."""
    out = {}
    pat = re.compile(r"^\s*(\w+)\s*\([a-z]*\)\s*:\s*ORIGIN\s*=\s*(\w+)\s*,\s*LENGTH\s*=\s*(\w+)")
    for line in Path(path).read_text().splitlines():
        m = pat.match(line)
        if m and m.group(1) in REGIONS:
            out[REGIONS[m.group(1)]] = (int(m.group(2), 0), int(m.group(3), 0))
    return out


class Elf32:
    """The few parts of a little-endian ELF32 file this check needs."""

    def __init__(self, path):
        b = Path(path).read_bytes()
        if b[:4] != b"\x7fELF" or b[4] != 1 or b[5] != 1:
            raise ValueError("%s is not a little-endian ELF32 file" % path)
        self.entry = struct.unpack_from("<I", b, 24)[0]
        phoff, shoff = struct.unpack_from("<II", b, 28)
        phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from("<HHHHH", b, 42)
        self.segments = [struct.unpack_from("<8I", b, phoff + i * phentsize) for i in range(phnum)]
        sh = [struct.unpack_from("<10I", b, shoff + i * shentsize) for i in range(shnum)]
        names = sh[shstrndx]

        def cstr(table, off):
            start = table[4] + off
            return b[start:b.index(b"\0", start)].decode()

        # (name, flags, addr, size) and the symbol table as {name: value}.
        self.sections = [(cstr(names, s[0]), s[2], s[3], s[5]) for s in sh]
        self.symbols = {}
        for s in sh:
            if s[1] != SHT_SYMTAB:
                continue
            strtab = sh[s[6]]
            for off in range(s[4], s[4] + s[5], 16):
                name, value = struct.unpack_from("<II", b, off)
                if name:
                    self.symbols[cstr(strtab, name)] = value


def inside(lo, size, region):
    start, length = region
    return start <= lo and lo + size <= start + length


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--board", required=True)
    ap.add_argument("--memory-ld", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--log")
    args = ap.parse_args()

    try:
        regions = board_regions(read_conf(Path(args.board) / "board.conf"))
        generated = ld_regions(args.memory_ld)
        elf = Elf32(args.kernel)
    except (OSError, KeyError, ValueError) as e:
        print("check-memory-map: %s" % e, file=sys.stderr)
        return 2

    prefix = "memory-map/" + Path(args.board).name
    lines, failed = [], False

    def result(name, problems):
        nonlocal failed
        lines.append("%s %s/%s" % ("FAIL" if problems else "PASS", prefix, name))
        for p in problems:
            print("  " + p, file=sys.stderr)
        failed |= bool(problems)

    result("memory-ld-matches-board-conf",
           ["%s: %s has %s, board.conf %s" % (key, args.memory_ld,
                                             tuple(map(hex, generated[key])) if key in generated else "nothing",
                                             tuple(map(hex, regions[key])) if key in regions else "nothing")
            for key in sorted(set(regions) | set(generated)) if generated.get(key) != regions.get(key)])

    problems = []
    for name, flags, addr, size in elf.sections:
        if flags & SHF_ALLOC and size and not (inside(addr, size, regions["kernel_flash"]) or
                                               inside(addr, size, regions["ram"])):
            problems.append("section %s at 0x%08x+0x%x is outside kernel flash and RAM" % (name, addr, size))
    for p_type, _off, vaddr, paddr, filesz, memsz, _fl, _al in elf.segments:
        if p_type != PT_LOAD:
            continue
        if filesz and not inside(paddr, filesz, regions["kernel_flash"]):
            problems.append("segment loaded at 0x%08x+0x%x is outside kernel flash" % (paddr, filesz))
        if not (inside(vaddr, memsz, regions["kernel_flash"]) or inside(vaddr, memsz, regions["ram"])):
            problems.append("segment at 0x%08x+0x%x is outside kernel flash and RAM" % (vaddr, memsz))
    result("sections-inside-map", problems)

    # The reset address (kernel flash start) must hold _start: layout.ld puts .text.start first,
    # and any static C function named start lands in a section of that name too.
    flash_start = regions["kernel_flash"][0]
    result("entry-at-reset-address",
           ["%s is 0x%08x, the kernel flash starts at 0x%08x" % (what, v, flash_start)
            for what, v in (("the ELF entry", elf.entry), ("_start", elf.symbols.get("_start", 0)))
            if v != flash_start])

    app_start, app_size = regions["app_flash"]
    ram_start, ram_size = regions["ram"]
    want = {"_sapps": app_start, "_eapps": app_start + app_size, "_eappmem": ram_start + ram_size}
    if "store_flash" in regions:
        store_start, store_size = regions["store_flash"]
        want.update({"_sstore": store_start, "_estore": store_start + store_size})
    result("app-region-symbols",
           ["%s is %s, board.conf says 0x%08x" % (sym, hex(elf.symbols[sym]) if sym in elf.symbols else "missing", v)
            for sym, v in want.items() if elf.symbols.get(sym) != v])

    print("\n".join(lines))
    if args.log:
        with open(args.log, "a") as f:
            f.write("\n".join(lines) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
