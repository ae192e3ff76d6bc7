/* Test helper: writes the image of a relocatable TBF as the kernel would patch it for a given flash and RAM address (tests/tools/run.sh compares it with a relink). */
#include <stdio.h>
#include <stdlib.h>

#include <tick/reloc.h>
#include <tick/tbf.h>

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: reloc_move TBF FLASH RAM OUT  (FLASH: the binary's address)\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	static uint8_t buf[1 << 22];
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	if (f)
		fclose(f);
	struct tbf_header h;
	struct reloc_table t;
	struct reloc_cursor c = { 0, 0, 0 };
	enum tbf_error te = tbf_parse(buf, n, &h);
	if (te != TBF_OK) {
		fprintf(stderr, "reloc_move: %s: %s\n", argv[1], tbf_error_str(te));
		return 1;
	}
	enum reloc_error e = reloc_parse(buf, &h, &t, &c);
	struct reloc_place from = reloc_nominal(&t);
	struct reloc_place to = { (uint32_t)strtoul(argv[2], NULL, 0), (uint32_t)strtoul(argv[3], NULL, 0) };
	if (e == RELOC_OK)
		e = reloc_check_place(&t, &to);
	if (e == RELOC_OK) {
		int32_t r = reloc_apply(&t, &c, &from, &to, 0, buf, t.image_end);
		e = r < 0 ? (enum reloc_error)-r : RELOC_OK;
	}
	if (e != RELOC_OK) {
		fprintf(stderr, "reloc_move: %s: entry %u (offset 0x%x): %s\n", argv[1], c.index, c.offset,
			reloc_error_str(e));
		return 1;
	}
	FILE *o = fopen(argv[4], "wb");
	if (!o || fwrite(buf + t.image_start, 1, t.image_end - t.image_start, o) != t.image_end - t.image_start)
		return 1;
	fclose(o);
	return 0;
}
