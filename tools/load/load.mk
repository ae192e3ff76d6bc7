# make load APP=<app dir or name>: the edit-install-run loop. Rebuilds one app for a free slot
# of the app store (tick-load slot: a fixed-address build, since the store places fixed-address
# apps only) into build/load/NAME/ and installs it into the system `make run` is running, over
# its management channel (MGMT_SOCKET): an update if an app of that name is installed, else an
# install. No reboot; the other apps keep running. Included by tools/tools.mk.
LOAD_OUT := $(BUILD)/load

.PHONY: load
load: $(TOOLS_DIR)/tick-load $(TICK_LIBS_ALL) $(BUILD)/tools/tick-pack
	@[ -n "$(APP)" ] || { echo "make load: say which app: make load APP=apps/hello (or APP=hello)" >&2; exit 2; }
	@dir="$(APP)"; [ -f "$$dir/Makefile" ] || dir=apps/$(APP); [ -f "$$dir/Makefile" ] || dir=apps/tests/$(APP); \
	[ -f "$$dir/Makefile" ] || { echo "make load: no app '$(APP)' (give its folder, e.g. APP=apps/hello, or its name)" >&2; exit 2; }; \
	name=$$(sed -n 's/^APP_NAME *:= *//p' "$$dir/Makefile"); \
	[ -n "$$name" ] || { echo "make load: $$dir/Makefile names no APP_NAME" >&2; exit 2; }; \
	slot=$$($(TOOLS_DIR)/tick-load --socket "$(MGMT_SOCKET)" slot) || exit 1; \
	rm -rf "$(LOAD_OUT)/$$name"; \
	$(MAKE) --no-print-directory -C "$$dir" BUILD=$(abspath $(BUILD)) ARCH=$(ARCH) \
	    APP_OUT=$(abspath $(LOAD_OUT))/$$name TICK_SLOTS=$$slot APP_LDLIBS=-Wl,-n \
	    $(if $(APP_SIGNING_KEY),APP_SIGNING_KEY=$(abspath $(APP_SIGNING_KEY))) >/dev/null || exit 1; \
	$(TOOLS_DIR)/tick-load --socket "$(MGMT_SOCKET)" install --or-update "$(LOAD_OUT)/$$name/$$name.tab"
