/* Host tests: runs every registered test in a child process and prints PASS/FAIL lines. */
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define MAX_TESTS 256

static struct {
  const char *name;
  test_fn *fn;
} tests[MAX_TESTS];
static int ntests;
int harness_failed;

void harness_register(const char *name, test_fn *fn) {
  if (ntests < MAX_TESTS) {
    tests[ntests].name = name;
    tests[ntests].fn = fn;
    ntests++;
  }
}

static int by_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Usage: test-userland [--prefix P] [name]: runs all tests, those whose name starts with P,
 * or the one named. */
int main(int argc, char **argv) {
  qsort(tests, (size_t)ntests, sizeof tests[0], by_name);
  const char *prefix = "", *only = NULL;
  for (int a = 1; a < argc; a++) {
    if (strcmp(argv[a], "--prefix") == 0 && a + 1 < argc) prefix = argv[++a];
    else only = argv[a];
  }
  int failed = 0;
  for (int i = 0; i < ntests; i++) {
    if (only && strcmp(only, tests[i].name) != 0) continue;
    if (strncmp(tests[i].name, prefix, strlen(prefix)) != 0) continue;
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
      fk_reset();
      tests[i].fn();
      fflush(stderr);
      _exit(harness_failed);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    int ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    printf("%s userland_%s\n", ok ? "PASS" : "FAIL", tests[i].name);
    failed += !ok;
  }
  return failed != 0;
}
