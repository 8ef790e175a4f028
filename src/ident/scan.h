/* SPDX-License-Identifier: MIT */
/* Internals of the free-text scanner (scan.re, redact.c) that tests and benchmarks
 * reach through privpol_internal_dep; nothing here is exported. */
#ifndef PRIVPOL_SCAN_H
#define PRIVPOL_SCAN_H

#include "ident.h"

/* Work counters of one scan, for tests that bound the work on adversarial input: each
 * matcher run reads a window of bounded size, so starts, matcher runs and validator
 * calls bounded by k * len prove the scan linear. */
struct privpol__scan_stats {
    size_t starts;      /* positions where a candidate was tried */
    size_t matches;     /* matcher (DFA) runs */
    size_t validations; /* validator and normalizer calls */
};

/* Flag of privpol__scan_run(): accept every shape the matchers find without running the
 * validators (checksums, numbering plans). For benchmarks of the candidate stage only;
 * never for data. */
#define PRIVPOL__SCAN_SHAPES_ONLY 1U

/* privpol_scan() with flags and optional counters (stats may be NULL). */
privpol_status privpol__scan_run(const privpol_ctx *ctx, const char *text, size_t len,
                                 privpol_span *spans, size_t *spans_len, unsigned flags,
                                 struct privpol__scan_stats *stats);

/* E.164 form of a phone number the scanner found: the default region first, then the
 * regions the scanner falls back to for national forms. False when none accepts it. */
bool privpol__scan_phone_e164(const privpol_ctx *ctx, const char *s, size_t n,
                              char out[PRIVPOL__E164_MAX], size_t *out_len);

/* ---- scrubbing text (redact.c) ------------------------------------------------------ */

/* What privpol__scrub_text() does with a span of a category. */
enum privpol__span_do {
    PRIVPOL__SPAN_LABEL = 0,       /* "[category id]" (also: not collected, dropped) */
    PRIVPOL__SPAN_KEEP = 1,        /* the policy keeps the category in clear */
    PRIVPOL__SPAN_PSEUDONYMIZE = 2, /* its keyed pseudonym (phones keyed in E.164) */
    PRIVPOL__SPAN_GENERALIZE = 3   /* IP addresses: their prefix; others: the label */
};

#define PRIVPOL__SPAN_CATEGORIES 32U

/* How privpol__scrub_text() treats the spans it finds, per category index. */
struct privpol__span_rules {
    const char *tenant; /* pseudonym space: needed when a category pseudonymizes */
    int64_t at;         /* event time of the pseudonyms */
    uint8_t what[PRIVPOL__SPAN_CATEGORIES];    /* enum privpol__span_do */
    uint8_t prefix4[PRIVPOL__SPAN_CATEGORIES]; /* GENERALIZE of IP spans */
    uint8_t prefix6[PRIVPOL__SPAN_CATEGORIES];
};

/* Flag of privpol__scrub_text(): identifiers may be written with percent escapes
 * ("jean%40example.fr", "%2B33612345678"): the text is scanned as decoded, and each span
 * replaces the escaped bytes it came from. */
#define PRIVPOL__SCRUB_PERCENT 1U
/* Flag: '+' is a space in the decoded text (a URL's query string). */
#define PRIVPOL__SCRUB_PLUS_SPACE 2U

/* Scan text and replace each span as the rules say. Output convention of privpol_redact()
 * (capacity in, length out; PRIVPOL_EBUFSIZE with the size needed, NUL included), except
 * that when nothing is to be replaced (*replaced == 0) nothing is written and *out_len is
 * 0: the caller keeps the text as it is. Bytes of a replaced span are never copied. */
privpol_status privpol__scrub_text(const privpol_ctx *ctx, const struct privpol__span_rules *rules,
                                   unsigned flags, const char *text, size_t len, char *out,
                                   size_t *out_len, size_t *replaced, privpol_error *err);

/* Modes of privpol__percent_decode() for '+'. */
enum privpol__plus { PRIVPOL__PLUS_KEEP, PRIVPOL__PLUS_SPACE, PRIVPOL__PLUS_QUERY };

/* Percent-decode [s, s+n) into out (n bytes at most; an escape is '%' and two hex digits,
 * anything else is copied); '+' kept, read as a space, or read as a space except before a
 * digit (PRIVPOL__PLUS_QUERY: "?tel=+33612345678" is a number far more often than
 * " 33612345678"; forms escape a '+' as %2B, people writing URLs do not). Returns the
 * length written. */
size_t privpol__percent_decode(const char *s, size_t n, enum privpol__plus plus, char *out);

/* First occurrence of [needle, needle+n) (n > 0) in [p, end), or NULL. */
const char *privpol__find(const char *p, const char *end, const char *needle, size_t n);

#endif /* PRIVPOL_SCAN_H */
