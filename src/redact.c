/* SPDX-License-Identifier: MIT */
/* privpol_redact(): free text with each span privpol_scan() finds replaced by its label
 * or its pseudonym. One pass over the spans writes what fits and counts what is needed,
 * so a caller whose buffer is short learns the exact size from the same call. The bytes
 * of a span are never copied to the output, whatever happens. */
#include "internal.h"
#include "scan.h"

#include <string.h>

#include <sodium.h>

#define INLINE_SPANS 64U
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

/* The pseudonym of one span into tok; PRIVPOL_EVALUE when the value cannot have one. */
static privpol_status
span_token(const privpol_ctx *ctx, const char *tenant, int64_t at, const char *text,
           const privpol_span *sp, char *tok, size_t *tok_len, privpol_error *err)
{
    char e164[PRIVPOL__E164_MAX];
    const char *value = text + sp->start;
    size_t value_len = sp->end - sp->start, e164_len = 0;
    const char *category = privpol_category_id(sp->category);
    privpol_status st;

    /* Key the number the scanner recognized, in the region where it recognized it. */
    if (privpol_category_normalizer(sp->category) == PRIVPOL_NORM_PHONE &&
        privpol__scan_phone_e164(ctx, value, value_len, e164, &e164_len)) {
        value = e164;
        value_len = e164_len;
    }
    st = privpol_pseudonymize(ctx, tenant, category, value, value_len, at, 0, tok,
                              tok_len, err);
    sodium_memzero(e164, sizeof e164);
    return st;
}

privpol_status
privpol_redact(const privpol_ctx *ctx, const char *tenant, int64_t at, unsigned flags,
               const char *text, size_t len, char *out, size_t *out_len,
               privpol_error *err)
{
    privpol_span inline_spans[INLINE_SPANS], *spans = inline_spans;
    size_t count = INLINE_SPANS, prev = 0;
    struct sink k;
    privpol_status st;
    bool pseudo = (flags & PRIVPOL_REDACT_PSEUDONYMIZE) != 0;

    if (ctx == NULL || (text == NULL && len > 0) || out_len == NULL ||
        (out == NULL && *out_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if ((flags & ~PRIVPOL_REDACT_PSEUDONYMIZE) != 0)
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown flag");
    if (pseudo && tenant == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null tenant");
    if (pseudo && ctx->keyring == NULL)
        return privpol__fail(err, PRIVPOL_ENOKEY, "the context holds no keyring");

    st = privpol_scan(ctx, text, len, spans, &count);
    if (st == PRIVPOL_EBUFSIZE) {
        size_t need = count;
        if (need > SIZE_MAX / sizeof *spans ||
            (spans = privpol__alloc(ctx, need * sizeof *spans)) == NULL)
            return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
        count = need;
        st = privpol_scan(ctx, text, len, spans, &count);
    }
    if (st != PRIVPOL_OK) {
        st = privpol__fail(err, st, NULL);
        goto done;
    }

    k.out = out;
    k.cap = *out_len;
    k.len = 0;
    k.full = k.cap == 0;
    for (size_t i = 0; i < count; i++) {
        const privpol_span *sp = &spans[i];
        char tok[PRIVPOL_PSEUDONYM_LEN + 1];
        size_t tok_len = sizeof tok;

        put(&k, text + prev, sp->start - prev);
        prev = sp->end;
        if (!pseudo) {
            put_label(&k, sp->category);
            continue;
        }
        st = span_token(ctx, tenant, at, text, sp, tok, &tok_len, err);
        if (st == PRIVPOL_OK) {
            put(&k, tok, tok_len);
        } else if (st == PRIVPOL_EVALUE) {
            put_label(&k, sp->category); /* no pseudonym for it: its label, never it */
            st = PRIVPOL_OK;
            if (err != NULL)
                privpol_error_clear(err);
        } else {
            goto done; /* err already says why */
        }
    }
    put(&k, text + prev, len - prev);

    if (k.full || k.len >= k.cap) {
        if (k.cap > 0)
            out[0] = '\0'; /* no half-redacted text */
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
    return st;
}
