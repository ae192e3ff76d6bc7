/* ECDSA P-256 verification in freestanding C11: NIST fast reduction, Jacobian points, signed windows. */
#include <tick/p256.h>
#include <tick/sha256.h>

/*
 * Numbers are 256-bit, little-endian arrays of eight 32-bit limbs. Products are 32x32->64
 * multiplications, which rv32imac does inline (mul/mulhu); 64-bit values are only added and
 * shifted by 32, so no libgcc helper is needed. Only public data is processed, so nothing
 * here tries to be constant time.
 *
 * Field elements (mod p) are kept "loosely reduced": any 256-bit value congruent to the
 * element, so additions and products skip the comparison with p; the few equality tests
 * account for it. Products are reduced with p's special form (FIPS 186-4 D.2.3): a few dozen
 * additions instead of a second multiplication pass. u1 G + u2 Q is one chain of doublings
 * into which both scalars add odd multiples (a fixed table for G, four points on the stack
 * for Q), and the result is compared with r without inverting its z. The scalar side (mod n)
 * is one binary-Euclid division and two Montgomery products. The hot loops are unrolled;
 * the rest is written for size.
 */
#define LIMBS 8

typedef uint32_t num[LIMBS];

struct point {
	num x, y, z;     /* Jacobian: (x/z^2, y/z^3); z == 0 (mod p) is the point at infinity */
};

struct affine {
	num x, y;
};

static const num P = {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000,
		      0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF};
static const num N = {0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD,
		      0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF};
/* -n^-1 mod 2^256, for Montgomery reduction mod n. */
static const num N_NEG_INV = {0xEE00BC4F, 0xCCD1C8AA, 0x7D74D2E4, 0x48C94408,
			      0xC588C6F6, 0x50FE77EC, 0xA9D6281C, 0x60D06633};
static const num ONE = {1};
static const num B = {0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0,
		      0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8};

/*
 * Window widths: digits are odd and below 2^(w-1) in magnitude, one per w + 1 bits on
 * average, added from a table of 2^(w-2) odd multiples. G's table is in flash (8 affine
 * points, 512 bytes: twice that would save only 2% of the time); Q's is built on the stack
 * (4 Jacobian points, 384 bytes).
 */
#define G_WINDOW 5
#define Q_WINDOW 4

/*
 * G, 3G, ..., 15G, affine. Computed once with exact integer arithmetic (affine double and
 * add mod p, in Python); a wrong entry would make most signatures fail tests/unit/test_p256.c.
 */
static const struct affine G_ODD[8] = {
	/* 1G */
	{{0xD898C296, 0xF4A13945, 0x2DEB33A0, 0x77037D81,
	  0x63A440F2, 0xF8BCE6E5, 0xE12C4247, 0x6B17D1F2},
	 {0x37BF51F5, 0xCBB64068, 0x6B315ECE, 0x2BCE3357,
	  0x7C0F9E16, 0x8EE7EB4A, 0xFE1A7F9B, 0x4FE342E2}},
	/* 3G */
	{{0xC6E7FD6C, 0xFB41661B, 0xEFADA985, 0xE6C6B721,
	  0x1D4BF165, 0xC8F7EF95, 0xA6330A44, 0x5ECBE4D1},
	 {0xA27D5032, 0x9A79B127, 0x384FB83D, 0xD82AB036,
	  0x1A64A2EC, 0x374B06CE, 0x4998FF7E, 0x8734640C}},
	/* 5G */
	{{0xC3D033ED, 0x21554A0D, 0x1F5BE524, 0xEF8C82FD,
	  0x08668FDF, 0xD784C856, 0x515140D2, 0x51590B7A},
	 {0xFDA16DA4, 0xD1D0BB44, 0xD4D80888, 0x0D012F00,
	  0xBF8A7926, 0x8AE1BF36, 0x904A727D, 0xE0C17DA8}},
	/* 7G */
	{{0x3187B2A3, 0x30062870, 0xA80FEF5B, 0x7EF9F8B8,
	  0x7C01FB60, 0x25BB3066, 0xA0BF7B46, 0x8E533B6F},
	 {0xC1F400B4, 0xC55E1A86, 0xCB041B21, 0x53C73633,
	  0xA6F59000, 0x6D069F83, 0xE0331836, 0x73EB1DBD}},
	/* 9G */
	{{0x90949EE0, 0xD79E8A4B, 0x2C6DF8B3, 0x9E0ACB8C,
	  0x1D71F872, 0x878938D5, 0xFEDF0B71, 0xEA68D7B6},
	 {0x4DD048FA, 0xE85A224A, 0xA4DE823F, 0x4D714FEA,
	  0x4A8EA0C8, 0x87014A96, 0x72C9FCE7, 0x2A2744C9}},
	/* 11G */
	{{0x74BC21D1, 0x433391D3, 0x255048BF, 0x16742ED0,
	  0xB0C21CDA, 0x0638379D, 0x883B4C59, 0x3ED113B7},
	 {0xE82A3740, 0xE2F8EEFC, 0x5E9889DA, 0x090D04DA,
	  0xA4F4C68A, 0x24C843AF, 0xCCC4C8A2, 0x9099209A}},
	/* 13G */
	{{0x46072C01, 0x98E15D9D, 0x65EAD58A, 0x792E284B,
	  0xD85EE2FC, 0x61805DF2, 0xE0AC495A, 0x177C837A},
	 {0xEFC7BFD8, 0x9C43BBE2, 0xA1FB4DF3, 0x26EE14C3,
	  0xB40F4E72, 0xA24091AD, 0x4EBEA558, 0x63BB58CD}},
	/* 15G */
	{{0xE59B9D5F, 0x63668C63, 0xDE3A0EF1, 0xAE03AF92,
	  0x99888265, 0xADFB3789, 0x971ABAE7, 0xF0454DC6},
	 {0x0D034F36, 0x47E59CDE, 0x75B5FA3F, 0x2A3B21CE,
	  0x1F9643E6, 0x4E6594E5, 0x592E2D1F, 0xB5B93EE3}},
};

/* ---- plain 256-bit numbers ---- */

static void copy(num r, const num a)
{
	for (int i = 0; i < LIMBS; i++)
		r[i] = a[i];
}

static void set_word(num r, uint32_t w)
{
	r[0] = w;
	for (int i = 1; i < LIMBS; i++)
		r[i] = 0;
}

static bool is_zero(const num a)
{
	uint32_t acc = 0;
	for (int i = 0; i < LIMBS; i++)
		acc |= a[i];
	return acc == 0;
}

static bool equal(const num a, const num b)
{
	uint32_t acc = 0;
	for (int i = 0; i < LIMBS; i++)
		acc |= a[i] ^ b[i];
	return acc == 0;
}

/* -1, 0, 1 as a <, ==, > b. */
static int compare(const num a, const num b)
{
	for (int i = LIMBS - 1; i >= 0; i--) {
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	}
	return 0;
}

/* Adds top 2^256 to r, mod p (below): add_or_sub needs it for field additions. */
static void fold(num r, int32_t top);

/*
 * r = a + b when neg = 0, r = a + ~b + 1 = a - b + 2^256 when neg = 1; returns the carry out.
 * With mod_p, r is instead a + b or a - b loosely mod p: the carry out, less the 2^256 of
 * a subtraction, is folded back in. Unrolled: these are frequent.
 */
static uint32_t add_or_sub(num r, const num a, const num b, uint32_t neg, bool mod_p)
{
	uint32_t mask = 0 - neg, carry = neg;
#pragma GCC unroll 8
	for (int i = 0; i < LIMBS; i++) {
		uint32_t x = a[i], s = x + (b[i] ^ mask);
		uint32_t c = s < x;
		s += carry;
		carry = c | (s < carry);
		r[i] = s;
	}
	if (mod_p && carry != neg)
		fold(r, (int32_t)carry - (int32_t)neg);
	return carry;
}

/* r = a + b, returns the carry out. */
static uint32_t add(num r, const num a, const num b)
{
	return add_or_sub(r, a, b, 0, false);
}

/* r = a - b, returns the borrow out (1 when a < b). */
static uint32_t sub(num r, const num a, const num b)
{
	return 1 - add_or_sub(r, a, b, 1, false);
}

/* r = (r + carry 2^256) / 2. */
static void shift_right1(num r, uint32_t carry)
{
#pragma GCC unroll 8
	for (int i = LIMBS - 1; i >= 0; i--) {
		uint32_t w = r[i];
		r[i] = w >> 1 | carry << 31;
		carry = w & 1;
	}
}

/*
 * t = a * b, 512 bits, schoolbook by rows of partial products, two rows (b[i], b[i+1]) per
 * pass: each word of t is then loaded and stored once for two products, not for each.
 */
static void mul_wide(uint32_t *restrict t, const uint32_t *restrict a, const uint32_t *restrict b)
{
	for (int i = 0; i < LIMBS; i++)
		t[i] = 0;
	for (int i = 0; i < LIMBS; i += 2) {
		uint32_t *ti = t + i, b0 = b[i], b1 = b[i + 1], c0 = 0, c1 = 0;
		uint64_t x;
#pragma GCC unroll 8
		for (int j = 0; j < LIMBS; j++) {
			/* Word i + j gets a[j] b0 (row i) and a[j - 1] b1 (row i + 1). */
			x = (uint64_t)a[j] * b0 + ti[j] + c0;
			c0 = (uint32_t)(x >> 32);
			if (j > 0) {
				x = (uint64_t)a[j - 1] * b1 + (uint32_t)x + c1;
				c1 = (uint32_t)(x >> 32);
			}
			ti[j] = (uint32_t)x;
		}
		x = (uint64_t)a[LIMBS - 1] * b1 + c0 + c1;
		ti[LIMBS] = (uint32_t)x;
		ti[LIMBS + 1] = (uint32_t)(x >> 32);
	}
}

static void from_bytes(num r, const uint8_t b[32])
{
	for (int i = 0; i < LIMBS; i++) {
		const uint8_t *p = b + 28 - 4 * i;
		r[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	}
}

/* ---- the field mod p: loosely reduced values in and out; results may alias inputs ---- */

/* r = r + top 2^256 mod p, loosely, the slow way: take p off or add it on until the top is
 * gone. Each step moves r by p < 2^256, so it borrows or carries at least every second time. */
__attribute__((noinline)) static void fold_slow(num r, int32_t top)
{
	while (top > 0)
		top -= (int32_t)sub(r, r, P);
	while (top < 0)
		top += (int32_t)add(r, r, P);
}

/*
 * r = r + top 2^256 mod p, loosely, for a small signed top: 2^256 = 2^224 - 2^192 - 2^96 + 1
 * mod p, so top is added to words 0 and 7 and subtracted from words 3 and 6. Usually none
 * of those four words wraps and nothing else changes (for random-looking values one does
 * about once in 2^28; then the slow way above does it).
 */
static void fold(num r, int32_t top)
{
	if (top == 0)
		return;
	uint32_t v = (uint32_t)top;
	uint32_t n0 = r[0] + v, n3 = r[3] - v, n6 = r[6] - v, n7 = r[7] + v;
	if (top > 0 ? n0 > r[0] && n3 < r[3] && n6 < r[6] && n7 > r[7]
		    : n0 < r[0] && n3 > r[3] && n6 > r[6] && n7 < r[7]) {
		r[0] = n0;
		r[3] = n3;
		r[6] = n6;
		r[7] = n7;
		return;
	}
	fold_slow(r, top);
}

/*
 * r = t mod p, loosely (r < 2^256). With c0..c15 the limbs of t, FIPS 186-4 D.2.3 writes
 * t mod p as T + 2 S1 + 2 S2 + S3 + S4 - D1 - D2 - D3 - D4, nine 256-bit numbers made of
 * the limbs; summed here column by column in a signed 64-bit accumulator. What is left
 * above bit 255 (between -4 and 6) is folded back with 2^256 = 2^224 - 2^192 - 2^96 + 1.
 */
static void reduce(num r, const uint32_t c[2 * LIMBS])
{
	int64_t acc;
	const int64_t c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11];
	const int64_t c12 = c[12], c13 = c[13], c14 = c[14], c15 = c[15];

	acc = c[0] + c8 + c9 - c11 - c12 - c13 - c14;
	r[0] = (uint32_t)acc;
	acc = (acc >> 32) + c[1] + c9 + c10 - c12 - c13 - c14 - c15;
	r[1] = (uint32_t)acc;
	acc = (acc >> 32) + c[2] + c10 + c11 - c13 - c14 - c15;
	r[2] = (uint32_t)acc;
	acc = (acc >> 32) + c[3] + 2 * (c11 + c12) + c13 - c15 - c8 - c9;
	r[3] = (uint32_t)acc;
	acc = (acc >> 32) + c[4] + 2 * (c12 + c13) + c14 - c9 - c10;
	r[4] = (uint32_t)acc;
	acc = (acc >> 32) + c[5] + 2 * (c13 + c14) + c15 - c10 - c11;
	r[5] = (uint32_t)acc;
	acc = (acc >> 32) + c[6] + 3 * c14 + 2 * c15 + c13 - c8 - c9;
	r[6] = (uint32_t)acc;
	acc = (acc >> 32) + c[7] + 3 * c15 + c8 - c10 - c11 - c12 - c13;
	r[7] = (uint32_t)acc;
	fold(r, (int32_t)(acc >> 32));
}

static void fe_mul(num r, const num a, const num b)
{
	uint32_t t[2 * LIMBS];
	mul_wide(t, a, b);
	reduce(r, t);
}

/* Squares use the general product: a dedicated squaring saves little once rows are unrolled. */
static void fe_sqr(num r, const num a)
{
	fe_mul(r, a, a);
}

static void fe_add(num r, const num a, const num b)
{
	add_or_sub(r, a, b, 0, true);
}

static void fe_sub(num r, const num a, const num b)
{
	add_or_sub(r, a, b, 1, true);
}

/* r = k a for a small k, loosely mod p. */
static void fe_mul_small(num r, const num a, uint32_t k)
{
	uint32_t carry = 0;
	for (int i = 0; i < LIMBS; i++) {
		uint64_t x = (uint64_t)a[i] * k + carry;
		r[i] = (uint32_t)x;
		carry = (uint32_t)(x >> 32);
	}
	fold(r, carry);
}

/* x = x / 2 mod m (x < 2^256, m odd): add m first when x is odd. */
static void half_mod(num x, const num m)
{
	shift_right1(x, (x[0] & 1) ? add(x, x, m) : 0);
}

/* True when a == 0 mod p: a loosely reduced value is below 2p, so 0 and p are the only zeros. */
static bool fe_is_zero(const num a)
{
	return is_zero(a) || equal(a, P);
}

static bool fe_equal(const num a, const num b)
{
	num d;
	fe_sub(d, a, b);
	return fe_is_zero(d);
}

/* ---- scalars mod n ---- */

/*
 * r = t / 2^256 mod n for t < n 2^256 (Montgomery reduction): q = t (-n^-1) mod 2^256 makes
 * t + q n a multiple of 2^256. Done with two full products; it runs twice per signature.
 */
static void mont_reduce_n(num r, const uint32_t t[2 * LIMBS])
{
	uint32_t q[2 * LIMBS], qn[2 * LIMBS];

	mul_wide(q, t, N_NEG_INV);
	mul_wide(qn, q, N);
	/* The low halves of t and q n sum to 0 or 2^256: a carry exactly when t's is nonzero. */
	uint32_t carry = add(r, t + LIMBS, qn + LIMBS);
	if (!is_zero(t))
		carry += add(r, r, ONE);
	if (carry || compare(r, N) >= 0)
		sub(r, r, N);
}

static void sub_mod(num r, const num a, const num b, const num m)
{
	if (sub(r, a, b))
		add(r, r, m);
}

static bool is_one(const num a)
{
	uint32_t acc = a[0] ^ 1;
	for (int i = 1; i < LIMBS; i++)
		acc |= a[i];
	return acc == 0;
}

/*
 * r = b / a mod m, for m an odd prime, 0 < a < m and b < m: binary extended Euclid, which
 * needs only shifts and subtractions (far cheaper here than a^(m-2) by multiplications).
 * Keeps x[i] a == b u[i] (mod m) while u[0] = a and u[1] = m shrink to gcd(a, m) = 1: the
 * larger loses the smaller, which leaves it even, then is halved until odd.
 */
static void div_mod(num r, const num b, const num a, const num m)
{
	num u[2], x[2];
	int k = 0;

	copy(u[0], a);
	copy(u[1], m);
	copy(x[0], b);
	set_word(x[1], 0);
	for (;;) {
		while (!(u[k][0] & 1)) {
			shift_right1(u[k], 0);
			half_mod(x[k], m);
		}
		if (is_one(u[k]))
			break;
		/* Both odd and unequal (a 1 would have ended it): the larger loses the smaller. */
		k = compare(u[0], u[1]) > 0 ? 0 : 1;
		sub(u[k], u[k], u[1 - k]);
		sub_mod(x[k], x[k], x[1 - k], m);
	}
	copy(r, x[k]);
}

/* ---- curve points ---- */

/*
 * r = 2a (r may alias a). dbl-2001-b of the Explicit-Formulas Database (a = -3), with the
 * result scaled by 1/2 (x by 1/4, y by 1/8, z by 1/2: the same point) to drop its factors of
 * 2, 4 and 8 for one halving: with alpha = 3 (x - z^2)(x + z^2) / 2 and beta = x y^2,
 * x3 = alpha^2 - 2 beta, y3 = alpha (beta - x3) - y^4, z3 = y z.
 */
static void point_double(struct point *r, const struct point *a)
{
	num delta, gamma, beta, alpha, t;

	if (fe_is_zero(a->z)) {
		set_word(r->z, 0);
		return;
	}
	fe_sqr(delta, a->z);
	fe_sqr(gamma, a->y);
	fe_mul(beta, a->x, gamma);
	fe_sub(t, a->x, delta);
	fe_add(alpha, a->x, delta);
	fe_mul(alpha, t, alpha);
	fe_mul_small(alpha, alpha, 3);
	half_mod(alpha, P);
	/* Before x and y are overwritten. (A point with y == 0 would have order 2; P-256 has
	 * none, and z3 would come out 0 anyway.) */
	fe_mul(r->z, a->y, a->z);
	fe_sqr(t, alpha);
	fe_sub(t, t, beta);
	fe_sub(r->x, t, beta);
	fe_sub(t, beta, r->x);
	fe_mul(t, alpha, t);
	fe_sqr(gamma, gamma);
	fe_sub(r->y, t, gamma);
}

/*
 * r = a + b (r may alias a, not b), where b is (bx, by, bz), or affine (bx, by, 1) when bz
 * is NULL, and is negated first when neg is set. The affine case saves 5 of 16 products.
 */
static void point_add(struct point *r, const struct point *a, const uint32_t *bx,
		      const uint32_t *by, const uint32_t *bz, bool neg)
{
	num z1z1, u1, s1, h, rr, t;

	if (neg) {
		set_word(s1, 0);
		fe_sub(s1, s1, by);
		by = s1;
	}
	if (fe_is_zero(a->z)) {
		copy(r->x, bx);
		copy(r->y, by);
		copy(r->z, bz ? bz : ONE);
		return;
	}
	fe_sqr(z1z1, a->z);
	fe_mul(h, bx, z1z1);                     /* u2 = bx z1^2 */
	fe_mul(rr, by, a->z);
	fe_mul(rr, rr, z1z1);                    /* s2 = by z1^3 */
	if (bz) {
		fe_sqr(t, bz);
		fe_mul(u1, a->x, t);                 /* u1 = ax bz^2 */
		fe_mul(s1, a->y, bz);
		fe_mul(s1, s1, t);                   /* s1 = ay bz^3 */
	} else {
		copy(u1, a->x);
		copy(s1, a->y);
	}
	fe_sub(h, h, u1);
	fe_sub(rr, rr, s1);
	if (fe_is_zero(h)) {
		/* Same x: either b == a (double it) or b == -a (the sum is infinity). */
		if (fe_is_zero(rr))
			point_double(r, a);
		else
			set_word(r->z, 0);
		return;
	}
	fe_mul(r->z, a->z, h);
	if (bz)
		fe_mul(r->z, r->z, bz);
	fe_sqr(z1z1, h);                         /* h^2 */
	fe_mul(u1, u1, z1z1);                    /* u1 h^2 */
	fe_mul(z1z1, z1z1, h);                   /* h^3 */
	fe_mul(s1, s1, z1z1);                    /* s1 h^3 */
	/* x3 = rr^2 - h^3 - 2 u1 h^2 */
	fe_sqr(t, rr);
	fe_sub(t, t, z1z1);
	fe_sub(t, t, u1);
	fe_sub(r->x, t, u1);
	/* y3 = rr (u1 h^2 - x3) - s1 h^3 */
	fe_sub(t, u1, r->x);
	fe_mul(t, rr, t);
	fe_sub(r->y, t, s1);
}

/* True when x, y < p and y^2 == x^3 - 3x + b. */
static bool on_curve(const num x, const num y)
{
	num lhs, rhs;

	if (compare(x, P) >= 0 || compare(y, P) >= 0)
		return false;
	fe_sqr(rhs, x);
	fe_mul(rhs, rhs, x);
	fe_mul_small(lhs, x, 3);
	fe_sub(rhs, rhs, lhs);
	fe_sqr(lhs, y);
	fe_add(rhs, rhs, B);
	return fe_equal(lhs, rhs);
}

bool p256_point_valid(const uint8_t pubkey[64])
{
	num x, y;

	from_bytes(x, pubkey);
	from_bytes(y, pubkey + 32);
	return on_curve(x, y);
}

/* ---- scalar digits and the verification ---- */

/* Signed digit i of k = sum of (k[i-1] - k[i]) 2^i over i = 0..256 (bits outside k are 0). */
static int mof_digit(const num k, int i)
{
	int lower = i > 0 ? (int)(k[(i - 1) / 32] >> ((i - 1) % 32)) & 1 : 0;
	int here = i < 256 ? (int)(k[i / 32] >> (i % 32)) & 1 : 0;
	return lower - here;
}

/*
 * Next digit of k at or below bit *pos, from the top, in the wMOF form of Okeya,
 * Schmidt-Samoa, Spahn and Takagi (CRYPTO 2004): the signed digits of mof_digit grouped into
 * windows of at most w that start and end on a nonzero one. A window's value is odd and
 * below 2^(w-1) in magnitude, and there is one per w + 1 bits on average, as with a width-w
 * NAF; unlike a NAF, this is computed from the top, so the digits need no array. Returns the
 * digit and sets *pos to its bit position, or returns 0 with *pos < 0 when k has no digits
 * left.
 */
static int next_digit(const num k, int *pos, int w)
{
	int i = *pos, j, d = 0;

	while (i >= 0 && mof_digit(k, i) == 0)
		i--;
	if (i < 0) {
		*pos = -1;
		return 0;
	}
	for (j = i - w + 1 < 0 ? 0 : i - w + 1; mof_digit(k, j) == 0; j++)
		;
	for (int t = i; t >= j; t--)
		d = 2 * d + mof_digit(k, t);
	*pos = j;
	return d;
}

bool p256_ecdsa_verify(const uint8_t pubkey[64], const uint8_t hash[32], const uint8_t sig[64])
{
	struct point q[1 << (Q_WINDOW - 2)], acc;  /* q[i] = (2i + 1) Q */
	num r, s, u1, u2;
	uint32_t t[2 * LIMBS];

	from_bytes(q[0].x, pubkey);
	from_bytes(q[0].y, pubkey + 32);
	if (!on_curve(q[0].x, q[0].y))
		return false;
	from_bytes(r, sig);
	from_bytes(s, sig + 32);
	if (is_zero(r) || is_zero(s) || compare(r, N) >= 0 || compare(s, N) >= 0)
		return false;
	/* e = hash as an integer mod n (n has 256 bits, so no truncation). */
	from_bytes(u1, hash);
	if (compare(u1, N) >= 0)
		sub(u1, u1, N);

	/* w = 2^256 / s mod n, then u1 = e s^-1 = e w / 2^256 and u2 = r s^-1 by Montgomery
	 * reduction, which divides by 2^256 on the way. */
	set_word(u2, 0);
	sub(u2, u2, N);                          /* 2^256 mod n = 2^256 - n */
	div_mod(s, u2, s, N);
	mul_wide(t, u1, s);
	mont_reduce_n(u1, t);
	mul_wide(t, r, s);
	mont_reduce_n(u2, t);

	/* Odd multiples of Q: 2Q, then 2Q + Q (Q is still affine), 2Q + 3Q, 2Q + 5Q. */
	copy(q[0].z, ONE);
	point_double(&acc, &q[0]);
	for (int i = 1; i < 1 << (Q_WINDOW - 2); i++)
		point_add(&q[i], &acc, q[i - 1].x, q[i - 1].y, i == 1 ? NULL : q[i - 1].z, false);

	/* acc = u1 G + u2 Q: one shared chain of doublings, each scalar adding its digits. */
	int gpos = 256, qpos = 256;
	int gd = next_digit(u1, &gpos, G_WINDOW), qd = next_digit(u2, &qpos, Q_WINDOW);
	set_word(acc.z, 0);
	for (int i = gpos > qpos ? gpos : qpos; i >= 0; i--) {
		point_double(&acc, &acc);
		if (i == gpos) {
			const struct affine *g = &G_ODD[(gd < 0 ? -gd : gd) / 2];
			point_add(&acc, &acc, g->x, g->y, NULL, gd < 0);
			gpos--;
			gd = next_digit(u1, &gpos, G_WINDOW);
		}
		if (i == qpos) {
			const struct point *b = &q[(qd < 0 ? -qd : qd) / 2];
			point_add(&acc, &acc, b->x, b->y, b->z, qd < 0);
			qpos--;
			qd = next_digit(u2, &qpos, Q_WINDOW);
		}
	}
	if (fe_is_zero(acc.z))
		return false;

	/*
	 * The affine x = X / Z^2 (in [0, p)) must be r or r + n mod n: x == r, or x == r + n
	 * when that is below p. Checked as X == r Z^2, which needs no inversion.
	 */
	fe_sqr(s, acc.z);
	for (;;) {
		fe_mul(u1, r, s);
		if (fe_equal(u1, acc.x))
			return true;
		/* Then r + n, if below p (r + 2n never is). */
		if (add(r, r, N) || compare(r, P) >= 0)
			return false;
	}
}

bool tbf_ecdsa_p256_matches(const uint8_t *tbf, const struct tbf_header *h,
			    const struct tbf_footer *f, const uint8_t pubkey[64])
{
	uint8_t digest[SHA256_DIGEST_SIZE];

	if (f->format != TBF_CRED_ECDSA_P256 || f->len < 64 || h->binary_end_offset > h->total_size)
		return false;
	sha256(tbf, h->binary_end_offset, digest);
	return p256_ecdsa_verify(pubkey, digest, f->data);
}
