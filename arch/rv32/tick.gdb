# gdb helpers for Tick on rv32 (sourced by `make debug`, docs/debugging.md): the process table,
# and a stop at every app fault that shows the faulting app's own frames.

# tick-ps: every process slot with its state and where its code and RAM are.
define tick-ps
  set $tick_i = 0
  while $tick_i < process_slots
    set $tick_p = &processes[$tick_i]
    printf "%u ", $tick_i
    set $tick_k = 0
    while $tick_k < $tick_p->name_len
      printf "%c", $tick_p->name[$tick_k]
      set $tick_k = $tick_k + 1
    end
    printf ": "
    output (enum process_state)$tick_p->state
    printf ", app code 0x%08x, ram 0x%08x-0x%08x, pc 0x%08x\n", $tick_p->app_start, $tick_p->mem_start, $tick_p->mem_end, $tick_p->ctx.pc
    set $tick_i = $tick_i + 1
  end
end
document tick-ps
List the processes: slot, name, state, where the app's code starts (app_start), its RAM, saved pc.
end

# At a fault the trap path has saved the app's pc, ra, sp and caller-saved registers in its
# context and left s0-s11, gp and tp untouched; trap_exception(p, cause, tval) is the first C
# function. tick-fault-view loads the app's registers so that bt, frame and info locals show
# the app; continue, step, next, stepi, nexti and finish put the kernel's registers back first.
set $tick_swapped = 0
define tick-fault-view
  if $tick_swapped == 0
    set $tick_kernel_pc = $pc
    set $tick_kernel_sp = $sp
    set $tick_kernel_ra = $ra
    set $tick_kernel_a0 = $a0
    set $tick_ctx = (struct arch_context *)$a0
    set $tick_swapped = 1
    set $sp = $tick_ctx->regs[2]
    set $ra = $tick_ctx->regs[1]
    set $a0 = $tick_ctx->regs[10]
    set $pc = $tick_ctx->pc
  end
end
document tick-fault-view
At a stop in trap_exception: show the faulting app (its pc, sp, ra, a0) to bt and frame.
end

define tick-kernel-view
  if $tick_swapped
    set $pc = $tick_kernel_pc
    set $sp = $tick_kernel_sp
    set $ra = $tick_kernel_ra
    set $a0 = $tick_kernel_a0
    set $tick_swapped = 0
  end
end
document tick-kernel-view
Undo tick-fault-view: the kernel's registers again (continue and the step commands do it).
end

define hook-continue
  tick-kernel-view
end
define hook-step
  tick-kernel-view
end
define hook-next
  tick-kernel-view
end
define hook-stepi
  tick-kernel-view
end
define hook-nexti
  tick-kernel-view
end
define hook-finish
  tick-kernel-view
end

# Every app fault stops here (delete or disable the breakpoint to let faults pass).
break *trap_exception
commands
  silent
  printf "\n[tick] process fault: mcause %u, mtval 0x%08x; the app's frames:\n", $a1, $a2
  tick-fault-view
  bt
end
echo [tick] that breakpoint stops at every app fault and shows the app's frames (disable it to let faults pass)\n
