/* tick-load's end of the management channel: a Unix socket to QEMU's virtio console, requests sent and answered frame by frame with retries. */
#ifndef TOOLS_LOAD_LINK_H
#define TOOLS_LOAD_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tick/mgmt_frame.h>

struct link {
	int fd;
	const char *path;
	uint16_t seq;                 /* of the next request */
	struct mgmt_decoder dec;      /* the answer, after link_request */
	uint8_t frame[MGMT_MAX_FRAME];
};

/* Connects to the socket at path and brings the board's decoder to the start of a frame
 * (bytes no frame can hold). False with a reason in err when there is no such socket or no
 * QEMU behind it. */
bool link_open(struct link *l, const char *path, char *err, size_t errlen);

/* Sends one request and waits up to timeout_ms for its answer; repeats the same frame (same
 * seq: the board answers it once) after each timeout, tries times in all. Returns the answer
 * frame (in l->dec.buf, valid until the next call), or NULL with a reason in err when the
 * board went away or never answered. */
const uint8_t *link_request(struct link *l, uint8_t type, const uint8_t *payload, uint32_t len,
			    int timeout_ms, int tries, char *err, size_t errlen);

void link_close(struct link *l);

#endif
