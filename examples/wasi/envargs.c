/* Prints its arguments and (sorted) environment, checks that the monotonic clock does not go
 * backwards and that random bytes are not all zero, then exits with the status named by its
 * first argument (default 0). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/random.h>

extern char **environ;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) printf("arg[%d]=%s\n", i, argv[i]);
  int n = 0;
  while (environ[n]) n++;
  char **env = malloc(sizeof(char *) * (size_t)(n + 1));
  memcpy(env, environ, sizeof(char *) * (size_t)n);
  qsort(env, (size_t)n, sizeof env[0], cmp);
  for (int i = 0; i < n; i++) printf("env %s\n", env[i]);
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  clock_gettime(CLOCK_MONOTONIC, &b);
  int backwards = b.tv_sec < a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec < a.tv_nsec);
  printf("monotonic ok: %s\n", backwards ? "no" : "yes");
  time_t now = time(NULL);
  printf("realtime after 2020: %s\n", now > 1577836800 ? "yes" : "no");
  unsigned char r[64];
  getentropy(r, sizeof r);
  int nonzero = 0;
  for (size_t i = 0; i < sizeof r; i++) nonzero += r[i] != 0;
  printf("random ok: %s\n", nonzero > 0 ? "yes" : "no");
  fprintf(stderr, "to stderr\n");
  return argc > 1 ? atoi(argv[1]) : 0;
}
