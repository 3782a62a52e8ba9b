/* Helpers shared by the files of src/store/ and not used outside it. */
#ifndef FORGEDESK_STORE_INTERNAL_H
#define FORGEDESK_STORE_INTERNAL_H

#include "store/db.h"
#include "store/store.h"

/* See records.c. */
int store_fetch_page(Db *db, const char *sql, const DbParam *params, int nparams, int limit, StorePage *page,
                     Error *err);
int store_search_params(const StoreSearch *s, DbParam *params);

/* The first-page cursor key that sorts after every real key. */
#define STORE_KEY_MAX "\xf4\x8f\xbf\xbf"

#endif
