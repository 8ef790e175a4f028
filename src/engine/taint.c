/* SPDX-License-Identifier: MIT */
/* Identifiability of combinations (§7.6, §7.8): the join of levels, the policy's
 * combination rules, and the per-record accumulator. Nothing here allocates: the
 * accumulator's state lives in the caller's privpol_taint. */
#include "engine.h"

#include <stdio.h>
#include <string.h>

#define TAINT_MAGIC 0x746e7431u /* "tnt1" */

/* What decided a record's level. */
enum source {
    SRC_EMPTY = 0,
    SRC_CATEGORY,
    SRC_LEVEL,
    SRC_COMBINED,
    SRC_RULE,
    SRC_REID
};

struct taint_state {
    uint32_t magic;
    uint8_t level;   /* join of the levels added with privpol_taint_add_level() */
    uint8_t reid;    /* re-identification material added */
    uint16_t level_count; /* levels added (saturating) */
    const privpol_policy *policy;
    privpol__catset cats;
    char clause[64]; /* "§12.1, §7.3": a category's clause as result() returns it */
};

_Static_assert(sizeof(struct taint_state) <= PRIVPOL_TAINT_SIZE,
               "struct taint_state outgrew PRIVPOL_TAINT_SIZE");
_Static_assert(sizeof(privpol_taint) == PRIVPOL_TAINT_SIZE, "privpol_taint padded");
_Static_assert(_Alignof(struct taint_state) <= _Alignof(privpol_taint),
               "privpol_taint under-aligned");

static struct taint_state *
state_of(privpol_taint *t)
{
    struct taint_state *s;
    if (t == NULL)
        return NULL;
    s = (struct taint_state *)(void *)t->opaque.bytes;
    return s->magic == TAINT_MAGIC && s->policy != NULL ? s : NULL;
}

static bool
level_ok(privpol_identifiability l)
{
    return l == PRIVPOL_NON_IDENTIFIABLE || l == PRIVPOL_PSEUDONYMOUS || l == PRIVPOL_PERSONAL;
}

privpol_identifiability
privpol_identifiability_combine(privpol_identifiability a, privpol_identifiability b)
{
    if (!level_ok(a) || !level_ok(b))
        return PRIVPOL_PERSONAL;
    return a > b ? a : b;
}

size_t
privpol_taint_size(void)
{
    return sizeof(privpol_taint);
}

privpol_status
privpol_taint_init(privpol_taint *t, const privpol_policy *policy, privpol_error *err)
{
    struct taint_state *s;
    if (t == NULL || policy == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    memset(t, 0, sizeof *t);
    s = (struct taint_state *)(void *)t->opaque.bytes;
    s->magic = TAINT_MAGIC;
    s->policy = policy;
    return PRIVPOL_OK;
}

privpol_identifiability
privpol__level_after(privpol_category c, privpol_data_state state)
{
    switch (state) {
    case PRIVPOL_STATE_PSEUDONYMIZED: return PRIVPOL_PSEUDONYMOUS;
    case PRIVPOL_STATE_GENERALIZED:
        /* A network prefix, or scanned text, still narrows people down; an hour or a
         * browser family alone does not. */
        return privpol_category_normalizer(c) == PRIVPOL_NORM_IP ||
                       privpol_category_normalizer(c) == PRIVPOL_NORM_SCAN
                   ? PRIVPOL_PSEUDONYMOUS
                   : PRIVPOL_NON_IDENTIFIABLE;
    case PRIVPOL_STATE_AGGREGATED: return PRIVPOL_NON_IDENTIFIABLE;
    case PRIVPOL_STATE_CLEAR:
    default: return PRIVPOL_PERSONAL; /* fail closed */
    }
}

void
privpol_taint_reset(privpol_taint *t)
{
    struct taint_state *s = state_of(t);
    if (s == NULL)
        return;
    s->level = PRIVPOL_NON_IDENTIFIABLE;
    s->reid = 0;
    s->level_count = 0;
    s->cats = 0;
    s->clause[0] = '\0';
}

privpol_status
privpol_taint_add_category(privpol_taint *t, privpol_category category, privpol_error *err)
{
    struct taint_state *s = state_of(t);
    if (s == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "the accumulator is not set up");
    if (privpol__category_check(category, err) != PRIVPOL_OK) {
        s->cats |= PRIVPOL_CAT_BIT(PRIVPOL_CAT_UNKNOWN); /* fail closed */
        return PRIVPOL_ENOTFOUND;
    }
    s->cats |= PRIVPOL_CAT_BIT((size_t)category);
    return PRIVPOL_OK;
}

privpol_status
privpol_taint_add_level(privpol_taint *t, privpol_identifiability level, privpol_error *err)
{
    struct taint_state *s = state_of(t);
    if (s == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    s->level = (uint8_t)privpol_identifiability_combine((privpol_identifiability)s->level, level);
    if (s->level_count < UINT16_MAX)
        s->level_count++;
    return level_ok(level) ? PRIVPOL_OK : PRIVPOL_EINVAL;
}

privpol_status
privpol_taint_add_reidentification_material(privpol_taint *t, privpol_error *err)
{
    struct taint_state *s = state_of(t);
    if (s == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    s->reid = 1;
    return PRIVPOL_OK;
}

static unsigned
popcount64(uint64_t x)
{
    unsigned n = 0;
    for (; x != 0; x &= x - 1)
        n++;
    return n;
}

/* "12.1, 7.3" from the registry, written "§12.1, §7.3". */
static const char *
category_clause(struct taint_state *s, privpol_category category)
{
    const char *src = privpol_category_clause(category);
    size_t n = 0;
    if (src == NULL || *src == '\0')
        return "fail-closed"; /* `unknown`, and categories without a seed section: the
                                  library's rule (docs/taint.md) */
    for (const char *p = src; *p != '\0' && n + 4 < sizeof s->clause; p++) {
        if (p == src || (p[-1] == ' ' && privpol__is_digit((unsigned char)*p))) {
            memcpy(s->clause + n, "§", sizeof "§" - 1);
            n += sizeof "§" - 1;
        }
        s->clause[n++] = *p;
    }
    s->clause[n] = '\0';
    return s->clause;
}

privpol_status
privpol_taint_result(privpol_taint *t, privpol_identifiability *level, const char **rule_id, const char **clause, privpol_error *err)
{
    struct taint_state *s = state_of(t);
    const privpol_policy *pol;
    const struct privpol__policy_combination_rule *deciding_rule = NULL;
    privpol_identifiability best = PRIVPOL_NON_IDENTIFIABLE;
    enum source src = SRC_EMPTY;
    size_t best_cat = 0;
    unsigned parts;

    if (rule_id != NULL)
        *rule_id = NULL;
    if (clause != NULL)
        *clause = NULL;
    if (s == NULL || level == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    pol = s->policy;
    *level = PRIVPOL_NON_IDENTIFIABLE;

    /* The parts: a combination is as identifying as its most identifying part (§7.8). */
    for (uint64_t rest = s->cats; rest != 0; rest &= rest - 1) {
        size_t c = 0;
        privpol_identifiability l;
        while (!(rest >> c & 1u))
            c++;
        l = privpol_category_identifiability(c);
        if (src == SRC_EMPTY || l > best) {
            best = l;
            src = SRC_CATEGORY;
            best_cat = c;
        }
    }
    if (s->level_count > 0 &&
        (src == SRC_EMPTY || (privpol_identifiability)s->level > best)) {
        best = (privpol_identifiability)s->level;
        src = SRC_LEVEL;
    }
    parts = popcount64(s->cats) + s->level_count;
    /* Personal data combined with anything is personal as a whole (§7.8). */
    if (best == PRIVPOL_PERSONAL && parts >= 2)
        src = SRC_COMBINED;

    /* The policy's combination rules raise it. */
    for (size_t i = 0; i < pol->combination.rule_count; i++) {
        const struct privpol__policy_combination_rule *r = &pol->combination.rules[i];
        if ((s->cats & r->all_of) != r->all_of ||
            popcount64(s->cats & r->any_of) < r->at_least)
            continue;
        if (r->level > best) {
            best = r->level;
            src = SRC_RULE;
            deciding_rule = r;
        }
    }

    /* Pseudonymous data with its key or mapping is personal again (§7.6). */
    if (s->reid && best == PRIVPOL_PSEUDONYMOUS &&
        pol->pseudonymization.reidentification > best) {
        best = pol->pseudonymization.reidentification;
        src = SRC_REID;
    }

    *level = best;
    if (rule_id == NULL && clause == NULL)
        return PRIVPOL_OK;
    {
        const char *id, *cl;
        switch (src) {
        case SRC_CATEGORY:
            id = privpol_category_id(best_cat);
            cl = category_clause(s, best_cat);
            break;
        case SRC_LEVEL:
            id = "combined_level";
            cl = pol->combination.clause;
            break;
        case SRC_COMBINED:
            id = "personal_if_combined";
            cl = pol->combination.clause;
            break;
        case SRC_RULE:
            id = deciding_rule->id;
            cl = deciding_rule->clause;
            break;
        case SRC_REID:
            id = "reidentification";
            cl = pol->pseudonymization.clause;
            break;
        case SRC_EMPTY:
        default:
            id = "empty";
            cl = pol->combination.clause;
            break;
        }
        if (rule_id != NULL)
            *rule_id = id;
        if (clause != NULL)
            *clause = cl;
    }
    return PRIVPOL_OK;
}
