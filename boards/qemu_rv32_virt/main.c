/* qemu_rv32_virt board: wires the chips to the capsules and starts the kernel. */
#include <stdint.h>
#include <capsules/alarm.h>
#include <capsules/buttons.h>
#include <capsules/console.h>
#include <capsules/gpio.h>
#include <capsules/leds.h>
#include <capsules/lldb.h>
#include <capsules/process_console.h>
#include <capsules/process_info.h>
#include <capsules/rng.h>
#include <capsules/ros.h>
#include <capsules/uart_mux.h>
#include <chips/clint.h>
#include <chips/gpio_bank.h>
#include <chips/plic.h>
#include <chips/uart16550.h>
#include <chips/virtio_rng.h>
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
#define VIRTIO_BASE 0x10001000u   /* 8 virtio-mmio slots, 0x1000 apart, IRQs 1..8 */
#define VIRTIO_SLOTS 8
#define VIRTIO_IRQ0 1
#define MTIME_HZ 10000000u

#define MIP_MTIP (1u << 7)
#define MIP_MEIP (1u << 11)

extern char _sapps[], _eapps[], _sappmem[], _eappmem[];
extern char _sdata[], _edata[], _sidata[], _ebss[], _kernel_stack_top[];

static struct uart16550 uart0;
static struct uart console_uart = { &uart16550_ops, &uart0 };
static struct clint clint;
static const struct time_source timer = { &clint_time_ops, &clint, MTIME_HZ };
static struct console console;
static struct alarm_capsule alarm;

/* The virtual GPIO bank: three ports, 4 LEDs, 4 buttons and 8 general pins. */
static struct gpio_bank led_bank, button_bank, pin_bank;
static struct gpio_port led_port, button_port, pin_port;
static struct leds leds;
static struct buttons buttons;
static struct gpio_capsule gpio;

static struct virtio_rng virtio_rng;
static struct rng rng_dev = { &virtio_rng_ops, &virtio_rng };
static struct rng_capsule rng;
static unsigned rng_irq;   /* 0: no virtio entropy device */

static struct ros ros;
static struct process_info process_info;
static struct pconsole pconsole;
static struct pconsole_board pconsole_board = { .ports = { &led_port, &button_port, &pin_port } };

/* Grant slots: one per driver with per-process state. */
enum { GRANT_ALARM, GRANT_CONSOLE, GRANT_BUTTONS, GRANT_GPIO, GRANT_RNG, GRANT_ROS, GRANT_PROCESS_INFO };

/* Sorted by driver number. */
const struct driver *const board_drivers[] = {
	&alarm.driver,
	&console.driver,
	&leds.driver,
	&buttons.driver,
	&gpio.driver,
	&lldb_driver,
	&ros.driver,
	&process_info.driver,
	&rng.driver,
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
			else if (irq == rng_irq)
				virtio_rng_interrupt(&virtio_rng);
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

uint32_t klog_take(uint8_t *buf, uint32_t max);

/* Process console "reset": flushes the kernel log, then resets the whole machine (the virt
 * test device's reset command); QEMU reloads the kernel and the app image. */
static void board_reset(void)
{
	uint8_t buf[32];
	uint32_t n;
	while ((n = klog_take(buf, sizeof buf)) != 0)
		for (uint32_t i = 0; i < n; i++)
			board_console_putc_blocking((char)buf[i]);
	*(volatile uint32_t *)TEST_FINISHER = 0x7777u;
	for (;;)
		__asm__ volatile("wfi");
}

static uint32_t addr(const void *p)
{
	return (uint32_t)(uintptr_t)p;
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

	gpio_bank_init(&led_bank, &led_port, 4);
	gpio_bank_init(&button_bank, &button_port, 4);
	gpio_bank_init(&pin_bank, &pin_port, 8);
	leds_init(&leds, &led_port);
	buttons_init(&buttons, &button_port, GRANT_BUTTONS);
	gpio_capsule_init(&gpio, &pin_port, GRANT_GPIO);

	int slot = virtio_rng_init(&virtio_rng, VIRTIO_BASE, VIRTIO_SLOTS);
	if (slot >= 0) {
		rng_irq = VIRTIO_IRQ0 + (unsigned)slot;
		plic_enable(rng_irq);
		klog("[kernel] virtio-rng at 0x%08x (IRQ %u)\n", VIRTIO_BASE + 0x1000u * (unsigned)slot, rng_irq);
	}
	rng_capsule_init(&rng, slot >= 0 ? &rng_dev : NULL, GRANT_RNG);
	ros_init(&ros, GRANT_ROS);
	process_info_init(&process_info, GRANT_PROCESS_INFO);

	pconsole_board.kernel_image = addr(_sidata) + (addr(_edata) - addr(_sdata)) - 0x80000000u;
	pconsole_board.kernel_ram = addr(_ebss) - addr(_sdata);
	pconsole_board.kernel_stack = addr(_kernel_stack_top) - addr(_ebss);
	pconsole_board.app_ram = addr(_eappmem) - addr(_sappmem);
	pconsole_board.reset = board_reset;
	pconsole_init(&pconsole, &console, &pconsole_board);

	klog("[kernel] kernel RAM 0x%08x-0x%08x, app flash 0x%08x-0x%08x, app RAM 0x%08x-0x%08x\n",
	     (uint32_t)(uintptr_t)_sdata, (uint32_t)(uintptr_t)_kernel_stack_top,
	     (uint32_t)(uintptr_t)_sapps, (uint32_t)(uintptr_t)_eapps,
	     (uint32_t)(uintptr_t)_sappmem, (uint32_t)(uintptr_t)_eappmem);
	unsigned n = kernel_load_processes((uint32_t)(uintptr_t)_sapps, (uint32_t)(uintptr_t)_eapps,
					   (uint32_t)(uintptr_t)_sappmem, (uint32_t)(uintptr_t)_eappmem);
	klog("[kernel] %u process%s loaded; initialization complete\n", n, n == 1 ? "" : "es");
	pconsole_start(&pconsole);

	__asm__ volatile("csrw mie, %0" ::"r"(MIP_MTIP | MIP_MEIP));
	kernel_loop(true);
}
