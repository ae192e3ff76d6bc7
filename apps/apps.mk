# Example and test apps (apps/, apps/tests/): `make apps` builds them all and writes the size
# report; DEMO_APPS are the TABs `make run` boots side by side. Each app builds with its own
# Makefile (userland/app.mk), so `make` also works inside an app's folder.
# An app whose code is written for some architectures only says so in its Makefile
# (`APP_ARCHS := rv32`); it is not built for the others.
APP_DIRS_ALL := $(sort $(patsubst %/Makefile,%,$(wildcard apps/*/Makefile apps/tests/*/Makefile)))
# One grep for all of them (a sed per folder cost every make a few seconds): "DIR/Makefile:ARCHS".
comma := ,
APP_ARCH_LINES := $(shell grep -H '^APP_ARCHS *:=' $(APP_DIRS_ALL:=/Makefile) | sed 's/:APP_ARCHS *:= */:/; s/ /,/g')
APP_DIRS_OTHER := $(foreach l,$(APP_ARCH_LINES),$(if $(filter $(ARCH),$(subst $(comma), ,$(lastword $(subst :, ,$(l))))),,$(patsubst %/Makefile,%,$(firstword $(subst :, ,$(l))))))
APP_DIRS  := $(filter-out $(APP_DIRS_OTHER),$(APP_DIRS_ALL))
APP_SIZES := $(BUILD)/$(ARCH_APPS_DIR)/sizes.txt
# The APP_NAME of every app Makefile, also below a folder that builds a group (apps/drivers,
# apps/async_demo); group Makefiles name no app.
APP_NAMES := $(shell sed -n 's/^APP_NAME *:= *//p' $(wildcard apps/*/Makefile apps/*/*/Makefile))
# Four apps fill libtock-c's four fixed-address QEMU slots: the rot13 pair talks over IPC.
DEMO_APPS := $(BUILD)/$(ARCH_APPS_DIR)/rot13_service/rot13_service.tab \
             $(BUILD)/$(ARCH_APPS_DIR)/rot13_client/rot13_client.tab \
             $(BUILD)/$(ARCH_APPS_DIR)/timers/timers.tab $(BUILD)/$(ARCH_APPS_DIR)/echo/echo.tab
# The app the demo installs at run time through the management channel (boards that have one).
DEMO_LIVE_APP := $(BUILD)/$(ARCH_APPS_DIR)/live/live.tab

.PHONY: apps $(addprefix app-,$(APP_DIRS))
apps: $(addprefix app-,$(APP_DIRS))
	@apps/size-report.sh $(ARCH_SIZE) $(BUILD)/$(ARCH_APPS_DIR) $(APP_NAMES) > $(APP_SIZES)
	@echo "app sizes: $(APP_SIZES)"

$(addprefix app-,$(APP_DIRS)): app-%: $(TICK_LIBS_ALL) $(BUILD)/tools/tick-pack
	@$(MAKE) --no-print-directory -C $* BUILD=$(abspath $(BUILD)) ARCH=$(ARCH) \
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
