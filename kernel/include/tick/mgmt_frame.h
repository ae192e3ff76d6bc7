/* Frames of the management protocol (tick-load <-> the kernel's management service): layout, CRC-32, encoder and a byte-wise decoder, shared by the kernel and the host tool. */
#ifndef TICK_MGMT_FRAME_H
#define TICK_MGMT_FRAME_H

#include <stdint.h>

/*
 * A frame (docs/loading.md, "The management protocol"), every field little-endian:
 *   +0  2  magic 'T' 'L'
 *   +2  1  type: a request (MGMT_HELLO ...), its answer type | MGMT_REPLY
 *   +3  1  status: 0 in requests and successful answers, else enum mgmt_status
 *   +4  2  seq: chosen by the host, echoed in the answer
 *   +6  2  length of the payload, at most MGMT_MAX_PAYLOAD
 *   +8     payload
 *   +8+length  4  CRC-32 (IEEE 802.3, as zlib's crc32) of every byte before it
 */
#define MGMT_MAGIC0 'T'
#define MGMT_MAGIC1 'L'
#define MGMT_HEADER 8u
#define MGMT_MAX_PAYLOAD 576u
#define MGMT_MAX_FRAME (MGMT_HEADER + MGMT_MAX_PAYLOAD + 4u)
#define MGMT_DATA_MAX 512u      /* bytes of app one DATA frame carries at most */
#define MGMT_VERSION 1u

enum mgmt_type {
	MGMT_HELLO = 1,    /* -> version, limits, arch, the open transfer (resume) */
	MGMT_BEGIN = 2,    /* size, crc32 of the TBF -> the offset to send from */
	MGMT_DATA = 3,     /* offset, bytes -> the next offset wanted */
	MGMT_FINISH = 4,   /* check, commit and start -> the app's entry */
	MGMT_ABORT = 5,    /* drop the open transfer */
	MGMT_REMOVE = 6,   /* name -> done */
	MGMT_LIST = 7,     /* first slot -> entries, next slot */
	MGMT_INFO = 8,     /* name -> its entry */
	MGMT_REPLY = 0x80,
	MGMT_NOTICE = 0xff /* a frame the service could not read (bad CRC, too long) */
};

enum mgmt_status {
	MGMT_OK = 0,
	MGMT_E_CRC = 1,        /* the frame's CRC is wrong */
	MGMT_E_TOO_LONG = 2,   /* length above MGMT_MAX_PAYLOAD */
	MGMT_E_LENGTH = 3,     /* wrong payload length for its type */
	MGMT_E_TYPE = 4,       /* unknown type */
	MGMT_E_SESSION = 5,    /* DATA, FINISH or ABORT without a transfer, or BEGIN of another */
	MGMT_E_ORDER = 6,      /* DATA not at the next offset; payload: that offset */
	MGMT_E_BUSY = 7,       /* the store is busy (another installer, a trial) */
	MGMT_E_NOT_FOUND = 8,  /* no installed app by that name */
	MGMT_E_STORE = 9,      /* the store refused: payload i32 error, then the reason text */
	MGMT_E_NO_STORE = 10,  /* the board has no store */
};

/* CRC-32 of data[0..len) continued from crc (start with 0). */
uint32_t mgmt_crc32(uint32_t crc, const uint8_t *data, uint32_t len);

/* Writes a frame into out (MGMT_HEADER + len + 4 bytes); payload may already sit at
 * out + MGMT_HEADER. len must be at most MGMT_MAX_PAYLOAD. Returns the frame's length. */
uint32_t mgmt_encode(uint8_t *out, uint8_t type, uint8_t status, uint16_t seq,
		     const uint8_t *payload, uint32_t len);

/* Byte-wise decoder: skips bytes until a magic, then collects one frame. */
struct mgmt_decoder {
	uint32_t have;                 /* bytes of the frame collected */
	uint8_t buf[MGMT_MAX_FRAME];   /* the frame; valid after MGMT_FRAME until the next feed */
};

enum mgmt_event { MGMT_NONE, MGMT_FRAME, MGMT_BAD_CRC, MGMT_BAD_LENGTH };

/* Takes one byte. MGMT_FRAME: a whole frame with a good CRC is in d->buf (read it with the
 * accessors below). MGMT_BAD_CRC or MGMT_BAD_LENGTH (the length field is above the maximum):
 * the frame is dropped and d->buf still holds its header. Any event restarts the hunt for
 * a magic. Never reads or writes outside d. */
enum mgmt_event mgmt_feed(struct mgmt_decoder *d, uint8_t byte);

static inline uint8_t mgmt_type_of(const uint8_t *f) { return f[2]; }
static inline uint8_t mgmt_status_of(const uint8_t *f) { return f[3]; }
static inline uint16_t mgmt_seq_of(const uint8_t *f) { return (uint16_t)(f[4] | f[5] << 8); }
static inline uint32_t mgmt_len_of(const uint8_t *f) { return (uint32_t)(f[6] | f[7] << 8); }

/* always_inline: GCC's inliner counts four byte loads, shifts and ors and leaves a call, which
 * the kernel's -mtune=size then compiles into a one-instruction function (lw, sw): inlined, the
 * access is that one instruction at each of ~50 call sites (rv32 kernel -136 B). */
static inline __attribute__((always_inline)) uint32_t mgmt_rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline __attribute__((always_inline)) void mgmt_wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#endif
