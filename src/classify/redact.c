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
#include "crypto.h"
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
    privpol_category category = (privpol_category)category_index;
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

/* ---- the reading of a text ----------------------------------------------------------
 *
 * With PRIVPOL__SCRUB_PERCENT the scanner reads the text as a person would: percent
 * escapes decoded ("%40" is '@'), '+' between two digits read as a space
 * ("06+12+34+56+78"), invisible characters dropped (zero-width space, joiners, word
 * joiner, byte-order mark, soft hyphen: "jean\u200b.dupont@…"), fullwidth ASCII
 * (U+FF01-U+FF5E: "０６", "＠") read as ASCII. One source unit gives 0 or 1 byte of the
 * reading; the same function walks the source when the spans found in the reading are
 * mapped back to the bytes they came from. */

/* The unit of source at i: its byte of the reading in *b (when it returns 1) and its
 * length in *consumed. */
static int
reading_unit(const char *text, size_t len, size_t i, unsigned flags, char *b, size_t *consumed)
{
    const unsigned char *s = (const unsigned char *)text;
    unsigned char c = s[i];
    int hi, lo;

    *consumed = 1;
    *b = (char)c;
    if (c == '%' && len - i >= 3 && (hi = privpol__hex_value(s[i + 1])) >= 0 &&
        (lo = privpol__hex_value(s[i + 2])) >= 0) {
        *consumed = 3;
        *b = (char)(hi * 16 + lo);
    } else if (c == '+') {
        if ((flags & PRIVPOL__SCRUB_PLUS_SPACE) ||
            (i > 0 && i + 1 < len && privpol__is_digit(s[i - 1]) && privpol__is_digit(s[i + 1])))
            *b = ' ';
    } else if (c == 0xC2 && len - i >= 2 && s[i + 1] == 0xAD) {
        *consumed = 2; /* soft hyphen */
        return 0;
    } else if (c == 0xE2 && len - i >= 3 && s[i + 1] == 0x80 && s[i + 2] >= 0x8B &&
               s[i + 2] <= 0x8D) {
        *consumed = 3; /* zero-width space, non-joiner, joiner */
        return 0;
    } else if (c == 0xE2 && len - i >= 3 && s[i + 1] == 0x81 && s[i + 2] == 0xA0) {
        *consumed = 3; /* word joiner */
        return 0;
    } else if (c == 0xEF && len - i >= 3) {
        if (s[i + 1] == 0xBB && s[i + 2] == 0xBF) {
            *consumed = 3; /* zero-width no-break space (BOM) */
            return 0;
        }
        /* fullwidth U+FF01-U+FF5E: EF BC 81-BF, EF BD 80-9E */
        if ((s[i + 1] == 0xBC && s[i + 2] >= 0x81 && s[i + 2] <= 0xBF) ||
            (s[i + 1] == 0xBD && s[i + 2] >= 0x80 && s[i + 2] <= 0x9E)) {
            *consumed = 3;
            *b = (char)(s[i + 1] == 0xBC ? s[i + 2] - 0x81 + 0x21 : s[i + 2] - 0x80 + 0x5F);
        }
    }
    return 1;
}

/* Bytes that may begin a unit the reading changes. */
static bool
may_change(unsigned char c)
{
    return c == '%' || c == '+' || c == 0xC2 || c == 0xE2 || c == 0xEF;
}

/* The reading of [text, text+len) into out (len bytes at most); its length. */
static size_t
read_text(const char *text, size_t len, unsigned flags, char *out)
{
    size_t o = 0, k;
    for (size_t i = 0; i < len; i += k) {
        char b;
        if (reading_unit(text, len, i, flags, &b, &k))
            out[o++] = b;
    }
    return o;
}

/* True when the reading of the text differs from the text. */
static bool
reading_differs(const char *text, size_t len, unsigned flags)
{
    for (size_t i = 0, k; i < len; i += k) {
        char b;
        k = 1;
        if (may_change((unsigned char)text[i]) &&
            (reading_unit(text, len, i, flags, &b, &k) == 0 || k != 1 || b != text[i]))
            return true;
    }
    return false;
}

/* Move *src and *dec along the source and the reading until the reading reaches `to`;
 * units that give nothing are passed over before a byte of the reading is counted. */
static void
walk_to(const char *text, size_t len, unsigned flags, size_t *src, size_t *dec, size_t to,
        bool exact)
{
    while (*src < len) {
        char b;
        size_t k;
        int got = reading_unit(text, len, *src, flags, &b, &k);
        if (got == 1 && *dec >= to)
            break;
        if (got == 0 && exact && *dec >= to)
            break; /* an invisible unit right after a span stays outside it */
        *src += k;
        *dec += (size_t)got;
    }
}

size_t
privpol__percent_decode(const char *s, size_t n, enum privpol__plus plus, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int hi, lo;
        if (c == '%' && n - i >= 3 && (hi = privpol__hex_value((unsigned char)s[i + 1])) >= 0 &&
            (lo = privpol__hex_value((unsigned char)s[i + 2])) >= 0) {
            c = (unsigned char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && (plus == PRIVPOL__PLUS_SPACE ||
                                (plus == PRIVPOL__PLUS_QUERY &&
                                 !(i + 1 < n && privpol__is_digit(s[i + 1]))))) {
            c = ' ';
        }
        out[o++] = (char)c;
    }
    return o;
}

const char *
privpol__find(const char *p, const char *end, const char *needle, size_t n)
{
    while ((size_t)(end - p) >= n && (p = memchr(p, needle[0], (size_t)(end - p) - n + 1)) != NULL) {
        if (memcmp(p, needle, n) == 0)
            return p;
        p++;
    }
    return NULL;
}

static privpol_status scrub_pass(const privpol_ctx *ctx,
                                 const struct privpol__span_rules *rules, unsigned flags,
                                 const char *text, size_t len, char *out, size_t *out_len,
                                 size_t *replaced, privpol_error *err);

privpol_status
privpol__scrub_text(const privpol_ctx *ctx, const struct privpol__span_rules *rules,
                    unsigned flags, const char *text, size_t len, char *out, size_t *out_len,
                    size_t *replaced, privpol_error *err)
{
    size_t cap, more = 0;
    char *copy;
    privpol_status st;

    if (ctx == NULL || rules == NULL || (text == NULL && len > 0) || out_len == NULL ||
        replaced == NULL || (out == NULL && *out_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!(flags & PRIVPOL__SCRUB_PERCENT) || !reading_differs(text, len, flags))
        return scrub_pass(ctx, rules, 0, text, len, out, out_len, replaced, err);
    /* The reading first; then the bytes as they are, so that nothing the scanner finds in
     * the raw text survives because the reading split it ("0612345678%"). */
    cap = *out_len;
    st = scrub_pass(ctx, rules, flags, text, len, out, out_len, replaced, err);
    if (st != PRIVPOL_OK)
        return st;
    if (*replaced == 0) {
        *out_len = cap;
        return scrub_pass(ctx, rules, 0, text, len, out, out_len, replaced, err);
    }
    if ((copy = privpol__alloc(ctx, *out_len + 1)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    memcpy(copy, out, *out_len);
    {
        size_t n = *out_len;
        *out_len = cap;
        st = scrub_pass(ctx, rules, 0, copy, n, out, out_len, &more, err);
        if (st == PRIVPOL_OK && more == 0) {
            memcpy(out, copy, n);
            out[n] = '\0';
            *out_len = n;
        }
        sodium_memzero(copy, n + 1);
    }
    privpol__free(ctx, copy);
    *replaced += more;
    return st;
}

/* One scan of the text (of its reading with PRIVPOL__SCRUB_PERCENT) and the output with
 * each span replaced. */
static privpol_status
scrub_pass(const privpol_ctx *ctx, const struct privpol__span_rules *rules, unsigned flags,
           const char *text, size_t len, char *out, size_t *out_len, size_t *replaced,
           privpol_error *err)
{
    privpol_span inline_spans[INLINE_SPANS], *spans = inline_spans;
    char inline_decoded[INLINE_DECODED], *decoded = NULL;
    const char *scanned = text;
    size_t count = INLINE_SPANS, scanned_len = len, src = 0, dec = 0;
    struct sink k;
    privpol_status st;

    *replaced = 0;
    if (flags & PRIVPOL__SCRUB_PERCENT) {
        decoded = len <= sizeof inline_decoded ? inline_decoded : privpol__alloc(ctx, len);
        if (decoded == NULL)
            return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
        scanned_len = read_text(text, len, flags, decoded);
        scanned = decoded;
        /* Decoded bytes may not be UTF-8; the scanner skips over such bytes, and what it
         * finds is ASCII. */
    }

    st = privpol_scan(ctx, scanned, scanned_len, spans, &count, NULL);
    if (st == PRIVPOL_EBUFSIZE) {
        size_t need = count;
        if (need > SIZE_MAX / sizeof *spans ||
            (spans = privpol__alloc(ctx, need * sizeof *spans)) == NULL) {
            spans = inline_spans;
            st = privpol__fail(err, PRIVPOL_ENOMEM, NULL);
            goto done;
        }
        count = need;
        st = privpol_scan(ctx, scanned, scanned_len, spans, &count, NULL);
    }
    if (st != PRIVPOL_OK) {
        st = privpol__fail(err, st, NULL);
        goto done;
    }
    for (size_t i = 0; i < count; i++)
        if ((size_t)spans[i].category >= PRIVPOL__SPAN_CATEGORIES ||
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
        if (scanned == text) {
            src = dec = sp->start;
        } else {
            walk_to(text, len, flags, &src, &dec, sp->start, true);
        }
        put(&k, text + from, src - from);
        if (scanned == text) {
            src = dec = sp->end;
        } else {
            walk_to(text, len, flags, &src, &dec, sp->end, true);
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
