/* SPDX-License-Identifier: MIT */
/* Phone normalizer: privpol__phone_parse().
 * Input: two bytes that choose the default region (a known region written as such, "FR",
 * else one of a few regions or none, picked by their value), then the number.
 * Properties: the output is '+' and 1 to 15 digits, NUL-terminated; normalizing it
 * again, under the same region or none, gives itself; privpol_normalize() agrees under
 * FR; a failure is PRIVPOL_EVALUE with a column inside the number; deterministic. */
#include "fuzz.h"

/* Regions with different international and trunk prefixes (none: "00" or '+' only). */
static const char *const regions[] = {NULL, "FR", "US", "GB", "DE", "ES", "IT", "BE",
                                      "CH", "MA", "RU", "JP", "AU", "BR", "IN", "CN"};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx; /* built once (region FR), only read afterwards */
    char out[PRIVPOL__E164_MAX], again[PRIVPOL__E164_MAX], norm[PRIVPOL_NORMALIZED_MAX];
    char code[3];
    const char *region, *s;
    size_t n, out_len = 0, again_len = 0, norm_len;
    char *copy;
    privpol_error err, err2;
    privpol_status st;

    if (ctx == NULL)
        ctx = fuzz_ctx(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE);
    if (size < 2)
        return 0;
    code[0] = (char)data[0];
    code[1] = (char)data[1];
    code[2] = '\0';
    region = privpol__phone_region_known(code)
                 ? code
                 : regions[(data[0] + data[1]) % (sizeof regions / sizeof regions[0])];
    s = (const char *)data + 2;
    n = size - 2;

    st = privpol__phone_parse(s, n, region, out, &out_len, &err);
    FUZZ_CHECK(privpol__phone_parse(s, n, region, again, &again_len, &err2) == st);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(st == PRIVPOL_EVALUE && fuzz_error_ok(&err, st));
        FUZZ_CHECK(err.column <= n && err2.column == err.column);
        FUZZ_CHECK(out[0] == '\0' && out_len == 0);
        return 0;
    }
    FUZZ_CHECK(again_len == out_len && memcmp(out, again, out_len + 1) == 0);

    FUZZ_CHECK(out_len >= 2 && out_len <= 16 && out[0] == '+' && out[out_len] == '\0');
    for (size_t i = 1; i < out_len; i++)
        FUZZ_CHECK(privpol__is_digit((unsigned char)out[i]));

    /* E.164 is a fixed point, whatever the default region. */
    copy = fuzz_dup(out, out_len);
    FUZZ_CHECK(privpol__phone_parse(copy, out_len, region, again, &again_len, NULL) ==
               PRIVPOL_OK);
    FUZZ_CHECK(again_len == out_len && memcmp(out, again, out_len + 1) == 0);
    FUZZ_CHECK(privpol__phone_parse(copy, out_len, NULL, again, &again_len, NULL) ==
               PRIVPOL_OK);
    FUZZ_CHECK(again_len == out_len && memcmp(out, again, out_len + 1) == 0);
    free(copy);

    /* The public normalizer (its context's region is FR) gives the same number. */
    if (region != NULL && strcmp(region, "FR") == 0) {
        norm_len = sizeof norm;
        FUZZ_CHECK(privpol_normalize(ctx, PRIVPOL_CAT_CONTACT_PHONE, s, n, norm, &norm_len, NULL) ==
                   PRIVPOL_OK);
        FUZZ_CHECK(norm_len == out_len && memcmp(norm, out, out_len + 1) == 0);
    }
    return 0;
}
