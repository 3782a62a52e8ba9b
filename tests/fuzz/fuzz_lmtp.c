/* libFuzzer target: an LMTP session (LHLO, MAIL FROM, RCPT TO, DATA with
 * dot-stuffing, RSET, NOOP, QUIT) as a mail server speaks it to `serve
 * --lmtp`, over a socket pair: the input is what the peer sends, each mail
 * is stored in the demo store. A crash, a leak, undefined behaviour or a
 * session that does not end when the peer has gone is a finding. */
#include <pthread.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz_support.h"
#include "http/lmtp.h"

typedef struct Peer {
  int fd;
  const uint8_t *data;
  size_t size;
} Peer;

/* Sends the input, then reads every reply until the session closes. */
static void *peer_main(void *arg) {
  Peer *p = arg;
  for (size_t done = 0; done < p->size;) {
    ssize_t n = send(p->fd, p->data + done, p->size - done, MSG_NOSIGNAL);
    if (n <= 0) break;
    done += (size_t)n;
  }
  shutdown(p->fd, SHUT_WR);
  char replies[4096];
  while (recv(p->fd, replies, sizeof replies, 0) > 0) continue;
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  Db *db = fuzz_store();
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds)) abort();
  Peer peer = {fds[1], data, size};
  pthread_t t;
  if (pthread_create(&t, NULL, peer_main, &peer)) abort();
  lmtp_session(fds[0], db);
  close(fds[0]); /* the peer sees the end of the replies */
  pthread_join(t, NULL);
  close(fds[1]);
  return 0;
}
