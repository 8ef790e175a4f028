/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h"
#include "support.h"

static void
parses_forms(void **state)
{
    (void)state;
    assert_int_equal(support_at("1970-01-01"), 0);
    assert_int_equal(support_at("1970-01-01T00:00:00Z"), 0);
    assert_int_equal(support_at("2026-03-01T00:00:00Z"), 1772323200);
    assert_int_equal(support_at("2026-03-01"), 1772323200);
    assert_int_equal(support_at("2025-01-06T08:00:00.070Z"), 1736150400);
    assert_int_equal(support_at("2025-01-06 08:00:00z"), 1736150400);
    assert_int_equal(support_at("2025-01-06T09:00:00+01:00"), 1736150400);
    assert_int_equal(support_at("2025-01-06T07:30-0030"), 1736150400);
    assert_int_equal(support_at("2000-02-29T23:59:59Z"), 951868799);
    assert_int_equal(support_at("1969-12-31T23:59:59Z"), -1);
    assert_int_equal(support_at("0001-01-01T00:00:00Z"), -62135596800LL);
    assert_int_equal(support_at("9999-12-31T23:59:59Z"), 253402300799LL);
}

static void
rejects_bad_forms(void **state)
{
    static const struct {
        const char *s;
        size_t column;
    } bad[] = {
        {"", 1},
        {"2026", 5},
        {"2026-13-01", 8},
        {"2026-02-29", 11},
        {"1900-02-29", 11},
        {"2026-03-01T", 12},
        {"2026-03-01T24:00Z", 14},
        {"2026-03-01T10:00:60Z", 20},
        {"2026-03-01T10:00:00", 20},
        {"2026-03-01T10:00:00Zjunk", 21},
        {"2026-03-01T10:00:00.Z", 21},
        {"0000-01-01", 5},
        {"26-03-01", 1},
        {"2026/03/01", 5},
        {"2026-03-01T10:00:00+2400", 23},
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t t = 42;
        privpol_error err;
        assert_int_equal(privpol_time_parse(bad[i].s, strlen(bad[i].s), &t, &err),
                         PRIVPOL_EPARSE);
        assert_int_equal(t, 0);
        assert_int_equal(err.status, PRIVPOL_EPARSE);
        assert_true(err.column >= 1);
        if (err.column != bad[i].column)
            fail_msg("'%s': column %zu, expected %zu", bad[i].s, err.column, bad[i].column);
    }
    assert_int_equal(privpol_time_parse("x", 1, NULL, NULL), PRIVPOL_EINVAL);
}

static void
formats_and_round_trips(void **state)
{
    char buf[PRIVPOL_TIME_TEXT_SIZE];
    (void)state;
    assert_int_equal(privpol_time_format(0, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_OK);
    assert_string_equal(buf, "1970-01-01T00:00:00Z");
    assert_int_equal(privpol_time_format(-1, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_OK);
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    assert_int_equal(privpol_time_format(0, buf, &(size_t){10}, NULL), PRIVPOL_EBUFSIZE);
    assert_int_equal(privpol_time_format(INT64_MAX, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_EINVAL);
    /* Every day boundary from 1600 to 2400, and odd seconds, survive a round trip. */
    for (int64_t t = -11676096000LL; t < 13569465600LL; t += 86400 * 7 + 3671) {
        int64_t back;
        assert_int_equal(privpol_time_format(t, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_OK);
        assert_int_equal(privpol_time_parse(buf, strlen(buf), &back, NULL), PRIVPOL_OK);
        assert_int_equal(back, t);
    }
}

static void
civil_conversion_matches(void **state)
{
    (void)state;
    for (int64_t days = -800000; days < 800000; days += 13) {
        int64_t y;
        unsigned m, d;
        privpol__civil_from_days(days, &y, &m, &d);
        assert_int_equal(privpol__days_from_civil(y, m, d), days);
    }
}

static void
epochs(void **state)
{
    int64_t s, e, at = support_at("2026-03-04T10:00:00Z"); /* a Wednesday */
    (void)state;
    assert_int_equal(privpol_period_epoch(PRIVPOL_PERIOD_NONE, at, &s, &e), 0);
    assert_true(s == INT64_MIN && e == INT64_MAX);
    assert_int_equal(privpol_period_epoch(PRIVPOL_PERIOD_DAY, at, &s, &e), at / 86400);
    assert_int_equal(s, support_at("2026-03-04"));
    assert_int_equal(e, support_at("2026-03-05"));
    privpol_period_epoch(PRIVPOL_PERIOD_WEEK, at, &s, &e);
    assert_int_equal(s, support_at("2026-03-02")); /* Monday */
    assert_int_equal(e, support_at("2026-03-09"));
    assert_int_equal(privpol_period_epoch(PRIVPOL_PERIOD_MONTH, at, &s, &e), 56 * 12 + 2);
    assert_int_equal(s, support_at("2026-03-01"));
    assert_int_equal(e, support_at("2026-04-01"));
    assert_int_equal(privpol_period_epoch(PRIVPOL_PERIOD_YEAR, at, &s, &e), 56);
    assert_int_equal(s, support_at("2026-01-01"));
    assert_int_equal(e, support_at("2027-01-01"));
    /* Boundaries: the last second of an epoch and the first of the next differ. */
    assert_int_not_equal(
        privpol_period_epoch(PRIVPOL_PERIOD_DAY, support_at("2026-03-04") - 1, 0, 0),
        privpol_period_epoch(PRIVPOL_PERIOD_DAY, support_at("2026-03-04"), 0, 0));
    assert_int_not_equal(
        privpol_period_epoch(PRIVPOL_PERIOD_MONTH, support_at("2024-03-01") - 1, 0, 0),
        privpol_period_epoch(PRIVPOL_PERIOD_MONTH, support_at("2024-03-01"), 0, 0));
    /* Before 1970 the arithmetic floors. */
    privpol_period_epoch(PRIVPOL_PERIOD_DAY, -1, &s, &e);
    assert_int_equal(s, -86400);
    assert_int_equal(e, 0);
    privpol_period_epoch(PRIVPOL_PERIOD_WEEK, 0, &s, &e);
    assert_int_equal(s, support_at("1969-12-29"));
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_forms),
        cmocka_unit_test(rejects_bad_forms),
        cmocka_unit_test(formats_and_round_trips),
        cmocka_unit_test(civil_conversion_matches),
        cmocka_unit_test(epochs),
    };
    return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}
