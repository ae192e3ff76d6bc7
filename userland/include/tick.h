/* Tick userland library: layer 0 (raw system calls) and layer 1 (blocking calls). */
#ifndef TICK_H
#define TICK_H

#include <tick/syscall.h>
#include <tick/errors.h>
#include <tick/upcall.h>
#include <tick/wait.h>
#include <tick/time.h>
#include <tick/alarm.h>
#include <tick/console.h>
#include <tick/rng.h>
#include <tick/led.h>
#include <tick/button.h>
#include <tick/gpio.h>
#include <tick/debug.h>
#include <tick/ipc.h>

#endif /* TICK_H */
