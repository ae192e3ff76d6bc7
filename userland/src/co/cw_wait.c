/* Layer 3, lean form, the core's waits on upcall ids (linked by TICK_CW_WAIT_EVENT...): the one-waiter check and the ops' loop's hooks. */
#include <tick/cw.h>

#include "../async/async_private.h"
#include "cw_private.h"

#define cw tick__cw

/* No ops (cw_ops.c's definition replaces this one when a program starts one; cw_private.h). */
__attribute__((weak)) unsigned tick__cw_ops_list(void) { return 0; }

int tick_cw_wait(tick_cw_t *co, const tick_upcall_id_t *ids, uint32_t n) {
  co->nids = 0; /* a wait replaces co's own (none while its body runs) */
  unsigned k = tick__cw_gather(tick__cw_ops_list());
  int rc = TICK_ESIZE;
  if (!n || k + n > TICK_WAITANY_MAX) goto out;
  rc = TICK_EBUSY;
  for (unsigned i = 0; i < k; i++)
    for (uint32_t j = 0; j < n; j++)
      if (cw.ids[i].driver == ids[j].driver && cw.ids[i].subscribe == ids[j].subscribe) goto out;
  co->ids = ids;
  co->nids = n;
  co->rc = TICK_ETIMEOUT; /* until the loop hands out an event: what a deadline leaves */
  return TICK_OK;
out:
  co->rc = rc;
  return rc;
}

/* What cw_ops.c's loop and op starts ask of the waits, in a program with both. */

unsigned tick__cw_cos_list(unsigned n) { return tick__cw_gather(n); }

void tick__cw_cos_event(const tick_waitany_result_t *r) { tick__cw_hand_out(r, r->index - cw.nops); }

bool tick__cw_id_waited(const struct tick__op_kind *k) {
  for (tick_cw_t *c = (tick_cw_t *)cw.cos; c; c = (tick_cw_t *)c->link.next)
    for (uint32_t i = 0; i < c->nids; i++)
      if (c->ids[i].driver == k->driver && c->ids[i].subscribe == k->sub) return true;
  return false;
}
