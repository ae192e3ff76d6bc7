/* Packed name lists: name i of a string of NUL-separated names (tick/strlist.h). */
#include <tick/strlist.h>

/* Not inlined (noinline): LTO copied it into its callers. */
__attribute__((noinline)) const char *strlist_nth(const char *list, unsigned count, unsigned i, const char *none)
{
	if (i >= count)
		return none;
	while (i)                  /* a leaf loop, not calls to strlen: smaller in the kernel */
		if (*list++ == '\0')
			i--;
	return list;
}
