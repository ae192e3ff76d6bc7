#!/usr/bin/env python3
"""Flash images that put the relocatable test app pictest at random flash and RAM addresses.

usage: pic_images.py gen SEED COUNT      writes tests/qemu/pic_place_<k>.scn, k = 1..COUNT
       pic_images.py build BUILD OUT [--arch cortex-m]
                                         builds OUT/pic_place_<k>.bin for every such scenario

Each scenario boots one image: a RAM hog (hello_min packed to ask for a random amount of RAM,
which moves every later app's RAM, since the kernel hands RAM out first-fit in flash order),
then two copies of the same pictest TBF pinned at random flash addresses (tick-image
APP@ADDR), in random order. The scenario file is the one source of the placement: its
"# place:" comment line, which `build` reads. `gen` draws placements from SEED (a new seed
gives new placements; the committed files came from seed 2024).
On Cortex-M (--arch cortex-m) the same placements are mapped into that board's app flash
(arm_address: spread out, aligned to the 8 KiB the PIC pictest TBF takes, as its MPU region
needs) and the apps are the Arm builds, position independent by the compiler: the scenario's
[arch.cortex-m] table names those addresses.
"""
import glob
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCN = os.path.join(ROOT, "tests", "qemu", "pic_place_%d.scn")
FLASH, FLASH_END = 0x80100000, 0x80200000
PICTEST = "apps/pictest/rv32imac.0x80100080.0x80300000.tbf"
HOG_ELF = "apps/hello_min/rv32imac.0x80100080.0x80300000.elf"
ARM_FLASH, ARM_TBF = 0x00040000, 0x2000
ARM = dict(board="qemu_mps2_an386", flash=ARM_FLASH, pictest="cortex-m/apps/pictest/cortex-m4.tbf",
           hog="cortex-m/apps/hello_min/cortex-m4.elf", pack=[])
RV32 = dict(board="qemu_rv32_virt", flash=FLASH, pictest=PICTEST, hog=HOG_ELF, pack=["--relocatable"])


def arm_address(addr):
    """The Cortex-M placement of an rv32 one: 64 KiB past the hog, offsets tripled, 8 KiB aligned."""
    return ARM_FLASH + 0x10000 + ((addr - FLASH) * 3 + ARM_TBF - 1) // ARM_TBF * ARM_TBF

TEMPLATE = """description = "relocatable pictest: two copies of one TBF at random flash and RAM addresses (placement {k} of {n}), every kind of pointer checked"
# place: hog_ram={hog:#x} a={a:#010x} b={b:#010x}
apps = ["build/qemu-images/pic_place_{k}.bin"]
timeout = 15
expect = [
  "app 'pictest': flash {first:#010x}-",
  "app 'pictest': flash {second:#010x}-",
  "3 processes loaded",
  # The copies run side by side: their lines come in either order.
  "pictest: flash ({first:#010x}|{second:#010x}) ram 0x80[23][0-9a-f]{{5}}",
  "pictest: flash ({first:#010x}|{second:#010x}) ram 0x80[23][0-9a-f]{{5}}",
  "pictest: 2[0-9] checks, 0 failed",
  "pictest: 2[0-9] checks, 0 failed",
  "all processes have ended",
]
forbid = ["FAIL", "faulted", "not started", "relocation"]
run_to_end = true

# Arm: the same placement in the Cortex-M board's flash (pic_images.py arm_address), the PIC
# builds of the hog and pictest.
[arch.cortex-m]
apps = ["build/cortex-m/qemu-images/pic_place_{k}.bin"]
expect = [
  "app 'pictest': flash {arm_first:#010x}-",
  "app 'pictest': flash {arm_second:#010x}-",
  "3 processes loaded",
  "pictest: flash ({arm_first:#010x}|{arm_second:#010x}) ram 0x20[0-9a-f]{{6}}",
  "pictest: flash ({arm_first:#010x}|{arm_second:#010x}) ram 0x20[0-9a-f]{{6}}",
  "pictest: 2[0-9] checks, 0 failed",
  "pictest: 2[0-9] checks, 0 failed",
  "all processes have ended",
]
"""


def gen(seed, count):
    rnd = random.Random(seed)
    size = 0x2000  # room for pictest's TBF and some slack
    for k in range(1, count + 1):
        hog = rnd.randrange(0x1000, 0x40000, 8)
        # The hog sits at the flash start; the copies go above it, 4-byte aligned, apart.
        a = rnd.randrange(FLASH + 0x1000, FLASH_END - 2 * size, 4)
        b = rnd.randrange(FLASH + 0x1000, FLASH_END - size, 4)
        while abs(a - b) < size + 16:
            b = rnd.randrange(FLASH + 0x1000, FLASH_END - size, 4)
        first, second = sorted((a, b))
        with open(SCN % k, "w") as f:
            f.write(TEMPLATE.format(k=k, n=count, hog=hog, a=a, b=b, first=first, second=second,
                                    arm_first=arm_address(first), arm_second=arm_address(second)))


def build(build_dir, out, arch):
    os.makedirs(out, exist_ok=True)
    tools = os.path.join(build_dir, "tools")
    board = os.path.join(ROOT, "boards", arch["board"])
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "qemu", "pic_place_*.scn"))):
        k = re.search(r"pic_place_(\d+)\.scn$", path).group(1)
        m = re.search(r"^# place: hog_ram=(0x[0-9a-f]+) a=(0x[0-9a-f]+) b=(0x[0-9a-f]+)$",
                      open(path).read(), re.M)
        if not m:
            sys.exit("pic_images.py: %s has no '# place:' line" % path)
        hog_ram, a, b = m.group(1), m.group(2), m.group(3)
        if arch is ARM:
            a, b = "0x%x" % arm_address(int(a, 16)), "0x%x" % arm_address(int(b, 16))
        work = os.path.join(out, "pic_place_%s" % k)
        os.makedirs(work, exist_ok=True)
        hog_elf = os.path.join(work, "hog.elf")
        with open(os.path.join(build_dir, arch["hog"]), "rb") as src, open(hog_elf, "wb") as dst:
            dst.write(src.read())
        subprocess.run([os.path.join(tools, "tick-pack"), "-q"] + arch["pack"] + ["-n", "hog",
                        "--minimum-ram-size", hog_ram, "--kernel-major", "2", "--kernel-minor",
                        "3", "-o", os.path.join(work, "hog.tab"), hog_elf], check=True)
        pic = os.path.join(build_dir, arch["pictest"])
        subprocess.run([os.path.join(tools, "tick-image"), "compose", "--board", board, "-o",
                        os.path.join(out, "pic_place_%s.bin" % k),
                        os.path.join(work, "hog.tbf") + "@0x%x" % arch["flash"], pic + "@" + a,
                        pic + "@" + b], check=True, stdout=subprocess.DEVNULL)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "gen":
        gen(int(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "build":
        build(sys.argv[2], sys.argv[3], RV32)
    elif len(sys.argv) == 6 and sys.argv[1] == "build" and sys.argv[4:] == ["--arch", "cortex-m"]:
        build(sys.argv[2], sys.argv[3], ARM)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
