#!/usr/bin/env python3
"""Console client for `make debug`: connects the terminal to QEMU's serial socket
(build/debug/console.sock), so that typed input reaches the kernel while gdb owns QEMU.

usage: console.py [SOCKET]      (default build/debug/console.sock); Ctrl-] quits.
Keys go through as typed (raw terminal), so Ctrl-P reaches the process console as on make run.
"""

import os
import select
import socket
import sys
import termios
import tty

QUIT = b"\x1d"   # Ctrl-]


def main(argv):
    if argv[1:2] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    path = argv[1] if len(argv) > 1 else "build/debug/console.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError as e:
        print(f"console.py: cannot connect to {path}: {e.strerror} (is make debug running?)",
              file=sys.stderr)
        return 1
    print(f"[console.py: connected to {path}; Ctrl-] quits]", flush=True)
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd) if os.isatty(fd) else None
    try:
        if saved:
            tty.setraw(fd)
        while True:
            ready, _, _ = select.select([fd, sock], [], [])
            if sock in ready:
                data = sock.recv(4096)
                if not data:
                    break
                os.write(sys.stdout.fileno(), data)
            if fd in ready:
                data = os.read(fd, 1024)
                # what was typed before Ctrl-] in the same read is sent, then it quits
                head, quit_key, _ = data.partition(QUIT)
                if head:
                    sock.sendall(head)
                if not data or quit_key:
                    break
    finally:
        if saved:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    print("\n[console.py: closed]")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
