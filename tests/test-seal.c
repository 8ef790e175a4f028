/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "internal.h"
#include "support.h"

#define K1 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define K2 "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
#define K3 "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
#define ROTATION 1772323200 /* 2026-03-01T00:00:00Z */
#define T0 1736150400       /* 2025-01-06T08:00:00Z */
#define AD "privpol-reject:7:1:1"
#define B64URL "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

struct fixture {
    privpol_keyring *kr, *same_ids, *other_ids;
    privpol_ctx *sealer;   /* processor, no flag: may seal, may not unseal */
    privpol_ctx *ctrl;     /* controller with PRIVPOL_CTX_ALLOW_REVEAL */
    privpol_ctx *ctrl_nf;  /* controller without the flag */
    privpol_ctx *same_ids_ctx, *other_ids_ctx, *nokeys;
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->kr = support_keyring("privpol-keyring 1\n"
                            "key 0000000a 1970-01-01T00:00:00Z " K1 "\n"
                            "key 0000000b 2026-03-01T00:00:00Z " K2 "\n");
    /* Same ids, other key bytes: the id is found but the key is wrong. */
    f->same_ids = support_keyring("privpol-keyring 1\n"
                                  "key 0000000a 1970-01-01T00:00:00Z " K3 "\n"
                                  "key 0000000b 2026-03-01T00:00:00Z " K1 "\n");
    f->other_ids = support_keyring("privpol-keyring 1\n"
                                   "key 0000000c 1970-01-01T00:00:00Z " K1 "\n");
    f->sealer = support_ctx_keyed(f->kr, PRIVPOL_ROLE_PROCESSOR, 0);
    f->ctrl = support_ctx_keyed(f->kr, PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL);
    f->ctrl_nf = support_ctx_keyed(f->kr, PRIVPOL_ROLE_CONTROLLER, 0);
    f->same_ids_ctx =
        support_ctx_keyed(f->same_ids, PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL);
    f->other_ids_ctx = support_ctx_keyed(f->other_ids, PRIVPOL_ROLE_CONTROLLER,
                                         PRIVPOL_CTX_ALLOW_REVEAL);
    f->nokeys =
        support_ctx_keyed(NULL, PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    privpol_ctx_free(f->sealer);
    privpol_ctx_free(f->ctrl);
    privpol_ctx_free(f->ctrl_nf);
    privpol_ctx_free(f->same_ids_ctx);
    privpol_ctx_free(f->other_ids_ctx);
    privpol_ctx_free(f->nokeys);
    privpol_keyring_free(f->kr);
    privpol_keyring_free(f->same_ids);
    privpol_keyring_free(f->other_ids);
    free(f);
    return 0;
}

/* Seal, asserting success; returns a malloc'd NUL-terminated text. */
static char *
seal(const privpol_ctx *ctx, int64_t at, const char *ad, const void *data, size_t len)
{
    size_t need = privpol_seal_len(len), out_len = need + 1;
    char *out = malloc(out_len);
    privpol_error err;
    assert_non_null(out);
    assert_int_equal(privpol_seal(ctx, at, ad, ad ? strlen(ad) : 0, data, len, out, &out_len,
                                  &err),
                     PRIVPOL_OK);
    assert_int_equal(out_len, need);
    assert_int_equal(strlen(out), need);
    return out;
}

/* Unseal into a fresh buffer; returns the status, *out (malloc'd) on success. */
static privpol_status
unseal(const privpol_ctx *ctx, const char *ad, const char *text, size_t text_len,
       unsigned char **out, size_t *out_len)
{
    size_t cap = text_len + 1; /* always more than the bytes inside */
    unsigned char *buf = malloc(cap);
    privpol_error err;
    privpol_status st;
    assert_non_null(buf);
    memset(buf, 0xA5, cap);
    *out_len = cap;
    st = privpol_unseal(ctx, ad, ad ? strlen(ad) : 0, text, text_len, buf, out_len, &err);
    if (st != PRIVPOL_OK) {
        /* Nothing of a text that does not open reaches the output (libsodium may clear
         * it). */
        for (size_t i = 0; i < cap; i++)
            assert_true(buf[i] == 0xA5 || buf[i] == 0);
        assert_int_equal(err.status, st);
        free(buf);
        buf = NULL;
    }
    if (out != NULL)
        *out = buf;
    else
        free(buf);
    return st;
}

static privpol_status
unseal_status(const privpol_ctx *ctx, const char *ad, const char *text, size_t text_len)
{
    size_t n;
    return unseal(ctx, ad, text, text_len, NULL, &n);
}

static void
round_trip_sizes(void **state)
{
    struct fixture *f = *state;
    static const size_t sizes[] = {0, 1, 2, 3, 100, 1024 * 1024};
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s], got_len = 0;
        unsigned char *data = malloc(n + 1), *got = NULL;
        char *text;
        assert_non_null(data);
        randombytes_buf(data, n + 1);
        if (n > 2)
            data[1] = 0; /* NUL bytes are ordinary bytes */
        text = seal(f->sealer, T0, AD, data, n);
        assert_memory_equal(text, "ps1.0000000a.", 13);
        assert_int_equal(unseal(f->ctrl, AD, text, strlen(text), &got, &got_len),
                         PRIVPOL_OK);
        assert_int_equal(got_len, n);
        if (n > 0)
            assert_memory_equal(got, data, n);
        assert_int_equal(got[n], 0);
        free(got);
        free(text);
        free(data);
    }
}

static void
key_follows_time(void **state)
{
    struct fixture *f = *state;
    char *before = seal(f->sealer, ROTATION - 1, NULL, "x", 1);
    char *after = seal(f->sealer, ROTATION, NULL, "x", 1);
    char *now = seal(f->sealer, 0, NULL, "x", 1);
    int in_force = privpol__keyring_key_at(f->kr, (int64_t)time(NULL));
    unsigned char *got = NULL;
    size_t got_len = 0;

    assert_memory_equal(before, "ps1.0000000a.", 13);
    assert_memory_equal(after, "ps1.0000000b.", 13);
    assert_true(in_force >= 0);
    assert_memory_equal(now + 4, f->kr->keys[in_force].id, 8); /* 0 means now */
    /* A text sealed before a rotation still opens afterwards: the id selects the key. */
    assert_int_equal(unseal(f->ctrl, NULL, before, strlen(before), &got, &got_len),
                     PRIVPOL_OK);
    assert_int_equal(got_len, 1);
    assert_int_equal(got[0], 'x');
    free(got);
    free(before);
    free(after);
    free(now);
}

/* The text is what docs/seal.md says: recompute the subkey and open it with libsodium. */
static void
documented_construction(void **state)
{
    struct fixture *f = *state;
    static const unsigned char personal[crypto_generichash_blake2b_PERSONALBYTES] =
        "privpol-sl-v1";
    static const char msg[] = "hello, sealed world";
    unsigned char master[32], k[32], raw[256], pt[256];
    size_t raw_len = 0;
    unsigned long long pt_len = 0;
    char *text = seal(f->sealer, T0, AD, msg, sizeof msg - 1);

    assert_int_equal(sodium_hex2bin(master, sizeof master, K1, 64, NULL, NULL, NULL), 0);
    crypto_generichash_blake2b_salt_personal(k, sizeof k, (const unsigned char *)"ps1.0000000a",
                                             12, master, sizeof master, NULL, personal);
    assert_int_equal(sodium_base642bin(raw, sizeof raw, text + 13, strlen(text) - 13, NULL,
                                       &raw_len, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    assert_int_equal(raw_len, 24 + sizeof msg - 1 + 16);
    assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(
                         pt, &pt_len, NULL, raw + 24, raw_len - 24,
                         (const unsigned char *)AD, strlen(AD), raw, k),
                     0);
    assert_int_equal(pt_len, sizeof msg - 1);
    assert_memory_equal(pt, msg, sizeof msg - 1);
    /* The ciphertext does not hold the bytes in clear. */
    for (size_t i = 0; i + 5 <= raw_len; i++)
        assert_memory_not_equal(raw + i, "hello", 5);
    free(text);
}

static void
nonce_is_random(void **state)
{
    struct fixture *f = *state;
    char *a = seal(f->sealer, T0, AD, "same bytes", 10);
    char *b = seal(f->sealer, T0, AD, "same bytes", 10);
    assert_int_equal(strlen(a), strlen(b));
    assert_string_not_equal(a, b);
    /* The first 24 bytes (32 characters) are the nonce: they differ too. */
    assert_memory_not_equal(a + 13, b + 13, 32);
    free(a);
    free(b);
}

static void
wrong_ad_is_eauth(void **state)
{
    struct fixture *f = *state;
    char *t = seal(f->sealer, T0, AD, "line", 4);
    char *empty = seal(f->sealer, T0, NULL, "line", 4);
    size_t n = strlen(t);
    assert_int_equal(unseal_status(f->ctrl, "privpol-reject:7:1:0", t, n), PRIVPOL_EAUTH);
    assert_int_equal(unseal_status(f->ctrl, "privpol-reject:8:1:1", t, n), PRIVPOL_EAUTH);
    assert_int_equal(unseal_status(f->ctrl, "privpol-reject:7:2:1", t, n), PRIVPOL_EAUTH);
    assert_int_equal(unseal_status(f->ctrl, "privpol-reject:7:1:", t, n), PRIVPOL_EAUTH);
    assert_int_equal(unseal_status(f->ctrl, NULL, t, n), PRIVPOL_EAUTH);
    assert_int_equal(unseal_status(f->ctrl, AD, empty, strlen(empty)), PRIVPOL_EAUTH);
    assert_int_equal(unseal_status(f->ctrl, NULL, empty, strlen(empty)), PRIVPOL_OK);
    assert_int_equal(unseal_status(f->ctrl, AD, t, n), PRIVPOL_OK);
    free(t);
    free(empty);
}

/* Every character of a short text replaced by every other character of its class, and
 * every bit of its raw bytes flipped: nothing opens. */
static void
tampering_each_position(void **state)
{
    struct fixture *f = *state;
    char *t = seal(f->sealer, T0, AD, "12345", 5);
    size_t n = strlen(t), raw_len = 0, enc_len;
    unsigned char raw[64];
    char copy[128];

    assert_true(n < sizeof copy);
    for (size_t i = 0; i < n; i++) {
        if (i < 4 || i == 12) { /* "ps1." and the dot */
            memcpy(copy, t, n + 1);
            copy[i] ^= 0x01;
            assert_int_equal(unseal_status(f->ctrl, AD, copy, n), PRIVPOL_EPARSE);
            copy[i] = 'x';
            assert_int_equal(unseal_status(f->ctrl, AD, copy, n), PRIVPOL_EPARSE);
        } else if (i < 12) { /* the key id */
            for (const char *h = "0123456789abcdef"; *h; h++) {
                if (*h == t[i])
                    continue;
                memcpy(copy, t, n + 1);
                copy[i] = *h;
                /* Another key of the keyring does not open it; an unknown id is ENOKEY. */
                assert_int_equal(unseal_status(f->ctrl, AD, copy, n),
                                 privpol__keyring_find(f->kr, copy + 4, 8) >= 0
                                     ? PRIVPOL_EAUTH
                                     : PRIVPOL_ENOKEY);
            }
            memcpy(copy, t, n + 1);
            copy[i] = 'A'; /* uppercase hex is not a key id */
            assert_int_equal(unseal_status(f->ctrl, AD, copy, n), PRIVPOL_EPARSE);
        } else { /* the base64url body */
            for (const char *b = B64URL; *b; b++) {
                if (*b == t[i])
                    continue;
                memcpy(copy, t, n + 1);
                copy[i] = *b;
                assert_int_equal(unseal_status(f->ctrl, AD, copy, n), PRIVPOL_EAUTH);
            }
            memcpy(copy, t, n + 1);
            copy[i] = '=';
            assert_int_equal(unseal_status(f->ctrl, AD, copy, n), PRIVPOL_EPARSE);
        }
    }
    /* Bit flips of the raw bytes, re-encoded canonically. */
    assert_int_equal(sodium_base642bin(raw, sizeof raw, t + 13, n - 13, NULL, &raw_len, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     0);
    for (size_t i = 0; i < raw_len; i++) {
        for (unsigned bit = 0; bit < 8; bit++) {
            raw[i] ^= (unsigned char)(1U << bit);
            memcpy(copy, t, 13);
            sodium_bin2base64(copy + 13, sizeof copy - 13, raw, raw_len,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING);
            enc_len = strlen(copy);
            assert_int_equal(enc_len, n);
            assert_int_equal(unseal_status(f->ctrl, AD, copy, enc_len), PRIVPOL_EAUTH);
            raw[i] ^= (unsigned char)(1U << bit);
        }
    }
    free(t);
}

static void
truncated_or_extended(void **state)
{
    struct fixture *f = *state;
    char *t = seal(f->sealer, T0, AD, "some line", 9);
    size_t n = strlen(t);
    char copy[128];
    for (size_t len = 0; len < n; len++)
        assert_int_equal(unseal_status(f->ctrl, AD, t, len),
                         len < 13 ? PRIVPOL_EPARSE : PRIVPOL_EAUTH);
    assert_true(n + 2 < sizeof copy);
    for (const char *b = B64URL; *b; b++) {
        memcpy(copy, t, n);
        copy[n] = *b;
        assert_int_equal(unseal_status(f->ctrl, AD, copy, n + 1), PRIVPOL_EAUTH);
        copy[n + 1] = *b;
        assert_int_equal(unseal_status(f->ctrl, AD, copy, n + 2), PRIVPOL_EAUTH);
    }
    assert_int_equal(unseal_status(f->ctrl, AD, t, n), PRIVPOL_OK);
    free(t);
}

static void
other_keyrings(void **state)
{
    struct fixture *f = *state;
    char *t = seal(f->sealer, T0, AD, "line", 4);
    char *t2 = seal(f->sealer, ROTATION + 5, AD, "line", 4);
    privpol_error err;
    char out[256];
    size_t out_len = sizeof out;

    assert_int_equal(unseal_status(f->same_ids_ctx, AD, t, strlen(t)), PRIVPOL_EAUTH);
    assert_int_equal(unseal_status(f->same_ids_ctx, AD, t2, strlen(t2)), PRIVPOL_EAUTH);
    assert_int_equal(unseal_status(f->other_ids_ctx, AD, t, strlen(t)), PRIVPOL_ENOKEY);
    assert_int_equal(unseal_status(f->nokeys, AD, t, strlen(t)), PRIVPOL_ENOKEY);
    /* Sealing needs a key in force. */
    assert_int_equal(privpol_seal(f->nokeys, T0, NULL, 0, "x", 1, out, &out_len, &err),
                     PRIVPOL_ENOKEY);
    free(t);
    free(t2);
}

static void
only_with_reveal_flag(void **state)
{
    struct fixture *f = *state;
    char *t = seal(f->sealer, T0, AD, "line", 4);
    assert_int_equal(unseal_status(f->sealer, AD, t, strlen(t)), PRIVPOL_EDENIED);
    assert_int_equal(unseal_status(f->ctrl_nf, AD, t, strlen(t)), PRIVPOL_EDENIED);
    /* Refused before the text is looked at. */
    assert_int_equal(unseal_status(f->ctrl_nf, AD, "garbage", 7), PRIVPOL_EDENIED);
    assert_int_equal(unseal_status(f->ctrl, AD, t, strlen(t)), PRIVPOL_OK);
    free(t);
}

static void
buffer_sizes(void **state)
{
    struct fixture *f = *state;
    static const char data[] = "0123456789";
    size_t need = privpol_seal_len(10), out_len;
    char text[128], small[128];
    privpol_error err;

    out_len = need; /* no room for the NUL */
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 0, data, 10, text, &out_len, &err),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(out_len, need + 1);
    assert_int_equal(err.status, PRIVPOL_EBUFSIZE);
    out_len = 0;
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 0, data, 10, text, &out_len, &err),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(out_len, need + 1);
    out_len = need + 1;
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 0, data, 10, text, &out_len, &err),
                     PRIVPOL_OK);
    assert_int_equal(out_len, need);

    for (size_t cap = 0; cap <= 10; cap++) {
        size_t len = cap;
        memset(small, 0x5A, sizeof small);
        assert_int_equal(privpol_unseal(f->ctrl, NULL, 0, text, need, small, &len, &err),
                         PRIVPOL_EBUFSIZE);
        assert_int_equal(len, 11);
        assert_int_equal((unsigned char)small[0], 0x5A);
    }
    out_len = 11;
    assert_int_equal(privpol_unseal(f->ctrl, NULL, 0, text, need, small, &out_len, &err),
                     PRIVPOL_OK);
    assert_int_equal(out_len, 10);
    assert_string_equal(small, data);
}

static void
sealed_len_values(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(privpol_seal_len(0), 13 + 54); /* 40 bytes = 13*3 + 1: 13*4 + 2 */
    assert_int_equal(privpol_seal_len(1), 13 + 55); /* 41 bytes = 13*3 + 2: 13*4 + 3 */
    assert_int_equal(privpol_seal_len(2), 13 + 56); /* 42 bytes = 14*3: 14*4 */
    assert_int_equal(privpol_seal_len(SIZE_MAX), 0);
    assert_int_equal(privpol_seal_len(SIZE_MAX - 40), 0);
    assert_int_equal(privpol_seal_len(SIZE_MAX - 39), 0);
    assert_int_equal(privpol_seal_len(SIZE_MAX / 4 * 3), 0);
    assert_true(privpol_seal_len(SIZE_MAX / 2) > SIZE_MAX / 2);
    assert_true(privpol_seal_len(SIZE_MAX / 8) > SIZE_MAX / 8);
    for (size_t n = 0; n < 200; n++) {
        unsigned char data[200] = {0};
        char *t = seal(f->sealer, T0, NULL, data, n); /* asserts out_len == sealed_len */
        size_t b = (n + 40) / 3 * 4 + ((n + 40) % 3 ? (n + 40) % 3 + 1 : 0);
        assert_int_equal(strlen(t), 13 + b);
        free(t);
    }
}

static void
bad_arguments(void **state)
{
    struct fixture *f = *state;
    char out[256];
    size_t out_len = sizeof out;
    privpol_error err;
    char *t = seal(f->sealer, T0, NULL, "x", 1);

    assert_int_equal(privpol_seal(NULL, T0, NULL, 0, "x", 1, out, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 3, "x", 1, out, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 0, NULL, 1, out, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 0, "x", 1, NULL, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 0, "x", 1, out, NULL, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal(f->sealer, -62135596801LL, NULL, 0, "x", 1, out, &out_len,
                                  &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal(f->sealer, 253402300800LL, NULL, 0, "x", 1, out, &out_len,
                                  &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 0, "x", SIZE_MAX, out, &out_len,
                                  &err),
                     PRIVPOL_ELIMIT);
    out_len = sizeof out;
    assert_int_equal(privpol_seal(f->sealer, T0, NULL, 0, NULL, 0, out, &out_len, NULL),
                     PRIVPOL_OK);
    out_len = sizeof out;
    assert_int_equal(privpol_unseal(NULL, NULL, 0, t, strlen(t), out, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_unseal(f->ctrl, NULL, 1, t, strlen(t), out, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_unseal(f->ctrl, NULL, 0, NULL, 5, out, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_unseal(f->ctrl, NULL, 0, t, strlen(t), NULL, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_unseal(f->ctrl, NULL, 0, t, strlen(t), out, NULL, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_unseal(f->ctrl, NULL, 0, "pd1.0000000a.AAAA", 17, out,
                                    &out_len, &err),
                     PRIVPOL_EPARSE);
    assert_int_equal(privpol_unseal(f->ctrl, NULL, 0, t, strlen(t), out, &out_len, NULL),
                     PRIVPOL_OK);
    free(t);
}

/* Messages name the problem, never the bytes sealed or the text. */
static void
messages_hold_no_content(void **state)
{
    struct fixture *f = *state;
    static const char secret[] = "Julie Martin +33612345678";
    char *t = seal(f->sealer, T0, AD, secret, sizeof secret - 1);
    size_t n = strlen(t), out_len = 256;
    char out[256];
    privpol_error err;
    assert_int_equal(privpol_unseal(f->ctrl, "other", 5, t, n, out, &out_len, &err),
                     PRIVPOL_EAUTH);
    assert_null(strstr(err.message, "Julie"));
    assert_null(strstr(err.message, "3361"));
    assert_null(strstr(err.message, t + 13));
    assert_null(strstr(err.message, "ps1."));
    t[n - 3] = t[n - 3] == 'A' ? 'B' : 'A';
    out_len = 256;
    assert_int_equal(privpol_unseal(f->ctrl, AD, strlen(AD), t, n, out, &out_len, &err),
                     PRIVPOL_EAUTH);
    assert_null(strstr(err.message, "Julie"));
    free(t);
}

static void
reject_ad_helper(void **state)
{
    char buf[PRIVPOL_REJECT_AD_SIZE];
    size_t n;
    privpol_error err;
    (void)state;
    assert_int_equal(privpol_seal_reject_ad_size(), PRIVPOL_REJECT_AD_SIZE);
    n = sizeof buf;
    assert_int_equal(privpol_seal_reject_ad(1, 1, true, buf, &n, NULL), PRIVPOL_OK);
    assert_int_equal(n, 20);
    assert_string_equal(buf, "privpol-reject:1:1:1");
    n = sizeof buf;
    assert_int_equal(privpol_seal_reject_ad(12, 3, false, buf, &n, NULL), PRIVPOL_OK);
    assert_int_equal(n, 21);
    assert_string_equal(buf, "privpol-reject:12:3:0");
    n = sizeof buf;
    assert_int_equal(privpol_seal_reject_ad(UINT64_MAX, UINT64_MAX, true, buf, &n, NULL),
                     PRIVPOL_OK);
    assert_int_equal(n, 58);
    assert_string_equal(buf, "privpol-reject:18446744073709551615:18446744073709551615:1");
    /* Exactly the room needed, NUL included; one byte less writes nothing and tells the
     * room needed. */
    n = 22;
    assert_int_equal(privpol_seal_reject_ad(12, 3, false, buf, &n, NULL), PRIVPOL_OK);
    assert_int_equal(n, 21);
    memset(buf, 'z', sizeof buf);
    n = 21;
    assert_int_equal(privpol_seal_reject_ad(12, 3, false, buf, &n, &err), PRIVPOL_EBUFSIZE);
    assert_int_equal(n, 22);
    assert_int_equal(err.status, PRIVPOL_EBUFSIZE);
    assert_int_equal(buf[0], 'z');
    n = sizeof buf;
    assert_int_equal(privpol_seal_reject_ad(0, 1, true, buf, &n, &err), PRIVPOL_EINVAL);
    assert_non_null(strstr(err.message, "from 1"));
    assert_int_equal(privpol_seal_reject_ad(1, 0, true, buf, &n, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal_reject_ad(1, 1, true, NULL, &n, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_seal_reject_ad(1, 1, true, buf, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(buf[0], 'z');
}

/* The AD of one reject part (privpol_seal_reject_ad()). */
static void
reject_ad(char *out, uint64_t line, uint64_t part, bool final)
{
    size_t n = PRIVPOL_REJECT_AD_SIZE;
    assert_int_equal(privpol_seal_reject_ad(line, part, final, out, &n, NULL), PRIVPOL_OK);
}

/* A reject part sealed under one record's AD opens only under that AD. */
static void
reject_parts_are_bound(void **state)
{
    struct fixture *f = *state;
    char ad1[PRIVPOL_REJECT_AD_SIZE], ad2[PRIVPOL_REJECT_AD_SIZE];
    char *t;
    size_t n1 = sizeof ad1;
    if (privpol_seal_reject_ad(42, 2, false, ad1, &n1, NULL) != PRIVPOL_OK)
        n1 = 0;
    assert_true(n1 > 0);
    t = seal(f->sealer, T0, ad1, "middle part", 11);
    assert_int_equal(unseal_status(f->ctrl, ad1, t, strlen(t)), PRIVPOL_OK);
    reject_ad(ad2, 42, 2, true);
    assert_int_equal(unseal_status(f->ctrl, ad2, t, strlen(t)), PRIVPOL_EAUTH);
    reject_ad(ad2, 42, 3, false);
    assert_int_equal(unseal_status(f->ctrl, ad2, t, strlen(t)), PRIVPOL_EAUTH);
    reject_ad(ad2, 43, 2, false);
    assert_int_equal(unseal_status(f->ctrl, ad2, t, strlen(t)), PRIVPOL_EAUTH);
    free(t);
}

/* ---- reject records (privpol/record.h) ------------------------------------------- */

/* Write one reject record (size query first); the caller frees it. */
static char *
reject_write(const privpol_ctx *ctx, uint64_t line, uint64_t part, bool final,
             const char *reason, size_t column, const char *data)
{
    privpol_record_reject r = PRIVPOL_RECORD_REJECT_INIT;
    size_t need = 0, len;
    char *out;
    r.line = line;
    r.part = part;
    r.final = final;
    r.reason = reason;
    r.column = column;
    assert_int_equal(privpol_record_reject_write(ctx, T0, &r, data, strlen(data), NULL, &need,
                                                 NULL),
                     PRIVPOL_EBUFSIZE);
    out = malloc(need);
    assert_non_null(out);
    len = need;
    assert_int_equal(privpol_record_reject_write(ctx, T0, &r, data, strlen(data), out, &len,
                                                 NULL),
                     PRIVPOL_OK);
    assert_int_equal(len + 1, need); /* the size asked is exact */
    assert_int_equal(strlen(out), len);
    assert_int_equal(out[len - 1], '\n');
    return out;
}

static privpol_status
reject_parse(const char *text, privpol_record_reject *r, privpol_error *err)
{
    privpol_record_reject_init(r);
    return privpol_record_reject_parse(text, strlen(text), r, err);
}

static void
reject_records_round_trip(void **state)
{
    struct fixture *f = *state;
    char *rec = reject_write(f->sealer, 12, 2, false, "bad \"JSON\"\n", 7, "secret part");
    privpol_record_reject r;
    privpol_error err;
    char back[64];
    size_t n = sizeof back;

    /* the format, member by member; the reason is escaped, the data sealed */
    assert_memory_equal(rec, "{\"line\":12,\"part\":2,\"final\":false,"
                             "\"reason\":\"bad \\\"JSON\\\"\\n\",\"column\":7,\"sealed\":\"ps1.",
                        sizeof "{\"line\":12,\"part\":2,\"final\":false,"
                               "\"reason\":\"bad \\\"JSON\\\"\\n\",\"column\":7,\"sealed\":\"ps1." -
                            1);
    assert_null(strstr(rec, "secret"));
    assert_int_equal(reject_parse(rec, &r, &err), PRIVPOL_OK);
    assert_int_equal(r.line, 12);
    assert_int_equal(r.part, 2);
    assert_false(r.final);
    assert_int_equal(r.column, 7);
    assert_null(r.reason);
    assert_int_equal(r.sealed_len, privpol_seal_len(11));
    /* only the key holder opens it */
    assert_int_equal(privpol_record_reject_open(f->sealer, &r, back, &n, &err), PRIVPOL_EDENIED);
    n = sizeof back;
    assert_int_equal(privpol_record_reject_open(f->ctrl, &r, back, &n, &err), PRIVPOL_OK);
    assert_int_equal(n, 11);
    assert_memory_equal(back, "secret part", 11);
    /* moved to another line, part or finality: refused */
    r.line = 13;
    n = sizeof back;
    assert_int_equal(privpol_record_reject_open(f->ctrl, &r, back, &n, &err), PRIVPOL_EAUTH);
    r.line = 12;
    r.final = true;
    assert_int_equal(privpol_record_reject_open(f->ctrl, &r, back, &n, &err), PRIVPOL_EAUTH);
    free(rec);
    /* no column, final part, empty data */
    rec = reject_write(f->sealer, 1, 1, true, "empty line", 0, "");
    assert_null(strstr(rec, "column"));
    assert_int_equal(reject_parse(rec, &r, &err), PRIVPOL_OK);
    assert_true(r.final);
    assert_int_equal(r.column, 0);
    n = sizeof back;
    assert_int_equal(privpol_record_reject_open(f->ctrl, &r, back, &n, &err), PRIVPOL_OK);
    assert_int_equal(n, 0);
    free(rec);
}

static void
reject_records_are_read_strictly(void **state)
{
    struct fixture *f = *state;
    char *rec = reject_write(f->sealer, 3, 1, true, "x", 0, "abc");
    char sealed[256];
    size_t sealed_len = strcspn(strstr(rec, "ps1."), "\"");
    privpol_record_reject r;
    privpol_error err;
    char text[512];
    assert_true(sealed_len < sizeof sealed);
    memcpy(sealed, strstr(rec, "ps1."), sealed_len);
    sealed[sealed_len] = '\0';
    static const struct {
        const char *fmt; /* @S@: the sealed text */
        bool ok;
    } cases[] = {
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\"}", true},
        {" {\"line\":3 , \"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\"}\r\n",
         true},
        /* unknown members are skipped, wherever after "reason" */
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\",\"more\":{\"a\":[1,2.5e3,null]},"
         "\"sealed\":\"@S@\",\"z\":\"\\u00e9\"}",
         true},
        /* order, types, counts */
        {"{\"part\":1,\"line\":3,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\"}", false},
        {"{\"line\":03,\"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\"}", false},
        {"{\"line\":0,\"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\"}", false},
        {"{\"line\":-3,\"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\"}", false},
        {"{\"line\":3,\"part\":1,\"final\":1,\"reason\":\"x\",\"sealed\":\"@S@\"}", false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":7,\"sealed\":\"@S@\"}", false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\"}@S@", false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\","
         "\"sealed\":\"x\"}",
         false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"\\u0070@S@\"}",
         false},
        /* JSON that jsmn alone lets through */
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\",}", false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\" \"sealed\":\"@S@\"}", false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\",\"a\":[1 2],\"sealed\":\"@S@\"}",
         false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\",\"a\":01,\"sealed\":\"@S@\"}",
         false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"\\q\",\"sealed\":\"@S@\"}", false},
        {"{\"line\":3,\"part\":1,\"final\":true,\"reason\":\"x\",\"sealed\":\"@S@\"} x", false},
        {"[\"line\",3]@S@", false},
        {"@S@", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *line = support_replace(cases[i].fmt, "@S@", sealed);
        privpol_status st = reject_parse(line, &r, &err);
        if ((st == PRIVPOL_OK) != cases[i].ok)
            fail_msg("case %zu: %s (%s)", i, privpol_strerror(st), err.message);
        if (st == PRIVPOL_OK) {
            size_t m = 8;
            char back[8];
            assert_int_equal(privpol_record_reject_open(f->ctrl, &r, back, &m, NULL),
                             PRIVPOL_OK);
            assert_memory_equal(back, "abc", 3);
        } else {
            assert_int_equal(err.status, PRIVPOL_EPARSE);
            /* the message never quotes the line */
            assert_null(strstr(err.message, "ps1."));
        }
        free(line); /* r.sealed pointed into it */
    }
    /* invalid UTF-8, a NUL byte, versions, arguments */
    assert_int_equal(privpol_record_reject_parse("{\"\xff\"}", 6, &r, &err), PRIVPOL_EPARSE);
    assert_int_equal(privpol_record_reject_parse("{\"a\0\":1}", 8, &r, &err), PRIVPOL_EPARSE);
    r.version = 0;
    assert_int_equal(privpol_record_reject_parse(rec, strlen(rec), &r, &err), PRIVPOL_EVERSION);
    assert_int_equal(privpol_record_reject_parse(rec, strlen(rec), NULL, &err), PRIVPOL_EINVAL);
    privpol_record_reject_init(&r);
    r.line = 0;
    {
        size_t n = sizeof text;
        assert_int_equal(privpol_record_reject_write(f->sealer, T0, &r, "a", 1, text, &n, &err),
                         PRIVPOL_EINVAL);
    }
    privpol_record_reject_init(NULL);
    free(rec);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(round_trip_sizes),
        cmocka_unit_test(key_follows_time),
        cmocka_unit_test(documented_construction),
        cmocka_unit_test(nonce_is_random),
        cmocka_unit_test(wrong_ad_is_eauth),
        cmocka_unit_test(tampering_each_position),
        cmocka_unit_test(truncated_or_extended),
        cmocka_unit_test(other_keyrings),
        cmocka_unit_test(only_with_reveal_flag),
        cmocka_unit_test(buffer_sizes),
        cmocka_unit_test(sealed_len_values),
        cmocka_unit_test(bad_arguments),
        cmocka_unit_test(messages_hold_no_content),
        cmocka_unit_test(reject_ad_helper),
        cmocka_unit_test(reject_parts_are_bound),
        cmocka_unit_test(reject_records_round_trip),
        cmocka_unit_test(reject_records_are_read_strictly),
    };
    return cmocka_run_group_tests_name("seal", tests, setup, teardown);
}
