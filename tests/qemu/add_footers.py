#!/usr/bin/env python3
"""Copies a TBF with N identical, valid SHA-256 credential footers in place of its footers.

usage: add_footers.py [--pow2] IN.tbf OUT.tbf N
IN must have a Program header (only Program marks where the footers start). The footers
replace any IN had; total_size and the header checksum are updated before hashing, since the
integrity region [0, binary_end_offset) includes the header.
--pow2 (Arm, whose MPU covers a TBF only when its size is a power of two): the last of the N
footers is a Reserved one that pads the TBF to the next power of two.
"""
import hashlib
import struct
import sys

PROGRAM, CREDENTIALS, RESERVED, SHA256 = 9, 128, 0, 3


def binary_end(tbf):
    hsize = struct.unpack_from("<H", tbf, 2)[0]
    p = 16
    while p + 4 <= hsize:
        t, n = struct.unpack_from("<HH", tbf, p)
        if t == PROGRAM:
            return struct.unpack_from("<I", tbf, p + 4 + 12)[0]
        p += 4 + ((n + 3) & ~3)
    sys.exit("add_footers.py: no Program TLV (a Main-only TBF has no room for footers)")


def fix_checksum(tbf):
    hsize = struct.unpack_from("<H", tbf, 2)[0]
    x = 0
    for i in range(0, hsize - hsize % 4, 4):
        if i != 12:
            x ^= struct.unpack_from("<I", tbf, i)[0]
    struct.pack_into("<I", tbf, 12, x)


def main():
    args = sys.argv[1:]
    pow2 = args[:1] == ["--pow2"]
    args = args[1:] if pow2 else args
    if len(args) != 3:
        sys.exit(__doc__)
    tbf = bytearray(open(args[0], "rb").read())
    count = int(args[2]) - (1 if pow2 else 0)
    if len(tbf) < 16 or struct.unpack_from("<H", tbf, 0)[0] != 2:
        sys.exit(f"add_footers.py: {args[0]} is not a TBF")
    end = binary_end(tbf)
    footer_size = 4 + 4 + 32
    total = end + count * footer_size
    pad = 0
    if pow2:
        size = 512
        while size < total + 8:   # room for the Reserved footer's T, L and format
            size <<= 1
        pad = size - total
        total = size
    tbf = tbf[:end]
    struct.pack_into("<I", tbf, 4, total)
    fix_checksum(tbf)
    footer = struct.pack("<HHI", CREDENTIALS, 4 + 32, SHA256) + hashlib.sha256(tbf).digest()
    tbf += footer * count
    if pad:
        tbf += struct.pack("<HHI", CREDENTIALS, pad - 4, RESERVED) + bytes(pad - 8)
    open(args[1], "wb").write(tbf)


if __name__ == "__main__":
    main()
