#!/usr/bin/env python3
"""Power cuts on QEMU: kill QEMU at random points of app store installs, an update and a remove.

usage: powercut.py [--cuts N] [--seed S] [--build DIR] [--log FILE] [--ops A,B] [-v]

Each cut: a copy of a baseline store flash file, one QEMU run that performs the operation and is
killed (SIGKILL: QEMU's pflash writes every programmed word through to the file at once, so the
file is what a power cut leaves) at a random moment of the operation, then a check boot of the
same kernel on the same file. The check boot must show:
  - the store's apps (the kernel's boot lines for apps in store flash) are exactly the list before
    the operation or the list after it, and no app in the store is refused ("not started");
  - the bystander (hello, installed first) is byte for byte as it was, and runs ("Hello, World!");
    so is the app an operation left in its old place when the list is the old one;
  - every relocated pictest copy checks itself ("pictest: N checks, 0 failed");
  - one more install into the store succeeds (a free slot and RAM are still there: nothing lost).
Operations (the store holds hello in slot 0, and for update and remove pictest in slot 1):
  install  the installer (0x10001) installs the relocatable pictest: lands in slot 1
  update   it installs pictest again: an update into slot 2, on trial, confirmed, old one erased
  remove   the console removes pictest
  tickload the host tool tick-load installs the relocatable pictest over the management channel
           (a virtio console on a Unix socket): lands in slot 1; tick-load must see the device
           go and exit with its error (status 1, "error: device gone") within 20 s, never hang
Cut moments are uniform over the stretch where the operation changes the flash file (QEMU writes
it at every program and erase), found by three uncut calibration runs per operation (the first
and last change after the line that starts it, or tick-load's start, plus a tenth either side); QEMU runs with
-icount shift=0,sleep=on (sleep=off would freeze virtual time while the guest idles, and the
console's input with it), and the kill lands where the wall clock says: a seed gives the same
series of delays, not the same cut instructions.
Prints one line per cut and a summary; exits 1 on any failure.
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BOARD = os.path.join(ROOT, "boards", "qemu_rv32_virt")
FLASH_SIZE = 0x02000000
SLOT_SIZE = 0x40000
TBF_AT = [0x22000100 + k * SLOT_SIZE for k in range(4)]
HELLO_AT, OLD_AT, NEW_AT = TBF_AT[0], TBF_AT[1], TBF_AT[2]


class Qemu:
    """One QEMU run with the kernel, an app flash image and a store flash file."""

    def __init__(self, build, image, flash, mgmt=None):
        self.out = ""
        self.load = None   # a tick-load run against this QEMU (the tickload operation)
        cmd = ["qemu-system-riscv32", "-machine", "virt", "-m", "128M", "-nographic",
               "-global", "virtio-mmio.force-legacy=false", "-device", "virtio-rng-device",
               "-icount", "shift=0,sleep=on", "-bios", os.path.join(build, "qemu_rv32_virt", "kernel.elf"),
               "-device", "loader,file=%s,addr=0x80100000,force-raw=on" % image,
               "-drive", "if=pflash,unit=1,format=raw,file=%s" % flash]
        if mgmt:   # the management channel on a Unix socket, as scripts/run.sh --mgmt puts it
            if os.path.exists(mgmt):
                os.unlink(mgmt)
            cmd += ["-device", "virtio-serial-device", "-chardev",
                    "socket,id=mgmt,path=%s,server=on,wait=off" % mgmt, "-device", "virtconsole,chardev=mgmt"]
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, start_new_session=True)
        os.set_blocking(self.p.stdout.fileno(), False)

    def read(self):
        try:
            data = self.p.stdout.read()
        except (BlockingIOError, ValueError):
            data = None
        if data:
            self.out += data.decode("utf-8", "replace")
        return self.p.poll() is None

    def wait_for(self, pattern, timeout, start=0):
        """Polls until pattern matches the output after start; returns the match or None."""
        end = time.monotonic() + timeout
        rx = re.compile(pattern, re.M)
        while True:
            m = rx.search(self.out, start)
            if m:
                return m
            alive = self.read()
            if time.monotonic() > end or (not alive and not rx.search(self.out, start)):
                self.read()
                return rx.search(self.out, start)
            time.sleep(0.002)

    def send(self, text):
        self.p.stdin.write(text.encode())
        self.p.stdin.flush()

    def kill(self):
        try:
            os.killpg(self.p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.p.wait()
        self.read()


def compose(build, out, apps):
    subprocess.run([os.path.join(build, "tools", "tick-image"), "compose", "--board", BOARD, "-o", out] +
                   [os.path.join(build, "apps", a) for a in apps], check=True, stdout=subprocess.DEVNULL)


def erased(path):
    with open(path, "wb") as f:
        f.truncate(0)
        chunk = b"\xff" * (1 << 20)
        for _ in range(FLASH_SIZE >> 20):
            f.write(chunk)


def slot_bytes(path, k, n=0x2000):
    with open(path, "rb") as f:
        f.seek(k * SLOT_SIZE)
        return f.read(n)


class Op:
    """An operation: its baseline flash, how it starts and ends, the lists before and after."""

    def __init__(self, name, base, image, start, end, old, new, send=None, load=None):
        self.name, self.base, self.image, self.start, self.end = name, base, image, start, end
        self.old, self.new, self.send = old, new, send
        self.load = load   # (tick-load, socket, TBF): the operation is a tick-load install

    def begin(self, q):
        """Starts the operation in QEMU run q; returns the output offset it started at and the
        time it started (when the command was sent, or its first line seen), or (None, 0)."""
        if self.load:
            tool, sock, tbf = self.load
            if not q.wait_for(self.start, 10):
                return None, 0
            # the channel answers once the kernel serves it
            for _ in range(50):
                if subprocess.run([tool, "--socket", sock, "info"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, timeout=10).returncode == 0:
                    break
                time.sleep(0.1)
            else:
                return None, 0
            at = len(q.out)
            t0 = time.monotonic()
            q.load = subprocess.Popen([tool, "--socket", sock, "install", tbf], stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, start_new_session=True)
            return at, t0
        if self.send:
            # once the boot's output is over (a line typed while apps print may be lost)
            m = q.wait_for(self.start, 10)
            if not m:
                return None, 0
            for _ in range(3):   # and again if the console did not take it
                q.send(self.send)
                t0 = time.monotonic()
                e = q.wait_for(re.escape(self.send.strip()) + r"\r?\n", 3, m.end())
                if e:
                    return e.end(), t0
            return None, 0
        m = q.wait_for(self.start, 10)
        return (m.end() if m else None), time.monotonic()


def load_result(q, bound):
    """Waits at most bound seconds for the tick-load run of q to exit; returns (exit status or
    None if it hung, and killed then; its stderr). None, "" without a run."""
    if q.load is None:
        return None, ""
    try:
        _, err = q.load.communicate(timeout=bound)
        return q.load.returncode, err.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        os.killpg(q.load.pid, signal.SIGKILL)
        q.load.communicate()
        return None, ""


def run_op(build, op, flash, delay=None):
    """Runs op on flash; kills QEMU delay seconds after the op started. delay None: runs it to
    its end and returns when, after its start, the flash file changed first and last (QEMU
    writes it at every program and erase), in seconds. With a delay: returns the problems of
    a tick-load operation's tool (a list, empty when all is well) and a note on how it ended."""
    mtime = os.stat(flash).st_mtime_ns   # a boot on a baseline writes nothing
    q = Qemu(build, op.image, flash, op.load[1] if op.load else None)
    try:
        at, t0 = op.begin(q)
        if at is None:
            raise RuntimeError("%s: the operation did not start:\n%s" % (op.name, q.out))
        if delay is None:
            rx = re.compile(op.end, re.M)
            first = last = None
            while not rx.search(q.out, at):
                if time.monotonic() - t0 > 30 or not q.read() and not rx.search(q.out, at):
                    raise RuntimeError("%s: the operation did not end:\n%s" % (op.name, q.out))
                m = os.stat(flash).st_mtime_ns
                if m != mtime:
                    mtime, last = m, time.monotonic() - t0
                    first = last if first is None else first
                time.sleep(0.0002)
            if first is None and os.stat(flash).st_mtime_ns != mtime:
                first = last = time.monotonic() - t0   # all of it before the loop looked
            if first is None:
                raise RuntimeError("%s: the flash file never changed" % op.name)
            if op.load:
                rc, err = load_result(q, 20)
                if rc != 0:
                    raise RuntimeError("%s: tick-load ended with %s: %s" % (op.name, rc, err))
            return first, last
        while time.monotonic() - t0 < delay:
            q.read()
            time.sleep(0.0005)
        if not op.load:
            return [], ""
        q.kill()
        # The device is gone: tick-load says so and fails (1), or it had already finished (0).
        rc, err = load_result(q, 20)
        note = "; tick-load exit %s: %s" % (rc, (err.strip().splitlines() or [""])[-1])
        if rc is None:
            return ["tick-load still waiting 20 s after QEMU died (killed)"], note
        if rc == 0:
            return ([] if re.search(op.end, q.out) else ["tick-load succeeded but the store never said so"]), note
        # "device gone" (or "no QEMU on" when the cut came before it connected)
        if rc != 1 or not re.search(r"error: (device gone|no QEMU on)", err):
            return ["tick-load exited %d, stderr %r (want 1 and 'device gone')" % (rc, err)], note
        return [], note
    finally:
        q.kill()
        if q.load and q.load.poll() is None:
            load_result(q, 0.1)


def check(build, op, flash, base, check_image):
    """The check boot; returns (list name, problems)."""
    q = Qemu(build, check_image, flash)
    problems = []
    try:
        m = q.wait_for(r"initialization complete", 10)
        if not m:
            return "?", ["no boot:\n" + q.out]
        boot = q.out[:m.end()]
        apps = sorted(int(a, 16) for a in re.findall(r"\[kernel\] app '[^']*': flash (0x22[0-9a-f]{6})-", boot))
        which = "old" if apps == sorted(op.old) else "new" if apps == sorted(op.new) else None
        if which is None:
            problems.append("store apps at %s: neither the old list %s nor the new %s" %
                            ([hex(a) for a in apps], [hex(a) for a in op.old], [hex(a) for a in op.new]))
        if "not started" in boot:
            problems.append("an app was not started")
        if slot_bytes(flash, 0) != slot_bytes(base, 0):
            problems.append("the bystander hello changed in flash")
        if which == "old" and OLD_AT in op.old and slot_bytes(flash, 1) != slot_bytes(base, 1):
            problems.append("the old pictest changed in flash")
        if not q.wait_for(r"Hello, World!", 10):
            problems.append("hello did not run")
        pics = sum(1 for a in apps if a != HELLO_AT)
        start = 0
        for _ in range(pics):
            m = q.wait_for(r"pictest: flash 0x22[0-9a-f]{6} ram 0x[0-9a-f]{8}\n(?:.*\n)*?pictest: \d+ checks, 0 failed", 10, start)
            if not m:
                problems.append("a store copy of pictest did not check itself")
                break
            start = m.end()
        # One more install: a free slot and room for RAM are still there.
        m = q.wait_for(r"installer: (installed and started|.*(refused|failed).*)", 20)
        if m and "error 2" in m.group(0):   # BUSY: the recovery still ran; once more
            q.send("boot pic_installer\n")
            m = q.wait_for(r"installer: (installed and started|.*(refused|failed).*)", 20, m.end())
        if not m or "installed and started" not in m.group(0):
            problems.append("the install after the reboot did not succeed")
        if re.search(r"FAIL|faulted|checks, [1-9]", q.out):
            problems.append("a failure in the log")
        if problems:
            problems.append("transcript:\n" + q.out)
        return which or "?", problems
    finally:
        q.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cuts", type=int, default=210, help="cuts in all, spread over the operations")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--log", help="append PASS/FAIL lines, one per operation, for make test")
    ap.add_argument("--ops", default="install,update,remove,tickload", help="which operations (comma-separated)")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    build = os.path.abspath(args.build)
    with tempfile.TemporaryDirectory(prefix="powercut-") as tmp:
        img = lambda n: os.path.join(tmp, n + ".bin")
        compose(build, img("hello"), ["installer/installer.tab"])
        compose(build, img("op"), ["pic_installer/pic_installer.tab", "buttons/buttons.tab"])
        compose(build, img("idle"), ["buttons/buttons.tab"])   # fewer boot apps: the RAM recorded stays free
        # three boot apps whose RAM ends past the check image's: the RAM tick-load's pictest is
        # given (first fit after them, recorded) stays free at the check boot
        compose(build, img("loadee"), ["buttons/buttons.tab"] * 3)
        compose(build, img("check"), ["pic_installer/pic_installer.tab", "buttons/buttons.tab"])
        # Baselines: hello alone; hello and pictest.
        base1, base2 = os.path.join(tmp, "base1.flash"), os.path.join(tmp, "base2.flash")
        erased(base1)
        for image, pattern in ((img("hello"), r"all processes have ended"),):
            q = Qemu(build, image, base1)
            ok = q.wait_for(pattern, 20)
            q.kill()
            if not ok or "'hello' installed in slot 0" not in q.out:
                sys.exit("powercut: baseline 1 failed:\n" + q.out)
        shutil.copyfile(base1, base2)
        # With the boot apps of the operations and checks: a relocatable app's RAM is placed
        # first fit after them and recorded, so the same boot apps must come back.
        q = Qemu(build, img("op"), base2)
        ok = q.wait_for(r"pictest: \d+ checks", 20)
        q.kill()
        if not ok or "'pictest' installed in slot 1" not in q.out:
            sys.exit("powercut: baseline 2 failed:\n" + q.out)
        ops = [
            Op("install", base1, img("op"), r"installer: installing", r"installer: installed and started",
               [HELLO_AT], [HELLO_AT, OLD_AT]),
            Op("update", base2, img("op"), r"installer: installing", r"\[store\] 'pictest': new version confirmed",
               [HELLO_AT, OLD_AT], [HELLO_AT, NEW_AT]),
            Op("remove", base2, img("idle"), r"pictest: \d+ checks.*\n", r"store remove: done",
               [HELLO_AT, OLD_AT], [HELLO_AT], send="store remove pictest\n"),
            Op("tickload", base1, img("loadee"), r"initialization complete", r"\[store\] 'pictest' installed in slot",
               [HELLO_AT], [HELLO_AT, OLD_AT],
               load=(os.path.join(build, "tools", "tick-load"), os.path.join(tmp, "mgmt.sock"),
                     os.path.join(build, "apps", "pic_installer", "embed", "rv32imac.0x80100080.0x80300000.tbf"))),
        ]
        ops = [op for op in ops if op.name in args.ops.split(",")]
        flash = os.path.join(tmp, "cut.flash")
        failures = 0
        summary = []
        for i, op in enumerate(ops):
            # The cuts fall where the flash changes: between the first and the last change
            # of three uncut runs, with a margin of a tenth of that (and 1 ms) either side.
            marks = []
            for _ in range(3):
                shutil.copyfile(op.base, flash)
                marks.append(run_op(build, op, flash))
            lo, hi = min(m[0] for m in marks), max(m[1] for m in marks)
            margin = (hi - lo) / 10 + 0.001
            lo, hi = max(0.0, lo - margin), hi + margin
            span = hi - lo
            n = args.cuts // len(ops) + (1 if i < args.cuts % len(ops) else 0)
            counts = {"old": 0, "new": 0, "?": 0}
            before = failures
            changed = 0
            for c in range(n):
                shutil.copyfile(op.base, flash)
                delay = rnd.uniform(lo, hi)
                tool, note = run_op(build, op, flash, delay)
                with open(flash, "rb") as a, open(op.base, "rb") as b:
                    moved = a.read(4 * SLOT_SIZE) != b.read(4 * SLOT_SIZE)
                changed += moved
                which, problems = check(build, op, flash, op.base, img("check"))
                problems = tool + problems
                counts[which] += 1
                if problems:
                    failures += 1
                    print("FAIL %s cut %d (%.1f ms): %s" % (op.name, c + 1, delay * 1e3, "\n".join(problems)))
                elif args.v:
                    print("ok %s cut %d at %.1f ms of %.1f: %s list%s%s" % (op.name, c + 1, delay * 1e3, span * 1e3,
                                                                          which, "" if moved else " (flash untouched)", note))
                sys.stdout.flush()
            line = "%s: %d cuts from %.1f to %.1f ms after it began (%d after the flash changed): old list after %d, new after %d" % (
                op.name, n, lo * 1e3, hi * 1e3, changed, counts["old"], counts["new"])
            summary.append(line)
            print(line)
            if args.log:
                with open(args.log, "a") as f:
                    f.write("%s powercut/%s (%s)\n" % ("FAIL" if failures > before else "PASS", op.name, line))
        print("powercut: %d cuts, %d failed" % (args.cuts, failures))
        sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
