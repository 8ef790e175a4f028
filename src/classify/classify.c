/* SPDX-License-Identifier: MIT */
/* privpol_classify(): one value, optionally named by its field, to a category.
 *
 * 1. The value alone. Surrounding ASCII white space is trimmed; bytes that are not
 *    well-formed UTF-8 are `unknown` with confidence 0. Recognizers run in this order,
 *    the first match wins (confidence in brackets):
 *      token of this library (privpol_token_kind_of)  -> flag PRIVPOL_CLASS_TOKEN, the
 *                                   field's category or `unknown` [1]; nothing else runs
 *      IPv4 / IPv6 (normalize-ip.c rules)                 connection.ip_address [0.99]
 *      email (email.c rules; the domain must have a dot or be an address literal, so
 *            "a@b" is not one)                                contact.email [0.99]
 *      URL (recognize.c) whose query has a parameter whose percent-decoded value is an
 *            email, phone, IP, card or IBAN (classified like a whole value, URLs not
 *            followed a second time)           that identifier's category [0.9]
 *          any other URL                                        usage.event [0.8]
 *      UUID                                                       cookie.id [0.6]
 *      MAC address                                       terminal.device_id [0.9]
 *      card number (before IMEI: a 15-digit Luhn number with an Amex or Maestro
 *            prefix is a card)                            financial.card_number [0.95]
 *      IMEI                                              terminal.device_id [0.8]
 *      IBAN                                                  financial.iban [0.99]
 *      coordinates, 4+ decimals each                    geolocation.precise [0.9]
 *          fewer                                        geolocation.imprecise [0.7]
 *            (before phones: "0.1234 0.5678" must not read as a French number)
 *      phone, international ('+', "tel:+", "00" or the region's own international
 *            prefix)                                        terminal.msisdn [0.95]
 *      phone, national form of the context's default region, with the region's trunk
 *            prefix written ("06 12 34 56 78", "0612345678" in FR) or, in regions
 *            whose trunk prefix is not 0 (none in ES, 1 in the NANP), in at least three
 *            groups ("612 34 56 78", "(201) 555-0123"): a bare "657762511" is an order
 *            number, not a phone                                  contact.phone [0.7]
 *      ISO 8601 date or date-time (privpol_time_parse on the whole value)
 *                                                         connection.timestamp [0.9]
 *      user agent                                       terminal.user_agent [0.9]
 *      device type word: mobile, desktop, tablet, smartphone, tv, console, wearable,
 *            bot (any case)                           terminal.device_type [0.9]
 *      anything else                               unknown [0] (fail closed: personal)
 *
 * 2. The field name (fields.c) gives a category F, or none.
 *
 * 3. Combination of the value's category V and F:
 *    - no F: V.
 *    - V == F, or V compatible with F: F, confidence max(V's, 0.95). Compatible:
 *      contact.phone and terminal.msisdn (the field says which); geolocation.precise
 *      and .imprecise (the more precise wins); a UUID in a device-id or credentials
 *      field; a URL in a journey field.
 *    - F = non_identifiable.statistic: a strong identifier (IP, email, phone, card,
 *      IBAN) keeps V; a number (sign, digits, fraction, exponent) is the statistic
 *      [0.9, PRIVPOL_CLASS_FROM_FIELD]; anything else is classified by value alone.
 *    - F has a shape (IP, email, phone, msisdn, card, IBAN, device id = MAC, IMEI or
 *      UUID, user agent, timestamp, precise coordinates) and the value is not of it:
 *      first the few readings only the field makes sure of: a comma-separated list of
 *      IPs in an IP field (X-Forwarded-For), an IMEI that is also a valid card number
 *      in a device-id field, Unix time (9 to 19 digits, optional fraction) in a
 *      timestamp field, one decimal degree in a coordinates field ("lat")
 *      [F, 0.9; FROM_FIELD for the last two]; else `unknown` with
 *      PRIVPOL_CLASS_FIELD_MISMATCH [0.9]: the field says personal identifier and the
 *      value cannot be read as one (fail closed).
 *    - F shapeless (name, position, credentials, cookie, device type, usage, free
 *      text, survey, imprecise location): an unrecognized value is F
 *      [0.8, FROM_FIELD]; a strong identifier keeps V (an email in `status` or in
 *      `comment` is an email); another recognized value keeps V when V is more
 *      identifying than F (privpol_category_identifiability), else F [0.8, FROM_FIELD].
 *
 * Speed: no allocation, no strlen on the value, recognizers dispatched on the first
 * byte and the length, so the common values of an event stream cost one validator. */
#include "classify-internal.h"
#include "phone.h"

#include <string.h>

#define CAT(x) PRIVPOL_CAT_##x

struct reading {
    int category;
    float confidence;
    bool token;
};

static inline float
max_conf(float a, float b)
{
    return a > b ? a : b;
}

/* ---- helpers --------------------------------------------------------------------- */

enum { F_AT = 1, F_SLASH = 2 };

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Nonzero when a byte of w is b (the exact "has zero byte" test on w ^ b...b). */
static inline uint64_t
has_byte(uint64_t w, unsigned char b)
{
    uint64_t x = w ^ (ONES * b);
    return (x - ONES) & ~x & HIGHS;
}

/* One pass over the value: false when it is not well-formed UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF); *features tells whether '@'
 * and '/' occur, so that the email, URL and user-agent recognizers only run on values
 * that can be theirs. ASCII goes eight bytes at a time. */
static bool
scan_value(const unsigned char *s, size_t n, unsigned *features)
{
    uint64_t at = 0, slash = 0;
    unsigned f = 0;
    size_t i = 0;
    while (n - i >= 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if (w & HIGHS)
            break;
        at |= has_byte(w, '@');
        slash |= has_byte(w, '/');
        i += 8;
    }
    if (at != 0)
        f |= F_AT;
    if (slash != 0)
        f |= F_SLASH;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        if (c < 0x80) {
            f |= c == '@' ? F_AT : c == '/' ? F_SLASH : 0u;
            i++;
            continue;
        }
        if ((len = privpol__utf8_seq(s + i, n - i)) == 0)
            return false;
        i += len;
    }
    *features = f;
    return true;
}

static bool
ip_ok(const char *s, size_t n)
{
    uint8_t ip[16];
    size_t ip_len;
    return privpol__ip_parse(s, n, ip, &ip_len, NULL) == PRIVPOL_OK;
}

static bool
email_ok(const char *s, size_t n)
{
    char buf[PRIVPOL__EMAIL_MAX];
    size_t len, at = n;
    while (at > 0 && s[at - 1] != '@')
        at--;
    if (at == 0 || at == n)
        return false;
    /* "a@b" is a handle or a typo more often than a mailbox: a dot in the domain or an
     * address literal is required. */
    if (s[at] != '[' && memchr(s + at, '.', n - at) == NULL)
        return false;
    return privpol__email_parse(s, n, true, buf, &len, NULL) == PRIVPOL_OK;
}

static bool
strong_identifier(int cat)
{
    switch (cat) {
    case CAT(CONNECTION_IP_ADDRESS):
    case CAT(CONTACT_EMAIL):
    case CAT(CONTACT_PHONE):
    case CAT(TERMINAL_MSISDN):
    case CAT(FINANCIAL_CARD_NUMBER):
    case CAT(FINANCIAL_IBAN):
        return true;
    default:
        return false;
    }
}

static bool
has_shape(int cat)
{
    switch (cat) {
    case CAT(CONNECTION_IP_ADDRESS):
    case CAT(CONTACT_EMAIL):
    case CAT(CONTACT_PHONE):
    case CAT(TERMINAL_MSISDN):
    case CAT(FINANCIAL_CARD_NUMBER):
    case CAT(FINANCIAL_IBAN):
    case CAT(TERMINAL_DEVICE_ID):
    case CAT(TERMINAL_USER_AGENT):
    case CAT(CONNECTION_TIMESTAMP):
    case CAT(GEOLOCATION_PRECISE):
        return true;
    default:
        return false;
    }
}

/* Phones: msisdn when written internationally, contact.phone for a national form that
 * carries the marks of a phone number (module comment), else -1. */
static int
phone_category(const privpol_ctx *ctx, const char *s, size_t n, float *conf)
{
    const struct privpol__phone_region *region = NULL;
    const char *rname = ctx->default_region[0] != '\0' ? ctx->default_region : NULL;
    char e164[PRIVPOL__E164_MAX], first[4] = {0};
    size_t elen, nd = 0, groups = 0, cc_len, idd_len;
    bool plus = false, in_digits = false;

    if (privpol__phone_parse(s, n, rname, e164, &elen, NULL) != PRIVPOL_OK)
        return -1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (privpol__is_digit(c)) {
            if (nd < sizeof first)
                first[nd] = (char)c;
            nd++;
            if (!in_digits)
                groups++;
            in_digits = true;
        } else {
            if (c == '+')
                plus = true;
            in_digits = false;
        }
    }
    if (rname != NULL)
        region =
            &privpol__phone_region_table[PRIVPOL__PHONE_REGION_INDEX(rname[0], rname[1])];
    idd_len = 0;
    while (region != NULL && idd_len < sizeof region->idd && region->idd[idd_len] != '\0')
        idd_len++;
    if (plus || (first[0] == '0' && first[1] == '0') ||
        (idd_len > 0 && idd_len <= nd && memcmp(first, region->idd, idd_len) == 0)) {
        *conf = 0.95f;
        return CAT(TERMINAL_MSISDN);
    }
    if (region == NULL)
        return -1;
    cc_len = region->cc >= 100 ? 3 : region->cc >= 10 ? 2 : 1;
    /* More digits written than the national significant number: the trunk prefix is
     * there. Else the number must stand in three groups or more, and only where the
     * trunk prefix is not 0: French, British or German numbers are never written
     * without their 0, NANP ones usually are without their 1. */
    if (nd <= elen - 1 - cc_len && (groups < 3 || region->trunk[0] == '0'))
        return -1;
    *conf = 0.7f;
    return CAT(CONTACT_PHONE);
}

static bool
device_word(const char *s, size_t n)
{
    static const char *const words[] = {"mobile", "desktop", "tablet",   "smartphone",
                                        "tv",     "console", "wearable", "bot"};
    for (size_t w = 0; w < sizeof words / sizeof *words; w++) {
        const char *word = words[w];
        size_t i = 0;
        while (i < n && word[i] != '\0' &&
               (unsigned char)(s[i] | 0x20) == (unsigned char)word[i])
            i++;
        if (i == n && word[i] == '\0')
            return true;
    }
    return false;
}

static void recognize(const privpol_ctx *ctx, const char *s, size_t n, bool follow_url,
                      struct reading *r);

/* First strong identifier among the values of a query string, or -1. */
static int
query_identifier(const privpol_ctx *ctx, const char *q, size_t qn)
{
    size_t i = 0;
    while (i < qn) {
        size_t j = i, k = 0;
        const char *eq;
        char buf[256];
        bool fits = true;
        while (j < qn && q[j] != '&' && q[j] != ';')
            j++;
        if ((eq = memchr(q + i, '=', j - i)) != NULL) {
            for (size_t p = (size_t)(eq - q) + 1; p < j && fits; p++) {
                unsigned char c = (unsigned char)q[p];
                if (c == '%' && j - p >= 3 &&
                    privpol__hex_value((unsigned char)q[p + 1]) >= 0 &&
                    privpol__hex_value((unsigned char)q[p + 2]) >= 0) {
                    c = (unsigned char)(privpol__hex_value((unsigned char)q[p + 1]) * 16 +
                                        privpol__hex_value((unsigned char)q[p + 2]));
                    p += 2;
                }
                if (k == sizeof buf)
                    fits = false;
                else
                    buf[k++] = (char)c;
            }
            if (fits && k > 0) {
                struct reading r;
                recognize(ctx, buf, k, false, &r);
                if (!r.token && strong_identifier(r.category))
                    return r.category;
            }
        }
        i = j + 1;
    }
    return -1;
}

/* ---- the value alone ------------------------------------------------------------- */

static void
recognize(const privpol_ctx *ctx, const char *s, size_t n, bool follow_url,
          struct reading *r)
{
    unsigned char c0;
    unsigned features;
    bool precise;
    float conf;
    int cat;

    r->category = CAT(UNKNOWN);
    r->confidence = 0.0f;
    r->token = false;
    s = privpol__trim(s, &n);
    if (n == 0 || !scan_value((const unsigned char *)s, n, &features))
        return;
    c0 = (unsigned char)s[0];

#define FOUND(c, p)                                                                      \
    do {                                                                                 \
        r->category = (c);                                                               \
        r->confidence = (p);                                                             \
        return;                                                                          \
    } while (0)

    if (c0 == 'p' && privpol_pseudonym_token_kind(s, n) != PRIVPOL_TOKEN_NONE) {
        r->token = true;
        r->confidence = 1.0f;
        return;
    }
    /* An IP has a '.' or ':' within its first five bytes ("::1", "2001:", "192."). */
    if (n >= 2 && n < PRIVPOL__IP_TEXT_MAX && (privpol__is_hex(c0) || c0 == ':')) {
        for (size_t i = 0; i < 5 && i < n; i++) {
            if (s[i] == '.' || s[i] == ':') {
                if (ip_ok(s, n))
                    FOUND(CAT(CONNECTION_IP_ADDRESS), 0.99f);
                break;
            }
        }
    }
    if ((features & F_AT) && n >= 5 && n < PRIVPOL__EMAIL_MAX && email_ok(s, n))
        FOUND(CAT(CONTACT_EMAIL), 0.99f);
    if (follow_url && (features & F_SLASH) && n >= 10 &&
        ((c0 | 0x20) == 'h' || (c0 | 0x20) == 'f' || (c0 | 0x20) == 'w')) {
        const char *q;
        size_t qn;
        if (privpol__url_ok(s, n, &q, &qn)) {
            if (q != NULL && (cat = query_identifier(ctx, q, qn)) >= 0)
                FOUND(cat, 0.9f);
            FOUND(CAT(USAGE_EVENT), 0.8f);
        }
    }
    if ((n == 36 || n == 38 || n == 45) && privpol__uuid_ok(s, n))
        FOUND(CAT(COOKIE_ID), 0.6f);
    if ((n == 17 || n == 14) && privpol__is_hex(c0) && privpol__mac_ok(s, n))
        FOUND(CAT(TERMINAL_DEVICE_ID), 0.9f);
    if (privpol__is_digit(c0)) {
        if (n >= 12 && privpol__card_ok(s, n))
            FOUND(CAT(FINANCIAL_CARD_NUMBER), 0.95f);
        if (n >= 15 && n <= 18 && privpol__imei_ok(s, n))
            FOUND(CAT(TERMINAL_DEVICE_ID), 0.8f);
    } else if (n >= 15 && privpol__is_upper(c0) &&
               privpol__is_upper((unsigned char)s[1]) && privpol__iban_ok(s, n)) {
        FOUND(CAT(FINANCIAL_IBAN), 0.99f);
    }
    if (n >= 9 && (privpol__is_digit(c0) || c0 == '-' || c0 == '+') &&
        privpol__coords_ok(s, n, &precise))
        FOUND(precise ? CAT(GEOLOCATION_PRECISE) : CAT(GEOLOCATION_IMPRECISE),
              precise ? 0.9f : 0.7f);
    /* Dates before phones, only to spare the phone parser every timestamp: no
     * "YYYY-..." value is a phone number written with a trunk or international prefix. */
    if (privpol__is_digit(c0) && n >= 10 && s[4] == '-') {
        int64_t t;
        if (privpol_time_parse(s, n, &t, NULL) == PRIVPOL_OK)
            FOUND(CAT(CONNECTION_TIMESTAMP), 0.9f);
    }
    if ((privpol__is_digit(c0) || c0 == '+' || c0 == '(' || (c0 | 0x20) == 't') &&
        n >= 3 && (cat = phone_category(ctx, s, n, &conf)) >= 0)
        FOUND(cat, conf);
    if (privpol__is_alpha(c0)) {
        if ((features & F_SLASH) && privpol__user_agent_ok(s, n))
            FOUND(CAT(TERMINAL_USER_AGENT), 0.9f);
        if (n <= 10 && device_word(s, n))
            FOUND(CAT(TERMINAL_DEVICE_TYPE), 0.9f);
    }
#undef FOUND
}

/* ---- readings only a field makes sure of ----------------------------------------- */

/* Sign, digits, optional fraction and exponent. */
static bool
numeric(const char *s, size_t n)
{
    size_t i = 0, d = 0;
    s = privpol__trim(s, &n);
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < n && privpol__is_digit((unsigned char)s[i]); i++)
        d++;
    if (i < n && s[i] == '.')
        for (i++; i < n && privpol__is_digit((unsigned char)s[i]); i++)
            d++;
    if (d == 0)
        return false;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t e = 0;
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        for (; i < n && privpol__is_digit((unsigned char)s[i]); i++)
            e++;
        if (e == 0)
            return false;
    }
    return i == n;
}

/* Unix time in seconds, milliseconds, microseconds or nanoseconds. */
static bool
epoch_time(const char *s, size_t n)
{
    size_t i = 0;
    s = privpol__trim(s, &n);
    while (i < n && privpol__is_digit((unsigned char)s[i]))
        i++;
    if (i < 9 || i > 19)
        return false;
    if (i < n && s[i] == '.') {
        size_t f = ++i;
        while (i < n && privpol__is_digit((unsigned char)s[i]))
            i++;
        if (i == f)
            return false;
    }
    return i == n;
}

/* One decimal degree, as in a "lat" or "lon" field. */
static bool
single_degree(const char *s, size_t n)
{
    size_t i = 0, whole_digits = 0, frac = 0;
    unsigned whole = 0;
    bool nonzero = false;
    s = privpol__trim(s, &n);
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < n && privpol__is_digit((unsigned char)s[i]) && whole_digits < 4;
         i++, whole_digits++)
        whole = whole * 10 + (unsigned)(s[i] - '0');
    if (whole_digits == 0 || whole_digits > 3 || i >= n || s[i] != '.')
        return false;
    for (i++; i < n && privpol__is_digit((unsigned char)s[i]); i++, frac++)
        nonzero = nonzero || s[i] != '0';
    return frac > 0 && i == n && (whole < 180 || (whole == 180 && !nonzero));
}

/* "203.0.113.7, 198.51.100.2": an X-Forwarded-For list. */
static bool
ip_list(const char *s, size_t n)
{
    size_t i = 0, count = 0;
    while (i <= n) {
        size_t j = i, len;
        const char *item;
        while (j < n && s[j] != ',')
            j++;
        len = j - i;
        item = privpol__trim(s + i, &len);
        if (len == 0 || len >= PRIVPOL__IP_TEXT_MAX || !ip_ok(item, len))
            return false;
        count++;
        i = j + 1;
    }
    return count >= 2;
}

static bool
field_reading(int field, const char *s, size_t n, unsigned *flags)
{
    switch (field) {
    case CAT(CONNECTION_IP_ADDRESS):
        *flags = 0;
        return memchr(s, ',', n) != NULL && ip_list(s, n);
    case CAT(CONNECTION_TIMESTAMP):
        *flags = PRIVPOL_CLASS_FROM_FIELD;
        return epoch_time(s, n);
    case CAT(GEOLOCATION_PRECISE):
        *flags = PRIVPOL_CLASS_FROM_FIELD;
        return single_degree(s, n);
    case CAT(TERMINAL_DEVICE_ID):
        /* An IMEI whose first digits are also a card issuer's (Maestro 50...). */
        *flags = 0;
        s = privpol__trim(s, &n);
        return privpol__imei_ok(s, n);
    default:
        return false;
    }
}

/* V and F that name the same thing; *out is the category to report. */
static bool
compatible(int field, int value, int *out)
{
    if ((field == CAT(CONTACT_PHONE) || field == CAT(TERMINAL_MSISDN)) &&
        (value == CAT(CONTACT_PHONE) || value == CAT(TERMINAL_MSISDN))) {
        *out = field;
        return true;
    }
    if ((field == CAT(GEOLOCATION_PRECISE) || field == CAT(GEOLOCATION_IMPRECISE)) &&
        (value == CAT(GEOLOCATION_PRECISE) || value == CAT(GEOLOCATION_IMPRECISE))) {
        *out = CAT(GEOLOCATION_PRECISE);
        return true;
    }
    if (value == CAT(COOKIE_ID) &&
        (field == CAT(TERMINAL_DEVICE_ID) || field == CAT(ACCOUNT_CREDENTIALS))) {
        *out = field;
        return true;
    }
    if (value == CAT(USAGE_EVENT) && field == CAT(USAGE_JOURNEY)) {
        *out = field;
        return true;
    }
    return false;
}

static void
set(privpol_classification *out, int category, float confidence, unsigned flags)
{
    out->category = (privpol_category)category;
    out->confidence = confidence;
    out->flags = flags;
}

/* ---- public ---------------------------------------------------------------------- */

privpol_status
privpol_classify(const privpol_ctx *ctx, const char *field, size_t field_len, const char *value,
                 size_t value_len, privpol_classification *out, privpol_error *err)
{
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(out->version, PRIVPOL_CLASSIFICATION_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_classification version");
    set(out, CAT(UNKNOWN), 0.0f, 0);
    if (ctx == NULL || (value == NULL && value_len > 0) ||
        (field == NULL && field_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    return privpol__classify_known(ctx, field != NULL ? privpol__field_category(field, field_len)
                                                      : -1,
                                   value, value_len, out);
}

privpol_status
privpol__classify_known(const privpol_ctx *ctx, int f, const char *value, size_t value_len,
                        privpol_classification *out)
{
    struct reading r;
    int cat;
    unsigned flags;

    if (value == NULL)
        value = "";
    recognize(ctx, value, value_len, true, &r);
    if (r.token) {
        set(out, f >= 0 ? f : CAT(UNKNOWN), 1.0f, PRIVPOL_CLASS_TOKEN);
        return PRIVPOL_OK;
    }
    if (f < 0) {
        set(out, r.category, r.confidence, 0);
        return PRIVPOL_OK;
    }
    if (r.category == f) {
        set(out, f, max_conf(r.confidence, 0.95f), 0);
    } else if (r.category != CAT(UNKNOWN) && compatible(f, r.category, &cat)) {
        set(out, cat, max_conf(r.confidence, 0.95f), 0);
    } else if (f == CAT(NON_IDENTIFIABLE_STATISTIC)) {
        if (!strong_identifier(r.category) && numeric(value, value_len))
            set(out, f, 0.9f, PRIVPOL_CLASS_FROM_FIELD);
        else
            set(out, r.category, r.confidence, 0);
    } else if (has_shape(f)) {
        if (field_reading(f, value, value_len, &flags))
            set(out, f, 0.9f, flags);
        else
            set(out, CAT(UNKNOWN), 0.9f, PRIVPOL_CLASS_FIELD_MISMATCH);
    } else if (r.category == CAT(UNKNOWN)) {
        set(out, f, 0.8f, PRIVPOL_CLASS_FROM_FIELD);
    } else if (strong_identifier(r.category) ||
               privpol__categories[r.category].identifiability >
                   privpol__categories[f].identifiability) {
        set(out, r.category, r.confidence, 0);
    } else {
        set(out, f, 0.8f, PRIVPOL_CLASS_FROM_FIELD);
    }
    return PRIVPOL_OK;
}

privpol_status
privpol_classify_field(const char *field, size_t field_len, privpol_category *out,
                       privpol_error *err)
{
    int f;
    if (field == NULL || out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if ((f = privpol__field_category(field, field_len)) < 0)
        return privpol__fail(err, PRIVPOL_ENOTFOUND, "no rule for this field name");
    *out = (privpol_category)f;
    return PRIVPOL_OK;
}

