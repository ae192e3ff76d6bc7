/* Host tests: the fake kernel's model of the app loader driver (0x10001). */
#ifndef FAKE_LOADER_H
#define FAKE_LOADER_H

#include "fake_kernel.h"

struct fk_loader {
  bool pending;                  /* an operation runs; cleared by the test or the event */
  int commands;                  /* commands accepted */
  uint32_t written;              /* bytes written in all */
  uint32_t fail_command, fail_status; /* this command's upcall reports this status */
};
extern struct fk_loader fk_loader;

tick_regs_t fk_loader_command(uint32_t cmd, uint32_t a0, uint32_t a1);

#endif
