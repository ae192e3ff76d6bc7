/* Packed name lists: one string of NUL-separated names in place of a table of pointers. */
#ifndef TICK_STRLIST_H
#define TICK_STRLIST_H

/*
 * Name i of list, a string literal of names separated by "\0" (the last one ends with the
 * literal's own NUL), when i < count; otherwise none. count must not exceed the number of
 * names in list (the walk trusts it). Cold: for fault reports and traces, never a fast path.
 */
const char *strlist_nth(const char *list, unsigned count, unsigned i, const char *none);

#endif
