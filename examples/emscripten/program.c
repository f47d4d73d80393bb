/*
 * A small but real C program for the Windlass Emscripten example: a prime sieve,
 * a word-frequency table sorted with qsort, float formatting, and a large
 * allocation that makes the linear memory grow at run time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct word_count {
  char *word;
  int count;
};

static const char *const TEXT =
    "the quick brown fox jumps over the lazy dog and the dog sleeps while "
    "the fox runs over the hill to find another lazy dog near the river";

/* Sieve of Eratosthenes over [0, limit); returns the number of primes. */
static int count_primes(int limit, int *largest) {
  unsigned char *composite = calloc((size_t)limit, 1);
  int count = 0;
  for (int i = 2; i < limit; i++) {
    if (composite[i]) continue;
    count++;
    *largest = i;
    for (long long j = (long long)i * i; j < limit; j += i) composite[j] = 1;
  }
  free(composite);
  return count;
}

static int by_count_then_word(const void *a, const void *b) {
  const struct word_count *x = a, *y = b;
  if (x->count != y->count) return y->count - x->count;
  return strcmp(x->word, y->word);
}

/* Splits TEXT into words, counts them, sorts by frequency and prints the top ones. */
static void word_frequencies(void) {
  char *copy = strdup(TEXT);
  struct word_count *table = NULL;
  int used = 0, capacity = 0;
  for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
    int i = 0;
    while (i < used && strcmp(table[i].word, w) != 0) i++;
    if (i == used) {
      if (used == capacity) {
        capacity = capacity ? capacity * 2 : 4;
        table = realloc(table, (size_t)capacity * sizeof *table);
      }
      table[used].word = strdup(w);
      table[used].count = 0;
      used++;
    }
    table[i].count++;
  }
  qsort(table, (size_t)used, sizeof *table, by_count_then_word);
  printf("distinct words: %d\n", used);
  for (int i = 0; i < 5 && i < used; i++) printf("  %-8s %2d\n", table[i].word, table[i].count);
  for (int i = 0; i < used; i++) free(table[i].word);
  free(table);
  free(copy);
}

/* FNV-1a over a buffer. */
static uint32_t fnv1a(const unsigned char *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 16777619u;
  return h;
}

/* Allocates more than the initial memory so the heap has to grow, and checksums it. */
static void big_buffer(void) {
  const size_t size = 24u << 20; /* 24 MiB: initial memory is 2 MiB */
  unsigned char *buf = malloc(size);
  if (!buf) {
    printf("malloc of %zu bytes failed\n", size);
    return;
  }
  for (size_t i = 0; i < size; i++) buf[i] = (unsigned char)(i * 31u + (i >> 13));
  printf("big buffer: %zu MiB, fnv1a=%08x\n", size >> 20, (unsigned)fnv1a(buf, size));
  free(buf);
}

/* Leibniz series and a small matrix product, printed with float formatting. */
static void numerics(void) {
  double pi = 0;
  for (int k = 0; k < 1000000; k++) pi += (k % 2 ? -4.0 : 4.0) / (2 * k + 1);
  printf("pi ~ %.6f\n", pi);
  double a[3][3] = {{1, 2, 3}, {4, 5, 6}, {7, 8, 10}}, c[3][3] = {{0}};
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 3; j++)
      for (int k = 0; k < 3; k++) c[i][j] += a[i][k] * a[k][j];
  for (int i = 0; i < 3; i++) printf("  [%7.1f %7.1f %7.1f]\n", c[i][0], c[i][1], c[i][2]);
  long long fact = 1;
  for (int i = 2; i <= 20; i++) fact *= i;
  printf("20! = %lld, sqrt-ish of 2 = %.10g\n", fact, 1.4142135623730951);
}

int main(void) {
  printf("hello from emscripten via %s\n", "windlass");
  int largest = 0;
  int primes = count_primes(1000000, &largest);
  printf("primes below 1000000: %d (largest %d)\n", primes, largest);
  word_frequencies();
  numerics();
  big_buffer();
  printf("done\n");
  return 0;
}
