/* SPDX-License-Identifier: MIT */
/* What the fuzz targets share: the entry point's prototype, the property check, and the
 * keyring and contexts they work under. Each target builds its contexts once, on its
 * first input, and only reads them afterwards. */
#ifndef PRIVPOL_FUZZ_H
#define PRIVPOL_FUZZ_H

#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libFuzzer's entry point; replay.c calls it without libFuzzer. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A broken property aborts, so that libFuzzer (or the replay test) reports the input. */
#define FUZZ_CHECK(cond)                                                                 \
    do {                                                                                 \
        if (!(cond))                                                                     \
            fuzz_fail(__FILE__, __LINE__, #cond);                                        \
    } while (0)

static inline _Noreturn void
fuzz_fail(const char *file, int line, const char *what)
{
    fprintf(stderr, "%s:%d: property broken: %s\n", file, line, what);
    abort();
}

/* Two keys: 0000000a from 1970, 0000000b from FUZZ_ROTATION on. Public, made up. */
#define FUZZ_KEY_A "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define FUZZ_KEY_B "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
#define FUZZ_KEYRING_TEXT                                                                \
    "privpol-keyring 1\n"                                                                \
    "key 0000000a 1970-01-01T00:00:00Z " FUZZ_KEY_A "\n"                                 \
    "key 0000000b 2026-03-01T00:00:00Z " FUZZ_KEY_B "\n"
#define FUZZ_ROTATION INT64_C(1772323200) /* 2026-03-01T00:00:00Z */
#define FUZZ_T0 INT64_C(1736150400)       /* 2025-01-06T08:00:00Z */

/* A context over the fuzz keyring (default region FR), its memory from @p alloc (NULL:
 * libc). Called once per target. */
static inline privpol_ctx *
fuzz_ctx_with(privpol_role role, unsigned flags, privpol_period period,
              const privpol_allocator *alloc)
{
    static const char text[] = FUZZ_KEYRING_TEXT;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_keyring *kr = NULL;
    privpol_ctx *ctx = NULL;
    if (privpol_keyring_parse(text, sizeof text - 1, NULL, &kr, NULL) != PRIVPOL_OK)
        fuzz_fail(__FILE__, __LINE__, "the fuzz keyring parses");
    o.keyring = kr;
    o.role = role;
    o.flags = flags;
    o.default_period = period;
    o.allocator = alloc;
    if (privpol_ctx_new(&o, &ctx, NULL) != PRIVPOL_OK)
        fuzz_fail(__FILE__, __LINE__, "the fuzz context is built");
    privpol_keyring_free(kr);
    return ctx;
}

static inline privpol_ctx *
fuzz_ctx(privpol_role role, unsigned flags, privpol_period period)
{
    return fuzz_ctx_with(role, flags, period, NULL);
}

/* First occurrence of needle (n > 0 bytes) in hay, or NULL (memmem is not standard). */
static inline const char *
fuzz_find(const char *hay, size_t hay_len, const char *needle, size_t n)
{
    const char *p = hay, *end = hay + hay_len;
    while ((size_t)(end - p) >= n &&
           (p = memchr(p, needle[0], (size_t)(end - p) - n + 1)) != NULL) {
        if (memcmp(p, needle, n) == 0)
            return p;
        p++;
    }
    return NULL;
}

/* A copy of n bytes in a block of exactly n bytes, so that AddressSanitizer sees a read
 * past the end (buffers on the stack are larger than what they hold). Free it. */
static inline char *
fuzz_dup(const void *p, size_t n)
{
    char *q = malloc(n);
    if (q == NULL && n > 0)
        fuzz_fail(__FILE__, __LINE__, "malloc");
    if (n > 0)
        memcpy(q, p, n);
    return q;
}

/* An error detail a failed call filled: the status it returned, a terminated message. */
static inline bool
fuzz_error_ok(const privpol_error *err, privpol_status st)
{
    return err->status == st && memchr(err->message, '\0', sizeof err->message) != NULL &&
           err->message[0] != '\0';
}

/* Allocator hooks that count live blocks, so a target can check nothing leaks. */
struct fuzz_counter {
    size_t live;
};

static inline void *
fuzz_count_alloc(size_t size, void *opaque)
{
    void *p = malloc(size);
    if (p != NULL)
        ((struct fuzz_counter *)opaque)->live++;
    return p;
}

static inline void *
fuzz_count_realloc(void *ptr, size_t size, void *opaque)
{
    void *p = realloc(ptr, size);
    if (p != NULL && ptr == NULL)
        ((struct fuzz_counter *)opaque)->live++;
    return p;
}

static inline void
fuzz_count_free(void *ptr, void *opaque)
{
    ((struct fuzz_counter *)opaque)->live--;
    free(ptr);
}

#endif /* PRIVPOL_FUZZ_H */
