/* Runs a fuzz target over files without libFuzzer, for builds made by gcc
 * (the unit-test and ASan runs): each argument is a file or a folder of
 * files (the target's seeds, findings among them), given to
 * LLVMFuzzerTestOneInput one at a time. A finding crashes or aborts the
 * process; the test passes when every input ran. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  Buffer data = BUFFER_INIT;
  if (cli_read_file(path, &data)) return -1;
  LLVMFuzzerTestOneInput((const uint8_t *)(data.data ? data.data : ""), data.len);
  buffer_free(&data);
  return 0;
}

static int by_name(const struct dirent **a, const struct dirent **b) { return strcmp((*a)->d_name, (*b)->d_name); }

int main(int argc, char **argv) {
  size_t ran = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st)) {
      fprintf(stderr, "replay: no such file or folder %s\n", argv[i]);
      return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
      if (run_file(argv[i])) return 1;
      ran++;
      continue;
    }
    struct dirent **names;
    int n = scandir(argv[i], &names, NULL, by_name);
    if (n < 0) return 1;
    for (int k = 0; k < n; k++) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
      if (names[k]->d_name[0] != '.' && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        if (run_file(path)) return 1;
        ran++;
      }
      free(names[k]);
    }
    free(names);
  }
  fprintf(stderr, "replay: %zu inputs ran\n", ran);
  return ran ? 0 : 1;
}
