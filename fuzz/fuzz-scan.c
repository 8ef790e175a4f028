/* SPDX-License-Identifier: MIT */
/* Free-text scan and redaction: privpol_scan(), privpol_redact().
 * Properties of the scan: spans sorted, non-overlapping, non-empty and within the text;
 * categories in range, confidences in [0, 1]; no span holds a NUL byte or ill-formed
 * UTF-8 (scan.re says both separate words); deterministic; a short span array gets
 * PRIVPOL_EBUFSIZE, the count needed and the same first spans.
 * Properties of the redaction with labels: the output is exactly the text with each span
 * replaced by "[category id]"; the size query gives the exact size and a buffer one byte
 * short gets PRIVPOL_EBUFSIZE and an empty string, never half-redacted text. Never in
 * clear: an email, phone, IP, card or IBAN that scanning the output finds lies inside
 * text kept from the input, never across or inside a label (the scanner may judge the
 * same kept bytes differently once a neighbour became a label: a recall question, see
 * regressions/scan/); output without spans is its own redaction; the bytes of such a
 * span of 6 bytes or more are in the output only if they also are in the text elsewhere
 * than in the span (the scanner missed that other copy, again a recall question, not a
 * leak of the span). With pseudonyms: deterministic, and the same rule for the span
 * bytes. */
#include "fuzz.h"

#include <math.h>

#define MIN_SECRET 6U /* shorter spans may well occur in the labels or around them */

static bool
sensitive(size_t category)
{
    switch (privpol_category_normalizer(category)) {
    case PRIVPOL_NORM_IP:
    case PRIVPOL_NORM_PHONE:
    case PRIVPOL_NORM_EMAIL:
    case PRIVPOL_NORM_DIGITS:
    case PRIVPOL_NORM_IBAN:
        return true;
    default:
        return false;
    }
}

/* Well-formed UTF-8 (RFC 3629): no overlong forms, surrogates or code points past
 * U+10FFFF; written here again rather than shared with the library under test. */
static bool
utf8_ok(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t len;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        else
            return false;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
        else if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
        if (n - i < len || s[i + 1] < lo || s[i + 1] > hi)
            return false;
        for (size_t k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return false;
        i += len;
    }
    return true;
}

static bool
same_span(const privpol_span *a, const privpol_span *b)
{
    return a->start == b->start && a->end == b->end && a->category == b->category &&
           memcmp(&a->confidence, &b->confidence, sizeof a->confidence) == 0;
}

/* Every span of the text (malloc'd, caller frees), through the size query. */
static privpol_span *
scan_all(const privpol_ctx *ctx, const char *text, size_t len, size_t *count)
{
    privpol_span *spans;
    size_t need = 0, got;
    privpol_status st = privpol_scan(ctx, text, len, NULL, &need, NULL);
    FUZZ_CHECK(st == PRIVPOL_OK ? need == 0 : st == PRIVPOL_EBUFSIZE && need > 0);
    if ((spans = malloc((need > 0 ? need : 1) * sizeof *spans)) == NULL)
        fuzz_fail(__FILE__, __LINE__, "malloc");
    got = need;
    FUZZ_CHECK(privpol_scan(ctx, text, len, spans, &got, NULL) == PRIVPOL_OK && got == need);
    *count = need;
    return spans;
}

static void
check_spans(const char *text, size_t len, const privpol_span *spans, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        const privpol_span *sp = &spans[i];
        FUZZ_CHECK(sp->start < sp->end && sp->end <= len);
        FUZZ_CHECK(i == 0 || spans[i - 1].end <= sp->start);
        FUZZ_CHECK((size_t)sp->category < privpol_category_count());
        FUZZ_CHECK(!isnan(sp->confidence) && sp->confidence >= 0.0f &&
                   sp->confidence <= 1.0f);
        FUZZ_CHECK(memchr(text + sp->start, '\0', sp->end - sp->start) == NULL);
        FUZZ_CHECK(utf8_ok((const unsigned char *)text + sp->start, sp->end - sp->start));
    }
}

/* Redact into a malloc'd buffer sized by the size query; *out_len its length. */
static char *
redact_all(const privpol_ctx *ctx, unsigned flags, const char *text, size_t len,
           size_t *out_len)
{
    size_t need = 0, got;
    char *out;
    FUZZ_CHECK(privpol_redact(ctx, "acme", FUZZ_T0, flags, text, len, NULL, &need,
                              NULL) == PRIVPOL_EBUFSIZE &&
               need >= 1);
    if ((out = malloc(need)) == NULL)
        fuzz_fail(__FILE__, __LINE__, "malloc");
    got = need;
    FUZZ_CHECK(privpol_redact(ctx, "acme", FUZZ_T0, flags, text, len, out, &got, NULL) ==
               PRIVPOL_OK);
    FUZZ_CHECK(got + 1 == need && out[got] == '\0');
    if (need > 1) { /* one byte short: nothing half-redacted comes out */
        got = need - 1;
        FUZZ_CHECK(privpol_redact(ctx, "acme", FUZZ_T0, flags, text, len, out, &got,
                                  NULL) == PRIVPOL_EBUFSIZE);
        FUZZ_CHECK(got == need && out[0] == '\0');
        got = need;
        FUZZ_CHECK(privpol_redact(ctx, "acme", FUZZ_T0, flags, text, len, out, &got,
                                  NULL) == PRIVPOL_OK);
    }
    *out_len = got;
    return out;
}

/* The bytes of each identifier span are in the output only if the text holds them
 * elsewhere too. */
static void
check_not_in_clear(const char *text, size_t len, const privpol_span *spans, size_t count,
                   const char *out, size_t out_len)
{
    for (size_t i = 0; i < count; i++) {
        const privpol_span *sp = &spans[i];
        size_t n = sp->end - sp->start;
        const char *p;
        bool elsewhere = false;
        if (!sensitive(sp->category) || n < MIN_SECRET ||
            fuzz_find(out, out_len, text + sp->start, n) == NULL)
            continue;
        for (p = text; !elsewhere && (p = fuzz_find(p, len - (size_t)(p - text),
                                                    text + sp->start, n)) != NULL;
             p++)
            elsewhere = (size_t)(p - text) != sp->start;
        FUZZ_CHECK(elsewhere);
    }
}

/* The text with each span replaced by its label, as privpol_redact() must write it
 * (malloc'd); *kept receives the count + 1 stretches of the output copied from the
 * text, around the labels (malloc'd; only start and end are used). */
static char *
expected_labels(const char *text, size_t len, const privpol_span *spans, size_t count,
                size_t *out_len, privpol_span **kept)
{
    size_t n = len, o = 0, prev = 0;
    char *out;
    for (size_t i = 0; i < count; i++)
        n += strlen(privpol_category_id(spans[i].category)) + 2 -
             (spans[i].end - spans[i].start);
    if ((out = malloc(n + 1)) == NULL ||
        (*kept = calloc(count + 1, sizeof **kept)) == NULL)
        fuzz_fail(__FILE__, __LINE__, "malloc");
    for (size_t i = 0; i <= count; i++) {
        size_t upto = i < count ? spans[i].start : len;
        (*kept)[i].start = o;
        memcpy(out + o, text + prev, upto - prev);
        o += upto - prev;
        (*kept)[i].end = o;
        if (i < count) {
            const char *id = privpol_category_id(spans[i].category);
            out[o++] = '[';
            memcpy(out + o, id, strlen(id));
            o += strlen(id);
            out[o++] = ']';
            prev = spans[i].end;
        }
    }
    FUZZ_CHECK(o == n);
    out[o] = '\0';
    *out_len = n;
    return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx; /* built once, only read afterwards */
    const char *text = (const char *)data;
    privpol_span *spans, *again, *re, *kept;
    size_t count, count2, re_count, out_len, out2_len, expect_len, cap;
    char *out, *out2, *expect;

    if (ctx == NULL)
        ctx = fuzz_ctx(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE);

    spans = scan_all(ctx, text, size, &count);
    check_spans(text, size, spans, count);
    again = scan_all(ctx, text, size, &count2);
    FUZZ_CHECK(count2 == count);
    for (size_t i = 0; i < count; i++)
        FUZZ_CHECK(same_span(&spans[i], &again[i]));
    if (count >= 2) {
        cap = count / 2;
        FUZZ_CHECK(privpol_scan(ctx, text, size, again, &cap, NULL) == PRIVPOL_EBUFSIZE &&
                   cap == count);
        for (size_t i = 0; i < count / 2; i++)
            FUZZ_CHECK(same_span(&spans[i], &again[i]));
    }
    free(again);

    /* Labels: the expected text, built from the spans. */
    expect = expected_labels(text, size, spans, count, &expect_len, &kept);
    out = redact_all(ctx, 0, text, size, &out_len);
    FUZZ_CHECK(out_len == expect_len && memcmp(out, expect, expect_len) == 0);
    check_not_in_clear(text, size, spans, count, out, out_len);

    /* Never in clear: an identifier the scanner sees in the output lies within text the
     * redaction kept from the input (where the scanner did not see it: in another context
     * it may judge the same bytes differently, a recall question), never across or
     * inside a label. And output without spans is its own redaction. */
    re = scan_all(ctx, out, out_len, &re_count);
    check_spans(out, out_len, re, re_count);
    for (size_t i = 0; i < re_count; i++) {
        bool inside = false;
        if (!sensitive(re[i].category))
            continue;
        for (size_t k = 0; k <= count && !inside; k++)
            inside = kept[k].start <= re[i].start && re[i].end <= kept[k].end;
        FUZZ_CHECK(inside);
    }
    if (re_count == 0) {
        out2 = redact_all(ctx, 0, out, out_len, &out2_len);
        FUZZ_CHECK(out2_len == out_len && memcmp(out2, out, out_len) == 0);
        free(out2);
    }
    free(kept);
    free(re);
    free(out);
    free(expect);

    /* Pseudonyms. */
    out = redact_all(ctx, PRIVPOL_REDACT_PSEUDONYMIZE, text, size, &out_len);
    out2 = redact_all(ctx, PRIVPOL_REDACT_PSEUDONYMIZE, text, size, &out2_len);
    FUZZ_CHECK(out2_len == out_len && memcmp(out2, out, out_len) == 0);
    check_not_in_clear(text, size, spans, count, out, out_len);
    free(out2);
    free(out);
    free(spans);
    return 0;
}
