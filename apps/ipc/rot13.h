/* The rot13 request both IPC example apps agree on: the layout of libtock-c's rot13 example, so that either side also works with libtock-c's. */
#ifndef ROT13_H
#define ROT13_H

#include <stdint.h>

#define ROT13_SERVICE "org.tockos.examples.rot13"

/* At the start of the buffer the client shares (64 bytes aligned to 64 in both examples). */
struct rot13_buf {
  int8_t length;   /* bytes of text in buf */
  char buf[31];
};

static inline char rot13_char(char c) {
  if (c >= 'a' && c <= 'z') return (char)('a' + (c - 'a' + 13) % 26);
  if (c >= 'A' && c <= 'Z') return (char)('A' + (c - 'A' + 13) % 26);
  return c;
}

#endif
