/* Test fixture for the app store: a fake flash, a RAM pool, boots, installs and the consistency check the store tests share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "fakes/env.h"
#include "fakes/store_fixture.h"

struct store_fixture sf;

static void done(struct store_client *c, enum store_op op, int status)
{
	(void)c;
	sf.dones++;
	sf.last_op = (int)op;
	sf.last_status = status;
}

struct store_client sf_client = { done };

void sf_boot(void)
{
	env_init();
	fake_uart_clear();
	fake_flash_reboot(&sf.ff);
	sf.started = store_init(&sf.ff.flash, SF_SLOT, sf.checker, lowmem_addr(sf.pool),
				lowmem_addr(sf.pool) + SF_POOL);
	env_run();   /* recovery, if a power cut left any */
}

void sf_fresh(void)
{
	fake_flash_init(&sf.ff, SF_SLOTS * SF_SLOT, SF_PAGE, SF_WRITE);
	if (!sf.pool)
		sf.pool = lowmem_map(SF_POOL);
	sf.checker = NULL;
	sf_boot();
}

uint32_t sf_build(uint8_t *buf, struct tbf_opts o)
{
	return tbf_build(buf, SF_APP_MAX, &o);
}

int sf_wait(int r, int op)
{
	if (r)
		return r;
	unsigned before = sf.dones;
	env_run();
	if (sf.dones != before + 1 || sf.last_op != op)
		fail_msg("expected one done of op %d, got %u (last op %d)", op, sf.dones - before,
			 sf.last_op);
	return sf.last_status;
}

int sf_install_steps(const uint8_t *tbf, uint32_t len, uint32_t chunk, bool load)
{
	int r = sf_wait(store_setup(&sf_client, len), STORE_SETUP);
	if (r)
		return r;
	for (uint32_t off = 0; off < len; off += chunk) {
		uint32_t n = len - off < chunk ? len - off : chunk;
		r = sf_wait(store_write(off, tbf + off, n), STORE_WRITE);
		if (r)
			return r;
	}
	r = sf_wait(store_finalize(), STORE_FINALIZE);
	if (r || !load)
		return r;
	return sf_wait(store_load(), STORE_LOAD);
}

int sf_install(const uint8_t *tbf, uint32_t len)
{
	return sf_install_steps(tbf, len, STORE_CHUNK, true);
}

int sf_remove(const char *name)
{
	int k = store_find((const uint8_t *)name, (uint32_t)strlen(name), 0);
	if (k < 0)
		return -ERR_INVAL;
	return sf_wait(store_remove(&sf_client, (unsigned)k), STORE_REMOVE);
}

struct process *sf_proc(const char *name)
{
	for (struct process *p = process_next(NULL); p; p = process_next(p))
		if (p->name_len == strlen(name) && !memcmp(p->name, name, p->name_len))
			return p;
	return NULL;
}

unsigned sf_apps(void)
{
	struct store_app a;
	unsigned n = 0;
	for (unsigned k = 0; k < store_slots(); k++)
		n += store_app(k, &a);
	return n;
}

bool sf_slot_erased(unsigned k)
{
	const uint8_t *m = sf.ff.mem + k * SF_SLOT;
	for (uint32_t i = 0; i < SF_SLOT; i++)
		if (m[i] != 0xff)
			return false;
	return true;
}

void sf_assert_log(const char *text)
{
	env_run();   /* the log goes out through the UART mux */
	if (!strstr(fake_uart.out, text))
		fail_msg("log lacks \"%s\"; it is:\n%s", text, fake_uart.out);
}

/* Every app the store holds runs from its slot (or is kept for a trial), nothing else of the
 * store runs, the processes' RAM blocks are disjoint and inside the pool, and isolation holds. */
void sf_check_consistent(void)
{
	struct store_app a;
	unsigned running = 0;
	for (unsigned k = 0; k < store_slots(); k++) {
		if (!store_app(k, &a))
			continue;
		assert_int_equal(a.tbf, sf.ff.flash.base + k * SF_SLOT + STORE_RECORD_SIZE);
		if (a.state == STORE_STANDBY) {
			assert_null(a.process);
			continue;
		}
		assert_non_null(a.process);
		running++;
	}
	unsigned store_procs = 0;
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++) {
		struct process *p = &processes[i];
		if (p->state == PS_EMPTY)
			continue;
		if (p->flash_start >= sf.ff.flash.base && p->flash_start < sf.ff.flash.base + sf.ff.flash.size)
			store_procs++;
		for (unsigned j = i + 1; j < CONFIG_MAX_PROCS; j++) {
			struct process *q = &processes[j];
			if (q->state != PS_EMPTY)
				assert_true(p->mem_end <= q->mem_start || q->mem_end <= p->mem_start);
		}
	}
	assert_int_equal(store_procs, running);
	assert_null(env_check());
}

