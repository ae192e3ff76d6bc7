/* Relocation benchmark: kernel/reloc.c built as the kernel builds it, run bare metal on a real app's table; prints BENCH lines for bench.py. */
#include <stdint.h>

#include <tick/reloc.h>
#include <tick/sha256.h>
#include <tick/tbf.h>

extern uint8_t app_tbf[], app_tbf_end[];

static void putc_uart(char c)
{
	*(volatile uint8_t *)0x10000000 = (uint8_t)c;
}

static void puts_uart(const char *s)
{
	while (*s)
		putc_uart(*s++);
}

static void put_dec(uint32_t v)
{
	char b[12];
	int n = 0;
	do {
		b[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		putc_uart(b[--n]);
}

static uint32_t instret(void)
{
	uint32_t v;
	__asm__ volatile("csrr %0, minstret" : "=r"(v));
	return v;
}

/* "BENCH key a b c ..." */
static void report(const char *key, const uint32_t *v, int n)
{
	puts_uart("BENCH ");
	puts_uart(key);
	for (int i = 0; i < n; i++) {
		putc_uart(' ');
		put_dec(v[i]);
	}
	putc_uart('\n');
}

int main(void)
{
	struct tbf_header h;
	struct reloc_table t;
	struct reloc_cursor c = { 0, 0, 0 };
	uint32_t len = (uint32_t)(app_tbf_end - app_tbf);
	if (tbf_parse(app_tbf, len, &h) != TBF_OK)
		return 1;

	/* Parse: find the TLV, check its header, decode and check every entry. */
	uint32_t t0 = instret();
	enum reloc_error e = reloc_parse(app_tbf, &h, &t, &c);
	uint32_t parse = instret() - t0;
	if (e != RELOC_OK)
		return 2;

	/* Apply: move flash and RAM by different amounts (every entry changes), then back. */
	struct reloc_place home = reloc_nominal(&t), to = { home.flash + 0x12344, home.ram - 0x5678 };
	c = (struct reloc_cursor){ 0, 0, 0 };
	t0 = instret();
	int32_t r = reloc_apply(&t, &c, &home, &to, 0, app_tbf, t.image_end);
	uint32_t apply = instret() - t0;
	if (r != (int32_t)t.image_end)
		return 3;

	/* Credentials over the canonical image: plain SHA-256 of the integrity region, and
	 * reloc_sha256 of the moved copy. */
	uint8_t d1[SHA256_DIGEST_SIZE], d2[SHA256_DIGEST_SIZE];
	t0 = instret();
	e = reloc_sha256(app_tbf, h.binary_end_offset, &t, &to, d2, 0);
	uint32_t canon = instret() - t0;
	c = (struct reloc_cursor){ 0, 0, 0 };
	reloc_apply(&t, &c, &to, &home, 0, app_tbf, t.image_end);
	t0 = instret();
	sha256(app_tbf, h.binary_end_offset, d1);
	uint32_t plain = instret() - t0;
	for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
		if (e != RELOC_OK || d1[i] != d2[i])
			return 4;

	uint32_t v[] = { t.count, parse, apply, h.binary_end_offset, plain, canon };
	report("reloc", v, 6);
	return 0;
}
