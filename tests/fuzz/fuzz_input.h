/* The fuzz targets' input reader: little-endian fields taken from the fuzzer's bytes, 0 once they run out. */
#ifndef FUZZ_INPUT_H
#define FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct in {
	const uint8_t *d;
	size_t n;
};

static inline uint8_t u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->d++;
}

static inline uint32_t u16(struct in *in)
{
	return u8(in) | (uint32_t)u8(in) << 8;
}

static inline uint32_t u32(struct in *in)
{
	return u16(in) | u16(in) << 16;
}

#endif
