/* Proof harness (Frama-C/WP): a process's PMP image lets it reach exactly its flash (R/X) and its RAM below the break (R/W). */
/* Compiled only by Frama-C (tests/verify/verify.mk): the sources under proof are included whole. */
#include "../../arch/rv32/pmp.c"
#include "../../kernel/mpu.c"

/*@
  // A process's memory map as the rv32 kernel makes it: the loader (kernel/loader.c) takes a
  // TBF whose start and total size are multiples of 4 (arch_mpu_flash_check) and at least 16
  // bytes, inside app flash; gives it an 8-aligned RAM block in app RAM, which does not overlap
  // flash; memop keeps mem_start <= app_brk <= kernel_brk <= mem_end, the break on a word
  // (arch_mpu_round_brk). Nothing else is assumed of the numbers.
  predicate layout(struct process *p) =
    p->flash_start % 4 == 0 && p->flash_end % 4 == 0 && p->flash_start < p->flash_end &&
    p->mem_start % 8 == 0 && p->app_brk % 4 == 0 &&
    p->mem_start <= p->app_brk <= p->kernel_brk <= p->mem_end &&
    (p->flash_end <= p->mem_start || p->mem_end <= p->flash_start);

  predicate in_flash(struct process *p, integer a) = p->flash_start <= a < p->flash_end;
  predicate in_ram(struct process *p, integer a) = p->mem_start <= a < p->app_brk;

  // Ground facts about the three pmpcfg bytes a process image holds (0 = OFF, 0x0D = TOR|R|X,
  // 0x0B = TOR|R|W), stated over a variable so that the provers can use them as rules.
  lemma cfg_off: \forall integer v; v == 0 ==> (v & PMP_A_MASK) != PMP_A_TOR;
  lemma cfg_rx: \forall integer v; v == (PMP_A_TOR | MPU_R | MPU_X) ==>
    (v & PMP_A_MASK) == PMP_A_TOR && (v & 1) == 1 && (v & 2) != 2 && (v & 4) == 4 &&
    (v & 3) != 3 && (v & 5) == 5 && (v & 6) != 6 && (v & 7) != 7;
  lemma cfg_rw: \forall integer v; v == (PMP_A_TOR | MPU_R | MPU_W) ==>
    (v & PMP_A_MASK) == PMP_A_TOR && (v & 1) == 1 && (v & 2) == 2 && (v & 4) != 4 &&
    (v & 3) == 3 && (v & 5) != 5 && (v & 6) != 6 && (v & 7) != 7;
  // Word-granular bounds: for a multiple of 4, comparing word indices is comparing addresses.
  lemma div4_le: \forall integer x, y; 0 <= x && 0 <= y && x % 4 == 0 ==> (x / 4 <= y / 4 <==> x <= y);
  lemma div4_lt: \forall integer x, y; 0 <= x && 0 <= y && x % 4 == 0 ==> (y / 4 < x / 4 <==> y < x);
  // The two instances of pmp_first_match_decides the theorem uses, and what a two-region list
  // needs to be valid: stated apart so that each proof step is one rule.
  lemma decides_1{L}: \forall struct pmp_config *c, integer w, acc;
    pmp_matches(c, 1, w) && pmp_none_below(c, 1, w) ==> (pmp_word_allows(c, w, acc) <==> (c->cfg[1] & acc) == acc);
  lemma decides_3{L}: \forall struct pmp_config *c, integer w, acc;
    pmp_matches(c, 3, w) && pmp_none_below(c, 3, w) ==> (pmp_word_allows(c, w, acc) <==> (c->cfg[3] & acc) == acc);
  lemma regions_ok_2{L}: \forall struct mpu_region *r;
    pmp_region_ok(r) && pmp_region_ok(r + 1) && !pmp_overlap(r + 1, r) ==> pmp_regions_ok(r, 2);
  // The rights of the two regions are valid pmpcfg rights. The bit facts first, over a variable
  // (Qed evaluates them; a ground form would be simplified away before a prover sees it), then
  // the predicate, which the provers unfold onto those facts.
  lemma bits_rx: \forall integer v; v == (MPU_R | MPU_X) ==> (v & 0xF8) == 0 && (v & PMP_W) == 0 && (v & PMP_R) != 0;
  lemma bits_rw: \forall integer v; v == (MPU_R | MPU_W) ==> (v & 0xF8) == 0 && (v & PMP_W) != 0 && (v & PMP_R) != 0;
  lemma perms_rx_ok: \forall integer v; v == (MPU_R | MPU_X) ==> pmp_perms_ok(v);
  lemma perms_rw_ok: \forall integer v; v == (MPU_R | MPU_W) ==> pmp_perms_ok(v);
*/

/* The PMP state while p runs: arch/rv32/mpu.c writes pmp_encode's pmpaddr0-3 and pmpcfg0; the
 * boot's pmp_hw_reset left entries 4-15 OFF. */
/*@ predicate loaded(struct pmp_config *c, struct process *p) =
      c->addr[0] == p->flash_start / 4 && c->addr[1] == p->flash_end / 4 &&
      c->addr[2] == p->mem_start / 4 && c->addr[3] == p->app_brk / 4 &&
      c->cfg[0] == 0 && c->cfg[1] == (PMP_A_TOR | MPU_R | MPU_X) &&
      c->cfg[2] == 0 && c->cfg[3] == (PMP_A_TOR | MPU_R | MPU_W) &&
      \forall integer j; PMP_CSR_ENTRIES <= j < PMP_MAX_ENTRIES ==> c->cfg[j] == 0; */

/* Read back as the hardware sees it. */
/*@ requires \valid_read(p) && layout(p) && \valid(c) && \separated(p, c);
    assigns *c;
    ensures loaded(c, p); */
static void loaded_pmp(const struct process *p, struct pmp_config *c)
{
	struct mpu_region r[MPU_MAX_REGIONS];
	unsigned n = mpu_process_regions(p, r);
	//@ assert pmp_region_ok(r + 0) && pmp_region_ok(r + 1) && !pmp_overlap(r + 1, r + 0);
	//@ assert pmp_regions_ok(r + 0, 2);
	struct pmp_csrs s;
	enum pmp_error e = pmp_encode(r, n, &s);
	//@ assert e == PMP_OK;
	clear(c);
	c->addr[0] = s.addr[0];
	c->addr[1] = s.addr[1];
	c->addr[2] = s.addr[2];
	c->addr[3] = s.addr[3];
	c->cfg[0] = (uint8_t)s.cfg0;
	c->cfg[1] = (uint8_t)(s.cfg0 >> 8);
	c->cfg[2] = (uint8_t)(s.cfg0 >> 16);
	c->cfg[3] = (uint8_t)(s.cfg0 >> 24);
	c->entries = PMP_CSR_ENTRIES;
	// loaded(c, p), a field at a time (one large goal is slow under load).
	//@ assert c->addr[0] == p->flash_start / 4 && c->addr[1] == p->flash_end / 4;
	//@ assert c->addr[2] == p->mem_start / 4 && c->addr[3] == p->app_brk / 4;
	//@ assert c->cfg[0] == 0 && c->cfg[1] == (PMP_A_TOR | MPU_R | MPU_X);
	//@ assert c->cfg[2] == 0 && c->cfg[3] == (PMP_A_TOR | MPU_R | MPU_W);
	//@ assert \forall integer j; PMP_CSR_ENTRIES <= j < PMP_MAX_ENTRIES ==> c->cfg[j] == 0;
}

/* The theorem: for every layout, byte address a and access kind (any non-empty combination of
 * R, W and X), the hardware model allows the access exactly when a is in the process's flash
 * and the access asks for no more than R/X, or a is in its RAM below the break and the access
 * asks for no more than R/W. Everything else (the grant region and kernel area above the
 * break, the kernel, other processes, devices, the rest of the address space) is denied.
 * Stated over a loaded configuration c (decide) so that every fact about c is about one
 * memory state, then for the configuration the kernel computes (process_may_access). */
/*@ requires \valid_read(p) && layout(p) && \valid_read(c) && loaded(c, p);
    requires 1 <= acc <= 7;
    assigns \nothing;
    behavior r:   assumes acc == MPU_R;         ensures \result <==> in_flash(p, a) || in_ram(p, a);
    behavior w:   assumes acc == MPU_W;         ensures \result <==> in_ram(p, a);
    behavior x:   assumes acc == MPU_X;         ensures \result <==> in_flash(p, a);
    behavior rw:  assumes acc == (MPU_R | MPU_W); ensures \result <==> in_ram(p, a);
    behavior rx:  assumes acc == (MPU_R | MPU_X); ensures \result <==> in_flash(p, a);
    behavior wx:  assumes acc == (MPU_W | MPU_X); ensures !\result;
    behavior rwx: assumes acc == (MPU_R | MPU_W | MPU_X); ensures !\result;
    complete behaviors;
    disjoint behaviors; */
static bool decide(const struct process *p, const struct pmp_config *c, uint32_t a, uint8_t acc)
{
	/*@ assert pmp_matches(c, 1, a / 4) <==> in_flash(p, a); */
	/*@ assert pmp_matches(c, 3, a / 4) <==> in_ram(p, a); */
	/*@ assert \forall integer j; 0 <= j < PMP_MAX_ENTRIES && j != 1 && j != 3 ==> !pmp_matches(c, j, a / 4); */
	/*@ assert in_ram(p, a) ==> !in_flash(p, a); */
	// Which entry decides the one word a touches: 1 in flash, 3 in RAM, none elsewhere.
	/*@ assert in_flash(p, a) ==> pmp_matches(c, 1, a / 4) && pmp_none_below(c, 1, a / 4); */
	/*@ assert in_ram(p, a) ==> pmp_matches(c, 3, a / 4) && pmp_none_below(c, 3, a / 4); */
	/*@ assert flash_if: in_flash(p, a) && (c->cfg[1] & acc) == acc ==> pmp_word_allows(c, a / 4, acc); */
	/*@ assert flash_only_if: in_flash(p, a) && pmp_word_allows(c, a / 4, acc) ==> (c->cfg[1] & acc) == acc; */
	/*@ assert ram_if: in_ram(p, a) && (c->cfg[3] & acc) == acc ==> pmp_word_allows(c, a / 4, acc); */
	/*@ assert ram_only_if: in_ram(p, a) && pmp_word_allows(c, a / 4, acc) ==> (c->cfg[3] & acc) == acc; */
	/*@ assert elsewhere: !in_flash(p, a) && !in_ram(p, a) ==> !pmp_word_allows(c, a / 4, acc); */
	/*@ assert one_word: pmp_range_allows(c, a, 1, acc) <==> pmp_word_allows(c, a / 4, acc); */
	return pmp_allows(c, a, 1, acc);
}

/*@ requires \valid_read(p) && layout(p);
    requires 1 <= acc <= 7;
    assigns \nothing;
    behavior r:   assumes acc == MPU_R;         ensures \result <==> in_flash(p, a) || in_ram(p, a);
    behavior w:   assumes acc == MPU_W;         ensures \result <==> in_ram(p, a);
    behavior x:   assumes acc == MPU_X;         ensures \result <==> in_flash(p, a);
    behavior rw:  assumes acc == (MPU_R | MPU_W); ensures \result <==> in_ram(p, a);
    behavior rx:  assumes acc == (MPU_R | MPU_X); ensures \result <==> in_flash(p, a);
    behavior wx:  assumes acc == (MPU_W | MPU_X); ensures !\result;
    behavior rwx: assumes acc == (MPU_R | MPU_W | MPU_X); ensures !\result;
    complete behaviors;
    disjoint behaviors; */
bool process_may_access(const struct process *p, uint32_t a, uint8_t acc)
{
	struct pmp_config c;
	loaded_pmp(p, &c);
	return decide(p, &c, a, acc);
}

/* Corollaries, each from the theorem alone. */

/* Nothing of the process's own grant region and kernel area: [app_brk, mem_end). */
/*@ requires \valid_read(p) && layout(p) && 1 <= acc <= 7;
    requires p->app_brk <= a < p->mem_end;
    assigns \nothing;
    ensures !\result; */
bool grant_region_denied(const struct process *p, uint32_t a, uint8_t acc)
{
	return process_may_access(p, a, acc);
}

/* Nothing of another process q whose flash and RAM block the loader placed apart from p's. */
/*@ requires \valid_read(p) && layout(p) && \valid_read(q) && layout(q) && 1 <= acc <= 7;
    requires q->flash_end <= p->flash_start || p->flash_end <= q->flash_start;
    requires q->mem_end <= p->mem_start || p->mem_end <= q->mem_start;
    requires q->flash_end <= p->mem_start || p->mem_end <= q->flash_start;
    requires q->mem_end <= p->flash_start || p->flash_end <= q->mem_start;
    requires (q->flash_start <= a < q->flash_end) || (q->mem_start <= a < q->mem_end);
    assigns \nothing;
    ensures !\result; */
bool other_process_denied(const struct process *p, const struct process *q, uint32_t a, uint8_t acc)
{
	return process_may_access(p, a, acc);
}

/* Nothing outside the process's flash and RAM block: the kernel's code, data and stack and
 * every device lie outside both (the board's memory map; checked by make test-memory-map). */
/*@ requires \valid_read(p) && layout(p) && 1 <= acc <= 7;
    requires !(p->flash_start <= a < p->flash_end) && !(p->mem_start <= a < p->mem_end);
    assigns \nothing;
    ensures !\result; */
bool outside_denied(const struct process *p, uint32_t a, uint8_t acc)
{
	return process_may_access(p, a, acc);
}
