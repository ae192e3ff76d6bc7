#!/usr/bin/env python3
"""Treadmill: runs QEMU boot scenarios (tests/qemu/*.scn) and checks their console transcripts.

A scenario names the apps to boot and the regexes the console must (and must never) print;
see docs/testing.md for the format. Each scenario boots through scripts/run.sh, with a store
flash file of its own (fresh, erased) that lasts for its boots; scenarios run in parallel. Results: PASS/FAIL lines in build/test-results/qemu.log, JUnit XML in
build/test-results/qemu.xml, every transcript in build/test-results/qemu/<name>.txt.

usage: treadmill.py [-j N] [-v] [--list] [--kernel ELF] [--board DIR]
                    [--arch ARCH --apps-dir DIR --suite NAME] [NAME_OR_GLOB ...]

A scenario's keys are written for the default arch (rv32). For another arch (--arch), a table
[arch.<ARCH>] in the scenario overrides keys (e.g. the fault cause names), or says
skip = "why it cannot apply"; a scenario without that table is skipped as not ported yet.
--apps-dir replaces the leading build/apps/ of app paths (each arch builds its own apps).
"""

import argparse
import fnmatch
import os
import re
import selectors
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Patterns no scenario may print unless it sets `default_forbid = false`.
DEFAULT_FORBID = [
    r"(?i)kernel panic",
    r"panicked at",
]

DEFAULT_TIMEOUT = 10.0
# run.sh gets a longer limit than the harness's own, as a backstop should the harness die.
RUN_SH_BACKSTOP = 10


class ScenarioError(Exception):
    """A scenario file that cannot be parsed or has invalid fields."""


@dataclass
class Input:
    after: re.Pattern
    send: str


@dataclass
class Scenario:
    name: str
    path: Path
    apps: list
    timeout: float = DEFAULT_TIMEOUT
    expect: list = field(default_factory=list)
    forbid: list = field(default_factory=list)
    inputs: list = field(default_factory=list)
    icount: bool = False
    run_to_end: bool = False
    exit_code: int | None = None
    qemu_args: list = field(default_factory=list)
    kernel: str | None = None
    description: str = ""
    boots: int = 1
    flash_readonly: bool = False
    skip: str | None = None   # why the scenario does not apply to the arch under test


KEYS = {"description", "apps", "timeout", "expect", "forbid", "default_forbid", "input",
        "icount", "run_to_end", "exit_code", "qemu_args", "kernel", "boots", "flash_readonly",
        "arch"}
BASE_ARCH = "rv32"   # the arch a scenario's top-level keys are written for


def _regex(text, what):
    if not isinstance(text, str):
        raise ScenarioError(f"{what}: expected a string, got {text!r}")
    try:
        return re.compile(text, re.MULTILINE)
    except re.error as e:
        raise ScenarioError(f"{what}: bad regex {text!r}: {e}") from None


def _str_list(data, key):
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ScenarioError(f"'{key}' must be a list of strings")
    return value


def parse_scenario(name, text, path=None, arch=BASE_ARCH):
    """Builds a Scenario from the TOML text of a .scn file for arch; raises ScenarioError."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ScenarioError(f"not valid TOML: {e}") from None
    unknown = set(data) - KEYS
    if unknown:
        raise ScenarioError(f"unknown key(s): {', '.join(sorted(unknown))}")
    per_arch = data.pop("arch", {})
    if not isinstance(per_arch, dict) or not all(isinstance(v, dict) for v in per_arch.values()):
        raise ScenarioError("'arch' must hold tables [arch.<name>]")
    skip = None
    if arch != BASE_ARCH:
        over = per_arch.get(arch)
        if over is None:
            skip = f"not ported to {arch} (no [arch.{arch}] table)"
            over = {}
        bad = set(over) - (KEYS - {"arch"}) - {"skip"}
        if bad:
            raise ScenarioError(f"[arch.{arch}]: unknown key(s): {', '.join(sorted(bad))}")
        if "skip" in over:
            if not isinstance(over["skip"], str) or not over["skip"]:
                raise ScenarioError(f"[arch.{arch}] skip must say why")
            skip = over["skip"]
        data.update({k: v for k, v in over.items() if k != "skip"})
    apps = _str_list(data, "apps")
    if not apps:
        raise ScenarioError("'apps' must list at least one app")
    timeout = data.get("timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or timeout <= 0:
        raise ScenarioError("'timeout' must be a positive number of seconds")
    for key in ("icount", "run_to_end", "default_forbid", "flash_readonly"):
        if not isinstance(data.get(key, False), bool):
            raise ScenarioError(f"'{key}' must be true or false")
    boots = data.get("boots", 1)
    if isinstance(boots, bool) or not isinstance(boots, int) or boots < 1:
        raise ScenarioError("'boots' must be a positive integer")
    exit_code = data.get("exit_code")
    if exit_code is not None and (isinstance(exit_code, bool) or not isinstance(exit_code, int)):
        raise ScenarioError("'exit_code' must be an integer")
    expect = [_regex(p, f"expect[{i}]") for i, p in enumerate(_str_list(data, "expect"))]
    forbid_src = (DEFAULT_FORBID if data.get("default_forbid", True) else []) + _str_list(data, "forbid")
    forbid = [_regex(p, "forbid") for p in forbid_src]
    inputs = []
    raw_inputs = data.get("input", [])
    if not isinstance(raw_inputs, list):
        raise ScenarioError("'input' must be a list of {after = ..., send = ...} tables")
    for i, item in enumerate(raw_inputs):
        if not isinstance(item, dict) or set(item) != {"after", "send"} or not isinstance(item["send"], str):
            raise ScenarioError(f"input[{i}] must be a table with exactly 'after' and 'send' strings")
        inputs.append(Input(_regex(item["after"], f"input[{i}].after"), item["send"]))
    kernel = data.get("kernel")
    if kernel is not None and (not isinstance(kernel, str) or not kernel):
        raise ScenarioError("'kernel' must be the path of a kernel ELF")
    run_to_end = data.get("run_to_end", False)
    if not expect and not run_to_end and exit_code is None:
        raise ScenarioError("nothing to check: give 'expect' patterns, or 'run_to_end'/'exit_code'")
    return Scenario(name=name, path=path, apps=apps, timeout=float(timeout), expect=expect,
                    forbid=forbid, inputs=inputs, icount=data.get("icount", False),
                    run_to_end=run_to_end or exit_code is not None, exit_code=exit_code,
                    qemu_args=_str_list(data, "qemu_args"), kernel=kernel,
                    description=str(data.get("description", "")), boots=boots,
                    flash_readonly=data.get("flash_readonly", False), skip=skip)


class Matcher:
    """Follows a console transcript as it streams in and tracks a scenario's expectations.

    `expect` patterns must match in order, each after the end of the previous match; while QEMU
    runs they only see complete lines (so `\\d+` cannot match half a number). `input` triggers
    see partial lines too, so that a prompt without a newline can trigger them. `forbid`
    patterns are checked on every new block of complete lines and, at the end, on the whole
    transcript.
    """

    def __init__(self, scenario):
        self.sc = scenario
        self.text = ""
        self.matched = 0          # number of expect patterns matched so far
        self.expect_pos = 0       # transcript offset where the next expect search starts
        self.sent = 0             # number of inputs sent so far
        self.input_pos = 0
        self.forbid_pos = 0
        self.forbidden = None     # (pattern, offending line) of the first forbidden match
        self.printed = 0          # transcript offset streamed so far (-v)

    def feed(self, chunk):
        """Adds console output; returns the list of strings to type into the console now."""
        self.text += chunk.replace("\r", "")
        self._advance(self.text.rfind("\n") + 1)
        return self._due_inputs()

    def finish(self):
        """QEMU is gone: the last partial line counts as complete; recheck forbid on everything."""
        self._advance(len(self.text))
        self.forbid_pos = 0
        self._check_forbid(len(self.text))

    @property
    def satisfied(self):
        """All expectations matched and all inputs sent."""
        return self.matched == len(self.sc.expect) and self.sent == len(self.sc.inputs)

    def _advance(self, end):
        self._check_forbid(end)
        while self.matched < len(self.sc.expect):
            m = self.sc.expect[self.matched].search(self.text, self.expect_pos, end)
            if not m:
                break
            self.matched += 1
            self.expect_pos = m.end()

    def _check_forbid(self, end):
        if self.forbidden is None and end > self.forbid_pos:
            for p in self.sc.forbid:
                m = p.search(self.text, self.forbid_pos, end)
                if m:
                    self.forbidden = (p.pattern, self._line_at(m.start()))
                    break
        self.forbid_pos = max(self.forbid_pos, end)

    def _due_inputs(self):
        out = []
        while self.sent < len(self.sc.inputs):
            item = self.sc.inputs[self.sent]
            m = item.after.search(self.text, self.input_pos)
            if not m:
                break
            out.append(item.send)
            self.sent += 1
            self.input_pos = m.end()
        return out

    def _line_at(self, pos):
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return self.text[start:end if end >= 0 else len(self.text)]


def verdict(matcher, status, timed_out, stopped_early):
    """Decides a finished run: returns (passed, reason). `status` is run.sh's exit status."""
    sc = matcher.sc
    if matcher.forbidden:
        pattern, line = matcher.forbidden
        return False, f"forbidden pattern /{pattern}/ appeared: {line.strip()!r}"
    if matcher.matched < len(sc.expect):
        k = matcher.matched
        what = f"expectation {k + 1}/{len(sc.expect)} /{sc.expect[k].pattern}/"
        if timed_out:
            return False, f"timed out after {sc.timeout:g}s waiting for {what}"
        if status == 2:
            return False, f"run.sh rejected its input (status 2, see transcript) before {what}"
        return False, f"QEMU exited (status {status}) before {what} appeared"
    if matcher.sent < len(sc.inputs):
        k = matcher.sent
        return False, f"input {k + 1}/{len(sc.inputs)} never triggered: /{sc.inputs[k].after.pattern}/"
    if stopped_early:
        return True, "all expectations matched"
    if timed_out:
        return False, f"QEMU did not exit within {sc.timeout:g}s (run_to_end)"
    want = 0 if sc.exit_code is None else sc.exit_code
    if status != want:
        hint = {2: " (run.sh rejected its input)", 124: " (run.sh timeout)"}.get(status, "")
        return False, f"QEMU exit status {status}{hint}, expected {want}"
    return True, f"exit status {status}"


@dataclass
class Result:
    name: str
    passed: bool
    reason: str
    transcript: str
    seconds: float


def _descendants(pid):
    """Pids of every live descendant of pid (Linux /proc)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rfind(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


def _kill_tree(proc):
    """Stops run.sh's children (QEMU ignores SIGTERM under -icount sleep=off, so SIGKILL) and
    lets run.sh itself exit, so that its trap removes the temporary flash image."""
    for _ in range(10):
        if proc.poll() is not None:
            return
        for pid in _descendants(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            proc.wait(timeout=0.5)
            return
        except subprocess.TimeoutExpired:
            pass
    proc.kill()
    proc.wait()


class Runner:
    """Runs scenarios through run.sh and keeps track of live runs for clean-up on ^C."""

    def __init__(self, kernel, board, run_sh, verbose=False):
        self.kernel, self.board, self.run_sh, self.verbose = kernel, board, run_sh, verbose
        self.live = set()
        self.lock = threading.Lock()
        self.stopping = False

    def command(self, sc, flash):
        kernel = sc.kernel or self.kernel
        cmd = [str(self.run_sh), "--kernel", str(kernel), "--board", str(self.board),
               "--timeout", str(int(sc.timeout + 0.999) + RUN_SH_BACKSTOP), "--flash", str(flash)]
        if sc.flash_readonly:
            cmd.append("--flash-readonly")
        if sc.icount:
            cmd.append("--icount")
        for arg in sc.qemu_args:
            cmd += ["--qemu-arg", arg]
        return cmd + ["--"] + sc.apps

    def run(self, sc):
        """Boots the scenario sc.boots times on one flash file (run.sh creates it, erased, at the
        first boot); every boot but the last must end by itself with status 0. The transcript
        marks each later boot with a line "[treadmill: boot N]"."""
        start = time.monotonic()
        deadline = start + sc.timeout
        matcher = Matcher(sc)
        with tempfile.TemporaryDirectory(prefix="treadmill-") as tmp:
            for boot in range(1, sc.boots + 1):
                marker = ""
                if boot > 1:
                    marker = ("" if matcher.text.endswith("\n") else "\n") + f"[treadmill: boot {boot}]\n"
                last = boot == sc.boots
                status, timed_out, stopped_early = self._boot(sc, matcher, deadline,
                                                              Path(tmp) / "flash.bin", last, marker)
                if last or timed_out or matcher.forbidden or status != 0:
                    break
        if not (timed_out or stopped_early):
            matcher.finish()
            if self.verbose:
                self._stream(sc.name, matcher.text + "\n", matcher.printed)
        passed, reason = verdict(matcher, status, timed_out, stopped_early)
        if passed and boot < sc.boots:
            passed, reason = False, f"boot {boot} of {sc.boots} ended the run (status {status})"
        return Result(sc.name, passed, reason, matcher.text, time.monotonic() - start)

    def _boot(self, sc, matcher, deadline, flash, last, marker):
        """One QEMU run; returns (run.sh's exit status, timed out, stopped early: only the last
        boot stops once every expectation matched)."""
        proc = subprocess.Popen(self.command(sc, flash), cwd=ROOT, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
        with self.lock:
            self.live.add(proc)
            if self.stopping:
                _kill_tree(proc)
        timed_out = stopped_early = False
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        try:
            for text in matcher.feed(marker) if marker else []:
                self._type(proc, text)
            while True:
                if matcher.forbidden or (last and matcher.satisfied and not sc.run_to_end):
                    stopped_early = not matcher.forbidden
                    break
                left = deadline - time.monotonic()
                if left <= 0:
                    timed_out = True
                    break
                if not sel.select(timeout=min(left, 0.5)):
                    continue
                data = os.read(proc.stdout.fileno(), 65536)
                if not data:
                    break
                for text in matcher.feed(data.decode("utf-8", errors="replace")):
                    self._type(proc, text)
                if self.verbose:
                    matcher.printed = self._stream(sc.name, matcher.text, matcher.printed)
        finally:
            sel.close()
            _kill_tree(proc)
            for pipe in (proc.stdin, proc.stdout):
                try:
                    pipe.close()
                except OSError:
                    pass
            with self.lock:
                self.live.discard(proc)
        return proc.returncode, timed_out, stopped_early

    @staticmethod
    def _type(proc, text):
        try:
            proc.stdin.write(text.encode())
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    @staticmethod
    def _stream(name, text, printed):
        end = text.rfind("\n") + 1
        for line in text[printed:end].splitlines():
            print(f"[{name}] {line}", flush=True)
        return max(printed, end)

    def stop_all(self):
        with self.lock:
            self.stopping = True
            for proc in list(self.live):
                _kill_tree(proc)


def find_scenarios(directory):
    """Maps scenario name (path below the directory, without .scn) to its file."""
    return {str(p.relative_to(directory).with_suffix("")): p
            for p in sorted(Path(directory).rglob("*.scn"))}


def select(available, patterns):
    """Returns (names matching any pattern, patterns matching nothing); patterns are names or globs."""
    chosen = [n for n in sorted(available) if any(fnmatch.fnmatchcase(n, p) for p in patterns)]
    missing = [p for p in patterns if not any(fnmatch.fnmatchcase(n, p) for n in available)]
    return chosen, missing


def write_reports(results, results_dir, suite_name="qemu", skipped=()):
    results_dir.mkdir(parents=True, exist_ok=True)
    transcripts = results_dir / suite_name
    transcripts.mkdir(exist_ok=True)
    with open(results_dir / f"{suite_name}.log", "w") as log:
        for r in results:
            log.write(f"{'PASS' if r.passed else 'FAIL'} {suite_name}/{r.name}\n")
            path = transcripts / f"{r.name}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(r.transcript)
        for sc in skipped:
            log.write(f"SKIP {suite_name}/{sc.name}: {sc.skip}\n")
    suite = ET.Element("testsuite", name=suite_name, tests=str(len(results)),
                       failures=str(sum(not r.passed for r in results)),
                       time=f"{sum(r.seconds for r in results):.3f}")
    for r in results:
        case = ET.SubElement(suite, "testcase", classname=suite_name, name=r.name, time=f"{r.seconds:.3f}")
        if not r.passed:
            ET.SubElement(case, "failure", message=r.reason).text = r.reason
        ET.SubElement(case, "system-out").text = _xml_safe(r.transcript)
    ET.ElementTree(suite).write(results_dir / f"{suite_name}.xml", encoding="utf-8", xml_declaration=True)


def _xml_safe(text):
    """Drops characters XML 1.0 cannot carry (console output may contain control bytes)."""
    return re.sub(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "?", text)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Run QEMU console scenarios (tests/qemu/*.scn).")
    ap.add_argument("names", nargs="*", help="scenario names or shell globs (default: all)")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="parallel runs")
    ap.add_argument("-v", "--verbose", action="store_true", help="stream every transcript")
    ap.add_argument("--list", action="store_true", help="list scenarios and exit")
    ap.add_argument("--kernel", default="build/qemu_rv32_virt/kernel.elf")
    ap.add_argument("--board", default="boards/qemu_rv32_virt")
    ap.add_argument("--scenarios", default=str(ROOT / "tests/qemu"), help="scenario folder")
    ap.add_argument("--results", default=str(ROOT / "build/test-results"), help="results folder")
    ap.add_argument("--run-sh", default=str(ROOT / "scripts/run.sh"), help="boot script")
    ap.add_argument("--arch", default=BASE_ARCH, help="arch under test ([arch.<ARCH>] tables)")
    ap.add_argument("--apps-dir", help="replaces the leading build/apps/ of app paths")
    ap.add_argument("--suite", default="qemu", help="name of the results (log, XML, transcripts)")
    args = ap.parse_args(argv)

    available = find_scenarios(args.scenarios)
    names, missing = select(available, args.names or ["*"])
    if args.names and missing:
        print(f"treadmill: no scenario matches: {' '.join(missing)} (tests/harness/treadmill.py --list shows them)",
              file=sys.stderr)
        return 2

    scenarios, results = [], []
    for name in names:
        try:
            scenarios.append(parse_scenario(name, available[name].read_text(), available[name],
                                            args.arch))
        except (ScenarioError, OSError) as e:
            results.append(Result(name, False, f"bad scenario file {available[name]}: {e}", "", 0.0))
    skipped = [sc for sc in scenarios if sc.skip]
    scenarios = [sc for sc in scenarios if not sc.skip]
    if args.apps_dir:
        for sc in scenarios:
            sc.apps = [args.apps_dir.rstrip("/") + "/" + a[len("build/apps/"):]
                       if a.startswith("build/apps/") else a for a in sc.apps]
    if args.list:
        for sc in scenarios:
            print(f"{sc.name:30} {sc.description}")
        for sc in skipped:
            print(f"{sc.name:30} SKIP: {sc.skip}")
        for r in results:
            print(f"{r.name:30} ERROR: {r.reason}")
        return 0
    if not names:
        print(f"treadmill: no scenarios in {args.scenarios}")
        write_reports([], Path(args.results), args.suite)
        return 0

    runner = Runner(args.kernel, args.board, args.run_sh, args.verbose)
    print(f"treadmill: {len(scenarios) + len(results)} scenario(s), {args.jobs} at a time"
          f"{f', {len(skipped)} skipped for {args.arch}' if skipped else ''}")
    for r in results:
        print(f"FAIL {args.suite}/{r.name}: {r.reason}", flush=True)
    pool = ThreadPoolExecutor(max_workers=max(1, args.jobs))
    try:
        for future in as_completed([pool.submit(runner.run, sc) for sc in scenarios]):
            r = future.result()
            print(f"{'PASS' if r.passed else 'FAIL'} {args.suite}/{r.name} ({r.seconds:.1f}s)"
                  f"{'' if r.passed else ': ' + r.reason}", flush=True)
            results.append(r)
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        runner.stop_all()
        raise
    pool.shutdown()
    results.sort(key=lambda r: r.name)
    write_reports(results, Path(args.results), args.suite, skipped)

    failed = [r for r in results if not r.passed]
    for r in failed:
        print(f"\n===== FAIL qemu/{r.name}: {r.reason}")
        print(r.transcript if r.transcript.endswith("\n") or not r.transcript else r.transcript + "\n", end="")
        print(f"===== end of qemu/{r.name}")
    print(f"treadmill: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
