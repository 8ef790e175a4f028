/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "generalize.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string literal and its length, embedded NULs included. */
#define S(x) x, (sizeof(x) - 1)

#define TIME_MIN (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define TIME_MAX (253402300799LL) /* 9999-12-31T23:59:59Z */

/* ---- IP prefixes ------------------------------------------------------------------- */

static privpol_status
gen_ip(const char *s, size_t n, unsigned p4, unsigned p6, char *out, size_t out_size,
       size_t *out_len)
{
    char *copy = support_exact_copy(s, n);
    privpol_status st = privpol__generalize_ip(copy, n, p4, p6, out, out_size, out_len);
    free(copy);
    return st;
}

static void
expect_ip(const char *in, unsigned p4, unsigned p6, const char *want)
{
    char out[PRIVPOL__GENERALIZED_IP_MAX];
    size_t len = 999;
    privpol_status st = gen_ip(in, strlen(in), p4, p6, out, sizeof out, &len);
    if (st != PRIVPOL_OK)
        fail_msg("\"%s\" /%u /%u: status %d", in, p4, p6, (int)st);
    if (strcmp(out, want) != 0)
        fail_msg("\"%s\" /%u /%u: got \"%s\", want \"%s\"", in, p4, p6, out, want);
    assert_int_equal(len, strlen(want));
}

static void
ipv4_prefixes(void **state)
{
    (void)state;
    expect_ip("80.31.203.13", 24, 48, "80.31.203.0/24");
    expect_ip("80.31.203.13", 16, 48, "80.31.0.0/16");
    expect_ip("80.31.203.13", 0, 48, "0.0.0.0/0");
    expect_ip("80.31.203.13", 32, 48, "80.31.203.13/32");
    expect_ip("80.31.203.200", 25, 48, "80.31.203.128/25");
    expect_ip("80.31.203.13", 23, 48, "80.31.202.0/23");
    expect_ip("255.255.255.255", 1, 48, "128.0.0.0/1");
    expect_ip("255.255.255.255", 31, 48, "255.255.255.254/31");
    expect_ip("0.0.0.0", 8, 48, "0.0.0.0/8");
    /* prefix6 does not matter for IPv4 */
    expect_ip("77.124.41.148", 24, 0, "77.124.41.0/24");
    expect_ip("77.124.41.148", 24, 128, "77.124.41.0/24");
    /* surrounding white space is trimmed, as for pseudonyms */
    expect_ip(" \t88.177.11.241\r\n", 24, 48, "88.177.11.0/24");
}

static void
ipv6_prefixes(void **state)
{
    (void)state;
    const char *a = "2a01:cb00:128b:2f33:5d9d:c9f8:1818:e811";
    expect_ip(a, 24, 48, "2a01:cb00:128b::/48");
    expect_ip(a, 24, 64, "2a01:cb00:128b:2f33::/64");
    expect_ip(a, 24, 128, "2a01:cb00:128b:2f33:5d9d:c9f8:1818:e811/128");
    expect_ip(a, 24, 0, "::/0");
    expect_ip(a, 24, 56, "2a01:cb00:128b:2f00::/56");
    expect_ip(a, 24, 52, "2a01:cb00:128b:2000::/52");
    expect_ip(a, 24, 47, "2a01:cb00:128a::/47");
    expect_ip(a, 24, 32, "2a01:cb00::/32");
    expect_ip(a, 24, 1, "::/1");
    expect_ip(a, 24, 3, "2000::/3");
    expect_ip(a, 24, 127, "2a01:cb00:128b:2f33:5d9d:c9f8:1818:e810/127");
    expect_ip(a, 24, 96, "2a01:cb00:128b:2f33:5d9d:c9f8::/96");
    /* the example of the brief and the other sample prefix */
    expect_ip("2a01:cb00:128b:2f33::1", 24, 48, "2a01:cb00:128b::/48");
    expect_ip("2001:861:a170:b338:fd6:30f1:f29d:da9", 24, 48, "2001:861:a170::/48");
    /* compressed, uppercase, zero-padded and uncompressed spellings */
    expect_ip("2A01:CB00:128B:2F33::1", 24, 48, "2a01:cb00:128b::/48");
    expect_ip("2a01:cb00:128b:2f33:0:0:0:1", 24, 64, "2a01:cb00:128b:2f33::/64");
    expect_ip("2a01:0cb0:0000:0000:0000:0000:0000:0001", 24, 128, "2a01:cb0::1/128");
    expect_ip("2001:db8::", 24, 32, "2001:db8::/32");
    expect_ip("2001:db8:0:1::", 24, 48, "2001:db8::/48");
    expect_ip("2001:db8:0:1:1:0:0:1", 24, 128, "2001:db8:0:1:1::1/128");
    expect_ip("::1", 24, 128, "::1/128");
    expect_ip("::1", 24, 127, "::/127");
    expect_ip("::", 24, 64, "::/64");
    expect_ip("fe80::1:2", 24, 10, "fe80::/10");
    expect_ip("64:ff9b::198.51.100.7", 24, 96, "64:ff9b::/96");
    expect_ip("64:ff9b::198.51.100.7", 24, 128, "64:ff9b::c633:6407/128");
    expect_ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 24, 128,
              "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
    expect_ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 24, 65,
              "ffff:ffff:ffff:ffff:8000::/65");
    /* the deprecated IPv4-compatible form is IPv6, not mapped */
    expect_ip("::80.31.203.13", 24, 104, "::5000:0/104");
    expect_ip("::80.31.203.13", 24, 120, "::501f:cb00/120");
}

static void
mapped_ipv6_counts_as_ipv4(void **state)
{
    (void)state;
    expect_ip("::ffff:80.31.203.13", 24, 48, "80.31.203.0/24");
    expect_ip("::FFFF:80.31.203.13", 16, 128, "80.31.0.0/16");
    expect_ip("::ffff:501f:cb0d", 24, 48, "80.31.203.0/24");
    expect_ip("0:0:0:0:0:ffff:80.31.203.13", 32, 0, "80.31.203.13/32");
    expect_ip("0000:0000:0000:0000:0000:FFFF:501F:CB0D", 0, 128, "0.0.0.0/0");
}

static void
ip_bad_inputs(void **state)
{
    static const char *const bad[] = {
        "",
        " ",
        "80.31.203",
        "80.31.203.256",
        "010.1.1.1",
        "80.31.203.13/24",
        "80.31.203.13:443",
        "[::1]",
        "fe80::1%eth0",
        "2a01:cb00::/48",
        "example.com",
        "1.2.3.4.5",
        ":::",
        "1::2::3",
        "2a01:cb00:128b:2f33:5d9d:c9f8:1818:e811:1",
        "12345::",
        "80.31.203.13 x",
        "0x50.31.203.13",
    };
    char out[PRIVPOL__GENERALIZED_IP_MAX];
    size_t len;
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        memcpy(out, "junk", 5);
        len = 999;
        if (gen_ip(bad[i], strlen(bad[i]), 24, 48, out, sizeof out, &len) !=
            PRIVPOL_EVALUE)
            fail_msg("\"%s\" should be refused", bad[i]);
        assert_string_equal(out, "");
        assert_int_equal(len, 0);
    }
    /* an embedded NUL is a bad byte, not the end */
    assert_int_equal(gen_ip(S("80.31.203.13\0"), 24, 48, out, sizeof out, &len),
                     PRIVPOL_EVALUE);
    /* NULL with length 0 is the empty value */
    assert_int_equal(privpol__generalize_ip(NULL, 0, 24, 48, out, sizeof out, &len),
                     PRIVPOL_EVALUE);
}

static void
ip_bad_arguments(void **state)
{
    char out[PRIVPOL__GENERALIZED_IP_MAX];
    size_t len = 999;
    (void)state;
    assert_int_equal(privpol__generalize_ip(S("1.2.3.4"), 33, 48, out, sizeof out, &len),
                     PRIVPOL_EINVAL);
    assert_string_equal(out, "");
    assert_int_equal(len, 0);
    assert_int_equal(privpol__generalize_ip(S("::1"), 24, 129, out, sizeof out, &len),
                     PRIVPOL_EINVAL);
    /* a bad prefix is refused whatever the address family */
    assert_int_equal(privpol__generalize_ip(S("::1"), 40, 48, out, sizeof out, &len),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__generalize_ip(S("1.2.3.4"), 24, 200, out, sizeof out, &len),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__generalize_ip(S("nope"), 33, 48, out, sizeof out, &len),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__generalize_ip(NULL, 4, 24, 48, out, sizeof out, &len),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__generalize_ip(S("1.2.3.4"), 24, 48, NULL, 64, &len),
                     PRIVPOL_EINVAL);
    /* out_len is optional */
    assert_int_equal(privpol__generalize_ip(S("1.2.3.4"), 24, 48, out, sizeof out, NULL),
                     PRIVPOL_OK);
    assert_string_equal(out, "1.2.3.0/24");
}

static void
ip_buffer_sizes(void **state)
{
    const char *in = "2a01:cb00:128b:2f33:5d9d:c9f8:1818:e811";
    const char *want = "2a01:cb00:128b:2f33:5d9d:c9f8:1818:e811/128";
    char out[PRIVPOL__GENERALIZED_IP_MAX];
    size_t len, n = strlen(want);
    (void)state;
    assert_true(n + 1 <= PRIVPOL__GENERALIZED_IP_MAX);
    for (size_t size = 0; size <= n; size++) {
        memset(out, 'x', sizeof out);
        len = 0;
        assert_int_equal(privpol__generalize_ip(in, strlen(in), 24, 128, out, size, &len),
                         PRIVPOL_EBUFSIZE);
        assert_int_equal(len, n + 1); /* the size needed, NUL included */
        if (size > 0)
            assert_int_equal(out[0], '\0');
        else
            assert_int_equal(out[0], 'x'); /* nothing written into a 0-byte buffer */
    }
    assert_int_equal(privpol__generalize_ip(in, strlen(in), 24, 128, out, n + 1, &len),
                     PRIVPOL_OK);
    assert_string_equal(out, want);
    assert_int_equal(len, n);
    assert_int_equal(privpol__generalize_ip(S("80.31.203.13"), 24, 48, out, 14, &len),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(len, 15);
    assert_int_equal(privpol__generalize_ip(S("80.31.203.13"), 24, 48, out, 15, &len),
                     PRIVPOL_OK);
    assert_string_equal(out, "80.31.203.0/24");
}

/* Every prefix length of random addresses: the address part of the output parses back
 * to the input with exactly the bits past the prefix cleared, and the prefix is the one
 * asked for. */
static void
random_addresses_every_prefix(void **state)
{
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    (void)state;
    for (unsigned round = 0; round < 200; round++) {
        uint8_t in[16], back[16];
        char text[PRIVPOL__IP_TEXT_MAX];
        size_t in_len = round % 2 ? 16 : 4, back_len, tlen;
        for (size_t k = 0; k < 16; k += 8) {
            uint64_t r = support_splitmix64(&seed);
            memcpy(in + k, &r, 8);
        }
        if (in_len == 16 && in[0] == 0)
            in[0] = 0x20; /* stay clear of the IPv4-mapped and compatible ranges */
        tlen = privpol__ip_format(in, in_len, text);
        for (unsigned prefix = 0; prefix <= 8 * in_len; prefix++) {
            char out[PRIVPOL__GENERALIZED_IP_MAX], want_suffix[8];
            const char *slash;
            size_t len;
            unsigned p4 = in_len == 4 ? prefix : 24, p6 = in_len == 16 ? prefix : 48;
            assert_int_equal(gen_ip(text, tlen, p4, p6, out, sizeof out, &len),
                             PRIVPOL_OK);
            assert_int_equal(len, strlen(out));
            assert_non_null(slash = strchr(out, '/'));
            snprintf(want_suffix, sizeof want_suffix, "/%u", prefix);
            assert_string_equal(slash, want_suffix);
            assert_int_equal(
                privpol__ip_parse(out, (size_t)(slash - out), back, &back_len, NULL),
                PRIVPOL_OK);
            assert_int_equal(back_len, in_len);
            for (unsigned bit = 0; bit < 8 * in_len; bit++) {
                unsigned want = bit < prefix ? (in[bit / 8] >> (7 - bit % 8)) & 1 : 0;
                unsigned got = (back[bit / 8] >> (7 - bit % 8)) & 1;
                if (want != got)
                    fail_msg("%s /%u: bit %u is %u", text, prefix, bit, got);
            }
        }
    }
}

/* ---- event times ------------------------------------------------------------------- */

static privpol_status
ev(const char *s, size_t n, bool is_number, int64_t *t)
{
    char *copy = support_exact_copy(s, n);
    privpol_status st = privpol__event_time(copy, n, is_number, t);
    free(copy);
    return st;
}

static void
expect_time(const char *s, bool is_number, int64_t want)
{
    int64_t t = -12345;
    privpol_status st = ev(s, strlen(s), is_number, &t);
    if (st != PRIVPOL_OK)
        fail_msg("\"%s\" (%s): status %d", s, is_number ? "number" : "text", (int)st);
    if (t != want)
        fail_msg("\"%s\" (%s): got %lld, want %lld", s, is_number ? "number" : "text",
                 (long long)t, (long long)want);
}

static void
expect_time_bad(const char *s, bool is_number)
{
    int64_t t = -12345;
    if (ev(s, strlen(s), is_number, &t) != PRIVPOL_EVALUE)
        fail_msg("\"%s\" (%s) should be refused", s, is_number ? "number" : "text");
    assert_int_equal(t, 0);
}

#define T0 INT64_C(1736150400) /* 2025-01-06T08:00:00Z */

static void
event_time_iso(void **state)
{
    (void)state;
    expect_time("2025-01-06T08:00:00Z", false, T0);
    expect_time("2025-01-06T08:00:00.070Z", false, T0);       /* the sample's own form */
    expect_time("2025-01-06T08:00:00.999999999Z", false, T0); /* truncated, not rounded */
    expect_time("2025-01-06T08:00:00,5Z", false, T0);
    expect_time("2025-01-06T09:30:00+01:30", false, T0);
    expect_time("2025-01-06T09:30:00.25+0130", false, T0);
    expect_time("2025-01-06T03:00:00-05:00", false, T0);
    expect_time("2025-01-06 08:00:00Z", false, T0);
    expect_time("2025-01-06t08:00z", false, T0);
    expect_time("2025-01-06", false, INT64_C(1736121600));
    expect_time("  2025-01-06T08:00:00Z\n", false, T0); /* trimmed */
    expect_time("1969-12-31T23:59:59Z", false, -1);     /* before 1970 is fine */
    expect_time("0001-01-01T00:00:00Z", false, TIME_MIN);
    expect_time("9999-12-31T23:59:59Z", false, TIME_MAX);
    expect_time("0001-01-01T01:00:00+01:00", false, TIME_MIN);
}

static void
event_time_iso_bad(void **state)
{
    static const char *const bad[] = {
        "",
        "yesterday",
        "2025-02-30",
        "2025-13-01",
        "2025-01-06T24:00:00Z",
        "2025-01-06T08:00:60Z",
        "2025-01-06T08:00:00",
        "2025-01-06T08:00:00Z junk",
        "0000-12-31T00:00:00Z",
        "1736150400",
        "1736150400070",
        /* inside the text's year range, outside 0001-9999 once the offset is applied */
        "0001-01-01T00:00:00+00:01",
        "9999-12-31T23:59:59-00:01",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_time_bad(bad[i], false);
}

static void
event_time_numbers(void **state)
{
    (void)state;
    /* seconds */
    expect_time("1736150400", true, T0);
    expect_time("1736150400.999", true, T0);
    expect_time("1736150400.0", true, T0);
    expect_time("1.7361504e9", true, T0);
    expect_time("1.7361504E+9", true, T0);
    expect_time("17361504000.5e-1", true, T0);
    expect_time("173615040099e-2", true, T0);
    expect_time("0", true, 0);
    expect_time("0.5", true, 0);
    expect_time("0e5", true, 0);
    expect_time("1e-400", true, 0);
    expect_time("1", true, 1);
    expect_time("99999999999", true, INT64_C(99999999999)); /* the last second: 5138 */
    expect_time(" 1736150400 ", true, T0);
    /* milliseconds */
    expect_time("1736150400070", true, T0);
    expect_time("1736150400999.9", true, T0);
    expect_time("1.73615040007e12", true, T0);
    expect_time("100000000000", true, INT64_C(100000000)); /* 1e11: 1973-03-03 */
    expect_time("1e11", true, INT64_C(100000000));
    expect_time("99999999999999", true, INT64_C(99999999999));
    /* microseconds */
    expect_time("1736150400070123", true, T0);
    expect_time("1736150400999999.99", true, T0);
    expect_time("1736150400070e3", true, T0);
    expect_time("100000000000000", true, INT64_C(100000000)); /* 1e14 */
    expect_time("1e16", true, INT64_C(10000000000));
    expect_time("99999999999999999", true, INT64_C(99999999999));
    expect_time("99999999999999999.9", true, INT64_C(99999999999));
    /* exact however long the digits and the exponent */
    {
        char big[300];
        memset(big, '0', sizeof big);
        big[0] = '1';
        snprintf(big + 200, sizeof big - 200, "e-191"); /* 1e199 * 1e-191 = 1e8 */
        expect_time(big, true, INT64_C(100000000));
    }
    expect_time("0.00000000000000000000000000001736150400e38", true, T0);
}

static void
event_time_numbers_bad(void **state)
{
    static const char *const bad[] = {
        /* negative */
        "-1",
        "-0",
        "-0.0",
        "-1736150400",
        "-1736150400070",
        /* too large: 1e17 and up */
        "100000000000000000",
        "1e17",
        "1E17",
        "123456789012345678901234567890",
        "1e400",
        "1e99999999999999999999",
        "99999999999999999999.5",
        /* not JSON numbers */
        "",
        " ",
        "01736150400",
        "+1736150400",
        ".5",
        "1.",
        "1.e3",
        "1e",
        "1e+",
        "e3",
        "0x10",
        "1736150400s",
        "1736150400 1",
        "NaN",
        "Infinity",
        "1,5",
        "2025-01-06T08:00:00Z",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_time_bad(bad[i], true);
    {
        int64_t t = 5;
        assert_int_equal(ev(S("1736150400\0"), true, &t), PRIVPOL_EVALUE);
        assert_int_equal(t, 0);
    }
}

static void
event_time_arguments(void **state)
{
    int64_t t = 5;
    (void)state;
    assert_int_equal(privpol__event_time(S("1736150400"), true, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol__event_time(NULL, 3, true, &t), PRIVPOL_EINVAL);
    assert_int_equal(privpol__event_time(NULL, 0, false, &t), PRIVPOL_EVALUE);
    assert_int_equal(t, 0);
    assert_int_equal(privpol__event_time(NULL, 0, true, &t), PRIVPOL_EVALUE);
}

/* ---- time cuts --------------------------------------------------------------------- */

static void
expect_cut(int64_t t, privpol_time_unit unit, const char *want)
{
    char out[PRIVPOL__GENERALIZED_TIME_MAX];
    size_t len = 999;
    privpol_status st = privpol__generalize_time(t, unit, out, sizeof out, &len);
    if (st != PRIVPOL_OK)
        fail_msg("%lld: status %d", (long long)t, (int)st);
    if (strcmp(out, want) != 0)
        fail_msg("%lld unit %d: got \"%s\", want \"%s\"", (long long)t, (int)unit, out,
                 want);
    assert_int_equal(len, 20);
}

#define HOUR PRIVPOL_TIME_UNIT_HOUR
#define DAY PRIVPOL_TIME_UNIT_DAY

static void
time_cuts(void **state)
{
    (void)state;
    expect_cut(T0 + 1234, HOUR, "2025-01-06T08:00:00Z");
    expect_cut(T0 + 1234, DAY, "2025-01-06T00:00:00Z");
    expect_cut(T0, HOUR, "2025-01-06T08:00:00Z");
    expect_cut(T0 - 1, HOUR, "2025-01-06T07:00:00Z");
    /* around midnight and the turn of a year */
    expect_cut(INT64_C(1735689599), HOUR, "2024-12-31T23:00:00Z");
    expect_cut(INT64_C(1735689599), DAY, "2024-12-31T00:00:00Z");
    expect_cut(INT64_C(1735689600), HOUR, "2025-01-01T00:00:00Z");
    expect_cut(INT64_C(1735689600), DAY, "2025-01-01T00:00:00Z");
    expect_cut(INT64_C(946684799), HOUR, "1999-12-31T23:00:00Z");
    expect_cut(INT64_C(946684799), DAY, "1999-12-31T00:00:00Z");
    expect_cut(INT64_C(946684800), DAY, "2000-01-01T00:00:00Z");
    /* leap days */
    expect_cut(INT64_C(1709251199), DAY, "2024-02-29T00:00:00Z");
    expect_cut(INT64_C(1709251200), DAY, "2024-03-01T00:00:00Z");
    expect_cut(INT64_C(951868799), HOUR, "2000-02-29T23:00:00Z");
    /* the epoch and before it: floor, not truncation toward zero */
    expect_cut(0, HOUR, "1970-01-01T00:00:00Z");
    expect_cut(-1, HOUR, "1969-12-31T23:00:00Z");
    expect_cut(-1, DAY, "1969-12-31T00:00:00Z");
    expect_cut(-3600, HOUR, "1969-12-31T23:00:00Z");
    expect_cut(-3601, HOUR, "1969-12-31T22:00:00Z");
    expect_cut(-86400, DAY, "1969-12-31T00:00:00Z");
    expect_cut(-86401, DAY, "1969-12-30T00:00:00Z");
    /* the ends of the range */
    expect_cut(TIME_MIN, HOUR, "0001-01-01T00:00:00Z");
    expect_cut(TIME_MIN, DAY, "0001-01-01T00:00:00Z");
    expect_cut(TIME_MAX, HOUR, "9999-12-31T23:00:00Z");
    expect_cut(TIME_MAX, DAY, "9999-12-31T00:00:00Z");
}

static void
time_cut_errors(void **state)
{
    char out[PRIVPOL__GENERALIZED_TIME_MAX];
    size_t len = 999;
    (void)state;
    assert_int_equal(privpol__generalize_time(TIME_MAX + 1, HOUR, out, sizeof out, &len),
                     PRIVPOL_EVALUE);
    assert_string_equal(out, "");
    assert_int_equal(len, 0);
    assert_int_equal(privpol__generalize_time(TIME_MIN - 1, DAY, out, sizeof out, &len),
                     PRIVPOL_EVALUE);
    assert_int_equal(privpol__generalize_time(INT64_MIN, DAY, out, sizeof out, &len),
                     PRIVPOL_EVALUE);
    assert_int_equal(privpol__generalize_time(INT64_MAX, DAY, out, sizeof out, &len),
                     PRIVPOL_EVALUE);
    assert_int_equal(
        privpol__generalize_time(T0, PRIVPOL_TIME_UNIT_NONE, out, sizeof out, &len),
        PRIVPOL_EINVAL);
    assert_int_equal(
        privpol__generalize_time(T0, (privpol_time_unit)7, out, sizeof out, &len),
        PRIVPOL_EINVAL);
    assert_int_equal(privpol__generalize_time(T0, HOUR, NULL, 21, &len), PRIVPOL_EINVAL);
    for (size_t size = 0; size < 21; size++) {
        memset(out, 'x', sizeof out);
        assert_int_equal(privpol__generalize_time(T0, HOUR, out, size, &len),
                         PRIVPOL_EBUFSIZE);
        assert_int_equal(len, 21);
        assert_int_equal(out[0], size > 0 ? '\0' : 'x');
    }
    assert_int_equal(privpol__generalize_time(T0, DAY, out, 21, NULL), PRIVPOL_OK);
    assert_string_equal(out, "2025-01-06T00:00:00Z");
}

/* Random instants over the whole range: the cut equals privpol_time_format() of the
 * instant rounded down (floor) to the hour or the day. */
static void
time_cuts_match_time_format(void **state)
{
    uint64_t seed = 42;
    (void)state;
    for (unsigned i = 0; i < 20000; i++) {
        uint64_t r = support_splitmix64(&seed);
        int64_t span = TIME_MAX - TIME_MIN + 1, t;
        char got[PRIVPOL__GENERALIZED_TIME_MAX], want[PRIVPOL_TIME_TEXT_SIZE];
        if (i % 4 == 0)
            t = (int64_t)(r % 400000) - 200000; /* near the epoch */
        else
            t = TIME_MIN + (int64_t)(r % (uint64_t)span);
        for (int unit = HOUR; unit <= DAY; unit++) {
            int64_t step = unit == HOUR ? 3600 : 86400;
            int64_t floor_t = t - ((t % step) + step) % step;
            assert_int_equal(privpol__generalize_time(t, (privpol_time_unit)unit, got,
                                                      sizeof got, NULL),
                             PRIVPOL_OK);
            assert_int_equal(privpol_time_format(floor_t, want, &(size_t){sizeof want}, NULL), PRIVPOL_OK);
            if (strcmp(got, want) != 0)
                fail_msg("%lld unit %d: got %s, want %s", (long long)t, unit, got, want);
        }
    }
}

/* ---- user agents ------------------------------------------------------------------- */

struct ua_case {
    const char *ua;
    const char *want;
};

/* The first group is copied from data/events-sample.jsonl and data/access-sample.log;
 * the rest are user agents published by the vendors or commonly logged, for the families
 * the sample data lacks. */
static const struct ua_case ua_cases[] = {
    /* sample data */
    {"Mozilla/5.0 (Linux; Android 12; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.6097.64 Mobile Safari/537.36",
     "Chrome on Android"},
    {"Mozilla/5.0 (Linux; Android 15; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/119.0.5435.117 Mobile Safari/537.36",
     "Chrome on Android"},
    {"Mozilla/5.0 (Linux; Android 12; moto g54 5G) AppleWebKit/537.36 (KHTML, like "
     "Gecko) "
     "Chrome/128.0.6677.150 Mobile Safari/537.36",
     "Chrome on Android"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
     "Firefox on Windows"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.5260.47 Safari/537.36",
     "Chrome on Windows"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/125.0.6697.81 Safari/537.36",
     "Chrome on Linux"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
     "Gecko) Chrome/119.0.6493.197 Safari/537.36",
     "Chrome on macOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, "
     "like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
     "Safari on iOS"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_3_2 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
     "Safari on iOS"},
    {"Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/16.0 Mobile/15E148 Safari/604.1",
     "Safari on iPadOS"},
    {"AcmeCare/7.8.1 (iPhone; iOS 16.6; Scale/3.00)", "other on iOS"},
    {"AcmeCare/6.7.0 (Android 15; moto g54 5G; okhttp/4.12.0)", "other on Android"},
    /* Chrome */
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, "
     "like Gecko) CriOS/131.0.6778.103 Mobile/15E148 Safari/604.1",
     "Chrome on iOS"},
    {"Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) CriOS/131.0.6778.103 Mobile/15E148 Safari/604.1",
     "Chrome on iPadOS"},
    {"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36",
     "Chrome on ChromeOS"},
    {"Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) "
     "AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.135 Mobile "
     "Safari/537.36",
     "Chrome on Android"},
    {"Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36",
     "Chrome on Android"},
    {"Mozilla/5.0 (Linux; Android 13; motorola edge 30) AppleWebKit/537.36 (KHTML, like "
     "Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
     "Chrome on Android"},
    /* Chromium */
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Ubuntu "
     "Chromium/79.0.3945.79 Chrome/79.0.3945.79 Safari/537.36",
     "Chromium on Linux"},
    /* Firefox */
    {"Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
     "Firefox on Android"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 "
     "Firefox/133.0",
     "Firefox on macOS"},
    {"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
     "Firefox on Linux"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, "
     "like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15",
     "Firefox on iOS"},
    /* Safari */
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/18.2 Safari/605.1.15",
     "Safari on macOS"},
    {"Mozilla/5.0 (iPod touch; CPU iPhone OS 12_5_7 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1",
     "Safari on iOS"},
    /* Edge */
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
     "Edge on Windows"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like "
     "Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
     "Edge on macOS"},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582",
     "Edge on Windows"},
    {"Mozilla/5.0 (Linux; Android 10; HD1913) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.6778.135 Mobile Safari/537.36 EdgA/131.0.2903.87",
     "Edge on Android"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, "
     "like Gecko) Version/18.0 EdgiOS/131.2903.92 Mobile/15E148 Safari/605.1.15",
     "Edge on iOS"},
    /* Opera */
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
     "Opera on Windows"},
    {"Mozilla/5.0 (Linux; Android 10; VOG-L29) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36 OPR/76.2.4027.73374",
     "Opera on Android"},
    {"Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 "
     "Version/12.16",
     "Opera on Android"},
    {"Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18",
     "Opera on Windows"},
    /* Samsung Internet */
    {"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like "
     "Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
     "Samsung Internet on Android"},
    {"Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-X710) AppleWebKit/537.36 (KHTML, like "
     "Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Safari/537.36",
     "Samsung Internet on Android"},
    /* Internet Explorer */
    {"Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
     "Internet Explorer on Windows"},
    {"Mozilla/5.0 (compatible; MSIE 10.0; Windows NT 6.2; Trident/6.0)",
     "Internet Explorer on Windows"},
    {"Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)",
     "Internet Explorer on Windows"},
    /* bots */
    {"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
     "bot on other"},
    {"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 "
     "(KHTML, "
     "like Gecko) Chrome/131.0.6778.139 Mobile Safari/537.36 (compatible; Googlebot/2.1; "
     "+http://www.google.com/bot.html)",
     "bot on Android"},
    {"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
     "bot on other"},
    {"Mozilla/5.0 (compatible; Baiduspider/2.0; "
     "+http://www.baidu.com/search/spider.html)",
     "bot on other"},
    {"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
     "bot on other"},
    {"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "bot on other"},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; "
     "+http://www.apple.com/go/applebot)",
     "bot on macOS"},
    {"Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
     "bot on other"},
    {"Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
     "bot on other"},
    {"Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)", "bot on other"},
    {"ExampleCrawler/1.0", "bot on other"},
    /* other browsers, tools and look-alikes */
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 YaBrowser/24.6.0.0 Safari/537.36",
     "other on Windows"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "HeadlessChrome/131.0.0.0 Safari/537.36",
     "other on Linux"},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.0 Safari/605.1.15",
     "other on Linux"},
    {"Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) "
     "AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
     "other on Android"},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
     "(KHTML, "
     "like Gecko) GSA/282.0.577494393 Mobile/15E148 Safari/604.1",
     "other on iOS"},
    {"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
     "other on other"},
    {"curl/8.5.0", "other on other"},
    {"python-requests/2.31.0", "other on other"},
    {"Mozilla/5.0 (Linux; Android 12; Abbott Reader) AppleWebKit/537.36 (KHTML, like "
     "Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
     "Chrome on Android"},
    {"", "other on other"},
};

static void
expect_ua(const char *ua, size_t n, const char *want)
{
    char out[PRIVPOL__GENERALIZED_UA_MAX];
    size_t len = 999;
    char *copy = support_exact_copy(ua, n);
    privpol_status st = privpol__generalize_user_agent(copy, n, out, sizeof out, &len);
    free(copy);
    if (st != PRIVPOL_OK)
        fail_msg("\"%.*s\": status %d", (int)n, ua, (int)st);
    if (strcmp(out, want) != 0)
        fail_msg("\"%.*s\": got \"%s\", want \"%s\"", (int)n, ua, out, want);
    assert_int_equal(len, strlen(want));
}

static void
user_agents(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ua_cases / sizeof *ua_cases; i++)
        expect_ua(ua_cases[i].ua, strlen(ua_cases[i].ua), ua_cases[i].want);
}

static void
user_agent_odd_bytes(void **state)
{
    (void)state;
    /* bytes that are not printable ASCII are skipped, and separate words */
    expect_ua(S("Mozilla/5.0 (\xff\xfeWindows NT 10.0\x01; Win64; x64; rv:125.0) "
                "Gecko/20100101 \x00"
                "Firefox/125.0"),
              "Firefox on Windows");
    expect_ua(S("\xc3\xa9"
                "Chrome/1 (Linux; Android 14)"),
              "Chrome on Android");
    /* a cut-off token matches nothing and is not read past the end */
    expect_ua(S("Mozilla/5.0 (Windows NT 10.0) Chrom"), "other on Windows");
    expect_ua(S("SamsungBrowse"), "other on other");
    expect_ua(S("bo"), "other on other");
    expect_ua(S("bot"), "bot on other");
    expect_ua(S("x-spide"), "other on other");
    /* names are case-sensitive and need a word start; bot words are neither */
    expect_ua(S("chrome/120 (windows)"), "other on other");
    expect_ua(S("xChrome/120 (xWindows)"), "other on other");
    expect_ua(S("2Chrome/120 (64Windows; 1iPhone)"), "other on other");
    expect_ua(S("Chrome/120 (Windows)"), "Chrome on Windows"); /* the input's start */
    /* product names need their '/', "Mac" its " OS X" */
    expect_ua(S("Foo/1 (Linux; Android 14; Edge 30) Chrome 120"), "other on Android");
    expect_ua(S("Foo/1 (Macintosh) Version 17 Safari 605"), "other on macOS");
    expect_ua(S("Foo/1 (X11; CrOS; Opera; MSIE; iOS-17)"), "other on other");
    expect_ua(S("Foo/1 (Intel Mac OS X)"), "other on macOS");
    expect_ua(S("Foo/1 (Mac OS 9)"), "other on other");
    expect_ua(S("Foo/1 (Intel Mac"), "other on other");
    expect_ua(S("Foo/1 (Intel Mac OS"), "other on other");
    expect_ua(S("SOMEBOT/1.0"), "bot on other");
    expect_ua(S("Mozilla/5.0 (Windows NT 10.0) WebCrawler/2"), "bot on Windows");
    expect_ua(S("Spiderman/1 (Linux)"), "other on Linux"); /* not at the end of a word */
    /* "bot" followed by a letter, or in "cubot", is not a bot */
    expect_ua(S("Bottle/1.0 (Linux)"), "other on Linux");
    expect_ua(S("Cubot/1.0 (Linux)"), "other on Linux");
}

static void
user_agent_arguments(void **state)
{
    char out[PRIVPOL__GENERALIZED_UA_MAX];
    size_t len = 999;
    /* the longest output: 28 characters and NUL */
    const char *ua =
        "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko";
    (void)state;
    assert_int_equal(privpol__generalize_user_agent(NULL, 3, out, sizeof out, &len),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__generalize_user_agent(S("curl/8"), NULL, 48, &len),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__generalize_user_agent(NULL, 0, out, sizeof out, &len),
                     PRIVPOL_OK);
    assert_string_equal(out, "other on other");
    for (size_t size = 0; size < 29; size++) {
        memset(out, 'x', sizeof out);
        assert_int_equal(privpol__generalize_user_agent(ua, strlen(ua), out, size, &len),
                         PRIVPOL_EBUFSIZE);
        assert_int_equal(len, 29);
        assert_int_equal(out[0], size > 0 ? '\0' : 'x');
    }
    assert_int_equal(privpol__generalize_user_agent(ua, strlen(ua), out, 29, NULL),
                     PRIVPOL_OK);
    assert_string_equal(out, "Internet Explorer on Windows");
}

static const char *const browsers[] = {
    "Chrome", "Chromium",         "Firefox",           "Safari", "Edge",
    "Opera",  "Samsung Internet", "Internet Explorer", "bot",    "other"};
static const char *const systems[] = {"Windows", "macOS", "iOS",      "iPadOS",
                                      "Android", "Linux", "ChromeOS", "other"};

/* out is "<browser> on <OS>" with both from the fixed lists. */
static bool
is_fixed_output(const char *out)
{
    for (size_t b = 0; b < sizeof browsers / sizeof *browsers; b++) {
        size_t bn = strlen(browsers[b]);
        if (strncmp(out, browsers[b], bn) != 0 || strncmp(out + bn, " on ", 4) != 0)
            continue;
        for (size_t o = 0; o < sizeof systems / sizeof *systems; o++)
            if (strcmp(out + bn + 4, systems[o]) == 0)
                return true;
    }
    return false;
}

/* Random splices of the names the classifier looks for, random bytes and cut-offs:
 * every output is one of the fixed strings and fits PRIVPOL__GENERALIZED_UA_MAX. */
static void
user_agent_output_is_always_fixed(void **state)
{
    static const char *const pieces[] = {
        "Mozilla/5.0 (",
        "Windows NT 10.0; ",
        "Macintosh; Intel Mac OS X 10_15_7",
        "iPhone; CPU iPhone OS 17_4 like Mac OS X",
        "iPad; ",
        "Linux; Android 14; ",
        "X11; CrOS x86_64",
        "X11; Linux x86_64",
        ") ",
        "Chrome/131.0 ",
        "CriOS/1 ",
        "Chromium/1 ",
        "Firefox/1 ",
        "FxiOS/1 ",
        "Safari/604.1 ",
        "Version/17.0 ",
        "Edg/1 ",
        "EdgA/1 ",
        "OPR/1 ",
        "Opera ",
        "SamsungBrowser/25.0 ",
        "MSIE 9.0; ",
        "Trident/7.0; ",
        "Googlebot/2.1",
        "spider",
        "crawler",
        "CUBOT",
        "YaBrowser/1 ",
        "iOS 17;",
        ";",
        " ",
        "/",
        "\xff",
        "\0",
    };
    uint64_t seed = 7;
    char ua[512], out[PRIVPOL__GENERALIZED_UA_MAX];
    (void)state;
    for (unsigned i = 0; i < 20000; i++) {
        size_t n = 0, len;
        unsigned count = (unsigned)(support_splitmix64(&seed) % 12);
        char *copy;
        for (unsigned k = 0; k < count; k++) {
            uint64_t r = support_splitmix64(&seed);
            const char *p = pieces[r % (sizeof pieces / sizeof *pieces)];
            size_t pn = p[0] == '\0' ? 1 : strlen(p);
            if ((r >> 8) % 5 == 0) /* cut the piece short */
                pn = (size_t)((r >> 16) % (pn + 1));
            if ((r >> 24) % 7 == 0 && n < sizeof ua) /* a random byte */
                ua[n++] = (char)(r >> 32);
            if (n + pn > sizeof ua)
                break;
            memcpy(ua + n, p, pn);
            n += pn;
        }
        copy = support_exact_copy(ua, n);
        assert_int_equal(privpol__generalize_user_agent(copy, n, out, sizeof out, &len),
                         PRIVPOL_OK);
        free(copy);
        if (!is_fixed_output(out))
            fail_msg("output \"%s\" is not one of the fixed strings", out);
        assert_int_equal(len, strlen(out));
    }
}

/* An independent reading of the documented rules with strstr(), good enough for the
 * sample data (no look-alike names in it). */
static void
oracle(const char *ua, char *out, size_t out_size)
{
    const char *b, *o;
    bool apple = strstr(ua, "iPhone") || strstr(ua, "iPad") || strstr(ua, "Macintosh");
    if (strstr(ua, "bot") || strstr(ua, "Bot") || strstr(ua, "crawl") ||
        strstr(ua, "spider"))
        b = "bot";
    else if (strstr(ua, "Edg"))
        b = "Edge";
    else if (strstr(ua, "OPR/") || strstr(ua, "Opera"))
        b = "Opera";
    else if (strstr(ua, "SamsungBrowser/"))
        b = "Samsung Internet";
    else if (strstr(ua, "MSIE") || strstr(ua, "Trident/"))
        b = "Internet Explorer";
    else if (strstr(ua, "Firefox/") || strstr(ua, "FxiOS/"))
        b = "Firefox";
    else if (strstr(ua, "Chromium/"))
        b = "Chromium";
    else if (strstr(ua, "Chrome/") || strstr(ua, "CriOS/"))
        b = "Chrome";
    else if (strstr(ua, "Safari/") && strstr(ua, "Version/") && apple)
        b = "Safari";
    else
        b = "other";
    if (strstr(ua, "iPad"))
        o = "iPadOS";
    else if (strstr(ua, "iPhone") || strstr(ua, "iPod"))
        o = "iOS";
    else if (strstr(ua, "Android"))
        o = "Android";
    else if (strstr(ua, "CrOS"))
        o = "ChromeOS";
    else if (strstr(ua, "Windows"))
        o = "Windows";
    else if (strstr(ua, "Macintosh"))
        o = "macOS";
    else if (strstr(ua, "Linux"))
        o = "Linux";
    else
        o = "other";
    snprintf(out, out_size, "%s on %s", b, o);
}

struct tally {
    const char *name;
    size_t count;
};

static void
count_output(struct tally *t, size_t nt, const char *out)
{
    for (size_t i = 0; i < nt; i++)
        if (t[i].name != NULL && strcmp(t[i].name, out) == 0) {
            t[i].count++;
            return;
        }
    fail_msg("unexpected output \"%s\" on the sample data", out);
}

/* Every user agent of both sample files: the classifier agrees with the oracle, always
 * names an OS, and the families the samples hold all appear. */
static void
sample_user_agents(void **state)
{
    static const char *const files[] = {"data/events-sample.jsonl",
                                        "data/access-sample.log"};
    struct tally tally[] = {
        {"Chrome on Android", 0},  {"Chrome on Windows", 0}, {"Chrome on macOS", 0},
        {"Chrome on Linux", 0},    {"Safari on iOS", 0},     {"Safari on iPadOS", 0},
        {"Firefox on Windows", 0}, {"other on iOS", 0},      {"other on Android", 0},
    };
    char line[8192], out[PRIVPOL__GENERALIZED_UA_MAX], want[64];
    size_t total = 0;
    (void)state;
    for (size_t f = 0; f < 2; f++) {
        FILE *fp = support_open(files[f]);
        while (fgets(line, sizeof line, fp) != NULL) {
            char *v, *end;
            size_t len;
            if (f == 0) {
                if ((v = strstr(line, "\"user_agent\":\"")) == NULL)
                    continue;
                v += strlen("\"user_agent\":\"");
                end = strchr(v, '"');
            } else { /* combined log format: the user agent is the last quoted field */
                if ((end = strrchr(line, '"')) == NULL)
                    continue;
                *end = '\0';
                v = strrchr(line, '"');
                assert_non_null(v);
                v++;
            }
            assert_non_null(end);
            *end = '\0';
            assert_null(strchr(v, '\\')); /* no escapes in the samples */
            len = (size_t)(end - v);
            oracle(v, want, sizeof want);
            expect_ua(v, len, want);
            assert_int_equal(
                privpol__generalize_user_agent(v, len, out, sizeof out, NULL),
                PRIVPOL_OK);
            count_output(tally, sizeof tally / sizeof *tally, out);
            total++;
        }
        fclose(fp);
    }
    assert_int_equal(total, 2000);
    for (size_t i = 0; i < sizeof tally / sizeof *tally; i++)
        if (tally[i].count == 0)
            fail_msg("no \"%s\" in the sample data", tally[i].name);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ipv4_prefixes),
        cmocka_unit_test(ipv6_prefixes),
        cmocka_unit_test(mapped_ipv6_counts_as_ipv4),
        cmocka_unit_test(ip_bad_inputs),
        cmocka_unit_test(ip_bad_arguments),
        cmocka_unit_test(ip_buffer_sizes),
        cmocka_unit_test(random_addresses_every_prefix),
        cmocka_unit_test(event_time_iso),
        cmocka_unit_test(event_time_iso_bad),
        cmocka_unit_test(event_time_numbers),
        cmocka_unit_test(event_time_numbers_bad),
        cmocka_unit_test(event_time_arguments),
        cmocka_unit_test(time_cuts),
        cmocka_unit_test(time_cut_errors),
        cmocka_unit_test(time_cuts_match_time_format),
        cmocka_unit_test(user_agents),
        cmocka_unit_test(user_agent_odd_bytes),
        cmocka_unit_test(user_agent_arguments),
        cmocka_unit_test(user_agent_output_is_always_fixed),
        cmocka_unit_test(sample_user_agents),
    };
    return cmocka_run_group_tests_name("generalize", tests, NULL, NULL);
}
