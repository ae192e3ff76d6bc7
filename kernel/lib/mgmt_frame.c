/* Management protocol frames: CRC-32 bit by bit, the encoder and the byte-wise decoder. */
#include <tick/mgmt_frame.h>

/* CRC-32 (reflected, polynomial 0xEDB88320) bit by bit: no table (a 16-entry one was 70 B more
 * of kernel text for a quarter of the work: ~40 instructions a byte now, ~25,000 for a full
 * frame, against a 1 ms budget for the longest kernel-loop turn during an install). */
uint32_t mgmt_crc32(uint32_t crc, const uint8_t *data, uint32_t len)
{
	crc = ~crc;
	for (uint32_t i = 0; i < len; i++) {
		crc ^= data[i];
		for (unsigned k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

/* Not inlined (noinline): LTO copied it into both of the service's callers. */
__attribute__((noinline)) uint32_t mgmt_encode(uint8_t *out, uint8_t type, uint8_t status, uint16_t seq,
		     const uint8_t *payload, uint32_t len)
{
	if (payload && payload != out + MGMT_HEADER)
		for (uint32_t i = len; i-- > 0;)   /* backwards: the payload may overlap out */
			out[MGMT_HEADER + i] = payload[i];
	out[0] = MGMT_MAGIC0;
	out[1] = MGMT_MAGIC1;
	out[2] = type;
	out[3] = status;
	out[4] = (uint8_t)seq;
	out[5] = (uint8_t)(seq >> 8);
	out[6] = (uint8_t)len;
	out[7] = (uint8_t)(len >> 8);
	mgmt_wr32(out + MGMT_HEADER + len, mgmt_crc32(0, out, MGMT_HEADER + len));
	return MGMT_HEADER + len + 4;
}

enum mgmt_event mgmt_feed(struct mgmt_decoder *d, uint8_t byte)
{
	if (d->have >= MGMT_MAX_FRAME)   /* cannot happen; a corrupted d restarts */
		d->have = 0;
	if ((d->have == 0 && byte != MGMT_MAGIC0) || (d->have == 1 && byte != MGMT_MAGIC1)) {
		d->have = byte == MGMT_MAGIC0;   /* "TTL": the second T may start the frame */
		d->buf[0] = byte;
		return MGMT_NONE;
	}
	d->buf[d->have++] = byte;
	if (d->have < MGMT_HEADER)
		return MGMT_NONE;
	uint32_t len = mgmt_len_of(d->buf);
	if (len > MGMT_MAX_PAYLOAD) {
		d->have = 0;
		return MGMT_BAD_LENGTH;
	}
	if (d->have < MGMT_HEADER + len + 4)
		return MGMT_NONE;
	d->have = 0;
	return mgmt_crc32(0, d->buf, MGMT_HEADER + len) == mgmt_rd32(d->buf + MGMT_HEADER + len)
		       ? MGMT_FRAME : MGMT_BAD_CRC;
}
