/* Proof harness (Frama-C/WP): a process's ARMv7-M MPU image lets it reach exactly its flash (R/X) and its RAM below the break (R/W), under the PMSAv7 model in arch/cortex-m/cmpu.c. */
/* Compiled only by Frama-C (tests/verify/verify.mk): the sources under proof are included whole. */
#include "../../arch/cortex-m/cmpu.c"

/*
 * The per-process theorem for the ARMv7-M MPU, and cmpu_encode's proof, are proved with the
 * arithmetic lemmas of cmpu.c left out of their context (CMPU_PROOF_LEAN, set encode in
 * tests/verify/verify.mk): none of their goals needs them, and with them in the context the
 * provers time out on goals that prove in under a second without. The other sets of this
 * harness see cmpu.c whole and none of what follows.
 */
#ifdef CMPU_PROOF_LEAN
#include "../../kernel/mpu.c"

/*@
  // A process's memory map as the Arm kernel keeps it: memop keeps mem_start <= app_brk <=
  // kernel_brk <= mem_end, and the loader places the TBF and the RAM block apart. Nothing else
  // is assumed of the numbers: cmpu_encode checks alignment, order and overlap itself, and the
  // theorem holds whenever it returns CMPU_OK (the kernel panics when it does not).
  predicate layout(struct process *p) =
    p->mem_start <= p->app_brk <= p->kernel_brk <= p->mem_end &&
    (p->flash_end <= p->mem_start || p->mem_end <= p->flash_start);

  predicate in_flash(struct process *p, integer a) = p->flash_start <= a < p->flash_end;
  predicate in_ram(struct process *p, integer a) = p->mem_start <= a < p->app_brk;

  // In a block (it defines hw_gives and slots_give): only the goals that use those see these
  // lemmas (cmpu_encode's do not).
  axiomatic Top {
  // The model's answer for byte a (the highest-numbered matching region decides, hw_decides):
  // rights r.
  predicate hw_gives{L}(struct cmpu_image *m, integer a, integer r) =
    \exists integer s; hw_decides(m, s, a) && hw_region_rights(m->rasr[s]) == r;
  // Some region matches a, and every region that does gives rights r.
  predicate slots_give{L}(struct cmpu_image *m, integer a, integer r) =
    (\exists integer s; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) &&
    (\forall integer s; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a) ==>
       hw_region_rights(m->rasr[s]) == r);
  // Of the regions that match a byte at or above slot k, one is the highest-numbered: from k = 7
  // down, each from the one before (either a slot above k matches, or k is the highest).
  lemma top_from7{L}: \forall struct cmpu_image *m, integer a;
    (\exists integer s; 7 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) ==>
    hw_decides(m, 7, a);
  lemma top_from6{L}: \forall struct cmpu_image *m, integer a;
    (\exists integer s; 6 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) ==>
    hw_decides(m, 7, a) || hw_decides(m, 6, a);
  lemma top_from5{L}: \forall struct cmpu_image *m, integer a;
    (\exists integer s; 5 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) ==>
    hw_decides(m, 7, a) || hw_decides(m, 6, a) || hw_decides(m, 5, a);
  lemma top_from4{L}: \forall struct cmpu_image *m, integer a;
    (\exists integer s; 4 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) ==>
    hw_decides(m, 7, a) || hw_decides(m, 6, a) || hw_decides(m, 5, a) || hw_decides(m, 4, a);
  lemma top_from3{L}: \forall struct cmpu_image *m, integer a;
    (\exists integer s; 3 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) ==>
    hw_decides(m, 7, a) || hw_decides(m, 6, a) || hw_decides(m, 5, a) || hw_decides(m, 4, a) || hw_decides(m, 3, a);
  lemma top_from2{L}: \forall struct cmpu_image *m, integer a;
    (\exists integer s; 2 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) ==>
    hw_decides(m, 7, a) || hw_decides(m, 6, a) || hw_decides(m, 5, a) || hw_decides(m, 4, a) || hw_decides(m, 3, a) || hw_decides(m, 2, a);
  lemma top_from1{L}: \forall struct cmpu_image *m, integer a;
    (\exists integer s; 1 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) ==>
    hw_decides(m, 7, a) || hw_decides(m, 6, a) || hw_decides(m, 5, a) || hw_decides(m, 4, a) || hw_decides(m, 3, a) || hw_decides(m, 2, a) || hw_decides(m, 1, a);
  lemma top_from0{L}: \forall struct cmpu_image *m, integer a;
    (\exists integer s; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a)) ==>
    hw_decides(m, 7, a) || hw_decides(m, 6, a) || hw_decides(m, 5, a) || hw_decides(m, 4, a) || hw_decides(m, 3, a) || hw_decides(m, 2, a) || hw_decides(m, 1, a) || hw_decides(m, 0, a);
  // Of the regions that match a byte, one is the highest-numbered.
  lemma top_slot{L}: \forall struct cmpu_image *m, integer a, s;
    0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a) ==>
    hw_decides(m, 7, a) || hw_decides(m, 6, a) || hw_decides(m, 5, a) || hw_decides(m, 4, a) ||
    hw_decides(m, 3, a) || hw_decides(m, 2, a) || hw_decides(m, 1, a) || hw_decides(m, 0, a);
  // So when every matching region gives r, the model gives r.
  lemma slots_gives{L}: \forall struct cmpu_image *m, integer a, r; slots_give(m, a, r) ==> hw_gives(m, a, r);
  }
*/

/* The image the kernel computes for p (arch/cortex-m/mpu.c: its regions, encoded), read as
 * the slots that match each byte. */
/*@ requires \valid_read(p) && \valid(m) && \separated(p, m);
    assigns *m;
    ensures \result == CMPU_OK ==> \forall integer a; in_flash(p, a) ==> slots_give(m, a, MPU_R | MPU_X);
    ensures \result == CMPU_OK ==> \forall integer a; in_ram(p, a) ==> slots_give(m, a, MPU_R | MPU_W);
    ensures \forall integer a; !in_flash(p, a) && !in_ram(p, a) ==> hw_none(m, a); */
static enum cmpu_error encode_process(const struct process *p, struct cmpu_image *m)
{
	struct mpu_region r[MPU_MAX_REGIONS];
	unsigned n = mpu_process_regions(p, r);
	// The two regions, as cmpu_encode's contract names them.
	//@ assert flash: \forall integer a; in_flash(p, a) <==> grants(&r[0], 0, a);
	//@ assert ram: \forall integer a; in_ram(p, a) <==> grants(&r[0], 1, a);
	//@ assert rx: perms_of(&r[0], 0) == (MPU_R | MPU_X) && perms_of(&r[0], 1) == (MPU_R | MPU_W);
	//@ assert apart_ok: list_ok(&r[0], 2) ==> apart(&r[0], 1, 0);
	//@ assert one: list_ok(&r[0], 2) ==> \forall integer a; !(in_flash(p, a) && in_ram(p, a));
	enum cmpu_error e;
Before:
	e = cmpu_encode(r, n, m);
	// cmpu_encode's postconditions name the list as it was before the call (Before); p is
	// separate from *m.
	/*@ assert p_kept: p->flash_start == \at(p->flash_start, Before) && p->flash_end == \at(p->flash_end, Before) &&
	      p->mem_start == \at(p->mem_start, Before) && p->app_brk == \at(p->app_brk, Before); */
	//@ assert flash_b: \forall integer a; in_flash(p, a) <==> grants{Before}(&r[0], 0, a);
	//@ assert ram_b: \forall integer a; in_ram(p, a) <==> grants{Before}(&r[0], 1, a);
	//@ assert ok_list: e == CMPU_OK ==> !(\exists integer a; in_flash(p, a) && in_ram(p, a));
	/*@ assert owned_n: e == CMPU_OK ==> \forall integer s, a; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a) ==>
	      \exists integer i; 0 <= i < 2 && grants{Before}(&r[0], i, a) && hw_region_rights(m->rasr[s]) == perms_of{Before}(&r[0], i); */
	/*@ assert owned_01: e == CMPU_OK ==> \forall integer s, a; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a) ==>
	      (grants{Before}(&r[0], 0, a) && hw_region_rights(m->rasr[s]) == perms_of{Before}(&r[0], 0)) ||
	      (grants{Before}(&r[0], 1, a) && hw_region_rights(m->rasr[s]) == perms_of{Before}(&r[0], 1)); */
	/*@ assert owned_2: e == CMPU_OK ==> \forall integer s, a; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a) ==>
	      (in_flash(p, a) && hw_region_rights(m->rasr[s]) == (MPU_R | MPU_X)) ||
	      (in_ram(p, a) && hw_region_rights(m->rasr[s]) == (MPU_R | MPU_W)); */
	/*@ assert flash_rx: e == CMPU_OK ==> \forall integer s, a; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a) && in_flash(p, a) ==>
	      hw_region_rights(m->rasr[s]) == (MPU_R | MPU_X); */
	/*@ assert ram_rw: e == CMPU_OK ==> \forall integer s, a; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a) && in_ram(p, a) ==>
	      hw_region_rights(m->rasr[s]) == (MPU_R | MPU_W); */
	/*@ assert some: e == CMPU_OK ==> \forall integer a; in_flash(p, a) || in_ram(p, a) ==>
	      \exists integer s; 0 <= s < CMPU_REGIONS && hw_match(m->rbar[s], m->rasr[s], a); */
	/*@ assert none: e == CMPU_OK ==> \forall integer a; !in_flash(p, a) && !in_ram(p, a) ==> hw_none(m, a); */
	return e;
}

/* The theorem: for every process, when cmpu_encode accepts its regions (the kernel panics
 * otherwise), the hardware model gives every byte of its flash exactly R/X, every byte of its
 * RAM below the break exactly R/W, and matches no region at all for every other byte (the
 * grant region and kernel area above the break, the kernel, other processes, devices, the
 * rest of the address space): an unprivileged access there is denied. The last part holds
 * whatever encode returns (on an error every region is disabled). */
/*@ requires \valid_read(p) && \valid(m) && \separated(p, m);
    assigns *m;
    ensures \result == CMPU_OK ==> \forall integer a; in_flash(p, a) ==> hw_gives(m, a, MPU_R | MPU_X);
    ensures \result == CMPU_OK ==> \forall integer a; in_ram(p, a) ==> hw_gives(m, a, MPU_R | MPU_W);
    ensures \forall integer a; !in_flash(p, a) && !in_ram(p, a) ==> hw_none(m, a); */
enum cmpu_error mpu_process_image(const struct process *p, struct cmpu_image *m)
{
	return encode_process(p, m);
}

/* Corollaries, each from the theorem alone. */

/* Nothing of the process's own grant region and kernel area: [app_brk, mem_end). */
/*@ requires \valid_read(p) && layout(p) && \valid(m) && \separated(p, m);
    assigns *m;
    ensures \forall integer a; p->app_brk <= a < p->mem_end ==> hw_none(m, a); */
enum cmpu_error mpu_grant_region_denied(const struct process *p, struct cmpu_image *m)
{
	return mpu_process_image(p, m);
}

/* Nothing of another process q whose flash and RAM block the loader placed apart from p's. */
/*@ requires \valid_read(p) && layout(p) && \valid_read(q) && layout(q) && \valid(m);
    requires \separated(p, m) && \separated(q, m);
    requires q->flash_end <= p->flash_start || p->flash_end <= q->flash_start;
    requires q->mem_end <= p->mem_start || p->mem_end <= q->mem_start;
    requires q->flash_end <= p->mem_start || p->mem_end <= q->flash_start;
    requires q->mem_end <= p->flash_start || p->flash_end <= q->mem_start;
    assigns *m;
    ensures \forall integer a; (q->flash_start <= a < q->flash_end) || (q->mem_start <= a < q->mem_end) ==>
      hw_none(m, a); */
enum cmpu_error mpu_other_process_denied(const struct process *p, const struct process *q, struct cmpu_image *m)
{
	/*@ assert \forall integer a; (q->flash_start <= a < q->flash_end) || (q->mem_start <= a < q->mem_end) ==>
	      !in_flash(p, a) && !in_ram(p, a); */
	enum cmpu_error e = mpu_process_image(p, m);
	/*@ assert p->flash_start == \at(p->flash_start, Pre) && p->flash_end == \at(p->flash_end, Pre) &&
	      p->mem_start == \at(p->mem_start, Pre) && p->app_brk == \at(p->app_brk, Pre); */
	/*@ assert q->flash_start == \at(q->flash_start, Pre) && q->flash_end == \at(q->flash_end, Pre) &&
	      q->mem_start == \at(q->mem_start, Pre) && q->mem_end == \at(q->mem_end, Pre); */
	return e;
}

/* Nothing outside the process's flash and RAM block: the kernel's code, data and stack and
 * every device lie outside both (the board's memory map). */
/*@ requires \valid_read(p) && layout(p) && \valid(m) && \separated(p, m);
    assigns *m;
    ensures \forall integer a; !(p->flash_start <= a < p->flash_end) && !(p->mem_start <= a < p->mem_end) ==>
      hw_none(m, a); */
enum cmpu_error mpu_outside_denied(const struct process *p, struct cmpu_image *m)
{
	return mpu_process_image(p, m);
}
#endif
