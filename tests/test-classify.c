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
#include "classify-internal.h"
#include "support.h"

#define VECTOR_ROWS                                                                      \
    1144 /* data rows of tests/data/phone/libphonenumber_example_numbers.tsv */
#define TOKEN "pd1.0000000a.1O6wEsWvxzxO6PEXwr6Z3Q" /* a pseudonym of test-pseudonym */

struct fixture {
    privpol_ctx *fr;   /* default region FR */
    privpol_ctx *es;   /* no trunk prefix */
    privpol_ctx *us;   /* NANP: trunk 1, international prefix 011 */
    privpol_ctx *none; /* no default region */
};

static int
setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->fr = support_ctx_region("FR");
    f->es = support_ctx_region("ES");
    f->us = support_ctx_region("US");
    f->none = support_ctx_region("");
    *state = f;
    return f->fr && f->es && f->us && f->none ? 0 : -1;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    privpol_ctx_free(f->fr);
    privpol_ctx_free(f->es);
    privpol_ctx_free(f->us);
    privpol_ctx_free(f->none);
    free(f);
    return 0;
}

/* ---- helpers ------------------------------------------------------------------- */

static privpol_classification
classify_in(const privpol_ctx *ctx, const char *field, const char *value)
{
    privpol_classification c = PRIVPOL_CLASSIFICATION_INIT;
    assert_int_equal(
        privpol_classify(ctx, field, field ? strlen(field) : 0, value, strlen(value), &c, NULL),
        PRIVPOL_OK);
    return c;
}

/* Classify and compare category, flags and (when min_conf >= 0) a lower bound of the
 * confidence; the failure message names the value. */
static void
expect_in(const privpol_ctx *ctx, const char *field, const char *value,
          const char *category, unsigned flags, float min_conf)
{
    privpol_classification c = classify_in(ctx, field, value);
    if (c.category != support_category(category) || c.flags != flags ||
        (min_conf >= 0 && c.confidence < min_conf - 1e-6f))
        fail_msg(
            "classify(%s, \"%s\") = %s flags %u conf %.2f; expected %s flags %u conf >= "
            "%.2f",
            field ? field : "-", value, privpol_category_id(c.category), c.flags,
            (double)c.confidence, category, flags, (double)min_conf);
}

static void
expect(const struct fixture *f, const char *field, const char *value,
       const char *category)
{
    expect_in(f->fr, field, value, category, 0, -1);
}

#define RECOGNIZES(fn, s)                                                                \
    do {                                                                                 \
        if (!fn((s), strlen(s)))                                                         \
            fail_msg("%s refused \"%s\"", #fn, (s));                                     \
    } while (0)
#define REFUSES(fn, s)                                                                   \
    do {                                                                                 \
        if (fn((s), strlen(s)))                                                          \
            fail_msg("%s accepted \"%s\"", #fn, (s));                                    \
    } while (0)

/* ---- categories ---------------------------------------------------------------- */

static void
category_constants(void **state)
{
    static const struct {
        privpol_category c;
        const char *id;
    } ids[] = {
        {PRIVPOL_CAT_IDENTITY_NAME, "identity.name"},
        {PRIVPOL_CAT_CONTACT_EMAIL, "contact.email"},
        {PRIVPOL_CAT_CONTACT_PHONE, "contact.phone"},
        {PRIVPOL_CAT_CONTACT_POSITION, "contact.position"},
        {PRIVPOL_CAT_ACCOUNT_CREDENTIALS, "account.credentials"},
        {PRIVPOL_CAT_CONNECTION_IP_ADDRESS, "connection.ip_address"},
        {PRIVPOL_CAT_CONNECTION_TIMESTAMP, "connection.timestamp"},
        {PRIVPOL_CAT_COOKIE_ID, "cookie.id"},
        {PRIVPOL_CAT_TERMINAL_MSISDN, "terminal.msisdn"},
        {PRIVPOL_CAT_TERMINAL_DEVICE_ID, "terminal.device_id"},
        {PRIVPOL_CAT_TERMINAL_USER_AGENT, "terminal.user_agent"},
        {PRIVPOL_CAT_TERMINAL_DEVICE_TYPE, "terminal.device_type"},
        {PRIVPOL_CAT_USAGE_EVENT, "usage.event"},
        {PRIVPOL_CAT_USAGE_JOURNEY, "usage.journey"},
        {PRIVPOL_CAT_USER_PROVIDED_FREE_TEXT, "user_provided.free_text"},
        {PRIVPOL_CAT_USER_PROVIDED_SURVEY, "user_provided.survey"},
        {PRIVPOL_CAT_FINANCIAL_CARD_NUMBER, "financial.card_number"},
        {PRIVPOL_CAT_FINANCIAL_IBAN, "financial.iban"},
        {PRIVPOL_CAT_GEOLOCATION_PRECISE, "geolocation.precise"},
        {PRIVPOL_CAT_GEOLOCATION_IMPRECISE, "geolocation.imprecise"},
        {PRIVPOL_CAT_NON_IDENTIFIABLE_STATISTIC, "non_identifiable.statistic"},
        {PRIVPOL_CAT_UNKNOWN, "unknown"},
    };
    (void)state;
    assert_int_equal(sizeof ids / sizeof *ids, privpol_category_count());
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++)
        assert_string_equal(privpol_category_id((size_t)ids[i].c), ids[i].id);
}

static void
dpv_terms(void **state)
{
    (void)state;
    for (size_t i = 0; i < privpol_category_count(); i++) {
        const char *t = privpol_category_dpv(i);
        assert_non_null(t);
        if (i == PRIVPOL_CAT_UNKNOWN)
            assert_string_equal(t, "");
        else
            assert_true(strncmp(t, "dpv-pd:", 7) == 0 || strncmp(t, "dpv:", 4) == 0);
    }
    assert_string_equal(privpol_category_dpv(PRIVPOL_CAT_CONNECTION_IP_ADDRESS),
                        "dpv-pd:IPAddress");
    assert_string_equal(privpol_category_dpv(PRIVPOL_CAT_CONTACT_EMAIL),
                        "dpv-pd:EmailAddress");
    assert_string_equal(privpol_category_dpv(PRIVPOL_CAT_TERMINAL_MSISDN),
                        "dpv-pd:TelephoneNumber");
    assert_string_equal(privpol_category_dpv(PRIVPOL_CAT_FINANCIAL_IBAN),
                        "dpv-pd:BankAccount");
    assert_null(privpol_category_dpv(privpol_category_count()));
    assert_null(privpol_category_dpv(PRIVPOL_CAT_AUTO));
}

/* ---- cards --------------------------------------------------------------------- */

/* Luhn-valid numbers of each scheme's ranges and lengths (check digits computed
 * independently of this library). */
static const char *const good_cards[] = {
    "4398259791907",       /* Visa, 13 digits */
    "4748337887623283",    /* Visa, 16 */
    "4601290404796669723", /* Visa, 19 */
    "4111111111111111",    /* Visa test number */
    "5151027346468696",    /* Mastercard 51 */
    "5558969350492584",    /* Mastercard 55 */
    "2221991394411770",    /* Mastercard 2221 */
    "2720151620466108",    /* Mastercard 2720 */
    "349906958483040",     /* Amex 34 */
    "370119803649425",     /* Amex 37 */
    "378282246310005",     /* Amex test number */
    "6011055526678691",    /* Discover 6011 */
    "6448198463464841",    /* Discover 644 */
    "6498506950699205758", /* Discover 649, 19 */
    "6559470900547495",    /* Discover 65 */
    "3528952525594460",    /* JCB 3528 */
    "3589109248343526111", /* JCB 3589, 19 */
    "30095537215398",      /* Diners 300, 14 */
    "3057431083592454",    /* Diners 305, 16 */
    "36195926484755",      /* Diners 36, 14 */
    "3864696062307982",    /* Diners 38 */
    "3968307848531941307", /* Diners 39, 19 */
    "6208369007128438",    /* UnionPay, 16 */
    "6208860915248705338", /* UnionPay, 19 */
    "501812342076",        /* Maestro 50, 12 */
    "5696043498864",       /* Maestro 56, 13 */
    "6907500201017018879", /* Maestro 69, 19 */
    "2200525156694549",    /* Mir 2200 */
    "2204356128061920570", /* Mir 2204, 19 */
};

static void
card_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good_cards / sizeof *good_cards; i++)
        RECOGNIZES(privpol__card_ok, good_cards[i]);
    RECOGNIZES(privpol__card_ok, "4111 1111 1111 1111");
    RECOGNIZES(privpol__card_ok, "4111-1111-1111-1111");
    RECOGNIZES(privpol__card_ok, "3782 822463 10005");
    RECOGNIZES(privpol__card_ok, "3056 930902 5904");
    RECOGNIZES(privpol__card_ok, "4601 2904 0479 6669 723");
}

static void
card_invalid(void **state)
{
    static const char *const bad[] = {
        "4111111111111112",
        "4111111111111110", /* Luhn off by one either way */
        "4748337887623284",
        "378282246310006",
        /* Luhn-valid, but no scheme issues that prefix or that length */
        "1986096057566709",
        "7338491636205584",
        "8417186159819074",
        "9236081916205104",
        "417494109883183",  /* Visa with 15 digits */
        "511808592132375",  /* Mastercard with 15 */
        "3496459658616837", /* Amex with 16 */
        "2721626998726224",
        "2220177879224323",
        "3527985384699948",
        "30634047632955",
        "37357267937986",
        "0043342290420525",
        /* layout */
        "4111-1111 1111-1111",
        "4111  1111 1111 1111",
        " 4111111111111111",
        "4111111111111111 ",
        "4111 1111 1111 1111 ",
        "-4111-1111-1111-1111",
        "4111.1111.1111.1111",
        "41111111 11111111",
        "41 11 11 11 11 11 11 11",
        "4111/1111/1111/1111",
        "4111111111111111a",
        "",
        "41111",
        "41111111111111111111",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        REFUSES(privpol__card_ok, bad[i]);
    assert_false(privpol__card_ok(NULL, 0));
    /* The length is taken as given, not up to a NUL. */
    assert_false(privpol__card_ok("4111111111111111", 15));
}

/* ---- IBAN ---------------------------------------------------------------------- */

/* The example IBAN of every country of the SWIFT IBAN registry (the registry's own
 * examples), and, for countries added recently, IBANs made from a BBAN of the right
 * structure with MOD 97-10 check digits computed independently. */
static const char *const good_ibans[] = {
    "AD1200012030200359100100",
    "AE070331234567890123456",
    "AL47212110090000000235698741",
    "AT611904300234573201",
    "AZ21NABZ00000000137010001944",
    "BA391290079401028494",
    "BE68539007547034",
    "BG80BNBG96611020345678",
    "BH67BMAG00001299123456",
    "BI7961111440579500556671397",
    "BR1800360305000010009795493C1",
    "BY821APW2021ASVB31PSKQ23FP2P",
    "CH9300762011623852957",
    "CR05015202001026284066",
    "CR10619901010280703853",
    "CY17002001280000001200527600",
    "CZ6508000000192000145399",
    "DE89370400440532013000",
    "DJ9562851416178418557441598",
    "DK5000400440116243",
    "DO28BAGR00000001212453611324",
    "EE382200221020145685",
    "EE697033167325915190",
    "EG380019000500000000263180002",
    "ES9121000418450200051332",
    "FI2112345600000785",
    "FI9444747384055510",
    "FK31QD785049222571",
    "FO6264600001631634",
    "FR1420041010050500013M02606",
    "GB29NWBK60161331926819",
    "GE29NB0000000101904917",
    "GI75NWBK000000007099453",
    "GL8964710001000206",
    "GR1601101250000000012300695",
    "GT82TRAJ01020000001210029690",
    "HN30DREK96842774211288965144",
    "HR1210010051863000160",
    "HU42117730161111101800000000",
    "IE29AIBK93115212345678",
    "IL620108000000099999999",
    "IQ98NBIQ850123456789012",
    "IS140159260076545510730339",
    "IT60X0542811101000000123456",
    "JO94CBJO0010000000000131000302",
    "KW81CBKU0000000000001234560101",
    "KZ86125KZT5004100100",
    "LB62099900000001001901229114",
    "LC55HEMM000100010012001200023015",
    "LI21088100002324013AA",
    "LT121000011101001000",
    "LU280019400644750000",
    "LV80BANK0000435195001",
    "LY83002048000020100120361",
    "MC5811222000010123456789030",
    "MD24AG000225100013104168",
    "ME25505000012345678951",
    "MK07250120000058984",
    "MN966020784385567815",
    "MR1300020001010000123456753",
    "MT84MALT011000012345MTLCAST001S",
    "MU17BOMM0101101030300200000MUR",
    "NI12PDEI91191239662992638829",
    "NL91ABNA0417164300",
    "NO9386011117947",
    "OM03234NI1SQOKZJVXJU1C0",
    "PK36SCBL0000001123456702",
    "PL61109010140000071219812874",
    "PS92PALS000000000400123456702",
    "PT50000201231234567890154",
    "QA58DOHB00001234567890ABCDEFG",
    "RO49AAAA1B31007593840000",
    "RS35260005601001611379",
    "RU1113728733830871I98T531NEW4VY1L",
    "SA0380000000608010167519",
    "SC18SSCB11010000000000001497USD",
    "SD2455521901531363",
    "SE4550000000058398257466",
    "SI56263300012039086",
    "SK3112000000198742637541",
    "SM86U0322509800000000270100",
    "SO137510613267718637407",
    "ST23000100010051845310146",
    "SV62CENR00000000000000700025",
    "TL380080012345678910157",
    "TN5910006035183598478831",
    "TR330006100519786457841326",
    "UA213223130000026007233566001",
    "VA59001123000012345678",
    "VG96VPVG0000012345678901",
    "XK051212012345678906",
    "YE45OYWM7270GNNSXNPE0DGN9TYCAD",
};

static void
iban_valid(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof good_ibans / sizeof *good_ibans; i++)
        RECOGNIZES(privpol__iban_ok, good_ibans[i]);
    RECOGNIZES(privpol__iban_ok, "FR14 2004 1010 0505 0001 3M02 606");
    RECOGNIZES(privpol__iban_ok, "GB29 NWBK 6016 1331 9268 19");
    RECOGNIZES(privpol__iban_ok, "NO93 8601 1117 947");
    RECOGNIZES(privpol__iban_ok, "BE68 5390 0754 7034"); /* last group of four */
    RECOGNIZES(privpol__iban_ok, "LC55 HEMM 0001 0001 0012 0012 0002 3015");
}

static void
iban_invalid(void **state)
{
    static const char *const bad[] = {
        "FR1520041010050500013M02606",
        "FR1320041010050500013M02606", /* check digits */
        "DE89370400440532013001",
        "GB29NWBK60161331926818", /* account */
        "FR1420041010050500013M0260",
        "FR1420041010050500013M026061", /* length */
        "DE8937040044053201300",
        "NO938601111794",
        "XX1420041010050500013M02606",
        "US12345678901234567890", /* no IBAN country */
        "fr1420041010050500013m02606",
        "Fr1420041010050500013M02606", /* case */
        "FR1420041010050500013m02606",
        "gb29 nwbk 6016 1331 9268 19",
        "FR14 2004 1010 0505 0001 3M02 606 ",
        "FR14  2004 1010 0505 0001 3M02 606",
        "FR142004 1010 0505 0001 3M02 606",
        "FR14 20041 010 0505 0001 3M02 606",
        "FR14-2004-1010-0505-0001-3M02-606",
        "FR 1420041010050500013M02606",
        "DE89 3704 0044 0532 0130 00 ",
        "DE89370400440532O13000", /* letter O in an all-digit BBAN */
        "NLAB ABNA 0417 1643 00",
        "GB00NWBK60161331926819",
        "GB01NWBK60161331926819",
        "GB99NWBK60161331926819", /* check digits out of 02-98 */
        "",
        "FR",
        "FR14",
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        REFUSES(privpol__iban_ok, bad[i]);
    assert_false(privpol__iban_ok(NULL, 0));
}

/* ---- IMEI ---------------------------------------------------------------------- */

static void
imei_recognizer(void **state)
{
    (void)state;
    RECOGNIZES(privpol__imei_ok, "490154203237518");
    RECOGNIZES(privpol__imei_ok, "356938035643809");
    RECOGNIZES(privpol__imei_ok, "49-015420-323751-8");
    RECOGNIZES(privpol__imei_ok, "49 015420 323751 8");
    RECOGNIZES(privpol__imei_ok, "49015420-323751-8");
    REFUSES(privpol__imei_ok, "490154203237519"); /* Luhn off by one */
    REFUSES(privpol__imei_ok, "490154203237517");
    REFUSES(privpol__imei_ok, "49015420323751");   /* 14 digits */
    REFUSES(privpol__imei_ok, "4901542032375180"); /* 16 */
    REFUSES(privpol__imei_ok, "49-015420 323751-8");
    REFUSES(privpol__imei_ok, "490-15420-323751-8");
    REFUSES(privpol__imei_ok, "49.015420.323751.8");
    REFUSES(privpol__imei_ok, "49015420323751x");
    assert_false(privpol__imei_ok(NULL, 0));
}

static void
imei_or_card(void **state)
{
    struct fixture *f = *state;
    /* 15 Luhn-valid digits: an IMEI, unless an issuer prefix says card. */
    assert_false(
        privpol__card_ok("490154203237518", 15)); /* Visa has no 15-digit cards */
    expect(f, NULL, "490154203237518", "terminal.device_id");
    expect(f, NULL, "356938035643809", "terminal.device_id"); /* 35: JCB is 16-19 */
    assert_true(privpol__imei_ok("378282246310005", 15));
    expect(f, NULL, "378282246310005", "financial.card_number"); /* Amex first */
    expect(f, NULL, "49-015420-323751-8", "terminal.device_id");
    expect(f, "imei", "490154203237518", "terminal.device_id");
    /* Maestro's 50 is also a reporting body of IMEIs: the field decides. */
    assert_true(privpol__card_ok("501234567890123", 15));
    assert_true(privpol__imei_ok("501234567890123", 15));
    expect(f, NULL, "501234567890123", "financial.card_number");
    expect_in(f->fr, "imei", "501234567890123", "terminal.device_id", 0, 0.9f);
    expect_in(f->fr, "imei", "490154203237519", "unknown", PRIVPOL_CLASS_FIELD_MISMATCH,
              0.9f);
}

/* ---- UUID, MAC ----------------------------------------------------------------- */

static void
uuid_recognizer(void **state)
{
    (void)state;
    RECOGNIZES(privpol__uuid_ok, "8d116ece-1738-47d9-bd9c-172411e20b8f");
    RECOGNIZES(privpol__uuid_ok, "8D116ECE-1738-47D9-BD9C-172411E20B8F");
    RECOGNIZES(privpol__uuid_ok, "{8d116ece-1738-47d9-bd9c-172411e20b8f}");
    RECOGNIZES(privpol__uuid_ok, "urn:uuid:8d116ece-1738-47d9-bd9c-172411e20b8f");
    RECOGNIZES(privpol__uuid_ok, "URN:UUID:8d116ece-1738-47d9-bd9c-172411e20b8f");
    REFUSES(privpol__uuid_ok, "8d116ece1-738-47d9-bd9c-172411e20b8f"); /* 9-3-4-4-12 */
    REFUSES(privpol__uuid_ok, "8d116ec-e1738-47d9-bd9c-172411e20b8f");
    REFUSES(privpol__uuid_ok, "8d116ece-1738-47d9-bd9c172-411e20b8f");
    REFUSES(privpol__uuid_ok, "8d116ece-1738-47d9-bd9c-172411e20b8"); /* 35 */
    REFUSES(privpol__uuid_ok, "8d116ece-1738-47d9-bd9c-172411e20b8ff");
    REFUSES(privpol__uuid_ok, "8d116ece17384 7d9bd9c172411e20b8f");
    REFUSES(privpol__uuid_ok, "8d116ece_1738_47d9_bd9c_172411e20b8f");
    REFUSES(privpol__uuid_ok, "8d116ece-1738-47d9-bd9c-172411e20b8g");
    REFUSES(privpol__uuid_ok, "{8d116ece-1738-47d9-bd9c-172411e20b8f)");
    REFUSES(privpol__uuid_ok, "urn:uid:8d116ece-1738-47d9-bd9c-172411e20b8f");
    REFUSES(privpol__uuid_ok, "00000000-0000-0000-0000-000000000000"); /* Nil */
    REFUSES(privpol__uuid_ok, "FFFFFFFF-ffff-FFFF-ffff-FFFFFFFFFFFF"); /* Max */
    assert_false(privpol__uuid_ok(NULL, 0));
}

static void
mac_recognizer(void **state)
{
    (void)state;
    RECOGNIZES(privpol__mac_ok, "00:1A:2b:3c:4d:5e");
    RECOGNIZES(privpol__mac_ok, "00-1a-2b-3c-4d-5e");
    RECOGNIZES(privpol__mac_ok, "001a.2b3c.4d5e");
    REFUSES(privpol__mac_ok, "00:1A-2b:3c:4d:5e"); /* mixed separators */
    REFUSES(privpol__mac_ok, "00-1A:2b-3c-4d-5e");
    REFUSES(privpol__mac_ok, "00:1A:2b:3c:4d:5g");
    REFUSES(privpol__mac_ok, "00:1A:2b:3c:4d");
    REFUSES(privpol__mac_ok, "00:1A:2b:3c:4d:5e:6f");
    REFUSES(privpol__mac_ok, "0:01A:2b:3c:4d:5e");
    REFUSES(privpol__mac_ok, "001a2b3c4d5e");
    REFUSES(privpol__mac_ok, "001a:2b3c:4d5e");
    REFUSES(privpol__mac_ok, "00.1a.2b.3c.4d.5e");
    REFUSES(privpol__mac_ok, "00:00:00:00:00:00");
    REFUSES(privpol__mac_ok, "ff:ff:ff:ff:ff:ff");
    assert_false(privpol__mac_ok(NULL, 0));
}

/* ---- coordinates --------------------------------------------------------------- */

static bool
coords(const char *s, size_t n)
{
    return privpol__coords_ok(s, n, NULL);
}

static void
coordinates(void **state)
{
    bool precise = false;
    (void)state;
    assert_true(privpol__coords_ok("48.8566, 2.3522", 15, &precise));
    assert_true(precise);
    assert_true(privpol__coords_ok("48.85,2.35", 10, &precise));
    assert_false(precise);
    assert_true(privpol__coords_ok("48.8566,2.352", 13, &precise));
    assert_false(precise); /* both need 4 decimals */
    RECOGNIZES(coords, "-33.8688 151.2093");
    RECOGNIZES(coords, "+45.00, -0.57");
    RECOGNIZES(coords, "90.00, 180.00");
    RECOGNIZES(coords, "-90.000000, -180.000000");
    RECOGNIZES(coords, "0.00,0.00");
    REFUSES(coords, "90.01, 2.35"); /* out of range */
    REFUSES(coords, "-91.00, 2.35");
    REFUSES(coords, "48.85, 180.5");
    REFUSES(coords, "48.85, -181.00");
    REFUSES(coords, "48.8, 2.35"); /* one decimal */
    REFUSES(coords, "48, 2");
    REFUSES(coords, "048.85, 2.35"); /* leading zero */
    REFUSES(coords, "48.85;2.35");
    REFUSES(coords, "48.85,  2.35");
    REFUSES(coords, "48.85 , 2.35");
    REFUSES(coords, "48.85, 2.35,");
    REFUSES(coords, "4.2.4");
    REFUSES(coords, "1234.56, 1.00");
    REFUSES(coords, "48.8566");
    REFUSES(coords, "48.1234567890123456, 2.35");
    assert_false(privpol__coords_ok(NULL, 0, &precise));
}

/* ---- URL ----------------------------------------------------------------------- */

static bool
url(const char *s, size_t n)
{
    return privpol__url_ok(s, n, NULL, NULL);
}

static void
url_recognizer(void **state)
{
    const char *q;
    size_t qn;
    static const char with_query[] = "https://example.com/a/b?x=1&y=%20z#frag";
    (void)state;
    RECOGNIZES(url, "https://example.com");
    RECOGNIZES(url, "HTTP://EXAMPLE.COM/");
    RECOGNIZES(url, "ftp://files.example.org/pub/file.txt");
    RECOGNIZES(url, "wss://chat.example.net:8443/socket");
    RECOGNIZES(url, "ws://localhost:1/");
    RECOGNIZES(url, "http://192.0.2.1:8080/x");
    RECOGNIZES(url, "http://[2001:db8::1]/");
    RECOGNIZES(url, "http://[2001:db8::1]:443/?a=b");
    RECOGNIZES(url, "https://example.com./path");
    RECOGNIZES(url, "https://a-b.example/p;q=1?s=(x)&t=[y]!*'$,+");
    RECOGNIZES(url, "https://example.com:65535#top");
    REFUSES(url, "mailto:jane@example.com");
    REFUSES(url, "javascript:alert(1)");
    REFUSES(url, "https:/example.com");
    REFUSES(url, "http://");
    REFUSES(url, "http:///path");
    REFUSES(url, "http://user:secret@example.com/"); /* userinfo */
    REFUSES(url, "http://exa mple.com/");
    REFUSES(url, "http://example.com/a b");
    REFUSES(url, "http://example.com/\"x\"");
    REFUSES(url, "http://example.com/%zz");
    REFUSES(url, "http://example.com/%2");
    REFUSES(url, "http://example.com:0/");
    REFUSES(url, "http://example.com:65536/");
    REFUSES(url, "http://example.com:/");
    REFUSES(url, "http://example.com:80x/");
    REFUSES(url, "http://-example.com/");
    REFUSES(url, "http://example-.com/");
    REFUSES(url, "http://exa_mple.com/");
    REFUSES(url, "http://example..com/");
    REFUSES(url, "http://999.1.1.1/");
    REFUSES(url, "http://1.2.3/");
    REFUSES(url, "http://[2001:db8::1/");
    REFUSES(url, "http://[192.0.2.1]/");
    REFUSES(url, "http://[fe80::1%25eth0]/");
    REFUSES(url, "http://example.com/#a#b");
    REFUSES(url, "gopher://example.com/");
    REFUSES(url, "http://ex\xc3\xa9mple.com/");

    assert_true(privpol__url_ok(with_query, sizeof with_query - 1, &q, &qn));
    assert_int_equal(qn, 10);
    assert_memory_equal(q, "x=1&y=%20z", 10);
    assert_true(privpol__url_ok("https://example.com/", 20, &q, &qn));
    assert_null(q);
    assert_int_equal(qn, 0);
    assert_true(privpol__url_ok("https://e.com/#x?y=1", 20, &q, &qn));
    assert_null(q); /* a '?' in the fragment starts no query */
    assert_false(privpol__url_ok(NULL, 0, &q, &qn));
}

static void
url_identifiers(void **state)
{
    struct fixture *f = *state;
    expect_in(f->fr, NULL, "https://shop.example.com/cart?email=jane.doe%40example.com",
              "contact.email", 0, 0.9f);
    expect_in(f->fr, NULL, "https://example.com/?a=1&tel=%2B33612345678&b=2",
              "terminal.msisdn", 0, 0.9f);
    expect_in(f->fr, NULL, "https://example.com/?tel=0612345678", "contact.phone", 0,
              0.9f);
    expect_in(f->fr, NULL, "http://example.com/track?ip=192.0.2.1",
              "connection.ip_address", 0, 0.9f);
    expect_in(f->fr, NULL, "http://example.com/pay?iban=FR1420041010050500013M02606#x",
              "financial.iban", 0, 0.9f);
    expect_in(f->fr, NULL, "https://example.com/search?q=shoes&page=2", "usage.event", 0,
              0.8f);
    expect_in(f->fr, NULL, "https://example.com/?order=657762511", "usage.event", 0,
              0.8f);
    expect_in(f->fr, NULL, "https://example.com/?u=8d116ece-1738-47d9-bd9c-172411e20b8f",
              "usage.event", 0, 0.8f); /* a UUID is not a strong identifier */
    /* URLs are followed once: a URL in a query is not opened again. */
    expect_in(f->fr, NULL,
              "https://example.com/login?next=https%3A%2F%2Fx.example%2F%3Fe%3Da%40b.com",
              "usage.event", 0, 0.8f);
    expect(f, NULL, "https://example.com/?e=jane@example.com", "contact.email");
}

/* ---- user agents --------------------------------------------------------------- */

static void
user_agents(void **state)
{
    struct fixture *f = *state;
    static const char *const good[] = {
        "Mozilla/5.0 (Linux; Android 12; SM-S911B) AppleWebKit/537.36 (KHTML, like "
        "Gecko) "
        "Chrome/131.0.6097.64 Mobile Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 "
        "Firefox/125.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, "
        "like Gecko) Version/16.0 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "curl/8.1",
        "curl/8.1.2",
        "Googlebot/2.1",
        "okhttp/4.9",
        "okhttp/4.12.0",
        "Dalvik/2.1.0 (Linux; U; Android 11; SM-A125F Build/RP1A.200720.012)",
        "AcmeCare/6.13.5 (Android 15; CPH2409; okhttp/4.12.0)",
        "python-requests/2.31.0",
        "Go-http-client/1.1",
        "Java/1.8.0_151",
        "Apache-HttpClient/4.5.13 (Java/11.0.19)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/125.0.6697.81 Safari/537.36 Edg/125.0.2535.51",
        "Foo/1.0 (nested (comment) \\) here)",
    };
    static const char *const bad[] = {
        "Hello world",
        "Merci pour votre aide, cordialement",
        "and/or maybe",
        "TCP/IP is a protocol stack",
        "curl/8.1 rocks",
        "Mozilla/5.0 is great",
        "faq/5g",
        "offres/2024",
        "1/2 cup",
        "/usr/bin/curl",
        "curl/",
        "/8.1",
        "Mozilla/5.0 (unclosed",
        "Mozilla/5.0 )",
        "Mozilla/5.0 (a) ",
        " Mozilla/5.0",
        "Mozilla/5.0 Mobile (comment)",
        "Mozilla/5.0 (x)(y)",
        "curl/8.1/2",
        "curl/8.1\x01",
        "Mozilla/5.0 (a\x01b)",
        "curl/a.1",
        "4.2.4",
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        RECOGNIZES(privpol__user_agent_ok, good[i]);
        expect(f, NULL, good[i], "terminal.user_agent");
    }
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        REFUSES(privpol__user_agent_ok, bad[i]);
    expect(f, NULL, "Hello world/today is a sentence", "unknown");
    assert_false(privpol__user_agent_ok(NULL, 0));
}

/* ---- values alone -------------------------------------------------------------- */

static void
values(void **state)
{
    struct fixture *f = *state;
    expect_in(f->fr, NULL, "80.31.203.13", "connection.ip_address", 0, 0.99f);
    expect(f, NULL, "2a01:cb00:128b:2f33:5d9d:c9f8:1818:e811", "connection.ip_address");
    expect(f, NULL, "::1", "connection.ip_address");
    expect(f, NULL, "  192.0.2.1\n", "connection.ip_address");
    expect(f, NULL, "010.0.0.1", "unknown");
    expect(f, NULL, "256.1.1.1", "unknown");
    expect_in(f->fr, NULL, "BLEROY@hotmail.fr", "contact.email", 0, 0.99f);
    expect(f, NULL, "jane@[192.0.2.1]", "contact.email");
    expect(f, NULL, "a@b", "unknown"); /* no dot in the domain */
    expect(f, NULL, "@example.com", "unknown");
    expect(f, NULL, "jane@", "unknown");
    expect_in(f->fr, NULL, "8d116ece-1738-47d9-bd9c-172411e20b8f", "cookie.id", 0, 0.6f);
    expect_in(f->fr, NULL, "00:1a:2b:3c:4d:5e", "terminal.device_id", 0, 0.9f);
    expect_in(f->fr, NULL, "4111 1111 1111 1111", "financial.card_number", 0, 0.95f);
    expect_in(f->fr, NULL, "FR14 2004 1010 0505 0001 3M02 606", "financial.iban", 0,
              0.99f);
    expect_in(f->fr, NULL, "48.8566, 2.3522", "geolocation.precise", 0, 0.9f);
    expect_in(f->fr, NULL, "48.86, 2.35", "geolocation.imprecise", 0, 0.7f);
    expect(f, NULL, "0.1234 0.5678", "geolocation.precise"); /* not a French number */
    expect_in(f->fr, NULL, "2025-01-06T08:00:00.070Z", "connection.timestamp", 0, 0.9f);
    expect(f, NULL, "2025-01-06 08:00:00+01:00", "connection.timestamp");
    expect(f, NULL, "2025-01-06", "connection.timestamp");
    expect(f, NULL, "2025-02-30", "unknown");
    expect(f, NULL, "2025-01", "unknown");
    expect(f, NULL, "2025", "unknown");
    expect_in(f->fr, NULL, "mobile", "terminal.device_type", 0, 0.9f);
    expect(f, NULL, "Desktop", "terminal.device_type");
    expect(f, NULL, "TV", "terminal.device_type");
    expect(f, NULL, "BOT", "terminal.device_type");
    expect(f, NULL, "mobiles", "unknown");
    expect(f, NULL, "app-android", "unknown");
    expect(f, NULL, "Jean Dupont", "unknown");
    expect(f, NULL, "", "unknown");
    expect(f, NULL, "   ", "unknown");
    expect_in(f->fr, NULL, "app_launch", "unknown", 0, 0.0f);
    /* Not UTF-8: unknown with no confidence, whatever it looks like. */
    expect_in(f->fr, NULL, "192.0.2.1\xff", "unknown", 0, 0.0f);
    expect(f, NULL, "jane\xc0\xae@example.com", "unknown"); /* overlong */
    expect(f, NULL, "\xed\xa0\x80 mobile", "unknown");      /* surrogate */
    expect(f, NULL, "caf\xc3\xa9 cr\xc3\xa8me", "unknown"); /* valid, unknown */
    expect(f, NULL, "j\xc3\xa9r\xc3\xb4me@exemple.fr", "contact.email"); /* RFC 6531 */
    {
        privpol_classification c = classify_in(f->fr, NULL, "\xf4\x90\x80\x80");
        assert_int_equal(c.category, PRIVPOL_CAT_UNKNOWN);
        assert_true(c.confidence == 0.0f);
    }
}

/* Look-alikes from the decoys of the labelled comments: ticket, order, postcode, date,
 * time, version, error code, amount and data volume. None is an identifier. */
static void
decoys(void **state)
{
    struct fixture *f = *state;
    static const char *const lookalikes[] = {
        "657762511",       "INC7074924", "75146",
        "12/06/2025",      "12/06",      "4.2.4",
        "0xA7674469",      "366,60€",    "15:45",
        "15h45",           "12.5 Go",    "1024 Mo",
        "CMD-2025-004417", "#A-88213",   "v2.14.7",
        "1.0.0",           "06/12/2025", "01/02/2025",
        "2025/06/12",      "12-06-2025", "0612",
        "75 001",          "4 500,00 €", "49,99 €",
        "E-4012",          "ERR_503",    "0x1F",
        "123456789012",    "20250106",   "08:00:00",
        "13 h 30",         "10.0.0",     "3.14",
        "-12.50",          "FR-75146",   "N2",
    };
    for (size_t i = 0; i < sizeof lookalikes / sizeof *lookalikes; i++) {
        privpol_classification c = classify_in(f->fr, NULL, lookalikes[i]);
        if (c.category != PRIVPOL_CAT_UNKNOWN)
            fail_msg("decoy \"%s\" classified as %s", lookalikes[i],
                     privpol_category_id(c.category));
    }
    /* In statistic fields, numbers are statistics, not order numbers or phones. */
    expect_in(f->fr, "count", "657762511", "non_identifiable.statistic",
              PRIVPOL_CLASS_FROM_FIELD, 0.9f);
}

/* ---- phones -------------------------------------------------------------------- */

static void
phones(void **state)
{
    struct fixture *f = *state;
    expect_in(f->fr, NULL, "+33612345678", "terminal.msisdn", 0, 0.95f);
    expect(f, NULL, "+33 6 12 34 56 78", "terminal.msisdn");
    expect(f, NULL, "0033 6 12 34 56 78", "terminal.msisdn");
    expect(f, NULL, "tel:+33-6-12-34-56-78", "terminal.msisdn");
    expect(f, NULL, "+34682462819", "terminal.msisdn");
    expect(f, NULL, "+212766617603", "terminal.msisdn");
    expect_in(f->fr, NULL, "06 12 34 56 78", "contact.phone", 0, 0.7f);
    expect(f, NULL, "0612345678", "contact.phone");
    expect(f, NULL, "06.12.34.56.78", "contact.phone");
    expect(f, NULL, "06-10-92-81-59", "contact.phone");
    expect(f, NULL, "(0)6 12 34 56 78", "contact.phone");
    /* National significant number without the trunk prefix: an order number. */
    expect(f, NULL, "612345678", "unknown");
    expect(f, NULL, "657762511", "unknown");
    expect(f, NULL, "6 12 34 56 78", "unknown");
    expect(f, NULL, "+33 06 12 34 56 78", "unknown"); /* mixed forms */
    expect(f, NULL, "+999 12345678", "unknown");      /* unassigned country code */
    expect(f, NULL, "0612345678 ext. 12", "unknown");
    /* Without a trunk prefix (ES), a national number needs phone-like groups. */
    expect_in(f->es, NULL, "612 34 56 78", "contact.phone", 0, 0.7f);
    expect_in(f->es, NULL, "612 345 678", "contact.phone", 0, 0.7f);
    expect_in(f->es, NULL, "612345678", "unknown", 0, 0.0f);
    expect_in(f->es, NULL, "612 345678", "unknown", 0, 0.0f);
    expect_in(f->es, NULL, "+34 612 34 56 78", "terminal.msisdn", 0, 0.95f);
    /* NANP: trunk 1, international prefix 011. */
    expect_in(f->us, NULL, "(201) 555-0123", "contact.phone", 0, 0.7f);
    expect_in(f->us, NULL, "1 201 555 0123", "contact.phone", 0, 0.7f);
    expect_in(f->us, NULL, "2015550123", "unknown", 0, 0.0f);
    expect_in(f->us, NULL, "011 33 6 12 34 56 78", "terminal.msisdn", 0, 0.95f);
    /* No default region: only international forms. */
    expect_in(f->none, NULL, "0612345678", "unknown", 0, 0.0f);
    expect_in(f->none, NULL, "+33612345678", "terminal.msisdn", 0, 0.95f);
}

/* Every example number of libphonenumber, in E.164, is an msisdn; French example
 * numbers in national form (trunk prefix 0) are phones. */
static void
phone_vectors(void **state)
{
    struct fixture *f = *state;
    FILE *fp = support_phone_vectors("libphonenumber_example_numbers.tsv");
    char line[1024], national[64];
    size_t rows = 0, french = 0;
    char *col[6] = {0};
    size_t nc;
    while ((nc = support_next_row(fp, line, sizeof line, col, 6)) != 0) {
        assert_true(nc >= 5);
        expect_in(f->fr, NULL, col[4], "terminal.msisdn", 0, 0.95f);
        expect_in(f->fr, "msisdn", col[4], "terminal.msisdn", 0, 0.95f);
        expect_in(f->fr, "phone", col[4], "contact.phone", 0, 0.95f);
        if (strcmp(col[0], "FR") == 0) {
            snprintf(national, sizeof national, "0%s", col[3]);
            expect_in(f->fr, NULL, national, "contact.phone", 0, 0.7f);
            expect_in(f->fr, NULL, col[3], "unknown", 0, 0.0f);
            french++;
        }
        rows++;
    }
    fclose(fp);
    assert_int_equal(rows, VECTOR_ROWS);
    assert_int_equal(french, 7);
}

/* ---- field rules --------------------------------------------------------------- */

static void
expect_field(const char *field, const char *category)
{
    privpol_category c = PRIVPOL_CAT_UNKNOWN;
    privpol_status st = privpol_classify_field(field, strlen(field), &c, NULL);
    if (category == NULL) {
        if (st != PRIVPOL_ENOTFOUND)
            fail_msg("field \"%s\" has a rule (%s)", field,
                     st == PRIVPOL_OK ? privpol_category_id(c) : "error");
        return;
    }
    if (st != PRIVPOL_OK || c != support_category(category))
        fail_msg("field \"%s\": %s, expected %s", field,
                 st == PRIVPOL_OK ? privpol_category_id(c) : "no rule", category);
}

static void
field_normalization(void **state)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"ip", "ip"},
        {"client.ip", "ip"},
        {"events[3].msisdn", "msisdn"},
        {"journey[2]", "journey"},
        {"a.b.steps[*]", "steps"},
        {"m[1][2]", "m"},
        {"/client/ip", "ip"},
        {"X-Forwarded-For", "x_forwarded_for"},
        {"HTTP_USER_AGENT", "http_user_agent"},
        {"userAgent", "user_agent"},
        {"deviceID", "device_id"},
        {"IPAddress", "ip_address"},
        {"clientIP", "client_ip"},
        {"createdAt", "created_at"},
        {"e164Number", "e164_number"},
        {"First Name", "first_name"},
        {"  email  ", "email"},
        {"@timestamp", "@timestamp"},
        {"_ga", "_ga"},
        {"a.", ""},
        {"[3]", ""},
        {"", ""},
    };
    char out[PRIVPOL__FIELD_NAME_MAX + 1];
    char long_name[PRIVPOL__FIELD_NAME_MAX + 2];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t n = privpol__field_normalize(cases[i].in, strlen(cases[i].in), out);
        assert_string_equal(out, cases[i].out);
        assert_int_equal(n, strlen(cases[i].out));
    }
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_int_equal(privpol__field_normalize(long_name, sizeof long_name - 1, out), 0);
    assert_int_equal(privpol__field_normalize(long_name, PRIVPOL__FIELD_NAME_MAX, out),
                     PRIVPOL__FIELD_NAME_MAX);
    assert_int_equal(privpol__field_normalize(NULL, 0, out), 0);
}

static void
field_table(void **state)
{
    unsigned char index[PRIVPOL__FIELD_INDEX_SIZE] = {0};
    char name[PRIVPOL__FIELD_NAME_MAX + 1];
    (void)state;
    for (size_t i = 0; i < privpol__field_rule_count; i++) {
        const char *r = privpol__field_rules[i].name;
        size_t h = privpol__field_hash(r, strlen(r)) % PRIVPOL__FIELD_INDEX_SIZE;
        /* Sorted, unique, already normalized, and found by the lookup. */
        if (i > 0 && strcmp(privpol__field_rules[i - 1].name, r) >= 0)
            fail_msg("field rules out of order at \"%s\"", r);
        privpol__field_normalize(r, strlen(r), name);
        assert_string_equal(name, r);
        while (index[h] != 0)
            h = (h + 1) % PRIVPOL__FIELD_INDEX_SIZE;
        index[h] = (unsigned char)(i + 1);
    }
    if (memcmp(index, privpol__field_index, sizeof index) != 0) {
        /* The rules changed: print the initializer of privpol__field_index. */
        for (size_t i = 0; i < PRIVPOL__FIELD_INDEX_SIZE; i++)
            printf("%s%3u,%s", i % 16 == 0 ? "    " : " ", index[i],
                   i % 16 == 15 ? "\n" : "");
        fail_msg(
            "privpol__field_index is stale: paste the table above into src/ident/fields.c");
    }
    for (size_t i = 0; i < privpol__field_rule_count; i++) {
        const char *r = privpol__field_rules[i].name;
        assert_int_equal(privpol__field_category(r, strlen(r)),
                         (int)privpol__field_rules[i].category);
    }
}

static void
field_rules(void **state)
{
    (void)state;
    expect_field("ip", "connection.ip_address");
    expect_field("client.ip", "connection.ip_address");
    expect_field("X-Forwarded-For", "connection.ip_address");
    expect_field("x-real-ip", "connection.ip_address");
    expect_field("remoteAddr", "connection.ip_address");
    expect_field("client_ip_address", "connection.ip_address"); /* suffix */
    expect_field("events[3].msisdn", "terminal.msisdn");
    expect_field("callerId", "terminal.msisdn");
    expect_field("phone", "contact.phone");
    expect_field("contact.mobile_phone", "contact.phone");
    expect_field("billing_phone", "contact.phone");
    expect_field("Email", "contact.email");
    expect_field("e-mail", "contact.email");
    expect_field("customer.billing_email", "contact.email");
    expect_field("firstName", "identity.name");
    expect_field("username", "identity.name");
    expect_field("job_title", "contact.position");
    expect_field("password", "account.credentials");
    expect_field("api-key", "account.credentials");
    expect_field("csrf_token", "account.credentials");
    expect_field("_ga", "cookie.id");
    expect_field("session_id", "cookie.id");
    expect_field("sessionId", "cookie.id");
    expect_field("idfa", "terminal.device_id");
    expect_field("mac_address", "terminal.device_id");
    expect_field("User-Agent", "terminal.user_agent");
    expect_field("HTTP_USER_AGENT", "terminal.user_agent");
    expect_field("device", "terminal.device_type");
    expect_field("os", "terminal.device_type");
    expect_field("action", "usage.event");
    expect_field("referer", "usage.event");
    expect_field("journey[0]", "usage.journey");
    expect_field("comment", "user_provided.free_text");
    expect_field("nps", "user_provided.survey");
    expect_field("pan", "financial.card_number");
    expect_field("iban", "financial.iban");
    expect_field("geo.lat", "geolocation.precise");
    expect_field("user_latitude", "geolocation.precise");
    expect_field("zip", "geolocation.imprecise");
    expect_field("ts", "connection.timestamp");
    expect_field("@timestamp", "connection.timestamp");
    expect_field("deleted_at", "connection.timestamp");
    expect_field("duration_ms", "non_identifiable.statistic");
    expect_field("ttfb_ms", "non_identifiable.statistic");
    expect_field("http_status", "non_identifiable.statistic");
    /* No rule. */
    expect_field("tenant", NULL);
    expect_field("title", NULL);
    expect_field("ip_country", NULL);
    expect_field("email_verified", NULL);
    expect_field("file_name", NULL);
    expect_field("birth_date", NULL);
    expect_field("_ip", NULL);
    expect_field("", NULL);
    expect_field("client.", NULL);
    expect_field("zzz", NULL);
    expect_field(
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_ip", NULL);
}

/* ---- field and value together -------------------------------------------------- */

static void
combinations(void **state)
{
    struct fixture *f = *state;
    const privpol_ctx *fr = f->fr;
    /* Agreement raises the confidence. */
    expect_in(fr, "client.ip", "80.31.203.13", "connection.ip_address", 0, 0.99f);
    expect_in(fr, "session_id", "8d116ece-1738-47d9-bd9c-172411e20b8f", "cookie.id", 0,
              0.95f);
    expect_in(fr, "ts", "2025-01-06T08:00:00.070Z", "connection.timestamp", 0, 0.95f);
    expect_in(fr, "device", "mobile", "terminal.device_type", 0, 0.95f);
    expect_in(fr, "user_agent", "curl/8.1", "terminal.user_agent", 0, 0.95f);
    /* Compatible: the field says which. */
    expect_in(fr, "msisdn", "06 12 34 56 78", "terminal.msisdn", 0, 0.95f);
    expect_in(fr, "phone", "+33612345678", "contact.phone", 0, 0.95f);
    expect_in(fr, "device_id", "8d116ece-1738-47d9-bd9c-172411e20b8f",
              "terminal.device_id", 0, 0.95f);
    expect_in(fr, "token", "8d116ece-1738-47d9-bd9c-172411e20b8f", "account.credentials",
              0, 0.95f);
    expect_in(fr, "city", "48.8566, 2.3522", "geolocation.precise", 0, 0.95f);
    expect_in(fr, "gps", "48.86, 2.35", "geolocation.precise", 0, 0.95f);
    expect_in(fr, "journey[1]", "https://example.com/faq", "usage.journey", 0, 0.95f);
    /* Readings only the field makes sure of. */
    expect_in(fr, "X-Forwarded-For", "203.0.113.7, 198.51.100.2", "connection.ip_address",
              0, 0.9f);
    expect_in(fr, "ts", "1736150400", "connection.timestamp", PRIVPOL_CLASS_FROM_FIELD,
              0.9f);
    expect_in(fr, "created_at", "1736150400123", "connection.timestamp",
              PRIVPOL_CLASS_FROM_FIELD, 0.9f);
    expect_in(fr, "ts", "1736150400.5", "connection.timestamp", PRIVPOL_CLASS_FROM_FIELD,
              0.9f);
    expect_in(fr, "lat", "48.8566", "geolocation.precise", PRIVPOL_CLASS_FROM_FIELD,
              0.9f);
    expect_in(fr, "lng", "-180.0", "geolocation.precise", PRIVPOL_CLASS_FROM_FIELD, 0.9f);
    /* Shapeless fields. */
    expect_in(fr, "name", "Jean Dupont", "identity.name", PRIVPOL_CLASS_FROM_FIELD, 0.8f);
    expect_in(fr, "comment", "Rappeler demain", "user_provided.free_text",
              PRIVPOL_CLASS_FROM_FIELD, 0.8f);
    expect_in(fr, "device", "app-android", "terminal.device_type",
              PRIVPOL_CLASS_FROM_FIELD, 0.8f);
    expect_in(fr, "action", "app_launch", "usage.event", PRIVPOL_CLASS_FROM_FIELD, 0.8f);
    expect_in(fr, "journey[0]", "espace-client/factures", "usage.journey",
              PRIVPOL_CLASS_FROM_FIELD, 0.8f);
    expect_in(fr, "journey[0]", "faq/5g", "usage.journey", PRIVPOL_CLASS_FROM_FIELD,
              0.8f);
    expect_in(fr, "rating", "5", "user_provided.survey", PRIVPOL_CLASS_FROM_FIELD, 0.8f);
    expect_in(fr, "password", "hunter2", "account.credentials", PRIVPOL_CLASS_FROM_FIELD,
              0.8f);
    /* A strong identifier wins over a shapeless or non-identifying field. */
    expect_in(fr, "comment", "jane@example.com", "contact.email", 0, 0.99f);
    expect_in(fr, "status", "jane@example.com", "contact.email", 0, 0.99f);
    expect_in(fr, "action", "192.0.2.1", "connection.ip_address", 0, 0.99f);
    expect_in(fr, "name", "+33612345678", "terminal.msisdn", 0, 0.95f);
    expect_in(fr, "description", "4111 1111 1111 1111", "financial.card_number", 0,
              0.95f);
    /* Another recognized value wins only when it is more identifying than the field. */
    expect_in(fr, "device",
              "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/125.0",
              "terminal.user_agent", 0, 0.9f);
    expect_in(fr, "event", "8d116ece-1738-47d9-bd9c-172411e20b8f", "cookie.id", 0, 0.6f);
    expect_in(fr, "comment", "2025-01-06", "user_provided.free_text",
              PRIVPOL_CLASS_FROM_FIELD, 0.8f);
    expect_in(fr, "answer", "mobile", "user_provided.survey", PRIVPOL_CLASS_FROM_FIELD,
              0.8f);
    /* Statistic fields: numbers are statistics; other values go by their value. */
    expect_in(fr, "duration_ms", "22349", "non_identifiable.statistic",
              PRIVPOL_CLASS_FROM_FIELD, 0.9f);
    expect_in(fr, "avg", "-1.5e3", "non_identifiable.statistic", PRIVPOL_CLASS_FROM_FIELD,
              0.9f);
    expect_in(fr, "status", "ok", "unknown", 0, 0.0f);
    expect_in(fr, "status", "2025-01-06", "connection.timestamp", 0, 0.9f);
    expect_in(fr, "count", "0612345678", "contact.phone", 0, 0.7f);
    expect_in(fr, "total", "1e", "unknown", 0, 0.0f);
    /* A value with no rule for its field is read alone. */
    expect_in(fr, "tenant", "acme-fixe-fr", "unknown", 0, 0.0f);
    expect_in(fr, "tenant", "jane@example.com", "contact.email", 0, 0.99f);
}

static void
mismatches(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *field, *value;
    } cases[] = {
        {"email", "not an email"},
        {"email", "a@b"},
        {"ip", "localhost"},
        {"ip", "192.0.2.1:8080"},
        {"ip", "jane@example.com"}, /* another identifier: still no IP */
        {"ip", ""},
        {"x_forwarded_for", "203.0.113.7, unknown"},
        {"msisdn", "657762511"},
        {"msisdn", "INC7074924"},
        {"phone", "n/a"},
        {"card_number", "4111111111111112"},
        {"pan", "4111 1111 1111 111"},
        {"iban", "FR1520041010050500013M02606"},
        {"iban", "fr1420041010050500013m02606"},
        {"mac", "00:1A-2b:3c:4d:5e"},
        {"device_id", "a1b2c3d4e5f60718"},
        {"user_agent", "-"},
        {"user_agent", "hello there"},
        {"ts", "yesterday"},
        {"ts", "12/06/2025"},
        {"ts", "17361504"},
        {"lon", "180.5"},
        {"lat", "48"},
        {"coords", "Paris"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect_in(f->fr, cases[i].field, cases[i].value, "unknown",
                  PRIVPOL_CLASS_FIELD_MISMATCH, 0.9f);
}

static void
tokens(void **state)
{
    struct fixture *f = *state;
    static const char reversible[] =
        "pr1.0000000a."
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assert_int_equal(privpol_pseudonym_token_kind(TOKEN, strlen(TOKEN)),
                     PRIVPOL_TOKEN_PSEUDONYM);
    expect_in(f->fr, NULL, TOKEN, "unknown", PRIVPOL_CLASS_TOKEN, 1.0f);
    expect_in(f->fr, "ip", TOKEN, "connection.ip_address", PRIVPOL_CLASS_TOKEN, 1.0f);
    expect_in(f->fr, "email", " " TOKEN " ", "contact.email", PRIVPOL_CLASS_TOKEN, 1.0f);
    expect_in(f->fr, "tenant", TOKEN, "unknown", PRIVPOL_CLASS_TOKEN, 1.0f);
    if (privpol_pseudonym_token_kind(reversible, sizeof reversible - 1) ==
        PRIVPOL_TOKEN_REVERSIBLE)
        expect_in(f->fr, "msisdn", reversible, "terminal.msisdn", PRIVPOL_CLASS_TOKEN,
                  1.0f);
    /* Almost a token. */
    expect_in(f->fr, "ip", "pd1.0000000a.1O6wEsWvxzxO6PEXwr6Z3", "unknown",
              PRIVPOL_CLASS_FIELD_MISMATCH, 0.9f);
}

/* The fields of the sample events: every value lands where its field says. */
static void
sample_events(void **state)
{
    struct fixture *f = *state;
    static const struct {
        const char *field, *category;
    } expected[] = {
        {"ts", "connection.timestamp"},
        {"session_id", "cookie.id"},
        {"ip", "connection.ip_address"},
        {"msisdn", "terminal.msisdn"},
        {"user_agent", "terminal.user_agent"},
        {"device", "terminal.device_type"},
        {"action", "usage.event"},
    };
    char line[8192];
    size_t events = 0;
    FILE *fp = support_open("data/events-sample.jsonl");
    while (fgets(line, sizeof line, fp) != NULL) {
        for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
            char key[64];
            const char *v, *end;
            privpol_classification c = PRIVPOL_CLASSIFICATION_INIT;
            snprintf(key, sizeof key, "\"%s\":\"", expected[i].field);
            if ((v = strstr(line, key)) == NULL)
                fail_msg("event %zu has no %s", events + 1, expected[i].field);
            v += strlen(key);
            if ((end = strchr(v, '"')) == NULL)
                fail_msg("unterminated %s", expected[i].field);
            assert_int_equal(privpol_classify(f->fr, expected[i].field,
                                              strlen(expected[i].field), v,
                                              (size_t)(end - v), &c, NULL),
                             PRIVPOL_OK);
            if (c.category != support_category(expected[i].category) ||
                (c.flags & PRIVPOL_CLASS_FIELD_MISMATCH))
                fail_msg("event %zu: %s = \"%.*s\" classified %s", events + 1,
                         expected[i].field, (int)(end - v), v,
                         privpol_category_id(c.category));
        }
        events++;
    }
    fclose(fp);
    assert_int_equal(events, 1000);
}

/* ---- arguments ----------------------------------------------------------------- */

static void
null_arguments(void **state)
{
    struct fixture *f = *state;
    privpol_classification c = PRIVPOL_CLASSIFICATION_INIT;
    privpol_category category = 7;
    memset(&c, 0x55, sizeof c);
    c.version = PRIVPOL_CLASSIFICATION_VERSION;
    assert_int_equal(privpol_classify(NULL, NULL, 0, "x", 1, &c, NULL), PRIVPOL_EINVAL);
    assert_int_equal(c.category, PRIVPOL_CAT_UNKNOWN); /* cleared */
    assert_int_equal(c.flags, 0);
    assert_int_equal(privpol_classify(f->fr, NULL, 0, "x", 1, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_classify(f->fr, NULL, 0, NULL, 1, &c, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_classify(f->fr, NULL, 2, "x", 1, &c, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_classify(f->fr, NULL, 0, NULL, 0, &c, NULL), PRIVPOL_OK);
    assert_int_equal(c.category, PRIVPOL_CAT_UNKNOWN);
    assert_int_equal(privpol_classify(f->fr, "ip", 2, NULL, 0, &c, NULL), PRIVPOL_OK);
    assert_int_equal(c.flags, PRIVPOL_CLASS_FIELD_MISMATCH);
    assert_int_equal(privpol_classify(f->fr, "ip", 0, "192.0.2.1", 9, &c, NULL), PRIVPOL_OK);
    assert_int_equal(c.category,
                     PRIVPOL_CAT_CONNECTION_IP_ADDRESS); /* empty field: none */
    /* Lengths are honoured: no reading past value_len or field_len. */
    assert_int_equal(privpol_classify(f->fr, "ipx", 2, "192.0.2.10", 9, &c, NULL), PRIVPOL_OK);
    assert_int_equal(c.category, PRIVPOL_CAT_CONNECTION_IP_ADDRESS);
    assert_int_equal(c.flags, 0);
    assert_int_equal(privpol_classify_field(NULL, 0, &category, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_classify_field("ip", 2, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_classify_field("ip", 0, &category, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_classify_field("ip", 2, &category, NULL), PRIVPOL_OK);
    assert_int_equal(category, PRIVPOL_CAT_CONNECTION_IP_ADDRESS);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(category_constants),
        cmocka_unit_test(dpv_terms),
        cmocka_unit_test(card_valid),
        cmocka_unit_test(card_invalid),
        cmocka_unit_test(iban_valid),
        cmocka_unit_test(iban_invalid),
        cmocka_unit_test(imei_recognizer),
        cmocka_unit_test(imei_or_card),
        cmocka_unit_test(uuid_recognizer),
        cmocka_unit_test(mac_recognizer),
        cmocka_unit_test(coordinates),
        cmocka_unit_test(url_recognizer),
        cmocka_unit_test(url_identifiers),
        cmocka_unit_test(user_agents),
        cmocka_unit_test(values),
        cmocka_unit_test(decoys),
        cmocka_unit_test(phones),
        cmocka_unit_test(phone_vectors),
        cmocka_unit_test(field_normalization),
        cmocka_unit_test(field_table),
        cmocka_unit_test(field_rules),
        cmocka_unit_test(combinations),
        cmocka_unit_test(mismatches),
        cmocka_unit_test(tokens),
        cmocka_unit_test(sample_events),
        cmocka_unit_test(null_arguments),
    };
    return cmocka_run_group_tests_name("classify", tests, setup, teardown);
}
