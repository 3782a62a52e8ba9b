/* The option parser and helpers every command shares; see cli.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

const AuditActor cli_actor = {0, "cli"};

int cli_parse(int argc, char **argv, const CliOptionSpec *specs, const char *usage, CliOptions *out) {
  memset(out, 0, sizeof *out);
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      printf("%s", usage);
      return 1;
    }
    if (strncmp(argv[i], "--", 2) != 0) {
      if (out->nargs == CLI_MAX_ARGS) {
        fprintf(stderr, "forgedesk: too many arguments\n\n%s", usage);
        return -1;
      }
      out->args[out->nargs++] = argv[i];
      continue;
    }
    int found = -1;
    for (int s = 0; specs[s].name; s++)
      if (strcmp(specs[s].name, argv[i]) == 0) found = s;
    if (found < 0) {
      fprintf(stderr, "forgedesk: unknown option %s\n\n%s", argv[i], usage);
      return -1;
    }
    if (specs[found].takes_value) {
      if (i + 1 >= argc) {
        fprintf(stderr, "forgedesk: %s needs a value\n\n%s", argv[i], usage);
        return -1;
      }
      out->values[found] = argv[++i];
    } else {
      out->values[found] = "";
    }
  }
  return 0;
}

const char *cli_value(const CliOptions *o, const CliOptionSpec *specs, const char *name, const char *fallback) {
  for (int s = 0; specs[s].name; s++)
    if (strcmp(specs[s].name, name) == 0) return o->values[s] ? o->values[s] : fallback;
  return fallback;
}

int cli_fail(const Error *err) {
  fprintf(stderr, "forgedesk: %s%s%s\n", err->title ? err->title : "error", err->detail ? ": " : "",
          err->detail ? err->detail : "");
  size_t i;
  json_t *f;
  json_array_foreach(err->fields, i, f)
    fprintf(stderr, "  %s: %s\n", json_string_value(json_object_get(f, "field")),
            json_string_value(json_object_get(f, "message")));
  if (err->status == 400) return EXIT_USAGE;
  if (err->status == 422 || err->status == 409) return EXIT_REJECTED; /* a bad value, a duplicate */
  return EXIT_FAILED;
}

int cli_open_store(const char *url, Db **db) {
  Error err = ERROR_INIT;
  if (store_open(url, db, &err) == 0) return 0;
  cli_fail(&err);
  error_clear(&err);
  return -1;
}

int cli_record_create(Db *db, const StoreTable *t, const json_t *values, const char *now, int64_t *id, Error *err) {
  json_t *after = NULL;
  int rc = store_record_insert(db, t, values, now, id, err);
  if (!rc) rc = store_record_get(db, t, *id, &after, err);
  if (!rc) rc = store_audit_append(db, &cli_actor, t->entity, *id, "create", NULL, after, now, err);
  json_decref(after);
  return rc;
}

int cli_transaction(Db *db, int (*fn)(Db *db, void *ctx, Error *err), void *ctx, Error *err) {
  if (store_begin_write(db, err)) return -1;
  if (fn(db, ctx, err)) {
    store_rollback(db);
    return -1;
  }
  return store_commit(db, err);
}

int cli_read_file(const char *path, Buffer *out) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    fprintf(stderr, "forgedesk: cannot read %s: %s\n", path, strerror(errno));
    return -1;
  }
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) buffer_append(out, chunk, n);
  int failed = ferror(f);
  fclose(f);
  if (failed) fprintf(stderr, "forgedesk: cannot read %s\n", path);
  return failed ? -1 : 0;
}
