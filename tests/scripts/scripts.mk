# Suites of the developer tools (docs/debugging.md, make help, error messages); included by
# tests/tests.mk. Each writes PASS/FAIL lines to $(TEST_RESULTS)/<suite>.log.
TEST_SUITES += test-debug test-symbolize test-help test-errors test-load test-flag-rebuild test-doc-links

.PHONY: test-debug test-symbolize test-help test-errors test-load test-flag-rebuild test-doc-links

# The relative links of README.md and docs/*.md name files that exist and headings that exist
# (tests/scripts/check_doc_links.py; a second or so, nothing built).
test-doc-links:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/doc-links.log
	@$(PYTHON) tests/scripts/check_doc_links.py --log $(TEST_RESULTS)/doc-links.log; \
	! grep -q '^FAIL' $(TEST_RESULTS)/doc-links.log

# make debug end to end: a scripted gdb session in batch mode (tests/scripts/test_debug.sh).
test-debug:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/debug.log
	@$(MAKE) --no-print-directory kernel tools apps >/dev/null || { \
	    echo "FAIL debug/build" > $(TEST_RESULTS)/debug.log; exit 1; }
	@tests/scripts/test_debug.sh $(TEST_RESULTS)/debug.log; cat $(TEST_RESULTS)/debug.log; \
	! grep -q '^FAIL' $(TEST_RESULTS)/debug.log

# The console filter of run.sh (scripts/symbolize.py) on made-up transcripts; the QEMU scenario
# symbolize_fault checks it on a real fault.
test-symbolize:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/symbolize.log
	@$(MAKE) --no-print-directory kernel apps >/dev/null || { \
	    echo "FAIL symbolize/build" > $(TEST_RESULTS)/symbolize.log; exit 1; }
	@$(PYTHON) tests/scripts/test_symbolize.py --log $(TEST_RESULTS)/symbolize.log \
	    --kernel $(KERNEL_ELF) --apps $(BUILD)/apps

# make help against the makefiles (both ways), the README's pointer to it, and the newcomer
# line of make run and the kernel (tests/scripts/test_help.sh).
test-help:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/help.log
	@$(MAKE) --no-print-directory kernel tools apps >/dev/null || { \
	    echo "FAIL help/build" > $(TEST_RESULTS)/help.log; exit 1; }
	@tests/scripts/test_help.sh $(TEST_RESULTS)/help.log; cat $(TEST_RESULTS)/help.log; \
	! grep -q '^FAIL' $(TEST_RESULTS)/help.log

# A newcomer's usual mistakes get one line saying what is wrong and what to do
# (tests/scripts/test_errors.sh): unknown board, missing file, ELF for another architecture,
# QEMU, the cross compiler or gdb not installed.
test-errors:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/errors.log
	@$(MAKE) --no-print-directory kernel tools apps >/dev/null || { \
	    echo "FAIL errors/build" > $(TEST_RESULTS)/errors.log; exit 1; }
	@HOST_CC=$(HOST_CC) tests/scripts/test_errors.sh $(TEST_RESULTS)/errors.log; \
	cat $(TEST_RESULTS)/errors.log; ! grep -q '^FAIL' $(TEST_RESULTS)/errors.log

# tick-load against QEMU as make run boots it (tests/scripts/test_load.sh): install, run,
# update, list, remove, a reboot on the same store flash; then under -icount the 10 ms alarm's
# worst lateness while 32 KiB arrive (under 1 ms) and the console answering meanwhile; and
# make run's demo installing the live app after boot (run.sh --live-install).
test-load:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/load.log
	@$(MAKE) --no-print-directory kernel tools app-apps/hello app-apps/live app-apps/tests/alarm_jitter app-apps/tests/iso_kernel_read >/dev/null || { \
	    echo "FAIL load/build" > $(TEST_RESULTS)/load.log; exit 1; }
	@tests/scripts/test_load.sh $(TEST_RESULTS)/load.log; cat $(TEST_RESULTS)/load.log; \
	! grep -q '^FAIL' $(TEST_RESULTS)/load.log && grep -q '^PASS' $(TEST_RESULTS)/load.log

# Changed flags rebuild what they affect and nothing else (flags_stamp, mk/common.mk): an app
# and its library in a scratch build, rebuilt with flags changed and unchanged
# (tests/scripts/test_flag_rebuild.sh).
test-flag-rebuild:
	@mkdir -p $(TEST_RESULTS) && : > $(TEST_RESULTS)/flag-rebuild.log
	@$(MAKE) --no-print-directory $(BUILD)/tools/tick-pack >/dev/null || { \
	    echo "FAIL flag-rebuild/build" > $(TEST_RESULTS)/flag-rebuild.log; exit 1; }
	@tests/scripts/test_flag_rebuild.sh $(TEST_RESULTS)/flag-rebuild.log $(BUILD)/flag-rebuild \
	    $(abspath $(BUILD)/tools/tick-pack); cat $(TEST_RESULTS)/flag-rebuild.log; \
	! grep -q '^FAIL' $(TEST_RESULTS)/flag-rebuild.log && grep -q '^PASS' $(TEST_RESULTS)/flag-rebuild.log
