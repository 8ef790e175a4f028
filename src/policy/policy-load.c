/* SPDX-License-Identifier: MIT */
/* Reading a full policy (`privpol-policy: 1`) from its node tree into the model, section
 * by section, then the checks that need several sections at once. The order of the
 * sections in the file does not matter; they are read here in dependency order (roles
 * before subjects, categories before purposes, ...). */
#include "policy-parse.h"

#include <stdio.h>
#include <string.h>

typedef struct privpol__pnode pnode;
typedef struct privpol__reader reader;

#define MAP PRIVPOL__PN_MAP
#define SEQ PRIVPOL__PN_SEQ
#define TRY(x)                                                                           \
    do {                                                                                 \
        privpol_status try_st_ = (x);                                                    \
        if (try_st_ != PRIVPOL_OK)                                                       \
            return try_st_;                                                              \
    } while (0)

static bool
is(const pnode *n, const char *s)
{
    return n != NULL && n->type == PRIVPOL__PN_SCALAR && strcmp(n->text, s) == 0;
}

static const char *
cat_id(int c)
{
    return privpol__categories[c].id;
}

/* A mapping with only `keys`, the required ones (marked with a leading '!') present. */
static privpol_status
check_map(reader *r, const pnode *n, const char *const *keys, const char *what)
{
    const char *plain[40];
    size_t i;
    TRY(privpol__ptype(r, n, MAP, what));
    for (i = 0; keys[i] != NULL && i < 39; i++)
        plain[i] = keys[i][0] == '!' ? keys[i] + 1 : keys[i];
    plain[i] = NULL;
    TRY(privpol__pkeys(r, n, plain, what));
    for (i = 0; keys[i] != NULL; i++)
        if (keys[i][0] == '!' && privpol__pget(n, keys[i] + 1) == NULL)
            return privpol__pfail(r, n, "%s: missing required key '%s'", what,
                                  keys[i] + 1);
    return PRIVPOL_OK;
}

static privpol_status
req_string(reader *r, const pnode *map, const char *key, const char *what,
           const char **out)
{
    char w[160];
    snprintf(w, sizeof w, "%s.%s", what, key);
    return privpol__pstring(r, privpol__pget(map, key), w, out);
}

static privpol_status
opt_string(reader *r, const pnode *map, const char *key, const char *what,
           const char **out)
{
    char w[160];
    snprintf(w, sizeof w, "%s.%s", what, key);
    return privpol__popt_string(r, map, key, w, out);
}

/* `roles: [..]`: a non-empty list of roles the policy defines. */
static privpol_status
read_role_list(reader *r, const pnode *n, const char *what, unsigned *out)
{
    TRY(privpol__pmask(r, n, privpol__role_names, PRIVPOL__POLICY_ROLES, "role", out));
    if (*out == 0)
        return privpol__pfail(r, n, "%s: the list of roles is empty", what);
    for (const pnode *i = n->first; i != NULL; i = i->next) {
        unsigned v = 0;
        TRY(privpol__penum(r, i, privpol__role_names, PRIVPOL__POLICY_ROLES, "role", &v));
        if (!r->pol->roles[v].present)
            return privpol__pfail(r, i, "%s: role '%s' is not defined in roles", what,
                                  privpol__role_names[v]);
    }
    return PRIVPOL_OK;
}

static privpol_status
read_role(reader *r, const pnode *n, const char *what, privpol_role *out)
{
    unsigned v;
    TRY(privpol__penum(r, n, privpol__role_names, PRIVPOL__POLICY_ROLES, "role", &v));
    if (!r->pol->roles[v].present)
        return privpol__pfail(r, n, "%s: role '%s' is not defined in roles", what,
                              privpol__role_names[v]);
    *out = (privpol_role)v;
    return PRIVPOL_OK;
}

/* ---- identity ---------------------------------------------------------------------- */

static privpol_status
read_organization(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "name",    "address", "email",
                                       "dpo",     "website", NULL};
    struct privpol__policy_organization *o = &r->pol->organization;
    TRY(check_map(r, n, keys, "organization"));
    TRY(req_string(r, n, "clause", "organization", &o->clause));
    TRY(opt_string(r, n, "name", "organization", &o->name));
    TRY(opt_string(r, n, "address", "organization", &o->address));
    TRY(opt_string(r, n, "email", "organization", &o->email));
    TRY(opt_string(r, n, "dpo", "organization", &o->dpo));
    TRY(opt_string(r, n, "website", "organization", &o->website));
    o->present = true;
    return PRIVPOL_OK;
}

static privpol_status
read_supplements(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!allowed", NULL};
    TRY(check_map(r, n, keys, "supplements"));
    TRY(req_string(r, n, "clause", "supplements", &r->pol->supplements_clause));
    return privpol__pbool(r, privpol__pget(n, "allowed"), "supplements.allowed",
                          &r->pol->supplements_allowed);
}

/* ---- roles, subjects --------------------------------------------------------------- */

static privpol_status
read_roles(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "description", NULL};
    TRY(privpol__ptype(r, n, MAP, "roles"));
    if (n->count == 0)
        return privpol__pfail(r, n, "roles: at least one role is needed");
    for (const pnode *k = n->first; k != NULL; k = k->next->next) {
        unsigned v;
        char what[64];
        struct privpol__policy_role *role;
        TRY(privpol__penum(r, k, privpol__role_names, PRIVPOL__POLICY_ROLES, "role", &v));
        role = &r->pol->roles[v];
        snprintf(what, sizeof what, "roles.%s", privpol__role_names[v]);
        TRY(check_map(r, k->next, keys, what));
        TRY(req_string(r, k->next, "clause", what, &role->clause));
        TRY(opt_string(r, k->next, "description", what, &role->description));
        role->present = true;
        role->line = k->line;
    }
    return PRIVPOL_OK;
}

static privpol_status
read_subjects(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!roles", "description", NULL};
    TRY(privpol__ptype(r, n, MAP, "subjects"));
    if (n->count == 0)
        return privpol__pfail(r, n, "subjects: at least one data subject type is needed");
    for (const pnode *k = n->first; k != NULL; k = k->next->next) {
        unsigned v;
        char what[64];
        struct privpol__policy_subject *s;
        TRY(privpol__penum(r, k, privpol__subject_names, PRIVPOL__SUBJECT_COUNT,
                           "data subject type", &v));
        s = &r->pol->subjects[v];
        snprintf(what, sizeof what, "subjects.%s", privpol__subject_names[v]);
        TRY(check_map(r, k->next, keys, what));
        TRY(req_string(r, k->next, "clause", what, &s->clause));
        TRY(opt_string(r, k->next, "description", what, &s->description));
        TRY(read_role_list(r, privpol__pget(k->next, "roles"), what, &s->roles));
        s->present = true;
        s->line = k->line;
    }
    return PRIVPOL_OK;
}

/* ---- categories, geolocation ------------------------------------------------------- */

static privpol_status
read_geolocation(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!precise", "!imprecise", "enabled_by",
                                       NULL};
    struct privpol__policy_geolocation *g = &r->pol->geolocation;
    TRY(check_map(r, n, keys, "geolocation"));
    TRY(req_string(r, n, "clause", "geolocation", &g->clause));
    TRY(opt_string(r, n, "enabled_by", "geolocation", &g->enable_clause));
    TRY(privpol__pbool(r, privpol__pget(n, "precise"), "geolocation.precise",
                       &g->precise));
    TRY(privpol__pbool(r, privpol__pget(n, "imprecise"), "geolocation.imprecise",
                       &g->imprecise));
    g->line = n->line;
    return PRIVPOL_OK;
}

/* Allow category c to the roles of mask, citing clause; refuses geolocation while it is
 * off, `unknown`, and a category a rule already allows. */
static privpol_status
allow_category(reader *r, const pnode *item, int c, unsigned roles, const char *clause)
{
    const struct privpol__policy_geolocation *g = &r->pol->geolocation;
    int precise = privpol__category_index("geolocation.precise");
    int imprecise = privpol__category_index("geolocation.imprecise");
    if (c == privpol__category_index("unknown"))
        return privpol__pfail(r, item,
                              "category 'unknown' can never be allowed (fail closed)");
    if ((c == precise && !g->precise) || (c == imprecise && !g->imprecise))
        return privpol__pfail(
            r, item,
            "category '%s' is allowed here but geolocation is not collected "
            "(geolocation, %s)",
            cat_id(c), g->clause);
    for (unsigned role = 0; role < PRIVPOL__POLICY_ROLES; role++) {
        struct privpol__policy_categories *set = &r->pol->categories[role];
        if (!(roles & PRIVPOL__BIT(role)))
            continue;
        if (set->allowed & PRIVPOL_CAT_BIT(c))
            return privpol__pfail(r, item,
                                  "category '%s' is already allowed to the %s (line %u)",
                                  cat_id(c), privpol__role_names[role], set->line[c]);
        set->allowed |= PRIVPOL_CAT_BIT(c);
        set->clause[c] = clause;
        set->line[c] = item->line;
    }
    return PRIVPOL_OK;
}

static privpol_status
read_categories(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!roles", "!clause", "!allowed", NULL};
    TRY(privpol__ptype(r, n, SEQ, "categories"));
    for (const pnode *rule = n->first; rule != NULL; rule = rule->next) {
        unsigned roles;
        const char *clause;
        const pnode *allowed;
        privpol__catset set;
        TRY(check_map(r, rule, keys, "a categories rule"));
        TRY(read_role_list(r, privpol__pget(rule, "roles"), "categories", &roles));
        TRY(req_string(r, rule, "clause", "categories", &clause));
        allowed = privpol__pget(rule, "allowed");
        TRY(privpol__pcatset(r, allowed, "categories.allowed", &set));
        if (set == 0)
            return privpol__pfail(r, allowed, "categories.allowed: the list is empty");
        for (const pnode *i = allowed->first; i != NULL; i = i->next)
            TRY(allow_category(r, i, privpol__category_index(i->text), roles, clause));
    }
    return PRIVPOL_OK;
}

/* ---- operations -------------------------------------------------------------------- */

static privpol_status
read_operations(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!roles", "!clause", "allowed", "denied", NULL};
    TRY(privpol__ptype(r, n, SEQ, "operations"));
    for (const pnode *rule = n->first; rule != NULL; rule = rule->next) {
        unsigned roles, mask;
        const char *clause;
        TRY(check_map(r, rule, keys, "an operations rule"));
        TRY(read_role_list(r, privpol__pget(rule, "roles"), "operations", &roles));
        TRY(req_string(r, rule, "clause", "operations", &clause));
        if (privpol__pget(rule, "allowed") == NULL &&
            privpol__pget(rule, "denied") == NULL)
            return privpol__pfail(r, rule,
                                  "an operations rule needs 'allowed' or 'denied'");
        for (int deny = 0; deny < 2; deny++) {
            const pnode *list = privpol__pget(rule, deny ? "denied" : "allowed");
            if (list == NULL)
                continue;
            TRY(privpol__pmask(r, list, privpol__operation_names,
                               PRIVPOL__OPERATION_COUNT, "operation", &mask));
            for (const pnode *i = list->first; i != NULL; i = i->next) {
                unsigned op = 0;
                TRY(privpol__penum(r, i, privpol__operation_names,
                                   PRIVPOL__OPERATION_COUNT, "operation", &op));
                for (unsigned role = 0; role < PRIVPOL__POLICY_ROLES; role++) {
                    struct privpol__policy_operations *o = &r->pol->operations[role];
                    if (!(roles & PRIVPOL__BIT(role)))
                        continue;
                    if ((o->allowed | o->denied) & PRIVPOL__BIT(op))
                        return privpol__pfail(
                            r, i, "operation '%s' is already %s to the %s (line %u)",
                            privpol__operation_names[op],
                            (o->allowed & PRIVPOL__BIT(op)) ? "allowed" : "denied",
                            privpol__role_names[role], o->line[op]);
                    if (!deny && role == PRIVPOL_ROLE_PROCESSOR &&
                        op == PRIVPOL_OP_REVEAL)
                        return privpol__pfail(r, i,
                                              "a processor never reveals (re-identifies) "
                                              "pseudonyms (§7.2, §7.6)");
                    if (deny)
                        o->denied |= PRIVPOL__BIT(op);
                    else
                        o->allowed |= PRIVPOL__BIT(op);
                    o->clause[op] = clause;
                    o->line[op] = i->line;
                }
            }
        }
    }
    return PRIVPOL_OK;
}

/* ---- purposes ---------------------------------------------------------------------- */

privpol_status
privpol__policy_read_purpose(reader *r, const pnode *k, const pnode *v,
                             struct privpol__policy_purpose *p)
{
    static const char *const keys[] = {"role",      "!clause",     "description",
                                       "!subjects", "!categories", "operations",
                                       "objection", "anonymize",   NULL};
    privpol_policy *pol = r->pol;
    const pnode *n;
    char what[96];
    memset(p, 0, sizeof *p);
    TRY(privpol__pid(r, k, "a purpose id", &p->id));
    snprintf(what, sizeof what, "purposes.%s", p->id);
    TRY(check_map(r, v, keys, what));
    if ((n = privpol__pget(v, "role")) != NULL) {
        TRY(read_role(r, n, what, &p->role));
        if (r->supplement && p->role != PRIVPOL_ROLE_PROCESSOR)
            return privpol__pfail(
                r, n,
                "%s: a supplement adds processor purposes only: its tenant's "
                "purposes (%s)",
                what, pol->roles[PRIVPOL_ROLE_PROCESSOR].clause);
    } else if (r->supplement) {
        p->role = PRIVPOL_ROLE_PROCESSOR;
    } else {
        return privpol__pfail(r, v, "%s: missing required key 'role'", what);
    }
    TRY(req_string(r, v, "clause", what, &p->clause));
    TRY(opt_string(r, v, "description", what, &p->description));

    n = privpol__pget(v, "subjects");
    TRY(privpol__pmask(r, n, privpol__subject_names, PRIVPOL__SUBJECT_COUNT,
                       "data subject type", &p->subjects));
    if (p->subjects == 0)
        return privpol__pfail(r, n, "%s.subjects: the list is empty", what);
    for (const pnode *i = n->first; i != NULL; i = i->next) {
        unsigned s = 0;
        TRY(privpol__penum(r, i, privpol__subject_names, PRIVPOL__SUBJECT_COUNT,
                           "data subject type", &s));
        if (!pol->subjects[s].present ||
            !(pol->subjects[s].roles & PRIVPOL__BIT(p->role)))
            return privpol__pfail(
                r, i, "%s: data subject '%s' is not one of the %s (subjects)", what,
                privpol__subject_names[s], privpol__role_names[p->role]);
    }

    n = privpol__pget(v, "categories");
    TRY(privpol__pcatset(r, n, "categories", &p->categories));
    if (p->categories == 0)
        return privpol__pfail(r, n, "%s.categories: the list is empty", what);
    for (const pnode *i = n->first; i != NULL; i = i->next) {
        int c = privpol__category_index(i->text);
        const struct privpol__policy_geolocation *g = &pol->geolocation;
        if (pol->categories[p->role].allowed & PRIVPOL_CAT_BIT(c))
            continue;
        if ((c == privpol__category_index("geolocation.precise") && !g->precise) ||
            (c == privpol__category_index("geolocation.imprecise") && !g->imprecise))
            return privpol__pfail(
                r, i, "%s: geolocation is not collected (%s)%s", what, g->clause,
                r->supplement ? "; enable it in the supplement's geolocation" : "");
        return privpol__pfail(r, i,
                              "%s: category '%s' is not collected by the %s (categories)",
                              what, cat_id(c), privpol__role_names[p->role]);
    }

    p->operations = pol->operations[p->role].allowed;
    if ((n = privpol__pget(v, "operations")) != NULL) {
        TRY(privpol__pmask(r, n, privpol__operation_names, PRIVPOL__OPERATION_COUNT,
                           "operation", &p->operations));
        for (const pnode *i = n->first; i != NULL; i = i->next) {
            unsigned op = 0;
            const struct privpol__policy_operations *o = &pol->operations[p->role];
            TRY(privpol__penum(r, i, privpol__operation_names, PRIVPOL__OPERATION_COUNT,
                               "operation", &op));
            if (!(o->allowed & PRIVPOL__BIT(op)))
                return privpol__pfail(
                    r, i, "%s: operation '%s' is %s to the %s%s%s%s", what,
                    privpol__operation_names[op],
                    (o->denied & PRIVPOL__BIT(op)) ? "denied" : "not allowed",
                    privpol__role_names[p->role], o->clause[op] != NULL ? " (" : "",
                    o->clause[op] != NULL ? o->clause[op] : "",
                    o->clause[op] != NULL ? ")" : "");
        }
    }
    TRY(opt_string(r, v, "objection", what, &p->objection));
    TRY(opt_string(r, v, "anonymize", what, &p->anonymize));
    p->line = k->line;
    return PRIVPOL_OK;
}

static privpol_status
read_purposes(reader *r, const pnode *n)
{
    privpol_policy *pol = r->pol;
    TRY(privpol__ptype(r, n, MAP, "purposes"));
    if (n->count == 0)
        return privpol__pfail(r, n, "purposes: at least one purpose is needed");
    for (const pnode *k = n->first; k != NULL; k = k->next->next) {
        if (pol->purpose_count >= PRIVPOL__POLICY_MAX_PURPOSES)
            return privpol__pfail(r, k, "more than %d purposes",
                                  PRIVPOL__POLICY_MAX_PURPOSES);
        TRY(privpol__policy_read_purpose(r, k, k->next,
                                         &pol->purposes[pol->purpose_count]));
        r->purpose_node[pol->purpose_count++] = k;
    }
    return PRIVPOL_OK;
}

/* ---- recipients, partners ---------------------------------------------------------- */

static privpol_status
read_recipients(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!recipient",  "!roles",   "!clause",
                                       "description", "requires", "max_identifiability",
                                       "categories",  NULL};
    privpol_policy *pol = r->pol;
    TRY(privpol__ptype(r, n, SEQ, "recipients"));
    for (const pnode *item = n->first; item != NULL; item = item->next) {
        struct privpol__policy_recipient *rule;
        const pnode *v;
        unsigned kind;
        if (pol->recipient_count >= PRIVPOL__POLICY_MAX_RECIPIENT_RULES)
            return privpol__pfail(r, item, "more than %d recipient rules",
                                  PRIVPOL__POLICY_MAX_RECIPIENT_RULES);
        rule = &pol->recipients[pol->recipient_count];
        TRY(check_map(r, item, keys, "a recipients rule"));
        TRY(privpol__penum(r, privpol__pget(item, "recipient"), privpol__recipient_names,
                           PRIVPOL__RECIPIENT_COUNT, "recipient", &kind));
        rule->recipient = (privpol_recipient)kind;
        TRY(read_role_list(r, privpol__pget(item, "roles"), "recipients", &rule->roles));
        for (size_t j = 0; j < pol->recipient_count; j++)
            if (pol->recipients[j].recipient == rule->recipient &&
                (pol->recipients[j].roles & rule->roles))
                return privpol__pfail(
                    r, item,
                    "a second rule for recipient '%s' and the same role "
                    "(first at line %u)",
                    privpol__recipient_names[kind], pol->recipients[j].line);
        TRY(req_string(r, item, "clause", "recipients", &rule->clause));
        TRY(opt_string(r, item, "description", "recipients", &rule->description));
        if ((v = privpol__pget(item, "requires")) != NULL)
            TRY(privpol__pmask(r, v, privpol__condition_names, PRIVPOL__CONDITION_COUNT,
                               "condition", &rule->requires));
        rule->max_level = PRIVPOL_PERSONAL;
        if ((v = privpol__pget(item, "max_identifiability")) != NULL)
            TRY(privpol__plevel(r, v, "identifiability level", &rule->max_level));
        if ((v = privpol__pget(item, "categories")) != NULL) {
            TRY(privpol__pcatset(r, v, "recipients.categories", &rule->categories));
            rule->has_categories = true;
        }
        rule->line = item->line;
        pol->recipient_count++;
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__policy_read_partner(reader *r, const pnode *n,
                             struct privpol__policy_partner *pt)
{
    static const char *const keys[] = {
        "!id",      "name",      "!recipient", "role",        "!purposes", "!categories",
        "!country", "safeguard", "!clause",    "description", NULL};
    privpol_policy *pol = r->pol;
    const pnode *v;
    unsigned u;
    char what[96];
    memset(pt, 0, sizeof *pt);
    TRY(check_map(r, n, keys, "a partner"));
    TRY(privpol__pid(r, privpol__pget(n, "id"), "partners.id", &pt->id));
    snprintf(what, sizeof what, "partners.%s", pt->id);
    for (size_t j = 0; j < pol->partner_count; j++)
        if (strcmp(pol->partners[j].id, pt->id) == 0)
            return privpol__pfail(r, privpol__pget(n, "id"),
                                  "partner '%s' is named twice (first at line %u)",
                                  pt->id, pol->partners[j].line);
    TRY(opt_string(r, n, "name", what, &pt->name));
    TRY(privpol__penum(r, privpol__pget(n, "recipient"), privpol__recipient_names,
                       PRIVPOL__RECIPIENT_COUNT, "recipient", &u));
    pt->recipient = (privpol_recipient)u;
    if ((v = privpol__pget(n, "role")) != NULL) {
        TRY(read_role(r, v, what, &pt->role));
        if (r->supplement && pt->role != PRIVPOL_ROLE_PROCESSOR)
            return privpol__pfail(r, v,
                                  "%s: a supplement names recipients of its tenant's "
                                  "(processor) data only (%s)",
                                  what, pol->roles[PRIVPOL_ROLE_PROCESSOR].clause);
    } else if (r->supplement) {
        pt->role = PRIVPOL_ROLE_PROCESSOR;
    } else {
        return privpol__pfail(r, n, "%s: missing required key 'role'", what);
    }
    v = privpol__pget(n, "purposes");
    TRY(privpol__ptype(r, v, SEQ, "partners.purposes"));
    if (v->count == 0)
        return privpol__pfail(r, v, "%s.purposes: the list is empty", what);
    for (const pnode *i = v->first; i != NULL; i = i->next) {
        int p;
        char buf[48];
        if (i->type != PRIVPOL__PN_SCALAR ||
            (p = privpol__policy_purpose_index(pol, i->text)) < 0)
            return privpol__pfail(r, i, "%s: unknown purpose '%s'", what,
                                  privpol__pshow(i, buf));
        if (pol->purposes[p].role != pt->role)
            return privpol__pfail(r, i, "%s: purpose '%s' is not a %s purpose", what,
                                  pol->purposes[p].id, privpol__role_names[pt->role]);
        if (pt->purposes & PRIVPOL__PURPOSE_BIT(p))
            return privpol__pfail(r, i, "%s: purpose '%s' listed twice", what,
                                  pol->purposes[p].id);
        pt->purposes |= PRIVPOL__PURPOSE_BIT(p);
    }
    v = privpol__pget(n, "categories");
    TRY(privpol__pcatset(r, v, "partners.categories", &pt->categories));
    if (pt->categories == 0)
        return privpol__pfail(r, v, "%s.categories: the list is empty", what);
    TRY(privpol__pcountry(r, privpol__pget(n, "country"), pt->country));
    pt->safeguard = PRIVPOL_SAFEGUARD_NONE;
    if ((v = privpol__pget(n, "safeguard")) != NULL) {
        TRY(privpol__penum(r, v, privpol__safeguard_names, PRIVPOL__SAFEGUARD_COUNT,
                           "safeguard", &u));
        pt->safeguard = (privpol_safeguard)u;
    }
    TRY(req_string(r, n, "clause", what, &pt->clause));
    TRY(opt_string(r, n, "description", what, &pt->description));
    pt->from_supplement = r->supplement;
    pt->line = n->line;
    return PRIVPOL_OK;
}

/* The node of key `key` in partner node n, or n itself. */
static const pnode *
at(const pnode *n, const char *key)
{
    const pnode *v = privpol__pget(n, key);
    return v != NULL ? v : n;
}

privpol_status
privpol__policy_check_partner(reader *r, const struct privpol__policy_partner *pt,
                              const pnode *node)
{
    const privpol_policy *pol = r->pol;
    const struct privpol__policy_recipient *rule;
    const struct privpol__policy_country *country;
    privpol__catset used = 0;
    const char *role = privpol__role_names[pt->role];

    if (pt->recipient != PRIVPOL_RECIPIENT_SUBCONTRACTOR &&
        pt->recipient != PRIVPOL_RECIPIENT_PARTNER &&
        pt->recipient != PRIVPOL_RECIPIENT_AFFILIATE)
        return privpol__pfail(
            r, at(node, "recipient"),
            "partner '%s': a named recipient is a subcontractor, partner or "
            "affiliate, not '%s'",
            pt->id, privpol__recipient_names[pt->recipient]);
    if ((rule = privpol__policy_recipient_rule(pol, pt->recipient, pt->role)) == NULL) {
        const struct privpol__policy_recipient *owner =
            privpol__policy_recipient_rule(pol, PRIVPOL_RECIPIENT_CUSTOMER, pt->role);
        if (pt->role == PRIVPOL_ROLE_PROCESSOR)
            return privpol__pfail(
                r, at(node, "recipient"),
                "partner '%s': processor data goes to the tenant only%s%s%s; "
                "no recipients rule lets it go to a %s",
                pt->id, owner != NULL ? " (" : "", owner != NULL ? owner->clause : "",
                owner != NULL ? ")" : "", privpol__recipient_names[pt->recipient]);
        return privpol__pfail(r, at(node, "recipient"),
                              "partner '%s': no recipients rule lets %s data go to a %s",
                              pt->id, role, privpol__recipient_names[pt->recipient]);
    }
    for (size_t p = 0; p < pol->purpose_count; p++)
        if (pt->purposes & PRIVPOL__PURPOSE_BIT(p))
            used |= pol->purposes[p].categories;
    for (int c = 0; c < PRIVPOL__CATEGORY_MAX; c++) {
        if (!(pt->categories & PRIVPOL_CAT_BIT(c)))
            continue;
        if (!(used & PRIVPOL_CAT_BIT(c)))
            return privpol__pfail(
                r, at(node, "categories"),
                "partner '%s': category '%s' is used by none of its purposes "
                "(minimum categories, %s)",
                pt->id, cat_id(c), rule->clause);
        if (rule->has_categories && !(rule->categories & PRIVPOL_CAT_BIT(c)))
            return privpol__pfail(r, at(node, "categories"),
                                  "partner '%s': category '%s' may not go to a %s (%s)",
                                  pt->id, cat_id(c),
                                  privpol__recipient_names[pt->recipient], rule->clause);
    }
    country = privpol__policy_country(pol, pt->country);
    if (pt->safeguard != PRIVPOL_SAFEGUARD_NONE &&
        pol->locations.safeguard_clause[pt->safeguard] == NULL)
        return privpol__pfail(
            r, at(node, "safeguard"),
            "partner '%s': the policy does not accept the safeguard '%s' "
            "(locations.safeguards)",
            pt->id, privpol__safeguard_names[pt->safeguard]);
    if ((country == NULL || (!country->eea && !country->adequacy)) &&
        pt->safeguard == PRIVPOL_SAFEGUARD_NONE)
        return privpol__pfail(
            r, at(node, "country"),
            "partner '%s': transfer to %s, outside the EU/EEA, without an "
            "adequacy decision or a safeguard (%s)",
            pt->id, pt->country,
            pol->locations.transfer_clause != NULL ? pol->locations.transfer_clause
                                                   : "GDPR Art. 44-47");
    return PRIVPOL_OK;
}

static privpol_status
read_partners(reader *r, const pnode *n)
{
    privpol_policy *pol = r->pol;
    TRY(privpol__ptype(r, n, SEQ, "partners"));
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

/* ---- locations --------------------------------------------------------------------- */

static privpol_status
add_country(reader *r, const pnode *item, struct privpol__policy_country **out)
{
    struct privpol__policy_locations *loc = &r->pol->locations;
    char code[3];
    const struct privpol__policy_country *old;
    TRY(privpol__pcountry(r, item, code));
    if ((old = privpol__policy_country(r->pol, code)) != NULL)
        return privpol__pfail(
            r, item, "country %s is listed twice (first at line %u)%s", code, old->line,
            old->eea ? ": it is in the EU/EEA and needs no adequacy decision" : "");
    if (loc->country_count >= PRIVPOL__POLICY_MAX_COUNTRIES)
        return privpol__pfail(r, item, "more than %d countries",
                              PRIVPOL__POLICY_MAX_COUNTRIES);
    *out = &loc->countries[loc->country_count++];
    memcpy((*out)->code, code, 3);
    (*out)->line = item->line;
    (*out)->adequacy_until = INT64_MAX;
    return PRIVPOL_OK;
}

static privpol_status
read_adequacy(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!decisions", NULL};
    static const char *const dkeys[] = {"!country", "!from", "until", "!decision",
                                        "partial",  "note",  NULL};
    const pnode *list;
    TRY(check_map(r, n, keys, "locations.adequacy"));
    TRY(req_string(r, n, "clause", "locations.adequacy",
                   &r->pol->locations.adequacy_clause));
    list = privpol__pget(n, "decisions");
    TRY(privpol__ptype(r, list, SEQ, "locations.adequacy.decisions"));
    for (const pnode *d = list->first; d != NULL; d = d->next) {
        struct privpol__policy_country *c;
        const pnode *v;
        TRY(check_map(r, d, dkeys, "an adequacy decision"));
        TRY(add_country(r, privpol__pget(d, "country"), &c));
        c->adequacy = true;
        TRY(privpol__pdate(r, privpol__pget(d, "from"), "from", &c->adequacy_from));
        if ((v = privpol__pget(d, "until")) != NULL) {
            TRY(privpol__pdate(r, v, "until", &c->adequacy_until));
            if (c->adequacy_until <= c->adequacy_from)
                return privpol__pfail(r, v, "adequacy of %s: 'until' is not after 'from'",
                                      c->code);
        }
        TRY(req_string(r, d, "decision", "an adequacy decision", &c->decision));
        TRY(opt_string(r, d, "note", "an adequacy decision", &c->note));
        if ((v = privpol__pget(d, "partial")) != NULL)
            TRY(privpol__pbool(r, v, "partial", &c->partial));
    }
    return PRIVPOL_OK;
}

static privpol_status
read_locations(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!processing", "!eea",        "!transfers",
                                       "!adequacy",   "!safeguards", NULL};
    static const char *const pkeys[] = {"!clause", "!region", "!data_centers", NULL};
    static const char *const ekeys[] = {"!clause", "!countries", NULL};
    static const char *const tkeys[] = {"!clause", NULL};
    static const char *const regions[] = {"eea"};
    struct privpol__policy_locations *loc = &r->pol->locations;
    const pnode *p, *e, *list, *s;
    unsigned region;

    TRY(check_map(r, n, keys, "locations"));
    e = privpol__pget(n, "eea");
    TRY(check_map(r, e, ekeys, "locations.eea"));
    TRY(req_string(r, e, "clause", "locations.eea", &loc->eea_clause));
    list = privpol__pget(e, "countries");
    TRY(privpol__ptype(r, list, SEQ, "locations.eea.countries"));
    if (list->count == 0)
        return privpol__pfail(r, list, "locations.eea.countries: the list is empty");
    for (const pnode *i = list->first; i != NULL; i = i->next) {
        struct privpol__policy_country *c;
        TRY(add_country(r, i, &c));
        c->eea = true;
    }
    TRY(read_adequacy(r, privpol__pget(n, "adequacy")));

    p = privpol__pget(n, "processing");
    TRY(check_map(r, p, pkeys, "locations.processing"));
    TRY(req_string(r, p, "clause", "locations.processing", &loc->processing_clause));
    TRY(privpol__penum(r, privpol__pget(p, "region"), regions, 1, "processing region",
                       &region));
    list = privpol__pget(p, "data_centers");
    TRY(privpol__ptype(r, list, SEQ, "locations.processing.data_centers"));
    if (list->count == 0)
        return privpol__pfail(r, list,
                              "locations.processing.data_centers: the list is empty");
    for (const pnode *i = list->first; i != NULL; i = i->next) {
        char code[3];
        const struct privpol__policy_country *c;
        TRY(privpol__pcountry(r, i, code));
        if ((c = privpol__policy_country(r->pol, code)) == NULL || !c->eea)
            return privpol__pfail(r, i,
                                  "data center country %s is outside the EU/EEA, where "
                                  "processing stays (%s)",
                                  code, loc->processing_clause);
        for (size_t j = 0; j < loc->data_center_count; j++)
            if (memcmp(loc->data_centers[j], code, 3) == 0)
                return privpol__pfail(r, i, "data center country %s listed twice", code);
        if (loc->data_center_count >= PRIVPOL__POLICY_MAX_DATA_CENTERS)
            return privpol__pfail(r, i, "more than %d data center countries",
                                  PRIVPOL__POLICY_MAX_DATA_CENTERS);
        memcpy(loc->data_centers[loc->data_center_count++], code, 3);
    }

    TRY(check_map(r, privpol__pget(n, "transfers"), tkeys, "locations.transfers"));
    TRY(req_string(r, privpol__pget(n, "transfers"), "clause", "locations.transfers",
                   &loc->transfer_clause));

    s = privpol__pget(n, "safeguards");
    TRY(privpol__ptype(r, s, MAP, "locations.safeguards"));
    for (const pnode *k = s->first; k != NULL; k = k->next->next) {
        static const char *const names[] = {NULL, "scc", "bcr"};
        unsigned sg;
        TRY(privpol__penum(r, k, names, PRIVPOL__SAFEGUARD_COUNT, "safeguard", &sg));
        TRY(privpol__pstring(r, k->next, "a safeguard's clause",
                             &loc->safeguard_clause[sg]));
    }
    return PRIVPOL_OK;
}

/* ---- retention --------------------------------------------------------------------- */

privpol_status
privpol__policy_read_retention(reader *r, const pnode *n,
                               struct privpol__policy_retention *rule)
{
    static const char *const keys[] = {"!id",         "role",        "!purposes",
                                       "!categories", "!basis",      "period",
                                       "!clause",     "description", NULL};
    privpol_policy *pol = r->pol;
    const pnode *v;
    unsigned basis;
    char what[96];

    memset(rule, 0, sizeof *rule);
    TRY(check_map(r, n, keys, "a retention rule"));
    TRY(privpol__pid(r, privpol__pget(n, "id"), "retention.id", &rule->id));
    snprintf(what, sizeof what, "retention.%s", rule->id);
    for (size_t j = 0; j < pol->retention_count; j++)
        if (strcmp(pol->retention[j].id, rule->id) == 0)
            return privpol__pfail(
                r, privpol__pget(n, "id"),
                "retention rule '%s' is defined twice (first at line %u)", rule->id,
                pol->retention[j].line);
    if ((v = privpol__pget(n, "role")) != NULL) {
        TRY(read_role(r, v, what, &rule->role));
        if (r->supplement && rule->role != PRIVPOL_ROLE_PROCESSOR)
            return privpol__pfail(r, v,
                                  "%s: a supplement sets the retention of its tenant's "
                                  "(processor) data only (§10.1)",
                                  what);
    } else if (r->supplement) {
        rule->role = PRIVPOL_ROLE_PROCESSOR;
    } else {
        return privpol__pfail(r, n, "%s: missing required key 'role'", what);
    }

    v = privpol__pget(n, "purposes");
    if (is(v, "all")) {
        rule->all_purposes = true;
    } else {
        TRY(privpol__ptype(r, v, SEQ, "retention.purposes (a list or all)"));
        if (v->count == 0)
            return privpol__pfail(r, v, "%s.purposes: the list is empty", what);
        for (const pnode *i = v->first; i != NULL; i = i->next) {
            int p;
            char buf[48];
            if (i->type != PRIVPOL__PN_SCALAR ||
                (p = privpol__policy_purpose_index(pol, i->text)) < 0)
                return privpol__pfail(r, i, "%s: unknown purpose '%s'", what,
                                      privpol__pshow(i, buf));
            if (pol->purposes[p].role != rule->role)
                return privpol__pfail(r, i, "%s: purpose '%s' is not a %s purpose", what,
                                      pol->purposes[p].id,
                                      privpol__role_names[rule->role]);
            if (rule->purposes & PRIVPOL__PURPOSE_BIT(p))
                return privpol__pfail(r, i, "%s: purpose '%s' listed twice", what,
                                      pol->purposes[p].id);
            rule->purposes |= PRIVPOL__PURPOSE_BIT(p);
        }
    }
    v = privpol__pget(n, "categories");
    if (is(v, "all")) {
        rule->all_categories = true;
    } else {
        TRY(privpol__pcatset(r, v, "retention.categories (a list or all)",
                             &rule->categories));
        if (rule->categories == 0)
            return privpol__pfail(r, v, "%s.categories: the list is empty", what);
    }

    v = privpol__pget(n, "basis");
    TRY(privpol__penum(r, v, privpol__basis_names, PRIVPOL__BASIS_COUNT,
                       "retention basis", &basis));
    rule->basis = (enum privpol__retention_basis)basis;
    if (rule->basis == PRIVPOL__RETAIN_CONTRACT && rule->role != PRIVPOL_ROLE_PROCESSOR)
        return privpol__pfail(r, v, "%s: basis 'contract' is for processor data (§10.1)",
                              what);
    if ((v = privpol__pget(n, "period")) != NULL) {
        if (rule->basis == PRIVPOL__RETAIN_CONTRACT ||
            rule->basis == PRIVPOL__RETAIN_ANONYMIZE_NOW)
            return privpol__pfail(r, v, "%s: basis '%s' takes no period", what,
                                  privpol__basis_names[basis]);
        if (is(v, "contract")) {
            if (rule->basis != PRIVPOL__RETAIN_UNTIL_CHANGED ||
                rule->role != PRIVPOL_ROLE_PROCESSOR)
                return privpol__pfail(
                    r, v,
                    "%s: 'period: contract' is for until_changed processor "
                    "data",
                    what);
            rule->period_is_contract = true;
        } else {
            TRY(privpol__pduration(r, v, "retention.period", &rule->period));
            rule->has_period = true;
        }
    } else if (rule->basis != PRIVPOL__RETAIN_CONTRACT &&
               rule->basis != PRIVPOL__RETAIN_ANONYMIZE_NOW) {
        return privpol__pfail(r, n, "%s: basis '%s' needs a period", what,
                              privpol__basis_names[basis]);
    }
    TRY(req_string(r, n, "clause", what, &rule->clause));
    TRY(opt_string(r, n, "description", what, &rule->description));
    rule->capped_by_contract_end = rule->role == PRIVPOL_ROLE_PROCESSOR;
    rule->from_supplement = r->supplement;
    rule->line = n->line;
    return PRIVPOL_OK;
}

static bool
same_retention(const struct privpol__policy_retention *a,
               const struct privpol__policy_retention *b)
{
    return a->basis == b->basis && a->has_period == b->has_period &&
           a->period_is_contract == b->period_is_contract &&
           (!a->has_period || memcmp(&a->period, &b->period, sizeof a->period) == 0);
}

static unsigned
specificity(const struct privpol__policy_retention *rule)
{
    /* Named purposes beat `all`, then named categories beat `all`. A supplement's rules
     * get no precedence: one that overrides a base rule must be more specific, so that
     * the merged policy, written as one file, reads back the same. */
    return (rule->all_purposes ? 0u : 2u) + (rule->all_categories ? 0u : 1u);
}

privpol_status
privpol__policy_resolve_retention(reader *r)
{
    privpol_policy *pol = r->pol;
    memset(pol->retention_of, PRIVPOL__POLICY_NO_RULE, sizeof pol->retention_of);
    for (size_t p = 0; p < pol->purpose_count; p++) {
        const struct privpol__policy_purpose *pur = &pol->purposes[p];
        for (int c = 0; c < PRIVPOL__CATEGORY_MAX; c++) {
            int best = -1, tie = -1;
            unsigned best_score = 0;
            if (!(pur->categories & PRIVPOL_CAT_BIT(c)))
                continue;
            for (size_t i = 0; i < pol->retention_count; i++) {
                const struct privpol__policy_retention *rule = &pol->retention[i];
                unsigned score;
                if (rule->role != pur->role ||
                    (!rule->all_purposes &&
                     !(rule->purposes & PRIVPOL__PURPOSE_BIT(p))) ||
                    (!rule->all_categories && !(rule->categories & PRIVPOL_CAT_BIT(c))))
                    continue;
                score = specificity(rule);
                if (best < 0 || score > best_score) {
                    best = (int)i;
                    best_score = score;
                    tie = -1;
                } else if (score == best_score && tie < 0 &&
                           !same_retention(rule, &pol->retention[best])) {
                    tie = (int)i;
                }
            }
            if (best < 0) {
                const pnode *node = r->purpose_node[p];
                return privpol__pfail_at(
                    r, node != NULL ? node->line : pur->line,
                    node != NULL ? node->column : 0,
                    "no retention rule covers purpose '%s', category '%s'", pur->id,
                    cat_id(c));
            }
            if (tie >= 0) {
                const pnode *node = r->retention_node[tie];
                return privpol__pfail_at(
                    r, node != NULL ? node->line : pol->retention[tie].line,
                    node != NULL ? node->column : 0,
                    "retention rules '%s' and '%s' both apply to purpose '%s', category "
                    "'%s' "
                    "and disagree",
                    pol->retention[best].id, pol->retention[tie].id, pur->id, cat_id(c));
            }
            pol->retention_of[p][c] = (uint8_t)best;
        }
    }
    return PRIVPOL_OK;
}

static privpol_status
read_retention(reader *r, const pnode *n)
{
    privpol_policy *pol = r->pol;
    TRY(privpol__ptype(r, n, SEQ, "retention"));
    for (const pnode *item = n->first; item != NULL; item = item->next) {
        if (pol->retention_count >= PRIVPOL__POLICY_MAX_RETENTION)
            return privpol__pfail(r, item, "more than %d retention rules",
                                  PRIVPOL__POLICY_MAX_RETENTION);
        TRY(privpol__policy_read_retention(r, item,
                                           &pol->retention[pol->retention_count]));
        r->retention_node[pol->retention_count++] = item;
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__policy_read_contract(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "period", "end", NULL};
    struct privpol__policy_contract *ct = &r->pol->contract;
    const pnode *v;
    TRY(check_map(r, n, keys, "contract"));
    TRY(req_string(r, n, "clause", "contract", &ct->clause));
    if ((v = privpol__pget(n, "period")) != NULL) {
        TRY(privpol__pduration(r, v, "contract.period", &ct->period));
        if (privpol__duration_is_zero(&ct->period))
            return privpol__pfail(r, v, "contract.period must be longer than zero");
        ct->has_period = true;
    }
    if ((v = privpol__pget(n, "end")) != NULL) {
        TRY(privpol__pdate(r, v, "contract.end", &ct->end));
        ct->has_end = true;
    }
    if (!ct->has_period && !ct->has_end)
        return privpol__pfail(r, n, "contract: give its period, its end, or both");
    ct->present = true;
    ct->line = n->line;
    return PRIVPOL_OK;
}

/* ---- rights ------------------------------------------------------------------------ */

static privpol_status
read_rights(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause",   "contact",    "!granted",
                                       "!deadline", "!complaint", "identification",
                                       NULL};
    static const char *const dkeys[] = {"!clause", "!answer", "extension", NULL};
    static const char *const ckeys[] = {"!clause", "!authority", "!country", "website",
                                        NULL};
    static const char *const ikeys[] = {"!clause", "!categories", NULL};
    struct privpol__policy_rights *rt = &r->pol->rights;
    const pnode *g, *d, *c, *id, *v;

    TRY(check_map(r, n, keys, "rights"));
    TRY(req_string(r, n, "clause", "rights", &rt->clause));
    TRY(opt_string(r, n, "contact", "rights", &rt->contact));
    g = privpol__pget(n, "granted");
    TRY(privpol__ptype(r, g, MAP, "rights.granted"));
    if (g->count == 0)
        return privpol__pfail(r, g, "rights.granted: no right is granted");
    for (const pnode *k = g->first; k != NULL; k = k->next->next) {
        unsigned right;
        TRY(privpol__penum(r, k, privpol__right_names, PRIVPOL__RIGHT_COUNT, "right",
                           &right));
        TRY(privpol__pstring(r, k->next, "a right's clause", &rt->granted[right]));
    }
    d = privpol__pget(n, "deadline");
    TRY(check_map(r, d, dkeys, "rights.deadline"));
    TRY(req_string(r, d, "clause", "rights.deadline", &rt->deadline_clause));
    v = privpol__pget(d, "answer");
    TRY(privpol__pduration(r, v, "rights.deadline.answer", &rt->answer));
    if (privpol__duration_is_zero(&rt->answer))
        return privpol__pfail(r, v, "rights.deadline.answer must be longer than zero");
    if ((v = privpol__pget(d, "extension")) != NULL)
        TRY(privpol__pduration(r, v, "rights.deadline.extension", &rt->extension));
    c = privpol__pget(n, "complaint");
    TRY(check_map(r, c, ckeys, "rights.complaint"));
    TRY(req_string(r, c, "clause", "rights.complaint", &rt->complaint_clause));
    TRY(req_string(r, c, "authority", "rights.complaint", &rt->authority));
    TRY(privpol__pcountry(r, privpol__pget(c, "country"), rt->authority_country));
    TRY(opt_string(r, c, "website", "rights.complaint", &rt->authority_website));
    if ((id = privpol__pget(n, "identification")) != NULL) {
        TRY(check_map(r, id, ikeys, "rights.identification"));
        TRY(req_string(r, id, "clause", "rights.identification",
                       &rt->identification_clause));
        TRY(privpol__pcatset(r, privpol__pget(id, "categories"),
                             "rights.identification.categories", &rt->identification));
    }
    rt->line = n->line;
    return PRIVPOL_OK;
}

/* ---- identifiability --------------------------------------------------------------- */

/* Rotation periods ordered by how long pseudonyms stay linkable: none is the longest. */
static unsigned
period_rank(unsigned period)
{
    return period == PRIVPOL_PERIOD_NONE ? 5u : period;
}

privpol_status
privpol__policy_read_rotation(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!categories", "!period", "!clause", NULL};
    struct privpol__policy_pseudonymization *ps = &r->pol->pseudonymization;
    privpol__catset here = 0;
    TRY(privpol__ptype(r, n, SEQ, "pseudonymization.rotation"));
    for (const pnode *item = n->first; item != NULL; item = item->next) {
        const pnode *cats;
        privpol__catset set;
        unsigned period;
        const char *clause;
        TRY(check_map(r, item, keys, "a rotation rule"));
        cats = privpol__pget(item, "categories");
        TRY(privpol__pcatset(r, cats, "rotation.categories", &set));
        if (set == 0)
            return privpol__pfail(r, cats, "rotation.categories: the list is empty");
        TRY(privpol__penum(r, privpol__pget(item, "period"), privpol__period_names, PRIVPOL__PERIOD_COUNT,
                           "rotation period", &period));
        TRY(req_string(r, item, "clause", "a rotation rule", &clause));
        for (const pnode *i = cats->first; i != NULL; i = i->next) {
            int c = privpol__category_index(i->text);
            if (here & PRIVPOL_CAT_BIT(c))
                return privpol__pfail(r, i, "the rotation of '%s' is set twice",
                                      cat_id(c));
            if (r->supplement && (ps->rotation_set & PRIVPOL_CAT_BIT(c)) &&
                period_rank(period) > period_rank(ps->rotation[c]))
                return privpol__pfail(
                    r, i, "loosens the pseudonym rotation of '%s' from %s to %s (%s)",
                    cat_id(c), privpol__period_names[ps->rotation[c]],
                    privpol__period_names[period], ps->rotation_clause[c]);
            here |= PRIVPOL_CAT_BIT(c);
            ps->rotation_set |= PRIVPOL_CAT_BIT(c);
            ps->rotation[c] = (unsigned char)period;
            ps->rotation_clause[c] = clause;
        }
    }
    return PRIVPOL_OK;
}

static privpol_status
read_pseudonymization(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!keys_kept_apart", "!reidentification",
                                       "rotation", NULL};
    struct privpol__policy_pseudonymization *ps = &r->pol->pseudonymization;
    const pnode *v;
    TRY(check_map(r, n, keys, "pseudonymization"));
    TRY(req_string(r, n, "clause", "pseudonymization", &ps->clause));
    v = privpol__pget(n, "keys_kept_apart");
    TRY(privpol__pbool(r, v, "pseudonymization.keys_kept_apart", &ps->keys_kept_apart));
    if (!ps->keys_kept_apart)
        return privpol__pfail(r, v,
                              "the keys are the additional information that must be kept "
                              "apart (§7.6): keys_kept_apart must be true");
    v = privpol__pget(n, "reidentification");
    TRY(privpol__plevel(r, v, "identifiability level", &ps->reidentification));
    if (ps->reidentification != PRIVPOL_PERSONAL)
        return privpol__pfail(
            r, v,
            "pseudonymous data with its key or mapping is personal (§7.6): "
            "reidentification must be personal");
    if ((v = privpol__pget(n, "rotation")) != NULL)
        TRY(privpol__policy_read_rotation(r, v));
    return PRIVPOL_OK;
}

static privpol_status
read_compartmentalization(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!link_across_tenants", NULL};
    struct privpol__policy_compartments *cm = &r->pol->compartmentalization;
    TRY(check_map(r, n, keys, "compartmentalization"));
    TRY(req_string(r, n, "clause", "compartmentalization", &cm->clause));
    return privpol__pbool(r, privpol__pget(n, "link_across_tenants"),
                          "compartmentalization.link_across_tenants",
                          &cm->link_across_tenants);
}

static privpol_status
read_combination(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!personal_if_combined", "rules", NULL};
    static const char *const rkeys[] = {"!id",    "!clause",  "description", "all_of",
                                        "any_of", "at_least", "!level",      NULL};
    struct privpol__policy_combination *cb = &r->pol->combination;
    const pnode *v, *list;
    TRY(check_map(r, n, keys, "combination"));
    TRY(req_string(r, n, "clause", "combination", &cb->clause));
    v = privpol__pget(n, "personal_if_combined");
    TRY(privpol__pbool(r, v, "combination.personal_if_combined",
                       &cb->personal_if_combined));
    if (!cb->personal_if_combined)
        return privpol__pfail(r, v,
                              "data combined with personal data is personal as a whole "
                              "(§7.8): personal_if_combined must be true");
    if ((list = privpol__pget(n, "rules")) == NULL)
        return PRIVPOL_OK;
    TRY(privpol__ptype(r, list, SEQ, "combination.rules"));
    for (const pnode *item = list->first; item != NULL; item = item->next) {
        struct privpol__policy_combination_rule *rule;
        unsigned any = 0;
        if (cb->rule_count >= PRIVPOL__POLICY_MAX_COMBINATION)
            return privpol__pfail(r, item, "more than %d combination rules",
                                  PRIVPOL__POLICY_MAX_COMBINATION);
        rule = &cb->rules[cb->rule_count];
        TRY(check_map(r, item, rkeys, "a combination rule"));
        TRY(privpol__pid(r, privpol__pget(item, "id"), "combination.rules.id",
                         &rule->id));
        for (size_t j = 0; j < cb->rule_count; j++)
            if (strcmp(cb->rules[j].id, rule->id) == 0)
                return privpol__pfail(
                    r, privpol__pget(item, "id"),
                    "combination rule '%s' is defined twice (first at line %u)", rule->id,
                    cb->rules[j].line);
        TRY(req_string(r, item, "clause", "a combination rule", &rule->clause));
        TRY(opt_string(r, item, "description", "a combination rule", &rule->description));
        if ((v = privpol__pget(item, "all_of")) != NULL)
            TRY(privpol__pcatset(r, v, "combination.rules.all_of", &rule->all_of));
        if ((v = privpol__pget(item, "any_of")) != NULL)
            TRY(privpol__pcatset(r, v, "combination.rules.any_of", &rule->any_of));
        if ((rule->all_of | rule->any_of) == 0)
            return privpol__pfail(r, item, "combination rule '%s' names no category",
                                  rule->id);
        if (rule->all_of & rule->any_of)
            return privpol__pfail(r, item,
                                  "combination rule '%s': a category is in all_of and "
                                  "any_of",
                                  rule->id);
        for (privpol__catset s = rule->any_of; s != 0; s &= s - 1)
            any++;
        rule->at_least = any > 0 ? 1 : 0;
        if ((v = privpol__pget(item, "at_least")) != NULL) {
            if (any == 0)
                return privpol__pfail(
                    r, v, "combination rule '%s': at_least needs any_of", rule->id);
            TRY(privpol__puint(r, v, "at_least", 1, any, &rule->at_least));
        }
        v = privpol__pget(item, "level");
        TRY(privpol__plevel(r, v, "identifiability level", &rule->level));
        if (rule->level == PRIVPOL_NON_IDENTIFIABLE)
            return privpol__pfail(r, v,
                                  "combination rule '%s': a rule raises the level, to "
                                  "pseudonymous or personal",
                                  rule->id);
        rule->line = item->line;
        cb->rule_count++;
    }
    return PRIVPOL_OK;
}

static privpol_status
read_reuse(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!processor_data_for_controller", NULL};
    TRY(check_map(r, n, keys, "reuse"));
    TRY(req_string(r, n, "clause", "reuse", &r->pol->reuse.clause));
    return privpol__plevel(r, privpol__pget(n, "processor_data_for_controller"),
                           "identifiability level", &r->pol->reuse.max_level);
}

static privpol_status
read_security(reader *r, const pnode *n)
{
    static const char *const keys[] = {"!clause", "!measures", NULL};
    struct privpol__policy_security *sec = &r->pol->security;
    const pnode *list;
    TRY(check_map(r, n, keys, "security"));
    TRY(req_string(r, n, "clause", "security", &sec->clause));
    list = privpol__pget(n, "measures");
    TRY(privpol__ptype(r, list, SEQ, "security.measures"));
    for (const pnode *i = list->first; i != NULL; i = i->next) {
        if (sec->measure_count >= PRIVPOL__POLICY_MAX_MEASURES)
            return privpol__pfail(r, i, "more than %d security measures",
                                  PRIVPOL__POLICY_MAX_MEASURES);
        TRY(privpol__pstring(r, i, "a security measure",
                             &sec->measures[sec->measure_count++]));
    }
    return PRIVPOL_OK;
}

/* ---- the document ------------------------------------------------------------------ */

privpol_status
privpol__policy_load_tree(reader *r, const pnode *root)
{
    static const char *const keys[] = {"!privpol-policy",
                                       "!id",
                                       "!version",
                                       "title",
                                       "source",
                                       "organization",
                                       "supplements",
                                       "!roles",
                                       "!subjects",
                                       "!categories",
                                       "!geolocation",
                                       "!purposes",
                                       "!operations",
                                       "!recipients",
                                       "partners",
                                       "!locations",
                                       "!retention",
                                       "!rights",
                                       "!pseudonymization",
                                       "!compartmentalization",
                                       "!combination",
                                       "!reuse",
                                       "!transforms",
                                       "security",
                                       NULL};
    static const char *const tenant_keys[] = {"tenant", "contract", NULL};
    privpol_policy *pol = r->pol;
    const pnode *v;
    const char *known[32];
    size_t nk = 0;

    if (root->type != MAP)
        return privpol__pfail(r, root, "a policy is a mapping of sections");
    if ((v = privpol__pget(root, "privpol-policy")) == NULL) {
        if (privpol__pget(root, "privpol-supplement") != NULL)
            return privpol__pfail(
                r, root,
                "this is a supplement (privpol-supplement), not a policy: "
                "layer it on a policy");
        return privpol__pfail(r, root, "not a policy: missing 'privpol-policy: 1'");
    }
    TRY(privpol__puint(r, v, "privpol-policy", 0, 1000000, &pol->format));
    if (pol->format != 1)
        return privpol__pfail(r, v,
                              "policy format version %u is not supported (this library "
                              "reads version 1)",
                              pol->format);
    /* The top level also takes `tenant` and `contract`: a policy written for one tenant,
     * as privpol_policy_write() prints a supplemented policy. */
    for (size_t i = 0; keys[i] != NULL; i++)
        known[nk++] = keys[i];
    for (size_t i = 0; tenant_keys[i] != NULL; i++)
        known[nk++] = tenant_keys[i];
    known[nk] = NULL;
    TRY(check_map(r, root, known, "the policy"));

    TRY(privpol__pid(r, privpol__pget(root, "id"), "id", &pol->id));
    v = privpol__pget(root, "version");
    TRY(privpol__pstring(r, v, "version", &pol->version));
    TRY(privpol__popt_string(r, root, "title", "title", &pol->title));
    TRY(privpol__popt_string(r, root, "source", "source", &pol->source));
    if ((v = privpol__pget(root, "organization")) != NULL)
        TRY(read_organization(r, v));
    if ((v = privpol__pget(root, "supplements")) != NULL)
        TRY(read_supplements(r, v));

    TRY(read_roles(r, privpol__pget(root, "roles")));
    TRY(read_subjects(r, privpol__pget(root, "subjects")));
    TRY(read_geolocation(r, privpol__pget(root, "geolocation")));
    TRY(read_categories(r, privpol__pget(root, "categories")));
    TRY(read_operations(r, privpol__pget(root, "operations")));
    TRY(read_purposes(r, privpol__pget(root, "purposes")));
    TRY(read_recipients(r, privpol__pget(root, "recipients")));
    TRY(read_locations(r, privpol__pget(root, "locations")));
    if ((v = privpol__pget(root, "partners")) != NULL)
        TRY(read_partners(r, v));
    TRY(read_retention(r, privpol__pget(root, "retention")));
    TRY(privpol__policy_resolve_retention(r));
    TRY(read_rights(r, privpol__pget(root, "rights")));
    TRY(read_pseudonymization(r, privpol__pget(root, "pseudonymization")));
    TRY(read_compartmentalization(r, privpol__pget(root, "compartmentalization")));
    TRY(read_combination(r, privpol__pget(root, "combination")));
    TRY(read_reuse(r, privpol__pget(root, "reuse")));
    TRY(privpol__policy_read_transforms(r, privpol__pget(root, "transforms")));
    if ((v = privpol__pget(root, "security")) != NULL)
        TRY(read_security(r, v));
    if ((v = privpol__pget(root, "tenant")) != NULL)
        TRY(privpol__pid(r, v, "tenant", &pol->tenant));
    if ((v = privpol__pget(root, "contract")) != NULL) {
        if (pol->tenant == NULL)
            return privpol__pfail(r, v, "contract terms need a tenant");
        TRY(privpol__policy_read_contract(r, v));
    }
    return PRIVPOL_OK;
}
