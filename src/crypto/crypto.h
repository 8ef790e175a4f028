/* SPDX-License-Identifier: MIT */
/* The crypto layer (src/crypto/): keyrings, pseudonyms and reversible tokens, sealing.
 * Above src/ident/ (src/LAYERS). */
#ifndef PRIVPOL_CRYPTO_H
#define PRIVPOL_CRYPTO_H

#include "ident.h"

/* ---- keyring.c --------------------------------------------------------------- */

struct privpol__key {
    char id[PRIVPOL_KEYRING_ID_LEN + 1];
    int64_t from;
    const unsigned char *bytes; /* PRIVPOL_KEYRING_KEYBYTES, inside a guarded block */
};

struct privpol_keyring {
    privpol_allocator alloc;
    bool has_alloc;
    size_t count;
    struct privpol__key keys[PRIVPOL_KEYRING_MAX_KEYS];
    unsigned char *secret; /* sodium_malloc'd block of count * KEYBYTES, read-only */
};

/* Deep copy of a keyring (new guarded block). */
privpol_status privpol__keyring_copy(privpol_keyring **out, const privpol_keyring *src,
                                     const privpol_allocator *alloc);
/* Index of the key in force at `at`, or -1 if none. */
int privpol__keyring_key_at(const privpol_keyring *kr, int64_t at);
/* Index of a key by id, or -1. */
int privpol__keyring_find(const privpol_keyring *kr, const char *id, size_t id_len);

#endif /* PRIVPOL_CRYPTO_H */
