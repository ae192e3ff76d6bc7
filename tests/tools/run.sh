#!/bin/sh
# Runs the host-tool tests (tick-pack, tick-inspect, tick-image, round trip through the kernel's
# TBF parser); one PASS/FAIL line per case.
#
# usage: tests/tools/run.sh TOOLS_DIR LOG TEST_TBF   (from the repo root; TOOLS_DIR holds the
#        built tick-* tools, TEST_TBF is the unit test binary tests/unit/test_tbf.c, whose
#        --walk mode lists an image as the kernel loader sees it; the cases run in TOOLS_DIR/test-work)
# UPDATE_GOLDEN=1 rewrites tests/tools/golden/ from the current output instead of comparing.
set -u
[ $# -eq 3 ] || { echo "usage: tests/tools/run.sh TOOLS_DIR LOG TEST_TBF" >&2; exit 2; }
ROOT=$(pwd)
abs() { case $1 in /*) echo "$1" ;; *) echo "$ROOT/$1" ;; esac; }
T=$(abs "$1") LOG=$(abs "$2") TEST_TBF=$(abs "$3")
SRC=$ROOT/tests/tools
GOLD=$SRC/golden
W=$T/test-work
mkdir -p "$(dirname "$LOG")" && : >"$LOG"
rm -rf "$W" && mkdir -p "$W"
cd "$W" || exit 2
failed=0

pass() { echo "PASS tools/$1" | tee -a "$LOG"; }
fail() { echo "FAIL tools/$1" | tee -a "$LOG"; shift; [ $# -gt 0 ] && printf '  %s\n' "$@" >&2; failed=1; }

# ok NAME CMD...: CMD must exit 0 (output in NAME.out / NAME.err).
ok() {
	n=$1; shift
	f=$(echo "$n" | tr '/' '_')
	if "$@" >"$f.out" 2>"$f.err"; then pass "$n"; else fail "$n" "exit $? from: $*" "$(cat "$f.err")"; fi
}

# refuses NAME PATTERN CMD...: CMD must exit 1 and say PATTERN (a grep -E regex) on stderr or stdout.
refuses() {
	n=$1 pat=$2; shift 2
	f=$(echo "$n" | tr '/' '_')
	"$@" >"$f.out" 2>"$f.err"
	rc=$?
	if [ $rc -ne 1 ]; then
		fail "$n" "expected exit 1, got $rc from: $*" "$(cat "$f.err")"
	elif ! cat "$f.out" "$f.err" | grep -Eq -- "$pat"; then
		fail "$n" "message does not match /$pat/:" "$(cat "$f.err" "$f.out" | head -5)"
	else
		pass "$n"
	fi
}

# golden NAME FILE: FILE must equal tests/tools/golden/NAME.
golden() {
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		mkdir -p "$GOLD" && cp "$2" "$GOLD/$1" && pass "golden/$1"
	elif cmp -s "$2" "$GOLD/$1"; then
		pass "golden/$1"
	else
		fail "golden/$1" "$2 differs from tests/tools/golden/$1:" \
			"$(diff "$GOLD/$1" "$2" 2>&1 | head -20)"
	fi
}

# usage_error NAME PATTERN CMD...: CMD must exit 2 with exactly one line, on stderr, matching
# PATTERN (what is wrong and what to give instead), and nothing on stdout.
usage_error() {
	n=$1 pat=$2; shift 2
	f=$(echo "$n" | tr '/' '_')
	"$@" >"$f.out" 2>"$f.err"
	rc=$?
	if [ $rc -ne 2 ]; then
		fail "$n" "expected exit 2, got $rc from: $*" "$(cat "$f.err")"
	elif [ -s "$f.out" ] || [ "$(wc -l <"$f.err")" -ne 1 ] || ! grep -Eq -- "$pat" "$f.err"; then
		fail "$n" "wanted one stderr line matching /$pat/:" "$(cat "$f.err" "$f.out" | head -5)"
	else
		pass "$n"
	fi
}

# check NAME SHELL-CONDITION: a plain assertion.
check() {
	if sh -c "$2" >/dev/null 2>&1; then pass "$1"; else fail "$1" "not true: $2"; fi
}

MUT="python3 $SRC/mutate.py"
PACK="$T/tick-pack" INSPECT="$T/tick-inspect" IMAGE="$T/tick-image"
BOARD=$ROOT/boards/qemu_rv32_virt
cp -r "$SRC/fixtures/"*.elf "$SRC/fixtures/wfr" . && cp -r "$SRC/keys" keys

# ---------------------------------------------------------------- tick-pack
ok pack/help "$PACK" --help
for app in alpha beta gamma delta epsilon; do
	mkdir -p $app && cp ./*.elf $app/
done
ok pack/libtock-c-style "$PACK" -n alpha --stack 2048 --app-heap 1024 --kernel-heap 1024 \
	--kernel-major 2 --kernel-minor 2 --minimum-footer-size 3000 --deterministic -o alpha.tab \
	alpha/rv32imac.0x80100080.0x80300000.elf alpha/rv32imac.0x80110080.0x80310000.elf \
	alpha/rv32imac.0x80130080.0x80330000.elf alpha/rv32imac.0x80180080.0x80380000.elf \
	alpha/cortex-m4.elf
golden pack-alpha.out pack_libtock-c-style.out
golden alpha-slot1.tbf alpha/rv32imac.0x80100080.0x80300000.tbf
golden alpha-cortex-m4.tbf alpha/cortex-m4.tbf
# Listed with Python's tarfile (an independent reader), not tar(1), whose format varies.
python3 -c "
import tarfile
with tarfile.open('alpha.tab') as t:
    for m in t.getmembers():
        print(m.name, m.size, oct(m.mode), m.uid, m.gid, m.mtime, m.type.decode())
    print(t.extractfile('metadata.toml').read().decode(), end='')
" >tab-list.txt 2>&1
golden alpha-tab-list.txt tab-list.txt
check pack/tab-holds-the-tbfs "tar xOf alpha.tab rv32imac.0x80110080.0x80310000.tbf | cmp - alpha/rv32imac.0x80110080.0x80310000.tbf"
check pack/arm-power-of-two "[ \$(stat -c %s alpha/cortex-m4.tbf) -eq 4096 ]"
for app in beta gamma delta epsilon; do
	"$PACK" -q -n $app --kernel-major 2 --kernel-minor 2 --minimum-footer-size 3000 --deterministic \
		-o $app.tab $app/rv32imac.*.elf $app/cortex-m4.elf
done
check pack/deterministic-tab "$PACK -q -n alpha --stack 2048 --app-heap 1024 --kernel-heap 1024 --kernel-major 2 --kernel-minor 2 --minimum-footer-size 3000 --deterministic -o again.tab alpha/rv32imac.0x80100080.0x80300000.elf alpha/rv32imac.0x80110080.0x80310000.elf alpha/rv32imac.0x80130080.0x80330000.elf alpha/rv32imac.0x80180080.0x80380000.elf alpha/cortex-m4.elf && cmp alpha.tab again.tab"
check pack/build-date "$PACK -q -n x -o dated.tab alpha/cortex-m4.elf && tar xOf dated.tab metadata.toml | grep -Eq '^build-date = [0-9]{4}-[0-9]{2}-[0-9]{2}T'"

mkdir -p opts perms
cp rv32imac.0x80100080.0x80300000.elf opts/app.elf
ok pack/all-options "$PACK" -n options --stack 1001 --permissions 1:0,1:1,0x40001:2,1:99 --write_id 5 \
	--read_ids 1 2 --access_ids 3 --short-id 0x1234 --app-version 7 --disable --sha256 --sha384 \
	--sha512 --protected-region-size 256 --kernel-major 2 --kernel-minor 3 --deterministic \
	-o opts.tab opts/app.elf,rv32imac.custom
"$INSPECT" opts/app.tbf >opts-inspect.txt 2>&1
golden inspect-options.txt opts-inspect.txt
check pack/arch-override "tar tf opts.tab | grep -qx rv32imac.custom.tbf"
cp rv32imac.0x80100080.0x80300000.elf perms/a.elf
cp rv32imac.0x80100080.0x80300000.elf perms/b.elf
mkdir -p ipcsvc && cp rv32imac.0x80100080.0x80300000.elf ipcsvc/app.elf
check pack/ipc-services "$PACK -q -n svc --ipc-service org.tick.echo --ipc-service kv --kernel-major 2 --kernel-minor 3 -o ipcsvc.tab ipcsvc/app.elf && $INSPECT ipcsvc/app.tbf | grep -q 'TLV TickIpcServices' && $INSPECT ipcsvc/app.tbf | grep -q 'ipc service *\"org.tick.echo\"' && $INSPECT ipcsvc/app.tbf | grep -q 'ipc service *\"kv\"' && $INSPECT ipcsvc/app.tbf | grep -q ', ok'"
check pack/ipc-clients "$PACK -q -n svc --ipc-service vault --ipc-client org.tick.a --ipc-client b --kernel-major 2 --kernel-minor 3 -o ipcc.tab ipcsvc/app.elf && $INSPECT ipcsvc/app.tbf | grep -q 'TLV TickIpcClients' && $INSPECT ipcsvc/app.tbf | grep -q 'ipc client *\"org.tick.a\"' && $INSPECT ipcsvc/app.tbf | grep -q ', ok'"
check pack/ipc-service-refused "! $PACK -q -n svc --ipc-service '' -o bad.tab ipcsvc/app.elf"
check pack/elf2tab-permission-syntax "$PACK -q -n p --permissions 1,0 1,1 0x40001,2 -o pa.tab perms/a.elf && $PACK -q -n p --permissions 1:0,1:1,0x40001:2 -o pb.tab perms/b.elf && cmp perms/a.tbf perms/b.tbf"

ok pack/wfr "$PACK" -n wfr --kernel-major 2 --kernel-minor 2 --deterministic -o wfr.tab \
	wfr/rv32imac.0x80100080.0x80300000.elf
"$INSPECT" wfr/rv32imac.0x80100080.0x80300000.tbf >wfr-inspect.txt 2>&1
golden inspect-wfr.txt wfr-inspect.txt
# The region must point at the app_state initialiser {1, 2, 3, 0...} inside the TBF.
check pack/wfr-offset "python3 -c \"
import struct,sys
b=open('wfr/rv32imac.0x80100080.0x80300000.tbf','rb').read()
o=b.find(struct.pack('<HHII',2,8,0,0)[:4])
off,size=struct.unpack_from('<II',b,o+4)
sys.exit(not (size==32 and b[off:off+12]==struct.pack('<III',1,2,3)))\""
mkdir -p nf && cp rv32imac.0x80100080.0x80300000.elf nf/
ok pack/no-footer-riscv "$PACK" -q -n nf -o nf.tab nf/rv32imac.0x80100080.0x80300000.elf
check pack/riscv-multiple-of-4 "[ \$(( \$(stat -c %s nf/rv32imac.0x80100080.0x80300000.tbf) % 4 )) -eq 0 ]"

mkdir -p signed
cp rv32imac.0x80100080.0x80300000.elf signed/app.elf
ok pack/ecdsa "$PACK" -q -n signed --kernel-major 2 --kernel-minor 2 --sha256 \
	--ecdsa-key keys/ecdsa-p256.pem --minimum-footer-size 1024 --deterministic -o signed.tab signed/app.elf
cp signed/app.tbf signed1.tbf
check pack/ecdsa-deterministic "$PACK -q -n signed --kernel-major 2 --kernel-minor 2 --sha256 --ecdsa-key keys/ecdsa-p256.pem --minimum-footer-size 1024 --deterministic -o signed.tab signed/app.elf && cmp signed/app.tbf signed1.tbf"
ok inspect/ecdsa-verified "$INSPECT" --key keys/ecdsa-p256.pub.pem signed1.tbf
check inspect/ecdsa-verified-says-so "grep -q 'EcdsaNistP256.*verified' inspect_ecdsa-verified.out && grep -q 'SHA256.*verified' inspect_ecdsa-verified.out"
ok inspect/ecdsa-private-key-also-verifies "$INSPECT" --key keys/ecdsa-p256.pem signed1.tbf
refuses inspect/ecdsa-wrong-key "EcdsaNistP256 credential .* does not match" \
	"$INSPECT" --key keys/other-p256.pub.pem signed1.tbf
ok inspect/ecdsa-without-key "$INSPECT" signed1.tbf
check inspect/ecdsa-not-verified-note "grep -q 'EcdsaNistP256.*not verified' inspect_ecdsa-without-key.out"
ok inspect/c-key "$INSPECT" --c-key keys/ecdsa-p256.pub.pem
golden c-key.txt inspect_c-key.out
check inspect/c-key-from-private "[ \"\$($INSPECT --c-key keys/ecdsa-p256.pem | tail -n +2)\" = \"\$(tail -n +2 inspect_c-key.out)\" ]"
$MUT signed1.tbf signed-tampered.tbf xor8:0x90:0x01
refuses inspect/signature-after-tamper "does not match the integrity region" \
	"$INSPECT" --key keys/ecdsa-p256.pub.pem signed-tampered.tbf
refuses pack/ecdsa-wrong-curve "not an ECDSA NIST P-256 key" \
	"$PACK" -n x --ecdsa-key keys/p384.pem -o x.tab signed/app.elf
refuses pack/ecdsa-missing-key "cannot read private key nokey.pem" \
	"$PACK" -n x --ecdsa-key nokey.pem -o x.tab signed/app.elf

# Existing TABs and TBFs as input: carried over, credentials added into the Reserved footer.
ok pack/sign-existing-tab "$PACK" --sha256 --ecdsa-key keys/ecdsa-p256.pem --deterministic \
	-o alpha-signed.tab alpha.tab
ok pack/signed-tab-verifies "$INSPECT" --key keys/ecdsa-p256.pub.pem alpha-signed.tab
check pack/signed-tab-has-signatures "[ \$(grep -c 'EcdsaNistP256.*verified' pack_signed-tab-verifies.out) -eq 5 ]"
check pack/signed-tab-keeps-metadata "tar xOf alpha-signed.tab metadata.toml | grep -qx 'name = \"alpha\"' && tar xOf alpha-signed.tab metadata.toml | grep -q 'minimum-tock-kernel-version = \"2.2\"'"
check pack/signing-keeps-integrity-region "tar xOf alpha-signed.tab rv32imac.0x80110080.0x80310000.tbf | head -c 232 | cmp - alpha/rv32imac.0x80110080.0x80310000.tbf -n 232 && [ \$(tar xOf alpha-signed.tab cortex-m4.tbf | wc -c) -eq 4096 ]"
refuses pack/sign-without-room "no Reserved footer with room for 40 bytes of credentials" \
	"$PACK" --sha256 -o x.tab nf/rv32imac.0x80100080.0x80300000.tbf
ok pack/tbf-input "$PACK" -q -n copy -o copy.tab alpha/rv32imac.0x80130080.0x80330000.tbf
check pack/tbf-input-copied "tar xOf copy.tab rv32imac.0x80130080.0x80330000.tbf | cmp - alpha/rv32imac.0x80130080.0x80330000.tbf"
refuses pack/bad-tbf-input "m0.tbf is not a valid TBF: header checksum" \
	sh -c "python3 $SRC/mutate.py alpha/cortex-m4.tbf m0.tbf xor8:20:1 && $PACK -o x.tab m0.tbf"
echo "hello" >notelf.elf
refuses pack/non-elf "notelf.elf is not an ELF, TBF or TAB file: give the ELF an app's link writes" "$PACK" -n x -o x.tab notelf.elf
refuses pack/missing-elf "cannot read nothere.elf" "$PACK" -n x -o x.tab nothere.elf
head -c 100 rv32imac.0x80100080.0x80300000.elf >cut.elf
refuses pack/truncated-elf "cut.elf: .*outside the file" "$PACK" -n x -o x.tab cut.elf
refuses pack/protected-too-small "protected region of 16 bytes is too small" \
	"$PACK" -n x --protected-region-size 16 -o x.tab signed/app.elf
refuses pack/header-too-big-for-slot "the 140-byte TBF header does not fit in the 128 bytes between the 256-byte boundary 0x80100000 and the app's flash address 0x80100080; pass --protected-region-size 140" \
	"$PACK" -n s --permissions 1:0,1:1,2:3,4:5 --short-id 9 -o x.tab signed/app.elf
refuses pack/bad-number "--stack: '12k' is not a number" "$PACK" -n x --stack 12k -o x.tab signed/app.elf
refuses pack/unknown-option "unknown option --frobnicate" "$PACK" --frobnicate signed/app.elf
refuses pack/no-input "no input files given" "$PACK" -n x -o x.tab

# ---------------------------------------------------------------- tick-inspect
ok inspect/help "$INSPECT" --help
ok inspect/tbf "$INSPECT" alpha/rv32imac.0x80100080.0x80300000.tbf
golden inspect-slot1.txt inspect_tbf.out
ok inspect/tab "$INSPECT" alpha.tab
golden inspect-tab.txt inspect_tab.out
ok inspect/json "$INSPECT" --json alpha.tab signed1.tbf
golden inspect.json inspect_json.out
check inspect/json-parses "python3 -c 'import json,sys; d=json.load(open(\"inspect_json.out\")); sys.exit(not (len(d[\"files\"])==2 and d[\"files\"][0][\"apps\"]==5))'"

S=alpha/rv32imac.0x80100080.0x80300000.tbf
$MUT $S m-version.tbf set16:0:3
refuses malformed/bad-version "not a TBF object: the first half-word is 3" "$INSPECT" m-version.tbf
$MUT $S m-checksum.tbf xor8:0x3c:0x20
refuses malformed/bad-checksum "checksum does not match .*stored 0x.*computed 0x" "$INSPECT" m-checksum.tbf
$MUT $S m-hsize.tbf set16:2:4000 fixsum
refuses malformed/header-size-over-total "header size is smaller than .* or larger than the total size .*header_size 4000, total_size 3232" \
	"$INSPECT" m-hsize.tbf
$MUT $S m-tlv.tbf set16:0x52:12 fixsum
refuses malformed/truncated-tlv "a header TLV runs past the end of the header" "$INSPECT" m-tlv.tbf
$MUT $S m-main.tbf set16:0x12:8 fixsum
refuses malformed/bad-main-length "Main TLV is not 12 bytes long" "$INSPECT" m-main.tbf
$MUT $S m-program.tbf set16:0x22:16 fixsum
refuses malformed/bad-program-length "Program TLV is not 20 bytes long" "$INSPECT" m-program.tbf
$MUT $S m-end.tbf set32:0x30:5000 fixsum
refuses malformed/binary-end-outside "binary end offset lies outside the object" "$INSPECT" m-end.tbf
$MUT $S m-trailer.tbf set32:0x28:4000 fixsum
refuses malformed/trailer-past-total "total size is smaller than the header plus its protected trailer" "$INSPECT" m-trailer.tbf
$MUT $S m-short.tbf truncate:1000
refuses malformed/truncated-file "data ends before the object does .*only 1000 bytes are left" "$INSPECT" m-short.tbf
$MUT $S m-footer.tbf set16:0xe8:3
refuses malformed/bad-footer "footer at offset 232: a footer is not a well-formed credentials TLV" "$INSPECT" m-footer.tbf
$MUT signed1.tbf m-sha.tbf xor8:0xa0:0xff
refuses malformed/sha256-mismatch "SHA256 credential .* does not match the integrity region" "$INSPECT" m-sha.tbf
$MUT $S m-flags.tbf set32:8:0x10 fixsum
refuses malformed/reserved-flags "reserved flag bits are set" "$INSPECT" m-flags.tbf
refuses malformed/elf-given-to-inspect "is an ELF file, not a TBF: pack it with tick-pack first" \
	"$INSPECT" rv32imac.0x80100080.0x80300000.elf
refuses malformed/text-file "not a TBF object" "$INSPECT" notelf.elf

# ---------------------------------------------------------------- tick-image
ok image/help "$IMAGE" --help
ok image/three-tabs-three-slots "$IMAGE" compose --board "$BOARD" -o three.bin alpha.tab beta.tab gamma.tab
golden image-three.txt image_three-tabs-three-slots.out
sha256sum three.bin | cut -d' ' -f1 >three.sha
golden image-three.sha three.sha
ok image/inspect-composed "$INSPECT" --address 0x80100000 three.bin
check image/three-apps-two-paddings "grep -q 'three.bin: 3 apps, 2 padding objects, ok' image_inspect-composed.out"
refuses image/wrong-address-detected "the binary must run at 0x80100080 but this object sits at 0x80100100" \
	"$INSPECT" --address 0x80100100 three.bin
ok image/tbf-first-then-tabs "$IMAGE" compose --board "$BOARD" -o mixed.bin alpha.tab beta.tab \
	gamma/rv32imac.0x80100080.0x80300000.tbf
golden image-mixed.txt image_tbf-first-then-tabs.out
# --map: the TAB member each app came from and where its binary starts (make debug's input).
ok image/map "$IMAGE" compose --board "$BOARD" -o mixed2.bin --map mixed.map alpha.tab beta.tab \
	gamma/rv32imac.0x80100080.0x80300000.tbf
check image/map-names-tab-member "grep -q '^alpha	0x80110000	0x80110080	0x80310000	alpha.tab	rv32imac.0x80110080.0x80310000.tbf\$' mixed.map"
check image/map-names-plain-tbf "grep -q '^gamma	0x80100000	0x80100080	0x80300000	gamma/rv32imac.0x80100080.0x80300000.tbf	-\$' mixed.map"
check image/map-same-image "cmp -s mixed.bin mixed2.bin"
refuses image/all-slots-taken "epsilon.tab: none of its 4 rv32imac variants fits beside the apps already placed" \
	"$IMAGE" compose --board "$BOARD" -o x.bin alpha.tab beta.tab gamma.tab delta.tab epsilon.tab
refuses image/overlap "beta \(beta/rv32imac.0x80100080.0x80300000.tbf\) flash 0x80100000-0x80100ca0 overlaps alpha \(alpha/rv32imac.0x80100080.0x80300000.tbf\)" \
	"$IMAGE" compose --board "$BOARD" -o x.bin alpha/rv32imac.0x80100080.0x80300000.tbf \
	beta/rv32imac.0x80100080.0x80300000.tbf
mkdir -p bigram && cp rv32imac.0x80100080.0x80300000.elf bigram/
"$PACK" -q -n bigram --app-heap 0x20000 -o bigram.tab bigram/rv32imac.0x80100080.0x80300000.elf
refuses image/ram-overlap "alpha \(alpha/rv32imac.0x80110080.0x80310000.tbf\) RAM 0x80310000-0x80311008 overlaps the RAM of bigram \(bigram/rv32imac.0x80100080.0x80300000.tbf\) at 0x80300000-0x80320808" \
	"$IMAGE" compose --board "$BOARD" -o x.bin bigram/rv32imac.0x80100080.0x80300000.tbf \
	alpha/rv32imac.0x80110080.0x80310000.tbf
refuses image/outside-board-flash "needs flash 0x80130000-0x80130ca0, outside the board's app flash 0x80100000-0x80112000" \
	"$IMAGE" compose --board "$SRC/boards/small" -o x.bin alpha/rv32imac.0x80130080.0x80330000.tbf
ok image/small-board-tab-fit "$IMAGE" compose --board "$SRC/boards/small" -o small.bin alpha.tab beta.tab
refuses image/no-arch-variant "no TBF for the board's arch rv32imc in this TAB .*: give the app's build for rv32imc" \
	"$IMAGE" compose --board "$SRC/boards/rv32imc" -o x.bin alpha.tab
refuses image/non-tbf-input "notelf.elf is not a TBF or TAB .*: give the \.tab or \.tbf that an app's make writes" "$IMAGE" compose --board "$BOARD" -o x.bin notelf.elf
refuses image/elf-input "is an ELF file, not a TBF or TAB: pack it with tick-pack first" \
	"$IMAGE" compose --board "$BOARD" -o x.bin rv32imac.0x80100080.0x80300000.elf
refuses image/bad-tbf-input "m-checksum.tbf: not a valid TBF: header checksum does not match" \
	"$IMAGE" compose --board "$BOARD" -o x.bin m-checksum.tbf
refuses image/missing-board "cannot read board memory map nowhere/board.conf|cannot read board memory map nowhere" \
	"$IMAGE" compose --board nowhere -o x.bin alpha.tab
ok image/arm-relocatable "$IMAGE" compose --board "$SRC/boards/arm" -o arm.bin alpha.tab beta/cortex-m4.tbf \
	gamma.tab
golden image-arm.txt image_arm-relocatable.out
check image/arm-aligned "python3 -c \"
import struct,sys
b=open('arm.bin','rb').read(); off=0; ok=True
while off+8<=len(b) and struct.unpack_from('<H',b,off)[0]==2:
    hs,ts=struct.unpack_from('<HI',b,off+2)
    if hs>16 and off%ts: ok=False
    off+=ts
sys.exit(not ok)\""
ok image/list "$IMAGE" list --board "$BOARD" three.bin
golden image-list.txt image_list.out
ok image/remove "$IMAGE" remove --board "$BOARD" three.bin beta -o removed.bin
golden image-remove.txt image_remove.out
ok image/replace "$IMAGE" replace --board "$BOARD" removed.bin gamma delta.tab -o replaced.bin
golden image-replace.txt image_replace.out
refuses image/remove-unknown "has no app named zeta \(apps: alpha beta gamma\)" \
	"$IMAGE" remove --board "$BOARD" three.bin zeta -o x.bin

# A TAB written by another tar implementation (as elf2tab's Rust tar crate does, GNU headers).
ok image/foreign-tab "python3" -c "
import tarfile, io
for fmt, name in ((tarfile.GNU_FORMAT, 'gnu.tab'), (tarfile.PAX_FORMAT, 'pax.tab')):
    with tarfile.open(name, 'w', format=fmt) as t:
        for arc, path in (('metadata.toml', None),
                          ('rv32imac.0x80180080.0x80380000.tbf', 'alpha/rv32imac.0x80180080.0x80380000.tbf')):
            data = b'tab-version = 1\nname = \"alpha\"\n' if path is None else open(path, 'rb').read()
            info = tarfile.TarInfo(arc); info.size = len(data); info.mode = 0o644
            t.addfile(info, io.BytesIO(data))
"
ok image/foreign-tab-gnu "$INSPECT" gnu.tab
ok image/foreign-tab-pax "$IMAGE" compose --board "$BOARD" -o foreign.bin pax.tab
check image/foreign-tab-slot "grep -q 'alpha .*flash 0x80180000-0x80180ca0' image_foreign-tab-pax.out"

# ---------------------------------------------------------------- relocatable TBFs (Tick's table)
# reloc/*.elf: one app linked with its relocations kept, at the nominal slot and at a second
# place, in both code models. Patched for the second place by the kernel's applier, the first
# one's image must equal the second one's byte for byte.
cp -r "$SRC/fixtures/reloc" reloc
MOVE="$T/reloc_move"
ok reloc/pack-medlow "$PACK" -v --relocatable -n reloc --kernel-major 2 --kernel-minor 3 \
	--deterministic -o medlow.tab reloc/medlow.elf
golden pack-reloc.out reloc_pack-medlow.out
golden reloc-medlow.tbf reloc/medlow.tbf
ok reloc/pack-medany "$PACK" -q --relocatable -n reloc --kernel-major 2 --kernel-minor 3 \
	--deterministic -o medany.tab reloc/medany.elf
for m in medlow medany; do
	"$PACK" -q --relocatable -n reloc --kernel-major 2 --kernel-minor 3 -o $m-moved.tab \
		reloc/$m-moved.elf
	check reloc/$m-relocated-equals-relinked "$MOVE reloc/$m.tbf 0x80123480 0x80234560 a-$m.bin && $MOVE reloc/$m-moved.tbf 0x80123480 0x80234560 b-$m.bin && cmp a-$m.bin b-$m.bin"
	check reloc/$m-patches-something "! $MOVE reloc/$m.tbf 0x80100080 0x80300000 c-$m.bin || ! cmp -s a-$m.bin c-$m.bin"
done
check reloc/fixed-addresses-name-the-link "$INSPECT reloc/medlow.tbf | grep -q 'start_process_flash     0x80100080'"
refuses reloc/misaligned-ram "placement breaks app alignment" "$MOVE" reloc/medlow.tbf 0x80123480 0x80234564 x.bin
ok reloc/inspect "$INSPECT" --relocs reloc/medlow.tbf
golden inspect-reloc.txt reloc_inspect.out
ok reloc/inspect-json "$INSPECT" --json reloc/medany.tbf
check reloc/json-has-table "python3 -c 'import json,sys; d=json.load(open(\"reloc_inspect-json.out\")); t=[x for x in d[\"files\"][0][\"objects\"][0][\"tlvs\"] if x[\"type\"]==0x8100][0]; sys.exit(not (t[\"valid\"] and t[\"count\"]==17))'"
refuses reloc/pack-refuses-pic "the app has a GOT .*compiled with -fPIC" \
	"$PACK" --relocatable -n x -o x.tab reloc/pic.elf
refuses reloc/pack-needs-emit-relocs "link it with -Wl,--emit-relocs" \
	"$PACK" --relocatable -n x -o x.tab reloc/norelocs.elf
refuses reloc/pack-refuses-arm "relocatable TBFs are made from rv32 ELFs" \
	"$PACK" --relocatable -n x -o x.tab cortex-m4.elf
# Every class of malformed table: a plain-words problem naming the entry (the kernel logs the
# same words: kernel/reloc.c is the one implementation).
for c in "version:unknown relocation table version" "arch:for another arch" "header:bad relocation table header" \
	"truncated:entry 31 .*relocation entries malformed" "trailing:entry 30 .*relocation entries malformed" \
	"type:entry 0 .*unknown relocation type" "overlap:entry 1 .*overlap or out of order" \
	"in-header:entry 0 \(offset 0x8\): relocation in the TBF header" \
	"outside:entry 30 .*outside the app image" "instruction:entry 0 .*on a wrong instruction" \
	"target:entry 27 .*points outside the app"; do
	python3 "$SRC/reloc_mutate.py" reloc/medlow.tbf m-reloc-${c%%:*}.tbf ${c%%:*}
	refuses reloc/malformed-${c%%:*} "${c#*:}" "$INSPECT" m-reloc-${c%%:*}.tbf
done
refuses reloc/inspect-misplaced "at 0x80100002 its binary .* is not a multiple of 4 bytes away" \
	"$INSPECT" --address 0x80100002 reloc/medlow.tbf
ok reloc/image-places-anywhere "$IMAGE" compose --board "$BOARD" -o reloc.bin reloc/medlow.tbf \
	reloc/medlow.tbf reloc/medany.tbf@0x80123400 alpha.tab
golden image-reloc.txt reloc_image-places-anywhere.out
ok reloc/image-inspect "$INSPECT" --address 0x80100000 reloc.bin
check reloc/image-pin-map-names-the-file "$IMAGE compose --board $BOARD -o p.bin --map p.map reloc/medlow.tbf@0x80123400 >/dev/null && grep -q '	reloc/medlow.tbf	' p.map"
refuses reloc/image-pin-misaligned "cannot start at 0x80123402: its TBF start must be 0x0 modulo 0x4" \
	"$IMAGE" compose --board "$BOARD" -o x.bin reloc/medlow.tbf@0x80123402
refuses reloc/image-pin-fixed "is a fixed-address app: its TBF goes at 0x80100000, not 0x80123400" \
	"$IMAGE" compose --board "$BOARD" -o x.bin alpha/rv32imac.0x80100080.0x80300000.tbf@0x80123400
check reloc/image-replace-keeps-place "$IMAGE replace --board $BOARD reloc.bin reloc reloc/medany.tbf -o r2.bin | grep -q '^reloc .*flash 0x80100ca0-'"
"$TEST_TBF" --walk reloc.bin 0x80100000 >walk-reloc.txt 2>&1
golden walk-reloc.txt walk-reloc.txt

# ---------------------------------------------------------------- round trip with the kernel's parser
"$TEST_TBF" --walk three.bin 0x80100000 >walk.txt 2>&1
golden walk-three.txt walk.txt
"$IMAGE" compose --board "$BOARD" -o signed.bin signed1.tbf beta/rv32imac.0x80110080.0x80310000.tbf >/dev/null 2>&1
"$TEST_TBF" --walk signed.bin 0x80100000 >walk-signed.txt 2>&1
golden walk-signed.txt walk-signed.txt
check roundtrip/image-ends-with-marker "python3 -c \"import sys; b=open('three.bin','rb').read(); sys.exit(b[-8:]!=bytes(8))\""

# ---------------------------------------------------------------- the kernel's code built for rv32
# ---------------------------------------------------------------- tick-load
# Its errors, against a stand-in for the board's management channel (fake_board.py MODE).
LOAD="$T/tick-load"
ok load/help "$LOAD" --help
refuses load/missing-file "missing\.tab: no such file" "$LOAD" --socket nosock install missing.tab
# Usage errors: one line naming the mistake and the right call, before any connection.
usage_error load/usage-no-command "no command: give install, update, remove, list, info or slot \(see tick-load --help\)" \
	"$LOAD" --socket nosock
usage_error load/usage-unknown-command "unknown command 'bogus': give install, " "$LOAD" --socket nosock bogus
usage_error load/usage-install-no-file "install needs a FILE: tick-load install FILE \[--or-update\]" \
	"$LOAD" --socket nosock install
usage_error load/usage-remove-no-name "remove needs the app's NAME: tick-load remove NAME" "$LOAD" --socket nosock remove
usage_error load/usage-too-many "list got too many arguments: tick-load list " "$LOAD" --socket nosock list a b c d
usage_error load/usage-or-update "--or-update goes with install only" "$LOAD" --socket nosock --or-update list
usage_error load/usage-socket-no-path "--socket needs a path" "$LOAD" --socket
usage_error load/usage-unknown-option "unknown option --bogus \(see tick-load --help\)" "$LOAD" --bogus list
# A file that is not an app is refused before the board is asked (no socket needed).
echo "not an app" >notanapp.tab
refuses load/not-a-tbf "notanapp\.tab is not a TBF or TAB .*: give the \.tab or \.tbf that an app's make writes" \
	"$LOAD" --socket nosock install notanapp.tab
refuses load/no-socket "no QEMU on nosock \(no such socket\): start one with make run" \
	"$LOAD" --socket nosock list
# An app named hello, the one the fake board has installed.
mkdir -p hello1 && cp alpha/rv32imac.0x80100080.0x80300000.elf hello1/
"$PACK" -q -n hello --kernel-major 2 --kernel-minor 3 -o hello1.tab hello1/rv32imac.0x80100080.0x80300000.elf >/dev/null 2>&1
fake() {   # fake MODE [ARCH]: (re)starts the stand-in on ./fake.sock
	[ -n "${FAKE_PID:-}" ] && kill "$FAKE_PID" 2>/dev/null && wait "$FAKE_PID" 2>/dev/null
	rm -f fake.sock
	python3 "$SRC/fake_board.py" fake.sock "$@" & FAKE_PID=$!
	# up to 10 s: on a loaded machine Python alone can take seconds to start
	i=0; until [ -S fake.sock ] || [ $i -ge 50 ]; do sleep 0.2; i=$((i + 1)); done
}
FL="$LOAD --socket fake.sock --quiet"
fake ok
ok load/list $FL list
check load/list-names-hello "grep -q 'slot 0 *hello' load_list.out"
ok load/list-json $FL --json list
check load/list-json-parses "python3 -c 'import json,sys; d=json.load(open(\"load_list-json.out\")); sys.exit(d[\"apps\"][0][\"name\"] != \"hello\")'"
ok load/info-board $FL info
check load/info-says-arch "grep -q 'arch rv32imac' load_info-board.out"
ok load/install-tbf $FL install alpha/rv32imac.0x80100080.0x80300000.tbf
refuses load/name-clash "name clash: 'hello' is installed already" $FL install hello1/rv32imac.0x80100080.0x80300000.tbf
refuses load/update-absent "'alpha' is not installed: use tick-load install" $FL update alpha/rv32imac.0x80100080.0x80300000.tbf
refuses load/remove-absent "no installed app named 'nope'" $FL remove nope
refuses load/fixed-tab-not-a-slot "fixed address already taken: no rv32imac TBF of alpha\.tab goes into a free store slot" $FL install alpha.tab
refuses load/elf "is an ELF file, not a TBF or TAB" $FL install alpha/cortex-m4.elf
# A relocatable app (Tick's table; its FixedAddresses are only its link addresses, no store
# slot's): sent for the store to place, from a TAB and as a TBF (was refused as fixed).
mkdir -p relapp && cp reloc/medlow.elf relapp/rv32imac.0x80100080.0x80300000.elf
"$PACK" -q --relocatable -n relapp --kernel-major 2 --kernel-minor 3 -o relapp.tab \
	relapp/rv32imac.0x80100080.0x80300000.elf >/dev/null 2>&1
ok load/install-relocatable-tab $FL install relapp.tab
ok load/install-relocatable-tbf $FL install reloc/medlow.tbf
fake ok riscv128
refuses load/wrong-arch "wrong arch: alpha\.tab has no TBF for the board's arch riscv128 \(it has: rv32imac" $FL install alpha.tab
T1=alpha/rv32imac.0x80100080.0x80300000.tbf
fake too-big;   refuses load/does-not-fit "does not fit: [0-9]+ bytes, a store slot holds 261888" $FL install $T1
fake no-slot;   refuses load/no-free-slot "does not fit: no free store slot" $FL install $T1
fake ram;       refuses load/no-ram "does not fit: no room for its RAM" $FL install $T1
fake shortid;   refuses load/shortid-clash "name or ShortId clash: .*ShortId is already used" $FL install $T1
fake signature; refuses load/signature "signature rejected by the board: .*signature does not verify" $FL install $T1
fake fixed;     refuses load/fixed-taken "fixed address already taken: alpha is linked for 0x80100000" $FL install $T1
fake busy;      refuses load/busy "store is busy" $FL install $T1
fake gone;      refuses load/device-gone "device gone: the connection to fake\.sock closed" $FL install $T1
fake silent;    refuses load/no-answer "device gone: no answer from the board on fake\.sock" $FL list
kill "$FAKE_PID" 2>/dev/null; wait "$FAKE_PID" 2>/dev/null

# lines NAME CMD...: CMD prints its own "PASS x"/"FAIL x" lines; they go to the log as they are.
lines() {
	n=$1; shift
	"$@" >"$n.txt" 2>"$n.err"
	rc=$?
	grep -E '^(PASS|FAIL) ' "$n.txt" | sed -E 's#^(PASS|FAIL) (tools/)?#\1 tools/#' | tee -a "$LOG"
	grep -q '^FAIL' "$n.txt" && { failed=1; cat "$n.err" >&2; }
	grep -q '^PASS' "$n.txt" || fail "$n/ran" "$* printed no results" "$(cat "$n.err")"
	[ $rc -eq 0 ] || grep -q '^FAIL' "$n.txt" || fail "$n/exit" "exit $rc from $*" "$(tail -5 "$n.err")"
}
# The same freestanding code built for rv32 as the kernel builds it, run bare-metal in QEMU.
if [ -f "$T/rv32_selftest.elf" ]; then
	lines rv32 timeout -s KILL 60 qemu-system-riscv32 -machine virt -bios none -nographic \
		-icount shift=0 -kernel "$T/rv32_selftest.elf"
	grep '^info:' rv32.txt
else
	fail rv32/build "$T/rv32_selftest.elf was not built (riscv64-unknown-elf-gcc missing?)"
fi

exit $failed
