/* SPDX-License-Identifier: MIT */
/* Email address normalizer (privpol__email_parse).
 *
 * Input. The caller has trimmed surrounding ASCII white space. s is not NUL-terminated
 * and is never read past s[n - 1]; nothing is allocated. The address is split at its
 * LAST '@', so a quoted local part may itself contain '@' ("\"a@b\"@example.com").
 *
 * Lengths (RFC 5321 §4.5.3.1), counted in bytes as written: local part 1-64, domain
 * 1-253 (without the trailing dot), whole output address at most 254. Since the local
 * part is never empty, the 254 limit is the one that binds for long domains.
 *
 * Local part, one of:
 *   - a dot-atom: RFC 5322 atext (ASCII letters, digits and !#$%&'*+-/=?^_`{|}~) and
 *     dots, a dot neither first, nor last, nor next to another dot;
 *   - a quoted string: '"', then printable ASCII (space included) other than '"' and
 *     '\', or a backslash followed by one printable ASCII byte, then a closing '"' that
 *     ends the local part. It is kept exactly as written (escapes are not removed, the
 *     string is not unquoted even where quoting was unnecessary). An empty quoted string
 *     ("") is valid (RFC 5321 Quoted-string). The obsolete mixed forms (a."b") are
 *     refused.
 *   Both forms also take UTF-8 (RFC 6531), kept byte for byte; it must be well formed
 *   (no overlong forms, no surrogates, nothing past U+10FFFF, no stray continuation
 *   bytes) and must not encode a C1 control character (U+0080-U+009F).
 *
 * Domain, one of:
 *   - a name: labels separated by '.', each 1-63 bytes of ASCII letters, digits, '-'
 *     and UTF-8 (IDN U-labels, validated as above), not starting or ending with '-';
 *     one trailing dot is allowed and removed ("example.com." is "example.com"). No
 *     IDNA processing is done: U-labels are neither mapped nor case-folded and A-labels
 *     ("xn--...") are not decoded, so the two spellings of one IDN stay distinct;
 *   - an address literal: "[a.b.c.d]" or "[IPv6:...]" (the tag in any case), whose
 *     content must pass privpol__ip_parse() with the rules of normalize-ip.c. It is
 *     rewritten canonically: "[192.0.2.1]", "[IPv6:2001:db8::1]". An IPv4-mapped IPv6
 *     literal names an IPv4 host and is written "[a.b.c.d]", as the IP normalizer gives
 *     it 4 bytes. Refused: an IPv6 address without the tag, the tag before an IPv4
 *     address, RFC 5321 general address literals ("[tag:content]"), anything after ']'.
 *
 * Case: the domain is lowercased (ASCII only). The local part is lowercased (ASCII only)
 * unless keep_case, because nearly every mail system treats it case-insensitively and
 * one mailbox should get one pseudonym; a quoted local part is never lowercased, as the
 * quotes say its bytes are meant literally.
 *
 * Refused everywhere: control characters (C0, DEL, C1), white space outside quotes,
 * comments, a missing '@', an empty part. Errors are PRIVPOL_EVALUE with err->column the
 * 1-based offset of the first bad byte: the byte where a part's grammar fails, the 65th
 * byte of a long local part, the 254th byte of a long domain, the 255th byte of a long
 * address, the '@' when the part before or after it is empty or a quoted string is not
 * closed before it, ']' when a domain literal is incomplete. Column 0 means that no byte
 * is wrong but the input ended early (empty input, no '@', no ']'). Messages never quote
 * the input. */
#include "ident.h"

#include <string.h>

#define LOCAL_MAX 64
#define DOMAIN_MAX 253
#define ADDRESS_MAX 254
#define LABEL_MAX 63
#define LITERAL_MAX (sizeof "[IPv6:]" + PRIVPOL__IP_TEXT_MAX)

struct bad {
    size_t col; /* 1-based, 0: the input ended early */
    const char *msg;
};

/* Keep the earliest error; column 0 sorts after every real byte. Returns false. */
static bool
note(struct bad *bad, size_t col, const char *msg)
{
    if (bad->msg == NULL || (col != 0 && (bad->col == 0 || col < bad->col))) {
        bad->col = col;
        bad->msg = msg;
    }
    return false;
}

static bool
is_atext(unsigned char c)
{
    static const char specials[] = "!#$%&'*+-/=?^_`{|}~";
    return privpol__is_alnum(c) ||
           (c != 0 && memchr(specials, c, sizeof specials - 1) != NULL);
}

static bool
is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

/* Length of the well-formed UTF-8 sequence starting at s[0] (>= 0x80) inside s[0..n),
 * or 0 (Unicode Table 3-7: no overlongs, no surrogates, nothing past U+10FFFF). */
static size_t
utf8_length(const unsigned char *s, size_t n)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xbf;
    size_t len;

    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if (s[k] < 0x80 || s[k] > 0xbf)
            return 0;
    return len;
}

/* Check the non-ASCII sequence at s[i]; its length, or 0 once an error is noted. col0
 * is the column of s[0] minus one. */
static size_t
check_utf8(const unsigned char *s, size_t n, size_t i, size_t col0, struct bad *bad)
{
    size_t len = utf8_length(s + i, n - i);
    if (len == 0) {
        note(bad, col0 + i + 1, "invalid UTF-8 sequence");
        return 0;
    }
    if (s[i] == 0xc2 && s[i + 1] < 0xa0) {
        note(bad, col0 + i + 1, "control character");
        return 0;
    }
    return len;
}

static const char *
local_char_message(unsigned char c)
{
    if (is_control(c))
        return "control character";
    switch (c) {
    case ' ':
        return "space outside quotes in the local part";
    case '@':
        return "'@' outside quotes in the local part";
    case '"':
        return "quote inside an unquoted local part";
    case '(':
    case ')':
        return "comments are not accepted";
    default:
        return "character not allowed in the local part";
    }
}

static bool
check_dot_atom(const unsigned char *s, size_t n, struct bad *bad)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c == '.') {
            if (i == 0)
                return note(bad, 1, "local part starts with '.'");
            if (s[i - 1] == '.')
                return note(bad, i + 1, "consecutive dots in the local part");
            if (i + 1 == n)
                return note(bad, i + 1, "local part ends with '.'");
            i++;
        } else if (c >= 0x80) {
            size_t len = check_utf8(s, n, i, 0, bad);
            if (len == 0)
                return false;
            i += len;
        } else if (is_atext(c)) {
            i++;
        } else {
            return note(bad, i + 1, local_char_message(c));
        }
    }
    return true;
}

/* s[0] is '"'; at_col is the column of the '@' that follows the local part. */
static bool
check_quoted(const unsigned char *s, size_t n, size_t at_col, struct bad *bad)
{
    size_t i = 1;
    while (i < n) {
        unsigned char c = s[i];
        if (c == '"') {
            if (i + 1 != n)
                return note(bad, i + 2, "characters after a quoted local part");
            return true;
        }
        if (c == '\\') {
            unsigned char e;
            if (i + 1 == n)
                break;
            e = s[i + 1];
            if (e < 0x20 || e > 0x7e)
                return note(bad, i + 2,
                            e >= 0x80 ? "only printable ASCII can follow a backslash"
                                      : "control character");
            i += 2;
        } else if (c >= 0x80) {
            size_t len = check_utf8(s, n, i, 0, bad);
            if (len == 0)
                return false;
            i += len;
        } else if (is_control(c)) {
            return note(bad, i + 1, "control character");
        } else {
            i++;
        }
    }
    return note(bad, at_col, "quoted local part not closed before '@'");
}

static const char *
domain_char_message(unsigned char c)
{
    if (is_control(c))
        return "control character";
    if (c == ' ')
        return "space in the domain";
    return "character not allowed in a domain name";
}

/* d[0..dn) (dn > 0) as a domain name; col0 is the column of the '@'. */
static bool
check_domain_name(const unsigned char *d, size_t dn, size_t col0, struct bad *bad)
{
    size_t i = 0, label = 0, label_start = 0;
    while (i < dn) {
        unsigned char c = d[i];
        if (c == '.') {
            if (label == 0)
                return note(bad, col0 + i + 1,
                            i == 0 ? "domain starts with '.'"
                                   : "consecutive dots in the domain");
            if (d[i - 1] == '-')
                return note(bad, col0 + i, "domain label ends with '-'");
            label = 0;
            i++;
            continue;
        }
        if (label == 0)
            label_start = i;
        if (c >= 0x80) {
            size_t len = check_utf8(d, dn, i, col0, bad);
            if (len == 0)
                return false;
            i += len;
            label += len;
        } else if (privpol__is_alnum(c)) {
            i++;
            label++;
        } else if (c == '-') {
            if (label == 0)
                return note(bad, col0 + i + 1, "domain label starts with '-'");
            i++;
            label++;
        } else {
            return note(bad, col0 + i + 1, domain_char_message(c));
        }
        if (label > LABEL_MAX)
            return note(bad, col0 + label_start + LABEL_MAX + 1,
                        "domain label longer than 63 bytes");
    }
    /* label == 0 here means one trailing dot, allowed: a lone '.' failed above. */
    if (label > 0 && d[dn - 1] == '-')
        return note(bad, col0 + dn, "domain label ends with '-'");
    return true;
}

static bool
is_ipv6_tag(const unsigned char *s)
{
    static const char tag[] = "ipv6:";
    for (size_t k = 0; k < sizeof tag - 1; k++)
        if ((s[k] | (s[k] >= 'A' && s[k] <= 'Z' ? 0x20 : 0)) != (unsigned char)tag[k])
            return false;
    return true;
}

/* d[0..dn) starts with '['; col0 is the column of the '@'. Writes the canonical literal
 * into lit (LITERAL_MAX bytes) and returns its length, or 0 once an error is noted. */
static size_t
check_literal(const unsigned char *d, size_t dn, size_t col0, char *lit, struct bad *bad,
              privpol_error *iperr)
{
    const unsigned char *close = memchr(d, ']', dn);
    size_t end = close != NULL ? (size_t)(close - d) : dn; /* index of ']' */
    size_t start = 1;
    const char *content;
    size_t clen, ip_len;
    bool tagged = false, has_colon;
    uint8_t ip[16];
    char *p = lit;

    if (end - 1 >= 5 && is_ipv6_tag(d + 1)) {
        tagged = true;
        start = 6;
    }
    content = (const char *)d + start;
    clen = end - start;
    has_colon = memchr(content, ':', clen) != NULL;
    if (privpol__ip_parse(content, clen, ip, &ip_len, iperr) != PRIVPOL_OK) {
        /* Column 0 from the IP parser: the content stopped early, at ']' if any. */
        size_t col = iperr->column != 0 ? col0 + start + iperr->column
                                        : (close != NULL ? col0 + end + 1 : 0);
        note(bad, col, iperr->message);
        return 0;
    }
    if (!tagged && has_colon) {
        const unsigned char *colon = memchr(content, ':', clen);
        note(bad, col0 + (size_t)(colon - d) + 1,
             "IPv6 address literal without the 'IPv6:' tag");
        return 0;
    }
    if (tagged && !has_colon) {
        note(bad, col0 + start + 1, "IPv4 address after the 'IPv6:' tag");
        return 0;
    }
    if (close == NULL) {
        note(bad, 0, "domain literal not closed by ']'");
        return 0;
    }
    if (end + 1 != dn) {
        note(bad, col0 + end + 2, "characters after a domain literal");
        return 0;
    }
    *p++ = '[';
    if (ip_len == 16) {
        memcpy(p, "IPv6:", 5);
        p += 5;
    }
    p += privpol__ip_format(ip, ip_len, p);
    *p++ = ']';
    return (size_t)(p - lit);
}

static void
copy_lower(char *dst, const unsigned char *src, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        unsigned char c = src[k];
        dst[k] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
    }
}

privpol_status
privpol__email_parse(const char *s, size_t n, bool keep_case, char *out, size_t *out_len,
                     privpol_error *err)
{
    const unsigned char *u = (const unsigned char *)s;
    const unsigned char *d;
    struct bad bad = {0, NULL};
    privpol_error iperr;
    char lit[LITERAL_MAX];
    size_t at, dn, dom_len;
    bool quoted, literal;
    char *p;

    if (out == NULL || out_len == NULL || (s == NULL && n > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out_len = 0;
    out[0] = '\0';
    if (n == 0)
        return privpol__fail_at(err, PRIVPOL_EVALUE, 0, 0, "empty email address");
    for (at = n; at > 0 && u[at - 1] != '@'; at--)
        ;
    if (at == 0)
        return privpol__fail_at(err, PRIVPOL_EVALUE, 0, 0, "no '@' in the email address");
    at--; /* index of the last '@'; its column is at + 1 */

    /* Local part. Its errors all lie before the '@', ahead of any domain error. */
    quoted = at > 0 && u[0] == '"';
    if (at == 0)
        note(&bad, 1, "empty local part");
    else if (quoted)
        check_quoted(u, at, at + 1, &bad);
    else
        check_dot_atom(u, at, &bad);
    if (at > LOCAL_MAX)
        note(&bad, LOCAL_MAX + 1, "local part longer than 64 bytes");
    if (bad.msg != NULL)
        return privpol__fail_at(err, PRIVPOL_EVALUE, 0, bad.col, bad.msg);

    /* Domain. */
    d = u + at + 1;
    dn = n - at - 1;
    literal = dn > 0 && d[0] == '[';
    if (dn == 0) {
        note(&bad, at + 1, "empty domain");
        dom_len = 0;
    } else if (literal) {
        dom_len = check_literal(d, dn, at + 1, lit, &bad, &iperr);
    } else {
        check_domain_name(d, dn, at + 1, &bad);
        dom_len = d[dn - 1] == '.' ? dn - 1 : dn;
        if (dom_len > DOMAIN_MAX)
            note(&bad, at + 1 + DOMAIN_MAX + 1, "domain longer than 253 bytes");
    }
    /* Output and input agree byte for byte up to here for a name; a literal is short. */
    if (at + 1 + dom_len > ADDRESS_MAX)
        note(&bad, ADDRESS_MAX + 1, "email address longer than 254 bytes");
    if (bad.msg != NULL)
        return privpol__fail_at(err, PRIVPOL_EVALUE, 0, bad.col, bad.msg);

    p = out;
    if (quoted || keep_case)
        memcpy(p, u, at);
    else
        copy_lower(p, u, at);
    p += at;
    *p++ = '@';
    if (literal)
        memcpy(p, lit, dom_len);
    else
        copy_lower(p, d, dom_len);
    p += dom_len;
    *p = '\0';
    *out_len = (size_t)(p - out);
    return PRIVPOL_OK;
}
