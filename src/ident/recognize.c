/* SPDX-License-Identifier: MIT */
/* Validators of whole candidates: card numbers, IBANs, IMEIs, UUIDs, MAC addresses,
 * coordinates, URLs and user agents. Each reads exactly s[0..n-1] (never a NUL), keeps
 * no state and allocates nothing, so privpol_classify() and the free-text scanner can
 * call them on any slice. They answer "is this a valid identifier of that kind", which
 * is stricter than "does it look like one": check digits, issuer ranges, registries and
 * numeric ranges are verified, and layouts are fixed (no stray separators), because a
 * false positive here turns a ticket or an order number into personal data.
 *
 * Rules (sources in the comments of each function):
 *   card   12-19 digits; bare, or groups of 3-6 digits (the last 1-6) separated by
 *          single spaces or single dashes, the same throughout; Luhn; issuer prefix
 *          (IIN) and length of a scheme that issues it.
 *   IBAN   ISO 13616: country code of the SWIFT IBAN registry, check digits 02-98,
 *          BBAN of that country's structure (n digits, a uppercase letters, c either),
 *          ISO 7064 MOD 97-10 == 1; electronic form, or print form in groups of four
 *          separated by single spaces (the last group 1-4). Uppercase only: ISO 13616
 *          writes letters in upper case, and lowercase runs of letters and digits in
 *          text are far more often something else (hashes, references).
 *   IMEI   3GPP TS 23.003 §6.2.1: 15 digits, Luhn; bare, "AA-BBBBBB-CCCCCC-D" or
 *          "AABBBBBB-CCCCCC-D" (TAC, serial, check digit), with dashes or spaces.
 *   UUID   RFC 9562: 8-4-4-4-12 hex digits, any case; in braces or as "urn:uuid:";
 *          the Nil and Max UUIDs are refused (they identify nothing).
 *   MAC    EUI-48: six hex pairs separated by ':' or '-', the same throughout, or
 *          three groups of four hex digits separated by '.'; 00:00:00:00:00:00 and
 *          ff:ff:ff:ff:ff:ff (broadcast) are refused.
 *   coords "lat,lon", "lat, lon" or "lat lon", decimal degrees, optional sign,
 *          no leading zeros, 2 to 15 decimals each, |lat| <= 90, |lon| <= 180.
 *   URL    RFC 3986 subset: scheme http, https, ftp, ws or wss (any case), "://",
 *          host (DNS name, dotted-quad IPv4, or [IPv6]), optional port 1-65535, then
 *          path, query and fragment of unreserved, reserved and %HH characters. No
 *          userinfo ("user:pass@host" is refused: a URL carrying credentials must
 *          not be read as a mere page address).
 *   UA     RFC 9110 §10.1.5 User-Agent: product *( RWS ( product / comment ) ),
 *          the first product "name/version" with a letter first and a version
 *          number ("5.0", "2.1.0": digits, '.', a digit) as its version, which
 *          keeps paths like "faq/5g" out; a product without version must be
 *          followed by one with a version ("Mobile Safari/537.36"), which rejects
 *          ordinary sentences. */
#include "ident.h"

#include <string.h>

/* ---- characters ------------------------------------------------------------------ */

/* ASCII classes. C_TCHAR: RFC 9110 §5.6.2 tchar; C_URL: RFC 3986 §2.2-2.3 unreserved
 * and reserved characters; C_HEX: hex digit; C_CTEXT: what a user-agent comment holds
 * besides '(', ')' and '\\' (RFC 9110 §5.6.5 ctext: tab, space, visible ASCII; bytes
 * 0x80 and up, obs-text, are taken apart). */
enum { C_TCHAR = 1, C_URL = 2, C_HEX = 4, C_CTEXT = 8 };
/* clang-format off */
static const unsigned char ctype[256] = {
     0,  0,  0,  0,  0,  0,  0,  0,  0,  8,  0,  0,  0,  0,  0,  0, /* 0x00 */
     0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0, /* 0x10 */
     8, 11,  8, 11, 11,  9, 11, 11,  2,  2, 11, 11, 10, 11, 11, 10, /* 0x20 sp to / */
    15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 10, 10,  8, 10,  8, 10, /* 0x30 0 to ? */
    10, 15, 15, 15, 15, 15, 15, 11, 11, 11, 11, 11, 11, 11, 11, 11, /* 0x40 @ to O */
    11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 10,  0, 10,  9, 11, /* 0x50 P to _ */
     9, 15, 15, 15, 15, 15, 15, 11, 11, 11, 11, 11, 11, 11, 11, 11, /* 0x60 ` to o */
    11, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11,  8,  9,  8, 11,  0, /* 0x70 p to DEL */
};
/* clang-format on */

static inline unsigned char
lower(unsigned char c)
{
    return privpol__is_upper(c) ? (unsigned char)(c | 0x20) : c;
}

/* ---- Luhn and digit groups ------------------------------------------------------- */

/* ISO/IEC 7812-1 Annex B (Luhn): from the rightmost digit, double every second one. */
static bool
luhn_ok(const char *d, size_t nd)
{
    unsigned sum = 0;
    bool dbl = false;
    for (size_t i = nd; i-- > 0;) {
        unsigned v = (unsigned)(d[i] - '0');
        if (dbl) {
            v *= 2;
            if (v > 9)
                v -= 9;
        }
        sum += v;
        dbl = !dbl;
    }
    return sum % 10 == 0;
}

/* Digits of s into d (at most cap). Bare digits, or groups separated by single spaces
 * or single dashes (one kind throughout); every group but the last has min..max
 * digits, the last 1..max. */
static bool
grouped_digits(const char *s, size_t n, char *d, size_t cap, size_t *nd, size_t min_group,
               size_t max_group)
{
    char sep = 0;
    size_t group = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (privpol__is_digit(c)) {
            if (k == cap)
                return false;
            d[k++] = (char)c;
            group++;
            continue;
        }
        if (c != ' ' && c != '-')
            return false;
        if (sep == 0)
            sep = (char)c;
        else if (c != (unsigned char)sep)
            return false;
        if (group < min_group || group > max_group)
            return false; /* also rejects a leading or a doubled separator */
        group = 0;
    }
    if (group == 0 || (sep != 0 && group > max_group))
        return false;
    *nd = k;
    return true;
}

/* ---- cards ----------------------------------------------------------------------- */

static unsigned
prefix_value(const char *d, size_t len)
{
    unsigned v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (unsigned)(d[i] - '0');
    return v;
}

/* Issuer identification numbers and the lengths each scheme issues, from the schemes'
 * published ranges (ISO/IEC 7812 IINs as summarised by each network):
 *   Visa 4 (13, 16, 19); Mastercard 51-55 and 2221-2720 (16); American Express 34, 37
 *   (15); Discover 6011, 644-649, 65 (16-19); JCB 3528-3589 (16-19); Diners Club
 *   300-305, 36 (14-19) and 38-39 (16-19); UnionPay 62 (16-19); Mir 2200-2204 (16-19);
 *   Maestro 50, 56-69 (12-19). */
static bool
card_iin_ok(const char *d, size_t nd)
{
    unsigned p2 = prefix_value(d, 2), p3 = prefix_value(d, 3), p4 = prefix_value(d, 4);
    if (d[0] == '4')
        return nd == 13 || nd == 16 || nd == 19;
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
        return nd == 16;
    if (p2 == 34 || p2 == 37)
        return nd == 15;
    if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65 ||
        (p4 >= 3528 && p4 <= 3589) || p2 == 62 || (p4 >= 2200 && p4 <= 2204) ||
        p2 == 38 || p2 == 39)
        return nd >= 16 && nd <= 19;
    if ((p3 >= 300 && p3 <= 305) || p2 == 36)
        return nd >= 14 && nd <= 19;
    if (p2 == 50 || (p2 >= 56 && p2 <= 69))
        return nd >= 12 && nd <= 19;
    return false;
}

bool
privpol__card_ok(const char *s, size_t n)
{
    char d[19];
    size_t nd = 0;
    if (s == NULL || n < 12 || n > 19 + 18 ||
        !grouped_digits(s, n, d, sizeof d, &nd, 3, 6))
        return false;
    return nd >= 12 && card_iin_ok(d, nd) && luhn_ok(d, nd);
}

/* ---- IMEI ------------------------------------------------------------------------ */

bool
privpol__imei_ok(const char *s, size_t n)
{
    char d[15];
    size_t k = 0;
    if (s == NULL)
        return false;
    if (n == 15) {
        for (size_t i = 0; i < n; i++) {
            if (!privpol__is_digit((unsigned char)s[i]))
                return false;
            d[i] = s[i];
        }
        return luhn_ok(d, 15);
    }
    /* 2-6-6-1 (18 bytes: RBI, rest of TAC, serial, check) or 8-6-1 (17 bytes). */
    if (n != 18 && n != 17)
        return false;
    {
        const size_t *cuts;
        static const size_t cuts18[] = {2, 9, 16}, cuts17[] = {8, 15};
        size_t ncuts = n == 18 ? 3 : 2, c = 0;
        char sep = s[n == 18 ? 2 : 8];
        cuts = n == 18 ? cuts18 : cuts17;
        if (sep != '-' && sep != ' ')
            return false;
        for (size_t i = 0; i < n; i++) {
            if (c < ncuts && i == cuts[c]) {
                if (s[i] != sep)
                    return false;
                c++;
                continue;
            }
            if (!privpol__is_digit((unsigned char)s[i]))
                return false;
            d[k++] = s[i];
        }
    }
    return k == 15 && luhn_ok(d, 15);
}

/* ---- IBAN ------------------------------------------------------------------------ */

/* SWIFT IBAN Registry (ISO 13616-1 registration authority), every country it lists,
 * with its BBAN structure in the registry's notation without '!': "5n5n11c2n" is 5
 * digits, 5 digits, 11 digits or uppercase letters, 2 digits. Sorted by country. */
static const struct iban_country {
    char cc[3];
    const char *bban;
} iban_countries[] = {
    {"AD", "4n4n12c"},     {"AE", "3n16n"},         {"AL", "8n16c"},
    {"AT", "5n11n"},       {"AZ", "4a20c"},         {"BA", "3n3n8n2n"},
    {"BE", "3n7n2n"},      {"BG", "4a4n2n8c"},      {"BH", "4a14c"},
    {"BI", "5n5n11n2n"},   {"BR", "8n5n10n1a1c"},   {"BY", "4c4n16c"},
    {"CH", "5n12c"},       {"CR", "4n14n"},         {"CY", "3n5n16c"},
    {"CZ", "4n6n10n"},     {"DE", "8n10n"},         {"DJ", "5n5n11n2n"},
    {"DK", "4n9n1n"},      {"DO", "4c20n"},         {"EE", "2n14n"},
    {"EG", "4n4n17n"},     {"ES", "4n4n1n1n10n"},   {"FI", "3n11n"},
    {"FK", "2a12n"},       {"FO", "4n9n1n"},        {"FR", "5n5n11c2n"},
    {"GB", "4a6n8n"},      {"GE", "2a16n"},         {"GI", "4a15c"},
    {"GL", "4n9n1n"},      {"GR", "3n4n16c"},       {"GT", "4c20c"},
    {"HN", "4a20n"},       {"HR", "7n10n"},         {"HU", "3n4n1n15n1n"},
    {"IE", "4a6n8n"},      {"IL", "3n3n13n"},       {"IQ", "4a3n12n"},
    {"IS", "4n2n6n10n"},   {"IT", "1a5n5n12c"},     {"JO", "4a4n18c"},
    {"KW", "4a22c"},       {"KZ", "3n13c"},         {"LB", "4n20c"},
    {"LC", "4a24c"},       {"LI", "5n12c"},         {"LT", "5n11n"},
    {"LU", "3n13c"},       {"LV", "4a13c"},         {"LY", "3n3n15n"},
    {"MC", "5n5n11c2n"},   {"MD", "2c18c"},         {"ME", "3n13n2n"},
    {"MK", "3n10c2n"},     {"MN", "4n12n"},         {"MR", "5n5n11n2n"},
    {"MT", "4a5n18c"},     {"MU", "4a2n2n12n3n3a"}, {"NI", "4a20n"},
    {"NL", "4a10n"},       {"NO", "4n6n1n"},        {"OM", "3n16c"},
    {"PK", "4a16c"},       {"PL", "8n16n"},         {"PS", "4a21c"},
    {"PT", "4n4n11n2n"},   {"QA", "4a21c"},         {"RO", "4a16c"},
    {"RS", "3n13n2n"},     {"RU", "9n5n15c"},       {"SA", "2n18c"},
    {"SC", "4a2n2n16n3a"}, {"SD", "2n12n"},         {"SE", "3n16n1n"},
    {"SI", "5n8n2n"},      {"SK", "4n6n10n"},       {"SM", "1a5n5n12c"},
    {"SO", "4n3n12n"},     {"ST", "8n11n2n"},       {"SV", "4a20n"},
    {"TL", "3n14n2n"},     {"TN", "2n3n13n2n"},     {"TR", "5n1n16c"},
    {"UA", "6n19c"},       {"VA", "3n15n"},         {"VG", "4a16n"},
    {"XK", "4n10n2n"},     {"YE", "4a4n18c"},
};

static const char *
iban_structure(char a, char b)
{
    size_t lo = 0, hi = sizeof iban_countries / sizeof *iban_countries;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *cc = iban_countries[mid].cc;
        int cmp = cc[0] != a ? (unsigned char)cc[0] - (unsigned char)a
                             : (unsigned char)cc[1] - (unsigned char)b;
        if (cmp == 0)
            return iban_countries[mid].bban;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* The BBAN (len bytes) against a structure string. */
static bool
bban_matches(const char *fmt, const char *b, size_t len)
{
    size_t pos = 0;
    while (*fmt != '\0') {
        size_t count = 0;
        char kind;
        while (privpol__is_digit((unsigned char)*fmt))
            count = count * 10 + (size_t)(*fmt++ - '0');
        kind = *fmt++;
        if (count > len - pos)
            return false;
        for (size_t i = 0; i < count; i++, pos++) {
            unsigned char c = (unsigned char)b[pos];
            bool ok = kind == 'n'   ? privpol__is_digit(c)
                      : kind == 'a' ? privpol__is_upper(c)
                                    : privpol__is_digit(c) || privpol__is_upper(c);
            if (!ok)
                return false;
        }
    }
    return pos == len;
}

static unsigned
mod97_add(unsigned r, unsigned char c)
{
    /* ISO 7064 MOD 97-10 over the decimal expansion, letters A=10..Z=35: one step per
     * character keeps the remainder small, so no big number is ever built. */
    if (privpol__is_digit(c))
        return (r * 10 + (unsigned)(c - '0')) % 97;
    return (r * 100 + (unsigned)(c - 'A' + 10)) % 97;
}

bool
privpol__iban_ok(const char *s, size_t n)
{
    char e[34]; /* electronic form; 34 characters at most (ISO 13616-1) */
    size_t k = 0;
    const char *fmt;
    unsigned r = 0, check;

    if (s == NULL || n < 5 || n > 34 + 8)
        return false;
    if (s[4] == ' ') {
        /* Print form: groups of four, single spaces, the last group 1 to 4. */
        if (s[n - 1] == ' ')
            return false;
        for (size_t i = 0; i < n; i++) {
            if (i % 5 == 4) {
                if (s[i] != ' ')
                    return false;
            } else {
                if (k == sizeof e)
                    return false;
                e[k++] = s[i];
            }
        }
    } else {
        if (n > sizeof e)
            return false;
        memcpy(e, s, n);
        k = n;
    }
    for (size_t i = 0; i < k; i++)
        if (!privpol__is_digit((unsigned char)e[i]) &&
            !privpol__is_upper((unsigned char)e[i]))
            return false;
    if (!privpol__is_upper((unsigned char)e[0]) ||
        !privpol__is_upper((unsigned char)e[1]) ||
        !privpol__is_digit((unsigned char)e[2]) ||
        !privpol__is_digit((unsigned char)e[3]))
        return false;
    check = (unsigned)(e[2] - '0') * 10 + (unsigned)(e[3] - '0');
    if (check < 2 || check > 98)
        return false; /* MOD 97-10 check digits are 98 - (x mod 97): 02 to 98 */
    if ((fmt = iban_structure(e[0], e[1])) == NULL || !bban_matches(fmt, e + 4, k - 4))
        return false;
    for (size_t i = 4; i < k; i++)
        r = mod97_add(r, (unsigned char)e[i]);
    for (size_t i = 0; i < 4; i++)
        r = mod97_add(r, (unsigned char)e[i]);
    return r == 1;
}

/* ---- UUID ------------------------------------------------------------------------ */

/* Nonzero when one of s[0..len) is not a hex digit; branch-free, for fixed lengths
 * the compiler unrolls. */
static inline unsigned
not_hex(const char *s, size_t len)
{
    unsigned bad = 0;
    for (size_t i = 0; i < len; i++)
        bad |= ~ctype[(unsigned char)s[i]] & C_HEX;
    return bad;
}

/* s[0..36) is the same hex digit c throughout, any case, dashes aside. */
static bool
uuid_all(const char *s, char c)
{
    for (size_t i = 0; i < 36; i++)
        if (s[i] != '-' && (s[i] | 0x20) != c)
            return false;
    return true;
}

bool
privpol__uuid_ok(const char *s, size_t n)
{
    if (s == NULL)
        return false;
    if (n == 38 && s[0] == '{' && s[37] == '}') {
        s++;
        n = 36;
    } else if (n == 45) {
        static const char urn[] = "urn:uuid:";
        for (size_t i = 0; i < 9; i++)
            if (lower((unsigned char)s[i]) != (unsigned char)urn[i])
                return false;
        s += 9;
        n = 36;
    }
    if (n != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
        return false;
    if ((not_hex(s, 8) | not_hex(s + 9, 4) | not_hex(s + 14, 4) | not_hex(s + 19, 4) |
         not_hex(s + 24, 12)) != 0)
        return false;
    /* RFC 9562 §5.9, §5.10: the Nil and Max UUIDs identify nothing. */
    return !uuid_all(s, '0') && !uuid_all(s, 'f');
}

/* ---- MAC ------------------------------------------------------------------------- */

bool
privpol__mac_ok(const char *s, size_t n)
{
    unsigned or_all = 0, and_all = 0xF;
    size_t step;
    char sep;
    if (s == NULL)
        return false;
    if (n == 17) { /* xx:xx:xx:xx:xx:xx or xx-xx-... (IEEE 802 canonical text) */
        sep = s[2];
        step = 3;
        if (sep != ':' && sep != '-')
            return false;
    } else if (n == 14) { /* xxxx.xxxx.xxxx (Cisco) */
        sep = '.';
        step = 5;
    } else {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        int v;
        if (i % step == step - 1) {
            if (s[i] != sep)
                return false;
            continue;
        }
        if ((v = privpol__hex_value((unsigned char)s[i])) < 0)
            return false;
        or_all |= (unsigned)v;
        and_all &= (unsigned)v;
    }
    return or_all != 0 && and_all != 0xF; /* unset and broadcast addresses */
}

/* ---- coordinates ----------------------------------------------------------------- */

/* One signed decimal degree at s[*i]: 1-3 integer digits without leading zeros, '.',
 * 2-15 decimals, magnitude <= limit. */
static bool
degree(const char *s, size_t n, size_t *i, unsigned limit, unsigned *decimals)
{
    size_t p = *i, int_start, int_len, dec = 0;
    unsigned whole = 0;
    bool nonzero_frac = false;
    if (p < n && (s[p] == '-' || s[p] == '+'))
        p++;
    int_start = p;
    while (p < n && privpol__is_digit((unsigned char)s[p]) && p - int_start < 4)
        whole = whole * 10 + (unsigned)(s[p++] - '0');
    int_len = p - int_start;
    if (int_len == 0 || int_len > 3 || (int_len > 1 && s[int_start] == '0'))
        return false;
    if (p >= n || s[p] != '.')
        return false;
    p++;
    while (p < n && privpol__is_digit((unsigned char)s[p])) {
        nonzero_frac = nonzero_frac || s[p] != '0';
        p++;
        dec++;
    }
    if (dec < 2 || dec > 15)
        return false;
    if (whole > limit || (whole == limit && nonzero_frac))
        return false;
    *decimals = (unsigned)dec;
    *i = p;
    return true;
}

bool
privpol__coords_ok(const char *s, size_t n, bool *precise)
{
    size_t i = 0;
    unsigned lat_dec = 0, lon_dec = 0;
    if (precise != NULL)
        *precise = false;
    if (s == NULL || !degree(s, n, &i, 90, &lat_dec) || i >= n)
        return false;
    if (s[i] == ',') {
        i++;
        if (i < n && s[i] == ' ')
            i++;
    } else if (s[i] == ' ') {
        i++;
    } else {
        return false;
    }
    if (!degree(s, n, &i, 180, &lon_dec) || i != n)
        return false;
    if (precise != NULL)
        *precise = lat_dec >= 4 && lon_dec >= 4;
    return true;
}

/* ---- URL ------------------------------------------------------------------------- */

/* RFC 3986 §2.2-2.3: unreserved and reserved characters ('%' is handled apart). */
static inline bool
url_char(unsigned char c)
{
    return (ctype[c] & C_URL) != 0;
}

/* RFC 1123 §2.1 host names: labels of letters, digits and '-', 1-63 bytes, no '-' at
 * either end, 253 bytes in all (one trailing dot allowed). A name whose last label is
 * all digits is an IPv4 address and must be a valid dotted quad (as WHATWG URL and
 * most resolvers read it). */
static bool
host_ok(const char *h, size_t n)
{
    size_t label = 0;
    bool last_numeric = true, trailing_dot = n > 0 && h[n - 1] == '.';
    if (trailing_dot)
        n--;
    if (n == 0 || n > 253)
        return false;
    for (size_t i = 0; i <= n; i++) {
        unsigned char c = i < n ? (unsigned char)h[i] : '.';
        if (c == '.') {
            if (label == 0 || label > 63 || h[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        if (label == 0) {
            if (c == '-')
                return false;
            last_numeric = true;
        }
        if (!privpol__is_alnum(c) && c != '-')
            return false;
        if (!privpol__is_digit(c))
            last_numeric = false;
        label++;
    }
    if (last_numeric) {
        uint8_t ip[16];
        size_t ip_len;
        return !trailing_dot &&
               privpol__ip_parse(h, n, ip, &ip_len, NULL) == PRIVPOL_OK && ip_len == 4;
    }
    return true;
}

static bool
scheme_ok(const char *s, size_t n, size_t *end)
{
    static const char *const schemes[] = {"http", "https", "ftp", "ws", "wss"};
    for (size_t k = 0; k < sizeof schemes / sizeof *schemes; k++) {
        size_t len = strlen(schemes[k]), i;
        if (n < len + 3)
            continue;
        for (i = 0; i < len && lower((unsigned char)s[i]) == (unsigned char)schemes[k][i];
             i++)
            ;
        if (i == len && s[len] == ':' && s[len + 1] == '/' && s[len + 2] == '/') {
            *end = len + 3;
            return true;
        }
    }
    return false;
}

bool
privpol__url_ok(const char *s, size_t n, const char **query, size_t *query_len)
{
    size_t i, host_start, q_start = 0, q_end = 0;
    bool in_query = false, in_fragment = false;
    if (query != NULL)
        *query = NULL;
    if (query_len != NULL)
        *query_len = 0;
    if (s == NULL || !scheme_ok(s, n, &i))
        return false;

    host_start = i;
    if (i < n && s[i] == '[') {
        uint8_t ip[16];
        size_t ip_len;
        const char *close = memchr(s + i, ']', n - i);
        if (close == NULL)
            return false;
        if (memchr(s + i + 1, ':', (size_t)(close - s) - i - 1) == NULL ||
            privpol__ip_parse(s + i + 1, (size_t)(close - s) - i - 1, ip, &ip_len,
                              NULL) != PRIVPOL_OK)
            return false;
        i = (size_t)(close - s) + 1;
    } else {
        while (i < n && s[i] != ':' && s[i] != '/' && s[i] != '?' && s[i] != '#')
            i++;
        if (!host_ok(s + host_start, i - host_start))
            return false;
    }
    if (i < n && s[i] == ':') {
        unsigned long port = 0;
        size_t digits = 0;
        for (i++; i < n && privpol__is_digit((unsigned char)s[i]); i++, digits++)
            if (digits < 6)
                port = port * 10 + (unsigned long)(s[i] - '0');
        if (digits == 0 || digits > 5 || port == 0 || port > 65535)
            return false;
    }
    if (i < n && s[i] != '/' && s[i] != '?' && s[i] != '#')
        return false;

    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '%') {
            if (n - i < 3 || privpol__hex_value((unsigned char)s[i + 1]) < 0 ||
                privpol__hex_value((unsigned char)s[i + 2]) < 0)
                return false;
            i += 2;
            continue;
        }
        if (!url_char(c))
            return false;
        if (c == '#') {
            if (in_fragment)
                return false;
            if (in_query)
                q_end = i;
            in_query = false;
            in_fragment = true;
        } else if (c == '?' && !in_query && !in_fragment) {
            in_query = true;
            q_start = i + 1;
            q_end = n;
        }
    }
    if (query != NULL && q_end > 0) {
        *query = s + q_start;
        if (query_len != NULL)
            *query_len = q_end - q_start;
    }
    return true;
}

/* ---- user agents ----------------------------------------------------------------- */

/* RFC 9110 §5.6.2 tchar. */
static inline bool
tchar(unsigned char c)
{
    return (ctype[c] & C_TCHAR) != 0;
}

/* A comment at s[*i] == '(': RFC 9110 §5.6.5, nesting allowed, quoted pairs, any
 * visible character, space, tab or non-ASCII byte (obs-text) inside. */
static bool
ua_comment(const char *s, size_t n, size_t *i)
{
    unsigned depth = 0;
    for (size_t p = *i; p < n; p++) {
        unsigned char c = (unsigned char)s[p];
        if (ctype[c] & C_CTEXT)
            continue; /* the common case, one test per byte */
        if (c == '(') {
            if (++depth > 8)
                return false;
        } else if (c == ')') {
            if (--depth == 0) {
                *i = p + 1;
                return true;
            }
        } else if (c == '\\') {
            if (++p == n || (unsigned char)s[p] < 0x20 || (unsigned char)s[p] == 0x7f)
                return false;
        } else if (c < 0x80) {
            return false; /* control characters */
        }
    }
    return false;
}

/* The first product's version reads as a version number: digits, '.', a digit
 * ("5.0", "8.1", "2.1.0", "1.8.0_151"); "faq/5g" or "offres/2024" are paths. */
static bool
version_number(const char *v, size_t n)
{
    size_t i = 0;
    while (i < n && privpol__is_digit((unsigned char)v[i]))
        i++;
    return i > 0 && i + 1 < n && v[i] == '.' &&
           privpol__is_digit((unsigned char)v[i + 1]);
}

bool
privpol__user_agent_ok(const char *s, size_t n)
{
    size_t i = 0;
    bool first = true, pending_bare = false;
    if (s == NULL || n < 3)
        return false;
    while (i < n) {
        if (!first) {
            size_t sp = i;
            while (i < n && (s[i] == ' ' || s[i] == '\t'))
                i++;
            if (i == sp || i == n)
                return false; /* elements are separated by white space; none trails */
        }
        if (s[i] == '(') {
            if (first || pending_bare || !ua_comment(s, n, &i))
                return false;
        } else {
            size_t name = i, version;
            while (i < n && tchar((unsigned char)s[i]))
                i++;
            if (i == name)
                return false;
            if (i < n && s[i] == '/') {
                version = ++i;
                while (i < n && tchar((unsigned char)s[i]))
                    i++;
                if (i == version)
                    return false;
                if (first && (!privpol__is_alpha((unsigned char)s[name]) ||
                              !version_number(s + version, i - version)))
                    return false;
                pending_bare = false;
            } else {
                if (first || pending_bare)
                    return false; /* two bare words in a row: prose, not a UA */
                pending_bare = true;
            }
        }
        first = false;
    }
    return !pending_bare;
}
