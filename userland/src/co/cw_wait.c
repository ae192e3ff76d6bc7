/* Layer 3, lean form, the waits on upcall ids as the ops' loop sees them (linked by TICK_CW_WAIT_EVENT...). */
#include <tick/cw.h>

#include "../async/async_private.h"
#include "cw_private.h"

#define cw tick__cw

/* What tick__cw_wait_on's never-linked pointer names: its reference pulls this file in. */
const char tick__cw_waits = 0;

/* What cw_ops.c's loop and op starts ask of the waits, in a program with both (cw_ops.c defines
 * each weakly as "no waits"). */

unsigned tick__cw_cos_list(unsigned n) { return tick__cw_gather(n); }

void tick__cw_cos_event(const tick_waitany_result_t *r) { tick__cw_hand_out(r, r->index - cw.nops); }

bool tick__cw_id_waited(const struct tick__op_kind *k) {
  for (tick_cw_t *c = (tick_cw_t *)cw.cos; c; c = (tick_cw_t *)c->link.next)
    for (uint32_t i = 0; i < c->nids; i++)
      if (c->ids[i].driver == k->driver && c->ids[i].subscribe == k->sub) return true;
  return false;
}
