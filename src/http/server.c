/* The h2o server and the threads behind it; see server.h. A request is copied
 * out of h2o into a Request (http.h), run by dispatch_run on whichever thread
 * suits it, and its Response is copied back on the loop that owns the
 * connection. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <h2o.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "api/allocation.h"
#include "api/sla.h"
#include "http/answer_cache.h"
#include "http/http.h"
#include "http/lmtp.h"
#include "http/security_headers.h"
#include "http/static_files.h"
#include "http/tls.h"

#define MAX_BODY_BYTES (1024 * 1024)
#define GROUP_COMMIT_MAX 128
#define CHECKPOINT_PAUSE_MS 200
#define ACCEPTS_PER_TURN 64

typedef struct Job Job;

/* A job waiting for, or finished by, a worker or the writer. */
typedef struct JobQueue {
  pthread_mutex_t lock;
  pthread_cond_t ready;
  Job *head, *tail;
  int stopping;
} JobQueue;

typedef struct LoopThread {
  h2o_context_t ctx; /* first, so a request's ctx leads back here */
  h2o_accept_ctx_t accept_ctx;
  h2o_multithread_queue_t *queue;
  h2o_multithread_receiver_t done; /* finished jobs come back here */
  Db *read_db;                     /* SQLite reads run on the loop */
  int listen_fd;
  h2o_socket_t *listener;
  pthread_t thread;
  int started;     /* loop_init succeeded */
  Error start_err; /* why it did not */
} LoopThread;

/* Lives in the request's memory pool: when h2o frees the request (e.g. the
 * client went away), the job learns that nobody waits for its answer. */
typedef struct JobGuard {
  Job *job;
} JobGuard;

/* Work from inside the process (LMTP) waiting for its group commit. */
typedef struct StoreWorkItem {
  StoreWork work;
  void *ctx;
  Error *err;
  int rc, done;
  pthread_mutex_t lock;
  pthread_cond_t finished;
} StoreWorkItem;

struct Job {
  h2o_multithread_message_t message; /* first: the link in h2o's queue */
  StoreWorkItem *item;               /* instead of a request, from server_write */
  Job *next;                         /* link in a JobQueue */
  LoopThread *owner;
  h2o_req_t *h2o_req; /* NULL once h2o has freed the request */
  JobGuard *guard;
  Request *req;
  Response res;
};

typedef struct Server {
  const ServerOptions *opts;
  int is_sqlite;
  h2o_globalconf_t config;
  SSL_CTX *tls; /* every loop's, when serving HTTPS */
  LoopThread *loops;
  int nloops;
  JobQueue pool_queue, writer_queue;
  pthread_t *workers;
  int nworkers;
  pthread_t writer, checkpointer;
  int has_writer, has_checkpointer;
} Server;

static Server server;
/* Set by the main thread when SIGINT or SIGTERM arrives; the loops look at it
 * between turns. */
static atomic_int stop_requested;
/* Set by the main thread when a loop could not start: the others stop at once. */
static atomic_int start_failed;
/* h2o's socket buffers come from the allocator of the thread that made the
 * socket (a thread-local free list), so each loop makes, runs and frees its
 * sockets in its own thread, never another's. The barriers order the steps:
 * every loop has started (or failed) → go; on shutdown, every loop has
 * stopped → the workers are stopped → each loop closes itself, so no worker
 * ever answers to a loop that is gone. */
static pthread_barrier_t loops_started, loops_go, loops_stopped, workers_stopped;

/* --- job queues ------------------------------------------------------------------ */

static void queue_init(JobQueue *q) {
  pthread_mutex_init(&q->lock, NULL);
  pthread_cond_init(&q->ready, NULL);
  q->head = q->tail = NULL;
  q->stopping = 0;
}

static void queue_push(JobQueue *q, Job *job) {
  pthread_mutex_lock(&q->lock);
  job->next = NULL;
  if (q->tail) q->tail->next = job;
  else q->head = job;
  q->tail = job;
  pthread_cond_signal(&q->ready);
  pthread_mutex_unlock(&q->lock);
}

/* Takes up to max jobs, waiting for at least one; returns NULL when stopping. */
static Job *queue_take(JobQueue *q, int max) {
  pthread_mutex_lock(&q->lock);
  while (!q->head && !q->stopping) pthread_cond_wait(&q->ready, &q->lock);
  Job *first = q->head, *last = q->head;
  for (int n = 1; last && n < max && last->next; n++) last = last->next;
  if (last) {
    q->head = last->next;
    if (!q->head) q->tail = NULL;
    last->next = NULL;
  }
  pthread_mutex_unlock(&q->lock);
  return first;
}

static void queue_stop(JobQueue *q) {
  pthread_mutex_lock(&q->lock);
  q->stopping = 1;
  pthread_cond_broadcast(&q->ready);
  pthread_mutex_unlock(&q->lock);
}

static void job_finished(Job *job) { h2o_multithread_send_message(&job->owner->done, &job->message); }

static int open_store(Db **db) {
  Error err = ERROR_INIT;
  if (store_open(server.opts->db_url, db, &err)) {
    fprintf(stderr, "forgedesk: %s\n", err.detail);
    error_clear(&err);
    return -1;
  }
  return 0;
}

static void *worker_main(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "fd-worker"); /* names shown by top -H and perf */
  Db *db = NULL;
  if (open_store(&db)) return NULL;
  Job *job;
  while ((job = queue_take(&server.pool_queue, 1)) != NULL) {
    dispatch_run(job->req, db, 0, &job->res);
    job_finished(job);
  }
  store_close(db);
  return NULL;
}

/* Runs one piece of work in its own savepoint of the writer's transaction. */
static void work_run(StoreWorkItem *item, Db *db, int began, const Error *begin_err) {
  if (!began) {
    item->rc = error_set(item->err, 503, "Store error", "%s", begin_err->detail ? begin_err->detail : "cannot begin");
    return;
  }
  item->rc = store_savepoint(db, item->err);
  if (!item->rc) item->rc = item->work(db, item->ctx, item->err);
  if (item->rc) store_rollback_to_savepoint(db);
  else if ((item->rc = store_release_savepoint(db, item->err)) != 0) store_rollback_to_savepoint(db);
}

static void work_finished(Job *job) {
  StoreWorkItem *item = job->item;
  free(job);
  pthread_mutex_lock(&item->lock);
  item->done = 1;
  pthread_cond_signal(&item->finished);
  pthread_mutex_unlock(&item->lock);
}

int server_write(StoreWork work, void *ctx, Error *err) {
  if (!server.has_writer) return error_set(err, 503, "Unavailable", "no SQLite writer is running");
  StoreWorkItem item = {.work = work, .ctx = ctx, .err = err};
  pthread_mutex_init(&item.lock, NULL);
  pthread_cond_init(&item.finished, NULL);
  Job *job = calloc(1, sizeof *job);
  if (!job) abort();
  job->item = &item;
  queue_push(&server.writer_queue, job);
  pthread_mutex_lock(&item.lock);
  while (!item.done) pthread_cond_wait(&item.finished, &item.lock);
  pthread_mutex_unlock(&item.lock);
  pthread_mutex_destroy(&item.lock);
  pthread_cond_destroy(&item.finished);
  return item.rc;
}

/* Runs queued writes in one SQLite transaction, one savepoint each, so a
 * single fsync makes a whole group durable; answers go out after the commit. */
static void *writer_main(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "fd-writer");
  Db *db = NULL;
  if (open_store(&db)) return NULL;
  Job *group;
  while ((group = queue_take(&server.writer_queue, GROUP_COMMIT_MAX)) != NULL) {
    Error err = ERROR_INIT;
    int began = store_begin_write(db, &err) == 0;
    for (Job *j = group; j; j = j->next) {
      if (j->item) work_run(j->item, db, began, &err);
      else if (began) dispatch_run(j->req, db, 1, &j->res);
      else http_problem(&j->res, &err);
    }
    int committed = began && store_commit(db, &err) == 0;
    for (Job *j = group; j; j = j->next)
      if (!committed && !j->item) http_problem(&j->res, &err);
      else if (!committed && j->item && j->item->rc == 0)
        j->item->rc = error_set(j->item->err, err.status ? err.status : 500, "Store error", "%s",
                                err.detail ? err.detail : "the group commit failed");
    error_clear(&err);
    for (Job *j = group, *next; j; j = next) {
      next = j->next;
      if (j->item) work_finished(j);
      else job_finished(j);
    }
  }
  store_close(db);
  return NULL;
}

/* Copies the WAL into the SQLite database a few times a second, so that no
 * commit pays for it (store_defer_checkpoints). */
static void *checkpointer_main(void *arg) {
  (void)arg;
  pthread_setname_np(pthread_self(), "fd-checkpoint");
  Db *db = NULL;
  if (open_store(&db)) return NULL;
  const struct timespec pause = {0, CHECKPOINT_PAUSE_MS * 1000000L};
  int failing = 0; /* told once, not five times a second */
  while (!atomic_load(&stop_requested)) {
    nanosleep(&pause, NULL);
    Error err = ERROR_INIT;
    int rc = store_checkpoint(db, &err);
    if (rc && !failing) fprintf(stderr, "forgedesk: checkpoint: %s\n", err.detail ? err.detail : "failed");
    else if (!rc && failing) fprintf(stderr, "forgedesk: checkpoint: working again\n");
    failing = rc != 0;
    error_clear(&err);
  }
  store_close(db);
  return NULL;
}

/* --- from h2o and back ----------------------------------------------------------------- */

static char *header_copy(h2o_req_t *r, const h2o_token_t *token, const char *name) {
  ssize_t i = token ? h2o_find_header(&r->headers, token, -1) : h2o_find_header_by_str(&r->headers, name, strlen(name), -1);
  if (i < 0) return NULL;
  h2o_iovec_t v = r->headers.entries[i].value;
  return strndup(v.base, v.len);
}

static Request *request_from_h2o(h2o_req_t *r, HttpMethod method, const char *path, size_t path_len) {
  Request *req = calloc(1, sizeof *req);
  if (!req) abort();
  req->method = method;
  req->path = strndup(path, path_len);
  req->query = r->query_at != SIZE_MAX ? strndup(r->path.base + r->query_at + 1, r->path.len - r->query_at - 1)
                                       : strdup("");
  req->body = malloc(r->entity.len + 1);
  if (!req->path || !req->query || !req->body) abort();
  if (r->entity.len) memcpy(req->body, r->entity.base, r->entity.len);
  req->body[r->entity.len] = '\0';
  req->body_len = r->entity.len;
  req->content_type = header_copy(r, H2O_TOKEN_CONTENT_TYPE, NULL);
  req->if_match = header_copy(r, H2O_TOKEN_IF_MATCH, NULL);
  req->cookie = header_copy(r, H2O_TOKEN_COOKIE, NULL);
  req->authorization = header_copy(r, H2O_TOKEN_AUTHORIZATION, NULL);
  req->idempotency_key = header_copy(r, NULL, "idempotency-key");
  req->csrf_header = header_copy(r, NULL, "x-csrf-token");
  struct sockaddr_storage sa;
  socklen_t len = r->conn->callbacks->get_peername(r->conn, (struct sockaddr *)&sa);
  if (len && sa.ss_family == AF_INET)
    inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, req->peer, sizeof req->peer);
  else if (len && sa.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, req->peer, sizeof req->peer);
  req->secure = r->scheme == &H2O_URL_SCHEME_HTTPS;
  char *cache_control = header_copy(r, H2O_TOKEN_CACHE_CONTROL, NULL);
  req->no_cache = cache_control && strcasestr(cache_control, "no-cache") != NULL;
  free(cache_control);
  return req;
}

static const char *reason_phrase(int status) {
  switch (status) {
  case 200: return "OK";
  case 201: return "Created";
  case 204: return "No Content";
  case 400: return "Bad Request";
  case 401: return "Unauthorized";
  case 403: return "Forbidden";
  case 404: return "Not Found";
  case 405: return "Method Not Allowed";
  case 409: return "Conflict";
  case 412: return "Precondition Failed";
  case 413: return "Content Too Large";
  case 415: return "Unsupported Media Type";
  case 422: return "Unprocessable Content";
  case 428: return "Precondition Required";
  case 429: return "Too Many Requests";
  case 503: return "Service Unavailable";
  case 507: return "Insufficient Storage";
  default: return status < 400 ? "OK" : "Error";
  }
}

static void add_header(h2o_req_t *r, const char *name, const char *value) {
  h2o_add_header_by_str(&r->pool, &r->res.headers, name, strlen(name), 1, NULL, value, strlen(value));
}

static void send_response(h2o_req_t *r, Response *res) {
  r->res.status = res->status;
  r->res.reason = reason_phrase(res->status);
  add_header(r, "content-type", res->content_type);
  add_header(r, "cache-control", "no-store");
  security_headers_add(r, res->disposition                                ? HEADERS_DOWNLOAD
                          : strncmp(res->content_type, "text/html", 9) == 0 ? HEADERS_PRINTABLE
                                                                            : HEADERS_API);
  if (res->location) add_header(r, "location", res->location);
  if (res->set_cookie) add_header(r, "set-cookie", res->set_cookie);
  if (res->allow) add_header(r, "allow", res->allow);
  if (res->disposition) add_header(r, "content-disposition", res->disposition);
  if (res->cache_status) add_header(r, "cache-status", res->cache_status);
  char number[32];
  if (res->etag_version > 0) {
    snprintf(number, sizeof number, "\"%lld\"", (long long)res->etag_version);
    add_header(r, "etag", number);
  }
  if (res->retry_after > 0) {
    snprintf(number, sizeof number, "%d", res->retry_after);
    add_header(r, "retry-after", number);
  }
  Buffer *body = response_body(res);
  size_t body_len = res->status == 204 ? 0 : body->len;
  /* Without a length h2o 2.2 answers chunked, and closes the connection
   * after an answer sent from outside the request handler (a worker's). */
  r->res.content_length = body_len;
  h2o_send_inline(r, res->status == 204 ? "" : buffer_cstr(body), body_len);
}

/* Answers with a problem+json; allow (taken over, may be NULL) is the Allow
 * header of a 405. */
static void send_problem(h2o_req_t *r, int status, const char *title, const char *detail, char *allow) {
  Response res = {0};
  Error err = ERROR_INIT;
  error_set(&err, status, title, "%s", detail);
  http_problem(&res, &err);
  res.allow = allow;
  send_response(r, &res);
  error_clear(&err);
  response_free(&res);
}

static void job_free(Job *job) {
  if (job->guard) job->guard->job = NULL;
  request_free(job->req);
  response_free(&job->res);
  free(job);
}

static void on_job_done(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages) {
  (void)receiver;
  while (!h2o_linklist_is_empty(messages)) {
    Job *job = H2O_STRUCT_FROM_MEMBER(Job, message.link, messages->next);
    h2o_linklist_unlink(&job->message.link);
    if (job->req->made_cases_due && job->res.status < 300) scheduler_wake(); /* committed */
    if (job->h2o_req) send_response(job->h2o_req, &job->res);
    job_free(job);
  }
}

static void on_guard_dispose(void *p) {
  JobGuard *guard = p;
  if (guard->job) {
    guard->job->h2o_req = NULL;
    guard->job->guard = NULL;
  }
}

static int on_api_request(LoopThread *loop, h2o_req_t *r, HttpMethod method, const char *path, size_t path_len) {
  char *route_path = strndup(path, path_len);
  int64_t id = 0;
  int status = 0;
  const Route *route = router_match(method, route_path, &id, &status);
  if (!route) {
    Buffer allow = BUFFER_INIT;
    if (status == 405) router_allowed_methods(route_path, &allow);
    send_problem(r, status, status == 404 ? "Not found" : "Method not allowed",
                 status == 404 ? "there is no such API route" : "this route does not take that method",
                 status == 405 ? buffer_take(&allow) : NULL);
    free(route_path);
    return 0;
  }
  free(route_path);
  if (r->entity.len > MAX_BODY_BYTES) {
    send_problem(r, 413, "Content too large", "request bodies are limited to 1 MiB", NULL);
    return 0;
  }
  Request *req = request_from_h2o(r, method, path, path_len);
  req->route = route;
  req->id = id;
  int inline_read = server.is_sqlite && method == HTTP_GET && !(route->flags & ROUTE_OWN_TRANSACTION);
  if (inline_read || (route->flags & ROUTE_NO_STORE)) {
    Response res = {0};
    dispatch_run(req, loop->read_db, 0, &res);
    send_response(r, &res);
    response_free(&res);
    request_free(req);
    return 0;
  }
  Job *job = calloc(1, sizeof *job);
  if (!job) abort();
  job->owner = loop;
  job->h2o_req = r;
  job->req = req;
  job->guard = h2o_mem_alloc_shared(&r->pool, sizeof *job->guard, on_guard_dispose);
  job->guard->job = job;
  int to_writer = server.is_sqlite && !(route->flags & ROUTE_OWN_TRANSACTION);
  queue_push(to_writer ? &server.writer_queue : &server.pool_queue, job);
  return 0;
}

static int on_request(h2o_handler_t *self, h2o_req_t *r) {
  (void)self;
  LoopThread *loop = (LoopThread *)r->conn->ctx;
  HttpMethod method = http_method_parse(r->method.base, r->method.len);
  const char *path = r->path_normalized.base;
  size_t len = r->path_normalized.len;
  if (len >= 5 && memcmp(path, "/api/", 5) == 0) return on_api_request(loop, r, method, path, len);
  return static_files_serve(r, method, path, len);
}

/* --- listening and the loops ---------------------------------------------------------- */

/* Connections waiting on a loop's own listener (SO_REUSEPORT) are taken
 * together, up to ACCEPTS_PER_TURN: with one accept a turn, the n-th of them
 * would wait n turns of a busy loop before its first request is read. */
static void on_accept(h2o_socket_t *listener, const char *error) {
  if (error) return;
  LoopThread *loop = listener->data;
  for (int n = 0; n < ACCEPTS_PER_TURN; n++) {
    h2o_socket_t *sock = h2o_evloop_socket_accept(listener);
    if (!sock) break;
    h2o_accept(&loop->accept_ctx, sock);
  }
}

static int listen_socket(const ServerOptions *opts, Error *err) {
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opts->port)};
  if (inet_pton(AF_INET, opts->host, &addr.sin_addr) != 1)
    return error_set(err, 400, "Bad address", "--listen needs an IPv4 address and port, e.g. 127.0.0.1:8080");
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  int on = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) ||
      setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on) ||
      bind(fd, (struct sockaddr *)&addr, sizeof addr) || listen(fd, SOMAXCONN)) {
    int saved = errno;
    if (fd >= 0) close(fd);
    return error_set(err, 503, "Cannot listen", "cannot listen on %s:%d: %s", opts->host, opts->port,
                     strerror(saved));
  }
  return fd;
}

static int loop_init(LoopThread *loop, const ServerOptions *opts, Error *err);
static void loop_dispose(LoopThread *loop);

/* Sets up one loop in its own thread and runs it until shutdown; then, once
 * the workers have finished, hands out the answers they left, closes its
 * connections and frees itself. */
static void *loop_main(void *arg) {
  LoopThread *loop = arg;
  pthread_setname_np(pthread_self(), "fd-loop");
  loop->started = loop_init(loop, server.opts, &loop->start_err) == 0;
  pthread_barrier_wait(&loops_started);
  pthread_barrier_wait(&loops_go);
  if (atomic_load(&start_failed)) {
    loop_dispose(loop);
    return NULL;
  }
  while (!atomic_load(&stop_requested)) {
    h2o_evloop_run(loop->ctx.loop, 100);
    if (loop->read_db) store_release_old_read(loop->read_db);
  }
  pthread_barrier_wait(&loops_stopped);
  pthread_barrier_wait(&workers_stopped);
  h2o_evloop_run(loop->ctx.loop, 0); /* answers finished meanwhile are dropped with their jobs */
  loop_dispose(loop);
  return NULL;
}

static int loop_init(LoopThread *loop, const ServerOptions *opts, Error *err) {
  loop->listen_fd = listen_socket(opts, err);
  if (loop->listen_fd < 0) return -1;
  if (store_open(opts->db_url, &loop->read_db, err)) return -1;
  store_keep_reads(loop->read_db); /* SQLite reads on the loop reuse an unchanged snapshot */
  h2o_context_init(&loop->ctx, h2o_evloop_create(), &server.config);
  loop->accept_ctx.ctx = &loop->ctx;
  loop->accept_ctx.hosts = server.config.hosts;
  loop->accept_ctx.ssl_ctx = server.tls;
  loop->queue = h2o_multithread_create_queue(loop->ctx.loop);
  h2o_multithread_register_receiver(loop->queue, &loop->done, on_job_done);
  loop->listener = h2o_evloop_socket_create(loop->ctx.loop, loop->listen_fd, H2O_SOCKET_FLAG_DONT_READ);
  loop->listener->data = loop;
  h2o_socket_read_start(loop->listener, on_accept);
  return 0;
}

/* Closes the connections still open on a stopped loop (idle keep-alive ones,
 * mostly): h2o 2.2's HTTP/1 has no shutdown request, so the request timeout is
 * cut to zero and the loop run until its timer has closed them all, as it
 * would after the idle time. h2o_context_dispose needs the timers empty. */
static void loop_close_connections(LoopThread *loop) {
  loop->ctx.http1.req_timeout.timeout = 0;
  loop->ctx.http2.idle_timeout.timeout = 0;
  for (int round = 0; round < 100 && !h2o_linklist_is_empty(&loop->ctx.http1._conns); round++)
    h2o_evloop_run(loop->ctx.loop, 10);
}

static void loop_dispose(LoopThread *loop) {
  if (loop->listener) {
    h2o_socket_read_stop(loop->listener);
    h2o_socket_close(loop->listener);
  } else if (loop->listen_fd >= 0) {
    close(loop->listen_fd);
  }
  if (loop->queue) {
    h2o_multithread_unregister_receiver(loop->queue, &loop->done);
    h2o_multithread_destroy_queue(loop->queue);
  }
  if (loop->ctx.loop) {
    h2o_evloop_t *evloop = loop->ctx.loop;
    loop_close_connections(loop);
    h2o_context_dispose(&loop->ctx);
    h2o_evloop_destroy(evloop);
  }
  store_close(loop->read_db);
}

static int check_schema(const char *url, Error *err) {
  Db *db = NULL;
  if (store_open(url, &db, err)) return -1;
  int version = 0;
  int rc = store_schema_version(db, &version, err);
  store_close(db);
  if (rc) return -1;
  int latest = store_latest_schema_version();
  if (version < latest)
    return error_set(err, 409, "Schema out of date", "the database is at schema version %d, this forgedesk needs %d: "
                     "run `forgedesk init --db URL` first", version, latest);
  if (version > latest)
    return error_set(err, 409, "Database too new", "the database is at schema version %d but this forgedesk knows "
                     "only up to %d; run a newer forgedesk", version, latest);
  return 0;
}

int server_run(const ServerOptions *opts, Error *err) {
  memset(&server, 0, sizeof server);
  server.opts = opts;
  server.is_sqlite = strncmp(opts->db_url, "sqlite:", 7) == 0;
  if (server.is_sqlite) store_defer_checkpoints();
  if (check_schema(opts->db_url, err)) return -1;
  if (opts->tls_cert && !(server.tls = tls_context_create(opts->tls_cert, opts->tls_key, err))) return -1;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  server.nloops = opts->threads > 0 ? opts->threads : (int)(cores > 0 ? cores : 1);
  signal(SIGPIPE, SIG_IGN);
  /* SIGINT and SIGTERM are taken by the main thread alone, with sigwait;
   * every thread started from here on inherits the blocked mask. */
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
  atomic_store(&stop_requested, 0);

  h2o_config_init(&server.config);
  server.config.max_request_entity_size = 2 * MAX_BODY_BYTES; /* ours answers 413 in problem+json above 1 MiB */
  h2o_hostconf_t *host = h2o_config_register_host(&server.config, h2o_iovec_init(H2O_STRLIT("default")), 65535);
  h2o_pathconf_t *root = h2o_config_register_path(host, "/", 0);
  h2o_handler_t *handler = h2o_create_handler(root, sizeof *handler);
  handler->on_req = on_request;

  queue_init(&server.pool_queue);
  queue_init(&server.writer_queue);
  server.loops = calloc((size_t)server.nloops, sizeof *server.loops);
  if (!server.loops) abort();
  atomic_store(&start_failed, 0);
  pthread_barrier_init(&loops_started, NULL, (unsigned)server.nloops + 1);
  pthread_barrier_init(&loops_go, NULL, (unsigned)server.nloops + 1);
  pthread_barrier_init(&loops_stopped, NULL, (unsigned)server.nloops + 1);
  pthread_barrier_init(&workers_stopped, NULL, (unsigned)server.nloops + 1);
  for (int i = 0; i < server.nloops; i++) {
    server.loops[i].listen_fd = -1;
    pthread_create(&server.loops[i].thread, NULL, loop_main, &server.loops[i]);
  }
  pthread_barrier_wait(&loops_started);
  int rc = 0;
  for (int i = 0; i < server.nloops && !rc; i++)
    if (!server.loops[i].started) {
      rc = error_set(err, server.loops[i].start_err.status, server.loops[i].start_err.title, "%s",
                     server.loops[i].start_err.detail ? server.loops[i].start_err.detail : "");
    }
  atomic_store(&start_failed, rc != 0);
  pthread_barrier_wait(&loops_go);
  if (!rc) {
    server.nworkers = server.is_sqlite ? 2 : 4 * server.nloops;
    server.workers = calloc((size_t)server.nworkers, sizeof *server.workers);
    if (!server.workers) abort();
    for (int i = 0; i < server.nworkers; i++) pthread_create(&server.workers[i], NULL, worker_main, NULL);
    if (server.is_sqlite) {
      server.has_writer = pthread_create(&server.writer, NULL, writer_main, NULL) == 0;
      server.has_checkpointer = pthread_create(&server.checkpointer, NULL, checkpointer_main, NULL) == 0;
    }
    rc = scheduler_start(&opts->scheduler, err);
    if (!rc && opts->lmtp_host) rc = lmtp_start(opts->lmtp_host, opts->lmtp_port, opts->db_url, server.is_sqlite, err);
    fprintf(stderr, "forgedesk: serving %s on %s://%s:%d with %d loop threads\n", server.is_sqlite ? opts->db_url : "PostgreSQL",
            server.tls ? "https" : "http", opts->host, opts->port, server.nloops);
    int sig = 0;
    if (!rc) sigwait(&stop_signals, &sig);
    atomic_store(&stop_requested, 1);
    lmtp_stop();
    scheduler_stop();
    pthread_barrier_wait(&loops_stopped);
    queue_stop(&server.pool_queue);
    queue_stop(&server.writer_queue);
    for (int i = 0; i < server.nworkers; i++) pthread_join(server.workers[i], NULL);
    if (server.has_writer) pthread_join(server.writer, NULL);
    if (server.has_checkpointer) pthread_join(server.checkpointer, NULL);
    pthread_barrier_wait(&workers_stopped);
  }
  for (int i = 0; i < server.nloops; i++) {
    pthread_join(server.loops[i].thread, NULL);
    error_clear(&server.loops[i].start_err);
  }
  pthread_barrier_destroy(&loops_started);
  pthread_barrier_destroy(&loops_go);
  pthread_barrier_destroy(&loops_stopped);
  pthread_barrier_destroy(&workers_stopped);
  pthread_sigmask(SIG_UNBLOCK, &stop_signals, NULL);
  free(server.loops);
  free(server.workers);
  h2o_config_dispose(&server.config);
  SSL_CTX_free(server.tls);
  sla_policy_cache_clear();
  allocation_calendar_cache_clear();
  answer_cache_clear();
  return rc;
}
