#!/usr/bin/env python3
"""Tick benchmarks: boots the bench apps under `qemu -icount shift=0,sleep=off`, turns the
"BENCH ..." lines they print into figures (and, for the app store, times tick-load without
icount), adds sizes read from the ELFs, and writes
results.json, results.md and chart.png. Also checks figures against bench/budgets.txt and
updates README.md's table. Methods: docs/benchmarks.md.

usage: bench.py run    --kernel ELF --board DIR --out DIR --syscalls TBF --switch TBF TBF
                       [--ipc SERVER_TBF CLIENT_TBF] [--async TBF] [--store TAB]
                       [--store-scale KERNEL17 BOOT_TBF PAYLOAD_DIR]
                       [--reloc-syscalls TBF --reloc-bench ELF --reloc-app NAME RELOC.tbf FIXED.tbf ...]
                       [--quiet]
       bench.py check  --results JSON --budgets TXT [--log FILE] [--suite NAME]
       bench.py sizes  --kernel ELF --board DIR --out DIR   (size figures only, any board)
       bench.py readme --results JSON --readme README.md
"""
import argparse
import glob
import json
import os
import re
import shutil
import statistics
import struct
import subprocess
import sys
import time

CROSS = os.environ.get("CROSS", "riscv64-unknown-elf-")
RUN_TIMEOUT_S = 30      # per QEMU boot (scripts/run.sh kills with SIGKILL after this)

# Reference points, from docs/design.md "Where the bar is" (same QEMU, guest instructions);
# the Tock memop / yield rows were measured the same way (docs/benchmarks.md). Strings are
# shown as they are; "chart" is the number the chart plots (the lower end of a range).
ANCHORS = {
    "null_command": {"floor": "76", "freertos": "151-170", "tock": "2,339", "goal": 110},
    "memop": {"tock": "2,342"},
    "yield_no_wait": {"tock": "2,062"},
    "context_switch": {"floor": "96", "freertos": "152-171", "goal": 200},
    "ipc_round_trip": {"floor": "~220-250", "freertos": "727-765", "tock": "15,731", "goal": 500},
    "ipc_round_trip_64": {"tock": "15,842"},
    "alarm_to_upcall": {"floor": "~110-120", "freertos": "262-281", "tock": "3,204", "goal": 300},
    "kernel_text": {"freertos": "~9.8 KB", "tock": "104 KB", "goal": 32 * 1024},
    "kernel_text_noshell": {"goal": 32 * 1024},
    "kernel_bss": {"tock": "109,832"},
    "kernel_bytes_per_process": {"floor": "~150", "freertos": "96-104",
                                 "tock": "708 (struct)", "goal": 256},
    "kernel_bytes_per_process_total": {"floor": "~150", "freertos": "96-104",
                                       "tock": "1,068 + grants", "goal": 400},
    "async_demo_coroutines_overhead_pct": {"tock": "+79% (libtock-rs futures)", "goal": 10},
    # Tock's dynamic app loading on nRF52: 130 ms per 4 KiB page, ~1.0 s for 32 KiB (issue 14)
    "store_install_tickload_s": {"tock": "~1.0 (130 ms per 4 KiB page, nRF52)"},
}

# The async userland (docs/userland.md): (key, label, unit), a table of its own.
ASYNC_ROWS = [
    ("cb_resume", "kernel's WaitAny return -> first instruction of a layer 2 callback", "instructions"),
    ("co_resume", "kernel's WaitAny return -> first instruction of the resumed coroutine", "instructions"),
    ("co_select4", "select over four timers, more than one await", "instructions"),
    ("co_select4_drivers", "select over timer, console read, button, GPIO edge, more than one await",
     "instructions"),
    ("cw_resume", "the same, layer 3's lean form (<tick/cw.h>)", "instructions"),
    ("cw_select_drivers", "lean form: select over console read, button, GPIO edge, deadline wins, "
     "more than one sleep", "instructions"),
    ("async_demo_blocking_text", "async_demo text, blocking form (layers 0-1)", "bytes"),
    ("async_demo_callbacks_text", "async_demo text, callbacks form (layer 2)", "bytes"),
    ("async_demo_coroutines_text", "async_demo text, coroutines form (layer 3 lean core)", "bytes"),
    ("async_demo_coroutine_ops_text", "async_demo text, coroutine form on the lean form's driver ops",
     "bytes"),
    ("async_demo_coroutines_overhead_pct", "coroutines form vs blocking form, text", "%"),
    ("async_demo_coroutine_ops_overhead_pct", "coroutine ops form vs blocking form, text", "%"),
]
ASYNC_FORMS = ("blocking", "callbacks", "coroutines", "coroutine_ops")

# Relocatable apps (docs/apps.md, docs/benchmarks.md): (key, label, unit), a table of its own.
RELOC_ROWS = [
    ("reloc_apply_per_entry", "patching, per relocation (pictest, flash and RAM moved)", "instructions"),
    ("reloc_parse_per_entry", "checking the table at load, per relocation", "instructions"),
    ("reloc_table_bytes_per_entry", "table bytes per relocation (pictest, TLV header included)", "bytes"),
    ("reloc_elf_bytes_per_entry", "the ELF's relocation sections for the same image, per relocation", "bytes"),
    ("reloc_start_latency", "start latency: relocatable app moved at boot minus the fixed build", "instructions"),
    ("reloc_syscall_slowdown", "system calls: relocatable build minus fixed build, worst of six", "instructions"),
    ("reloc_code_size_pct", "code size: relocatable ELF text vs fixed (syscalls app, pictest)", "%"),
    ("reloc_flash_pct_pictest", "flash: relocatable TBF vs one fixed TBF, pictest", "%"),
    ("reloc_flash_pct_hello", "flash: relocatable TBF vs one fixed TBF, hello", "%"),
]

# (key, label, unit) in table order.
ROWS = [
    ("null_command", "null system call (command 0, driver 8)", "instructions"),
    ("memop", "memop (op 2, memory start)", "instructions"),
    ("yield_no_wait", "yield-no-wait, nothing queued", "instructions"),
    ("subscribe", "subscribe (alarm, upcall 0)", "instructions"),
    ("allow_rw", "read-write allow (console, 16 B)", "instructions"),
    ("allow_ro", "read-only allow (console, 16 B)", "instructions"),
    ("context_switch", "switch between two isolated processes", "instructions"),
    ("ipc_round_trip", "IPC round trip, small message (call + reply, 0 bytes)", "instructions"),
    ("ipc_round_trip_64", "IPC round trip, 64-byte request and reply", "instructions"),
    ("ipc_async_round_trip", "IPC round trip without waiting (CALL_ASYNC + WaitFor its event, 0 B)", "instructions"),
    ("ipc_handoff", "IPC buffer handoff (transfer + give back, 256 B)", "instructions"),
    ("ipc_lease_copy_per_byte", "IPC lease copy, per byte (kernel, 1 KiB)", "instructions"),
    ("ipc_memcpy_per_byte", "... a process's own word copy, per byte", "instructions"),
    ("ipc_pipeline_packets_per_minstr", "3-process pipeline, 1,500-byte packets per 10^6 instr.", "packets"),
    ("ipc_pipeline_instr_per_packet", "... instructions per packet (incl. writing and checking it)", "instructions"),
    ("ipc_pipeline_bytes_copied_per_packet", "... bytes copied per packet", "bytes"),
    ("alarm_to_upcall", "timer expiry -> first instruction of upcall", "instructions"),
    ("boot_to_first_app", "reset -> first instruction of first app", "instructions"),
    ("store_install_32k", "install a 32 KiB app (0x10001, setup -> finalize)", "instructions"),
    ("store_boot_per_app", "boot: + per installed 32 KiB app (SHA-256 checked)", "instructions"),
    ("store_remove_32k", "remove an installed 32 KiB app (0x10001: stop, free, erase)", "instructions"),
    ("store_boot_1", "reset -> first app instruction, 1 installed 32 KiB app", "instructions"),
    ("store_boot_4", "... 4 installed 32 KiB apps", "instructions"),
    ("store_boot_16", "... 16 installed 32 KiB apps", "instructions"),
    ("store_install_tickload_s", "install a 32 KiB app through tick-load, end to end (s, wall time, varies)", "s"),
    ("store_alarm_lateness", "10 ms alarm lateness during installs (worst)", "instructions"),
    ("kernel_text", "kernel text (incl. rodata)", "bytes"),
    ("kernel_text_noshell", "... a kernel without the process console (KERNEL_SHELL=0)", "bytes"),
    ("kernel_data", "kernel data", "bytes"),
    ("kernel_bss", "kernel bss (incl. stack)", "bytes"),
    ("kernel_bytes_per_process", "kernel state per process (struct process)", "bytes"),
    ("kernel_bytes_per_process_total", "... plus kernel area in process RAM", "bytes"),
]


def die(msg):
    print("bench: " + msg, file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------------------------------
# Running the apps


def run_qemu(kernel, board, tbfs, flash=None, flash_trace=None):
    """Boots tbfs under -icount; with flash_trace, QEMU logs the store flash's erases and
    programmed words there (its pflash trace events; flash_ops counts them)."""
    trace = []
    if flash_trace:
        if os.path.exists(flash_trace):
            os.remove(flash_trace)
        trace = ["--qemu-arg", "-D " + flash_trace] + [
            x for ev in FLASH_TRACE_EVENTS for x in ("--qemu-arg", "-trace " + ev)]
    cmd = ["scripts/run.sh", "--kernel", kernel, "--board", board, "--icount",
           "--timeout", str(RUN_TIMEOUT_S)] + (["--flash", flash] if flash else []) + trace + \
        ["--"] + tbfs
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=RUN_TIMEOUT_S + 15)
    except subprocess.TimeoutExpired:
        die("QEMU run did not end: " + " ".join(cmd))
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        sys.stderr.write(out)
        die("QEMU run failed with status %d: %s" % (p.returncode, " ".join(cmd)))
    return out


# QEMU's CFI pflash (hw/block/pflash_cfi01.c) trace events: a block (sector) erase, and a word
# programmed (the kernel's driver programs one word per command; words that stay all ones are
# not sent).
FLASH_TRACE_EVENTS = ("pflash_write_block_erase", "pflash_data_write")


def flash_ops(path):
    """(sector erases, words programmed) in a flash trace of run_qemu."""
    erases = words = 0
    with open(path, errors="replace") as f:
        for line in f:
            if line.startswith("pflash_write_block_erase"):
                erases += 1
            elif line.startswith("pflash_data_write"):
                words += 1
    return erases, words


def bench_lines(out):
    """{key: [[ints], ...]} from the 'BENCH key n n n' lines."""
    lines = {}
    for line in out.splitlines():
        # Anywhere in the line: another process (e.g. the process console prompt) may have
        # written a partial line just before.
        m = re.search(r"BENCH (\S+)((?: \d+)*)\s*$", line)
        if m:
            lines.setdefault(m.group(1), []).append([int(x) for x in m.group(2).split()])
    return lines


def percentile(samples, q):
    """Nearest-rank percentile q (0-100) of samples."""
    v = sorted(samples)
    return v[max(0, min(len(v) - 1, int(-(-q * len(v) // 100)) - 1))]


def distribution(samples):
    """min, p50, p99 and max of samples, for results.json and the latency chart."""
    return {"min": min(samples), "p50": percentile(samples, 50), "p99": percentile(samples, 99),
            "max": max(samples), "all": sorted(samples)}


def one(lines, key, n):
    if key not in lines or len(lines[key][0]) != n:
        die("the bench app did not report '%s' (console output: qemu.log beside results.json)"
            % key)
    return lines[key][0]


def tbf_minimum_ram(path):
    """minimum_ram_size from a TBF's Main (1) or Program (9) TLV."""
    with open(path, "rb") as f:
        data = f.read()
    header_size = struct.unpack_from("<H", data, 2)[0]
    at = 16
    ram = None
    while at + 4 <= header_size:
        t, length = struct.unpack_from("<HH", data, at)
        if t in (1, 9):
            ram = struct.unpack_from("<I", data, at + 4 + 8)[0]
        at += 4 + ((length + 3) & ~3)
    if ram is None:
        die("%s: no Main or Program TLV" % path)
    return ram


def syscall_metrics(lines, results):
    for key in ("null_command", "memop", "yield_no_wait", "subscribe", "allow_rw", "allow_ro"):
        best, empty, n = one(lines, key, 3)
        results[key] = {"value": round((best - empty) / n, 1), "unit": "instructions",
                        "method": "best of 20 batches of %d calls minus the empty loop" % n,
                        "batch": best, "empty_batch": empty, "calls_per_batch": n}
    lo, hi, mean, samples, errors = one(lines, "alarm_to_upcall", 5)
    if errors or samples < 100:
        die("alarm benchmark: %d errors, %d samples" % (errors, samples))
    results["alarm_to_upcall"] = {
        "value": lo, "unit": "instructions",
        "method": "minimum over %d timer write phases of instret at upcall - 100 * expiry tick"
                  % samples,
        "max": hi, "mean": mean, "samples": samples}
    every = [x for row in lines.get("alarm_samples", []) for x in row]
    if len(every) == samples:
        d = distribution(every)
        results["alarm_to_upcall"].update({"p50": d["p50"], "p99": d["p99"], "distribution": d})
    boot = one(lines, "boot_to_first_app", 1)[0]
    results["boot_to_first_app"] = {
        "value": boot, "unit": "instructions",
        "method": "instret at the first instruction of the only app (absolute, since reset)"}
    inst, tick, _ = one(lines, "clock", 3)
    if abs(inst - 100 * tick) > 200:
        die("instret (%d) and mtime (%d) disagree: is QEMU running with -icount shift=0?"
            % (inst, tick))


def ipc_metrics(lines, results):
    for key in ("ipc_round_trip", "ipc_round_trip_64", "ipc_async_round_trip"):
        if key not in lines and key == "ipc_async_round_trip":
            continue   # the Cortex-M bench app does not measure it
        best, cal, rounds, errors = one(lines, key, 4)
        if errors:
            die("IPC benchmark %s: %d calls failed" % (key, errors))
        results[key] = {"value": best - cal, "unit": "instructions",
                        "method": ("client: instret before and after one Yield-IPC-Call to a "
                                   "server in another process blocked in Yield-IPC-Recv, which "
                                   "replies and waits again; best of %d, minus two back-to-back "
                                   "instret reads" if key != "ipc_async_round_trip" else
                                   "client: instret before CALL_ASYNC (0 bytes) to a server "
                                   "blocked in Yield-IPC-Recv and after the Yield-WaitFor that "
                                   "gets the reply event (the server runs when the client waits, "
                                   "replies and waits again; both switches through the kernel "
                                   "loop); best of %d, minus two back-to-back instret reads") % rounds,
                        "raw": best, "calibration": cal}


def xfer_metrics(lines, results):
    if "ipc_handoff" in lines:
        best, cal, rounds, errors = one(lines, "ipc_handoff", 4)
        if errors:
            die("IPC benchmark ipc_handoff: %d handoffs failed" % errors)
        results["ipc_handoff"] = {
            "value": best - cal, "unit": "instructions",
            "method": "client: instret around giving a 256-byte buffer to the server (buffer "
                      "transfer, command 13) and Yield-WaitFor until the server, woken by the "
                      "transfer event, has given it back; best of %d, minus two back-to-back "
                      "instret reads" % rounds, "raw": best, "calibration": cal}
    if "ipc_lease_copy" in lines:
        full, empty, plain, plain0, n, ok = one(lines, "ipc_lease_copy", 6)
        if not ok:
            die("IPC benchmark ipc_lease_copy: the lease's bytes did not arrive")
        results["ipc_lease_copy_per_byte"] = {
            "value": round((full - empty) / n, 3), "unit": "instructions",
            "method": "server: (LEASE_READ of %d bytes - LEASE_READ of 0 bytes) / %d, best of 20 "
                      "each, the client blocked in the call that lent them" % (n, n),
            "raw": [full, empty]}
        results["ipc_memcpy_per_byte"] = {
            "value": round((plain - plain0) / n, 3), "unit": "instructions",
            "method": "server: a word-by-word copy of %d bytes in its own memory, minus the same "
                      "call copying nothing, / %d: what the lease copy compares with" % (n, n),
            "raw": [plain, plain0]}


def pipeline_metrics(lines, results):
    packets, instr = one(lines, "ipc_pipeline", 2)
    copied, seen = one(lines, "ipc_pipeline_copied", 2)
    if seen != packets:
        die("pipeline benchmark: the app saw %d packets of %d" % (seen, packets))
    results["ipc_pipeline_instr_per_packet"] = {
        "value": round(instr / packets, 1), "unit": "instructions",
        "method": "the same run as ipc_pipeline_packets_per_minstr, per packet", "raw": [packets, instr]}
    results["ipc_pipeline_packets_per_minstr"] = {
        "value": round(packets * 1e6 / instr, 1), "unit": "packets",
        "method": "apps/ipc pipe_driver -> pipe_stack -> pipe_app, 1,500-byte packets in a ring "
                  "of two slots moved by buffer transfer: %d packets in %d instructions (instret "
                  "in the driver from its first packet to the last slot back), the driver "
                  "writing and the app checking every byte of each packet" % (packets, instr),
        "raw": [packets, instr]}
    results["ipc_pipeline_bytes_copied_per_packet"] = {
        "value": copied / packets, "unit": "bytes",
        "method": "bytes of packets the app found anywhere but where the driver wrote them "
                  "(the driver stamps each packet with its own address), per packet",
        "raw": copied}


def store_metrics(boot1, boot2, ops1, ops2, results):
    """The app store (apps/tests/store_bench): boot 1 on an erased store flash installs a 32 KiB
    app with a SHA-256 credential (rounds aborted after finalize, the last one loaded) under a
    10 ms periodic alarm; boot 2 on the same flash loads it at boot and removes it. ops1, ops2:
    the device's (sector erases, words programmed) during each boot."""
    size, best, writes, rounds = one(boot1, "store_install", 4)
    # The device's operations: every round installs, every round but the last aborts after
    # finalize (the REMOVED flag, one word, then the slot's erase). Whatever is left over per
    # round must divide evenly, or the rounds did not do the same work.
    erases, words = ops1[0] - (rounds - 1), ops1[1] - (rounds - 1)
    if erases % rounds or words % rounds:
        die("store flash trace: %d erases and %d words over %d installs and %d aborts do not "
            "split evenly" % (ops1[0], ops1[1], rounds, rounds - 1))
    results["store_install_32k"] = {
        "value": best, "unit": "instructions",
        "method": "best round of setup, %d writes of 512 bytes, finalize (hash in 1 KiB steps, "
                  "checks, commit): instret around the commands and their upcalls" % writes,
        "bytes": size,
        # the store's flash operations (HIL): the slot's erase (one page), the record, the
        # writes, the COMMITTED flag
        "flash_operations": writes + 3,
        "device_sector_erases": erases // rounds, "device_words_programmed": words // rounds,
        "instructions_per_byte": round(best / size, 1)}
    boot0 = one(boot1, "store_boot", 1)[0]
    boot_n = one(boot2, "store_boot", 1)[0]
    results["store_boot_per_app"] = {
        "value": boot_n - boot0, "unit": "instructions",
        "method": "instret at the bench app's main with one installed app minus with none",
        "empty_store": boot0, "one_app": boot_n}
    removal = one(boot2, "store_remove", 1)[0]
    results["store_remove_32k"] = {
        "value": removal, "unit": "instructions",
        "method": "instret around uninstall (0x10001 command 6, by ShortId) and its upcall: stop "
                  "the running (sleeping) process, free its RAM and grants, program the REMOVED "
                  "flag, erase the slot",
        "flash_operations": 2,   # the REMOVED flag, the slot's erase (one page)
        "device_sector_erases": ops2[0], "device_words_programmed": ops2[1]}
    idle, idle_n, worst, n = one(boot1, "store_lateness", 4)
    results["store_alarm_lateness"] = {
        "value": worst, "unit": "instructions",
        "method": "instret at the callback - 100 x expiry tick, worst of the %d expiries during "
                  "the installs (%d idle before: worst %d)" % (n, idle_n, idle),
        "idle_worst": idle, "samples": n}


# The app store's boots with 1, 4 and 16 installed apps (bench.py run --store-scale): store flash
# files prepared by installing the apps through tick-load and the management channel, kept in
# build/bench/store-flash (only the part before the erased tail) while their inputs stay the same.
STORE_SCALE = (1, 4, 16)
STORE_PAGE = 0x40000            # the store flash's erase page (QEMU's pflash sector), a slot
MGMT_TIMEOUT_S = 900            # a setup run's QEMU (run.sh kills it after this)
TICKLOAD_CEILING_S = 120        # tick-load commands: a sanity ceiling, not a figure


def board_conf(board, key):
    for line in open(os.path.join(board, "board.conf")):
        if line.startswith(key + "="):
            return line.split("=", 1)[1].strip()
    die("%s/board.conf has no %s" % (board, key))


def erased_file(path, size, prefix=b""):
    """Writes a store flash file of size bytes: prefix, then erased (0xff)."""
    with open(path, "wb") as f:
        f.write(prefix)
        left = size - len(prefix)
        chunk = b"\xff" * (1 << 20)
        while left > 0:
            f.write(chunk[:min(left, len(chunk))])
            left -= min(left, len(chunk))


class MgmtQemu:
    """QEMU as `make run` boots it (no icount, real time), the management channel on a Unix
    socket, for tick-load."""

    def __init__(self, kernel, board, app, flash, tmp, tick_load):
        self.sock = os.path.join(tmp, "mgmt.sock")
        self.log = os.path.join(tmp, "console.log")
        self.tick_load = tick_load
        self.p = subprocess.Popen(
            ["scripts/run.sh", "--kernel", kernel, "--board", board, "--flash", flash, "--raw",
             "--mgmt", self.sock, "--timeout", str(MGMT_TIMEOUT_S), "--", app],
            stdin=subprocess.PIPE, stdout=open(self.log, "wb"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if time.monotonic() > deadline or self.p.poll() is not None:
                self.halt()
                die("QEMU with the management channel did not come up (console: %s)" % self.log)
            if b"initialization complete" in open(self.log, "rb").read():
                try:
                    self.load("info")
                    return
                except RuntimeError:
                    pass
            time.sleep(0.1)

    def load(self, *a):
        """Runs tick-load --json a...; returns (its JSON answer, wall seconds)."""
        t0 = time.monotonic()
        try:
            p = subprocess.run([self.tick_load, "--socket", self.sock, "--json", "--quiet"] + list(a),
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=TICKLOAD_CEILING_S)
        except subprocess.TimeoutExpired:
            raise RuntimeError("tick-load %s: no answer within %d s" % (" ".join(a), TICKLOAD_CEILING_S))
        dt = time.monotonic() - t0
        out = p.stdout.decode("utf-8", "replace")
        if p.returncode:
            raise RuntimeError("tick-load %s: %s" % (" ".join(a), out.strip()))
        try:
            return json.loads(out), dt
        except ValueError:
            return {}, dt

    def halt(self):
        if self.p.poll() is None:
            try:
                self.p.stdin.write(b"\x01x")   # QEMU's monitor escape: quit
                self.p.stdin.flush()
                self.p.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                self.p.kill()
                self.p.wait()


def payload_tabs(payloads):
    tabs = sorted(glob.glob(os.path.join(payloads, "payload_*", "payload_*.tab")))
    if len(tabs) < max(STORE_SCALE):
        die("%s: %d payload TABs, %d wanted (make bench-store-apps)" % (payloads, len(tabs),
                                                                       max(STORE_SCALE)))
    return tabs[:max(STORE_SCALE)]


def store_scale_key(boot_tbf, tabs, board):
    """What the prepared flash files depend on: the apps, the store's format and placement
    (kernel/store.c and its header), the board's map. A kernel change elsewhere that moves
    things (its RAM, say) shows at the measuring boot: fewer apps start, and they are made
    again."""
    import hashlib
    h = hashlib.sha256()
    tbfs = [glob.glob(os.path.join(os.path.dirname(t), "rv32imac.*.tbf"))[0] for t in tabs]
    for path in [boot_tbf] + tbfs + ["kernel/store.c", "kernel/include/tick/store.h",
                                     os.path.join(board, "board.conf")]:
        h.update(open(path, "rb").read())
    return h.hexdigest()


def prepare_store_flashes(kernel, board, boot_tbf, tabs, cache, tick_load):
    """Installs the payloads one after another through tick-load into a running kernel (the
    boot bench app beside them, as when they are measured) and keeps the flash after 1, 4
    and 16 installs. Returns the seconds it took."""
    size = int(board_conf(board, "store_flash_size"), 0)
    os.makedirs(cache, exist_ok=True)
    tmp = os.path.join(cache, "setup")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    flash = os.path.join(tmp, "flash.bin")
    erased_file(flash, size)
    t0 = time.monotonic()
    q = MgmtQemu(kernel, board, boot_tbf, flash, tmp, tick_load)
    try:
        for n, tab in enumerate(tabs, 1):
            q.load("install", tab)
            if n in STORE_SCALE:
                data = open(flash, "rb").read()
                end = len(data.rstrip(b"\xff"))
                end = -(-end // STORE_PAGE) * STORE_PAGE
                with open(os.path.join(cache, "flash-%d.bin" % n), "wb") as f:
                    f.write(data[:end])
    except RuntimeError as e:
        q.halt()
        die("preparing the store flashes: %s (console: %s)" % (e, q.log))
    q.halt()
    shutil.rmtree(tmp, ignore_errors=True)
    return time.monotonic() - t0


def store_scale_metrics(args, build, results):
    """Boot with 1, 4 and 16 installed 32 KiB apps (SHA-256 credential, relocatable: checked at
    boot on their canonical image), and tick-load end to end."""
    kernel_n, boot_tbf, payloads = args.store_scale
    tick_load = os.path.join(build, "tools", "tick-load")
    tabs = payload_tabs(payloads)
    size = int(board_conf(args.board, "store_flash_size"), 0)
    cache = os.path.join(args.out, "store-flash")
    key_path = os.path.join(cache, "key.txt")
    key = store_scale_key(boot_tbf, tabs, args.board)
    tmp = os.path.join(args.out, "store-scale")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    flash = os.path.join(tmp, "flash.bin")

    # tick-load end to end: the first payload installed into the board's own kernel, then removed.
    erased_file(flash, size)
    q = MgmtQemu(args.kernel, args.board, boot_tbf, flash, tmp, tick_load)
    try:
        inst, inst_wall = q.load("install", tabs[0])
        _, rm_wall = q.load("remove", inst.get("name", "payload_01"))
    except RuntimeError as e:
        q.halt()
        die("tick-load end to end: %s (console: %s)" % (e, q.log))
    q.halt()
    pages = inst["bytes"] / 4096.0
    results["store_install_tickload_s"] = {
        "value": round(inst_wall, 2), "unit": "s",
        "method": "wall time of `tick-load install` of a %d-byte app (SHA-256 credential, "
                  "relocatable) into QEMU without icount, as make run boots it, over the "
                  "management channel: connect, BEGIN, %d DATA frames, FINISH, the store's "
                  "checks, the app started; it varies with the host's load" % (
                      inst["bytes"], -(-inst["bytes"] // 512)),
        "bytes": inst["bytes"], "transfer_seconds": inst.get("seconds"),
        "ms_per_4k_page": round(1000 * inst_wall / pages, 1),
        "tock_ms_per_4k_page": 130}
    results["store_remove_tickload_s"] = {
        "value": round(rm_wall, 2), "unit": "s",
        "method": "wall time of `tick-load remove` of that app, the same way"}

    # The boots, on copies of the prepared flashes (an app that runs may change nothing there,
    # but a copy keeps that a fact).
    def measure(n):
        prefix = b""
        if n:
            prefix = open(os.path.join(cache, "flash-%d.bin" % n), "rb").read()
        erased_file(flash, size, prefix)
        out = run_qemu(kernel_n, args.board, [boot_tbf], flash)
        with open(os.path.join(args.out, "qemu.log"), "a") as f:
            f.write("\n" + out)
        m = re.search(r"\[kernel\] (\d+) process(?:es)? loaded", out)
        started = int(m.group(1)) - 1 if m else -1
        return one(bench_lines(out), "store_boot", 1)[0], started

    fresh = os.path.exists(key_path) and open(key_path).read().strip() == key
    setup_s = None
    for attempt in (0, 1):
        if not fresh:
            setup_s = prepare_store_flashes(kernel_n, args.board, boot_tbf, tabs, cache, tick_load)
            with open(key_path, "w") as f:
                f.write(key + "\n")
        boots = {n: measure(n) for n in (0,) + STORE_SCALE}
        if all(started == n for n, (_, started) in boots.items()):
            break
        if attempt or not fresh:
            die("store boots: started %s installed apps of %s (console: qemu.log)" % (
                [b[1] for b in boots.values()], list(boots)))
        fresh = False   # made by an older kernel that places things otherwise: make them again
    shutil.rmtree(tmp, ignore_errors=True)
    base = boots[0][0]
    for n in STORE_SCALE:
        v = boots[n][0]
        results["store_boot_%d" % n] = {
            "value": v, "unit": "instructions",
            "method": "reset -> first instruction of the boot bench app (bench/apps/boot, in app "
                      "flash), which the scheduler runs first, after the kernel has checked and "
                      "created every process: %d installed %s of %d bytes (SHA-256 credential, "
                      "relocatable), all started; the board's kernel built with 17 process slots "
                      "(the board has 8)" % (n, "app" if n == 1 else "apps", tbf_size(glob.glob(os.path.join(os.path.dirname(tabs[0]), "rv32imac.*.tbf"))[0])),
            "empty_store": base, "per_app": round((v - base) / n)}
    results["store_boot_0"] = {"value": base, "unit": "instructions",
                               "method": "the same boot with an empty store"}
    if setup_s is not None:
        results["store_boot_0"]["setup_seconds"] = round(setup_s, 1)


def switch_metric(lines, results):
    info = {v[0]: v for v in lines.get("switch_info", [])}
    if set(info) != {0, 1}:
        die("the switch apps did not both report")
    for role, (_, cal, errors) in info.items():
        if errors:
            die("switch app %d reported errors 0x%x" % (role, errors))
    stamps = {(v[0], v[1]): (v[2], v[3]) for v in lines.get("switch", [])}
    rounds = max(k for _, k in stamps) + 1
    a_to_b, b_to_a = [], []
    for k in range(1, rounds):
        # A blocks in round k -> B resumes (end of its round k-1); B blocks -> A resumes.
        if (0, k) in stamps and (1, k - 1) in stamps:
            a_to_b.append((stamps[(1, k - 1)][1] - stamps[(0, k)][0] - info[1][1]) & 0xffffffff)
        if (1, k) in stamps and (0, k) in stamps:
            b_to_a.append((stamps[(0, k)][1] - stamps[(1, k)][0] - info[0][1]) & 0xffffffff)
    if len(a_to_b) < 10 or len(b_to_a) < 10:
        die("too few switch samples (%d, %d)" % (len(a_to_b), len(b_to_a)))
    results["context_switch"] = {
        "value": round((min(a_to_b) + min(b_to_a)) / 2, 1), "unit": "instructions",
        "method": "two processes woken alternately by their own alarms; block (Yield-WaitFor) "
                  "-> other process resumes; mean of the two directions' minima",
        "process0_to_process1": min(a_to_b), "process1_to_process0": min(b_to_a),
        "max": max(a_to_b + b_to_a), "median": statistics.median(a_to_b + b_to_a),
        "p50": percentile(a_to_b + b_to_a, 50), "p99": percentile(a_to_b + b_to_a, 99),
        "distribution": distribution(a_to_b + b_to_a),
        "samples": len(a_to_b) + len(b_to_a)}


def async_metrics(lines, results):
    raw, cb, co = one(lines, "async_wake", 3)
    single, select4, drivers, cycles = one(lines, "async_select", 4)
    wake = "minimum over 100 timer write phases of instret at that instruction - 100 * deadline, " \
           "minus the same for the instruction after a raw Yield-WaitAny (%d)" % raw
    results["cb_resume"] = {"value": cb - raw, "unit": "instructions", "method": wake,
                            "timer_to_callback": cb, "timer_to_waitany_return": raw}
    results["co_resume"] = {"value": co - raw, "unit": "instructions", "method": wake,
                            "timer_to_coroutine": co, "timer_to_waitany_return": raw}
    cycle = "best of %d cycles (start, await or select, resume) with the winner already due, " \
            "minus the best single-await cycle (%d)" % (cycles, single)
    results["co_select4"] = {"value": select4 - single, "unit": "instructions",
                             "method": cycle + "; the three losers are timers", "cycle": select4}
    results["co_select4_drivers"] = {
        "value": drivers - single, "unit": "instructions", "cycle": drivers,
        "method": cycle + "; the losers are a console read, a button and a GPIO edge (their "
                  "start and cancel system calls included)"}
    if "async_cw" in lines:  # layer 3's lean form (<tick/cw.h>)
        cw_co, cw_single, cw_drivers = one(lines, "async_cw", 3)
        results["cw_resume"] = {"value": cw_co - raw, "unit": "instructions", "method": wake,
                                "timer_to_coroutine": cw_co, "timer_to_waitany_return": raw}
        results["cw_select_drivers"] = {
            "value": cw_drivers - cw_single, "unit": "instructions", "cycle": cw_drivers,
            "method": "best of %d cycles (start, select, resume) with the coroutine's deadline "
                      "already due, minus the best sleep on a due deadline (%d); the losers are a "
                      "console read, a button and a GPIO edge (their start and cancel system "
                      "calls included)" % (cycles, cw_single)}


def async_demo_sizes(build, results, apps=None, elf_name="rv32imac.0x80100080.0x80300000.elf"):
    """text/data/bss of apps/async_demo's four forms and the two coroutine forms' overhead (the
    rv32 ELFs under build/apps, or the ELFs named elf_name under apps)."""
    sizes = {}
    for form in ASYNC_FORMS:
        elf = os.path.join(apps or os.path.join(build, "apps"), "async_" + form, elf_name)
        if not os.path.exists(elf):
            die("%s not built (make apps)" % elf)
        text, data, bss = berkeley_size(elf)
        sizes[form] = text
        results["async_demo_%s_text" % form] = {
            "value": text, "unit": "bytes", "text": text, "data": data, "bss": bss,
            "method": "size(1) text of " + os.path.relpath(elf, os.path.dirname(apps) if apps else build)}
    for form in ("coroutines", "coroutine_ops"):
        pct = 100.0 * (sizes[form] - sizes["blocking"]) / sizes["blocking"]
        results["async_demo_%s_overhead_pct" % form] = {
            "value": round(pct, 1), "unit": "%",
            "method": "(%s text - blocking text) / blocking text of apps/async_demo" % form}


def tbf_size(path):
    with open(path, "rb") as f:
        return struct.unpack_from("<I", f.read(8), 4)[0]


def reloc_metrics(args, build, results):
    """The relocation table and applier, and what relocatable builds cost (docs/apps.md)."""
    # The applier as the kernel builds it, bare metal, on pictest's table.
    cmd = ["qemu-system-riscv32", "-machine", "virt", "-bios", "none", "-nographic",
           "-icount", "shift=0", "-kernel", args.reloc_bench]
    try:
        p = subprocess.run(["timeout", "-s", "KILL", "60"] + cmd, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90)
    except subprocess.TimeoutExpired:
        die("the relocation benchmark did not end")
    count, parse, apply, region, plain, canon = one(bench_lines(p.stdout.decode()), "reloc", 6)
    where = "pictest's table (%d relocations), kernel/reloc.c built with the kernel's flags, " \
            "bare metal under -icount" % count
    results["reloc_apply_per_entry"] = {
        "value": round(apply / count, 1), "unit": "instructions", "entries": count,
        "total": apply, "method": "reloc_apply over the whole image / relocations: " + where}
    results["reloc_parse_per_entry"] = {
        "value": round(parse / count, 1), "unit": "instructions", "total": parse,
        "method": "reloc_parse (find the TLV, check every entry) / relocations: " + where}
    results["reloc_canonical_hash_pct"] = {
        "value": round(100.0 * (canon - plain) / plain, 1), "unit": "%", "plain": plain,
        "canonical": canon, "bytes": region,
        "method": "reloc_sha256 (un-relocating a moved copy while hashing it) vs sha256 of the "
                  "same %d-byte integrity region" % region}
    # The table against the ELF's relocation sections (tick-pack -v says both).
    for name, reloc_tbf, fixed_tbf in args.reloc_app:
        elf = os.path.splitext(reloc_tbf)[0] + ".elf"
        tmp = os.path.join(args.out, "reloc-" + name)
        os.makedirs(tmp, exist_ok=True)
        shutil.copy(elf, os.path.join(tmp, "app.elf"))
        out = subprocess.run([os.path.join(build, "tools", "tick-pack"), "-v", "--relocatable",
                              "-n", name, "-o", os.path.join(tmp, "app.tab"),
                              os.path.join(tmp, "app.elf")], stdout=subprocess.PIPE,
                             check=True).stdout.decode()
        m = re.search(r"relocatable: (\d+) relocations in (\d+) bytes .* relocation sections: "
                      r"(\d+) records, (\d+) bytes", out)
        n, table, records, elf_bytes = (int(x) for x in m.groups())
        if name == "pictest":
            results["reloc_table_bytes_per_entry"] = {
                "value": round(table / n, 2), "unit": "bytes", "relocations": n, "bytes": table,
                "method": "Tick's relocation TLV value (24-byte header included) / relocations"}
            results["reloc_elf_bytes_per_entry"] = {
                "value": round(elf_bytes / n, 1), "unit": "bytes", "records": records,
                "bytes": elf_bytes,
                "method": "size of the ELF's .rela sections for loaded sections (12-byte RELA "
                          "records, RELAX/NONE/branch records included) / Tick's relocations"}
        text_r, data_r, _ = berkeley_size(elf)
        text_f, data_f, _ = berkeley_size(os.path.splitext(fixed_tbf)[0] + ".elf")
        results["reloc_flash_pct_" + name] = {
            "value": round(100.0 * (tbf_size(reloc_tbf) - tbf_size(fixed_tbf)) / tbf_size(fixed_tbf), 1),
            "unit": "%", "relocatable_tbf": tbf_size(reloc_tbf), "fixed_tbf": tbf_size(fixed_tbf),
            "relocatable_text": text_r, "fixed_text": text_f,
            "method": "TBF total size, relocatable vs the fixed build for one slot (a fixed "
                      "build needs one TBF per slot it may run in)"}
        if name == "pictest":
            code_pct = 100.0 * (text_r - text_f) / text_f
    # The syscalls bench app packed relocatable, booted away from its link address.
    out = run_qemu(args.kernel, args.board, [args.reloc_syscalls])
    with open(os.path.join(args.out, "qemu.log"), "a") as f:
        f.write("\n" + out)
    if not re.search(r"app 'bench_syscalls': flash 0x80100000-", out):
        die("the relocatable syscalls app did not start at 0x80100000")
    moved = {}
    syscall_metrics(bench_lines(out), moved)
    keys = ("null_command", "memop", "yield_no_wait", "subscribe", "allow_rw", "allow_ro")
    results["boot_to_first_app_relocated"] = {
        "value": moved["boot_to_first_app"]["value"], "unit": "instructions",
        "method": "as boot_to_first_app, the same app packed relocatable and patched at boot"}
    results["reloc_start_latency"] = {
        "value": moved["boot_to_first_app"]["value"] - results["boot_to_first_app"]["value"],
        "unit": "instructions",
        "method": "boot_to_first_app_relocated - boot_to_first_app (the syscalls bench app, "
                  "same objects; the difference is finding, checking and applying its table)"}
    results["reloc_syscall_slowdown"] = {
        "value": max(moved[k]["value"] - results[k]["value"] for k in keys), "unit": "instructions",
        "per_call": {k: moved[k]["value"] for k in keys},
        "method": "worst over the six system call figures of (relocatable build - fixed build)"}
    sys_r = berkeley_size(os.path.splitext(args.reloc_syscalls)[0] + ".elf")[0]
    sys_f = berkeley_size(os.path.splitext(args.syscalls)[0] + ".elf")[0]
    results["reloc_code_size_pct"] = {
        "value": round(max(code_pct, 100.0 * (sys_r - sys_f) / sys_f), 1), "unit": "%",
        "method": "size(1) text, relocatable vs fixed link of the same objects, worst of the "
                  "syscalls bench app and pictest"}


def reloc_table(results, budgets):
    out = ["| metric | Tick today | budget |", "|---|---|---|"]
    for key, label, unit in RELOC_ROWS:
        if key in results:
            out.append("| %s | %s%s | %s |" % (label, fmt(results[key]["value"]),
                                              " %" if unit == "%" else "",
                                              fmt(budgets.get(key)) if key in budgets else "–"))
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Sizes


def tool(name):
    path = shutil.which(CROSS + name)
    if not path:
        die("%s%s not found (make deps)" % (CROSS, name))
    return path


def berkeley_size(elf):
    out = subprocess.run([tool("size"), elf], stdout=subprocess.PIPE, check=True).stdout.decode()
    text, data, bss = out.splitlines()[1].split()[:3]
    return int(text), int(data), int(bss)


def section_sizes(elf):
    out = subprocess.run([tool("size"), "-A", elf], stdout=subprocess.PIPE, check=True).stdout.decode()
    sizes = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[0].startswith(".") and f[1].isdigit():
            sizes[f[0]] = int(f[1])
    return sizes


def symbol_size(elf, name):
    out = subprocess.run([tool("nm"), "-S", elf], stdout=subprocess.PIPE, check=True).stdout.decode()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[3] == name:
            return int(f[1], 16)
    die("%s: no sized symbol '%s'" % (elf, name))


def max_procs(board):
    """CONFIG_MAX_PROCS: the board's override in board.mk, else kernel/include/tick/config.h."""
    for path in (os.path.join(board, "board.mk"), "kernel/include/tick/config.h"):
        if os.path.exists(path):
            m = re.search(r"(?:-D|#define\s+)CONFIG_MAX_PROCS[=\s]+(\d+)", open(path).read())
            if m:
                return int(m.group(1))
    die("CONFIG_MAX_PROCS not found")


def kernel_sizes(kernel, board, results):
    """The figures read from the kernel ELF alone (text, data, bss, struct process)."""
    text, data, bss = berkeley_size(kernel)
    secs = section_sizes(kernel)
    results["kernel_text"] = {"value": text, "unit": "bytes",
                              "method": "size(1) text of the kernel ELF (.text + .rodata)",
                              "sections": {k: secs[k] for k in (".text", ".rodata") if k in secs}}
    results["kernel_data"] = {"value": data, "unit": "bytes", "method": "size(1) data"}
    results["kernel_bss"] = {"value": bss, "unit": "bytes",
                             "method": "size(1) bss (.bss + the NOLOAD kernel stack)",
                             "sections": {k: secs[k] for k in (".bss", ".stack") if k in secs}}
    nprocs = max_procs(board)
    total = symbol_size(kernel, "processes")
    if total % nprocs:
        die("size of 'processes' (%d) is not a multiple of CONFIG_MAX_PROCS (%d)" % (total, nprocs))
    per = total // nprocs
    results["kernel_bytes_per_process"] = {
        "value": per, "unit": "bytes",
        "method": "nm -S size of 'processes' (%d) / CONFIG_MAX_PROCS (%d)" % (total, nprocs)}
    return per


# Kernel bss arrays with one row per process slot (IPC exposures, transfer buffers, flags):
# per-process kernel memory outside struct process that the figure above leaves out, as Tock's
# 1,068 B leaves out what its IPC keeps in grants. Reported beside it, not budgeted.
PER_SLOT_TABLES = ("shares", "xbufs", "exposure_owned", "ipc_maybe_pending")


def per_slot_tables(kernel, nprocs):
    out = subprocess.run([tool("nm"), "-S", kernel], stdout=subprocess.PIPE, check=True).stdout.decode()
    rows = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4 and f[3] in PER_SLOT_TABLES:
            rows[f[3]] = int(f[1], 16) // nprocs
    return rows


def size_metrics(kernel, board, results, syscalls_tbf, lines):
    per = kernel_sizes(kernel, board, results)
    start, end = one(lines, "memory", 2)
    min_ram = tbf_minimum_ram(syscalls_tbf)
    area = (end - start) - ((min_ram + 7) & ~7)
    side = per_slot_tables(kernel, max_procs(board))
    results["kernel_bytes_per_process_total"] = {
        "value": per + area, "unit": "bytes",
        "method": "struct process + the kernel-owned area the loader adds to each process's "
                  "RAM (upcall queue, grant table): memop 3 - memop 2 - TBF minimum RAM",
        "struct_process": per, "kernel_area_in_process_ram": area,
        "not_included_per_slot_tables_in_bss": side,
        "with_per_slot_tables": per + area + sum(side.values())}


def app_sizes(build, results):
    """The example apps (apps/<name>/ with a Makefile; not apps/tests), if they were built."""
    names = sorted(d for d in os.listdir("apps") if d != "tests"
                   and os.path.exists(os.path.join("apps", d, "Makefile"))) \
        if os.path.isdir("apps") else []
    for name in names:
        elfs = sorted(glob.glob(os.path.join(build, "apps", name, "*.elf")))
        if not elfs:
            continue
        first = [e for e in elfs if "0x80100080" in os.path.basename(e)]
        elf = (first or elfs)[0]
        text, data, bss = berkeley_size(elf)
        results["app_size_" + name] = {
            "value": text + data, "unit": "bytes", "text": text, "data": data, "bss": bss,
            "method": "size(1) text + data (flash) of " + os.path.relpath(elf, build)}


# ---------------------------------------------------------------------------------------
# Reports


def fmt(v, unit=None):
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    if isinstance(v, float) and not v.is_integer():
        return "{:,.1f}".format(v)
    return "{:,}".format(int(v))


def read_budgets(path):
    budgets = {}
    for raw in open(path):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        f = line.split()
        if len(f) != 2:
            die("%s: bad line: %s" % (path, raw.rstrip()))
        budgets[f[0]] = float(f[1])
    return budgets


def goal_text(key):
    g = ANCHORS.get(key, {}).get("goal")
    if g is None:
        return "–"
    if key in ("kernel_text", "kernel_text_noshell"):
        return "<= 32 KB"
    return "<= " + fmt(g)


def status(key, results):
    g = ANCHORS.get(key, {}).get("goal")
    if key not in results or g is None:
        return ""
    return "met" if results[key]["value"] <= g else "**over**"


def async_table(results, budgets):
    head = ["metric", "Tick today", "data", "bss", "goal", "status", "budget"]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label, unit in ASYNC_ROWS:
        if key not in results:
            continue
        r = results[key]
        value = fmt(r["value"]) + (" %" if unit == "%" else "")
        g = ANCHORS.get(key, {}).get("goal")
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            label, value, fmt(r.get("data")), fmt(r.get("bss")),
            "<= +%s%%" % g if g is not None else "–", status(key, results),
            fmt(budgets.get(key)) if key in budgets else "–"))
    return "\n".join(out)


def table(results, budgets, compact=False):
    head = ["metric", "Tick today", "floor", "FreeRTOS rv32 (no isolation)", "Tock 2.3",
            "Tick goal", "status", "budget"]
    rows = []
    for key, label, unit in ROWS:
        a = ANCHORS.get(key, {})
        if key in results:
            value = fmt(results[key]["value"])
        elif key == "ipc_round_trip":
            value = "not measured (no IPC yet)"
        else:
            value = "missing"
        rows.append([label, value, a.get("floor", "–"), a.get("freertos", "–"),
                     a.get("tock", "–"), goal_text(key), status(key, results),
                     fmt(budgets.get(key)) if key in budgets else "–"])
    if compact:
        head = head[:7]
        rows = [r[:7] for r in rows]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


def write_markdown(path, results, budgets):
    apps = [(k[len("app_size_"):], v) for k, v in results.items() if k.startswith("app_size_")]
    md = ["# Tick benchmark results", "",
          "Guest instructions under `qemu-system-riscv32 -icount shift=0,sleep=off` (deterministic);"
          " sizes from the ELFs. Floor, FreeRTOS and Tock columns and the goals are those of"
          " docs/design.md (\"Where the bar is\"); Tock's memop and yield rows were measured"
          " the same way. Methods: docs/benchmarks.md.", "",
          table(results, budgets), ""]
    if "context_switch" in results:
        c = results["context_switch"]
        md += ["Context switch: process 0 -> 1 %s, 1 -> 0 %s instructions (the scheduler scans"
               " the process table from the slot after the last process), %d samples, max %s."
               % (fmt(c["process0_to_process1"]), fmt(c["process1_to_process0"]), c["samples"],
                  fmt(c["max"])), ""]
    if "alarm_to_upcall" in results:
        a = results["alarm_to_upcall"]
        md += ["Alarm -> upcall over %d timer phases: min %s, mean %s, max %s (QEMU fires up to"
               " 99 instructions after 100 x mtimecmp)." % (a["samples"], fmt(a["value"]),
                                                           fmt(a["mean"]), fmt(a["max"])), ""]
    rows = [(k, t) for k, t in (("context_switch", "switch between two isolated processes"),
                                ("alarm_to_upcall", "timer expiry -> first instruction of upcall"))
            if k in results and "distribution" in results[k]]
    if rows:
        md += ["Distributions (latency.png plots every sample, sorted): the switch over both"
               " directions (scheduler positions: the next process after and before the"
               " blocking one in the scan) and every round; the alarm over 100 phases of the"
               " mtimecmp write against QEMU's 100-instruction timer tick.", "",
               "| path | samples | min | p50 | p99 | max |", "|---|---|---|---|---|---|"]
        for k, t in rows:
            d = results[k]["distribution"]
            md.append("| %s | %d | %s | %s | %s | %s |" % (t, len(d["all"]), fmt(d["min"]),
                      fmt(d["p50"]), fmt(d["p99"]), fmt(d["max"])))
        md.append("")
    if any(k in results for k, _, _ in ASYNC_ROWS):
        md += ["Async userland (docs/userland.md): wake-up paths in guest instructions beyond the"
               " kernel's own (timer -> Yield-WaitAny return); sizes of apps/async_demo's four"
               " forms (first QEMU slot ELF, size(1)).", "", async_table(results, budgets), ""]
    if any(k in results for k, _, _ in RELOC_ROWS):
        md += ["Relocatable apps (docs/apps.md): what the table and the applier cost, and what a"
               " relocatable build costs against a fixed-address one.", "",
               reloc_table(results, budgets), ""]
    if apps:
        md += ["Example apps (first QEMU slot ELF, size(1)):", "",
               "| app | text | data | bss |", "|---|---|---|---|"]
        md += ["| %s | %s | %s | %s |" % (n, fmt(v["text"]), fmt(v["data"]), fmt(v["bss"]))
               for n, v in apps]
        md.append("")
    with open(path, "w") as f:
        f.write("\n".join(md))


def write_chart(out_dir, results):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        print("bench: gnuplot not found (make deps); no chart", file=sys.stderr)
        return

    def v(key):
        return results[key]["value"] if key in results else "?"

    # floor, FreeRTOS (best config), Tock 2.3, Tick today, Tick goal; "?" = no figure.
    speed = [("null syscall", 76, 151, 2339, v("null_command"), 120),
             ("process switch", 96, 152, "?", v("context_switch"), 200),
             ("timer -> upcall", 110, 262, 3204, v("alarm_to_upcall"), 300)]
    size = [("kernel text", "?", 9800, 104492, v("kernel_text"), 24576),
            ("state/process", 150, 96, 1068, v("kernel_bytes_per_process_total"), 256)]
    for name, rows in (("speed", speed), ("size", size)):
        with open(os.path.join(out_dir, "chart_%s.dat" % name), "w") as f:
            for r in rows:
                f.write('"%s" %s\n' % (r[0], " ".join(str(x) for x in r[1:])))
    script = """
set terminal pngcairo size 1200,520 font "sans,10"
set output '{out}/chart.png'
set datafile missing "?"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set logscale y
set grid ytics
set key top left
set multiplot layout 1,2 title "Tick vs. floor, FreeRTOS (no isolation) and Tock 2.3 on QEMU riscv32 virt (-icount shift=0)"
set title "guest instructions (log scale)"
set yrange [10:10000]
plot '{out}/chart_speed.dat' using 2:xtic(1) title 'floor' lc rgb '#999999', \\
     '' using 3 title 'FreeRTOS' lc rgb '#4a90d9', \\
     '' using 4 title 'Tock 2.3' lc rgb '#d9534f', \\
     '' using 5 title 'Tick today' lc rgb '#2e8b57', \\
     '' using 6 title 'Tick goal' lc rgb '#f0ad4e'
set title "bytes (log scale); Tick per process = struct + kernel area in process RAM"
set yrange [50:200000]
plot '{out}/chart_size.dat' using 2:xtic(1) title 'floor' lc rgb '#999999', \\
     '' using 3 title 'FreeRTOS' lc rgb '#4a90d9', \\
     '' using 4 title 'Tock 2.3' lc rgb '#d9534f', \\
     '' using 5 title 'Tick today' lc rgb '#2e8b57', \\
     '' using 6 title 'Tick goal' lc rgb '#f0ad4e'
unset multiplot
""".format(out=out_dir)
    dist = [(k, t) for k, t in (("context_switch", "process switch"),
                                ("alarm_to_upcall", "timer -> upcall"))
            if k in results and "distribution" in results[k]]
    if dist:
        for k, _ in dist:
            with open(os.path.join(out_dir, "latency_%s.dat" % k), "w") as f:
                d = results[k]["distribution"]["all"]
                for i, x in enumerate(d):
                    f.write("%g %d\n" % (100.0 * (i + 1) / len(d), x))
        script += """
set terminal pngcairo size 900,420 font "sans,10"
set output '{out}/latency.png'
unset logscale
set style data linespoints
set title "Tick on QEMU riscv32 virt: every sample, sorted (guest instructions)"
set xlabel "percent of samples at or below"
set ylabel "guest instructions"
set xrange [0:100]
set yrange [0:*]
set key bottom right
plot """.format(out=out_dir) + ", ".join(
            "'{out}/latency_{k}.dat' using 1:2 title '{t}'".format(out=out_dir, k=k, t=t)
            for k, t in dist) + "\n"
    gp = os.path.join(out_dir, "chart.gp")
    with open(gp, "w") as f:
        f.write(script)
    p = subprocess.run([gnuplot, gp], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        sys.stderr.write(p.stdout.decode())
        die("gnuplot failed")


# ---------------------------------------------------------------------------------------
# Commands


def cmd_run(args):
    os.makedirs(args.out, exist_ok=True)
    results = {}
    out1 = run_qemu(args.kernel, args.board, [args.syscalls])
    out2 = run_qemu(args.kernel, args.board, list(args.switch))
    with open(os.path.join(args.out, "qemu.log"), "w") as f:
        f.write(out1 + "\n" + out2)
    lines1 = bench_lines(out1)
    syscall_metrics(lines1, results)
    switch_metric(bench_lines(out2), results)
    if args.ipc:
        out_ipc = run_qemu(args.kernel, args.board, list(args.ipc))
        with open(os.path.join(args.out, "qemu.log"), "a") as f:
            f.write("\n" + out_ipc)
        ipc_metrics(bench_lines(out_ipc), results)
    if args.xfer:
        out_xfer = run_qemu(args.kernel, args.board, list(args.xfer))
        with open(os.path.join(args.out, "qemu.log"), "a") as f:
            f.write("\n" + out_xfer)
        xfer_metrics(bench_lines(out_xfer), results)
    if args.pipeline:
        out_pipe = run_qemu(args.kernel, args.board, list(args.pipeline))
        with open(os.path.join(args.out, "qemu.log"), "a") as f:
            f.write("\n" + out_pipe)
        pipeline_metrics(bench_lines(out_pipe), results)
    if args.store:
        flash = os.path.join(args.out, "store-flash.bin")
        if os.path.exists(flash):
            os.remove(flash)
        trace = os.path.join(args.out, "store-flash-trace.txt")
        out3 = run_qemu(args.kernel, args.board, [args.store], flash, trace)
        ops3 = flash_ops(trace)
        out4 = run_qemu(args.kernel, args.board, [args.store], flash, trace)
        ops4 = flash_ops(trace)
        os.remove(flash)
        os.remove(trace)
        with open(os.path.join(args.out, "qemu.log"), "a") as f:
            f.write("\n" + out3 + "\n" + out4)
        store_metrics(bench_lines(out3), bench_lines(out4), ops3, ops4, results)
    build = os.path.dirname(os.path.normpath(args.out))
    if args.store_scale:
        store_scale_metrics(args, build, results)
    size_metrics(args.kernel, args.board, results, args.syscalls, lines1)
    noshell_size(args.kernel_noshell, results)
    app_sizes(build, results)
    if args.async_tbf:
        out3 = run_qemu(args.kernel, args.board, [args.async_tbf])
        with open(os.path.join(args.out, "qemu.log"), "a") as f:
            f.write("\n" + out3)
        async_metrics(bench_lines(out3), results)
        async_demo_sizes(build, results)
    if args.reloc_syscalls:
        reloc_metrics(args, build, results)
    order = [k for k, _, _ in ROWS if k in results] + sorted(k for k in results if k not in dict(
        (r[0], 1) for r in ROWS))
    results = {k: results[k] for k in order}
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    budgets_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "budgets.txt")
    budgets = read_budgets(budgets_path) if os.path.exists(budgets_path) else {}
    write_markdown(os.path.join(args.out, "results.md"), results, budgets)
    write_chart(args.out, results)
    if not args.quiet:
        print(table(results, budgets))
        if args.async_tbf:
            print("\n" + async_table(results, budgets))
        if args.reloc_syscalls:
            print("\n" + reloc_table(results, budgets))
        print("bench: wrote %s/results.json, results.md, chart.png, latency.png" % args.out)


def cmd_check(args):
    results = json.load(open(args.results))
    budgets = read_budgets(args.budgets)
    lines, failed = [], 0
    for key, budget in budgets.items():
        if key not in results:
            lines.append("FAIL %s/%s (no figure; budget %s)" % (args.suite, key, fmt(budget)))
            failed += 1
            continue
        v = results[key]["value"]
        unit = results[key]["unit"]
        if v <= budget:
            lines.append("PASS %s/%s (%s <= %s %s)" % (args.suite, key, fmt(v), fmt(budget), unit))
        else:
            lines.append("FAIL %s/%s (%s > budget %s %s)" % (args.suite, key, fmt(v), fmt(budget), unit))
            failed += 1
    text = "\n".join(lines) + "\n"
    if args.log:   # the test suite: the log has every line, the terminal only failures
        with open(args.log, "w") as f:
            f.write(text)
        sys.stdout.write("".join(l + "\n" for l in lines if l.startswith("FAIL")))
    else:
        sys.stdout.write(text)
    if failed:
        print("bench: %d figure%s over budget (bench/budgets.txt)" % (failed, "s" if failed > 1 else ""),
              file=sys.stderr)
        sys.exit(1)


def noshell_size(kernel, results):
    """kernel_text_noshell: the text of the board's kernel built with KERNEL_SHELL=0, if given."""
    if kernel:
        results["kernel_text_noshell"] = {
            "value": berkeley_size(kernel)[0], "unit": "bytes",
            "method": "size(1) text of the board's kernel built with KERNEL_SHELL=0 (no process console)"}


def cmd_sizes(args):
    """Size figures of a board's kernel, for boards without the instruction benchmarks."""
    results = {}
    kernel_sizes(args.kernel, args.board, results)
    noshell_size(args.kernel_noshell, results)
    if args.async_demo:
        async_demo_sizes(None, results, args.async_demo, args.async_demo_elf)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    for key, r in results.items():
        print("%-28s %s %s" % (key, fmt(r["value"]), r["unit"]))


# Both arches side by side (README, between the bench-arches markers): (key, label, reference
# figures on Cortex-M under QEMU icount, docs/benchmarks.md "Cortex-M").
ARCH_ROWS = [
    ("null_command", "null system call", "FreeRTOS-MPU null call 188"),
    ("memop", "memop", "–"),
    ("yield_no_wait", "yield-no-wait", "–"),
    ("subscribe", "subscribe", "–"),
    ("allow_rw", "read-write allow", "–"),
    ("allow_ro", "read-only allow", "–"),
    ("context_switch", "switch between two isolated processes",
     "Zephyr userspace switch 712 (mps2-an385)"),
    ("ipc_round_trip", "IPC round trip, 0 bytes",
     "FreeRTOS-MPU notify round trip 1,568 (two switches)"),
    ("ipc_round_trip_64", "IPC round trip, 64 bytes", "–"),
    ("alarm_to_upcall", "timer expiry -> upcall (Arm: to its first counter read)", "–"),
    ("kernel_text", "kernel text (bytes)", "–"),
    ("kernel_text_noshell", "kernel text without the process console, KERNEL_SHELL=0 (bytes)", "–"),
    ("kernel_bss", "kernel bss incl. stack (bytes)", "–"),
]


def arch_table(rv32, cm):
    out = ["| metric | Tick rv32 | Tick Cortex-M4 | on Cortex-M |", "|---|---|---|---|"]
    for key, label, ref in ARCH_ROWS:
        out.append("| %s | %s | %s | %s |" % (
            label, fmt(rv32[key]["value"]) if key in rv32 else "–",
            fmt(cm[key]["value"]) if key in cm else "–", ref))
    return "\n".join(out)


def cmd_readme(args):
    results = json.load(open(args.results))
    budgets_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "budgets.txt")
    budgets = read_budgets(budgets_path) if os.path.exists(budgets_path) else {}
    text = open(args.readme).read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if begin not in text or end not in text:
        die("%s has no bench markers" % args.readme)
    body = ("Guest instructions under `qemu -icount shift=0,sleep=off` and bytes from the ELFs, as"
            " `make bench` measures them (methods, chart and all figures:"
            " [docs/benchmarks.md](docs/benchmarks.md)); `make bench-check` fails when a figure"
            " exceeds its budget in `bench/budgets.txt`. The tick-load row is wall time in seconds"
            " on the shared test machine (QEMU without icount): it varies, and has only a sanity"
            " ceiling.\n\n" + table(results, budgets, compact=True))
    pre, rest = text.split(begin, 1)
    _, post = rest.split(end, 1)
    text = pre + begin + "\n" + body + "\n" + end + post
    b2, e2 = "<!-- bench-arches:begin -->", "<!-- bench-arches:end -->"
    if args.cortex_m and b2 in text and e2 in text:
        body = ("Both architectures (the Cortex-M figures are means timed with the 25 MHz alarm"
                " counter, `make bench BOARD=qemu_mps2_an386`, budgets in"
                " `bench/budgets-qemu_mps2_an386.txt`; methods in"
                " [docs/benchmarks.md](docs/benchmarks.md#cortex-m-qemu_mps2_an386)):\n\n" +
                arch_table(results, json.load(open(args.cortex_m))))
        pre, rest = text.split(b2, 1)
        _, post = rest.split(e2, 1)
        text = pre + b2 + "\n" + body + "\n" + e2 + post
    with open(args.readme, "w") as f:
        f.write(text)
    print("bench: updated the table in %s" % args.readme)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--kernel", required=True)
    r.add_argument("--board", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--syscalls", required=True)
    r.add_argument("--switch", nargs=2, required=True)
    r.add_argument("--ipc", nargs=2, help="the IPC bench server and client TBFs")
    r.add_argument("--xfer", nargs=2, help="the buffer transfer bench server and client TBFs")
    r.add_argument("--pipeline", nargs=3, help="the pipeline apps (driver, stack, app)")
    r.add_argument("--async", dest="async_tbf")
    r.add_argument("--store", help="the app store bench app (TAB); two boots on one store flash")
    r.add_argument("--store-scale", nargs=3, metavar=("KERNEL17", "BOOT_TBF", "PAYLOAD_DIR"),
                   help="boots with 1, 4 and 16 installed apps (a kernel with 17 process slots, "
                        "the boot bench app, the payload TABs) and tick-load end to end")
    r.add_argument("--kernel-noshell", help="the board's kernel built with KERNEL_SHELL=0")
    r.add_argument("--reloc-syscalls")
    r.add_argument("--reloc-bench")
    r.add_argument("--reloc-app", nargs=3, action="append", default=[],
                   metavar=("NAME", "RELOC_TBF", "FIXED_TBF"))
    r.add_argument("--quiet", action="store_true")
    c = sub.add_parser("check")
    c.add_argument("--results", required=True)
    c.add_argument("--budgets", required=True)
    c.add_argument("--log")
    c.add_argument("--suite", default="bench", help="prefix of the PASS/FAIL names")
    z = sub.add_parser("sizes")
    z.add_argument("--kernel", required=True)
    z.add_argument("--board", required=True)
    z.add_argument("--kernel-noshell", help="the board's kernel built with KERNEL_SHELL=0")
    z.add_argument("--out", required=True)
    z.add_argument("--async-demo", metavar="APPS_DIR",
                   help="also the sizes of apps/async_demo's four forms built under APPS_DIR")
    z.add_argument("--async-demo-elf", default="cortex-m4.elf", help="their ELF's file name")
    m = sub.add_parser("readme")
    m.add_argument("--results", required=True)
    m.add_argument("--readme", required=True)
    m.add_argument("--cortex-m", help="the Cortex-M board's results.json (both arches' table)")
    args = ap.parse_args()
    {"run": cmd_run, "check": cmd_check, "readme": cmd_readme, "sizes": cmd_sizes}[args.cmd](args)


if __name__ == "__main__":
    main()
