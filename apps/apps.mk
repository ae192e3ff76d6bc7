# Example and test apps (apps/, apps/tests/): `make apps` builds them all and writes the size
# report; DEMO_APPS are the TABs `make run` boots side by side. Each app builds with its own
# Makefile (userland/app.mk), so `make` also works inside an app's folder.
APP_DIRS  := $(sort $(patsubst %/Makefile,%,$(wildcard apps/*/Makefile apps/tests/*/Makefile)))
APP_SIZES := $(BUILD)/apps/sizes.txt
# Every folder with an app Makefile, also below a folder that builds a group (apps/drivers).
APP_NAMES := $(notdir $(patsubst %/Makefile,%,$(wildcard apps/*/Makefile apps/*/*/Makefile)))
# Four apps fill libtock-c's four fixed-address QEMU slots: the rot13 pair talks over IPC.
DEMO_APPS := $(BUILD)/apps/rot13_service/rot13_service.tab \
             $(BUILD)/apps/rot13_client/rot13_client.tab $(BUILD)/apps/timers/timers.tab \
             $(BUILD)/apps/echo/echo.tab

.PHONY: apps $(addprefix app-,$(APP_DIRS))
apps: $(addprefix app-,$(APP_DIRS))
	@apps/size-report.sh $(ARCH_SIZE) $(BUILD)/apps $(APP_NAMES) > $(APP_SIZES)
	@echo "app sizes: $(APP_SIZES)"

$(addprefix app-,$(APP_DIRS)): app-%: $(TICK_LIB) $(TICK_CRT0) $(BUILD)/tools/tick-pack
	@$(MAKE) --no-print-directory -C $* BUILD=$(abspath $(BUILD)) \
	    $(if $(APP_SIGNING_KEY),APP_SIGNING_KEY=$(abspath $(APP_SIGNING_KEY)))

# Size budgets of the smallest apps (apps/size-budgets.txt).
TEST_SUITES += test-app-sizes
.PHONY: test-app-sizes
test-app-sizes: app-apps/hello app-apps/hello_min
	@mkdir -p $(BUILD)/test-results
	@apps/check-sizes.sh $(ARCH_SIZE) $(BUILD)/apps apps/size-budgets.txt \
	  > $(BUILD)/test-results/app-sizes.log
	@cat $(BUILD)/test-results/app-sizes.log
	@! grep -q '^FAIL' $(BUILD)/test-results/app-sizes.log
