#!/usr/bin/env python3
"""Instruction benchmarks of the Cortex-M board (docs/benchmarks.md, "Cortex-M"): boots the Arm
bench apps (apps/tests/bench_cm*: system calls, the switch, the IPC round trip) under qemu -icount shift=0,sleep=off, turns their
"BENCH <key> <numbers>" lines into figures and adds them to the results.json that
`bench.py sizes` wrote, so that `bench.py check` checks them against the board's budgets.

usage: cortexm.py --kernel ELF --board DIR --apps DIR --out DIR"""
import argparse
import json
import os
import re
import subprocess
import sys

TICK = 40   # instructions per tick of the 25 MHz alarm counter at icount shift=0 (1 ns each)


def die(msg):
    print("bench-cortex-m: " + msg, file=sys.stderr)
    sys.exit(1)


def run(kernel, board, tbfs, out_dir, name):
    cmd = ["scripts/run.sh", "--kernel", kernel, "--board", board, "--icount", "--timeout", "30",
           "--"] + tbfs
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    out = p.stdout.decode("utf-8", "replace")
    with open(os.path.join(out_dir, name + ".log"), "w") as f:
        f.write(out)
    if p.returncode != 0:
        die("QEMU run failed (%s.log): %s" % (name, " ".join(cmd)))
    lines = {}
    for line in out.splitlines():
        m = re.search(r"BENCH (\S+)((?: \d+)*)\s*$", line)
        if m:
            lines.setdefault(m.group(1), []).append([int(x) for x in m.group(2).split()])
    return lines


def one(lines, key, n):
    if key not in lines or len(lines[key][0]) != n:
        die("the bench app did not report '%s'" % key)
    return lines[key][0]


def metric(value, method, **raw):
    return dict(value=round(value, 1), unit="instructions", method=method, **raw)


def syscalls(lines, res):
    if one(lines, "clock", 1)[0] != 25000000:
        die("the alarm does not count at 25 MHz: the tick is not 40 instructions")
    for key in ("null_command", "command_read", "memop", "yield_no_wait", "subscribe", "allow_rw",
                "allow_ro"):
        full, empty, n = one(lines, key, 3)
        res[key] = metric((full - empty) * TICK / n,
                          "(ticks of %d calls - ticks of the empty loop) * 40 / %d; +-%.2f" %
                          (n, n, 2.0 * TICK / n), ticks=full, empty_ticks=empty, calls=n)
    total, samples, errors = one(lines, "alarm_to_upcall", 3)
    if errors or samples != 80:
        die("alarm_to_upcall: %d errors, %d samples" % (errors, samples))
    res["alarm_to_upcall"] = metric(
        TICK * total / samples - (TICK - 1),
        "expiry -> the counter sample of the upcall's first read (command 2): 40 * mean(stamp - T) "
        "- 39 over 80 samples whose read phases cover each residue mod 40 twice; includes the "
        "read's head and 0..39 instructions of arming phase", tick_sum=total, samples=samples)


def switch(lines, res):
    stamps = {}
    for role, k, tb, tr in lines.get("switch", []):
        stamps[(role, k)] = (tb, tr)
    if any(e != 0 for _, e in lines.get("switch_info", [[0, 1]])) or len(stamps) < 4:
        die("switch: the apps report errors or no stamps")
    rounds = max(k for _, k in stamps) + 1
    samples = []
    for k in range(1, rounds):
        # 0 blocks in round k, 1 resumes from round k-1; 1 blocks in round k, 0 resumes from k.
        for (sb, other) in (((0, k), (1, k - 1)), ((1, k), (0, k))):
            b_self = stamps[sb][0]
            b_other, r_other = stamps[other]
            # Only a clean hand-off: the other was blocked first and resumes after this block
            # (an interrupt during the spin may let the scheduler run the other one early).
            if b_other < b_self <= r_other:
                samples.append(r_other - b_self)
    if len(samples) < rounds:
        die("switch: only %d clean samples" % len(samples))
    read = res["command_read"]["value"]
    mean = sum(samples) / len(samples)
    res["context_switch"] = metric(
        mean * TICK - read,
        "40 * mean(resume(other) - block(self)) over clean hand-offs, minus one command_read "
        "(the tail of the block's read plus the head of the resume's)",
        samples=len(samples), tick_min=min(samples), tick_max=max(samples))


def ipc(lines, res):
    for key, what in (("ipc_round_trip", "0 bytes"), ("ipc_round_trip_64", "64-byte request and reply")):
        full, empty, n, errors = one(lines, key, 4)
        if errors:
            die("%s: %d calls failed" % (key, errors))
        res[key] = metric((full - empty) * TICK / n,
                          "call + reply (%s) between two isolated processes, direct switches: "
                          "(ticks of %d calls - ticks of the empty loop) * 40 / %d; a mean, "
                          "where rv32 reports the best of 200; +-%.2f" % (what, n, n, 2.0 * TICK / n),
                          ticks=full, empty_ticks=empty, calls=n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--board", required=True)
    ap.add_argument("--apps", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    path = os.path.join(a.out, "results.json")
    res = json.load(open(path)) if os.path.exists(path) else {}
    tbf = lambda name: os.path.join(a.apps, name, "cortex-m4.tbf")
    syscalls(run(a.kernel, a.board, [tbf("bench_cm")], a.out, "qemu-syscalls"), res)
    switch(run(a.kernel, a.board, [tbf("bench_cm_switch_a"), tbf("bench_cm_switch_b")], a.out,
               "qemu-switch"), res)
    ipc(run(a.kernel, a.board, [tbf("bench_cm_ipc_server"), tbf("bench_cm_ipc_client")], a.out,
            "qemu-ipc"), res)
    with open(path, "w") as f:
        json.dump(res, f, indent=1)
    for key in ("null_command", "command_read", "memop", "yield_no_wait", "subscribe", "allow_rw",
                "allow_ro", "context_switch", "alarm_to_upcall", "ipc_round_trip",
                "ipc_round_trip_64"):
        print("%-28s %s instructions" % (key, res[key]["value"]))


if __name__ == "__main__":
    main()
