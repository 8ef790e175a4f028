/* SPDX-License-Identifier: MIT */
/* Calendar arithmetic: ISO 8601 durations, month counting as in Regulation (EEC,
 * Euratom) No 1182/71, and the GDPR Art. 12(3) due date of a data subject's request.
 * Everything is UTC on the proleptic Gregorian calendar, through the civil-date helpers
 * of time.c; days are 86400 seconds (no DST in UTC, no leap seconds in POSIX time). */
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define SECONDS_PER_DAY 86400

/* The instants privpol_time_parse() and privpol_time_format() accept: years 0001-9999. */
static int64_t
first_day(void)
{
    return privpol__days_from_civil(1, 1, 1);
}

static int64_t
last_day(void)
{
    return privpol__days_from_civil(9999, 12, 31);
}

static bool
in_range(int64_t t)
{
    return t >= first_day() * SECONDS_PER_DAY && t < (last_day() + 1) * SECONDS_PER_DAY;
}

/* Day number (floored: instants before 1970 are negative) and second of the day. */
static void
split(int64_t t, int64_t *day, int64_t *second)
{
    *day = t >= 0 ? t / SECONDS_PER_DAY : -((-t + SECONDS_PER_DAY - 1) / SECONDS_PER_DAY);
    *second = t - *day * SECONDS_PER_DAY;
}

static unsigned
days_in_month(int64_t y, unsigned m)
{
    int64_t next = m == 12 ? privpol__days_from_civil(y + 1, 1, 1)
                           : privpol__days_from_civil(y, m + 1, 1);
    return (unsigned)(next - privpol__days_from_civil(y, m, 1));
}

/* ---- durations ---------------------------------------------------------------- */

/* Designators in their only allowed order; the first four before 'T', the rest after. */
enum { D_YEAR, D_MONTH, D_WEEK, D_DAY, D_HOUR, D_MINUTE, D_SECOND, D_TIME = D_HOUR };

static privpol_status
bad_duration(privpol_duration *out, privpol_error *err, size_t pos, const char *msg)
{
    memset(out, 0, sizeof *out);
    return privpol__fail_at(err, PRIVPOL_EPARSE, 0, pos + 1, msg);
}

privpol_status
privpol_duration_parse(const char *s, size_t len, privpol_duration *out, privpol_error *err)
{
    size_t pos = 1;
    int last = -1;
    bool in_time = false;
    int64_t days = 0;

    if (out == NULL || (s == NULL && len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    memset(out, 0, sizeof *out);
    if (len == 0 || s[0] != 'P') {
        if (len > 0 && (s[0] == '-' || s[0] == '+'))
            return bad_duration(out, err, 0,
                                "durations have no sign and are never negative");
        return bad_duration(out, err, 0, "expected 'P' (upper case) to start a duration");
    }
    while (pos < len) {
        size_t start = pos;
        uint64_t v = 0;
        bool too_big = false;
        int which;
        char c = s[pos];

        if (c == 'T') {
            if (in_time)
                return bad_duration(out, err, pos, "a second 'T'");
            in_time = true;
            if (++pos == len)
                return bad_duration(out, err, pos,
                                    "expected hours, minutes or seconds after 'T'");
            continue;
        }
        if (c == '-' || c == '+')
            return bad_duration(out, err, pos,
                                "durations have no sign and are never negative");
        if (!privpol__is_digit((unsigned char)(c)))
            return bad_duration(out, err, pos,
                                in_time ? "expected a number of hours, minutes or seconds"
                                        : "expected a number of years, months, weeks or "
                                          "days (or 'T')");
        for (; pos < len && privpol__is_digit((unsigned char)(s[pos])); pos++) {
            uint64_t digit = (uint64_t)(s[pos] - '0');
            if (too_big || v > ((uint64_t)INT64_MAX - digit) / 10)
                too_big = true; /* read on: the designator's errors come first */
            else
                v = v * 10 + digit;
        }
        if (pos == len)
            return bad_duration(out, err, pos, "expected a designator after the number");
        c = s[pos];
        if (c == '.' || c == ',')
            return bad_duration(out, err, pos,
                                "fractions are not supported: use a smaller unit "
                                "(P6M rather than P0.5Y, PT36H rather than P1.5D)");
        switch (c) {
        case 'Y': which = D_YEAR; break;
        case 'M': which = in_time ? D_MINUTE : D_MONTH; break;
        case 'W': which = D_WEEK; break;
        case 'D': which = D_DAY; break;
        case 'H': which = D_HOUR; break;
        case 'S': which = D_SECOND; break;
        default:
            return bad_duration(out, err, pos,
                                "unknown designator: expected Y, M, W or D, or after 'T' "
                                "H, M or S");
        }
        if (in_time && which < D_TIME)
            return bad_duration(out, err, pos,
                                "years, months, weeks and days come before 'T'");
        if (!in_time && which >= D_TIME)
            return bad_duration(out, err, pos,
                                "hours and seconds come after 'T' (PT36H)");
        if (which <= last)
            return bad_duration(out, err, pos,
                                "designator repeated or out of order: the order is "
                                "PnYnMnWnDTnHnMnS");
        if (too_big)
            return bad_duration(out, err, start, "number too large");
        switch (which) {
        case D_YEAR:
        case D_MONTH:
            if (v > INT32_MAX)
                return bad_duration(out, err, start, "number too large");
            *(which == D_YEAR ? &out->years : &out->months) = (int32_t)v;
            break;
        case D_WEEK:
        case D_DAY:
            if (which == D_WEEK && v > INT32_MAX / 7)
                return bad_duration(out, err, start, "number too large");
            v *= which == D_WEEK ? 7 : 1;
            if (v > (uint64_t)(INT32_MAX - days))
                return bad_duration(out, err, start, "number too large");
            days += (int64_t)v;
            out->days = (int32_t)days;
            break;
        default: {
            uint64_t unit = which == D_HOUR ? 3600 : which == D_MINUTE ? 60 : 1;
            if (v > (uint64_t)(INT64_MAX - out->seconds) / unit)
                return bad_duration(out, err, start, "number too large");
            out->seconds += (int64_t)(v * unit);
            break;
        }
        }
        last = which;
        pos++;
    }
    if (last < 0)
        return bad_duration(out, err, pos, "expected a number after 'P'");
    return PRIVPOL_OK;
}

privpol_status
privpol_duration_format(const privpol_duration *d, char *out, size_t *out_len,
                        privpol_error *err)
{
    char buf[PRIVPOL_DURATION_TEXT_SIZE];
    size_t n = 0, out_size;

    if (out == NULL || out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    out_size = *out_len;
    *out_len = 0;
    if (out_size > 0)
        out[0] = '\0';
    if (d == NULL || d->years < 0 || d->months < 0 || d->days < 0 || d->seconds < 0)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    /* Each piece is at most 21 bytes and the whole at most 59, so buf never truncates. */
    buf[n++] = 'P';
    if (d->years > 0)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%" PRId32 "Y", d->years);
    if (d->months > 0)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%" PRId32 "M", d->months);
    if (d->days > 0)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%" PRId32 "D", d->days);
    if (d->seconds > 0 || n == 1) {
        int64_t h = d->seconds / 3600, m = d->seconds / 60 % 60, sec = d->seconds % 60;
        buf[n++] = 'T';
        if (h > 0)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%" PRId64 "H", h);
        if (m > 0)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%" PRId64 "M", m);
        if (sec > 0 || d->seconds == 0)
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%" PRId64 "S", sec);
    }
    if (n >= out_size) {
        *out_len = n + 1;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    memcpy(out, buf, n);
    out[n] = '\0';
    *out_len = n;
    return PRIVPOL_OK;
}

/* ---- adding durations ---------------------------------------------------------- */

privpol_status
privpol_time_add(int64_t t, const privpol_duration *d, int64_t *out, privpol_error *err)
{
    int64_t day, second, y, month_index, r;
    unsigned m, dd, dim;

    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    *out = 0;
    if (d == NULL || d->years < 0 || d->months < 0 || d->days < 0 || d->seconds < 0 ||
        !in_range(t))
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    split(t, &day, &second);
    privpol__civil_from_days(day, &y, &m, &dd);

    /* Years and months as one count of months (P1Y1M is 13 months, one clamp), then
     * the day of the month kept, or the last day of a shorter month (Reg. 1182/71
     * Art. 3(2)(c)). y <= 9999 and years, months < 2^31: nothing here overflows. */
    month_index = y * 12 + (int64_t)(m - 1) + (int64_t)d->years * 12 + d->months;
    if (month_index > 9999 * 12 + 11)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    y = month_index / 12;
    m = (unsigned)(month_index % 12) + 1;
    dim = days_in_month(y, m);
    day = privpol__days_from_civil(y, m, dd < dim ? dd : dim) + d->days;
    if (day > last_day())
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    r = day * SECONDS_PER_DAY + second;
    if (d->seconds > (last_day() + 1) * SECONDS_PER_DAY - 1 - r)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    *out = r + d->seconds;
    return PRIVPOL_OK;
}

/* ---- rights deadlines ---------------------------------------------------------- */

privpol_status
privpol_retention_deadline(int64_t received, bool extended, int64_t *out, privpol_error *err)
{
    privpol_duration months = {0, extended ? 3 : 1, 0, 0};
    int64_t day, second, last;
    privpol_status st;

    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    *out = 0;
    if (!in_range(received))
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    /* Art. 3(1): the day of receipt is not counted, so its time of day is irrelevant;
     * from its midnight the month rule gives the start of the last day, and the period
     * ends with the expiry of that day's last hour (Art. 3(2)(c)). */
    split(received, &day, &second);
    if ((st = privpol_time_add(day * SECONDS_PER_DAY, &months, &last, NULL)) != PRIVPOL_OK)
        return st;
    *out = last + SECONDS_PER_DAY - 1;
    return PRIVPOL_OK;
}
