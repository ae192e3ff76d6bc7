#!/usr/bin/env python3
"""Writes a copy of a relocatable TBF whose Tick relocation table (TLV 0x8100) is damaged in one way.

usage: reloc_mutate.py IN OUT CASE
CASE is one class of malformed table (each keeps the TLV's length, and the header checksum
is fixed, so that only the table is wrong):
  version      the table's version is 2
  arch         the table's architecture is 7
  header       the image is larger than the binary
  truncated    the count says one more entry than the table holds
  trailing     the count says one entry fewer (bytes are left over)
  type         the first entry has a reserved type (16)
  overlap      the second entry starts 2 bytes after the first
  in-header    the first entry lies in the TBF header
  outside      the image ends before the last entry does
  instruction  the instruction at the first hi20 entry is not the one its type needs
  target       the word at the first word/ram entry points outside the app's RAM
  low          the low part of the first hi20 entry changes by 1 (a valid table, but not the
               one the app was signed with)
"""
import struct
import sys

TLV = 0x8100


def checksum(b):
    hs = struct.unpack_from("<H", b, 2)[0]
    s = 0
    for off in range(0, hs - 3, 4):
        if off != 12:
            s ^= struct.unpack_from("<I", b, off)[0]
    return s


def find_tlv(b):
    hs = struct.unpack_from("<H", b, 2)[0]
    p = 16
    while p + 4 <= hs:
        t, n = struct.unpack_from("<HH", b, p)
        if t == TLV:
            return p + 4, n
        p += 4 + (n + 3) // 4 * 4
    sys.exit("reloc_mutate: no relocation table")


def entries(b, v, n):
    """(start, end, offset, type) of each entry."""
    count = struct.unpack_from("<I", b, v + 20)[0]
    pos, off, out = v + 24, 0, []
    for _ in range(count):
        start, val, shift = pos, 0, 0
        while True:
            byte = b[pos]
            pos += 1
            val |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        typ = val & 31
        off += (val >> 5) * 2
        if typ & 3 == 1:
            pos += 2
        out.append((start, pos, off, typ))
    return out


def set_first_byte_gap(b, e, half_gap):
    """Rewrites an entry's varint keeping its length: gap/2 = half_gap, same type."""
    start, end, _, typ = e
    val = half_gap << 5 | typ
    length = end - start - (2 if typ & 3 == 1 else 0)
    for i in range(length):
        byte = val & 0x7F
        val >>= 7
        b[start + i] = byte | (0x80 if i < length - 1 else 0)
    if val:
        sys.exit("reloc_mutate: the new gap does not fit the entry's length")


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        sys.exit(2)
    b = bytearray(open(sys.argv[1], "rb").read())
    case = sys.argv[3]
    v, n = find_tlv(b)
    es = entries(b, v, n)
    hs = struct.unpack_from("<H", b, 2)[0]
    if case == "version":
        b[v] = 2
    elif case == "arch":
        b[v + 1] = 7
    elif case == "header":
        struct.pack_into("<I", b, v + 12, 0x100000)
    elif case == "truncated":
        struct.pack_into("<I", b, v + 20, len(es) + 1)
    elif case == "trailing":
        struct.pack_into("<I", b, v + 20, len(es) - 1)
    elif case == "type":
        b[es[0][0]] = (b[es[0][0]] & ~31) | 16
    elif case == "overlap":
        set_first_byte_gap(b, es[1], 1)
    elif case == "in-header":
        set_first_byte_gap(b, es[0], 4)
    elif case == "outside":
        prot = hs + struct.unpack_from("<I", b, 0x28)[0]  # Program: protected trailer size
        struct.pack_into("<I", b, v + 12, es[-1][2] + 2 - prot)
    elif case == "instruction":
        site = next(e[2] for e in es if e[3] & 3 == 1)
        b[site] ^= 0x20  # lui <-> auipc
    elif case == "target":
        site = next(e[2] for e in es if e[3] == 4)  # word/ram
        struct.pack_into("<I", b, site, 0x10000000)
    elif case == "low":
        e = next(e for e in es if e[3] & 3 == 1)
        b[e[1] - 2] ^= 0x01
    else:
        sys.exit("reloc_mutate: unknown case " + case)
    struct.pack_into("<I", b, 12, checksum(b))
    open(sys.argv[2], "wb").write(b)


if __name__ == "__main__":
    main()
