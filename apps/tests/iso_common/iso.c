/* Isolation test app: prints what it is about to do, then does one forbidden thing (ISO_CASE). */
#include <stdint.h>
#include <stdio.h>
#include <tick/syscall.h>

#define STR2(x) #x
#define STR(x) STR2(x)

static volatile uint32_t sink;

static __attribute__((unused)) uint32_t memop(uint32_t op)
{
	return tick_memop(op, 0).value;
}

/* Recurses until the stack runs off the bottom of the process's RAM (the depth test only
 * keeps the compiler from calling it infinite recursion). */
static void __attribute__((noinline, unused)) recurse(unsigned depth)
{
	volatile uint8_t frame[256];
	frame[0] = (uint8_t)depth;
	if (depth < 0x7fffffffu)
		recurse(depth + 1);
	sink = frame[0];
}

int main(void)
{
	printf("iso: " STR(ISO_CASE) " start\n");
	fflush(stdout);
#if defined(ISO_KERNEL_READ)
	sink = *(volatile uint32_t *)0x80000000u;          /* kernel text */
#elif defined(ISO_KERNEL_WRITE)
	*(volatile uint32_t *)0x80200000u = 0xdeadbeef;     /* kernel data */
#elif defined(ISO_OTHER_APP)
	/* RAM of another libtock-c slot than our own; the scenario runs an app there. */
	uint32_t other = memop(2) == 0x80310000u ? 0x80300000u : 0x80310000u;
	sink = *(volatile uint32_t *)other;
#elif defined(ISO_GRANT)
	sink = *(volatile uint32_t *)memop(6);               /* our own grant region */
#elif defined(ISO_DEVICE)
	sink = *(volatile uint8_t *)0x10000005u;            /* UART line status register */
#elif defined(ISO_EXEC_RAM)
	static uint32_t code[1] = { 0x00008067u };          /* ret, in our own RAM */
	((void (*)(void))(uintptr_t)code)();
#elif defined(ISO_STACK_OVERFLOW)
	recurse(0);
#elif defined(ISO_ILLEGAL)
	__asm__ volatile(".word 0");                         /* defined illegal instruction */
#elif defined(ISO_CSR)
	uint32_t v;
	__asm__ volatile("csrr %0, mstatus" : "=r"(v));     /* M-mode CSR from U-mode */
	sink = v;
#else
#error "set ISO_CASE"
#endif
	printf("iso: " STR(ISO_CASE) " NOT FAULTED\n");
	return 1;
}
