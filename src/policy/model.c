/* SPDX-License-Identifier: MIT */
/* The bottom of the policy layer: a policy's lifetime (its arena and reference count),
 * the run-time lookups the engine and the record pipeline use (purposes, countries,
 * retention and recipient rules, transforms, closed vocabularies, the ISO 3166 table),
 * the public accessors and the names of the policy vocabulary. Nothing here reads
 * policy text: the readers (policy-read.c, policy-load.c, policy-supplement.c,
 * policy-transforms.c) sit above it and policy.c, the entry point, on top (src/LAYERS). */
#include "policy-model.h"

#include <stdalign.h>
#include <stdio.h>
#include <string.h>

/* ---- arenas ------------------------------------------------------------------------ */

struct arena_chunk {
    struct arena_chunk *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

struct privpol__arena {
    privpol_allocator alloc;
    bool has_alloc;
    struct arena_chunk *chunks;
};

#define ARENA_CHUNK 16384U

struct privpol__arena *
privpol__arena_new(const privpol_allocator *alloc)
{
    struct privpol__arena *a = privpol__calloc_with(alloc, 1, sizeof *a);
    if (a != NULL && alloc != NULL) {
        a->alloc = *alloc;
        a->has_alloc = true;
    }
    return a;
}

void
privpol__arena_free(struct privpol__arena *a)
{
    const privpol_allocator *alloc;
    privpol_allocator copy;
    if (a == NULL)
        return;
    copy = a->alloc;
    alloc = a->has_alloc ? &copy : NULL;
    for (struct arena_chunk *c = a->chunks, *next; c != NULL; c = next) {
        next = c->next;
        privpol__free_with(alloc, c);
    }
    privpol__free_with(alloc, a);
}

void *
privpol__arena_alloc(struct privpol__arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    struct arena_chunk *c = a->chunks;
    void *p;
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
    if (c == NULL || c->size - c->used < n) {
        size_t size = n > ARENA_CHUNK ? n : ARENA_CHUNK;
        if (size > SIZE_MAX - sizeof *c)
            return NULL;
        c = privpol__alloc_with(a->has_alloc ? &a->alloc : NULL, sizeof *c + size);
        if (c == NULL)
            return NULL;
        c->size = size;
        c->used = 0;
        c->next = a->chunks;
        a->chunks = c;
    }
    p = c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *
privpol__arena_strndup(struct privpol__arena *a, const char *s, size_t n)
{
    char *p;
    if (n == SIZE_MAX || (p = privpol__arena_alloc(a, n + 1)) == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* ---- lifetime ---------------------------------------------------------------------- */

privpol_status
privpol__policy_new(privpol_policy **out, const privpol_allocator *alloc)
{
    privpol_policy *pol;
    *out = NULL;
    if ((pol = privpol__calloc_with(alloc, 1, sizeof *pol)) == NULL)
        return PRIVPOL_ENOMEM;
    if (alloc != NULL) {
        pol->alloc = *alloc;
        pol->has_alloc = true;
    }
    atomic_init(&pol->refs, 1);
    if ((pol->arena = privpol__arena_new(alloc)) == NULL) {
        privpol__free_with(alloc, pol);
        return PRIVPOL_ENOMEM;
    }
    *out = pol;
    return PRIVPOL_OK;
}

const privpol_policy *
privpol__policy_ref(const privpol_policy *policy)
{
    /* The count is the one mutable member of an otherwise immutable policy. */
    if (policy != NULL)
        atomic_fetch_add(&((privpol_policy *)policy)->refs, 1);
    return policy;
}

void
privpol_policy_free(privpol_policy *policy)
{
    privpol_allocator alloc;
    bool has_alloc;
    const privpol_policy *base;
    if (policy == NULL || atomic_fetch_sub(&policy->refs, 1) != 1)
        return;
    alloc = policy->alloc;
    has_alloc = policy->has_alloc;
    base = policy->base;
    privpol__arena_free(policy->arena);
    privpol__free_with(has_alloc ? &alloc : NULL, policy);
    privpol_policy_free((privpol_policy *)base);
}

/* ---- building ---------------------------------------------------------------------- */

/* ---- lookups ----------------------------------------------------------------------- */

int
privpol__policy_purpose_index(const privpol_policy *policy, const char *id)
{
    if (policy == NULL || id == NULL)
        return -1;
    for (size_t i = 0; i < policy->purpose_count; i++)
        if (strcmp(policy->purposes[i].id, id) == 0)
            return (int)i;
    return -1;
}

const struct privpol__policy_country *
privpol__policy_country(const privpol_policy *policy, const char *code)
{
    for (size_t i = 0; i < policy->locations.country_count; i++)
        if (memcmp(policy->locations.countries[i].code, code, 3) == 0)
            return &policy->locations.countries[i];
    return NULL;
}

const struct privpol__policy_retention *
privpol__policy_retention_rule(const privpol_policy *policy, size_t purpose,
                               size_t category)
{
    uint8_t i;
    if (purpose >= policy->purpose_count || category >= PRIVPOL__CATEGORY_MAX)
        return NULL;
    i = policy->retention_of[purpose][category];
    return i == PRIVPOL__POLICY_NO_RULE ? NULL : &policy->retention[i];
}

const struct privpol__policy_recipient *
privpol__policy_recipient_rule(const privpol_policy *policy, privpol_recipient recipient,
                               privpol_role role)
{
    for (size_t i = 0; i < policy->recipient_count; i++)
        if (policy->recipients[i].recipient == recipient &&
            (policy->recipients[i].roles & PRIVPOL__BIT(role)))
            return &policy->recipients[i];
    return NULL;
}

/* ---- accessors --------------------------------------------------------------------- */

const char *
privpol_policy_id(const privpol_policy *policy)
{
    return policy != NULL ? policy->id : NULL;
}

const char *
privpol_policy_version(const privpol_policy *policy)
{
    return policy != NULL ? policy->version : NULL;
}

const char *
privpol_policy_title(const privpol_policy *policy)
{
    return policy != NULL ? policy->title : NULL;
}

const char *
privpol_policy_tenant(const privpol_policy *policy)
{
    return policy != NULL ? policy->tenant : NULL;
}

size_t
privpol_policy_purpose_count(const privpol_policy *policy)
{
    return policy != NULL ? policy->purpose_count : 0;
}

static const struct privpol__policy_purpose *
purpose_at(const privpol_policy *policy, size_t index)
{
    return policy != NULL && index < policy->purpose_count ? &policy->purposes[index]
                                                           : NULL;
}

const char *
privpol_policy_purpose_id(const privpol_policy *policy, size_t index)
{
    const struct privpol__policy_purpose *p = purpose_at(policy, index);
    return p != NULL ? p->id : NULL;
}

privpol_status
privpol_policy_purpose_role(const privpol_policy *policy, size_t index, privpol_role *out, privpol_error *err)
{
    const struct privpol__policy_purpose *p;
    if (policy == NULL || out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((p = purpose_at(policy, index)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOTFOUND, NULL);
    *out = p->role;
    return PRIVPOL_OK;
}

const char *
privpol_policy_purpose_clause(const privpol_policy *policy, size_t index)
{
    const struct privpol__policy_purpose *p = purpose_at(policy, index);
    return p != NULL ? p->clause : NULL;
}

const char *
privpol_policy_purpose_description(const privpol_policy *policy, size_t index)
{
    const struct privpol__policy_purpose *p = purpose_at(policy, index);
    return p != NULL ? p->description : NULL;
}

uint64_t
privpol_policy_purpose_categories(const privpol_policy *policy, size_t index)
{
    const struct privpol__policy_purpose *p = purpose_at(policy, index);
    return p != NULL ? p->categories : 0;
}

privpol_status
privpol_policy_purpose_find(const privpol_policy *policy, const char *id, size_t *out_index, privpol_error *err)
{
    int i;
    if (out_index == NULL || policy == NULL || id == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((i = privpol__policy_purpose_index(policy, id)) < 0)
        return privpol__fail(err, PRIVPOL_ENOTFOUND, NULL);
    *out_index = (size_t)i;
    return PRIVPOL_OK;
}

uint64_t
privpol_policy_categories(const privpol_policy *policy, privpol_role role)
{
    if (policy == NULL || (unsigned)role >= PRIVPOL__POLICY_ROLES ||
        !policy->roles[role].present)
        return 0;
    return policy->categories[role].allowed;
}

/* ---- names ------------------------------------------------------------------------- */

bool
privpol__duration_is_zero(const privpol_duration *d)
{
    return d->years == 0 && d->months == 0 && d->days == 0 && d->seconds == 0;
}

bool
privpol__duration_le(const privpol_duration *a, const privpol_duration *b)
{
    int64_t am = (int64_t)a->years * 12 + a->months,
            bm = (int64_t)b->years * 12 + b->months;
    int64_t amax, bmin;
    if (am <= bm && a->days <= b->days && a->seconds <= b->seconds)
        return true;
    /* Longest a can be against the shortest b can be, in seconds: a month is 28 to 31
     * days, a year 365 or 366 (already counted as 12 months). */
    amax = (am * 31 + a->days) * 86400 + a->seconds;
    bmin = (bm * 28 + b->days) * 86400 + b->seconds;
    return amax <= bmin;
}

/* ---- countries --------------------------------------------------------------------- */

/* ISO 3166-1 alpha-2, the 249 assigned codes, sorted. */
static const char iso3166[] =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCF"
    "CGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGH"
    "GIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKW"
    "KYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNG"
    "NINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSN"
    "SOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYT"
    "ZAZMZW";

_Static_assert(sizeof iso3166 - 1 == 2 * 249, "249 ISO 3166-1 alpha-2 codes");

bool
privpol__iso3166_known(const char *code)
{
    size_t lo = 0, hi = (sizeof iso3166 - 1) / 2;
    if (code == NULL || !privpol__is_upper((unsigned char)code[0]) ||
        !privpol__is_upper((unsigned char)code[1]) || code[2] != '\0')
        return false;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = memcmp(iso3166 + 2 * mid, code, 2);
        if (c == 0)
            return true;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}


/* ---- transforms ------------------------------------------------------------ */

typedef struct privpol__policy_transform_rule trule;
typedef struct privpol__policy_transforms transforms;

#define IP_ID "connection.ip_address"
#define TIME_ID "connection.timestamp"

static bool
is_category(size_t c, const char *id)
{
    return c < privpol__category_count && strcmp(privpol__categories[c].id, id) == 0;
}

/* ---- lookup ------------------------------------------------------------------------ */

/* The first rule of t naming the role, purpose and category, or NULL. */
const trule *
privpol__policy_transform_rule(const transforms *t, privpol_role role, size_t purpose, size_t category)
{
    for (size_t i = 0; i < t->rule_count; i++) {
        const trule *rule = &t->rules[i];
        if ((rule->roles & PRIVPOL__BIT(role)) &&
            (rule->all_purposes || (rule->purposes & PRIVPOL__PURPOSE_BIT(purpose))) &&
            (rule->all_categories || (rule->categories & PRIVPOL_CAT_BIT(category))))
            return rule;
    }
    return NULL;
}

/* What `rule` (or t's default, when NULL) does to category index `category`. */
void
privpol__policy_transform_fill(privpol_transform *out, const transforms *t, const trule *rule, size_t category)
{
    memset(out, 0, sizeof *out);
    if (rule == NULL) {
        out->action = t->default_action;
        out->rule_id = "default";
        out->clause = t->clause;
        out->line = t->default_line;
        return;
    }
    out->action = rule->action;
    if (rule->action == PRIVPOL_ACTION_PSEUDONYMIZE && rule->reversible)
        out->flags |= PRIVPOL_TRANSFORM_REVERSIBLE;
    if (rule->action == PRIVPOL_ACTION_GENERALIZE) {
        if (is_category(category, IP_ID)) {
            out->prefix4 = rule->prefix4;
            out->prefix6 = rule->prefix6;
        } else if (is_category(category, TIME_ID)) {
            out->time_unit = rule->unit;
        }
    }
    out->rule_id = rule->id;
    out->clause = rule->clause;
    out->line = rule->line;
}

void
privpol__policy_transform_of(privpol_transform *out, const privpol_policy *policy,
                             privpol_role role, size_t purpose, size_t category)
{
    const transforms *t = &policy->transforms;
    privpol__policy_transform_fill(out, t, privpol__policy_transform_rule(t, role, purpose, category), category);
}

privpol_status
privpol_policy_transform(const privpol_policy *policy, privpol_role role, const char *purpose,
                         privpol_category category, privpol_transform *out,
                         privpol_error *err)
{
    int p;
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(out->version, PRIVPOL_TRANSFORM_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_transform version");
    memset(out, 0, sizeof *out);
    out->version = PRIVPOL_TRANSFORM_VERSION;
    if (policy == NULL || purpose == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if ((unsigned)role >= PRIVPOL__POLICY_ROLES)
        return privpol__fail(err, PRIVPOL_ENOTFOUND, "unknown role");
    if (privpol__category_check(category, err) != PRIVPOL_OK)
        return PRIVPOL_ENOTFOUND;
    if ((p = privpol__policy_purpose_index(policy, purpose)) < 0 ||
        policy->purposes[p].role != role)
        return privpol__failf(err, PRIVPOL_ENOTFOUND, "unknown purpose id '%.64s' for the %s",
                              purpose, privpol_role_name(role));
    privpol__policy_transform_of(out, policy, role, (size_t)p, (size_t)category);
    out->version = PRIVPOL_TRANSFORM_VERSION;
    return PRIVPOL_OK;
}

const char *const *
privpol_policy_time_fields(const privpol_policy *policy, size_t *count)
{
    size_t n = policy != NULL ? policy->transforms.time_field_count : 0;
    if (count != NULL)
        *count = n;
    return n > 0 ? (const char *const *)policy->transforms.time_fields : NULL;
}

/* ---- closed vocabularies: the lookup ----------------------------------------------- */

/* FNV-1a: every byte counts (values of one vocabulary often share their first and last
 * bytes, "faq/roaming" and "faq/esim"), and it costs one multiplication per byte. */
uint32_t
privpol__policy_vocabulary_hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* The vocabulary covering a normalized field name, or NULL. */
static const struct privpol__policy_vocabulary *
vocabulary_of(const transforms *t, const char *name, size_t len)
{
    const uint32_t mask = PRIVPOL__POLICY_VOCABULARY_FIELD_SLOTS - 1;
    for (uint32_t i = privpol__policy_vocabulary_hash(name, len) & mask; t->vocabulary_field_slots[i] != 0;
         i = (i + 1) & mask) {
        const struct privpol__policy_vocabulary_field *f =
            &t->vocabulary_fields[t->vocabulary_field_slots[i] - 1];
        if (f->len == len && memcmp(f->name, name, len) == 0)
            return &t->vocabularies[f->vocabulary];
    }
    return NULL;
}

/* Position of a value in a vocabulary, or -1. */
int
privpol__policy_vocabulary_position(const struct privpol__policy_vocabulary *v, const char *value, size_t len)
{
    for (uint32_t i = privpol__policy_vocabulary_hash(value, len) & v->value_mask; v->value_slots[i] != 0;
         i = (i + 1) & v->value_mask) {
        size_t k = v->value_slots[i] - 1u;
        if (v->value_lens[k] == len && memcmp(v->values[k], value, len) == 0)
            return (int)k;
    }
    return -1;
}

int
privpol__policy_vocabulary_find(const privpol_policy *policy, const char *field,
                                size_t field_len)
{
    char name[PRIVPOL__FIELD_NAME_MAX + 1];
    const struct privpol__policy_vocabulary *v;
    size_t n;
    if (policy == NULL || field == NULL || policy->transforms.vocabulary_count == 0)
        return -1;
    /* The field rules' reading of a name: "events[3].action" is "action", "deviceType"
     * is "device_type" (one pass, into a stack buffer). */
    if ((n = privpol__field_normalize(field, field_len, name)) == 0 ||
        (v = vocabulary_of(&policy->transforms, name, n)) == NULL)
        return -1;
    return (int)(v - policy->transforms.vocabularies);
}

bool
privpol__policy_vocabulary_has(const privpol_policy *policy, int vocabulary,
                               const char *value, size_t value_len)
{
    if (policy == NULL || vocabulary < 0 ||
        (size_t)vocabulary >= policy->transforms.vocabulary_count || value == NULL ||
        value_len == 0 || value_len > PRIVPOL__POLICY_MAX_VOCABULARY_VALUE)
        return false;
    return privpol__policy_vocabulary_position(&policy->transforms.vocabularies[vocabulary], value, value_len) >=
           0;
}

bool
privpol__policy_vocabulary_match(const privpol_policy *policy, const char *field,
                                 size_t field_len, const char *value, size_t value_len)
{
    /* Cheap refusals first: most policies and most values never reach the tables. */
    if (policy == NULL || field == NULL || value == NULL ||
        policy->transforms.vocabulary_count == 0 || value_len == 0 ||
        value_len > PRIVPOL__POLICY_MAX_VOCABULARY_VALUE)
        return false;
    return privpol__policy_vocabulary_has(
        policy, privpol__policy_vocabulary_find(policy, field, field_len), value, value_len);
}

int
privpol_policy_vocabulary_match(const privpol_policy *policy, const char *field,
                                size_t field_len, const char *value, size_t value_len)
{
    return privpol__policy_vocabulary_match(policy, field, field_len, value, value_len);
}
