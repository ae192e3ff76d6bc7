#!/usr/bin/env python3
"""A stand-in for a Tick board's management channel on a Unix socket, for tick-load's tests.

usage: fake_board.py SOCKET MODE [ARCH]
Answers the protocol of docs/loading.md frame by frame (HELLO with ARCH, default rv32imac, and a
store of 128 slots of 256 KiB at 0x22000000; LIST/INFO with one installed app 'hello' in slot
0) and misbehaves as MODE says:
  ok          every install succeeds
  too-big     BEGIN: the store says SIZE
  no-slot     BEGIN: the store says NOMEM (no free slot)
  shortid     FINISH: refused, "its ShortId is already used by another app"
  signature   FINISH: refused, "its ECDSA P-256 signature does not verify with the board's key"
  ram         FINISH: NOMEM, "no room for its RAM"
  fixed       the first DATA: refused, "fixed address is not a free slot"
  busy        BEGIN: busy
  gone        closes the connection at the first DATA (the device went away)
  silent      never answers
Serves one connection at a time until killed.
"""
import os
import socket
import struct
import sys
import zlib

REPLY = 0x80


def frame(t, status, seq, payload=b""):
    h = b"TL" + struct.pack("<BBHH", t, status, seq, len(payload)) + payload
    return h + struct.pack("<I", zlib.crc32(h))


def entry(slot, name, size=932, seq=1):
    tbf = 0x22000000 + slot * 0x40000 + 256
    n = name.encode()
    return struct.pack("<HBBIIII", slot, 0, 1, tbf, size, seq, 0) + bytes([len(n)]) + n + bytes([7]) + b"yielded" + struct.pack("<I", 0xffffffff)


def store_error(code, why=""):
    return struct.pack("<I", code) + why.encode()


def serve(conn, mode, arch):
    buf = b""
    while True:
        data = conn.recv(4096)
        if not data:
            return
        buf += data
        while True:
            i = buf.find(b"TL")
            if i < 0:
                buf = buf[-1:]
                break
            buf = buf[i:]
            if len(buf) < 8:
                break
            t, st, seq, n = struct.unpack("<BBHH", buf[2:8])
            if n > 576:
                buf = buf[2:]
                continue
            if len(buf) < 12 + n:
                break
            f, buf = buf[:12 + n], buf[12 + n:]
            if struct.unpack("<I", f[8 + n:])[0] != zlib.crc32(f[:8 + n]):
                continue
            p = f[8:8 + n]
            if mode == "silent":
                continue
            out = answer(t, seq, p, mode, arch)
            if out is None:
                conn.close()
                return
            conn.sendall(out)


def answer(t, seq, p, mode, arch):
    r = t | REPLY
    if t == 1:
        return frame(r, 0, seq, struct.pack("<BBHHHII", 1, 0, 576, 512, 128, 0x40000, 0x22000000)
                     + bytes(16) + arch.encode())
    if t == 7:
        return frame(r, 0, seq, struct.pack("<H", 0xffff) + entry(0, "hello"))
    if t == 8:
        if p == b"hello":
            return frame(r, 0, seq, entry(0, "hello"))
        return frame(r, 8, seq)
    if t == 2:
        if mode == "too-big":
            return frame(r, 9, seq, store_error(7))
        if mode == "no-slot":
            return frame(r, 9, seq, store_error(9))
        if mode == "busy":
            return frame(r, 7, seq)
        return frame(r, 0, seq, bytes(4) + p[:8] + bytes(4))
    if t == 3:
        if mode == "gone":
            return None
        off = struct.unpack("<I", p[:4])[0]
        if mode == "fixed" and off == 0:
            return frame(r, 9, seq, store_error(6, "fixed address is not a free slot"))
        return frame(r, 0, seq, struct.pack("<I", off + len(p) - 4))
    if t == 4:
        why = {"shortid": (1, "its ShortId is already used by another app"),
               "signature": (1, "its ECDSA P-256 signature does not verify with the board's key"),
               "ram": (9, "no room for its RAM")}.get(mode)
        if why:
            return frame(r, 9, seq, store_error(*why))
        return frame(r, 0, seq)
    if t == 6:
        return frame(r, 0 if p == b"hello" else 8, seq)
    return frame(r, 4, seq)


def main():
    path, mode = sys.argv[1], sys.argv[2]
    arch = sys.argv[3] if len(sys.argv) > 3 else "rv32imac"
    if os.path.exists(path):
        os.unlink(path)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.bind(path)
    s.listen(1)
    while True:
        conn, _ = s.accept()
        serve(conn, mode, arch)


if __name__ == "__main__":
    main()
