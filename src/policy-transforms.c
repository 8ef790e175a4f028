/* SPDX-License-Identifier: MIT */
/* The `transforms` section: what the record pipeline does to each category before it is
 * kept (keep, generalize, pseudonymize, redact, drop), per role and purpose (§7.3, §7.6,
 * §15). Reading it from a policy or from a supplement, the fail-closed checks, the
 * refusal of a supplement rule that loosens what the base gives, and the lookup behind
 * privpol_policy_transform() (docs/policy-format.md, "Transforms"). */
#include "policy-parse.h"

#include <stdio.h>
#include <string.h>

typedef struct privpol__pnode pnode;
typedef struct privpol__reader reader;
typedef struct privpol__policy_transform_rule trule;
typedef struct privpol__policy_transforms transforms;

#define MAP PRIVPOL__PN_MAP
#define SEQ PRIVPOL__PN_SEQ
#define TRY(x)                                                                           \
    do {                                                                                 \
        privpol_status try_st_ = (x);                                                    \
        if (try_st_ != PRIVPOL_OK)                                                       \
            return try_st_;                                                              \
    } while (0)

/* Generalizations exist for these three categories only; the defaults keep a /24 of an
 * IPv4 address and a /48 of an IPv6 address (a site, RFC 6177), and the hour of a time.
 */
#define IP_ID "connection.ip_address"
#define TIME_ID "connection.timestamp"
#define AGENT_ID "terminal.user_agent"
#define DEFAULT_PREFIX4 24u
#define DEFAULT_PREFIX6 48u
#define GENERALIZABLE IP_ID ", " TIME_ID " and " AGENT_ID

static bool
is(const pnode *n, const char *s)
{
    return n != NULL && n->type == PRIVPOL__PN_SCALAR && strcmp(n->text, s) == 0;
}

static bool
is_category(size_t c, const char *id)
{
    return c < privpol__category_count && strcmp(privpol__categories[c].id, id) == 0;
}

static privpol__catset
cat_bit(const char *id)
{
    int c = privpol__category_index(id);
    return c >= 0 ? PRIVPOL__CAT_BIT(c) : 0;
}

static const char *
role_text(unsigned roles)
{
    if (roles == PRIVPOL__BIT(PRIVPOL_ROLE_CONTROLLER))
        return "the controller";
    if (roles == PRIVPOL__BIT(PRIVPOL_ROLE_PROCESSOR))
        return "the processor";
    return "its roles";
}

/* ---- lookup ------------------------------------------------------------------------ */

/* The first rule of t naming the role, purpose and category, or NULL. */
static const trule *
find_rule(const transforms *t, privpol_role role, size_t purpose, size_t category)
{
    for (size_t i = 0; i < t->rule_count; i++) {
        const trule *rule = &t->rules[i];
        if ((rule->roles & PRIVPOL__BIT(role)) &&
            (rule->all_purposes || (rule->purposes & PRIVPOL__PURPOSE_BIT(purpose))) &&
            (rule->all_categories || (rule->categories & PRIVPOL__CAT_BIT(category))))
            return rule;
    }
    return NULL;
}

/* What `rule` (or t's default, when NULL) does to category index `category`. */
static void
fill(privpol_transform *out, const transforms *t, const trule *rule, size_t category)
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
    fill(out, t, find_rule(t, role, purpose, category), category);
}

privpol_status
privpol_policy_transform(privpol_transform *out, const privpol_policy *policy,
                         privpol_role role, const char *purpose, size_t category)
{
    int p;
    if (out == NULL)
        return PRIVPOL_EINVAL;
    memset(out, 0, sizeof *out);
    if (policy == NULL || purpose == NULL)
        return PRIVPOL_EINVAL;
    if ((unsigned)role >= PRIVPOL__POLICY_ROLES || category >= privpol__category_count ||
        (p = privpol__policy_purpose_index(policy, purpose)) < 0 ||
        policy->purposes[p].role != role)
        return PRIVPOL_ENOTFOUND;
    privpol__policy_transform_of(out, policy, role, (size_t)p, category);
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

/* ---- strictness -------------------------------------------------------------------- */

/* True when `s` hides at least as much as `b` (both for the same category): keep <
 * generalize < pseudonymize < redact < drop; a reversible pseudonym is weaker than a
 * keyed one; a generalization is weaker when it keeps a longer prefix or a finer time. */
static bool
at_least_as_strict(const privpol_transform *s, const privpol_transform *b)
{
    if (s->action != b->action)
        return s->action > b->action;
    if (s->action == PRIVPOL_ACTION_PSEUDONYMIZE)
        return !(s->flags & PRIVPOL_TRANSFORM_REVERSIBLE) ||
               (b->flags & PRIVPOL_TRANSFORM_REVERSIBLE);
    if (s->action == PRIVPOL_ACTION_GENERALIZE)
        return s->prefix4 <= b->prefix4 && s->prefix6 <= b->prefix6 &&
               s->time_unit >= b->time_unit;
    return true;
}

/* "generalize to /24 and /48", "pseudonymize (reversible)", "drop". */
static const char *
describe(const privpol_transform *t, size_t category, char *buf, size_t size)
{
    const char *name = privpol__action_names[t->action];
    if (t->action == PRIVPOL_ACTION_GENERALIZE && is_category(category, IP_ID))
        snprintf(buf, size, "%s to /%u and /%u", name, t->prefix4, t->prefix6);
    else if (t->action == PRIVPOL_ACTION_GENERALIZE && t->time_unit != 0)
        snprintf(buf, size, "%s to the %s", name, privpol__time_unit_names[t->time_unit]);
    else if (t->flags & PRIVPOL_TRANSFORM_REVERSIBLE)
        snprintf(buf, size, "%s (reversible)", name);
    else
        snprintf(buf, size, "%s", name);
    return buf;
}

/* ---- reading a rule ---------------------------------------------------------------- */

/* The rule of that id among rules[0..count), or NULL. */
static const trule *
find_id(const trule *rules, size_t count, const char *id)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(rules[i].id, id) == 0)
            return &rules[i];
    return NULL;
}

static privpol_status
read_roles(reader *r, const pnode *n, const char *what, trule *rule)
{
    const privpol_policy *pol = r->pol;
    if (n == NULL) { /* only a supplement may leave it out: its tenant's data */
        rule->roles = PRIVPOL__BIT(PRIVPOL_ROLE_PROCESSOR);
        return PRIVPOL_OK;
    }
    if (is(n, "all")) {
        if (r->supplement)
            return privpol__pfail(r, n,
                                  "%s: a supplement sets the transforms of its tenant's "
                                  "(processor) data only",
                                  what);
        for (unsigned v = 0; v < PRIVPOL__POLICY_ROLES; v++)
            if (pol->roles[v].present)
                rule->roles |= PRIVPOL__BIT(v);
        rule->all_roles = true;
        return PRIVPOL_OK;
    }
    TRY(privpol__pmask(r, n, privpol__role_names, PRIVPOL__POLICY_ROLES, "role",
                       &rule->roles));
    if (rule->roles == 0)
        return privpol__pfail(r, n, "%s.roles: the list is empty", what);
    for (const pnode *i = n->first; i != NULL; i = i->next) {
        unsigned v = 0;
        TRY(privpol__penum(r, i, privpol__role_names, PRIVPOL__POLICY_ROLES, "role", &v));
        if (!pol->roles[v].present)
            return privpol__pfail(r, i, "%s: role '%s' is not defined in roles", what,
                                  privpol__role_names[v]);
        if (r->supplement && v != PRIVPOL_ROLE_PROCESSOR)
            return privpol__pfail(r, i,
                                  "%s: a supplement sets the transforms of its tenant's "
                                  "(processor) data only",
                                  what);
    }
    return PRIVPOL_OK;
}

static privpol_status
read_purposes(reader *r, const pnode *n, const char *what, trule *rule)
{
    const privpol_policy *pol = r->pol;
    if (is(n, "all")) {
        rule->all_purposes = true;
        return PRIVPOL_OK;
    }
    TRY(privpol__ptype(r, n, SEQ, "transforms.purposes (a list or all)"));
    if (n->count == 0)
        return privpol__pfail(r, n, "%s.purposes: the list is empty", what);
    for (const pnode *i = n->first; i != NULL; i = i->next) {
        int p;
        char buf[48];
        if (i->type != PRIVPOL__PN_SCALAR ||
            (p = privpol__policy_purpose_index(pol, i->text)) < 0)
            return privpol__pfail(r, i, "%s: unknown purpose '%s'", what,
                                  privpol__pshow(i, buf));
        if (!(rule->roles & PRIVPOL__BIT(pol->purposes[p].role)))
            return privpol__pfail(r, i, "%s: purpose '%s' is not a purpose of %s", what,
                                  pol->purposes[p].id, role_text(rule->roles));
        if (rule->purposes & PRIVPOL__PURPOSE_BIT(p))
            return privpol__pfail(r, i, "%s: purpose '%s' listed twice", what,
                                  pol->purposes[p].id);
        rule->purposes |= PRIVPOL__PURPOSE_BIT(p);
    }
    return PRIVPOL_OK;
}

/* The node of category `c` in a rule's list, or the list (or `all`) itself. */
static const pnode *
category_node(const pnode *cats, size_t c)
{
    if (cats->type == SEQ)
        for (const pnode *i = cats->first; i != NULL; i = i->next)
            if (i->type == PRIVPOL__PN_SCALAR && is_category(c, i->text))
                return i;
    return cats;
}

/* What a generalization keeps (prefix, unit), only where the rule generalizes what they
 * apply to. */
static privpol_status
read_generalization(reader *r, const pnode *n, const char *what, trule *rule)
{
    static const char *const pkeys[] = {"ipv4", "ipv6", NULL};
    const pnode *prefix = privpol__pget(n, "prefix"), *unit = privpol__pget(n, "unit");
    bool ip = !rule->all_categories && (rule->categories & cat_bit(IP_ID));
    bool time = !rule->all_categories && (rule->categories & cat_bit(TIME_ID));
    bool generalize = rule->action == PRIVPOL_ACTION_GENERALIZE;

    if (prefix != NULL && (!generalize || !ip))
        return privpol__pfail(r, prefix,
                              "%s: prefix is for a rule that generalizes " IP_ID, what);
    if (unit != NULL && (!generalize || !time))
        return privpol__pfail(r, unit, "%s: unit is for a rule that generalizes " TIME_ID,
                              what);
    if (generalize && ip) {
        const pnode *v;
        rule->prefix4 = DEFAULT_PREFIX4;
        rule->prefix6 = DEFAULT_PREFIX6;
        if (prefix != NULL) {
            TRY(privpol__ptype(r, prefix, MAP, "transforms.prefix"));
            TRY(privpol__pkeys(r, prefix, pkeys, "transforms.prefix"));
            if (prefix->count == 0)
                return privpol__pfail(r, prefix, "%s: prefix gives ipv4, ipv6 or both",
                                      what);
            if ((v = privpol__pget(prefix, "ipv4")) != NULL)
                TRY(privpol__puint(r, v, "prefix.ipv4", 0, 32, &rule->prefix4));
            if ((v = privpol__pget(prefix, "ipv6")) != NULL)
                TRY(privpol__puint(r, v, "prefix.ipv6", 0, 128, &rule->prefix6));
        }
    }
    if (generalize && time) {
        rule->unit = PRIVPOL_TIME_UNIT_HOUR;
        if (unit != NULL) {
            unsigned u;
            TRY(privpol__penum(r, unit, privpol__time_unit_names,
                               PRIVPOL__TIME_UNIT_COUNT, "time unit", &u));
            rule->unit = (privpol_time_unit)u;
        }
    }
    return PRIVPOL_OK;
}

/* One rule. `seen` holds the rules already read (and, for a supplement, the base's), for
 * duplicate ids. */
static privpol_status
read_rule(reader *r, const pnode *n, trule *rule, const trule *seen, size_t seen_count,
          const transforms *base)
{
    static const char *const keys[] = {"id",     "roles",       "purposes", "categories",
                                       "action", "reversible",  "prefix",   "unit",
                                       "clause", "description", NULL};
    static const char *const required[] = {"id",     "purposes", "categories",
                                           "action", "clause",   NULL};
    const pnode *v, *cats;
    const trule *old;
    unsigned action;
    char what[96];

    memset(rule, 0, sizeof *rule);
    TRY(privpol__ptype(r, n, MAP, "a transforms rule"));
    TRY(privpol__pkeys(r, n, keys, "a transforms rule"));
    for (size_t i = 0; required[i] != NULL; i++)
        TRY(privpol__preq(r, n, required[i], "a transforms rule", &v));
    v = privpol__pget(n, "id");
    TRY(privpol__pid(r, v, "transforms.id", &rule->id));
    if (strcmp(rule->id, "default") == 0)
        return privpol__pfail(r, v,
                              "transforms rule id 'default' is reserved: it names the "
                              "section's default");
    if ((old = find_id(seen, seen_count, rule->id)) != NULL)
        return privpol__pfail(r, v,
                              "transforms rule '%s' is defined twice (first at line %u)",
                              rule->id, old->line);
    if (base != NULL && (old = find_id(base->rules, base->rule_count, rule->id)) != NULL)
        return privpol__pfail(
            r, v,
            "transforms rule '%s' is defined by the policy (line %u): a "
            "supplement adds rules with new ids",
            rule->id, old->line);
    snprintf(what, sizeof what, "transforms.%s", rule->id);
    if (!r->supplement && privpol__pget(n, "roles") == NULL)
        return privpol__pfail(r, n, "%s: missing required key 'roles'", what);
    TRY(read_roles(r, privpol__pget(n, "roles"), what, rule));
    TRY(read_purposes(r, privpol__pget(n, "purposes"), what, rule));
    cats = privpol__pget(n, "categories");
    if (is(cats, "all")) {
        rule->all_categories = true;
    } else {
        TRY(privpol__pcatset(r, cats, "transforms.categories (a list or all)",
                             &rule->categories));
        if (rule->categories == 0)
            return privpol__pfail(r, cats, "%s.categories: the list is empty", what);
    }

    v = privpol__pget(n, "action");
    TRY(privpol__penum(r, v, privpol__action_names, PRIVPOL__ACTION_COUNT, "action",
                       &action));
    rule->action = (privpol_action)action;
    if (rule->action == PRIVPOL_ACTION_GENERALIZE) {
        privpol__catset ok = cat_bit(IP_ID) | cat_bit(TIME_ID) | cat_bit(AGENT_ID);
        if (rule->all_categories)
            return privpol__pfail(r, cats,
                                  "%s: generalize applies to " GENERALIZABLE
                                  " only, not to all categories",
                                  what);
        for (size_t c = 0; c < privpol__category_count; c++)
            if ((rule->categories & PRIVPOL__CAT_BIT(c)) && !(ok & PRIVPOL__CAT_BIT(c)))
                return privpol__pfail(r, category_node(cats, c),
                                      "%s: generalize applies to " GENERALIZABLE
                                      " only, not to '%s'",
                                      what, privpol__categories[c].id);
    }
    if (rule->action == PRIVPOL_ACTION_KEEP &&
        (rule->all_categories || (rule->categories & cat_bit("unknown"))))
        return privpol__pfail(
            r, category_node(cats, (size_t)privpol__category_index("unknown")),
            "%s: category 'unknown' is never kept in clear "
            "(fail closed)%s",
            what, rule->all_categories ? "; 'all' includes it" : "");
    if ((v = privpol__pget(n, "reversible")) != NULL) {
        TRY(privpol__pbool(r, v, "transforms.reversible", &rule->reversible));
        if (rule->action != PRIVPOL_ACTION_PSEUDONYMIZE)
            return privpol__pfail(r, v, "%s: reversible is for action pseudonymize only",
                                  what);
        if (rule->reversible && (rule->roles & PRIVPOL__BIT(PRIVPOL_ROLE_PROCESSOR)))
            return privpol__pfail(r, v,
                                  "%s: reversible pseudonyms are for the controller: a "
                                  "processor never re-identifies (§7.2, §7.6)",
                                  what);
    }
    TRY(read_generalization(r, n, what, rule));
    TRY(privpol__pstring(r, privpol__pget(n, "clause"), "transforms.clause",
                         &rule->clause));
    TRY(privpol__popt_string(r, n, "description", "transforms.description",
                             &rule->description));
    rule->from_supplement = r->supplement;
    rule->line = n->line;
    return PRIVPOL_OK;
}

/* ---- fail closed ------------------------------------------------------------------- */

/* Every purpose must have a rule for `unknown` when the default would keep it. Errors go
 * to `default_node` (a full policy) or to the purpose's own node (a supplement's). */
static privpol_status
check_unknown(reader *r, const pnode *default_node)
{
    const privpol_policy *pol = r->pol;
    const transforms *t = &pol->transforms;
    int unknown = privpol__category_index("unknown");
    if (t->default_action > PRIVPOL_ACTION_GENERALIZE || unknown < 0)
        return PRIVPOL_OK;
    for (size_t p = 0; p < pol->purpose_count; p++) {
        const struct privpol__policy_purpose *pur = &pol->purposes[p];
        const pnode *node;
        if (find_rule(t, pur->role, p, (size_t)unknown) != NULL)
            continue;
        if (default_node != NULL)
            return privpol__pfail(
                r, default_node,
                "transforms.default '%s' would keep category 'unknown' "
                "of purpose '%s' in clear: give it a rule (fail closed)",
                privpol__action_names[t->default_action], pur->id);
        node = r->purpose_node[p];
        return privpol__pfail_at(r, node != NULL ? node->line : pur->line,
                                 node != NULL ? node->column : 0,
                                 "purpose '%s': no transforms rule decides category "
                                 "'unknown', and the default keeps it in clear "
                                 "(fail closed)",
                                 pur->id);
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__policy_check_transforms(reader *r)
{
    return check_unknown(r, NULL);
}

/* ---- the section ------------------------------------------------------------------- */

static privpol_status
read_time_fields(reader *r, const pnode *n)
{
    transforms *t = &r->pol->transforms;
    TRY(privpol__ptype(r, n, SEQ, "transforms.event_time"));
    for (const pnode *i = n->first; i != NULL; i = i->next) {
        if (t->time_field_count >= PRIVPOL__POLICY_MAX_TIME_FIELDS)
            return privpol__pfail(r, i, "more than %d event_time fields",
                                  PRIVPOL__POLICY_MAX_TIME_FIELDS);
        TRY(privpol__pstring(r, i, "an event_time field",
                             &t->time_fields[t->time_field_count]));
        for (size_t j = 0; j < t->time_field_count; j++)
            if (strcmp(t->time_fields[j], t->time_fields[t->time_field_count]) == 0) {
                char buf[48];
                return privpol__pfail(r, i, "event_time field '%s' listed twice",
                                      privpol__pshow(i, buf));
            }
        t->time_field_count++;
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__policy_read_transforms(reader *r, const pnode *n)
{
    static const char *const keys[] = {"clause", "event_time", "default", "rules", NULL};
    transforms *t = &r->pol->transforms;
    const pnode *v, *def, *list;
    unsigned action;

    TRY(privpol__ptype(r, n, MAP, "transforms"));
    TRY(privpol__pkeys(r, n, keys, "transforms"));
    for (size_t i = 0; keys[i] != NULL; i++)
        TRY(privpol__preq(r, n, keys[i], "transforms", &v));
    TRY(privpol__pstring(r, privpol__pget(n, "clause"), "transforms.clause", &t->clause));
    TRY(read_time_fields(r, privpol__pget(n, "event_time")));
    def = privpol__pget(n, "default");
    TRY(privpol__penum(r, def, privpol__action_names, PRIVPOL__ACTION_COUNT, "action",
                       &action));
    if (action == PRIVPOL_ACTION_GENERALIZE)
        return privpol__pfail(r, def,
                              "transforms.default: generalize applies to " GENERALIZABLE
                              " only, not to every category");
    t->default_action = (privpol_action)action;
    t->default_line = def->line;
    list = privpol__pget(n, "rules");
    TRY(privpol__ptype(r, list, SEQ, "transforms.rules"));
    for (const pnode *item = list->first; item != NULL; item = item->next) {
        if (t->rule_count >= PRIVPOL__POLICY_MAX_TRANSFORMS)
            return privpol__pfail(r, item, "more than %d transforms rules",
                                  PRIVPOL__POLICY_MAX_TRANSFORMS);
        TRY(read_rule(r, item, &t->rules[t->rule_count], t->rules, t->rule_count, NULL));
        t->rule_count++;
    }
    return check_unknown(r, def);
}

/* A supplement rule must hide, for every role, purpose and category it names, at least
 * as much as the base policy alone does. */
static privpol_status
check_not_looser(reader *r, const pnode *n, const trule *rule)
{
    const privpol_policy *pol = r->pol;
    const transforms *bt = &r->base->transforms;
    const pnode *cats = privpol__pget(n, "categories");
    privpol__catset lifted = 0;

    /* Geolocation the supplement turns on: the base drops it only because §12.3 forbids
     * collecting it, the one prohibition a supplement may lift; its transform is then the
     * tenant's choice (without a rule, the base's still applies). */
    if (pol->geolocation.precise && !r->base->geolocation.precise)
        lifted |= cat_bit("geolocation.precise");
    if (pol->geolocation.imprecise && !r->base->geolocation.imprecise)
        lifted |= cat_bit("geolocation.imprecise");
    for (size_t p = 0; p < pol->purpose_count; p++) {
        privpol_role role = pol->purposes[p].role;
        if (!(rule->roles & PRIVPOL__BIT(role)) ||
            (!rule->all_purposes && !(rule->purposes & PRIVPOL__PURPOSE_BIT(p))))
            continue;
        for (size_t c = 0; c < privpol__category_count; c++) {
            privpol_transform s, b;
            char sd[48], bd[48];
            if ((!rule->all_categories && !(rule->categories & PRIVPOL__CAT_BIT(c))) ||
                (lifted & PRIVPOL__CAT_BIT(c)))
                continue;
            fill(&s, bt, rule, c);
            fill(&b, bt, find_rule(bt, role, p, c), c);
            if (at_least_as_strict(&s, &b))
                continue;
            return privpol__pfail(r, category_node(cats, c),
                                  "transforms rule '%s' loosens '%s' for purpose '%s': "
                                  "%s, where the policy gives %s (rule '%s', %s)",
                                  rule->id, privpol__categories[c].id,
                                  pol->purposes[p].id, describe(&s, c, sd, sizeof sd),
                                  describe(&b, c, bd, sizeof bd), b.rule_id, b.clause);
        }
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__supplement_read_transforms(reader *r, const pnode *n)
{
    static const char *const keys[] = {"rules", NULL};
    transforms *t = &r->pol->transforms;
    trule added[PRIVPOL__POLICY_MAX_TRANSFORMS];
    size_t count = 0;
    const pnode *list;

    TRY(privpol__ptype(r, n, MAP, "transforms"));
    for (const pnode *k = n->first; k != NULL; k = k->next->next)
        if (is(k, "default") || is(k, "event_time"))
            return privpol__pfail(r, k,
                                  "a supplement may not change 'transforms.%s': it adds "
                                  "rules, which may only be stricter (%s)",
                                  k->text, t->clause);
    TRY(privpol__pkeys(r, n, keys, "transforms (a supplement adds rules only)"));
    TRY(privpol__preq(r, n, "rules", "transforms", &list));
    TRY(privpol__ptype(r, list, SEQ, "transforms.rules"));
    for (const pnode *item = list->first; item != NULL; item = item->next) {
        if (count + t->rule_count >= PRIVPOL__POLICY_MAX_TRANSFORMS)
            return privpol__pfail(r, item, "more than %d transforms rules",
                                  PRIVPOL__POLICY_MAX_TRANSFORMS);
        TRY(read_rule(r, item, &added[count], added, count, t));
        TRY(check_not_looser(r, item, &added[count]));
        count++;
    }
    /* the supplement's rules are tried first */
    memmove(&t->rules[count], &t->rules[0], t->rule_count * sizeof *t->rules);
    memcpy(&t->rules[0], added, count * sizeof *added);
    t->rule_count += count;
    return PRIVPOL_OK;
}
