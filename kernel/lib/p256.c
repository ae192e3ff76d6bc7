/* ECDSA P-256 verification in freestanding C11: Montgomery arithmetic on 8x32-bit limbs, Jacobian points. */
#include <tick/p256.h>
#include <tick/sha256.h>

/*
 * Numbers are 256-bit, little-endian arrays of eight 32-bit limbs. Field elements (mod p)
 * and scalars (mod n) use the same Montgomery code with a different modulus; only public
 * data is processed, so nothing here tries to be constant time. Products are 32x32->64
 * multiplications, which rv32imac does inline (mul/mulhu), so no libgcc helper is needed.
 */
#define LIMBS 8

typedef uint32_t num[LIMBS];

struct modulus {
	num m;
	uint32_t m0inv;  /* -m^-1 mod 2^32 */
	num r2;          /* R^2 mod m, R = 2^256 */
	num one;         /* R mod m: 1 in Montgomery form */
};

struct point {
	num x, y, z;     /* Jacobian, Montgomery form; z == 0 is the point at infinity */
};

static const num P = {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0x00000000,
		      0x00000000, 0x00000000, 0x00000001, 0xFFFFFFFF};
static const num N = {0xFC632551, 0xF3B9CAC2, 0xA7179E84, 0xBCE6FAAD,
		      0xFFFFFFFF, 0xFFFFFFFF, 0x00000000, 0xFFFFFFFF};
static const num B = {0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0,
		      0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8};
static const num GX = {0xD898C296, 0xF4A13945, 0x2DEB33A0, 0x77037D81,
		       0x63A440F2, 0xF8BCE6E5, 0xE12C4247, 0x6B17D1F2};
static const num GY = {0x37BF51F5, 0xCBB64068, 0x6B315ECE, 0x2BCE3357,
		       0x7C0F9E16, 0x8EE7EB4A, 0xFE1A7F9B, 0x4FE342E2};

static void copy(num r, const num a)
{
	for (int i = 0; i < LIMBS; i++)
		r[i] = a[i];
}

static void copy_point(struct point *r, const struct point *a)
{
	copy(r->x, a->x);
	copy(r->y, a->y);
	copy(r->z, a->z);
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

/* r = a + b, returns the carry out. */
static uint32_t add(num r, const num a, const num b)
{
	uint64_t c = 0;
	for (int i = 0; i < LIMBS; i++) {
		c += (uint64_t)a[i] + b[i];
		r[i] = (uint32_t)c;
		c >>= 32;
	}
	return (uint32_t)c;
}

/* r = a - b, returns the borrow out (1 when a < b). */
static uint32_t sub(num r, const num a, const num b)
{
	uint64_t borrow = 0;
	for (int i = 0; i < LIMBS; i++) {
		uint64_t d = (uint64_t)a[i] - b[i] - borrow;
		r[i] = (uint32_t)d;
		borrow = (d >> 32) & 1;
	}
	return (uint32_t)borrow;
}

/* Modular add/sub for inputs already reduced below m. */
static void mod_add(num r, const num a, const num b, const struct modulus *m)
{
	uint32_t carry = add(r, a, b);
	if (carry || compare(r, m->m) >= 0)
		sub(r, r, m->m);
}

static void mod_sub(num r, const num a, const num b, const struct modulus *m)
{
	if (sub(r, a, b))
		add(r, r, m->m);
}

/* Montgomery product r = a * b * R^-1 mod m (CIOS). r may alias a or b. */
static void mont_mul(num r, const num a, const num b, const struct modulus *m)
{
	uint32_t t[LIMBS + 2];

	for (int i = 0; i < LIMBS + 2; i++)
		t[i] = 0;

	for (int i = 0; i < LIMBS; i++) {
		uint64_t c = 0;
		for (int j = 0; j < LIMBS; j++) {
			c += (uint64_t)t[j] + (uint64_t)a[j] * b[i];
			t[j] = (uint32_t)c;
			c >>= 32;
		}
		c += t[LIMBS];
		t[LIMBS] = (uint32_t)c;
		t[LIMBS + 1] = (uint32_t)(c >> 32);

		uint32_t q = t[0] * m->m0inv;
		c = (uint64_t)t[0] + (uint64_t)q * m->m[0];
		c >>= 32;
		for (int j = 1; j < LIMBS; j++) {
			c += (uint64_t)t[j] + (uint64_t)q * m->m[j];
			t[j - 1] = (uint32_t)c;
			c >>= 32;
		}
		c += t[LIMBS];
		t[LIMBS - 1] = (uint32_t)c;
		t[LIMBS] = t[LIMBS + 1] + (uint32_t)(c >> 32);
	}
	num res;
	for (int i = 0; i < LIMBS; i++)
		res[i] = t[i];
	if (t[LIMBS] || compare(res, m->m) >= 0)
		sub(res, res, m->m);
	copy(r, res);
}

static void mont_sqr(num r, const num a, const struct modulus *m)
{
	mont_mul(r, a, a, m);
}

/* Sets up Montgomery constants for modulus mod (odd, top limb nonzero). */
static void modulus_init(struct modulus *m, const num mod)
{
	copy(m->m, mod);
	/* Newton iteration for mod[0]^-1 mod 2^32: each step doubles the correct bits. */
	uint32_t inv = 1;
	for (int i = 0; i < 5; i++)
		inv *= 2u - mod[0] * inv;
	m->m0inv = (uint32_t)0 - inv;
	/* R mod m = 2^256 - m (m > 2^255), then R^2 = R doubled 256 more times. */
	num zero;
	set_word(zero, 0);
	sub(m->one, zero, mod);
	copy(m->r2, m->one);
	for (int i = 0; i < 256; i++)
		mod_add(m->r2, m->r2, m->r2, m);
}

static void to_mont(num r, const num a, const struct modulus *m)
{
	mont_mul(r, a, m->r2, m);
}

static void from_mont(num r, const num a, const struct modulus *m)
{
	num one;
	set_word(one, 1);
	mont_mul(r, a, one, m);
}

/* r = a^(m-2) = a^-1 (Fermat; m is prime), Montgomery form in and out. */
static void mont_inv(num r, const num a, const struct modulus *m)
{
	num e, acc;
	num two;
	set_word(two, 2);
	sub(e, m->m, two);
	copy(acc, m->one);
	for (int i = 255; i >= 0; i--) {
		mont_sqr(acc, acc, m);
		if ((e[i / 32] >> (i % 32)) & 1)
			mont_mul(acc, acc, a, m);
	}
	copy(r, acc);
}

static void from_bytes(num r, const uint8_t b[32])
{
	for (int i = 0; i < LIMBS; i++) {
		const uint8_t *p = b + 28 - 4 * i;
		r[i] = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	}
}

/* ---- curve points (field elements in Montgomery form mod p) ---- */

static void point_double(struct point *r, const struct point *a, const struct modulus *fp)
{
	num delta, gamma, beta, alpha, t1, t2;

	if (is_zero(a->z) || is_zero(a->y)) {
		set_word(r->z, 0);
		return;
	}
	mont_sqr(delta, a->z, fp);
	mont_sqr(gamma, a->y, fp);
	mont_mul(beta, a->x, gamma, fp);
	mod_sub(t1, a->x, delta, fp);
	mod_add(t2, a->x, delta, fp);
	mont_mul(alpha, t1, t2, fp);
	mod_add(t1, alpha, alpha, fp);
	mod_add(alpha, alpha, t1, fp);           /* alpha = 3 (x - delta)(x + delta) */
	/* z3 = (y + z)^2 - gamma - delta (computed before x, y are overwritten) */
	mod_add(t1, a->y, a->z, fp);
	mont_sqr(t1, t1, fp);
	mod_sub(t1, t1, gamma, fp);
	mod_sub(r->z, t1, delta, fp);
	/* x3 = alpha^2 - 8 beta */
	mod_add(beta, beta, beta, fp);
	mod_add(beta, beta, beta, fp);           /* 4 beta */
	mont_sqr(t1, alpha, fp);
	mod_add(t2, beta, beta, fp);
	mod_sub(r->x, t1, t2, fp);
	/* y3 = alpha (4 beta - x3) - 8 gamma^2 */
	mod_sub(t1, beta, r->x, fp);
	mont_mul(t1, alpha, t1, fp);
	mont_sqr(gamma, gamma, fp);
	mod_add(gamma, gamma, gamma, fp);
	mod_add(gamma, gamma, gamma, fp);
	mod_add(gamma, gamma, gamma, fp);
	mod_sub(r->y, t1, gamma, fp);
}

static void point_add(struct point *r, const struct point *a, const struct point *b,
		      const struct modulus *fp)
{
	num z1z1, z2z2, u1, u2, s1, s2, h, rr, hh, hhh, t;

	/* Explicit copies, not struct assignment: freestanding builds have no memcpy. */
	if (is_zero(a->z)) {
		copy_point(r, b);
		return;
	}
	if (is_zero(b->z)) {
		copy_point(r, a);
		return;
	}
	mont_sqr(z1z1, a->z, fp);
	mont_sqr(z2z2, b->z, fp);
	mont_mul(u1, a->x, z2z2, fp);
	mont_mul(u2, b->x, z1z1, fp);
	mont_mul(s1, a->y, b->z, fp);
	mont_mul(s1, s1, z2z2, fp);
	mont_mul(s2, b->y, a->z, fp);
	mont_mul(s2, s2, z1z1, fp);
	if (equal(u1, u2)) {
		if (equal(s1, s2))
			point_double(r, a, fp);
		else
			set_word(r->z, 0);
		return;
	}
	mod_sub(h, u2, u1, fp);
	mod_sub(rr, s2, s1, fp);
	mont_sqr(hh, h, fp);
	mont_mul(hhh, hh, h, fp);
	mont_mul(u1, u1, hh, fp);                /* u1 h^2 */
	mont_mul(t, a->z, b->z, fp);
	mont_mul(r->z, t, h, fp);
	mont_sqr(t, rr, fp);
	mod_sub(t, t, hhh, fp);
	mod_sub(t, t, u1, fp);
	mod_sub(r->x, t, u1, fp);                /* x3 = r^2 - h^3 - 2 u1 h^2 */
	mod_sub(t, u1, r->x, fp);
	mont_mul(t, rr, t, fp);
	mont_mul(s1, s1, hhh, fp);
	mod_sub(r->y, t, s1, fp);                /* y3 = r (u1 h^2 - x3) - s1 h^3 */
}

/* Affine (x, y) in normal form -> Jacobian Montgomery point; false if not on the curve. */
static bool load_point(struct point *pt, const num x, const num y, const struct modulus *fp)
{
	num lhs, rhs, t, b;

	if (compare(x, fp->m) >= 0 || compare(y, fp->m) >= 0)
		return false;
	to_mont(pt->x, x, fp);
	to_mont(pt->y, y, fp);
	copy(pt->z, fp->one);
	/* y^2 == x^3 - 3x + b */
	mont_sqr(lhs, pt->y, fp);
	mont_sqr(rhs, pt->x, fp);
	mont_mul(rhs, rhs, pt->x, fp);
	mod_add(t, pt->x, pt->x, fp);
	mod_add(t, t, pt->x, fp);
	mod_sub(rhs, rhs, t, fp);
	to_mont(b, B, fp);
	mod_add(rhs, rhs, b, fp);
	return equal(lhs, rhs);
}

bool p256_point_valid(const uint8_t pubkey[64])
{
	struct modulus fp;
	struct point q;
	num x, y;

	modulus_init(&fp, P);
	from_bytes(x, pubkey);
	from_bytes(y, pubkey + 32);
	return load_point(&q, x, y, &fp);
}

static bool bit(const num a, int i)
{
	return (a[i / 32] >> (i % 32)) & 1;
}

bool p256_ecdsa_verify(const uint8_t pubkey[64], const uint8_t hash[32], const uint8_t sig[64])
{
	struct modulus fp, fn;
	struct point q, g, gq, acc;
	num x, y, r, s, e, w, u1, u2;

	modulus_init(&fp, P);
	modulus_init(&fn, N);
	from_bytes(x, pubkey);
	from_bytes(y, pubkey + 32);
	if (!load_point(&q, x, y, &fp))
		return false;
	from_bytes(r, sig);
	from_bytes(s, sig + 32);
	if (is_zero(r) || is_zero(s) || compare(r, N) >= 0 || compare(s, N) >= 0)
		return false;
	/* e = hash as an integer mod n (n has 256 bits, so no truncation). */
	from_bytes(e, hash);
	if (compare(e, N) >= 0)
		sub(e, e, N);

	/* w = s^-1; u1 = e w; u2 = r w (all mod n). */
	to_mont(w, s, &fn);
	mont_inv(w, w, &fn);
	to_mont(u1, e, &fn);
	mont_mul(u1, u1, w, &fn);
	from_mont(u1, u1, &fn);
	to_mont(u2, r, &fn);
	mont_mul(u2, u2, w, &fn);
	from_mont(u2, u2, &fn);

	/* acc = u1 G + u2 Q by simultaneous double-and-add (Shamir's trick). */
	if (!load_point(&g, GX, GY, &fp))
		return false;
	point_add(&gq, &g, &q, &fp);
	set_word(acc.x, 0);
	set_word(acc.y, 0);
	set_word(acc.z, 0);
	for (int i = 255; i >= 0; i--) {
		point_double(&acc, &acc, &fp);
		bool b1 = bit(u1, i), b2 = bit(u2, i);
		if (b1 && b2)
			point_add(&acc, &acc, &gq, &fp);
		else if (b1)
			point_add(&acc, &acc, &g, &fp);
		else if (b2)
			point_add(&acc, &acc, &q, &fp);
	}
	if (is_zero(acc.z))
		return false;

	/* Affine x = X / Z^2, back to normal form, reduced mod n, must equal r. */
	num zinv;
	mont_sqr(zinv, acc.z, &fp);
	mont_inv(zinv, zinv, &fp);
	mont_mul(x, acc.x, zinv, &fp);
	from_mont(x, x, &fp);
	if (compare(x, N) >= 0)
		sub(x, x, N);
	return equal(x, r);
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
