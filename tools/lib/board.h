/* Reads a board's memory map from <board>/board.conf (key=value lines). */
#ifndef TOOLS_BOARD_H
#define TOOLS_BOARD_H

#include <stdbool.h>
#include <stdint.h>

struct board {
	char path[512];            /* the board.conf path, for messages */
	char arch[64];             /* e.g. rv32imac, cortex-m4 */
	uint32_t app_flash_start, app_flash_size;
	uint32_t ram_start, ram_size;
};

/* Loads dir/board.conf (or dir itself if it names a file). Dies with a message naming the
 * file and the missing or malformed key. */
void board_load(struct board *b, const char *dir);

/* True for Arm boards, whose apps need power-of-two size and alignment (one MPU region). */
bool board_is_arm(const struct board *b);

#endif
