#!/usr/bin/env python3
"""Writes seeds for fuzz_reloc from relocatable TBFs (tick-pack --relocatable output).

usage: make_reloc_seeds.py OUT_DIR TBF...
Each seed is the fuzz target's input (tests/fuzz/fuzz_reloc.c): deltas, chunk seed, binary
start (256 or more), the TBF's table re-encoded for a binary there, and its image. Several
placements per TBF, including RAM below flash.
"""
import os
import struct
import sys

# The table's reader is the damaged-table writer's (tests/tools/reloc_mutate.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools"))
from reloc_mutate import entries, find_tlv  # noqa: E402


def uleb(v):
    out = bytearray()
    while True:
        byte = v & 0x7F
        v >>= 7
        out.append(byte | (0x80 if v else 0))
        if not v:
            return bytes(out)


def main():
    out, tbfs = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    for path in tbfs:
        b = open(path, "rb").read()
        v, n = find_tlv(b)
        hs = struct.unpack_from("<H", b, 2)[0]
        prot = hs + struct.unpack_from("<I", b, 0x28)[0]
        image_size = struct.unpack_from("<I", b, v + 12)[0]
        # The binary starts at a TBF offset past the harness's header (44 bytes + the table).
        start = 256
        while 44 + n + 8 > start:
            start += 256
        prev, table = 0, b[v:v + 24]
        for _, end, off, typ in entries(b, v, n):
            new = off - prot + start
            table += uleb((new - prev) // 2 << 5 | typ)
            prev = new
            if typ & 3 == 1:
                table += b[end - 2:end]
        image = b[prot:prot + image_size]
        name = os.path.splitext(os.path.basename(path))[0]
        for i, (df, dr) in enumerate(((0, 0), (0x1234, 0x5678), (0x23400, 0x100008),
                                      (0xfff00000, 0xa0000000))):
            seed = struct.pack("<IIBHH", df, dr, i, start, len(table)) + table + image
            open(os.path.join(out, "%s-%d" % (name, i)), "wb").write(seed)


if __name__ == "__main__":
    main()
