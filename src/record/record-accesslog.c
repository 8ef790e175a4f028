/* SPDX-License-Identifier: MIT */
/* privpol_record_scrub_accesslog(): one line of a web server's access log, in the common
 * log format (`%h %l %u %t "%r" %>s %b`), the combined one (plus `"%{Referer}i"
 * "%{User-Agent}i"`) or the combined one followed by more fields (nginx's
 * `"$http_x_forwarded_for"`, a request time), as Apache httpd and nginx write them.
 *
 * Every field that can hold data about a person goes through the record pipeline, and
 * its output takes its place (docs/record.md, "Access logs"): the client address as
 * connection.ip_address, ident and remote user as unknown, the time as
 * connection.timestamp (the line's time is the event time), the request's target as
 * `url` and the referer as `referer` (usage.journey: kept, hence scrubbed as URLs), the
 * user agent as terminal.user_agent, each trailing field classified by its value (the
 * addresses of an X-Forwarded-For list one by one). Only the method, the protocol, the
 * status, the size, the `-` of empty fields, the quotes and the separators are copied.
 *
 * The line is walked twice with the same code: the first walk checks it and adds its
 * fields to the record, the second (after privpol_record_process()) writes each field's
 * output in its place and copies the bytes between fields. Nothing is stored per field
 * beyond the record's own fields, so a warm record allocates nothing. */
#include "classify-internal.h"
#include "generalize.h"
#include "record-internal.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

#define METHOD_MAX 32U

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
    static const unsigned char mdays[12] = {31, 29, 31, 30, 31, 30,
                                            31, 31, 30, 31, 30, 31};

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
    if (month == 1 && day == 29 &&
        !((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
        return false;
    days = privpol__days_from_civil(year, (unsigned)month + 1, (unsigned)day);
    offset = (int64_t)zh * 3600 + (int64_t)zm * 60;
    *out = days * 86400 + hour * 3600 + minute * 60 + second -
           (s[21] == '+' ? offset : -offset);
    return *out >= PRIVPOL__TIME_MIN && *out <= PRIVPOL__TIME_MAX;
}

/* t (PRIVPOL__TIME_MIN..MAX) as `06/Jan/2025:08:00:00 +0000`: 26 bytes and a NUL. */
#define CLF_SIZE 48
static size_t
clf_write(char out[CLF_SIZE], int64_t t)
{
    int64_t days = t / 86400, rest = t % 86400, y;
    unsigned m, d;

    if (rest < 0) {
        rest += 86400;
        days--;
    }
    privpol__civil_from_days(days, &y, &m, &d);
    return (size_t)snprintf(out, CLF_SIZE, "%02u/%s/%04d:%02d:%02d:%02d +0000", d,
                            months[m - 1], (int)y, (int)(rest / 3600),
                            (int)(rest / 60 % 60), (int)(rest % 60));
}

/* Column (1-based) of the first byte of the line that is NUL or not UTF-8, or 0. Eight
 * bytes at a time while they are ASCII without NUL. */
static size_t
bad_byte(const char *s, size_t n, bool *nul)
{
    const unsigned char *u = (const unsigned char *)s;
    const uint64_t ones = 0x0101010101010101U, highs = 0x8080808080808080U;
    size_t i = 0, k;

    *nul = false;
    while (i < n) {
        uint64_t x;
        if (n - i >= 8) {
            memcpy(&x, u + i, 8);
            if (((x | ((x - ones) & ~x)) & highs) == 0) {
                i += 8;
                continue;
            }
        }
        if (u[i] >= 0x80) {
            if ((k = privpol__utf8_seq(u + i, n - i)) == 0)
                return i + 1;
            i += k;
        } else if (u[i] == 0) {
            *nul = true;
            return i + 1;
        } else {
            i++;
        }
    }
    return 0;
}

/* ---- the fields of the line -------------------------------------------------------- */

/* Where a field's text sits, hence how its output is written back. */
enum quoting {
    BARE,     /* a word between spaces: no space in the output */
    QUOTED,   /* between double quotes: `"` and `\` escaped */
    BRACKETED /* the time, between [ and ]: its own format */
};

struct walk {
    privpol_record *r;
    const char *s;
    size_t n;
    bool emit;   /* false: check the line and add its fields; true: write them */
    size_t next; /* emit: index of the record's next field */
    size_t pos;  /* emit: the line is written up to here */
    int64_t at;  /* the line's time */
    privpol_error *err;
};

static privpol_status
bad(struct walk *w, size_t at, const char *what)
{
    return privpol__fail_at(w->err, PRIVPOL_EPARSE, 1, at + 1, what);
}

/* End of the word that starts at i: the next space or the end of the line. */
static size_t
word_end(const char *s, size_t n, size_t i)
{
    const char *sp = memchr(s + i, ' ', n - i);
    return sp != NULL ? (size_t)(sp - s) : n;
}

static size_t
skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] == ' ')
        i++;
    return i;
}

static bool
all_digits(const char *s, size_t a, size_t b)
{
    for (size_t i = a; i < b; i++)
        if (!privpol__is_digit((unsigned char)s[i]))
            return false;
    return b > a;
}

static bool
is_dash(const char *s, size_t a, size_t b)
{
    return b == a + 1 && s[a] == '-';
}

/* A quoted field starting at s[i] == '"': its text is [*q0, *q1), the closing quote at
 * *q1. A backslash escapes the byte after it, as nginx and Apache write `\"`: a quote
 * after an odd run of backslashes is escaped. */
static bool
quoted(const char *s, size_t n, size_t i, size_t *q0, size_t *q1)
{
    const char *p = s + i + 1, *end = s + n;

    while ((p = memchr(p, '"', (size_t)(end - p))) != NULL) {
        const char *b = p;
        while (b > s + i + 1 && b[-1] == '\\')
            b--;
        if ((p - b) % 2 == 0) {
            *q0 = i + 1;
            *q1 = (size_t)(p - s);
            return true;
        }
        p++;
    }
    return false;
}

/* The value a logged text stands for. nginx writes `"`, `\` and bytes outside printable
 * ASCII as `\xHH`; Apache writes `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\v` and `\xhh`. Any
 * other backslash stands for itself. Decoded into r->out (scratch until the output is
 * written); *text is false when the result is not UTF-8 text without NUL (such as the
 * bytes of a TLS handshake sent to a plain-HTTP port). */
static privpol_status
decode(privpol_record *r, const char *s, size_t n, const char **v, size_t *vn, bool *text)
{
    const char *bs = memchr(s, '\\', n);
    char *o;
    size_t i, j;
    privpol_status st;

    *text = true;
    *v = s;
    *vn = n;
    if (bs == NULL)
        return PRIVPOL_OK; /* the line is UTF-8 without NUL: so is any part of it */
    r->out.len = 0;
    if ((st = privpol__buf_reserve(r->ctx, &r->out, n + 1)) != PRIVPOL_OK)
        return st;
    o = r->out.p;
    j = i = (size_t)(bs - s);
    memcpy(o, s, i);
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' && i + 1 < n) {
            int hi, lo;
            switch (s[i + 1]) {
            case '"':
            case '\\':
                c = (unsigned char)s[++i];
                break;
            case 'n':
                c = '\n';
                i++;
                break;
            case 'r':
                c = '\r';
                i++;
                break;
            case 't':
                c = '\t';
                i++;
                break;
            case 'b':
                c = '\b';
                i++;
                break;
            case 'v':
                c = '\v';
                i++;
                break;
            case 'x':
                if (i + 3 < n &&
                    (hi = privpol__hex_value((unsigned char)s[i + 2])) >= 0 &&
                    (lo = privpol__hex_value((unsigned char)s[i + 3])) >= 0) {
                    c = (unsigned char)(hi << 4 | lo);
                    i += 3;
                }
                break;
            default:
                break;
            }
        }
        o[j++] = (char)c;
    }
    *v = o;
    *vn = j;
    *text = memchr(o, '\0', j) == NULL && privpol__utf8_ok(o, j);
    return PRIVPOL_OK;
}

/* Whether a logged text writes bytes 0x80 and up as `\xHH` (nginx): its output does
 * too. */
static bool
escapes_high(const char *s, size_t n)
{
    for (const char *p = s, *end = s + n;
         (p = memchr(p, '\\', (size_t)(end - p))) != NULL; p += 2) {
        if (end - p >= 4 && p[1] == 'x' && privpol__hex_value((unsigned char)p[2]) >= 8 &&
            privpol__is_hex((unsigned char)p[3]))
            return true;
        if (end - p < 2)
            break;
    }
    return false;
}

/* Whether a byte of a transformed value is written as it is: printable ASCII but `"`
 * and `\`, and no space in a bare word. */
static inline bool
plain(unsigned char c, enum quoting q)
{
    return (unsigned)(c - 0x20) < 0x5FU && c != '"' && c != '\\' &&
           (c != ' ' || q != BARE);
}

/* Append a transformed value escaped for its place: `"` and `\` as `\"` and `\\`, control
 * bytes (and bytes 0x80 and up when the field wrote them so, or when they are not UTF-8,
 * and a space in a bare word) as `\xHH`. The line stays one line of UTF-8 text whose
 * fields split where they did. Runs of bytes that need nothing are copied whole. */
static privpol_status
put_escaped(privpol_record *r, const char *v, size_t n, enum quoting q, bool high)
{
    static const char hex[] = "0123456789ABCDEF";
    struct privpol__buf *b = &r->out;
    privpol_status st;
    char *o;
    size_t i = 0;

    if (n > SIZE_MAX / 4 || (st = privpol__buf_reserve(r->ctx, b, 4 * n)) != PRIVPOL_OK)
        return PRIVPOL_ENOMEM;
    o = b->p + b->len;
    while (i < n) {
        size_t run = i, k;
        unsigned char c;
        while (run < n && plain((unsigned char)v[run], q))
            run++;
        memcpy(o, v + i, run - i);
        o += run - i;
        if ((i = run) == n)
            break;
        c = (unsigned char)v[i];
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
            i++;
        } else if (c >= 0x80 && !high &&
                   (k = privpol__utf8_seq((const unsigned char *)v + i, n - i)) != 0) {
            memcpy(o, v + i, k);
            o += k;
            i += k;
        } else {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
            i++;
        }
    }
    b->len = (size_t)(o - b->p);
    return PRIVPOL_OK;
}

/* Second walk: the output of the record's next field in place of s[a, b). */
static privpol_status
emit(struct walk *w, size_t a, size_t b, enum quoting q)
{
    privpol_record *r = w->r;
    size_t i = w->next++, olen;
    const struct privpol__field *f = &r->fields[i];
    const char *o = privpol__record_out(r, i, &olen);
    privpol_status st;

    if ((st = privpol__buf_put(r->ctx, &r->out, w->s + w->pos, a - w->pos)) != PRIVPOL_OK)
        return st;
    w->pos = b;
    if (o == NULL) /* dropped */
        return privpol__buf_put(r->ctx, &r->out, "-", 1);
    if (olen == f->value_len && memcmp(o, r->values.p + f->value_off, olen) == 0)
        return privpol__buf_put(r->ctx, &r->out, w->s + a, b - a); /* as it was written */
    if (olen == 0)
        return q == BARE ? privpol__buf_put(r->ctx, &r->out, "-", 1) : PRIVPOL_OK;
    if (q == BRACKETED) {
        int64_t t;
        char clf[CLF_SIZE];
        if (privpol__event_time(o, olen, false, &t) == PRIVPOL_OK) /* generalized */
            return privpol__buf_put(r->ctx, &r->out, clf, clf_write(clf, t));
    }
    return put_escaped(r, o, olen, q, escapes_high(w->s + a, b - a));
}

/* One field of the line, s[a, b): added to the record (first walk), its output written
 * (second walk). @p value, when not NULL, is what the record gets instead of the text. A
 * text whose escapes stand for something that is not text goes through as `unknown`,
 * escapes and all. */
static privpol_status
field(struct walk *w, const char *name, size_t a, size_t b, size_t category,
      enum quoting q, const char *value, size_t value_len)
{
    privpol_record *r = w->r;
    privpol_status st;

    if (w->emit)
        return emit(w, a, b, q);
    if (value == NULL) {
        bool text;
        if ((st = decode(r, w->s + a, b - a, &value, &value_len, &text)) != PRIVPOL_OK)
            return privpol__fail(w->err, st, NULL);
        if (!text) {
            value = w->s + a;
            value_len = b - a;
            category = r->cat_unknown;
        }
    }
    st = privpol__record_add(r, name, strlen(name), value, value_len, category,
                             KIND_STRING);
    if (st != PRIVPOL_OK)
        return privpol__fail_at(w->err, st, 1, a + 1,
                                st == PRIVPOL_ELIMIT ? "more fields than a record holds"
                                                     : NULL);
    return PRIVPOL_OK;
}

static bool
is_ip(const char *s, size_t n)
{
    uint8_t ip[16];
    size_t ip_len;
    bool ok = n < PRIVPOL__IP_TEXT_MAX &&
              privpol__ip_parse(s, n, ip, &ip_len, NULL) == PRIVPOL_OK;
    sodium_memzero(ip, sizeof ip);
    return ok;
}

static bool
list_separator(char c)
{
    return c == ',' || c == ' ';
}

/* "203.0.113.5, 198.51.100.23": two IP addresses or more, separated by commas (and
 * spaces). */
static bool
ip_list(const char *s, size_t a, size_t b)
{
    size_t count = 0, i = a;
    if (memchr(s + a, ',', b - a) == NULL)
        return false;
    while (i < b) {
        size_t j = i;
        while (j < b && !list_separator(s[j]))
            j++;
        if (j > i) {
            if (!is_ip(s + i, j - i))
                return false;
            count++;
        }
        i = j + 1;
    }
    return count >= 2;
}

/* A list s[a, b) split on commas and spaces: one field per item (`-` copied), the
 * separators copied. */
static privpol_status
list(struct walk *w, const char *name, size_t a, size_t b, enum quoting q)
{
    privpol_status st;
    size_t i = a;

    while (i < b) {
        size_t j = i;
        while (j < b && !list_separator(w->s[j]))
            j++;
        if (j > i && !is_dash(w->s, i, j) &&
            (st = field(w, name, i, j, PRIVPOL__CATEGORY_AUTO, q, NULL, 0)) != PRIVPOL_OK)
            return st;
        i = j + 1;
    }
    return PRIVPOL_OK;
}

/* A quoted value: `-` and nothing are copied, anything else is a field. */
static privpol_status
quoted_value(struct walk *w, const char *name, size_t q0, size_t q1, size_t category)
{
    if (q1 == q0 || is_dash(w->s, q0, q1))
        return PRIVPOL_OK;
    return field(w, name, q0, q1, category, QUOTED, NULL, 0);
}

/* Method: upper-case letters, '-' and '_' (GET, PROPFIND, M-SEARCH), a token that can
 * name no one. */
static bool
is_method(const char *s, size_t n)
{
    if (n == 0 || n > METHOD_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!privpol__is_upper((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
            return false;
    return true;
}

/* Protocol: HTTP/1.1, HTTP/2.0, HTTP/2. */
static bool
is_protocol(const char *s, size_t n)
{
    return (n == 6 ||
            (n == 8 && s[6] == '.' && privpol__is_digit((unsigned char)s[7]))) &&
           memcmp(s, "HTTP/", 5) == 0 && privpol__is_digit((unsigned char)s[5]);
}

/* The request, "METHOD target PROTOCOL" (or "METHOD target", HTTP/0.9): the target goes
 * through the record as `url`. Anything else (TLS bytes sent to an HTTP port, "-")
 * goes through whole as unknown data. */
static privpol_status
request(struct walk *w, size_t q0, size_t q1)
{
    const char *s = w->s;
    size_t m = q0, t1;

    while (m < q1 && s[m] != ' ')
        m++;
    if (m < q1 && is_method(s + q0, m - q0)) {
        t1 = m + 1;
        while (t1 < q1 && s[t1] != ' ')
            t1++;
        if (t1 > m + 1 && (t1 == q1 || is_protocol(s + t1 + 1, q1 - t1 - 1)))
            return field(w, "url", m + 1, t1, PRIVPOL_CAT_USAGE_JOURNEY, QUOTED, NULL,
                         0);
    }
    if (q1 == q0)
        return PRIVPOL_OK; /* "": no request line, nothing about anyone */
    return field(w, "request", q0, q1, w->r->cat_unknown, QUOTED, NULL, 0);
}

/* A field after the user agent, s[a, b) (inside its quotes if quoted). The first quoted
 * one is nginx's "$http_x_forwarded_for": its items go through one by one as
 * `x_forwarded_for`. The others are `field_N` (N its position in the line), classified
 * by their value; a list of IP addresses is split like X-Forwarded-For. */
static privpol_status
trailing(struct walk *w, size_t a, size_t b, enum quoting q, bool xff, size_t number)
{
    char name[32];

    if (b == a || is_dash(w->s, a, b))
        return PRIVPOL_OK;
    if (xff)
        return list(w, "x_forwarded_for", a, b, q);
    snprintf(name, sizeof name, "field_%zu", number);
    if (ip_list(w->s, a, b))
        return list(w, name, a, b, q);
    return field(w, name, a, b, PRIVPOL__CATEGORY_AUTO, q, NULL, 0);
}

/* host ident user [time] "request" status bytes ["referer" "user agent" [field...]] */
static privpol_status
walk(struct walk *w)
{
    privpol_record *r = w->r;
    const char *s = w->s;
    size_t n = w->n, i, a, b, q0, q1, number;
    bool xff = true;
    privpol_status st;
    int64_t t = 0;
    char iso[21] = "";

    /* the client address must be an IP address whatever the policy does with it: a
     * resolved host name would otherwise stay in clear */
    b = word_end(s, n, 0);
    if (b == 0 || b == n)
        return bad(w, b, "not an access-log line");
    if (!w->emit && !is_ip(s, b))
        return bad(w, 0, "client address is not an IP address");
    if ((st = field(w, "host", 0, b, r->cat_ip, BARE, NULL, 0)) != PRIVPOL_OK)
        return st;
    i = skip_spaces(s, n, b);
    for (int k = 0; k < 2; k++) { /* ident, remote user */
        a = i;
        b = word_end(s, n, a);
        if (b == n)
            return bad(w, b, "not an access-log line");
        if (!is_dash(s, a, b) &&
            (st = field(w, k == 0 ? "ident" : "user", a, b, r->cat_unknown, BARE, NULL,
                        0)) != PRIVPOL_OK)
            return st;
        i = skip_spaces(s, n, b);
    }

    if (i >= n || s[i] != '[' || n - i < 28 || s[i + 27] != ']')
        return bad(w, i, "bad [time] field");
    if (!w->emit) {
        if (!clf_time(s + i + 1, 26, &t))
            return bad(w, i + 1, "bad [time] field");
        w->at = t;
        privpol__iso_time(iso, t);
    }
    if ((st = field(w, "time", i + 1, i + 27, r->cat_time, BRACKETED, iso, 20)) !=
        PRIVPOL_OK)
        return st;
    b = i + 28;
    if (b >= n || s[b] != ' ')
        return bad(w, b, "bad request field");
    i = skip_spaces(s, n, b);

    if (i >= n || s[i] != '"')
        return bad(w, i, "bad request field");
    if (!quoted(s, n, i, &q0, &q1))
        return bad(w, n, "unterminated request field");
    if ((st = request(w, q0, q1)) != PRIVPOL_OK)
        return st;
    b = q1 + 1;
    if (b >= n || s[b] != ' ')
        return bad(w, b, "bad status field");
    i = skip_spaces(s, n, b);

    a = i;
    b = word_end(s, n, a);
    /* status: 100 to 599 (RFC 9110 §15; "020 1532" would read as a phone number) */
    if (!(is_dash(s, a, b) ||
          (b - a == 3 && all_digits(s, a, b) && s[a] >= '1' && s[a] <= '5')) ||
        b == n)
        return bad(w, a, "bad status field");
    a = i = skip_spaces(s, n, b);
    b = word_end(s, n, a);
    /* bytes: no leading zero (a logged size never has one; "0612345678" would be a
     * phone number) */
    if (!is_dash(s, a, b) &&
        !(b - a <= 20 && all_digits(s, a, b) && (s[a] != '0' || b - a == 1)))
        return bad(w, a, "bad size field");
    i = skip_spaces(s, n, b);
    if (i == n)
        return PRIVPOL_OK; /* common */

    if (s[i] != '"' || !quoted(s, n, i, &q0, &q1))
        return bad(w, i, "bad referer field");
    if ((st = quoted_value(w, "referer", q0, q1, PRIVPOL_CAT_USAGE_JOURNEY)) !=
        PRIVPOL_OK)
        return st;
    b = q1 + 1;
    if (b >= n || s[b] != ' ')
        return bad(w, b, "bad user-agent field");
    i = skip_spaces(s, n, b);
    if (i >= n || s[i] != '"' || !quoted(s, n, i, &q0, &q1))
        return bad(w, i, "bad user-agent field");
    if ((st = quoted_value(w, "user_agent", q0, q1, r->cat_ua)) != PRIVPOL_OK)
        return st;
    b = q1 + 1;

    for (number = 10;; number++) { /* after the user agent (the 9th field) */
        if (b < n && s[b] != ' ')
            return bad(w, b, "bad field after a quoted one");
        if ((i = skip_spaces(s, n, b)) == n)
            return PRIVPOL_OK;
        if (s[i] == '"') {
            if (!quoted(s, n, i, &q0, &q1))
                return bad(w, n, "unterminated quoted field");
            st = trailing(w, q0, q1, QUOTED, xff, number);
            xff = false;
            b = q1 + 1;
        } else {
            b = word_end(s, n, i);
            st = trailing(w, i, b, BARE, false, number);
        }
        if (st != PRIVPOL_OK)
            return st;
    }
}

privpol_status
privpol_record_scrub_accesslog(privpol_record *r, const privpol_record_request *tag,
                               const char *line, size_t len, const char **out,
                               size_t *out_len, privpol_error *err)
{
    struct walk w;
    privpol_record_request eff;
    privpol_status st;
    size_t col;
    bool nul;

    if (out != NULL)
        *out = NULL;
    if (out_len != NULL)
        *out_len = 0;
    if (r == NULL || tag == NULL || (line == NULL && len > 0) || out == NULL ||
        out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(tag->version, PRIVPOL_RECORD_REQUEST_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_request version");
    privpol_record_clear(r);
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > 0 && line[len - 1] == '\r')
        len--;
    if (len == 0)
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, 1, "empty line");
    if ((col = bad_byte(line, len, &nul)) != 0)
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, col,
                                nul ? "NUL byte in the line" : "invalid UTF-8");

    memset(&w, 0, sizeof w);
    w.r = r;
    w.s = line;
    w.n = len;
    w.err = err;
    if ((st = walk(&w)) != PRIVPOL_OK)
        return st;
    /* a version 1 tag ends before the tenants */
    memset(&eff, 0, sizeof eff);
    eff = *tag;
    if (eff.event_time == 0)
        eff.event_time = w.at;
    if ((st = privpol_record_process(r, &eff, err)) != PRIVPOL_OK)
        return st;
    if (r->fields[0].category != r->cat_ip)
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, 1,
                                "client address is not an IP address");

    r->out.len = 0;
    w.emit = true;
    if ((st = privpol__buf_reserve(r->ctx, &r->out, len + 64)) != PRIVPOL_OK ||
        (st = walk(&w)) != PRIVPOL_OK ||
        (st = privpol__buf_put(r->ctx, &r->out, line + w.pos, len - w.pos)) !=
            PRIVPOL_OK ||
        (st = privpol__buf_reserve(r->ctx, &r->out, 1)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    r->out.p[r->out.len] = '\0';
    *out = r->out.p;
    *out_len = r->out.len;
    return PRIVPOL_OK;
}
