/* Host tests of the kernel's TBF parser and SHA-256 (ASan/UBSan); --walk IMAGE lists an image like the kernel loader. */
/* sources: @tbf kernel/reloc.c */
/* Results are TAP lines ("ok 3 - name"), as cmocka prints them, for tests/harness/run-cmocka.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tick/sha256.h>
#include <tick/reloc.h>
#include <tick/tbf.h>

static int failures;
static const char *current;

#define CHECK(cond)                                                                        \
	do {                                                                               \
		if (!(cond)) {                                                             \
			fprintf(stderr, "%s:%d: %s: check failed: %s\n", __FILE__, __LINE__, \
				current, #cond);                                           \
			ok = 0;                                                            \
		}                                                                          \
	} while (0)

#define TEST(name) static void name(int *okp)
#define ok (*okp)

/* ---- a tiny header builder: every malformed case starts from a good object ---- */

struct obj {
	uint8_t b[1024];
	uint32_t len;      /* header bytes written so far */
};

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static void start(struct obj *o)
{
	memset(o, 0, sizeof *o);
	put16(o->b, 2);
	put32(o->b + 8, TBF_FLAG_ENABLED);
	o->len = 16;
}

static void tlv(struct obj *o, uint16_t type, const void *v, uint16_t n)
{
	put16(o->b + o->len, type);
	put16(o->b + o->len + 2, n);
	memcpy(o->b + o->len + 4, v, n);
	o->len += 4 + ((n + 3u) & ~3u);
}

static void tlv_main(struct obj *o, uint32_t init, uint32_t trailer, uint32_t ram)
{
	uint8_t v[12];
	put32(v, init); put32(v + 4, trailer); put32(v + 8, ram);
	tlv(o, TBF_TLV_MAIN, v, 12);
}

static void tlv_program(struct obj *o, uint32_t init, uint32_t trailer, uint32_t ram, uint32_t end,
			uint32_t version)
{
	uint8_t v[20];
	put32(v, init); put32(v + 4, trailer); put32(v + 8, ram); put32(v + 12, end); put32(v + 16, version);
	tlv(o, TBF_TLV_PROGRAM, v, 20);
}

/* Sets header_size to what was written, total_size, and a valid checksum. */
static void finish(struct obj *o, uint32_t total)
{
	put16(o->b + 2, (uint16_t)o->len);
	put32(o->b + 4, total);
	put32(o->b + 12, 0);
	put32(o->b + 12, tbf_header_checksum(o->b, o->len));
}

static void fix_checksum(struct obj *o)
{
	uint16_t hs = (uint16_t)(o->b[2] | o->b[3] << 8);
	put32(o->b + 12, 0);
	put32(o->b + 12, tbf_header_checksum(o->b, hs));
}

/* A typical app: Main + Program + name + kernel version, 256 bytes, binary end 200. */
static void good_app(struct obj *o)
{
	start(o);
	tlv_main(o, 8, 0, 4096);
	tlv_program(o, 8, 0, 4096, 200, 3);
	tlv(o, TBF_TLV_PACKAGE_NAME, "hello", 5);
	uint8_t kv[4] = {2, 0, 3, 0};
	tlv(o, TBF_TLV_KERNEL_VERSION, kv, 4);
	finish(o, 256);
}

static enum tbf_error parse(struct obj *o, size_t avail, struct tbf_header *h)
{
	return tbf_parse(o->b, avail, h);
}

/* ---- SHA-256 ---- */

static void hex(const uint8_t *d, char *out)
{
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

TEST(sha256_vectors)
{
	uint8_t d[32];
	char h[65];
	sha256("", 0, d); hex(d, h);
	CHECK(!strcmp(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
	sha256("abc", 3, d); hex(d, h);
	CHECK(!strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
	const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256(m, strlen(m), d); hex(d, h);
	CHECK(!strcmp(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
	static uint8_t million[1000000];
	memset(million, 'a', sizeof million);
	sha256(million, sizeof million, d); hex(d, h);
	CHECK(!strcmp(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"));
}

TEST(sha256_split_updates)
{
	uint8_t msg[200], one[32], two[32];
	for (int i = 0; i < 200; i++)
		msg[i] = (uint8_t)(i * 7 + 1);
	for (size_t len = 0; len <= sizeof msg; len += 13) {
		sha256(msg, len, one);
		for (size_t cut = 0; cut <= len; cut++) {
			struct sha256_ctx c;
			sha256_init(&c);
			sha256_update(&c, msg, cut);
			sha256_update(&c, msg + cut, len - cut);
			sha256_final(&c, two);
			CHECK(!memcmp(one, two, 32));
		}
	}
}

/* ---- base header and end of list ---- */

TEST(parse_good_app)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(h.version == 2 && h.header_size == o.len && h.total_size == 256);
	CHECK(h.has_main && h.has_program && !h.is_padding);
	CHECK(h.init_fn_offset == 8 && h.minimum_ram_size == 4096 && h.binary_end_offset == 200);
	CHECK(h.app_version == 3);
	CHECK(h.package_name_len == 5 && !memcmp(h.package_name, "hello", 5));
	CHECK(h.has_kernel_version && h.kernel_major == 2 && h.kernel_minor == 3);
	CHECK(!h.has_fixed_addresses && h.fixed_flash == TBF_NOT_FIXED && h.fixed_ram == TBF_NOT_FIXED);
	CHECK(tbf_protected_size(&h) == o.len);
	CHECK(h.tlv_count == 4);
}

TEST(end_of_list_bad_version)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o);
	put16(o.b, 1);
	CHECK(parse(&o, 256, &h) == TBF_END);
	memset(o.b, 0xFF, 16);
	CHECK(parse(&o, 256, &h) == TBF_END);
	memset(o.b, 0, 16);
	CHECK(parse(&o, 256, &h) == TBF_END);
	good_app(&o);
	CHECK(parse(&o, 7, &h) == TBF_END);
	CHECK(tbf_parse(NULL, 100, &h) == TBF_END);
	CHECK(tbf_error_ends_list(TBF_END) && tbf_error_ends_list(TBF_TOO_SHORT));
	CHECK(!tbf_error_ends_list(TBF_BAD_CHECKSUM));
}

TEST(end_of_list_tiny_total)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o);
	put32(o.b + 4, 0);
	CHECK(parse(&o, 256, &h) == TBF_END);
	put32(o.b + 4, 15);
	CHECK(parse(&o, 256, &h) == TBF_END);
}

TEST(bad_header_size)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o);
	put16(o.b + 2, 12);
	CHECK(parse(&o, 256, &h) == TBF_BAD_HEADER_SIZE);
	CHECK(h.total_size == 256); /* the loader can still skip the object */
	good_app(&o);
	put16(o.b + 2, 300);
	CHECK(parse(&o, 256, &h) == TBF_BAD_HEADER_SIZE);
	CHECK(h.total_size == 256);
}

TEST(too_short)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o);
	CHECK(parse(&o, 255, &h) == TBF_TOO_SHORT);
	CHECK(parse(&o, 8, &h) == TBF_TOO_SHORT);
}

TEST(bad_checksum)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o);
	o.b[40] ^= 1;
	CHECK(parse(&o, 256, &h) == TBF_BAD_CHECKSUM);
	good_app(&o);
	o.b[12] ^= 0x80;
	CHECK(parse(&o, 256, &h) == TBF_BAD_CHECKSUM);
}

TEST(padding_object)
{
	uint8_t p[64] = {0};
	struct tbf_header h;
	tbf_make_padding(p, 64);
	CHECK(tbf_parse(p, 64, &h) == TBF_OK);
	CHECK(h.is_padding && h.total_size == 64 && h.header_size == 16 && h.flags == 0);
	struct tbf_footer f;
	uint32_t cur = 0;
	CHECK(tbf_next_footer(p, &h, &cur, &f) == TBF_END);
}

/* ---- TLVs ---- */

TEST(truncated_tlv)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o);
	/* The last TLV (kernel version, 4 bytes) claims 8: runs past header_size. */
	put16(o.b + o.len - 6, 8);
	fix_checksum(&o);
	CHECK(parse(&o, 256, &h) == TBF_BAD_TLV);
	/* A header that ends in the middle of a T/L word. */
	good_app(&o);
	put16(o.b + 2, (uint16_t)(o.len + 2));
	fix_checksum(&o);
	CHECK(parse(&o, 256, &h) == TBF_BAD_TLV);
	/* Value fits but its padding to 4 would not. */
	start(&o);
	tlv_program(&o, 0, 0, 0, 64, 0);
	tlv(&o, TBF_TLV_PACKAGE_NAME, "abcde", 5); /* padded to 8 */
	finish(&o, 256);
	put16(o.b + 2, (uint16_t)(o.len - 2));
	fix_checksum(&o);
	CHECK(parse(&o, 256, &h) == TBF_BAD_TLV);
}

TEST(bad_main_length)
{
	struct obj o;
	struct tbf_header h;
	uint8_t v[8] = {0};
	start(&o);
	tlv(&o, TBF_TLV_MAIN, v, 8);
	finish(&o, 128);
	CHECK(parse(&o, 128, &h) == TBF_BAD_MAIN);
	/* A second, malformed Main after a good one is ignored (first wins). */
	start(&o);
	tlv_main(&o, 0, 0, 100);
	tlv(&o, TBF_TLV_MAIN, v, 8);
	finish(&o, 128);
	CHECK(parse(&o, 128, &h) == TBF_OK);
	CHECK(h.minimum_ram_size == 100 && h.binary_end_offset == 128 && h.app_version == 0);
}

TEST(bad_program_length)
{
	struct obj o;
	struct tbf_header h;
	uint8_t v[16] = {0};
	start(&o);
	tlv(&o, TBF_TLV_PROGRAM, v, 16);
	finish(&o, 128);
	CHECK(parse(&o, 128, &h) == TBF_BAD_PROGRAM);
}

TEST(program_preferred_first_wins)
{
	struct obj o;
	struct tbf_header h;
	start(&o);
	tlv_main(&o, 4, 0, 111);
	tlv_program(&o, 8, 0, 222, 100, 1);
	tlv_program(&o, 12, 0, 333, 120, 2);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(h.init_fn_offset == 8 && h.minimum_ram_size == 222 && h.binary_end_offset == 100);
	CHECK(h.app_version == 1);
}

TEST(program_offsets_checked)
{
	struct obj o;
	struct tbf_header h;
	start(&o);
	tlv_program(&o, 0, 0, 0, 300, 0); /* binary end past total size */
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_PROGRAM);
	start(&o);
	tlv_program(&o, 0, 1000, 0, 200, 0); /* trailer past total size */
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_TOTAL_SIZE);
	start(&o);
	tlv_program(&o, 0xFFFFFFF0u, 0, 0, 200, 0); /* entry far outside (and overflowing) */
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_PROGRAM);
	start(&o);
	tlv_program(&o, 0, 64, 0, 200, 0); /* entry inside the protected trailer */
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_PROGRAM);
	start(&o);
	tlv_main(&o, 0, 0xFFFFFFFFu, 0); /* Main trailer overflow */
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_TOTAL_SIZE);
	start(&o);
	tlv_main(&o, 300, 0, 0); /* Main entry past the end */
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_MAIN);
}

TEST(fixed_addresses)
{
	struct obj o;
	struct tbf_header h;
	uint8_t v[8];
	start(&o);
	tlv_program(&o, 0, 0, 0, 200, 0);
	put32(v, 0x80300000); put32(v + 4, 0x80100080);
	tlv(&o, TBF_TLV_FIXED_ADDRESSES, v, 8);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(h.has_fixed_addresses && h.fixed_ram == 0x80300000 && h.fixed_flash == 0x80100080);
	CHECK(tbf_check_fixed_flash(&h, 0x80100080 - tbf_protected_size(&h)) == TBF_OK);
	CHECK(tbf_check_fixed_flash(&h, 0x80100000) == TBF_BAD_FIXED_ADDRESSES);
	start(&o);
	tlv(&o, TBF_TLV_FIXED_ADDRESSES, v, 4);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_FIXED_ADDRESSES);
}

static void perm_entry(uint8_t *e, uint32_t driver, uint32_t offset, uint64_t mask)
{
	put32(e, driver); put32(e + 4, offset); put32(e + 8, (uint32_t)mask); put32(e + 12, (uint32_t)(mask >> 32));
}

TEST(permissions)
{
	struct obj o;
	struct tbf_header h;
	uint8_t v[2 + 3 * 16 + 2] = {0};
	good_app(&o);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(tbf_permits_command(&h, 1, 5) && tbf_lists_driver(&h, 77)); /* no TLV: all allowed */

	put16(v, 3);
	perm_entry(v + 2, 1, 0, 0x3);                      /* console commands 0, 1 */
	perm_entry(v + 18, 1, 1, (uint64_t)1 << 35);       /* console command 99 */
	perm_entry(v + 34, 0x40001, 0, (uint64_t)1 << 63); /* rng command 63 */
	start(&o);
	tlv_program(&o, 0, 0, 0, 200, 0);
	tlv(&o, TBF_TLV_PERMISSIONS, v, 2 + 3 * 16);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(h.permission_count == 3);
	CHECK(tbf_permits_command(&h, 1, 0) && tbf_permits_command(&h, 1, 1));
	CHECK(!tbf_permits_command(&h, 1, 2) && tbf_permits_command(&h, 1, 99));
	CHECK(!tbf_permits_command(&h, 1, 64) && !tbf_permits_command(&h, 1, 98));
	CHECK(tbf_permits_command(&h, 0x40001, 63) && !tbf_permits_command(&h, 0x40001, 31));
	CHECK(!tbf_permits_command(&h, 2, 0));
	CHECK(tbf_lists_driver(&h, 1) && tbf_lists_driver(&h, 0x40001) && !tbf_lists_driver(&h, 0));

	put16(v, 4); /* count says 4, only 3 present */
	start(&o);
	tlv_program(&o, 0, 0, 0, 200, 0);
	tlv(&o, TBF_TLV_PERMISSIONS, v, 2 + 3 * 16);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_PERMISSIONS);
	start(&o);
	tlv(&o, TBF_TLV_PERMISSIONS, v, 1);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_PERMISSIONS);
}

TEST(storage_permissions)
{
	struct obj o;
	struct tbf_header h;
	uint8_t v[4 + 2 + 4 * 9 + 2 + 4 * 9] = {0};
	put32(v, 7);
	put16(v + 4, 2); put32(v + 6, 10); put32(v + 10, 11);
	put16(v + 14, 1); put32(v + 16, 12);
	start(&o);
	tlv_program(&o, 0, 0, 0, 200, 0);
	tlv(&o, TBF_TLV_STORAGE_PERMISSIONS, v, 20);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(h.has_storage && h.storage_write_id == 7);
	CHECK(h.storage_read_count == 2 && h.storage_read_ids[1] == 11);
	CHECK(h.storage_modify_count == 1 && h.storage_modify_ids[0] == 12);
	/* Nine read ids: more than the kernel accepts. */
	put16(v + 4, 9);
	put16(v + 6 + 36, 0);
	start(&o);
	tlv(&o, TBF_TLV_STORAGE_PERMISSIONS, v, 4 + 2 + 36 + 2);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_STORAGE);
	/* Counts that do not add up to the TLV length. */
	put16(v + 4, 2);
	start(&o);
	tlv(&o, TBF_TLV_STORAGE_PERMISSIONS, v, 24);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_STORAGE);
}

TEST(kernel_version)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o); /* asks for ^2.3 */
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(tbf_check_kernel_version(&h, 2, 3) == TBF_OK);
	CHECK(tbf_check_kernel_version(&h, 2, 9) == TBF_OK);
	CHECK(tbf_check_kernel_version(&h, 2, 2) == TBF_BAD_KERNEL_VERSION);
	CHECK(tbf_check_kernel_version(&h, 3, 3) == TBF_BAD_KERNEL_VERSION);
	start(&o);
	tlv_program(&o, 0, 0, 0, 200, 0);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(tbf_check_kernel_version(&h, 2, 3) == TBF_BAD_KERNEL_VERSION); /* missing */
	uint8_t kv[8] = {0};
	start(&o);
	tlv(&o, TBF_TLV_KERNEL_VERSION, kv, 8);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_KERNEL_VERSION);
}

TEST(unknown_tlvs_wfr_shortid_name)
{
	struct obj o;
	struct tbf_header h;
	uint8_t junk[10] = {9, 9, 9}, w1[8], w2[16], sid[4];
	put32(w1, 100); put32(w1 + 4, 8);
	put32(w2, 120); put32(w2 + 4, 4); put32(w2 + 8, 130); put32(w2 + 12, 4);
	put32(sid, 0x1234);
	start(&o);
	tlv(&o, 0x8123, junk, 10);
	tlv(&o, TBF_TLV_PIC_OPTION_1, junk, 10);
	tlv_program(&o, 0, 0, 0, 200, 0);
	tlv(&o, TBF_TLV_WRITEABLE_FLASH_REGIONS, w1, 8);
	tlv(&o, TBF_TLV_WRITEABLE_FLASH_REGIONS, w2, 16);
	tlv(&o, TBF_TLV_SHORT_ID, sid, 4);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	uint32_t off, size;
	CHECK(h.wfr_count == 2 && tbf_wfr(&h, 1, &off, &size) && off == 130 && size == 4);
	CHECK(!tbf_wfr(&h, 2, &off, &size));
	CHECK(h.has_short_id && h.short_id == 0x1234);
	start(&o);
	tlv(&o, TBF_TLV_WRITEABLE_FLASH_REGIONS, w2, 12);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_WFR);
	put32(w1, 250); /* region past the binary end */
	start(&o);
	tlv_program(&o, 0, 0, 0, 200, 0);
	tlv(&o, TBF_TLV_WRITEABLE_FLASH_REGIONS, w1, 8);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_WFR);
	start(&o);
	tlv(&o, TBF_TLV_SHORT_ID, sid, 2);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_SHORT_ID);
	start(&o);
	tlv(&o, TBF_TLV_PACKAGE_NAME, "\xc0\xaf", 2); /* overlong '/' */
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_BAD_PACKAGE_NAME);
	start(&o);
	tlv(&o, TBF_TLV_PACKAGE_NAME, "caf\xc3\xa9", 5);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_OK);
}

/* ---- footers ---- */

static void footer(uint8_t *p, uint32_t format, uint16_t len)
{
	put16(p, TBF_TLV_CREDENTIALS);
	put16(p + 2, len);
	put32(p + 4, format);
}

TEST(footer_walk)
{
	struct obj o;
	struct tbf_header h;
	struct tbf_footer f;
	uint32_t cur = 0;
	good_app(&o); /* binary end 200, total 256 */
	footer(o.b + 200, TBF_CRED_SHA256, 36);
	sha256(o.b, 200, o.b + 208);
	footer(o.b + 240, TBF_CRED_RESERVED, 12);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_OK);
	CHECK(f.format == TBF_CRED_SHA256 && f.len == 32 && f.offset == 200 && cur == 240);
	CHECK(tbf_sha256_matches(o.b, &h, &f));
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_OK);
	CHECK(f.format == TBF_CRED_RESERVED && f.len == 8 && cur == 256);
	CHECK(!tbf_sha256_matches(o.b, &h, &f));
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_END);
	o.b[100] ^= 1; /* integrity region changed: hash no longer matches */
	cur = 0;
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_OK && !tbf_sha256_matches(o.b, &h, &f));
}

TEST(bad_footer)
{
	struct obj o;
	struct tbf_header h;
	struct tbf_footer f;
	uint32_t cur = 0;
	good_app(&o);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	footer(o.b + 200, TBF_CRED_SHA256, 200); /* runs past total_size */
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_BAD_FOOTER);
	cur = 0;
	footer(o.b + 200, TBF_CRED_SHA256, 20); /* too short for a SHA-256 */
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_BAD_FOOTER);
	cur = 0;
	put16(o.b + 200, 3); /* not a credentials TLV */
	put16(o.b + 202, 8);
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_BAD_FOOTER);
	/* Fewer than 8 trailing bytes are raw padding, not a footer. */
	cur = 252;
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_END);
	/* Without a Program header there is no footer area. */
	start(&o);
	tlv_main(&o, 0, 0, 0);
	finish(&o, 256);
	CHECK(parse(&o, 256, &h) == TBF_OK);
	cur = 0;
	CHECK(tbf_next_footer(o.b, &h, &cur, &f) == TBF_END);
}

TEST(error_strings)
{
	for (int e = 0; e < TBF_ERROR_COUNT; e++) {
		const char *s = tbf_error_str((enum tbf_error)e);
		CHECK(s && strlen(s) > 1 && strcmp(s, "unknown TBF error"));
		for (int k = 0; k < e; k++)
			CHECK(strcmp(s, tbf_error_str((enum tbf_error)k)));
	}
	CHECK(!strcmp(tbf_error_str((enum tbf_error)999), "unknown TBF error"));
}

/* Every truncation of a good object is either an end, too short, or (never) a crash. */
TEST(every_truncation)
{
	struct obj o;
	struct tbf_header h;
	good_app(&o);
	for (size_t n = 0; n < 256; n++) {
		uint8_t *copy = malloc(n ? n : 1); /* exact size: ASan sees any overread */
		memcpy(copy, o.b, n);
		enum tbf_error e = tbf_parse(copy, n, &h);
		CHECK(e == (n < 8 ? TBF_END : TBF_TOO_SHORT));
		free(copy);
	}
}

/* ---- --walk: the kernel's scan loop over an image, printed ---- */

static int walk(const char *path, unsigned long base)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 2;
	}
	static uint8_t img[4 << 20];
	size_t len = fread(img, 1, sizeof img, f);
	fclose(f);
	size_t off = 0;
	while (off < len) {
		struct tbf_header h;
		uint8_t *copy = malloc(len - off); /* exact-size copy: ASan catches overreads */
		memcpy(copy, img + off, len - off);
		enum tbf_error e = tbf_parse(copy, len - off, &h);
		if (tbf_error_ends_list(e)) {
			printf("0x%08lx end: %s\n", base + off, e == TBF_END ? "end of list" : tbf_error_str(e));
			free(copy);
			break;
		}
		if (e != TBF_OK) {
			printf("0x%08lx skip %u bytes: %s\n", base + off, h.total_size, tbf_error_str(e));
		} else if (h.is_padding) {
			printf("0x%08lx padding %u\n", base + off, h.total_size);
		} else {
			uint32_t cur = 0, nf = 0, sha = 0;
			struct tbf_footer ft;
			while (tbf_next_footer(copy, &h, &cur, &ft) == TBF_OK) {
				nf++;
				sha += ft.format == TBF_CRED_SHA256 && tbf_sha256_matches(copy, &h, &ft);
			}
			/* A relocatable app (Tick's table) runs wherever its alignment allows. */
			struct reloc_table rt;
			enum reloc_error re = reloc_parse(copy, &h, &rt, NULL);
			struct reloc_place at = { (uint32_t)(base + off) + tbf_protected_size(&h), rt.ram_base };
			const char *where = re == RELOC_OK
				? (reloc_check_place(&rt, &at) == RELOC_OK ? "relocatable" : "MISALIGNED")
				: re != RELOC_NONE ? reloc_error_str(re)
				: tbf_check_fixed_flash(&h, (uint32_t)(base + off)) == TBF_OK ? "ok" : "WRONG";
			printf("0x%08lx app %.*s size %u entry 0x%08lx fixed %s ram 0x%08x footers %u "
			       "sha256-ok %u kernel %s\n",
			       base + off, (int)h.package_name_len, (const char *)h.package_name,
			       h.total_size, base + off + h.header_size + h.init_fn_offset, where,
			       h.fixed_ram, nf, sha,
			       tbf_check_kernel_version(&h, 2, 3) == TBF_OK ? "ok" : "incompatible");
		}
		free(copy);
		off += h.total_size;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "--walk"))
		return walk(argv[2], argc >= 4 ? strtoul(argv[3], NULL, 0) : 0);

	static const struct {
		const char *name;
		void (*fn)(int *);
	} tests[] = {
#define T(n) {#n, n}
		T(sha256_vectors), T(sha256_split_updates), T(parse_good_app), T(end_of_list_bad_version),
		T(end_of_list_tiny_total), T(bad_header_size), T(too_short), T(bad_checksum),
		T(padding_object), T(truncated_tlv), T(bad_main_length), T(bad_program_length),
		T(program_preferred_first_wins), T(program_offsets_checked), T(fixed_addresses),
		T(permissions), T(storage_permissions), T(kernel_version), T(unknown_tlvs_wfr_shortid_name),
		T(footer_walk), T(bad_footer), T(error_strings), T(every_truncation),
#undef T
	};
	printf("1..%zu\n", sizeof tests / sizeof tests[0]);
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		int okv = 1;
		current = tests[i].name;
		tests[i].fn(&okv);
		printf("%sok %zu - %s\n", okv ? "" : "not ", i + 1, tests[i].name);
		failures += !okv;
	}
	return failures ? 1 : 0;
}
