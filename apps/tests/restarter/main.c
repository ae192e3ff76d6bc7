/* restarter: prints its break address, then exit-restart; the kernel starts it afresh each time. */
#include <stdio.h>
#include <tick/syscall.h>

static int counter;   /* in .bss: zero after every restart, proving RAM is fresh */

int main(void)
{
	counter++;
	printf("restarter: started, counter %d\n", counter);
	fflush(stdout);
	tick_exit_restart(7);
	printf("restarter: exit-restart returned\n");
	return 1;
}
