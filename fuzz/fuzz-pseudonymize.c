/* SPDX-License-Identifier: MIT */
/* Pseudonyms and reversible tokens: privpol_pseudonymize(), privpol_pseudonymizer_run(),
 * privpol_normalize(), privpol_reveal().
 * Input: one byte choosing the category (one per normalizer) and the event time (one
 * of four: before and after the key rotation, the rotation itself, before any key),
 * then the value.
 * Properties: a value that already is a token comes back unchanged; otherwise a
 * pseudonym exists exactly when the value normalizes; it is deterministic, has the
 * documented shape ("pd1." key-id "." 22 base64url characters, the key in force at the
 * time), is the same from a pseudonymizer and for the normalized value, differs for
 * another tenant; the reversible token is deterministic, of the size announced, and a
 * controller allowed to reveal gets back the normalized value and the category
 * (reveal(pseudonymize_reversible(x)) == normalize(x)), while a processor is denied and
 * another tenant is refused. */
#include "fuzz.h"

static const privpol_category categories[] = {
    PRIVPOL_CAT_CONNECTION_IP_ADDRESS,   /* ip */
    PRIVPOL_CAT_CONTACT_PHONE,           /* phone */
    PRIVPOL_CAT_CONTACT_EMAIL,           /* email */
    PRIVPOL_CAT_FINANCIAL_CARD_NUMBER,   /* digits */
    PRIVPOL_CAT_FINANCIAL_IBAN,          /* iban */
    PRIVPOL_CAT_IDENTITY_NAME,           /* text */
    PRIVPOL_CAT_COOKIE_ID,               /* opaque */
    PRIVPOL_CAT_USAGE_EVENT,             /* none */
    PRIVPOL_CAT_USER_PROVIDED_FREE_TEXT, /* scan */
};
#define NCAT (sizeof categories / sizeof categories[0])

static const int64_t times[] = {FUZZ_T0, FUZZ_ROTATION - 1, FUZZ_ROTATION, -1};

static void
check_pseudonym_shape(const char *tok, size_t len, int64_t at)
{
    static const char b64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *last;
    FUZZ_CHECK(len == PRIVPOL_PSEUDONYM_LEN && tok[len] == '\0');
    FUZZ_CHECK(memcmp(tok, at < FUZZ_ROTATION ? "pd1.0000000a." : "pd1.0000000b.", 13) ==
               0);
    for (size_t i = 13; i < len; i++)
        FUZZ_CHECK(strchr(b64, tok[i]) != NULL && tok[i] != '\0');
    /* 22 characters carry 132 bits of which 128 are used: the last four are zero. */
    last = strchr(b64, tok[len - 1]);
    FUZZ_CHECK(((size_t)(last - b64) & 15) == 0);
    FUZZ_CHECK(privpol_pseudonym_token_kind(tok, len) == PRIVPOL_TOKEN_PSEUDONYM);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *proc, *ctrl; /* built once, only read afterwards */
    char tok[PRIVPOL_PSEUDONYM_LEN + 1], tok2[PRIVPOL_PSEUDONYM_LEN + 1];
    privpol_category category, cat_out = PRIVPOL_CAT_UNKNOWN, cat_index;
    const char *value, *trimmed;
    char *norm, *rev, *rev2, *revealed, *copy;
    size_t value_len, trimmed_len, norm_cap, norm_len, tok_len, tok2_len, rev_cap,
        rev_len, rev2_len, revealed_len;
    privpol_pseudonymizer *pz = NULL;
    privpol_status st, norm_st;
    privpol_error err;
    int64_t at;

    if (proc == NULL) {
        proc = fuzz_ctx(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_DAY);
        ctrl = fuzz_ctx(PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                        PRIVPOL_PERIOD_DAY);
    }
    if (size < 1)
        return 0;
    category = categories[data[0] % NCAT];
    at = times[data[0] / NCAT % 4];
    value = (const char *)data + 1;
    value_len = size - 1;
    cat_index = category;

    /* Only a token of this context passes through unchanged (a pseudonym naming a key of
     * the keyring, a reversible token authentic for the tenant); any other token-shaped
     * value is keyed like an ordinary one, or rejected by its normalizer. */
    trimmed_len = value_len;
    trimmed = privpol__trim(value, &trimmed_len);
    if (privpol_pseudonym_token_kind(trimmed, trimmed_len) != PRIVPOL_TOKEN_NONE) {
        privpol_token_kind kind = privpol_pseudonym_token_kind(trimmed, trimmed_len);
        copy = malloc(trimmed_len + PRIVPOL_PSEUDONYM_LEN + 1);
        FUZZ_CHECK(copy != NULL);
        tok_len = trimmed_len + PRIVPOL_PSEUDONYM_LEN + 1;
        st = privpol_pseudonymize(proc, "acme", category, value, value_len, at, 0, copy,
                                  &tok_len, NULL);
        if (st == PRIVPOL_OK && tok_len == trimmed_len &&
            memcmp(copy, trimmed, trimmed_len) == 0) {
            FUZZ_CHECK(memcmp(trimmed + 4, "0000000a", 8) == 0 ||
                       memcmp(trimmed + 4, "0000000b", 8) == 0);
            if (kind == PRIVPOL_TOKEN_REVERSIBLE) {
                char back[PRIVPOL_NORMALIZED_MAX * 4];
                size_t back_len = sizeof back;
                privpol_status rs = privpol_reveal(ctrl, "acme", trimmed, trimmed_len, NULL,
                                                   back, &back_len, NULL);
                FUZZ_CHECK(rs == PRIVPOL_OK || rs == PRIVPOL_EBUFSIZE);
            }
        }
        free(copy);
        return 0;
    }

    tok_len = sizeof tok;
    st = privpol_pseudonymize(proc, "acme", category, value, value_len, at, 0, tok,
                              &tok_len, &err);
    if (at < 0) { /* no key in force yet */
        FUZZ_CHECK(st == PRIVPOL_ENOKEY && fuzz_error_ok(&err, st));
        return 0;
    }

    /* A pseudonym exists exactly when the value normalizes. */
    norm_cap = value_len + PRIVPOL_NORMALIZED_MAX;
    norm = malloc(norm_cap);
    FUZZ_CHECK(norm != NULL);
    norm_len = norm_cap;
    norm_st = privpol_normalize(proc, category, value, value_len, norm, &norm_len, NULL);
    FUZZ_CHECK(norm_st == PRIVPOL_OK || norm_st == PRIVPOL_EVALUE);
    FUZZ_CHECK(st == norm_st);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(fuzz_error_ok(&err, st));
        free(norm);
        return 0;
    }
    check_pseudonym_shape(tok, tok_len, at);

    /* Deterministic; one byte short is refused with the size needed. */
    tok2_len = sizeof tok2;
    FUZZ_CHECK(privpol_pseudonymize(proc, "acme", category, value, value_len, at, 0, tok2,
                                    &tok2_len, NULL) == PRIVPOL_OK);
    FUZZ_CHECK(tok2_len == tok_len && memcmp(tok, tok2, sizeof tok) == 0);
    tok2_len = PRIVPOL_PSEUDONYM_LEN;
    FUZZ_CHECK(privpol_pseudonymize(proc, "acme", category, value, value_len, at, 0, tok2,
                                    &tok2_len, NULL) == PRIVPOL_EBUFSIZE);
    FUZZ_CHECK(tok2_len == PRIVPOL_PSEUDONYM_LEN + 1);

    /* The pseudonymizer (cached subkeys) gives the same pseudonym. */
    FUZZ_CHECK(privpol_pseudonymizer_new(proc, "acme", category, &pz, NULL) ==
               PRIVPOL_OK);
    tok2_len = sizeof tok2;
    FUZZ_CHECK(privpol_pseudonymizer_run(pz, value, value_len, at, 0, tok2, &tok2_len,
                                         NULL) == PRIVPOL_OK);
    FUZZ_CHECK(tok2_len == tok_len && memcmp(tok, tok2, sizeof tok) == 0);

    /* One identifier in any notation, one pseudonym: the normalized text has it too. */
    copy = fuzz_dup(norm, norm_len);
    tok2_len = sizeof tok2;
    FUZZ_CHECK(privpol_pseudonymize(proc, "acme", category, copy, norm_len, at, 0, tok2,
                                    &tok2_len, NULL) == PRIVPOL_OK);
    FUZZ_CHECK(tok2_len == tok_len && memcmp(tok, tok2, sizeof tok) == 0);
    free(copy);

    /* Another tenant, another pseudonym (a collision has probability 2^-128). */
    tok2_len = sizeof tok2;
    FUZZ_CHECK(privpol_pseudonymize(proc, "globex", category, value, value_len, at, 0,
                                    tok2, &tok2_len, NULL) == PRIVPOL_OK);
    FUZZ_CHECK(memcmp(tok, tok2, sizeof tok) != 0);

    /* Reversible token: deterministic, of the announced size (that of the keyed bytes:
     * 4 or 16 for an IP address, the text otherwise), and the controller reveals it. */
    rev_cap = privpol_pseudonym_reversible_size(
        privpol_category_normalizer(cat_index) != PRIVPOL_NORM_IP ? norm_len
        : strchr(norm, ':') != NULL                               ? 16
                                                                  : 4);
    FUZZ_CHECK(rev_cap > PRIVPOL_PSEUDONYM_LEN);
    rev = malloc(rev_cap);
    rev2 = malloc(rev_cap);
    revealed = malloc(norm_len + 1);
    FUZZ_CHECK(rev != NULL && rev2 != NULL && revealed != NULL);
    rev_len = rev_cap;
    FUZZ_CHECK(privpol_pseudonymize(ctrl, "acme", category, value, value_len, at,
                                    PRIVPOL_PSEUDONYM_REVERSIBLE, rev, &rev_len,
                                    NULL) == PRIVPOL_OK);
    FUZZ_CHECK(rev_len + 1 == rev_cap && rev[rev_len] == '\0');
    FUZZ_CHECK(memcmp(rev, at < FUZZ_ROTATION ? "pr1.0000000a." : "pr1.0000000b.", 13) ==
               0);
    FUZZ_CHECK(privpol_pseudonym_token_kind(rev, rev_len) == PRIVPOL_TOKEN_REVERSIBLE);
    rev2_len = rev_cap;
    FUZZ_CHECK(privpol_pseudonymize(ctrl, "acme", category, value, value_len, at,
                                    PRIVPOL_PSEUDONYM_REVERSIBLE, rev2, &rev2_len,
                                    NULL) == PRIVPOL_OK);
    FUZZ_CHECK(rev2_len == rev_len && memcmp(rev, rev2, rev_len + 1) == 0);
    rev2_len = rev_cap;
    FUZZ_CHECK(privpol_pseudonymizer_run(pz, value, value_len, at,
                                         PRIVPOL_PSEUDONYM_REVERSIBLE, rev2, &rev2_len,
                                         NULL) == PRIVPOL_OK);
    /* pz works under the processor context: same keys, same token. */
    FUZZ_CHECK(rev2_len == rev_len && memcmp(rev, rev2, rev_len + 1) == 0);

    copy = fuzz_dup(rev, rev_len);
    revealed_len = norm_len + 1;
    FUZZ_CHECK(privpol_reveal(ctrl, "acme", copy, rev_len, &cat_out, revealed,
                              &revealed_len, NULL) == PRIVPOL_OK);
    FUZZ_CHECK(cat_out == cat_index && revealed_len == norm_len &&
               memcmp(revealed, norm, norm_len) == 0 && revealed[norm_len] == '\0');
    revealed_len = norm_len + 1;
    FUZZ_CHECK(privpol_reveal(proc, "acme", copy, rev_len, NULL, revealed, &revealed_len,
                              NULL) == PRIVPOL_EDENIED);
    revealed_len = norm_len + 1;
    FUZZ_CHECK(privpol_reveal(ctrl, "globex", copy, rev_len, NULL, revealed,
                              &revealed_len, NULL) == PRIVPOL_EAUTH);
    revealed_len = norm_len; /* one byte short */
    FUZZ_CHECK(privpol_reveal(ctrl, "acme", copy, rev_len, NULL, revealed, &revealed_len,
                              NULL) == PRIVPOL_EBUFSIZE &&
               revealed_len == norm_len + 1);
    free(copy);

    privpol_pseudonymizer_free(pz);
    free(revealed);
    free(rev2);
    free(rev);
    free(norm);
    return 0;
}
