/* Small host-side helpers shared by the Tick tools: errors, memory, files, byte buffers, numbers. */
#ifndef TOOLS_UTIL_H
#define TOOLS_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Name printed in front of every message ("tick-pack"); set once in main. */
extern const char *tool_name;

/* Prints "tool: error: ..." to stderr and exits with status 1. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Prints "tool: error: ..." to stderr and returns. */
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "tool: warning: ..." to stderr. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Allocation that never returns NULL (dies on exhaustion). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Growable byte buffer. Zero-initialise ({0}) before first use. */
struct buf {
	uint8_t *data;
	size_t len, cap;
};
void buf_reserve(struct buf *b, size_t extra);
void buf_append(struct buf *b, const void *p, size_t n);
void buf_zeros(struct buf *b, size_t n);
void buf_u8(struct buf *b, uint8_t v);
void buf_u16(struct buf *b, uint16_t v);
void buf_u32(struct buf *b, uint32_t v);
void buf_u64(struct buf *b, uint64_t v);
void buf_free(struct buf *b);

/* Reads a whole file. Returns false (and sets errno) when it cannot be read. */
bool read_file(const char *path, uint8_t **data, size_t *len);
/* Reads a whole file or dies naming it. */
void read_file_or_die(const char *path, uint8_t **data, size_t *len);
/* Writes data to path (created/truncated) or dies naming it. */
void write_file_or_die(const char *path, const void *data, size_t len);

/* Parses a decimal or 0x-hex unsigned number that fits in 32 bits. False on junk/overflow. */
bool parse_u32(const char *s, uint32_t *out);

/* Little-endian helpers on host buffers. */
uint16_t rd16(const uint8_t *p);
uint32_t rd32(const uint8_t *p);
uint64_t rd64(const uint8_t *p);
void wr16(uint8_t *p, uint16_t v);
void wr32(uint8_t *p, uint32_t v);

/* Alignment helpers (a is a power of two). */
static inline uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

/* Last path component, without directories. Returns a pointer into path. */
const char *path_base(const char *path);

#endif
