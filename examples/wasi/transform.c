/* Reads a text file, transforms it and writes another: every line gets its number, letters are
 * upper-cased, the words of each line reversed; a summary (lines, words, bytes, FNV-1a hash of the
 * output) goes to stdout. Usage: transform IN OUT (paths inside a preopened directory). */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t fnv1a(const unsigned char *p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 16777619u; }
  return h;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: %s IN OUT\n", argv[0]); return 2; }
  FILE *in = fopen(argv[1], "rb");
  if (!in) { perror(argv[1]); return 1; }
  if (fseek(in, 0, SEEK_END) != 0) { perror("fseek"); return 1; }
  long size = ftell(in);
  rewind(in);
  char *text = malloc((size_t)size + 1);
  if (fread(text, 1, (size_t)size, in) != (size_t)size) { perror("fread"); return 1; }
  text[size] = 0;
  fclose(in);

  size_t cap = (size_t)size * 2 + 64, len = 0;
  char *out = malloc(cap);
  long lines = 0, words = 0;
  char *save = NULL;
  for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *w[256];
    int nw = 0;
    char *ws = NULL;
    for (char *t = strtok_r(line, " \t", &ws); t && nw < 256; t = strtok_r(NULL, " \t", &ws)) w[nw++] = t;
    lines++;
    words += nw;
    len += (size_t)snprintf(out + len, cap - len, "%4ld:", lines);
    for (int i = nw - 1; i >= 0; i--) {
      out[len++] = ' ';
      for (char *c = w[i]; *c; c++) out[len++] = (char)toupper((unsigned char)*c);
    }
    out[len++] = '\n';
  }
  FILE *o = fopen(argv[2], "wb");
  if (!o) { perror(argv[2]); return 1; }
  fwrite(out, 1, len, o);
  fclose(o);
  printf("lines=%ld words=%ld in=%ld out=%zu fnv=%08x\n", lines, words, size, len, fnv1a((unsigned char *)out, len));
  return 0;
}
