/* SPDX-License-Identifier: MIT */
/* The record object shared by record.c (fields, processing, results), record-json.c (one
 * JSON text) and record-accesslog.c (one access-log line). */
#ifndef PRIVPOL_RECORD_INTERNAL_H
#define PRIVPOL_RECORD_INTERNAL_H

#include "crypto.h"
#include "scan.h"

#include <string.h>

#include <privpol/classify.h>
#include <privpol/pseudonym.h>
#include <privpol/record.h>
#include <privpol/taint.h>

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS /* linear time on wide objects (docs/json.md) */
#include <jsmn.h>

/* Byte span of a jsmn token, strings with their quotes: [lo, hi). */
static inline size_t
privpol__tok_lo(const jsmntok_t *t)
{
    return (size_t)t->start - (t->type == JSMN_STRING);
}
static inline size_t
privpol__tok_hi(const jsmntok_t *t)
{
    return (size_t)t->end + (t->type == JSMN_STRING);
}

/* A growable byte buffer owned by a record; memory from the context's allocator. */
struct privpol__buf {
    char *p;
    size_t len;
    size_t cap;
};

/* Kind of a field's value: how the JSON writer writes it back when it is kept. */
enum privpol__kind {
    KIND_STRING = 0,
    KIND_NUMBER = 1,
    KIND_LITERAL = 2,
    KIND_KEY = 3 /* an object key that may hold data (docs/record.md, "Keys") */
};

struct privpol__field {
    size_t name_off, name_len;   /* in record->names, NUL-terminated */
    size_t value_off, value_len; /* in record->values, NUL-terminated */
    size_t out_off, out_len;     /* in record->outs (or record->values when kept) */
    size_t category;
    const char *clause;
    uint8_t action;   /* privpol_action */
    uint8_t kind;     /* enum privpol__kind */
    bool declared;    /* category given by the caller */
    bool out_is_value; /* kept: the output is the value itself */
    bool scrubbed;     /* kept, with the identifiers found in it replaced */
    bool key_name;     /* KIND_KEY holding no identifier: a field name, not data */
    bool clean;        /* kept, known to hold nothing else (not scanned) */
    int16_t field_category; /* privpol__field_category() of the name; FIELD_UNSEEN */
    int16_t vocabulary;     /* privpol__policy_vocabulary_find() of the name; FIELD_UNSEEN */
};

#define PRIVPOL__FIELD_UNSEEN INT16_MIN

/* Categories a record handles: the registry's (22 today); privpol_record_new() refuses a
 * registry that has outgrown it. Kept small: a record holds PRIVPOL__SLOTS slots of it. */
/* Category of a field to classify (privpol_record_add() with PRIVPOL_CAT_AUTO). */
#define PRIVPOL__CATEGORY_AUTO ((size_t)-1)
#define PRIVPOL__RECORD_CATEGORIES ((unsigned)PRIVPOL__CATEGORY_COUNT) /* one slot per category */

/* What one tag (tenant, role, purpose, subject) decides per category, kept across records
 * so that a stream under one tag decides each category once. */
struct privpol__slot {
    bool used;
    privpol_role role;
    privpol_subject subject;
    unsigned tag_flags;
    const char *purpose; /* the policy's own string */
    size_t tenant_len;
    char tenant[256];
    uint64_t last_use;
    uint8_t have[PRIVPOL__RECORD_CATEGORIES];
    int8_t retention_class[PRIVPOL__RECORD_CATEGORIES]; /* -2 not yet, -1 none */
    privpol_decision decision[PRIVPOL__RECORD_CATEGORIES];
    privpol_transform transform[PRIVPOL__RECORD_CATEGORIES];
    privpol_pseudonymizer *pseudonymizer[PRIVPOL__RECORD_CATEGORIES];
    bool spans_ready;                  /* spans holds this tag's span rules */
    struct privpol__span_rules spans;  /* what kept text does with what the scanner finds */
};

#define PRIVPOL__SLOTS 8U

/* Entries of a record's name cache, and the longest name it holds. */
#define PRIVPOL__NAME_CACHE 256U
#define PRIVPOL__NAME_CACHED 54U

/* Entries of a record's cache of clean kept values, and the longest value it holds. */
#define PRIVPOL__CLEAN_CACHE 256U
#define PRIVPOL__CLEAN_TEXT 108U

struct privpol_record {
    const privpol_ctx *ctx;
    size_t cat_unknown, cat_ip, cat_time, cat_ua; /* category indexes */
    size_t cat_stat, cat_device_type;
    struct privpol__buf names, values, outs;
    struct privpol__field *fields;
    size_t field_count, field_cap;
    /* What a field's name says (its field rule, its vocabulary), by name: a stream
     * repeats its field names, so each is looked up once (record.c, name_lookup()). */
    struct privpol__name_entry {
        uint32_t hash;
        uint16_t len; /* 0: empty */
        int16_t field_category;
        int16_t vocabulary;
        char name[PRIVPOL__NAME_CACHED];
    } name_cache[PRIVPOL__NAME_CACHE];
    /* Kept values that scrubbed to themselves under a slot (record.c, clean_cache_*()):
     * a stream repeats its URLs, pages and actions, and such a value holds nothing to
     * replace whatever the time. Only values of at most PRIVPOL__CLEAN_TEXT bytes. */
    struct privpol__clean_entry {
        uint64_t hash;
        const struct privpol__slot *slot; /* NULL: empty */
        uint32_t len;
        char text[PRIVPOL__CLEAN_TEXT];
    } clean_cache[PRIVPOL__CLEAN_CACHE];
    bool processed;

    /* results */
    bool retention_pending;
    bool has_terms;
    privpol_retention_terms terms;
    privpol_record_summary summary;
    privpol_taint taint;
    struct privpol__slot *slot; /* the slot of the last process */
    uint8_t decision_order[PRIVPOL__RECORD_CATEGORIES];
    uint64_t tick;
    struct privpol__slot slots[PRIVPOL__SLOTS];

    /* JSON and access-log scratch */
    jsmntok_t *toks;
    size_t tok_cap;
    int32_t *tok_field; /* field index of a leaf token, -1 for none, -2 to skip */
    size_t tok_field_cap;
    struct privpol__buf out;
    struct privpol__buf scratch; /* a kept value being scrubbed (record-text.c) */
    struct privpol__buf pieces;  /* one piece of it (a URL's component, decoded) */
    struct privpol__buf piece_out; /* that piece transformed */
    struct privpol__buf stripped;  /* a kept value without credentials */
    struct privpol__buf userless;  /* a URL without its user-info */
    struct privpol__buf needles;   /* record-echo.c: the identifiers to look for */
    struct privpol__buf needle_index; /* their hash table */
    struct privpol__buf prefix;    /* prefix hashes of one output */
    char arena[8192];            /* liburiparser's allocations for one URL */
    size_t arena_used;
    char path[PRIVPOL_RECORD_MAX_NAME + 32];
    char tenant[256];
    char policy_json[640]; /* ,"policy":{"id":...,"version":...}} */
    size_t policy_json_len;
};

/* Grow @p b so that @p extra more bytes fit (the slow path of privpol__buf_reserve()). */
privpol_status privpol__buf_grow(const privpol_ctx *ctx, struct privpol__buf *b,
                                 size_t extra);

/* Make room for @p extra more bytes. */
static inline privpol_status
privpol__buf_reserve(const privpol_ctx *ctx, struct privpol__buf *b, size_t extra)
{
    return extra <= b->cap - b->len ? PRIVPOL_OK : privpol__buf_grow(ctx, b, extra);
}

/* Append bytes (the buffer grows). */
static inline privpol_status
privpol__buf_put(const privpol_ctx *ctx, struct privpol__buf *b, const void *data, size_t n)
{
    if (n > b->cap - b->len) {
        privpol_status st = privpol__buf_grow(ctx, b, n);
        if (st != PRIVPOL_OK)
            return st;
    }
    if (n > 0)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    return PRIVPOL_OK;
}

/* privpol_record_add() with the value's JSON kind. */
privpol_status privpol__record_add(privpol_record *r, const char *name, size_t name_len,
                                   const char *value, size_t value_len, size_t category,
                                   enum privpol__kind kind);

/* Compute the retain-until time of a processed record if not done yet. */
void privpol__record_retention(privpol_record *r);

/* The output bytes of field i (after processing). */
const char *privpol__record_out(const privpol_record *r, size_t i, size_t *len);

/* Decide and look up the transform of a category for a slot, once. */
privpol_status privpol__slot_category(privpol_record *r, struct privpol__slot *s, size_t c,
                                      privpol_error *err);

/* The slot's span rules (what a kept text does with each category the scanner finds),
 * set up once per slot. */
privpol_status privpol__slot_spans(privpol_record *r, struct privpol__slot *s, int64_t at,
                                   privpol_error *err);

/* The transform of category @p c (decided for the slot) applied to one value, appended
 * to @p b: pseudonym, prefix, label, or the value itself (kept); *action_out says
 * which (#PRIVPOL_ACTION_DROP appends nothing). A value that does not fit its category
 * is pseudonymized as unknown data. */
privpol_status privpol__transform_value(privpol_record *r, struct privpol__slot *s, size_t c,
                                        const char *value, size_t len, int64_t at,
                                        struct privpol__buf *b, privpol_action *action_out,
                                        size_t *category_out, privpol_error *err);

/* Set a field's output to a copy of [s, s+n). */
privpol_status privpol__record_put_out(privpol_record *r, struct privpol__field *f,
                                       const char *s, size_t n);

/* Identifiers echoed (record-echo.c): after the fields are transformed, every identifier
 * the record transformed somewhere is replaced by its label wherever else it stands in an
 * output still in clear. */
privpol_status privpol__record_echo(privpol_record *r, privpol_error *err);

/* Scrub a value kept in clear (record-text.c): a URL is parsed and each component
 * classified and transformed; any other text is scanned (percent escapes decoded) and
 * its spans replaced as the slot's span rules say. @p field_category is the field
 * name's category (privpol__field_category()), -1 for none. On success *changed tells
 * whether anything was replaced; the scrubbed text is then r->scratch.p[0..len). */
privpol_status privpol__scrub_kept(privpol_record *r, struct privpol__slot *s,
                                   int field_category, const char *value, size_t len,
                                   int64_t at, bool *changed, privpol_error *err);

/* Append the JSON string escape of @p s (without quotes). */
privpol_status privpol__json_escape(const privpol_ctx *ctx, struct privpol__buf *b,
                                    const char *s, size_t n);

#endif /* PRIVPOL_RECORD_INTERNAL_H */
