/* The app store: install, update, remove and boot-time recovery of apps in flash slots, each state change one program operation. */
#include <tick/config.h>
#include <tick/deferred.h>
#include <tick/errorcode.h>
#include <tick/klog.h>
#include <tick/sha256.h>
#include <tick/store.h>
#include <tick/string.h>
#include <tick/tbf.h>
#include <tick/valarm.h>
#include "internal/loader.h"
#include "internal/process.h"

/*
 * A slot's record, at its start, in native (little-endian) words:
 *   0 magic   1 seq   2 size (TBF total size)   3 replaces (seq of the app it updates, or NONE)
 *   4 check: the XOR of words 0-3 and of word 5 plus 1, with its top bit cleared
 *   5 ram: the RAM address a relocatable app's image was relocated for (its code is patched
 *     for it, so it runs with exactly that RAM), or NONE for a fixed-address app (plus 1 in
 *     the check, 0: records written before this word existed keep their check)
 * is programmed in one operation and counts only when all of it is there: a program cut short
 * leaves a word wrong, or the check word unprogrammed, and an unprogrammed word (all ones)
 * never equals a check. From FLAGS_AT follow the flags, one per write unit, each set by
 * programming its unit to zero (it reads as set when any bit is 0):
 *   COMMITTED  the TBF is complete and passed every check: the app is installed
 *   CONFIRMED  an update ran its trial without a fault: it replaces the app of seq `replaces`
 *   REMOVED    the app is gone (its slot is being erased, or waits to be reused)
 * What a slot holds follows from the records alone (classify):
 *   no valid record, not committed, or removed        free (reuse erases it first)
 *   a committed update that is not confirmed          free: a trial that a reboot cut short
 *                                                     is rolled back
 *   an app whose seq a confirmed update replaces      superseded: marked removed and erased
 *                                                     before any other operation (else a
 *                                                     later remove of the update would bring
 *                                                     it back); this is also how the end of
 *                                                     a successful trial removes the old one
 *   anything else                                     installed
 * A new record's seq is above every valid record's, so a `replaces` never names a later app.
 */
#define MAGIC 0x31545354u    /* "TST1" */
#define NONE 0xffffffffu
#define RECORD_BYTES 32u     /* programmed at once: write units up to 32 bytes */
#define FLAGS_AT 32u
#define NOSLOT 0xffu
#define OP_NONE 0xffu        /* a job of the store's own (recovery, end of a trial) */
enum { W_MAGIC, W_SEQ, W_SIZE, W_REPLACES, W_CHECK, W_RAM };
enum { F_COMMITTED, F_CONFIRMED, F_REMOVED };
/* What a slot holds now: classify's verdict, overlaid with the session and the trial. */
enum { S_FREE, S_LIVE, S_SUPERSEDED, S_SESSION, S_TRIAL, S_STANDBY };
enum { P_NONE, P_OPEN, P_WRITING, P_FINAL };   /* session: set up, slot chosen, committed */
/* A job is up to three actions on one slot, 4 bits each (the first in the low bits): one flash
 * operation each (one per page for an erase; A_FLAG + f programs flag f), or work without the
 * flash (A_STOP a process, A_HASH the TBF in steps, A_CHECK it). */
enum { A_STOP = 1, A_ERASE, A_RECORD, A_DATA, A_FLAG, A_HASH = A_FLAG + 3, A_CHECK };
/* Bytes finalize hashes per kernel-loop turn: ~0.1 ms under QEMU (32 KiB at once took 3.2 ms,
 * during which no process ran). */
#define HASH_STEP 1024u
#define ACTS(a, b, c) ((a) | (b) << 4 | (c) << 8)
/* A relocatable app is relocated as it is written (no flash word is ever programmed twice with
 * different values), in order: each write continues where the previous one ended. */
#define RELOCATING (CONFIG_RELOCATABLE_APPS && st.ram != NONE)

_Static_assert(CONFIG_STORE_SLOTS < NOSLOT, "a slot number must fit a byte, NOSLOT apart");

static const uint8_t zeros[RECORD_BYTES];

static struct {
	const struct flash *f;
	const struct app_checker *checker;
	uint32_t ram_start, ram_end, slot_size, cell, next_seq;
	unsigned nslots;
	struct flash_client fc;
	struct deferred_call dc;     /* starts a job from the kernel loop */
	struct valarm trial;
	/* the job: its actions on slot jslot, then fin (which may change the status), then the
	 * client of op; the program in flight is read back: vlen bytes at vp must equal vb */
	int (*fin)(int status);
	const uint8_t *vp, *vb;
	uint32_t vlen, pages;        /* pages: of an erase, left to do (the record's last) */
	uint16_t acts;
	uint8_t jslot, op, running, broken, trial_due, superseded;
	/* the session, and the trial of an update */
	struct store_client *client, *remover;
	uint8_t phase, slot, old, trial_new, trial_old;
	uint32_t length;             /* given to setup */
	uint32_t data_at, data_len, lead, chunk;   /* the write in buf */
	int reject;                  /* finalize's status after a refusal */
	const char *why;
	struct app_info info;        /* of the session's app, from finalize */
	struct ram_block standby;    /* the RAM of the old version during a trial */
	struct sha256_ctx hash;      /* finalize: the TBF's integrity region, HASH_STEP a turn */
	uint32_t hashed, hash_end;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char name[32];               /* of the app a log line is about */
	uint32_t record[RECORD_BYTES / 4];
	uint8_t state[CONFIG_STORE_SLOTS];
	uint8_t erased[(CONFIG_STORE_SLOTS + 7) / 8];   /* slots erased since boot (free_slot) */
	/* from here on store_init does not clear (a session sets what it uses) */
	uint8_t buf[STORE_CHUNK + 2 * RECORD_BYTES];
#if CONFIG_RELOCATABLE_APPS
	/* a relocatable session: its RAM (NONE: not relocatable), its table (entries in the
	 * slot's flash once the header is there), the applier's position, the next offset a
	 * write must start at and the last bytes of the previous write that are not final yet
	 * (an entry cut by its end; at most 3); n*: the same after the write in flight */
	uint32_t ram, r_next, n_next;
	struct reloc_table rt;
	struct reloc_cursor rc;
	uint8_t carry[4], n_carry[4], carry_n, n_carry_n;
#endif
} st;

static const uint32_t *rec(unsigned k)
{
	return (const uint32_t *)(uintptr_t)(st.f->base + k * st.slot_size);
}

static uint32_t tbf_at(unsigned k)
{
	return (uint32_t)(uintptr_t)rec(k) + STORE_RECORD_SIZE;
}

/* Not inlined (noinline): LTO copied it into the boot scan and the new record. */
__attribute__((noinline)) static uint32_t check_word(const uint32_t *r)
{
	/* ram + 1: 0 for NONE, so records of fixed-address apps read as before the word existed
	 * (and no second constant for the boot scan's loop to keep in a register) */
	return (r[W_MAGIC] ^ r[W_SEQ] ^ r[W_SIZE] ^ r[W_REPLACES] ^ (r[W_RAM] + 1u)) & 0x7fffffffu;
}

static bool flag(unsigned k, unsigned f)
{
	const uint8_t *c = (const uint8_t *)rec(k) + FLAGS_AT + f * st.cell;
	for (unsigned i = 0; i < st.cell; i++)
		if (c[i] != 0xff)
			return true;
	return false;
}

/* The process running from slot k (in any state but empty), or NULL. */
static struct process *proc_of(unsigned k)
{
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++)
		if (processes[i].state != PS_EMPTY && processes[i].flash_start == tbf_at(k))
			return &processes[i];
	return NULL;
}

/* The lowest free slot not erased since boot, else the lowest free one. Why: QEMU keeps its
 * translations of code run from its pflash after the flash is rewritten (7.2; fence.i does
 * not drop them), so different code at an address that ran before in the same boot would run
 * stale. Rotating keeps that away until every free slot has been used once. */
static unsigned free_slot(void)
{
	for (unsigned pass = 0; pass < 2; pass++)
		for (unsigned k = 0; k < st.nslots; k++)
			if (st.state[k] == S_FREE && (pass || !(st.erased[k / 8] >> k % 8 & 1)))
				return k;
	return NOSLOT;
}

static bool header(unsigned k, struct tbf_header *h)
{
	return tbf_parse((const uint8_t *)(uintptr_t)tbf_at(k), st.slot_size - STORE_RECORD_SIZE, h) ==
	       TBF_OK;
}

/* Slot k's PackageName, NUL-terminated in st.name, for the log. */
static const char *name_of(unsigned k)
{
	struct tbf_header h;
	unsigned n = 0;
	if (header(k, &h))
		for (; n < h.package_name_len && n < sizeof st.name - 1; n++)
			st.name[n] = (char)h.package_name[n];
	st.name[n] = 0;
	return st.name;
}

/* Reads every record and decides what each slot holds (see the top of the file). */
static void classify(void)
{
	bool confirmed = false;
	unsigned n = st.nslots;
	uint32_t at = st.f->base, size = st.slot_size;   /* locals: the byte stores below may alias */
	uint8_t *state = st.state;
	st.superseded = 0;
	for (unsigned k = 0; k < n; k++, at += size) {
		const uint32_t *r = (const uint32_t *)(uintptr_t)at;
		state[k] = S_FREE;
		if (r[W_MAGIC] != MAGIC || r[W_CHECK] != check_word(r))
			continue;   /* no record: the common case, kept short (it runs at boot) */
		if (r[W_SEQ] >= st.next_seq)
			st.next_seq = r[W_SEQ] + 1u;
		bool c = r[W_REPLACES] != NONE && flag(k, F_CONFIRMED);
		confirmed |= c;
		if (flag(k, F_COMMITTED) && !flag(k, F_REMOVED) && (r[W_REPLACES] == NONE || c))
			st.state[k] = S_LIVE;
	}
	for (unsigned j = 0; confirmed && j < st.nslots; j++) {
		const uint32_t *r = rec(j);
		if (st.state[j] == S_LIVE && r[W_REPLACES] != NONE)   /* a confirmed update */
			for (unsigned k = 0; k < st.nslots; k++)
				if (st.state[k] == S_LIVE && rec(k)[W_SEQ] == r[W_REPLACES]) {
					st.state[k] = S_SUPERSEDED;
					st.superseded = 1;
				}
	}
	if (st.phase >= P_WRITING)
		st.state[st.slot] = S_SESSION;
	if (st.trial_new != NOSLOT) {
		st.state[st.trial_new] = S_TRIAL;
		st.state[st.trial_old] = S_STANDBY;
	}
}

/* Not inlined: LTO copied it (its log line and all) into each of its seven callers. */
__attribute__((noinline)) static int refuse(const char *why, int err)
{
	st.why = why;
	klog(KLOG_STORE "refused: %s\n", why);
	return err;
}

/* The loader's check stage on slot k's TBF. A relocated app is checked on its canonical image
 * (loader_check_relocated) and gets exactly the RAM it was relocated for. */
static const char *check(unsigned k, struct app_info *out)
{
	struct tbf_header h;
	const uint8_t *tbf = (const uint8_t *)(uintptr_t)tbf_at(k);
	if (!header(k, &h) || h.is_padding || h.total_size != rec(k)[W_SIZE])
		return "TBF does not parse or match its record";
#if CONFIG_RELOCATABLE_APPS
	uint32_t ram = rec(k)[W_RAM];
	const char *why = ram != NONE ? loader_check_relocated(tbf, &h, st.checker, ram, out)
				      : loader_check(tbf, &h, st.checker, out);
	if (!why && out->relocatable) {
		if (ram == NONE && out->app_start != out->reloc.flash_base)
			why = "not at its link address";   /* unpatched: only where it was linked */
		out->fixed_ram = ram != NONE ? ram : out->reloc.ram_base;
	}
	return why;
#else
	return loader_check(tbf, &h, st.checker, out);
#endif
}

static const char no_ram[] = "no room for its RAM";

/* The checks that involve the other processes (all but gone, which is about to go): ShortId
 * unique, a free process slot, room for the RAM. Fills *ram and *slot when it may start. */
static const char *admit(const struct app_info *a, const struct process *gone, uint32_t *ram,
			 struct process **slot)
{
	struct ram_block used[CONFIG_MAX_PROCS + 1];
	*slot = NULL;
	used[CONFIG_MAX_PROCS] = st.standby;   /* kept for a rollback */
	for (unsigned i = 0; i < CONFIG_MAX_PROCS; i++) {
		struct process *p = &processes[i];
		used[i] = (struct ram_block){ 0, 0 };
		if (p->state == PS_EMPTY || p == gone) {
			if (!*slot)
				*slot = p;
			continue;
		}
		used[i] = (struct ram_block){ p->mem_start, p->mem_end - p->mem_start };
		if (a->short_id && p->short_id == a->short_id)
			return loader_short_id_taken;
	}
	if (!*slot)
		return "no free process slot";
	*ram = loader_place_ram(a, st.ram_start, st.ram_end, used, CONFIG_MAX_PROCS + 1);
	return *ram ? NULL : no_ram;
}

/* Starts slot k's app (with info when it was checked already), in place of gone. */
static const char *start_app(unsigned k, struct process *gone, const struct app_info *info)
{
	struct app_info a;
	struct process *p;
	uint32_t ram;
	const char *why = NULL;
	if (info)
		a = *info;
	else
		why = check(k, &a);
	if (!why)
		why = admit(&a, gone, &ram, &p);
	if (why)
		return why;
	if (gone)
		process_remove(gone);
	loader_create(p, (unsigned)(p - processes), &a, ram);
	return NULL;
}

/* ---- jobs ---- */

static void idle(void);
static void finalize_checks(void);
static int rejected(int status);

static void job_end(int status)
{
	unsigned op = st.op;
	int (*fin)(int) = st.fin;
	st.running = 0;
	if (fin)
		status = fin(status);
	classify();   /* the flash decides, whatever failed */
	if (op == OP_NONE && status) {
		/* Recovery or a trial's end failed: the records are right, the RAM view may not
		 * be; stop rather than erase a slot an app still runs from. */
		st.broken = 1;
		klog(KLOG_STORE "flash error %d: stopped until the next boot\n", status);
	}
	struct store_client *c = op == STORE_REMOVE ? st.remover : st.client;
	if (op != OP_NONE && c)
		c->done(c, (enum store_op)op, status);
	if (!st.running)
		idle();
}

/* A refusal during finalize's job: the rest of the job erases the slot, and the session ends
 * with reject (-ERR_FAIL or -ERR_NOMEM). Called from an action, before the job's shift. */
static void reject_now(const char *why, int reject)
{
	refuse(why, 0);
	st.reject = reject;
	st.acts = A_ERASE << 4;   /* after the shift: erase, then rejected() */
	st.fin = rejected;
}

#if CONFIG_RELOCATABLE_APPS
/* Finalize's hash of a relocated copy: copies up to STORE_CHUNK of its bytes from 'from'
 * (TBF offset st.hashed) into buf as they were before relocation (the canonical image, which
 * the credentials cover), checking every entry against the app's place; returns how many
 * bytes buf holds, or 0 after refusing the app. */
static uint32_t unrelocate(const uint8_t *from, uint32_t n)
{
	struct reloc_place nominal = reloc_nominal(&st.rt);
	struct reloc_place placed = { tbf_at(st.slot) + st.rt.image_start, st.ram };
	n = n < STORE_CHUNK ? n : STORE_CHUNK;
	memcpy(st.buf, from, n);
	int32_t r = reloc_apply(&st.rt, &st.rc, &placed, &nominal, st.hashed, st.buf, n);
	if (r > 0)
		return (uint32_t)r;
	reject_now(reloc_error_str(r ? (enum reloc_error)-r : RELOC_OUTSIDE), -ERR_FAIL);
	return 0;
}
#endif

static void step(void)
{
	const struct flash *f = st.f;
	unsigned k = st.jslot, a;
	uint32_t at = k * st.slot_size;
	while ((a = st.acts & 0xfu) == A_STOP || a >= A_HASH) {
		if (a == A_HASH) {
			uint32_t n = st.hash_end - st.hashed;
			const uint8_t *from = (const uint8_t *)(uintptr_t)tbf_at(k) + st.hashed;
			n = n < HASH_STEP ? n : HASH_STEP;
#if CONFIG_RELOCATABLE_APPS
			if (RELOCATING) {
				n = unrelocate(from, n);   /* 0: refused, the job erases the slot */
				from = st.buf;
			}
#endif
			if (n) {
				sha256_update(&st.hash, from, n);
				st.hashed += n;
				if (st.hashed < st.hash_end) {
					deferred_schedule(&st.dc);   /* the rest in the next turns */
					return;
				}
				sha256_final(&st.hash, st.digest);
			}
		} else if (a == A_CHECK) {
			finalize_checks();
		} else {
			struct process *p = proc_of(k);
			if (p)
				process_remove(p);
		}
		st.acts >>= 4;
	}
	if (!a) {
		job_end(0);
		return;
	}
	int r;
	if (a == A_ERASE) {
		st.erased[k / 8] |= (uint8_t)(1u << k % 8);
		if (!st.pages)
			st.pages = st.slot_size / f->page_size;
		st.vlen = 0;
		r = f->ops->erase(f->dev, at + (st.pages - 1u) * f->page_size);
	} else {
		const uint8_t *src = st.buf;
		uint32_t len = st.data_len;
		st.vlen = st.chunk;
		st.vb = st.buf + st.lead;
		if (a == A_RECORD) {
			src = st.vb = (const uint8_t *)st.record;
			len = RECORD_BYTES;
			st.vlen = (W_CHECK + 1) * 4;
		} else if (a >= A_FLAG) {
			src = st.vb = zeros;
			at += FLAGS_AT + (a - A_FLAG) * st.cell;
			len = st.vlen = st.cell;
		} else {
			at += STORE_RECORD_SIZE + st.data_at;
		}
		st.vp = (const uint8_t *)(uintptr_t)(f->base + at) + (a == A_DATA ? st.lead : 0);
		r = f->ops->write(f->dev, at, src, len);
	}
	if (r)
		job_end(r);
}

static void deferred_step(struct deferred_call *dc)
{
	(void)dc;
	step();
}

/* Programs are read back: a device that says done but holds other bits fails the job. */
static void flash_done(struct flash_client *c, int status)
{
	(void)c;
	if (!status && st.vlen && memcmp(st.vp, st.vb, st.vlen))
		status = -ERR_FAIL;
	if (status) {
		job_end(status);
		return;
	}
	if ((st.acts & 0xfu) != A_ERASE || --st.pages == 0)
		st.acts >>= 4;
	step();
}

/* Starts a job from the kernel loop: acts on slot, then fin, then op's client. */
static int run(unsigned op, int (*fin)(int), unsigned slot, unsigned acts)
{
	st.op = (uint8_t)op;
	st.fin = fin;
	st.jslot = (uint8_t)slot;
	st.acts = (uint16_t)acts;
	st.pages = 0;
	st.running = 1;
	deferred_schedule(&st.dc);
	return 0;
}

/* ---- the store's own jobs: recovery and the end of a trial ---- */

/* The trial is over (either way). Not inlined: one copy for both ends. */
static __attribute__((noinline)) void end_trial(void)
{
	st.trial_new = st.trial_old = NOSLOT;
	st.standby = (struct ram_block){ 0, 0 };
}

static int trial_confirmed(int status)
{
	if (!status)   /* the old version is superseded now: idle removes it */
		klog(KLOG_STORE "'%s': new version confirmed\n", name_of(st.trial_new));
	end_trial();
	return status;
}

static int trial_rolled_back(int status)
{
	unsigned old = st.trial_old;
	end_trial();
	const char *why = start_app(old, NULL, NULL);
	klog(KLOG_STORE "'%s': new version faulted on trial, old one back%s%s\n", name_of(old),
	     why ? " but not started: " : "", why ? why : "");
	return status;
}

static void idle(void)
{
	if (st.broken)
		return;
	if (st.trial_due) {
		unsigned n = st.trial_new;
		struct process *p = proc_of(n);
		st.trial_due = 0;
		if (p && !p->faults)
			run(OP_NONE, trial_confirmed, n, A_FLAG + F_CONFIRMED);
		else
			run(OP_NONE, trial_rolled_back, n, ACTS(A_STOP, A_FLAG + F_REMOVED, A_ERASE));
		return;
	}
	for (unsigned k = 0; st.superseded && k < st.nslots; k++)
		if (st.state[k] == S_SUPERSEDED) {
			run(OP_NONE, NULL, k, ACTS(A_FLAG + F_REMOVED, A_ERASE, 0));
			return;
		}
}

static void trial_fired(struct valarm *a)
{
	(void)a;
	st.trial_due = 1;
	if (!st.running)
		idle();
}

/* 0 when a client operation may start. */
static int ready(void)
{
	if (!st.f)
		return -ERR_NODEVICE;
	if (st.broken)
		return -ERR_FAIL;
	return st.running || st.trial_due || st.superseded ? -ERR_BUSY : 0;
}

/* ---- boot ---- */

int store_init(const struct flash *flash, uint32_t slot_size, const struct app_checker *checker,
	       uint32_t ram_start, uint32_t ram_end)
{
	memset(&st, 0, offsetof(__typeof__(st), buf));
	st.slot = st.old = st.trial_new = st.trial_old = NOSLOT;
#if CONFIG_RELOCATABLE_APPS
	st.ram = NONE;
#endif
	if (!flash || !flash->page_size || !slot_size || slot_size % flash->page_size ||
	    slot_size <= STORE_RECORD_SIZE || flash->write_size > RECORD_BYTES ||
	    slot_size > flash->size)
		return -ERR_INVAL;
	st.nslots = flash->size / slot_size;
	if (st.nslots > CONFIG_STORE_SLOTS)
		st.nslots = CONFIG_STORE_SLOTS;
	st.f = flash;
	st.checker = checker;
	st.ram_start = ram_start;
	st.ram_end = ram_end;
	st.slot_size = slot_size;
	st.cell = flash->write_size < 4 ? 4 : flash->write_size;
	st.next_seq = 1;
	st.fc.done = flash_done;
	st.dc.fn = deferred_step;
	st.trial.fired = trial_fired;
	deferred_register(&st.dc);
	flash->ops->set_client(flash->dev, &st.fc);
	classify();
	int started = 0;
	for (unsigned k = 0; st.next_seq > 1 && k < st.nslots; k++) {   /* any record at all */
		if (st.state[k] != S_LIVE)
			continue;
		const char *why = start_app(k, NULL, NULL);
		if (why)
			klog(KLOG_STORE "app in slot %u not started: %s\n", k, why);
		else
			started++;
	}
	idle();   /* finishes what a power cut interrupted, before anything else */
	return started;
}

unsigned store_slots(void)
{
	return st.f ? st.nslots : 0;
}

uint32_t store_slot_size(void)
{
	return st.slot_size;
}

bool store_app(unsigned k, struct store_app *out)
{
	if (k >= store_slots() || (st.state[k] != S_LIVE && st.state[k] < S_TRIAL))
		return false;
	struct tbf_header h;
	const uint32_t *r = rec(k);
	out->tbf = tbf_at(k);
	out->seq = r[W_SEQ];
	out->size = r[W_SIZE];
	out->state = (uint8_t)(st.state[k] == S_LIVE ? STORE_INSTALLED :
			       st.state[k] == S_TRIAL ? STORE_TRIAL : STORE_STANDBY);
	out->process = proc_of(k);
	out->ram = r[W_RAM];
	bool ok = header(k, &h);
	out->name = ok ? h.package_name : NULL;
	out->name_len = ok ? h.package_name_len : 0;
	out->short_id = ok && h.has_short_id ? h.short_id : 0;
	return true;
}

int store_find(const uint8_t *name, uint32_t len, uint32_t short_id)
{
	struct store_app a;
	for (unsigned k = 0; k < store_slots(); k++)
		if (store_app(k, &a) &&
		    (name ? a.name && a.name_len == len && !memcmp(a.name, name, len)
			  : short_id && a.short_id == short_id))
			return (int)k;
	return -1;
}

const char *store_why(void)
{
	return st.why;
}

/* ---- the session ---- */

static void end_session(void)
{
	st.phase = P_NONE;
	st.slot = st.old = NOSLOT;
#if CONFIG_RELOCATABLE_APPS
	st.ram = NONE;
#endif
}

int store_setup(struct store_client *client, uint32_t length)
{
	int e = ready();
	if (e)
		return e;
	if (st.phase)
		return -ERR_BUSY;
	if (!length || length > st.slot_size - STORE_RECORD_SIZE)
		return -ERR_SIZE;
	if (free_slot() == NOSLOT)
		return -ERR_NOMEM;
	st.client = client;
	st.length = length;
	st.phase = P_OPEN;
	return run(STORE_SETUP, NULL, 0, 0);
}

/* The first write: parses the TBF header in buf and chooses the slot (its own for a
 * fixed-address app, else free_slot) and the record. */
static const char *choose(uint32_t off, uint32_t len)
{
	struct tbf_header h;
	uint32_t size = tbf_rd32(st.buf + 4);
	if (off || len < TBF_BASE_HEADER_SIZE || tbf_rd16(st.buf + 2) > len)
		return "the first write must hold the TBF header";
	if (size > st.length)
		return "TBF larger than set up";
	enum tbf_error e = tbf_parse(st.buf, size, &h);
	if (e != TBF_OK)
		return tbf_error_str(e);
	if (h.is_padding)
		return "not an app";
	int old = h.package_name ? store_find(h.package_name, h.package_name_len, 0) : -1;
	if (old >= 0 && st.state[old] != S_LIVE)
		return "an update of it is on trial";
	unsigned k = free_slot();
	uint32_t ram = NONE;
#if CONFIG_RELOCATABLE_APPS
	/* A relocatable app goes to any free slot, with its RAM placed now (its code is patched
	 * for it as it is written): first fit beside the running apps, as at boot, as if the
	 * version it updates were gone. */
	struct reloc_cursor fault;
	struct app_info a;
	enum reloc_error re = reloc_parse(st.buf, &h, &a.reloc, &fault);
	if (re != RELOC_NONE && re != RELOC_OK)
		return reloc_error_str(re);
	if (re == RELOC_OK) {
		struct process *p;
		if (k == NOSLOT)
			return "no free slot";
		a.relocatable = true;
		a.fixed_ram = TBF_NOT_FIXED;
		a.short_id = h.has_short_id ? h.short_id : 0;
		loader_ram_need(&h, &a);
		const char *why = admit(&a, old < 0 ? NULL : proc_of((unsigned)old), &ram, &p);
		if (why)
			return why;
		struct reloc_place to = { tbf_at(k) + a.reloc.image_start, ram };
		if (reloc_check_place(&a.reloc, &to) != RELOC_OK)
			return reloc_error_str(RELOC_MISALIGNED);
		st.rt = a.reloc;
		st.rc = (struct reloc_cursor){ 0, 0, 0 };
		st.r_next = st.carry_n = 0;
	} else
#endif
	if (h.fixed_flash != TBF_NOT_FIXED) {
		uint32_t at = h.fixed_flash - tbf_protected_size(&h) - STORE_RECORD_SIZE - st.f->base;
		k = at / st.slot_size;
		if (at % st.slot_size || k >= st.nslots || st.state[k] != S_FREE) {
			klog(KLOG_STORE "linked for 0x%08x: a fixed-address app goes only there, into a "
			     "free slot (TBF at slot start + 256)\n", h.fixed_flash);
			return "fixed address is not a free slot";
		}
	}
	if (k == NOSLOT)
		return "no free slot";
	st.slot = (uint8_t)k;
	st.old = old < 0 ? NOSLOT : (uint8_t)old;
	uint32_t *r = st.record;
	memset(r, 0xff, RECORD_BYTES);
	r[W_MAGIC] = MAGIC;
	r[W_SEQ] = st.next_seq++;
	r[W_SIZE] = size;
	r[W_REPLACES] = old < 0 ? NONE : rec((unsigned)old)[W_SEQ];
	r[W_RAM] = ram;
	r[W_CHECK] = check_word(r);
#if CONFIG_RELOCATABLE_APPS
	st.ram = ram;
#endif
	return NULL;
}

#if CONFIG_RELOCATABLE_APPS
/* The end of a relocating session's write: on success, the next write continues after it
 * with the bytes it kept; a first write that failed lets the next one choose again. */
static int wrote(int status)
{
	if (!RELOCATING)
		return status;
	if (!status) {
		st.r_next = st.n_next;
		st.carry_n = st.n_carry_n;
		memcpy(st.carry, st.n_carry, sizeof st.carry);
	} else if (!st.r_next) {
		st.phase = P_OPEN;   /* classify then frees the slot: it holds no committed app */
		st.slot = st.old = NOSLOT;
		st.ram = NONE;
	}
	return status;
}

/* Patches the entries of the chunk in buf (n bytes at TBF offset at) for the session's place;
 * the last bytes of an entry the chunk cuts are kept for the next write (not programmed).
 * Returns the bytes to program, or -error. */
static int32_t relocate_chunk(uint32_t at, uint32_t n)
{
	struct reloc_place from = reloc_nominal(&st.rt);
	struct reloc_place to = { tbf_at(st.slot) + st.rt.image_start, st.ram };
	uint8_t *b = st.buf + st.lead;
	int32_t r = reloc_apply(&st.rt, &st.rc, &from, &to, at, b, n);
	if (r < 0)
		return r;
	st.n_carry_n = (uint8_t)(n - (uint32_t)r);   /* under 4: an entry's bytes */
	memcpy(st.n_carry, b + r, st.n_carry_n);
	memset(b + r, 0xff, st.n_carry_n);
	return r;
}
#endif

#if CONFIG_RELOCATABLE_APPS
/* A relocating session's write after the first: in order, behind the bytes the previous one
 * kept; relocated, then programmed (not at all when all of it is kept). */
static int write_relocated(uint32_t offset, const uint8_t *data, uint32_t len)
{
	if (offset != st.r_next)
		return refuse("a relocatable app is written in order", -ERR_INVAL);
	uint32_t ws = st.f->write_size, pre = st.carry_n, at = offset - pre;
	st.lead = at & (ws - 1u);
	st.data_at = at - st.lead;
	memset(st.buf, 0xff, sizeof st.buf);
	memcpy(st.buf + st.lead, st.carry, pre);
	memcpy(st.buf + st.lead + pre, data, len);
	int32_t r = relocate_chunk(at, pre + len);
	if (r < 0)
		return refuse(reloc_error_str((enum reloc_error)-r), -ERR_INVAL);
	st.n_next = offset + len;
	st.chunk = (uint32_t)r;
	st.data_len = (st.lead + (uint32_t)r + ws - 1u) & ~(ws - 1u);
	return run(STORE_WRITE, wrote, st.slot, r ? A_DATA : 0);
}
#endif

/* Not split (noinline): GCC split off its tail and inlined the head into both callers. */
__attribute__((noinline)) int store_write(uint32_t offset, const uint8_t *data, uint32_t len)
{
	int e = ready();
	if (e)
		return e;
	if (st.phase != P_OPEN && st.phase != P_WRITING)
		return -ERR_INVAL;
	if (!len || len > STORE_CHUNK || offset > st.length || len > st.length - offset)
		return -ERR_INVAL;
#if CONFIG_RELOCATABLE_APPS
	if (st.phase == P_WRITING && RELOCATING)
		return write_relocated(offset, data, len);
#endif
	uint32_t ws = st.f->write_size;
	st.lead = offset & (ws - 1u);
	st.data_at = offset - st.lead;
	st.chunk = len;
	st.data_len = (st.lead + len + ws - 1u) & ~(ws - 1u);
	memset(st.buf, 0xff, sizeof st.buf);   /* 0xff around the data leaves cells as they are */
	memcpy(st.buf + st.lead, data, len);
	if (st.phase == P_WRITING)
		return run(STORE_WRITE, NULL, st.slot, A_DATA);
	const char *why = choose(offset, len);
	if (why)
		return refuse(why, why == no_ram ? -ERR_NOMEM : -ERR_INVAL);
	int (*fin)(int) = NULL;
#if CONFIG_RELOCATABLE_APPS
	if (RELOCATING) {   /* the header, and the start of the image after it */
		int32_t r = relocate_chunk(0, len);
		if (r < 0) {   /* nothing chosen after all */
			st.slot = st.old = NOSLOT;
			st.ram = NONE;
			return refuse(reloc_error_str((enum reloc_error)-r), -ERR_INVAL);
		}
		/* the header goes to the slot: read the table there from now on */
		st.rt.entries = (const uint8_t *)(uintptr_t)tbf_at(st.slot) + (st.rt.entries - st.buf);
		st.n_next = len;
		st.chunk = (uint32_t)r;   /* at least the header: it holds no entry */
		st.data_len = ((uint32_t)r + ws - 1u) & ~(ws - 1u);
		fin = wrote;
	}
#endif
	st.phase = P_WRITING;
	st.state[st.slot] = S_SESSION;
	return run(STORE_WRITE, fin, st.slot, ACTS(A_ERASE, A_RECORD, A_DATA));
}

static int committed(int status)
{
	if (flag(st.slot, F_COMMITTED)) {   /* the flash decides, whatever the status said */
		st.phase = P_FINAL;
		klog(KLOG_STORE "'%s' installed in slot %u\n", name_of(st.slot), st.slot);
	} else {
		end_session();   /* not committed: the slot is free again */
	}
	return status;
}

static int rejected(int status)
{
	(void)status;   /* uncommitted: free whether or not the erase finished */
	end_session();
	return st.reject;
}

/* A_CHECK: the checks of an app found at boot, with the digest hashed in steps (if any); a
 * refusal turns the rest of the job into an erase of the slot. */
static void finalize_checks(void)
{
	struct process *p;
	uint32_t ram;
	const char *why = "TBF does not parse or match its record";
	struct tbf_header h;
	unsigned k = st.slot;
	int reject = -ERR_FAIL;
	if (header(k, &h) && !h.is_padding && h.total_size == rec(k)[W_SIZE])
		why = loader_check_hashed((const uint8_t *)(uintptr_t)tbf_at(k), &h, st.checker,
					  st.hash_end ? st.digest : NULL, &st.info);
#if CONFIG_RELOCATABLE_APPS
	/* The digest was of the canonical image (unrelocate): the copy runs with its RAM. */
	if (!why && RELOCATING)
		st.info.fixed_ram = st.ram;
#endif
	if (!why) {
		why = admit(&st.info, st.old == NOSLOT ? NULL : proc_of(st.old), &ram, &p);
		if (why != loader_short_id_taken)
			reject = -ERR_NOMEM;
	}
	if (why)
		reject_now(why, reject);
}

int store_finalize(void)
{
	int e = ready();
	if (e)
		return e;
	if (st.phase != P_WRITING)
		return -ERR_INVAL;
	/* Hash here only what the checks would hash: a TBF with footers, or a board policy; and
	 * a relocated copy always (un-relocating it checks every entry against its place). */
	struct tbf_header h;
	bool reloc = false;
#if CONFIG_RELOCATABLE_APPS
	if (RELOCATING && st.carry_n)
		return refuse("relocatable app not written to its end", -ERR_INVAL);
	st.rc = (struct reloc_cursor){ 0, 0, 0 };
	reloc = RELOCATING;
#endif
	st.hash_end = header(st.slot, &h) &&
			      (h.binary_end_offset < h.total_size || st.checker || reloc)
			      ? h.binary_end_offset : 0;
	st.hashed = 0;
	sha256_init(&st.hash);
	return run(STORE_FINALIZE, committed, st.slot,
		   st.hash_end ? ACTS(A_HASH, A_CHECK, A_FLAG + F_COMMITTED)
			       : ACTS(A_CHECK, A_FLAG + F_COMMITTED, 0));
}

static int loaded(int status)
{
	unsigned k = st.slot, old = st.old;
	struct process *gone = old == NOSLOT ? NULL : proc_of(old);
	struct ram_block kept = { 0, 0 };
	if (gone)
		kept = (struct ram_block){ gone->mem_start, gone->mem_end - gone->mem_start };
	const char *why = start_app(k, gone, &st.info);
	end_session();
	if (why) {
		/* Only if something changed since finalize. An install stays installed (it starts
		 * at the next boot); an unconfirmed update is rolled back then. */
		refuse(why, 0);
		return -ERR_NOMEM;
	}
	if (old != NOSLOT) {
		st.trial_new = (uint8_t)k;
		st.trial_old = (uint8_t)old;
		st.standby = kept;   /* nothing else takes it: a rollback needs it */
		valarm_set(&st.trial, valarm_now() + CONFIG_STORE_TRIAL_TICKS);
		klog(KLOG_STORE "'%s': new version on trial in slot %u\n", name_of(k), k);
	}
	return status;
}

int store_load(void)
{
	int e = ready();
	if (e)
		return e;
	if (st.phase != P_FINAL)
		return -ERR_INVAL;
	return run(STORE_LOAD, loaded, 0, 0);
}

static int aborted(int status)
{
	end_session();
	return status;
}

int store_abort(void)
{
	int e = ready();
	if (e)
		return e;
	if (st.phase == P_NONE)
		return -ERR_INVAL;
	/* A committed app is marked removed first (one operation): then it is gone whatever
	 * becomes of the erase. */
	return run(STORE_ABORT, aborted, st.slot,
		   st.phase == P_OPEN ? 0 : st.phase == P_FINAL ? ACTS(A_FLAG + F_REMOVED, A_ERASE, 0) : A_ERASE);
}

/* ---- remove ---- */

static int removed(int status)
{
	if (!status)
		klog(KLOG_STORE "'%s' removed\n", st.name);
	return status;
}

int store_remove(struct store_client *client, unsigned slot)
{
	int e = ready();
	if (e)
		return e;
	if (slot >= st.nslots || st.state[slot] != S_LIVE)
		return -ERR_INVAL;
	name_of(slot);   /* for the log at the end, when the slot is erased */
	st.remover = client;
	/* The process goes first (from the job, not inside a caller that may be that very
	 * process); then the record is marked removed, the atomic step; then the slot erased. */
	return run(STORE_REMOVE, removed, slot, ACTS(A_STOP, A_FLAG + F_REMOVED, A_ERASE));
}
