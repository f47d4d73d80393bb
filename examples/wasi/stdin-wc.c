/* Counts lines, words and bytes of standard input and echoes it ROT13-encoded (a filter). */
#include <ctype.h>
#include <stdio.h>

int main(void) {
  long lines = 0, words = 0, bytes = 0;
  int c, in_word = 0;
  while ((c = getchar()) != EOF) {
    bytes++;
    if (c == '\n') lines++;
    if (isspace(c)) in_word = 0;
    else if (!in_word) { in_word = 1; words++; }
    if (isalpha(c)) c = (tolower(c) - 'a' + 13) % 26 + (isupper(c) ? 'A' : 'a');
    putchar(c);
  }
  fprintf(stderr, "%ld %ld %ld\n", lines, words, bytes);
  return 0;
}
