/* Memory below 4 GiB for host tests: the kernel stores addresses as uint32_t and casts them back. */
#ifndef FAKES_LOWMEM_H
#define FAKES_LOWMEM_H

#include <stddef.h>
#include <stdint.h>

/* Maps size bytes (zeroed, read/write) whose every address fits in 32 bits. Aborts on failure. */
void *lowmem_map(size_t size);
void lowmem_unmap(void *p, size_t size);

/* Marks [p, p+n) as off-limits (or usable again) for AddressSanitizer, so that a kernel access
 * to a guard band or a foreign area is reported. No-ops without ASan. */
void lowmem_poison(const void *p, size_t n);
void lowmem_unpoison(const void *p, size_t n);

/* The 32-bit address of p, and back. */
static inline uint32_t lowmem_addr(const void *p)
{
	return (uint32_t)(uintptr_t)p;
}

static inline void *lowmem_ptr(uint32_t a)
{
	return (void *)(uintptr_t)a;
}

#endif
