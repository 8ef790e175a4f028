/* SPDX-License-Identifier: MIT */
/* The record pipeline: classify each field, decide whether its category
 * may be collected, transform it as the policy says, then annotate the record with its
 * identifiability after combination and its retain-until time. docs/record.md.
 *
 * A record keeps its buffers between events and caches, per tag, what the policy
 * decides for each category (decision, transform, pseudonymizer, retention class), so
 * that a warm record processes an event without allocating. */
#include "classify-internal.h"
#include "generalize.h"
#include "engine.h"
#include "record-internal.h"

#include <privpol/decide.h>
#include <privpol/retention.h>
#include <privpol/time.h>

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

/* ---- buffers ----------------------------------------------------------------------- */

privpol_status
privpol__buf_grow(const privpol_ctx *ctx, struct privpol__buf *b, size_t extra)
{
    size_t cap;
    char *p;

    if (extra <= b->cap - b->len)
        return PRIVPOL_OK;
    if (extra > SIZE_MAX / 2 - b->len)
        return PRIVPOL_ENOMEM;
    cap = b->cap < 256 ? 256 : b->cap;
    while (cap - b->len < extra)
        cap *= 2;
    if ((p = privpol__alloc(ctx, cap)) == NULL)
        return PRIVPOL_ENOMEM;
    if (b->p != NULL) {
        memcpy(p, b->p, b->len);
        sodium_memzero(b->p, b->cap);
        privpol__free(ctx, b->p);
    }
    b->p = p;
    b->cap = cap;
    return PRIVPOL_OK;
}

static void
buf_free(const privpol_ctx *ctx, struct privpol__buf *b)
{
    if (b->p != NULL) {
        sodium_memzero(b->p, b->cap);
        privpol__free(ctx, b->p);
    }
    b->p = NULL;
    b->len = b->cap = 0;
}

privpol_status
privpol__json_escape(const privpol_ctx *ctx, struct privpol__buf *b, const char *s, size_t n)
{
    size_t need = privpol__json_escaped_len(s, n);
    if (privpol__buf_reserve(ctx, b, need) != PRIVPOL_OK)
        return PRIVPOL_ENOMEM;
    b->len += privpol__json_escape_into(b->p + b->len, s, n);
    return PRIVPOL_OK;
}

/* ---- life cycle -------------------------------------------------------------------- */

void
privpol_record_request_init(privpol_record_request *tag)
{
    if (tag != NULL) {
        const privpol_record_request init = PRIVPOL_RECORD_REQUEST_INIT;
        *tag = init;
    }
}

/* `,"policy":{"id":"...","version":"..."}}` once per record object. */
static privpol_status
policy_json(privpol_record *r)
{
    const privpol_policy *policy = r->ctx->policy;
    struct privpol__buf b = {0};
    const char *id = privpol_policy_id(policy), *version = privpol_policy_version(policy);
    privpol_status st;

    if (id == NULL)
        id = "";
    if (version == NULL)
        version = "";
    if ((st = privpol__buf_put(r->ctx, &b, "\"policy\":{\"id\":\"", 16)) == PRIVPOL_OK &&
        (st = privpol__json_escape(r->ctx, &b, id, strlen(id))) == PRIVPOL_OK &&
        (st = privpol__buf_put(r->ctx, &b, "\",\"version\":\"", 13)) == PRIVPOL_OK &&
        (st = privpol__json_escape(r->ctx, &b, version, strlen(version))) == PRIVPOL_OK &&
        (st = privpol__buf_put(r->ctx, &b, "\"}}", 3)) == PRIVPOL_OK) {
        if (b.len < sizeof r->policy_json) {
            memcpy(r->policy_json, b.p, b.len);
            r->policy_json_len = b.len;
        } else {
            st = PRIVPOL_ELIMIT;
        }
    }
    buf_free(r->ctx, &b);
    return st;
}

privpol_status
privpol_record_new(const privpol_ctx *ctx, privpol_record **out, privpol_error *err)
{
    privpol_record *r;
    privpol_status st;

    if (out == NULL || ctx == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    if ((r = privpol__alloc(ctx, sizeof *r)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    memset(r, 0, sizeof *r);
    r->ctx = ctx;
    r->cat_unknown = (size_t)privpol__category_index("unknown");
    r->cat_ip = (size_t)privpol__category_index("connection.ip_address");
    r->cat_time = (size_t)privpol__category_index("connection.timestamp");
    r->cat_ua = (size_t)privpol__category_index("terminal.user_agent");
    r->cat_stat = (size_t)privpol__category_index("non_identifiable.statistic");
    r->cat_device_type = (size_t)privpol__category_index("terminal.device_type");
    if ((st = policy_json(r)) != PRIVPOL_OK) {
        privpol_record_free(r);
        return privpol__fail(err, st, st == PRIVPOL_ELIMIT ? "policy id too long" : NULL);
    }
    if ((st = privpol_taint_init(&r->taint, ctx->policy, NULL)) != PRIVPOL_OK) {
        privpol_record_free(r);
        return privpol__fail(err, st, NULL);
    }
    *out = r;
    return PRIVPOL_OK;
}

static void
slot_release(const privpol_ctx *ctx, struct privpol__slot *s)
{
    (void)ctx;
    for (size_t c = 0; c < PRIVPOL__RECORD_CATEGORIES; c++) {
        privpol_pseudonymizer_free(s->pseudonymizer[c]);
        s->pseudonymizer[c] = NULL;
    }
    s->used = false;
}

void
privpol_record_free(privpol_record *r)
{
    const privpol_ctx *ctx;

    if (r == NULL)
        return;
    ctx = r->ctx;
    for (size_t i = 0; i < PRIVPOL__SLOTS; i++)
        slot_release(ctx, &r->slots[i]);
    buf_free(ctx, &r->names);
    buf_free(ctx, &r->values);
    buf_free(ctx, &r->outs);
    buf_free(ctx, &r->out);
    buf_free(ctx, &r->scratch);
    buf_free(ctx, &r->pieces);
    buf_free(ctx, &r->piece_out);
    buf_free(ctx, &r->stripped);
    buf_free(ctx, &r->userless);
    buf_free(ctx, &r->needles);
    buf_free(ctx, &r->needle_index);
    buf_free(ctx, &r->prefix);
    privpol__free(ctx, r->fields);
    privpol__free(ctx, r->toks);
    privpol__free(ctx, r->tok_field);
    sodium_memzero(r, sizeof *r);
    privpol__free(ctx, r);
}

void
privpol_record_clear(privpol_record *r)
{
    if (r == NULL)
        return;
    r->names.len = r->values.len = r->outs.len = 0;
    r->field_count = 0;
    r->processed = false;
    r->retention_pending = false;
    memset(&r->summary, 0, sizeof r->summary);
}

/* ---- fields ------------------------------------------------------------------------ */

privpol_status
privpol__record_add(privpol_record *r, const char *name, size_t name_len, const char *value,
                    size_t value_len, size_t category, enum privpol__kind kind)
{
    struct privpol__field *f;
    privpol_status st;

    if (r->processed)
        return PRIVPOL_EINVAL;
    if (name_len > PRIVPOL_RECORD_MAX_NAME)
        return PRIVPOL_ELIMIT;
    if (category != PRIVPOL__CATEGORY_AUTO && category >= privpol__category_count)
        return PRIVPOL_ENOTFOUND;
    if (r->field_count == r->field_cap) {
        size_t cap = r->field_cap == 0 ? 32 : 2 * r->field_cap;
        struct privpol__field *nf;
        if (r->field_count >= PRIVPOL_RECORD_MAX_FIELDS)
            return PRIVPOL_ELIMIT;
        if (cap > PRIVPOL_RECORD_MAX_FIELDS)
            cap = PRIVPOL_RECORD_MAX_FIELDS;
        if ((nf = privpol__alloc(r->ctx, cap * sizeof *nf)) == NULL)
            return PRIVPOL_ENOMEM;
        if (r->fields != NULL) {
            memcpy(nf, r->fields, r->field_count * sizeof *nf);
            privpol__free(r->ctx, r->fields);
        }
        r->fields = nf;
        r->field_cap = cap;
    }
    if ((st = privpol__buf_reserve(r->ctx, &r->names, name_len + 1)) != PRIVPOL_OK ||
        (st = privpol__buf_reserve(r->ctx, &r->values, value_len + 1)) != PRIVPOL_OK)
        return st;
    f = &r->fields[r->field_count++];
    memset(f, 0, sizeof *f);
    f->name_off = r->names.len;
    f->name_len = name_len;
    if (name_len > 0)
        memcpy(r->names.p + r->names.len, name, name_len);
    r->names.p[r->names.len + name_len] = '\0';
    r->names.len += name_len + 1;
    f->value_off = r->values.len;
    f->value_len = value_len;
    if (value_len > 0)
        memcpy(r->values.p + r->values.len, value, value_len);
    r->values.p[r->values.len + value_len] = '\0';
    r->values.len += value_len + 1;
    f->declared = category != PRIVPOL__CATEGORY_AUTO;
    f->field_category = PRIVPOL__FIELD_UNSEEN;
    f->vocabulary = PRIVPOL__FIELD_UNSEEN;
    f->category = category;
    f->kind = (uint8_t)kind;
    return PRIVPOL_OK;
}

privpol_status
privpol_record_add(privpol_record *r, const char *name, size_t name_len, const char *value,
                   size_t value_len, privpol_category category, privpol_error *err)
{
    privpol_status st;
    if (r == NULL || (name == NULL && name_len > 0) || (value == NULL && value_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (category != PRIVPOL_CAT_AUTO && (st = privpol__category_check(category, err)) != PRIVPOL_OK)
        return st;
    st = privpol__record_add(r, name, name_len, value, value_len,
                             category == PRIVPOL_CAT_AUTO ? PRIVPOL__CATEGORY_AUTO : (size_t)category,
                             KIND_STRING);
    if (st == PRIVPOL_ELIMIT)
        return privpol__failf(err, st,
                              name_len > PRIVPOL_RECORD_MAX_NAME
                                  ? "field name longer than %u bytes"
                                  : "the record already holds %u fields",
                              name_len > PRIVPOL_RECORD_MAX_NAME ? PRIVPOL_RECORD_MAX_NAME
                                                                 : PRIVPOL_RECORD_MAX_FIELDS);
    return st == PRIVPOL_OK ? st : privpol__fail(err, st, NULL);
}

size_t
privpol_record_field_count(const privpol_record *r)
{
    return r != NULL ? r->field_count : 0;
}

const char *
privpol__record_out(const privpol_record *r, size_t i, size_t *len)
{
    const struct privpol__field *f = &r->fields[i];
    *len = f->out_len;
    if (f->action == PRIVPOL_ACTION_DROP)
        return NULL;
    return f->out_is_value ? r->values.p + f->value_off : r->outs.p + f->out_off;
}

/* ---- per-tag cache ----------------------------------------------------------------- */

static const char *
default_purpose(privpol_role role)
{
    return role == PRIVPOL_ROLE_CONTROLLER ? "service_provision" : "interaction_digitization";
}

/* The slot of a tag: found, or set up (evicting the least recently used). */
static privpol_status
find_slot(privpol_record *r, const privpol_record_request *tag, const char *tenant, size_t tenant_len,
          struct privpol__slot **out, privpol_error *err)
{
    const privpol_policy *policy = r->ctx->policy;
    const char *purpose = tag->purpose != NULL ? tag->purpose : default_purpose(tag->role);
    struct privpol__slot *s, *victim = NULL;
    unsigned flags = tag->flags & PRIVPOL_REQ_SUBJECT;
    size_t pi;
    privpol_role prole;

    r->tick++;
    for (size_t i = 0; i < PRIVPOL__SLOTS; i++) {
        s = &r->slots[i];
        if (!s->used) {
            if (victim == NULL || victim->used)
                victim = s;
            continue;
        }
        if (s->role == tag->role && s->tag_flags == flags &&
            (!(flags & PRIVPOL_REQ_SUBJECT) || s->subject == tag->subject) &&
            s->tenant_len == tenant_len && memcmp(s->tenant, tenant, tenant_len) == 0 &&
            strcmp(s->purpose, purpose) == 0) {
            s->last_use = r->tick;
            *out = s;
            return PRIVPOL_OK;
        }
        if (victim == NULL || (victim->used && s->last_use < victim->last_use))
            victim = s;
    }
    if (privpol_policy_purpose_find(policy, purpose, &pi, NULL) != PRIVPOL_OK ||
        privpol_policy_purpose_role(policy, pi, &prole, NULL) != PRIVPOL_OK || prole != tag->role)
        return privpol__failf(err, PRIVPOL_ENOTFOUND, "no purpose '%.64s' for the %s role",
                              purpose, privpol_role_name(tag->role));
    s = victim;
    slot_release(r->ctx, s);
    /* clean values were decided under the slot's old tag */
    for (size_t i = 0; i < PRIVPOL__CLEAN_CACHE; i++)
        if (r->clean_cache[i].slot == s)
            r->clean_cache[i].slot = NULL;
    s->used = true;
    s->role = tag->role;
    s->subject = tag->subject;
    s->tag_flags = flags;
    s->purpose = privpol_policy_purpose_id(policy, pi);
    s->tenant_len = tenant_len;
    memcpy(s->tenant, tenant, tenant_len);
    s->tenant[tenant_len] = '\0';
    s->last_use = r->tick;
    memset(s->have, 0, sizeof s->have);
    memset(s->retention_class, -2, sizeof s->retention_class);
    s->spans_ready = false;
    *out = s;
    return PRIVPOL_OK;
}

static size_t
unknown_category(const privpol_record *r)
{
    return r->cat_unknown;
}

privpol_status
privpol__slot_category(privpol_record *r, struct privpol__slot *s, size_t c, privpol_error *err)
{
    privpol_decision *d = &s->decision[c];
    privpol_transform *t = &s->transform[c];
    privpol_status st;

    if (s->have[c])
        return PRIVPOL_OK;
    t->version = PRIVPOL_TRANSFORM_VERSION;
    st = privpol_policy_transform(r->ctx->policy, s->role, s->purpose, (privpol_category)c, t,
                                  NULL);
    if (st != PRIVPOL_OK)
        return privpol__fail(err, st, "no transform for a category");
    privpol_decision_init(d);
    if (c == unknown_category(r)) {
        /* Nothing can decide what unknown data is: it is personal, never in clear. */
        d->verdict = PRIVPOL_DENY;
        d->check = "unknown";
        d->clause = t->clause != NULL ? t->clause : "";
        snprintf(d->reason, sizeof d->reason,
                 "unclassified data is treated as personal and never kept in clear");
        if (t->action < PRIVPOL_ACTION_PSEUDONYMIZE)
            t->action = PRIVPOL_ACTION_PSEUDONYMIZE;
    } else {
        privpol_request q = PRIVPOL_REQUEST_INIT;
        const privpol_category qc = (privpol_category)c;
        q.role = s->role;
        q.tenant = s->tenant;
        q.purpose = s->purpose;
        q.operation = PRIVPOL_OP_COLLECT;
        q.categories = &qc;
        q.category_count = 1;
        q.identifiability = privpol_category_identifiability(c);
        q.at = 0;
        if (s->tag_flags & PRIVPOL_REQ_SUBJECT) {
            q.subject = s->subject;
            q.flags |= PRIVPOL_REQ_SUBJECT;
        }
        if ((st = privpol_decide(r->ctx, &q, d, NULL)) != PRIVPOL_OK)
            return privpol__fail(err, st, "decision failed");
        if (d->verdict != PRIVPOL_ALLOW)
            t->action = PRIVPOL_ACTION_DROP;
    }
    s->have[c] = 1;
    return PRIVPOL_OK;
}

privpol_status
privpol__slot_spans(privpol_record *r, struct privpol__slot *s, int64_t at, privpol_error *err)
{
    privpol_status st;

    s->spans.at = at;
    if (s->spans_ready)
        return PRIVPOL_OK;
    memset(&s->spans, 0, sizeof s->spans);
    s->spans.tenant = s->tenant;
    s->spans.at = at;
    for (size_t c = 0; c < privpol__category_count && c < PRIVPOL__SPAN_CATEGORIES; c++) {
        const privpol_transform *t = &s->transform[c];
        uint8_t what = PRIVPOL__SPAN_LABEL;
        if ((st = privpol__slot_category(r, s, c, err)) != PRIVPOL_OK)
            return st;
        switch (t->action) {
        case PRIVPOL_ACTION_KEEP: what = PRIVPOL__SPAN_KEEP; break;
        case PRIVPOL_ACTION_PSEUDONYMIZE: what = PRIVPOL__SPAN_PSEUDONYMIZE; break;
        case PRIVPOL_ACTION_GENERALIZE:
            what = PRIVPOL__SPAN_GENERALIZE;
            s->spans.prefix4[c] = (uint8_t)t->prefix4;
            s->spans.prefix6[c] = (uint8_t)t->prefix6;
            break;
        default: break; /* redacted, dropped, not collected: the label */
        }
        s->spans.what[c] = what;
    }
    s->spans_ready = true;
    return PRIVPOL_OK;
}

/* ---- transforms -------------------------------------------------------------------- */

privpol_status
privpol__record_put_out(privpol_record *r, struct privpol__field *f, const char *s, size_t n)
{
    privpol_status st = privpol__buf_reserve(r->ctx, &r->outs, n + 1);
    if (st != PRIVPOL_OK)
        return st;
    f->out_off = r->outs.len;
    f->out_len = n;
    memcpy(r->outs.p + r->outs.len, s, n);
    r->outs.p[r->outs.len + n] = '\0';
    r->outs.len += n + 1;
    return PRIVPOL_OK;
}

/* Append the pseudonym of a value under category c to b; PRIVPOL_EVALUE when the value
 * cannot have one (b unchanged). */
static privpol_status
pseudonym_into(privpol_record *r, struct privpol__slot *s, size_t c, const char *value,
               size_t value_len, int64_t at, unsigned flags, struct privpol__buf *b,
               privpol_error *err)
{
    size_t cap = PRIVPOL_PSEUDONYM_LEN + 1, len;
    privpol_status st;

    if (s->pseudonymizer[c] == NULL &&
        (st = privpol_pseudonymizer_new(r->ctx, s->tenant, (privpol_category)c,
                                        &s->pseudonymizer[c], err)) != PRIVPOL_OK)
        return st;
    if (flags != 0)
        cap = privpol_pseudonym_reversible_size(value_len) + PRIVPOL_NORMALIZED_MAX;
    /* A token of this context passes through as it is: room for it too. */
    if (cap < value_len + 1)
        cap = value_len + 1;
    if ((st = privpol__buf_reserve(r->ctx, b, cap)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    len = cap;
    st = privpol_pseudonymizer_run(s->pseudonymizer[c], value, value_len, at, flags,
                                   b->p + b->len, &len, err);
    if (st != PRIVPOL_OK)
        return st;
    b->len += len;
    return PRIVPOL_OK;
}

/* Free text: each span the scanner finds (percent escapes decoded) replaced by its
 * label, or by its pseudonym with PRIVPOL_REDACT_PSEUDONYMIZE. */
static privpol_status
redact_text(privpol_record *r, struct privpol__slot *s, struct privpol__field *f, int64_t at,
            unsigned flags, privpol_error *err)
{
    struct privpol__span_rules rules;
    const char *value = r->values.p + f->value_off;
    size_t cap = f->value_len + f->value_len / 2 + 64, len, replaced = 0;
    privpol_status st;

    memset(&rules, 0, sizeof rules);
    rules.tenant = s->tenant;
    rules.at = at;
    memset(rules.what,
           (flags & PRIVPOL_REDACT_PSEUDONYMIZE) ? PRIVPOL__SPAN_PSEUDONYMIZE : PRIVPOL__SPAN_LABEL,
           sizeof rules.what);
    for (int attempt = 0; attempt < 4; attempt++) {
        if ((st = privpol__buf_reserve(r->ctx, &r->outs, cap)) != PRIVPOL_OK)
            return st;
        value = r->values.p + f->value_off;
        len = cap;
        st = privpol__scrub_text(r->ctx, &rules, PRIVPOL__SCRUB_PERCENT, value, f->value_len,
                                 r->outs.p + r->outs.len, &len, &replaced, err);
        if (st == PRIVPOL_EBUFSIZE) {
            cap = len;
            continue;
        }
        if (st != PRIVPOL_OK)
            return st;
        if (replaced == 0) {
            /* Nothing found: the text is its own output. */
            f->out_is_value = true;
            f->out_len = f->value_len;
            return PRIVPOL_OK;
        }
        f->out_off = r->outs.len;
        f->out_len = len;
        r->outs.len += len + 1;
        return PRIVPOL_OK;
    }
    return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
}

static bool
all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!privpol__is_digit(s[i]))
            return false;
    return true;
}

/* Append the generalization of a value to b; PRIVPOL_EVALUE when it has none. */
static privpol_status
generalize_into(privpol_record *r, const privpol_transform *t, size_t c, const char *value,
                size_t value_len, bool number, struct privpol__buf *b)
{
    char buf[PRIVPOL__GENERALIZED_IP_MAX + PRIVPOL__GENERALIZED_UA_MAX + PRIVPOL_TIME_TEXT_SIZE];
    size_t len = 0;
    privpol_status st;

    if (c == r->cat_ip) {
        st = privpol__generalize_ip(value, value_len, t->prefix4, t->prefix6, buf,
                                    sizeof buf, &len);
    } else if (c == r->cat_time) {
        int64_t when;
        st = privpol__event_time(value, value_len, number || all_digits(value, value_len),
                                 &when);
        if (st == PRIVPOL_OK)
            st = privpol__generalize_time(when, t->time_unit, buf, sizeof buf, &len);
    } else if (c == r->cat_ua) {
        st = privpol__generalize_user_agent(value, value_len, buf, sizeof buf, &len);
    } else {
        st = PRIVPOL_EVALUE;
    }
    if (st != PRIVPOL_OK)
        return PRIVPOL_EVALUE;
    return privpol__buf_put(r->ctx, b, buf, len);
}

static privpol_status
label_into(privpol_record *r, size_t c, struct privpol__buf *b)
{
    const char *id = privpol_category_id(c);
    privpol_status st;
    if (id == NULL)
        id = "unknown";
    if ((st = privpol__buf_put(r->ctx, b, "[", 1)) != PRIVPOL_OK ||
        (st = privpol__buf_put(r->ctx, b, id, strlen(id))) != PRIVPOL_OK)
        return st;
    return privpol__buf_put(r->ctx, b, "]", 1);
}

/* privpol__transform_value() with the value's JSON kind (a number generalizes as a time
 * in seconds or milliseconds). */
static privpol_status
transform_into(privpol_record *r, struct privpol__slot *s, size_t c, const char *value,
               size_t len, bool number, int64_t at, struct privpol__buf *b,
               privpol_action *action_out, size_t *category_out, privpol_error *err)
{
    const privpol_transform *t;
    unsigned flags = 0;
    privpol_status st;

    if ((st = privpol__slot_category(r, s, c, err)) != PRIVPOL_OK)
        return st;
    t = &s->transform[c];
    *action_out = t->action;
    *category_out = c;
    switch (t->action) {
    case PRIVPOL_ACTION_KEEP: return privpol__buf_put(r->ctx, b, value, len);
    case PRIVPOL_ACTION_DROP: return PRIVPOL_OK;
    case PRIVPOL_ACTION_REDACT: return label_into(r, c, b);
    case PRIVPOL_ACTION_GENERALIZE:
        if ((st = generalize_into(r, t, c, value, len, number, b)) != PRIVPOL_EVALUE)
            return st;
        break; /* no generalization: pseudonymize as unknown data below */
    case PRIVPOL_ACTION_PSEUDONYMIZE:
        if ((t->flags & PRIVPOL_TRANSFORM_REVERSIBLE) && s->role == PRIVPOL_ROLE_CONTROLLER)
            flags = PRIVPOL_PSEUDONYM_REVERSIBLE;
        st = pseudonym_into(r, s, c, value, len, at, flags, b, err);
        if (st != PRIVPOL_EVALUE)
            return st;
        if (err != NULL)
            privpol_error_clear(err);
        break;
    default: return privpol__fail(err, PRIVPOL_EINVAL, "bad transform");
    }
    /* The value does not fit its category (a declared category that is wrong, an IP
     * field that is not an IP address): it is unknown data, pseudonymized opaquely. */
    c = r->cat_unknown;
    if ((st = privpol__slot_category(r, s, c, err)) != PRIVPOL_OK)
        return st;
    *category_out = c;
    *action_out = s->transform[c].action;
    if (s->transform[c].action == PRIVPOL_ACTION_DROP)
        return PRIVPOL_OK;
    if (s->transform[c].action == PRIVPOL_ACTION_REDACT)
        return label_into(r, c, b);
    *action_out = PRIVPOL_ACTION_PSEUDONYMIZE;
    return pseudonym_into(r, s, c, value, len, at, 0, b, err);
}

privpol_status
privpol__transform_value(privpol_record *r, struct privpol__slot *s, size_t c,
                         const char *value, size_t len, int64_t at, struct privpol__buf *b,
                         privpol_action *action_out, size_t *category_out, privpol_error *err)
{
    return transform_into(r, s, c, value, len, false, at, b, action_out, category_out, err);
}

/* The level a transformed field adds to the record (kept fields add their category). */
static privpol_identifiability
level_after(privpol_action action, size_t c)
{
    switch (action) {
    case PRIVPOL_ACTION_PSEUDONYMIZE:
        return privpol__level_after((privpol_category)c, PRIVPOL_STATE_PSEUDONYMIZED);
    case PRIVPOL_ACTION_GENERALIZE:
        return privpol__level_after((privpol_category)c, PRIVPOL_STATE_GENERALIZED);
    case PRIVPOL_ACTION_REDACT:
        /* Scanned text may still hold what no recognizer knows (names in odd places). */
        return privpol_category_normalizer(c) == PRIVPOL_NORM_SCAN ? PRIVPOL_PSEUDONYMOUS
                                                                  : PRIVPOL_NON_IDENTIFIABLE;
    default: return PRIVPOL_PERSONAL;
    }
}

static privpol_status
transform_field(privpol_record *r, struct privpol__slot *s, struct privpol__field *f,
                int64_t at, privpol_error *err)
{
    size_t c = f->category, mark;
    const privpol_transform *t = &s->transform[c];
    privpol_action action;
    privpol_status st;

    f->action = (uint8_t)t->action;
    f->clause = t->action == PRIVPOL_ACTION_DROP ? s->decision[c].clause : t->clause;
    if (f->value_len == 0 && t->action != PRIVPOL_ACTION_DROP) {
        /* An empty value says nothing about anyone: there is nothing to transform. */
        f->action = PRIVPOL_ACTION_KEEP;
        f->out_is_value = true;
        f->out_len = 0;
        return PRIVPOL_OK;
    }
    switch (t->action) {
    case PRIVPOL_ACTION_KEEP:
        f->out_is_value = true;
        f->out_len = f->value_len;
        return PRIVPOL_OK;
    case PRIVPOL_ACTION_DROP:
        f->out_len = 0;
        return PRIVPOL_OK;
    case PRIVPOL_ACTION_REDACT:
    case PRIVPOL_ACTION_PSEUDONYMIZE:
        if (privpol_category_normalizer(c) == PRIVPOL_NORM_SCAN)
            return redact_text(r, s, f, at,
                               t->action == PRIVPOL_ACTION_PSEUDONYMIZE
                                   ? PRIVPOL_REDACT_PSEUDONYMIZE
                                   : 0,
                               err);
        break;
    default: break;
    }
    mark = r->outs.len;
    st = transform_into(r, s, c, r->values.p + f->value_off, f->value_len,
                        f->kind == KIND_NUMBER, at, &r->outs, &action, &c, err);
    if (st != PRIVPOL_OK)
        return st;
    f->action = (uint8_t)action;
    if (c != f->category) {
        f->category = c;
        f->clause = s->transform[c].clause;
    }
    if (action == PRIVPOL_ACTION_DROP) {
        r->outs.len = mark;
        f->out_len = 0;
        return PRIVPOL_OK;
    }
    if ((st = privpol__buf_put(r->ctx, &r->outs, "", 1)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    f->out_off = mark;
    f->out_len = r->outs.len - mark - 1;
    return PRIVPOL_OK;
}

/* ---- kept values ------------------------------------------------------------------- */

/* The cache entry a kept value would have under a slot (two slots per hash), and whether
 * it is there. *hash_out receives the value's hash. */
static struct privpol__clean_entry *
clean_cache_find(privpol_record *r, const struct privpol__slot *s, const char *v, size_t n,
                 uint64_t *hash_out, bool *hit)
{
    struct privpol__clean_entry *e = NULL;
    uint64_t h = UINT64_C(1469598103934665603) ^ (uint64_t)(uintptr_t)s;

    *hit = false;
    if (n == 0 || n > PRIVPOL__CLEAN_TEXT)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)v[i];
        h *= UINT64_C(1099511628211);
    }
    *hash_out = h;
    for (uint64_t k = 0; k < 2; k++) {
        struct privpol__clean_entry *c = &r->clean_cache[(h + k) % PRIVPOL__CLEAN_CACHE];
        if (c->slot == s && c->hash == h && c->len == n && memcmp(c->text, v, n) == 0) {
            *hit = true;
            return c;
        }
        if (e == NULL || (e->slot != NULL && c->slot == NULL))
            e = c;
    }
    return e;
}

/* Scrub a kept field's value (privpol__scrub_kept()); when anything was replaced, the
 * output is the scrubbed text. A value that scrubbed to itself under this slot before
 * is not scrubbed again. */
static privpol_status
scrub_field(privpol_record *r, struct privpol__slot *s, struct privpol__field *f,
            int category, int64_t at, privpol_error *err)
{
    const char *v = r->values.p + f->value_off;
    struct privpol__clean_entry *e;
    uint64_t h = 0;
    bool changed = false, hit;
    privpol_status st;

    e = clean_cache_find(r, s, v, f->value_len, &h, &hit);
    if (hit)
        return PRIVPOL_OK;
    st = privpol__scrub_kept(r, s, category, v, f->value_len, at, &changed, err);
    if (st != PRIVPOL_OK)
        return err != NULL && err->status == st ? st : privpol__fail(err, st, NULL);
    if (!changed) {
        if (e != NULL) {
            e->slot = s;
            e->hash = h;
            e->len = (uint32_t)f->value_len;
            memcpy(e->text, v, f->value_len);
        }
        return PRIVPOL_OK;
    }
    if ((st = privpol__record_put_out(r, f, r->scratch.p, r->scratch.len)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    f->out_is_value = false;
    f->scrubbed = true;
    return PRIVPOL_OK;
}

/* What the field's name says: its field rule's category and its vocabulary, from the
 * record's name cache when the name was seen before (FNV-1a of the name; two slots per
 * hash, so that two names of one stream that share a slot do not evict each other).
 * Names longer than an entry are looked up each time. */
static void
name_lookup(privpol_record *r, struct privpol__field *f)
{
    const char *name = r->names.p + f->name_off;
    struct privpol__name_entry *e = NULL;
    uint32_t h = 2166136261u;

    if (f->name_len > 0 && f->name_len <= PRIVPOL__NAME_CACHED) {
        for (size_t i = 0; i < f->name_len; i++) {
            h ^= (unsigned char)name[i];
            h *= 16777619u;
        }
        for (uint32_t k = 0; k < 2; k++) {
            struct privpol__name_entry *c = &r->name_cache[(h + k) % PRIVPOL__NAME_CACHE];
            if (c->len == f->name_len && c->hash == h &&
                memcmp(c->name, name, f->name_len) == 0) {
                f->field_category = c->field_category;
                f->vocabulary = c->vocabulary;
                return;
            }
            if (e == NULL || (e->len != 0 && c->len == 0))
                e = c; /* the first slot, or the second one when it is free */
        }
    }
    f->field_category = (int16_t)privpol__field_category(name, f->name_len);
    f->vocabulary =
        (int16_t)privpol__policy_vocabulary_find(r->ctx->policy, name, f->name_len);
    if (e != NULL) {
        e->hash = h;
        e->len = (uint16_t)f->name_len;
        e->field_category = f->field_category;
        e->vocabulary = f->vocabulary;
        memcpy(e->name, name, f->name_len);
    }
}

/* A value of the closed vocabulary the policy declares for the field (if any). */
static bool
in_vocabulary(privpol_record *r, struct privpol__field *f)
{
    if (f->vocabulary == PRIVPOL__FIELD_UNSEEN)
        name_lookup(r, f);
    return privpol__policy_vocabulary_has(r->ctx->policy, f->vocabulary,
                                          r->values.p + f->value_off, f->value_len);
}

/* True when a kept value is known to hold nothing else than what its category is about,
 * so that scanning it can only cost: a whole value a validating recognizer read as an
 * ISO 8601 time or a device-type word, a token of this library, or a value of a closed
 * vocabulary the policy declares for the field. */
static bool
proven_clean(privpol_record *r, struct privpol__field *f, const privpol_classification *cl)
{
    if (f->declared)
        return false;
    if (cl->flags & PRIVPOL_CLASS_TOKEN)
        return true;
    if (!(cl->flags & PRIVPOL_CLASS_FROM_FIELD) && f->kind == KIND_STRING &&
        (f->category == r->cat_time || f->category == r->cat_device_type))
        return true;
    return in_vocabulary(r, f);
}

/* A key holding no identifier is a field name: kept (and scanned) without a decision. */
static bool
key_is_name(const privpol_record *r, const privpol_classification *cl)
{
    return (size_t)cl->category == r->cat_unknown || (cl->flags & PRIVPOL_CLASS_TOKEN) ||
           privpol_category_identifiability(cl->category) == PRIVPOL_NON_IDENTIFIABLE;
}

static privpol_status
keep_key(privpol_record *r, struct privpol__slot *s, struct privpol__field *f, int64_t at,
         privpol_error *err)
{
    privpol_status st;

    f->key_name = true;
    f->action = PRIVPOL_ACTION_KEEP;
    f->out_is_value = true;
    f->out_len = f->value_len;
    f->clause = NULL;
    if ((st = scrub_field(r, s, f, -1, at, err)) != PRIVPOL_OK)
        return st;
    if (f->scrubbed && (st = privpol_taint_add_level(&r->taint, PRIVPOL_PSEUDONYMOUS, NULL)) !=
                           PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    return PRIVPOL_OK;
}

/* The digits of a JSON number whose value is a whole number of at most 19 digits
 * ("3.3639980196e10" and "33639980196.0" are 33639980196), sign and leading zeros left
 * out, into out; their count, or 0 for any other number. */
static size_t
integer_digits(const char *s, size_t n, char out[20])
{
    char mant[64];
    size_t i = 0, m = 0, frac = 0, o = 0;
    long exp = 0;
    bool neg_exp = false;

    if (i < n && s[i] == '-')
        i++;
    for (; i < n && privpol__is_digit(s[i]); i++) {
        if (m == sizeof mant)
            return 0;
        mant[m++] = s[i];
    }
    if (i < n && s[i] == '.') {
        for (i++; i < n && privpol__is_digit(s[i]); i++, frac++) {
            if (m == sizeof mant)
                return 0;
            mant[m++] = s[i];
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            neg_exp = s[i++] == '-';
        for (; i < n && privpol__is_digit(s[i]); i++)
            if ((exp = exp * 10 + (s[i] - '0')) > 64)
                return 0;
    }
    if (i != n || m == 0)
        return 0;
    exp = neg_exp ? -exp : exp;
    exp -= (long)frac; /* the value is mant * 10^exp */
    while (exp < 0 && m > 0 && mant[m - 1] == '0') {
        m--;
        exp++;
    }
    if (exp < 0)
        return 0; /* a fraction */
    for (size_t k = 0; k < m; k++)
        if (o > 0 || mant[k] != '0') {
            if (o == 19)
                return 0;
            out[o++] = mant[k];
        }
    for (; exp > 0 && o > 0; exp--) {
        if (o == 19)
            return 0;
        out[o++] = '0';
    }
    return o;
}

/* A number shaped like an identifier is not kept as a statistic, nor as a usage value:
 * an integer of 8 to 19 digits (a JSON number, or a string of digits in a statistic
 * field) that is a card number, an IMEI, a phone number with its country code
 * ("33612345678") or a national number of the default region without its trunk prefix
 * ("612345678" in France). Returns the identifier's category, or c. */
static size_t
number_category(const privpol_record *r, size_t c, const char *v, size_t n, bool number)
{
    char buf[24], e164[PRIVPOL__E164_MAX], digits[20];
    size_t e164_len;
    const char *region = r->ctx->default_region[0] != '\0' ? r->ctx->default_region : NULL;

    if (number) {
        n = integer_digits(v, n, digits);
        v = digits;
    }
    if (n < 8 || n > 19 || !all_digits(v, n))
        return c;
    if (n >= 12 && privpol__card_ok(v, n))
        return PRIVPOL_CAT_FINANCIAL_CARD_NUMBER;
    if (n == 15 && privpol__imei_ok(v, n))
        return PRIVPOL_CAT_TERMINAL_DEVICE_ID;
    if (n >= 10 && n <= 15) {
        buf[0] = '+';
        memcpy(buf + 1, v, n);
        if (privpol__phone_parse(buf, n + 1, NULL, e164, &e164_len, NULL) == PRIVPOL_OK)
            return PRIVPOL_CAT_TERMINAL_MSISDN;
    }
    if (region != NULL && n <= 14) {
        buf[0] = '0';
        memcpy(buf + 1, v, n);
        if (privpol__phone_parse(buf, n + 1, region, e164, &e164_len, NULL) == PRIVPOL_OK ||
            privpol__phone_parse(v, n, region, e164, &e164_len, NULL) == PRIVPOL_OK)
            return PRIVPOL_CAT_CONTACT_PHONE;
    }
    return c;
}

/* ---- processing -------------------------------------------------------------------- */

static privpol_status
retain_until(privpol_record *r, struct privpol__slot *s, const privpol_retention_terms *terms,
             int64_t at)
{
    const privpol_policy *policy = r->ctx->policy;
    privpol_record_summary *sum = &r->summary;
    int64_t best = 0, results[PRIVPOL__RECORD_CATEGORIES];
    privpol_retention_action actions[PRIVPOL__RECORD_CATEGORIES];
    bool done[PRIVPOL__RECORD_CATEGORIES] = {false};
    privpol_status worst = PRIVPOL_ENOTFOUND;
    bool any = false;
    size_t unk = unknown_category(r);

    for (size_t c = 0; c < privpol__category_count; c++) {
        int64_t until = 0;
        privpol_retention_action action = PRIVPOL_RETENTION_ERASE;
        privpol_status st;
        int cls;

        if (!(sum->categories & ((uint64_t)1 << c)) || c == unk)
            continue;
        /* Categories whose rule text is the same share one computation. */
        cls = s->retention_class[c];
        if (cls == -2) {
            char a[PRIVPOL_RETENTION_EXPLANATION_SIZE], b[PRIVPOL_RETENTION_EXPLANATION_SIZE];
            int64_t u;
            cls = -1;
            if (privpol__retention_compute(&u, NULL, NULL, policy, s->role, s->purpose, c, at,
                                          terms, a, sizeof a) == PRIVPOL_OK) {
                for (size_t k = 0; k < c && cls < 0; k++) {
                    if (s->retention_class[k] == (int8_t)k &&
                        privpol__retention_compute(&u, NULL, NULL, policy, s->role, s->purpose, k,
                                                  at, terms, b,
                                                  sizeof b) == PRIVPOL_OK &&
                        strcmp(a, b) == 0)
                        cls = (int)k;
                }
            }
            if (cls < 0)
                cls = (int)c;
            s->retention_class[c] = (int8_t)cls;
        }
        if (!done[cls]) {
            st = privpol__retention_compute(&results[cls], &actions[cls], NULL, policy, s->role,
                                           s->purpose, (size_t)cls, at, terms, NULL, 0);
            done[cls] = true;
            if (st != PRIVPOL_OK) {
                results[cls] = 0;
                if (st == PRIVPOL_ETERMS || worst != PRIVPOL_ETERMS)
                    worst = st;
                continue;
            }
        }
        if (results[cls] == 0)
            continue;
        until = results[cls];
        action = actions[cls];
        if (!any || until < best) {
            best = until;
            sum->retention_action = action;
        }
        any = true;
    }
    if (any && worst != PRIVPOL_ETERMS) {
        sum->retention_status = PRIVPOL_OK;
        sum->retain_until = best;
    } else {
        /* Missing terms for one kept category leave the whole record without a date:
         * never a date later than what the contract would allow. */
        sum->retention_status = worst;
        sum->retain_until = 0;
    }
    return PRIVPOL_OK;
}

privpol_status
privpol_record_process(privpol_record *r, const privpol_record_request *tag, privpol_error *err)
{
    struct privpol__slot *s = NULL;
    privpol_record_summary *sum;
    size_t tenant_len;
    int64_t at;
    uint64_t seen = 0;
    privpol_status st;
    const char *rule = NULL, *clause = NULL;

    if (r == NULL || tag == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(tag->version, PRIVPOL_RECORD_REQUEST_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_request version");
    if (r->processed)
        return privpol__fail(err, PRIVPOL_EINVAL, "record already processed");
    if (tag->tenant == NULL || (tenant_len = strlen(tag->tenant)) == 0 || tenant_len > 255)
        return privpol__fail(err, PRIVPOL_EINVAL, "tenant id must be 1 to 255 bytes");
    if (tag->role != PRIVPOL_ROLE_CONTROLLER && tag->role != PRIVPOL_ROLE_PROCESSOR)
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown role");
    if ((st = find_slot(r, tag, tag->tenant, tenant_len, &s, err)) != PRIVPOL_OK)
        return st;
    at = tag->event_time != 0 ? tag->event_time : (int64_t)time(NULL);

    sum = &r->summary;
    memset(sum, 0, sizeof *sum);
    sum->event_time = at;
    privpol_taint_reset(&r->taint);
    for (size_t i = 0; i < r->field_count; i++) {
        struct privpol__field *f = &r->fields[i];
        const char *value = r->values.p + f->value_off;
        privpol_classification cl = PRIVPOL_CLASSIFICATION_INIT;
        size_t c;

        if (f->kind == KIND_KEY) {
            /* A key is read by its value alone: no field rule names a key. */
            f->field_category = -1;
            if ((st = privpol__classify_known(r->ctx, -1, value, f->value_len, &cl)) !=
                PRIVPOL_OK)
                return privpol__fail(err, st, "classification failed");
            f->category = cl.category;
            if (key_is_name(r, &cl)) {
                if ((st = keep_key(r, s, f, at, err)) != PRIVPOL_OK)
                    return st;
                continue;
            }
        } else if (!f->declared) {
            name_lookup(r, f);
            if ((st = privpol__classify_known(r->ctx, f->field_category, value, f->value_len,
                                              &cl)) != PRIVPOL_OK)
                return privpol__fail(err, st, "classification failed");
            f->category = cl.category;
            if (f->category == r->cat_stat ||
                (f->kind == KIND_NUMBER && (cl.flags & PRIVPOL_CLASS_FROM_FIELD)))
                f->category = number_category(r, f->category, value, f->value_len,
                                              f->kind == KIND_NUMBER);
            /* A device type is a closed notion: a device field holding something that is
             * neither a device-type word nor a value of the field's vocabulary ("iPhone de
             * Jean Dupont") cannot be accounted for, so it is unknown data. */
            else if (f->category == r->cat_device_type &&
                     (cl.flags & PRIVPOL_CLASS_FROM_FIELD) && !in_vocabulary(r, f))
                f->category = unknown_category(r);
        } else if (!privpol__utf8_ok(value, f->value_len)) {
            f->category = unknown_category(r);
        }
        c = f->category;
        if ((st = privpol__slot_category(r, s, c, err)) != PRIVPOL_OK)
            return st;
        if (!(seen & ((uint64_t)1 << c))) {
            seen |= (uint64_t)1 << c;
            r->decision_order[sum->decision_count++] = (uint8_t)c;
        }
        if ((st = transform_field(r, s, f, at, err)) != PRIVPOL_OK)
            return err != NULL && err->status == st && err->message[0] != '\0'
                       ? st
                       : privpol__fail(err, st, NULL);
        c = f->category; /* may have become unknown */
        if (f->action == PRIVPOL_ACTION_DROP) {
            sum->dropped |= (uint64_t)1 << c;
            continue;
        }
        if (f->action == PRIVPOL_ACTION_KEEP && f->value_len > 0 && f->kind != KIND_LITERAL) {
            if (proven_clean(r, f, &cl))
                f->clean = true;
            else if ((st = scrub_field(r, s, f, (int)c, at, err)) != PRIVPOL_OK)
                return st;
        }
        sum->categories |= (uint64_t)1 << c;
        if (f->action == PRIVPOL_ACTION_KEEP ||
            (f->action == PRIVPOL_ACTION_GENERALIZE &&
             level_after(f->action, c) == privpol_category_identifiability(c)))
            st = privpol_taint_add_category(&r->taint, c, NULL);
        else
            st = privpol_taint_add_level(&r->taint, level_after(f->action, c), NULL);
        if (st == PRIVPOL_OK && f->scrubbed)
            st = privpol_taint_add_level(&r->taint, PRIVPOL_PSEUDONYMOUS, NULL);
        if (st != PRIVPOL_OK)
            return privpol__fail(err, st, NULL);
    }
    if ((st = privpol__record_echo(r, err)) != PRIVPOL_OK)
        return st;
    if ((st = privpol_taint_result(&r->taint, &sum->identifiability, &rule, &clause, NULL)) !=
        PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    sum->identifiability_rule = rule;
    sum->identifiability_clause = clause;
    /* Retain-until is computed when first asked for (privpol__record_retention()): an
     * access-log line has no place for it. */
    r->has_terms = tag->terms != NULL;
    if (tag->terms != NULL)
        r->terms = *tag->terms;
    r->retention_pending = true;
    r->slot = s;
    r->processed = true;
    return PRIVPOL_OK;
}

/* ---- results ----------------------------------------------------------------------- */

privpol_status
privpol_record_get_field(const privpol_record *r, size_t index, privpol_record_field *out, privpol_error *err)
{
    const struct privpol__field *f;

    if (r == NULL || out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(out->version, PRIVPOL_RECORD_FIELD_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_field version");
    if (!r->processed)
        return privpol__fail(err, PRIVPOL_EINVAL, "the record is not processed");
    if (index >= r->field_count)
        return privpol__fail(err, PRIVPOL_ENOTFOUND, "no field at this index");
    f = &r->fields[index];
    out->name = r->names.p + f->name_off;
    out->name_len = f->name_len;
    out->category = (privpol_category)f->category;
    /* A kept value whose identifiers were replaced reads as redacted text. */
    out->action = f->scrubbed ? PRIVPOL_ACTION_REDACT : (privpol_action)f->action;
    out->value = privpol__record_out(r, index, &out->value_len);
    out->clause = f->clause;
    return PRIVPOL_OK;
}

void
privpol__record_retention(privpol_record *r)
{
    if (r->retention_pending) {
        r->retention_pending = false;
        (void)retain_until(r, r->slot, r->has_terms ? &r->terms : NULL, r->summary.event_time);
    }
}

privpol_status
privpol_record_get_summary(const privpol_record *r, privpol_record_summary *out, privpol_error *err)
{
    unsigned version;
    if (r == NULL || out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(out->version, PRIVPOL_RECORD_SUMMARY_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_summary version");
    if (!r->processed)
        return privpol__fail(err, PRIVPOL_EINVAL, "the record is not processed");
    version = out->version;
    /* The record is the caller's, one thread at a time: completing its lazily computed
     * part does not change what it means. */
    privpol__record_retention((privpol_record *)(uintptr_t)r);
    *out = r->summary;
    out->version = version;
    return PRIVPOL_OK;
}

privpol_status
privpol_record_get_decision(const privpol_record *r, size_t index,
                            privpol_category *out_category, privpol_decision *out,
                            privpol_error *err)
{
    size_t c;

    if (r == NULL || out == NULL || out_category == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(out->version, PRIVPOL_DECISION_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_decision version");
    if (!r->processed)
        return privpol__fail(err, PRIVPOL_EINVAL, "the record is not processed");
    if (index >= r->summary.decision_count)
        return privpol__fail(err, PRIVPOL_ENOTFOUND, "no decision at this index");
    c = r->decision_order[index];
    *out_category = (privpol_category)c;
    *out = r->slot->decision[c];
    out->version = PRIVPOL_DECISION_VERSION;
    return PRIVPOL_OK;
}
