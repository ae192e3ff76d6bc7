/* Layer 3: a static arena of equal blocks for coroutine states, and spawning from it. */
#include <string.h>
#include <tick/co.h>

#include "../async/async_private.h"

void *tick_arena_alloc(tick_arena_t *a) {
  for (unsigned i = 0; i < a->count; i++) {
    if (!(a->used & (1u << i))) {
      a->used |= 1u << i;
      char *block = (char *)a->blocks + i * a->size;
      memset(block, 0, a->size);
      return block;
    }
  }
  return NULL;
}

void tick_arena_free(tick_arena_t *a, void *block) {
#ifdef TICK_DEBUG
  tick__debug_check_free(block, a->size);
#endif
  unsigned i = (unsigned)((char *)block - (char *)a->blocks) / a->size;
  if (i < a->count) a->used &= ~(1u << i);
}

tick_co_t *tick_co_spawn(tick_arena_t *a, tick_co_fn *fn) {
  tick_co_t *co = tick_arena_alloc(a);
  if (co) tick_co_start(co, fn);
  return co;
}
