/* Process console: input routing, line editing with history, and the operator's commands. */
#include <stddef.h>
#include <tick/string.h>
#include <capsules/process_console.h>
#include <capsules/process_info.h>
#include <capsules/uart_mux.h>
#include <tick/config.h>
#include <tick/container_of.h>
#include <tick/grant.h>
#include <tick/errorcode.h>
#include <tick/config.h>
#include <tick/klog.h>
#include <tick/process.h>
#include <tick/sched.h>
#include <tick/store.h>
#include <tick/trace.h>
#include <tick/valarm.h>

enum { ROUTE_NEW, ROUTE_SHELL, ROUTE_APPS };

/* Command names in the order of enum cmd; printed by help. */
static const char commands[] =
	"help list status start stop fault terminate boot process kernel led button gpio reset store trace";
enum cmd { C_HELP, C_LIST, C_STATUS, C_START, C_STOP, C_FAULT, C_TERMINATE, C_BOOT, C_PROCESS,
	   C_KERNEL, C_LED, C_BUTTON, C_GPIO, C_RESET, C_STORE, C_TRACE, C_UNKNOWN };

/* Per port: name of a pin, its two states, the two words that set them. */
static const char *const port_words[3][5] = {
	{ "LED", "on", "off", 0, 0 },
	{ "button", "pressed", "released", "press", "release" },
	{ "pin", "high", "low", "high", "low" },
};

static bool same(const char *a, const char *b, unsigned blen)
{
	return strlen(a) == blen && !memcmp(a, b, blen);
}

static enum cmd lookup(const char *w)
{
	unsigned i = 0;
	for (const char *s = commands; *s; i++) {
		unsigned n = 0;
		while (s[n] && s[n] != ' ')
			n++;
		if (same(w, s, n))
			return (enum cmd)i;
		s += n + (s[n] == ' ');
	}
	return C_UNKNOWN;
}

static struct process *find(const char *name)
{
	struct process_stats s;
	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		process_get_stats(p, &s);
		if (same(name, (const char *)s.name, s.name_len))
			return p;
	}
	return NULL;
}

static void list(void)
{
	struct process_stats s;
	klog(" pid    shortid       state syscalls faults restarts grants name\n");
	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		process_get_stats(p, &s);
		klog("%4u 0x%08x %11s %8u %6u %8u %4u/%u %.*s\n", s.slot, s.short_id, process_state_name(p),
		     s.syscalls, s.faults, s.restarts, grant_count(p), CONFIG_GRANT_SLOTS, s.name_len, s.name);
	}
}

/* status (b NULL): processes by state; kernel: memory use and uptime. */
static void status(const struct pconsole_board *b)
{
	uint32_t n[6] = { 0 }, slices = 0, dropped = 0, ram = 0;
	struct process_stats s;
	for (struct process *p = process_next(NULL); p; p = process_next(p)) {
		process_get_stats(p, &s);
		n[process_state_number(&s)]++;
		slices += s.timeslice_expirations;
		dropped += s.dropped_upcalls;
		ram += s.ram;
	}
	if (!b) {
		klog("processes: %u running, %u yielded, %u yielded-for, %u stopped, %u faulted, %u terminated\n"
		     "timeslice expirations %u, dropped upcalls %u\n", n[0], n[1], n[2], n[3], n[4], n[5],
		     slices, dropped);
		return;
	}
	/* seconds without 64-bit division: 2^40 ticks (30 h at 10 MHz) before the count wraps */
	klog("kernel image %u bytes; RAM: data+bss %u, stack %u bytes\n"
	     "app RAM: %u of %u bytes used by %u processes; uptime %u s\n", b->kernel_image,
	     b->kernel_ram, b->kernel_stack, ram, b->app_ram, process_count(),
	     (uint32_t)(valarm_now() >> 8) / (valarm_frequency() >> 8));
}

static int number(const char *s)
{
	int v = 0;
	do {
		if (*s < '0' || *s > '9' || v > 999)
			return -1;
		v = v * 10 + (*s - '0');
	} while (*++s);
	return v;
}

/* led | button [<n> press|release] | gpio [<n> high|low] */
static void port_cmd(const struct pconsole_board *b, unsigned k, const char *cmd, char *a1, char *a2)
{
	const struct gpio_port *port = b->ports[k];
	const char *const *w = port_words[k];
	if (!a1) {
		for (unsigned i = 0; i < port->count; i++)
			klog("%s%u %s%s", w[0], i, w[port->ops->read(port->dev, i) ? 1 : 2],
			     i + 1 < port->count ? ", " : "\n");
		return;
	}
	int n = number(a1);
	bool on = a2 && w[3] && same(a2, w[3], strlen(w[3]));
	if (!a2 || !w[3] || (!on && !same(a2, w[4], strlen(w[4])))) {
		klog(w[3] ? "usage: %s [<n> %s|%s]\n" : "usage: %s\n", cmd, w[3], w[4]);
		return;
	}
	if (n < 0 || n >= port->count) {
		klog("%s: no %s %s\n", cmd, w[0], a1);
		return;
	}
	port->ops->drive(port->dev, (unsigned)n, on);
	klog("%s%u %s\n", w[0], n, w[on ? 1 : 2]);
}

static void store_done(struct store_client *c, enum store_op op, int status)
{
	(void)c;
	(void)op;   /* the console starts removes only */
	klog(status ? "store remove: error %d\n" : "store remove: done\n", -status);
}

static const char *const app_states[] = { "installed", "on trial", "kept for a trial" };

/* store | store remove <name>: the apps in the store; remove one. */
static void store_cmd(struct pconsole *pc, const char *a1, const char *a2)
{
	struct store_app a;
	unsigned n = 0;
	if (!store_slots()) {
		klog("store: none\n");
	} else if (!a1) {
		for (unsigned k = 0; k < store_slots(); k++)
			n += store_app(k, &a);
		klog("store: %u slots of %u bytes, %u app%s\n", store_slots(), store_slot_size(), n,
		     n == 1 ? "" : "s");
		for (unsigned k = 0; k < store_slots(); k++) {
			if (!store_app(k, &a))
				continue;
			int len = a.name_len < 31 ? (int)a.name_len : 31;   /* NULL name: len 0 */
#if CONFIG_RELOCATABLE_APPS
			klog(" slot %u: '%.*s', %u bytes, seq %u, %s%s", k, len, a.name, a.size, a.seq,
			     app_states[a.state], a.process ? ", has a process" : "");
			if (a.ram != 0xffffffffu)   /* relocated for this RAM */
				klog(", ram 0x%08x", a.ram);
			klog("\n");
#else
			klog(" slot %u: '%.*s', %u bytes, seq %u, %s%s\n", k, len, a.name, a.size, a.seq,
			     app_states[a.state], a.process ? ", has a process" : "");
#endif
		}
	} else if (!same(a1, "remove", 6) || !a2) {
		klog("usage: store [remove <name>]\n");
	} else {
		int k = store_find((const uint8_t *)a2, strlen(a2), 0);
		int r = k < 0 ? -ERR_INVAL : store_remove(&pc->store_client, (unsigned)k);
		if (k < 0)
			klog("store remove: no installed app named '%s'\n", a2);
		else if (r)
			klog("store remove: error %d\n", -r);
	}
}

/* trace <name>|all|off: system call tracing (tick/trace.h). cmd is "trace". */
static void trace_cmd(const char *cmd, const char *w)
{
	struct process *p = NULL;
	bool off = w && same(w, "off", 3);
	if (!w)
		klog("usage: %s <process name>|all|off\n", cmd);
	else if (!off && !same(w, "all", 3) && !(p = find(w)))
		klog("%s: no process named '%s' (see list)\n", cmd, w);
	else
		klog(trace_set(p, !off) ? "%s: %s %s\n" : "%s: not supported here\n", cmd,
		     off ? "stopped for" : "on for", p ? w : "all");
}

static void run(struct pconsole *pc, char *line)
{
	char *word[3] = { 0 };
	unsigned n = 0;
	for (char *s = line; *s && n < 3;) {
		while (*s == ' ')
			*s++ = 0;
		if (*s)
			word[n++] = s;
		while (*s && *s != ' ')
			s++;
	}
	if (!n)
		return;
	for (char *s = word[n - 1]; *s; s++)   /* cut anything after the third word */
		if (*s == ' ')
			*s = 0;
	enum cmd c = lookup(word[0]);
	struct process *p = NULL;
	struct process_stats s;
	if (c >= C_START && c <= C_PROCESS) {
		if (!word[1]) {
			klog("usage: %s <process name>\n", word[0]);
			return;
		}
		p = find(word[1]);
		if (!p) {
			klog("%s: no process named '%s' (see list)\n", word[0], word[1]);
			return;
		}
	}
	switch (c) {
	case C_HELP:
		klog("commands: %s\n start..process <name>; button <n> press|release; gpio <n> high|low; store [remove <name>]; trace <name>|all|off; Ctrl-P: line for tick$\n",
		     commands);
		break;
	case C_LIST:
		list();
		break;
	case C_STATUS:
		status(NULL);
		break;
	case C_PROCESS:
		process_get_stats(p, &s);
		klog("process '%s': slot %u, id 0x%x, ShortId 0x%x, %s, exit code %d\n", word[1], s.slot,
		     s.id, s.short_id, process_state_name(p), (int32_t)s.exit_code);
		process_print_memory_map(p);
		break;
	case C_KERNEL:
		status(pc->board);
		break;
	case C_LED:
	case C_BUTTON:
	case C_GPIO:
		port_cmd(pc->board, c - C_LED, word[0], word[1], word[2]);
		break;
	case C_RESET:
		pc->board->reset();
		break;
	case C_STORE:
		if (CONFIG_APP_STORE)   /* else none of the store's code is linked */
			store_cmd(pc, word[1], word[2]);
		else
			klog("store: none\n");
		break;
	case C_TRACE:
		trace_cmd(word[0], word[1]);
		break;
	case C_UNKNOWN:
		klog("unknown command '%s' (try help)\n", word[0]);
		break;
	default: {   /* start stop fault terminate boot; the state printed is the one after the act */
		bool done = process_act(p, (enum process_action)(c - C_START + PA_START));
		klog(done ? "%s '%s': now %s\n" : "%s: not possible while '%s' is %s\n", word[0], word[1],
		     process_state_name(p));
	}
	}
}

/* Replaces the line being edited (on screen too) with s. */
static void replace_line(struct pconsole *pc, const char *s)
{
	while (pc->len) {
		pc->len--;
		klog("\b \b");
	}
	pc->len = (uint8_t)strlen(s);
	memcpy(pc->line, s, pc->len);
	pc->line[pc->len] = 0;
	klog("%s", pc->line);
}

static void history_step(struct pconsole *pc, bool older)
{
	if (older ? pc->browse >= pc->stored : pc->browse == 0)
		return;
	pc->browse += older ? 1 : -1;
	unsigned i = (pc->next + PCONSOLE_HISTORY - pc->browse) % PCONSOLE_HISTORY;
	replace_line(pc, pc->browse ? pc->history[i] : "");
}

static void enter(struct pconsole *pc)
{
	pc->line[pc->len] = 0;
	klog("\n");
	if (pc->len) {
		memcpy(pc->history[pc->next], pc->line, pc->len + 1u);
		pc->next = (pc->next + 1) % PCONSOLE_HISTORY;
		if (pc->stored < PCONSOLE_HISTORY)
			pc->stored++;
	}
	pc->len = 0;
	pc->browse = 0;
	run(pc, pc->line);
	klog("tick$ ");
}

static void edit(struct pconsole *pc, uint8_t c)
{
	if (pc->esc) {   /* ESC [ A (up) / ESC [ B (down); other sequences are dropped */
		pc->esc = (pc->esc == 1 && c == '[') ? 2 : 0;
		if (c == 'A' || c == 'B')
			history_step(pc, c == 'A');
		return;
	}
	if (c == 27)
		pc->esc = 1;
	else if (c == '\r' || c == '\n')
		enter(pc);
	else if (c == 8 || c == 127) {
		if (pc->len) {
			pc->len--;
			klog("\b \b");
		}
	} else if (c >= ' ' && c < 127 && pc->len < PCONSOLE_LINE - 1) {
		pc->line[pc->len++] = (char)c;
		klog("%c", c);
	}
}

/* Sends c where the current line goes; an end of line makes the next byte start a new line. */
static void deliver(struct pconsole *pc, uint8_t c)
{
	if (pc->route == ROUTE_APPS)
		console_receive(pc->console, c);
	else
		edit(pc, c);
	if (c == '\r' || c == '\n')
		pc->route = ROUTE_NEW;
}

/* True when nothing but new input can make a process run: none is ready, the UART is idle. */
static bool quiet(void)
{
	return !sched_any_ready() && uart_mux_idle() && !deferred_pending();
}

/* Routes the held bytes: each line they start goes to the apps if one is reading now, else to
 * the process console; a line starting with Ctrl-P always to the process console. */
static void flush(struct pconsole *pc)
{
	uint8_t route = console_reading(pc->console) ? ROUTE_APPS : ROUTE_SHELL;
	for (unsigned i = 0; i < pc->held; i++) {
		uint8_t c = pc->hold[i];
		if (pc->route == ROUTE_NEW) {
			pc->route = c == PCONSOLE_CTRL_P ? ROUTE_SHELL : route;
			if (c == PCONSOLE_CTRL_P)
				continue;
		}
		deliver(pc, c);
	}
	pc->held = 0;
}

/* Deferred: waits for the system to be quiet (or the time limit), then routes the held input. */
static void decide(struct deferred_call *dc)
{
	struct pconsole *pc = container_of(dc, struct pconsole, decide);
	if (!quiet() && (uint32_t)valarm_now() - pc->held_since < valarm_frequency() / 1000 * PCONSOLE_HOLD_MS)
		deferred_schedule(dc);
	else
		flush(pc);
}

void pconsole_receive(void *ctx, uint8_t c)
{
	struct pconsole *pc = ctx;
	bool crlf = c == '\n' && pc->last == '\r';
	pc->last = c;
	if (crlf)
		return;
	if (!pc->held && pc->route != ROUTE_NEW) {   /* the line's destination is known */
		deliver(pc, c);
		return;
	}
	if (pc->held == PCONSOLE_HOLD)
		flush(pc);
	if (!pc->held)
		pc->held_since = (uint32_t)valarm_now();
	pc->hold[pc->held++] = c;
	deferred_schedule(&pc->decide);
}

void pconsole_init(struct pconsole *pc, struct console *console, const struct pconsole_board *board)
{
	pc->console = console;
	pc->board = board;
	pc->decide.fn = decide;
	if (CONFIG_APP_STORE)
		pc->store_client.done = store_done;
	deferred_register(&pc->decide);
	uart_mux_set_receiver(pconsole_receive, pc);
}

void pconsole_start(struct pconsole *pc)
{
	(void)pc;
	klog("tick$ ");
}
