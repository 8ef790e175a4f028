/* SPDX-License-Identifier: MIT */
/* The util layer (src/util/): errors, allocation, UTF-8 and ASCII classes, batches, civil
 * time, JSON string escaping. Shared inside src/ only (src/LAYERS); tests and fuzzers
 * reach it through privpol_internal_dep. Nothing here is exported from the library. */
#ifndef PRIVPOL_UTIL_H
#define PRIVPOL_UTIL_H

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

/* ---- json.c: JSON strings ------------------------------------------------------------ */

/* The escape of byte c inside a double-quoted JSON string (also valid in a YAML one):
 * `\"`, `\\`, `\n`, `\r`, `\t`, else `\u00XX` for other control characters and DEL.
 * Writes it to out and returns its length (2 or 6), or 0 when c stands for itself. */
size_t privpol__json_escape_byte(unsigned char c, char out[6]);
/* Length of n bytes of s once escaped (quotes not included). */
size_t privpol__json_escaped_len(const char *s, size_t n);
/* Escape n bytes of s into out (privpol__json_escaped_len() bytes); returns the length. */
size_t privpol__json_escape_into(char *out, const char *s, size_t n);
/* Decode the body of a JSON string (between its quotes; control characters are the
 * caller's check) into out, which has room for n bytes (a decoding is never longer):
 * every escape of RFC 8259, \u with surrogate pairs written as UTF-8. PRIVPOL_OK and
 * *out_len (no NUL written); PRIVPOL_EPARSE with *bad the offset in s and *msg. */
privpol_status privpol__json_unescape(const char *s, size_t n, char *out, size_t *out_len,
                                      size_t *bad, const char **msg);
/* What stands between two JSON tokens, text[from, to): white space, and exactly one sep
 * (',' or ':') when sep is not 0 (jsmn does not check this: `[1 2]`, `{"a":1,}` and
 * `{"a"::1}` pass it). NULL when so; else the reason, *bad the offset at fault. */
const char *privpol__json_gap(const char *text, size_t from, size_t to, char sep,
                              size_t *bad);
/* Whether n bytes of s are one JSON number (RFC 8259 grammar). */
bool privpol__json_number_ok(const char *s, size_t n);

#endif /* PRIVPOL_UTIL_H */
