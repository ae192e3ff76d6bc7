#!/usr/bin/env python3
"""Copies a TBF with N identical, valid SHA-256 credential footers in place of its footers.

usage: add_footers.py IN.tbf OUT.tbf N
IN must have a Program header (only Program marks where the footers start). The footers
replace any IN had; total_size and the header checksum are updated before hashing, since the
integrity region [0, binary_end_offset) includes the header.
"""
import hashlib
import struct
import sys

PROGRAM, CREDENTIALS, SHA256 = 9, 128, 3


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
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    tbf = bytearray(open(sys.argv[1], "rb").read())
    count = int(sys.argv[3])
    if len(tbf) < 16 or struct.unpack_from("<H", tbf, 0)[0] != 2:
        sys.exit(f"add_footers.py: {sys.argv[1]} is not a TBF")
    end = binary_end(tbf)
    footer_size = 4 + 4 + 32
    tbf = tbf[:end]
    struct.pack_into("<I", tbf, 4, end + count * footer_size)
    fix_checksum(tbf)
    footer = struct.pack("<HHI", CREDENTIALS, 4 + 32, SHA256) + hashlib.sha256(tbf).digest()
    tbf += footer * count
    open(sys.argv[2], "wb").write(tbf)


if __name__ == "__main__":
    main()
