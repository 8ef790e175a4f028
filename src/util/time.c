/* SPDX-License-Identifier: MIT */
/* Instants are int64 seconds since 1970-01-01T00:00:00Z on the proleptic Gregorian
 * calendar; no leap seconds (as POSIX time). Calendar conversion is done by counting
 * 400-year eras of 146097 days, which keeps it branch-light and exact for any year. */
#include "util.h"

#include <string.h>

int64_t
privpol__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    /* Shift the year so that it starts in March: the leap day is then the last day. */
    int64_t yy = m <= 2 ? y - 1 : y;
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;                          /* 0..399 */
    unsigned mp = m > 2 ? m - 3 : m + 9;                   /* March = 0 */
    int64_t doy = (153 * (int64_t)mp + 2) / 5 + (int64_t)d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;   /* 0..146096 */
    return era * 146097 + doe - 719468;                    /* 719468: 0000-03-01 → 1970 */
}

void
privpol__civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

static bool
is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned
days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Read exactly `count` digits at *pos; -1 when they are not all digits. */
static int64_t
digits(const char *s, size_t len, size_t *pos, size_t count)
{
    int64_t v = 0;
    if (*pos + count > len)
        return -1;
    for (size_t i = 0; i < count; i++) {
        unsigned char c = (unsigned char)s[*pos + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    *pos += count;
    return v;
}

static privpol_status
bad(privpol_error *err, int64_t *out, size_t pos, const char *msg)
{
    *out = 0;
    return privpol__fail_at(err, PRIVPOL_EPARSE, 0, pos + 1, msg);
}

privpol_status
privpol_time_parse(const char *s, size_t len, int64_t *out, privpol_error *err)
{
    size_t pos = 0;
    int64_t y, mo, d, h = 0, mi = 0, sec = 0, off = 0;

    if (out == NULL || (s == NULL && len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = 0;
    if ((y = digits(s, len, &pos, 4)) < 1)
        return bad(err, out, pos, "expected a four-digit year 0001-9999");
    if (pos >= len || s[pos] != '-')
        return bad(err, out, pos, "expected '-' after the year");
    pos++;
    if ((mo = digits(s, len, &pos, 2)) < 1 || mo > 12)
        return bad(err, out, pos, "expected a month 01-12");
    if (pos >= len || s[pos] != '-')
        return bad(err, out, pos, "expected '-' after the month");
    pos++;
    if ((d = digits(s, len, &pos, 2)) < 1 || d > days_in_month(y, (unsigned)mo))
        return bad(err, out, pos, "day out of range for the month");
    if (pos < len) {
        if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')
            return bad(err, out, pos, "expected 'T' after the date");
        pos++;
        if ((h = digits(s, len, &pos, 2)) < 0 || h > 23)
            return bad(err, out, pos, "expected an hour 00-23");
        if (pos >= len || s[pos] != ':')
            return bad(err, out, pos, "expected ':' after the hour");
        pos++;
        if ((mi = digits(s, len, &pos, 2)) < 0 || mi > 59)
            return bad(err, out, pos, "expected minutes 00-59");
        if (pos < len && s[pos] == ':') {
            pos++;
            if ((sec = digits(s, len, &pos, 2)) < 0 || sec > 59)
                return bad(err, out, pos, "expected seconds 00-59 (no leap seconds)");
            if (pos < len && (s[pos] == '.' || s[pos] == ',')) {
                size_t start = ++pos;
                while (pos < len && s[pos] >= '0' && s[pos] <= '9')
                    pos++;
                if (pos == start || pos - start > 9)
                    return bad(err, out, pos, "expected 1 to 9 digits of fraction");
            }
        }
        if (pos >= len)
            return bad(err, out, pos, "expected 'Z' or a UTC offset");
        if (s[pos] == 'Z' || s[pos] == 'z') {
            pos++;
        } else if (s[pos] == '+' || s[pos] == '-') {
            int64_t oh, om, sign = s[pos] == '-' ? -1 : 1;
            pos++;
            if ((oh = digits(s, len, &pos, 2)) < 0 || oh > 23)
                return bad(err, out, pos, "expected offset hours 00-23");
            if (pos < len && s[pos] == ':')
                pos++;
            if ((om = digits(s, len, &pos, 2)) < 0 || om > 59)
                return bad(err, out, pos, "expected offset minutes 00-59");
            off = sign * (oh * 3600 + om * 60);
        } else {
            return bad(err, out, pos, "expected 'Z' or a UTC offset");
        }
        if (pos != len)
            return bad(err, out, pos, "unexpected text after the time");
    }
    *out = privpol__days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
           mi * 60 + sec - off;
    return PRIVPOL_OK;
}

/* Range of privpol_time_format(): 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */

void
privpol__iso_time(char out[21], int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400), y;
    unsigned rem = (unsigned)(t - days * 86400), m, d, v[6];
    char *o = out;

    privpol__civil_from_days(days, &y, &m, &d);
    v[0] = (unsigned)(y / 100);
    v[1] = (unsigned)(y % 100);
    v[2] = m;
    v[3] = d;
    v[4] = rem / 3600;
    v[5] = rem / 60 % 60;
    for (int k = 0; k < 6; k++) {
        *o++ = (char)('0' + v[k] / 10);
        *o++ = (char)('0' + v[k] % 10);
        if (k >= 1)
            *o++ = "--T::"[k - 1];
    }
    *o++ = (char)('0' + rem % 60 / 10);
    *o++ = (char)('0' + rem % 10);
    *o++ = 'Z';
    *o = '\0';
}

privpol_status
privpol_time_format(int64_t t, char *out, size_t *out_len, privpol_error *err)
{
    if (out == NULL || out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (*out_len < 21) {
        if (*out_len > 0)
            out[0] = '\0';
        *out_len = 21;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    if (t < PRIVPOL__TIME_MIN || t > PRIVPOL__TIME_MAX) {
        out[0] = '\0';
        *out_len = 0;
        return privpol__fail(err, PRIVPOL_EINVAL, "time out of range (years 0001 to 9999)");
    }
    privpol__iso_time(out, t);
    *out_len = 20;
    return PRIVPOL_OK;
}
