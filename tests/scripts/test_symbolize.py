#!/usr/bin/env python3
"""Tests of scripts/symbolize.py (the console filter of run.sh) and scripts/tick_syms.py: output
passes through byte for byte and at once, fault reports of apps placed anywhere get file:line,
kernel panics are looked up in the kernel's ELF, and the ELF's own symbols stand in for a
missing addr2line.

usage: test_symbolize.py --log LOG --kernel KERNEL.elf --apps BUILD/apps   (after make)
"""

import argparse
import os
import select
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import tick_syms  # noqa: E402

SYMBOLIZE = os.path.join(ROOT, "scripts", "symbolize.py")
ARGS = None


def report(name, pc, ra, flash, app, ram):
    return (f"\n---| process '{name}' faulted |---\n"
            f" cause: store access fault (mcause 7), pc 0x{pc:08x}, address/value 0x80200000\n"
            f"   ra=0x{ra:08x}   sp=0x803103f0   gp=0x00000000   tp=0x80310414\n"
            f"   pc=0x{pc:08x}\n"
            f" flash  0x{flash:08x}-0x{flash + 0x95c:08x}  header+trailer to 0x{app:08x}, entry 0x{app + 0x28:08x}\n"
            f" ram    0x{ram:08x}-0x{ram + 0x9b0:08x}  2480 bytes\n"
            f"   app    0x{ram:08x}-0x{ram + 0x470:08x}  (break; ...)\n"
            f"   free   0x{ram + 0x470:08x}-0x{ram + 0x7f0:08x}\n"
            f"   grants 0x{ram + 0x7f0:08x}-0x{ram + 0x9b0:08x}  (448 bytes incl. upcall queue)\n"
            f" policy: restart 1 of 3\n").encode()


def run_filter(data, args, env=None):
    res = subprocess.run([sys.executable, SYMBOLIZE] + args, input=data, capture_output=True,
                         timeout=30, env=env)
    return res.returncode, res.stdout


class Symbolize(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.slot0 = os.path.join(ARGS.apps, "debug_target", "rv32imac.0x80100080.0x80300000.elf")
        cls.elf = tick_syms.Elf(cls.slot0)
        # (gcc may name a specialized copy write_flash.constprop.0)
        cls.write_flash = next(a for n, a in cls.elf.symbols.items() if n.split(".")[0] == "write_flash")
        cls.main_at = cls.elf.symbols["main"]

    def test_passes_everything_through_unchanged(self):
        data = b"tick$ \x00\xff\r\nline\n\x1b[A partial"
        status, out = run_filter(data, ["--kernel", ARGS.kernel])
        self.assertEqual(status, 0)
        self.assertEqual(out, data)

    def test_prompt_without_newline_arrives_at_once(self):
        p = subprocess.Popen([sys.executable, SYMBOLIZE], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            p.stdin.write(b"tick$ ")
            p.stdin.flush()
            ready, _, _ = select.select([p.stdout], [], [], 10)
            self.assertTrue(ready, "the prompt did not come through while the input stayed open")
            self.assertEqual(os.read(p.stdout.fileno(), 100), b"tick$ ")
        finally:
            p.stdin.close()
            p.wait(timeout=10)

    def test_fault_report_of_an_app_running_elsewhere(self):
        # The slot-0 ELF reported running 0x40000 higher (relocated, or installed at run
        # time): the report's own binary start gives the offset.
        shift = 0x40000
        data = report("debug_target", self.write_flash + 4 + shift, self.main_at + 0x26 + shift,
                      0x80140000, 0x80140080, 0x80340000)
        status, out = run_filter(data, ["--elf", f"debug_target={self.slot0}"])
        self.assertEqual(status, 0)
        text = out.decode()
        self.assertIn(f" [symbols] pc 0x{self.write_flash + 4 + shift:08x} "
                      "apps/tests/debug_target/main.c:12 in write_flash()\n", text)
        self.assertRegex(text, r" \[symbols\] ra 0x[0-9a-f]{8} apps/tests/debug_target/main.c:\d+ in main\(\)\n")
        # added right after the memory map, the rest unchanged
        self.assertEqual(text.replace(text[text.index(" [symbols]"):text.index(" policy")], ""),
                         data.decode())

    def test_fault_report_found_through_the_image_map(self):
        with tempfile.NamedTemporaryFile("w", suffix=".map", delete=False) as m:
            m.write("# name\ttbf_start\tapp_start\tram_start\tsource\tmember\n")
            m.write(f"debug_target\t0x80100000\t0x80100080\t0x80300000\t"
                    f"{os.path.join(ARGS.apps, 'debug_target', 'debug_target.tab')}\t"
                    "rv32imac.0x80100080.0x80300000.tbf\n")
        try:
            data = report("debug_target", self.write_flash + 4, self.main_at + 0x26,
                          0x80100000, 0x80100080, 0x80300000)
            _, out = run_filter(data, ["--kernel", ARGS.kernel, "--map", m.name])
        finally:
            os.unlink(m.name)
        self.assertIn(b"main.c:12 in write_flash()", out)

    def test_arm_reports_name_lr(self):
        data = report("debug_target", self.write_flash + 4, self.main_at + 0x26,
                      0x80100000, 0x80100080, 0x80300000).replace(b"   ra=", b"   lr=")
        _, out = run_filter(data, ["--elf", f"debug_target={self.slot0}"])
        self.assertRegex(out.decode(), r" \[symbols\] lr 0x[0-9a-f]{8} apps/tests/debug_target/main.c:\d+ in main\(\)\n")

    def test_unknown_app_is_left_alone(self):
        data = report("stranger", 0x80100190, 0x8010014e, 0x80100000, 0x80100080, 0x80300000)
        _, out = run_filter(data, ["--kernel", ARGS.kernel])
        self.assertEqual(out, data)

    def test_kernel_panic_uses_the_kernel_elf(self):
        addr = tick_syms.Elf(ARGS.kernel).symbols["syscall_dispatch"]
        data = (f"\nKERNEL PANIC: kernel fault: load access fault (mcause 5) at pc 0x{addr:08x}, "
                "mtval 0x00000000\n").encode()
        _, out = run_filter(data, ["--kernel", ARGS.kernel])
        self.assertRegex(out.decode(), r"\n \[symbols\] pc 0x[0-9a-f]{8} kernel/syscall\.c:\d+ in syscall_dispatch\(\)\n$")

    def test_without_addr2line_the_elf_symbols_answer(self):
        env = dict(os.environ, PATH=os.path.dirname(sys.executable))
        data = report("debug_target", self.write_flash + 4, self.main_at + 0x26,
                      0x80100000, 0x80100080, 0x80300000)
        _, out = run_filter(data, ["--elf", f"debug_target={self.slot0}"], env=env)
        self.assertIn(f" [symbols] pc 0x{self.write_flash + 4:08x} in write_flash()+0x4\n".encode(), out)

    def test_gdb_command_for_a_moved_app(self):
        cmd = tick_syms.add_symbol_file(tick_syms.place(self.elf, 0x80140080, 0x80340000))
        sections = {name: addr for (name, addr, _, _) in self.elf.sections}
        self.assertIn(f" -s .text 0x{sections['.text'] + 0x40000:x}", cmd)     # flash moved
        self.assertIn(f" -s .bss 0x{sections['.bss'] + 0x40000:x}", cmd)       # RAM moved
        self.assertEqual(tick_syms.add_symbol_file(tick_syms.place(self.elf, 0x80100080, 0x80300000)),
                         f"add-symbol-file {self.slot0}")                      # linked in place


class Results(unittest.TextTestResult):
    """Writes PASS/FAIL <suite>/<test> lines for scripts/test-summary.sh."""
    log = None

    def _line(self, test, ok):
        with open(self.log, "a") as f:
            f.write(f"{'PASS' if ok else 'FAIL'} symbolize/{getattr(test, '_testMethodName', 'setup')}\n")

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(test, True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._line(test, False)

    def addError(self, test, err):
        super().addError(test, err)
        self._line(test, False)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--apps", required=True)
    ARGS = ap.parse_args()
    open(ARGS.log, "w").close()
    Results.log = ARGS.log
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(Symbolize)
    result = unittest.TextTestRunner(resultclass=Results, verbosity=1).run(suite)
    sys.exit(0 if result.wasSuccessful() else 1)
