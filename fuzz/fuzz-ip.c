/* SPDX-License-Identifier: MIT */
/* IP normalizer: privpol__ip_parse() and privpol__ip_format().
 * Properties: a parsed address formats to text that parses back to the same bytes and
 * formats to the same text (parse(format(parse(x))) == parse(x), the text is a fixed
 * point); the text is canonical (lowercase, ':' only in IPv6); privpol_normalize() of the
 * value gives the same text; a failure is PRIVPOL_EVALUE with a column inside the input;
 * nothing reads past the input (libFuzzer's buffer is exactly `size` bytes). */
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx; /* built once, only read afterwards */
    const char *s = (const char *)data;
    uint8_t ip[16], ip2[16];
    size_t n = 0, n2 = 0, len, len2, norm_len;
    char text[PRIVPOL__IP_TEXT_MAX], text2[PRIVPOL__IP_TEXT_MAX],
        norm[PRIVPOL_NORMALIZED_MAX];
    char *copy;
    privpol_error err, err2;
    privpol_status st;

    if (ctx == NULL)
        ctx = fuzz_ctx(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE);

    st = privpol__ip_parse(s, size, ip, &n, &err);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(st == PRIVPOL_EVALUE && fuzz_error_ok(&err, st));
        FUZZ_CHECK(err.column <= size);
        /* Deterministic, and the same without an error detail. */
        FUZZ_CHECK(privpol__ip_parse(s, size, ip2, &n2, &err2) == st &&
                   err2.column == err.column);
        FUZZ_CHECK(privpol__ip_parse(s, size, ip2, &n2, NULL) == st);
        return 0;
    }
    FUZZ_CHECK(n == 4 || n == 16);

    len = privpol__ip_format(ip, n, text);
    FUZZ_CHECK(len > 0 && len < PRIVPOL__IP_TEXT_MAX && strlen(text) == len);
    FUZZ_CHECK((n == 4) == (strchr(text, ':') == NULL));
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(privpol__is_hex((unsigned char)text[i]) || text[i] == ':' ||
                   text[i] == '.');
    for (size_t i = 0; i < len; i++)
        FUZZ_CHECK(!privpol__is_upper((unsigned char)text[i]));

    /* The text parses back to the same address and is its own canonical form. */
    copy = fuzz_dup(text, len);
    FUZZ_CHECK(privpol__ip_parse(copy, len, ip2, &n2, NULL) == PRIVPOL_OK);
    free(copy);
    FUZZ_CHECK(n2 == n && memcmp(ip, ip2, n) == 0);
    len2 = privpol__ip_format(ip2, n2, text2);
    FUZZ_CHECK(len2 == len && memcmp(text, text2, len + 1) == 0);

    /* The public normalizer agrees. */
    norm_len = sizeof norm;
    FUZZ_CHECK(privpol_normalize(ctx, PRIVPOL_CAT_CONNECTION_IP_ADDRESS, s, size, norm, &norm_len,
                                 NULL) == PRIVPOL_OK);
    FUZZ_CHECK(norm_len == len && memcmp(norm, text, len + 1) == 0);
    return 0;
}
