/* ARMv7-M system registers the Cortex-M arch and its boards use, and the fault causes it reports. */
#ifndef ARCH_CORTEXM_H
#define ARCH_CORTEXM_H

#include <stdint.h>

#define CM_REG(a) (*(volatile uint32_t *)(a))
#define CM_ICSR CM_REG(0xE000ED04u)
#define CM_VTOR CM_REG(0xE000ED08u)
#define CM_CCR CM_REG(0xE000ED14u)
#define CM_SHPR1 CM_REG(0xE000ED18u)
#define CM_SHPR2 CM_REG(0xE000ED1Cu)
#define CM_SHPR3 CM_REG(0xE000ED20u)
#define CM_SHCSR CM_REG(0xE000ED24u)
#define CM_CFSR CM_REG(0xE000ED28u)
#define CM_HFSR CM_REG(0xE000ED2Cu)
#define CM_MMFAR CM_REG(0xE000ED34u)
#define CM_BFAR CM_REG(0xE000ED38u)
#define CM_NVIC_ISER0 CM_REG(0xE000E100u)
#define CM_NVIC_ICER0 CM_REG(0xE000E180u)
#define CM_NVIC_ISPR0 CM_REG(0xE000E200u)
#define CM_NVIC_ICPR0 CM_REG(0xE000E280u)
#define CM_NVIC_IPR(i) CM_REG(0xE000E400u + 4u * (i))
#define CM_MPU_CTRL CM_REG(0xE000ED94u)
#define CM_MPU_RBAR CM_REG(0xE000ED9Cu)
#define CM_MPU_RASR CM_REG(0xE000EDA0u)

/* Interrupts run at this priority and are masked in the kernel by BASEPRI = it; SVC and the
 * faults run at 0, above it, so the kernel can still enter a process with svc. */
#define CM_IRQ_PRIORITY 0x80u

/* Trap causes (arch_cause_name): the fault status decoded into one reason. */
enum cm_cause {
	CM_CAUSE_HARD = 0,
	CM_CAUSE_MPU_DATA,      /* tval: the address */
	CM_CAUSE_MPU_FETCH,
	CM_CAUSE_MPU_STACK,     /* the exception frame could not be pushed or popped */
	CM_CAUSE_BUS,
	CM_CAUSE_BUS_STACK,
	CM_CAUSE_UNDEF,
	CM_CAUSE_INVSTATE,
	CM_CAUSE_INVPC,
	CM_CAUSE_NOCP,
	CM_CAUSE_UNALIGNED,
	CM_CAUSE_DIVZERO,
	CM_CAUSE_BAD_FRAME,     /* its stack pointer left its RAM: the kernel cannot resume it */
	CM_CAUSE_COUNT,
};

/* Boot set-up of priorities and fault handlers (start.S calls it before board_main). */
void cm_init(void);

#endif
