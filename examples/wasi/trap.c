/* Prints a line, then traps (`unreachable`) in a named function: the runner must report the trap. */
#include <stdio.h>

__attribute__((noinline)) static void fail_here(int x) {
  if (x > 0) __builtin_trap();
}

int main(int argc, char **argv) {
  (void)argv;
  printf("about to trap\n");
  fflush(stdout);
  fail_here(argc);
  return 0;
}
