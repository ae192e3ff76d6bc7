/* libFuzzer target: the host tools' ELF reader, ELF-to-TBF conversion and tar reader on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../../tools/lib/elf32.h"
#include "../../tools/lib/tar.h"
#include "../../tools/pack/elf2tbf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct elf_file elf;
	struct tar_entry *entries;
	size_t n;
	char err[256];

	if (elf_parse(&elf, "fuzz.elf", data, size, err, sizeof err)) {
		/* A footer reservation exercises the footer and padding paths too; every other
		 * input (by its length) is packed relocatable, which reads its relocations. */
		struct pack_opts o = {.name = "fuzz", .app_heap = 1024, .kernel_heap = 1024,
				      .min_footer = 100, .sha256 = true, .relocatable = size & 1};
		struct buf out = {0};
		struct pack_result r;
		if (elf_to_tbf(&elf, &o, &out, &r, err, sizeof err) && r.total_size != out.len)
			abort();
		buf_free(&out);
		elf_free(&elf);
	}
	if (tar_list(data, size, &entries, &n, err, sizeof err))
		free(entries);
	return 0;
}
