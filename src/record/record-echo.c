/* SPDX-License-Identifier: MIT */
/* privpol__record_echo(): an identifier the record transformed in one place is that
 * identifier wherever else it stands in the record, even where the scanner's context
 * rules would not take it: glued to a word in a kept value ("ref0612345678",
 * "from192.0.2.1"), in a value liburiparser refuses, in a key that is a name.
 *
 * The needles are the values of the fields of identifier categories (IP address, email,
 * phone, card, IBAN) that were not kept in clear, and what the scanner finds in the other
 * values that were not kept as they are (unknown data pseudonymized whole, free text,
 * kept values it had to scrub). The haystacks are the outputs still in clear: kept values not
 * proven clean, scrubbed and redacted text, keys that are names. Each occurrence of a
 * needle there is replaced by the needle's label.
 *
 * The search costs O(output bytes x distinct needle lengths), whatever the number of
 * needles: the needles sit in a hash table by a polynomial hash of their text, and every
 * window of an output whose length is a needle's is looked up through the output's prefix
 * hashes. A record with thousands of identifiers cannot make it quadratic. Once warm it
 * allocates nothing (the tables are the record's buffers). */
#include "classify-internal.h"
#include "record-internal.h"

#include <string.h>

#define NEEDLE_MIN 6U  /* shorter values are too common to mean anyone */
#define NEEDLE_MAX 64U /* longer ones are no identifier of these categories */
#define BASE UINT64_C(0x100000001B3)
#define FEW_NEEDLES 8U /* searched one by one rather than by hashing every window */

struct needle {
    const char *p;
    uint32_t n;
    uint32_t category;
    uint64_t hash;
};

static uint64_t
hash_of(const char *s, size_t n)
{
    uint64_t h = 0;
    for (size_t i = 0; i < n; i++)
        h = h * BASE + (unsigned char)s[i] + 1;
    return h;
}

/* Is category c one whose values the scanner finds in text? */
static bool
echoed_category(size_t c)
{
    switch (privpol_category_normalizer(c)) {
    case PRIVPOL_NORM_IP:
    case PRIVPOL_NORM_EMAIL:
    case PRIVPOL_NORM_PHONE: return true;
    default:
        return c == PRIVPOL_CAT_FINANCIAL_CARD_NUMBER || c == PRIVPOL_CAT_FINANCIAL_IBAN;
    }
}

struct echo {
    privpol_record *r;
    struct needle *nd;
    size_t count;
    uint32_t *slots; /* needle index + 1, 0 empty */
    size_t mask;
    uint64_t lengths; /* bit L - NEEDLE_MIN: a needle of length L exists */
    uint64_t pow[NEEDLE_MAX + 1];
};

static privpol_status
add_needle(privpol_record *r, const char *p, size_t n, size_t category)
{
    struct needle nd;
    if (n < NEEDLE_MIN || n > NEEDLE_MAX)
        return PRIVPOL_OK;
    nd.p = p;
    nd.n = (uint32_t)n;
    nd.category = (uint32_t)category;
    nd.hash = hash_of(p, n);
    return privpol__buf_put(r->ctx, &r->needles, &nd, sizeof nd);
}

/* Is field f's output still in clear (a haystack)? */
static bool
in_clear(const struct privpol__field *f)
{
    return f->scrubbed || f->key_name || (f->action == PRIVPOL_ACTION_KEEP && !f->clean) ||
           (f->action == PRIVPOL_ACTION_REDACT &&
            privpol_category_normalizer(f->category) == PRIVPOL_NORM_SCAN);
}

/* What the scanner finds in a value, as needles. */
static privpol_status
scanned_needles(privpol_record *r, const char *v, size_t n)
{
    privpol_span sp[64];
    size_t count = 64;
    privpol_status st = PRIVPOL_OK;
    if (privpol_scan(r->ctx, v, n, sp, &count, NULL) != PRIVPOL_OK && count > 64)
        count = 64;
    for (size_t k = 0; k < count && st == PRIVPOL_OK; k++)
        if (echoed_category(sp[k].category))
            st = add_needle(r, v + sp[k].start, sp[k].end - sp[k].start, sp[k].category);
    return st;
}

/* The needles: every identifier the record did not keep in clear. Only collected when an
 * output in clear could hold one (most records keep nothing but short or proven-clean
 * values, and pay nothing here). */
static privpol_status
collect(privpol_record *r)
{
    privpol_status st = PRIVPOL_OK;
    bool haystack = false;

    r->needles.len = 0;
    for (size_t i = 0; i < r->field_count && !haystack; i++) {
        size_t olen;
        haystack = in_clear(&r->fields[i]) && privpol__record_out(r, i, &olen) != NULL &&
                   olen >= NEEDLE_MIN;
    }
    if (!haystack)
        return PRIVPOL_OK;
    for (size_t i = 0; i < r->field_count && st == PRIVPOL_OK; i++) {
        const struct privpol__field *f = &r->fields[i];
        const char *v = r->values.p + f->value_off;
        size_t n = f->value_len;
        if (n < NEEDLE_MIN || (f->action == PRIVPOL_ACTION_KEEP && !f->scrubbed) ||
            (f->key_name && !f->scrubbed))
            continue;
        if (f->action == PRIVPOL_ACTION_GENERALIZE && !echoed_category(f->category))
            continue; /* a user agent or a time: its output is a fixed family or an hour */
        if (!f->scrubbed && echoed_category(f->category)) {
            /* the value as the classifier took it ("192.0.2.1") */
            const char *t = v;
            size_t tn = n;
            t = privpol__trim(t, &tn);
            if (memchr(t, ' ', tn) == NULL && memchr(t, ',', tn) == NULL &&
                (st = add_needle(r, t, tn, f->category)) != PRIVPOL_OK)
                break;
        }
        /* and what the scanner finds in it as written: in a kept value that held
         * identifiers, in a value transformed whole (unknown data, free text, a path
         * around an address) */
        st = scanned_needles(r, v, n);
    }
    return st;
}

static privpol_status
index_needles(struct echo *e)
{
    privpol_record *r = e->r;
    size_t cap = 16;
    privpol_status st;

    e->nd = (struct needle *)(void *)r->needles.p;
    e->count = r->needles.len / sizeof *e->nd;
    while (cap < 2 * e->count)
        cap *= 2;
    r->needle_index.len = 0;
    if ((st = privpol__buf_reserve(r->ctx, &r->needle_index, cap * sizeof *e->slots)) !=
        PRIVPOL_OK)
        return st;
    e->slots = (uint32_t *)(void *)r->needle_index.p;
    memset(e->slots, 0, cap * sizeof *e->slots);
    e->mask = cap - 1;
    e->lengths = 0;
    for (size_t i = 0; i < e->count; i++) {
        size_t k = (size_t)e->nd[i].hash & e->mask;
        while (e->slots[k] != 0)
            k = (k + 1) & e->mask;
        e->slots[k] = (uint32_t)i + 1;
        e->lengths |= UINT64_C(1) << (e->nd[i].n - NEEDLE_MIN);
    }
    e->pow[0] = 1;
    for (size_t l = 1; l <= NEEDLE_MAX; l++)
        e->pow[l] = e->pow[l - 1] * BASE;
    return PRIVPOL_OK;
}

/* The needle at o[i..] (the longest), or NULL. */
static const struct needle *
needle_at(const struct echo *e, const uint64_t *prefix, const char *o, size_t olen, size_t i)
{
    for (size_t l = NEEDLE_MAX; l >= NEEDLE_MIN; l--) {
        uint64_t h;
        size_t k;
        if (!(e->lengths & (UINT64_C(1) << (l - NEEDLE_MIN))) || l > olen - i)
            continue;
        h = prefix[i + l] - prefix[i] * e->pow[l];
        for (k = (size_t)h & e->mask; e->slots[k] != 0; k = (k + 1) & e->mask) {
            const struct needle *nd = &e->nd[e->slots[k] - 1];
            if (nd->hash == h && nd->n == l && memcmp(nd->p, o + i, l) == 0)
                return nd;
        }
    }
    return NULL;
}

/* Is any needle in [o, o+olen)? With few needles, a memchr-driven search of each is
 * cheaper than hashing every window (and most outputs hold none). */
static bool
few_needles_absent(const struct echo *e, const char *o, size_t olen)
{
    for (size_t k = 0; k < e->count; k++)
        if (e->nd[k].n <= olen && privpol__find(o, o + olen, e->nd[k].p, e->nd[k].n) != NULL)
            return false;
    return true;
}

/* Look for needles in [o, o+olen); when one is there, the text with each replaced by its
 * label is in r->scratch and *any is set. */
static privpol_status
replace_needles(struct echo *e, const char *o, size_t olen, bool *any)
{
    privpol_record *r = e->r;
    struct privpol__buf *b = &r->scratch;
    uint64_t *prefix;
    size_t i, from = 0;
    privpol_status st;

    *any = false;
    if (olen < NEEDLE_MIN || (e->count <= FEW_NEEDLES && few_needles_absent(e, o, olen)))
        return PRIVPOL_OK;
    r->prefix.len = 0;
    if ((st = privpol__buf_reserve(r->ctx, &r->prefix, (olen + 1) * sizeof *prefix)) !=
        PRIVPOL_OK)
        return st;
    prefix = (uint64_t *)(void *)r->prefix.p;
    prefix[0] = 0;
    for (i = 0; i < olen; i++)
        prefix[i + 1] = prefix[i] * BASE + (unsigned char)o[i] + 1;
    b->len = 0;
    for (i = 0; i + NEEDLE_MIN <= olen;) {
        const struct needle *nd = needle_at(e, prefix, o, olen, i);
        const char *id;
        if (nd == NULL) {
            i++;
            continue;
        }
        id = privpol_category_id(nd->category);
        if ((st = privpol__buf_put(r->ctx, b, o + from, i - from)) != PRIVPOL_OK ||
            (st = privpol__buf_put(r->ctx, b, "[", 1)) != PRIVPOL_OK ||
            (st = privpol__buf_put(r->ctx, b, id, strlen(id))) != PRIVPOL_OK ||
            (st = privpol__buf_put(r->ctx, b, "]", 1)) != PRIVPOL_OK)
            return st;
        i += nd->n;
        from = i;
        *any = true;
    }
    return *any ? privpol__buf_put(r->ctx, b, o + from, olen - from) : PRIVPOL_OK;
}

/* Look for needles in one output, as written, then percent-decoded with '+' as a space (a
 * URL written again escapes what it kept: "%2B33612345678x", "06+12+34+56+78x"); rewrite
 * it when one is there (decoded, in the second case: the escapes hid nothing else worth
 * keeping as written). */
static privpol_status
search(struct echo *e, struct privpol__field *f, const char *o, size_t olen)
{
    privpol_record *r = e->r;
    bool raw = false, decoded = false;
    privpol_status st;

    if ((st = replace_needles(e, o, olen, &raw)) != PRIVPOL_OK)
        return st;
    if (raw) {
        o = r->scratch.p; /* go on from the text with its raw occurrences replaced */
        olen = r->scratch.len;
    }
    if (memchr(o, '%', olen) != NULL || memchr(o, '+', olen) != NULL) {
        size_t n, raw_len = r->scratch.len;
        r->pieces.len = 0;
        if ((st = privpol__buf_reserve(r->ctx, &r->pieces, olen)) != PRIVPOL_OK)
            return st;
        n = privpol__percent_decode(o, olen, PRIVPOL__PLUS_SPACE, r->pieces.p);
        r->pieces.len = n;
        if ((st = replace_needles(e, r->pieces.p, n, &decoded)) != PRIVPOL_OK)
            return st;
        if (!decoded)
            r->scratch.len = raw_len; /* the raw replacement stands (no write happened) */
    }
    if (!raw && !decoded)
        return PRIVPOL_OK;
    if ((st = privpol__record_put_out(r, f, r->scratch.p, r->scratch.len)) != PRIVPOL_OK)
        return st;
    f->out_is_value = false;
    f->scrubbed = true;
    return privpol_taint_add_level(&r->taint, PRIVPOL_PSEUDONYMOUS, NULL);
}

privpol_status
privpol__record_echo(privpol_record *r, privpol_error *err)
{
    struct echo e;
    privpol_status st;

    memset(&e, 0, sizeof e);
    e.r = r;
    if ((st = collect(r)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    if (r->needles.len == 0)
        return PRIVPOL_OK;
    if ((st = index_needles(&e)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    for (size_t i = 0; i < r->field_count; i++) {
        struct privpol__field *f = &r->fields[i];
        const char *o;
        size_t olen;
        if (!in_clear(f) || (o = privpol__record_out(r, i, &olen)) == NULL)
            continue;
        if ((st = search(&e, f, o, olen)) != PRIVPOL_OK)
            return privpol__fail(err, st, NULL);
    }
    return PRIVPOL_OK;
}
