/* Process info capsule: ids, ShortIds, names and counters into the RW buffer; actions on other processes for the apps the board names. */
#include <stddef.h>
#include <tick/string.h>
#include <capsules/process_info.h>
#include <tick/grant.h>
#include <tick/klog.h>

bool process_act(struct process *p, enum process_action action)
{
	static bool (*const act[])(struct process *) = {
		[PA_START] = process_resume, [PA_STOP] = process_stop, [PA_FAULT] = process_force_fault,
		[PA_TERMINATE] = process_kill, [PA_BOOT] = process_boot,
	};
	return action >= PA_START && action <= PA_BOOT && act[action](p);
}

uint32_t process_state_number(const struct process_stats *s)
{
	static const uint8_t number[] = { [PS_RUNNABLE] = 0, [PS_YIELDED] = 1, [PS_YIELDED_FOR] = 2,
					  [PS_FAULTED] = 4, [PS_TERMINATED] = 5 };
	return s->stopped ? 3 : number[s->state];
}

/* Writes u32 values into the caller's buffer as far as they fit. */
static void put_words(const struct driver *d, struct process *caller, const uint32_t *v, unsigned n, unsigned at)
{
	uint8_t *buf;
	uint32_t len;
	grant_buffer(caller, d, ALLOW_RW, 0, &buf, &len);
	for (unsigned i = 0; i < n && (at + i + 1) * 4 <= len; i++)
		memcpy(buf + (at + i) * 4, &v[i], 4);
}

/* Command 6 needs an explicit grant: the board names the apps (a TBF without a Permissions
 * TLV may call everything, by Tock's rule, so that TLV cannot be the opt-in). Logs a refusal. */
static bool may_control(const struct process_info *pi, struct process *caller, uint32_t action)
{
	struct process_stats s;
	process_get_stats(caller, &s);
	for (const char *const *n = pi->controllers; n && *n; n++)
		if (strlen(*n) == s.name_len && !memcmp(*n, s.name, s.name_len))
			return true;
	klog("[pinfo] '%.*s' may not act on others (action %u): not listed by the board\n",
	     s.name_len, s.name, action);
	return false;
}

static struct sysret command(void *self, struct process *caller, uint32_t cmd, uint32_t arg0, uint32_t arg1)
{
	const struct process_info *pi = self;
	const struct driver *d = &pi->driver;
	struct process_stats s;
	if (cmd == 0)
		return sysret_success();
	if (cmd == 1)
		return sysret_success_u32(process_count());
	if (cmd == 2 || cmd == 3) {   /* every process's id (2) or ShortId (3) */
		unsigned n = 0;
		for (struct process *p = process_next(NULL); p; p = process_next(p)) {
			process_get_stats(p, &s);
			uint32_t v = cmd == 2 ? s.id : s.short_id;
			put_words(d, caller, &v, 1, n++);
		}
		return sysret_success_u32(n);
	}
	if (cmd > 6)
		return sysret_failure(ERR_NOSUPPORT);
	if (cmd == 6 && !may_control(pi, caller, arg1))
		return sysret_failure(ERR_NODEVICE);
	/* Tock-style process id: our process_id_t, whatever the process's state (a terminated
	 * process can still be booted). */
	struct process *p;
	for (p = process_next(NULL); p; p = process_next(p)) {
		process_get_stats(p, &s);
		if (s.id == arg0)
			break;
	}
	if (!p)
		return sysret_failure(ERR_INVAL);
	if (cmd == 4) {   /* name, NUL-terminated when it fits; returns its full length */
		uint8_t *buf;
		uint32_t len;
		grant_buffer(caller, d, ALLOW_RW, 0, &buf, &len);
		uint32_t n = s.name_len < len ? s.name_len : len;
		if (n)
			memcpy(buf, s.name, n);
		if (n < len)
			buf[n] = 0;
		return sysret_success_u32(s.name_len);
	}
	if (cmd == 5) {
		uint32_t v[5] = { s.timeslice_expirations, s.syscalls, s.restarts, process_state_number(&s),
				  s.kernel_bytes };
		put_words(d, caller, v, 5, 0);
		return sysret_success();
	}
	/* 6: an action on another process (acting on itself would replace the context this
	 * very call returns into) */
	if (p == caller || !process_act(p, (enum process_action)arg1))
		return sysret_failure(ERR_INVAL);
	return sysret_success();
}

void process_info_init(struct process_info *pi, uint8_t grant_slot, const char *const *controllers)
{
	pi->driver = (struct driver){
		.number = PROCESS_INFO_DRIVER_NUM,
		.num_allow_rw = 1,
		.grant_slot = grant_slot,
		.command = command,
		.self = pi,
	};
	pi->controllers = controllers;
}
