/* SPDX-License-Identifier: MIT */
/* Phone numbers to E.164 ("+<country code><national significant number>").
 *
 * Rules, in the order they apply:
 *
 * 1. Notation. Optional "tel:" (any case; RFC 3966), which must be followed by '+';
 *    then an optional '+' as the very first character; then digits and separators.
 *    Separators: space, '.', '-', '/', and parentheses around a group of digits
 *    (balanced, not nested, not empty; separators may stand inside them). Anything
 *    else is an error: letters (vanity numbers), a second '+' or a '+' elsewhere,
 *    extensions ("ext. 12", "x12", ";ext=12", '#', ','), RFC 3966 parameters, other
 *    characters; so are an empty input and one without digits.
 *
 * 2. International prefix. '+' says the country code follows. Without '+', a leading
 *    "00" is the international prefix whatever the default region; in regions that
 *    dial another one, that one is tried first: "011" in the NANP (+1 regions),
 *    "0011" in AU, CC and CX, "010" in JP. The country code is the shortest prefix
 *    of the remaining digits that is an assigned ITU-T E.164 code (codes form a
 *    prefix code); unassigned or spare codes are errors.
 *
 * 3. "(0)" after the country code ("+44 (0)20 ...", "+33 (0)6 ...") is the trunk
 *    prefix written as a reminder and is dropped, unless national significant
 *    numbers (NSN) of that code may begin with 0 (Italy, San Marino, the Vatican,
 *    Norway's short numbers...): then the 0 is part of the number and kept.
 *
 * 4. A 0 directly after the country code without parentheses ("+33 06 12 34 56 78")
 *    is an error for the codes whose regions dial the trunk prefix 0 and whose NSNs
 *    never begin with 0: the writer mixed national and international forms, and
 *    guessing would hide it. Italy (+39, with San Marino and the Vatican) keeps its
 *    leading 0, which belongs to the NSN: "02 1234 5678" in IT is +390212345678.
 *
 * 5. National numbers (no international prefix) belong to default_region; without a
 *    default region they are an error. The region's trunk prefixes ("0" in FR, GB,
 *    DE, MA...; "1" in the NANP; "8" in RU, KZ, TM; "06" in HU; "0" or "8" in LT;
 *    "80", "8" or "0" in BY; none in IT, ES, PT, GR, DK, NO, LU, MT, CY, IS, LV,
 *    EE...) are tried in order: the first whose removal leaves a valid NSN wins;
 *    otherwise the digits are taken as the NSN as written ("(201) 555-0123" in US,
 *    "612345678" in FR). Special national dialling rules are not modelled: Argentine
 *    mobiles written "0 11 15 ...", carrier selection codes.
 *
 * 6. Validation of the NSN: its first digit and its length must be possible for the
 *    code (phone-data.c: per-code masks, refined by leading digits for the EU/EEA,
 *    CH, GB, MA and others); NANP numbers are NXX NXX XXXX with N = 2-9; the code
 *    and the NSN together never exceed 15 digits.
 *
 * Errors are PRIVPOL_EVALUE (PRIVPOL_EINVAL for NULL arguments) with the 1-based
 * column of the offending byte where there is one, else 0; messages name the country
 * code at most, never digits of the number. */
#include "ident.h"
#include "phone.h"

#include <stdio.h>
#include <string.h>

/* Digits kept while scanning: international prefix (at most 4), country code and NSN
 * (at most 15), a "(0)" and slack. More can never give a valid number. */
#define MAX_DIGITS 20

enum nsn_check { NSN_OK, NSN_LEAD, NSN_SHORT, NSN_LONG, NSN_LENGTH, NSN_NANP };

static const struct privpol__phone_region *
region_lookup(const char *region)
{
    const struct privpol__phone_region *r;
    if (region == NULL || region[0] < 'A' || region[0] > 'Z' || region[1] < 'A' ||
        region[1] > 'Z' || region[2] != '\0')
        return NULL;
    r = &privpol__phone_region_table[PRIVPOL__PHONE_REGION_INDEX(region[0], region[1])];
    return r->cc != 0 ? r : NULL;
}

bool
privpol__phone_region_known(const char *region)
{
    return region_lookup(region) != NULL;
}

/* Country code at the start of d (nd digits): its table entry, *cc its value and
 * *cc_len its digit count; NULL if no assigned code begins d. */
static const struct privpol__phone_cc *
cc_lookup(const char *d, size_t nd, unsigned *cc, size_t *cc_len)
{
    unsigned v = 0;
    if (nd == 0 || d[0] == '0')
        return NULL;
    for (size_t i = 0; i < 3 && i < nd; i++) {
        v = v * 10 + (unsigned)(d[i] - '0');
        if (privpol__phone_cc_table[v].lengths != 0) {
            *cc = v;
            *cc_len = i + 1;
            return &privpol__phone_cc_table[v];
        }
    }
    return NULL;
}

static enum nsn_check
check_nsn(const struct privpol__phone_cc *c, const char *nsn, size_t len)
{
    uint16_t lengths = c->lengths;
    if (len == 0)
        return NSN_SHORT;
    if (!((c->lead >> (nsn[0] - '0')) & 1u))
        return NSN_LEAD;
    for (size_t i = 0; i < c->nrules; i++) {
        const char *p = c->rules[i].prefix;
        size_t k = 0;
        while (p[k] != '\0' && k < len && p[k] == nsn[k])
            k++;
        if (p[k] == '\0') {
            lengths = c->rules[i].lengths;
            break;
        }
    }
    if (len > 15 || !((lengths >> len) & 1u)) {
        size_t lo = 0, hi = 15;
        while (lo < 16 && !((lengths >> lo) & 1u))
            lo++;
        while (hi > 0 && !((lengths >> hi) & 1u))
            hi--;
        return len < lo ? NSN_SHORT : len > hi ? NSN_LONG : NSN_LENGTH;
    }
    if ((c->flags & PRIVPOL__PHONE_NANP) && len == 10 && nsn[3] < '2')
        return NSN_NANP;
    return NSN_OK;
}

/* 1-based column of the digit with 0-based index k (the error path only). */
static size_t
digit_column(const char *s, size_t n, size_t k)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9' && k-- == 0)
            return i + 1;
    }
    return 0;
}

static privpol_status
fail_nsn(privpol_error *err, enum nsn_check why, const struct privpol__phone_cc *c,
         unsigned cc, bool international, const char *nsn, size_t column)
{
    char msg[96];
    const char *what;
    switch (why) {
    case NSN_LEAD:
        if (international && nsn[0] == '0' && (c->flags & PRIVPOL__PHONE_TRUNK0))
            return privpol__fail_at(err, PRIVPOL_EVALUE, 0, column,
                                    "trunk prefix 0 must not follow the country code "
                                    "(write it as (0) or leave it out)");
        what = "an invalid first digit";
        break;
    case NSN_SHORT:
        what = "too few digits";
        column = 0;
        break;
    case NSN_LONG:
        what = "too many digits";
        column = 0;
        break;
    case NSN_NANP:
        what = "an invalid exchange code";
        column = 0;
        break;
    case NSN_LENGTH:
    case NSN_OK:
    default:
        what = "an invalid length";
        column = 0;
        break;
    }
    if (err == NULL) /* the scanner probes many candidates without wanting a message */
        return PRIVPOL_EVALUE;
    snprintf(msg, sizeof msg, "phone number has %s for +%u", what, cc);
    return privpol__fail_at(err, PRIVPOL_EVALUE, 0, column, msg);
}

static privpol_status
fail_char(privpol_error *err, unsigned char c, size_t column)
{
    const char *msg;
    if (c == 'x' || c == 'X' || c == 'e' || c == 'E' || c == '#' || c == ',' || c == ';')
        msg = "phone number extensions and parameters are not supported";
    else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        msg = "letters are not allowed in a phone number";
    else if (c == '+')
        msg = "'+' is only allowed at the start of a phone number";
    else
        msg = "unexpected character in phone number";
    return privpol__fail_at(err, PRIVPOL_EVALUE, 0, column, msg);
}

static bool
starts_with(const char *d, size_t nd, const char *prefix, size_t len)
{
    return len <= nd && memcmp(d, prefix, len) == 0;
}

privpol_status
privpol__phone_parse(const char *s, size_t n, const char *default_region,
                     char out[PRIVPOL__E164_MAX], size_t *out_len, privpol_error *err)
{
    const struct privpol__phone_region *region = NULL;
    const struct privpol__phone_cc *c;
    char d[MAX_DIGITS];
    size_t nd = 0, i = 0, start = 0, cc_len = 0, nsn_at, group_col = 0, group_at = 0;
    uint32_t zero_groups = 0; /* bit k: a "(0)" group holds digit k */
    unsigned cc = 0;
    bool plus = false, in_group = false;

    if (out == NULL || out_len == NULL || (s == NULL && n > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    out[0] = '\0';
    *out_len = 0;
    if (default_region != NULL && (region = region_lookup(default_region)) == NULL)
        return privpol__fail(err, PRIVPOL_EVALUE,
                             "unknown default region for phone numbers");

    if (n >= 4 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'e' && (s[2] | 0x20) == 'l' &&
        s[3] == ':') {
        if (n == 4 || s[4] != '+')
            return privpol__fail_at(
                err, PRIVPOL_EVALUE, 0, n == 4 ? 0 : 5, /* 0: the input ended early */
                "tel: URI must hold a global number starting with '+'");
        i = 4;
    }
    if (i < n && s[i] == '+') {
        plus = true;
        i++;
    }
    for (; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((unsigned)(ch - '0') <= 9u) {
            if (nd == MAX_DIGITS)
                return privpol__fail_at(err, PRIVPOL_EVALUE, 0, i + 1,
                                        "phone number has too many digits");
            d[nd++] = (char)ch;
            continue;
        }
        switch (ch) {
        case ' ':
        case '.':
        case '-':
        case '/':
            break;
        case '(':
            if (in_group)
                return privpol__fail_at(err, PRIVPOL_EVALUE, 0, i + 1,
                                        "nested parentheses in phone number");
            in_group = true;
            group_col = i + 1;
            group_at = nd;
            break;
        case ')':
            if (!in_group)
                return privpol__fail_at(err, PRIVPOL_EVALUE, 0, i + 1,
                                        "unbalanced parentheses in phone number");
            if (nd == group_at)
                return privpol__fail_at(err, PRIVPOL_EVALUE, 0, i + 1,
                                        "empty parentheses in phone number");
            if (nd == group_at + 1 && d[group_at] == '0')
                zero_groups |= (uint32_t)1u << group_at;
            in_group = false;
            break;
        default:
            return fail_char(err, ch, i + 1);
        }
    }
    if (in_group)
        return privpol__fail_at(err, PRIVPOL_EVALUE, 0, group_col,
                                "unbalanced parentheses in phone number");
    if (nd == 0)
        return privpol__fail(err, PRIVPOL_EVALUE,
                             n == 0 ? "empty phone number"
                                    : "phone number has no digits");

    if (!plus) {
        size_t idd_len = region != NULL ? strlen(region->idd) : 0;
        if (idd_len > 0 && starts_with(d, nd, region->idd, idd_len))
            start = idd_len;
        else if (starts_with(d, nd, "00", 2))
            start = 2;
    }

    if (plus || start > 0) {
        enum nsn_check why;
        if (start == nd)
            return privpol__fail(err, PRIVPOL_EVALUE,
                                 "phone number has no digits after the international "
                                 "prefix");
        if ((c = cc_lookup(d + start, nd - start, &cc, &cc_len)) == NULL)
            return privpol__fail_at(err, PRIVPOL_EVALUE, 0, digit_column(s, n, start),
                                    "unknown country calling code");
        nsn_at = start + cc_len;
        if (nsn_at < nd && ((zero_groups >> nsn_at) & 1u) && !(c->lead & 1u))
            nsn_at++;
        why = check_nsn(c, d + nsn_at, nd - nsn_at);
        if (why != NSN_OK)
            return fail_nsn(err, why, c, cc, true, d + nsn_at,
                            digit_column(s, n, nsn_at));
    } else {
        const char *t;
        enum nsn_check why;
        size_t first_trunk = SIZE_MAX;
        if (region == NULL)
            return privpol__fail(err, PRIVPOL_EVALUE,
                                 "phone number without country code and no default "
                                 "region");
        cc = region->cc;
        c = &privpol__phone_cc_table[cc];
        cc_len = cc >= 100 ? 3 : cc >= 10 ? 2 : 1;
        nsn_at = SIZE_MAX;
        for (t = region->trunk; *t != '\0';) {
            size_t len = 0;
            while (t[len] != '\0' && t[len] != '|')
                len++;
            if (starts_with(d, nd, t, len)) {
                if (first_trunk == SIZE_MAX)
                    first_trunk = len;
                if (check_nsn(c, d + len, nd - len) == NSN_OK) {
                    nsn_at = len;
                    break;
                }
            }
            t += len;
            if (*t == '|')
                t++;
        }
        if (nsn_at == SIZE_MAX) {
            why = check_nsn(c, d, nd);
            if (why == NSN_OK) {
                nsn_at = 0;
            } else {
                /* Report on the reading the writer most likely meant: without the
                 * trunk prefix, unless what follows it cannot begin a number. */
                nsn_at = 0;
                if (first_trunk != SIZE_MAX) {
                    enum nsn_check stripped =
                        check_nsn(c, d + first_trunk, nd - first_trunk);
                    if (stripped != NSN_LEAD) {
                        nsn_at = first_trunk;
                        why = stripped;
                    }
                }
                return fail_nsn(err, why, c, cc, false, d + nsn_at,
                                digit_column(s, n, nsn_at));
            }
        }
    }

    if (cc_len + (nd - nsn_at) > 15)
        return privpol__failf(err, PRIVPOL_EVALUE,
                              "phone number has too many digits for +%u", cc);
    out[0] = '+';
    for (size_t k = cc_len, v = cc; k > 0; k--, v /= 10)
        out[k] = (char)('0' + v % 10);
    memcpy(out + 1 + cc_len, d + nsn_at, nd - nsn_at);
    *out_len = 1 + cc_len + (nd - nsn_at);
    out[*out_len] = '\0';
    return PRIVPOL_OK;
}
