/* SPDX-License-Identifier: MIT */
/* privpol_redact() and privpol__scrub_text(): free text with each span privpol_scan()
 * finds replaced by its label, its pseudonym or (for the record pipeline, as the policy
 * says per category) its prefix or nothing at all. One pass over the spans writes what
 * fits and counts what is needed, so a caller whose buffer is short learns the exact size
 * from the same call. The bytes of a replaced span are never copied to the output,
 * whatever happens.
 *
 * Percent escapes (PRIVPOL__SCRUB_PERCENT): "tel=%2B33612345678" hides a phone number
 * from a scanner that reads bytes. The text is decoded into a scratch buffer and scanned
 * as decoded; the output is then written from the original bytes, each span replacing
 * the escaped bytes it was decoded from (one walk over both texts in step), so what is
 * not replaced keeps its escapes. */
#include "generalize.h"
#include "internal.h"
#include "scan.h"

#include <string.h>

#include <sodium.h>

#define INLINE_SPANS 64U
#define INLINE_DECODED 1024U
#define LABEL_MAX (2U + 64U) /* '[' id ']' */

struct sink {
    char *out;
    size_t cap; /* bytes available, NUL included */
    size_t len; /* bytes the whole text needs so far, NUL excluded */
    bool full;  /* once a piece did not fit, nothing more is written */
};

static void
put(struct sink *k, const char *bytes, size_t n)
{
    if (!k->full) {
        if (n < k->cap - k->len) {
            memcpy(k->out + k->len, bytes, n);
        } else {
            k->full = true;
        }
    }
    k->len += n;
}

static void
put_label(struct sink *k, size_t category)
{
    char label[LABEL_MAX + 1];
    const char *id = privpol_category_id(category);
    size_t n = id != NULL ? strlen(id) : 0;
    if (id == NULL || n > LABEL_MAX - 2) {
        id = "unknown";
        n = strlen(id);
    }
    label[0] = '[';
    memcpy(label + 1, id, n);
    label[n + 1] = ']';
    put(k, label, n + 2);
}

/* The pseudonym of one span's value into tok; PRIVPOL_EVALUE when it cannot have one. */
static privpol_status
span_token(const privpol_ctx *ctx, const char *tenant, int64_t at, const char *value,
           size_t value_len, size_t category_index, char *tok, size_t *tok_len,
           privpol_error *err)
{
    char e164[PRIVPOL__E164_MAX];
    size_t e164_len = 0;
    const char *category = privpol_category_id(category_index);
    privpol_status st;

    /* Key the number the scanner recognized, in the region where it recognized it. */
    if (privpol_category_normalizer(category_index) == PRIVPOL_NORM_PHONE &&
        privpol__scan_phone_e164(ctx, value, value_len, e164, &e164_len)) {
        value = e164;
        value_len = e164_len;
    }
    st = privpol_pseudonymize(ctx, tenant, category, value, value_len, at, 0, tok, tok_len,
                              err);
    sodium_memzero(e164, sizeof e164);
    return st;
}

/* Write the replacement of one span whose (decoded) text is value. */
static privpol_status
replace_span(const privpol_ctx *ctx, const struct privpol__span_rules *rules,
             const privpol_span *sp, const char *value, size_t value_len, struct sink *k,
             privpol_error *err)
{
    size_t c = sp->category;
    unsigned what = c < PRIVPOL__SPAN_CATEGORIES ? rules->what[c] : PRIVPOL__SPAN_LABEL;
    privpol_status st;

    switch (what) {
    case PRIVPOL__SPAN_KEEP:
        put(k, value, value_len);
        return PRIVPOL_OK;
    case PRIVPOL__SPAN_PSEUDONYMIZE: {
        char tok[PRIVPOL_PSEUDONYM_LEN + 1];
        size_t tok_len = sizeof tok;
        st = span_token(ctx, rules->tenant, rules->at, value, value_len, c, tok, &tok_len,
                        err);
        if (st == PRIVPOL_OK) {
            put(k, tok, tok_len);
            return PRIVPOL_OK;
        }
        if (st != PRIVPOL_EVALUE)
            return st; /* err already says why */
        if (err != NULL)
            privpol_error_clear(err);
        break; /* no pseudonym for it: its label, never it */
    }
    case PRIVPOL__SPAN_GENERALIZE: {
        char prefix[PRIVPOL__GENERALIZED_IP_MAX];
        size_t plen = 0;
        if (privpol_category_normalizer(c) == PRIVPOL_NORM_IP &&
            privpol__generalize_ip(value, value_len, rules->prefix4[c], rules->prefix6[c],
                                   prefix, sizeof prefix, &plen) == PRIVPOL_OK) {
            put(k, prefix, plen);
            return PRIVPOL_OK;
        }
        break;
    }
    default: break;
    }
    put_label(k, c);
    return PRIVPOL_OK;
}

/* The percent-decoded text of [text, text+len) into out (len bytes at most); its length.
 * An escape is '%' and two hex digits; anything else is copied. */
static size_t
percent_decode(const char *text, size_t len, bool plus_space, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        int hi, lo;
        if (c == '%' && len - i >= 3 && (hi = privpol__hex_value((unsigned char)text[i + 1])) >= 0 &&
            (lo = privpol__hex_value((unsigned char)text[i + 2])) >= 0) {
            out[o++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            out[o++] = (char)(plus_space && c == '+' ? ' ' : c);
        }
    }
    return o;
}

/* Bytes of the original text one decoded byte at i came from (3 for an escape). */
static size_t
source_len(const char *text, size_t len, size_t i)
{
    return text[i] == '%' && len - i >= 3 && privpol__hex_value((unsigned char)text[i + 1]) >= 0 &&
                   privpol__hex_value((unsigned char)text[i + 2]) >= 0
               ? 3
               : 1;
}

static bool
has_escape(const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    while ((p = memchr(p, '%', (size_t)(end - p))) != NULL) {
        if (end - p >= 3 && privpol__hex_value((unsigned char)p[1]) >= 0 &&
            privpol__hex_value((unsigned char)p[2]) >= 0)
            return true;
        p++;
    }
    return false;
}

privpol_status
privpol__scrub_text(const privpol_ctx *ctx, const struct privpol__span_rules *rules,
                    unsigned flags, const char *text, size_t len, char *out, size_t *out_len,
                    size_t *replaced, privpol_error *err)
{
    privpol_span inline_spans[INLINE_SPANS], *spans = inline_spans;
    char inline_decoded[INLINE_DECODED], *decoded = NULL;
    const char *scanned = text;
    size_t count = INLINE_SPANS, scanned_len = len, src = 0, dec = 0;
    struct sink k;
    privpol_status st;

    if (ctx == NULL || rules == NULL || (text == NULL && len > 0) || out_len == NULL ||
        replaced == NULL || (out == NULL && *out_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *replaced = 0;
    if ((flags & (PRIVPOL__SCRUB_PERCENT | PRIVPOL__SCRUB_PLUS_SPACE)) != 0 &&
        (((flags & PRIVPOL__SCRUB_PERCENT) && has_escape(text, len)) ||
         ((flags & PRIVPOL__SCRUB_PLUS_SPACE) && memchr(text, '+', len) != NULL))) {
        decoded = len <= sizeof inline_decoded ? inline_decoded : privpol__alloc(ctx, len);
        if (decoded == NULL)
            return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
        scanned_len = percent_decode(text, len, (flags & PRIVPOL__SCRUB_PLUS_SPACE) != 0,
                                     decoded);
        scanned = decoded;
        /* Decoded bytes may not be UTF-8; the scanner skips over such bytes, and what it
         * finds is ASCII. */
    }

    st = privpol_scan(ctx, scanned, scanned_len, spans, &count);
    if (st == PRIVPOL_EBUFSIZE) {
        size_t need = count;
        if (need > SIZE_MAX / sizeof *spans ||
            (spans = privpol__alloc(ctx, need * sizeof *spans)) == NULL) {
            spans = inline_spans;
            st = privpol__fail(err, PRIVPOL_ENOMEM, NULL);
            goto done;
        }
        count = need;
        st = privpol_scan(ctx, scanned, scanned_len, spans, &count);
    }
    if (st != PRIVPOL_OK) {
        st = privpol__fail(err, st, NULL);
        goto done;
    }
    for (size_t i = 0; i < count; i++)
        if (spans[i].category >= PRIVPOL__SPAN_CATEGORIES ||
            rules->what[spans[i].category] != PRIVPOL__SPAN_KEEP)
            (*replaced)++;
    if (*replaced == 0) {
        *out_len = 0;
        st = PRIVPOL_OK;
        goto done;
    }

    k.out = out;
    k.cap = *out_len;
    k.len = 0;
    k.full = k.cap == 0;
    /* src walks the original text, dec the scanned one, in step. */
    for (size_t i = 0; i < count; i++) {
        const privpol_span *sp = &spans[i];
        size_t from = src;
        while (dec < sp->start) {
            src += scanned == text ? 1 : source_len(text, len, src);
            dec++;
        }
        put(&k, text + from, src - from);
        while (dec < sp->end) {
            src += scanned == text ? 1 : source_len(text, len, src);
            dec++;
        }
        if ((st = replace_span(ctx, rules, sp, scanned + sp->start, sp->end - sp->start, &k,
                               err)) != PRIVPOL_OK)
            goto done;
    }
    put(&k, text + src, len - src);

    if (k.full || k.len >= k.cap) {
        if (k.cap > 0)
            out[0] = '\0'; /* no half-scrubbed text */
        *out_len = k.len + 1;
        st = privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
        goto done;
    }
    out[k.len] = '\0';
    *out_len = k.len;
    st = PRIVPOL_OK;
done:
    if (st != PRIVPOL_OK && st != PRIVPOL_EBUFSIZE && out != NULL && *out_len > 0)
        out[0] = '\0';
    if (spans != inline_spans)
        privpol__free(ctx, spans);
    if (decoded != NULL) {
        sodium_memzero(decoded, scanned_len);
        if (decoded != inline_decoded)
            privpol__free(ctx, decoded);
    }
    return st;
}

privpol_status
privpol_redact(const privpol_ctx *ctx, const char *tenant, int64_t at, unsigned flags,
               const char *text, size_t len, char *out, size_t *out_len,
               privpol_error *err)
{
    struct privpol__span_rules rules;
    bool pseudo = (flags & PRIVPOL_REDACT_PSEUDONYMIZE) != 0;
    size_t replaced = 0, cap;
    privpol_status st;

    if (ctx == NULL || (text == NULL && len > 0) || out_len == NULL ||
        (out == NULL && *out_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if ((flags & ~PRIVPOL_REDACT_PSEUDONYMIZE) != 0)
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown flag");
    if (pseudo && tenant == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null tenant");
    if (pseudo && ctx->keyring == NULL)
        return privpol__fail(err, PRIVPOL_ENOKEY, "the context holds no keyring");

    memset(&rules, 0, sizeof rules);
    rules.tenant = tenant;
    rules.at = at;
    memset(rules.what, pseudo ? PRIVPOL__SPAN_PSEUDONYMIZE : PRIVPOL__SPAN_LABEL,
           sizeof rules.what);
    cap = *out_len;
    st = privpol__scrub_text(ctx, &rules, 0, text, len, out, out_len, &replaced, err);
    if (st != PRIVPOL_OK || replaced > 0)
        return st;
    /* Nothing found: the text as it is. */
    if (len >= cap) {
        if (cap > 0)
            out[0] = '\0';
        *out_len = len + 1;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    if (len > 0)
        memcpy(out, text, len);
    out[len] = '\0';
    *out_len = len;
    return PRIVPOL_OK;
}
