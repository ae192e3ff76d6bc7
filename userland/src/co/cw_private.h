/* Layer 3's lean form: what the core (cw.c) and the operations (cw_ops.c) share. */
#ifndef TICK_CW_PRIVATE_H
#define TICK_CW_PRIVATE_H

#include <tick/cw.h>
#include <tick/syscall.h>

/* What the core's loop asks of the operations (cw_ops.c). The core defines these weakly as
 * "no ops" (cw.c); cw_ops.c's definitions replace them in a program that links it, which it does
 * only when it calls an op's start function, so that one without ops links none of their code.
 * (Weak definitions, not weak references: in a relocatable app the address of an undefined
 * weak symbol would be moved by the load offset and no longer read as NULL.) */
/* Writes the ids the pending ops and late completions wait for at tick__cw.ids[0..] (one per
 * kind), sets tick__cw.writing, and returns their number. */
unsigned tick__cw_ops_list(void);
/* The event (a0, a1) of list entry i (< tick__cw.nops) arrived. */
void tick__cw_ops_event(unsigned i, uint32_t a0, uint32_t a1);
/* Cancels every op that wakes `co`. */
void tick__cw_ops_cancel(tick_cw_t *co);

struct tick__op_kind;

#define TICK_CW_STALE_MAX 4

/* The loop's state, one object so that code reaches it from one base address (the ops' part
 * too: 20 bytes of bss that a program without ops does not use, for shorter op code). */
struct tick__cw_loop {
  struct tick__cw_link *cos;     /* started coroutines, in start order */
  unsigned nops;     /* entries of ids[] the ops wrote (the rest are coroutines' ids) */
  unsigned writing;  /* an op of the list is the console write (ops set it) */
  unsigned waits;    /* a coroutine has waited on ids (TICK_CW_WAIT_EVENT) since the start:
                        op starts look for one that lists their kind's id only then */
  /* This turn's Yield-WaitAny list; what each entry is for: an op kind before nops, a
   * coroutine from nops on (with the entry's index in that coroutine's list). */
  tick_upcall_id_t ids[TICK_WAITANY_MAX];
  union {
    tick_cw_t *co;
    const struct tick__op_kind *kind;
  } owner[TICK_WAITANY_MAX];
  uint8_t index[TICK_WAITANY_MAX];
  /* The ops' own (cw_ops.c): the pending ops in start order, and the kinds whose cancelled op
   * will still report a completion (one entry per completion): the loop waits for and
   * discards them before the next op of the kind starts. */
  struct tick__cw_link *pending;
  const struct tick__op_kind *stale[TICK_CW_STALE_MAX];
};
extern struct tick__cw_loop tick__cw;

/* Adds n at the end of the list `head`. */
void tick__cw_append(struct tick__cw_link **head, struct tick__cw_link *n);

/* Removes n from the list `head` (no effect if it is not there). n keeps its own link, so a
 * walk that stands on n can go on from it. */
void tick__cw_unlink(struct tick__cw_link **head, struct tick__cw_link *n);

/* Writes this turn's list (the ops' ids, then those of every waiting coroutine but `skip`, in
 * start order) and returns its length, which may pass TICK_WAITANY_MAX (only that many are
 * written). */
unsigned tick__cw_gather(const tick_cw_t *skip);

#endif
