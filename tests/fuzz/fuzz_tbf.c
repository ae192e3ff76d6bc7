/* libFuzzer target: TBF header parsing, footer walking and the loader's scan loop on arbitrary bytes. */
/* sources: @tbf */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <tick/tbf.h>

/* Touches every byte a parsed header points at, so ASan sees any out-of-bounds pointer. */
static unsigned touch(const uint8_t *p, size_t n)
{
	unsigned s = 0;
	for (size_t i = 0; i < n; i++)
		s += p[i];
	return s;
}

static void check_object(const uint8_t *obj, size_t avail, const struct tbf_header *h)
{
	volatile unsigned sink = 0;
	struct tbf_footer f;
	uint32_t cursor = 0, driver, offset, size;
	uint64_t mask;

	if (h->total_size > avail || h->header_size > h->total_size)
		abort(); /* tbf_parse promised both on TBF_OK */
	if (h->package_name)
		sink += touch(h->package_name, h->package_name_len);
	if (h->ipc_services)
		sink += touch(h->ipc_services, h->ipc_services_len);
	if (h->ipc_clients)
		sink += touch(h->ipc_clients, h->ipc_clients_len);
	for (uint32_t i = 0; tbf_wfr(h, i, &offset, &size); i++)
		sink += offset + size;
	for (uint32_t i = 0; tbf_permission(h, i, &driver, &offset, &mask); i++)
		sink += driver + offset + (unsigned)mask;
	sink += tbf_permits_command(h, 1, 3) + tbf_lists_driver(h, 0x40001);
	sink += tbf_check_kernel_version(h, 2, 3) + tbf_check_fixed_flash(h, 0x80100000);
	if (!h->is_padding && (h->has_main || h->has_program)) {
		uint64_t entry = (uint64_t)h->header_size + h->init_fn_offset;
		if (entry < tbf_protected_size(h) || entry >= h->binary_end_offset ||
		    h->binary_end_offset > h->total_size)
			abort();
	}
	/* The footer walk must terminate: each step advances by at least 8 bytes. */
	for (int steps = 0; steps < 100000; steps++) {
		uint32_t before = cursor;
		enum tbf_error e = tbf_next_footer(obj, h, &cursor, &f);
		if (e != TBF_OK)
			break;
		if (cursor > h->total_size || (before && cursor < before + 8))
			abort();
		sink += touch(f.data, f.len) + tbf_sha256_matches(obj, h, &f);
	}
	(void)sink;
}

/* The kernel's scan loop: follow total_size links until the list ends. With fix, each header's
 * checksum is first made right (in the caller's copy), so that mutated TLVs reach the TLV
 * checks instead of nearly always stopping at TBF_BAD_CHECKSUM. */
static void scan(uint8_t *data, size_t size, int fix)
{
	size_t off = 0;
	while (off < size) {
		struct tbf_header h;
		if (fix && size - off >= TBF_BASE_HEADER_SIZE) {
			uint32_t hs = tbf_rd16(data + off + 2);
			if (hs >= TBF_BASE_HEADER_SIZE && hs <= size - off)
				tbf_wr32(data + off + 12, tbf_header_checksum(data + off, hs));
		}
		enum tbf_error e = tbf_parse(data + off, size - off, &h);
		(void)tbf_error_str(e);
		if (tbf_error_ends_list(e))
			break;
		if (e == TBF_OK)
			check_object(data + off, size - off, &h);
		if (h.total_size < TBF_BASE_HEADER_SIZE)
			abort(); /* would not advance */
		off += h.total_size;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Exactly sized heap copies, so ASan catches a read one byte past the input. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	scan(copy, size, 0);
	memcpy(copy, data, size);
	scan(copy, size, 1);
	free(copy);
	return 0;
}
