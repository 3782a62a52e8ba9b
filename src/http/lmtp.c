/* The LMTP listener; see lmtp.h. One accepting thread and one thread per
 * connection (at most LMTP_MAX_CONNECTIONS): a session is a short dialogue
 * of lines and one message at a time, so a thread each keeps it plain.
 * A reply 250 goes out only after the mail is durable; a store failure is a
 * 451, so the mail server keeps the mail and tries again. */
#include "http/lmtp.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "api/mail.h"
#include "http/server.h"
#include "util/buffer.h"

#define LMTP_MAX_CONNECTIONS 32
#define LMTP_MAX_RECIPIENTS 100
#define LMTP_IDLE_SECONDS 300
#define LMTP_POLL_MS 200

static struct {
  int running, listen_fd, wake[2];
  pthread_t acceptor;
  const char *db_url;
  int is_sqlite;
  pthread_mutex_t lock;
  pthread_cond_t idle;
  int connections, stopping;
} lmtp = {.listen_fd = -1, .wake = {-1, -1}, .lock = PTHREAD_MUTEX_INITIALIZER, .idle = PTHREAD_COND_INITIALIZER};

static int stopping(void) {
  pthread_mutex_lock(&lmtp.lock);
  int stop = lmtp.stopping;
  pthread_mutex_unlock(&lmtp.lock);
  return stop;
}

typedef struct Conn {
  int fd;
  char in[16384];
  size_t have, at;
  Db *db; /* PostgreSQL: the connection's own, opened at its first mail */
} Conn;

static int conn_write(Conn *c, const char *text) {
  size_t len = strlen(text), done = 0;
  while (done < len) {
    ssize_t n = send(c->fd, text + done, len - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    done += (size_t)n;
  }
  return 0;
}

/* Reads one line (without CRLF) into line; -1 when the peer is gone, idle
 * too long or the listener stops. */
static int conn_line(Conn *c, Buffer *line) {
  buffer_reset(line);
  int idle_ms = 0;
  for (;;) {
    while (c->at < c->have) {
      char ch = c->in[c->at++];
      if (ch == '\n') {
        if (line->len && line->data[line->len - 1] == '\r') line->len--;
        buffer_cstr(line);
        return 0;
      }
      buffer_putc(line, ch);
    }
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    int ready = poll(&p, 1, LMTP_POLL_MS);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      if (stopping() || (idle_ms += LMTP_POLL_MS) > LMTP_IDLE_SECONDS * 1000) return -1;
      continue;
    }
    ssize_t n = recv(c->fd, c->in, sizeof c->in, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    c->have = (size_t)n;
    c->at = 0;
  }
}

typedef struct Delivery {
  MailInbound *in;
  MailIngestResult *result;
} Delivery;

static int store_delivery(Db *db, void *ctx, Error *err) {
  Delivery *d = ctx;
  return mail_inbound_store(db, d->in, d->result, err);
}

/* Stores one message; the reply line for each recipient into reply. */
static void deliver(Conn *c, const Buffer *message, const char *first_rcpt, Buffer *reply) {
  MailInbound in;
  MailIngestResult result;
  mail_inbound_parse(&in, message->data ? message->data : "", message->len, first_rcpt);
  Delivery d = {&in, &result};
  Error err = ERROR_INIT;
  int rc;
  if (lmtp.is_sqlite) {
    rc = server_write(store_delivery, &d, &err);
  } else {
    rc = c->db ? 0 : store_open(lmtp.db_url, &c->db, &err);
    if (!rc && !(rc = store_begin_write(c->db, &err))) {
      rc = store_delivery(c->db, &d, &err);
      if (!rc) rc = store_commit(c->db, &err);
      if (rc) store_rollback(c->db);
    }
  }
  if (rc) buffer_printf(reply, "451 4.3.0 not stored, try again later: %s\r\n", err.detail ? err.detail : "store error");
  else buffer_printf(reply, "250 2.0.0 %s mail=%lld case=%lld\r\n", result.outcome, (long long)result.mail_id, (long long)result.case_id);
  error_clear(&err);
  mail_inbound_free(&in);
}

/* The address inside "<...>" after a MAIL FROM: / RCPT TO: verb. */
static char *angle_address(const char *line) {
  const char *open = strchr(line, '<'), *close = open ? strchr(open, '>') : NULL;
  return open && close ? strndup(open + 1, (size_t)(close - open - 1)) : NULL;
}

/* Reads the DATA section into message (dot-unstuffed), up to the size
 * limit; *too_large when it was over (the rest is read and dropped). */
static int read_data(Conn *c, Buffer *message, int *too_large) {
  Buffer line = BUFFER_INIT;
  *too_large = 0;
  int rc = -1;
  while (conn_line(c, &line) == 0) {
    if (line.len == 1 && line.data[0] == '.') {
      rc = 0;
      break;
    }
    const char *text = buffer_cstr(&line);
    size_t n = line.len;
    if (n && text[0] == '.') text++, n--;
    if (message->len + n + 2 > MAIL_MAX_MESSAGE_BYTES) *too_large = 1;
    if (*too_large) continue;
    buffer_append(message, text, n);
    buffer_append(message, "\r\n", 2);
  }
  buffer_free(&line);
  return rc;
}

static void session(Conn *c) {
  Buffer line = BUFFER_INIT, message = BUFFER_INIT, reply = BUFFER_INIT;
  char *rcpt[LMTP_MAX_RECIPIENTS];
  int nrcpt = 0, has_from = 0;
  conn_write(c, "220 forgedesk LMTP ready\r\n");
  while (conn_line(c, &line) == 0) {
    const char *cmd = buffer_cstr(&line);
    if (strncasecmp(cmd, "LHLO", 4) == 0) {
      char size[80];
      snprintf(size, sizeof size, "250-SIZE %u\r\n", MAIL_MAX_MESSAGE_BYTES);
      conn_write(c, "250-forgedesk\r\n250-PIPELINING\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n");
      conn_write(c, size);
      conn_write(c, "250 OK\r\n");
    } else if (strncasecmp(cmd, "MAIL FROM:", 10) == 0) {
      has_from = 1;
      conn_write(c, "250 2.1.0 OK\r\n");
    } else if (strncasecmp(cmd, "RCPT TO:", 8) == 0) {
      char *addr = has_from ? angle_address(cmd) : NULL;
      if (!has_from) conn_write(c, "503 5.5.1 MAIL first\r\n");
      else if (!addr || nrcpt == LMTP_MAX_RECIPIENTS) conn_write(c, addr ? "452 4.5.3 too many recipients\r\n" : "501 5.1.3 bad address\r\n");
      else {
        rcpt[nrcpt++] = addr;
        addr = NULL;
        conn_write(c, "250 2.1.5 OK\r\n");
      }
      free(addr);
    } else if (strncasecmp(cmd, "DATA", 4) == 0) {
      if (!nrcpt) {
        conn_write(c, "503 5.5.1 RCPT first\r\n");
        continue;
      }
      conn_write(c, "354 go ahead, end with <CRLF>.<CRLF>\r\n");
      int too_large = 0;
      buffer_reset(&message);
      if (read_data(c, &message, &too_large)) break;
      buffer_reset(&reply);
      if (too_large) buffer_puts(&reply, "552 5.3.4 message too large\r\n");
      else deliver(c, &message, rcpt[0], &reply);
      /* LMTP answers once per recipient; the mail is one case whoever it was for */
      for (int i = 0; i < nrcpt; i++) conn_write(c, buffer_cstr(&reply));
      for (int i = 0; i < nrcpt; i++) free(rcpt[i]);
      nrcpt = has_from = 0;
    } else if (strncasecmp(cmd, "RSET", 4) == 0) {
      for (int i = 0; i < nrcpt; i++) free(rcpt[i]);
      nrcpt = has_from = 0;
      conn_write(c, "250 2.0.0 OK\r\n");
    } else if (strncasecmp(cmd, "NOOP", 4) == 0) {
      conn_write(c, "250 2.0.0 OK\r\n");
    } else if (strncasecmp(cmd, "QUIT", 4) == 0) {
      conn_write(c, "221 2.0.0 bye\r\n");
      break;
    } else {
      conn_write(c, "500 5.5.2 unknown command\r\n");
    }
  }
  for (int i = 0; i < nrcpt; i++) free(rcpt[i]);
  buffer_free(&line);
  buffer_free(&message);
  buffer_free(&reply);
}

void lmtp_session(int fd, Db *db) {
  Conn *c = calloc(1, sizeof *c);
  if (!c) abort();
  c->fd = fd;
  c->db = db;
  session(c);
  free(c);
}

static void *conn_main(void *arg) {
  Conn *c = arg;
  session(c);
  close(c->fd);
  store_close(c->db);
  free(c);
  pthread_mutex_lock(&lmtp.lock);
  if (--lmtp.connections == 0) pthread_cond_broadcast(&lmtp.idle);
  pthread_mutex_unlock(&lmtp.lock);
  return NULL;
}

static void *accept_main(void *arg) {
  (void)arg;
  for (;;) {
    struct pollfd p[2] = {{.fd = lmtp.listen_fd, .events = POLLIN}, {.fd = lmtp.wake[0], .events = POLLIN}};
    if (poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (p[1].revents) break;
    int fd = accept(lmtp.listen_fd, NULL, NULL);
    if (fd < 0) continue;
    pthread_mutex_lock(&lmtp.lock);
    int room = lmtp.connections < LMTP_MAX_CONNECTIONS && !lmtp.stopping;
    if (room) lmtp.connections++;
    pthread_mutex_unlock(&lmtp.lock);
    Conn *c = room ? calloc(1, sizeof *c) : NULL;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (c) c->fd = fd;
    if (!c || pthread_create(&t, &attr, conn_main, c) != 0) {
      const char busy[] = "421 4.3.2 too many connections, try again later\r\n";
      if (send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL) < 0) { /* the peer retries either way */ }
      close(fd);
      free(c);
      if (room) {
        pthread_mutex_lock(&lmtp.lock);
        if (--lmtp.connections == 0) pthread_cond_broadcast(&lmtp.idle);
        pthread_mutex_unlock(&lmtp.lock);
      }
    }
    pthread_attr_destroy(&attr);
  }
  return NULL;
}

int lmtp_start(const char *host, int port, const char *db_url, int is_sqlite, Error *err) {
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1)
    return error_set(err, 400, "Bad address", "--lmtp needs an IPv4 address and port, e.g. 127.0.0.1:2424");
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), on = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) ||
      bind(fd, (struct sockaddr *)&addr, sizeof addr) || listen(fd, SOMAXCONN) || pipe(lmtp.wake)) {
    int saved = errno;
    if (fd >= 0) close(fd);
    return error_set(err, 503, "Cannot listen", "cannot listen for LMTP on %s:%d: %s", host, port, strerror(saved));
  }
  lmtp.listen_fd = fd;
  lmtp.db_url = db_url;
  lmtp.is_sqlite = is_sqlite;
  lmtp.stopping = 0;
  if (pthread_create(&lmtp.acceptor, NULL, accept_main, NULL) != 0) {
    close(fd);
    return error_set(err, 500, "Cannot start", "the LMTP thread could not be started");
  }
  lmtp.running = 1;
  fprintf(stderr, "forgedesk: taking mail over LMTP on %s:%d\n", host, port);
  return 0;
}

void lmtp_stop(void) {
  if (!lmtp.running) return;
  pthread_mutex_lock(&lmtp.lock);
  lmtp.stopping = 1;
  pthread_mutex_unlock(&lmtp.lock);
  if (write(lmtp.wake[1], "x", 1) < 0) { /* the acceptor also sees stopping at its next connection */ }
  pthread_join(lmtp.acceptor, NULL);
  pthread_mutex_lock(&lmtp.lock);
  while (lmtp.connections > 0) pthread_cond_wait(&lmtp.idle, &lmtp.lock);
  pthread_mutex_unlock(&lmtp.lock);
  close(lmtp.listen_fd);
  close(lmtp.wake[0]);
  close(lmtp.wake[1]);
  lmtp.listen_fd = lmtp.wake[0] = lmtp.wake[1] = -1;
  lmtp.running = 0;
}
