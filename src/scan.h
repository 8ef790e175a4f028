/* SPDX-License-Identifier: MIT */
/* Internals of the free-text scanner (scan.re, redact.c) that tests and benchmarks
 * reach through privpol_internal_dep; nothing here is exported. */
#ifndef PRIVPOL_SCAN_H
#define PRIVPOL_SCAN_H

#include "internal.h"

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

#endif /* PRIVPOL_SCAN_H */
