/* The SQLite driver: WAL journal, synchronous=FULL (a write is on disk before
 * it is acknowledged), foreign keys on, a per-connection cache of prepared
 * statements keyed by the address of their static SQL text, the stamp
 * that tells whether a kept read snapshot is still the latest, online backup
 * and restore, and storage faults (full, read-only, failing) as 507 or 503. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "store/db.h"

#define STMT_CACHE_SIZE 1024 /* open addressing; more than the ~450 statements we have */
#define MAX_PARAMS 64

typedef struct CachedStmt {
  const char *sql;
  sqlite3_stmt *stmt;
  int in_use;
  int without_returning; /* prepared without the text's DB_RETURNING_ID (db_sqlite_insert) */
  int nparams;
  int index_of[MAX_PARAMS + 1]; /* $n -> SQLite's parameter index */
} CachedStmt;

/* The WAL-index header (sqlite.org/walformat.html): two 48-byte copies at
 * the start of the -shm file, which every committing connection of any
 * process rewrites (its change counter, last frame and salts), copy 2 first. */
#define WAL_HEADER_BYTES 48
#define WAL_SHM_REGION_BYTES 32768 /* the size SQLite maps the WAL index in */
/* A kept snapshot older than this is ended even if nothing changed, so that
 * checkpoints are never held back for long. */
#define SNAPSHOT_MAX_AGE_NS (100 * 1000000LL)
#define BUSY_TIMEOUT_MS 10000

typedef struct SqliteDb {
  Db base;
  sqlite3 *handle;
  char *path;
  const volatile unsigned char *shm; /* the WAL index as SQLite maps it (its to unmap); NULL until needed */
  int shm_failed;
  unsigned char stamp[WAL_HEADER_BYTES]; /* the header when the kept snapshot began */
  int stamp_valid;
  int64_t stamp_taken_ns; /* CLOCK_MONOTONIC */
  CachedStmt cache[STMT_CACHE_SIZE];
} SqliteDb;

typedef struct SqliteRows {
  const DbDriver *driver;
  SqliteDb *db;
  CachedStmt *cached;   /* the cache slot, or NULL for a one-off statement */
  sqlite3_stmt *stmt;
  int64_t changes;
} SqliteRows;

static atomic_int checkpoints_deferred; /* see store_defer_checkpoints */
/* Set when a write or a checkpoint of this process found the disk full,
 * cleared by the checkpoint that has emptied the WAL afterwards; see
 * db_sqlite_refuse_writes. */
static atomic_int disk_full;

static int disk_full_error(Error *err) {
  return error_set(err, 507, "Insufficient storage", "the disk holding the database is full; nothing was saved");
}

/* Sets or clears disk_full, saying so on stderr when it changes where it
 * holds writes back (checkpoints deferred to a thread of their own: serve;
 * see db_sqlite_refuse_writes): the operator sees when writes began to be
 * refused, why, and when they stopped. */
static void set_disk_full(int full, const char *why) {
  if (atomic_exchange(&disk_full, full) != full && atomic_load(&checkpoints_deferred))
    fprintf(stderr, full ? "forgedesk: the disk holding the database is full (%s): writes refused until a checkpoint "
                           "has emptied the WAL\n"
                         : "forgedesk: room on the disk again (%s): writes accepted\n",
            why);
}

static int sqlite_error(SqliteDb *db, int rc, Error *err) {
  int ext = sqlite3_extended_errcode(db->handle);
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
    return error_set(err, 409, "Conflict", "a record with this value already exists (%s)", sqlite3_errmsg(db->handle));
  if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
    return error_set(err, 409, "Conflict", "the record is still referenced by other records");
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
    return error_set(err, 503, "Store busy", "the database is busy; retry shortly");
  /* Storage faults: the change is not saved, and another try may succeed
   * once space or write access is back, without a restart. */
  int primary = ext & 0xff;
  if (primary == SQLITE_FULL) { /* ENOSPC; other failed writes (EFBIG, EDQUOT, EIO) are I/O errors below */
    set_disk_full(1, sqlite3_errmsg(db->handle));
    return disk_full_error(err);
  }
  if (primary == SQLITE_READONLY)
    return error_set(err, 503, "Store read-only", "the database cannot be written (%s); nothing was saved",
                     sqlite3_errmsg(db->handle));
  if (primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN)
    return error_set(err, 503, "Store I/O error", "the database could not be read or written (%s); nothing was saved",
                     sqlite3_errmsg(db->handle));
  /* SQLite rolls a whole transaction back itself after some faults (a full
   * disk in the middle of it); what follows fails for want of it. */
  if (db->base.in_transaction && sqlite3_get_autocommit(db->handle))
    return error_set(err, 503, "Store error", "the database rolled the transaction back after a fault (%s); "
                     "nothing was saved", sqlite3_errmsg(db->handle));
  return error_set(err, 500, "Store error", "sqlite: %s", sqlite3_errmsg(db->handle));
}

/* Turns off SQLite's memory statistics before its first use: keeping them
 * takes a process-wide mutex on every allocation, which the event loops'
 * connections would contend for on every read. */
static void sqlite_configure(void) {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  sqlite3_initialize();
}

/* Why a database could not be opened or set up: a read-only file or file
 * system (503: writes may come back without anything to repair) or
 * anything else (500). Frees db. Returns -1. */
static int open_failed(SqliteDb *db, const char *path, const char *what, const char *msg, Error *err) {
  char *dir = strdup(path);
  if (!dir) abort();
  char *slash = strrchr(dir, '/');
  if (slash) *slash = '\0';
  int unwritable = (access(path, W_OK) != 0 && (errno == EROFS || errno == EACCES)) ||
                   (access(slash ? (*dir ? dir : "/") : ".", W_OK) != 0 && (errno == EROFS || errno == EACCES));
  int saved = errno;
  free(dir);
  if (unwritable)
    error_set(err, 503, "Store read-only", "cannot %s %s: it or its folder cannot be written (%s); forgedesk needs "
              "to write the database and its -wal and -shm files beside it", what, path, strerror(saved));
  else
    error_set(err, 500, "Store error", "cannot %s %s: %s", what, path, msg);
  sqlite3_close(db->handle);
  free(db);
  return -1;
}

static int sqlite_open(const char *path, Db **out, Error *err) {
  static pthread_once_t configured = PTHREAD_ONCE_INIT;
  pthread_once(&configured, sqlite_configure);
  SqliteDb *db = calloc(1, sizeof *db);
  if (!db) abort();
  db->base.driver = &db_sqlite_driver;
  db->base.kind = DB_SQLITE;
  int rc = sqlite3_open_v2(path, &db->handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK) return open_failed(db, path, "open", db->handle ? sqlite3_errmsg(db->handle) : "no memory", err);
  sqlite3_busy_timeout(db->handle, BUSY_TIMEOUT_MS);
  /* Pages are read into the page cache, not mapped: every mapped page a
   * connection touches stays in the resident memory, and on the million
   * cases a 256 MiB mapping saved no measurable time (docs/PERFORMANCE.md,
   * "Sustained mixed load"). */
  static const char *const pragmas =
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
      "PRAGMA mmap_size=0;";
  char *msg = NULL;
  if (sqlite3_exec(db->handle, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
    char detail[256];
    snprintf(detail, sizeof detail, "%s", msg ? msg : "?");
    sqlite3_free(msg);
    return open_failed(db, path, "configure", detail, err);
  }
  if (atomic_load(&checkpoints_deferred)) sqlite3_wal_autocheckpoint(db->handle, 0);
  db->path = strdup(path);
  if (!db->path) abort();
  *out = &db->base;
  return 0;
}

static void sqlite_close(Db *base) {
  SqliteDb *db = (SqliteDb *)base;
  free(db->path);
  for (int i = 0; i < STMT_CACHE_SIZE; i++) sqlite3_finalize(db->cache[i].stmt);
  sqlite3_close(db->handle);
  free(db);
}

static CachedStmt *cache_slot(SqliteDb *db, const char *sql) {
  size_t h = ((uintptr_t)sql >> 3) % STMT_CACHE_SIZE;
  for (int probe = 0; probe < STMT_CACHE_SIZE; probe++) {
    CachedStmt *slot = &db->cache[(h + probe) % STMT_CACHE_SIZE];
    if (slot->sql == sql || slot->sql == NULL) return slot;
  }
  return NULL;
}

/* Prepares sql into a cache slot or a one-off; without_returning leaves out
 * the DB_RETURNING_ID the text ends in (db_insert has checked it does). */
static int prepare(SqliteDb *db, const char *sql, int without_returning, CachedStmt *into, unsigned flags, Error *err) {
  int length = without_returning ? (int)(strlen(sql) - strlen(DB_RETURNING_ID)) : -1;
  int rc = sqlite3_prepare_v3(db->handle, sql, length, flags, &into->stmt, NULL);
  if (rc != SQLITE_OK) return sqlite_error(db, rc, err);
  into->sql = sql;
  into->without_returning = without_returning;
  into->nparams = 0;
  char name[16];
  for (int n = 1; n <= MAX_PARAMS; n++) {
    snprintf(name, sizeof name, "$%d", n);
    int idx = sqlite3_bind_parameter_index(into->stmt, name);
    if (!idx) break;
    into->index_of[n] = idx;
    into->nparams = n;
  }
  return 0;
}

static int query(SqliteDb *db, const char *sql, int without_returning, const DbParam *params, int nparams,
                 DbRows **out, Error *err) {
  SqliteRows *rows = calloc(1, sizeof *rows);
  if (!rows) abort();
  rows->driver = &db_sqlite_driver;
  rows->db = db;
  CachedStmt *slot = cache_slot(db, sql);
  if (slot && slot->sql && slot->without_returning != without_returning) slot = NULL; /* the text run both ways */
  CachedStmt oneoff = {0};
  CachedStmt *use = slot && !slot->in_use ? slot : &oneoff;
  if (use->sql == NULL &&
      prepare(db, sql, without_returning, use, use == slot ? SQLITE_PREPARE_PERSISTENT : 0, err)) {
    free(rows);
    return -1;
  }
  if (use == &oneoff) {
    rows->cached = NULL;
  } else {
    rows->cached = slot;
    slot->in_use = 1;
  }
  rows->stmt = use->stmt;
  if (nparams != use->nparams) {
    int expected = use->nparams;
    if (use == &oneoff) sqlite3_finalize(oneoff.stmt);
    else slot->in_use = 0;
    free(rows);
    return error_set(err, 500, "Store error", "statement expects %d parameters, got %d", expected, nparams);
  }
  for (int n = 1; n <= nparams; n++) {
    const DbParam *p = &params[n - 1];
    int idx = use->index_of[n];
    if (p->type == DB_PARAM_INT) sqlite3_bind_int64(rows->stmt, idx, p->i);
    else if (p->type == DB_PARAM_TEXT) sqlite3_bind_text(rows->stmt, idx, p->s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(rows->stmt, idx);
  }
  *out = (DbRows *)rows;
  return 0;
}

static int sqlite_query(Db *base, const char *sql, const DbParam *params, int nparams, DbRows **out, Error *err) {
  return query((SqliteDb *)base, sql, 0, params, nparams, out, err);
}

static int sqlite_next(DbRows *r, Error *err) {
  SqliteRows *rows = (SqliteRows *)r;
  int rc = sqlite3_step(rows->stmt);
  if (rc == SQLITE_ROW) return 1;
  if (rc == SQLITE_DONE) {
    rows->changes = sqlite3_changes(rows->db->handle);
    return 0;
  }
  return sqlite_error(rows->db, rc, err);
}

static int sqlite_column_count(DbRows *r) { return sqlite3_column_count(((SqliteRows *)r)->stmt); }
static const char *sqlite_column_name(DbRows *r, int c) { return sqlite3_column_name(((SqliteRows *)r)->stmt, c); }
static int sqlite_is_null(DbRows *r, int c) { return sqlite3_column_type(((SqliteRows *)r)->stmt, c) == SQLITE_NULL; }
static int sqlite_is_integer(DbRows *r, int c) {
  return sqlite3_column_type(((SqliteRows *)r)->stmt, c) == SQLITE_INTEGER;
}
static int64_t sqlite_get_int(DbRows *r, int c) { return sqlite3_column_int64(((SqliteRows *)r)->stmt, c); }
static const char *sqlite_get_text(DbRows *r, int c) {
  return (const char *)sqlite3_column_text(((SqliteRows *)r)->stmt, c);
}
static int64_t sqlite_changes(DbRows *r) { return ((SqliteRows *)r)->changes; }

static void sqlite_free_rows(DbRows *r) {
  SqliteRows *rows = (SqliteRows *)r;
  if (rows->cached) {
    sqlite3_reset(rows->stmt);
    sqlite3_clear_bindings(rows->stmt);
    rows->cached->in_use = 0;
  } else {
    sqlite3_finalize(rows->stmt);
  }
  free(rows);
}

int db_sqlite_insert(Db *base, const char *sql, const DbParam *params, int nparams, int64_t *id, Error *err) {
  SqliteDb *db = (SqliteDb *)base;
  DbRows *rows = NULL;
  if (query(db, sql, 1, params, nparams, &rows, err)) return -1;
  int rc = sqlite_next(rows, err);
  if (rc == 0 && ((SqliteRows *)rows)->changes == 1) *id = sqlite3_last_insert_rowid(db->handle);
  sqlite_free_rows(rows);
  if (rc == 1) return error_set(err, 500, "Store error", "an insert run for its id returned rows");
  return rc < 0 ? -1 : 0;
}

int db_sqlite_exec_script(Db *base, const char *sql, Error *err) {
  SqliteDb *db = (SqliteDb *)base;
  char *msg = NULL;
  if (sqlite3_exec(db->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
    error_set(err, 500, "Store error", "sqlite: %s", msg ? msg : "?");
    sqlite3_free(msg);
    return -1;
  }
  return 0;
}

void db_sqlite_defer_checkpoints(void) { atomic_store(&checkpoints_deferred, 1); }

static int64_t monotonic_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* A WAL starts again from its beginning only when a write finds it all
 * copied into the database and no reader using it. Under steady load the
 * loops' kept snapshots always use it, so it would grow without end (a
 * gigabyte in five minutes of bench/sustained.sh), and with it the WAL
 * index every connection maps and searches on each page read. So once a
 * passive checkpoint leaves at least WAL_RESTART_FRAMES, the kept snapshots
 * are given up (restart_wanted, read by db_sqlite_snapshot_current) and a
 * RESTART checkpoint waits up to WAL_RESTART_WAIT_MS for the readers to
 * leave the WAL, holding writers back for that long at most; when it cannot,
 * a pass tries again WAL_RESTART_RETRY_NS later. */
#define WAL_RESTART_FRAMES 16384 /* 64 MiB of SQLite's default 4 KiB pages */
#define WAL_RESTART_WAIT_MS 200
/* After a restart that could not be made (a long read elsewhere: a backup,
 * `kpi verify`), writers are not held back again before this long. */
#define WAL_RESTART_RETRY_NS (10 * 1000000000LL)
static atomic_int restart_wanted;
static _Atomic int64_t restart_not_before_ns;

/* A checkpoint of mode RESTART or TRUNCATE: the kept snapshots given up,
 * writers held back WAL_RESTART_WAIT_MS at most. */
static int wal_start_again(SqliteDb *db, int mode) {
  atomic_store(&restart_wanted, 1);
  sqlite3_busy_timeout(db->handle, WAL_RESTART_WAIT_MS);
  int rc = sqlite3_wal_checkpoint_v2(db->handle, NULL, mode, NULL, NULL);
  sqlite3_busy_timeout(db->handle, BUSY_TIMEOUT_MS);
  atomic_store(&restart_wanted, 0);
  return rc;
}

/* A full disk is a deadlock unless writers wait: the WAL cannot start again
 * before all of it is in the database, the database cannot grow into space
 * that is not there, and when space comes back the writers, appending to the
 * WAL a few times a second each, take it before the next checkpoint can. So
 * once the disk has been found full, writes are refused at once (507) until
 * a checkpoint has copied the whole WAL into the database and truncated it,
 * which gives its space back too, or finds room for twice the WAL a restart
 * allows. Only with a checkpointer in the process
 * (serve): elsewhere nothing would clear the refusal. */
int db_sqlite_refuse_writes(Error *err) {
  return atomic_load(&checkpoints_deferred) && atomic_load(&disk_full) ? disk_full_error(err) : 0;
}

/* The first row's first column of sql on handle as text into out; 0 or an SQLite code. */
static int first_text(sqlite3 *handle, const char *sql, char *out, size_t size) {
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2(handle, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const unsigned char *v = sqlite3_column_text(stmt, 0);
    snprintf(out, size, "%s", v ? (const char *)v : "");
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Whether the database's file system has room for a WAL as large as a
 * restart lets it grow, and more: writes can go on while it empties. */
static int disk_has_room(const SqliteDb *db) {
  char page_size[24];
  uint64_t page_bytes = first_text(db->handle, "PRAGMA page_size", page_size, sizeof page_size) == SQLITE_OK
                            ? strtoull(page_size, NULL, 10)
                            : 0;
  struct statvfs fs;
  return page_bytes > 0 && statvfs(db->path, &fs) == 0 &&
         (uint64_t)fs.f_bavail * fs.f_frsize >= 2ull * WAL_RESTART_FRAMES * page_bytes;
}

int db_sqlite_checkpoint(Db *base, Error *err) {
  SqliteDb *db = (SqliteDb *)base;
  int frames = 0, copied = 0;
  int rc = sqlite3_wal_checkpoint_v2(db->handle, NULL, SQLITE_CHECKPOINT_PASSIVE, &frames, &copied);
  if (rc == SQLITE_OK && atomic_load(&disk_full)) {
    if (copied == frames && (rc = wal_start_again(db, SQLITE_CHECKPOINT_TRUNCATE)) == SQLITE_OK)
      set_disk_full(0, "the WAL emptied");
    else if (disk_has_room(db)) /* a long read elsewhere may keep the WAL from emptying */
      set_disk_full(0, "room for the WAL");
  } else if (rc == SQLITE_OK && frames >= WAL_RESTART_FRAMES &&
             monotonic_ns() >= atomic_load(&restart_not_before_ns)) {
    rc = wal_start_again(db, SQLITE_CHECKPOINT_RESTART);
    if (rc == SQLITE_BUSY) atomic_store(&restart_not_before_ns, monotonic_ns() + WAL_RESTART_RETRY_NS);
  }
  return rc == SQLITE_OK || rc == SQLITE_BUSY ? 0 : sqlite_error(db, rc, err);
}

/* Copies every page of from's main database into to's, in one step: one read
 * transaction on from, so the copy is one consistent snapshot, and in WAL mode
 * a reader never blocks the writers (a copy in small steps restarts whenever
 * another connection commits, and under steady writes never ends). */
static int copy_database(sqlite3 *from, sqlite3 *to) {
  sqlite3_backup *job = sqlite3_backup_init(to, "main", from, "main");
  if (!job) return sqlite3_errcode(to);
  int rc;
  while ((rc = sqlite3_backup_step(job, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(5);
  int finished = sqlite3_backup_finish(job);
  return rc == SQLITE_DONE ? finished : rc;
}

int db_sqlite_backup(Db *base, const char *path, Error *err) {
  SqliteDb *db = (SqliteDb *)base;
  sqlite3 *dest = NULL;
  if (sqlite3_open(path, &dest) != SQLITE_OK) {
    error_set(err, 500, "Backup failed", "cannot create %s: %s", path, sqlite3_errmsg(dest));
    sqlite3_close(dest);
    return -1;
  }
  int failed = copy_database(db->handle, dest) != SQLITE_OK;
  if (failed) error_set(err, 500, "Backup failed", "backup to %s failed: %s", path, sqlite3_errmsg(dest));
  sqlite3_close(dest);
  return failed ? -1 : 0;
}

/* The byte of the WAL index every connection in WAL mode holds a shared
 * lock on while it has the database open (SQLite's "DMS" lock). */
#define WAL_DMS_LOCK_OFFSET 128

int db_sqlite_in_use(const char *path) {
  size_t n = strlen(path);
  char *shm = malloc(n + 5);
  if (!shm) abort();
  memcpy(shm, path, n);
  memcpy(shm + n, "-shm", 5);
  int fd = open(shm, O_RDONLY | O_CLOEXEC);
  free(shm);
  if (fd < 0) return 0; /* no WAL index: nobody has it open in WAL mode */
  struct flock probe = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = WAL_DMS_LOCK_OFFSET, .l_len = 1};
  int used = fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  close(fd); /* this process holds no lock on it yet, so closing drops none */
  return used;
}

int db_sqlite_restore(Db *base, const char *path, int force, int latest_version, Error *err) {
  SqliteDb *db = (SqliteDb *)base;
  char text[256] = "";
  if (first_text(db->handle, "SELECT count(*) FROM sqlite_schema", text, sizeof text))
    return sqlite_error(db, sqlite3_errcode(db->handle), err);
  if (atoi(text) > 0 && !force)
    return error_set(err, 409, "Database exists", "%s already holds a database; restore replaces it only with --force",
                     db->path);
  sqlite3 *src = NULL;
  /* read-only and never created: a mistyped name must not become an empty "backup" */
  if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
    error_set(err, 422, "Backup unreadable", "cannot open the backup %s: %s", path, sqlite3_errmsg(src));
    sqlite3_close(src);
    return -1;
  }
  int rc = 0;
  if (first_text(src, "PRAGMA quick_check", text, sizeof text) || strcmp(text, "ok") != 0)
    rc = error_set(err, 422, "Backup damaged", "%s is not an intact SQLite database: %s", path,
                   *text ? text : sqlite3_errmsg(src));
  else if (first_text(src, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", text, sizeof text))
    rc = error_set(err, 422, "Not a forgedesk backup", "%s has no forgedesk schema: %s", path, sqlite3_errmsg(src));
  else if (atoi(text) > latest_version)
    rc = error_set(err, 409, "Backup too new", "%s is at schema version %s, this forgedesk knows only up to %d", path,
                   text, latest_version);
  else if (copy_database(src, db->handle) != SQLITE_OK)
    rc = sqlite_error(db, sqlite3_errcode(db->handle), err);
  sqlite3_close(src);
  return rc;
}

const DbDriver db_sqlite_driver = {
    .open = sqlite_open,
    .close = sqlite_close,
    .query = sqlite_query,
    .next = sqlite_next,
    .column_count = sqlite_column_count,
    .column_name = sqlite_column_name,
    .is_null = sqlite_is_null,
    .is_integer = sqlite_is_integer,
    .get_int = sqlite_get_int,
    .get_text = sqlite_get_text,
    .changes = sqlite_changes,
    .free_rows = sqlite_free_rows,
};

/* --- keeping a read snapshot between requests ------------------------------------------- */

/* Finds the WAL index's first region as this connection's own VFS has it
 * mapped (xShmMap without extending), once; 0 when it can be read. The
 * -shm file is never opened here: closing a descriptor of it would drop
 * every POSIX lock this process holds on it, SQLite's included, and another
 * process would then take the index for unused and rebuild it under us. */
static int map_shm(SqliteDb *db) {
  if (db->shm) return 0;
  if (db->shm_failed) return -1;
  sqlite3_file *file = NULL;
  volatile void *region = NULL;
  if (sqlite3_file_control(db->handle, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file ||
      !file->pMethods || file->pMethods->iVersion < 2 || !file->pMethods->xShmMap) {
    db->shm_failed = 1; /* no WAL index to read: every read starts a new snapshot */
    return -1;
  }
  if (file->pMethods->xShmMap(file, 0, WAL_SHM_REGION_BYTES, 0, &region) != SQLITE_OK || !region)
    return -1; /* not mapped yet: the next read tries again */
  db->shm = (const volatile unsigned char *)region;
  return 0;
}

/* Copies the header into out as SQLite's own readers do: copy 1, a barrier,
 * copy 2; returns 0 when both agree and the index is initialised, -1 while
 * a writer is between them or when there is no index. */
static int read_wal_header(SqliteDb *db, unsigned char out[WAL_HEADER_BYTES]) {
  if (map_shm(db)) return -1;
  unsigned char second[WAL_HEADER_BYTES];
  for (int i = 0; i < WAL_HEADER_BYTES; i++) out[i] = db->shm[i];
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  for (int i = 0; i < WAL_HEADER_BYTES; i++) second[i] = db->shm[WAL_HEADER_BYTES + i];
  const int is_init_offset = 12;
  return memcmp(out, second, WAL_HEADER_BYTES) == 0 && out[is_init_offset] ? 0 : -1;
}

void db_sqlite_snapshot_mark(Db *base) {
  SqliteDb *db = (SqliteDb *)base;
  db->stamp_valid = read_wal_header(db, db->stamp) == 0;
  db->stamp_taken_ns = monotonic_ns();
}

int db_sqlite_snapshot_current(Db *base) {
  SqliteDb *db = (SqliteDb *)base;
  unsigned char now[WAL_HEADER_BYTES];
  return db->stamp_valid && !atomic_load(&restart_wanted) &&
         monotonic_ns() - db->stamp_taken_ns < SNAPSHOT_MAX_AGE_NS && read_wal_header(db, now) == 0 &&
         memcmp(now, db->stamp, WAL_HEADER_BYTES) == 0;
}

int db_sqlite_snapshot_stamp(Db *base, unsigned char out[DB_STAMP_BYTES]) {
  SqliteDb *db = (SqliteDb *)base;
  if (!db->stamp_valid) return 0;
  memcpy(out, db->stamp, WAL_HEADER_BYTES);
  return WAL_HEADER_BYTES;
}

/* The event loops' read connections serve the dashboards: their page cache
 * (KiB) is SQLite's 2 MiB and they map nothing, as every connection, unless
 * FORGEDESK_READ_CACHE_KIB or FORGEDESK_READ_MMAP_BYTES say otherwise
 * (bench/read-cache.sh measures them: docs/PERFORMANCE.md, "Dashboards at
 * scale"). Values that are not whole numbers are ignored. */
void db_sqlite_size_reads(Db *base) {
  char sql[128];
  const char *cache = getenv("FORGEDESK_READ_CACHE_KIB"), *map = getenv("FORGEDESK_READ_MMAP_BYTES");
  if (!cache || !*cache || strspn(cache, "0123456789") != strlen(cache) || strlen(cache) > 12) cache = "2000";
  if (!map || !*map || strspn(map, "0123456789") != strlen(map) || strlen(map) > 15) map = "0";
  snprintf(sql, sizeof sql, "PRAGMA cache_size=-%s; PRAGMA mmap_size=%s;", cache, map);
  sqlite3_exec(((SqliteDb *)base)->handle, sql, NULL, NULL, NULL); /* a pragma refused leaves SQLite's own size */
}

/* sqlite3_update_hook's and sqlite3_rollback_hook's side of db_watch: the
 * second also covers a transaction SQLite rolls back by itself (a full
 * disk). Neither may use the connection. */
static void on_row_changed(void *arg, int op, const char *database, const char *table, sqlite3_int64 rowid) {
  Db *db = arg;
  (void)database;
  DbChange change = op == SQLITE_INSERT ? DB_ROW_INSERTED : op == SQLITE_DELETE ? DB_ROW_DELETED : DB_ROW_UPDATED;
  db->watch(db->watch_ctx, change, table, rowid);
}

static void on_rolled_back(void *arg) {
  Db *db = arg;
  db->watch(db->watch_ctx, DB_ROWS_UNDONE, NULL, 0);
}

void db_sqlite_watch_install(Db *base) {
  SqliteDb *db = (SqliteDb *)base;
  sqlite3_update_hook(db->handle, on_row_changed, base);
  sqlite3_rollback_hook(db->handle, on_rolled_back, base);
}

int db_sqlite_data_version(Db *db, int64_t *out, Error *err) {
  static const char sql[] = "PRAGMA data_version";
  int found = 0;
  return db_fetch_int(db, sql, NULL, 0, out, &found, err);
}

int db_sqlite_has_written(Db *base) { return sqlite3_txn_state(((SqliteDb *)base)->handle, NULL) == SQLITE_TXN_WRITE; }
