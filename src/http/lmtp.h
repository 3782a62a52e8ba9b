/* LMTP (RFC 2033) inside `serve`: a mail server (Postfix's lmtp transport)
 * delivers each mail over a local socket and learns per recipient whether
 * it was stored. Its own threads, beside the HTTP loops; on SQLite each mail
 * is stored in the writer's group commit (server_write), on PostgreSQL on
 * the connection's own store connection. docs/MAIL.md. */
#ifndef FORGEDESK_LMTP_H
#define FORGEDESK_LMTP_H

#include "store/store.h"
#include "util/error.h"

/* Listens on host:port (IPv4) and serves until lmtp_stop. Returns 0, or -1
 * with err set when it cannot listen. */
int lmtp_start(const char *host, int port, const char *db_url, int is_sqlite, Error *err);
/* Stops accepting, lets each connection finish the mail it is storing,
 * closes them and joins every thread; nothing when not started. */
void lmtp_stop(void);
/* One session on the connected socket fd, as a connection's thread runs
 * it, storing each mail on db in a transaction of its own; returns when the
 * peer has gone or said QUIT, leaving fd open. The listener's connections
 * run it on their own store; the LMTP fuzz target calls it directly. */
void lmtp_session(int fd, Db *db);

#endif
