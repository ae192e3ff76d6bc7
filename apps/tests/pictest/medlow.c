/* pictest, the medlow half: code built with -mcmodel=medlow, as picolibc is, takes addresses with lui/addi and jumps through tables of absolute addresses. */
#include <stdint.h>

extern int counter;
static const char *const animals[] = { "cat", "dog", "owl", "emu" };
static volatile int noise;

/* Absolute addresses: lui/addi of a RAM and a flash symbol. */
int *medlow_counter(void) { return &counter; }
const char *const *medlow_animals(void) { return animals; }

/* A jump table of absolute code addresses in read-only data. */
__attribute__((noinline)) int medlow_classify(int k)
{
	switch (k) {
	case 0: noise = 1; return 100;
	case 1: noise = 2; return animals[1][0];
	case 2: noise += k; return 300;
	case 3: return (int)(uintptr_t)animals[k] & 0;
	case 4: noise = k * 7; return 500;
	case 5: noise ^= 5; return 600 + k;
	case 6: return counter * 0 + 700;
	case 7: noise = -k; return 800;
	case 8: noise = k << 3; return 900;
	default: return -1;
	}
}
