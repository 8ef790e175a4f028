/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "support.h"

/* Field by field: privpol_duration has padding after `days` (int32_t before int64_t),
 * which a byte comparison would read; its bytes are whatever the stack held. */
static void
expect_duration(const privpol_duration *got, const privpol_duration *want)
{
    assert_int_equal(got->years, want->years);
    assert_int_equal(got->months, want->months);
    assert_int_equal(got->days, want->days);
    assert_int_equal(got->seconds, want->seconds);
}

/* ---- an independent calendar, for the expected values ------------------------ */

static int
leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
    static const int n[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 ? 28 + leap(y) : n[m - 1];
}

/* Seconds since 1970 by counting whole years and months (y >= 1970). */
static int64_t
epoch_seconds(int y, int m, int d, int hh, int mm, int ss)
{
    int64_t days = d - 1;
    for (int i = 1970; i < y; i++)
        days += 365 + leap(i);
    for (int i = 1; i < m; i++)
        days += month_days(y, i);
    return days * 86400 + hh * 3600 + mm * 60 + ss;
}

/* ---- duration parsing --------------------------------------------------------- */

static void
parses_durations(void **state)
{
    static const struct {
        const char *s;
        int32_t years, months, days;
        int64_t seconds;
    } ok[] = {
        {"P13M", 0, 13, 0, 0},
        {"P90D", 0, 0, 90, 0},
        {"P1Y2M10DT2H30M", 1, 2, 10, 2 * 3600 + 30 * 60},
        {"PT36H", 0, 0, 0, 36 * 3600},
        {"P2W", 0, 0, 14, 0},
        {"P1W3D", 0, 0, 10, 0},
        {"P1Y", 1, 0, 0, 0},
        {"P1M", 0, 1, 0, 0},
        {"PT1M", 0, 0, 0, 60},
        {"P1MT1M", 0, 1, 0, 60},
        {"P1DT1M1S", 0, 0, 1, 61},
        {"PT1H1M1S", 0, 0, 0, 3661},
        {"PT90M", 0, 0, 0, 5400},
        {"P0D", 0, 0, 0, 0},
        {"PT0S", 0, 0, 0, 0},
        {"P007D", 0, 0, 7, 0},
        {"P3Y6M4DT12H30M5S", 3, 6, 4, 12 * 3600 + 30 * 60 + 5},
        {"P2147483647Y", INT32_MAX, 0, 0, 0},
        {"P2147483647M", 0, INT32_MAX, 0, 0},
        {"P2147483647D", 0, 0, INT32_MAX, 0},
        {"P306783378W", 0, 0, 306783378 * 7, 0},
        {"P306783378W1D", 0, 0, INT32_MAX, 0},
        {"PT9223372036854775807S", 0, 0, 0, INT64_MAX},
        {"PT2562047788015215H", 0, 0, 0, 2562047788015215LL * 3600},
        {"PT2562047788015215H30M7S", 0, 0, 0, INT64_MAX},
    };
    (void)state;
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        privpol_duration d = support_duration(ok[i].s);
        if (d.years != ok[i].years || d.months != ok[i].months || d.days != ok[i].days ||
            d.seconds != ok[i].seconds)
            fail_msg("'%s': %d %d %d %lld", ok[i].s, (int)d.years, (int)d.months,
                     (int)d.days, (long long)d.seconds);
    }
}

static void
rejects_bad_durations(void **state)
{
    static const struct {
        const char *s;
        size_t column;
        const char *says; /* part of the message */
    } bad[] = {
        {"", 1, "'P'"},
        {"P", 2, "number"},
        {"PT", 3, "after 'T'"},
        {"P1YT", 5, "after 'T'"},
        {"PTT1H", 3, "'T'"},
        {"P1", 3, "designator"},
        {"PT1H30", 7, "designator"},
        {"-P1D", 1, "negative"},
        {"+P1D", 1, "sign"},
        {"P-1D", 2, "negative"},
        {"PT-1H", 3, "negative"},
        {"P1.5Y", 3, "fraction"},
        {"P0,5D", 3, "fraction"},
        {"PT0.5S", 4, "fraction"},
        {"P1.5D", 3, "PT36H"},
        {"P1X", 3, "unknown designator"},
        {"P1d", 3, "unknown designator"},
        {"p1D", 1, "'P'"},
        {" P1D", 1, "'P'"},
        {"P1D ", 4, "number"},
        {"P 1D", 2, "number"},
        {"P1D2M", 5, "order"},
        {"P1M1Y", 5, "order"},
        {"P1Y1Y", 5, "order"},
        {"P1D1W", 5, "order"},
        {"PT1H1H", 6, "order"},
        {"PT1S1M", 6, "order"},
        {"PT1M1H", 6, "order"},
        {"P1H", 3, "after 'T'"},
        {"P1S", 3, "after 'T'"},
        {"PT1D", 4, "before 'T'"},
        {"PT1Y", 4, "before 'T'"},
        {"PT1W", 4, "before 'T'"},
        {"P1DT", 5, "after 'T'"},
        {"P1DT1H2", 8, "designator"},
        {"P2147483648Y", 2, "too large"},
        {"P2147483648M", 2, "too large"},
        {"P2147483648D", 2, "too large"},
        {"P306783379W", 2, "too large"},
        {"P1W2147483641D", 4, "too large"},
        {"P99999999999999999999999D", 2, "too large"},
        {"PT9223372036854775808S", 3, "too large"},
        {"PT2562047788015216H", 3, "too large"},
        {"PT2562047788015215H30M8S", 23, "too large"},
        {"P1Y\0", 4, "number"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        privpol_duration d = {1, 2, 3, 4};
        privpol_error err;
        size_t len = strlen(bad[i].s) + (strcmp(bad[i].s, "P1Y") == 0);
        assert_int_equal(privpol_duration_parse(bad[i].s, len, &d, &err), PRIVPOL_EPARSE);
        assert_true(d.years == 0 && d.months == 0 && d.days == 0 && d.seconds == 0);
        assert_int_equal(err.status, PRIVPOL_EPARSE);
        if (err.column != bad[i].column)
            fail_msg("'%s': column %zu, expected %zu (%s)", bad[i].s, err.column,
                     bad[i].column, err.message);
        if (strstr(err.message, bad[i].says) == NULL)
            fail_msg("'%s': message '%s' lacks '%s'", bad[i].s, err.message, bad[i].says);
    }
}

static void
parse_arguments(void **state)
{
    privpol_duration d;
    privpol_error err;
    (void)state;
    assert_int_equal(privpol_duration_parse("P1D", 3, NULL, &err), PRIVPOL_EINVAL);
    assert_int_equal(err.status, PRIVPOL_EINVAL);
    assert_int_equal(privpol_duration_parse(NULL, 3, &d, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_duration_parse(NULL, 0, &d, &err), PRIVPOL_EPARSE);
    assert_int_equal(err.column, 1);
    /* The text need not be NUL-terminated: only len bytes are read. */
    assert_int_equal(privpol_duration_parse("P1DX", 3, &d, NULL), PRIVPOL_OK);
    assert_int_equal(d.days, 1);
    assert_int_equal(privpol_duration_parse("P1D", 2, &d, &err), PRIVPOL_EPARSE);
    assert_int_equal(err.column, 3);
}

/* ---- duration formatting ------------------------------------------------------ */

static void
formats_durations(void **state)
{
    static const struct {
        privpol_duration d;
        const char *text;
    } cases[] = {
        {{0, 0, 0, 0}, "PT0S"},
        {{0, 13, 0, 0}, "P13M"},
        {{0, 0, 90, 0}, "P90D"},
        {{0, 0, 14, 0}, "P14D"},
        {{1, 2, 10, 9000}, "P1Y2M10DT2H30M"},
        {{0, 0, 0, 129600}, "PT36H"},
        {{0, 0, 0, 60}, "PT1M"},
        {{0, 1, 0, 0}, "P1M"},
        {{0, 0, 0, 3661}, "PT1H1M1S"},
        {{0, 0, 0, 59}, "PT59S"},
        {{1, 0, 0, 1}, "P1YT1S"},
        {{INT32_MAX, INT32_MAX, INT32_MAX, INT64_MAX},
         "P2147483647Y2147483647M2147483647DT2562047788015215H30M7S"},
    };
    char buf[PRIVPOL_DURATION_TEXT_SIZE];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        privpol_duration back;
        assert_int_equal(privpol_duration_format(&cases[i].d, buf, &(size_t){sizeof buf}, NULL),
                         PRIVPOL_OK);
        assert_string_equal(buf, cases[i].text);
        back = support_duration(buf);
        expect_duration(&back, &cases[i].d);
    }
    /* Parsing then formatting is canonical: weeks become days, zeros vanish. */
    assert_int_equal(privpol_duration_format(&(privpol_duration){0}, buf, &(size_t){sizeof buf}, NULL),
                     PRIVPOL_OK);
    {
        privpol_duration d = support_duration("P0Y2W0DT0H90M");
        assert_int_equal(privpol_duration_format(&d, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_OK);
        assert_string_equal(buf, "P14DT1H30M");
    }
    /* Exactly large enough, one byte short, nothing. */
    assert_int_equal(privpol_duration_format(&cases[1].d, buf, &(size_t){5}, NULL), PRIVPOL_OK);
    assert_string_equal(buf, "P13M");
    assert_int_equal(privpol_duration_format(&cases[1].d, buf, &(size_t){4}, NULL), PRIVPOL_EBUFSIZE);
    assert_string_equal(buf, "");
    assert_int_equal(privpol_duration_format(&cases[1].d, buf, &(size_t){0}, NULL), PRIVPOL_EBUFSIZE);
    /* Misuse. */
    assert_int_equal(privpol_duration_format(&cases[1].d, NULL, &(size_t){8}, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_duration_format(NULL, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_EINVAL);
    {
        privpol_duration neg_months = {0, -1, 0, 0}, neg_seconds = {0, 0, 0, -1};
        assert_int_equal(privpol_duration_format(&neg_months, buf, &(size_t){sizeof buf}, NULL),
                         PRIVPOL_EINVAL);
        assert_int_equal(privpol_duration_format(&neg_seconds, buf, &(size_t){sizeof buf}, NULL),
                         PRIVPOL_EINVAL);
    }
    assert_string_equal(buf, "");
}

/* ---- adding durations ------------------------------------------------------- */

static void
adds_months_as_regulation_1182_71(void **state)
{
    static const struct {
        const char *from, *duration, *to;
    } cases[] = {
        /* The day of the month is kept, or the last day of a shorter month. */
        {"2025-01-31T00:00:00Z", "P1M", "2025-02-28T00:00:00Z"},
        {"2024-01-31T00:00:00Z", "P1M", "2024-02-29T00:00:00Z"},
        {"1900-01-31T00:00:00Z", "P1M", "1900-02-28T00:00:00Z"},
        {"2000-01-31T00:00:00Z", "P1M", "2000-02-29T00:00:00Z"},
        {"2025-01-29T00:00:00Z", "P1M", "2025-02-28T00:00:00Z"},
        {"2025-01-28T00:00:00Z", "P1M", "2025-02-28T00:00:00Z"},
        {"2025-02-28T00:00:00Z", "P1M", "2025-03-28T00:00:00Z"},
        {"2025-03-31T00:00:00Z", "P1M", "2025-04-30T00:00:00Z"},
        {"2025-04-30T00:00:00Z", "P1M", "2025-05-30T00:00:00Z"},
        {"2025-05-31T00:00:00Z", "P1M", "2025-06-30T00:00:00Z"},
        {"2025-08-31T00:00:00Z", "P1M", "2025-09-30T00:00:00Z"},
        {"2025-12-31T00:00:00Z", "P1M", "2026-01-31T00:00:00Z"},
        {"2025-12-31T00:00:00Z", "P2M", "2026-02-28T00:00:00Z"},
        {"2025-01-31T00:00:00Z", "P3M", "2025-04-30T00:00:00Z"},
        /* Years: 29 February becomes 28 February, until the next leap year. */
        {"2024-02-29T00:00:00Z", "P1Y", "2025-02-28T00:00:00Z"},
        {"2024-02-29T00:00:00Z", "P4Y", "2028-02-29T00:00:00Z"},
        {"2096-02-29T00:00:00Z", "P4Y", "2100-02-28T00:00:00Z"},
        {"2024-02-29T00:00:00Z", "P12M", "2025-02-28T00:00:00Z"},
        /* Years and months are one count of months: one clamp, at the end. */
        {"2024-02-29T00:00:00Z", "P1Y1M", "2025-03-29T00:00:00Z"},
        {"2024-02-29T00:00:00Z", "P13M", "2025-03-29T00:00:00Z"},
        /* P13M across year ends. */
        {"2025-01-31T00:00:00Z", "P13M", "2026-02-28T00:00:00Z"},
        {"2023-01-31T00:00:00Z", "P13M", "2024-02-29T00:00:00Z"},
        {"2025-11-30T00:00:00Z", "P13M", "2026-12-30T00:00:00Z"},
        {"2025-12-15T12:34:56Z", "P13M", "2027-01-15T12:34:56Z"},
        {"2025-12-31T00:00:00Z", "P25M", "2028-01-31T00:00:00Z"},
        {"2025-06-15T00:00:00Z", "P10Y", "2035-06-15T00:00:00Z"},
        /* The time of day is kept. */
        {"2025-01-31T10:00:00Z", "P1M", "2025-02-28T10:00:00Z"},
        {"2025-01-31T23:59:59Z", "P1M", "2025-02-28T23:59:59Z"},
        {"1960-01-31T06:00:00Z", "P1M", "1960-02-29T06:00:00Z"},
        /* Days after months: 30 Jan + 1M = 28 Feb, + 1D = 1 Mar (days first: 28 Feb). */
        {"2025-01-30T00:00:00Z", "P1M1D", "2025-03-01T00:00:00Z"},
        {"2025-01-31T00:00:00Z", "P1M1D", "2025-03-01T00:00:00Z"},
        {"2025-01-31T23:30:00Z", "P1M1DT1H", "2025-03-02T00:30:00Z"},
        /* Days and seconds in UTC: no daylight saving time (EU changes in 2025 were on
         * 30 March and 26 October), and across month, year and leap-day boundaries. */
        {"2025-03-29T12:00:00Z", "P2D", "2025-03-31T12:00:00Z"},
        {"2025-03-30T00:30:00Z", "PT24H", "2025-03-31T00:30:00Z"},
        {"2025-10-26T01:30:00Z", "P1D", "2025-10-27T01:30:00Z"},
        {"2024-02-28T23:00:00Z", "P1D", "2024-02-29T23:00:00Z"},
        {"2024-02-28T23:00:00Z", "P2D", "2024-03-01T23:00:00Z"},
        {"2024-12-31T00:00:00Z", "P1D", "2025-01-01T00:00:00Z"},
        {"2025-01-01T00:00:00Z", "P90D", "2025-04-01T00:00:00Z"},
        {"2024-01-01T00:00:00Z", "P90D", "2024-03-31T00:00:00Z"},
        {"2025-01-01T00:00:00Z", "P2W", "2025-01-15T00:00:00Z"},
        {"2025-02-27T12:00:00Z", "PT36H", "2025-03-01T00:00:00Z"},
        {"1969-12-31T23:00:00Z", "PT2H", "1970-01-01T01:00:00Z"},
        {"2025-06-01T08:15:00Z", "P0D", "2025-06-01T08:15:00Z"},
        {"2025-06-01T08:15:00Z", "PT0S", "2025-06-01T08:15:00Z"},
        /* The ends of the range. */
        {"0001-01-31T00:00:00Z", "P1M", "0001-02-28T00:00:00Z"},
        {"9999-01-31T00:00:00Z", "P11M", "9999-12-31T00:00:00Z"},
        {"9999-12-31T00:00:00Z", "PT86399S", "9999-12-31T23:59:59Z"},
        {"0001-01-01T00:00:00Z", "P9998Y11M30DT86399S", "9999-12-31T23:59:59Z"},
    };
    char buf[PRIVPOL_TIME_TEXT_SIZE];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        privpol_duration d = support_duration(cases[i].duration);
        int64_t out = -1;
        assert_int_equal(privpol_time_add(support_at(cases[i].from), &d, &out, NULL),
                         PRIVPOL_OK);
        assert_int_equal(privpol_time_format(out, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_OK);
        if (strcmp(buf, cases[i].to) != 0)
            fail_msg("%s + %s: %s, expected %s", cases[i].from, cases[i].duration, buf,
                     cases[i].to);
    }
}

static void
month_rule_matches_independent_calendar(void **state)
{
    (void)state;
    /* Every day of 1999-2031 plus every count of months up to 50, against a calendar
     * computed here by counting month lengths. */
    for (int y = 1999; y <= 2031; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= month_days(y, m); d++)
                for (int32_t n = 0; n <= 50; n += (d % 7) + 1) {
                    privpol_duration add = {0, n, 0, 0};
                    int ty = y + (m - 1 + n) / 12, tm = (m - 1 + n) % 12 + 1;
                    int td = d < month_days(ty, tm) ? d : month_days(ty, tm);
                    int64_t out;
                    assert_int_equal(
                        privpol_time_add(epoch_seconds(y, m, d, 7, 8, 9), &add, &out, NULL),
                        PRIVPOL_OK);
                    if (out != epoch_seconds(ty, tm, td, 7, 8, 9))
                        fail_msg("%04d-%02d-%02d + P%dM", y, m, d, (int)n);
                }
}

static void
add_refuses_misuse_and_overflow(void **state)
{
    static const privpol_duration bad[] = {
        {-1, 0, 0, 0}, {0, -1, 0, 0}, {0, 0, -1, 0}, {0, 0, 0, -1}, /* negatives */
        {INT32_MAX, 0, 0, 0}, {0, INT32_MAX, 0, 0}, {0, 0, INT32_MAX, 0},
        {0, 0, 0, INT64_MAX}, {INT32_MAX, INT32_MAX, INT32_MAX, INT64_MAX},
        {7975, 0, 0, 0}, {0, 95700, 0, 0}, {0, 0, 2914000, 0},
    };
    int64_t t = support_at("2025-03-31T00:00:00Z"), out;
    privpol_duration zero = {0, 0, 0, 0}, one_second = {0, 0, 0, 1};
    privpol_duration one_month = {0, 1, 0, 0};
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        out = 42;
        assert_int_equal(privpol_time_add(t, &bad[i], &out, NULL), PRIVPOL_EINVAL);
        assert_int_equal(out, 0);
    }
    /* 31 March minus one month cannot be asked for: durations are never negative. */
    {
        privpol_duration d;
        assert_int_equal(privpol_duration_parse("-P1M", 4, &d, NULL), PRIVPOL_EPARSE);
    }
    /* Range: years 0001-9999, for the start and for the result. */
    assert_int_equal(privpol_time_add(support_at("9999-12-31T23:59:59Z"), &zero, &out, NULL),
                     PRIVPOL_OK);
    assert_int_equal(
        privpol_time_add(support_at("9999-12-31T23:59:59Z"), &one_second, &out, NULL),
        PRIVPOL_EINVAL);
    assert_int_equal(
        privpol_time_add(support_at("9999-12-01T00:00:00Z"), &one_month, &out, NULL),
        PRIVPOL_EINVAL);
    assert_int_equal(privpol_time_add(support_at("0001-01-01T00:00:00Z"), &zero, &out, NULL),
                     PRIVPOL_OK);
    assert_int_equal(out, -62135596800LL);
    assert_int_equal(privpol_time_add(-62135596800LL - 1, &zero, &out, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_time_add(253402300799LL + 1, &zero, &out, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_time_add(INT64_MAX, &zero, &out, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_time_add(INT64_MIN, &zero, &out, NULL), PRIVPOL_EINVAL);
    /* NULL arguments. */
    assert_int_equal(privpol_time_add(t, &zero, NULL, NULL), PRIVPOL_EINVAL);
    out = 42;
    assert_int_equal(privpol_time_add(t, NULL, &out, NULL), PRIVPOL_EINVAL);
    assert_int_equal(out, 0);
}

/* ---- deadlines ---------------------------------------------------------------- */

static const char *
due(const char *received, bool extended)
{
    static char buf[PRIVPOL_TIME_TEXT_SIZE];
    int64_t out = -1;
    assert_int_equal(privpol_retention_deadline(support_at(received), extended, &out, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_time_format(out, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_OK);
    return buf;
}

static void
deadlines(void **state)
{
    int64_t out;
    char buf[PRIVPOL_TIME_TEXT_SIZE];
    (void)state;
    assert_string_equal(due("2025-01-31T10:00:00Z", false), "2025-02-28T23:59:59Z");
    assert_string_equal(due("2025-01-31T10:00:00Z", true), "2025-04-30T23:59:59Z");
    assert_string_equal(due("2024-01-31T10:00:00Z", false), "2024-02-29T23:59:59Z");
    assert_string_equal(due("2024-01-31", true), "2024-04-30T23:59:59Z");
    assert_string_equal(due("2025-03-31T08:00:00Z", false), "2025-04-30T23:59:59Z");
    assert_string_equal(due("2025-03-31T08:00:00Z", true), "2025-06-30T23:59:59Z");
    assert_string_equal(due("2025-01-15", false), "2025-02-15T23:59:59Z");
    assert_string_equal(due("2025-12-31", false), "2026-01-31T23:59:59Z");
    assert_string_equal(due("2025-11-30", true), "2026-02-28T23:59:59Z");
    assert_string_equal(due("2025-12-31", true), "2026-03-31T23:59:59Z");
    assert_string_equal(due("2023-11-29", true), "2024-02-29T23:59:59Z");
    /* Extended: three months from receipt, not one then two (that gives 28 April). */
    assert_string_equal(due("2025-01-31", true), "2025-04-30T23:59:59Z");
    /* The day of receipt counts, not its time: its first and last second agree. */
    assert_string_equal(due("2025-01-15T00:00:00Z", false), "2025-02-15T23:59:59Z");
    assert_string_equal(due("2025-01-15T23:59:59Z", false), "2025-02-15T23:59:59Z");
    /* UTC days: 00:30 in Paris on 1 February is still 31 January in UTC. */
    assert_string_equal(due("2025-02-01T00:30:00+01:00", false), "2025-02-28T23:59:59Z");
    assert_string_equal(due("1969-12-31T12:00:00Z", false), "1970-01-31T23:59:59Z");
    assert_string_equal(due("0001-01-01", false), "0001-02-01T23:59:59Z");
    assert_string_equal(due("9999-11-30T23:59:59Z", false), "9999-12-30T23:59:59Z");
    assert_string_equal(due("9999-09-30", true), "9999-12-30T23:59:59Z");
    /* The result is the last second in time: one second later is the next day. */
    assert_int_equal(privpol_retention_deadline(support_at("2025-01-31T10:00:00Z"), false, &out, NULL),
                     PRIVPOL_OK);
    assert_int_equal(privpol_time_format(out + 1, buf, &(size_t){sizeof buf}, NULL), PRIVPOL_OK);
    assert_string_equal(buf, "2025-03-01T00:00:00Z");
    assert_int_equal(out, support_at("2025-03-01") - 1);
    /* Out of range and misuse. */
    out = 42;
    assert_int_equal(privpol_retention_deadline(support_at("9999-12-01"), false, &out, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(out, 0);
    assert_int_equal(privpol_retention_deadline(support_at("9999-10-01"), true, &out, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_retention_deadline(-62135596800LL - 1, false, &out, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_retention_deadline(INT64_MAX, false, &out, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_retention_deadline(INT64_MIN, true, &out, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_retention_deadline(0, false, NULL, NULL), PRIVPOL_EINVAL);
}

static void
deadlines_from_month_ends(void **state)
{
    (void)state;
    /* Received at noon on the last day of every month of 2023 and 2024: the due day is
     * that day's number in the month 1 (or 3) later, or that month's last day. */
    for (int y = 2023; y <= 2024; y++)
        for (int m = 1; m <= 12; m++)
            for (int ext = 0; ext <= 1; ext++) {
                int d = month_days(y, m), n = ext ? 3 : 1;
                int ty = y + (m - 1 + n) / 12, tm = (m - 1 + n) % 12 + 1;
                int td = d < month_days(ty, tm) ? d : month_days(ty, tm);
                char received[32], expected[32];
                int64_t out;
                snprintf(received, sizeof received, "%04d-%02d-%02dT12:00:00Z", y, m, d);
                snprintf(expected, sizeof expected, "%04d-%02d-%02dT23:59:59Z", ty, tm,
                         td);
                assert_int_equal(privpol_retention_deadline(epoch_seconds(y, m, d, 12, 0, 0), ext,
                                                  &out, NULL),
                                 PRIVPOL_OK);
                assert_int_equal(out, epoch_seconds(ty, tm, td, 23, 59, 59));
                if (strcmp(due(received, ext), expected) != 0)
                    fail_msg("received %s%s: %s, expected %s", received,
                             ext ? " (extended)" : "", due(received, ext), expected);
            }
    /* Spot checks of the table above, written out. */
    assert_string_equal(due("2023-01-31T12:00:00Z", false), "2023-02-28T23:59:59Z");
    assert_string_equal(due("2024-01-31T12:00:00Z", false), "2024-02-29T23:59:59Z");
    assert_string_equal(due("2024-02-29T12:00:00Z", false), "2024-03-29T23:59:59Z");
    assert_string_equal(due("2023-02-28T12:00:00Z", false), "2023-03-28T23:59:59Z");
    assert_string_equal(due("2023-04-30T12:00:00Z", false), "2023-05-30T23:59:59Z");
    assert_string_equal(due("2024-11-30T12:00:00Z", true), "2025-02-28T23:59:59Z");
    assert_string_equal(due("2024-12-31T12:00:00Z", true), "2025-03-31T23:59:59Z");
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_durations),
        cmocka_unit_test(rejects_bad_durations),
        cmocka_unit_test(parse_arguments),
        cmocka_unit_test(formats_durations),
        cmocka_unit_test(adds_months_as_regulation_1182_71),
        cmocka_unit_test(month_rule_matches_independent_calendar),
        cmocka_unit_test(add_refuses_misuse_and_overflow),
        cmocka_unit_test(deadlines),
        cmocka_unit_test(deadlines_from_month_ends),
    };
    return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
