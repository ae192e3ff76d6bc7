# Scripted gdb session of tests/scripts/test_debug.sh (make debug GDB_ARGS="-batch -x ..."):
# breaks in an app function, reads a variable, steps over a system call, stops at a fault.
break count_to
continue
finish
printf "TEST counter=%u\n", debug_counter
next
printf "TEST before-next line "
info line *$pc
next
printf "TEST after-next line "
info line *$pc
continue
printf "TEST fault backtrace\n"
bt
continue
printf "TEST restarted\n"
kill
