/* Low (below 4 GiB) anonymous mappings for process memory in host tests, with ASan guard helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "fakes/lowmem.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LOWMEM_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LOWMEM_ASAN 1
#endif
#ifdef LOWMEM_ASAN
#include <sanitizer/asan_interface.h>
#endif

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

void *lowmem_map(size_t size)
{
	void *p = MAP_FAILED;
#ifdef MAP_32BIT
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_32BIT, -1, 0);
#endif
	/* Elsewhere (or if the 2 GiB MAP_32BIT window is full): try fixed low addresses. */
	for (uintptr_t hint = 0x20000000u; p == MAP_FAILED && hint < 0xf0000000u; hint += 0x08000000u)
		p = mmap((void *)hint, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED || (uintptr_t)p + size > 0xffffffffu) {
		fprintf(stderr, "lowmem_map: no memory below 4 GiB for %zu bytes\n", size);
		abort();
	}
	return p;
}

void lowmem_unmap(void *p, size_t size)
{
	lowmem_unpoison(p, size);
	munmap(p, size);
}

void lowmem_poison(const void *p, size_t n)
{
#ifdef LOWMEM_ASAN
	__asan_poison_memory_region(p, n);
#else
	(void)p;
	(void)n;
#endif
}

void lowmem_unpoison(const void *p, size_t n)
{
#ifdef LOWMEM_ASAN
	__asan_unpoison_memory_region(p, n);
#else
	(void)p;
	(void)n;
#endif
}
