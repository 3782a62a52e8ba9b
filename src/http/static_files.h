/* The web UI's files, compiled into the binary, served at "/". */
#ifndef FORGEDESK_STATIC_FILES_H
#define FORGEDESK_STATIC_FILES_H

#include <h2o.h>

#include "http/http.h"

/* Answers a GET for path from the embedded web UI ("/" is index.html);
 * 404 for unknown files, 405 for other methods. Always returns 0. */
int static_files_serve(h2o_req_t *r, HttpMethod method, const char *path, size_t len);

#endif
