/* SPDX-License-Identifier: MIT */
/* Generalization transforms (src/ident/generalize.h): an IP address cut to a prefix, an event
 * time cut to the hour or the day, a user agent reduced to browser and OS families.
 *
 * IP addresses are read by privpol__ip_parse() (src/ident/normalize-ip.c), so that a value a
 * pseudonym accepts is one a prefix accepts, and written by privpol__ip_format(); the
 * bits past the prefix are cleared in place, so no copy of the full address is left.
 *
 * Event times: ISO 8601 text goes to privpol_time_parse(). A JSON number is read exactly
 * in decimal (no floating point, so "1736150400.999" never rounds up to the next second
 * and "1.7361504e9" is exact), and its integer part picks the unit by magnitude; the
 * thresholds are in src/ident/generalize.h.
 *
 * User agents. One pass over the bytes, word by word: a word is a maximal run of ASCII
 * letters (digits, punctuation, white space and bytes 0x80 and up separate words and are
 * otherwise skipped). A name counts when a word is exactly that name ("HeadlessChrome/"
 * is not Chrome), begins the input or follows a byte that is not a digit (the "B" of
 * "S911B" is no word of its own), and is followed by what the table says ("motorola edge"
 * is not Edge); names are case-sensitive, as browsers write them. A table of the lengths
 * of the names by first letter lets most words go after one lookup; the others are
 * compared with the few names of their first letter.
 * Bot words are case-insensitive and end a word, where bots put them ("Googlebot",
 * "AhrefsBot", "Baiduspider", "MJ12bot", "Sogou web spider").
 *
 *   signal            words (followed by)
 *   bot               a word ending in "bot" (but not in "cubot": Cubot phones), "crawl",
 *                     "crawler" or "spider", in any case ("bottle" and "robots" are not)
 *   Edge              "Edg" (Chromium Edge), "Edge" (EdgeHTML), "EdgA" (Android),
 *                     "EdgiOS" ('/')
 *   Opera             "OPR", "OPiOS", "OPT" (Opera Touch) ('/'); "Opera" ('/' or ' ':
 *                     Presto, Opera Mini)
 *   Samsung Internet  "SamsungBrowser" ('/')
 *   other browser     "YaBrowser", "Vivaldi", "UCBrowser" ('/'): Chromium-based browsers
 *                     that keep the Chrome token but are not Chrome
 *   Internet Explorer "MSIE" (' '), "Trident" ('/')
 *   Firefox           "Firefox", "FxiOS" ('/')
 *   Chromium          "Chromium" ('/')
 *   Chrome            "Chrome", "CriOS" ('/')
 *   Safari            "Safari" ('/') and "Version" ('/')
 *   iPadOS            "iPad", "iPadOS"
 *   iOS               "iPhone", "iPod"; "iOS" (' ' or ';': app user agents)
 *   Android           "Android"
 *   ChromeOS          "CrOS" (' ')
 *   Windows           "Windows"
 *   macOS             "Macintosh"; "Mac" (" OS X")
 *   Linux             "Linux"
 *
 * The browser is the first of: bot, Edge, Opera, Samsung Internet, other browser,
 * Internet Explorer, Firefox, Chromium, Chrome, Safari, other. The order undoes the
 * tokens browsers borrow from each other: Edge, Opera and Samsung Internet also send
 * "Chrome/" and "Safari/", Chrome sends "Safari/", Chromium sends "Chrome/". Safari
 * also needs "Version/" (which in-app web views such as the Google app leave out) and an
 * Apple OS (GNOME Web and old Android browsers send "Version/ ... Safari/" too).
 * The OS is the first of: iPadOS, iOS, Android, ChromeOS, Windows, macOS, Linux, other;
 * iOS comes before macOS because iOS sends "like Mac OS X", Android before Linux because
 * Android sends "Linux". Safari on iPadOS 13 and later asks for desktop pages by
 * default and sends a Macintosh user agent, indistinguishable from macOS: it counts as
 * macOS. */
#include "generalize.h"

#include <string.h>

/* Range of privpol_time_format() and privpol_time_parse(): years 0001 to 9999. */

/* out too small for need bytes (NUL included): "" when it has room for it, *out_len =
 * need. */
static privpol_status
too_small(char *out, size_t out_size, size_t need, size_t *out_len)
{
    if (out_size > 0)
        out[0] = '\0';
    if (out_len != NULL)
        *out_len = need;
    return PRIVPOL_EBUFSIZE;
}

static char *
put_uint(char *p, unsigned v)
{
    char tmp[10];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        *p++ = tmp[--n];
    return p;
}

/* ---- IP prefix --------------------------------------------------------------------- */

privpol_status
privpol__generalize_ip(const char *value, size_t len, unsigned prefix4, unsigned prefix6,
                       char *out, size_t out_size, size_t *out_len)
{
    uint8_t ip[16];
    size_t ip_len, n;
    unsigned prefix;
    char text[PRIVPOL__GENERALIZED_IP_MAX];
    char *p;

    if (out_len != NULL)
        *out_len = 0;
    if (out == NULL || (value == NULL && len > 0) || prefix4 > 32 || prefix6 > 128) {
        if (out != NULL && out_size > 0)
            out[0] = '\0';
        return PRIVPOL_EINVAL;
    }
    if (out_size > 0)
        out[0] = '\0';
    value = privpol__trim(value, &len);
    if (privpol__ip_parse(value, len, ip, &ip_len, NULL) != PRIVPOL_OK)
        return PRIVPOL_EVALUE;
    prefix = ip_len == 4 ? prefix4 : prefix6;
    for (size_t k = 0; k < ip_len; k++) {
        unsigned keep = prefix > 8 * k ? prefix - 8 * (unsigned)k : 0; /* bits kept */
        if (keep < 8)
            ip[k] &= (uint8_t)(0xffu << (8 - keep));
    }
    /* A masked IPv6 address cannot be IPv4-mapped (that needs bits 80-95 set, so a prefix
     * of 96 or more of an address that already was mapped, hence 4 bytes), so the text
     * is plain RFC 5952. */
    n = privpol__ip_format(ip, ip_len, text);
    p = text + n;
    *p++ = '/';
    p = put_uint(p, prefix);
    n = (size_t)(p - text);
    if (n + 1 > out_size)
        return too_small(out, out_size, n + 1, out_len);
    memcpy(out, text, n);
    out[n] = '\0';
    if (out_len != NULL)
        *out_len = n;
    return PRIVPOL_OK;
}

/* ---- event time -------------------------------------------------------------------- */

#define NUM_LIMIT 100000000000000000LL /* 1e17: integer parts from here are refused */

/* The integer part of a JSON number (RFC 8259 §6) that is not negative, exactly, or -1
 * when the text is not such a number or the integer part is NUM_LIMIT or more. */
static int64_t
json_number_floor(const unsigned char *s, size_t n)
{
    size_t i = 0, int_start, int_end, frac_start, frac_end;
    int64_t exp = 0, v = 0;
    bool exp_neg = false;

    if (n == 0 || s[0] == '-') /* '-0' too: an event time is never written negative */
        return -1;
    int_start = i;
    if (s[i] == '0') {
        i++;
    } else {
        while (i < n && privpol__is_digit(s[i]))
            i++;
    }
    if ((int_end = i) == int_start)
        return -1;
    frac_start = frac_end = i;
    if (i < n && s[i] == '.') {
        frac_start = ++i;
        while (i < n && privpol__is_digit(s[i]))
            i++;
        if ((frac_end = i) == frac_start)
            return -1;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t exp_start;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            exp_neg = s[i++] == '-';
        exp_start = i;
        while (i < n && privpol__is_digit(s[i])) {
            /* Capped far beyond any input's length, so the result stays exact: with
             * |exp| past the number of digits, a value is 0 or too large either way. */
            if (exp < 1000000000000000LL)
                exp = exp * 10 + (s[i] - '0');
            i++;
        }
        if (i == exp_start)
            return -1;
        if (exp_neg)
            exp = -exp;
    }
    if (i != n)
        return -1;

    /* The value is the digit string D = int ++ frac times 10^(exp - |frac|): the digit at
     * index j of D (0 first) stands for 10^(|int| - 1 - j + exp). Digits of negative
     * power are the fraction, truncated. */
    {
        size_t n_int = int_end - int_start, n_frac = frac_end - frac_start;
        size_t total = n_int + n_frac;
        int64_t power = (int64_t)n_int - 1 + exp; /* power of the digit at index 0 */
        for (size_t j = 0; j < total && power >= 0; j++, power--) {
            unsigned char c = j < n_int ? s[int_start + j] : s[frac_start + j - n_int];
            if (v >= NUM_LIMIT / 10) /* v * 10 + digit >= 1e17 */
                return -1;
            v = v * 10 + (c - '0');
        }
        /* power is now that of the first digit not used; when all were used and it is
         * still >= 0, the trailing zeros the exponent adds remain. */
        for (; power >= 0 && v != 0; power--) {
            if (v >= NUM_LIMIT / 10)
                return -1;
            v *= 10;
        }
    }
    return v;
}

privpol_status
privpol__event_time(const char *value, size_t len, bool is_number, int64_t *out)
{
    int64_t t;

    if (out == NULL || (value == NULL && len > 0))
        return PRIVPOL_EINVAL;
    *out = 0;
    value = privpol__trim(value, &len);
    if (is_number) {
        int64_t v = json_number_floor((const unsigned char *)value, len);
        if (v < 0)
            return PRIVPOL_EVALUE;
        if (v < 100000000000LL) /* 1e11 */
            t = v;
        else if (v < 100000000000000LL) /* 1e14 */
            t = v / 1000;
        else
            t = v / 1000000;
    } else if (privpol_time_parse(value, len, &t, NULL) != PRIVPOL_OK) {
        return PRIVPOL_EVALUE;
    }
    if (t < PRIVPOL__TIME_MIN || t > PRIVPOL__TIME_MAX)
        return PRIVPOL_EVALUE;
    *out = t;
    return PRIVPOL_OK;
}

/* ---- time cut ---------------------------------------------------------------------- */

privpol_status
privpol__generalize_time(int64_t t, privpol_time_unit unit, char *out, size_t out_size,
                         size_t *out_len)
{
    int64_t days, rem;

    if (out_len != NULL)
        *out_len = 0;
    if (out == NULL ||
        (unit != PRIVPOL_TIME_UNIT_HOUR && unit != PRIVPOL_TIME_UNIT_DAY)) {
        if (out != NULL && out_size > 0)
            out[0] = '\0';
        return PRIVPOL_EINVAL;
    }
    if (out_size > 0)
        out[0] = '\0';
    if (t < PRIVPOL__TIME_MIN || t > PRIVPOL__TIME_MAX)
        return PRIVPOL_EVALUE;
    if (out_size < PRIVPOL__GENERALIZED_TIME_MAX)
        return too_small(out, out_size, PRIVPOL__GENERALIZED_TIME_MAX, out_len);
    /* floor division: the day of -1 is 1969-12-31 */
    days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    rem = unit == PRIVPOL_TIME_UNIT_HOUR ? (t - days * 86400) / 3600 * 3600 : 0;
    privpol__iso_time(out, days * 86400 + rem);
    if (out_len != NULL)
        *out_len = PRIVPOL__GENERALIZED_TIME_MAX - 1;
    return PRIVPOL_OK;
}

/* ---- user agent -------------------------------------------------------------------- */

enum {
    F_BOT = 1u << 0,
    F_EDGE = 1u << 1,
    F_OPERA = 1u << 2,
    F_SAMSUNG = 1u << 3,
    F_OTHER_BROWSER = 1u << 4,
    F_IE = 1u << 5,
    F_FIREFOX = 1u << 6,
    F_CHROMIUM = 1u << 7,
    F_CHROME = 1u << 8,
    F_SAFARI = 1u << 9,
    F_VERSION = 1u << 10,
    F_IPAD = 1u << 11,
    F_IOS = 1u << 12,
    F_ANDROID = 1u << 13,
    F_CROS = 1u << 14,
    F_WINDOWS = 1u << 15,
    F_MAC = 1u << 16,
    F_LINUX = 1u << 17
};

/* ASCII letters. */
static const unsigned char ua_letter[256] = {
#define L26(a)                                                                           \
    [a] = 1, [a + 1] = 1, [a + 2] = 1, [a + 3] = 1, [a + 4] = 1, [a + 5] = 1,            \
    [a + 6] = 1, [a + 7] = 1, [a + 8] = 1, [a + 9] = 1, [a + 10] = 1, [a + 11] = 1,      \
    [a + 12] = 1, [a + 13] = 1, [a + 14] = 1, [a + 15] = 1, [a + 16] = 1, [a + 17] = 1,  \
    [a + 18] = 1, [a + 19] = 1, [a + 20] = 1, [a + 21] = 1, [a + 22] = 1, [a + 23] = 1,  \
    [a + 24] = 1, [a + 25] = 1
    L26('A'),
    L26('a'),
#undef L26
};

/* Bit n of ua_lengths[c] is set when a name of the table at the top begins with c and is
 * n letters long: most words ("Mozilla", "AppleWebKit", "Mobile") stop at this test. */
#define B(n) (1u << (n))
static const uint16_t ua_lengths[256] = {
    ['A'] = B(7),                      /* Android */
    ['C'] = B(4) | B(5) | B(6) | B(8), /* CrOS CriOS Chrome Chromium */
    ['E'] = B(3) | B(4) | B(6),        /* Edg Edge EdgA EdgiOS */
    ['F'] = B(5) | B(7),               /* FxiOS Firefox */
    ['L'] = B(5),                      /* Linux */
    ['M'] = B(3) | B(4) | B(9),        /* Mac MSIE Macintosh */
    ['O'] = B(3) | B(5),               /* OPR OPT OPiOS Opera */
    ['S'] = B(6) | B(14),              /* Safari SamsungBrowser */
    ['T'] = B(7),                      /* Trident */
    ['U'] = B(9),                      /* UCBrowser */
    ['V'] = B(7),                      /* Version Vivaldi */
    ['W'] = B(7),                      /* Windows */
    ['Y'] = B(9),                      /* YaBrowser */
    ['i'] = B(3) | B(4) | B(6),        /* iOS iPad iPod iPhone iPadOS */
};
#undef B

/* The word w[0 .. n) is the literal. */
#define IS(lit) (n == sizeof(lit) - 1 && memcmp(w, lit, sizeof(lit) - 1) == 0)

/* The signal of the name the word w[0 .. n) is, given the byte after it (next, -1 at the
 * end of the input) and the end of the input; 0 if none. */
static unsigned
ua_name(const unsigned char *w, size_t n, int next, const unsigned char *end)
{
    bool slash = next == '/';
    switch (w[0]) {
    case 'A':
        return IS("Android") ? F_ANDROID : 0;
    case 'C':
        if (slash && (IS("Chrome") || IS("CriOS")))
            return F_CHROME;
        if (slash && IS("Chromium"))
            return F_CHROMIUM;
        return next == ' ' && IS("CrOS") ? F_CROS : 0;
    case 'E':
        if (slash && (IS("Edg") || IS("Edge") || IS("EdgA") || IS("EdgiOS")))
            return F_EDGE;
        return 0;
    case 'F':
        return slash && (IS("Firefox") || IS("FxiOS")) ? F_FIREFOX : 0;
    case 'L':
        return IS("Linux") ? F_LINUX : 0;
    case 'M':
        if (IS("Macintosh") ||
            (IS("Mac") && end - (w + 3) >= 5 && memcmp(w + 3, " OS X", 5) == 0))
            return F_MAC;
        return next == ' ' && IS("MSIE") ? F_IE : 0;
    case 'O':
        if (slash && (IS("OPR") || IS("OPT") || IS("OPiOS")))
            return F_OPERA;
        return (slash || next == ' ') && IS("Opera") ? F_OPERA : 0;
    case 'S':
        if (slash && IS("Safari"))
            return F_SAFARI;
        return slash && IS("SamsungBrowser") ? F_SAMSUNG : 0;
    case 'T':
        return slash && IS("Trident") ? F_IE : 0;
    case 'U':
        return slash && IS("UCBrowser") ? F_OTHER_BROWSER : 0;
    case 'V':
        if (slash && IS("Version"))
            return F_VERSION;
        return slash && IS("Vivaldi") ? F_OTHER_BROWSER : 0;
    case 'W':
        return IS("Windows") ? F_WINDOWS : 0;
    case 'Y':
        return slash && IS("YaBrowser") ? F_OTHER_BROWSER : 0;
    case 'i':
        if (IS("iPad") || IS("iPadOS"))
            return F_IPAD;
        if (IS("iPhone") || IS("iPod") || (IS("iOS") && (next == ' ' || next == ';')))
            return F_IOS;
        return 0;
    default:
        return 0;
    }
}
#undef IS

/* w[0 .. n) ends with the lowercase letters lit[0 .. k), in either case. */
static inline bool
ends_ci(const unsigned char *w, size_t n, const char *lit, size_t k)
{
    if (n < k)
        return false;
    w += n - k;
    for (size_t j = 0; j < k; j++)
        if ((w[j] | 0x20) != (unsigned char)lit[j])
            return false;
    return true;
}

/* F_BOT when the word w[0 .. n) is a bot word. */
static inline unsigned
ua_bot(const unsigned char *w, size_t n)
{
    switch (w[n - 1] | 0x20) {
    case 't':
        return ends_ci(w, n, "bot", 3) && !ends_ci(w, n, "cubot", 5) ? F_BOT : 0;
    case 'l':
        return ends_ci(w, n, "crawl", 5) ? F_BOT : 0;
    case 'r':
        return ends_ci(w, n, "crawler", 7) || ends_ci(w, n, "spider", 6) ? F_BOT : 0;
    default:
        return 0;
    }
}

struct name {
    const char *text;
    size_t len;
};
/* clang-format off */
#define NAME(s) {s, sizeof(s) - 1}
/* clang-format on */

privpol_status
privpol__generalize_user_agent(const char *ua, size_t len, char *out, size_t out_size,
                               size_t *out_len)
{
    static const struct name on = NAME(" on ");
    const unsigned char *u = (const unsigned char *)ua;
    unsigned f = 0;
    struct name browser, os;
    size_t need;

    if (out_len != NULL)
        *out_len = 0;
    if (out == NULL || (ua == NULL && len > 0)) {
        if (out != NULL && out_size > 0)
            out[0] = '\0';
        return PRIVPOL_EINVAL;
    }
    for (const unsigned char *p = u, *end = u + len; p < end;) {
        const unsigned char *w;
        size_t n;
        while (!ua_letter[*p])
            if (++p == end)
                break;
        if (p == end)
            break;
        w = p;
        while (++p < end && ua_letter[*p])
            ;
        n = (size_t)(p - w);
        /* a name needs a word start (the input's, or after a byte that is no digit) and
         * a first letter and length some name has */
        if (n < 16 && ((ua_lengths[w[0]] >> n) & 1) &&
            (w == u || !privpol__is_digit(w[-1])))
            f |= ua_name(w, n, p < end ? *p : -1, end);
        f |= ua_bot(w, n);
    }

    if (f & F_BOT)
        browser = (struct name)NAME("bot");
    else if (f & F_EDGE)
        browser = (struct name)NAME("Edge");
    else if (f & F_OPERA)
        browser = (struct name)NAME("Opera");
    else if (f & F_SAMSUNG)
        browser = (struct name)NAME("Samsung Internet");
    else if (f & F_OTHER_BROWSER)
        browser = (struct name)NAME("other");
    else if (f & F_IE)
        browser = (struct name)NAME("Internet Explorer");
    else if (f & F_FIREFOX)
        browser = (struct name)NAME("Firefox");
    else if (f & F_CHROMIUM)
        browser = (struct name)NAME("Chromium");
    else if (f & F_CHROME)
        browser = (struct name)NAME("Chrome");
    else if ((f & (F_SAFARI | F_VERSION)) == (F_SAFARI | F_VERSION) &&
             (f & (F_IPAD | F_IOS | F_MAC)))
        browser = (struct name)NAME("Safari");
    else
        browser = (struct name)NAME("other");

    if (f & F_IPAD)
        os = (struct name)NAME("iPadOS");
    else if (f & F_IOS)
        os = (struct name)NAME("iOS");
    else if (f & F_ANDROID)
        os = (struct name)NAME("Android");
    else if (f & F_CROS)
        os = (struct name)NAME("ChromeOS");
    else if (f & F_WINDOWS)
        os = (struct name)NAME("Windows");
    else if (f & F_MAC)
        os = (struct name)NAME("macOS");
    else if (f & F_LINUX)
        os = (struct name)NAME("Linux");
    else
        os = (struct name)NAME("other");

    need = browser.len + on.len + os.len + 1;
    if (need > out_size)
        return too_small(out, out_size, need, out_len);
    memcpy(out, browser.text, browser.len);
    memcpy(out + browser.len, on.text, on.len);
    memcpy(out + browser.len + on.len, os.text, os.len + 1); /* NUL included */
    if (out_len != NULL)
        *out_len = need - 1;
    return PRIVPOL_OK;
}
