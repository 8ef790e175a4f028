/* SPDX-License-Identifier: MIT */
/* Layering a tenant's supplement (§3, §10.1) on a policy. The supplemented policy starts
 * as a copy of its base; the supplement may only add (processor purposes, partners,
 * contract terms, retention rules, rotation) or lift the one prohibition the seed lets a
 * customer lift (geolocation, §12.3). Anything that would loosen a rule of the base is
 * refused, naming the rule and its clause (docs/policy-format.md, "Supplements"). */
#include "policy-parse.h"

#include <stdio.h>
#include <string.h>

typedef struct privpol__pnode pnode;
typedef struct privpol__reader reader;

#define TRY(x)                                                                           \
    do {                                                                                 \
        privpol_status try_st_ = (x);                                                    \
        if (try_st_ != PRIVPOL_OK)                                                       \
            return try_st_;                                                              \
    } while (0)

static const char *
or_none(const char *clause)
{
    return clause != NULL ? clause : "no clause";
}

/* A section of the base a supplement may not touch: the rule it would loosen. */
static privpol_status
refuse_section(reader *r, const pnode *key)
{
    const privpol_policy *b = r->base;
    const struct privpol__policy_recipient *owner = privpol__policy_recipient_rule(
        b, PRIVPOL_RECIPIENT_CUSTOMER, PRIVPOL_ROLE_PROCESSOR);
    const char *k = key->text, *rule, *clause;
    char both[160];

    if (strcmp(k, "roles") == 0) {
        rule = "the roles the policy defines";
        clause = or_none(b->roles[PRIVPOL_ROLE_PROCESSOR].clause);
    } else if (strcmp(k, "subjects") == 0) {
        rule = "the data subjects";
        clause = or_none(b->subjects[PRIVPOL_SUBJECT_END_USER].clause);
    } else if (strcmp(k, "categories") == 0) {
        int ip = privpol__category_index("connection.ip_address");
        rule =
            "the categories each role collects (geolocation is enabled in 'geolocation')";
        clause = or_none(b->categories[PRIVPOL_ROLE_PROCESSOR].clause[ip]);
    } else if (strcmp(k, "operations") == 0) {
        rule = "no reveal (re-identification) by a processor";
        clause = or_none(b->operations[PRIVPOL_ROLE_PROCESSOR].clause[PRIVPOL_OP_REVEAL]);
    } else if (strcmp(k, "recipients") == 0) {
        rule =
            "processor data goes to the tenant only (partners are named in 'partners')";
        clause = or_none(owner != NULL ? owner->clause : NULL);
    } else if (strcmp(k, "locations") == 0) {
        snprintf(both, sizeof both, "%s; %s", or_none(b->locations.processing_clause),
                 or_none(b->locations.transfer_clause));
        rule = "processing in the EU/EEA, transfers only with adequacy or a safeguard";
        clause = both;
    } else if (strcmp(k, "rights") == 0) {
        rule = "the subject's rights and their deadlines";
        clause = or_none(b->rights.clause);
    } else if (strcmp(k, "compartmentalization") == 0) {
        rule = "no linking across tenants";
        clause = or_none(b->compartmentalization.clause);
    } else if (strcmp(k, "combination") == 0) {
        rule = "personal if combined";
        clause = or_none(b->combination.clause);
    } else if (strcmp(k, "reuse") == 0) {
        rule = "the controller uses processor data only when non-identifiable";
        clause = or_none(b->reuse.clause);
    } else if (strcmp(k, "security") == 0) {
        rule = "the security measures";
        clause = or_none(b->security.clause);
    } else {
        rule = "the identity of the policy";
        clause = or_none(b->supplements_clause);
    }
    return privpol__pfail(r, key,
                          "a supplement may not change '%s': it would loosen %s (%s)", k,
                          rule, clause);
}

static privpol_status
read_geolocation(reader *r, const pnode *n)
{
    static const char *const keys[] = {"clause", "precise", "imprecise", NULL};
    privpol_policy *pol = r->pol;
    struct privpol__policy_geolocation *g = &pol->geolocation;
    struct privpol__policy_categories *set = &pol->categories[PRIVPOL_ROLE_PROCESSOR];
    const pnode *v;
    const char *clause;
    bool on[2] = {false, false};
    static const char *const names[2] = {"precise", "imprecise"};

    TRY(privpol__ptype(r, n, PRIVPOL__PN_MAP, "geolocation"));
    TRY(privpol__pkeys(r, n, keys, "geolocation"));
    TRY(privpol__preq(r, n, "clause", "geolocation", &v));
    TRY(privpol__pstring(r, v, "geolocation.clause", &clause));
    if (privpol__pget(n, "precise") == NULL && privpol__pget(n, "imprecise") == NULL)
        return privpol__pfail(r, n,
                              "geolocation: say precise: true, imprecise: true, or both");
    for (int i = 0; i < 2; i++) {
        char what[32];
        int c;
        if ((v = privpol__pget(n, names[i])) == NULL)
            continue;
        snprintf(what, sizeof what, "geolocation.%s", names[i]);
        TRY(privpol__pbool(r, v, what, &on[i]));
        if (!on[i])
            continue;
        c = privpol__category_index(i == 0 ? "geolocation.precise"
                                           : "geolocation.imprecise");
        if (i == 0)
            g->precise = true;
        else
            g->imprecise = true;
        if (!(set->allowed & PRIVPOL_CAT_BIT(c))) {
            set->allowed |= PRIVPOL_CAT_BIT(c);
            set->clause[c] = clause;
            set->line[c] = v->line;
        }
    }
    if (on[0] || on[1])
        g->enable_clause = clause;
    return PRIVPOL_OK;
}

static privpol_status
read_purposes(reader *r, const pnode *n)
{
    privpol_policy *pol = r->pol;
    TRY(privpol__ptype(r, n, PRIVPOL__PN_MAP, "purposes"));
    for (const pnode *k = n->first; k != NULL; k = k->next->next) {
        int old = k->type == PRIVPOL__PN_SCALAR
                      ? privpol__policy_purpose_index(pol, k->text)
                      : -1;
        if (old >= 0)
            return privpol__pfail(
                r, k,
                "purpose '%s' is defined by the policy (line %u, %s): a "
                "supplement adds purposes, it does not change them",
                pol->purposes[old].id, pol->purposes[old].line,
                pol->purposes[old].clause);
        if (pol->purpose_count >= PRIVPOL__POLICY_MAX_PURPOSES)
            return privpol__pfail(r, k, "more than %d purposes",
                                  PRIVPOL__POLICY_MAX_PURPOSES);
        TRY(privpol__policy_read_purpose(r, k, k->next,
                                         &pol->purposes[pol->purpose_count]));
        pol->purposes[pol->purpose_count].from_supplement = true;
        r->purpose_node[pol->purpose_count++] = k;
    }
    return PRIVPOL_OK;
}

static privpol_status
read_partners(reader *r, const pnode *n)
{
    privpol_policy *pol = r->pol;
    TRY(privpol__ptype(r, n, PRIVPOL__PN_SEQ, "partners"));
    for (const pnode *item = n->first; item != NULL; item = item->next) {
        struct privpol__policy_partner *pt;
        if (pol->partner_count >= PRIVPOL__POLICY_MAX_PARTNERS)
            return privpol__pfail(r, item, "more than %d partners",
                                  PRIVPOL__POLICY_MAX_PARTNERS);
        pt = &pol->partners[pol->partner_count];
        TRY(privpol__policy_read_partner(r, item, pt));
        TRY(privpol__policy_check_partner(r, pt, item));
        pol->partner_count++;
    }
    return PRIVPOL_OK;
}

static privpol_status
read_retention(reader *r, const pnode *n)
{
    privpol_policy *pol = r->pol;
    const struct privpol__policy_contract *ct = &pol->contract;
    TRY(privpol__ptype(r, n, PRIVPOL__PN_SEQ, "retention"));
    for (const pnode *item = n->first; item != NULL; item = item->next) {
        struct privpol__policy_retention *rule;
        const pnode *v;
        if (pol->retention_count >= PRIVPOL__POLICY_MAX_RETENTION)
            return privpol__pfail(r, item, "more than %d retention rules",
                                  PRIVPOL__POLICY_MAX_RETENTION);
        rule = &pol->retention[pol->retention_count];
        TRY(privpol__policy_read_retention(r, item, rule));
        v = privpol__pget(item, "basis");
        if (rule->basis == PRIVPOL__RETAIN_RELATIONSHIP)
            return privpol__pfail(
                r, v,
                "retention rule '%s': the tenant's data is kept for the "
                "contract's period, never past its end (%s), not for a "
                "relationship",
                rule->id, or_none(ct->clause));
        if (rule->has_period) {
            char p[64], q[64];
            v = privpol__pget(item, "period");
            if (!ct->has_period)
                return privpol__pfail(
                    r, v,
                    "retention rule '%s': a retention period needs the "
                    "contract's period (contract.period) to stay within it "
                    "(§10.1)",
                    rule->id);
            if (privpol_duration_format(&rule->period, p, &(size_t){sizeof p}, NULL) != PRIVPOL_OK ||
                privpol_duration_format(&ct->period, q, &(size_t){sizeof q}, NULL) != PRIVPOL_OK)
                return privpol__fail(r->err, PRIVPOL_EINVAL, "bad duration");
            if (!privpol__duration_le(&rule->period, &ct->period))
                return privpol__pfail(r, v,
                                      "retention rule '%s' keeps data for %s, beyond the "
                                      "contract's period %s (§10.1)",
                                      rule->id, p, q);
        }
        r->retention_node[pol->retention_count++] = item;
    }
    return PRIVPOL_OK;
}

/* True when rule `s` never keeps data longer than rule `b` under the contract `ct`. */
static bool
not_longer(const struct privpol__policy_retention *s,
           const struct privpol__policy_retention *b,
           const struct privpol__policy_contract *ct)
{
    const privpol_duration *sp;
    if (s->basis == PRIVPOL__RETAIN_ANONYMIZE_NOW)
        return true;
    if (b->basis == PRIVPOL__RETAIN_ANONYMIZE_NOW)
        return false;
    /* until_changed ends early when the subject changes or deletes the data */
    if (b->basis == PRIVPOL__RETAIN_UNTIL_CHANGED &&
        s->basis != PRIVPOL__RETAIN_UNTIL_CHANGED)
        return false;
    if (b->basis == PRIVPOL__RETAIN_CONTRACT || b->period_is_contract)
        return true; /* s is within the contract's period and end (read_retention) */
    /* b has a fixed period: s's period (its own or the contract's) must be within it */
    if (s->has_period)
        sp = &s->period;
    else if (ct->has_period)
        sp = &ct->period;
    else
        return false;
    return b->has_period && privpol__duration_le(sp, &b->period);
}

/* A supplement rule that now decides a (purpose, category) of the base must not keep the
 * data longer than the base's rule did. */
static privpol_status
check_retention_not_longer(reader *r)
{
    const privpol_policy *pol = r->pol, *b = r->base;
    for (size_t p = 0; p < b->purpose_count; p++)
        for (int c = 0; c < PRIVPOL__CATEGORY_MAX; c++) {
            uint8_t now = pol->retention_of[p][c], was = b->retention_of[p][c];
            const struct privpol__policy_retention *s, *old;
            const pnode *node;
            if (now == was || now == PRIVPOL__POLICY_NO_RULE ||
                was == PRIVPOL__POLICY_NO_RULE)
                continue;
            s = &pol->retention[now];
            old = &b->retention[was];
            if (not_longer(s, old, &pol->contract))
                continue;
            node = r->retention_node[now];
            return privpol__pfail_at(
                r, node != NULL ? node->line : s->line, node != NULL ? node->column : 0,
                "retention rule '%s' keeps purpose '%s', category '%s' "
                "longer than the policy's rule '%s' (%s)",
                s->id, pol->purposes[p].id, privpol__categories[c].id, old->id,
                old->clause);
        }
    return PRIVPOL_OK;
}

static privpol_status
read_pseudonymization(reader *r, const pnode *n)
{
    static const char *const keys[] = {"clause", "rotation", NULL};
    const pnode *v;
    const char *clause;
    TRY(privpol__ptype(r, n, PRIVPOL__PN_MAP, "pseudonymization"));
    TRY(privpol__pkeys(r, n, keys, "pseudonymization (a supplement sets rotation only)"));
    TRY(privpol__preq(r, n, "clause", "pseudonymization", &v));
    TRY(privpol__pstring(r, v, "pseudonymization.clause", &clause));
    TRY(privpol__preq(r, n, "rotation", "pseudonymization", &v));
    return privpol__policy_read_rotation(r, v);
}

privpol_status
privpol__supplement_load_tree(reader *r, const pnode *root)
{
    static const char *const keys[] = {
        "privpol-supplement", "tenant",      "extends",  "version",  "reference",
        "contract",           "geolocation", "purposes", "partners", "retention",
        "pseudonymization",   "transforms",  NULL};
    static const char *const base_only[] = {"privpol-policy", "id",
                                            "title",          "source",
                                            "organization",   "supplements",
                                            "roles",          "subjects",
                                            "categories",     "operations",
                                            "recipients",     "locations",
                                            "rights",         "compartmentalization",
                                            "combination",    "reuse",
                                            "security",       NULL};
    privpol_policy *pol = r->pol;
    const privpol_policy *b = r->base;
    const pnode *v;
    unsigned format;
    char buf[48];

    if (root->type != PRIVPOL__PN_MAP)
        return privpol__pfail(r, root, "a supplement is a mapping of sections");
    if ((v = privpol__pget(root, "privpol-supplement")) == NULL) {
        if (privpol__pget(root, "privpol-policy") != NULL)
            return privpol__pfail(r, root,
                                  "this is a policy (privpol-policy), not a supplement");
        return privpol__pfail(r, root,
                              "not a supplement: missing 'privpol-supplement: 1'");
    }
    TRY(privpol__puint(r, v, "privpol-supplement", 0, 1000000, &format));
    if (format != 1)
        return privpol__pfail(r, v,
                              "supplement format version %u is not supported (this "
                              "library reads version 1)",
                              format);
    for (const pnode *k = root->first; k != NULL; k = k->next->next)
        for (size_t i = 0; base_only[i] != NULL; i++)
            if (strcmp(k->text, base_only[i]) == 0)
                return refuse_section(r, k);
    TRY(privpol__pkeys(r, root, keys, "the supplement"));

    TRY(privpol__preq(r, root, "extends", "the supplement", &v));
    if (v->type != PRIVPOL__PN_SCALAR || strcmp(v->text, b->id) != 0)
        return privpol__pfail(r, v, "the supplement extends '%s', but the policy is '%s'",
                              privpol__pshow(v, buf), b->id);
    if (!b->supplements_allowed)
        return privpol__pfail(r, v,
                              "policy '%s' does not allow supplements (supplements%s%s)",
                              b->id, b->supplements_clause != NULL ? ", " : "",
                              b->supplements_clause != NULL ? b->supplements_clause : "");
    TRY(privpol__preq(r, root, "tenant", "the supplement", &v));
    TRY(privpol__pid(r, v, "tenant", &pol->tenant));
    TRY(privpol__popt_string(r, root, "version", "version", &pol->supplement_version));
    TRY(privpol__popt_string(r, root, "reference", "reference",
                             &pol->supplement_reference));

    if ((v = privpol__pget(root, "contract")) != NULL)
        TRY(privpol__policy_read_contract(r, v));
    if ((v = privpol__pget(root, "geolocation")) != NULL)
        TRY(read_geolocation(r, v));
    if ((v = privpol__pget(root, "purposes")) != NULL)
        TRY(read_purposes(r, v));
    if ((v = privpol__pget(root, "partners")) != NULL)
        TRY(read_partners(r, v));
    if ((v = privpol__pget(root, "retention")) != NULL)
        TRY(read_retention(r, v));
    TRY(privpol__policy_resolve_retention(r));
    TRY(check_retention_not_longer(r));
    if ((v = privpol__pget(root, "pseudonymization")) != NULL)
        TRY(read_pseudonymization(r, v));
    if ((v = privpol__pget(root, "transforms")) != NULL)
        TRY(privpol__supplement_read_transforms(r, v));
    /* purposes the supplement added never keep `unknown` through the default */
    return privpol__policy_check_transforms(r);
}
