/* SPDX-License-Identifier: MIT */
/* Reveal of reversible tokens: privpol_reveal() on hostile tokens.
 * 1. The whole input as a token. Revealing it can only succeed for a token this keyring
 *    made: then pseudonymizing the revealed value again gives back the input, byte for
 *    byte. A processor is always denied; nothing crashes.
 * 2. A valid token, then tampered with. Input: a byte choosing the category, a byte L,
 *    the value (L bytes), then edits of three bytes each (kind, position, byte):
 *    replace, flip a bit, insert, delete, truncate. The edited token reveals if and only
 *    if it is byte for byte the valid token, and then to the normalized value. */
#include "fuzz.h"

static const privpol_category categories[] = {
    PRIVPOL_CAT_CONNECTION_IP_ADDRESS, PRIVPOL_CAT_CONTACT_PHONE, PRIVPOL_CAT_CONTACT_EMAIL, PRIVPOL_CAT_FINANCIAL_CARD_NUMBER,
    PRIVPOL_CAT_FINANCIAL_IBAN,        PRIVPOL_CAT_IDENTITY_NAME, PRIVPOL_CAT_COOKIE_ID,     PRIVPOL_CAT_USAGE_EVENT,
};
#define NCAT (sizeof categories / sizeof categories[0])
#define MAX_EDITS 16U

/* A value pseudonymize returns as it is, because it already is a token. */
static bool
is_token(const char *value, size_t len)
{
    const char *t = privpol__trim(value, &len);
    return privpol_pseudonym_token_kind(t, len) != PRIVPOL_TOKEN_NONE;
}

/* Reveal a copy of exactly len bytes; returns the status, *out malloc'd (caller frees).
 */
static privpol_status
reveal(const privpol_ctx *ctx, const char *tenant, const char *token, size_t len,
       privpol_category *category, char **out, size_t *out_len)
{
    char *copy = fuzz_dup(token, len);
    size_t cap = len + PRIVPOL_NORMALIZED_MAX;
    privpol_error err;
    privpol_status st;
    if ((*out = malloc(cap)) == NULL)
        fuzz_fail(__FILE__, __LINE__, "malloc");
    *out_len = cap;
    st = privpol_reveal(ctx, tenant, copy, len, category, *out, out_len, &err);
    free(copy);
    FUZZ_CHECK(st == PRIVPOL_OK || fuzz_error_ok(&err, st));
    return st;
}

/* Part 1: the input is the token. */
static void
reveal_raw(const privpol_ctx *ctrl, const privpol_ctx *proc, const char *token,
           size_t len)
{
    char *out, *again;
    size_t out_len, again_len;
    privpol_category cat = PRIVPOL_CAT_UNKNOWN;
    int key;
    privpol_status st = reveal(ctrl, "acme", token, len, &cat, &out, &out_len);

    FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_EVALUE || st == PRIVPOL_ENOKEY ||
               st == PRIVPOL_EAUTH);
    if (st == PRIVPOL_OK) {
        /* Made by this keyring: the same value, category and key make the same token
         * (the context has no rotation periods, so any time the key is in force will
         * do). */
        FUZZ_CHECK((size_t)cat < privpol_category_count());
        FUZZ_CHECK((key = privpol__keyring_find(ctrl->keyring, token + 4, 8)) >= 0);
        again_len = len + 1;
        again = malloc(again_len);
        FUZZ_CHECK(again != NULL);
        FUZZ_CHECK(
            privpol_pseudonymize(ctrl, "acme", cat, out, out_len,
                                 privpol_keyring_key_from(ctrl->keyring, (size_t)key),
                                 PRIVPOL_PSEUDONYM_REVERSIBLE, again, &again_len,
                                 NULL) == PRIVPOL_OK);
        FUZZ_CHECK(again_len == len && memcmp(again, token, len) == 0);
        free(again);
    }
    free(out);
    FUZZ_CHECK(reveal(proc, "acme", token, len, NULL, &out, &out_len) == PRIVPOL_EDENIED);
    free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctrl, *proc; /* built once, only read afterwards */
    privpol_category category, cat = PRIVPOL_CAT_UNKNOWN;
    const char *value;
    char *token, *edited, *out, norm[PRIVPOL_NORMALIZED_MAX];
    size_t value_len, token_len, cap, len, out_len, norm_len;
    const uint8_t *edits;
    size_t n_edits;
    int64_t at;
    privpol_status st;

    if (ctrl == NULL) {
        ctrl = fuzz_ctx(PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                        PRIVPOL_PERIOD_NONE);
        proc = fuzz_ctx(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE);
    }
    reveal_raw(ctrl, proc, (const char *)data, size);

    /* Part 2: a valid token of a value taken from the input, then edited. */
    if (size < 2)
        return 0;
    category = categories[data[0] % NCAT];
    value_len = data[1] < size - 2 ? data[1] : size - 2;
    value = (const char *)data + 2;
    edits = data + 2 + value_len;
    n_edits = (size - 2 - value_len) / 3;
    if (n_edits > MAX_EDITS)
        n_edits = MAX_EDITS;
    if (value_len > 200)
        return 0;
    if (is_token(value, value_len))
        return 0;
    norm_len = sizeof norm;
    if (privpol_normalize(ctrl, category, value, value_len, norm, &norm_len, NULL) !=
        PRIVPOL_OK) {
        category = PRIVPOL_CAT_COOKIE_ID; /* opaque: any bytes but none */
        if (value_len == 0) {
            value = "x";
            value_len = 1;
        }
        norm_len = sizeof norm;
        FUZZ_CHECK(privpol_normalize(ctrl, category, value, value_len, norm, &norm_len,
                                     NULL) == PRIVPOL_OK);
    }
    /* The size query (privpol_pseudonym_reversible_size() wants the length of the keyed
     * bytes, which for an IP address is not that of its text). */
    at = data[0] & 0x80 ? FUZZ_ROTATION : FUZZ_T0;
    token_len = 0;
    FUZZ_CHECK(privpol_pseudonymize(ctrl, "acme", category, value, value_len, at,
                                    PRIVPOL_PSEUDONYM_REVERSIBLE, norm, &token_len,
                                    NULL) == PRIVPOL_EBUFSIZE);
    cap = token_len + MAX_EDITS;
    token = malloc(token_len);
    edited = malloc(cap);
    FUZZ_CHECK(token != NULL && edited != NULL);
    FUZZ_CHECK(privpol_pseudonymize(ctrl, "acme", category, value, value_len, at,
                                    PRIVPOL_PSEUDONYM_REVERSIBLE, token, &token_len,
                                    NULL) == PRIVPOL_OK);
    memcpy(edited, token, token_len);
    len = token_len;
    for (size_t i = 0; i < n_edits; i++) {
        uint8_t kind = edits[3 * i], b = edits[3 * i + 2];
        size_t pos = len > 0 ? edits[3 * i + 1] % len : 0;
        switch (kind % 5) {
        case 0: /* replace */
            if (len > 0)
                edited[pos] = (char)b;
            break;
        case 1: /* flip a bit */
            if (len > 0)
                edited[pos] = (char)(edited[pos] ^ (1 << (b & 7)));
            break;
        case 2: /* insert */
            if (len < cap) {
                pos = edits[3 * i + 1] % (len + 1);
                memmove(edited + pos + 1, edited + pos, len - pos);
                edited[pos] = (char)b;
                len++;
            }
            break;
        case 3: /* delete */
            if (len > 0) {
                memmove(edited + pos, edited + pos + 1, len - pos - 1);
                len--;
            }
            break;
        default: /* truncate */
            len = pos;
            break;
        }
    }

    st = reveal(ctrl, "acme", edited, len, &cat, &out, &out_len);
    if (len == token_len && memcmp(edited, token, len) == 0) {
        FUZZ_CHECK(st == PRIVPOL_OK);
        FUZZ_CHECK(out_len == norm_len && memcmp(out, norm, norm_len) == 0);
        FUZZ_CHECK(cat == category);
    } else {
        FUZZ_CHECK(st != PRIVPOL_OK);
    }
    free(out);
    FUZZ_CHECK(reveal(ctrl, "globex", edited, len, NULL, &out, &out_len) != PRIVPOL_OK);
    free(out);
    free(edited);
    free(token);
    return 0;
}
