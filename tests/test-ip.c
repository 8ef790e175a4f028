/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "internal.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string literal and its length, embedded NULs included. */
#define S(x) x, (sizeof(x) - 1)

/* Every call goes through a heap copy of exactly n bytes, so that a read past s[n - 1]
 * is caught by ASan or valgrind. */
static privpol_status
parse_exact(const char *s, size_t n, uint8_t out[16], size_t *out_len, privpol_error *err)
{
    char *copy = support_exact_copy(s, n);
    privpol_status st;
    st = privpol__ip_parse(copy, n, out, out_len, err);
    free(copy);
    return st;
}

static bool
bytes_are_mapped(const uint8_t b[16])
{
    static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(b, prefix, 12) == 0;
}

/* RFC 5952 §4 written as directly as possible, as an oracle for privpol__ip_format():
 * try runs from the longest (8) down to 2 groups, leftmost first; the first all-zero
 * run found is the one to compress. */
static void
rfc5952_oracle(const uint8_t b[16], char *out)
{
    unsigned g[8];
    int run_at = -1, run_len = 0;
    char *p = out;
    for (int k = 0; k < 8; k++)
        g[k] = (unsigned)b[2 * k] << 8 | b[2 * k + 1];
    for (int len = 8; len >= 2 && run_at < 0; len--) {
        for (int at = 0; at + len <= 8 && run_at < 0; at++) {
            bool zero = true;
            for (int k = at; k < at + len; k++)
                zero = zero && g[k] == 0;
            if (zero) {
                run_at = at;
                run_len = len;
            }
        }
    }
    for (int k = 0; k < 8; k++) {
        if (k == run_at) {
            p += sprintf(p, "::");
            k += run_len - 1;
            continue;
        }
        if (k > 0 && k != run_at + run_len)
            *p++ = ':';
        p += sprintf(p, "%x", g[k]);
    }
    *p = '\0';
}

/* ---- valid input ------------------------------------------------------------------- */

struct valid {
    const char *text;
    size_t len;
    size_t ip_len;
    uint8_t ip[16];
    const char *canonical;
};

/* clang-format off */
static const struct valid valid_cases[] = {
    /* IPv4 */
    {S("0.0.0.0"), 4, {0, 0, 0, 0}, "0.0.0.0"},
    {S("1.2.3.4"), 4, {1, 2, 3, 4}, "1.2.3.4"},
    {S("192.168.100.200"), 4, {192, 168, 100, 200}, "192.168.100.200"},
    {S("255.255.255.255"), 4, {255, 255, 255, 255}, "255.255.255.255"},
    {S("10.0.10.100"), 4, {10, 0, 10, 100}, "10.0.10.100"},
    {S("127.0.0.1"), 4, {127, 0, 0, 1}, "127.0.0.1"},
    {S("199.99.9.0"), 4, {199, 99, 9, 0}, "199.99.9.0"},
    /* RFC 5952 §4 examples */
    {S("2001:db8:0:0:1:0:0:1"), 16,
     {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1}, "2001:db8::1:0:0:1"},
    {S("2001:0db8::0001"), 16,
     {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
     "2001:db8::1"},
    {S("2001:db8:0:0:0:0:2:1"), 16,
     {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1}, "2001:db8::2:1"},
    {S("2001:db8:0:1:1:1:1:1"), 16,
     {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1},
     "2001:db8:0:1:1:1:1:1"},
    {S("2001:DB8::1"), 16, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1},
     "2001:db8::1"},
    {S("2001:db8::2:1"), 16, {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1},
     "2001:db8::2:1"},
    {S("2001:0db8:0000:0000:0000:0000:0000:0001"), 16,
     {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "2001:db8::1"},
    {S("2001:db8:85a3::8a2e:370:7334"), 16,
     {0x20, 0x01, 0x0d, 0xb8, 0x85, 0xa3, 0, 0, 0, 0, 0x8a, 0x2e, 0x03, 0x70, 0x73, 0x34},
     "2001:db8:85a3::8a2e:370:7334"},
    /* short forms */
    {S("::"), 16, {0}, "::"},
    {S("::1"), 16, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "::1"},
    {S("1::"), 16, {0, 1}, "1::"},
    {S("0::0"), 16, {0}, "::"},
    {S("0000::"), 16, {0}, "::"},
    {S("000a::"), 16, {0, 0x0a}, "a::"},
    {S("fe80::1"), 16, {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "fe80::1"},
    {S("FE80::ABCD:eF01"), 16,
     {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd, 0xef, 0x01},
     "fe80::abcd:ef01"},
    {S("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 16,
     {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff},
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
    /* "::" standing for one group is accepted on input, never written */
    {S("1:2:3:4:5:6::8"), 16, {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 0, 0, 8},
     "1:2:3:4:5:6:0:8"},
    {S("1:2:3:4:5:6:7::"), 16, {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0},
     "1:2:3:4:5:6:7:0"},
    {S("::2:3:4:5:6:7:8"), 16, {0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8},
     "0:2:3:4:5:6:7:8"},
    /* longest run wins; the first on a tie; runs at the edges */
    {S("1:0:0:2:0:0:0:3"), 16, {0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3},
     "1:0:0:2::3"},
    {S("1:0:0:2:0:0:3:4"), 16, {0, 1, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4},
     "1::2:0:0:3:4"},
    {S("0:0:1:2:3:4:0:0"), 16, {0, 0, 0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 0, 0, 0},
     "::1:2:3:4:0:0"},
    {S("0:0:0:0:1:0:0:0"), 16, {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0},
     "::1:0:0:0"},
    {S("0:0:1:0:0:0:0:0"), 16, {0, 0, 0, 0, 0, 1}, "0:0:1::"},
    {S("1:0:2:0:3:0:4:0"), 16, {0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0},
     "1:0:2:0:3:0:4:0"},
    /* embedded IPv4 */
    {S("::ffff:192.0.2.1"), 4, {192, 0, 2, 1}, "192.0.2.1"},
    {S("::FFFF:c000:0201"), 4, {192, 0, 2, 1}, "192.0.2.1"},
    {S("0:0:0:0:0:ffff:192.0.2.1"), 4, {192, 0, 2, 1}, "192.0.2.1"},
    {S("::ffff:0:0"), 4, {0, 0, 0, 0}, "0.0.0.0"},
    {S("::ffff:1:2"), 4, {0, 1, 0, 2}, "0.1.0.2"},
    {S("::192.0.2.1"), 16, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1},
     "::c000:201"},
    {S("::0.0.0.1"), 16, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, "::1"},
    {S("::fffe:1.2.3.4"), 16, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xfe, 1, 2, 3, 4},
     "::fffe:102:304"},
    {S("::ffff:0:192.0.2.1"), 16,
     {0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 192, 0, 2, 1},
     "::ffff:0:c000:201"},
    {S("64:ff9b::192.0.2.33"), 16,
     {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 33}, "64:ff9b::c000:221"},
    {S("1:2:3:4:5:6:1.2.3.4"), 16, {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4},
     "1:2:3:4:5:6:102:304"},
    {S("1:2:3:4:5::255.255.255.255"), 16,
     {0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 0, 255, 255, 255, 255}, "1:2:3:4:5:0:ffff:ffff"},
    {S("1::0.0.0.0"), 16, {0, 1}, "1::"},
};
/* clang-format on */

static void
assert_valid(const struct valid *c)
{
    uint8_t ip[16];
    size_t ip_len = 99;
    char text[PRIVPOL__IP_TEXT_MAX];
    privpol_error err;
    privpol_error_clear(&err);
    if (parse_exact(c->text, c->len, ip, &ip_len, &err) != PRIVPOL_OK)
        fail_msg("\"%s\" refused at column %zu: %s", c->text, err.column, err.message);
    assert_int_equal(ip_len, c->ip_len);
    assert_memory_equal(ip, c->ip, c->ip_len);
    assert_int_equal(privpol__ip_format(ip, ip_len, text), strlen(c->canonical));
    assert_string_equal(text, c->canonical);
    /* err may be NULL */
    assert_int_equal(parse_exact(c->text, c->len, ip, &ip_len, NULL), PRIVPOL_OK);
}

static void
valid_inputs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++)
        assert_valid(&valid_cases[i]);
}

static void
every_ipv4_octet_value(void **state)
{
    (void)state;
    for (unsigned v = 0; v < 256; v++) {
        for (unsigned pos = 0; pos < 4; pos++) {
            char text[32];
            char octet[4][8] = {"7", "7", "7", "7"};
            uint8_t want[4] = {7, 7, 7, 7}, ip[16];
            size_t ip_len, n;
            privpol_error err;
            want[pos] = (uint8_t)v;
            n = (size_t)snprintf(text, sizeof text, "%u.%u.%u.%u", want[0], want[1],
                                 want[2], want[3]);
            assert_int_equal(parse_exact(text, n, ip, &ip_len, &err), PRIVPOL_OK);
            assert_int_equal(ip_len, 4);
            assert_memory_equal(ip, want, 4);
            /* the same octet with a leading zero: refused at the digit after the zero */
            snprintf(octet[pos], sizeof octet[pos], "0%u", v);
            n = (size_t)snprintf(text, sizeof text, "%s.%s.%s.%s", octet[0], octet[1],
                                 octet[2], octet[3]);
            assert_int_equal(parse_exact(text, n, ip, &ip_len, &err), PRIVPOL_EVALUE);
            assert_int_equal(err.column, 2 * pos + 2);
        }
    }
    for (unsigned v = 256; v < 1000; v++) {
        char text[32];
        uint8_t ip[16];
        size_t ip_len, n = (size_t)snprintf(text, sizeof text, "1.2.3.%u", v);
        privpol_error err;
        assert_int_equal(parse_exact(text, n, ip, &ip_len, &err), PRIVPOL_EVALUE);
        assert_int_equal(err.column, 9); /* the third digit takes it past 255 */
    }
}

/* Each row: notations of one address, NULL-terminated. */
/* clang-format off */
static const char *const notations[][12] = {
    {"2001:db8::1", "2001:DB8::1", "2001:0db8::0001", "2001:db8:0:0:0:0:0:1",
     "2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::0:0:1", "2001:db8:0::1",
     "2001:db8:0:0:0:0::1", "2001:db8::0.0.0.1", "2001:Db8:0:0::0:1", NULL},
    {"192.0.2.1", "::ffff:192.0.2.1", "::FFFF:C000:201", "0:0:0:0:0:ffff:c000:0201",
     "0000:0000:0000:0000:0000:ffff:192.0.2.1", "::0:ffff:192.0.2.1", "0::ffff:c000:201",
     "0:0:0:0::ffff:192.0.2.1", "::ffff:c000:201", NULL},
    {"::", "0:0:0:0:0:0:0:0", "::0", "0::", "0000::0000", "::0.0.0.0",
     "0:0:0:0:0:0:0.0.0.0", "0:0:0::0:0:0", "0:0:0:0:0:0:0::", "::0:0:0:0:0:0:0", NULL},
    {"::1", "0:0:0:0:0:0:0:1", "::0:1", "0::1", "::0.0.0.1", "0:0::0:0.0.0.1", "::0001",
     NULL},
    {"fe80::1:2", "FE80:0:0:0:0:0:1:2", "fe80::0.1.0.2", "fe80:0000::0001:0002",
     "fe80:0:0:0::1:2", NULL},
};
/* clang-format on */

static void
same_address_every_notation(void **state)
{
    (void)state;
    for (size_t r = 0; r < sizeof notations / sizeof notations[0]; r++) {
        uint8_t first[16], ip[16];
        size_t first_len = 0, ip_len;
        for (size_t k = 0; notations[r][k] != NULL; k++) {
            const char *t = notations[r][k];
            privpol_error err;
            if (parse_exact(t, strlen(t), ip, &ip_len, &err) != PRIVPOL_OK)
                fail_msg("\"%s\" refused at column %zu: %s", t, err.column, err.message);
            if (k == 0) {
                memcpy(first, ip, sizeof ip);
                first_len = ip_len;
                continue;
            }
            assert_int_equal(ip_len, first_len);
            assert_memory_equal(ip, first, ip_len);
        }
    }
}

/* ---- invalid input ------------------------------------------------------------------
 */

struct invalid {
    const char *text;
    size_t len;
    size_t column;
};

/* clang-format off */
static const struct invalid invalid_cases[] = {
    {S(""), 0},
    /* IPv4 */
    {S("01.2.3.4"), 2},
    {S("00.0.0.0"), 2},
    {S("1.02.3.4"), 4},
    {S("1.2.3.04"), 8},
    {S("010.0.0.1"), 2},
    {S("0255.1.1.1"), 2},
    {S("256.1.1.1"), 3},
    {S("999.1.1.1"), 3},
    {S("1.2.3.256"), 9},
    {S("1.2.3.1000"), 10},
    {S("1234.1.1.1"), 4},
    {S("1..2.3"), 3},
    {S(".1.2.3"), 1},
    {S("1.2.3."), 6},
    {S("1.2.3.4."), 8},
    {S("1.2.3.4.5"), 8},
    {S("1.2.3"), 0},
    {S("127.1"), 0},
    {S("1"), 0},
    {S("1."), 2},
    {S("0x7f.0.0.1"), 2},
    {S("0X7F.0.0.1"), 2},
    {S("1.2.3.0x4"), 8},
    {S("1.2.3.4:80"), 8},
    {S("1.2.3.4/24"), 8},
    {S("1.2.3.4 "), 8},
    {S(" 1.2.3.4"), 1},
    {S("1.2. 3.4"), 5},
    {S("1.2.3.a"), 7},
    {S("1.2.3.-1"), 7},
    {S("1.2.3.+1"), 7},
    {S("1,2,3,4"), 2},
    {S("1a.2.3.4"), 2},
    {S("1.2.3.4.5.6.7.8"), 8},
    {S("1.2.3.4\0\0\0\0\0\0\0\0"), 8},
    {S("1.2.3.4\0"), 8},
    {S("1.2\0.3.4"), 4},
    {S("\xef\xbc\x91.2.3.4"), 1}, /* fullwidth digit one */
    {S("1.2.3.25 5"), 9},
    /* the fast path's edges: 7 to 15 bytes, a '.' as the last byte, a 4th digit */
    {S("11.2.3."), 7},
    {S("192.168.100."), 12},
    {S("192.168.100.2000"), 16},
    {S("255.255.255.2555"), 16},
    {S("1.2.3.4444"), 9},
    {S("1.2.3.2555"), 10},
    {S("0.0.0.00"), 8},
    {S("1.2.3.4.."), 8},
    /* IPv6: groups */
    {S("12345::"), 5},
    {S("::12345"), 7},
    {S("abcde::"), 5},
    {S("1:2:3:4:5:6:7:8:9"), 16},
    {S("1:2:3:4:5:6:7:8::"), 16},
    {S("1:2:3:4:5:6:7:8:"), 16},
    {S("0:0:0:0:0:0:0:0:0"), 16},
    {S("1::2:3:4:5:6:7:8"), 15},
    {S("1:2:3:4:5:6:7::8"), 16},
    {S("::1:2:3:4:5:6:7:8"), 16},
    {S("1:2:3:4:5:6:7"), 0},
    {S("1:2"), 0},
    {S("abc"), 0},
    /* IPv6: colons */
    {S(":::"), 3},
    {S("1:::2"), 4},
    {S("::1::"), 5},
    {S("1::2::3"), 6},
    {S(":1::"), 1},
    {S(":1:2:3:4:5:6:7:8"), 1},
    {S(":"), 1},
    {S("1::2:"), 5},
    {S("1:2:3:4:5:6:7:"), 14},
    {S("1:2:3:4:5:6:7:8 "), 16},
    {S("1 :: 2"), 2},
    /* IPv6: what is not an address */
    {S("fe80::1%eth0"), 8},
    {S("fe80::1%25eth0"), 8},
    {S("::%eth0"), 3},
    {S("[::1]"), 1},
    {S("[fe80::1]:80"), 1},
    {S("::1]"), 4},
    {S("::1/64"), 4},
    {S("2001:db8::/32"), 11},
    {S("::1 "), 4},
    {S("::1\n"), 4},
    {S("::g"), 3},
    {S("g::"), 1},
    {S("::-1"), 3},
    {S("1:-2::"), 3},
    {S("::1\0"), 4},
    /* IPv6: embedded IPv4 */
    {S("1:2:3:4:5:6:7:1.2.3.4"), 16},
    {S("1:2:3:4:5:6::1.2.3.4"), 15},
    {S("::1.2.3"), 0},
    {S("::ffff:1.2.3"), 0},
    {S("::1.2.3.4.5"), 10},
    {S("::01.2.3.4"), 4},
    {S("::256.1.1.1"), 5},
    {S("::1.2.3.4:5"), 10},
    {S("::1.2.3.4::"), 10},
    {S("::a.2.3.4"), 4},
    {S("::1a.2.3.4"), 5},
    {S("::ffff:192.168.1.01"), 19},
    {S("::ffff:1.2.3.4x"), 15},
    {S("::ffff:1.2.3."), 13},
    {S("1.2.3.4::"), 8},
    {S("::1.2.3.4/96"), 10},
};
/* clang-format on */

static void
invalid_inputs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof invalid_cases / sizeof invalid_cases[0]; i++) {
        const struct invalid *c = &invalid_cases[i];
        uint8_t ip[16];
        size_t ip_len = 99;
        privpol_error err;
        privpol_status st;
        privpol_error_clear(&err);
        st = parse_exact(c->text, c->len, ip, &ip_len, &err);
        if (st != PRIVPOL_EVALUE)
            fail_msg("case %zu (\"%s\") gave status %d", i, c->text, (int)st);
        if (err.column != c->column)
            fail_msg("case %zu (\"%s\"): column %zu, expected %zu (%s)", i, c->text,
                     err.column, c->column, err.message);
        assert_int_equal(err.status, PRIVPOL_EVALUE);
        assert_int_equal(err.line, 0);
        assert_int_equal(ip_len, 0);
        assert_true(err.message[0] != '\0');
        /* the message never quotes the input (":::" may name itself) */
        if (c->len >= 5 && memchr(c->text, '\0', c->len) == NULL)
            assert_null(strstr(err.message, c->text));
        assert_int_equal(parse_exact(c->text, c->len, ip, &ip_len, NULL), PRIVPOL_EVALUE);
    }
}

static void
error_messages_name_the_problem(void **state)
{
    static const struct {
        const char *text, *word;
    } cases[] = {
        {"fe80::1%eth0", "zone"},
        {"::1/64", "prefix"},
        {"[::1]", "bracket"},
        {"01.2.3.4", "leading zero"},
        {"1.2.3.4:80", "port"},
        {"12345::", "four hex"},
        {"1::2::3", "twice"},
        {"1.2.3.256", "255"},
        {"1.2.3.", "ends"},
        {"", "empty"},
        {"1:2:3:4:5:6:7:8:9", "eight"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t ip[16];
        size_t ip_len;
        privpol_error err;
        assert_int_equal(
            parse_exact(cases[i].text, strlen(cases[i].text), ip, &ip_len, &err),
            PRIVPOL_EVALUE);
        if (strstr(err.message, cases[i].word) == NULL)
            fail_msg("\"%s\": message \"%s\" lacks \"%s\"", cases[i].text, err.message,
                     cases[i].word);
    }
}

static void
null_arguments(void **state)
{
    uint8_t ip[16];
    size_t ip_len;
    char text[PRIVPOL__IP_TEXT_MAX];
    privpol_error err;
    (void)state;
    assert_int_equal(privpol__ip_parse(NULL, 1, ip, &ip_len, &err), PRIVPOL_EINVAL);
    assert_int_equal(privpol__ip_parse("1.2.3.4", 7, NULL, &ip_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__ip_parse("1.2.3.4", 7, ip, NULL, &err), PRIVPOL_EINVAL);
    assert_int_equal(privpol__ip_parse(NULL, 0, ip, &ip_len, &err), PRIVPOL_EVALUE);
    assert_int_equal(err.column, 0);
    /* format: other lengths give "" */
    memset(text, 'x', sizeof text);
    assert_int_equal(privpol__ip_format(ip, 5, text), 0);
    assert_string_equal(text, "");
    assert_int_equal(privpol__ip_format(NULL, 4, text), 0);
    assert_string_equal(text, "");
    assert_int_equal(privpol__ip_format(ip, 4, NULL), 0);
}

/* ---- no read past n ------------------------------------------------------------------
 */

/* Every prefix of every table input, each in a buffer of exactly its length. */
static void
every_prefix_stays_in_bounds(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
        for (size_t k = 0; k <= valid_cases[i].len; k++) {
            uint8_t ip[16];
            size_t ip_len;
            privpol_error err;
            privpol_status st = parse_exact(valid_cases[i].text, k, ip, &ip_len, &err);
            assert_true(st == PRIVPOL_OK || st == PRIVPOL_EVALUE);
            if (st == PRIVPOL_EVALUE)
                assert_true(err.column <= k);
        }
    }
    for (size_t i = 0; i < sizeof invalid_cases / sizeof invalid_cases[0]; i++) {
        for (size_t k = 0; k <= invalid_cases[i].len; k++) {
            uint8_t ip[16];
            size_t ip_len;
            privpol_error err;
            privpol_status st = parse_exact(invalid_cases[i].text, k, ip, &ip_len, &err);
            assert_true(st == PRIVPOL_OK || st == PRIVPOL_EVALUE);
            if (st == PRIVPOL_EVALUE)
                assert_true(err.column <= k);
        }
    }
}

/* Replace each byte of each valid input with every byte value: the parser must answer
 * OK (and then round-trip) or EVALUE with a column inside the input. */
static void
every_byte_substitution(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
        const struct valid *c = &valid_cases[i];
        char buf[64];
        memcpy(buf, c->text, c->len);
        for (size_t pos = 0; pos < c->len; pos++) {
            for (unsigned v = 0; v < 256; v++) {
                uint8_t ip[16], again[16];
                size_t ip_len, again_len;
                char text[PRIVPOL__IP_TEXT_MAX];
                privpol_error err;
                privpol_status st;
                buf[pos] = (char)v;
                st = parse_exact(buf, c->len, ip, &ip_len, &err);
                if (st == PRIVPOL_EVALUE) {
                    assert_true(err.column <= c->len);
                    continue;
                }
                assert_int_equal(st, PRIVPOL_OK);
                privpol__ip_format(ip, ip_len, text);
                assert_int_equal(parse_exact(text, strlen(text), again, &again_len, NULL),
                                 PRIVPOL_OK);
                assert_int_equal(again_len, ip_len);
                assert_memory_equal(again, ip, ip_len);
            }
            buf[pos] = c->text[pos];
        }
    }
}

/* ---- formatting and round trips ---------------------------------------------------- */

static void
format_rfc5952(void **state)
{
    static const struct {
        uint8_t ip[16];
        size_t len;
        const char *text;
    } cases[] = {
        {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1},
         16,
         "::ffff:192.0.2.1"},
        {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0}, 16, "::ffff:0.0.0.0"},
        {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 255, 255, 255, 255},
         16,
         "::ffff:255.255.255.255"},
        {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 192, 0, 2, 1}, 16, "::c000:201"},
        {{0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0x44, 0x44, 0x55, 0x55, 0x66, 0x66, 0x77,
          0x77, 0x88, 0x88},
         16,
         "1111:2222:3333:4444:5555:6666:7777:8888"},
        {{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1},
         16,
         "2001:db8:0:1::1"},
        {{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1},
         16,
         "2001:db8::1:0:0:1"},
        {{0x0a, 0xbc, 0x00, 0x0d, 0x0f, 0x00, 0x00, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0x10},
         16,
         "abc:d:f00:f0::10"},
        {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 16, "::"},
        {{1, 2, 3, 4}, 4, "1.2.3.4"},
        {{0, 0, 0, 0}, 4, "0.0.0.0"},
        {{255, 10, 100, 9}, 4, "255.10.100.9"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[PRIVPOL__IP_TEXT_MAX];
        size_t n = privpol__ip_format(cases[i].ip, cases[i].len, text);
        assert_string_equal(text, cases[i].text);
        assert_int_equal(n, strlen(cases[i].text));
    }
}

/* Random 16-byte values with many zero groups (to exercise "::"), and a mapped prefix now
 * and then. */
static void
random_v6(uint64_t *rng, uint8_t b[16])
{
    uint64_t r = support_splitmix64(rng);
    for (unsigned k = 0; k < 8; k++) {
        unsigned g, kind = (unsigned)(r >> (4 * k)) & 3U;
        uint64_t x = support_splitmix64(rng);
        if (kind <= 1)
            g = 0;
        else if (kind == 2)
            g = (unsigned)(x & 0xffff);
        else /* one non-zero digit, to vary the group widths */
            g = (unsigned)((x & 0xf) << (4 * ((x >> 8) & 3)));
        b[2 * k] = (uint8_t)(g >> 8);
        b[2 * k + 1] = (uint8_t)g;
    }
    if ((r >> 40) % 16 == 0) {
        memset(b, 0, 10);
        b[10] = b[11] = 0xff;
    }
}

/* Another valid notation of b: random case, random leading zeros, "::" over a random
 * run of zero groups (possibly a single one), dotted quad for the last 32 bits. */
static size_t
random_notation(uint64_t *rng, const uint8_t b[16], char *out)
{
    unsigned g[8], hex_groups;
    int run_at = -1, run_len = 0;
    uint64_t r = support_splitmix64(rng);
    bool dotted = (r & 3) == 0;
    char *p = out;
    for (unsigned k = 0; k < 8; k++)
        g[k] = (unsigned)b[2 * k] << 8 | b[2 * k + 1];
    hex_groups = dotted ? 6 : 8;
    if ((r >> 2) & 1) {
        /* pick a random zero group, then extend a random distance over zeros */
        unsigned start = (unsigned)(r >> 8) % hex_groups;
        for (unsigned k = 0; k < hex_groups; k++) {
            unsigned at = (start + k) % hex_groups;
            if (g[at] == 0) {
                unsigned end = at + 1, want = 1 + (unsigned)(r >> 16) % 8;
                while (end < hex_groups && g[end] == 0 && end - at < want)
                    end++;
                run_at = (int)at;
                run_len = (int)(end - at);
                break;
            }
        }
    }
    for (unsigned k = 0; k < hex_groups; k++) {
        uint64_t x = support_splitmix64(rng);
        int width;
        char tmp[8];
        if ((int)k == run_at) {
            *p++ = ':';
            *p++ = ':';
            k += (unsigned)run_len - 1;
            continue;
        }
        if (k > 0 && (int)k != run_at + run_len)
            *p++ = ':';
        width = (int)(x % 5); /* 0: minimal */
        snprintf(tmp, sizeof tmp, (x >> 8) & 1 ? "%0*X" : "%0*x", width, g[k]);
        p += sprintf(p, "%s", tmp);
    }
    if (dotted) {
        if (run_at < 0 || run_at + run_len != 6)
            *p++ = ':';
        p += sprintf(p, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
    }
    *p = '\0';
    return (size_t)(p - out);
}

static void
round_trip_random_ipv6(void **state)
{
    uint64_t rng = 0x5eed0001;
    (void)state;
    for (unsigned iter = 0; iter < 100000; iter++) {
        uint8_t b[16], ip[16];
        size_t ip_len, n;
        char text[PRIVPOL__IP_TEXT_MAX], oracle[64], alt[128],
            again[PRIVPOL__IP_TEXT_MAX];
        privpol_error err;
        bool mapped;

        random_v6(&rng, b);
        mapped = bytes_are_mapped(b);
        n = privpol__ip_format(b, 16, text);
        assert_int_equal(n, strlen(text));
        assert_true(n < PRIVPOL__IP_TEXT_MAX);
        if (!mapped) {
            rfc5952_oracle(b, oracle);
            assert_string_equal(text, oracle);
        }
        /* parse(format(b)) == b */
        if (parse_exact(text, n, ip, &ip_len, &err) != PRIVPOL_OK)
            fail_msg("\"%s\" refused at column %zu: %s", text, err.column, err.message);
        if (mapped) {
            assert_int_equal(ip_len, 4);
            assert_memory_equal(ip, b + 12, 4);
        } else {
            assert_int_equal(ip_len, 16);
            assert_memory_equal(ip, b, 16);
            /* format(parse(x)) is stable */
            privpol__ip_format(ip, ip_len, again);
            assert_string_equal(again, text);
        }
        /* any other notation gives the same bytes */
        n = random_notation(&rng, b, alt);
        if (parse_exact(alt, n, ip, &ip_len, &err) != PRIVPOL_OK)
            fail_msg("\"%s\" refused at column %zu: %s", alt, err.column, err.message);
        assert_int_equal(ip_len, mapped ? 4 : 16);
        assert_memory_equal(ip, mapped ? b + 12 : b, ip_len);
    }
}

static void
round_trip_random_ipv4(void **state)
{
    uint64_t rng = 0x5eed0002;
    (void)state;
    for (unsigned iter = 0; iter < 100000; iter++) {
        uint64_t r = support_splitmix64(&rng);
        uint8_t b[4], ip[16];
        size_t ip_len, n;
        char text[PRIVPOL__IP_TEXT_MAX], mapped[64];
        for (unsigned k = 0; k < 4; k++)
            b[k] = (uint8_t)(r >> (8 * k));
        n = privpol__ip_format(b, 4, text);
        assert_int_equal(n, strlen(text));
        assert_int_equal(parse_exact(text, n, ip, &ip_len, NULL), PRIVPOL_OK);
        assert_int_equal(ip_len, 4);
        assert_memory_equal(ip, b, 4);
        /* the mapped spelling gives the same 4 bytes */
        n = (size_t)snprintf(mapped, sizeof mapped,
                             (r >> 32) & 1 ? "::ffff:%s" : "::FFFF:%s", text);
        assert_int_equal(parse_exact(mapped, n, ip, &ip_len, NULL), PRIVPOL_OK);
        assert_int_equal(ip_len, 4);
        assert_memory_equal(ip, b, 4);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_inputs),
        cmocka_unit_test(every_ipv4_octet_value),
        cmocka_unit_test(same_address_every_notation),
        cmocka_unit_test(invalid_inputs),
        cmocka_unit_test(error_messages_name_the_problem),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(every_prefix_stays_in_bounds),
        cmocka_unit_test(every_byte_substitution),
        cmocka_unit_test(format_rfc5952),
        cmocka_unit_test(round_trip_random_ipv6),
        cmocka_unit_test(round_trip_random_ipv4),
    };
    return cmocka_run_group_tests_name("ip", tests, NULL, NULL);
}
