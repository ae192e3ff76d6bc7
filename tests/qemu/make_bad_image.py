#!/usr/bin/env python3
"""Builds flash images with deliberately damaged TBFs, to check that the kernel skips them.

usage: make_bad_image.py GOOD_IMAGE OUT_DIR
GOOD_IMAGE is a composed image holding at least four apps (e.g. one TAB composed four times,
one per QEMU slot). Writes OUT_DIR/bad_headers.bin, where the first, third and fourth apps are
damaged (bad checksum, incompatible kernel version, disabled) and the second is intact, and
OUT_DIR/bad_address.bin, where the second app was moved to a flash address it was not
linked for.
"""
import struct
import sys


def apps(img):
    """Offsets of the non-padding TBFs in the chain."""
    off, out = 0, []
    while off + 16 <= len(img):
        version, hsize, total = struct.unpack_from("<HHI", img, off)
        if version != 2 or total < 16:
            break
        if hsize > 16:
            out.append(off)
        off += total
    return out


def fix_checksum(img, off):
    hsize = struct.unpack_from("<H", img, off + 2)[0]
    x = 0
    for i in range(0, hsize - hsize % 4, 4):
        if i != 12:
            x ^= struct.unpack_from("<I", img, off + i)[0]
    struct.pack_into("<I", img, off + 12, x)


def tlv(img, off, want):
    """Offset of the value of the first TLV of type `want` in the header at off."""
    hsize = struct.unpack_from("<H", img, off + 2)[0]
    p = off + 16
    while p + 4 <= off + hsize:
        t, length = struct.unpack_from("<HH", img, p)
        if t == want:
            return p + 4
        p += 4 + (length + 3) // 4 * 4
    raise SystemExit("TLV %d not found in app at 0x%x" % (want, off))


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    good = bytearray(open(sys.argv[1], "rb").read())
    found = apps(good)
    if len(found) < 4:
        sys.exit("make_bad_image: need an image with 4 apps, found %d" % len(found))

    img = bytearray(good)
    a, _, c, d = found[:4]
    img[a + 12] ^= 0xFF                        # 1st: checksum no longer matches
    struct.pack_into("<H", img, tlv(img, c, 8), 3)  # 3rd: needs kernel 3.x
    fix_checksum(img, c)
    flags = struct.unpack_from("<I", img, d + 8)[0]
    struct.pack_into("<I", img, d + 8, flags & ~1)  # 4th: disabled
    fix_checksum(img, d)
    open(sys.argv[2] + "/bad_headers.bin", "wb").write(img)

    # Move app 1's bytes into app 2's place: same chain, wrong address for app 1's code.
    img = bytearray(good)
    first, second = found[0], found[1]
    total = struct.unpack_from("<I", img, first + 4)[0]
    total2 = struct.unpack_from("<I", img, second + 4)[0]
    if total > total2:
        sys.exit("make_bad_image: first app larger than the second")
    img[second:second + total] = good[first:first + total]
    if total2 > total:  # keep the chain intact with a padding header after the moved app
        pad = bytearray(16)
        struct.pack_into("<HHII", pad, 0, 2, 16, total2 - total, 0)
        x = 0
        for i in range(0, 16, 4):
            if i != 12:
                x ^= struct.unpack_from("<I", pad, i)[0]
        struct.pack_into("<I", pad, 12, x)
        img[second + total:second + total + 16] = pad
    open(sys.argv[2] + "/bad_address.bin", "wb").write(img)


if __name__ == "__main__":
    main()
