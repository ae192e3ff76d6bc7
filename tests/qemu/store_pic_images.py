#!/usr/bin/env python3
"""Flash images for installing the relocatable pictest through the app store at many placements.

usage: store_pic_images.py gen SEED COUNT      writes tests/qemu/store_pic_<k>.scn, k = 1..COUNT
       store_pic_images.py build BUILD OUT     builds OUT/store_pic_<k>.bin for every such scenario

Each scenario boots one image twice on one store flash: a RAM hog (hello_min packed to ask for a
random amount of RAM, which moves the RAM of every later app, first fit), the installer carrying
pictest's relocatable TBF, pictest itself (a copy in app flash, relocated at boot) and buttons
(which keeps the system up for the console). Boot 1 installs pictest three times through the app
loader driver (slots 0, 1, 2: the store rotates through slots not erased since boot; the first
two are removed from the console), each copy running beside the boot copy. Boot 2 starts the
copy in slot 2 from the flash, and the installer's install is then an update, into slot 0. The
hog's RAM is the scenario file's "# place:" line, which `build` reads; `gen` draws it from SEED.
"""
import glob
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCN = os.path.join(ROOT, "tests", "qemu", "store_pic_%d.scn")
HOG_ELF = "apps/hello_min/rv32imac.0x80100080.0x80300000.elf"
APPS = ["apps/pic_installer/pic_installer.tab", "apps/pictest/pictest.tab", "apps/buttons/buttons.tab"]

TEMPLATE = r'''description = "store: the relocatable pictest installed through the app store in three slots with RAM moved by a hog (scenario {k} of {n}), beside a boot copy, kept across a reboot"
# place: hog_ram={hog:#x}
apps = ["build/qemu-images/store_pic_{k}.bin"]
boots = 2
timeout = 60
expect = [
  "\\[kernel\\] 4 processes loaded; initialization complete",
  "\\[store\\] 'pictest' installed in slot 0",
  "\\[kernel\\] app 'pictest': flash 0x22000100-0x[0-9a-f]{{8}}, ram 0x80[23][0-9a-f]{{5}}-",
  "pictest: flash 0x22000100 ram 0x80[23][0-9a-f]{{5}}",
  "pictest: 2[0-9] checks, 0 failed",
  "\\[store\\] 'pictest' removed",
  "\\[store\\] 'pictest' installed in slot 1",
  "pictest: flash 0x22040100 ram 0x80[23][0-9a-f]{{5}}",
  "pictest: 2[0-9] checks, 0 failed",
  "\\[store\\] 'pictest' removed",
  "\\[store\\] 'pictest' installed in slot 2",
  "pictest: flash 0x22080100 ram 0x80[23][0-9a-f]{{5}}",
  "pictest: 2[0-9] checks, 0 failed",
  " slot 2: 'pictest', \\d+ bytes, seq 3, installed, (has a process, )?ram 0x80[23][0-9a-f]{{5}}",
  "all processes have ended",
  # boot 2: the copy in slot 2 starts from the flash; the install is an update, into slot 0
  "^\\[treadmill: boot 2\\]$",
  "\\[kernel\\] app 'pictest': flash 0x22080100-",
  "\\[kernel\\] 5 processes loaded; initialization complete",
  "\\[store\\] 'pictest': new version on trial in slot 0",
  "\\[store\\] 'pictest': new version confirmed",
  " slot 0: 'pictest', \\d+ bytes, seq 4, installed",
]
# Every copy checks itself: 7 of them in all (3 boot copies, 4 from the store).
forbid = ["FAIL", "checks, [1-9]", "faulted", "not started", "relocation", "refused"]

# Each store copy is removed once it has run ("installed and started" comes before it runs; a
# remove typed then is held only PCONSOLE_HOLD_MS, which a loaded host can overrun).
[[input]]
after = "pictest: flash 0x22[0-9a-f]{{6}} ram .*\\n(?:.*\\n)*?pictest: 2[0-9] checks, 0 failed"
send = "store remove pictest\n"

[[input]]
after = "store remove: done"
send = "boot pic_installer\n"

[[input]]
after = "pictest: flash 0x22[0-9a-f]{{6}} ram .*\\n(?:.*\\n)*?pictest: 2[0-9] checks, 0 failed"
send = "store remove pictest\n"

[[input]]
after = "store remove: done"
send = "boot pic_installer\n"

[[input]]
after = "installer: installed and started"
send = "store\n"

[[input]]
after = " slot 2: 'pictest'"
send = "terminate buttons\n"

[[input]]
after = "new version confirmed"
send = "store\n"

[[input]]
after = " slot 0: 'pictest'"
send = "terminate buttons\n"

[arch.cortex-m]
skip = "the app store and Tick's relocation table are rv32 only (qemu_mps2_an386 has no store flash)"
'''


def gen(seed, count):
    rnd = random.Random(seed)
    for k in range(1, count + 1):
        hog = rnd.randrange(0x1000, 0x60000, 8)
        with open(SCN % k, "w") as f:
            f.write(TEMPLATE.format(k=k, n=count, hog=hog))


def build(build_dir, out):
    os.makedirs(out, exist_ok=True)
    tools = os.path.join(build_dir, "tools")
    board = os.path.join(ROOT, "boards", "qemu_rv32_virt")
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "qemu", "store_pic_*.scn"))):
        k = re.search(r"store_pic_(\d+)\.scn$", path).group(1)
        m = re.search(r"^# place: hog_ram=(0x[0-9a-f]+)$", open(path).read(), re.M)
        if not m:
            sys.exit("store_pic_images.py: %s has no '# place:' line" % path)
        work = os.path.join(out, "store_pic_%s" % k)
        os.makedirs(work, exist_ok=True)
        hog_elf = os.path.join(work, "hog.elf")
        with open(os.path.join(build_dir, HOG_ELF), "rb") as src, open(hog_elf, "wb") as dst:
            dst.write(src.read())
        subprocess.run([os.path.join(tools, "tick-pack"), "-q", "--relocatable", "-n", "hog",
                        "--minimum-ram-size", m.group(1), "--kernel-major", "2", "--kernel-minor",
                        "3", "-o", os.path.join(work, "hog.tab"), hog_elf], check=True)
        subprocess.run([os.path.join(tools, "tick-image"), "compose", "--board", board, "-o",
                        os.path.join(out, "store_pic_%s.bin" % k), os.path.join(work, "hog.tbf")] +
                       [os.path.join(build_dir, a) for a in APPS],
                       check=True, stdout=subprocess.DEVNULL)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
