/* SPDX-License-Identifier: MIT */
/* IP address normalizer: text to bytes (privpol__ip_parse) and bytes to canonical text
 * (privpol__ip_format).
 *
 * Input. The caller has trimmed surrounding ASCII white space. s is not NUL-terminated
 * and is never read past s[n - 1]; nothing is allocated. libc inet_pton() is not used:
 * its acceptance rules differ between C libraries (leading zeros, short IPv4 forms,
 * trailing ':'), and a pseudonym must not depend on the platform. The parser is strict
 * and single-pass.
 *
 * IPv4: exactly four decimal octets 0-255 separated by '.'. Refused: leading zeros
 *   ("01.2.3.4": some parsers read it as octal, others as decimal, so it names no single
 *   host; "0.0.0.0" is fine), empty octets, a trailing dot, hexadecimal, octal and short
 *   forms ("0x7f.0.0.1", "127.1"), ports ("1.2.3.4:80").
 *
 * IPv6: every RFC 4291 §2.2 text form. Eight groups of 1 to 4 hex digits in either case,
 *   separated by ':'; "::" at most once, standing for one or more zero groups (RFC 5952
 *   §4.2.2 says it must not be written for a single group, but such input is valid and is
 *   accepted); the last 32 bits may be written as a dotted quad with the IPv4 rules above
 *   ("::ffff:192.0.2.1", "64:ff9b::198.51.100.7"). Refused: a group of 5 or more digits,
 *   more than eight groups, ":::", a second "::", a single leading or trailing ':'
 *   (":1::", "1::2:"), zone ids ("fe80::1%eth0": a zone names an interface of the host
 *   that wrote the text, not a host, so it does not belong in an identifier), brackets
 *   ("[::1]"), prefix lengths ("/64"), white space and any other byte.
 *
 * Output: 4 bytes for IPv4 and for every IPv4-mapped IPv6 address (first 80 bits zero,
 *   next 16 bits one, in any notation: "::ffff:192.0.2.1", "::FFFF:c000:201",
 *   "0:0:0:0:0:ffff:192.0.2.1"), so that the two spellings of one IPv4 host get one
 *   pseudonym; 16 bytes in network order for every other IPv6 address, including the
 *   deprecated IPv4-compatible form "::192.0.2.1".
 *
 * Errors: PRIVPOL_EVALUE. err->column is the 1-based offset of the byte at which the
 *   parse failed (the 5th digit of a group, the digit after a leading zero, the digit
 *   that takes an octet past 255, the ':' that would start a 9th group, the '%' of a
 *   zone id, ...). A separator that ends the input ("1.2.3.", "1::2:") is itself the bad
 *   byte. When the input is empty or ends before the address is complete ("1.2.3",
 *   "1:2:3"), no byte is wrong and column is 0. Messages never quote the input.
 *
 * Formatting: 4 bytes give a dotted quad without leading zeros. 16 bytes follow RFC 5952
 *   §4: lowercase hex, no leading zeros, "::" replaces the longest run of two or more
 *   zero groups (the first such run on a tie), a lone zero group is written "0". An
 *   IPv4-mapped address (::ffff:0:0/96) is written "::ffff:a.b.c.d" as RFC 5952 §5
 *   recommends, although privpol__ip_parse() gives 4 bytes for it. Any other length
 *   gives "" and 0. */
#include "ident.h"

#include <string.h>

/* The slow path stays out of line, so that the fast path needs no stack frame. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* Where and why a parse failed; col is relative to the string handed to the parser. */
struct bad {
    size_t col;
    const char *msg;
};

/* Hex digit value plus one; 0 for any other byte. */
static const uint8_t hex_plus_one[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
    ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
    ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12,
    ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

static bool
set_bad(struct bad *bad, size_t col, const char *msg)
{
    bad->col = col;
    bad->msg = msg;
    return false;
}

/* Message for a byte that cannot appear where it was found. */
static const char *
char_message(unsigned char c)
{
    switch (c) {
    case '%':
        return "zone ids are not accepted (they name an interface, not a host)";
    case '/':
        return "prefix lengths are not accepted";
    case '[':
    case ']':
        return "brackets are not accepted";
    default:
        break;
    }
    if (privpol__is_space(c))
        return "white space inside an IP address";
    return "character not allowed in an IP address";
}

/* Parse all of s[0..n) (n > 0) as a dotted quad into out[0..4), finding the exact
 * error; used for embedded quads and for the inputs the fast path below refuses. */
static bool
v4_parse(const unsigned char *s, size_t n, uint8_t *out, struct bad *bad)
{
    size_t i = 0;
    for (unsigned k = 0; k < 4; k++) {
        unsigned v;
        if (k > 0) {
            if (i == n)
                return set_bad(bad, 0, "IPv4 address with fewer than four octets");
            if (s[i] != '.')
                return set_bad(bad, i + 1, char_message(s[i]));
            if (++i == n)
                return set_bad(bad, i, "IPv4 address ends with '.'");
        }
        if (!privpol__is_digit(s[i]))
            return set_bad(bad, i + 1,
                           s[i] == '.' ? "empty IPv4 octet" : char_message(s[i]));
        v = (unsigned)(s[i++] - '0');
        while (i < n && privpol__is_digit(s[i])) {
            if (v == 0)
                return set_bad(bad, i + 1, "leading zero in an IPv4 octet");
            v = v * 10 + (unsigned)(s[i] - '0');
            if (v > 255)
                return set_bad(bad, i + 1, "IPv4 octet greater than 255");
            i++;
        }
        out[k] = (uint8_t)v;
    }
    if (i < n) {
        if (s[i] == '.')
            return set_bad(bad, i + 1,
                           i + 1 == n ? "IPv4 address ends with '.'"
                                      : "IPv4 address with more than four octets");
        if (s[i] == ':')
            return set_bad(bad, i + 1, "port numbers are not accepted");
        return set_bad(bad, i + 1, char_message(s[i]));
    }
    return true;
}

/* The common case, fast: a valid dotted quad, nothing else. Whatever it refuses, valid
 * or not, goes to parse_full(), which also finds the error column. */
static inline bool
v4_fast(const unsigned char *s, size_t n, uint8_t *out)
{
    const unsigned char *p = s, *end;

    if (n < 7 || n > 15) /* also keeps s == NULL (n == 0) out of the arithmetic */
        return false;
    end = s + n;
    for (unsigned k = 0; k < 4; k++) {
        unsigned d0 = *p++ - (unsigned)'0', d1, d2, v;
        if (d0 > 9)
            return false;
        if (p == end || (d1 = *p - (unsigned)'0') > 9) {
            v = d0;
        } else if (d0 == 0) { /* leading zero */
            return false;
        } else if (++p == end || (d2 = *p - (unsigned)'0') > 9) {
            v = d0 * 10 + d1;
        } else {
            v = d0 * 100 + d1 * 10 + d2;
            if (v > 255)
                return false;
            p++;
        }
        out[k] = (uint8_t)v;
        /* a '.' and at least one byte after it, so that the next octet may read p[0] */
        if (k < 3 && (end - p < 2 || *p++ != '.'))
            return false;
    }
    return p == end; /* a 4th digit or more text: not here */
}

/* Parse all of s[0..n) (n > 0) into 16-bit groups: 8 for IPv6, 2 for a dotted quad.
 * Returns the number of groups, 0 on error. The result stays in 16-bit words until it is
 * written out byte by byte: reading bytes back with wider loads stalls store forwarding.
 */
static unsigned
parse_full(const unsigned char *s, size_t n, uint16_t *out, struct bad *bad)
{
    uint16_t g[8]; /* groups as written, before "::" is expanded */
    uint8_t q[4];
    unsigned ng = 0;  /* groups read so far (an embedded IPv4 counts two) */
    int gap = -1;     /* number of groups before "::", -1 if none yet */
    unsigned max = 8; /* groups allowed: 7 once "::" is seen */
    size_t i = 0;

    if (s[0] == ':') {
        if (n == 1 || s[1] != ':')
            return set_bad(bad, 1, "IPv6 address starts with a single ':'");
        gap = 0;
        max = 7;
        i = 2;
        if (i < n && s[i] == ':')
            return set_bad(bad, 3, "':::' in an IPv6 address");
    }
    while (i < n) {
        /* A group, or the IPv4 part, starts at s[i]; s[i] is not ':'. */
        size_t start = i;
        unsigned v = hex_plus_one[s[i]], h;
        if (v-- == 0)
            return set_bad(bad, i + 1, char_message(s[i]));
        /* up to three more digits, unrolled; a fifth one is an error */
        if (++i < n && (h = hex_plus_one[s[i]]) != 0) {
            v = v << 4 | (h - 1);
            if (++i < n && (h = hex_plus_one[s[i]]) != 0) {
                v = v << 4 | (h - 1);
                if (++i < n && (h = hex_plus_one[s[i]]) != 0) {
                    v = v << 4 | (h - 1);
                    if (++i < n && hex_plus_one[s[i]] != 0)
                        return set_bad(bad, i + 1,
                                       "more than four hex digits in an IPv6 group");
                }
            }
        }
        if (i == n) {
            g[ng++] = (uint16_t)v;
            break;
        }
        if (s[i] == ':') {
            g[ng++] = (uint16_t)v;
            if (i + 1 < n && s[i + 1] == ':') {
                if (gap >= 0)
                    return set_bad(bad, i + 2, "'::' appears twice in an IPv6 address");
                if (ng == 8)
                    return set_bad(bad, i + 1,
                                   "more than eight groups in an IPv6 address");
                gap = (int)ng;
                max = 7;
                i += 2;
                if (i == n)
                    break;
                if (s[i] == ':')
                    return set_bad(bad, i + 1, "':::' in an IPv6 address");
                if (ng == max)
                    return set_bad(bad, i + 1,
                                   "more than eight groups in an IPv6 address");
                continue;
            }
            if (ng == max)
                return set_bad(bad, i + 1, "more than eight groups in an IPv6 address");
            if (++i == n)
                return set_bad(bad, i, "IPv6 address ends with a single ':'");
            continue;
        }
        if (s[i] == '.') {
            if (ng == 0 && gap < 0) { /* no ':' before: the whole input is IPv4 */
                if (!v4_parse(s, n, q, bad))
                    return 0;
                out[0] = (uint16_t)(q[0] << 8 | q[1]);
                out[1] = (uint16_t)(q[2] << 8 | q[3]);
                return 2;
            }
            for (size_t j = start; j < i; j++)
                if (!privpol__is_digit(s[j]))
                    return set_bad(bad, i + 1, "hex digits before an embedded IPv4 part");
            if (ng + 2 > max)
                return set_bad(bad, i + 1, "no room for an embedded IPv4 part");
            if (!v4_parse(s + start, n - start, q, bad)) {
                if (bad->col != 0)
                    bad->col += start;
                return 0;
            }
            g[ng++] = (uint16_t)(q[0] << 8 | q[1]);
            g[ng++] = (uint16_t)(q[2] << 8 | q[3]);
            break;
        }
        return set_bad(bad, i + 1, char_message(s[i]));
    }
    if (gap < 0 && ng != 8)
        return set_bad(bad, 0, "IPv6 address with fewer than eight groups");

    /* Groups after "::" move to the end; the ones it stands for are zero. */
    {
        unsigned before = gap >= 0 ? (unsigned)gap : 8, zeros = 8 - ng;
        memset(out, 0, 8 * sizeof *out);
        for (unsigned j = 0; j < ng; j++)
            out[j < before ? j : j + zeros] = g[j];
    }
    return 8;
}

static bool
is_v4_mapped(const uint8_t *b)
{
    static const uint8_t prefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    return memcmp(b, prefix, sizeof prefix) == 0;
}

/* Everything but a valid dotted quad: IPv6, and every error. */
NOINLINE static privpol_status
ip_parse_slow(const unsigned char *u, size_t n, uint8_t *out, size_t *out_len,
              privpol_error *err)
{
    struct bad bad = {0, NULL};
    uint16_t g[8];
    unsigned ng;

    *out_len = 0;
    if (n == 0)
        return privpol__fail_at(err, PRIVPOL_EVALUE, 0, 0, "empty IP address");
    if ((ng = parse_full(u, n, g, &bad)) == 0) {
        memset(out, 0, 16);
        return privpol__fail_at(err, PRIVPOL_EVALUE, 0, bad.col, bad.msg);
    }
    if (ng == 8 && (g[0] | g[1] | g[2] | g[3] | g[4]) == 0 && g[5] == 0xffff) {
        g[0] = g[6]; /* IPv4-mapped: the IPv4 host itself */
        g[1] = g[7];
        ng = 2;
    }
    for (unsigned k = 0; k < ng; k++) {
        out[2 * k] = (uint8_t)(g[k] >> 8);
        out[2 * k + 1] = (uint8_t)g[k];
    }
    *out_len = 2 * (size_t)ng;
    return PRIVPOL_OK;
}

privpol_status
privpol__ip_parse(const char *s, size_t n, uint8_t out[16], size_t *out_len,
                  privpol_error *err)
{
    const unsigned char *u = (const unsigned char *)s;

    if (out == NULL || out_len == NULL || (s == NULL && n > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (v4_fast(u, n, out)) {
        *out_len = 4;
        return PRIVPOL_OK;
    }
    return ip_parse_slow(u, n, out, out_len, err);
}

static char *
put_decimal(char *p, unsigned v)
{
    if (v >= 100) {
        *p++ = (char)('0' + v / 100);
        v %= 100;
        *p++ = (char)('0' + v / 10);
    } else if (v >= 10) {
        *p++ = (char)('0' + v / 10);
    }
    *p++ = (char)('0' + v % 10);
    return p;
}

static char *
put_quad(char *p, const uint8_t *b)
{
    for (unsigned k = 0; k < 4; k++) {
        if (k > 0)
            *p++ = '.';
        p = put_decimal(p, b[k]);
    }
    return p;
}

static char *
put_hex(char *p, unsigned v)
{
    static const char digits[] = "0123456789abcdef";
    int shift = 12;
    while (shift > 0 && (v >> shift) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        *p++ = digits[(v >> shift) & 0xfU];
    return p;
}

size_t
privpol__ip_format(const uint8_t *ip, size_t ip_len, char *out)
{
    char *p = out;
    unsigned g[8];
    int best = -1;
    unsigned best_len = 1; /* a run must be at least two groups long */
    bool sep = false;

    if (out == NULL)
        return 0;
    if (ip == NULL || (ip_len != 4 && ip_len != 16)) {
        out[0] = '\0';
        return 0;
    }
    if (ip_len == 4) {
        p = put_quad(p, ip);
        *p = '\0';
        return (size_t)(p - out);
    }
    if (is_v4_mapped(ip)) {
        memcpy(p, "::ffff:", 7);
        p = put_quad(p + 7, ip + 12);
        *p = '\0';
        return (size_t)(p - out);
    }
    for (unsigned k = 0; k < 8; k++)
        g[k] = (unsigned)ip[2 * k] << 8 | ip[2 * k + 1];
    for (unsigned k = 0; k < 8;) {
        unsigned j = k;
        if (g[k] != 0) {
            k++;
            continue;
        }
        while (j < 8 && g[j] == 0)
            j++;
        if (j - k > best_len) { /* strictly longer: the first run wins a tie */
            best = (int)k;
            best_len = j - k;
        }
        k = j;
    }
    for (unsigned k = 0; k < 8; k++) {
        if ((int)k == best) {
            *p++ = ':';
            *p++ = ':';
            k += best_len - 1;
            sep = false;
            continue;
        }
        if (sep)
            *p++ = ':';
        p = put_hex(p, g[k]);
        sep = true;
    }
    *p = '\0';
    return (size_t)(p - out);
}
