/* rv32 self-test: runs SHA-256, tbf_parse/footer walk and P-256 verification as built for the kernel. */
#include <stdint.h>

#include <tick/p256.h>
#include <tick/sha256.h>
#include <tick/tbf.h>

extern const uint8_t golden_tbf[], golden_tbf_end[];

static void putc_uart(char c)
{
	volatile uint8_t *uart = (volatile uint8_t *)0x10000000;
	*uart = (uint8_t)c;
}

static void puts_uart(const char *s)
{
	while (*s)
		putc_uart(*s++);
}

/* Public key and signature (over SHA-256 of the message below) made by mbedtls on the host. */
static const uint8_t pubkey[64] = {
	0x9c, 0xb7, 0x2a, 0x59, 0x07, 0x5f, 0xc4, 0x89, 0x37, 0xcd, 0xda, 0xc1,
	0x0f, 0xea, 0x48, 0x4e, 0x71, 0x25, 0xbc, 0x64, 0x4f, 0x60, 0x2f, 0xaf,
	0xcd, 0x8a, 0xc1, 0xc1, 0x19, 0x89, 0xc8, 0xc5, 0x2e, 0x9b, 0x3f, 0x4d,
	0x85, 0xf7, 0x82, 0x40, 0xe6, 0x3b, 0x13, 0xac, 0x1b, 0x97, 0xdd, 0x8d,
	0xdd, 0xf6, 0x93, 0x05, 0xcf, 0x55, 0x78, 0xb5, 0x06, 0x13, 0xfa, 0xa9,
	0xf6, 0x54, 0x37, 0x29};
static const uint8_t signature[64] = {
	0xfa, 0xeb, 0xed, 0x64, 0xcb, 0x47, 0x9d, 0x99, 0x5e, 0x6a, 0x6b, 0x41,
	0x47, 0x8b, 0x3e, 0x11, 0x6f, 0xe3, 0xaf, 0xfb, 0x1f, 0x9d, 0x3c, 0xe0,
	0x7f, 0x55, 0x49, 0xb7, 0xd6, 0x9a, 0xa4, 0xe7, 0x8e, 0x27, 0x71, 0x8b,
	0x8e, 0x24, 0x11, 0x4d, 0x1f, 0xb4, 0xa0, 0xf5, 0x10, 0x6c, 0xd4, 0x11,
	0x41, 0x86, 0x28, 0x44, 0x18, 0xba, 0x8f, 0xd6, 0x6e, 0xd7, 0x9e, 0x99,
	0x81, 0x2c, 0xdd, 0xb7};

static const char message[] = "Tick verifies this on rv32";

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

static int check(int ok, const char *what)
{
	puts_uart(ok ? "PASS rv32/" : "FAIL rv32/");
	puts_uart(what);
	putc_uart('\n');
	return ok ? 0 : 1;
}

int main(void)
{
	int failed = 0;
	uint8_t digest[32], sig[64];
	static const uint8_t abc_digest[32] = {
		0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
		0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};

	sha256("abc", 3, digest);
	int same = 1;
	for (int i = 0; i < 32; i++)
		same &= digest[i] == abc_digest[i];
	failed += check(same, "sha256");

	struct tbf_header h;
	uint32_t len = (uint32_t)(golden_tbf_end - golden_tbf), cursor = 0, footers = 0;
	struct tbf_footer f;
	int parsed = tbf_parse(golden_tbf, len, &h) == TBF_OK && h.fixed_flash == 0x80100080 &&
		     tbf_check_fixed_flash(&h, 0x80100000) == TBF_OK &&
		     tbf_check_kernel_version(&h, 2, 3) == TBF_OK && h.package_name_len == 5;
	while (tbf_next_footer(golden_tbf, &h, &cursor, &f) == TBF_OK)
		footers++;
	failed += check(parsed && footers == 1, "tbf_parse");

	sha256(message, sizeof message - 1, digest);
	failed += check(p256_point_valid(pubkey), "p256-key-on-curve");
	uint32_t t0 = instret();
	int valid = p256_ecdsa_verify(pubkey, digest, signature);
	uint32_t t1 = instret();
	failed += check(valid, "p256-valid-signature");
	puts_uart("info: one P-256 verification took ");
	put_dec(t1 - t0);
	puts_uart(" instructions\n");
	for (int i = 0; i < 64; i++)
		sig[i] = signature[i];
	sig[40] ^= 4;
	failed += check(!p256_ecdsa_verify(pubkey, digest, sig), "p256-tampered-signature");
	digest[0] ^= 1;
	failed += check(!p256_ecdsa_verify(pubkey, digest, signature), "p256-other-message");
	return failed;
}
