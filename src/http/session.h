/* Session and token secrets: random tokens, their stored hashes, the session
 * cookie and password hashing (argon2id). */
#ifndef FORGEDESK_SESSION_H
#define FORGEDESK_SESSION_H

#include <stddef.h>

#define SESSION_HASH_HEX 65   /* BLAKE2b-256 in hex */
#define SESSION_TOKEN_TEXT 44 /* 32 random bytes, URL-safe base64 without padding, NUL */
#define SESSION_COOKIE "fd_session"
#define SESSION_LIFETIME_SECONDS (12 * 3600)

/* Fills out with a new unguessable token (32 random bytes). */
void session_new_token(char out[SESSION_TOKEN_TEXT]);
/* The hash under which a token is stored; the token itself never is. */
void session_hash_token(const char *token, char out[SESSION_HASH_HEX]);
/* The value of the fd_session cookie in a Cookie header, malloc'd, or NULL. */
char *session_cookie_value(const char *cookie_header);
/* Hashes a password with argon2id; returns a malloc'd string or NULL. */
char *session_hash_password(const char *password);
/* True when password matches the stored argon2id hash. */
int session_check_password(const char *stored_hash, const char *password);
/* Spends the same time as a real check, so unknown users cannot be told apart. */
void session_waste_password_check(const char *password);

#endif
