/* SPDX-License-Identifier: MIT */
/* Generalization transforms (src/generalize.h): an IP address cut to a prefix, an event
 * time cut to the hour or the day, a user agent reduced to browser and OS families.
 *
 * IP addresses are read by privpol__ip_parse() (src/normalize-ip.c), so that a value a
 * pseudonym accepts is one a prefix accepts, and written by privpol__ip_format(); the
 * bits past the prefix are cleared in place, so no copy of the full address is left.
 *
 * Event times: ISO 8601 text goes to privpol_time_parse(). A JSON number is read exactly
 * in decimal (no floating point, so "1736150400.999" never rounds up to the next second
 * and "1.7361504e9" is exact), and its integer part picks the unit by magnitude; the
 * thresholds are in src/generalize.h.
 *
 * User agents. One pass over the bytes: a 256-byte table marks the bytes at which one of
 * the signals below may start, and only there are a few fixed strings compared. Product
 * and platform names are compared case-sensitively (as browsers write them) and only at
 * the start of a word (after a byte that is not an ASCII letter or digit), so that
 * "HeadlessChrome/" is not Chrome and "motorola edge" is not Edge. The bot words are
 * compared case-insensitively anywhere, since bots glue them to their names
 * ("Googlebot", "AhrefsBot", "Baiduspider").
 *
 *   signal           strings (word start unless said)
 *   bot              "bot" anywhere, any case, not followed by a letter ("bottom" is not
 *                    one) and not after "cu" (Cubot phones); "crawl", "spider" anywhere
 *   Edge             "Edg/" (Chromium Edge), "Edge/" (EdgeHTML), "EdgA/" (Android),
 *                    "EdgiOS/"
 *   Opera            "OPR/", "OPiOS/", "OPT/" (Opera Touch), "Opera/" or "Opera " (Presto,
 *                    Opera Mini)
 *   Samsung Internet "SamsungBrowser/"
 *   other browser    "YaBrowser/", "Vivaldi/", "UCBrowser/": Chromium-based browsers
 *                    that keep the Chrome token but are not Chrome
 *   Internet Explorer "MSIE ", "Trident/"
 *   Firefox          "Firefox/", "FxiOS/"
 *   Chromium         "Chromium/"
 *   Chrome           "Chrome/", "CriOS/"
 *   Safari           "Safari/" and "Version/"
 *   iPadOS           "iPad"
 *   iOS              "iPhone", "iPod", "iOS " / "iOS;" (app user agents)
 *   Android          "Android"
 *   ChromeOS         "CrOS "
 *   Windows          "Windows"
 *   macOS            "Macintosh", "Mac OS X"
 *   Linux            "Linux"
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
#define TIME_MIN (-62135596800LL) /* 0001-01-01T00:00:00Z */
#define TIME_MAX (253402300799LL) /* 9999-12-31T23:59:59Z */

/* Write need - 1 bytes of text plus NUL, or "" and EBUFSIZE. */
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

/* ---- IP prefix ----------------------------------------------------------------------- */

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

/* ---- event time ---------------------------------------------------------------------- */

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
            if (exp < 100000) /* past this any non-zero digit overflows anyway */
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
    } else if (privpol_time_parse(&t, value, len, NULL) != PRIVPOL_OK) {
        return PRIVPOL_EVALUE;
    }
    if (t < TIME_MIN || t > TIME_MAX)
        return PRIVPOL_EVALUE;
    *out = t;
    return PRIVPOL_OK;
}

/* ---- time cut ------------------------------------------------------------------------ */

static char *
put_2(char *p, unsigned v)
{
    *p++ = (char)('0' + v / 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

privpol_status
privpol__generalize_time(int64_t t, privpol_time_unit unit, char *out, size_t out_size,
                         size_t *out_len)
{
    int64_t days, rem, y;
    unsigned m, d, hour;
    char *p = out;

    if (out_len != NULL)
        *out_len = 0;
    if (out == NULL || (unit != PRIVPOL_TIME_UNIT_HOUR && unit != PRIVPOL_TIME_UNIT_DAY)) {
        if (out != NULL && out_size > 0)
            out[0] = '\0';
        return PRIVPOL_EINVAL;
    }
    if (out_size > 0)
        out[0] = '\0';
    if (t < TIME_MIN || t > TIME_MAX)
        return PRIVPOL_EVALUE;
    if (out_size < PRIVPOL__GENERALIZED_TIME_MAX)
        return too_small(out, out_size, PRIVPOL__GENERALIZED_TIME_MAX, out_len);
    /* floor division: the day of -1 is 1969-12-31 */
    days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    rem = t - days * 86400;
    hour = unit == PRIVPOL_TIME_UNIT_HOUR ? (unsigned)(rem / 3600) : 0;
    privpol__civil_from_days(days, &y, &m, &d);
    p = put_2(p, (unsigned)(y / 100));
    p = put_2(p, (unsigned)(y % 100));
    *p++ = '-';
    p = put_2(p, m);
    *p++ = '-';
    p = put_2(p, d);
    *p++ = 'T';
    p = put_2(p, hour);
    memcpy(p, ":00:00Z", 8); /* NUL included */
    if (out_len != NULL)
        *out_len = PRIVPOL__GENERALIZED_TIME_MAX - 1;
    return PRIVPOL_OK;
}

/* ---- user agent ---------------------------------------------------------------------- */

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

/* Bytes at which a signal may start: the first letters of the names in the table at the
 * top, and b, c, s in either case for the bot words. */
static const unsigned char lead[256] = {
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['E'] = 1, ['F'] = 1, ['L'] = 1, ['M'] = 1,
    ['O'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['Y'] = 1,
    ['b'] = 1, ['c'] = 1, ['i'] = 1, ['s'] = 1,
};

/* p[0 .. rem) starts with the literal. */
#define HAS(lit) (rem >= sizeof(lit) - 1 && memcmp(p, lit, sizeof(lit) - 1) == 0)

/* p[0 .. rem) starts with the lowercase letters of lit, in either case. */
static inline bool
has_ci(const unsigned char *p, size_t rem, const char *lit, size_t n)
{
    if (rem < n)
        return false;
    for (size_t k = 0; k < n; k++)
        if ((p[k] | 0x20) != (unsigned char)lit[k])
            return false;
    return true;
}

/* Bot words at u[i] (either case). */
static inline unsigned
bot_at(const unsigned char *u, size_t i, size_t n)
{
    const unsigned char *p = u + i;
    size_t rem = n - i;
    switch (p[0] | 0x20) {
    case 'b':
        if (has_ci(p, rem, "bot", 3) && (rem == 3 || !privpol__is_alpha(p[3])) &&
            !(i >= 2 && (u[i - 2] | 0x20) == 'c' && (u[i - 1] | 0x20) == 'u'))
            return F_BOT;
        return 0;
    case 'c':
        return has_ci(p, rem, "crawl", 5) ? F_BOT : 0;
    case 's':
        return has_ci(p, rem, "spider", 6) ? F_BOT : 0;
    default:
        return 0;
    }
}

/* Case-sensitive names at a word start p = u + i. */
static inline unsigned
name_at(const unsigned char *p, size_t rem)
{
    switch (p[0]) {
    case 'A':
        return HAS("Android") ? F_ANDROID : 0;
    case 'C':
        if (rem < 5 || (p[1] != 'r' && p[1] != 'h'))
            return 0;
        if (HAS("Chrome/") || HAS("CriOS/"))
            return F_CHROME;
        if (HAS("Chromium/"))
            return F_CHROMIUM;
        return HAS("CrOS ") ? F_CROS : 0;
    case 'E':
        if (HAS("Edg/") || HAS("Edge/") || HAS("EdgA/") || HAS("EdgiOS/"))
            return F_EDGE;
        return 0;
    case 'F':
        return HAS("Firefox/") || HAS("FxiOS/") ? F_FIREFOX : 0;
    case 'L':
        return HAS("Linux") ? F_LINUX : 0;
    case 'M':
        if (HAS("Macintosh") || HAS("Mac OS X"))
            return F_MAC;
        return HAS("MSIE ") ? F_IE : 0;
    case 'O':
        if (HAS("OPR/") || HAS("OPiOS/") || HAS("OPT/") || HAS("Opera/") || HAS("Opera "))
            return F_OPERA;
        return 0;
    case 'S':
        if (HAS("Safari/"))
            return F_SAFARI;
        return HAS("SamsungBrowser/") ? F_SAMSUNG : 0;
    case 'T':
        return HAS("Trident/") ? F_IE : 0;
    case 'U':
        return HAS("UCBrowser/") ? F_OTHER_BROWSER : 0;
    case 'V':
        if (HAS("Version/"))
            return F_VERSION;
        return HAS("Vivaldi/") ? F_OTHER_BROWSER : 0;
    case 'W':
        return HAS("Windows") ? F_WINDOWS : 0;
    case 'Y':
        return HAS("YaBrowser/") ? F_OTHER_BROWSER : 0;
    case 'i':
        if (HAS("iPad"))
            return F_IPAD;
        if (HAS("iPhone") || HAS("iPod") || HAS("iOS ") || HAS("iOS;"))
            return F_IOS;
        return 0;
    default:
        return 0;
    }
}

struct name {
    const char *text;
    size_t len;
};
#define NAME(s) {s, sizeof(s) - 1}

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
    for (size_t i = 0; i < len; i++) {
        unsigned char c = u[i];
        if (!lead[c])
            continue;
        switch (c | 0x20) {
        case 'b':
        case 'c':
        case 's':
            f |= bot_at(u, i, len);
            break;
        default:
            break;
        }
        if (c != 'b' && c != 'c' && c != 's' && c != 'B' &&
            (i == 0 || !privpol__is_alnum(u[i - 1])))
            f |= name_at(u + i, len - i);
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
             (f & (F_IPAD | F_IOS | F_MAC)) && !(f & F_ANDROID))
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
