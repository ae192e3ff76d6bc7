/* Management protocol frames: CRC-32 with a 16-entry table, the encoder and the byte-wise decoder. */
#include <tick/mgmt_frame.h>

/* CRC-32 (reflected, polynomial 0xEDB88320) four bits at a time: a 64-byte table instead of
 * zlib's 1 KiB, about twice the work of a byte table and a quarter of bit by bit. */
static const uint32_t nibble[16] = {
	0x00000000, 0x1db71064, 0x3b6e20c8, 0x26d930ac, 0x76dc4190, 0x6b6b51f4, 0x4db26158, 0x5005713c,
	0xedb88320, 0xf00f9344, 0xd6d6a3e8, 0xcb61b38c, 0x9b64c2b0, 0x86d3d2d4, 0xa00ae278, 0xbdbdf21c,
};

uint32_t mgmt_crc32(uint32_t crc, const uint8_t *data, uint32_t len)
{
	crc = ~crc;
	for (uint32_t i = 0; i < len; i++) {
		crc ^= data[i];
		crc = (crc >> 4) ^ nibble[crc & 15];
		crc = (crc >> 4) ^ nibble[crc & 15];
	}
	return ~crc;
}

uint32_t mgmt_encode(uint8_t *out, uint8_t type, uint8_t status, uint16_t seq,
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
