/* qemu_rv32_virt board: wires the chips to the capsules and starts the kernel. */
#include <stdint.h>
#include <capsules/alarm.h>
#include <capsules/console.h>
#include <capsules/lldb.h>
#include <capsules/uart_mux.h>
#include <chips/clint.h>
#include <chips/plic.h>
#include <chips/uart16550.h>
#include <tick/config.h>
#include <tick/kernel.h>
#include <tick/klog.h>
#include <tick/process.h>
#include <tick/valarm.h>
#include <arch/pmp.h>

#define UART0_BASE 0x10000000u
#define UART0_IRQ 10
#define CLINT_BASE 0x02000000u
#define PLIC_BASE 0x0c000000u
#define TEST_FINISHER 0x00100000u
#define MTIME_HZ 10000000u

#define MIP_MTIP (1u << 7)
#define MIP_MEIP (1u << 11)

extern char _sapps[], _eapps[], _sappmem[], _eappmem[];
extern char _sdata[], _ebss[], _kernel_stack_top[];

static struct uart16550 uart0;
static struct uart console_uart = { &uart16550_ops, &uart0 };
static struct clint clint;
static const struct time_source timer = { &clint_time_ops, &clint, MTIME_HZ };
static struct console console;
static struct alarm_capsule alarm;

/* Grant slots: one per driver with per-process state. */
enum { GRANT_ALARM, GRANT_CONSOLE };

/* Sorted by driver number. */
const struct driver *const board_drivers[] = {
	&alarm.driver,
	&console.driver,
	&lldb_driver,
};
const unsigned board_driver_count = sizeof board_drivers / sizeof board_drivers[0];

uint32_t kernel_boot_instret;

static inline uint32_t read_mip(void)
{
	uint32_t v;
	__asm__ volatile("csrr %0, mip" : "=r"(v));
	return v;
}

void board_console_putc_blocking(char c)
{
	if (c == '\n')
		uart16550_ops.putc_blocking(&uart0, '\r');
	uart16550_ops.putc_blocking(&uart0, c);
}

bool board_interrupts_pending(void)
{
	return (read_mip() & (MIP_MTIP | MIP_MEIP)) != 0;
}

void board_service_interrupts(void)
{
	uint32_t mip = read_mip();
	if (mip & MIP_MTIP)
		valarm_service();
	if (mip & MIP_MEIP) {
		unsigned irq;
		while ((irq = plic_claim()) != 0) {
			if (irq == UART0_IRQ)
				uart16550_interrupt(&uart0);
			plic_complete(irq);
		}
	}
}

void board_halt(int code)
{
	volatile uint32_t *finisher = (volatile uint32_t *)TEST_FINISHER;
	*finisher = code == 0 ? 0x5555u : ((uint32_t)code << 16) | 0x3333u;
	for (;;)
		__asm__ volatile("wfi");
}

void board_main(void)
{
	__asm__ volatile("csrr %0, minstret" : "=r"(kernel_boot_instret));
	uart16550_init(&uart0, UART0_BASE);
	klog("\nTick kernel %d.%d (Tock 2.x system call ABI) on qemu_rv32_virt\n",
	     TICK_KERNEL_MAJOR, TICK_KERNEL_MINOR);

	/* Let U-mode read cycle/time/instret (the benchmarks need them). */
	__asm__ volatile("csrw mcounteren, %0" ::"r"(7));
	__asm__ volatile("csrw scounteren, %0" ::"r"(7));
	pmp_hw_reset();

	plic_init(PLIC_BASE);
	plic_enable(UART0_IRQ);
	clint_init(&clint, CLINT_BASE);
	valarm_init(&timer);

	uart_mux_init(&console_uart);
	console_init(&console, GRANT_CONSOLE);
	alarm_capsule_init(&alarm, GRANT_ALARM);

	klog("[kernel] kernel RAM 0x%08x-0x%08x, app flash 0x%08x-0x%08x, app RAM 0x%08x-0x%08x\n",
	     (uint32_t)(uintptr_t)_sdata, (uint32_t)(uintptr_t)_kernel_stack_top,
	     (uint32_t)(uintptr_t)_sapps, (uint32_t)(uintptr_t)_eapps,
	     (uint32_t)(uintptr_t)_sappmem, (uint32_t)(uintptr_t)_eappmem);
	unsigned n = kernel_load_processes((uint32_t)(uintptr_t)_sapps, (uint32_t)(uintptr_t)_eapps,
					   (uint32_t)(uintptr_t)_sappmem, (uint32_t)(uintptr_t)_eappmem);
	klog("[kernel] %u process%s loaded; initialization complete\n", n, n == 1 ? "" : "es");

	__asm__ volatile("csrw mie, %0" ::"r"(MIP_MTIP | MIP_MEIP));
	kernel_loop(true);
}
