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
 * is caught by ASan or valgrind. The output is checked for its NUL and length. */
static privpol_status
parse_exact(const char *s, size_t n, bool keep_case, char *out, size_t *out_len,
            privpol_error *err)
{
    char *copy = support_exact_copy(s, n);
    privpol_status st;
    memset(out, 'x', PRIVPOL__EMAIL_MAX);
    st = privpol__email_parse(copy, n, keep_case, out, out_len, err);
    free(copy);
    if (st == PRIVPOL_OK) {
        assert_true(*out_len <= PRIVPOL__EMAIL_MAX - 1);
        assert_int_equal(strlen(out), *out_len);
    } else {
        assert_int_equal(*out_len, 0);
        assert_string_equal(out, "");
    }
    return st;
}

/* ---- valid input ------------------------------------------------------------------- */

struct valid {
    const char *text;
    size_t len;
    const char *folded; /* keep_case false */
    const char *kept;   /* keep_case true */
};

/* clang-format off */
static const struct valid valid_cases[] = {
    {S("user@example.com"), "user@example.com", "user@example.com"},
    {S("User.Name@Example.COM"), "user.name@example.com", "User.Name@example.com"},
    {S("a@b"), "a@b", "a@b"},
    {S("user@localhost"), "user@localhost", "user@localhost"},
    {S("first.last+Tag@Sub.Example.co.uk"), "first.last+tag@sub.example.co.uk",
     "first.last+Tag@sub.example.co.uk"},
    {S("!#$%&'*+-/=?^_`{|}~@example.com"), "!#$%&'*+-/=?^_`{|}~@example.com",
     "!#$%&'*+-/=?^_`{|}~@example.com"},
    {S("-@example.com"), "-@example.com", "-@example.com"},
    {S("a.b.c@x-y.z9"), "a.b.c@x-y.z9", "a.b.c@x-y.z9"},
    {S("user@123.example"), "user@123.example", "user@123.example"},
    {S("user@1.2.3.4"), "user@1.2.3.4", "user@1.2.3.4"}, /* a name made of digit labels */
    {S("user@xn--bcher-kva.DE"), "user@xn--bcher-kva.de", "user@xn--bcher-kva.de"},
    /* trailing dot of the domain removed */
    {S("user@Example.com."), "user@example.com", "user@example.com"},
    {S("a@b."), "a@b", "a@b"},
    /* quoted local parts: kept as written, never lowercased */
    {S("\"John Doe\"@Example.com"), "\"John Doe\"@example.com",
     "\"John Doe\"@example.com"},
    {S("\"ABC\"@EXAMPLE.COM"), "\"ABC\"@example.com", "\"ABC\"@example.com"},
    {S("\"John..Doe\"@example.com"), "\"John..Doe\"@example.com",
     "\"John..Doe\"@example.com"},
    {S("\"a@b\"@example.com"), "\"a@b\"@example.com", "\"a@b\"@example.com"},
    {S("\"a\\\"B\"@example.com"), "\"a\\\"B\"@example.com", "\"a\\\"B\"@example.com"},
    {S("\"\\\\\"@example.com"), "\"\\\\\"@example.com", "\"\\\\\"@example.com"},
    {S("\"\\A\"@example.com"), "\"\\A\"@example.com", "\"\\A\"@example.com"},
    {S("\"\"@example.com"), "\"\"@example.com", "\"\"@example.com"},
    {S("\"(),:;<>[]\"@example.com"), "\"(),:;<>[]\"@example.com",
     "\"(),:;<>[]\"@example.com"},
    {S("\" \"@example.com"), "\" \"@example.com", "\" \"@example.com"},
    /* domain literals, written canonically */
    {S("user@[192.0.2.1]"), "user@[192.0.2.1]", "user@[192.0.2.1]"},
    {S("User@[IPv6:2001:DB8:0:0:0:0:0:1]"), "user@[IPv6:2001:db8::1]",
     "User@[IPv6:2001:db8::1]"},
    {S("user@[ipv6:2001:0db8::0001]"), "user@[IPv6:2001:db8::1]",
     "user@[IPv6:2001:db8::1]"},
    {S("user@[IPV6:::1]"), "user@[IPv6:::1]", "user@[IPv6:::1]"},
    {S("user@[IPv6:2001:db8::192.0.2.1]"), "user@[IPv6:2001:db8::c000:201]",
     "user@[IPv6:2001:db8::c000:201]"},
    {S("user@[IPv6:::ffff:192.0.2.1]"), "user@[192.0.2.1]", "user@[192.0.2.1]"},
    {S("user@[IPv6:::FFFF:C000:201]"), "user@[192.0.2.1]", "user@[192.0.2.1]"},
    /* UTF-8 (RFC 6531): kept byte for byte, only ASCII lowercased */
    {S("jos\xc3\xa9@example.com"), "jos\xc3\xa9@example.com", "jos\xc3\xa9@example.com"},
    {S("JOS\xc3\x89@EXAMPLE.COM"), "jos\xc3\x89@example.com", "JOS\xc3\x89@example.com"},
    {S("\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\xb9\xbf\xe5\x91\x8a"),
     "\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\xb9\xbf\xe5\x91\x8a",
     "\xe7\x94\xa8\xe6\x88\xb7@\xe4\xbe\x8b\xe5\xad\x90.\xe5\xb9\xbf\xe5\x91\x8a"},
    /* "\xc3\x9c" "C": split, as C is a hex digit that would extend the escape */
    {S("user@B\xc3\x9c" "CHER.de"), "user@b\xc3\x9c" "cher.de",
     "user@b\xc3\x9c" "cher.de"},
    {S("\xf0\x9f\x98\x80@example.com"), "\xf0\x9f\x98\x80@example.com",
     "\xf0\x9f\x98\x80@example.com"},
    {S("\"Jos\xc3\xa9 X\"@example.com"), "\"Jos\xc3\xa9 X\"@example.com",
     "\"Jos\xc3\xa9 X\"@example.com"},
    /* U+00A0, the first non-control character past ASCII */
    {S("\xc2\xa0@example.com"), "\xc2\xa0@example.com", "\xc2\xa0@example.com"},
    {S("\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf@x"), /* U+D7FF, U+E000, U+10FFFF */
     "\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf@x",
     "\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf@x"},
    {S("\xe0\xa0\x80\xf0\x90\x80\x80@x"), /* U+0800, U+10000: smallest of their lengths */
     "\xe0\xa0\x80\xf0\x90\x80\x80@x", "\xe0\xa0\x80\xf0\x90\x80\x80@x"},
};
/* clang-format on */

static void
valid_inputs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
        const struct valid *c = &valid_cases[i];
        char out[PRIVPOL__EMAIL_MAX];
        size_t out_len = 99;
        privpol_error err;
        privpol_error_clear(&err);
        if (parse_exact(c->text, c->len, false, out, &out_len, &err) != PRIVPOL_OK)
            fail_msg("case %zu refused at column %zu: %s", i, err.column, err.message);
        assert_string_equal(out, c->folded);
        assert_int_equal(out_len, strlen(c->folded));
        assert_int_equal(parse_exact(c->text, c->len, true, out, &out_len, NULL),
                         PRIVPOL_OK);
        assert_string_equal(out, c->kept);
        /* normalizing is idempotent */
        assert_int_equal(
            parse_exact(c->folded, strlen(c->folded), false, out, &out_len, NULL),
            PRIVPOL_OK);
        assert_string_equal(out, c->folded);
        assert_int_equal(parse_exact(c->kept, strlen(c->kept), true, out, &out_len, NULL),
                         PRIVPOL_OK);
        assert_string_equal(out, c->kept);
    }
}

static void
case_rules(void **state)
{
    char out[PRIVPOL__EMAIL_MAX];
    size_t out_len;
    (void)state;
    /* the domain is always lowercased; the local part unless keep_case */
    assert_int_equal(parse_exact(S("MiXeD@DoMaIn.ORG"), false, out, &out_len, NULL),
                     PRIVPOL_OK);
    assert_string_equal(out, "mixed@domain.org");
    assert_int_equal(parse_exact(S("MiXeD@DoMaIn.ORG"), true, out, &out_len, NULL),
                     PRIVPOL_OK);
    assert_string_equal(out, "MiXeD@domain.org");
    /* quoted: as written, whatever keep_case says */
    assert_int_equal(parse_exact(S("\"MiXeD\"@DoMaIn.ORG"), false, out, &out_len, NULL),
                     PRIVPOL_OK);
    assert_string_equal(out, "\"MiXeD\"@domain.org");
    assert_int_equal(parse_exact(S("\"MiXeD\"@DoMaIn.ORG"), true, out, &out_len, NULL),
                     PRIVPOL_OK);
    assert_string_equal(out, "\"MiXeD\"@domain.org");
    /* every ASCII letter, and nothing else, changes */
    for (unsigned c = 0x21; c < 0x7f; c++) {
        char in[8] = {'a', (char)c, 'a', '@', 'x'};
        bool atext = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                     (c >= 'a' && c <= 'z') ||
                     strchr("!#$%&'*+-/=?^_`{|}~", (int)c) != NULL;
        privpol_status st = parse_exact(in, 5, false, out, &out_len, NULL);
        if (!atext && c != '.') {
            assert_int_equal(st, PRIVPOL_EVALUE);
            continue;
        }
        assert_int_equal(st, PRIVPOL_OK);
        assert_int_equal(out[1], (c >= 'A' && c <= 'Z') ? (char)(c + 32) : (char)c);
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
    {S("userexample.com"), 0},
    {S("@example.com"), 1},
    {S("@"), 1},
    {S("user@"), 5},
    {S("user@@example.com"), 5},
    {S("a@b@example.com"), 2},
    /* dot-atom */
    {S(".user@example.com"), 1},
    {S("user.@example.com"), 5},
    {S("us..er@example.com"), 4},
    {S(".@example.com"), 1},
    {S("us er@example.com"), 3},
    {S("a\"b\"@example.com"), 2},
    {S("(comment)user@example.com"), 1},
    {S("user(comment)@example.com"), 5},
    {S("a,b@example.com"), 2},
    {S("a[b]@example.com"), 2},
    {S("a\\b@example.com"), 2},
    {S("us\x01" "er@example.com"), 3},
    {S("user\x7f@example.com"), 5},
    {S("us\0er@example.com"), 3},
    {S("user\t@example.com"), 5},
    /* quoted */
    {S("\"unterminated@example.com"), 14},
    {S("\"@example.com"), 2},
    {S("\"abc\"def@example.com"), 6},
    {S("\"abc\".def@example.com"), 6},
    {S("\"a\tb\"@example.com"), 3},
    {S("\"a\x01\"@example.com"), 3},
    {S("\"a\\\x01\"@example.com"), 4},
    {S("\"a\\\"@example.com"), 5},
    {S("\"a\"b\"@example.com"), 4},
    {S("\"\\\xc3\xa9\"@example.com"), 3},
    {S("\"a\x7f\"@example.com"), 3},
    /* domain names */
    {S("user@exa mple.com"), 9},
    {S("user@example..com"), 14},
    {S("user@.example.com"), 6},
    {S("user@example.com.."), 18},
    {S("user@."), 6},
    {S("user@.."), 6},
    {S("user@-example.com"), 6},
    {S("user@example-.com"), 13},
    {S("user@example.com-"), 17},
    {S("user@example.-com"), 14},
    {S("user@exam_ple.com"), 10},
    {S("user@example.com:25"), 17},
    {S("user@example.com/"), 17},
    {S("user@exa\x01mple.com"), 9},
    {S("user@example.com\0"), 17},
    {S("user@[192.0.2.1"), 0},
    /* domain literals */
    {S("user@[192.0.2.256]"), 17},
    {S("user@[192.0.2]"), 14},
    {S("user@[01.0.2.1]"), 8},
    {S("user@[]"), 7},
    {S("user@[IPv6:]"), 12},
    {S("user@[::1]"), 7},
    {S("user@[::ffff:192.0.2.1]"), 7},
    {S("user@[IPv6:192.0.2.1]"), 12},
    {S("user@[IPv6:1::2::3]"), 17},
    {S("user@[IPv6:fe80::1%eth0]"), 19},
    {S("user@[x400:abc]"), 7},
    {S("user@[192.0.2.1]."), 17},
    {S("user@[192.0.2.1]x"), 17},
    {S("user@[IPv6:2001:db8::1"), 0},
    {S("user@[ 192.0.2.1]"), 7},
    {S("user@x[192.0.2.1]"), 7},
    /* UTF-8 */
    {S("\xc3@example.com"), 1},
    {S("\xc3(@example.com"), 1},
    {S("\x80@example.com"), 1},
    {S("\xbf@example.com"), 1},
    {S("\xc0\xaf@example.com"), 1},             /* overlong '/' */
    {S("\xc1\xbf@example.com"), 1},             /* overlong */
    {S("\xe0\x80\xaf@example.com"), 1},         /* overlong */
    {S("\xe0\x9f\xbf@example.com"), 1},         /* overlong U+07FF */
    {S("\xf0\x8f\xbf\xbf@example.com"), 1},     /* overlong U+FFFF */
    {S("\xed\xa0\x80@example.com"), 1},         /* surrogate U+D800 */
    {S("\xed\xbf\xbf@example.com"), 1},         /* surrogate U+DFFF */
    {S("\xf4\x90\x80\x80@example.com"), 1},     /* U+110000 */
    {S("\xf5\x80\x80\x80@example.com"), 1},
    {S("\xf8\x88\x80\x80\x80@example.com"), 1}, /* 5-byte form */
    {S("\xfe@example.com"), 1},
    {S("\xff@example.com"), 1},
    {S("a\xe2\x82@example.com"), 2},            /* truncated */
    {S("a\xf0\x9f\x98@example.com"), 2},        /* truncated */
    {S("a\xe2\x82\xac\xac@example.com"), 5},    /* stray continuation */
    {S("\xc2\x85@example.com"), 1},             /* U+0085, a C1 control */
    {S("\xc2\x9f@example.com"), 1},             /* U+009F */
    {S("\"\xc3\"@example.com"), 2},
    {S("user@ex\xff" "ample.com"), 8},
    {S("user@\xe0\x80\x80.com"), 6},
    {S("user@b\xc3\xbc\xc3" "cher.de"), 9},
    {S("user@\xc2\x80.de"), 6},
};
/* clang-format on */

static void
invalid_inputs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof invalid_cases / sizeof invalid_cases[0]; i++) {
        const struct invalid *c = &invalid_cases[i];
        char out[PRIVPOL__EMAIL_MAX];
        size_t out_len = 99;
        privpol_error err;
        privpol_status st;
        privpol_error_clear(&err);
        st = parse_exact(c->text, c->len, false, out, &out_len, &err);
        if (st != PRIVPOL_EVALUE)
            fail_msg("case %zu gave status %d", i, (int)st);
        if (err.column != c->column)
            fail_msg("case %zu: column %zu, expected %zu (%s)", i, err.column, c->column,
                     err.message);
        assert_int_equal(err.status, PRIVPOL_EVALUE);
        assert_int_equal(err.line, 0);
        assert_true(err.message[0] != '\0');
        assert_true(err.column <= c->len);
        /* messages never quote the input: no 8-byte piece of it appears (shorter ones
         * may, by chance: "comme" of "(comment)", "IPv6:") */
        for (size_t k = 0; k + 8 <= c->len; k++) {
            char piece[9];
            memcpy(piece, c->text + k, 8);
            piece[8] = '\0';
            if (strlen(piece) == 8 && strstr(err.message, piece) != NULL)
                fail_msg("case %zu: message \"%s\" quotes the input", i, err.message);
        }
        assert_int_equal(parse_exact(c->text, c->len, true, out, &out_len, NULL),
                         PRIVPOL_EVALUE);
    }
}

static void
null_arguments(void **state)
{
    char out[PRIVPOL__EMAIL_MAX];
    size_t out_len;
    privpol_error err;
    (void)state;
    assert_int_equal(privpol__email_parse(NULL, 3, false, out, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__email_parse("a@b", 3, false, NULL, &out_len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__email_parse("a@b", 3, false, out, NULL, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__email_parse(NULL, 0, false, out, &out_len, &err),
                     PRIVPOL_EVALUE);
    assert_int_equal(err.column, 0);
}

/* ---- length limits ------------------------------------------------------------------
 */

/* Fill p with a valid domain name of exactly len bytes: 63-byte labels and a last label
 * of at least 2 bytes (so no label is empty). */
static void
make_domain(char *p, size_t len)
{
    size_t i = 0;
    while (len - i > 64 + 1) {
        memset(p + i, 'd', 63);
        p[i + 63] = '.';
        i += 64;
    }
    memset(p + i, 'e', len - i);
    if (len - i > 63) { /* 64 or 65 left: split them as x.y... */
        p[i + 1] = '.';
    }
}

static privpol_status
parse_parts(size_t local_len, size_t domain_len, bool trailing_dot, size_t *column)
{
    char in[1100], out[PRIVPOL__EMAIL_MAX];
    size_t n = 0, out_len;
    privpol_error err;
    privpol_status st;
    memset(in, 'L', local_len);
    n = local_len;
    in[n++] = '@';
    make_domain(in + n, domain_len);
    n += domain_len;
    if (trailing_dot)
        in[n++] = '.';
    privpol_error_clear(&err);
    st = parse_exact(in, n, false, out, &out_len, &err);
    *column = err.column;
    if (st == PRIVPOL_OK) {
        assert_int_equal(out_len, local_len + 1 + domain_len);
        assert_int_equal(out[0], 'l');
    }
    return st;
}

static void
length_limits(void **state)
{
    size_t col;
    (void)state;
    /* local part: 64 bytes */
    assert_int_equal(parse_parts(64, 11, false, &col), PRIVPOL_OK);
    assert_int_equal(parse_parts(65, 11, false, &col), PRIVPOL_EVALUE);
    assert_int_equal(col, 65);
    /* whole address: 254 bytes (the binding limit for long domains) */
    assert_int_equal(parse_parts(64, 189, false, &col), PRIVPOL_OK);
    assert_int_equal(parse_parts(64, 190, false, &col), PRIVPOL_EVALUE);
    assert_int_equal(col, 255);
    assert_int_equal(parse_parts(1, 252, false, &col), PRIVPOL_OK);
    assert_int_equal(parse_parts(1, 252, true, &col), PRIVPOL_OK); /* dot not counted */
    assert_int_equal(parse_parts(1, 253, false, &col), PRIVPOL_EVALUE);
    assert_int_equal(col, 255);
    assert_int_equal(parse_parts(1, 254, false, &col), PRIVPOL_EVALUE);
    assert_int_equal(col, 255);
    assert_int_equal(parse_parts(60, 1000, false, &col), PRIVPOL_EVALUE);
    assert_int_equal(col, 255);
    /* a bad byte before the limit is reported first */
    {
        char in[400], out[PRIVPOL__EMAIL_MAX];
        size_t out_len;
        privpol_error err;
        memset(in, 'a', sizeof in);
        in[2] = ' ';
        in[100] = '@';
        assert_int_equal(parse_exact(in, sizeof in, false, out, &out_len, &err),
                         PRIVPOL_EVALUE);
        assert_int_equal(err.column, 3);
        in[2] = 'a';
        in[70] = ' '; /* after the 65th byte: the length is the first problem */
        assert_int_equal(parse_exact(in, sizeof in, false, out, &out_len, &err),
                         PRIVPOL_EVALUE);
        assert_int_equal(err.column, 65);
    }
}

static void
label_limits(void **state)
{
    char in[200], out[PRIVPOL__EMAIL_MAX];
    size_t out_len, n;
    privpol_error err;
    (void)state;
    /* 63 bytes */
    memcpy(in, "a@", 2);
    memset(in + 2, 'b', 63);
    memcpy(in + 65, ".com", 4);
    n = 69;
    assert_int_equal(parse_exact(in, n, false, out, &out_len, &err), PRIVPOL_OK);
    /* 64 bytes: refused at the 64th */
    memset(in + 2, 'b', 64);
    memcpy(in + 66, ".com", 4);
    n = 70;
    assert_int_equal(parse_exact(in, n, false, out, &out_len, &err), PRIVPOL_EVALUE);
    assert_int_equal(err.column, 66);
    /* the last label too */
    memcpy(in, "a@com.", 6);
    memset(in + 6, 'b', 64);
    assert_int_equal(parse_exact(in, 70, false, out, &out_len, &err), PRIVPOL_EVALUE);
    assert_int_equal(err.column, 70);
    assert_int_equal(parse_exact(in, 69, false, out, &out_len, &err), PRIVPOL_OK);
    /* UTF-8 counts in bytes: 31 two-byte characters (62) + 'x' is 63; + 'xx' is 64 */
    memcpy(in, "a@", 2);
    for (size_t k = 0; k < 31; k++)
        memcpy(in + 2 + 2 * k, "\xc3\xa9", 2);
    memcpy(in + 64, "xx", 2);
    assert_int_equal(parse_exact(in, 65, false, out, &out_len, &err), PRIVPOL_OK);
    assert_int_equal(parse_exact(in, 66, false, out, &out_len, &err), PRIVPOL_EVALUE);
    assert_int_equal(err.column, 66);
    /* a two-byte character that straddles the limit: the 64th byte is named */
    memcpy(in + 64, "\xc3\xa9", 2);
    assert_int_equal(parse_exact(in, 66, false, out, &out_len, &err), PRIVPOL_EVALUE);
    assert_int_equal(err.column, 66);
}

/* ---- robustness ---------------------------------------------------------------------
 */

/* Every prefix of every table input in a buffer of exactly its length. */
static void
every_prefix_stays_in_bounds(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
        for (size_t k = 0; k <= valid_cases[i].len; k++) {
            char out[PRIVPOL__EMAIL_MAX];
            size_t out_len;
            privpol_error err;
            privpol_status st =
                parse_exact(valid_cases[i].text, k, false, out, &out_len, &err);
            assert_true(st == PRIVPOL_OK || st == PRIVPOL_EVALUE);
            if (st == PRIVPOL_EVALUE)
                assert_true(err.column <= k);
        }
    }
    for (size_t i = 0; i < sizeof invalid_cases / sizeof invalid_cases[0]; i++) {
        for (size_t k = 0; k <= invalid_cases[i].len; k++) {
            char out[PRIVPOL__EMAIL_MAX];
            size_t out_len;
            privpol_error err;
            privpol_status st =
                parse_exact(invalid_cases[i].text, k, false, out, &out_len, &err);
            assert_true(st == PRIVPOL_OK || st == PRIVPOL_EVALUE);
            if (st == PRIVPOL_EVALUE)
                assert_true(err.column <= k);
        }
    }
}

/* Replace each byte of each valid input with every byte value: the answer is OK with an
 * idempotent result, or EVALUE with a column inside the input. */
static void
every_byte_substitution(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
        const struct valid *c = &valid_cases[i];
        char buf[128];
        memcpy(buf, c->text, c->len);
        for (size_t pos = 0; pos < c->len; pos++) {
            for (unsigned v = 0; v < 256; v++) {
                char out[PRIVPOL__EMAIL_MAX], again[PRIVPOL__EMAIL_MAX];
                size_t out_len, again_len;
                privpol_error err;
                privpol_status st;
                buf[pos] = (char)v;
                st = parse_exact(buf, c->len, (v & 1) != 0, out, &out_len, &err);
                if (st == PRIVPOL_EVALUE) {
                    assert_true(err.column <= c->len);
                    continue;
                }
                assert_int_equal(st, PRIVPOL_OK);
                assert_int_equal(
                    parse_exact(out, out_len, (v & 1) != 0, again, &again_len, NULL),
                    PRIVPOL_OK);
                assert_string_equal(again, out);
            }
            buf[pos] = c->text[pos];
        }
    }
}

/* Random bytes from an alphabet rich in separators and UTF-8 pieces. */
static void
random_strings(void **state)
{
    static const char *const pieces[] = {
        "a",
        "Z",
        "0",
        ".",
        "@",
        "-",
        "\"",
        "\\",
        " ",
        "[",
        "]",
        "IPv6:",
        ":",
        "1.2.3.4",
        "::1",
        "\xc3\xa9",
        "\xc3",
        "\xa9",
        "\xf0\x9f\x98\x80",
        "\xed\xa0\x80",
        "+",
        "_",
        "\x01",
        "example",
        "com",
        "(",
        ")",
    };
    uint64_t rng = 0x5eed0003;
    (void)state;
    for (unsigned iter = 0; iter < 200000; iter++) {
        char in[300], out[PRIVPOL__EMAIL_MAX], again[PRIVPOL__EMAIL_MAX];
        size_t n = 0, out_len, again_len;
        unsigned count = 1 + (unsigned)(support_splitmix64(&rng) % 24);
        privpol_error err;
        privpol_status st;
        for (unsigned k = 0; k < count; k++) {
            const char *p =
                pieces[support_splitmix64(&rng) % (sizeof pieces / sizeof pieces[0])];
            size_t l = strlen(p);
            memcpy(in + n, p, l);
            n += l;
        }
        st = parse_exact(in, n, false, out, &out_len, &err);
        if (st == PRIVPOL_EVALUE) {
            assert_true(err.column <= n);
            continue;
        }
        assert_int_equal(st, PRIVPOL_OK);
        assert_non_null(strchr(out, '@'));
        assert_int_equal(parse_exact(out, out_len, false, again, &again_len, NULL),
                         PRIVPOL_OK);
        assert_string_equal(again, out);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_inputs),
        cmocka_unit_test(case_rules),
        cmocka_unit_test(invalid_inputs),
        cmocka_unit_test(null_arguments),
        cmocka_unit_test(length_limits),
        cmocka_unit_test(label_limits),
        cmocka_unit_test(every_prefix_stays_in_bounds),
        cmocka_unit_test(every_byte_substitution),
        cmocka_unit_test(random_strings),
    };
    return cmocka_run_group_tests_name("email", tests, NULL, NULL);
}
