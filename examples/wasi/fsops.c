/* Exercises the file-system calls: mkdir, create/append/overwrite, pread/pwrite, lseek, stat,
 * readdir (sorted for a deterministic listing), rename, unlink, rmdir, and the errors for a
 * missing file, a non-empty directory and a path leaving the preopened directory.
 * Usage: fsops DIR (a preopened, writable directory). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void list(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) { printf("opendir %s: %s\n", dir, strerror(errno)); return; }
  char *names[64];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 64) names[n++] = strdup(e->d_name);
  closedir(d);
  qsort(names, (size_t)n, sizeof names[0], cmp);
  printf("%s:", dir);
  for (int i = 0; i < n; i++) {
    char path[512];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    if (stat(path, &st) == 0) printf(" %s(%s,%lld)", names[i], S_ISDIR(st.st_mode) ? "dir" : "file", S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
    else printf(" %s(?)", names[i]);
    free(names[i]);
  }
  printf("\n");
}

static void report(const char *what, int rc) { printf("%s -> %s\n", what, rc == 0 ? "ok" : strerror(errno)); }

int main(int argc, char **argv) {
  if (argc != 2) { fprintf(stderr, "usage: %s DIR\n", argv[0]); return 2; }
  char p[512], q[512];
  snprintf(p, sizeof p, "%s/sub", argv[1]);
  report("mkdir sub", mkdir(p, 0755));
  report("mkdir sub again", mkdir(p, 0755));

  snprintf(p, sizeof p, "%s/sub/a.txt", argv[1]);
  int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  printf("open a.txt: %s\n", fd >= 0 ? "ok" : strerror(errno));
  write(fd, "hello, world\n", 13);
  pwrite(fd, "HELLO", 5, 0);
  printf("lseek end: %lld\n", (long long)lseek(fd, 0, SEEK_END));
  close(fd);

  fd = open(p, O_WRONLY | O_APPEND);
  write(fd, "appended\n", 9);
  close(fd);

  char buf[64] = {0};
  fd = open(p, O_RDONLY);
  ssize_t n = pread(fd, buf, 5, 7);
  printf("pread: %zd '%.*s'\n", n, (int)n, buf);
  lseek(fd, 0, SEEK_SET);
  n = read(fd, buf, sizeof buf - 1);
  buf[n > 0 ? n : 0] = 0;
  printf("read: %zd '%s'\n", n, buf);
  printf("write to read-only fd: %s\n", write(fd, "x", 1) < 0 ? strerror(errno) : "succeeded?!");
  close(fd);

  snprintf(q, sizeof q, "%s/sub/b.txt", argv[1]);
  report("rename a->b", rename(p, q));
  report("open missing a.txt", open(p, O_RDONLY) >= 0 ? 0 : -1);
  FILE *f = fopen(p, "w");
  fputs("second file\n", f);
  fclose(f);
  list(argv[1]);
  snprintf(p, sizeof p, "%s/sub", argv[1]);
  list(p);
  report("rmdir non-empty sub", rmdir(p));
  report("unlink b", unlink(q));
  snprintf(q, sizeof q, "%s/sub/a.txt", argv[1]);
  report("unlink a", unlink(q));
  report("rmdir sub", rmdir(p));
  snprintf(p, sizeof p, "%s/../escape.txt", argv[1]);
  report("open outside the preopen", open(p, O_CREAT | O_WRONLY, 0644) >= 0 ? 0 : -1);
  list(argv[1]);
  return 0;
}
