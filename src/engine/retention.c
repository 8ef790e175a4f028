/* SPDX-License-Identifier: MIT */
/* Retain-until of a record under the policy's retention rules (§7.3, §7.7, §10, §15).
 * The calendar arithmetic is calendar.c's (privpol_time_add); this file only picks the
 * start, the period and the caps, and says which clause gave each. */
#include "engine.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The §15 sentence that allows a longer retention: "unless a period of longer retention
 * is required or permitted by law". */
#define LEGAL_HOLD_CLAUSE "§15"

/* Text being built into the caller's buffer; `over` once it did not fit. */
struct text {
    char *buf;
    size_t size, len;
    bool over;
};

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void
put(struct text *t, const char *fmt, ...)
{
    va_list ap;
    int n;
    size_t room = t->size > t->len ? t->size - t->len : 0;
    if (t->over || t->buf == NULL) /* overflowed, or no text wanted */
        return;
    va_start(ap, fmt);
    n = vsnprintf(room > 0 ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= room) {
        t->over = true;
        return;
    }
    t->len += (size_t)n;
}

static void
put_duration(struct text *t, const privpol_duration *d)
{
    char s[PRIVPOL_DURATION_TEXT_SIZE];
    if (t->over || t->buf == NULL)
        return;
    if (privpol_duration_format(d, s, &(size_t){sizeof s}, NULL) != PRIVPOL_OK)
        snprintf(s, sizeof s, "?");
    put(t, "%s", s);
}

static void
put_time(struct text *t, int64_t at)
{
    char s[PRIVPOL_TIME_TEXT_SIZE];
    if (t->over || t->buf == NULL)
        return;
    if (privpol_time_format(at, s, &(size_t){sizeof s}, NULL) != PRIVPOL_OK)
        snprintf(s, sizeof s, "?");
    put(t, "%s", s);
}

static bool
duration_ok(const privpol_duration *d)
{
    return d->years >= 0 && d->months >= 0 && d->days >= 0 && d->seconds >= 0;
}

/* A contract term: what the request says and what the policy (a supplement) says. */
struct period_choice {
    bool found;
    int64_t until;      /* collection + the chosen period */
    privpol_duration d; /* the chosen period */
    bool from_policy;
};

/* collection + the contract's period: the earlier of the request's and the policy's when
 * both are known. */
static privpol_status
contract_period_until(struct period_choice *out, const privpol_policy *policy,
                      const privpol_retention_terms *terms, int64_t collected_at)
{
    privpol_status st;
    int64_t u;
    out->found = false;
    if (terms != NULL && terms->has_contract_period) {
        if (!duration_ok(&terms->contract_period))
            return PRIVPOL_EINVAL;
        if ((st = privpol_time_add(collected_at, &terms->contract_period, &u, NULL)) != PRIVPOL_OK)
            return st;
        *out = (struct period_choice){true, u, terms->contract_period, false};
    }
    if (policy->contract.present && policy->contract.has_period) {
        if ((st = privpol_time_add(collected_at, &policy->contract.period, &u, NULL)) !=
            PRIVPOL_OK)
            return st;
        if (!out->found || u < out->until)
            *out = (struct period_choice){true, u, policy->contract.period, true};
    }
    return PRIVPOL_OK;
}

/* The contract's end: the earlier of the request's and the policy's. */
static bool
contract_end(int64_t *out, bool *from_policy, const privpol_policy *policy,
             const privpol_retention_terms *terms)
{
    bool found = false;
    if (terms != NULL && terms->has_contract_end) {
        *out = terms->contract_end;
        *from_policy = false;
        found = true;
    }
    if (policy->contract.present && policy->contract.has_end &&
        (!found || policy->contract.end < *out)) {
        *out = policy->contract.end;
        *from_policy = true;
        found = true;
    }
    return found;
}

static void
put_source(struct text *t, const privpol_policy *policy, bool from_policy)
{
    if (from_policy)
        put(t, " (%s)", policy->contract.clause);
    else
        put(t, " (the request's terms)");
}

void
privpol_retention_terms_init(privpol_retention_terms *terms)
{
    if (terms != NULL)
        *terms = (privpol_retention_terms)PRIVPOL_RETENTION_TERMS_INIT;
}

void
privpol_retention_request_init(privpol_retention_request *request)
{
    if (request != NULL)
        *request = (privpol_retention_request)PRIVPOL_RETENTION_REQUEST_INIT;
}

void
privpol_retention_init(privpol_retention *retention)
{
    if (retention != NULL)
        *retention = (privpol_retention)PRIVPOL_RETENTION_INIT;
}

privpol_status
privpol_retention_compute(const privpol_ctx *ctx, const privpol_retention_request *request,
                          privpol_retention *out, privpol_error *err)
{
    static const char *const why[] = {
        [-PRIVPOL_ETERMS] = "the retention basis needs a term neither the request nor the "
                            "policy gives",
        [-PRIVPOL_ENOTFOUND] = "the role has no such purpose, or the purpose does not use "
                               "the category",
    };
    const struct privpol__policy_retention *rule = NULL;
    const privpol_policy *policy;
    char text[2048];
    privpol_status st;

    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(out->version, PRIVPOL_RETENTION_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_retention version");
    privpol_retention_init(out);
    if (ctx == NULL || request == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(request->version, PRIVPOL_RETENTION_REQUEST_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_retention_request version");
    if (request->purpose == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "the request names no purpose");
    if ((st = privpol__category_check(request->category, err)) != PRIVPOL_OK)
        return st;
    policy = ctx->policy;
    st = privpol__retention_compute(&out->until, &out->action, &rule, policy, request->role,
                                    request->purpose, (size_t)request->category,
                                    request->collected_at, request->terms, text, sizeof text);
    if (st != PRIVPOL_OK) {
        if (st == PRIVPOL_ENOTFOUND && privpol__policy_purpose_index(policy, request->purpose) < 0)
            return privpol__failf(err, st, "unknown purpose id '%.64s'", request->purpose);
        return privpol__fail(err, st, -st < (int)(sizeof why / sizeof *why) ? why[-st] : NULL);
    }
    privpol__copy_text(out->explanation, sizeof out->explanation, text);
    out->clause = rule->clause;
    out->rule_id = rule->id;
    return PRIVPOL_OK;
}

privpol_status
privpol__retention_compute(int64_t *out_until, privpol_retention_action *out_action,
                           const struct privpol__policy_retention **out_rule,
                           const privpol_policy *policy, privpol_role role,
                           const char *purpose, size_t category, int64_t collected_at,
                           const privpol_retention_terms *terms, char *clause_out,
                           size_t clause_size)
{
    const struct privpol__policy_retention *rule;
    const struct privpol__policy_purpose *p;
    privpol_retention_action action = PRIVPOL_RETENTION_ERASE;
    struct text t = {clause_out, clause_size, 0, false};
    struct period_choice c;
    privpol_status st;
    int64_t until = 0, end, probe;
    bool end_from_policy = false;
    int idx;

    if (out_until != NULL)
        *out_until = 0;
    if (out_action != NULL)
        *out_action = PRIVPOL_RETENTION_ERASE;
    if (clause_out != NULL && clause_size > 0)
        clause_out[0] = '\0';
    if (out_until == NULL || policy == NULL || purpose == NULL ||
        (clause_out == NULL && clause_size > 0))
        return PRIVPOL_EINVAL;
    if (terms != NULL && terms->version != PRIVPOL_RETENTION_TERMS_VERSION)
        return PRIVPOL_EVERSION;
    /* Is the collection time itself in range? A zero duration checks it. */
    if (privpol_time_add(collected_at, &(privpol_duration){0, 0, 0, 0}, &probe, NULL) !=
        PRIVPOL_OK)
        return PRIVPOL_EINVAL;
    if ((idx = privpol__policy_purpose_index(policy, purpose)) < 0)
        return PRIVPOL_ENOTFOUND;
    p = &policy->purposes[idx];
    if (p->role != role)
        return PRIVPOL_ENOTFOUND;
    if ((rule = privpol__policy_retention_rule(policy, (size_t)idx, category)) == NULL)
        return PRIVPOL_ENOTFOUND;

    put(&t, "%s (%s): ", rule->clause, rule->id);
    switch (rule->basis) {
    case PRIVPOL__RETAIN_CONTRACT:
        if ((st = contract_period_until(&c, policy, terms, collected_at)) != PRIVPOL_OK)
            goto fail;
        if (!c.found) {
            st = PRIVPOL_ETERMS;
            goto fail;
        }
        until = c.until;
        put(&t, "the contract's period ");
        put_duration(&t, &c.d);
        put(&t, " from collection");
        put_source(&t, policy, c.from_policy);
        break;
    case PRIVPOL__RETAIN_RELATIONSHIP:
        if (terms == NULL || !terms->has_relationship_end) {
            st = PRIVPOL_ETERMS;
            goto fail;
        }
        if ((st = privpol_time_add(terms->relationship_end, &rule->period, &until, NULL)) !=
            PRIVPOL_OK)
            goto fail;
        put(&t, "the end of the relationship ");
        put_time(&t, terms->relationship_end);
        put(&t, " + ");
        put_duration(&t, &rule->period);
        break;
    case PRIVPOL__RETAIN_UNTIL_CHANGED:
        if (rule->period_is_contract) {
            if ((st = contract_period_until(&c, policy, terms, collected_at)) !=
                PRIVPOL_OK)
                goto fail;
            if (!c.found) {
                st = PRIVPOL_ETERMS;
                goto fail;
            }
            until = c.until;
        } else {
            if ((st = privpol_time_add(collected_at, &rule->period, &until, NULL)) != PRIVPOL_OK)
                goto fail;
            c = (struct period_choice){true, until, rule->period, false};
        }
        if (terms != NULL && terms->has_changed_at && terms->changed_at < until) {
            until = terms->changed_at;
            put(&t, "changed or deleted by the subject at ");
            put_time(&t, terms->changed_at);
        } else {
            put(&t, "until changed or deleted, at the latest ");
            put_duration(&t, &c.d);
            put(&t, " from collection");
            if (rule->period_is_contract) {
                put(&t, ", the contract's period");
                put_source(&t, policy, c.from_policy);
            }
        }
        break;
    case PRIVPOL__RETAIN_ANONYMIZE_NOW:
        until = collected_at;
        action = PRIVPOL_RETENTION_ANONYMIZE;
        put(&t, "anonymize at collection");
        break;
    case PRIVPOL__RETAIN_FIXED:
    default:
        if ((st = privpol_time_add(collected_at, &rule->period, &until, NULL)) != PRIVPOL_OK)
            goto fail;
        put_duration(&t, &rule->period);
        put(&t, " from collection");
        break;
    }

    /* §10.1: processor data never outlives the tenant's contract, whatever the basis. */
    if ((rule->capped_by_contract_end || role == PRIVPOL_ROLE_PROCESSOR) &&
        contract_end(&end, &end_from_policy, policy, terms) && end < until) {
        until = end;
        put(&t, "; capped at the contract's end ");
        put_time(&t, end);
        put_source(&t, policy, end_from_policy);
    }
    if (until < collected_at)
        until = collected_at;
    if (terms != NULL && terms->has_legal_hold && terms->legal_hold_until > until) {
        if (privpol_time_add(terms->legal_hold_until, &(privpol_duration){0, 0, 0, 0},
                             &probe, NULL) != PRIVPOL_OK) {
            st = PRIVPOL_EINVAL;
            goto fail;
        }
        until = terms->legal_hold_until;
        put(&t, "; extended by a legal hold until ");
        put_time(&t, until);
        put(&t, " (" LEGAL_HOLD_CLAUSE ")");
    }
    if (t.over) {
        st = PRIVPOL_EBUFSIZE;
        goto fail;
    }
    *out_until = until;
    if (out_action != NULL)
        *out_action = action;
    if (out_rule != NULL)
        *out_rule = rule;
    return PRIVPOL_OK;

fail:
    if (clause_out != NULL && clause_size > 0)
        clause_out[0] = '\0';
    return st;
}
