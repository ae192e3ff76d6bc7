# make load APP=<app dir or name>: the edit-install-run loop. Rebuilds one app as it always
# builds (relocatable on rv32: the store chooses its slot and RAM and relocates it as it is
# written) into build/load/NAME/ (its own folder, so the boot apps' ELFs that make debug reads
# stay as they are) and installs it into the system `make run` is running, over its
# management channel (MGMT_SOCKET): an update if an app of that name is installed, else an
# install. No reboot; the other apps keep running. Included by tools/tools.mk.
LOAD_OUT := $(BUILD)/load

.PHONY: load load-board-check
load: load-board-check $(TOOLS_DIR)/tick-load $(TICK_LIBS_ALL) $(BUILD)/tools/tick-pack
# A board without a management channel (board.conf qemu_mgmt_args) has no app store to load
# into: said before anything is built.
load-board-check:
	@grep -q '^qemu_mgmt_args=' boards/$(BOARD)/board.conf || { echo "make load: board $(BOARD) has \
	no app store or management channel (the store is rv32 only): make load BOARD=qemu_rv32_virt, \
	or make run BOARD=$(BOARD) APPS=... to boot apps" >&2; exit 2; }
	@[ -n "$(APP)" ] || { echo "make load: say which app: make load APP=apps/hello (or APP=hello)" >&2; exit 2; }
	@dir="$(APP)"; [ -f "$$dir/Makefile" ] || dir=apps/$(APP); [ -f "$$dir/Makefile" ] || dir=apps/tests/$(APP); \
	[ -f "$$dir/Makefile" ] || { echo "make load: no app '$(APP)' (give its folder, e.g. APP=apps/hello, or its name)" >&2; exit 2; }; \
	name=$$(sed -n 's/^APP_NAME *:= *//p' "$$dir/Makefile"); \
	[ -n "$$name" ] || { echo "make load: $$dir/Makefile names no APP_NAME" >&2; exit 2; }; \
	rm -rf "$(LOAD_OUT)/$$name"; \
	$(MAKE) --no-print-directory -C "$$dir" BUILD=$(abspath $(BUILD)) ARCH=$(ARCH) \
	    APP_OUT=$(abspath $(LOAD_OUT))/$$name \
	    $(if $(APP_SIGNING_KEY),APP_SIGNING_KEY=$(abspath $(APP_SIGNING_KEY))) >/dev/null || exit 1; \
	$(TOOLS_DIR)/tick-load --socket "$(MGMT_SOCKET)" install --or-update "$(LOAD_OUT)/$$name/$$name.tab"
