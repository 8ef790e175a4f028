/* SPDX-License-Identifier: MIT */
/* Email normalizer: privpol__email_parse(), lowercasing the local part and keeping it.
 * Properties: idempotent (normalize(normalize(x)) == normalize(x)) in both modes; the
 * output is at most 254 bytes, NUL-terminated, with one '@' outside quotes and an ASCII
 * lowercase domain; both modes accept the same inputs and differ only by the case of an
 * unquoted local part; privpol_normalize() agrees; a failure is PRIVPOL_EVALUE with a
 * column inside the input; deterministic. */
#include "fuzz.h"

/* Offset of the '@' that ends the local part: the last one (the domain has none). */
static size_t
at_sign(const char *s, size_t n)
{
    size_t at = n;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '@')
            at = i;
    return at;
}

/* Parse in one mode and check what holds of any output; returns the status. */
static privpol_status
parse_checked(const char *s, size_t n, bool keep_case, char *out, size_t *out_len)
{
    char again[PRIVPOL__EMAIL_MAX];
    size_t again_len = 0, at, d;
    privpol_error err, err2;
    privpol_status st = privpol__email_parse(s, n, keep_case, out, out_len, &err);
    char *copy;

    FUZZ_CHECK(privpol__email_parse(s, n, keep_case, again, &again_len, &err2) == st);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(st == PRIVPOL_EVALUE && fuzz_error_ok(&err, st));
        FUZZ_CHECK(err.column <= n && err2.column == err.column);
        return st;
    }
    FUZZ_CHECK(again_len == *out_len && memcmp(out, again, *out_len + 1) == 0);
    FUZZ_CHECK(*out_len >= 3 && *out_len <= 254 && out[*out_len] == '\0' &&
               strlen(out) == *out_len);

    /* Lowercase domain ("[IPv6:" of an address literal is written so on purpose). */
    at = at_sign(out, *out_len);
    FUZZ_CHECK(at > 0 && at + 1 < *out_len);
    d = at + 1;
    if (*out_len - d > 6 && memcmp(out + d, "[IPv6:", 6) == 0)
        d += 6;
    for (; d < *out_len; d++)
        FUZZ_CHECK(!privpol__is_upper((unsigned char)out[d]));
    if (!keep_case && out[0] != '"')
        for (size_t i = 0; i < at; i++)
            FUZZ_CHECK(!privpol__is_upper((unsigned char)out[i]));

    /* Idempotent. */
    copy = fuzz_dup(out, *out_len);
    FUZZ_CHECK(privpol__email_parse(copy, *out_len, keep_case, again, &again_len, NULL) ==
               PRIVPOL_OK);
    free(copy);
    FUZZ_CHECK(again_len == *out_len && memcmp(out, again, *out_len + 1) == 0);
    return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx; /* built once, only read afterwards */
    const char *s = (const char *)data;
    char lower[PRIVPOL__EMAIL_MAX], kept[PRIVPOL__EMAIL_MAX],
        norm[PRIVPOL_NORMALIZED_MAX];
    size_t lower_len = 0, kept_len = 0, norm_len, at;
    privpol_status st;

    if (ctx == NULL)
        ctx = fuzz_ctx(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE);

    st = parse_checked(s, size, false, lower, &lower_len);
    FUZZ_CHECK(parse_checked(s, size, true, kept, &kept_len) == st);
    if (st != PRIVPOL_OK)
        return 0;

    /* The two modes differ only by the case of an unquoted local part. */
    FUZZ_CHECK(kept_len == lower_len);
    at = at_sign(kept, kept_len);
    for (size_t i = 0; i < kept_len; i++) {
        unsigned char c = (unsigned char)kept[i];
        if (i < at && kept[0] != '"' && privpol__is_upper(c))
            c = (unsigned char)(c | 0x20);
        FUZZ_CHECK((unsigned char)lower[i] == c);
    }

    /* The public normalizer (lowercasing, as the context's default) agrees. */
    norm_len = sizeof norm;
    FUZZ_CHECK(privpol_normalize(ctx, PRIVPOL_CAT_CONTACT_EMAIL, s, size, norm, &norm_len, NULL) ==
               PRIVPOL_OK);
    FUZZ_CHECK(norm_len == lower_len && memcmp(norm, lower, lower_len + 1) == 0);
    return 0;
}
