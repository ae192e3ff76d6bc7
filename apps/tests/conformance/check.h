/* conformance: result reporting ("ok <name>" / "FAIL <name>: got ... expected ...") and helpers. */
#ifndef CONFORMANCE_CHECK_H
#define CONFORMANCE_CHECK_H

#include <stdbool.h>
#include <stdint.h>

/* Compares `pairs` (got, expected) u32 pairs given as varargs; prints one line. */
void expect(const char *name, unsigned pairs, ...);

/* Prints ok when `ok`, else "FAIL name: got <got> expected <want>". */
void expect_that(const char *name, bool ok, uint32_t got, const char *want);

/* Prints "skip <name>: <why>" (not counted as a failure). */
void skip(const char *name, const char *why);

/* Prints the summary line and returns the number of failures. */
unsigned summary(void);

#endif
