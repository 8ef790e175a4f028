/* SPDX-License-Identifier: MIT */
/* Declarations shared inside src/ only; tests and fuzzers reach them through
 * privpol_internal_dep. Nothing here is exported from the shared library. */
#ifndef PRIVPOL_INTERNAL_H
#define PRIVPOL_INTERNAL_H

#include <privpol.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- common.c ---------------------------------------------------------------- */

/* Whether a versioned struct's version field v is one this library reads: 1 to cur. */
#define PRIVPOL__VERSION_OK(v, cur) ((v) >= 1U && (v) <= (cur))

/* Fill err (when not NULL) and return status. msg may be NULL (the strerror text). */
privpol_status privpol__fail(privpol_error *err, privpol_status status, const char *msg);
/* Same with a printf-style message. Never pass input values or key bytes. */
privpol_status privpol__failf(privpol_error *err, privpol_status status, const char *fmt,
                              ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* Same, also setting line and column. */
privpol_status privpol__fail_at(privpol_error *err, privpol_status status, size_t line,
                                size_t column, const char *msg);

/* Length of the well-formed multi-byte UTF-8 sequence at s (its lead byte s[0] >= 0x80)
 * within n bytes, or 0 when it is not one (RFC 3629: no overlong forms, no surrogates,
 * nothing past U+10FFFF). */
static inline size_t
privpol__utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0], c1;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4;
    else
        return 0;
    if (n < len)
        return 0;
    c1 = s[1];
    if ((c1 & 0xC0) != 0x80 || (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) ||
        (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F))
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* Cut a NUL-terminated buffer of size bytes holding a possibly truncated UTF-8 text back
 * to a character boundary. */
void privpol__utf8_cut(char *s, size_t size);
/* Copy src (NULL: "") into dst of size bytes, cut at a character boundary. */
void privpol__copy_text(char *dst, size_t size, const char *src);
/* Whether text is well-formed UTF-8 (privpol__utf8_seq() for each non-ASCII sequence). */
bool privpol__utf8_ok(const char *text, size_t n);
/* One item of a batch: write its result at out (*out_len: room in, NUL included; bytes
 * written out, NUL excluded); PRIVPOL_EBUFSIZE when it does not fit. */
typedef privpol_status (*privpol__batch_fn)(void *payload, const char *item, size_t len,
                                           char *out, size_t *out_len, privpol_error *err);
/* Run fn over count items laid back to back (lens[i] bytes each), each result followed by
 * a line feed in out, as privpol_pseudonymizer_run_many() documents: a full buffer stops
 * the batch (*done_out items done), a failed item leaves an empty line and its status
 * when statuses is given, else stops it; err gets the first failure with its 1-based
 * position as line. The caller checks its own arguments first. */
privpol_status privpol__batch(const char *items, const size_t *lens, size_t count, char *out,
                              size_t *out_len, privpol_status *statuses, size_t *done_out,
                              privpol_error *err, privpol__batch_fn fn, void *payload);
/* Allocation through optional hooks (NULL: libc). */
void *privpol__alloc_with(const privpol_allocator *a, size_t n);
void *privpol__calloc_with(const privpol_allocator *a, size_t count, size_t n);
void privpol__free_with(const privpol_allocator *a, void *p);
void *privpol__alloc(const privpol_ctx *ctx, size_t n);
void privpol__free(const privpol_ctx *ctx, void *p);

static inline bool
privpol__is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* ASCII character classes, independent of the locale: no byte 0x80 and up is in any of
 * them, and alnum is letters and digits only (no '_'). Inline, in the hot loops of the
 * scanner and the recognizers. */
static inline bool
privpol__is_digit(unsigned char c)
{
    return (unsigned)(c - '0') <= 9u;
}

static inline bool
privpol__is_upper(unsigned char c)
{
    return (unsigned)(c - 'A') <= 25u;
}

static inline bool
privpol__is_lower(unsigned char c)
{
    return (unsigned)(c - 'a') <= 25u;
}

static inline bool
privpol__is_alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') <= 25u;
}

static inline bool
privpol__is_alnum(unsigned char c)
{
    return privpol__is_digit(c) || privpol__is_alpha(c);
}

/* 0-9, a-f, A-F. */
static inline bool
privpol__is_hex(unsigned char c)
{
    return privpol__is_digit(c) || (unsigned)((c | 0x20) - 'a') <= 5u;
}

/* Value of a hex digit (either case), or -1. */
static inline int
privpol__hex_value(unsigned char c)
{
    return privpol__is_digit(c) ? c - '0'
           : privpol__is_hex(c) ? (c | 0x20) - 'a' + 10
                                : -1;
}

/* Trim ASCII white space on both sides; returns the new start, *len updated. Inline:
 * it runs on every value of the hot path. */
static inline const char *
privpol__trim(const char *s, size_t *len)
{
    size_t n = *len;
    while (n > 0 && privpol__is_space((unsigned char)*s)) {
        s++;
        n--;
    }
    while (n > 0 && privpol__is_space((unsigned char)s[n - 1]))
        n--;
    *len = n;
    return s;
}

/* ---- time.c ------------------------------------------------------------------ */

/* Days since 1970-01-01 of a proleptic Gregorian date (y 1..9999, m 1..12, d 1..31). */
/* Instants the library handles: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
#define PRIVPOL__TIME_MIN (-62135596800LL)
#define PRIVPOL__TIME_MAX (253402300799LL)
/* Write t (PRIVPOL__TIME_MIN..MAX) as `YYYY-MM-DDThh:mm:ssZ`: 20 bytes and a NUL. */
void privpol__iso_time(char out[21], int64_t t);
int64_t privpol__days_from_civil(int64_t y, unsigned m, unsigned d);
/* Inverse of the above. */
void privpol__civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* ---- normalizers (src/normalize-ip.c, src/phone.c, src/email.c) ------------------
 *
 * Every normalizer reads an input already trimmed of surrounding ASCII white space,
 * never reads past s[n-1] (s need not be NUL-terminated), never allocates, and on
 * failure returns PRIVPOL_EVALUE with err->column set to the 1-based byte offset of the
 * first bad byte in s (or 0) and a message that never quotes the input. */

/* IP addresses. out receives 4 bytes (IPv4, also for IPv4-mapped IPv6 ::ffff:a.b.c.d)
 * or 16 bytes (IPv6, network order); *out_len = 4 or 16.
 * Rules: IPv4 dotted quad only, 4 decimal octets 0-255, no leading zeros ("010.0.0.1"
 * is an error: octal ambiguity); IPv6 every RFC 4291 text form (1-4 hex digits per
 * group, either case, "::" once, trailing embedded IPv4 dotted quad); zone ids ("%eth0"),
 * brackets, prefixes ("/24") and anything else are errors. */
#define PRIVPOL__IP_TEXT_MAX 46 /* INET6_ADDRSTRLEN, NUL included */
privpol_status privpol__ip_parse(const char *s, size_t n, uint8_t out[16], size_t *out_len,
                                 privpol_error *err);
/* Canonical text: dotted quad for 4 bytes; RFC 5952 for 16 bytes (lowercase, no leading
 * zeros, longest run of two or more zero groups compressed, the first on a tie; an
 * IPv4-mapped address is written ::ffff:a.b.c.d). Returns the length (NUL excluded);
 * out must hold PRIVPOL__IP_TEXT_MAX bytes. */
size_t privpol__ip_format(const uint8_t *ip, size_t ip_len, char *out);

/* Phone numbers to E.164. out receives "+" and at most 15 digits (NUL-terminated);
 * *out_len its length (NUL excluded). default_region: ISO 3166-1 alpha-2, uppercase
 * ("FR"), used for numbers written without an international prefix. */
#define PRIVPOL__E164_MAX 17 /* '+', at most 15 digits, NUL */
privpol_status privpol__phone_parse(const char *s, size_t n, const char *default_region,
                                    char out[PRIVPOL__E164_MAX], size_t *out_len,
                                    privpol_error *err);
/* True when region (two uppercase letters) is known to the phone table. */
bool privpol__phone_region_known(const char *region);

/* Email: local@domain; domain lowercased (ASCII), local part lowercased unless
 * keep_case. out must hold PRIVPOL__EMAIL_MAX bytes; NUL-terminated. */
#define PRIVPOL__EMAIL_MAX 255 /* 254 characters (RFC 5321 path limit) and NUL */
privpol_status privpol__email_parse(const char *s, size_t n, bool keep_case, char *out,
                                    size_t *out_len, privpol_error *err);

/* ---- recognize.c: validators of whole candidates ---------------------------------
 *
 * Each takes exactly the candidate's bytes (not NUL-terminated, never read past
 * s[n-1]), allocates nothing, and says whether they are a valid identifier of that
 * kind (checksums, ranges, plans), not only whether they have its shape. */

/* Card number: 12 to 19 digits, optionally in groups separated by single spaces or
 * dashes (one kind of separator), Luhn-valid, with a known issuer prefix. */
bool privpol__card_ok(const char *s, size_t n);
/* IBAN: country code, 2 check digits, BBAN of the country's length (ISO 13616 registry),
 * mod 97 == 1; optionally in groups of four separated by single spaces. */
bool privpol__iban_ok(const char *s, size_t n);
/* IMEI: 15 digits (optionally "AA-BBBBBB-CCCCCC-D" or with spaces), Luhn-valid. */
bool privpol__imei_ok(const char *s, size_t n);
/* UUID: 8-4-4-4-12 hex digits, either case, optionally in braces or as urn:uuid:. */
bool privpol__uuid_ok(const char *s, size_t n);
/* MAC (EUI-48): six hex pairs separated by ':' or '-' (the same throughout), or three
 * groups of four separated by '.'. */
bool privpol__mac_ok(const char *s, size_t n);
/* Geographic coordinates "lat, lon" / "lat,lon" / "lat lon" in decimal degrees
 * (-90..90, -180..180, at least 2 decimals each). *precise (may be NULL) is set when
 * both have at least 4 decimals (about 10 m). */
bool privpol__coords_ok(const char *s, size_t n, bool *precise);
/* URL with a scheme (http, https, ftp, ws, wss) and a host. On success *query and
 * *query_len (may be NULL) give the query string, without '?' and fragment. */
bool privpol__url_ok(const char *s, size_t n, const char **query, size_t *query_len);
/* A user-agent string (RFC 9110 product tokens; browsers, bots, libraries). */
bool privpol__user_agent_ok(const char *s, size_t n);

/* ---- category.c -------------------------------------------------------------- */

struct privpol__category {
    const char *id;
    const char *clause;
    privpol_normalizer normalizer;
    const char *fideslang;
    const char *dpv;
    privpol_identifiability identifiability;
};
extern const struct privpol__category privpol__categories[];
extern const size_t privpol__category_count;
/* Room for categories in per-category tables and the uint64_t category bit sets of the
 * API; the list may grow to it. */
#define PRIVPOL__CATEGORY_MAX 64
#define PRIVPOL__CAT_COUNT_(name, id, section, norm, level, fides, dpv) +1
enum { PRIVPOL__CATEGORY_COUNT = 0 PRIVPOL_CATEGORY_LIST(PRIVPOL__CAT_COUNT_) };
_Static_assert(PRIVPOL__CATEGORY_COUNT <= PRIVPOL__CATEGORY_MAX, "raise PRIVPOL__CATEGORY_MAX");
/* Index of a category id, or -1. */
int privpol__category_index(const char *id);
/* PRIVPOL_OK when category is one of the registry, else PRIVPOL_ENOTFOUND (err filled). */
privpol_status privpol__category_check(privpol_category category, privpol_error *err);

/* ---- keyring.c --------------------------------------------------------------- */

struct privpol__key {
    char id[PRIVPOL_KEYRING_ID_LEN + 1];
    int64_t from;
    const unsigned char *bytes; /* PRIVPOL_KEYRING_KEYBYTES, inside a guarded block */
};

struct privpol_keyring {
    privpol_allocator alloc;
    bool has_alloc;
    size_t count;
    struct privpol__key keys[PRIVPOL_KEYRING_MAX_KEYS];
    unsigned char *secret; /* sodium_malloc'd block of count * KEYBYTES, read-only */
};

/* Deep copy of a keyring (new guarded block). */
privpol_status privpol__keyring_copy(privpol_keyring **out, const privpol_keyring *src,
                                     const privpol_allocator *alloc);
/* Index of the key in force at `at`, or -1 if none. */
int privpol__keyring_key_at(const privpol_keyring *kr, int64_t at);
/* Index of a key by id, or -1. */
int privpol__keyring_find(const privpol_keyring *kr, const char *id, size_t id_len);

/* ---- context.c --------------------------------------------------------------- */

struct privpol_ctx {
    privpol_allocator alloc;
    bool has_alloc;
    privpol_keyring *keyring; /* owned copy, may be NULL */
    privpol_role role;
    unsigned flags;
    char default_region[3];
    unsigned char periods[PRIVPOL__CATEGORY_MAX]; /* privpol_period per category index */
    const privpol_policy *policy; /* one reference (src/policy-model.h), never NULL */
};

#endif /* PRIVPOL_INTERNAL_H */
