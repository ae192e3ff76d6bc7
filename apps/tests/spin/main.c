/* spin: announces itself, then loops forever without yielding; others must keep running. */
#include <stdio.h>

int main(void)
{
	printf("spin: spinning\n");
	fflush(stdout);
	for (;;)
		__asm__ volatile("" ::: "memory");
}
