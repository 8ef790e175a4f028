/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"

#define KEYRING                                                                          \
    "privpol-keyring 1\n"                                                                \
    "key 0000000a 1970-01-01T00:00:00Z "                                                 \
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n"
#define AT INT64_C(1767225600) /* 2026-01-01T00:00:00Z */

/* Pseudonyms under KEYRING, tenant "acme" (the IPv4 one is KAT_IPV4 of test-pseudonym).
 */
#define PD_PHONE "pd1.0000000a.oKEvVo7U5GgtuSVa3D5JOQ" /* +33612345678 */
#define PD_EMAIL "pd1.0000000a.uSfveMidmHZVfp5yOBZfEQ" /* jean.dupont@example.fr */
#define PD_IPV4 "pd1.0000000a.1O6wEsWvxzxO6PEXwr6Z3Q"  /* 192.0.2.1 */
#define PD_NAME "pd1.0000000a.sx9_oUq4Za1TDINTUIaU-A"  /* Dupont */

struct fixture {
    privpol_ctx *fr;    /* default region FR, no keyring */
    privpol_ctx *keyed; /* FR, KEYRING */
    privpol_ctx *us;    /* default region US */
    privpol_ctx *none;  /* no default region */
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_keyring *kr = NULL;
    if (f == NULL || privpol_ctx_new(&f->fr, NULL, NULL) != PRIVPOL_OK ||
        privpol_keyring_parse(&kr, KEYRING, sizeof KEYRING - 1, NULL, NULL) != PRIVPOL_OK)
        return -1;
    o.keyring = kr;
    if (privpol_ctx_new(&f->keyed, &o, NULL) != PRIVPOL_OK)
        return -1;
    privpol_keyring_free(kr);
    o.keyring = NULL;
    memcpy(o.default_region, "US", 3);
    if (privpol_ctx_new(&f->us, &o, NULL) != PRIVPOL_OK)
        return -1;
    o.default_region[0] = '\0';
    if (privpol_ctx_new(&f->none, &o, NULL) != PRIVPOL_OK)
        return -1;
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    privpol_ctx_free(f->fr);
    privpol_ctx_free(f->keyed);
    privpol_ctx_free(f->us);
    privpol_ctx_free(f->none);
    free(f);
    return 0;
}

/* Check the span invariants and describe the spans as "[category:text]..." in buf. */
static const char *
describe(const privpol_ctx *ctx, const char *text, size_t len, char *buf, size_t cap)
{
    privpol_span spans[64];
    size_t n = 64, o = 0, prev = 0;
    assert_int_equal(privpol_scan(ctx, text, len, spans, &n), PRIVPOL_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const privpol_span *sp = &spans[i];
        assert_true(sp->start < sp->end);
        assert_true(sp->end <= len);
        assert_true(sp->start >= prev);
        assert_true(sp->confidence > 0.0F && sp->confidence <= 1.0F);
        assert_non_null(privpol_category_id(sp->category));
        prev = sp->end;
        o += (size_t)snprintf(buf + o, cap - o, "[%s:%.*s]",
                              privpol_category_id(sp->category),
                              (int)(sp->end - sp->start), text + sp->start);
        assert_true(o < cap);
    }
    return buf;
}

static void
expect_in(const privpol_ctx *ctx, const char *text, const char *want)
{
    char buf[2048];
    const char *got = describe(ctx, text, strlen(text), buf, sizeof buf);
    if (strcmp(got, want) != 0)
        print_error("text: %s\n got: %s\nwant: %s\n", text, got, want);
    assert_string_equal(got, want);
}

#define EXPECT(text, want) expect_in(((struct fixture *)*state)->fr, (text), (want))

/* ---- recognizers --------------------------------------------------------------------
 */

static void
phones(void **state)
{
    EXPECT("Client rappelé au 06 12 34 56 78.", "[contact.phone:06 12 34 56 78]");
    EXPECT("06.12.34.56.78", "[contact.phone:06.12.34.56.78]");
    EXPECT("06-12-34-56-78 ou 0612345678", "[contact.phone:06-12-34-56-78]"
                                           "[contact.phone:0612345678]");
    EXPECT("+33 6 12 34 56 78, +33612345678, 0033 6 12 34 56 78",
           "[contact.phone:+33 6 12 34 56 78][contact.phone:+33612345678]"
           "[contact.phone:0033 6 12 34 56 78]");
    EXPECT("tel +33 (0)6 12 34 56 78", "[contact.phone:+33 (0)6 12 34 56 78]");
    EXPECT("+44 20 7946 0958 / +212 612345678",
           "[contact.phone:+44 20 7946 0958][contact.phone:+212 612345678]");
    /* national forms of other regions when FR refuses them */
    EXPECT("UK 07700 900123", "[contact.phone:07700 900123]");
    EXPECT("BE 0475 12 34 56", "[contact.phone:0475 12 34 56]");
    EXPECT("CH 079 123 45 67", "[contact.phone:079 123 45 67]");
    EXPECT("US (201) 555-0123", "[contact.phone:(201) 555-0123]");
    /* two numbers side by side */
    EXPECT("06 12 34 56 78 07 12 34 56 78",
           "[contact.phone:06 12 34 56 78][contact.phone:07 12 34 56 78]");
    EXPECT("06 12 34 56 78 2025", "[contact.phone:06 12 34 56 78]");
}

static void
phones_by_region(void **state)
{
    struct fixture *f = *state;
    expect_in(f->us, "call 201-555-0123 or (212) 555 0199",
              "[contact.phone:201-555-0123][contact.phone:(212) 555 0199]");
    expect_in(f->us, "order 123456789", "");
    /* without a default region only international forms are numbers */
    expect_in(f->none, "06 12 34 56 78 / +33 6 12 34 56 78",
              "[contact.phone:+33 6 12 34 56 78]");
}

static void
emails(void **state)
{
    EXPECT("Mail envoyé à jean.dupont@example.fr.",
           "[contact.email:jean.dupont@example.fr]");
    EXPECT("(BLEROY@hotmail.fr), x_y+sav@sub.example.co.uk;",
           "[contact.email:BLEROY@hotmail.fr][contact.email:x_y+sav@sub.example.co.uk]");
    EXPECT("a@b.fr,c@d.fr", "[contact.email:a@b.fr][contact.email:c@d.fr]");
    EXPECT("mailto:jean@example.org", "[contact.email:jean@example.org]");
    EXPECT("...jean@example.org", "[contact.email:jean@example.org]");
    /* not addresses */
    EXPECT("@jean, jean@, jean@localhost, a@b, jean@@example.org", "");
    EXPECT("jean@example.org_x", "");
}

static void
ips(void **state)
{
    EXPECT("IP WAN 37.85.82.20.", "[connection.ip_address:37.85.82.20]");
    EXPECT("10.0.0.1,192.168.1.254", "[connection.ip_address:10.0.0.1]"
                                     "[connection.ip_address:192.168.1.254]");
    EXPECT("via 2001:db8::1 et ::1", "[connection.ip_address:2001:db8::1]"
                                     "[connection.ip_address:::1]");
    EXPECT("fe80::1%eth0", "[connection.ip_address:fe80::1]");
    EXPECT("::ffff:192.0.2.1 2001:DB8:0:0:8:800:200C:417A",
           "[connection.ip_address:::ffff:192.0.2.1]"
           "[connection.ip_address:2001:DB8:0:0:8:800:200C:417A]");
    EXPECT("http://[2a01:cb00::1]:8080/", "[connection.ip_address:2a01:cb00::1]");
    /* look-alikes */
    EXPECT("version 4.2.4.1, v1.2.3.4, 256.1.1.1, 1.2.3.4.5, 010.0.0.1", "");
    EXPECT("15:45, 12:30:45, cafe::, ::, 0xA7674469, 00:1a:2b:3c:4d:5e", "");
}

static void
cards_and_ibans(void **state)
{
    EXPECT("carte 4111 1111 1111 1111 refusée",
           "[financial.card_number:4111 1111 1111 1111]");
    EXPECT("4111-1111-1111-1111 / 4111111111111111 / 3782 822463 10005",
           "[financial.card_number:4111-1111-1111-1111]"
           "[financial.card_number:4111111111111111]"
           "[financial.card_number:3782 822463 10005]");
    EXPECT("Luhn faux 4111 1111 1111 1112", "");
    EXPECT("IBAN FR76 3000 6000 0112 3456 7890 189.",
           "[financial.iban:FR76 3000 6000 0112 3456 7890 189]");
    EXPECT("DE89370400440532013000", "[financial.iban:DE89370400440532013000]");
    /* a mistyped IBAN is not read again as other numbers */
    EXPECT("DE89 3704 0044 0532 0130 01", "");
}

static void
names(void **state)
{
    EXPECT("M. Dupont a appelé", "[identity.name:Dupont]");
    EXPECT("Mme Martin, Monsieur Vincent et Mr Jean-Pierre Le Gall",
           "[identity.name:Martin][identity.name:Vincent]"
           "[identity.name:Jean-Pierre Le Gall]");
    EXPECT("Bonjour Julie, Hello John Smith", "[identity.name:Julie]"
                                              "[identity.name:John Smith]");
    EXPECT("Échange avec Rémi Le Gall (r@x.fr), dossier clos.",
           "[identity.name:Rémi Le Gall][contact.email:r@x.fr]");
    EXPECT("Spoke with Monsieur Vincent, issue resolved.", "[identity.name:Vincent]");
    EXPECT("Appel de Fatima DURAND concernant la ligne", "[identity.name:Fatima DURAND]");
    EXPECT("sur appel de madame Da Silva hier", "[identity.name:Da Silva]");
    EXPECT("Isabelle Benali appelle pour sa facture. Émilie Roux (e@x.fr) wants a copy.",
           "[identity.name:Isabelle Benali][identity.name:Émilie Roux]"
           "[contact.email:e@x.fr]");
    EXPECT("Pedro da Silva demande un devis.", "[identity.name:Pedro da Silva]");
    /* no cue: capitalized words are not names */
    EXPECT("Le client de Free Mobile demande la résiliation.", "");
    EXPECT("Box Internet injoignable. Ticket INC7074924 ouvert.", "");
    EXPECT("Bonjour, merci. Madame, monsieur,", "");
    /* an address is not a name */
    EXPECT("Bonjour Jean.Dupont@example.fr", "[contact.email:Jean.Dupont@example.fr]");
}

static void
decoys(void **state)
{
    EXPECT("Commande n° 123456789 du 12/06/2025 à 15:45 ou 9h00.", "");
    EXPECT("Appli en version 4.2.4, erreur 0xA7674469 ou E042.", "");
    EXPECT("Forfait 20 Go, 100Go, 750 Mo, facture de 15,50 € ou 12.50 EUR.", "");
    EXPECT("Code postal 75146, ticket TCK-2025-000123, #1234567, INC0012345.", "");
    EXPECT("Montant 0612345678 € et 0612345678EUR", "");
    EXPECT("RDV le 05/06/2025, le 05.06.2025 ou le 2025-06-05.", "");
}

/* ---- text around and inside -------------------------------------------------------- */

static void
punctuation_and_edges(void **state)
{
    EXPECT("(06 12 34 56 78)", "[contact.phone:06 12 34 56 78]");
    EXPECT("email@x.fr.", "[contact.email:email@x.fr]");
    EXPECT("0612345678", "[contact.phone:0612345678]");
    EXPECT("jean@example.fr", "[contact.email:jean@example.fr]");
    EXPECT("\"192.0.2.1\"", "[connection.ip_address:192.0.2.1]");
    EXPECT("06 12 34 56 78;jean@example.fr;192.0.2.1",
           "[contact.phone:06 12 34 56 78][contact.email:jean@example.fr]"
           "[connection.ip_address:192.0.2.1]");
    /* glued to a word: not an identifier */
    EXPECT("ref0612345678 0612345678abc 192.0.2.1x", "");
    EXPECT("", "");
}

static void
utf8_around(void **state)
{
    EXPECT("Numéro : 06 12 34 56 78 — merci", "[contact.phone:06 12 34 56 78]");
    EXPECT("«jean@example.fr»", "[contact.email:jean@example.fr]");
    EXPECT("n°\xC2\xA0"
           "06 12 34 56 78\xE2\x80\xAF"
           "ok",
           "[contact.phone:06 12 34 56 78]");
    EXPECT("l\xE2\x80\x99"
           "IP 192.0.2.1",
           "[connection.ip_address:192.0.2.1]");
    EXPECT("é0612345678", "");
}

static void
nul_and_invalid_bytes(void **state)
{
    struct fixture *f = *state;
    static const char t1[] = "06 12 34 56 78\0jean@example.fr\0";
    static const char t2[] = "06 12\0 34 56 78";
    static const char t3[] = "\xff\xfe"
                             "06 12 34 56 78\xc3 \x80\xc0\xaf jean@example.fr\xf5";
    char buf[512];
    assert_string_equal(describe(f->fr, t1, sizeof t1 - 1, buf, sizeof buf),
                        "[contact.phone:06 12 34 56 78][contact.email:jean@example.fr]");
    assert_string_equal(describe(f->fr, t2, sizeof t2 - 1, buf, sizeof buf), "");
    assert_string_equal(describe(f->fr, t3, sizeof t3 - 1, buf, sizeof buf),
                        "[contact.phone:06 12 34 56 78][contact.email:jean@example.fr]");
}

/* Random bytes from a small alphabet of the characters identifiers are made of: the
 * invariants of every span hold (describe() checks them) and nothing crashes. */
static void
random_text_invariants(void **state)
{
    static const char alphabet[] = "0123456789abcdefABCDEFXYZ +-.:@()_,/\n\0\xc3\xa9\xff";
    struct fixture *f = *state;
    uint32_t x = 0x12345678;
    char text[256], buf[8192];
    for (int round = 0; round < 20000; round++) {
        size_t len = (size_t)(x % sizeof text);
        for (size_t i = 0; i < len; i++) {
            x = x * 1664525U + 1013904223U;
            text[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
        }
        x = x * 1664525U + 1013904223U;
        describe(f->fr, text, len, buf, sizeof buf);
    }
}

/* ---- work bound -------------------------------------------------------------------- */

/* Adversarial inputs of 4 MB: every matcher run reads a bounded window, so counting
 * starts, matcher runs and validator calls bounds the work. */
static void
linear_work(void **state)
{
    static const char *const patterns[] = {
        "0",  "0 ", "1 ",    "06 ", "a@",       "a.", "::", ".",     "0.",  "1.1.",
        "a:", "+3", "FR76 ", "M. ", "Bonjour ", "A ", "(0", "4111 ", "a.a@"};
    struct fixture *f = *state;
    const size_t n = 4U << 20;
    char *text = malloc(n);
    assert_non_null(text);
    for (size_t k = 0; k < sizeof patterns / sizeof *patterns; k++) {
        struct privpol__scan_stats st = {0, 0, 0};
        size_t plen = strlen(patterns[k]), count = 0;
        for (size_t i = 0; i < n; i++)
            text[i] = patterns[k][i % plen];
        assert_int_equal(privpol__scan_run(f->fr, text, n, NULL, &count, 0, &st) ==
                                 PRIVPOL_OK ||
                             count > 0,
                         1);
        if (st.starts > n || st.matches > 2 * n || st.validations > 2 * n)
            print_error("pattern \"%s\": %zu starts, %zu matches, %zu validations\n",
                        patterns[k], st.starts, st.matches, st.validations);
        assert_true(st.starts <= n);
        assert_true(st.matches <= 2 * n);
        assert_true(st.validations <= 2 * n);
    }
    free(text);
}

/* ---- API ------------------------------------------------------------------------------
 */

static void
scan_buffer_too_small(void **state)
{
    struct fixture *f = *state;
    static const char text[] = "a@b.fr 06 12 34 56 78 192.0.2.1";
    privpol_span spans[3];
    size_t n = 0;
    assert_int_equal(privpol_scan(f->fr, text, sizeof text - 1, NULL, &n),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(n, 3);
    n = 2;
    assert_int_equal(privpol_scan(f->fr, text, sizeof text - 1, spans, &n),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(n, 3);
    assert_int_equal(spans[0].start, 0);
    assert_int_equal(spans[1].start, 7);
    n = 3;
    assert_int_equal(privpol_scan(f->fr, text, sizeof text - 1, spans, &n), PRIVPOL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(spans[2].end, sizeof text - 1);
    n = 0;
    assert_int_equal(privpol_scan(f->fr, "rien", 4, NULL, &n), PRIVPOL_OK);
    assert_int_equal(n, 0);
}

static void
scan_bad_arguments(void **state)
{
    struct fixture *f = *state;
    privpol_span sp[1];
    size_t n = 1;
    assert_int_equal(privpol_scan(NULL, "x", 1, sp, &n), PRIVPOL_EINVAL);
    assert_int_equal(privpol_scan(f->fr, NULL, 1, sp, &n), PRIVPOL_EINVAL);
    assert_int_equal(privpol_scan(f->fr, "x", 1, NULL, &n), PRIVPOL_EINVAL);
    assert_int_equal(privpol_scan(f->fr, "x", 1, sp, NULL), PRIVPOL_EINVAL);
    n = 1;
    assert_int_equal(privpol_scan(f->fr, NULL, 0, sp, &n), PRIVPOL_OK);
    assert_int_equal(n, 0);
}

static void
redact_expect(const privpol_ctx *ctx, unsigned flags, const char *text, const char *want)
{
    char out[1024];
    size_t n = sizeof out;
    privpol_error err;
    assert_int_equal(
        privpol_redact(ctx, "acme", AT, flags, text, strlen(text), out, &n, &err),
        PRIVPOL_OK);
    assert_string_equal(out, want);
    assert_int_equal(n, strlen(want));
}

static void
redact_labels(void **state)
{
    struct fixture *f = *state;
    redact_expect(f->fr, 0,
                  "Client rappelé au 06 12 34 56 78, mail jean.dupont@example.fr.",
                  "Client rappelé au [contact.phone], mail [contact.email].");
    redact_expect(f->fr, 0,
                  "IP 192.0.2.1 et 2001:db8::1; IBAN FR76 3000 6000 0112 3456 7890 189; "
                  "carte 4111 1111 1111 1111; M. Dupont",
                  "IP [connection.ip_address] et [connection.ip_address]; IBAN "
                  "[financial.iban]; carte [financial.card_number]; M. [identity.name]");
    redact_expect(f->fr, 0, "rien à cacher", "rien à cacher");
    redact_expect(f->fr, 0, "", "");
    /* tenant may be NULL without PRIVPOL_REDACT_PSEUDONYMIZE */
    {
        char out[64];
        size_t n = sizeof out;
        assert_int_equal(privpol_redact(f->fr, NULL, 0, 0, "a@b.fr", 6, out, &n, NULL),
                         PRIVPOL_OK);
        assert_string_equal(out, "[contact.email]");
    }
}

static void
redact_pseudonyms(void **state)
{
    struct fixture *f = *state;
    redact_expect(f->keyed, PRIVPOL_REDACT_PSEUDONYMIZE,
                  "Client rappelé au 06 12 34 56 78, mail jean.dupont@example.fr.",
                  "Client rappelé au " PD_PHONE ", mail " PD_EMAIL ".");
    /* one number, one pseudonym, however it is written */
    redact_expect(f->keyed, PRIVPOL_REDACT_PSEUDONYMIZE, "+33 6 12 34 56 78 / 0612345678",
                  PD_PHONE " / " PD_PHONE);
    redact_expect(f->keyed, PRIVPOL_REDACT_PSEUDONYMIZE, "192.0.2.1 M. Dupont",
                  PD_IPV4 " M. " PD_NAME);
    /* a number recognized in another region is keyed in that region (E.164) */
    {
        char out[128], e164[PRIVPOL__E164_MAX];
        size_t n = sizeof out, len = 0;
        assert_true(privpol__scan_phone_e164(f->keyed, "07700 900123", 12, e164, &len));
        assert_string_equal(e164, "+447700900123");
        assert_int_equal(privpol_redact(f->keyed, "acme", AT, PRIVPOL_REDACT_PSEUDONYMIZE,
                                        "07700 900123", 12, out, &n, NULL),
                         PRIVPOL_OK);
        assert_int_equal(n, PRIVPOL_PSEUDONYM_LEN);
        assert_int_equal(privpol_token_kind_of(out, n), PRIVPOL_TOKEN_PSEUDONYM);
    }
}

static bool
contains(const char *buf, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(buf + i, needle, n) == 0)
            return true;
    return false;
}

static void
redact_buffer_too_small(void **state)
{
    struct fixture *f = *state;
    static const char text[] = "mail jean.dupont@example.fr svp";
    static const char want[] = "mail [contact.email] svp";
    char out[64];
    size_t n = 0;
    assert_int_equal(
        privpol_redact(f->fr, NULL, 0, 0, text, sizeof text - 1, NULL, &n, NULL),
        PRIVPOL_EBUFSIZE);
    assert_int_equal(n, sizeof want);
    for (size_t cap = 1; cap < sizeof want; cap++) {
        n = cap;
        memset(out, 'x', sizeof out);
        assert_int_equal(
            privpol_redact(f->fr, NULL, 0, 0, text, sizeof text - 1, out, &n, NULL),
            PRIVPOL_EBUFSIZE);
        assert_int_equal(n, sizeof want);
        assert_int_equal(out[0], '\0'); /* nothing half-redacted left behind */
        assert_false(contains(out, sizeof out, "jean"));
    }
    n = sizeof want;
    assert_int_equal(
        privpol_redact(f->fr, NULL, 0, 0, text, sizeof text - 1, out, &n, NULL),
        PRIVPOL_OK);
    assert_string_equal(out, want);
    assert_int_equal(n, sizeof want - 1);

    /* pseudonyms: the size needed is known from the same call */
    n = 10;
    assert_int_equal(privpol_redact(f->keyed, "acme", AT, PRIVPOL_REDACT_PSEUDONYMIZE,
                                    text, sizeof text - 1, out, &n, NULL),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(n, strlen("mail  svp") + PRIVPOL_PSEUDONYM_LEN + 1);
}

static void
redact_errors(void **state)
{
    struct fixture *f = *state;
    char out[64];
    size_t n = sizeof out;
    privpol_error err;
    assert_int_equal(privpol_redact(f->fr, "acme", AT, PRIVPOL_REDACT_PSEUDONYMIZE,
                                    "a@b.fr", 6, out, &n, &err),
                     PRIVPOL_ENOKEY);
    assert_int_equal(err.status, PRIVPOL_ENOKEY);
    n = sizeof out;
    assert_int_equal(privpol_redact(f->keyed, NULL, AT, PRIVPOL_REDACT_PSEUDONYMIZE,
                                    "a@b.fr", 6, out, &n, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_redact(NULL, NULL, 0, 0, "x", 1, out, &n, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_redact(f->fr, NULL, 0, 0, NULL, 1, out, &n, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_redact(f->fr, NULL, 0, 0, "x", 1, out, NULL, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_redact(f->fr, NULL, 0, 4, "x", 1, out, &n, NULL),
                     PRIVPOL_EINVAL);
    /* an event time no key covers fails the whole text, never passes a value through */
    n = sizeof out;
    assert_int_equal(privpol_redact(f->keyed, "acme", INT64_C(-62135596801),
                                    PRIVPOL_REDACT_PSEUDONYMIZE, "a@b.fr", 6, out, &n,
                                    NULL) < 0,
                     1);
    assert_null(strstr(out, "a@b.fr"));
}

static void
redact_many_spans(void **state)
{
    struct fixture *f = *state;
    /* more spans than the inline array of privpol_redact() */
    size_t count = 200, n;
    char *text = malloc(count * 16), *out = malloc(count * 32);
    assert_non_null(text);
    assert_non_null(out);
    text[0] = '\0';
    for (size_t i = 0; i < count; i++)
        strcat(text, "10.0.0.1 ");
    n = count * 32;
    assert_int_equal(privpol_redact(f->fr, NULL, 0, 0, text, strlen(text), out, &n, NULL),
                     PRIVPOL_OK);
    assert_int_equal(n, count * strlen("[connection.ip_address] "));
    assert_null(strstr(out, "10.0"));
    free(text);
    free(out);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(phones),
        cmocka_unit_test(phones_by_region),
        cmocka_unit_test(emails),
        cmocka_unit_test(ips),
        cmocka_unit_test(cards_and_ibans),
        cmocka_unit_test(names),
        cmocka_unit_test(decoys),
        cmocka_unit_test(punctuation_and_edges),
        cmocka_unit_test(utf8_around),
        cmocka_unit_test(nul_and_invalid_bytes),
        cmocka_unit_test(random_text_invariants),
        cmocka_unit_test(linear_work),
        cmocka_unit_test(scan_buffer_too_small),
        cmocka_unit_test(scan_bad_arguments),
        cmocka_unit_test(redact_labels),
        cmocka_unit_test(redact_pseudonyms),
        cmocka_unit_test(redact_buffer_too_small),
        cmocka_unit_test(redact_errors),
        cmocka_unit_test(redact_many_spans),
    };
    return cmocka_run_group_tests_name("scan", tests, setup, teardown);
}
