# Example and test apps (apps/, apps/tests/): `make apps` builds them all and writes the size
# report; DEMO_APPS are the TABs `make run` boots side by side. Each app builds with its own
# Makefile (userland/app.mk), so `make` also works inside an app's folder.
APP_DIRS  := $(sort $(patsubst %/Makefile,%,$(wildcard apps/*/Makefile apps/tests/*/Makefile)))
APP_SIZES := $(BUILD)/apps/sizes.txt
DEMO_APPS := $(BUILD)/apps/hello/hello.tab $(BUILD)/apps/timers/timers.tab \
             $(BUILD)/apps/echo/echo.tab

.PHONY: apps $(addprefix app-,$(APP_DIRS))
apps: $(addprefix app-,$(APP_DIRS))
	@apps/size-report.sh $(SIZE_RV) $(BUILD)/apps $(notdir $(APP_DIRS)) > $(APP_SIZES)
	@echo "app sizes: $(APP_SIZES)"

$(addprefix app-,$(APP_DIRS)): app-%: $(TICK_LIB) $(TICK_CRT0) $(BUILD)/tools/tick-pack
	@$(MAKE) --no-print-directory -C $* BUILD=$(abspath $(BUILD))
