#!/usr/bin/env python3
"""Writes a damaged copy of a TBF for the malformed-input tests.

usage: mutate.py IN OUT OP... where each OP is one of
  set16:OFF:VAL  set32:OFF:VAL  xor8:OFF:VAL  truncate:LEN  fixsum
Offsets and values are decimal or 0x-hex; ops apply in order. fixsum recomputes the
header checksum (so a test can damage a field without also tripping the checksum).
"""
import struct
import sys


def checksum(b):
    hs = struct.unpack_from("<H", b, 2)[0]
    s = 0
    for off in range(0, min(hs, len(b)) - 3, 4):
        if off != 12:
            s ^= struct.unpack_from("<I", b, off)[0]
    return s


def main():
    src, dst, ops = sys.argv[1], sys.argv[2], sys.argv[3:]
    b = bytearray(open(src, "rb").read())
    for op in ops:
        name, *args = op.split(":")
        args = [int(a, 0) for a in args]
        if name == "set16":
            struct.pack_into("<H", b, args[0], args[1])
        elif name == "set32":
            struct.pack_into("<I", b, args[0], args[1])
        elif name == "xor8":
            b[args[0]] ^= args[1]
        elif name == "truncate":
            del b[args[0]:]
        elif name == "fixsum":
            struct.pack_into("<I", b, 12, checksum(b))
        else:
            sys.exit("mutate.py: unknown op " + op)
    open(dst, "wb").write(b)


main()
