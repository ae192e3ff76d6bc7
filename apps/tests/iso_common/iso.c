/* Isolation test app: prints what it is about to do, then does one forbidden thing (ISO_CASE). */
#include <stdint.h>
#include <stdio.h>
#include <tick/syscall.h>

#define STR2(x) #x
#define STR(x) STR2(x)

static volatile uint32_t sink;

/* What is forbidden where: the kernel's text and data, a device register, another slot. */
#if defined(__arm__)
#define KERNEL_TEXT 0x00001000u      /* qemu_mps2_an386: kernel text from 0 */
#define KERNEL_DATA 0x20000000u
#define DEVICE_REG 0x40004004u       /* CMSDK UART0 state register */
#else
#define KERNEL_TEXT 0x80000000u
#define KERNEL_DATA 0x80200000u
#define DEVICE_REG 0x10000005u       /* UART line status register */
#endif

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
	sink = *(volatile uint32_t *)KERNEL_TEXT;
#elif defined(ISO_KERNEL_WRITE)
	*(volatile uint32_t *)KERNEL_DATA = 0xdeadbeef;
#elif defined(ISO_OTHER_APP)
#if defined(__arm__)
	/* Apps are placed at run time: the first byte past our block (memop 3: RAM end) is
	 * another app's RAM or no one's; the scenario runs an app beside us. */
	sink = *(volatile uint32_t *)memop(3);
#else
	/* RAM of another libtock-c slot than our own; the scenario runs an app there. */
	uint32_t other = memop(2) == 0x80310000u ? 0x80300000u : 0x80310000u;
	sink = *(volatile uint32_t *)other;
#endif
#elif defined(ISO_GRANT)
	sink = *(volatile uint32_t *)memop(6);               /* our own grant region */
#elif defined(ISO_DEVICE)
	sink = *(volatile uint8_t *)DEVICE_REG;
#elif defined(ISO_EXEC_RAM)
#if defined(__arm__)
	static uint16_t code[2] = { 0x4770u, 0x4770u };     /* bx lr, in our own RAM */
	((void (*)(void))((uintptr_t)code | 1u))();         /* | 1: Thumb */
#else
	static uint32_t code[1] = { 0x00008067u };          /* ret, in our own RAM */
	((void (*)(void))(uintptr_t)code)();
#endif
#elif defined(ISO_STACK_OVERFLOW)
	recurse(0);
#elif defined(ISO_ILLEGAL)
#if defined(__arm__)
	__asm__ volatile("udf #0");                          /* permanently undefined */
#else
	__asm__ volatile(".word 0");                         /* defined illegal instruction */
#endif
#elif defined(ISO_CSR)
#if defined(__arm__)
	/* No CSRs: the nearest is the System Control Space, privileged only. */
	sink = *(volatile uint32_t *)0xE000ED04u;            /* ICSR */
#else
	uint32_t v;
	__asm__ volatile("csrr %0, mstatus" : "=r"(v));     /* M-mode CSR from U-mode */
	sink = v;
#endif
#else
#error "set ISO_CASE"
#endif
	printf("iso: " STR(ISO_CASE) " NOT FAULTED\n");
	return 1;
}
