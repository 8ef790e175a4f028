/* SPDX-License-Identifier: MIT */
/* The record pipeline on one JSON text: privpol_record_scrub_json() on hostile bytes.
 * Input: one byte choosing the tag, then the text. Bit 0 of that byte: a processor
 * context, or a controller one allowed to reveal (which writes reversible tokens);
 * bit 1: the tenant comes from the record's top-level "tenant" string (tag.tenant_field)
 * rather than from the tag alone; bit 2, controller only: purpose "statistics" (IP
 * addresses and times generalized) instead of the role's default. The event time is
 * fixed in the tag, so the clock never leaks into the output.
 * Properties:
 *  - the status is one the header documents for these arguments; a failure leaves no
 *    output and fills the error detail;
 *  - deterministic: the same record run again, a fresh record, and a record reused
 *    across inputs (tag caches warm, evicted) give byte-identical output;
 *  - the output is a JSON object that privpol_record_scrub_json() accepts in turn, not
 *    longer than 8 x the input + 4096 bytes, ending with the `_privpol` annotation;
 *  - every non-null leaf is one field, in document order (the tenant member and an
 *    input `_privpol` excepted); a kept field's value is its input bytes;
 *  - a field not kept (pseudonymized, redacted, dropped) whose input value, taken raw
 *    from the text (values with a backslash are skipped: nothing is decoded here), is at
 *    least 6 bytes long does not occur in any value of the output, unless that text
 *    also occurs in what the output legitimately holds: a key of the input (keys are
 *    kept, docs/record.md), the input bytes of a kept field or of the tenant, the output
 *    of another transformed field (a label, a token, a generalized value); the field's
 *    own output only for free text (the scanner keeps what it does not recognize),
 *    generalized values (a network address is its own prefix) and a token or label
 *    the value is a piece of; values that already are tokens are passed through and
 *    not checked;
 *  - no allocation leaks: the context's allocator counts live blocks, which go back to
 *    their count once a record made for the input is freed, and every 128 inputs once
 *    the long-lived records are freed. */
#include "fuzz.h"

#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>

#define MIN_SECRET 6U   /* shorter values occur by chance */
#define MAX_CHECKED 512 /* fields checked per input, to bound the time per input */
#define REUSE_ROUNDS 128U

static const char annotation[] = "\"_privpol\":{\"identifiability\":\"";

/* A byte range of the input or of the output. */
struct range {
    size_t start, end;
};

/* What the harness reads from the input text itself. */
struct input {
    const char *text;
    jsmntok_t *toks;
    int count;
    struct range *leaves; /* raw bytes of each non-null leaf (strings without quotes) */
    size_t leaf_count;
    struct range *keys;
    size_t key_count;
    struct range tenant; /* the tenant member's value, when the record gives one */
    bool have_tenant;
    bool raw_keys; /* every top-level key is free of backslashes: compared as bytes */
};

static struct fuzz_counter counter;
static const privpol_allocator counting = {fuzz_count_alloc, fuzz_count_realloc,
                                           fuzz_count_free, &counter};

static bool
contains(const char *hay, size_t hay_len, const char *needle, size_t n)
{
    return fuzz_find(hay, hay_len, needle, n) != NULL;
}

static bool
range_is(const char *text, struct range r, const char *s)
{
    size_t n = strlen(s);
    return r.end - r.start == n && memcmp(text + r.start, s, n) == 0;
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

/* Tokenize a text the library accepted (so valid JSON); tokens malloc'd. */
static jsmntok_t *
tokenize(const char *text, size_t len, int *count)
{
    jsmn_parser p;
    jsmntok_t *toks;
    int n;
    jsmn_init(&p);
    n = jsmn_parse(&p, text, len, NULL, 0);
    FUZZ_CHECK(n > 0);
    toks = malloc((size_t)n * sizeof *toks);
    FUZZ_CHECK(toks != NULL);
    jsmn_init(&p);
    FUZZ_CHECK(jsmn_parse(&p, text, len, toks, (unsigned)n) == n);
    *count = n;
    return toks;
}

/* The leaves in the order the library adds them as fields (docs/record.md). */
static int
collect(struct input *in, int i, const char *tenant_field, bool top)
{
    const jsmntok_t *t = &in->toks[i];
    FUZZ_CHECK(i < in->count);
    if (t->type == JSMN_OBJECT) {
        int members = t->size;
        i++;
        for (int m = 0; m < members; m++) {
            const jsmntok_t *k = &in->toks[i];
            struct range key = {(size_t)k->start, (size_t)k->end};
            FUZZ_CHECK(k->type == JSMN_STRING && k->size == 1);
            in->keys[in->key_count++] = key;
            i++;
            if (top) {
                if (memchr(in->text + key.start, '\\', key.end - key.start) != NULL)
                    in->raw_keys = false;
                if (range_is(in->text, key, "_privpol")) {
                    i = skip(in->toks, i, in->count);
                    continue;
                }
                if (tenant_field != NULL && !in->have_tenant &&
                    in->toks[i].type == JSMN_STRING &&
                    range_is(in->text, key, tenant_field)) {
                    in->tenant.start = (size_t)in->toks[i].start;
                    in->tenant.end = (size_t)in->toks[i].end;
                    in->have_tenant = true;
                    i++;
                    continue;
                }
            }
            i = collect(in, i, tenant_field, false);
        }
        return i;
    }
    if (t->type == JSMN_ARRAY) {
        int elements = t->size;
        i++;
        for (int e = 0; e < elements; e++)
            i = collect(in, i, tenant_field, false);
        return i;
    }
    if (t->type == JSMN_PRIMITIVE && t->end - t->start == 4 &&
        memcmp(in->text + t->start, "null", 4) == 0)
        return i + 1;
    in->leaves[in->leaf_count].start = (size_t)t->start;
    in->leaves[in->leaf_count].end = (size_t)t->end;
    in->leaf_count++;
    return i + 1;
}

static bool
is_token(const char *value, size_t len)
{
    const char *t = privpol__trim(value, &len);
    return privpol_token_kind_of(t, len) != PRIVPOL_TOKEN_NONE;
}

static bool
is_free_text(size_t category)
{
    const char *id = privpol_category_id(category);
    return id != NULL && (strcmp(id, "user_provided.free_text") == 0 ||
                          strcmp(id, "user_provided.survey") == 0);
}

/* A pseudonym, a reversible token or a redaction label: text made by the library, which
 * holds the value only if the value is a piece of that text ("0000000a", "contact"). */
static bool
is_replacement(const privpol_field_result *g)
{
    return privpol_token_kind_of(g->value, g->value_len) != PRIVPOL_TOKEN_NONE ||
           (g->action == PRIVPOL_ACTION_REDACT && g->value_len >= 2 &&
            g->value[0] == '[' && g->value[g->value_len - 1] == ']');
}

/* Whether the text v legitimately occurs in the output although field f was not kept. */
static bool
allowed(const struct input *in, const privpol_field_result *fields, size_t f,
        const char *v, size_t n)
{
    for (size_t k = 0; k < in->key_count; k++)
        if (contains(in->text + in->keys[k].start, in->keys[k].end - in->keys[k].start, v,
                     n))
            return true;
    if (in->have_tenant &&
        contains(in->text + in->tenant.start, in->tenant.end - in->tenant.start, v, n))
        return true;
    for (size_t j = 0; j < in->leaf_count; j++) {
        const privpol_field_result *g = &fields[j];
        if (g->action == PRIVPOL_ACTION_KEEP) {
            if (contains(in->text + in->leaves[j].start,
                         in->leaves[j].end - in->leaves[j].start, v, n))
                return true;
        } else if (g->value != NULL &&
                   (j != f || g->action == PRIVPOL_ACTION_GENERALIZE ||
                    is_free_text(g->category) || is_replacement(g)) &&
                   contains(g->value, g->value_len, v, n)) {
            return true;
        }
    }
    return false;
}

/* Whether v occurs inside one value (a string that is not a key, or a primitive) of the
 * output before `end`, the start of the annotation. */
static bool
in_a_value(const char *out, size_t end, const jsmntok_t *t, int count, const char *v,
           size_t n)
{
    const char *hit;
    size_t from = 0;
    while (from < end && (hit = fuzz_find(out + from, end - from, v, n)) != NULL) {
        size_t at = (size_t)(hit - out);
        for (int k = 1; k < count && (size_t)t[k].start <= at; k++)
            if (((t[k].type == JSMN_STRING && t[k].size == 0) ||
                 t[k].type == JSMN_PRIMITIVE) &&
                at + n <= (size_t)t[k].end)
                return true;
        from = at + 1;
    }
    return false;
}

/* The properties of the fields and of what the output may hold (see the top). */
static void
check_fields(privpol_record *rec, const char *text, size_t len, const char *out,
             size_t out_len, const char *tenant_field)
{
    struct input in;
    privpol_field_result *fields;
    jsmntok_t *otoks;
    int ocount;
    size_t checked = 0, ann = 0;
    const char *a = out, *hit;

    memset(&in, 0, sizeof in);
    in.text = text;
    in.raw_keys = true;
    in.toks = tokenize(text, len, &in.count);
    in.leaves = malloc((size_t)in.count * sizeof *in.leaves);
    in.keys = malloc((size_t)in.count * sizeof *in.keys);
    FUZZ_CHECK(in.leaves != NULL && in.keys != NULL);
    FUZZ_CHECK(in.toks[0].type == JSMN_OBJECT);
    FUZZ_CHECK(collect(&in, 0, tenant_field, true) == in.count);

    /* The annotation is last; values before it are what is checked. */
    while ((hit = fuzz_find(a, out_len - (size_t)(a - out), annotation,
                            sizeof annotation - 1)) != NULL) {
        ann = (size_t)(hit - out);
        a = hit + 1;
    }
    FUZZ_CHECK(a != out);
    FUZZ_CHECK(out_len >= 2 && memcmp(out + out_len - 2, "}}", 2) == 0);
    otoks = tokenize(out, out_len, &ocount);
    FUZZ_CHECK(otoks[0].type == JSMN_OBJECT && skip(otoks, 0, ocount) == ocount);

    if (!in.raw_keys) { /* a key the library decodes: the mapping is not exact */
        free(otoks);
        goto done;
    }
    FUZZ_CHECK(privpol_record_field_count(rec) == in.leaf_count);
    fields = malloc((in.leaf_count + 1) * sizeof *fields);
    FUZZ_CHECK(fields != NULL);
    for (size_t f = 0; f < in.leaf_count; f++) {
        const char *v = text + in.leaves[f].start;
        size_t n = in.leaves[f].end - in.leaves[f].start;
        FUZZ_CHECK(privpol_record_field(rec, f, &fields[f]) == PRIVPOL_OK);
        FUZZ_CHECK(fields[f].category < privpol_category_count());
        FUZZ_CHECK((fields[f].action == PRIVPOL_ACTION_DROP) ==
                   (fields[f].value == NULL));
        FUZZ_CHECK(fields[f].value == NULL ||
                   fields[f].value[fields[f].value_len] == '\0');
        if (fields[f].action == PRIVPOL_ACTION_KEEP && memchr(v, '\\', n) == NULL)
            FUZZ_CHECK(fields[f].value_len == n && memcmp(fields[f].value, v, n) == 0);
    }
    {
        privpol_field_result past;
        FUZZ_CHECK(privpol_record_field(rec, in.leaf_count, &past) == PRIVPOL_ENOTFOUND);
    }
    for (size_t f = 0; f < in.leaf_count && checked < MAX_CHECKED; f++) {
        const char *v = text + in.leaves[f].start;
        size_t n = in.leaves[f].end - in.leaves[f].start;
        bool found = false;
        if (fields[f].action == PRIVPOL_ACTION_KEEP || n < MIN_SECRET ||
            memchr(v, '\\', n) != NULL || is_token(v, n))
            continue;
        checked++;
        found = in_a_value(out, ann, otoks, ocount, v, n);
        if (found && !allowed(&in, fields, f, v, n)) {
            fprintf(stderr, "field %zu (%s, action %s) found in clear in the output\n", f,
                    fields[f].name, privpol_action_name(fields[f].action));
            FUZZ_CHECK(!"a value not kept occurs in the output");
        }
    }
    free(fields);
    free(otoks);
done:
    free(in.toks);
    free(in.leaves);
    free(in.keys);
}

static privpol_status
scrub(privpol_record *rec, const privpol_tag *tag, const char *text, size_t len,
      const char **out, size_t *out_len)
{
    privpol_error err;
    privpol_status st =
        privpol_record_scrub_json(rec, tag, text, len, out, out_len, &err);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(*out == NULL && *out_len == 0);
        FUZZ_CHECK(fuzz_error_ok(&err, st));
    } else {
        FUZZ_CHECK(*out != NULL && (*out)[*out_len] == '\0' && strlen(*out) == *out_len);
    }
    return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx[2];       /* processor; controller allowed to reveal */
    static privpol_record *reused[2]; /* long-lived, one per context */
    static size_t baseline;           /* live blocks of the contexts alone */
    static unsigned rounds;
    privpol_tag tag = PRIVPOL_TAG_INIT;
    privpol_record *rec = NULL;
    const char *text, *out = NULL, *out2 = NULL;
    char *copy, *first = NULL;
    size_t len, out_len = 0, out2_len = 0, live;
    privpol_status st, st2;
    unsigned which;

    if (ctx[0] == NULL) {
        ctx[0] = fuzz_ctx_with(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE, &counting);
        ctx[1] = fuzz_ctx_with(PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                               PRIVPOL_PERIOD_NONE, &counting);
        baseline = counter.live;
    }
    if (reused[0] == NULL) {
        FUZZ_CHECK(counter.live == baseline);
        FUZZ_CHECK(privpol_record_new(&reused[0], ctx[0], NULL) == PRIVPOL_OK);
        FUZZ_CHECK(privpol_record_new(&reused[1], ctx[1], NULL) == PRIVPOL_OK);
    }
    if (size < 1)
        return 0;
    which = data[0] & 1U;
    tag.tenant = "acme";
    tag.event_time = FUZZ_T0;
    if (data[0] & 2U)
        tag.tenant_field = "tenant";
    if (which == 1)
        tag.role = PRIVPOL_ROLE_CONTROLLER;
    if (which == 1 && (data[0] & 4U))
        tag.purpose = "statistics";
    text = (const char *)data + 1;
    len = size - 1;
    copy = fuzz_dup(text, len);

    live = counter.live;
    FUZZ_CHECK(privpol_record_new(&rec, ctx[which], NULL) == PRIVPOL_OK);
    st = scrub(rec, &tag, copy, len, &out, &out_len);
    FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_EPARSE || st == PRIVPOL_ELIMIT ||
               (st == PRIVPOL_EINVAL && tag.tenant_field != NULL));
    if (st == PRIVPOL_OK) {
        size_t text_len = len;
        FUZZ_CHECK(out_len <= 8 * len + 4096);
        /* the library ignores one final line feed and carriage return */
        if (text_len > 0 && copy[text_len - 1] == '\n')
            text_len--;
        if (text_len > 0 && copy[text_len - 1] == '\r')
            text_len--;
        check_fields(rec, copy, text_len, out, out_len, tag.tenant_field);
        first = fuzz_dup(out, out_len);
    }

    /* Deterministic: the same record again. */
    st2 = scrub(rec, &tag, copy, len, &out2, &out2_len);
    FUZZ_CHECK(st2 == st);
    FUZZ_CHECK(out2_len == out_len &&
               (st != PRIVPOL_OK || memcmp(out2, first, out_len) == 0));

    /* The output is accepted in turn. */
    if (st == PRIVPOL_OK) {
        char *again = fuzz_dup(first, out_len);
        FUZZ_CHECK(scrub(rec, &tag, again, out_len, &out2, &out2_len) == PRIVPOL_OK);
        free(again);
    }
    privpol_record_free(rec);
    FUZZ_CHECK(counter.live == live);

    /* The reused record (warm caches, other tenants before) gives the same. */
    st2 = scrub(reused[which], &tag, copy, len, &out2, &out2_len);
    FUZZ_CHECK(st2 == st);
    FUZZ_CHECK(out2_len == out_len &&
               (st != PRIVPOL_OK || memcmp(out2, first, out_len) == 0));
    if (++rounds % REUSE_ROUNDS == 0) {
        privpol_record_free(reused[0]);
        privpol_record_free(reused[1]);
        reused[0] = reused[1] = NULL;
        FUZZ_CHECK(counter.live == baseline);
    }
    free(first);
    free(copy);
    return 0;
}
