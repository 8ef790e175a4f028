/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scan.h"
#include "support.h"

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
    privpol_keyring *kr;
    if (f == NULL)
        return -1;
    f->fr = support_ctx_default();
    kr = support_keyring(KEYRING);
    f->keyed = support_ctx_keyed(kr, PRIVPOL_ROLE_PROCESSOR, 0);
    privpol_keyring_free(kr);
    f->us = support_ctx_region("US");
    f->none = support_ctx_region("");
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
    assert_int_equal(privpol_scan(ctx, text, len, spans, &n, NULL), PRIVPOL_OK);
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

/* The identifier ident, found in text, lies inside spans of category cat: every letter
 * and digit of it (every digit group, every hex group of an IPv6 address) is covered, so
 * that redaction leaves none of it in clear; and the redacted text holds no run of two
 * digits or more of it. */
static void
expect_covered(const privpol_ctx *ctx, const char *text, const char *ident,
               const char *cat)
{
    privpol_span spans[64];
    size_t n = 64, len = strlen(text), off, ilen = strlen(ident);
    const char *at = strstr(text, ident);
    char out[2048];
    assert_non_null(at);
    off = (size_t)(at - text);
    assert_int_equal(privpol_scan(ctx, text, len, spans, &n, NULL), PRIVPOL_OK);
    for (size_t i = off; i < off + ilen; i++) {
        bool in = false;
        if (!isalnum((unsigned char)text[i]))
            continue;
        for (size_t k = 0; k < n && !in; k++)
            in = spans[k].start <= i && i < spans[k].end &&
                 strcmp(privpol_category_id(spans[k].category), cat) == 0;
        if (!in)
            print_error("text: %s\nbyte %zu ('%c') of \"%s\" is not in a %s span\n", text,
                        i - off, text[i], ident, cat);
        assert_true(in);
    }
    n = sizeof out;
    assert_int_equal(privpol_redact(ctx, NULL, 0, 0, text, len, out, &n, NULL),
                     PRIVPOL_OK);
    for (size_t i = 0; i < ilen;) {
        size_t j = i;
        while (j < ilen && isdigit((unsigned char)ident[j]))
            j++;
        if (j - i >= 2) {
            char group[64];
            snprintf(group, sizeof group, "%.*s", (int)(j - i), ident + i);
            if (strstr(out, group) != NULL)
                print_error("redacted: %s\nstill holds \"%s\"\n", out, group);
            assert_null(strstr(out, group));
        }
        i = j > i ? j : i + 1;
    }
}

#define COVERED(text, ident, cat)                                                        \
    expect_covered(((struct fixture *)*state)->fr, (text), (ident), (cat))

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

/* ---- written forms: ports, prefixes, zones, typographic spaces, other regions ------ */

static void
ips_with_port_prefix_zone(void **state)
{
    /* the span is the address; the port, prefix length or interface stays outside */
    EXPECT("Passerelle 203.0.113.5:8080 injoignable",
           "[connection.ip_address:203.0.113.5]");
    EXPECT("réseau 203.0.113.5/24.", "[connection.ip_address:203.0.113.5]");
    EXPECT("routes 10.0.0.0/8, 172.16.0.0/12 et 192.168.0.0/16",
           "[connection.ip_address:10.0.0.0][connection.ip_address:172.16.0.0]"
           "[connection.ip_address:192.168.0.0]");
    EXPECT("plage 2001:db8::/32, 2001:db8:1234::/48 et fe80::/10",
           "[connection.ip_address:2001:db8::][connection.ip_address:2001:db8:1234::]"
           "[connection.ip_address:fe80::]");
    EXPECT("2001:db8::1/64", "[connection.ip_address:2001:db8::1]");
    EXPECT("vu sur 192.0.2.1@eth0 et 192.0.2.7%wlan0",
           "[connection.ip_address:192.0.2.1][connection.ip_address:192.0.2.7]");
    EXPECT("fe80::1%eth0, fe80::2@en0", "[connection.ip_address:fe80::1]"
                                        "[connection.ip_address:fe80::2]");
    EXPECT("https://[2001:db8::1]:443/ et [192.0.2.1]:443",
           "[connection.ip_address:2001:db8::1][connection.ip_address:192.0.2.1]");
    EXPECT("http://192.0.2.1:8080/index.html, http://192.0.2.2/admin",
           "[connection.ip_address:192.0.2.1][connection.ip_address:192.0.2.2]");
    /* ranges and masks: both ends */
    EXPECT("10.0.0.1-10.0.0.9", "[connection.ip_address:10.0.0.1]"
                                "[connection.ip_address:10.0.0.9]");
    EXPECT("192.0.2.0/255.255.255.0", "[connection.ip_address:192.0.2.0]"
                                      "[connection.ip_address:255.255.255.0]");
    /* a network address in prose is still an address */
    EXPECT("Le réseau 10.0.0.0 est saturé.", "[connection.ip_address:10.0.0.0]");
    EXPECT("le serveur 10.0.0.0. Fin", "[connection.ip_address:10.0.0.0]");
    /* an address whose local part is an IP address is an email address */
    EXPECT("192.0.2.1@example.fr", "[contact.email:192.0.2.1@example.fr]");

    COVERED("Passerelle 203.0.113.5:8080 injoignable", "203.0.113.5",
            "connection.ip_address");
    COVERED("masque 203.0.113.5/24", "203.0.113.5", "connection.ip_address");
    COVERED("bloc 2001:db8::/32", "2001:db8::", "connection.ip_address");
    COVERED("hôte 192.0.2.1@eth0", "192.0.2.1", "connection.ip_address");
    COVERED("lien fe80::1%eth0", "fe80::1", "connection.ip_address");
    COVERED("GET [2001:db8::1]:443", "2001:db8::1", "connection.ip_address");
    COVERED("Le réseau 10.0.0.0 est saturé.", "10.0.0.0", "connection.ip_address");
}

static void
ip_decoys(void **state)
{
    EXPECT("v1.2.3.4, version 4.2.4.1, v 1.2.3.4:80, build 10.0.19045.1", "");
    EXPECT("1.2.3.4.5, 1.2.3.4.5/24, 12:30:45, 1.2.3.4%, 1.2.3.4:abc, 1.2.3.4-abc", "");
    EXPECT("cafe::, ::, ::/0, 1.2.3.4x", "");
}

/* Typographic spaces between the groups of a number: no-break U+00A0, narrow no-break
 * U+202F, thin U+2009. */
#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"
#define THIN "\xE2\x80\x89"
#define EURO "\xE2\x82\xAC"
#define FR_MOBILE(sep) "06" sep "12" sep "34" sep "56" sep "78"

static void
phones_typographic_spaces(void **state)
{
    EXPECT("tel " FR_MOBILE(NBSP) " ok", "[contact.phone:" FR_MOBILE(NBSP) "]");
    EXPECT("tel " FR_MOBILE(NNBSP) ".", "[contact.phone:" FR_MOBILE(NNBSP) "]");
    EXPECT("tel " FR_MOBILE(THIN), "[contact.phone:" FR_MOBILE(THIN) "]");
    EXPECT("+33" NBSP "6" NBSP "12" NBSP "34" NBSP "56" NBSP "78",
           "[contact.phone:+33" NBSP "6" NBSP "12" NBSP "34" NBSP "56" NBSP "78]");
    EXPECT("+44" NNBSP "(0)20" NNBSP "7946" NNBSP "0958",
           "[contact.phone:+44" NNBSP "(0)20" NNBSP "7946" NNBSP "0958]");
    COVERED("Rappel au " FR_MOBILE(NBSP) " svp", FR_MOBILE(NBSP), "contact.phone");
    COVERED("Rappel au " FR_MOBILE(NNBSP) " svp", FR_MOBILE(NNBSP), "contact.phone");
    COVERED("Rappel au " FR_MOBILE(THIN) " svp", FR_MOBILE(THIN), "contact.phone");
    /* an amount with no-break spaces is still an amount */
    EXPECT("Montant 1" NBSP "234,56" NBSP EURO " et 0612345678" THIN EURO, "");
}

static void
phones_slashes(void **state)
{
    EXPECT("tel 06/12/34/56/78", "[contact.phone:06/12/34/56/78]");
    EXPECT("Berlin 030/1234567", "[contact.phone:030/1234567]");
    EXPECT("BE 0475/12.34.56 ou 02/123.45.67",
           "[contact.phone:0475/12.34.56][contact.phone:02/123.45.67]");
    /* a slash between two numbers */
    EXPECT("0612345678/0698765432",
           "[contact.phone:0612345678][contact.phone:0698765432]");
    EXPECT("06 12 34 56 78/07 12 34 56 78",
           "[contact.phone:06 12 34 56 78][contact.phone:07 12 34 56 78]");
    EXPECT("UK 07700 900123/07700 900124",
           "[contact.phone:07700 900123][contact.phone:07700 900124]");
    COVERED("joignable au 06/12/34/56/78 le soir", "06/12/34/56/78", "contact.phone");
    COVERED("Berlin 030/1234567", "030/1234567", "contact.phone");
}

static void
phones_international_forms(void **state)
{
    EXPECT("tel 33612345678 ok", "[contact.phone:33612345678]");
    EXPECT("0033 6 12 34 56 78", "[contact.phone:0033 6 12 34 56 78]");
    EXPECT("0033 (0)6 12 34 56 78", "[contact.phone:0033 (0)6 12 34 56 78]");
    EXPECT("+33 (0)6 12 34 56 78", "[contact.phone:+33 (0)6 12 34 56 78]");
    EXPECT("+33.6.12.34.56.78", "[contact.phone:+33.6.12.34.56.78]");
    /* without '+' or 00: the country codes of the region and of the fallback regions */
    EXPECT("447700900123 32475123456 41791234567 212612345678 4930123456789",
           "[contact.phone:447700900123][contact.phone:32475123456]"
           "[contact.phone:41791234567][contact.phone:212612345678]"
           "[contact.phone:4930123456789]");
    /* a typographic space after the digits of the shape (found by fuzzing) */
    EXPECT("33612345678" NBSP "192.0.2.1",
           "[contact.phone:33612345678][connection.ip_address:192.0.2.1]");
    COVERED("WhatsApp 33612345678", "33612345678", "contact.phone");
    COVERED("tel +33 (0)6 12 34 56 78", "+33 (0)6 12 34 56 78", "contact.phone");
    COVERED("tel 0033 6 12 34 56 78", "0033 6 12 34 56 78", "contact.phone");
}

static void
phones_nanp_outside(void **state)
{
    EXPECT("SF (415) 555-0132, 415-555-0132, 415.555.0132",
           "[contact.phone:(415) 555-0132][contact.phone:415-555-0132]"
           "[contact.phone:415.555.0132]");
    EXPECT("+1 415 555 0132 / 1-415-555-0132 / 1 415 555 0132 / 1.415.555.0132",
           "[contact.phone:+1 415 555 0132][contact.phone:1-415-555-0132]"
           "[contact.phone:1 415 555 0132][contact.phone:1.415.555.0132]");
    EXPECT("1 (415) 555-0132", "[contact.phone:1 (415) 555-0132]");
    EXPECT("415-555-0132/415-555-0133",
           "[contact.phone:415-555-0132][contact.phone:415-555-0133]");
    COVERED("US 1-415-555-0132.", "1-415-555-0132", "contact.phone");
    COVERED("US (415) 555-0132.", "(415) 555-0132", "contact.phone");
    COVERED("US 415.555.0132.", "415.555.0132", "contact.phone");
    /* not the plan (area or exchange code beginning with 0 or 1), not the shape */
    EXPECT("123-456-7890, 415-155-0132, 415 555 0132, 415-555 0132", "");
}

static void
phones_other_regions(void **state)
{
    struct fixture *f = *state;
    /* GB */
    EXPECT("020 7946 0958, (020) 7946 0958, 020-7946-0958",
           "[contact.phone:020 7946 0958][contact.phone:(020) 7946 0958]"
           "[contact.phone:020-7946-0958]");
    EXPECT("+44 (0)20 7946 0958, 0044 20 7946 0958, 07700 900 123",
           "[contact.phone:+44 (0)20 7946 0958][contact.phone:0044 20 7946 0958]"
           "[contact.phone:07700 900 123]");
    /* DE */
    EXPECT("030 1234567 ; 030 12345678 ; (030) 1234567 ; +49 (0)30 1234567",
           "[contact.phone:030 1234567][contact.phone:030 12345678]"
           "[contact.phone:(030) 1234567][contact.phone:+49 (0)30 1234567]");
    /* BE, CH, MA */
    EXPECT("02 123 45 67 ; +32 2 123 45 67", "[contact.phone:02 123 45 67]"
                                             "[contact.phone:+32 2 123 45 67]");
    EXPECT("044 668 18 00 ; +41 (0)44 668 18 00 ; 079.123.45.67",
           "[contact.phone:044 668 18 00][contact.phone:+41 (0)44 668 18 00]"
           "[contact.phone:079.123.45.67]");
    EXPECT("0522-12-34-56 ; +212 (0)6 12 34 56 78 ; 00212 612 345 678",
           "[contact.phone:0522-12-34-56][contact.phone:+212 (0)6 12 34 56 78]"
           "[contact.phone:00212 612 345 678]");
    COVERED("Londres 020 7946 0958 svp", "020 7946 0958", "contact.phone");
    COVERED("Londres +44 (0)20 7946 0958 svp", "+44 (0)20 7946 0958", "contact.phone");
    COVERED("Berlin 030 1234567", "030 1234567", "contact.phone");
    /* in the US, the European forms with a trunk prefix still count */
    expect_in(f->us, "Paris 06/12/34/56/78 or 33612345678",
              "[contact.phone:06/12/34/56/78][contact.phone:33612345678]");
    expect_in(f->us, "1-415-555-0132 and 415.555.0132",
              "[contact.phone:1-415-555-0132][contact.phone:415.555.0132]");
}

static void
phone_decoys(void **state)
{
    struct fixture *f = *state;
    /* dates, times, amounts, versions */
    EXPECT("le 2024/01/15, le 15/01/2024, le 2024-01-15, le 10/12/2024, à 12:30:45", "");
    EXPECT("du 01/06/2025 au 30/06/2025 ; 01.06.2025-30.06.2025", "");
    EXPECT("Montant 1 234,56 € ; 1" NBSP "234" NBSP "567,00" NBSP EURO, "");
    /* references: tickets, orders, with the marks of nothing else */
    EXPECT("Ticket INC7074924, commande 657762511, commande 6577625111", "");
    EXPECT("commande 33612345678, n° de commande : 44123456789, dossier n° 33612345678",
           "");
    EXPECT("réf. 33612345678 ; SIRET 4912345678901 ; commande 0949/739424", "");
    EXPECT("EAN 3017620422003, code 3760123456789", "");
    /* too short, too long or of codes not believed without '+' */
    EXPECT("3361234567 336123456789012 86123456789 12345678901", "");
    /* slashes belong to European forms after a 0, not to references */
    expect_in(f->us, "case 4766/299447 and 942/3075351", "");
    expect_in(f->us, "order 2015550123 on 2024-01-15 10/12/2024", "");
    expect_in(f->us, "2024/01/15 15/01/2024 12/31/2024", "");
    /* without a default region, only '+' and 00 say a number is international */
    expect_in(f->none, "33612345678 06/12/34/56/78 415-555-0132", "");
}

static void
emails_literal_and_wrapped(void **state)
{
    EXPECT("écrire à user@[192.0.2.1].", "[contact.email:user@[192.0.2.1]]");
    EXPECT(
        "ou user@[IPv6:2001:db8::1], user@[ipv6:2001:db8::2]",
        "[contact.email:user@[IPv6:2001:db8::1]][contact.email:user@[ipv6:2001:db8::2]]");
    EXPECT("mailto:jean.dupont@example.fr", "[contact.email:jean.dupont@example.fr]");
    EXPECT("<jean.dupont@example.fr>", "[contact.email:jean.dupont@example.fr]");
    EXPECT("From: Jean <jean@x.fr>", "[contact.email:jean@x.fr]");
    EXPECT("\"Jean Dupont\" <jean.dupont@example.fr>, <a@b.fr>",
           "[contact.email:jean.dupont@example.fr][contact.email:a@b.fr]");
    /* not a literal: the address inside is still found */
    EXPECT("user@[192.0.2.1 ou user@[2001:db8::1]",
           "[connection.ip_address:192.0.2.1][connection.ip_address:2001:db8::1]");
    COVERED("écrire à user@[192.0.2.1].", "user@[192.0.2.1]", "contact.email");
    COVERED("ou user@[IPv6:2001:db8::1].", "user@[IPv6:2001:db8::1]", "contact.email");
    COVERED("Jean <jean.dupont@example.fr>", "jean.dupont@example.fr", "contact.email");
}

/* ---- adversarial forms: lower-case IBANs, "(+33)", glued identifiers -------------- */

static void
ibans_lower_case(void **state)
{
    /* the published example IBANs of each country, in lower and mixed case */
    EXPECT("es9121000418450200051332", "[financial.iban:es9121000418450200051332]");
    EXPECT("iban gb82west12345698765432 ok", "[financial.iban:gb82west12345698765432]");
    EXPECT("be68539007547034, ch9300762011623852957.",
           "[financial.iban:be68539007547034][financial.iban:ch9300762011623852957]");
    EXPECT("fr7630006000011234567890189", "[financial.iban:fr7630006000011234567890189]");
    EXPECT("Fr7630006000011234567890189 fR7630006000011234567890189",
           "[financial.iban:Fr7630006000011234567890189]"
           "[financial.iban:fR7630006000011234567890189]");
    EXPECT("GB82West12345698765432 fr1420041010050500013m02606",
           "[financial.iban:GB82West12345698765432]"
           "[financial.iban:fr1420041010050500013m02606]");
    EXPECT("iban=es9121000418450200051332&x=1",
           "[financial.iban:es9121000418450200051332]");
    /* grouped */
    EXPECT("IBAN fr76 3000 6000 0112 3456 7890 189.",
           "[financial.iban:fr76 3000 6000 0112 3456 7890 189]");
    EXPECT("gb82 west 1234 5698 7654 32 merci",
           "[financial.iban:gb82 west 1234 5698 7654 32]");
    COVERED("virement vers es9121000418450200051332 hier", "es9121000418450200051332",
            "financial.iban");
    COVERED("RIB : fr76 3000 6000 0112 3456 7890 189",
            "fr76 3000 6000 0112 3456 7890 189", "financial.iban");
    COVERED("compte gb82west12345698765432", "gb82west12345698765432", "financial.iban");
    /* mod 97 refuses them: a word of letters and digits, one digit changed */
    EXPECT("fr7630006000011234567890188 es9121000418450200051333 be68539007547035", "");
    EXPECT("ab12cdefghijklmnop de12abcdef0123456789ab sha256 ok12345678901234", "");
    /* shorter than any IBAN: the minimum length holds in lower case too */
    EXPECT("fr76300060000 no1234567890", "");
}

static void
phones_country_code_in_parentheses(void **state)
{
    EXPECT("rappel (+33) 6 39 98 03 24", "[contact.phone:(+33) 6 39 98 03 24]");
    EXPECT("(+44) 20 7946 0958 ; (+1) 415 555 0132",
           "[contact.phone:(+44) 20 7946 0958][contact.phone:(+1) 415 555 0132]");
    EXPECT("(0033) 6 12 34 56 78", "[contact.phone:(0033) 6 12 34 56 78]");
    EXPECT("(+33)6.12.34.56.78 ou (+33) (0)6 12 34 56 78",
           "[contact.phone:(+33)6.12.34.56.78][contact.phone:(+33) (0)6 12 34 56 78]");
    EXPECT("(+33)" NBSP "6" NBSP "12" NBSP "34" NBSP "56" NBSP "78",
           "[contact.phone:(+33)" NBSP "6" NBSP "12" NBSP "34" NBSP "56" NBSP "78]");
    COVERED("rappel (+33) 6 39 98 03 24", "(+33) 6 39 98 03 24", "contact.phone");
    COVERED("London (+44) 20 7946 0958", "(+44) 20 7946 0958", "contact.phone");
    COVERED("SF (+1) 415 555 0132", "(+1) 415 555 0132", "contact.phone");
    COVERED("tel (0033) 6 12 34 56 78", "(0033) 6 12 34 56 78", "contact.phone");
    /* the plan still decides; a score or a count in parentheses is none */
    EXPECT("(+33) 6 39 98 03, (+33) 1 2, (+2) 10 points, (+15) 20 30", "");
}

static void
ipv6_glued_to_letters(void **state)
{
    /* an unclosed bracket: the address runs into the port's letters */
    EXPECT("//[2001:db8:126:10d::a26S:443/x",
           "[connection.ip_address:2001:db8:126:10d::a26]");
    EXPECT("2001:db8:0:0:8:800:200c:417aZ",
           "[connection.ip_address:2001:db8:0:0:8:800:200c:417a]");
    EXPECT("via 2a01:cb00::1x", "[connection.ip_address:2a01:cb00::1]");
    /* four hex digits at most per group: the rest is outside */
    EXPECT("2001:db8::a26fe", "[connection.ip_address:2001:db8::a26f]");
    COVERED("//[2001:db8:126:10d::a26S:443/x", "2001:db8:126:10d::a26",
            "connection.ip_address");
    COVERED("host=[2001:db8:127:114::a27S:443", "2001:db8:127:114::a27",
            "connection.ip_address");
    /* too little of an address to be told from a word */
    EXPECT("cafe::x, dead:beefy, fe80::1S, ::1x, a:b::c_d, 12:30:45abc", "");
    EXPECT("00:1a:2b:3c:4d:5eZ, std::mapX, 2001:db8::12345", "");
}

static void
glued_forms(void **state)
{
    /* '_' separates a number from the word before it */
    EXPECT("ref_0639980331", "[contact.phone:0639980331]");
    EXPECT("user_0612345678 et id_+33612345678",
           "[contact.phone:0612345678][contact.phone:+33612345678]");
    EXPECT("Ref_0639980331 REF_0639980331",
           "[contact.phone:0639980331][contact.phone:0639980331]");
    EXPECT("host_192.0.2.1", "[connection.ip_address:192.0.2.1]");
    /* a dotted quad glued after letters */
    EXPECT("from198.51.100.184", "[connection.ip_address:198.51.100.184]");
    EXPECT("From198.51.100.184, FROM10.1.2.30 et ip203.0.113.12:8080",
           "[connection.ip_address:198.51.100.184][connection.ip_address:10.1.2.30]"
           "[connection.ip_address:203.0.113.12]");
    /* both in a URL path: the number is a segment, '/' and a word follow it */
    EXPECT("/ref_0639980493/from203.0.113.12",
           "[contact.phone:0639980493][connection.ip_address:203.0.113.12]");
    EXPECT("GET /ref_0639980493/from203.0.113.12 HTTP/1.1",
           "[contact.phone:0639980493][connection.ip_address:203.0.113.12]");
    COVERED("ref_0639980331 from198.51.100.184", "0639980331", "contact.phone");
    COVERED("ref_0639980331 from198.51.100.184", "198.51.100.184",
            "connection.ip_address");
    COVERED("/ref_0639980493/from203.0.113.12", "0639980493", "contact.phone");
    COVERED("/ref_0639980493/from203.0.113.12", "203.0.113.12", "connection.ip_address");
}

static void
glued_decoys(void **state)
{
    /* letters and digits in one token, versions, order numbers */
    EXPECT("INC7074924 iPhone15 SM-S911B commande 657762511 ref0612345678", "");
    EXPECT("v1.2.3.4 V1.2.3.4 version4.2.4.1 Version4.2.4.1 build10.0.0.1 rev10.0.0.1 "
           "r10.1.2.3",
           "");
    EXPECT("abc1.2.3.4 fw2.0.1.9 v_1.2.3.4 version_4.2.4.1 Build 10.0.0.1", "");
    EXPECT("from198.51.100.184x x1from198.51.100.184 abc_from198.51.100.184", "");
    EXPECT("order_33612345678 ref_33612345678 file_20240115 IMG_20240115_123456", "");
    /* after '_', weak evidence is not enough: numbers only another plan takes */
    EXPECT("user_03726293 user_4930123456789 id_2015550123", "");
    /* the version of a product in a User-Agent, valid dotted quad or not */
    EXPECT("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
           "Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
           "");
    EXPECT("Chrome/131.0.6097.64 Mobile Safari/537.36 OPR/106.0.0.0 Version/17.0", "");
    /* an address after '/' elsewhere is still one */
    EXPECT("http://192.0.2.1/x GET /ip/192.0.2.2", "[connection.ip_address:192.0.2.1]"
                                                   "[connection.ip_address:192.0.2.2]");
}

/* privpol__scan_phone_e164() gives the E.164 number of every form the scanner finds,
 * so that redaction keys one number however it is written. */
static void
phone_e164_of_written_forms(void **state)
{
    static const struct {
        const char *text, *e164;
    } cases[] = {
        {"+33 (0)6 12 34 56 78", "+33612345678"}, {"33612345678", "+33612345678"},
        {"0033 6 12 34 56 78", "+33612345678"},   {"06/12/34/56/78", "+33612345678"},
        {FR_MOBILE(NBSP), "+33612345678"},        {FR_MOBILE(NNBSP), "+33612345678"},
        {FR_MOBILE(THIN), "+33612345678"},        {"(415) 555-0132", "+14155550132"},
        {"415-555-0132", "+14155550132"},         {"415.555.0132", "+14155550132"},
        {"1-415-555-0132", "+14155550132"},       {"1 415 555 0132", "+14155550132"},
        {"+1 415 555 0132", "+14155550132"},      {"020 7946 0958", "+442079460958"},
        {"+44 (0)20 7946 0958", "+442079460958"}, {"447946095812", "+447946095812"},
        {"+49 (0)30 1234567", "+49301234567"},
        {"(+33) 6 39 98 03 24", "+33639980324"},  {"(+44) 20 7946 0958", "+442079460958"},
        {"(+1) 415 555 0132", "+14155550132"},
        {"(0033) 6 12 34 56 78", "+33612345678"},
        {"(+33) (0)6 12 34 56 78", "+33612345678"},
        {"(+33)" NBSP "6" NBSP "12" NBSP "34" NBSP "56" NBSP "78", "+33612345678"},
    };
    struct fixture *f = *state;
    char e164[PRIVPOL__E164_MAX];
    size_t len;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        len = 0;
        if (!privpol__scan_phone_e164(f->keyed, cases[i].text, strlen(cases[i].text),
                                      e164, &len))
            print_error("no E.164 for \"%s\"\n", cases[i].text);
        assert_true(privpol__scan_phone_e164(f->keyed, cases[i].text,
                                             strlen(cases[i].text), e164, &len));
        assert_string_equal(e164, cases[i].e164);
        assert_int_equal(len, strlen(cases[i].e164));
    }
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
        "0", "0 ", "1 ", "06 ", "a@", "a.", "::", ".", "0.", "1.1.", "a:", "+3", "FR76 ",
        "M. ", "Bonjour ", "A ", "(0", "4111 ", "a.a@",
        /* the written forms of ports, prefixes, slashes, typographic spaces, NANP and
         * international numbers without '+', address literals */
        "06/", "0/", "0\xC2\xA0", "06\xE2\x80\xAF", "1-", "1 (", "415-555-",
        "1-415-555-0132/", "33612345678 ", "336123456789", "1.1.1.1:", "1.1.1.1/",
        "1.1.1.1-", "1.1.1.1@a", "a@[1.1.1.1", "a@[IPv6:", "a::/1 ",
        "commande 3361234567",
        /* lower-case IBANs, "(+33)", glued forms */
        "fr76", "fr76 ", "fR76", "ab12 abcd ", "(+3", "(+33) 6 ", "(+1) 1", "_0", "a_06 ",
        "ref_0612345678/", "a1.1.1.1", "from1.1.1.1", "From1.1.1.", "1:1:1::1S",
        "a:a::aS", "Chrome/1.1.1.1 "};
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
    assert_int_equal(privpol_scan(f->fr, text, sizeof text - 1, NULL, &n, NULL),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(n, 3);
    n = 2;
    assert_int_equal(privpol_scan(f->fr, text, sizeof text - 1, spans, &n, NULL),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(n, 3);
    assert_int_equal(spans[0].start, 0);
    assert_int_equal(spans[1].start, 7);
    n = 3;
    assert_int_equal(privpol_scan(f->fr, text, sizeof text - 1, spans, &n, NULL), PRIVPOL_OK);
    assert_int_equal(n, 3);
    assert_int_equal(spans[2].end, sizeof text - 1);
    n = 0;
    assert_int_equal(privpol_scan(f->fr, "rien", 4, NULL, &n, NULL), PRIVPOL_OK);
    assert_int_equal(n, 0);
}

static void
scan_bad_arguments(void **state)
{
    struct fixture *f = *state;
    privpol_span sp[1];
    size_t n = 1;
    assert_int_equal(privpol_scan(NULL, "x", 1, sp, &n, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_scan(f->fr, NULL, 1, sp, &n, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_scan(f->fr, "x", 1, NULL, &n, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_scan(f->fr, "x", 1, sp, NULL, NULL), PRIVPOL_EINVAL);
    n = 1;
    assert_int_equal(privpol_scan(f->fr, NULL, 0, sp, &n, NULL), PRIVPOL_OK);
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
    redact_expect(f->keyed, PRIVPOL_REDACT_PSEUDONYMIZE,
                  "33612345678, +33 (0)6 12 34 56 78, 06/12/34/56/78, 0033 6 12 34 56 78",
                  PD_PHONE ", " PD_PHONE ", " PD_PHONE ", " PD_PHONE);
    redact_expect(f->keyed, PRIVPOL_REDACT_PSEUDONYMIZE,
                  FR_MOBILE(NBSP) " ou " FR_MOBILE(NNBSP), PD_PHONE " ou " PD_PHONE);
    redact_expect(f->keyed, PRIVPOL_REDACT_PSEUDONYMIZE,
                  "(+33) 6 12 34 56 78, ref_0612345678", PD_PHONE ", ref_" PD_PHONE);
    /* an IBAN in lower case is the same IBAN */
    {
        static const char text[] =
            "FR7630006000011234567890189 fr7630006000011234567890189 "
            "fr76 3000 6000 0112 3456 7890 189";
        char out[256];
        size_t n = sizeof out;
        assert_int_equal(privpol_redact(f->keyed, "acme", AT, PRIVPOL_REDACT_PSEUDONYMIZE,
                                        text, sizeof text - 1, out, &n, NULL),
                         PRIVPOL_OK);
        assert_int_equal(n, 3 * PRIVPOL_PSEUDONYM_LEN + 2);
        assert_memory_equal(out, out + PRIVPOL_PSEUDONYM_LEN + 1, PRIVPOL_PSEUDONYM_LEN);
        assert_memory_equal(out, out + 2 * (PRIVPOL_PSEUDONYM_LEN + 1),
                            PRIVPOL_PSEUDONYM_LEN);
        assert_int_equal(privpol_pseudonym_token_kind(out, PRIVPOL_PSEUDONYM_LEN),
                         PRIVPOL_TOKEN_PSEUDONYM);
    }
    /* the port or the prefix length stays, the address is keyed */
    redact_expect(f->keyed, PRIVPOL_REDACT_PSEUDONYMIZE, "192.0.2.1:8080 192.0.2.1/32",
                  PD_IPV4 ":8080 " PD_IPV4 "/32");
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
        assert_int_equal(privpol_pseudonym_token_kind(out, n), PRIVPOL_TOKEN_PSEUDONYM);
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
        cmocka_unit_test(ips_with_port_prefix_zone),
        cmocka_unit_test(ip_decoys),
        cmocka_unit_test(phones_typographic_spaces),
        cmocka_unit_test(phones_slashes),
        cmocka_unit_test(phones_international_forms),
        cmocka_unit_test(phones_nanp_outside),
        cmocka_unit_test(phones_other_regions),
        cmocka_unit_test(phone_decoys),
        cmocka_unit_test(emails_literal_and_wrapped),
        cmocka_unit_test(ibans_lower_case),
        cmocka_unit_test(phones_country_code_in_parentheses),
        cmocka_unit_test(ipv6_glued_to_letters),
        cmocka_unit_test(glued_forms),
        cmocka_unit_test(glued_decoys),
        cmocka_unit_test(phone_e164_of_written_forms),
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
