/* pictest: checks every kind of address a relocatable app holds (function pointers in data, jump tables, string tables, vtables, pointers to pointers, printf) wherever it was placed. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <tick.h>

/* Each check compares an address the relocation table fixed (a pointer stored in data or
 * read-only data, or a lui/addi pair in picolibc) with the same address computed by
 * pc-relative code, which is right wherever the app runs. */

static unsigned checks, failed;
static uintptr_t flash_lo, flash_hi, ram_lo, ram_hi;

static void check(int ok, const char *what)
{
	checks++;
	if (!ok) {
		failed++;
		printf("pictest: FAIL %s\n", what);
	}
}

static int in_flash(const void *p) { return (uintptr_t)p >= flash_lo && (uintptr_t)p < flash_hi; }
static int in_ram(const void *p) { return (uintptr_t)p >= ram_lo && (uintptr_t)p < ram_hi; }

/* Where a read-only table of pointers lives: in flash when the kernel relocates the app (rv32),
 * in RAM when its own crt0 does (Arm PIC: the compiler puts it in .data.rel.ro, fixed up with
 * the rest of the data). */
#if defined(__arm__)
#define in_relro in_ram
#else
#define in_relro in_flash
#endif

/* Function pointers in initialised data (RAM, copied from flash by crt0). */
static int add1(int x) { return x + 1; }
static int dbl(int x) { return 2 * x; }
static int neg(int x) { return -x; }
int (*ops[3])(int) = { add1, dbl, neg };

/* A vtable-like struct of function pointers, in read-only data (flash). */
struct shape_ops {
	const char *name;
	int (*area)(int);
	int (*sides)(void);
};
static int square_area(int a) { return a * a; }
static int square_sides(void) { return 4; }
static int tri_area(int a) { return a * a / 2; }
static int tri_sides(void) { return 3; }
static const struct shape_ops shapes[] = {
	{ "square", square_area, square_sides },
	{ "triangle", tri_area, tri_sides },
};

/* A string table (flash pointers in flash) and one in RAM. */
static const char *const weekdays[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
const char *colours[] = { "red", "green", "blue" };

/* Pointers to read-only data and to data, from data; a pointer to a pointer. */
static const char banner[] = "relocated";
const char *banner_ptr = banner;
int counter = 41;
int *counter_ptr = &counter;
int **counter_pp = &counter_ptr;
int *const const_counter_ptr = &counter;     /* a RAM address held in flash */
static char buffer[32];                      /* .bss */
char *buffer_end = buffer + sizeof buffer;   /* a pointer past the end of an object */
const char *const *weekdays_ptr = &weekdays[6];

/* medlow.c: built with -mcmodel=medlow. */
int *medlow_counter(void);
const char *const *medlow_animals(void);
int medlow_classify(int k);

/* A weak function nobody defines: its address stays 0 wherever the app is. */
extern void pictest_absent(void) __attribute__((weak));

/* A switch dense enough, and with cases different enough, for a jump table (not a lookup). */
static volatile int sink;
static __attribute__((noinline)) int classify(int k)
{
	switch (k) {
	case 0: sink = 1; return add1(k) + 9;
	case 1: sink = 2; return dbl(k) * 3;
	case 2: sink += k; return 32;
	case 3: return neg(k) + 46;
	case 4: sink = k * 7; return 54;
	case 5: sink ^= 5; return dbl(k) + 55;
	case 6: return add1(k) * 11 - 1;
	case 7: sink = -k; return 87;
	case 8: sink = k << 3; return neg(-98);
	case 9: return sink & 0;
	default: return -1;
	}
}

int main(void)
{
	flash_lo = tick_memop_value(TICK_MEMOP_FLASH_START);
	flash_hi = tick_memop_value(TICK_MEMOP_FLASH_END);
	ram_lo = tick_memop_value(TICK_MEMOP_RAM_START);
	ram_hi = tick_memop_value(TICK_MEMOP_RAM_END);
	printf("pictest: flash 0x%08x ram 0x%08x\n", (unsigned)flash_lo, (unsigned)ram_lo);

	/* Function pointers in data. */
	check(ops[0] == add1 && ops[1] == dbl && ops[2] == neg, "function pointers in data");
	check(ops[0](1) + ops[1](2) + ops[2](3) == 3, "calls through function pointers in data");
	check(in_flash((const void *)(uintptr_t)ops[1]), "function pointer inside own flash");

	/* Jump table. */
	int sum = 0;
	for (int k = -1; k <= 10; k++)
		sum += classify(k);
	check(sum == 10 + 6 + 32 + 43 + 54 + 65 + 76 + 87 + 98 + 0 - 2, "switch jump table");

	/* The same from code built with -mcmodel=medlow (absolute lui/addi, absolute tables). */
	sum = 0;
	for (int k = -1; k <= 9; k++)
		sum += medlow_classify(k);
	check(sum == 100 + 'd' + 300 + 0 + 500 + 605 + 700 + 800 + 900 - 2, "medlow jump table");
	check(medlow_counter() == &counter, "medlow lui/addi of a RAM address");
	check(strcmp(medlow_animals()[2], "owl") == 0 && in_relro(medlow_animals()), "medlow lui/addi of a flash address");

	/* Vtable-like structs. */
	check(shapes[0].area == square_area && shapes[1].sides == tri_sides, "vtable pointers");
	check(shapes[0].area(3) == 9 && shapes[1].area(4) == 8 &&
	      shapes[0].sides() + shapes[1].sides() == 7, "calls through a vtable");
	check(strcmp(shapes[1].name, "triangle") == 0 && in_flash(shapes[1].name), "vtable name");

	/* String tables. */
	check(strcmp(weekdays[2], "wed") == 0 && strcmp(weekdays[6], "sun") == 0, "string table in flash");
	check(strcmp(colours[1], "green") == 0 && in_flash(colours[1]), "string table in RAM");
	check(*weekdays_ptr == weekdays[6] && in_relro(weekdays_ptr), "pointer into a string table");

	/* Pointers to read-only data and to data. */
	check(banner_ptr == banner && in_flash(banner_ptr), "pointer to read-only data");
	check(strcmp(banner_ptr, "relocated") == 0, "read-only data through a pointer");
	check(counter_ptr == &counter && in_ram(counter_ptr), "pointer to data");
	check(*counter_pp == &counter && **counter_pp == 41, "pointer to a pointer");
	**counter_pp += 1;
	check(counter == 42 && *const_counter_ptr == 42, "writes through relocated pointers");
	check(const_counter_ptr == &counter, "RAM address held in flash");
	check(buffer_end == buffer + sizeof buffer && in_ram(buffer_end - 1), "pointer past an object");

	/* An absent weak function stays absent. Not on Arm yet: its GOT word (0) is fixed up like
	 * any RAM address by crt0, as libtock-c's does (docs/porting.md, "Not done yet"). */
#if !defined(__arm__)
	check(pictest_absent == 0, "absent weak function is 0");
#endif

	/* picolibc: printf with strings, numbers and pointers; snprintf into RAM; errno (TLS). */
	int n = snprintf(buffer, sizeof buffer, "%s-%d-%x-%c", weekdays[4], -12, 0xbeef, 'z');
	check(n == 14 && strcmp(buffer, "fri--12-beef-z") == 0, "snprintf");
	errno = 0;
	errno = EDOM;
	check(errno == EDOM, "errno in thread-local storage");
	printf("pictest: %s %s %d %p\n", banner_ptr, shapes[0].name, shapes[0].area(5), (void *)counter_ptr);

	printf("pictest: %u checks, %u failed\n", checks, failed);
	return (int)failed;
}
