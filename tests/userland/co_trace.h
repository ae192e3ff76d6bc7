/* The coroutine tests' trace: each coroutine marks a letter when it runs; tests compare the order. */
#ifndef CO_TRACE_H
#define CO_TRACE_H

static char trace[64];
static int ntrace;

/* Appends c to trace, a string of at most 63 marks (each test starts with an empty one). */
static inline void mark(char c) {
  if (ntrace < 63) trace[ntrace++] = c;
}

#endif
