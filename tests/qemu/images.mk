# Flash images and kernels for the loader scenarios: damaged TBFs (tests/qemu/bad_*.scn),
# signed apps with a kernel that requires signatures (tests/qemu/signed_*.scn), apps stuffed
# with credential footers (tests/qemu/footer_flood.scn), and the test kernel with the drivers
# only test apps use (TEST_DRIVERS=1, tests/qemu/syscall_return.scn).
QEMU_IMAGES := $(BUILD)/qemu-images
# The test key signs the apps and, through APP_SIGNING_KEY, is compiled into SIGNED_KERNEL.
TEST_SIGNING_KEY := tests/tools/keys/ecdsa-p256.pem
SIGNED_KERNEL_OUT := $(BUILD)/$(BOARD)-signed
TEST_KERNEL_OUT := $(BUILD)/$(BOARD)-test
ECHO_SLOT3_TBF := rv32imac.0x80130080.0x80330000.tbf

# hello with 1,000 identical valid SHA-256 footers in slot 1 (refused; it used to cost 1,000
# hashes of its integrity region) and with 16 in slot 2 (the most an app may have: it runs).
FOOTER_IMAGES := $(QEMU_IMAGES)/hello-1000-footers.tbf $(QEMU_IMAGES)/hello-16-footers.tbf

.PHONY: qemu-images signed-images test-kernel
qemu-images: $(QEMU_IMAGES)/bad_headers.bin signed-images test-kernel $(FOOTER_IMAGES)

test-kernel:
	@$(MAKE) --no-print-directory kernel TEST_DRIVERS=1 KERNEL_OUT=$(TEST_KERNEL_OUT) >/dev/null

$(QEMU_IMAGES)/bad_headers.bin: $(BUILD)/apps/hello/hello.tab tests/qemu/make_bad_image.py tools
	@mkdir -p $(QEMU_IMAGES)
	@$(BUILD)/tools/tick-image compose --board boards/$(BOARD) -o $(QEMU_IMAGES)/good4.bin \
	    $(foreach i,1 2 3 4,$(BUILD)/apps/hello/hello.tab) >/dev/null
	@$(PYTHON) tests/qemu/make_bad_image.py $(QEMU_IMAGES)/good4.bin $(QEMU_IMAGES)

# A kernel built with APP_SIGNING_KEY, hello and echo signed by the app build, and a copy of
# signed echo with one bit of code flipped.
signed-images: tools
	@$(MAKE) --no-print-directory kernel APP_SIGNING_KEY=$(TEST_SIGNING_KEY) KERNEL_OUT=$(SIGNED_KERNEL_OUT) >/dev/null
	@for app in hello echo; do \
	  $(MAKE) --no-print-directory -C apps/$$app BUILD=$(abspath $(BUILD)) \
	      APP_OUT=$(abspath $(QEMU_IMAGES))/$$app-signed APP_SIGNING_KEY=$(abspath $(TEST_SIGNING_KEY)) >/dev/null || exit 1; \
	done
	@$(PYTHON) tests/qemu/tamper_tbf.py $(QEMU_IMAGES)/echo-signed/$(ECHO_SLOT3_TBF) $(QEMU_IMAGES)/echo-tampered.tbf

$(QEMU_IMAGES)/hello-16-footers.tbf: $(BUILD)/apps/hello/hello.tab tests/qemu/add_footers.py
	@mkdir -p $(@D)
	@$(PYTHON) tests/qemu/add_footers.py $(BUILD)/apps/hello/rv32imac.0x80130080.0x80330000.tbf $@ 16

$(QEMU_IMAGES)/hello-1000-footers.tbf: $(BUILD)/apps/hello/hello.tab tests/qemu/add_footers.py
	@mkdir -p $(@D)
	@$(PYTHON) tests/qemu/add_footers.py $(BUILD)/apps/hello/rv32imac.0x80110080.0x80310000.tbf $@ 1000
