/* System call tracing: the traced trap path's dispatcher, the wake-up report and the rate limit. */
#include <tick/driver.h>
#include <tick/klog.h>
#include <tick/string.h>
#include <tick/strlist.h>
#include <tick/sched.h>
#include <tick/syscall.h>
#include <tick/trace.h>
#include <tick/trap.h>
#include <tick/valarm.h>
#include "internal/grant.h"
#include "internal/kernel_area.h"
#include "internal/process.h"

#define TRACE_ALL 0x80000000u
_Static_assert(CONFIG_MAX_PROCS < 32, "one bit per slot below TRACE_ALL");

/* One object, so that each function reaches all of it from one address. */
static struct {
	uint32_t slots;              /* traced slots, | TRACE_ALL */
	uint32_t window;             /* start of the current tenth of a second (alarm ticks) */
	void (*chained)(struct process *p);   /* the scheduler hook found when tracing started */
	uint8_t chained_grant;
	uint8_t lines;               /* lines logged in the window */
	uint16_t skipped;            /* calls not shown since the last note */
	/* Per slot, while blocked in a traced yield: bits 0-1 the yield number, bit 2 set, bits
	 * 3-7 the low bits of the process's generation (a restart is not a wake-up). */
	uint8_t blocked[CONFIG_MAX_PROCS];
} tr;

/* Architectures without a traced trap path. noipa: cold code is link-time optimized, and
 * GCC would inline this body even where an arch's trap.S defines the function (clang, which
 * builds only the host's fuzz targets, has no such attribute and no LTO there). */
#ifdef __clang__
__attribute__((weak))
#else
__attribute__((weak, noipa))
#endif
bool arch_trace_syscalls(bool on)
{
	(void)on;
	return false;
}

bool trace_enabled(const struct process *p)
{
	return tr.slots & (TRACE_ALL | 1u << p->index);
}

bool trace_all(void)
{
	return tr.slots & TRACE_ALL;
}

/* Names, NUL-separated: the classes (0-7), the yields (8-11), the error codes (12-24 = 1-13). */
static const char names[] =
	"yield\0subscribe\0command\0allow-rw\0allow-ro\0memop\0exit\0allow-ur\0"
	"no-wait\0wait\0wait-for\0wait-any\0"
	"FAIL\0BUSY\0ALREADY\0OFF\0RESERVE\0INVAL\0SIZE\0CANCEL\0NOMEM\0NOSUPPORT\0NODEVICE\0UNINSTALLED\0NOACK";
enum { N_YIELDS = 8, N_ERRORS = 11, N_END = 25 };

/* A trace line being built: one klog call, so that it is kept or dropped whole. */
struct line {
	unsigned n;
	char s[104];
};

static void put(struct line *l, const char *s)
{
	while (*s && l->n < sizeof l->s)
		l->s[l->n++] = *s++;
}

/* " <names[i]>" */
static void name(struct line *l, unsigned i)
{
	put(l, " ");
	put(l, strlist_nth(names, N_END, i, "?"));
}

/* " 0x<v>" */
static void hex(struct line *l, uint32_t v)
{
	char d[9];
	unsigned k = 8;
	d[k] = 0;
	do
		d[--k] = "0123456789abcdef"[v & 15u];
	while (v >>= 4);
	put(l, " 0x");
	put(l, d + k);
}

static void args(struct line *l, const struct arch_context *c, unsigned from, unsigned to)
{
	for (unsigned i = from; i < to; i++)
		hex(l, arch_arg(c, i));
}

/* Logs how many calls the rate limit kept out of the log since the last note. */
static void note_skipped(void)
{
	if (tr.skipped)
		klog("[trace] %u calls not shown (rate limit)\n", tr.skipped);
	tr.skipped = 0;
}

/* Writes the line as "[trace] <process>:<line>", if the rate allows (at most TRACE_LINES per
 * tenth of a second; the count of the others goes into a note). */
static void emit(const struct process *p, const struct line *l)
{
	uint32_t now = (uint32_t)valarm_now();
	if (now - tr.window >= valarm_frequency() / 10) {
		tr.window = now;
		tr.lines = 0;
	}
	if (tr.lines >= TRACE_LINES) {
		if (tr.skipped < UINT16_MAX)
			tr.skipped++;
		return;
	}
	tr.lines++;
	note_skipped();
	klog("[trace] %.*s:%.*s\n", p->name_len, p->name, l->n, l->s);
}

/* What ended or answered a yield of kind y (0-2 its number, 3 WaitAny, else the IPC yield's
 * number), from p's registers: the upcall it runs now (Yield-Wait, Yield-NoWait: the pc moved
 * from pc_after_yield to the upcall function), or the event's values (WaitFor: three;
 * WaitAny: the event's index first, all ones for the deadline). */
static void wake(struct line *l, struct process *p, uint32_t y, uint32_t pc_after_yield)
{
	const struct arch_context *c = &p->ctx;
	if (y > YIELD_WAIT) {
		put(l, " event");
		/* WaitFor: 3 values; WaitAny: 4, its index first (odd: the IPC call shows a3 too) */
		args(l, c, 0, 3 + (y & 1));
		return;
	}
	if (arch_pc(c) == pc_after_yield) {
		put(l, " nothing to run");
		return;
	}
	put(l, " upcall");
	/* whose subscription: the driver and upcall number whose slot holds this function (an
	 * Arm function pointer has the Thumb bit set, ARCH_ENTRY_BIT0, the pc never) */
	for (unsigned i = 0; i < board_driver_count; i++) {
		const struct driver *d = board_drivers[i];
		for (unsigned k = 0; k < d->num_upcalls; k++) {
			const struct upcall_slot *s = grant_upcall_slot(p, d, k);
			if (s && (s->fn & ~ARCH_ENTRY_BIT0) == arch_pc(c) && s->appdata == arch_arg(c, 3)) {
				put(l, " of");
				hex(l, d->number);
				hex(l, k);
			}
		}
	}
	put(l, " at");
	hex(l, arch_pc(c));
	put(l, " with");
	args(l, c, 0, 3);
}

/* The scheduler's hook while tracing: reports what woke a traced process from its yield,
 * then runs the hook it replaced, under that hook's grant condition. */
static void before_run(struct process *p)
{
	uint8_t b = tr.blocked[p->index];
	tr.blocked[p->index] = 0;
	if (b && (b >> 3) == (p->generation & 0x1fu)) {
		struct line l;
		l.n = 0;
		put(&l, " woken by");
		wake(&l, p, b & 3u, 0);   /* a Yield-Wait wakes into its upcall: never pc 0 */
		emit(p, &l);
	}
	if (tr.chained && (tr.chained_grant >= CONFIG_GRANT_SLOTS ||
			   process_kernel_area(p)->grant[tr.chained_grant]))
		tr.chained(p);
}

bool trace_set(struct process *p, bool on)
{
	uint32_t bits = p ? 1u << p->index : ~0u;
	uint32_t slots = on ? tr.slots | bits : tr.slots & ~bits;
	if (!slots != !tr.slots) {      /* tracing starts or stops */
		if (!arch_trace_syscalls(slots != 0))
			return false;
		note_skipped();
		tr.lines = 0;                  /* a new trace starts with the whole rate */
		if (slots) {
			tr.chained = sched_before_run;
			tr.chained_grant = sched_before_run_grant;
			sched_before_run = before_run;
			sched_before_run_grant = DRIVER_NO_GRANT;
		} else {
			sched_before_run = tr.chained;
			sched_before_run_grant = tr.chained_grant;
			memset(tr.blocked, 0, sizeof tr.blocked);
		}
	}
	tr.slots = slots;
	return true;
}

uint32_t syscall_dispatch_traced(struct process *p)
{
	if (!trace_enabled(p))
		return syscall_dispatch(p);
	struct arch_context *c = &p->ctx;
	uint32_t cls = arch_syscall_class(c), y = arch_arg(c, 0), pc = arch_pc(c);
	/* a yield's kind: 0-2 its number, 3 WaitAny (its number 0x100 is past names[]), 4 the
	 * invalid yield 3, IPC yields their number */
	y = y == YIELD_WAIT_ANY ? 3 : y == 3 ? 4 : y;
	struct line l;
	l.n = 0;
	/* the call: class, then driver and arguments (yield: its number, WaitFor's driver and
	 * upcall, WaitAny's list, count and deadline) */
	name(&l, cls < 8 ? cls : N_END);
	if (cls == SYS_YIELD && y <= 3) {
		name(&l, N_YIELDS + y);
		args(&l, c, 1, y < YIELD_WAIT_FOR ? 1 : y + 1);   /* WaitFor 2, WaitAny 3 values */
	} else {
		args(&l, c, 0, cls == SYS_MEMOP || cls == SYS_EXIT ? 2 : 4);
	}
	put(&l, " ->");
	uint32_t r = syscall_dispatch(p);
	if (r == TRAP_CONTEXT_REPLACED) {   /* exit, restart or fault: no result to show */
		put(&l, process_alive(p) ? " restarts" : " ends");
	} else if ((r == TRAP_TO_KERNEL || r == TRAP_SWITCH) && cls == SYS_YIELD &&
		   p->state != PS_RUNNABLE) {
		/* an IPC yield (docs/ipc.md) may be woken by a direct switch, past before_run */
		if (y <= 3)
			tr.blocked[p->index] = (uint8_t)(y | 4u | (p->generation & 0x1fu) << 3);
		put(&l, " blocks");
	} else if (cls == SYS_YIELD) {
		wake(&l, p, y, pc);
	} else if (arch_arg(c, 0) < SYSRET_SUCCESS) {
		put(&l, " error");
		name(&l, N_ERRORS + arch_arg(c, 1));
	} else {
		/* success, u32, 2u32, u64, 3u32, u32_u64: 0, 1, 2, 2, 3, 3 values */
		uint32_t v = arch_arg(c, 0) - SYSRET_SUCCESS;
		put(&l, " ok");
		args(&l, c, 1, 1 + (v < 2 ? v : v > 5 ? 0 : v / 2 + 1));
	}
	emit(p, &l);
	return r;
}
