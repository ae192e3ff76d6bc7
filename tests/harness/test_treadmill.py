#!/usr/bin/env python3
"""Self-tests of the Treadmill harness: scenario parsing and transcript matching on fake runs, no QEMU.

usage: test_treadmill.py [--log build/test-results/harness.log] [unittest args...]
Each test case becomes a `PASS harness/<case>` or `FAIL harness/<case>` line in the log.
"""

import os
import sys
import tempfile
import textwrap
import time
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import treadmill  # noqa: E402
from treadmill import Matcher, ScenarioError, parse_scenario, verdict  # noqa: E402


def scn(text):
    return parse_scenario("t", textwrap.dedent(text))


def feed_all(matcher, chunks):
    sent = []
    for c in chunks:
        sent += matcher.feed(c)
    return sent


class ParseTest(unittest.TestCase):
    def test_minimal(self):
        sc = scn('apps = ["a.tbf"]\nexpect = ["hello"]\n')
        self.assertEqual(sc.apps, ["a.tbf"])
        self.assertEqual(sc.timeout, treadmill.DEFAULT_TIMEOUT)
        self.assertEqual(len(sc.forbid), len(treadmill.DEFAULT_FORBID))
        self.assertFalse(sc.run_to_end)

    def test_full(self):
        sc = scn('''
            description = "console echo"
            apps = ["a.tbf", "b.tab"]
            timeout = 2.5
            icount = true
            expect = ["ready", "got: x"]
            forbid = ["fault"]
            default_forbid = false
            exit_code = 3
            qemu_args = ["-global", "x=y"]
            [[input]]
            after = "> $"
            send = "x\\n"
        ''')
        self.assertEqual(sc.timeout, 2.5)
        self.assertTrue(sc.icount and sc.run_to_end)
        self.assertEqual([p.pattern for p in sc.forbid], ["fault"])
        self.assertEqual(sc.inputs[0].send, "x\n")
        self.assertEqual(sc.exit_code, 3)
        self.assertIsNone(sc.kernel)

    def test_kernel_per_scenario(self):
        sc = scn('apps = ["a"]\nexpect = ["x"]\nkernel = "build/other/kernel.elf"')
        self.assertEqual(sc.kernel, "build/other/kernel.elf")
        runner = treadmill.Runner("k.elf", "board", "run.sh")
        cmd = runner.command(sc, "f.bin")
        self.assertEqual(cmd[cmd.index("--kernel") + 1], "build/other/kernel.elf")
        cmd = runner.command(scn('apps = ["a"]\nexpect = ["x"]'), "f.bin")
        self.assertEqual(cmd[cmd.index("--kernel") + 1], "k.elf")

    def test_flash_file_and_boots(self):
        runner = treadmill.Runner("k.elf", "board", "run.sh")
        sc = scn('apps = ["a"]\nexpect = ["x"]')
        self.assertEqual((sc.boots, sc.flash_readonly), (1, False))
        cmd = runner.command(sc, "/tmp/x/flash.bin")
        self.assertEqual(cmd[cmd.index("--flash") + 1], "/tmp/x/flash.bin")
        self.assertNotIn("--flash-readonly", cmd)
        sc = scn('apps = ["a"]\nexpect = ["x"]\nboots = 2\nflash_readonly = true')
        self.assertEqual(sc.boots, 2)
        self.assertIn("--flash-readonly", runner.command(sc, "f.bin"))

    def test_errors(self):
        bad = [
            'expect = ["x"]',                                  # no apps
            'apps = []\nexpect = ["x"]',                        # empty apps
            'apps = ["a"]',                                     # nothing to check
            'apps = ["a"]\nexpect = ["("]',                     # bad regex
            'apps = ["a"]\nexpect = ["x"]\nexpcet = ["y"]',     # typo'd key
            'apps = ["a"]\nexpect = ["x"]\ntimeout = 0',
            'apps = ["a"]\nexpect = ["x"]\ninput = [{after = "x"}]',
            'apps = ["a"\n',                                    # not TOML
            'apps = ["a"]\nexpect = ["x"]\nkernel = 3',          # kernel not a path
            'apps = ["a"]\nexpect = ["x"]\nkernel = ""',
            'apps = ["a"]\nexpect = ["x"]\nboots = 0',
            'apps = ["a"]\nexpect = ["x"]\nboots = true',
            'apps = ["a"]\nexpect = ["x"]\nflash_readonly = 1',
        ]
        for text in bad:
            with self.subTest(text=text):
                self.assertRaises(ScenarioError, scn, text)


class MatcherTest(unittest.TestCase):
    def test_in_order_across_chunks(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["boot", "app \\\\d+ ok"]'))
        feed_all(m, ["bo", "ot\napp 1", "2 ok\n"])
        self.assertTrue(m.satisfied)

    def test_order_matters(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["second", "first"]'))
        feed_all(m, ["first\n", "second\n"])
        self.assertEqual(m.matched, 1)
        self.assertFalse(m.satisfied)

    def test_same_text_not_matched_twice(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["tick", "tick"]'))
        m.feed("tick\n")
        self.assertEqual(m.matched, 1)
        m.feed("tick\n")
        self.assertTrue(m.satisfied)

    def test_partial_line_waits_for_newline(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["value=\\\\d+$"]'))
        m.feed("value=1")
        self.assertEqual(m.matched, 0)
        m.feed("2\n")
        self.assertTrue(m.satisfied)
        self.assertEqual(m.text, "value=12\n")

    def test_partial_line_counts_at_exit(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["bye"]'))
        m.feed("bye")
        m.finish()
        self.assertTrue(m.satisfied)

    def test_carriage_returns_dropped(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["^one$", "^two$"]'))
        m.feed("one\r\ntwo\r\n")
        self.assertTrue(m.satisfied)

    def test_forbid_default_panic(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["never"]'))
        m.feed("ok\nKERNEL PANIC: bad trap\n")
        self.assertEqual(m.forbidden[1], "KERNEL PANIC: bad trap")

    def test_forbid_default_can_be_disabled(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["x"]\ndefault_forbid = false'))
        m.feed("kernel panic\n")
        self.assertIsNone(m.forbidden)

    def test_forbid_seen_at_finish(self):
        m = Matcher(scn('apps = ["a"]\nexpect = ["x"]\nforbid = ["fault"]'))
        m.feed("x\nfau")
        m.feed("lt")
        self.assertIsNone(m.forbidden)
        m.finish()
        self.assertIsNotNone(m.forbidden)

    def test_input_on_prompt_without_newline(self):
        m = Matcher(scn('''
            apps = ["a"]
            expect = ["echo: hi"]
            input = [{after = "> $", send = "hi\\n"}, {after = "> $", send = "q\\n"}]
        '''))
        self.assertEqual(m.feed("tick> "), ["hi\n"])
        self.assertEqual(m.feed("x"), [])
        self.assertEqual(m.feed("\necho: hi\n> "), ["q\n"])
        self.assertTrue(m.satisfied)


class ReportTest(unittest.TestCase):
    def test_every_run_scenario_has_its_transcript(self):
        # Regression: transcripts were written only inside the loop over skipped scenarios.
        with tempfile.TemporaryDirectory() as d:
            results = [treadmill.Result("a", True, "", "hello a\n", 0.1),
                       treadmill.Result("b", False, "timeout", "hello b\n", 0.2)]
            treadmill.write_reports(results, Path(d), "qemu")
            self.assertEqual((Path(d) / "qemu" / "a.txt").read_text(), "hello a\n")
            self.assertEqual((Path(d) / "qemu" / "b.txt").read_text(), "hello b\n")
            log = (Path(d) / "qemu.log").read_text()
            self.assertIn("PASS qemu/a", log)
            self.assertIn("FAIL qemu/b", log)


class VerdictTest(unittest.TestCase):
    def run_matcher(self, text, chunks, status, timed_out=False, early=False, finish=True):
        m = Matcher(scn(text))
        feed_all(m, chunks)
        if finish:
            m.finish()
        return verdict(m, status, timed_out, early)

    def test_pass_early(self):
        ok, _ = self.run_matcher('apps = ["a"]\nexpect = ["x"]', ["x\n"], -9, early=True, finish=False)
        self.assertTrue(ok)

    def test_timeout_names_pending_pattern(self):
        ok, why = self.run_matcher('apps = ["a"]\nexpect = ["x", "y"]', ["x\n"], -9, timed_out=True,
                                   finish=False)
        self.assertFalse(ok)
        self.assertIn("expectation 2/2 /y/", why)

    def test_exit_before_match(self):
        ok, why = self.run_matcher('apps = ["a"]\nexpect = ["x"]', ["run.sh: kernel ELF not found\n"], 2)
        self.assertFalse(ok)
        self.assertIn("status 2", why)

    def test_exit_status_checked(self):
        sc = 'apps = ["a"]\nexpect = ["x"]\nrun_to_end = true'
        self.assertTrue(self.run_matcher(sc, ["x\n"], 0)[0])
        self.assertFalse(self.run_matcher(sc, ["x\n"], 1)[0])
        self.assertTrue(self.run_matcher('apps = ["a"]\nexit_code = 5', [""], 5)[0])

    def test_forbidden_beats_everything(self):
        ok, why = self.run_matcher('apps = ["a"]\nexpect = ["x"]', ["x\npanicked at foo\n"], 0)
        self.assertFalse(ok)
        self.assertIn("forbidden", why)


# A stand-in for scripts/run.sh: each "app" argument is an instruction.
FAKE_RUN_SH = r'''#!/usr/bin/env python3
import os, subprocess, sys, time
args = sys.argv[sys.argv.index("--") + 1:]
for a in args:
    op, _, val = a.partition(":")
    if op == "print":
        sys.stdout.write(val.replace("\\n", "\n")); sys.stdout.flush()
    elif op == "sleep":
        time.sleep(float(val))
    elif op == "echo":        # echo one console input line back
        sys.stdout.write("echo: " + sys.stdin.readline()); sys.stdout.flush()
    elif op == "child":       # a long-lived child, like QEMU under run.sh; pid written to val
        p = subprocess.Popen(["sleep", "300"])
        open(val, "w").write(str(p.pid))
        p.wait()
    elif op == "flash":       # print what the --flash file holds, then add val to it
        path = sys.argv[sys.argv.index("--flash") + 1]
        held = open(path).read() if os.path.exists(path) else ""
        sys.stdout.write("flash held: " + held + "\n"); sys.stdout.flush()
        open(path, "a").write(val)
    elif op == "exit":
        sys.exit(int(val))
'''


class RunTest(unittest.TestCase):
    """Whole runs through Runner against a fake run.sh."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.fake = Path(cls.tmp.name) / "fake-run.sh"
        cls.fake.write_text(FAKE_RUN_SH)
        cls.fake.chmod(0o755)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def run_scn(self, text):
        runner = treadmill.Runner("k.elf", "board", self.fake)
        return runner.run(scn(text))

    def test_pass_and_stop_early(self):
        pidfile = Path(self.tmp.name) / "child.pid"
        start = time.monotonic()
        r = self.run_scn(f'apps = ["print:hello\\\\n", "child:{pidfile}"]\nexpect = ["hello"]\ntimeout = 20')
        self.assertTrue(r.passed, r.reason)
        self.assertLess(time.monotonic() - start, 10)
        self.assert_dead(int(pidfile.read_text()))

    def assert_dead(self, pid):
        time.sleep(0.1)
        with self.assertRaises(ProcessLookupError):
            os.kill(pid, 0)

    def test_timeout_kills_children(self):
        pidfile = Path(self.tmp.name) / "child2.pid"
        r = self.run_scn(f'apps = ["print:hi\\\\n", "child:{pidfile}"]\nexpect = ["bye"]\ntimeout = 1')
        self.assertFalse(r.passed)
        self.assertIn("timed out", r.reason)
        self.assertEqual(r.transcript, "hi\n")
        self.assert_dead(int(pidfile.read_text()))

    def test_input_is_typed(self):
        r = self.run_scn('''
            apps = ["print:> ", "echo", "exit:0"]
            expect = ["echo: ping"]
            input = [{after = "> ", send = "ping\\n"}]
            run_to_end = true
            timeout = 10
        ''')
        self.assertTrue(r.passed, r.reason + "\n" + r.transcript)

    def test_boots_share_the_flash_file(self):
        r = self.run_scn('''
            apps = ["flash:x", "exit:0"]
            boots = 3
            expect = ["flash held: $", "^.treadmill: boot 2.$", "flash held: x$",
                      "^.treadmill: boot 3.$", "flash held: xx$"]
            run_to_end = true
        ''')
        self.assertTrue(r.passed, r.reason + "\n" + r.transcript)

    def test_a_failed_boot_ends_the_run(self):
        r = self.run_scn('apps = ["flash:x", "exit:3"]\nboots = 2\nexpect = ["boot 2"]')
        self.assertFalse(r.passed)
        self.assertIn("status 3", r.reason)
        self.assertNotIn("boot 2", r.transcript)

    def test_every_boot_but_the_last_runs_to_its_end(self):
        # all expectations match in boot 1, yet boot 2 still happens
        r = self.run_scn('apps = ["print:hi\\n", "exit:0"]\nboots = 2\nexpect = ["hi"]')
        self.assertTrue(r.passed, r.reason)
        self.assertTrue(r.transcript.startswith("hi\n[treadmill: boot 2]\n"), r.transcript)

    def test_run_to_end_exit_status(self):
        r = self.run_scn('apps = ["print:done\\\\n", "exit:3"]\nexpect = ["done"]\nrun_to_end = true')
        self.assertFalse(r.passed)
        self.assertIn("exit status 3", r.reason)


class ArchTest(unittest.TestCase):
    """[arch.<name>] tables: overrides for another arch, or why a scenario does not apply."""

    TEXT = textwrap.dedent("""
        apps = ["build/apps/a.tab"]
        expect = ["cause: load access fault"]
        [arch.cortex-m]
        expect = ["cause: MPU data access violation"]
        """)

    def test_base_arch_ignores_the_tables(self):
        sc = parse_scenario("t", self.TEXT)
        self.assertIsNone(sc.skip)
        self.assertEqual(sc.expect[0].pattern, "cause: load access fault")

    def test_table_overrides_keys(self):
        sc = parse_scenario("t", self.TEXT, arch="cortex-m")
        self.assertIsNone(sc.skip)
        self.assertEqual(sc.expect[0].pattern, "cause: MPU data access violation")

    def test_no_table_means_not_ported(self):
        sc = parse_scenario("t", 'apps = ["a.tab"]\nexpect = ["x"]\n', arch="cortex-m")
        self.assertIn("not ported", sc.skip)

    def test_skip_says_why(self):
        sc = parse_scenario("t", 'apps = ["a.tab"]\nexpect = ["x"]\n[arch.cortex-m]\nskip = "no PMP"\n',
                            arch="cortex-m")
        self.assertEqual(sc.skip, "no PMP")
        with self.assertRaises(ScenarioError):
            parse_scenario("t", 'apps = ["a.tab"]\nexpect = ["x"]\n[arch.cortex-m]\nskip = ""\n',
                           arch="cortex-m")
        with self.assertRaises(ScenarioError):
            parse_scenario("t", 'apps = ["a.tab"]\nexpect = ["x"]\n[arch.cortex-m]\nbogus = 1\n',
                           arch="cortex-m")


class LogResult(unittest.TextTestResult):
    """Also records one PASS/FAIL line per test case for scripts/test-summary.sh."""

    lines = []

    def addSuccess(self, test):
        super().addSuccess(test)
        self.lines.append(f"PASS harness/{test.id().split('.', 1)[1]}")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.lines.append(f"FAIL harness/{test.id().split('.', 1)[1]}")

    def addError(self, test, err):
        super().addError(test, err)
        self.lines.append(f"FAIL harness/{test.id().split('.', 1)[1]}")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.lines.append(f"FAIL harness/{test.id().split('.', 1)[1]}")


if __name__ == "__main__":
    log = None
    if len(sys.argv) > 2 and sys.argv[1] == "--log":
        log = sys.argv[2]
        del sys.argv[1:3]
    prog = unittest.main(testRunner=unittest.TextTestRunner(resultclass=LogResult, verbosity=1),
                         exit=False)
    if log:
        os.makedirs(os.path.dirname(log) or ".", exist_ok=True)
        with open(log, "w") as f:
            f.writelines(line + "\n" for line in dict.fromkeys(LogResult.lines))
    sys.exit(0 if prog.result.wasSuccessful() else 1)
