/* SPDX-License-Identifier: MIT */
/* JSON strings: the one escaper of the library (the record pipeline's JSON output, the
 * policy writer's JSON and YAML) and the one unescaper (the record pipeline's JSON input,
 * the benchmarks' corpus reader through privpol_internal_dep). */
#include "util.h"

#include <string.h>

size_t
privpol__json_escape_byte(unsigned char c, char out[6])
{
    static const char hex[] = "0123456789abcdef";
    if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
        return 0;
    out[0] = '\\';
    switch (c) {
    case '"': out[1] = '"'; return 2;
    case '\\': out[1] = '\\'; return 2;
    case '\n': out[1] = 'n'; return 2;
    case '\r': out[1] = 'r'; return 2;
    case '\t': out[1] = 't'; return 2;
    default:
        out[1] = 'u';
        out[2] = '0';
        out[3] = '0';
        out[4] = hex[c >> 4];
        out[5] = hex[c & 15];
        return 6;
    }
}

size_t
privpol__json_escaped_len(const char *s, size_t n)
{
    char esc[6];
    size_t len = n;
    for (size_t i = 0; i < n; i++) {
        size_t k = privpol__json_escape_byte((unsigned char)s[i], esc);
        if (k > 0)
            len += k - 1;
    }
    return len;
}

size_t
privpol__json_escape_into(char *out, const char *s, size_t n)
{
    size_t run = 0, o = 0;
    for (size_t i = 0; i < n; i++) {
        char esc[6];
        size_t k = privpol__json_escape_byte((unsigned char)s[i], esc);
        if (k == 0)
            continue;
        memcpy(out + o, s + run, i - run);
        o += i - run;
        memcpy(out + o, esc, k);
        o += k;
        run = i + 1;
    }
    memcpy(out + o, s + run, n - run);
    return o + n - run;
}

static int
hex4(const char *s)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        int h = privpol__hex_value((unsigned char)s[k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t
put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}


#define BAD(text)                                                                        \
    do {                                                                                 \
        *bad = i;                                                                        \
        *msg = text;                                                                     \
        return PRIVPOL_EPARSE;                                                           \
    } while (0)

privpol_status
privpol__json_unescape(const char *s, size_t n, char *out, size_t *out_len, size_t *bad,
                       const char **msg)
{
    size_t i, o = 0;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\\') {
            out[o++] = c;
            continue;
        }
        if (++i >= n)
            BAD("bad escape");
        switch (s[i]) {
        case '"': out[o++] = '"'; break;
        case '\\': out[o++] = '\\'; break;
        case '/': out[o++] = '/'; break;
        case 'b': out[o++] = '\b'; break;
        case 'f': out[o++] = '\f'; break;
        case 'n': out[o++] = '\n'; break;
        case 'r': out[o++] = '\r'; break;
        case 't': out[o++] = '\t'; break;
        case 'u': {
            int cp = n - i > 4 ? hex4(s + i + 1) : -1;
            if (cp < 0)
                BAD("bad \\u escape");
            i += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                int lo = (n - i > 6 && s[i + 1] == '\\' && s[i + 2] == 'u') ? hex4(s + i + 3)
                                                                           : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    BAD("lone surrogate in a \\u escape");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                BAD("lone surrogate in a \\u escape");
            }
            o += put_utf8(out + o, (unsigned)cp); /* never longer than its escape */
            break;
        }
        default:
            BAD("bad escape");
        }
    }
    *out_len = o;
    return PRIVPOL_OK;
}

static bool
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *
privpol__json_gap(const char *text, size_t from, size_t to, char sep, size_t *bad)
{
    size_t i = from;
    if (from > to) {
        *bad = to;
        return "bad JSON structure";
    }
    while (i < to && is_ws(text[i]))
        i++;
    if (sep != 0) {
        if (i >= to || text[i] != sep) {
            *bad = i;
            return sep == ',' ? "missing comma" : "missing colon";
        }
        i++;
        while (i < to && is_ws(text[i]))
            i++;
    }
    if (i != to) {
        *bad = i;
        return "bad JSON structure";
    }
    return NULL;
}

bool
privpol__json_number_ok(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n)
        return false;
    if (s[i] == '0') {
        i++;
    } else if (s[i] >= '1' && s[i] <= '9') {
        while (i < n && privpol__is_digit(s[i]))
            i++;
    } else {
        return false;
    }
    if (i < n && s[i] == '.') {
        size_t d = ++i;
        while (i < n && privpol__is_digit(s[i]))
            i++;
        if (i == d)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t d;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        d = i;
        while (i < n && privpol__is_digit(s[i]))
            i++;
        if (i == d)
            return false;
    }
    return i == n;
}
