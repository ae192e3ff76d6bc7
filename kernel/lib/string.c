/* The few libc memory functions the freestanding kernel (and the compiler) needs. */
#include <stddef.h>
#include <stdint.h>

/* Word accesses to objects of any type: may_alias tells the compiler that these loads and
 * stores may touch any object, so strict aliasing cannot reorder or drop them. */
typedef uint32_t __attribute__((may_alias)) word_t;

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if ((((uintptr_t)d | (uintptr_t)s) & 3u) == 0) {   /* word copy when both are aligned */
		for (; n >= 4; n -= 4, d += 4, s += 4)
			*(word_t *)(void *)d = *(const word_t *)(const void *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	if (d < s) {
		return memcpy(dst, src, n);   /* forward copy is safe when dst is below src */
	} else {
		while (n--)
			d[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;
	if (((uintptr_t)d & 3u) == 0) {
		uint32_t w = (uint8_t)c * 0x01010101u;
		for (; n >= 4; n -= 4, d += 4)
			*(word_t *)(void *)d = w;
	}
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}
