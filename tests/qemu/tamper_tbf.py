#!/usr/bin/env python3
"""Copies a TBF with one bit of its app binary flipped: its header stays valid, its signature does not.

usage: tamper_tbf.py IN.tbf OUT.tbf
The flipped bit is the low bit of the 9th byte after the protected region (the start of the
app binary, part of the integrity region every credential covers).
"""
import struct
import sys

MAIN, PROGRAM = 1, 9


def protected_trailer(tbf):
    hsize = struct.unpack_from("<H", tbf, 2)[0]
    p = 16
    while p + 4 <= hsize:
        t, n = struct.unpack_from("<HH", tbf, p)
        if t in (MAIN, PROGRAM):
            return struct.unpack_from("<I", tbf, p + 8)[0]
        p += 4 + ((n + 3) & ~3)
    sys.exit("tamper_tbf.py: no Main or Program TLV")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    tbf = bytearray(open(sys.argv[1], "rb").read())
    if len(tbf) < 16 or struct.unpack_from("<H", tbf, 0)[0] != 2:
        sys.exit(f"tamper_tbf.py: {sys.argv[1]} is not a TBF")
    at = struct.unpack_from("<H", tbf, 2)[0] + protected_trailer(tbf) + 8
    if at >= len(tbf):
        sys.exit("tamper_tbf.py: binary too short")
    tbf[at] ^= 1
    open(sys.argv[2], "wb").write(tbf)


if __name__ == "__main__":
    main()
