/* SPDX-License-Identifier: MIT */
/* privpol_record_scrub_json(): one JSON object through the record pipeline.
 *
 * jsmn (Debian libjsmn-dev; docs/json.md says why) tokenizes the text into tokens with
 * byte offsets, without allocating and without copying. jsmn checks the structure but
 * not everything RFC 8259 requires, so this file checks the rest before any value is
 * used: well-formed UTF-8 and no NUL byte over the whole text, no raw control character
 * in a string, the grammar of numbers and literals, one value in all, keys followed by
 * exactly one value. Then two walks over the tokens: the first names each leaf by its
 * path and adds it to the record, the second writes the object back as compact JSON in
 * the input's order: untouched keys and kept values copied byte for byte, transformed
 * values written as JSON strings, dropped members left out, and `_privpol` appended. */
#include "generalize.h"
#include "record-internal.h"

#include <privpol/time.h>

#include <stdio.h>
#include <string.h>

#define TOKENS_INITIAL 256U
#define TOKENS_MAX (4U * PRIVPOL_RECORD_MAX_FIELDS + 64U)

/* Token marks in tok_field besides field indexes. */
#define MARK_RAW (-1)  /* copied as it is: null, the tenant field */
#define MARK_SKIP (-2) /* left out: an input `_privpol` */
#define MARK_KEYED (-3) /* an object one of whose keys is a field (a key that may be data) */

struct walk {
    privpol_record *r;
    const privpol_record_request *tag;
    const char *text;
    int count;
    privpol_error *err;
    const char *const *time_fields;
    size_t time_field_count;
    size_t time_field_len[8];
    size_t tenant_field_len;
    bool have_time;
    bool have_tenant;
    int64_t event_time;
};

static privpol_status
fail_at(privpol_error *err, privpol_status st, size_t offset, const char *msg)
{
    return privpol__fail_at(err, st, 1, offset + 1, msg);
}

/* Index of the token after the subtree rooted at i. */
static int
skip(const jsmntok_t *t, int i, int count)
{
    int need = 1;
    while (need > 0 && i < count) {
        need += t[i].size - 1;
        i++;
    }
    return i;
}

/* What stands between two tokens: privpol__json_gap(). */
static privpol_status
gap(const struct walk *w, size_t from, size_t to, char sep)
{
    size_t bad = 0;
    const char *msg = privpol__json_gap(w->text, from, to, sep, &bad);
    return msg == NULL ? PRIVPOL_OK : fail_at(w->err, PRIVPOL_EPARSE, bad, msg);
}

/* Check a string token's bytes and decode it into r->out (from its start). On success
 * *value points at the decoded text (the input itself when it has no escape). */
static privpol_status
string_value(struct walk *w, const jsmntok_t *t, const char **value, size_t *value_len)
{
    privpol_record *r = w->r;
    const char *s = w->text + t->start;
    size_t n = (size_t)(t->end - t->start), o = 0;
    bool escaped = false;
    const char *msg;
    privpol_status st;

    size_t i = 0;
    /* Eight bytes at a time while none is a control character or a backslash. */
    while (n - i >= 8) {
        const uint64_t ones = UINT64_C(0x0101010101010101), highs = ones * 0x80;
        uint64_t x, v;
        memcpy(&v, s + i, 8);
        x = v ^ (ones * '\\');
        if ((((v - ones * 0x20) & ~v) | ((x - ones) & ~x)) & highs)
            break;
        i += 8;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20)
            return fail_at(w->err, PRIVPOL_EPARSE, (size_t)t->start + i,
                           "control character in a JSON string");
        if (c == '\\')
            escaped = true;
    }
    if (!escaped) {
        *value = s;
        *value_len = n;
        return PRIVPOL_OK;
    }
    r->out.len = 0;
    if ((st = privpol__buf_reserve(r->ctx, &r->out, n + 1)) != PRIVPOL_OK)
        return privpol__fail(w->err, st, NULL);
    if ((st = privpol__json_unescape(s, n, r->out.p, &o, &i, &msg)) != PRIVPOL_OK)
        return fail_at(w->err, st, (size_t)t->start + i, msg);
    r->out.p[o] = '\0';
    *value = r->out.p;
    *value_len = o;
    return PRIVPOL_OK;
}

static bool
is_time_field(const struct walk *w, const char *key, size_t key_len)
{
    for (size_t k = 0; k < w->time_field_count; k++)
        if (w->time_field_len[k] == key_len && memcmp(w->time_fields[k], key, key_len) == 0)
            return true;
    return false;
}

static privpol_status walk_value(struct walk *w, int *i, size_t path_len, unsigned depth);

/* Add one leaf at token *i named by r->path[0..path_len). */
static privpol_status
walk_leaf(struct walk *w, int *i, size_t path_len)
{
    privpol_record *r = w->r;
    const jsmntok_t *t = &r->toks[*i];
    const char *s = w->text + t->start, *value;
    size_t n = (size_t)(t->end - t->start), value_len;
    enum privpol__kind kind;
    privpol_status st;

    if (t->type == JSMN_STRING) {
        if (t->size != 0)
            return fail_at(w->err, PRIVPOL_EPARSE, (size_t)t->start, "misplaced key");
        if ((st = string_value(w, t, &value, &value_len)) != PRIVPOL_OK)
            return st;
        kind = KIND_STRING;
    } else {
        if (n == 4 && memcmp(s, "null", 4) == 0) {
            r->tok_field[*i] = MARK_RAW;
            (*i)++;
            return PRIVPOL_OK;
        }
        if ((n == 4 && memcmp(s, "true", 4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0))
            kind = KIND_LITERAL;
        else if (privpol__json_number_ok(s, n))
            kind = KIND_NUMBER;
        else
            return fail_at(w->err, PRIVPOL_EPARSE, (size_t)t->start, "bad JSON value");
        value = s;
        value_len = n;
    }
    r->tok_field[*i] = (int32_t)r->field_count;
    st = privpol__record_add(r, r->path, path_len, value, value_len, PRIVPOL__CATEGORY_AUTO,
                             kind);
    if (st != PRIVPOL_OK)
        return privpol__fail(w->err, st,
                             st == PRIVPOL_ELIMIT ? "too many fields or path too long" : NULL);
    (*i)++;
    return PRIVPOL_OK;
}

/* True when a key cannot hold an identifier: ASCII letters, '_' and '-', fewer than six
 * digits, and not only hex digits and '-' (a MAC address, a UUID). Most keys of a stream
 * are such names ("ts", "user_agent"); the others are read as data (docs/record.md). */
static bool
plain_key(const char *k, size_t n)
{
    size_t digits = 0;
    bool dash = false, non_hex = false;
    if (n == 0 || n > 64)
        return n == 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)k[i];
        if (privpol__is_digit(c)) {
            digits++;
        } else if (c == '-') {
            dash = true;
        } else if (c == '_' || privpol__is_alpha(c)) {
            if (!privpol__is_hex(c))
                non_hex = true;
        } else {
            return false;
        }
    }
    return digits < 6 && !(dash && !non_hex);
}

/* Is the tenant id [id, id+n) one the configuration knows: the tenant of the policy's
 * supplement, or one of the tag's list? */
static bool
known_tenant(const privpol_record *r, const privpol_record_request *tag, const char *id, size_t n)
{
    const char *own = privpol_policy_tenant(r->ctx->policy);
    if (own != NULL && strlen(own) == n && memcmp(own, id, n) == 0)
        return true;
    if (tag->tenants != NULL)
        for (size_t k = 0; k < tag->tenant_count; k++)
            if (tag->tenants[k] != NULL && strlen(tag->tenants[k]) == n &&
                memcmp(tag->tenants[k], id, n) == 0)
                return true;
    return false;
}

static privpol_status
walk_object(struct walk *w, int *i, size_t path_len, unsigned depth)
{
    privpol_record *r = w->r;
    const jsmntok_t *o = &r->toks[*i];
    int members = o->size;
    size_t pos = (size_t)o->start + 1;
    privpol_status st;

    r->tok_field[*i] = MARK_RAW;
    (*i)++;
    for (int m = 0; m < members; m++) {
        const jsmntok_t *k;
        const char *key;
        size_t key_len, n = path_len;
        int ki = *i;

        if (*i >= w->count || r->toks[*i].type != JSMN_STRING || r->toks[*i].size != 1)
            return fail_at(w->err, PRIVPOL_EPARSE,
                           *i < w->count ? (size_t)r->toks[*i].start : 0, "bad JSON object");
        k = &r->toks[*i];
        if ((st = gap(w, pos, privpol__tok_lo(k), m == 0 ? 0 : ',')) != PRIVPOL_OK ||
            (st = string_value(w, k, &key, &key_len)) != PRIVPOL_OK)
            return st;
        r->tok_field[*i] = MARK_RAW;
        if (!plain_key(key, key_len) && !(depth == 1 && key_len == 8 &&
                                          memcmp(key, "_privpol", 8) == 0)) {
            /* A key that may be data is a field too, named by the path to it. */
            size_t kn = path_len;
            if (path_len > 0)
                r->path[kn++] = '.';
            if (key_len > PRIVPOL_RECORD_MAX_NAME - kn)
                return privpol__fail(w->err, PRIVPOL_ELIMIT, "JSON path too long");
            memcpy(r->path + kn, key, key_len);
            r->tok_field[*i] = (int32_t)r->field_count;
            r->tok_field[o - r->toks] = MARK_KEYED;
            st = privpol__record_add(r, r->path, kn + key_len, key, key_len,
                                     PRIVPOL__CATEGORY_AUTO, KIND_KEY);
            if (st != PRIVPOL_OK)
                return privpol__fail(w->err, st,
                                     st == PRIVPOL_ELIMIT ? "too many fields or path too long"
                                                          : NULL);
        }
        (*i)++;
        if (*i >= w->count)
            return fail_at(w->err, PRIVPOL_EPARSE, (size_t)k->end, "bad JSON object");
        pos = privpol__tok_hi(&r->toks[*i]);
        if ((st = gap(w, privpol__tok_hi(k), privpol__tok_lo(&r->toks[*i]), ':')) != PRIVPOL_OK)
            return st;
        if (depth == 1) {
            const jsmntok_t *v = &r->toks[*i];
            if (key_len == 8 && memcmp(key, "_privpol", 8) == 0) {
                int end = skip(r->toks, *i, w->count);
                for (int x = *i; x < end; x++)
                    r->tok_field[x] = MARK_SKIP;
                r->tok_field[ki] = MARK_SKIP;
                *i = end;
                continue;
            }
            if (w->tag->tenant_field != NULL && w->tenant_field_len == key_len &&
                memcmp(w->tag->tenant_field, key, key_len) == 0) {
                const char *tv;
                size_t tl;
                /* The tenant selects a pseudonym space: the sender may only name one the
                 * configuration knows (docs/threat-model.md). */
                if (w->have_tenant)
                    return fail_at(w->err, PRIVPOL_EPARSE, (size_t)k->start,
                                   "tenant field given twice");
                if (v->type != JSMN_STRING)
                    return fail_at(w->err, PRIVPOL_EPARSE, (size_t)v->start,
                                   "tenant field is not a string");
                if ((st = string_value(w, v, &tv, &tl)) != PRIVPOL_OK)
                    return st;
                if (tl == 0 || tl >= sizeof r->tenant || memchr(tv, '\0', tl) != NULL)
                    return fail_at(w->err, PRIVPOL_EINVAL, (size_t)v->start,
                                   "tenant field must hold 1 to 255 bytes");
                if (!known_tenant(r, w->tag, tv, tl))
                    return fail_at(w->err, PRIVPOL_ENOTFOUND, (size_t)v->start,
                                   "tenant field names no tenant of the configuration");
                memcpy(r->tenant, tv, tl);
                r->tenant[tl] = '\0';
                w->have_tenant = true;
                r->tok_field[*i] = MARK_RAW;
                (*i)++;
                continue;
            }
            if (!w->have_time && w->tag->event_time == 0 &&
                (v->type == JSMN_STRING || v->type == JSMN_PRIMITIVE) &&
                is_time_field(w, key, key_len)) {
                int64_t when;
                if (privpol__event_time(w->text + v->start, (size_t)(v->end - v->start),
                                        v->type == JSMN_PRIMITIVE, &when) == PRIVPOL_OK) {
                    w->event_time = when;
                    w->have_time = true;
                }
                /* key may live in r->out, which the next string overwrites: done with it */
            }
        }
        if (path_len > 0)
            r->path[n++] = '.';
        if (key_len > PRIVPOL_RECORD_MAX_NAME - n)
            return privpol__fail(w->err, PRIVPOL_ELIMIT, "JSON path too long");
        memcpy(r->path + n, key, key_len);
        n += key_len;
        if ((st = walk_value(w, i, n, depth)) != PRIVPOL_OK)
            return st;
    }
    return gap(w, pos, (size_t)o->end - 1, 0);
}

/* `[n]` at out (room for 13 bytes); its length. */
static size_t
index_text(char *out, unsigned n)
{
    char digits[10];
    size_t k = 0, len = 0;
    do {
        digits[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    out[len++] = '[';
    while (k > 0)
        out[len++] = digits[--k];
    out[len++] = ']';
    return len;
}

static privpol_status
walk_array(struct walk *w, int *i, size_t path_len, unsigned depth)
{
    privpol_record *r = w->r;
    const jsmntok_t *a = &r->toks[*i];
    int elements = a->size;
    size_t pos = (size_t)a->start + 1;
    privpol_status st;

    r->tok_field[*i] = MARK_RAW;
    (*i)++;
    for (int e = 0; e < elements; e++) {
        size_t n = index_text(r->path + path_len, (unsigned)e);
        if (path_len + n > PRIVPOL_RECORD_MAX_NAME)
            return privpol__fail(w->err, PRIVPOL_ELIMIT, "JSON path too long");
        if (*i >= w->count)
            return privpol__fail(w->err, PRIVPOL_EPARSE, "bad JSON array");
        if ((st = gap(w, pos, privpol__tok_lo(&r->toks[*i]), e == 0 ? 0 : ',')) != PRIVPOL_OK)
            return st;
        pos = privpol__tok_hi(&r->toks[*i]);
        if ((st = walk_value(w, i, path_len + n, depth)) != PRIVPOL_OK)
            return st;
    }
    return gap(w, pos, (size_t)a->end - 1, 0);
}

static privpol_status
walk_value(struct walk *w, int *i, size_t path_len, unsigned depth)
{
    const jsmntok_t *t = &w->r->toks[*i];

    switch (t->type) {
    case JSMN_OBJECT:
    case JSMN_ARRAY:
        if (depth >= PRIVPOL_RECORD_MAX_DEPTH)
            return fail_at(w->err, PRIVPOL_ELIMIT, (size_t)t->start, "JSON nested too deep");
        return t->type == JSMN_OBJECT ? walk_object(w, i, path_len, depth + 1)
                                      : walk_array(w, i, path_len, depth + 1);
    case JSMN_STRING:
    case JSMN_PRIMITIVE: return walk_leaf(w, i, path_len);
    default: return fail_at(w->err, PRIVPOL_EPARSE, (size_t)t->start, "bad JSON value");
    }
}

/* ---- writing ------------------------------------------------------------------------ */

struct emit {
    privpol_record *r;
    const char *text;
    int count;
    privpol_status st;
};

static inline void
put(struct emit *e, const char *s, size_t n)
{
    struct privpol__buf *b = &e->r->out;
    if (n <= b->cap - b->len) {
        memcpy(b->p + b->len, s, n);
        b->len += n;
    } else if (e->st == PRIVPOL_OK) {
        e->st = privpol__buf_put(e->r->ctx, b, s, n);
    }
}

#define PUT_LIT(e, s) put((e), (s), sizeof(s) - 1)

static bool emit_value(struct emit *e, int *i);

/* Keys written so far in the objects being written whose keys may collide: (offset,
 * length) of each key's text in r->out, and whether it was transformed. */
struct keyspan {
    size_t off, len;
    bool transformed;
};

/* Write the key at token k ("key":); false when the policy drops its member (the key
 * holds an identifier whose category is dropped). A transformed key that equals another
 * key of the same object, or that another key written before it equals, gets "~2", "~3"
 * ... appended, so that no reader merges two members into one (docs/record.md). */
static bool
emit_key(struct emit *e, const jsmntok_t *k, int mark, struct privpol__buf *spans,
         size_t spans_from)
{
    privpol_record *r = e->r;
    struct keyspan ks;
    bool transformed = false;

    if (mark >= 0) {
        const struct privpol__field *f = &r->fields[mark];
        if (f->action == PRIVPOL_ACTION_DROP)
            return false;
        if (!f->out_is_value) {
            size_t n;
            const char *o = privpol__record_out(r, (size_t)mark, &n);
            transformed = true;
            put(e, "\"", 1);
            ks.off = r->out.len;
            if (e->st == PRIVPOL_OK)
                e->st = privpol__json_escape(r->ctx, &r->out, o, n);
            ks.len = r->out.len - ks.off;
        }
    }
    if (!transformed) {
        ks.off = r->out.len + 1;
        ks.len = (size_t)(k->end - k->start);
        put(e, e->text + k->start - 1, ks.len + 1);
    }
    ks.transformed = transformed;
    if (spans != NULL && e->st == PRIVPOL_OK) {
        const struct keyspan *all = (const struct keyspan *)(void *)(spans->p);
        size_t count = spans->len / sizeof ks, base_len = ks.len;
        for (unsigned suffix = 2;; suffix++) {
            bool clash = false;
            for (size_t x = spans_from; x < count && !clash; x++)
                clash = (all[x].transformed || ks.transformed) && all[x].len == ks.len &&
                        memcmp(r->out.p + all[x].off, r->out.p + ks.off, ks.len) == 0;
            if (!clash)
                break;
            {
                char num[16];
                int nl = snprintf(num, sizeof num, "~%u", suffix);
                r->out.len = ks.off + base_len;
                put(e, num, (size_t)nl);
                ks.len = base_len + (size_t)nl;
                ks.transformed = true;
            }
            if (e->st != PRIVPOL_OK)
                break;
        }
        if (e->st == PRIVPOL_OK)
            e->st = privpol__buf_put(r->ctx, spans, &ks, sizeof ks);
    }
    put(e, "\":", 2);
    return true;
}

/* Write the members of the object at token *i (its brace excluded) or the elements of
 * the array; *any is set when one was written. */
static void
emit_members(struct emit *e, int *i, bool object, int items, bool keyed, bool *first)
{
    privpol_record *r = e->r;
    struct privpol__buf *spans = keyed ? &r->pieces : NULL;
    size_t spans_from = keyed ? r->pieces.len / sizeof(struct keyspan) : 0;

    for (int m = 0; m < items; m++) {
        size_t mark_len = r->out.len, spans_len = keyed ? r->pieces.len : 0;
        const jsmntok_t *k = object ? &r->toks[*i] : NULL;
        if (object && r->tok_field[*i] == MARK_SKIP) {
            *i = skip(r->toks, *i, e->count);
            continue;
        }
        if (!*first)
            put(e, ",", 1);
        if (object) {
            int kmark = r->tok_field[*i];
            (*i)++;
            if (!emit_key(e, k, kmark, spans, spans_from)) {
                *i = skip(r->toks, *i, e->count);
                r->out.len = mark_len;
                continue;
            }
        }
        if (emit_value(e, i)) {
            *first = false;
        } else if (e->st == PRIVPOL_OK) {
            r->out.len = mark_len; /* dropped: undo the comma and the key */
            if (keyed)
                r->pieces.len = spans_len;
        }
    }
    if (keyed)
        r->pieces.len = spans_from * sizeof(struct keyspan);
}

/* Write the value at token *i; returns false when it is a container whose every leaf
 * was dropped (the caller then leaves the member out). */
static bool
emit_value(struct emit *e, int *i)
{
    privpol_record *r = e->r;
    const jsmntok_t *t = &r->toks[*i];
    int mark = r->tok_field[*i];

    if (t->type == JSMN_OBJECT || t->type == JSMN_ARRAY) {
        bool object = t->type == JSMN_OBJECT, first = true;
        int items = t->size;
        (*i)++;
        put(e, object ? "{" : "[", 1);
        emit_members(e, i, object, items, mark == MARK_KEYED, &first);
        put(e, object ? "}" : "]", 1);
        return items == 0 || !first;
    }
    (*i)++;
    if (mark == MARK_RAW) {
        if (t->type == JSMN_STRING)
            put(e, e->text + t->start - 1, (size_t)(t->end - t->start) + 2);
        else
            put(e, e->text + t->start, (size_t)(t->end - t->start));
        return true;
    }
    if (mark < 0)
        return false;
    {
        const struct privpol__field *f = &r->fields[mark];
        size_t n;
        const char *o = privpol__record_out(r, (size_t)mark, &n);
        if (f->action == PRIVPOL_ACTION_DROP)
            return false;
        if (f->out_is_value) {
            if (t->type == JSMN_STRING)
                put(e, e->text + t->start - 1, (size_t)(t->end - t->start) + 2);
            else
                put(e, e->text + t->start, (size_t)(t->end - t->start));
            return true;
        }
        put(e, "\"", 1);
        if (e->st == PRIVPOL_OK)
            e->st = privpol__json_escape(r->ctx, &r->out, o, n);
        put(e, "\"", 1);
    }
    return true;
}

static void
emit_annotation(struct emit *e, bool first)
{
    privpol_record *r = e->r;
    const privpol_record_summary *s = &r->summary;
    const char *level = privpol_identifiability_name(s->identifiability);
    bool any = false;

    if (!first)
        PUT_LIT(e, ",");
    PUT_LIT(e, "\"_privpol\":{\"identifiability\":\"");
    put(e, level, strlen(level));
    PUT_LIT(e, "\",\"retain_until\":");
    if (s->retention_status == PRIVPOL_OK && s->retain_until >= PRIVPOL__TIME_MIN &&
        s->retain_until <= PRIVPOL__TIME_MAX) {
        char when[21];
        privpol__iso_time(when, s->retain_until);
        PUT_LIT(e, "\"");
        put(e, when, 20);
        PUT_LIT(e, "\"");
    } else {
        put(e, "null", 4);
    }
    PUT_LIT(e, ",\"categories\":[");
    for (size_t c = 0; c < 64; c++) {
        const char *id;
        if (!(s->categories & ((uint64_t)1 << c)) || (id = privpol_category_id(c)) == NULL)
            continue;
        put(e, any ? ",\"" : "\"", any ? 2 : 1);
        put(e, id, strlen(id));
        put(e, "\"", 1);
        any = true;
    }
    put(e, "],", 2);
    put(e, r->policy_json, r->policy_json_len);
}

/* ---- entry point ------------------------------------------------------------------- */

/* Refuse nesting deeper than PRIVPOL_RECORD_MAX_DEPTH before jsmn sees the text: jsmn's
 * time grows with the square of the depth. A text with few brackets cannot be deep, so
 * most lines only have their brackets counted. */
static privpol_status
depth_ok(const char *text, size_t len, privpol_error *err)
{
    size_t brackets = 0, depth = 0;
    bool in_string = false;

    for (const char *p = text, *end = text + len;
         brackets <= PRIVPOL_RECORD_MAX_DEPTH && (p = memchr(p, '{', (size_t)(end - p))) != NULL;
         p++)
        brackets++;
    for (const char *p = text, *end = text + len;
         brackets <= PRIVPOL_RECORD_MAX_DEPTH && (p = memchr(p, '[', (size_t)(end - p))) != NULL;
         p++)
        brackets++;
    if (brackets <= PRIVPOL_RECORD_MAX_DEPTH)
        return PRIVPOL_OK;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > PRIVPOL_RECORD_MAX_DEPTH)
                return fail_at(err, PRIVPOL_ELIMIT, i, "JSON nested too deep");
        } else if ((c == ']' || c == '}') && depth > 0) {
            depth--;
        }
    }
    return PRIVPOL_OK;
}

static privpol_status
tokenize(privpol_record *r, const char *text, size_t len, int *count, privpol_error *err)
{
    jsmn_parser p;
    int n;

    if (len > (size_t)INT32_MAX)
        return privpol__fail(err, PRIVPOL_ELIMIT, "JSON text too long");
    for (;;) {
        if (r->tok_cap == 0 || r->tok_field_cap < r->tok_cap) {
            size_t cap = r->tok_cap == 0 ? TOKENS_INITIAL : r->tok_cap;
            jsmntok_t *t = privpol__alloc(r->ctx, cap * sizeof *t);
            int32_t *m = privpol__alloc(r->ctx, cap * sizeof *m);
            if (t == NULL || m == NULL) {
                privpol__free(r->ctx, t);
                privpol__free(r->ctx, m);
                return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
            }
            privpol__free(r->ctx, r->toks);
            privpol__free(r->ctx, r->tok_field);
            r->toks = t;
            r->tok_field = m;
            r->tok_cap = r->tok_field_cap = cap;
        }
        jsmn_init(&p);
        n = jsmn_parse(&p, text, len, r->toks, (unsigned)r->tok_cap);
        if (n != JSMN_ERROR_NOMEM)
            break;
        if (r->tok_cap >= TOKENS_MAX)
            return privpol__fail(err, PRIVPOL_ELIMIT, "too many JSON values");
        r->tok_cap = 2 * r->tok_cap > TOKENS_MAX ? TOKENS_MAX : 2 * r->tok_cap;
        r->tok_field_cap = 0; /* reallocate both */
    }
    if (n == JSMN_ERROR_INVAL)
        return fail_at(err, PRIVPOL_EPARSE, p.pos, "not valid JSON");
    if (n == JSMN_ERROR_PART)
        return fail_at(err, PRIVPOL_EPARSE, len, "truncated JSON");
    if (n <= 0)
        return privpol__fail(err, PRIVPOL_EPARSE, "empty line, not a JSON object");
    *count = n;
    return PRIVPOL_OK;
}

privpol_status
privpol_record_scrub_json(privpol_record *r, const privpol_record_request *tag, const char *text,
                          size_t len, const char **out, size_t *out_len, privpol_error *err)
{
    struct walk w;
    struct emit e;
    privpol_record_request eff;
    const char *nul;
    privpol_status st;
    int i = 0;

    if (out != NULL)
        *out = NULL;
    if (out_len != NULL)
        *out_len = 0;
    if (r == NULL || tag == NULL || (text == NULL && len > 0) || out == NULL ||
        out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(tag->version, PRIVPOL_RECORD_REQUEST_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_request version");
    privpol_record_clear(r);
    if (len > 0 && text[len - 1] == '\n')
        len--;
    if (len > 0 && text[len - 1] == '\r')
        len--;
    if ((nul = memchr(text, '\0', len)) != NULL)
        return fail_at(err, PRIVPOL_EPARSE, (size_t)(nul - text), "NUL byte in the line");
    if (!privpol__utf8_ok(text, len))
        return privpol__fail(err, PRIVPOL_EPARSE, "not valid UTF-8");

    memset(&w, 0, sizeof w);
    w.r = r;
    w.tag = tag;
    w.text = text;
    w.err = err;
    if ((st = depth_ok(text, len, err)) != PRIVPOL_OK ||
        (st = tokenize(r, text, len, &w.count, err)) != PRIVPOL_OK)
        return st;
    if (r->toks[0].type != JSMN_OBJECT)
        return fail_at(err, PRIVPOL_EPARSE, (size_t)r->toks[0].start, "not a JSON object");
    if ((st = gap(&w, 0, (size_t)r->toks[0].start, 0)) != PRIVPOL_OK ||
        (st = gap(&w, (size_t)r->toks[0].end, len, 0)) != PRIVPOL_OK)
        return st;
    if (tag->time_field != NULL) {
        w.time_fields = &tag->time_field;
        w.time_field_count = 1;
    } else {
        w.time_fields = privpol_policy_time_fields(r->ctx->policy, &w.time_field_count);
    }
    if (w.time_field_count > sizeof w.time_field_len / sizeof *w.time_field_len)
        w.time_field_count = sizeof w.time_field_len / sizeof *w.time_field_len;
    for (size_t k = 0; k < w.time_field_count; k++)
        w.time_field_len[k] = strlen(w.time_fields[k]);
    if (tag->tenant_field != NULL)
        w.tenant_field_len = strlen(tag->tenant_field);
    if ((st = walk_value(&w, &i, 0, 0)) != PRIVPOL_OK)
        return st;
    if (i != w.count)
        return fail_at(err, PRIVPOL_EPARSE, (size_t)r->toks[i < w.count ? i : 0].start,
                       "more than one JSON value");

    eff = *tag;
    if (w.have_tenant)
        eff.tenant = r->tenant;
    if (eff.tenant == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "no tenant: neither the tag nor the record");
    if (tag->event_time == 0 && w.have_time)
        eff.event_time = w.event_time;
    if ((st = privpol_record_process(r, &eff, err)) != PRIVPOL_OK)
        return st;

    privpol__record_retention(r);
    e.r = r;
    e.text = text;
    e.count = w.count;
    e.st = PRIVPOL_OK;
    r->out.len = 0;
    i = 0;
    {
        /* The top object by hand, so that `_privpol` goes in before its brace. */
        bool first = true;
        i = 1;
        r->pieces.len = 0;
        put(&e, "{", 1);
        emit_members(&e, &i, true, r->toks[0].size, r->tok_field[0] == MARK_KEYED, &first);
        emit_annotation(&e, first);
        put(&e, "}", 1);
        put(&e, "", 1);
    }
    if (e.st != PRIVPOL_OK)
        return privpol__fail(err, e.st, NULL);
    *out = r->out.p;
    *out_len = r->out.len - 1;
    return PRIVPOL_OK;
}
