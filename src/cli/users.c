/* `forgedesk user` and `forgedesk token`: staff accounts and API tokens from
 * the command line, for the first administrator and for integrations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/staff.h"
#include <sodium.h>

#include "cli/cli.h"
#include "http/session.h"

int cli_team_ensure(Db *db, const char *name, const char *now, int64_t *id, Error *err) {
  if (store_team_by_name(db, name, id, err)) return -1;
  if (*id) return 0;
  json_t *team = json_pack("{s:s}", "name", name);
  int rc = cli_record_create(db, &store_teams, team, now, id, err);
  json_decref(team);
  return rc;
}

int cli_user_create(Db *db, const CliNewUser *u, const char *now, int64_t *id, Error *err) {
  Role role;
  if (staff_check_username(u->username, err)) return -1;
  if (strlen(u->username) < 1 || strlen(u->username) > 64) return error_field(err, "username", "must be 1 to 64 characters");
  if (policy_role_parse(u->role, &role)) return error_field(err, "role", "must be one of: %s", policy_role_names());
  if (strlen(u->password) < 8 || strlen(u->password) > 200)
    return error_field(err, "password", "must be 8 to 200 characters");
  json_t *user = json_pack("{s:s, s:s, s:s, s:i}", "username", u->username, "display_name", u->display_name, "role",
                           u->role, "active", 1);
  if (u->email) json_object_set_new(user, "email", json_string(u->email));
  if (u->team_id) json_object_set_new(user, "team_id", json_integer(u->team_id));
  if (u->manager_id) json_object_set_new(user, "manager_id", json_integer(u->manager_id));
  char *hash = u->password_hash ? NULL : session_hash_password(u->password);
  const char *stored = u->password_hash ? u->password_hash : hash;
  int rc = stored ? cli_record_create(db, &store_users, user, now, id, err)
                  : error_set(err, 500, "Internal error", "cannot hash the password");
  if (!rc) rc = store_user_set_password(db, *id, stored, now, err);
  free(hash);
  json_decref(user);
  return rc;
}

/* Reads a password from stdin (one line) or asks for it on the terminal. */
static char *read_password(int from_stdin) {
  if (!from_stdin) {
    if (!isatty(STDIN_FILENO)) return NULL;
    char *typed = getpass("Password: ");
    return typed ? strdup(typed) : NULL;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  if (n <= 0) {
    free(line);
    return NULL;
  }
  while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
  return line;
}

/* Runs fn inside one write transaction, printing any error; returns an exit code. */
static int in_transaction(Db *db, int (*fn)(Db *db, void *ctx, Error *err), void *ctx) {
  Error err = ERROR_INIT;
  int code = cli_transaction(db, fn, ctx, &err) ? cli_fail(&err) : EXIT_OK;
  error_clear(&err);
  store_close(db);
  return code;
}

typedef struct UserCommand {
  const CliOptions *o;
  const CliOptionSpec *specs;
  char *password;
  char now[TIME_TEXT_SIZE];
} UserCommand;

static const char *opt(const UserCommand *c, const char *name) { return cli_value(c->o, c->specs, name, NULL); }

static int find_user(Db *db, const char *username, json_t **user, Error *err) {
  if (store_user_credentials(db, username, user, err)) return -1;
  if (!*user) return error_set(err, 404, "Not found", "no user is called '%s'", username);
  return 0;
}

static int user_add(Db *db, void *ctx, Error *err) {
  UserCommand *c = ctx;
  CliNewUser u = {opt(c, "--username"), opt(c, "--display-name"), opt(c, "--role"), opt(c, "--email"), c->password, 0, 0, NULL};
  if (opt(c, "--team") && cli_team_ensure(db, opt(c, "--team"), c->now, &u.team_id, err)) return -1;
  if (opt(c, "--manager")) {
    json_t *manager = NULL;
    if (find_user(db, opt(c, "--manager"), &manager, err)) return -1;
    u.manager_id = json_integer_value(json_object_get(manager, "id"));
    json_decref(manager);
  }
  int64_t id;
  if (cli_user_create(db, &u, c->now, &id, err)) return -1;
  printf("user %s added (id %lld, role %s)\n", u.username, (long long)id, u.role);
  return 0;
}

static int user_passwd(Db *db, void *ctx, Error *err) {
  UserCommand *c = ctx;
  json_t *user = NULL;
  if (find_user(db, opt(c, "--username"), &user, err)) return -1;
  int64_t id = json_integer_value(json_object_get(user, "id"));
  json_decref(user);
  if (strlen(c->password) < 8 || strlen(c->password) > 200)
    return error_field(err, "password", "must be 8 to 200 characters");
  char *hash = session_hash_password(c->password);
  int rc = hash ? store_user_set_password(db, id, hash, c->now, err) : error_set(err, 500, "Internal error", "hashing failed");
  if (!rc) rc = store_sessions_delete_for_user(db, id, err);
  if (!rc) rc = store_audit_append(db, &cli_actor, "user", id, "password_change", NULL, NULL, c->now, err);
  free(hash);
  if (!rc) printf("password changed for %s; their sessions were ended\n", opt(c, "--username"));
  return rc;
}

static int user_disable(Db *db, void *ctx, Error *err) {
  UserCommand *c = ctx;
  json_t *found = NULL, *before = NULL, *after = NULL;
  if (find_user(db, opt(c, "--username"), &found, err)) return -1;
  int64_t id = json_integer_value(json_object_get(found, "id"));
  json_decref(found);
  int rc = store_record_get(db, &store_users, id, &before, err);
  if (!rc) {
    json_t *values = json_deep_copy(before);
    json_object_set_new(values, "active", json_integer(0));
    rc = store_record_update(db, &store_users, id, json_integer_value(json_object_get(before, "version")), values,
                             c->now, err);
    json_decref(values);
  }
  if (!rc) rc = store_sessions_delete_for_user(db, id, err);
  if (!rc) rc = store_record_get(db, &store_users, id, &after, err);
  if (!rc) rc = store_audit_append(db, &cli_actor, "user", id, "update", before, after, c->now, err);
  if (!rc) printf("user %s disabled; their sessions were ended\n", opt(c, "--username"));
  json_decref(before);
  json_decref(after);
  return rc;
}

static int user_list(Db *db, void *ctx, Error *err) {
  (void)ctx;
  StorePage page = {0};
  StoreCursor after = {NULL, 0};
  printf("%-6s %-24s %-16s %-8s %s\n", "id", "username", "role", "active", "name");
  do {
    if (store_users_list(db, after, 200, &page, err)) return -1;
    size_t i;
    json_t *u;
    json_array_foreach(page.items, i, u)
      printf("%-6lld %-24s %-16s %-8s %s\n", (long long)json_integer_value(json_object_get(u, "id")),
             json_string_value(json_object_get(u, "username")), json_string_value(json_object_get(u, "role")),
             json_integer_value(json_object_get(u, "active")) ? "yes" : "no",
             json_string_value(json_object_get(u, "display_name")));
    free((char *)after.key);
    after.key = page.more ? strdup(page.next_key) : NULL;
    after.id = page.next_id;
    int more = page.more;
    store_page_free(&page);
    if (!more) break;
  } while (1);
  free((char *)after.key);
  return 0;
}

int cmd_user(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--db", 1},    {"--username", 1}, {"--display-name", 1},  {"--role", 1},
                                        {"--team", 1},  {"--manager", 1},  {"--email", 1},         {"--password-stdin", 0},
                                        {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk user add --username U --display-name NAME --role ROLE [--team TEAM]\n"
      "                          [--manager USERNAME] [--email E] [--password-stdin] [--db URL]\n"
      "       forgedesk user passwd --username U [--password-stdin] [--db URL]\n"
      "       forgedesk user disable --username U [--db URL]\n"
      "       forgedesk user list [--db URL]\n\n"
      "Roles: agent, team_leader, cs_manager, quality_manager, hr, admin, auditor.\n"
      "A team named with --team is created when it does not exist. The password is\n"
      "asked for on the terminal, or read as one line from stdin with --password-stdin.\n";
  CliOptions o;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  UserCommand c = {&o, specs, NULL, ""};
  time_now_text(c.now);
  const char *verb = o.nargs == 1 ? o.args[0] : "";
  int (*fn)(Db *, void *, Error *) = NULL;
  const char *const *needed = NULL;
  static const char *const add_needs[] = {"--username", "--display-name", "--role", NULL};
  static const char *const username_needed[] = {"--username", NULL};
  if (strcmp(verb, "add") == 0) fn = user_add, needed = add_needs;
  else if (strcmp(verb, "passwd") == 0) fn = user_passwd, needed = username_needed;
  else if (strcmp(verb, "disable") == 0) fn = user_disable, needed = username_needed;
  else if (strcmp(verb, "list") == 0) fn = user_list;
  for (const char *const *n = needed; n && *n; n++)
    if (!opt(&c, *n)) fn = NULL;
  if (!fn) {
    fprintf(stderr, "%s", usage);
    return EXIT_USAGE;
  }
  if (fn == user_add || fn == user_passwd) {
    c.password = read_password(opt(&c, "--password-stdin") != NULL);
    if (!c.password) {
      fprintf(stderr, "forgedesk: no password given (use --password-stdin when not on a terminal)\n");
      return EXIT_USAGE;
    }
  }
  Db *db = NULL;
  int rc = cli_open_store(cli_value(&o, specs, "--db", CLI_DEFAULT_DB), &db) ? EXIT_FAILED : in_transaction(db, fn, &c);
  if (c.password) sodium_memzero(c.password, strlen(c.password));
  free(c.password);
  return rc;
}

static int token_create(Db *db, void *ctx, Error *err) {
  UserCommand *c = ctx;
  json_t *user = NULL;
  if (find_user(db, opt(c, "--username"), &user, err)) return -1;
  int64_t user_id = json_integer_value(json_object_get(user, "id"));
  json_decref(user);
  char token[SESSION_TOKEN_TEXT], hash[SESSION_HASH_HEX];
  session_new_token(token);
  session_hash_token(token, hash);
  int64_t id;
  const char *label = opt(c, "--label") ? opt(c, "--label") : "integration";
  if (store_token_insert(db, user_id, label, hash, c->now, &id, err)) return -1;
  json_t *after = json_pack("{s:I, s:I, s:s}", "id", (json_int_t)id, "user_id", (json_int_t)user_id, "label", label);
  int rc = store_audit_append(db, &cli_actor, "api_token", id, "create", NULL, after, c->now, err);
  json_decref(after);
  if (!rc) printf("%s\n", token);
  return rc;
}

static int token_revoke(Db *db, void *ctx, Error *err) {
  UserCommand *c = ctx;
  char hash[SESSION_HASH_HEX];
  session_hash_token(opt(c, "--token"), hash);
  int found = 0;
  if (store_token_revoke(db, hash, c->now, &found, err)) return -1;
  if (!found) return error_set(err, 404, "Not found", "no live token matches");
  json_t *after = json_pack("{s:s}", "revoked_at", c->now);
  int rc = store_audit_append(db, &cli_actor, "api_token", 0, "revoke", NULL, after, c->now, err);
  json_decref(after);
  if (!rc) printf("token revoked\n");
  return rc;
}

int cmd_token(int argc, char **argv) {
  static const CliOptionSpec specs[] = {{"--db", 1}, {"--username", 1}, {"--label", 1}, {"--token", 1}, {NULL, 0}};
  static const char usage[] =
      "usage: forgedesk token create --username U [--label TEXT] [--db URL]\n"
      "       forgedesk token revoke --token TOKEN [--db URL]\n\n"
      "create prints a new API token once; send it as `Authorization: Bearer TOKEN`.\n"
      "Only its hash is stored.\n";
  CliOptions o;
  int p = cli_parse(argc, argv, specs, usage, &o);
  if (p) return p > 0 ? EXIT_OK : EXIT_USAGE;
  UserCommand c = {&o, specs, NULL, ""};
  time_now_text(c.now);
  const char *verb = o.nargs == 1 ? o.args[0] : "";
  int (*fn)(Db *, void *, Error *) = NULL;
  if (strcmp(verb, "create") == 0 && opt(&c, "--username")) fn = token_create;
  else if (strcmp(verb, "revoke") == 0 && opt(&c, "--token")) fn = token_revoke;
  if (!fn) {
    fprintf(stderr, "%s", usage);
    return EXIT_USAGE;
  }
  Db *db = NULL;
  return cli_open_store(cli_value(&o, specs, "--db", CLI_DEFAULT_DB), &db) ? EXIT_FAILED : in_transaction(db, fn, &c);
}
