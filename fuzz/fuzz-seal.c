/* SPDX-License-Identifier: MIT */
/* Sealed text: privpol_seal() and privpol_unseal() (privpol/seal.h).
 * 1. The whole input as a sealed text, opened under additional data no text of this
 *    harness is sealed for: it never opens, whatever its shape (a forgery would need
 *    the keys' Poly1305 tags); the status says why (PRIVPOL_EPARSE, PRIVPOL_ENOKEY or
 *    PRIVPOL_EAUTH), nothing crashes; a context without PRIVPOL_CTX_ALLOW_REVEAL is
 *    always denied.
 * 2. The input as bytes to seal, under the key in force before or after the rotation
 *    (bit 0 of the first byte) and the reject additional data of one line (bit 1: the
 *    final part or not). The text has the documented length and shape (`ps1.` key id
 *    `.` base64url), a byte short is PRIVPOL_EBUFSIZE with the size needed; sealing
 *    twice gives two texts (random nonce); unseal(seal(x)) == x, with a NUL after it;
 *    an output a byte short is PRIVPOL_EBUFSIZE; other additional data, a processor, a
 *    truncated text, and the text with one byte changed (position and change taken from
 *    the input) all fail: the change with PRIVPOL_EPARSE or PRIVPOL_EAUTH, or
 *    PRIVPOL_ENOKEY when it hits the key id.
 * 3. The input as a line of a rejects file (privpol_record_reject_parse()): read or
 *    refused with PRIVPOL_EPARSE and a message that never quotes it; a record read has
 *    line and part from 1 and its sealed text inside the input, and does not open
 *    (nothing of this harness was sealed for it); the input sealed as a reject record
 *    (privpol_record_reject_write()) reads back to the same line, part and finality and
 *    opens to the input. */
#include "fuzz.h"

#define RAW_AD "fuzz-seal:raw"

static const char b64url[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Open a copy of exactly len bytes with an output of cap bytes; *out malloc'd. */
static privpol_status
unseal(const privpol_ctx *ctx, const char *ad, size_t ad_len, const char *text,
       size_t len, size_t cap, char **out, size_t *out_len)
{
    char *copy = fuzz_dup(text, len);
    privpol_error err;
    privpol_status st;
    *out = malloc(cap > 0 ? cap : 1);
    FUZZ_CHECK(*out != NULL);
    *out_len = cap;
    st = privpol_unseal(ctx, ad, ad_len, copy, len, *out, out_len, &err);
    FUZZ_CHECK(st == PRIVPOL_OK || fuzz_error_ok(&err, st));
    free(copy);
    return st;
}

/* FNV-1a: positions and changes that follow the input but not its first bytes only. */
static uint64_t
hash(const uint8_t *data, size_t size)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < size; i++)
        h = (h ^ data[i]) * UINT64_C(1099511628211);
    return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctrl, *proc; /* built once, only read afterwards */
    char ad[PRIVPOL_REJECT_AD_SIZE], other_ad[PRIVPOL_REJECT_AD_SIZE];
    char *text, *text2, *back;
    size_t ad_len, other_len, need, len, back_len, pos;
    uint64_t h = hash(data, size);
    int64_t at;
    bool final;
    uint8_t change;
    privpol_status st;

    if (ctrl == NULL) {
        ctrl = fuzz_ctx(PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                        PRIVPOL_PERIOD_NONE);
        proc = fuzz_ctx(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE);
    }

    /* Part 1: the input is the text. */
    st = unseal(ctrl, RAW_AD, sizeof RAW_AD - 1, (const char *)data, size, size + 1,
                &back, &back_len);
    FUZZ_CHECK(st == PRIVPOL_EPARSE || st == PRIVPOL_ENOKEY || st == PRIVPOL_EAUTH);
    free(back);
    st = unseal(proc, RAW_AD, sizeof RAW_AD - 1, (const char *)data, size, size + 1,
                &back, &back_len);
    FUZZ_CHECK(st == PRIVPOL_EDENIED);
    free(back);

    /* Part 2: the input is the bytes. */
    at = size > 0 && (data[0] & 1U) ? FUZZ_ROTATION : FUZZ_T0;
    final = size > 0 && (data[0] & 2U);
    ad_len = sizeof ad;
    if (privpol_seal_reject_ad(size + 1, 1, final, ad, &ad_len, NULL) != PRIVPOL_OK)
        ad_len = 0;
    other_len = sizeof other_ad;
    if (privpol_seal_reject_ad(size + 1, 1, !final, other_ad, &other_len, NULL) != PRIVPOL_OK)
        other_len = 0;
    FUZZ_CHECK(ad_len > 0 && other_len == ad_len);
    need = privpol_seal_len(size);
    FUZZ_CHECK(need ==
               13 + (size + 40) / 3 * 4 + ((size + 40) % 3 ? (size + 40) % 3 + 1 : 0));

    len = need; /* one byte short: the NUL does not fit */
    text = malloc(need + 1);
    text2 = malloc(need + 1);
    FUZZ_CHECK(text != NULL && text2 != NULL);
    FUZZ_CHECK(privpol_seal(ctrl, at, ad, ad_len, data, size, text, &len, NULL) ==
               PRIVPOL_EBUFSIZE);
    FUZZ_CHECK(len == need + 1);
    FUZZ_CHECK(privpol_seal(ctrl, at, ad, ad_len, data, size, text, &len, NULL) ==
               PRIVPOL_OK);
    FUZZ_CHECK(len == need && text[need] == '\0');
    FUZZ_CHECK(memcmp(text, at < FUZZ_ROTATION ? "ps1.0000000a." : "ps1.0000000b.", 13) ==
               0);
    for (size_t i = 13; i < need; i++)
        FUZZ_CHECK(text[i] != '\0' && strchr(b64url, text[i]) != NULL);
    /* any role may seal; the nonce is random */
    len = need + 1;
    FUZZ_CHECK(privpol_seal(proc, at, ad, ad_len, data, size, text2, &len, NULL) ==
               PRIVPOL_OK);
    FUZZ_CHECK(len == need && memcmp(text, text2, 13) == 0 &&
               memcmp(text, text2, need) != 0);

    /* Round trips, from both texts. */
    FUZZ_CHECK(unseal(ctrl, ad, ad_len, text, need, size + 1, &back, &back_len) ==
               PRIVPOL_OK);
    FUZZ_CHECK(back_len == size && memcmp(back, data, size) == 0 && back[size] == '\0');
    free(back);
    FUZZ_CHECK(unseal(ctrl, ad, ad_len, text2, need, size + 1, &back, &back_len) ==
               PRIVPOL_OK);
    FUZZ_CHECK(back_len == size && memcmp(back, data, size) == 0);
    free(back);
    FUZZ_CHECK(unseal(ctrl, ad, ad_len, text, need, size, &back, &back_len) ==
               PRIVPOL_EBUFSIZE);
    FUZZ_CHECK(back_len == size + 1);
    free(back);

    /* What must not open. */
    FUZZ_CHECK(unseal(ctrl, other_ad, other_len, text, need, size + 1, &back,
                      &back_len) == PRIVPOL_EAUTH);
    free(back);
    FUZZ_CHECK(unseal(ctrl, NULL, 0, text, need, size + 1, &back, &back_len) ==
               PRIVPOL_EAUTH);
    free(back);
    FUZZ_CHECK(unseal(proc, ad, ad_len, text, need, size + 1, &back, &back_len) ==
               PRIVPOL_EDENIED);
    free(back);
    len = need - 1 - (size_t)(h % (need - 13)); /* keeps the head: damage, not shape */
    st = unseal(ctrl, ad, ad_len, text, len, size + 1, &back, &back_len);
    FUZZ_CHECK(st == PRIVPOL_EAUTH);
    free(back);

    pos = (size_t)((h >> 16) % need);
    change = (uint8_t)(h >> 40);
    if (change == 0)
        change = 1;
    memcpy(text2, text, need + 1);
    text2[pos] = (char)(text2[pos] ^ change);
    st = unseal(ctrl, ad, ad_len, text2, need, size + 1, &back, &back_len);
    if (pos >= 4 && pos < 12)
        FUZZ_CHECK(st == PRIVPOL_EPARSE || st == PRIVPOL_ENOKEY || st == PRIVPOL_EAUTH);
    else
        FUZZ_CHECK(st == PRIVPOL_EPARSE || st == PRIVPOL_EAUTH);
    free(back);

    free(text);
    free(text2);

    /* Part 3: reject records. */
    {
        privpol_record_reject r = PRIVPOL_RECORD_REJECT_INIT, r2 = PRIVPOL_RECORD_REJECT_INIT;
        privpol_error err;
        char *line = fuzz_dup(data, size), *rec, *opened;
        size_t rec_len = 0, opened_len = size + 1;
        st = privpol_record_reject_parse(line, size, &r, &err);
        FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_EPARSE);
        if (st == PRIVPOL_OK) {
            FUZZ_CHECK(r.line >= 1 && r.part >= 1 && r.reason == NULL);
            FUZZ_CHECK(r.sealed >= line && r.sealed + r.sealed_len <= line + size);
            opened = malloc(size + 1);
            FUZZ_CHECK(opened != NULL);
            st = privpol_record_reject_open(ctrl, &r, opened, &opened_len, NULL);
            FUZZ_CHECK(st != PRIVPOL_OK);
            free(opened);
        } else {
            FUZZ_CHECK(err.message[0] != '\0' && err.status == PRIVPOL_EPARSE);
        }
        free(line);
        privpol_record_reject_init(&r);
        r.line = size + 1;
        r.part = 1;
        r.final = final;
        r.reason = "fuzz";
        FUZZ_CHECK(privpol_record_reject_write(ctrl, at, &r, data, size, NULL, &rec_len, NULL) ==
                   PRIVPOL_EBUFSIZE);
        rec = malloc(rec_len);
        FUZZ_CHECK(rec != NULL);
        FUZZ_CHECK(privpol_record_reject_write(ctrl, at, &r, data, size, rec, &rec_len, NULL) ==
                   PRIVPOL_OK);
        FUZZ_CHECK(privpol_record_reject_parse(rec, rec_len, &r2, NULL) == PRIVPOL_OK);
        FUZZ_CHECK(r2.line == r.line && r2.part == 1 && r2.final == final && r2.column == 0);
        opened = malloc(size + 1);
        opened_len = size + 1;
        FUZZ_CHECK(opened != NULL);
        FUZZ_CHECK(privpol_record_reject_open(ctrl, &r2, opened, &opened_len, NULL) ==
                   PRIVPOL_OK);
        FUZZ_CHECK(opened_len == size && (size == 0 || memcmp(opened, data, size) == 0));
        free(opened);
        free(rec);
    }
    return 0;
}
