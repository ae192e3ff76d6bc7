/* libFuzzer target: tick-inspect's analysis and both printers over arbitrary flash images. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../tools/inspect/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	size_t off = 0;

	if (!sink)
		sink = freopen("/dev/null", "w", stdout); /* the printers write to stdout */
	while (off < size) {
		struct obj_report r;
		struct inspect_opts o = {.has_address = true, .address = 0x80100000, .relocs = true};
		memset(&r, 0, sizeof r);
		r.has_address = true;
		r.address = 0x80100000 + (uint32_t)off;
		inspect_object(&r, data + off, size - off, &o);
		print_text_object(&r);
		print_json_object(&r, off == 0);
		report_free(&r);
		if (tbf_error_ends_list(r.err))
			break;
		off += r.h.total_size;
	}
	return 0;
}
