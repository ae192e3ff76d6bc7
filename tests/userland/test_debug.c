/* Host tests of the debug library (TICK_DEBUG, test-userland-debug): buffer-lifetime reports
 * and the message for blocking calls inside callbacks. */
#ifdef TICK_DEBUG
#include <setjmp.h>
#include <string.h>
#include <tick.h>
#include <tick/co.h>
#include <tick/cw.h>

#include "harness.h"

static tick_op_t op;
static jmp_buf exited;

/* Starts a read into a buffer of its own frame, then returns: the frame is gone. */
__attribute__((noinline)) static void start_read_on_stack(void) {
  char buf[8];
  CHECK_EQ(tick_console_read_async(&op, buf, sizeof buf, NULL, NULL), TICK_OK);
}

TEST(debug_buffer_outliving_its_stack_frame_is_reported) {
  fk.exit_jmp = &exited;
  start_read_on_stack();
  if (setjmp(exited) == 0) {
    tick_run();
    CHECK(!"tick_run returned: the dead frame was not reported");
  }
  CHECK(fk.exited);
  CHECK_EQ(fk.exit_code, TICK_DEBUG_EXIT_CODE);
  CHECK(strstr(fk.out, "tick: console read (driver 0x1)") != NULL);
  CHECK(strstr(fk.out, "stack frame that has returned") != NULL);
  CHECK(strstr(fk.out, "(0x8 bytes)") != NULL);
}

static void start_on_callback_stack(tick_op_t *t, int result, void *data) {
  (void)t, (void)result, (void)data;
  char buf[4];
  tick_rng_async(&op, buf, sizeof buf, NULL, NULL);
}

TEST(debug_buffer_of_a_callback_frame_is_reported_at_the_next_turn) {
  static tick_op_t t;
  fk.exit_jmp = &exited;
  tick_timer_in_ms(&t, 1, start_on_callback_stack, NULL);
  if (setjmp(exited) == 0) {
    tick_run();
    CHECK(!"not reported");
  }
  CHECK(strstr(fk.out, "tick: rng (driver 0x40001)") != NULL);
}

TEST(debug_buffer_in_a_live_frame_is_accepted) {
  char buf[2];
  fk_input_at(fk.now + fk_ms(1), "ok");
  CHECK_EQ(tick_console_read_async(&op, buf, 2, NULL, NULL), TICK_OK);
  CHECK_EQ(tick_run(), TICK_OK); /* this frame outlives the loop: no report */
  CHECK(!fk.exited);
  CHECK(memcmp(buf, "ok", 2) == 0);
}

struct state {
  tick_co_t co;
  tick_op_t read;
  char buf[4];
};
TICK_ARENA(states, struct state, 2);

TEST(debug_freeing_coroutine_state_the_kernel_still_holds_is_reported) {
  struct state *s = tick_arena_alloc(&states);
  CHECK_EQ(tick_console_read_async(&s->read, s->buf, 4, NULL, NULL), TICK_OK);
  fk.exit_jmp = &exited;
  if (setjmp(exited) == 0) {
    tick_arena_free(&states, s);
    CHECK(!"not reported");
  }
  CHECK_EQ(fk.exit_code, TICK_DEBUG_EXIT_CODE);
  CHECK(strstr(fk.out, "tick: console read (driver 0x1): coroutine state freed while the "
                       "kernel holds its buffer") != NULL);
}

TEST(debug_freeing_state_after_its_op_completed_is_fine) {
  struct state *s = tick_arena_alloc(&states);
  fk_input_at(fk.now + fk_ms(1), "abcd");
  tick_console_read_async(&s->read, s->buf, 4, NULL, NULL);
  CHECK_EQ(tick_run(), TICK_OK);
  tick_arena_free(&states, s);
  CHECK(!fk.exited);
  CHECK_EQ(states.used, 0);
}

static int refused_rc;
static void blocks(tick_op_t *t, int result, void *data) {
  (void)t, (void)result, (void)data;
  refused_rc = tick_sleep_ms(10);
}

TEST(debug_blocking_call_inside_a_callback_names_the_call) {
  static tick_op_t t;
  tick_timer_in_ms(&t, 1, blocks, NULL);
  CHECK_EQ(tick_run(), TICK_OK);
  CHECK_EQ(refused_rc, TICK_EINUPCALL);
  CHECK(strstr(fk.out, "tick: tick_sleep_ms called inside a callback: refused") != NULL);
}
static void idle(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  TICK_CW_END(co);
}

/* Starts a coroutine whose struct lies in this frame: the loop would read it after return. */
__attribute__((noinline)) static void start_coroutine_on_stack(void) {
  tick_cw_t co = {0};
  tick_cw_start(&co, idle);
}

TEST(debug_coroutine_started_from_a_stack_frame_is_reported) {
  fk.exit_jmp = &exited;
  if (setjmp(exited) == 0) {
    start_coroutine_on_stack();
    CHECK(!"not reported");
  }
  CHECK_EQ(fk.exit_code, TICK_DEBUG_EXIT_CODE);
  CHECK(strstr(fk.out, "tick: tick_cw_start: coroutine state lies in a stack frame") != NULL);
}

TEST(debug_static_coroutine_is_accepted) {
  static tick_cw_t co;
  CHECK_EQ(tick_cw_start(&co, idle), TICK_OK);
  CHECK_EQ(tick_cw_run(), TICK_OK);
  CHECK(!fk.exited);
  CHECK(tick_cw_done(&co));
}
/* The waits' rules, which the release library does not check (<tick/cw.h>): two waits on one
 * upcall id, and more ids than Yield-WaitAny takes, are reported at the next turn by name. */
static const tick_upcall_id_t button0[] = {{TICK_DRIVER_BUTTONS, 0}};
static const tick_upcall_id_t many[9] = {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0},
                                         {6, 0}, {7, 0}, {8, 0}, {9, 0}};

static void wait_button(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT(co, button0, 1);
  TICK_CW_END(co);
}

static void wait_many(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT(co, many, 9);
  TICK_CW_END(co);
}

TEST(debug_two_coroutines_waiting_for_one_upcall_id_are_reported) {
  static tick_cw_t a, b;
  fk.exit_jmp = &exited;
  tick_cw_start(&a, wait_button);
  tick_cw_start(&b, wait_button);
  if (setjmp(exited) == 0) {
    tick_cw_run();
    CHECK(!"not reported");
  }
  CHECK_EQ(fk.exit_code, TICK_DEBUG_EXIT_CODE);
  CHECK(strstr(fk.out, "tick: two waits for upcall id (driver 0x3, subscribe 0x0) at once") != NULL);
}

TEST(debug_a_coroutine_waiting_for_an_op_kinds_id_is_reported) {
  static tick_cw_t a;
  static tick_cw_op_t press;
  fk.exit_jmp = &exited;
  CHECK_EQ(tick_cw_button(&press, 0, &a), TICK_OK); /* the buttons' id is the op's */
  tick_cw_start(&a, wait_button);
  if (setjmp(exited) == 0) {
    tick_cw_run();
    CHECK(!"not reported");
  }
  CHECK(strstr(fk.out, "tick: two waits for upcall id (driver 0x3, subscribe 0x0) at once") != NULL);
}

TEST(debug_more_ids_than_the_kernel_takes_are_reported) {
  static tick_cw_t a;
  fk.exit_jmp = &exited;
  tick_cw_start(&a, wait_many);
  if (setjmp(exited) == 0) {
    tick_cw_run();
    CHECK(!"not reported");
  }
  CHECK(strstr(fk.out, "tick: coroutines and ops wait for more than 8 upcall ids at once") != NULL);
}

static const tick_upcall_id_t eight[8] = {{1, 0}, {2, 0}, {3, 0}, {4, 0},
                                          {5, 0}, {6, 0}, {7, 0}, {8, 0}};

static void wait_eight(tick_cw_t *co) {
  TICK_CW_BEGIN(co);
  TICK_CW_WAIT_EVENT_UNTIL(co, eight, 8, (uint32_t)fk.now + (uint32_t)fk_ms(1));
  TICK_CW_END(co);
}

TEST(debug_eight_different_ids_are_accepted) {
  static tick_cw_t a;
  tick_cw_start(&a, wait_eight);
  CHECK_EQ(tick_cw_run(), TICK_OK); /* a turn with all eight listed, then the deadline */
  CHECK(!fk.exited);
  CHECK_EQ(a.rc, TICK_ETIMEOUT);
}
#endif
