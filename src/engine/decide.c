/* SPDX-License-Identifier: MIT */
/* Decisions (privpol/decide.h): one request against the policy model of a context.
 *
 * The checks run in a fixed order, most specific prohibition first, and the first that
 * fails decides; docs/decisions.md has the table. Every clause comes from the policy
 * model (the rule that decided), except the few structural rules the model has no field
 * for (a processor pursues its tenant's purposes only, §7.5), which are named here. */
#include "engine.h"

#include <privpol/taint.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* The seed's clause for "processor data serves its tenant's purposes only": the policy
 * model has no rule for it, the structure of the model is the rule. */
static const char tenant_purpose_clause[] = "§7.5";

/* Everything the checks need about one request, resolved once. */
struct decision {
    const privpol_policy *pol;
    const privpol_request *req;
    privpol_decision *out;
    const struct privpol__policy_purpose *purpose;
    size_t purpose_index;
    const struct privpol__policy_partner *partner; /* named partner, or NULL */
    privpol__catset cats;                          /* the request's categories */
    privpol_role data_role;                        /* role the data was collected under */
    privpol_identifiability level; /* computed from the categories, or the caller's if
                                      more identifying */
    bool reuse;         /* the controller uses processor data (§7.8) */
    bool tenant_terms;  /* a supplement's terms apply to the request's tenant */
    bool has_recipient; /* a disclosure */
    privpol_recipient recipient;
    const char *country; /* destination, or NULL (in the EU/EEA) */
    privpol_safeguard safeguard;
    int64_t at;
    /* the permission an allowance cites, raised as more specific ones are met */
    const char *allow_clause;
    uint32_t allow_line;
    const char *allow_check;
    char allow_reason[PRIVPOL_DECISION_REASON_SIZE];
};

/* ---- writing the decision ---------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 3, 0)))
#endif
static void
vformat(char *dst, size_t size, const char *fmt, va_list ap)
{
    vsnprintf(dst, size, fmt, ap);
    privpol__utf8_cut(dst, size);
}

/* Write a denial; always returns true ("decided"). */
static bool deny(struct decision *d, const char *check, const char *clause, uint32_t line,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static bool
deny(struct decision *d, const char *check, const char *clause, uint32_t line,
     const char *fmt, ...)
{
    va_list ap;
    d->out->verdict = PRIVPOL_DENY;
    d->out->check = check;
    d->out->line = line;
    d->out->clause = clause != NULL ? clause : "";
    va_start(ap, fmt);
    vformat(d->out->reason, sizeof d->out->reason, fmt, ap);
    va_end(ap);
    return true;
}

/* Record the permission an allowance will cite (a later, more specific one replaces
 * it). */
static void permit(struct decision *d, const char *check, const char *clause,
                   uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void
permit(struct decision *d, const char *check, const char *clause, uint32_t line,
       const char *fmt, ...)
{
    va_list ap;
    d->allow_check = check;
    d->allow_clause = clause;
    d->allow_line = line;
    va_start(ap, fmt);
    vformat(d->allow_reason, sizeof d->allow_reason, fmt, ap);
    va_end(ap);
}

static privpol_status invalid(privpol_decision *out, privpol_status st, const char *fmt,
                              ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static privpol_status
invalid(privpol_decision *out, privpol_status st, const char *fmt, ...)
{
    va_list ap;
    out->verdict = PRIVPOL_DENY;
    out->check = "invalid";
    out->line = 0;
    out->clause = "";
    va_start(ap, fmt);
    vformat(out->reason, sizeof out->reason, fmt, ap);
    va_end(ap);
    return st;
}

/* ---- small helpers ----------------------------------------------------------------- */

static const char *
role_name(privpol_role role)
{
    const char *n = privpol_role_name(role);
    return n != NULL ? n : "?";
}

static const char *
op_name(privpol_operation op)
{
    const char *n = privpol_operation_name(op);
    return n != NULL ? n : "?";
}

static const char *
recipient_name(privpol_recipient r)
{
    const char *n = privpol_recipient_name(r);
    return n != NULL ? n : "?";
}

static const char *
level_name(privpol_identifiability level)
{
    return privpol__identifiability_name(level);
}

static bool
same_tenant(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* The first category of `set` not in `allowed`, or -1. */
static int
first_outside(privpol__catset set, privpol__catset allowed)
{
    privpol__catset rest = set & ~allowed;
    for (int c = 0; c < PRIVPOL__CATEGORY_MAX; c++)
        if (rest & PRIVPOL_CAT_BIT(c))
            return c;
    return -1;
}

/* The clause of a role's category rules as a whole: the rule of its first category
 * (the policy lists them by clause; a category allowed to no rule has none of its own),
 * else the role's clause. */
static void
role_categories_clause(const privpol_policy *pol, privpol_role role, const char **clause,
                       uint32_t *line)
{
    const struct privpol__policy_categories *cs = &pol->categories[role];
    for (int c = 0; c < PRIVPOL__CATEGORY_MAX; c++)
        if ((cs->allowed & PRIVPOL_CAT_BIT(c)) && cs->clause[c] != NULL) {
            *clause = cs->clause[c];
            *line = cs->line[c];
            return;
        }
    *clause = pol->roles[role].clause;
    *line = pol->roles[role].line;
}

/* Same for a role's operation rules. */
static void
role_operations_clause(const privpol_policy *pol, privpol_role role, const char **clause,
                       uint32_t *line)
{
    const struct privpol__policy_operations *os = &pol->operations[role];
    for (int o = 0; o < PRIVPOL__OPERATION_COUNT; o++)
        if ((os->allowed & PRIVPOL__BIT(o)) && os->clause[o] != NULL) {
            *clause = os->clause[o];
            *line = os->line[o];
            return;
        }
    *clause = pol->roles[role].clause;
    *line = pol->roles[role].line;
}

static bool
country_code_ok(const char *code)
{
    return code != NULL && strlen(code) == 2 && privpol__iso3166_known(code);
}

/* ---- validation -------------------------------------------------------------------- */

#define KNOWN_FLAGS                                                                      \
    (PRIVPOL_REQ_SUBJECT | PRIVPOL_REQ_RECIPIENT | PRIVPOL_REQ_PROCESSOR_DATA |          \
     PRIVPOL_REQ_CONSENT | PRIVPOL_REQ_LEGAL_REQUIREMENT |                               \
     PRIVPOL_REQ_ERASURE_REQUESTED | PRIVPOL_REQ_CONTRACT |                              \
     PRIVPOL_REQ_ADEQUACY_COVERED | PRIVPOL_REQ_NEED_TO_KNOW |                           \
     PRIVPOL_REQ_RESTRUCTURING)

static privpol_status
check_purpose_list(privpol_decision *out, const privpol_policy *pol,
                   const char *const *ids, size_t count, const char *what)
{
    if (count > 0 && ids == NULL)
        return invalid(out, PRIVPOL_EINVAL, "%s: NULL list", what);
    for (size_t i = 0; i < count; i++) {
        if (ids[i] == NULL)
            return invalid(out, PRIVPOL_EINVAL, "%s: NULL purpose id", what);
        if (privpol__policy_purpose_index(pol, ids[i]) < 0)
            return invalid(out, PRIVPOL_ENOTFOUND, "%s: unknown purpose id '%.64s'", what,
                           ids[i]);
    }
    return PRIVPOL_OK;
}

/* How identifying one category is once `state` was done to it: never more than alone. */
static privpol_identifiability
level_of(privpol_category c, privpol_data_state state)
{
    privpol_identifiability base = privpol_category_identifiability(c),
                            after = privpol__level_after(c, state);
    return base < after ? base : after;
}

/* The level of the request's data: computed with the policy's combination rules from its
 * categories and their states, never below what the caller says (§7.8: a caller can make
 * data more identifying, not less). */
static privpol_status
compute_level(struct decision *d)
{
    const privpol_request *r = d->req;
    const privpol_data_state *states = r->version >= 2 ? r->states : NULL;
    privpol_identifiability level;
    privpol_taint t;

    if (privpol_taint_init(&t, d->pol, NULL) != PRIVPOL_OK)
        return invalid(d->out, PRIVPOL_EINVAL, "cannot combine the categories");
    for (size_t i = 0; i < r->category_count; i++) {
        privpol_data_state s = states != NULL ? states[i] : PRIVPOL_STATE_CLEAR;
        privpol_status st;
        if ((unsigned)s > PRIVPOL_STATE_AGGREGATED)
            return invalid(d->out, PRIVPOL_EINVAL, "state out of range");
        st = s == PRIVPOL_STATE_CLEAR
                 ? privpol_taint_add_category(&t, r->categories[i], NULL)
                 : privpol_taint_add_level(&t, level_of(r->categories[i], s), NULL);
        if (st != PRIVPOL_OK)
            return invalid(d->out, st, "cannot combine the categories");
    }
    if (privpol_taint_result(&t, &level, NULL, NULL, NULL) != PRIVPOL_OK)
        return invalid(d->out, PRIVPOL_EINVAL, "cannot combine the categories");
    d->level = level > r->identifiability ? level : r->identifiability;
    return PRIVPOL_OK;
}

static privpol_status
resolve(struct decision *d)
{
    const privpol_request *r = d->req;
    const privpol_policy *pol = d->pol;
    privpol_decision *out = d->out;
    unsigned f = r->flags;
    privpol_status st;
    int idx;

    if (!PRIVPOL__VERSION_OK(r->version, PRIVPOL_REQUEST_VERSION))
        return invalid(out, PRIVPOL_EVERSION,
                       "privpol_request.version not supported by this library");
    if ((unsigned)r->role >= PRIVPOL__POLICY_ROLES)
        return invalid(out, PRIVPOL_EINVAL, "role out of range");
    if ((f & ~KNOWN_FLAGS) != 0)
        return invalid(out, PRIVPOL_EINVAL, "unknown flag");
    if ((unsigned)r->operation >= PRIVPOL__OPERATION_COUNT)
        return invalid(out, PRIVPOL_EINVAL, "operation out of range");
    if ((f & PRIVPOL_REQ_SUBJECT) && (unsigned)r->subject >= PRIVPOL__SUBJECT_COUNT)
        return invalid(out, PRIVPOL_EINVAL, "subject out of range");
    if ((f & PRIVPOL_REQ_RECIPIENT) && (unsigned)r->recipient >= PRIVPOL__RECIPIENT_COUNT)
        return invalid(out, PRIVPOL_EINVAL, "recipient out of range");
    if ((unsigned)r->safeguard >= PRIVPOL__SAFEGUARD_COUNT)
        return invalid(out, PRIVPOL_EINVAL, "safeguard out of range");
    if ((unsigned)r->identifiability > PRIVPOL_PERSONAL)
        return invalid(out, PRIVPOL_EINVAL, "identifiability out of range");
    if (r->purpose == NULL)
        return invalid(out, PRIVPOL_EINVAL, "no purpose");
    if (r->categories == NULL || r->category_count == 0)
        return invalid(out, PRIVPOL_EINVAL, "no category");
    if (r->country != NULL && !country_code_ok(r->country))
        return invalid(out, PRIVPOL_EINVAL,
                       "country: not an ISO 3166-1 alpha-2 code in upper case");
    if ((f & PRIVPOL_REQ_PROCESSOR_DATA) && r->role != PRIVPOL_ROLE_CONTROLLER)
        f &= ~PRIVPOL_REQ_PROCESSOR_DATA; /* a processor's data is processor data */
    d->data_role = (f & PRIVPOL_REQ_PROCESSOR_DATA) ? PRIVPOL_ROLE_PROCESSOR : r->role;
    d->reuse = d->data_role != r->role;
    if (d->data_role == PRIVPOL_ROLE_PROCESSOR &&
        (r->tenant == NULL || *r->tenant == '\0'))
        return invalid(out, PRIVPOL_EINVAL, "processor data needs its tenant");
    if (r->recipient_tenant != NULL && *r->recipient_tenant == '\0')
        return invalid(out, PRIVPOL_EINVAL, "empty recipient tenant");

    for (size_t i = 0; i < r->category_count; i++) {
        if (r->categories[i] < 0 || (size_t)r->categories[i] >= privpol__category_count)
            return invalid(out, PRIVPOL_EINVAL, "category index out of range");
        d->cats |= PRIVPOL_CAT_BIT(r->categories[i]);
    }
    if ((st = compute_level(d)) != PRIVPOL_OK)
        return st;
    if (!pol->roles[r->role].present)
        return invalid(out, PRIVPOL_ENOTFOUND, "the policy does not define role %s",
                       role_name(r->role));
    if (!pol->roles[d->data_role].present)
        return invalid(out, PRIVPOL_ENOTFOUND, "the policy does not define role %s",
                       role_name(d->data_role));
    if ((idx = privpol__policy_purpose_index(pol, r->purpose)) < 0)
        return invalid(out, PRIVPOL_ENOTFOUND, "unknown purpose id '%.64s'", r->purpose);
    d->purpose_index = (size_t)idx;
    d->purpose = &pol->purposes[idx];
    if ((st = check_purpose_list(out, pol, r->objections, r->objection_count,
                                 "objections")) != PRIVPOL_OK ||
        (st = check_purpose_list(out, pol, r->restrictions, r->restriction_count,
                                 "restrictions")) != PRIVPOL_OK)
        return st;

    d->has_recipient = (f & PRIVPOL_REQ_RECIPIENT) != 0;
    d->recipient = r->recipient;
    if (r->partner != NULL) {
        for (size_t i = 0; i < pol->partner_count && d->partner == NULL; i++)
            if (strcmp(pol->partners[i].id, r->partner) == 0)
                d->partner = &pol->partners[i];
        if (d->partner == NULL)
            return invalid(out, PRIVPOL_ENOTFOUND, "unknown partner id '%.64s'",
                           r->partner);
        if (d->has_recipient && d->recipient != d->partner->recipient)
            return invalid(out, PRIVPOL_EINVAL, "partner '%s' is a %s, not a %s",
                           d->partner->id, recipient_name(d->partner->recipient),
                           recipient_name(d->recipient));
        d->has_recipient = true;
        d->recipient = d->partner->recipient;
    }
    if (r->operation == PRIVPOL_OP_TRANSFER && !d->has_recipient)
        return invalid(out, PRIVPOL_EINVAL, "a transfer needs a recipient");

    d->country = r->country != NULL   ? r->country
                 : d->partner != NULL ? d->partner->country
                                      : NULL;
    d->safeguard = r->safeguard != PRIVPOL_SAFEGUARD_NONE ? r->safeguard
                   : d->partner != NULL                   ? d->partner->safeguard
                                                          : PRIVPOL_SAFEGUARD_NONE;
    d->at = r->at != 0 ? r->at : (int64_t)time(NULL);
    d->tenant_terms = pol->tenant == NULL || same_tenant(pol->tenant, r->tenant);
    return PRIVPOL_OK;
}

/* ---- the checks, in order ---------------------------------------------------------- */

/* 1. An operation the policy denies to the role outright: reveal by a processor. */
static bool
check_operation_denied(struct decision *d)
{
    const struct privpol__policy_operations *os = &d->pol->operations[d->req->role];
    privpol_operation op = d->req->operation;
    if (os->denied & PRIVPOL__BIT(op))
        return deny(d, "operation_denied", os->clause[op], os->line[op],
                    "operation '%s' is denied to the %s", op_name(op),
                    role_name(d->req->role));
    return false;
}

/* 2-4. The subject's rights: after an erasure request only erasure; a purpose the
 * subject objected to (when it is objectionable) or restricted stops. */
static bool
check_rights(struct decision *d)
{
    const privpol_request *r = d->req;
    const struct privpol__policy_rights *rt = &d->pol->rights;
    if ((r->flags & PRIVPOL_REQ_ERASURE_REQUESTED) && r->operation != PRIVPOL_OP_ERASE)
        return deny(d, "erasure_requested",
                    rt->granted[PRIVPOL__RIGHT_ERASURE] != NULL
                        ? rt->granted[PRIVPOL__RIGHT_ERASURE]
                        : rt->clause,
                    rt->line,
                    "the subject asked for erasure: only 'erase' is allowed, not '%s'",
                    op_name(r->operation));
    if (r->operation == PRIVPOL_OP_ERASE)
        return false; /* objections and restrictions never stop an erasure */
    for (size_t i = 0; i < r->objection_count; i++)
        if (strcmp(r->objections[i], d->purpose->id) == 0 &&
            d->purpose->objection != NULL)
            return deny(d, "objection", d->purpose->objection, d->purpose->line,
                        "the subject objected to purpose '%s'", d->purpose->id);
    for (size_t i = 0; i < r->restriction_count; i++)
        if (strcmp(r->restrictions[i], d->purpose->id) == 0)
            return deny(d, "restriction",
                        rt->granted[PRIVPOL__RIGHT_RESTRICTION] != NULL
                            ? rt->granted[PRIVPOL__RIGHT_RESTRICTION]
                            : rt->clause,
                        rt->line, "the subject restricted processing for purpose '%s'",
                        d->purpose->id);
    return false;
}

/* 5. §7.7: one tenant's data is never linked with another's, and no operation on
 * processor data reaches another tenant (the policy may allow linking only). */
static bool
check_compartments(struct decision *d)
{
    const privpol_request *r = d->req;
    const struct privpol__policy_compartments *cm = &d->pol->compartmentalization;
    if (r->recipient_tenant == NULL || same_tenant(r->tenant, r->recipient_tenant))
        return false;
    if (r->operation == PRIVPOL_OP_LINK)
        return cm->link_across_tenants
                   ? false
                   : deny(d, "compartments", cm->clause, 0,
                          "data of tenant '%s' may not be linked with data of tenant '%s'",
                          r->tenant != NULL ? r->tenant : "(controller)",
                          r->recipient_tenant);
    /* a disclosure to a customer is the recipient rules' (§13.1.2: its own tenant only) */
    if (d->data_role != PRIVPOL_ROLE_PROCESSOR ||
        (d->has_recipient && d->recipient == PRIVPOL_RECIPIENT_CUSTOMER))
        return false;
    return deny(d, "compartments", cm->clause, 0,
                "processor data of tenant '%s' may not reach tenant '%s' (operation '%s')",
                r->tenant != NULL ? r->tenant : "(none)", r->recipient_tenant,
                op_name(r->operation));
}

/* 6. §9.1, §9.2: the operations of the role. */
static bool
check_operation(struct decision *d)
{
    const struct privpol__policy_operations *os = &d->pol->operations[d->req->role];
    privpol_operation op = d->req->operation;
    const char *clause;
    uint32_t line;
    if (os->allowed & PRIVPOL__BIT(op))
        return false;
    role_operations_clause(d->pol, d->req->role, &clause, &line);
    return deny(d, "operation", clause, line, "operation '%s' is not one of the %s's",
                op_name(op), role_name(d->req->role));
}

/* 7-8. The purpose: of the acting role; a tenant's purpose only for its own data
 * (§7.5); the operations it lists. */
static bool
check_purpose(struct decision *d)
{
    const privpol_request *r = d->req;
    const struct privpol__policy_purpose *pu = d->purpose;
    if (pu->role != r->role) {
        if (r->role == PRIVPOL_ROLE_PROCESSOR)
            return deny(d, "purpose_role", tenant_purpose_clause, 0,
                        "purpose '%s' is the controller's: the processor pursues its "
                        "tenant's purposes only",
                        pu->id);
        return deny(d, "purpose_role", d->pol->roles[r->role].clause,
                    d->pol->roles[r->role].line,
                    "purpose '%s' is pursued by the processor for its tenant, not by "
                    "the controller",
                    pu->id);
    }
    if (pu->from_supplement && !d->tenant_terms)
        return deny(d, "tenant_purpose", tenant_purpose_clause, 0,
                    "purpose '%s' is tenant '%s''s; the data belongs to tenant '%s'",
                    pu->id, d->pol->tenant, r->tenant != NULL ? r->tenant : "(none)");
    if (!(pu->operations & PRIVPOL__BIT(r->operation)))
        return deny(d, "purpose_operation", pu->clause, pu->line,
                    "purpose '%s' does not include operation '%s'", pu->id,
                    op_name(r->operation));
    permit(d, "purpose", pu->clause, pu->line, "purpose '%s' of the %s", pu->id,
           role_name(r->role));
    return false;
}

/* 9. §12.3: no geolocation unless enabled (by a supplement, for its tenant). */
static bool
check_geolocation(struct decision *d)
{
    const struct privpol__policy_geolocation *g = &d->pol->geolocation;
    const char *names[2] = {"geolocation.precise", "geolocation.imprecise"};
    bool enabled[2] = {g->precise, g->imprecise};
    bool used = false;
    for (int i = 0; i < 2; i++) {
        int c = privpol__category_index(names[i]);
        if (c < 0 || !(d->cats & PRIVPOL_CAT_BIT(c)))
            continue;
        if (!enabled[i] || !d->tenant_terms ||
            !(d->pol->categories[d->data_role].allowed & PRIVPOL_CAT_BIT(c)))
            return deny(d, "geolocation", g->clause, g->line,
                        "category '%s' is not collected: geolocation is not enabled for "
                        "the %s%s%s",
                        names[i], role_name(d->data_role),
                        d->req->tenant != NULL ? " of tenant " : "",
                        d->req->tenant != NULL ? d->req->tenant : "");
        used = true;
    }
    if (used && g->enable_clause != NULL && !d->reuse)
        permit(d, "geolocation", g->enable_clause, 0,
               "geolocation enabled for tenant '%s'; purpose '%s'",
               d->pol->tenant != NULL ? d->pol->tenant : "?", d->purpose->id);
    return false;
}

/* 10. §7.8: the controller uses processor data for its own purposes only when it is
 * non-identifiable; re-identifying it is never such a use. */
static bool
check_reuse(struct decision *d)
{
    const struct privpol__policy_reuse *ru = &d->pol->reuse;
    if (!d->reuse)
        return false;
    if (d->req->operation == PRIVPOL_OP_REVEAL)
        return deny(d, "reuse", ru->clause, 0,
                    "the controller may not re-identify processor data");
    if (d->level > ru->max_level)
        return deny(d, "reuse", ru->clause, 0,
                    "processor data serves the controller's purposes only when %s; this "
                    "is %s",
                    level_name(ru->max_level), level_name(d->level));
    permit(d, "reuse", ru->clause, 0,
           "%s processor data used for the controller's purpose '%s'",
           level_name(d->level), d->purpose->id);
    return false;
}

/* 11. Subjects: met under the data's role; of the purpose. */
static bool
check_subject(struct decision *d)
{
    const privpol_request *r = d->req;
    const struct privpol__policy_subject *s;
    const char *name;
    if (!(r->flags & PRIVPOL_REQ_SUBJECT))
        return false;
    s = &d->pol->subjects[r->subject];
    name = privpol_subject_name(r->subject);
    if (!s->present)
        return deny(d, "subject", d->pol->roles[d->data_role].clause,
                    d->pol->roles[d->data_role].line,
                    "the policy defines no subject '%s'", name);
    if (!(s->roles & PRIVPOL__BIT(d->data_role)))
        return deny(d, "subject", s->clause, s->line,
                    "subject '%s' is not met under the %s", name,
                    role_name(d->data_role));
    if (!d->reuse && !(d->purpose->subjects & PRIVPOL__BIT(r->subject)))
        return deny(d, "purpose_subject", d->purpose->clause, d->purpose->line,
                    "purpose '%s' does not concern subject '%s'", d->purpose->id, name);
    return false;
}

/* 12. §12.1, §12.2: categories the data's role collects; then those of the purpose
 * (not for reused non-identifiable data, §7.8 "for other purposes"). */
static bool
check_categories(struct decision *d)
{
    const struct privpol__policy_categories *cs = &d->pol->categories[d->data_role];
    int c = first_outside(d->cats, cs->allowed);
    if (c >= 0) {
        const char *clause;
        uint32_t line;
        role_categories_clause(d->pol, d->data_role, &clause, &line);
        return deny(d, "category", clause, line,
                    "category '%s' is not collected by the %s", privpol__categories[c].id,
                    role_name(d->data_role));
    }
    if (d->reuse)
        return false;
    if ((c = first_outside(d->cats, d->purpose->categories)) >= 0)
        return deny(d, "purpose_category", d->purpose->clause, d->purpose->line,
                    "purpose '%s' does not use category '%s'", d->purpose->id,
                    privpol__categories[c].id);
    return false;
}

/* 13. §13-14: the recipient rule of the role and its conditions; a named partner's
 * purposes and minimum categories. */
static bool
check_recipient(struct decision *d)
{
    const privpol_request *r = d->req;
    const privpol_policy *pol = d->pol;
    const struct privpol__policy_recipient *rule;
    const struct privpol__policy_partner *pt = d->partner;
    const char *rname = recipient_name(d->recipient);
    privpol_role role = r->role;
    int c;

    if (!d->has_recipient)
        return false;
    /* §13.2, §16: a named partner is what the registry says it is; a request that says
     * otherwise is denied, not corrected */
    if (pt != NULL && r->country != NULL && strcmp(r->country, pt->country) != 0)
        return deny(d, "partner_registry", pt->clause, pt->line,
                    "partner '%s' is registered in %s, not in %s", pt->id,
                    pt->country[0] != '\0' ? pt->country : "(no country)", r->country);
    if (pt != NULL && r->safeguard != PRIVPOL_SAFEGUARD_NONE && r->safeguard != pt->safeguard)
        return deny(d, "partner_registry", pt->clause, pt->line,
                    "partner '%s' is registered with safeguard '%s', not '%s'", pt->id,
                    privpol_safeguard_name(pt->safeguard), privpol_safeguard_name(r->safeguard));
    if ((rule = privpol__policy_recipient_rule(pol, d->recipient, role)) == NULL) {
        /* processor data goes to its tenant alone (§13.1.2): cite that rule */
        const struct privpol__policy_recipient *own =
            privpol__policy_recipient_rule(pol, PRIVPOL_RECIPIENT_CUSTOMER, role);
        if (role == PRIVPOL_ROLE_PROCESSOR && own != NULL)
            return deny(d, "recipient", own->clause, own->line,
                        "processor data goes to its tenant only, not to recipient '%s'",
                        rname);
        return deny(d, "recipient", pol->roles[role].clause, pol->roles[role].line,
                    "no rule of the policy lets %s data go to recipient '%s'",
                    role_name(role), rname);
    }
    if ((rule->requires & PRIVPOL__BIT(PRIVPOL__COND_OWNING_TENANT)) &&
        ((r->recipient_tenant != NULL && !same_tenant(r->tenant, r->recipient_tenant)) ||
         r->tenant == NULL))
        return deny(d, "owning_tenant", rule->clause, rule->line,
                    "data of tenant '%s' goes to that tenant only, not to '%s'",
                    r->tenant != NULL ? r->tenant : "(none)",
                    r->recipient_tenant != NULL ? r->recipient_tenant : "(none)");
    if (d->level > rule->max_level)
        return deny(d, "recipient_identifiability", rule->clause, rule->line,
                    "recipient '%s' receives %s data at most; this is %s", rname,
                    level_name(rule->max_level), level_name(d->level));
    if (rule->has_categories && (c = first_outside(d->cats, rule->categories)) >= 0)
        return deny(d, "recipient_category", rule->clause, rule->line,
                    "recipient '%s' may not receive category '%s'", rname,
                    privpol__categories[c].id);
    if ((rule->requires & PRIVPOL__BIT(PRIVPOL__COND_LEGAL_REQUIREMENT)) &&
        !(r->flags & PRIVPOL_REQ_LEGAL_REQUIREMENT))
        return deny(d, "legal_requirement", rule->clause, rule->line,
                    "disclosure to recipient '%s' needs a legal requirement", rname);
    if ((rule->requires & PRIVPOL__BIT(PRIVPOL__COND_CONSENT)) &&
        !(r->flags & PRIVPOL_REQ_CONSENT))
        return deny(d, "consent", rule->clause, rule->line,
                    "disclosure to recipient '%s' needs the subject's consent", rname);
    if ((rule->requires & PRIVPOL__BIT(PRIVPOL__COND_RESTRUCTURING)) &&
        !(r->flags & PRIVPOL_REQ_RESTRUCTURING))
        return deny(
            d, "restructuring", rule->clause, rule->line,
            "disclosure to recipient '%s' only in a restructuring, merger or liquidation",
            rname);
    if ((rule->requires & PRIVPOL__BIT(PRIVPOL__COND_NEED_TO_KNOW)) &&
        !(r->flags & PRIVPOL_REQ_NEED_TO_KNOW))
        return deny(d, "need_to_know", rule->clause, rule->line,
                    "recipient '%s' receives data only when its mission needs it", rname);
    if ((rule->requires & PRIVPOL__BIT(PRIVPOL__COND_CONTRACT)) && pt == NULL &&
        !(r->flags & PRIVPOL_REQ_CONTRACT))
        return deny(d, "contract", rule->clause, rule->line,
                    "disclosure to recipient '%s' needs a contract binding it", rname);
    if (pt != NULL && pt->role != role)
        return deny(d, "partner", rule->clause, rule->line,
                    "partner '%s' receives %s data, not %s data", pt->id,
                    role_name(pt->role), role_name(role));
    if (rule->requires & PRIVPOL__BIT(PRIVPOL__COND_TENANT_INSTRUCTION)) {
        if (pt == NULL)
            return deny(
                d, "tenant_instruction", rule->clause, rule->line,
                "recipient '%s' receives tenant data only when the tenant names it",
                rname);
        if (!pt->from_supplement || !d->tenant_terms || pol->tenant == NULL)
            return deny(d, "tenant_instruction", rule->clause, rule->line,
                        "partner '%s' is not named by tenant '%s'", pt->id,
                        r->tenant != NULL ? r->tenant : "(none)");
    }
    if (rule->requires & PRIVPOL__BIT(PRIVPOL__COND_PURPOSE_LIMITATION)) {
        if (pt == NULL)
            return deny(d, "purpose_limitation", rule->clause, rule->line,
                        "recipient '%s' receives data for the purposes of its contract "
                        "only: name "
                        "the partner",
                        rname);
        if (!(pt->purposes & PRIVPOL__PURPOSE_BIT(d->purpose_index)))
            return deny(d, "purpose_limitation", rule->clause, rule->line,
                        "partner '%s' receives no data for purpose '%s'", pt->id,
                        d->purpose->id);
    }
    if (rule->requires & PRIVPOL__BIT(PRIVPOL__COND_MINIMUM_CATEGORIES)) {
        if (pt == NULL)
            return deny(
                d, "minimum_categories", rule->clause, rule->line,
                "recipient '%s' receives its minimum categories only: name the partner",
                rname);
        if ((c = first_outside(d->cats, pt->categories)) >= 0)
            return deny(d, "minimum_categories", rule->clause, rule->line,
                        "category '%s' is not among the minimum categories of partner "
                        "'%s'",
                        privpol__categories[c].id, pt->id);
    }
    if (pt != NULL)
        permit(d, "recipient", pt->clause, pt->line, "%s '%s' for purpose '%s'", rname,
               pt->id, d->purpose->id);
    else
        permit(d, "recipient", rule->clause, rule->line, "%s data to recipient '%s'",
               role_name(role), rname);
    return false;
}

/* 14. §8, §13.2, §16: processing stays in the EU/EEA; outside, an adequacy decision in
 * force (Art. 45; a partial one when the recipient is covered) or a safeguard the policy
 * accepts (Art. 46, 47). */
static bool
check_location(struct decision *d)
{
    const struct privpol__policy_locations *loc = &d->pol->locations;
    const struct privpol__policy_country *cn;
    const char *why = "it has no adequacy decision";
    const char *clause;
    char when[PRIVPOL_TIME_TEXT_SIZE];

    if (d->country == NULL)
        return false;
    cn = privpol__policy_country(d->pol, d->country);
    if (cn != NULL && cn->eea)
        return false;
    if (cn != NULL && cn->adequacy) {
        if (d->at < cn->adequacy_from) {
            why = "its adequacy decision applies only from a later date";
        } else if (d->at >= cn->adequacy_until) {
            why = "its adequacy decision has ended";
            if (privpol_time_format(cn->adequacy_until, when, &(size_t){sizeof when}, NULL) == PRIVPOL_OK)
                why = NULL;
        } else if (cn->partial && !(d->req->flags & PRIVPOL_REQ_ADEQUACY_COVERED)) {
            why = "its adequacy decision is partial and the recipient is not covered";
        } else {
            permit(d, "adequacy", loc->adequacy_clause, cn->line,
                   "%s has an adequacy decision: %s", cn->code, cn->decision);
            return false;
        }
    }
    if (d->safeguard != PRIVPOL_SAFEGUARD_NONE &&
        loc->safeguard_clause[d->safeguard] != NULL) {
        permit(d, "safeguard", loc->safeguard_clause[d->safeguard], 0,
               "transfer to %s under %s", d->country,
               privpol_safeguard_name(d->safeguard));
        return false;
    }
    clause = d->has_recipient ? loc->transfer_clause : loc->processing_clause;
    if (why == NULL)
        return deny(d, d->has_recipient ? "transfer" : "processing_location", clause, 0,
                    "%s is outside the EU/EEA, its adequacy decision ended on %s, and "
                    "there is no safeguard%s",
                    d->country, when,
                    d->safeguard != PRIVPOL_SAFEGUARD_NONE ? " the policy accepts" : "");
    return deny(d, d->has_recipient ? "transfer" : "processing_location", clause, 0,
                "%s is outside the EU/EEA, %s, and there is no safeguard%s", d->country,
                why, d->safeguard != PRIVPOL_SAFEGUARD_NONE ? " the policy accepts" : "");
}

/* ---- public ------------------------------------------------------------------------ */

void
privpol_request_init(privpol_request *request)
{
    static const privpol_request init = PRIVPOL_REQUEST_INIT;
    if (request != NULL)
        *request = init;
}

size_t
privpol_request_size(void)
{
    return sizeof(privpol_request);
}

void
privpol_decision_init(privpol_decision *decision)
{
    if (decision != NULL)
        *decision = (privpol_decision)PRIVPOL_DECISION_INIT;
}

const char *
privpol_verdict_name(privpol_verdict verdict)
{
    return verdict == PRIVPOL_ALLOW ? "allow" : verdict == PRIVPOL_DENY ? "deny" : NULL;
}

privpol_status
privpol_decide(const privpol_ctx *ctx, const privpol_request *request, privpol_decision *out, privpol_error *err)
{
    struct decision d;
    privpol_status st;
    bool (*const checks[])(struct decision *) = {
        check_operation_denied, check_rights,      check_compartments, check_operation,
        check_purpose,          check_geolocation, check_reuse,        check_subject,
        check_categories,       check_recipient,   check_location,
    };

    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(out->version, PRIVPOL_DECISION_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_decision version");
    privpol_decision_init(out);
    if (ctx == NULL || request == NULL)
        return privpol__fail(err, invalid(out, PRIVPOL_EINVAL, "null argument"), out->reason);
    memset(&d, 0, sizeof d);
    d.pol = ctx->policy;
    d.req = request;
    d.out = out;
    /* An unreadable request is an error (err says why) and a denial (check "invalid"),
     * for callers that read only the decision. */
    if ((st = resolve(&d)) != PRIVPOL_OK)
        return privpol__fail(err, st, out->reason);
    for (size_t i = 0; i < sizeof checks / sizeof *checks; i++)
        if (checks[i](&d))
            return PRIVPOL_OK;
    out->verdict = PRIVPOL_ALLOW;
    out->check = d.allow_check;
    out->line = d.allow_line;
    out->clause = d.allow_clause != NULL ? d.allow_clause : "";
    privpol__copy_text(out->reason, sizeof out->reason, d.allow_reason);
    return PRIVPOL_OK;
}
