/* SPDX-License-Identifier: MIT */
/* privpol_record_scrub_accesslog(): one line of a web server's access log, in the common
 * log format (`%h %l %u %t "%r" %>s %b`) or the combined one (plus `"%{Referer}i"
 * "%{User-Agent}i"`), as Apache httpd and nginx write them. The client address (%h) is
 * what identifies the visitor: it goes through the record pipeline as
 * connection.ip_address, and its output replaces it. A remote user name (%u) other than
 * "-" is unclassified personal data: it goes through as well and is never kept in
 * clear. Everything else is copied byte for byte. */
#include "record-internal.h"

#include <string.h>

#include <sodium.h>

static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static bool
digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!privpol__is_digit(s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* `06/Jan/2025:08:00:00 +0000` (26 bytes) to seconds since the epoch. */
static bool
clf_time(const char *s, size_t n, int64_t *out)
{
    int day, year, hour, minute, second, zh, zm, month = -1;
    int64_t days, offset;
    static const unsigned char mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    if (n != 26 || s[2] != '/' || s[6] != '/' || s[11] != ':' || s[14] != ':' ||
        s[17] != ':' || s[20] != ' ' || (s[21] != '+' && s[21] != '-'))
        return false;
    for (int m = 0; m < 12; m++)
        if (memcmp(s + 3, months[m], 3) == 0)
            month = m;
    if (month < 0 || !digits(s, 2, &day) || !digits(s + 7, 4, &year) ||
        !digits(s + 12, 2, &hour) || !digits(s + 15, 2, &minute) ||
        !digits(s + 18, 2, &second) || !digits(s + 22, 2, &zh) || !digits(s + 24, 2, &zm))
        return false;
    if (year < 1 || day < 1 || day > mdays[month] || hour > 23 || minute > 59 ||
        second > 59 || zh > 23 || zm > 59)
        return false;
    if (month == 1 && day == 29 && !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return false;
    days = privpol__days_from_civil(year, (unsigned)month + 1, (unsigned)day);
    offset = (int64_t)zh * 3600 + (int64_t)zm * 60;
    *out = days * 86400 + hour * 3600 + minute * 60 + second -
           (s[21] == '+' ? offset : -offset);
    return true;
}

/* One field up to the next space; *i moves past the space. */
static bool
word(const char *s, size_t n, size_t *i, size_t *start, size_t *end)
{
    size_t k = *i;
    *start = k;
    while (k < n && s[k] != ' ')
        k++;
    if (k == *start || k >= n)
        return false;
    *end = k;
    *i = k + 1;
    return true;
}

privpol_status
privpol_record_scrub_accesslog(privpol_record *r, const privpol_tag *tag, const char *line,
                               size_t len, const char **out, size_t *out_len,
                               privpol_error *err)
{
    size_t i = 0, host0, host1, ident0, ident1, user0, user1, time0, time1, k;
    int status;
    int64_t at = 0;
    privpol_tag eff;
    privpol_status st;
    size_t ip_cat, ts_cat, unk_cat;
    size_t host_field, user_field = SIZE_MAX;
    const char *o;
    size_t olen;

    if (out != NULL)
        *out = NULL;
    if (out_len != NULL)
        *out_len = 0;
    if (r == NULL || tag == NULL || (line == NULL && len > 0) || out == NULL ||
        out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (tag->version != PRIVPOL_TAG_VERSION)
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_tag version");
    privpol_record_clear(r);
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (memchr(line, '\0', len) != NULL)
        return privpol__fail(err, PRIVPOL_EPARSE, "NUL byte in the line");

    /* host ident user [time] "request" status bytes */
    if (!word(line, len, &i, &host0, &host1) || !word(line, len, &i, &ident0, &ident1) ||
        !word(line, len, &i, &user0, &user1))
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, i + 1, "not an access-log line");
    (void)ident0;
    (void)ident1;
    if (i >= len || line[i] != '[' || (k = i + 27) >= len || line[k] != ']')
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, i + 1, "bad [time] field");
    time0 = i + 1;
    time1 = k;
    if (!clf_time(line + time0, time1 - time0, &at))
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, time0 + 1, "bad [time] field");
    i = k + 1;
    if (i + 1 >= len || line[i] != ' ' || line[i + 1] != '"')
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, i + 1, "bad request field");
    for (i += 2; i < len && line[i] != '"'; i++)
        if (line[i] == '\\' && i + 1 < len)
            i++;
    if (i >= len)
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, i + 1, "unterminated request field");
    i++;
    if (i + 4 >= len || line[i] != ' ' || !digits(line + i + 1, 3, &status) ||
        line[i + 4] != ' ')
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, i + 1, "bad status field");
    i += 5;
    k = i;
    if (k < len && line[k] == '-') {
        k++;
    } else {
        while (k < len && privpol__is_digit(line[k]))
            k++;
    }
    if (k == i || (k < len && line[k] != ' '))
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, k + 1, "bad size field");

    {
        /* The client address must be an IP address whatever the policy does with it: a
         * resolved host name would otherwise stay in clear. */
        uint8_t ip[16];
        size_t ip_len;
        if (privpol__ip_parse(line + host0, host1 - host0, ip, &ip_len, NULL) != PRIVPOL_OK)
            return privpol__fail_at(err, PRIVPOL_EPARSE, 1, 1,
                                    "client address is not an IP address");
        sodium_memzero(ip, sizeof ip);
    }
    ip_cat = r->cat_ip;
    ts_cat = r->cat_time;
    unk_cat = r->cat_unknown;
    host_field = 0;
    if ((st = privpol_record_add(r, "host", 4, line + host0, host1 - host0, ip_cat)) !=
            PRIVPOL_OK ||
        (st = privpol_record_add(r, "time", 4, line + time0, time1 - time0, ts_cat)) !=
            PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    if (!(user1 - user0 == 1 && line[user0] == '-')) {
        user_field = 2;
        if ((st = privpol_record_add(r, "user", 4, line + user0, user1 - user0, unk_cat)) !=
            PRIVPOL_OK)
            return privpol__fail(err, st, NULL);
    }
    eff = *tag;
    if (eff.event_time == 0)
        eff.event_time = at;
    if ((st = privpol_record_process(r, &eff, err)) != PRIVPOL_OK)
        return st;
    if (r->fields[host_field].category != ip_cat)
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, 1,
                                "client address is not an IP address");

    r->out.len = 0;
    o = privpol__record_out(r, host_field, &olen);
    if (o == NULL || olen == 0) {
        o = "-";
        olen = 1;
    }
    if ((st = privpol__buf_reserve(r->ctx, &r->out, olen + len + 64)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    memcpy(r->out.p, o, olen);
    r->out.len = olen;
    if (user_field == SIZE_MAX) {
        memcpy(r->out.p + r->out.len, line + host1, len - host1);
        r->out.len += len - host1;
    } else {
        const char *u = privpol__record_out(r, user_field, &olen);
        if (u == NULL || olen == 0) {
            u = "-";
            olen = 1;
        }
        if ((st = privpol__buf_reserve(r->ctx, &r->out, olen + len)) != PRIVPOL_OK)
            return privpol__fail(err, st, NULL);
        memcpy(r->out.p + r->out.len, line + host1, user0 - host1);
        r->out.len += user0 - host1;
        memcpy(r->out.p + r->out.len, u, olen);
        r->out.len += olen;
        memcpy(r->out.p + r->out.len, line + user1, len - user1);
        r->out.len += len - user1;
    }
    r->out.p[r->out.len] = '\0';
    *out = r->out.p;
    *out_len = r->out.len;
    return PRIVPOL_OK;
}
