/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "support.h"

#define K1 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define K2 "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100"
#define ROTATION 1772323200 /* 2026-03-01T00:00:00Z */
#define T0 1736150400       /* 2025-01-06T08:00:00Z */

/* Computed by tests/check-construction.py from the documented construction. */
#define KAT_IPV4 "pd1.0000000a.1O6wEsWvxzxO6PEXwr6Z3Q"
#define KAT_MSISDN "pd1.0000000a.fS05IJrYRgX6sKaaRNWAoQ"
#define KAT_EMAIL "pd1.0000000a.kTP1YtJmo7EsICY00rLO-A"
#define KAT_IPV6_DAILY_K2 "pd1.0000000b.u_w-ahDeP998eL8OX-nCOQ"

struct fixture {
    privpol_keyring *kr;
    privpol_ctx *proc;      /* processor, no rotation */
    privpol_ctx *ctrl;      /* controller allowed to reveal */
    privpol_ctx *daily;     /* processor, daily epochs for IPs */
};

static privpol_ctx *
make_ctx(privpol_keyring *kr, privpol_role role, unsigned flags, privpol_period ip_period)
{
    support_ctx_args a = SUPPORT_CTX_ARGS_INIT;
    privpol_period_rule rule = {PRIVPOL_CAT_CONNECTION_IP_ADDRESS, ip_period};
    a.keyring = kr;
    a.role = role;
    a.flags = flags;
    a.periods = &rule;
    a.periods_len = 1;
    return support_ctx(&a);
}

static int
setup(void **state)
{
    static const char text[] = "privpol-keyring 1\n"
                               "key 0000000a 1970-01-01T00:00:00Z " K1 "\n"
                               "key 0000000b 2026-03-01T00:00:00Z " K2 "\n";
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->kr = support_keyring(text);
    f->proc = make_ctx(f->kr, PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE);
    f->ctrl = make_ctx(f->kr, PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                       PRIVPOL_PERIOD_NONE);
    f->daily = make_ctx(f->kr, PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_DAY);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    privpol_ctx_free(f->proc);
    privpol_ctx_free(f->ctrl);
    privpol_ctx_free(f->daily);
    privpol_keyring_free(f->kr);
    free(f);
    return 0;
}

/* Token of a value, asserting success. */
static void
pseud(const privpol_ctx *ctx, const char *tenant, const char *cat, const char *v,
      int64_t at, char out[64])
{
    size_t len = 64;
    privpol_error err;
    privpol_status st = privpol_pseudonymize(ctx, tenant, support_category(cat), v, strlen(v), at, 0, out, &len,
                                             &err);
    if (st != PRIVPOL_OK)
        fail_msg("pseudonymize(%s, '%s'): %s", cat, v, err.message);
    assert_int_equal(len, PRIVPOL_PSEUDONYM_LEN);
    assert_int_equal(strlen(out), PRIVPOL_PSEUDONYM_LEN);
}

static void
same_identifier_same_pseudonym(void **state)
{
    struct fixture *f = *state;
    static const char *const groups[][8] = {
        {"connection.ip_address", "192.0.2.1", " 192.0.2.1\n", "::ffff:192.0.2.1",
         "::FFFF:c000:0201", "0:0:0:0:0:ffff:192.0.2.1", NULL},
        {"connection.ip_address", "2001:db8::1", "2001:DB8:0:0:0:0:0:1",
         "2001:0db8:0000::0001", NULL},
        {"terminal.msisdn", "06 12 34 56 78", "+33 6 12 34 56 78", "0033 6 12 34 56 78",
         "+33612345678", "(0)6.12.34.56.78", NULL},
        {"contact.email", "Julie.Martin@Example.FR", "julie.martin@example.fr",
         "  julie.martin@EXAMPLE.fr ", NULL},
        {"identity.name", "Julie Martin", "\tJulie Martin  ", NULL},
        {"financial.card_number", "4111 1111 1111 1111", "4111-1111-1111-1111",
         "4111111111111111", NULL},
        {"financial.iban", "FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189",
         "fr7630006000011234567890189", NULL},
    };
    (void)state;
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        char first[64], other[64];
        pseud(f->proc, "acme", groups[g][0], groups[g][1], T0, first);
        assert_memory_equal(first, "pd1.0000000a.", 13);
        for (size_t i = 2; groups[g][i] != NULL; i++) {
            pseud(f->proc, "acme", groups[g][0], groups[g][i], T0, other);
            if (strcmp(first, other) != 0)
                fail_msg("%s: '%s' and '%s' differ", groups[g][0], groups[g][1],
                         groups[g][i]);
        }
    }
}

static void
different_identifiers_differ(void **state)
{
    struct fixture *f = *state;
    char a[64], b[64];
    (void)state;
    pseud(f->proc, "acme", "connection.ip_address", "192.0.2.1", T0, a);
    pseud(f->proc, "acme", "connection.ip_address", "192.0.2.2", T0, b);
    assert_string_not_equal(a, b);
    /* Opaque values are bytes as given: case and spaces matter. */
    pseud(f->proc, "acme", "cookie.id", "abc", T0, a);
    pseud(f->proc, "acme", "cookie.id", "ABC", T0, b);
    assert_string_not_equal(a, b);
    pseud(f->proc, "acme", "cookie.id", "abc ", T0, b);
    assert_string_not_equal(a, b);
}

static void
tenant_and_category_separation(void **state)
{
    struct fixture *f = *state;
    char a[64], b[64], c[64];
    pseud(f->proc, "acme", "terminal.msisdn", "+33612345678", T0, a);
    pseud(f->proc, "globex", "terminal.msisdn", "+33612345678", T0, b);
    pseud(f->proc, "acme", "contact.phone", "+33612345678", T0, c);
    assert_string_not_equal(a, b);
    assert_string_not_equal(a, c);
    assert_string_not_equal(b, c);
    /* A tenant that is a prefix of another is a different tenant. */
    pseud(f->proc, "acm", "terminal.msisdn", "+33612345678", T0, b);
    assert_string_not_equal(a, b);
    /* The role does not enter the pseudonym: a controller context agrees. */
    pseud(f->ctrl, "acme", "terminal.msisdn", "+33612345678", T0, b);
    assert_string_equal(a, b);
}

static void
token_shape(void **state)
{
    struct fixture *f = *state;
    char t[64];
    pseud(f->proc, "acme", "contact.email", "a@b.example", T0, t);
    assert_memory_equal(t, "pd1.0000000a.", 13);
    for (size_t i = 13; i < PRIVPOL_PSEUDONYM_LEN; i++)
        assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
                               t[i]));
    assert_int_equal(privpol_pseudonym_token_kind(t, strlen(t)), PRIVPOL_TOKEN_PSEUDONYM);
    assert_int_equal(privpol_pseudonym_token_kind(t, strlen(t) - 1), PRIVPOL_TOKEN_NONE);
    assert_int_equal(privpol_pseudonym_token_kind("pd1.0000000a.", 13), PRIVPOL_TOKEN_NONE);
    assert_int_equal(privpol_pseudonym_len(), PRIVPOL_PSEUDONYM_LEN);
}

/* Pinned answers: any change to normalization or the construction shows here. The
 * values are checked independently by tests/check-construction.py. */
static void
known_answers(void **state)
{
    struct fixture *f = *state;
    char t[64];
    pseud(f->proc, "acme", "connection.ip_address", "192.0.2.1", T0, t);
    assert_string_equal(t, KAT_IPV4);
    pseud(f->proc, "acme", "terminal.msisdn", "06 12 34 56 78", T0, t);
    assert_string_equal(t, KAT_MSISDN);
    pseud(f->proc, "acme", "contact.email", "Julie.Martin@Example.FR", T0, t);
    assert_string_equal(t, KAT_EMAIL);
    pseud(f->daily, "acme", "connection.ip_address", "2001:db8::1", ROTATION, t);
    assert_string_equal(t, KAT_IPV6_DAILY_K2);
}

static void
existing_tokens_pass_through(void **state)
{
    struct fixture *f = *state;
    char t[64], again[64], rev[256];
    size_t len = sizeof rev;
    pseud(f->proc, "acme", "connection.ip_address", "192.0.2.1", T0, t);
    pseud(f->proc, "acme", "connection.ip_address", t, T0, again);
    assert_string_equal(t, again);
    pseud(f->proc, "globex", "cookie.id", t, T0, again);
    assert_string_equal(t, again);
    assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS, "10.0.0.1",
                                          8, T0, PRIVPOL_PSEUDONYM_REVERSIBLE, rev, &len, NULL),
                     PRIVPOL_OK);
    len = sizeof rev;
    {
        char out[256];
        assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_TERMINAL_MSISDN, rev,
                                              strlen(rev), T0, 0, out, &len, NULL),
                         PRIVPOL_OK);
        assert_string_equal(out, rev);
        /* A reversible token of another tenant is not authentic here: keyed as a value
         * (fail closed: a token-shaped string must not carry data through in clear). */
        len = sizeof out;
        assert_int_equal(privpol_pseudonymize(f->proc, "globex", PRIVPOL_CAT_COOKIE_ID, rev,
                                              strlen(rev), T0, 0, out, &len, NULL),
                         PRIVPOL_OK);
        assert_memory_equal(out, "pd1.", 4);
        assert_string_not_equal(out, rev);
    }
    {
        /* Token-shaped strings this keyring did not make are values like any other. */
        static const char forged_pd[] = "pd1.0badc0de.AAAAAAAAAAAAAAAAAAAAAA";
        static const char forged_pr[] =
            "pr1.0000000a.K3Zhb3VyaWVuIEAgc211Z2dsZWQtZGF0YS5leGFtcGxlLmNvbQ";
        char out[256];
        len = sizeof out;
        assert_int_equal(privpol_pseudonym_token_kind(forged_pd, strlen(forged_pd)),
                         PRIVPOL_TOKEN_PSEUDONYM);
        assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_COOKIE_ID, forged_pd,
                                              strlen(forged_pd), T0, 0, out, &len, NULL),
                         PRIVPOL_OK);
        assert_string_not_equal(out, forged_pd);
        len = sizeof out;
        assert_int_equal(privpol_pseudonym_token_kind(forged_pr, strlen(forged_pr)),
                         PRIVPOL_TOKEN_REVERSIBLE);
        assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_COOKIE_ID, forged_pr,
                                              strlen(forged_pr), T0, 0, out, &len, NULL),
                         PRIVPOL_OK);
        assert_string_not_equal(out, forged_pr);
        assert_int_equal(strlen(out), PRIVPOL_PSEUDONYM_LEN);
    }
}

static void
epoch_boundaries(void **state)
{
    struct fixture *f = *state;
    const int64_t midnight = ROTATION + 5 * 86400;
    char a[64], b[64], c[64], d[64];
    pseud(f->daily, "acme", "connection.ip_address", "192.0.2.1", midnight - 1, a);
    pseud(f->daily, "acme", "connection.ip_address", "192.0.2.1", midnight, b);
    pseud(f->daily, "acme", "connection.ip_address", "192.0.2.1", midnight + 86399, c);
    pseud(f->daily, "acme", "connection.ip_address", "192.0.2.1", midnight - 86401, d);
    assert_string_not_equal(a, b);
    assert_string_equal(b, c);
    assert_string_not_equal(a, d);
    /* Without rotation the day does not matter, the key does. */
    pseud(f->proc, "acme", "connection.ip_address", "192.0.2.1", midnight - 1, a);
    pseud(f->proc, "acme", "connection.ip_address", "192.0.2.1", midnight + 86400 * 300, b);
    assert_string_equal(a, b);
    /* Categories without a rule follow the default period (none). */
    pseud(f->daily, "acme", "terminal.msisdn", "+33612345678", midnight - 1, a);
    pseud(f->daily, "acme", "terminal.msisdn", "+33612345678", midnight, b);
    assert_string_equal(a, b);
}

static void
key_rotation(void **state)
{
    struct fixture *f = *state;
    char a[64], b[64];
    size_t len = sizeof a;
    pseud(f->proc, "acme", "connection.ip_address", "192.0.2.1", ROTATION - 1, a);
    pseud(f->proc, "acme", "connection.ip_address", "192.0.2.1", ROTATION, b);
    assert_memory_equal(a, "pd1.0000000a.", 13);
    assert_memory_equal(b, "pd1.0000000b.", 13);
    assert_string_not_equal(a + 13, b + 13);
    /* Before the first key, nothing is in force. */
    assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS,
                                          "192.0.2.1", 9, -1, 0, a, &len, NULL),
                     PRIVPOL_ENOKEY);
}

static void
bad_input_is_rejected(void **state)
{
    struct fixture *f = *state;
    privpol_ctx *nokeys = NULL;
    privpol_error err;
    char out[64];
    size_t len;
    static const struct {
        const char *cat, *value;
    } bad[] = {
        {"connection.ip_address", "192.0.2.256"}, {"connection.ip_address", "010.0.0.1"},
        {"connection.ip_address", "fe80::1%eth0"}, {"connection.ip_address", ""},
        {"connection.ip_address", "   "},          {"terminal.msisdn", "not a number"},
        {"terminal.msisdn", "+33 6 12"},           {"contact.email", "no-at-sign"},
        {"contact.email", "a@"},                   {"financial.card_number", "4111 x"},
        {"financial.iban", "FR7630006000011234567890188"}, {"financial.iban", "FR76-3000"},
        {"identity.name", " \t "},                 {"cookie.id", ""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        len = sizeof out;
        strcpy(out, "junk");
        assert_int_equal(privpol_pseudonymize(f->proc, "acme", support_category(bad[i].cat), bad[i].value,
                                              strlen(bad[i].value), T0, 0, out, &len, &err),
                         PRIVPOL_EVALUE);
        assert_int_equal(err.status, PRIVPOL_EVALUE);
        /* The message never echoes the value. */
        if (strlen(bad[i].value) > 3 && strstr(err.message, bad[i].value) != NULL)
            fail_msg("message '%s' echoes the input", err.message);
    }
    len = sizeof out;
    assert_int_equal(privpol_pseudonymize(f->proc, "acme", (privpol_category)999, "x", 1, T0, 0, out, &len,
                                          &err),
                     PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_pseudonymize(f->proc, "", PRIVPOL_CAT_COOKIE_ID, "x", 1, T0, 0, out, &len,
                                          &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_pseudonymize(f->proc, NULL, PRIVPOL_CAT_COOKIE_ID, "x", 1, T0, 0, out,
                                          &len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_COOKIE_ID, "x", 1, T0, 8, out,
                                          &len, &err),
                     PRIVPOL_EINVAL);
    len = PRIVPOL_PSEUDONYM_LEN; /* no room for the NUL */
    assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_COOKIE_ID, "x", 1, T0, 0, out,
                                          &len, &err),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(len, PRIVPOL_PSEUDONYM_LEN + 1);
    nokeys = support_ctx_default();
    len = sizeof out;
    assert_int_equal(privpol_pseudonymize(nokeys, "acme", PRIVPOL_CAT_COOKIE_ID, "x", 1, T0, 0, out,
                                          &len, &err),
                     PRIVPOL_ENOKEY);
    privpol_ctx_free(nokeys);
}

static void
normalize_gives_canonical_text(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *cat, *in, *out;
    } rows[] = {
        {"connection.ip_address", "::ffff:192.0.2.1", "192.0.2.1"},
        {"connection.ip_address", "2001:0DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1"},
        {"terminal.msisdn", "06 12 34 56 78", "+33612345678"},
        {"contact.email", " Julie.Martin@Example.FR", "julie.martin@example.fr"},
        {"identity.name", "  Julie Martin ", "Julie Martin"},
        {"cookie.id", " x ", " x "},
        {"financial.card_number", "4111-1111 1111-1111", "4111111111111111"},
    };
    char out[PRIVPOL_NORMALIZED_MAX];
    size_t len;
    privpol_error err;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        len = sizeof out;
        assert_int_equal(privpol_normalize(f->proc, support_category(rows[i].cat), rows[i].in,
                                           strlen(rows[i].in), out, &len, &err),
                         PRIVPOL_OK);
        assert_string_equal(out, rows[i].out);
        assert_int_equal(len, strlen(rows[i].out));
    }
    len = 3;
    assert_int_equal(privpol_normalize(f->proc, PRIVPOL_CAT_TERMINAL_MSISDN, "0612345678", 10, out, &len,
                                       &err),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(len, 13);
    len = sizeof out;
    assert_int_equal(privpol_normalize(f->proc, PRIVPOL_CAT_CONNECTION_IP_ADDRESS, " 1.2.3.04", 9, out,
                                       &len, &err),
                     PRIVPOL_EVALUE);
    assert_true(err.column >= 2); /* counted in the untrimmed value */
}

static void
reveal_round_trip(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *cat, *in, *normalized;
    } rows[] = {
        {"connection.ip_address", "::ffff:192.0.2.1", "192.0.2.1"},
        {"connection.ip_address", "2001:DB8::1", "2001:db8::1"},
        {"terminal.msisdn", "06 12 34 56 78", "+33612345678"},
        {"contact.email", "Julie.Martin@Example.FR", "julie.martin@example.fr"},
        {"cookie.id", "3f2a-Cookie", "3f2a-Cookie"},
    };
    char tok[512], tok2[512], val[512];
    size_t len;
    privpol_category cat;
    privpol_error err;
    for (int64_t at = T0; at <= ROTATION; at += ROTATION - T0) {
        for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
            len = sizeof tok;
            assert_int_equal(privpol_pseudonymize(f->proc, "acme", support_category(rows[i].cat), rows[i].in,
                                                  strlen(rows[i].in), at,
                                                  PRIVPOL_PSEUDONYM_REVERSIBLE, tok, &len,
                                                  &err),
                             PRIVPOL_OK);
            assert_memory_equal(tok, at < ROTATION ? "pr1.0000000a." : "pr1.0000000b.", 13);
            assert_int_equal(len, strlen(tok));
            assert_int_equal(privpol_pseudonym_token_kind(tok, len), PRIVPOL_TOKEN_REVERSIBLE);
            /* Deterministic. */
            len = sizeof tok2;
            assert_int_equal(privpol_pseudonymize(f->proc, "acme", support_category(rows[i].cat),
                                                  rows[i].normalized,
                                                  strlen(rows[i].normalized), at,
                                                  PRIVPOL_PSEUDONYM_REVERSIBLE, tok2, &len,
                                                  NULL),
                             PRIVPOL_OK);
            assert_string_equal(tok, tok2);
            len = sizeof val;
            assert_int_equal(privpol_reveal(f->ctrl, "acme", tok, strlen(tok), &cat, val, &len,
                                            &err),
                             PRIVPOL_OK);
            assert_string_equal(val, rows[i].normalized);
            assert_string_equal(privpol_category_id(cat), rows[i].cat);
        }
    }
}

static void
reveal_refuses(void **state)
{
    struct fixture *f = *state;
    char tok[512], val[512], bad[512];
    size_t len = sizeof tok, n;
    privpol_error err;
    privpol_keyring *other = NULL;
    privpol_ctx *stranger;

    assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_TERMINAL_MSISDN, "+33612345678",
                                          12, T0, PRIVPOL_PSEUDONYM_REVERSIBLE, tok, &len,
                                          NULL),
                     PRIVPOL_OK);
    n = strlen(tok);
    /* A processor never reveals, even with the key. */
    len = sizeof val;
    assert_int_equal(privpol_reveal(f->proc, "acme", tok, n, NULL, val, &len, &err),
                     PRIVPOL_EDENIED);
    /* Another tenant cannot. */
    assert_int_equal(privpol_reveal(f->ctrl, "globex", tok, n, NULL, val, &len, &err),
                     PRIVPOL_EAUTH);
    /* Every single-character change is detected. */
    for (size_t i = 0; i < n; i++) {
        static const char subst[] = "AQgw-_09";
        for (size_t k = 0; k < sizeof subst - 1; k++) {
            privpol_status st;
            if (tok[i] == subst[k])
                continue;
            memcpy(bad, tok, n + 1);
            bad[i] = subst[k];
            len = sizeof val;
            st = privpol_reveal(f->ctrl, "acme", bad, n, NULL, val, &len, &err);
            if (st == PRIVPOL_OK)
                fail_msg("tampered token accepted (position %zu)", i);
        }
    }
    /* Truncated, or a pseudonym (not reversible), or garbage. */
    len = sizeof val;
    assert_int_not_equal(privpol_reveal(f->ctrl, "acme", tok, n - 4, NULL, val, &len, &err),
                         PRIVPOL_OK);
    assert_int_equal(privpol_reveal(f->ctrl, "acme", "hello", 5, NULL, val, &len, &err),
                     PRIVPOL_EVALUE);
    /* A keyring without that key id. */
    assert_int_equal(privpol_keyring_generate(0, NULL, &other, NULL), PRIVPOL_OK);
    stranger = make_ctx(other, PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                        PRIVPOL_PERIOD_NONE);
    assert_non_null(stranger);
    assert_int_equal(privpol_reveal(stranger, "acme", tok, n, NULL, val, &len, &err),
                     PRIVPOL_ENOKEY);
    privpol_ctx_free(stranger);
    privpol_keyring_free(other);
    /* Too small a buffer. */
    len = 4;
    assert_int_equal(privpol_reveal(f->ctrl, "acme", tok, n, NULL, val, &len, &err),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(len, 13);
}

static void
long_values_round_trip(void **state)
{
    struct fixture *f = *state;
    size_t n = 5000, cap = privpol_pseudonym_reversible_size(n), len;
    char *v = malloc(n), *tok = malloc(cap), *back = malloc(n + 1);
    assert_non_null(v);
    assert_non_null(tok);
    assert_non_null(back);
    for (size_t i = 0; i < n; i++)
        v[i] = (char)(i * 7 + 1);
    len = cap;
    assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_COOKIE_ID, v, n, T0,
                                          PRIVPOL_PSEUDONYM_REVERSIBLE, tok, &len, NULL),
                     PRIVPOL_OK);
    assert_int_equal(len, cap - 1);
    len = n + 1;
    assert_int_equal(privpol_reveal(f->ctrl, "acme", tok, cap - 1, NULL, back, &len, NULL),
                     PRIVPOL_OK);
    assert_int_equal(len, n);
    assert_memory_equal(back, v, n);
    len = cap - 1;
    assert_int_equal(privpol_pseudonymize(f->proc, "acme", PRIVPOL_CAT_COOKIE_ID, v, n, T0,
                                          PRIVPOL_PSEUDONYM_REVERSIBLE, tok, &len, NULL),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(len, cap);
    free(v);
    free(tok);
    free(back);
}

static void
pseudonymizer_matches_one_shot(void **state)
{
    struct fixture *f = *state;
    privpol_pseudonymizer *p = NULL;
    char a[512], b[512];
    size_t la, lb;
    static const char *const ips[] = {"192.0.2.1", "2001:db8::7", "10.1.2.3"};
    assert_int_equal(privpol_pseudonymizer_new(f->daily, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS, &p,
                                               NULL),
                     PRIVPOL_OK);
    /* Times jump around epochs and the key rotation to exercise the cache. */
    for (int i = 0; i < 400; i++) {
        int64_t at = ROTATION + ((int64_t)(i * 7919) % 41 - 20) * 43200 + i;
        const char *v = ips[i % 3];
        unsigned flags = (i % 5 == 0) ? PRIVPOL_PSEUDONYM_REVERSIBLE : 0;
        la = sizeof a;
        lb = sizeof b;
        assert_int_equal(privpol_pseudonymizer_run(p, v, strlen(v), at, flags, a, &la, NULL),
                         PRIVPOL_OK);
        assert_int_equal(privpol_pseudonymize(f->daily, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS, v,
                                              strlen(v), at, flags, b, &lb, NULL),
                         PRIVPOL_OK);
        assert_string_equal(a, b);
    }
    la = sizeof a;
    assert_int_equal(privpol_pseudonymizer_run(p, "nope", 4, T0, 0, a, &la, NULL),
                     PRIVPOL_EVALUE);
    assert_int_equal(privpol_pseudonymizer_run(p, "1.2.3.4", 7, -5, 0, a, &la, NULL),
                     PRIVPOL_ENOKEY);
    privpol_pseudonymizer_free(p);
    privpol_pseudonymizer_free(NULL);
    assert_int_equal(privpol_pseudonymizer_new(f->daily, "acme", (privpol_category)999, &p, NULL),
                     PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_pseudonymizer_new(f->daily, "", PRIVPOL_CAT_COOKIE_ID, &p, NULL),
                     PRIVPOL_EINVAL);
}

struct collected {
    size_t n;
    char tokens[64][PRIVPOL_PSEUDONYM_LEN + 1];
    char keys[64][PRIVPOL_KEYRING_ID_LEN + 1];
    int64_t start[64], end[64];
    int stop_after;
};

static int
collect(const privpol_pseudonym_token *t, void *payload)
{
    struct collected *c = payload;
    assert_true(c->n < 64);
    strcpy(c->tokens[c->n], t->token);
    strcpy(c->keys[c->n], t->key_id);
    c->start[c->n] = t->epoch_start;
    c->end[c->n] = t->epoch_end;
    c->n++;
    return c->stop_after > 0 && (int)c->n >= c->stop_after;
}

static void
subject_lookup_across_rotation(void **state)
{
    struct fixture *f = *state;
    struct collected c;
    privpol_error err;
    char t[64];
    /* Daily epochs from two days before the rotation to two days after. */
    memset(&c, 0, sizeof c);
    assert_int_equal(privpol_pseudonym_subject_tokens(f->daily, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS,
                                            "::ffff:192.0.2.1", 16, ROTATION - 2 * 86400 + 5,
                                            ROTATION + 2 * 86400 - 5, collect, &c, &err),
                     PRIVPOL_OK);
    assert_int_equal(c.n, 4);
    assert_string_equal(c.keys[0], "0000000a");
    assert_string_equal(c.keys[1], "0000000a");
    assert_string_equal(c.keys[2], "0000000b");
    assert_int_equal(c.start[0], ROTATION - 2 * 86400);
    assert_int_equal(c.end[1], ROTATION);
    assert_int_equal(c.start[2], ROTATION);
    for (size_t i = 0; i < c.n; i++) {
        pseud(f->daily, "acme", "connection.ip_address", "192.0.2.1", c.start[i] + 3600, t);
        assert_string_equal(t, c.tokens[i]);
    }
    /* No rotation: one token per key. */
    memset(&c, 0, sizeof c);
    assert_int_equal(privpol_pseudonym_subject_tokens(f->proc, "acme", PRIVPOL_CAT_TERMINAL_MSISDN, "0612345678",
                                            10, T0, ROTATION + 10, collect, &c, &err),
                     PRIVPOL_OK);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.start[0], 0);
    assert_int_equal(c.end[0], ROTATION);
    assert_int_equal(c.end[1], INT64_MAX);
    pseud(f->proc, "acme", "terminal.msisdn", "+33612345678", T0, t);
    assert_string_equal(t, c.tokens[0]);
    /* The callback can stop the enumeration. */
    memset(&c, 0, sizeof c);
    c.stop_after = 1;
    assert_int_equal(privpol_pseudonym_subject_tokens(f->daily, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS,
                                            "192.0.2.1", 9, T0, T0 + 30 * 86400, collect, &c,
                                            &err),
                     PRIVPOL_OK);
    assert_int_equal(c.n, 1);
    /* Errors. */
    assert_int_equal(privpol_pseudonym_subject_tokens(f->daily, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS,
                                            "192.0.2.1", 9, T0, T0, collect, &c, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_pseudonym_subject_tokens(f->daily, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS,
                                            "192.0.2.1", 9, -1000, -10, collect, &c, &err),
                     PRIVPOL_ENOKEY);
    assert_int_equal(privpol_pseudonym_subject_tokens(f->daily, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS,
                                            "192.0.2.1", 9, 0, 400LL * 365 * 86400, collect,
                                            &c, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_pseudonym_subject_tokens(f->daily, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS, "x", 1,
                                            T0, T0 + 10, collect, &c, &err),
                     PRIVPOL_EVALUE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_identifier_same_pseudonym),
        cmocka_unit_test(different_identifiers_differ),
        cmocka_unit_test(tenant_and_category_separation),
        cmocka_unit_test(token_shape),
        cmocka_unit_test(known_answers),
        cmocka_unit_test(existing_tokens_pass_through),
        cmocka_unit_test(epoch_boundaries),
        cmocka_unit_test(key_rotation),
        cmocka_unit_test(bad_input_is_rejected),
        cmocka_unit_test(normalize_gives_canonical_text),
        cmocka_unit_test(reveal_round_trip),
        cmocka_unit_test(reveal_refuses),
        cmocka_unit_test(long_values_round_trip),
        cmocka_unit_test(pseudonymizer_matches_one_shot),
        cmocka_unit_test(subject_lookup_across_rotation),
    };
    return cmocka_run_group_tests_name("pseudonym", tests, setup, teardown);
}
