# Flash images and kernels for the loader scenarios: damaged TBFs (tests/qemu/bad_*.scn),
# signed apps with a kernel that requires signatures (tests/qemu/signed_*.scn) or notes them
# (tests/qemu/ipc_signed*.scn), apps stuffed
# with credential footers (tests/qemu/footer_flood.scn), and the test kernel with the drivers
# only test apps use (TEST_DRIVERS=1, tests/qemu/syscall_return.scn).
# Each arch has its own (build/qemu-images, build/cortex-m/qemu-images: scenarios' [arch.*]
# tables name the latter).
QEMU_IMAGES := $(BUILD)/$(ARCH_APPS_DIR:apps=qemu-images)
# The test key signs the apps and, through APP_SIGNING_KEY, is compiled into SIGNED_KERNEL.
TEST_SIGNING_KEY := tests/tools/keys/ecdsa-p256.pem
SIGNED_KERNEL_OUT := $(BUILD)/$(BOARD)-signed
# The same key noted rather than required (APP_SIGNING_OPTIONAL=1: tests/qemu/ipc_signed*.scn).
NOTING_KERNEL_OUT := $(BUILD)/$(BOARD)-signed-optional
TEST_KERNEL_OUT := $(BUILD)/$(BOARD)-test
ECHO_TBF := $(if $(filter 1,$(ARCH_APP_PIC)),$(ARCH_APP_TARGET).tbf,rv32imac.0x80100080.0x80300000.tbf)
# hello built the fixed-address way (APP_FIXED=1: one TBF per libtock-c slot), for the scenarios
# about fixed addresses and for the footer images, which must sit where they did.
HELLO_FIXED := $(QEMU_IMAGES)/hello-fixed

# hello with 1,000 identical valid SHA-256 footers in slot 1 (refused; it used to cost 1,000
# hashes of its integrity region) and with 16 in slot 2 (the most an app may have: it runs).
FOOTER_IMAGES := $(QEMU_IMAGES)/hello-1000-footers.tbf $(QEMU_IMAGES)/hello-16-footers.tbf

.PHONY: qemu-images signed-images test-kernel pic-images store-pic-images
ifeq ($(ARCH_APP_PIC),1)
# Position-independent apps (Arm): no fixed-address builds, no relocation tables; the damaged
# headers and the footer floods are made from the one PIC hello.
HELLO_FIXED := $(BUILD)/$(ARCH_APPS_DIR)/hello
HELLO_TBFS  := $(HELLO_FIXED)/$(ARCH_APP_TARGET).tbf $(HELLO_FIXED)/$(ARCH_APP_TARGET).tbf
FOOTERS_FLAGS := --pow2
qemu-images: $(QEMU_IMAGES)/bad_headers.bin signed-images test-kernel $(FOOTER_IMAGES) pic-images noshell-kernel
$(HELLO_FIXED)/hello.tab $(HELLO_FIXED)/$(ARCH_APP_TARGET).tbf: app-apps/hello ;
# The pic_place_*.scn placements in this board's flash, with the PIC pictest (pic_images.py).
pic-images: app-apps/tests/pictest app-apps/hello_min tests/qemu/pic_images.py tools
	@$(PYTHON) tests/qemu/pic_images.py build $(BUILD) $(QEMU_IMAGES) --arch cortex-m
else
HELLO_TBFS  := $(HELLO_FIXED)/rv32imac.0x80110080.0x80310000.tbf $(HELLO_FIXED)/rv32imac.0x80130080.0x80330000.tbf
qemu-images: $(QEMU_IMAGES)/bad_headers.bin signed-images test-kernel $(FOOTER_IMAGES) pic-images store-pic-images \
             noshell-kernel

$(HELLO_FIXED)/hello.tab: $(BUILD)/apps/hello/hello.tab
	@$(MAKE) --no-print-directory -C apps/hello BUILD=$(abspath $(BUILD)) APP_OUT=$(abspath $(HELLO_FIXED)) \
	    APP_FIXED=1 >/dev/null
endif

# The kernel without the process console (KERNEL_SHELL=0, tests/qemu/noshell.scn).
.PHONY: noshell-kernel
noshell-kernel:
	@$(MAKE) --no-print-directory kernel KERNEL_SHELL=0 >/dev/null

test-kernel:
	@$(MAKE) --no-print-directory kernel TEST_DRIVERS=1 KERNEL_OUT=$(TEST_KERNEL_OUT) >/dev/null

$(QEMU_IMAGES)/bad_headers.bin: $(HELLO_FIXED)/hello.tab tests/qemu/make_bad_image.py tools
	@mkdir -p $(QEMU_IMAGES)
	@$(BUILD)/tools/tick-image compose --board boards/$(BOARD) -o $(QEMU_IMAGES)/good4.bin \
	    $(foreach i,1 2 3 4,$(HELLO_FIXED)/hello.tab) >/dev/null
	@$(PYTHON) tests/qemu/make_bad_image.py $(QEMU_IMAGES)/good4.bin $(QEMU_IMAGES)

# A kernel built with APP_SIGNING_KEY, hello and echo signed by the app build, and a copy of
# signed echo with one bit of code flipped.
signed-images: tools
	@$(MAKE) --no-print-directory kernel APP_SIGNING_KEY=$(TEST_SIGNING_KEY) KERNEL_OUT=$(SIGNED_KERNEL_OUT) >/dev/null
	@$(MAKE) --no-print-directory kernel APP_SIGNING_KEY=$(TEST_SIGNING_KEY) APP_SIGNING_OPTIONAL=1 \
	    KERNEL_OUT=$(NOTING_KERNEL_OUT) >/dev/null
	@for app in hello echo tests/ipc_signed_server tests/ipc_signed_client; do \
	  $(MAKE) --no-print-directory -C apps/$$app BUILD=$(abspath $(BUILD)) ARCH=$(ARCH) \
	      APP_OUT=$(abspath $(QEMU_IMAGES))/$$(basename $$app)-signed APP_SIGNING_KEY=$(abspath $(TEST_SIGNING_KEY)) >/dev/null || exit 1; \
	done
	@$(PYTHON) tests/qemu/tamper_tbf.py $(QEMU_IMAGES)/echo-signed/$(ECHO_TBF) $(QEMU_IMAGES)/echo-tampered.tbf

$(QEMU_IMAGES)/hello-16-footers.tbf: $(HELLO_FIXED)/hello.tab tests/qemu/add_footers.py
	@mkdir -p $(@D)
	@$(PYTHON) tests/qemu/add_footers.py $(FOOTERS_FLAGS) $(word 2,$(HELLO_TBFS)) $@ 16

$(QEMU_IMAGES)/hello-1000-footers.tbf: $(HELLO_FIXED)/hello.tab tests/qemu/add_footers.py
	@mkdir -p $(@D)
	@$(PYTHON) tests/qemu/add_footers.py $(FOOTERS_FLAGS) $(word 1,$(HELLO_TBFS)) $@ 1000

# Relocatable apps at boot (tests/qemu/pic_*.scn): pictest at the random placements of the
# pic_place_*.scn files (tests/qemu/pic_images.py); pictest signed with SHA-256, and copies
# whose table or code was changed after signing; tables with a bad entry.
ifneq ($(ARCH_APP_PIC),1)
PIC := $(QEMU_IMAGES)/pic
PIC_TBF := $(BUILD)/apps/pictest/rv32imac.0x80100080.0x80300000.tbf
pic-images: $(BUILD)/apps/pictest/pictest.tab $(BUILD)/apps/hello_min/hello_min.tab tests/qemu/pic_images.py \
		tests/tools/reloc_mutate.py tools
	@$(PYTHON) tests/qemu/pic_images.py build $(BUILD) $(QEMU_IMAGES)
	@mkdir -p $(PIC) && cp $(PIC_TBF:.tbf=.elf) $(PIC)/signed.elf
	@$(BUILD)/tools/tick-pack -q --relocatable --sha256 -n pictest --stack 1024 --app-heap 256 \
	    --kernel-heap 1024 --kernel-major 2 --kernel-minor 3 -o $(PIC)/signed.tab $(PIC)/signed.elf
	@$(PYTHON) tests/qemu/tamper_tbf.py $(PIC)/signed.tbf $(PIC)/signed-code-changed.tbf
	@$(PYTHON) tests/tools/reloc_mutate.py $(PIC)/signed.tbf $(PIC)/signed-table-changed.tbf low
	@$(PYTHON) tests/tools/reloc_mutate.py $(PIC_TBF) $(PIC)/bad-instruction.tbf instruction
	@$(PYTHON) tests/tools/reloc_mutate.py $(PIC_TBF) $(PIC)/overlap.tbf overlap

# pictest installed through the app store by the installer, beside a RAM hog of random size
# (tests/qemu/store_pic_*.scn, written by `store_pic_images.py gen`).
store-pic-images: $(BUILD)/apps/pictest/pictest.tab $(BUILD)/apps/hello_min/hello_min.tab \
		$(BUILD)/apps/pic_installer/pic_installer.tab tests/qemu/store_pic_images.py tools
	@$(PYTHON) tests/qemu/store_pic_images.py build $(BUILD) $(QEMU_IMAGES)
endif
