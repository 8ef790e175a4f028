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

#define VECTOR_ROWS 1144 /* data rows of each file in tests/data/phone */

/* Parse s from a heap copy of exactly strlen(s) bytes, no NUL: any read past n is a
 * heap overflow that AddressSanitizer and valgrind report. */
static privpol_status
parse(const char *s, const char *region, char out[PRIVPOL__E164_MAX], size_t *out_len,
      privpol_error *err)
{
    size_t n = strlen(s);
    char *copy = n > 0 ? malloc(n) : NULL;
    privpol_status st;
    if (n > 0) {
        assert_non_null(copy);
        memcpy(copy, s, n);
    }
    st = privpol__phone_parse(copy, n, region, out, out_len, err);
    free(copy);
    return st;
}

static void
expect_e164(const char *s, const char *region, const char *e164)
{
    char out[PRIVPOL__E164_MAX];
    size_t len = 99;
    privpol_error err;
    privpol_error_clear(&err);
    if (parse(s, region, out, &len, &err) != PRIVPOL_OK)
        fail_msg("\"%s\" (region %s): %s", s, region ? region : "none", err.message);
    if (strcmp(out, e164) != 0)
        fail_msg("\"%s\" (region %s): got %s, want %s", s, region ? region : "none", out,
                 e164);
    assert_int_equal(len, strlen(e164));
}

static void
notations(void **state)
{
    static const char *const fr[] = {
        "06 12 34 56 78",        "+33 6 12 34 56 78",
        "0033 6 12 34 56 78",    "+33612345678",
        "(0)6.12.34.56.78",      "06-12-34-56-78",
        "+33 (0)6 12 34 56 78",  "tel:+33-6-12-34-56-78",
        "+33.6.12.34.56.78",     "TEL:+33-6-12-34-56-78",
        "Tel:+33612345678",      "0612345678",
        "06/12/34/56/78",        "+33(0)612345678",
        "0033 (0)6 12 34 56 78", "612345678",
        "06  12 -- 34 56 78",    "+(33) 6 12 34 56 78",
        "(06) 12 34 56 78",      "+33 ( 0 ) 6 12 34 56 78",
    };
    (void)state;
    for (size_t i = 0; i < sizeof fr / sizeof fr[0]; i++)
        expect_e164(fr[i], "FR", "+33612345678");
    /* International forms do not depend on the default region. */
    expect_e164("+33 6 12 34 56 78", NULL, "+33612345678");
    expect_e164("+33 6 12 34 56 78", "US", "+33612345678");
    expect_e164("0033 6 12 34 56 78", NULL, "+33612345678");
    expect_e164("0033 6 12 34 56 78", "US", "+33612345678");
    expect_e164("011 33 6 12 34 56 78", "US", "+33612345678");
    expect_e164("011 33 6 12 34 56 78", "CA", "+33612345678");
    expect_e164("0011 33 6 12 34 56 78", "AU", "+33612345678");
    expect_e164("010 33 6 12 34 56 78", "JP", "+33612345678");
    /* Trunk prefixes and their absence. */
    expect_e164("+44 (0)20 7946 0018", NULL, "+442079460018");
    expect_e164("020 7946 0018", "GB", "+442079460018");
    expect_e164("02 1234 5678", "IT", "+390212345678");
    expect_e164("+39 02 1234 5678", NULL, "+390212345678");
    expect_e164("+39 (0)2 1234 5678", NULL, "+390212345678"); /* Italy keeps its 0 */
    expect_e164("0549 886377", "SM", "+3780549886377");
    expect_e164("06 6981 2345", "VA", "+390669812345");
    expect_e164("030 1234567", "DE", "+49301234567");
    expect_e164("0049 (0)30 1234567", "FR", "+49301234567");
    expect_e164("0612-345678", "MA", "+212612345678");
    expect_e164("06 20 123 4567", "HU", "+36201234567");
    expect_e164("8 (800) 123-45-67", "RU", "+78001234567");
    expect_e164("800 123-45-67", "RU", "+78001234567");
    expect_e164("8 612 34567", "LT", "+37061234567");
    expect_e164("0 612 34567", "LT", "+37061234567");
    expect_e164("8 029 491-19-11", "BY", "+375294911911");
    expect_e164("91 123 45 67", "ES", "+34911234567");
    expect_e164("21 23 45 67", "NO", "+4721234567");
    expect_e164("02000", "NO", "+4702000");
    expect_e164("+47 02000", NULL, "+4702000");
    /* NANP. */
    expect_e164("(201) 555-0123", "US", "+12015550123");
    expect_e164("1 (201) 555-0123", "US", "+12015550123");
    expect_e164("1-201-555-0123", "CA", "+12015550123");
    expect_e164("201.555.0123", "JM", "+12015550123");
    expect_e164("+1 201 555 0123", "FR", "+12015550123");
    /* Non-geographic codes. */
    expect_e164("+800 1234 5678", NULL, "+80012345678");
    expect_e164("+882 34 21234", "DE", "+8823421234");
}

static void
expect_error(const char *s, const char *region, size_t column, const char *needle)
{
    char out[PRIVPOL__E164_MAX];
    char digits[64];
    size_t len = 99, nd = 0;
    privpol_error err;
    privpol_error_clear(&err);
    if (parse(s, region, out, &len, &err) != PRIVPOL_EVALUE)
        fail_msg("\"%s\" (region %s) accepted as %s", s, region ? region : "none", out);
    assert_int_equal(err.status, PRIVPOL_EVALUE);
    assert_int_equal(len, 0);
    assert_string_equal(out, "");
    if (err.column != column)
        fail_msg("\"%s\": column %zu, want %zu (%s)", s, err.column, column, err.message);
    if (needle != NULL && strstr(err.message, needle) == NULL)
        fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s, err.message, needle);
    /* The message may name a country code, never a run of the number's digits. */
    for (const char *p = s; *p != '\0' && nd < sizeof digits - 1; p++) {
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    }
    for (size_t i = 0; i + 4 <= nd; i++) {
        char run[5];
        memcpy(run, digits + i, 4);
        run[4] = '\0';
        if (strstr(err.message, run) != NULL)
            fail_msg("\"%s\": message \"%s\" quotes the input", s, err.message);
    }
    /* err may be NULL. */
    assert_int_equal(parse(s, region, out, &len, NULL), PRIVPOL_EVALUE);
}

static void
rejects(void **state)
{
    (void)state;
    expect_error("", "FR", 0, "empty");
    expect_error(" ", "FR", 0, "no digits");
    expect_error(". - / .", "FR", 0, "no digits");
    expect_error("()", "FR", 2, "empty parentheses");
    expect_error("+", "FR", 0, "no digits");
    expect_error("06 12 AB 56 78", "FR", 7, "letters");
    expect_error("1-800-FLOWERS", "US", 7, "letters");
    expect_error("06 12 34", "FR", 0, "too few digits for +33");
    expect_error("06 12 34 56 78 9", "FR", 0, "too many digits for +33");
    expect_error("+33 6 12 34 56 78 9", NULL, 0, "too many digits for +33");
    expect_error("+33 6 12 34 56 7", NULL, 0, "too few digits for +33");
    expect_error("+1 201 555 01234", NULL, 0, "too many digits for +1");
    expect_error("+1234567890123456789012", NULL, 22, "too many digits");
    expect_error("+49 1234567890123456", NULL, 0, "too many digits");
    expect_error("+999 1234 5678", NULL, 2, "unknown country calling code");
    expect_error("+0 612 345 678", NULL, 2, "unknown country calling code");
    expect_error("+28 1234 5678", NULL, 2, "unknown country calling code");
    expect_error("00 28 91234567", NULL, 4, "unknown country calling code");
    expect_error("+3", NULL, 2, "unknown country calling code");
    expect_error("00", "FR", 0, "after the international prefix");
    expect_error("(06 12 34 56 78", "FR", 1, "unbalanced");
    expect_error("06) 12 34 56 78", "FR", 3, "unbalanced");
    expect_error("((06)) 12 34 56 78", "FR", 2, "nested");
    expect_error("(06 (12)) 34 56 78", "FR", 5, "nested");
    expect_error("++33612345678", NULL, 2, "'+'");
    expect_error("+33+612345678", NULL, 4, "'+'");
    expect_error("33+612345678", "FR", 3, "'+'");
    expect_error("(+33) 6 12 34 56 78", "FR", 2, "'+'");
    expect_error("+33 06 12 34 56 78", NULL, 5, "trunk prefix 0");
    expect_error("0033 06 12 34 56 78", "FR", 6, "trunk prefix 0");
    expect_error("+44 020 7946 0018", NULL, 5, "trunk prefix 0");
    expect_error("+49 030 1234567", NULL, 5, "trunk prefix 0");
    expect_error("+34 012 34 56 78", NULL, 5, "first digit");
    expect_error("06 12 34 56 78 ext. 12", "FR", 16, "extension");
    expect_error("06 12 34 56 78 x12", "FR", 16, "extension");
    expect_error("06 12 34 56 78#12", "FR", 15, "extension");
    expect_error("tel:+33-6-12-34-56-78;ext=12", NULL, 22, "extension");
    expect_error("tel:0612345678", "FR", 5, "tel:");
    expect_error("tel:", "FR", 0, "tel:");
    expect_error("tel:+", "FR", 0, "no digits");
    expect_error("06_12_34_56_78", "FR", 3, "unexpected character");
    expect_error("06 12 34 56 78\t", "FR", 15, "unexpected character");
    expect_error("06 12 34 56 78\xc2\xa0", "FR", 15, "unexpected character");
    expect_error("06 12 34 56 78", NULL, 0, "no default region");
    expect_error("06 12 34 56 78", "ZZ", 0, "unknown default region");
    expect_error("06 12 34 56 78", "fr", 0, "unknown default region");
    expect_error("06 12 34 56 78", "FRA", 0, "unknown default region");
    expect_error("+33 6 12 34 56 78", "001", 0, "unknown default region");
    expect_error("(201) 155-0123", "US", 0, "exchange code for +1");
    expect_error("(101) 555-0123", "US", 2, "first digit for +1");
    expect_error("+1 101 555 0123", NULL, 4, "first digit for +1");
    expect_error("011 33 6 12 34 56 78", "FR", 0, "too many digits for +33");
    expect_error("011 33 6 12 34 56 78", NULL, 0, "no default region");
    expect_error("2 1234 5678", "IT", 1, "first digit for +39");
}

static void
embedded_nul_and_bounds(void **state)
{
    static const char with_nul[] = "+33 6\0 12 34 56 78";
    static const char longer[] = "+33612345678999";
    char out[PRIVPOL__E164_MAX];
    size_t len = 0;
    privpol_error err;
    (void)state;
    privpol_error_clear(&err);
    assert_int_equal(
        privpol__phone_parse(with_nul, sizeof with_nul - 1, NULL, out, &len, &err),
        PRIVPOL_EVALUE);
    assert_int_equal(err.column, 6);
    /* Only the first n bytes count. */
    assert_int_equal(privpol__phone_parse(longer, 12, NULL, out, &len, &err), PRIVPOL_OK);
    assert_string_equal(out, "+33612345678");
    assert_int_equal(len, 12);
    /* Argument checks. */
    assert_int_equal(privpol__phone_parse(NULL, 3, "FR", out, &len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__phone_parse(longer, 12, "FR", NULL, &len, &err),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__phone_parse(longer, 12, "FR", out, NULL, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol__phone_parse(NULL, 0, "FR", out, &len, &err),
                     PRIVPOL_EVALUE);
    assert_int_equal(privpol__phone_parse(longer, 12, NULL, out, &len, NULL), PRIVPOL_OK);
    /* The longest valid numbers fill the buffer exactly. */
    expect_e164("+878 10 12345 67890", NULL, "+878101234567890");
    expect_e164("+49 1234 567890123", NULL, "+491234567890123");
}

static void
regions(void **state)
{
    static const char *const known[] = {
        "FR", "US", "CA", "GB", "GG", "IM", "JE", "IT", "VA", "SM", "NO", "SJ", "XK",
        "AC", "TA", "AX", "EH", "KZ", "RU", "BQ", "CW", "SX", "YT", "RE", "ZW",
    };
    static const char *const unknown[] = {
        "ZZ", "fr", "Fr", "F", "", "FRA", "001", "EU", "UK", "AQ", "A1", "F\x80",
    };
    size_t count = 0;
    char r[3] = {0, 0, 0};
    (void)state;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (!privpol__phone_region_known(known[i]))
            fail_msg("region %s should be known", known[i]);
    }
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        if (privpol__phone_region_known(unknown[i]))
            fail_msg("region \"%s\" should be unknown", unknown[i]);
    }
    assert_false(privpol__phone_region_known(NULL));
    for (r[0] = 'A'; r[0] <= 'Z'; r[0]++) {
        for (r[1] = 'A'; r[1] <= 'Z'; r[1]++)
            count += privpol__phone_region_known(r);
    }
    assert_int_equal(count, 245); /* the vectors' regions, less "001" (not a region) */
}

/* ---- vector files --------------------------------------------------------------- */

static void
vectors_e164(void **state)
{
    FILE *f = support_phone_vectors("libphonenumber_example_numbers.tsv");
    char line[1024], *field[6] = {0};
    size_t rows = 0, nf;
    (void)state;
    while ((nf = support_next_row(f, line, sizeof line, field, 6)) != 0) {
        assert_true(nf >= 5);
        expect_e164(field[4], NULL, field[4]);
        /* Also as the national number of its own region, where there is one. */
        if (strcmp(field[0], "001") != 0) {
            expect_e164(field[4], field[0], field[4]);
            expect_e164(field[3], field[0], field[4]);
        }
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, VECTOR_ROWS);
}

/* National forms that follow dialling rules this parser does not model. */
static const struct {
    const char *region, *nsn, *reason;
} national_exceptions[] = {
    {"AR", "91123456789",
     "Argentine mobiles are dialled 0 + area code + 15 + number nationally but are "
     "+54 9 + area code + number; telling the area code apart needs its list"},
};

static bool
is_exception(const char *region, const char *nsn)
{
    for (size_t i = 0; i < sizeof national_exceptions / sizeof national_exceptions[0];
         i++) {
        if (strcmp(national_exceptions[i].region, region) == 0 &&
            strcmp(national_exceptions[i].nsn, nsn) == 0)
            return true;
    }
    return false;
}

static void
vectors_formatted(void **state)
{
    FILE *f = support_phone_vectors("libphonenumber_example_numbers_formatted.tsv");
    char line[1024], *field[12] = {0};
    size_t rows = 0, national = 0, skipped = 0, nongeo = 0, nf;
    (void)state;
    while ((nf = support_next_row(f, line, sizeof line, field, 12)) != 0) {
        const char *region = field[0], *nsn = field[3], *e164 = field[4];
        assert_true(nf >= 9);
        /* International and RFC 3966 forms, with and without a default region. */
        expect_e164(field[7], NULL, e164);
        expect_e164(field[7], "US", e164);
        expect_e164(field[7], "FR", e164);
        expect_e164(field[8], NULL, e164);
        expect_e164(field[8], "GB", e164);
        if (strcmp(region, "001") == 0) {
            nongeo++; /* non-geographic codes have no national form */
        } else {
            expect_e164(field[7], region, e164);
            if (is_exception(region, nsn)) {
                char out[PRIVPOL__E164_MAX];
                size_t len;
                /* Must fail rather than give another number. */
                assert_int_equal(parse(field[6], region, out, &len, NULL),
                                 PRIVPOL_EVALUE);
                skipped++;
            } else {
                expect_e164(field[6], region, e164);
                national++;
            }
        }
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, VECTOR_ROWS);
    assert_int_equal(skipped, sizeof national_exceptions / sizeof national_exceptions[0]);
    assert_int_equal(nongeo, 12);
    assert_int_equal(national, VECTOR_ROWS - 12 - skipped);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notations),
        cmocka_unit_test(rejects),
        cmocka_unit_test(embedded_nul_and_bounds),
        cmocka_unit_test(regions),
        cmocka_unit_test(vectors_e164),
        cmocka_unit_test(vectors_formatted),
    };
    return cmocka_run_group_tests_name("phone", tests, NULL, NULL);
}
