# Flash images with damaged TBFs for the loader scenarios (tests/qemu/bad_*.scn).
QEMU_IMAGES := $(BUILD)/qemu-images

.PHONY: qemu-images
qemu-images: $(QEMU_IMAGES)/bad_headers.bin

$(QEMU_IMAGES)/bad_headers.bin: $(BUILD)/apps/hello/hello.tab tests/qemu/make_bad_image.py tools
	@mkdir -p $(QEMU_IMAGES)
	@$(BUILD)/tools/tick-image compose --board boards/$(BOARD) -o $(QEMU_IMAGES)/good4.bin \
	    $(foreach i,1 2 3 4,$(BUILD)/apps/hello/hello.tab) >/dev/null
	@$(PYTHON) tests/qemu/make_bad_image.py $(QEMU_IMAGES)/good4.bin $(QEMU_IMAGES)
