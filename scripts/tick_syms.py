#!/usr/bin/env python3
"""Host-side symbols of a Tick run: which ELF each app of a flash image came from, where its
code and data run, and what an address in it is (function, file, line).

Used by scripts/symbolize.py (fault reports and kernel panics with file:line) and by
scripts/debug.sh (gdb's add-symbol-file commands). Standard library only.

  tick_syms.py gdbinit --kernel K.elf [--map IMAGE.map] [--elf NAME=APP.elf]... [--arch-gdb F]
               -- QEMU COMMAND...          prints a gdb script that loads every symbol table
  tick_syms.py addr2line ELF ADDR...       "file:line in function()" for each address
  tick_syms.py add-symbol-file ELF APP_START [MEM_START]
                                           the gdb command for an app whose binary starts at
                                           APP_START (its RAM at MEM_START), e.g. installed
                                           at run time

An app's ELF is found next to the file it was packed into: for a TAB member
rv32imac.0x80100080.0x80300000.tbf of build/apps/hello/hello.tab, the ELF is
build/apps/hello/rv32imac.0x80100080.0x80300000.elf; for a plain x.tbf, x.elf. --elf NAME=PATH
names one explicitly (an app built elsewhere, or installed at run time).
"""

import os
import shlex
import shutil
import struct
import subprocess
import sys

EM_ARM, EM_RISCV = 40, 243
PT_LOAD, PF_X = 1, 1
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 1, 2, 4
SHT_SYMTAB, SHT_NOBITS = 2, 8
STT_FUNC = 2


class ElfError(Exception):
    """A file that is not a 32-bit little-endian ELF (or is damaged)."""


class Elf:
    """The parts of an ELF32 file the symbolizer needs: machine, load segments, allocated
    sections and function symbols."""

    def __init__(self, path):
        self.path = path
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            raise ElfError(f"{path}: {e.strerror}") from None
        if data[:4] != b"\x7fELF":
            raise ElfError(f"{path} is not an ELF file")
        if data[4] != 1 or data[5] != 1:
            raise ElfError(f"{path} is not a 32-bit little-endian ELF (is it for another architecture?)")
        try:
            (self.machine, _, self.entry, phoff, shoff, _, _, phentsize, phnum, shentsize, shnum,
             shstrndx) = struct.unpack_from("<HIIIIIHHHHHH", data, 18)
            self.segments = [struct.unpack_from("<8I", data, phoff + i * phentsize) for i in range(phnum)]
            shdrs = [struct.unpack_from("<10I", data, shoff + i * shentsize) for i in range(shnum)]
            names = shdrs[shstrndx] if shnum else None
            self.sections = []     # (name, addr, size, flags)
            self.funcs = []        # (addr, size, name), sorted
            self.symbols = {}
            for sh in shdrs:
                name = _cstr(data, names[4] + sh[0]) if names else ""
                if sh[2] & SHF_ALLOC and sh[5] > 0:
                    self.sections.append((name, sh[3], sh[5], sh[2]))
                if sh[1] == SHT_SYMTAB:
                    strtab = shdrs[sh[6]]
                    for off in range(sh[4], sh[4] + sh[5], 16):
                        st_name, value, size, info, _, shndx = struct.unpack_from("<IIIBBH", data, off)
                        sym = _cstr(data, strtab[4] + st_name)
                        if sym and shndx != 0:
                            self.symbols.setdefault(sym, value)
                            if info & 0xf == STT_FUNC:
                                self.funcs.append((value & ~1, size, sym))
            self.funcs.sort()
        except (struct.error, IndexError) as e:
            raise ElfError(f"{path}: damaged ELF ({e})") from None

    def flash_origin(self):
        """Where the app's binary was linked to start: tick-pack's rule (_flash_origin, else the
        lowest executable load segment)."""
        if "_flash_origin" in self.symbols:
            return self.symbols["_flash_origin"]
        # (type, offset, vaddr, paddr, filesz, memsz, flags, align)
        xs = [s[3] for s in self.segments if s[0] == PT_LOAD and s[6] & PF_X and s[4] > 0]
        return min(xs) if xs else None

    def ram_origin(self):
        """Where the app's RAM was linked to start (_sram_origin, else the lowest writable
        section), or None when it has none."""
        if "_sram_origin" in self.symbols:
            return self.symbols["_sram_origin"]
        xs = [addr for (_, addr, _, flags) in self.sections if flags & SHF_WRITE]
        return min(xs) if xs else None

    def function_at(self, addr):
        """(name, offset) of the function symbol containing addr (or, for symbols without a
        size, the nearest one below it), when addr lies in executable code; else None."""
        if not any(a <= addr < a + n and f & SHF_EXECINSTR for (_, a, n, f) in self.sections):
            return None
        best = None
        for (start, size, name) in self.funcs:
            if start > addr:
                break
            if addr < start + size or size == 0:
                best = (name.split(".")[0], addr - start)   # write_flash.constprop.0: a gcc copy
        return best


def _cstr(data, off):
    end = data.find(b"\0", off)
    return data[off:end if end >= 0 else len(data)].decode("utf-8", "replace")


def addr2line_tool(elf):
    """The binutils addr2line for the ELF's architecture, or None when none is installed."""
    names = {EM_RISCV: ["riscv64-unknown-elf-addr2line", "riscv32-unknown-elf-addr2line"],
             EM_ARM: ["arm-none-eabi-addr2line"]}.get(elf.machine, [])
    for name in (names + ["addr2line"]) if names else []:
        if shutil.which(name):
            return name
    return None


def _short(path):
    """path relative to the current directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return rel if not rel.startswith("..") else path


def describe(elf, addrs):
    """For each link-time address in addrs, "file:line in function()" (binutils addr2line),
    "in function()+0x12" (the ELF's own symbols when addr2line is missing or knows no line),
    or None when nothing is known there."""
    out = [None] * len(addrs)
    tool = addr2line_tool(elf)
    if tool and addrs:
        try:
            res = subprocess.run([tool, "-f", "-e", elf.path] + [f"0x{a:x}" for a in addrs],
                                 capture_output=True, text=True, timeout=20)
            lines = res.stdout.splitlines()
            for i in range(min(len(addrs), len(lines) // 2)):
                func, where = lines[2 * i], lines[2 * i + 1].split(" (discriminator")[0]
                if where.startswith("??") or func == "??":
                    continue
                path, _, line = where.rpartition(":")
                out[i] = f"{_short(path)}:{line} in {func}()"
        except (OSError, subprocess.SubprocessError):
            pass
    for i, a in enumerate(addrs):
        if out[i] is None:
            hit = elf.function_at(a)
            if hit:
                out[i] = f"in {hit[0]}()" + (f"+0x{hit[1]:x}" if hit[1] else "")
    return out


def read_map(path):
    """The apps of a tick-image map (compose --map): dicts with name, tbf_start, app_start,
    ram_start (None when not fixed), source and member (None when unknown)."""
    apps = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            f_ = line.rstrip("\n").split("\t")
            if len(f_) != 6:
                continue
            name, tbf, app, ram, src, member = f_
            apps.append({"name": name, "tbf_start": int(tbf, 16), "app_start": int(app, 16),
                         "ram_start": None if ram == "-" else int(ram, 16),
                         "source": None if src == "-" else src,
                         "member": None if member == "-" else member})
    return apps


def elf_path_for(app):
    """The ELF the app was packed from, by the build's naming convention, or None."""
    src, member = app.get("source"), app.get("member")
    cands = []
    if src and member:
        cands.append(os.path.join(os.path.dirname(src), os.path.splitext(member)[0] + ".elf"))
    elif src and src.endswith(".tbf"):
        cands.append(src[:-4] + ".elf")
    if src:
        cands.append(os.path.join(os.path.dirname(src), app["name"] + ".elf"))
    for c in cands:
        if os.path.isfile(c):
            return c
    return None


class Placed:
    """An app's ELF and the distance between where it was linked and where it runs (flash
    and RAM; RAM None while unknown)."""

    def __init__(self, name, elf, flash_delta, ram_delta):
        self.name, self.elf, self.flash_delta, self.ram_delta = name, elf, flash_delta, ram_delta

    def to_link(self, addr):
        """The link-time address of a run-time address in the app's flash."""
        return (addr - self.flash_delta) & 0xffffffff


def place(elf, app_start, mem_start=None):
    """Placed for an ELF whose binary runs at app_start and RAM at mem_start."""
    origin = elf.flash_origin()
    flash_delta = 0 if origin is None else (app_start - origin) & 0xffffffff
    ram_origin = elf.ram_origin()
    ram_delta = None if mem_start is None or ram_origin is None else (mem_start - ram_origin) & 0xffffffff
    return Placed(os.path.basename(elf.path), elf, flash_delta, ram_delta)


def add_symbol_file(p):
    """The gdb command loading p's symbols where it runs."""
    if p.flash_delta == 0 and p.ram_delta in (0, None):
        return f"add-symbol-file {_gdb_path(p.elf.path)}"
    parts = [f"add-symbol-file {_gdb_path(p.elf.path)}"]
    for (name, addr, _, flags) in p.elf.sections:
        if flags & SHF_WRITE:          # writable sections live in the app's RAM
            delta = p.ram_delta if p.ram_delta is not None else 0
        else:
            delta = p.flash_delta
        parts.append(f"-s {name} 0x{(addr + delta) & 0xffffffff:x}")
    return " ".join(parts)


def _gdb_path(path):
    return path if not any(c in path for c in " \t\"'") else '"' + path.replace('"', '\\"') + '"'


def load_apps(map_path, extra):
    """Placed apps of a composed image (map_path may be None) plus --elf NAME=PATH extras
    (placed by their own link addresses). Apps without an ELF are skipped."""
    placed = []
    if map_path:
        for app in read_map(map_path):
            path = extra.get(app["name"]) or elf_path_for(app)
            if not path:
                continue
            try:
                elf = Elf(path)
            except ElfError:
                continue
            p = place(elf, app["app_start"], app["ram_start"])
            p.name = app["name"]
            p.tbf_start = app["tbf_start"]
            placed.append(p)
    known = {p.name for p in placed}
    for name, path in extra.items():
        if name not in known:
            elf = Elf(path)
            p = Placed(name, elf, 0, 0)
            p.tbf_start = None
            placed.append(p)
    return placed


def parse_extra(items):
    out = {}
    for item in items:
        name, sep, path = item.partition("=")
        if not sep or not name or not path:
            raise SystemExit(f"tick_syms: --elf wants NAME=PATH, got '{item}'")
        out[name] = path
    return out


def gdbinit(kernel, map_path, extra, arch_gdb, qemu):
    """A gdb script: kernel symbols, every app's symbols where it runs, the arch's helper
    commands, then the connection to QEMU (started halted by gdb itself)."""
    lines = ["set pagination off", "set confirm off", "set print pretty on",
             f"file {_gdb_path(kernel)}"]
    for p in load_apps(map_path, extra):
        lines.append(f"echo [make debug] {p.name}: {_short(p.elf.path)}\\n")
        lines.append(add_symbol_file(p))
    if arch_gdb:
        lines.append(f"source {_gdb_path(arch_gdb)}")
    lines.append("target remote | exec " + shlex.join(qemu))
    return "\n".join(lines) + "\n"


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    cmd, args = argv[0], argv[1:]
    try:
        if cmd == "addr2line" and len(args) >= 2:
            elf = Elf(args[0])
            for addr, d in zip(args[1:], describe(elf, [int(a, 0) for a in args[1:]])):
                print(f"{addr} {d or '??'}")
            return 0
        if cmd == "add-symbol-file" and len(args) in (2, 3):
            elf = Elf(args[0])
            print(add_symbol_file(place(elf, int(args[1], 0), int(args[2], 0) if len(args) == 3 else None)))
            return 0
        if cmd == "gdbinit":
            kernel = map_path = arch_gdb = None
            extra, qemu = [], []
            i = 0
            while i < len(args):
                a = args[i]
                if a == "--":
                    qemu = args[i + 1:]
                    break
                if a in ("--kernel", "--map", "--elf", "--arch-gdb") and i + 1 < len(args):
                    if a == "--kernel":
                        kernel = args[i + 1]
                    elif a == "--map":
                        map_path = args[i + 1]
                    elif a == "--elf":
                        extra.append(args[i + 1])
                    else:
                        arch_gdb = args[i + 1]
                    i += 2
                    continue
                raise SystemExit(f"tick_syms: unknown gdbinit argument '{a}' (see --help)")
            if not kernel or not qemu:
                raise SystemExit("tick_syms: gdbinit needs --kernel ELF and -- QEMU COMMAND")
            Elf(kernel)
            sys.stdout.write(gdbinit(kernel, map_path, parse_extra(extra), arch_gdb, qemu))
            return 0
    except ElfError as e:
        print(f"tick_syms: {e}", file=sys.stderr)
        return 1
    except (OSError, ValueError) as e:
        print(f"tick_syms: {e}", file=sys.stderr)
        return 1
    print("tick_syms: unknown command or arguments (see --help)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
