/* SPDX-License-Identifier: MIT */
/* The `transforms` section: what the record pipeline does to each category before it is
 * kept (keep, generalize, pseudonymize, redact, drop), per role and purpose (§7.3, §7.6,
 * §15). Reading it from a policy or from a supplement, the fail-closed checks, the
 * refusal of a supplement rule that loosens what the base gives, and the lookup behind
 * privpol_policy_transform() (docs/policy-format.md, "Transforms"). */
#include "classify-internal.h"
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
    return c >= 0 ? PRIVPOL_CAT_BIT(c) : 0;
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
            if ((rule->categories & PRIVPOL_CAT_BIT(c)) && !(ok & PRIVPOL_CAT_BIT(c)))
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

/* ---- closed vocabularies: reading -------------------------------------------------- */

/* Code points a vocabulary value may not hold: C0 and C1 controls, DEL, and the invisible
 * format characters that make a text read as something else than it holds (zero-width
 * spaces and joiners, bidirectional marks, embeddings, overrides and isolates, line and
 * paragraph separators, the byte order mark). A file means what it shows. */
static bool
invisible(uint32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0x200b && cp <= 0x200f) ||
           (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2069) ||
           cp == 0xfeff;
}

/* Why a text cannot be a vocabulary value ("is empty"), or NULL. */
static const char *
value_text_problem(const char *s, size_t n)
{
    if (n == 0)
        return "is empty";
    if (n > PRIVPOL__POLICY_MAX_VOCABULARY_VALUE)
        return "is longer than 64 bytes";
    if (s[0] == ' ' || s[n - 1] == ' ')
        return "begins or ends with a space";
    for (size_t i = 0; i < n;) {
        const unsigned char *u = (const unsigned char *)s + i;
        uint32_t cp = u[0];
        size_t len = 1;
        if (cp >= 0x80) {
            if ((len = privpol__utf8_seq(u, n - i)) == 0)
                return "is not valid UTF-8";
            cp = len == 2   ? (cp & 0x1fu) << 6
                 : len == 3 ? (cp & 0x0fu) << 12 | (uint32_t)(u[1] & 0x3f) << 6
                            : (cp & 0x07u) << 18 | (uint32_t)(u[1] & 0x3f) << 12 |
                                  (uint32_t)(u[2] & 0x3f) << 6;
            cp |= u[len - 1] & 0x3fu;
        }
        if (invisible(cp))
            return "holds a control or invisible formatting character";
        i += len;
    }
    return NULL;
}

/* What privpol_classify() (the value alone, no field) or privpol_scan() finds in a value
 * under the phone region of `probe`: a category id, or NULL when neither finds anything
 * that could identify someone. The classifier's non-identifiable readings (a device type
 * word, a URL without identifiers, a date) are no identifiers; its `unknown` means that
 * nothing was recognized. */
static const char *
identifier_in(const privpol_ctx *probe, const char *s, size_t n)
{
    privpol_classification c;
    privpol_span span;
    size_t spans = 1;
    privpol_status st;
    c.version = PRIVPOL_CLASSIFICATION_VERSION;
    if (privpol_classify(probe, NULL, 0, s, n, &c, NULL) != PRIVPOL_OK)
        return "unknown"; /* cannot happen; fail closed */
    if (c.flags & PRIVPOL_CLASS_TOKEN)
        return "a pseudonym or token of this library";
    if ((size_t)c.category < privpol__category_count &&
        strcmp(privpol__categories[c.category].id, "unknown") != 0 &&
        privpol__categories[c.category].identifiability != PRIVPOL_NON_IDENTIFIABLE)
        return privpol__categories[c.category].id;
    st = privpol_scan(probe, s, n, &span, &spans, NULL);
    if (st == PRIVPOL_EBUFSIZE || (st == PRIVPOL_OK && spans > 0))
        return (size_t)span.category < privpol__category_count
                   ? privpol__categories[span.category].id
                   : "unknown";
    return st == PRIVPOL_OK ? NULL : "unknown";
}

/* identifier_in() under no phone region, then, for a value with a digit, under every
 * region a context may have: national phone numbers are read in the context's region,
 * which the policy does not know. A value without digits can hold no phone number, so
 * the usual vocabulary ("mobile", "app_launch") costs two calls. *region gets the region
 * that found something ("" for none). */
static const char *
identifier_anywhere(const privpol_policy *pol, const char *s, size_t n, char region[3])
{
    /* A context needs a policy, and this one is being built: the recognizers read the
     * phone region only (they allocate nothing), so a zeroed context with a region is all
     * they need. */
    struct privpol_ctx probe;
    const char *found;
    bool digit = false;
    memset(&probe, 0, sizeof probe);
    probe.alloc = pol->alloc;
    probe.has_alloc = pol->has_alloc;
    probe.policy = pol;
    region[0] = '\0';
    if ((found = identifier_in(&probe, s, n)) != NULL)
        return found;
    for (size_t i = 0; i < n && !digit; i++)
        digit = privpol__is_digit((unsigned char)s[i]);
    for (char a = 'A'; digit && a <= 'Z'; a++)
        for (char b = 'A'; b <= 'Z'; b++) {
            probe.default_region[0] = a;
            probe.default_region[1] = b;
            probe.default_region[2] = '\0';
            if (!privpol__phone_region_known(probe.default_region) ||
                (found = identifier_in(&probe, s, n)) == NULL)
                continue;
            memcpy(region, probe.default_region, 3);
            return found;
        }
    return NULL;
}

static privpol_status
read_vocabulary_fields(reader *r, const pnode *n, const char *what, transforms *t,
                       struct privpol__policy_vocabulary *v)
{
    const char **names;
    size_t k = 0;
    TRY(privpol__ptype(r, n, SEQ, "vocabularies.fields"));
    if (n->count == 0)
        return privpol__pfail(r, n, "%s.fields: the list is empty", what);
    if ((names = privpol__arena_alloc(r->pol->arena, n->count * sizeof *names)) == NULL)
        return privpol__fail(r->err, PRIVPOL_ENOMEM, NULL);
    for (const pnode *i = n->first; i != NULL; i = i->next) {
        char norm[PRIVPOL__FIELD_NAME_MAX + 1], buf[48];
        struct privpol__policy_vocabulary_field *f;
        size_t len;
        TRY(privpol__pstring(r, i, "a vocabulary field", &names[k]));
        /* A name, compared with the last component of a record's paths: a path here
         * would never match, and would read as if it narrowed the vocabulary to it. */
        if (strpbrk(i->text, "./[]") != NULL)
            return privpol__pfail(r, i,
                                  "%s: field '%s' is a path; give the field's name, "
                                  "which is compared with the last component of paths",
                                  what, privpol__pshow(i, buf));
        if ((len = privpol__field_normalize(i->text, i->len, norm)) == 0)
            return privpol__pfail(r, i, "%s: field '%s' is blank or longer than %d bytes",
                                  what, privpol__pshow(i, buf), PRIVPOL__FIELD_NAME_MAX);
        for (size_t j = 0; j < t->vocabulary_field_count; j++) {
            const struct privpol__policy_vocabulary_field *old = &t->vocabulary_fields[j];
            const struct privpol__policy_vocabulary *owner;
            if (old->len != len || memcmp(old->name, norm, len) != 0)
                continue;
            if (old->vocabulary == t->vocabulary_count)
                return privpol__pfail(r, i,
                                      "%s: field '%s' listed twice (field names compare "
                                      "as '%s')",
                                      what, privpol__pshow(i, buf), old->name);
            owner = &t->vocabularies[old->vocabulary];
            if (r->supplement && !owner->from_supplement)
                return privpol__pfail(r, i,
                                      "%s: field '%s' has the policy's vocabulary '%s' "
                                      "(line %u, %s): a supplement may not widen it",
                                      what, privpol__pshow(i, buf), owner->id,
                                      owner->line, owner->clause);
            return privpol__pfail(r, i,
                                  "%s: field '%s' already has vocabulary '%s' (line %u): "
                                  "a field has one vocabulary",
                                  what, privpol__pshow(i, buf), owner->id, owner->line);
        }
        if (t->vocabulary_field_count >= PRIVPOL__POLICY_MAX_VOCABULARY_FIELDS)
            return privpol__pfail(r, i, "more than %d vocabulary fields",
                                  PRIVPOL__POLICY_MAX_VOCABULARY_FIELDS);
        f = &t->vocabulary_fields[t->vocabulary_field_count];
        if ((f->name = privpol__arena_strndup(r->pol->arena, norm, len)) == NULL)
            return privpol__fail(r->err, PRIVPOL_ENOMEM, NULL);
        f->len = (uint8_t)len;
        f->vocabulary = (uint8_t)t->vocabulary_count;
        t->vocabulary_field_count++;
        k++;
    }
    v->fields = names;
    v->field_count = k;
    return PRIVPOL_OK;
}

static privpol_status
read_vocabulary_values(reader *r, const pnode *n, const char *what,
                       struct privpol__policy_vocabulary *v)
{
    struct privpol__arena *arena = r->pol->arena;
    const char **values;
    uint8_t *lens;
    uint16_t *slots;
    size_t size = 8, k = 0;
    TRY(privpol__ptype(r, n, SEQ, "vocabularies.values"));
    if (n->count == 0)
        return privpol__pfail(r, n, "%s.values: the list is empty", what);
    if (n->count > PRIVPOL__POLICY_MAX_VOCABULARY_VALUES) {
        const pnode *i = n->first;
        for (size_t j = 0; j < PRIVPOL__POLICY_MAX_VOCABULARY_VALUES; j++)
            i = i->next;
        return privpol__pfail(r, i, "%s: more than %d values", what,
                              PRIVPOL__POLICY_MAX_VOCABULARY_VALUES);
    }
    /* at most half full: probes stay short */
    while (size < 2 * n->count)
        size *= 2;
    if ((values = privpol__arena_alloc(arena, n->count * sizeof *values)) == NULL ||
        (lens = privpol__arena_alloc(arena, n->count * sizeof *lens)) == NULL ||
        (slots = privpol__arena_alloc(arena, size * sizeof *slots)) == NULL)
        return privpol__fail(r->err, PRIVPOL_ENOMEM, NULL);
    v->values = values;
    v->value_lens = lens;
    v->value_slots = slots;
    v->value_mask = (uint32_t)size - 1;
    /* Messages name a value by its position, never quote it: a value refused as an
     * identifier may be someone's. */
    for (const pnode *i = n->first; i != NULL; i = i->next) {
        const char *problem, *found;
        char region[3];
        int old;
        uint32_t h;
        TRY(privpol__ptype(r, i, PRIVPOL__PN_SCALAR, "a vocabulary value"));
        if ((problem = value_text_problem(i->text, i->len)) != NULL)
            return privpol__pfail(r, i, "%s: value %zu %s", what, k + 1, problem);
        if ((old = privpol__policy_vocabulary_position(v, i->text, i->len)) >= 0)
            return privpol__pfail(r, i, "%s: value %zu repeats value %d", what, k + 1,
                                  old + 1);
        if ((found = identifier_anywhere(r->pol, i->text, i->len, region)) != NULL)
            return privpol__pfail(
                r, i,
                "%s: value %zu reads as %s%s%s%s: a vocabulary's values are kept without "
                "a scan, so none may be an identifier",
                what, k + 1, found, region[0] != '\0' ? " (phone region " : "", region,
                region[0] != '\0' ? ")" : "");
        if ((values[k] = privpol__arena_strndup(arena, i->text, i->len)) == NULL)
            return privpol__fail(r->err, PRIVPOL_ENOMEM, NULL);
        lens[k] = (uint8_t)i->len;
        for (h = privpol__policy_vocabulary_hash(i->text, i->len) & v->value_mask; slots[h] != 0;
             h = (h + 1) & v->value_mask)
            ;
        slots[h] = (uint16_t)(k + 1);
        v->value_count = ++k;
    }
    return PRIVPOL_OK;
}

/* One vocabulary, appended to t. */
static privpol_status
read_vocabulary(reader *r, const pnode *n, transforms *t)
{
    static const char *const keys[] = {"id",     "fields",      "values",
                                       "clause", "description", NULL};
    static const char *const required[] = {"id", "fields", "values", "clause", NULL};
    struct privpol__policy_vocabulary *v = &t->vocabularies[t->vocabulary_count];
    const pnode *id;
    char what[96];

    memset(v, 0, sizeof *v);
    TRY(privpol__ptype(r, n, MAP, "a vocabulary"));
    TRY(privpol__pkeys(r, n, keys, "a vocabulary"));
    for (size_t i = 0; required[i] != NULL; i++) {
        const pnode *x;
        TRY(privpol__preq(r, n, required[i], "a vocabulary", &x));
    }
    id = privpol__pget(n, "id");
    TRY(privpol__pid(r, id, "vocabularies.id", &v->id));
    for (size_t i = 0; i < t->vocabulary_count; i++) {
        const struct privpol__policy_vocabulary *old = &t->vocabularies[i];
        if (strcmp(old->id, v->id) != 0)
            continue;
        if (r->supplement && !old->from_supplement)
            return privpol__pfail(r, id,
                                  "vocabulary '%s' is the policy's (line %u, %s): a "
                                  "supplement may not widen it; it adds vocabularies of "
                                  "its own, with new ids and fields",
                                  v->id, old->line, old->clause);
        return privpol__pfail(r, id,
                              "vocabulary '%s' is defined twice (first at line %u)",
                              v->id, old->line);
    }
    snprintf(what, sizeof what, "vocabularies.%s", v->id);
    TRY(read_vocabulary_fields(r, privpol__pget(n, "fields"), what, t, v));
    TRY(read_vocabulary_values(r, privpol__pget(n, "values"), what, v));
    TRY(privpol__pstring(r, privpol__pget(n, "clause"), "vocabularies.clause",
                         &v->clause));
    TRY(privpol__popt_string(r, n, "description", "vocabularies.description",
                             &v->description));
    v->from_supplement = r->supplement;
    v->line = n->line;
    t->vocabulary_count++;
    return PRIVPOL_OK;
}

/* transforms.vocabularies of a policy or a supplement (the checks of read_vocabulary
 * refuse a supplement's that would widen the policy's), then the field index rebuilt
 * over all of them. */
static privpol_status
read_vocabularies(reader *r, const pnode *list)
{
    transforms *t = &r->pol->transforms;
    const uint32_t mask = PRIVPOL__POLICY_VOCABULARY_FIELD_SLOTS - 1;
    TRY(privpol__ptype(r, list, SEQ, "transforms.vocabularies"));
    for (const pnode *item = list->first; item != NULL; item = item->next) {
        if (t->vocabulary_count >= PRIVPOL__POLICY_MAX_VOCABULARIES)
            return privpol__pfail(r, item, "more than %d vocabularies",
                                  PRIVPOL__POLICY_MAX_VOCABULARIES);
        TRY(read_vocabulary(r, item, t));
    }
    /* at most 64 names in 128 slots: at most half full */
    memset(t->vocabulary_field_slots, 0, sizeof t->vocabulary_field_slots);
    for (size_t i = 0; i < t->vocabulary_field_count; i++) {
        const struct privpol__policy_vocabulary_field *f = &t->vocabulary_fields[i];
        uint32_t h = privpol__policy_vocabulary_hash(f->name, f->len) & mask;
        while (t->vocabulary_field_slots[h] != 0)
            h = (h + 1) & mask;
        t->vocabulary_field_slots[h] = (uint8_t)(i + 1);
    }
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
        if (privpol__policy_transform_rule(t, pur->role, p, (size_t)unknown) != NULL)
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
    static const char *const keys[] = {"clause", "event_time",   "default",
                                       "rules",  "vocabularies", NULL};
    static const char *const required[] = {"clause", "event_time", "default", "rules",
                                           NULL};
    transforms *t = &r->pol->transforms;
    const pnode *v, *def, *list;
    unsigned action;

    TRY(privpol__ptype(r, n, MAP, "transforms"));
    TRY(privpol__pkeys(r, n, keys, "transforms"));
    for (size_t i = 0; required[i] != NULL; i++)
        TRY(privpol__preq(r, n, required[i], "transforms", &v));
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
    if ((v = privpol__pget(n, "vocabularies")) != NULL)
        TRY(read_vocabularies(r, v));
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
            if ((!rule->all_categories && !(rule->categories & PRIVPOL_CAT_BIT(c))) ||
                (lifted & PRIVPOL_CAT_BIT(c)))
                continue;
            privpol__policy_transform_fill(&s, bt, rule, c);
            privpol__policy_transform_fill(&b, bt, privpol__policy_transform_rule(bt, role, p, c), c);
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
    static const char *const keys[] = {"rules", "vocabularies", NULL};
    transforms *t = &r->pol->transforms;
    trule added[PRIVPOL__POLICY_MAX_TRANSFORMS];
    size_t count = 0;
    const pnode *list, *vocabularies;

    TRY(privpol__ptype(r, n, MAP, "transforms"));
    for (const pnode *k = n->first; k != NULL; k = k->next->next)
        if (is(k, "default") || is(k, "event_time"))
            return privpol__pfail(r, k,
                                  "a supplement may not change 'transforms.%s': it adds "
                                  "rules, which may only be stricter (%s)",
                                  k->text, t->clause);
    TRY(privpol__pkeys(r, n, keys,
                       "transforms (a supplement adds rules and vocabularies only)"));
    /* Vocabularies of the tenant's own fields; widening the policy's is refused there. */
    if ((vocabularies = privpol__pget(n, "vocabularies")) != NULL)
        TRY(read_vocabularies(r, vocabularies));
    if ((list = privpol__pget(n, "rules")) == NULL) {
        if (vocabularies != NULL)
            return PRIVPOL_OK;
        return privpol__pfail(r, n, "transforms: missing required key 'rules'");
    }
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
