/* SPDX-License-Identifier: MIT */
/* Writing the effective policy as YAML (a full policy file that reads back into the same
 * model) or as JSON (the same tree). One walk of the model drives a small emitter with
 * two back ends. */
#include "policy-parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- the emitter ------------------------------------------------------------------- */

#define EM_MAX_DEPTH 12
#define EM_WIDTH 90

struct em {
    privpol_write_fn fn;
    void *payload;
    bool json, failed;
    size_t column; /* YAML: bytes since the last newline */
    size_t depth;
    struct {
        bool seq;
        size_t count;
        size_t indent; /* YAML: column of the container's entries */
    } st[EM_MAX_DEPTH];
    bool dash; /* YAML: the next key opens a sequence item ("- ") */
};

static void
out(struct em *e, const char *s, size_t n)
{
    if (e->failed || n == 0)
        return;
    if (e->fn(s, n, e->payload) != 0) {
        e->failed = true;
        return;
    }
    for (size_t i = 0; i < n; i++)
        e->column = s[i] == '\n' ? 0 : e->column + 1;
}

static void
outs(struct em *e, const char *s)
{
    out(e, s, strlen(s));
}

static void
spaces(struct em *e, size_t n)
{
    static const char sp[] = "                                                ";
    while (n > 0) {
        size_t k = n < sizeof sp - 1 ? n : sizeof sp - 1;
        out(e, sp, k);
        n -= k;
    }
}

/* A double-quoted string; the escapes used are valid in JSON and in YAML. */
static void
quoted(struct em *e, const char *s)
{
    size_t start = 0, i;
    outs(e, "\"");
    for (i = 0; s[i] != '\0'; i++) {
        char esc[6];
        size_t k = privpol__json_escape_byte((unsigned char)s[i], esc);
        if (k == 0)
            continue;
        out(e, s + start, i - start);
        out(e, esc, k);
        start = i + 1;
    }
    out(e, s + start, i - start);
    outs(e, "\"");
}

/* Plain words YAML 1.1 would read as a boolean or null: quote them for other readers. */
static bool
yaml_reserved(const char *s)
{
    static const char *const words[] = {"y",    "n",     "yes",  "no", "on", "off",
                                        "true", "false", "null", "~",  NULL};
    for (size_t i = 0; words[i] != NULL; i++) {
        size_t n = strlen(words[i]);
        if (strlen(s) == n) {
            size_t j;
            for (j = 0; j < n && (s[j] | 0x20) == words[i][j]; j++)
                ;
            if (j == n)
                return true;
        }
    }
    return false;
}

/* Start an entry of the current container: a newline, the indentation, then the key or
 * the sequence dash. */
static void
entry(struct em *e, const char *key)
{
    size_t top = e->depth - 1;
    if (e->json) {
        outs(e, e->st[top].count > 0 ? ",\n" : "\n");
        spaces(e, 2 * e->depth);
        if (key != NULL) {
            quoted(e, key);
            outs(e, ": ");
        }
    } else {
        if (e->column != 0)
            outs(e, "\n");
        if (e->st[top].seq) {
            spaces(e, e->st[top].indent);
            outs(e, "- ");
        } else if (e->dash) {
            spaces(e, e->st[top].indent - 2);
            outs(e, "- ");
            e->dash = false;
        } else {
            spaces(e, e->st[top].indent);
        }
        if (key != NULL) {
            outs(e, key);
            outs(e, ":");
        }
    }
    e->st[top].count++;
}

/* Open a mapping or a sequence: the document's root (depth 0, no key), an item of a
 * sequence (no key) or the value of a key. In YAML a collection under a key starts on
 * the next line, two columns in; a mapping that is a sequence item starts on the dash's
 * line; a sequence's items are "- " lines. */
static void
open_container(struct em *e, const char *key, bool seq)
{
    size_t indent = 0;
    bool in_seq = e->depth > 0 && e->st[e->depth - 1].seq;
    if (e->depth >= EM_MAX_DEPTH) {
        e->failed = true;
        return;
    }
    if (e->depth > 0) {
        size_t parent = e->st[e->depth - 1].indent;
        if (e->json || !in_seq) {
            entry(e, key);
        } else {
            e->st[e->depth - 1].count++;
            e->dash = true; /* the first key writes the dash */
        }
        indent = parent + 2;
    }
    if (e->json)
        outs(e, seq ? "[" : "{");
    e->st[e->depth].seq = seq;
    e->st[e->depth].count = 0;
    e->st[e->depth].indent = indent;
    e->depth++;
}

static void
close_container(struct em *e)
{
    if (e->depth == 0)
        return;
    e->depth--;
    if (e->json) {
        if (e->st[e->depth].count > 0) {
            outs(e, "\n");
            spaces(e, 2 * e->depth);
        }
        outs(e, e->st[e->depth].seq ? "]" : "}");
    }
}

static void
map_open(struct em *e, const char *key)
{
    open_container(e, key, false);
}

static void
seq_open(struct em *e, const char *key)
{
    open_container(e, key, true);
}

/* The value after a key or a dash: YAML wants a space after "key:". */
static void
value_start(struct em *e)
{
    if (!e->json && e->depth > 0 && !e->st[e->depth - 1].seq)
        outs(e, " ");
}

static void
str(struct em *e, const char *key, const char *v)
{
    if (v == NULL)
        return;
    entry(e, key);
    value_start(e);
    quoted(e, v);
}

static void
id(struct em *e, const char *key, const char *v)
{
    if (v == NULL)
        return;
    entry(e, key);
    value_start(e);
    if (e->json || yaml_reserved(v))
        quoted(e, v);
    else
        outs(e, v);
}

/* A bare value: a number or a boolean (bare in both), or a date or duration (bare in
 * YAML, a string in JSON). */
static void
raw(struct em *e, const char *key, const char *v, bool json_string)
{
    entry(e, key);
    value_start(e);
    if (e->json && json_string)
        quoted(e, v);
    else
        outs(e, v);
}

static void
boolean(struct em *e, const char *key, bool v)
{
    raw(e, key, v ? "true" : "false", false);
}

static void
comment(struct em *e, const char *text)
{
    if (e->json)
        return;
    outs(e, "\n");
    spaces(e, e->depth > 0 ? e->st[e->depth - 1].indent : 0);
    outs(e, "# ");
    outs(e, text);
}

/* A list of names: a flow sequence in YAML, wrapped under its first item. */
static void
names(struct em *e, const char *key, const char *const *v, size_t n)
{
    size_t align;
    entry(e, key);
    value_start(e);
    if (e->json) {
        outs(e, "[");
        for (size_t i = 0; i < n; i++) {
            if (i > 0)
                outs(e, ", ");
            quoted(e, v[i]);
        }
        outs(e, "]");
        return;
    }
    outs(e, "[");
    align = e->column;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + (yaml_reserved(v[i]) ? 2 : 0);
        if (i > 0) {
            if (e->column + 2 + len + 1 > EM_WIDTH) {
                outs(e, ",\n");
                spaces(e, align);
            } else {
                outs(e, ", ");
            }
        }
        if (yaml_reserved(v[i]))
            quoted(e, v[i]);
        else
            outs(e, v[i]);
    }
    outs(e, "]");
}

static void
empty_seq(struct em *e, const char *key)
{
    entry(e, key);
    value_start(e);
    outs(e, "[]");
}

/* ---- helpers ----------------------------------------------------------------------- */

#define NAMES_MAX 64

static void
catset(struct em *e, const char *key, privpol__catset set)
{
    const char *v[NAMES_MAX];
    size_t n = 0;
    for (size_t c = 0; c < privpol__category_count && c < PRIVPOL__CATEGORY_MAX; c++)
        if (set & PRIVPOL_CAT_BIT(c))
            v[n++] = privpol__categories[c].id;
    names(e, key, v, n);
}

static void
mask(struct em *e, const char *key, unsigned m, const char *const *table, size_t count)
{
    const char *v[NAMES_MAX];
    size_t n = 0;
    for (size_t i = 0; i < count; i++)
        if (m & (1u << i))
            v[n++] = table[i];
    names(e, key, v, n);
}

/* Roles, the controller first as in the default policy file. */
static void
roles(struct em *e, const char *key, unsigned m)
{
    const char *v[2];
    size_t n = 0;
    if (m & PRIVPOL__BIT(PRIVPOL_ROLE_CONTROLLER))
        v[n++] = "controller";
    if (m & PRIVPOL__BIT(PRIVPOL_ROLE_PROCESSOR))
        v[n++] = "processor";
    names(e, key, v, n);
}

static void
purposes_of(struct em *e, const char *key, const privpol_policy *pol,
            privpol__purposeset set)
{
    const char *v[NAMES_MAX];
    size_t n = 0;
    for (size_t p = 0; p < pol->purpose_count; p++)
        if (set & PRIVPOL__PURPOSE_BIT(p))
            v[n++] = pol->purposes[p].id;
    names(e, key, v, n);
}

static void
date(struct em *e, const char *key, int64_t t)
{
    char buf[PRIVPOL_TIME_TEXT_SIZE];
    if (privpol_time_format(t, buf, &(size_t){sizeof buf}, NULL) != PRIVPOL_OK)
        strcpy(buf, "9999-12-31");
    else if (strcmp(buf + 10, "T00:00:00Z") == 0)
        buf[10] = '\0';
    raw(e, key, buf, true);
}

static void
duration(struct em *e, const char *key, const privpol_duration *d)
{
    char buf[64];
    if (privpol_duration_format(d, buf, &(size_t){sizeof buf}, NULL) != PRIVPOL_OK)
        strcpy(buf, "PT0S");
    raw(e, key, buf, true);
}

static void
level(struct em *e, const char *key, privpol_identifiability l)
{
    id(e, key, privpol__identifiability_name(l));
}

static void
uint_value(struct em *e, const char *key, unsigned v)
{
    char buf[16];
    snprintf(buf, sizeof buf, "%u", v);
    raw(e, key, buf, false);
}

/* ---- sections ---------------------------------------------------------------------- */

static const privpol_role role_order[2] = {PRIVPOL_ROLE_CONTROLLER,
                                           PRIVPOL_ROLE_PROCESSOR};

static void
write_roles(struct em *e, const privpol_policy *pol)
{
    map_open(e, "roles");
    for (int i = 0; i < 2; i++) {
        const struct privpol__policy_role *r = &pol->roles[role_order[i]];
        if (!r->present)
            continue;
        map_open(e, privpol__role_names[role_order[i]]);
        str(e, "clause", r->clause);
        str(e, "description", r->description);
        close_container(e);
    }
    close_container(e);
}

static void
write_subjects(struct em *e, const privpol_policy *pol)
{
    map_open(e, "subjects");
    for (unsigned s = 0; s < PRIVPOL__SUBJECT_COUNT; s++) {
        const struct privpol__policy_subject *sj = &pol->subjects[s];
        if (!sj->present)
            continue;
        map_open(e, privpol__subject_names[s]);
        str(e, "clause", sj->clause);
        roles(e, "roles", sj->roles);
        str(e, "description", sj->description);
        close_container(e);
    }
    close_container(e);
}

/* Rules regrouped from the resolved model: categories (or operations) of one role
 * sharing a clause form one rule; identical rules of both roles merge. */
struct group {
    unsigned roles;
    const char *clause;
    uint64_t set;
    bool deny;
};

static size_t
add_to_group(struct group *g, size_t n, size_t max, privpol_role role, const char *clause,
             unsigned bit, bool deny)
{
    for (size_t i = 0; i < n; i++)
        if (g[i].roles == PRIVPOL__BIT(role) && g[i].deny == deny &&
            strcmp(g[i].clause, clause) == 0) {
            g[i].set |= (uint64_t)1 << bit;
            return n;
        }
    if (n >= max)
        return n;
    g[n].roles = PRIVPOL__BIT(role);
    g[n].clause = clause;
    g[n].set = (uint64_t)1 << bit;
    g[n].deny = deny;
    return n + 1;
}

static size_t
merge_groups(struct group *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (g[j].set == g[i].set && g[j].deny == g[i].deny &&
                strcmp(g[j].clause, g[i].clause) == 0) {
                g[i].roles |= g[j].roles;
                memmove(&g[j], &g[j + 1], (n - j - 1) * sizeof *g);
                n--;
                j--;
            }
    return n;
}

static void
write_categories(struct em *e, const privpol_policy *pol)
{
    struct group g[2 * PRIVPOL__CATEGORY_MAX];
    size_t n = 0;
    for (int i = 0; i < 2; i++) {
        privpol_role role = role_order[i];
        const struct privpol__policy_categories *set = &pol->categories[role];
        for (unsigned c = 0; c < PRIVPOL__CATEGORY_MAX; c++)
            if (set->allowed & PRIVPOL_CAT_BIT(c))
                n = add_to_group(g, n, sizeof g / sizeof *g, role, set->clause[c], c,
                                 false);
    }
    n = merge_groups(g, n);
    seq_open(e, "categories");
    for (size_t i = 0; i < n; i++) {
        map_open(e, NULL);
        roles(e, "roles", g[i].roles);
        str(e, "clause", g[i].clause);
        catset(e, "allowed", g[i].set);
        close_container(e);
    }
    close_container(e);
}

static void
write_geolocation(struct em *e, const privpol_policy *pol)
{
    const struct privpol__policy_geolocation *g = &pol->geolocation;
    map_open(e, "geolocation");
    str(e, "clause", g->clause);
    boolean(e, "precise", g->precise);
    boolean(e, "imprecise", g->imprecise);
    str(e, "enabled_by", g->enable_clause);
    close_container(e);
}

static void
write_purposes(struct em *e, const privpol_policy *pol)
{
    map_open(e, "purposes");
    for (size_t i = 0; i < pol->purpose_count; i++) {
        const struct privpol__policy_purpose *p = &pol->purposes[i];
        if (p->from_supplement && (i == 0 || !pol->purposes[i - 1].from_supplement))
            comment(e, "from the tenant's supplement");
        map_open(e, p->id);
        id(e, "role", privpol__role_names[p->role]);
        str(e, "clause", p->clause);
        str(e, "description", p->description);
        mask(e, "subjects", p->subjects, privpol__subject_names, PRIVPOL__SUBJECT_COUNT);
        catset(e, "categories", p->categories);
        if (p->operations != pol->operations[p->role].allowed)
            mask(e, "operations", p->operations, privpol__operation_names,
                 PRIVPOL__OPERATION_COUNT);
        str(e, "objection", p->objection);
        str(e, "anonymize", p->anonymize);
        close_container(e);
    }
    close_container(e);
}

static void
write_operations(struct em *e, const privpol_policy *pol)
{
    struct group g[4 * PRIVPOL__OPERATION_COUNT];
    size_t n = 0;
    for (int i = 0; i < 2; i++) {
        privpol_role role = role_order[i];
        const struct privpol__policy_operations *o = &pol->operations[role];
        for (unsigned op = 0; op < PRIVPOL__OPERATION_COUNT; op++) {
            if (o->allowed & PRIVPOL__BIT(op))
                n = add_to_group(g, n, sizeof g / sizeof *g, role, o->clause[op], op,
                                 false);
            else if (o->denied & PRIVPOL__BIT(op))
                n = add_to_group(g, n, sizeof g / sizeof *g, role, o->clause[op], op,
                                 true);
        }
    }
    n = merge_groups(g, n);
    seq_open(e, "operations");
    for (size_t i = 0; i < n; i++) {
        map_open(e, NULL);
        roles(e, "roles", g[i].roles);
        str(e, "clause", g[i].clause);
        mask(e, g[i].deny ? "denied" : "allowed", (unsigned)g[i].set,
             privpol__operation_names, PRIVPOL__OPERATION_COUNT);
        close_container(e);
    }
    close_container(e);
}

static void
write_recipients(struct em *e, const privpol_policy *pol)
{
    seq_open(e, "recipients");
    for (size_t i = 0; i < pol->recipient_count; i++) {
        const struct privpol__policy_recipient *r = &pol->recipients[i];
        map_open(e, NULL);
        id(e, "recipient", privpol__recipient_names[r->recipient]);
        roles(e, "roles", r->roles);
        str(e, "clause", r->clause);
        str(e, "description", r->description);
        if (r->requires != 0)
            mask(e, "requires", r->requires, privpol__condition_names,
                 PRIVPOL__CONDITION_COUNT);
        if (r->max_level != PRIVPOL_PERSONAL)
            level(e, "max_identifiability", r->max_level);
        if (r->has_categories)
            catset(e, "categories", r->categories);
        close_container(e);
    }
    close_container(e);
}

static void
write_partners(struct em *e, const privpol_policy *pol)
{
    if (pol->partner_count == 0) {
        empty_seq(e, "partners");
        return;
    }
    seq_open(e, "partners");
    for (size_t i = 0; i < pol->partner_count; i++) {
        const struct privpol__policy_partner *pt = &pol->partners[i];
        if (pt->from_supplement && (i == 0 || !pol->partners[i - 1].from_supplement))
            comment(e, "from the tenant's supplement");
        map_open(e, NULL);
        id(e, "id", pt->id);
        str(e, "name", pt->name);
        id(e, "recipient", privpol__recipient_names[pt->recipient]);
        id(e, "role", privpol__role_names[pt->role]);
        purposes_of(e, "purposes", pol, pt->purposes);
        catset(e, "categories", pt->categories);
        id(e, "country", pt->country);
        if (pt->safeguard != PRIVPOL_SAFEGUARD_NONE)
            id(e, "safeguard", privpol__safeguard_names[pt->safeguard]);
        str(e, "clause", pt->clause);
        str(e, "description", pt->description);
        close_container(e);
    }
    close_container(e);
}

static void
write_locations(struct em *e, const privpol_policy *pol)
{
    const struct privpol__policy_locations *loc = &pol->locations;
    const char *v[PRIVPOL__POLICY_MAX_COUNTRIES];
    size_t n = 0;

    map_open(e, "locations");
    map_open(e, "processing");
    str(e, "clause", loc->processing_clause);
    id(e, "region", "eea");
    for (size_t i = 0; i < loc->data_center_count; i++)
        v[n++] = loc->data_centers[i];
    names(e, "data_centers", v, n);
    close_container(e);

    map_open(e, "eea");
    str(e, "clause", loc->eea_clause);
    n = 0;
    for (size_t i = 0; i < loc->country_count; i++)
        if (loc->countries[i].eea)
            v[n++] = loc->countries[i].code;
    names(e, "countries", v, n);
    close_container(e);

    map_open(e, "transfers");
    str(e, "clause", loc->transfer_clause);
    close_container(e);

    map_open(e, "adequacy");
    str(e, "clause", loc->adequacy_clause);
    n = 0;
    for (size_t i = 0; i < loc->country_count; i++)
        n += loc->countries[i].adequacy;
    if (n == 0) {
        empty_seq(e, "decisions");
    } else {
        seq_open(e, "decisions");
        for (size_t i = 0; i < loc->country_count; i++) {
            const struct privpol__policy_country *c = &loc->countries[i];
            if (!c->adequacy)
                continue;
            map_open(e, NULL);
            id(e, "country", c->code);
            date(e, "from", c->adequacy_from);
            if (c->adequacy_until != INT64_MAX)
                date(e, "until", c->adequacy_until);
            str(e, "decision", c->decision);
            if (c->partial)
                boolean(e, "partial", true);
            str(e, "note", c->note);
            close_container(e);
        }
        close_container(e);
    }
    close_container(e);

    map_open(e, "safeguards");
    for (unsigned s = 1; s < PRIVPOL__SAFEGUARD_COUNT; s++)
        str(e, privpol__safeguard_names[s], loc->safeguard_clause[s]);
    close_container(e);
    close_container(e);
}

static void
write_retention(struct em *e, const privpol_policy *pol)
{
    seq_open(e, "retention");
    for (size_t i = 0; i < pol->retention_count; i++) {
        const struct privpol__policy_retention *r = &pol->retention[i];
        if (r->from_supplement && (i == 0 || !pol->retention[i - 1].from_supplement))
            comment(e, "from the tenant's supplement");
        map_open(e, NULL);
        id(e, "id", r->id);
        id(e, "role", privpol__role_names[r->role]);
        if (r->all_purposes)
            id(e, "purposes", "all");
        else
            purposes_of(e, "purposes", pol, r->purposes);
        if (r->all_categories)
            id(e, "categories", "all");
        else
            catset(e, "categories", r->categories);
        id(e, "basis", privpol__basis_names[r->basis]);
        if (r->period_is_contract)
            id(e, "period", "contract");
        else if (r->has_period)
            duration(e, "period", &r->period);
        str(e, "clause", r->clause);
        str(e, "description", r->description);
        close_container(e);
    }
    close_container(e);
}

static void
write_contract(struct em *e, const privpol_policy *pol)
{
    const struct privpol__policy_contract *ct = &pol->contract;
    if (!ct->present)
        return;
    map_open(e, "contract");
    str(e, "clause", ct->clause);
    if (ct->has_period)
        duration(e, "period", &ct->period);
    if (ct->has_end)
        date(e, "end", ct->end);
    close_container(e);
}

static void
write_rights(struct em *e, const privpol_policy *pol)
{
    const struct privpol__policy_rights *rt = &pol->rights;
    map_open(e, "rights");
    str(e, "clause", rt->clause);
    str(e, "contact", rt->contact);
    map_open(e, "granted");
    for (unsigned i = 0; i < PRIVPOL__RIGHT_COUNT; i++)
        str(e, privpol__right_names[i], rt->granted[i]);
    close_container(e);
    map_open(e, "deadline");
    str(e, "clause", rt->deadline_clause);
    duration(e, "answer", &rt->answer);
    if (!privpol__duration_is_zero(&rt->extension))
        duration(e, "extension", &rt->extension);
    close_container(e);
    map_open(e, "complaint");
    str(e, "clause", rt->complaint_clause);
    str(e, "authority", rt->authority);
    id(e, "country", rt->authority_country);
    str(e, "website", rt->authority_website);
    close_container(e);
    if (rt->identification_clause != NULL) {
        map_open(e, "identification");
        str(e, "clause", rt->identification_clause);
        catset(e, "categories", rt->identification);
        close_container(e);
    }
    close_container(e);
}

static void
write_pseudonymization(struct em *e, const privpol_policy *pol)
{
    const struct privpol__policy_pseudonymization *ps = &pol->pseudonymization;
    struct {
        unsigned period;
        const char *clause;
        privpol__catset set;
    } g[PRIVPOL__CATEGORY_MAX];
    size_t n = 0;
    for (unsigned c = 0; c < PRIVPOL__CATEGORY_MAX; c++) {
        size_t i;
        if (!(ps->rotation_set & PRIVPOL_CAT_BIT(c)))
            continue;
        for (i = 0; i < n; i++)
            if (g[i].period == ps->rotation[c] &&
                strcmp(g[i].clause, ps->rotation_clause[c]) == 0)
                break;
        if (i == n) {
            g[n].period = ps->rotation[c];
            g[n].clause = ps->rotation_clause[c];
            g[n].set = 0;
            n++;
        }
        g[i].set |= PRIVPOL_CAT_BIT(c);
    }
    map_open(e, "pseudonymization");
    str(e, "clause", ps->clause);
    boolean(e, "keys_kept_apart", ps->keys_kept_apart);
    level(e, "reidentification", ps->reidentification);
    if (n == 0) {
        empty_seq(e, "rotation");
    } else {
        seq_open(e, "rotation");
        for (size_t i = 0; i < n; i++) {
            map_open(e, NULL);
            catset(e, "categories", g[i].set);
            id(e, "period", privpol__period_names[g[i].period]);
            str(e, "clause", g[i].clause);
            close_container(e);
        }
        close_container(e);
    }
    close_container(e);
}

static void
write_identifiability(struct em *e, const privpol_policy *pol)
{
    const struct privpol__policy_combination *cb = &pol->combination;
    map_open(e, "compartmentalization");
    str(e, "clause", pol->compartmentalization.clause);
    boolean(e, "link_across_tenants", pol->compartmentalization.link_across_tenants);
    close_container(e);

    map_open(e, "combination");
    str(e, "clause", cb->clause);
    boolean(e, "personal_if_combined", cb->personal_if_combined);
    if (cb->rule_count == 0) {
        empty_seq(e, "rules");
    } else {
        seq_open(e, "rules");
        for (size_t i = 0; i < cb->rule_count; i++) {
            const struct privpol__policy_combination_rule *r = &cb->rules[i];
            map_open(e, NULL);
            id(e, "id", r->id);
            str(e, "clause", r->clause);
            str(e, "description", r->description);
            if (r->all_of != 0)
                catset(e, "all_of", r->all_of);
            if (r->any_of != 0) {
                catset(e, "any_of", r->any_of);
                uint_value(e, "at_least", r->at_least);
            }
            level(e, "level", r->level);
            close_container(e);
        }
        close_container(e);
    }
    close_container(e);

    map_open(e, "reuse");
    str(e, "clause", pol->reuse.clause);
    level(e, "processor_data_for_controller", pol->reuse.max_level);
    close_container(e);
}

/* Length of a text once quoted(). */
static size_t
quoted_len(const char *s)
{
    return 2 + privpol__json_escaped_len(s, strlen(s));
}

/* Field names and vocabulary values are any text: always quoted. In YAML a long list
 * wraps under its first item, as names() does. */
static void
texts(struct em *e, const char *key, const char *const *v, size_t n)
{
    size_t align;
    entry(e, key);
    value_start(e);
    outs(e, "[");
    align = e->column;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            if (!e->json && e->column + 2 + quoted_len(v[i]) + 1 > EM_WIDTH) {
                outs(e, ",\n");
                spaces(e, align);
            } else {
                outs(e, ", ");
            }
        }
        quoted(e, v[i]);
    }
    outs(e, "]");
}

/* transforms.vocabularies, the policy's then the tenant's, as they were read. */
static void
write_vocabularies(struct em *e, const struct privpol__policy_transforms *t)
{
    if (t->vocabulary_count == 0)
        return;
    seq_open(e, "vocabularies");
    for (size_t i = 0; i < t->vocabulary_count; i++) {
        const struct privpol__policy_vocabulary *v = &t->vocabularies[i];
        if (v->from_supplement && (i == 0 || !t->vocabularies[i - 1].from_supplement))
            comment(e, "from the tenant's supplement");
        map_open(e, NULL);
        id(e, "id", v->id);
        texts(e, "fields", v->fields, v->field_count);
        texts(e, "values", v->values, v->value_count);
        str(e, "clause", v->clause);
        str(e, "description", v->description);
        close_container(e);
    }
    close_container(e);
}

static void
write_transforms(struct em *e, const privpol_policy *pol)
{
    const struct privpol__policy_transforms *t = &pol->transforms;
    int ip = privpol__category_index("connection.ip_address");
    map_open(e, "transforms");
    str(e, "clause", t->clause);
    texts(e, "event_time", t->time_fields, t->time_field_count);
    id(e, "default", privpol__action_names[t->default_action]);
    if (t->rule_count == 0)
        empty_seq(e, "rules");
    else
        seq_open(e, "rules");
    for (size_t i = 0; i < t->rule_count; i++) {
        const struct privpol__policy_transform_rule *r = &t->rules[i];
        if (r->from_supplement && (i == 0 || !t->rules[i - 1].from_supplement))
            comment(e, "from the tenant's supplement");
        map_open(e, NULL);
        id(e, "id", r->id);
        if (r->all_roles)
            id(e, "roles", "all");
        else
            roles(e, "roles", r->roles);
        if (r->all_purposes)
            id(e, "purposes", "all");
        else
            purposes_of(e, "purposes", pol, r->purposes);
        if (r->all_categories)
            id(e, "categories", "all");
        else
            catset(e, "categories", r->categories);
        id(e, "action", privpol__action_names[r->action]);
        if (r->reversible)
            boolean(e, "reversible", true);
        if (r->action == PRIVPOL_ACTION_GENERALIZE && !r->all_categories &&
            (r->categories & PRIVPOL_CAT_BIT(ip))) {
            map_open(e, "prefix");
            uint_value(e, "ipv4", r->prefix4);
            uint_value(e, "ipv6", r->prefix6);
            close_container(e);
        }
        if (r->unit != PRIVPOL_TIME_UNIT_NONE)
            id(e, "unit", privpol__time_unit_names[r->unit]);
        str(e, "clause", r->clause);
        str(e, "description", r->description);
        close_container(e);
    }
    if (t->rule_count > 0)
        close_container(e);
    write_vocabularies(e, t);
    close_container(e);
}

static void
write_policy(struct em *e, const privpol_policy *pol)
{
    if (!e->json) {
        char head[256];
        snprintf(head, sizeof head, "# Effective policy %s, version %s%s%s%s%s.\n",
                 pol->id, pol->version, pol->tenant != NULL ? ", for tenant " : "",
                 pol->tenant != NULL ? pol->tenant : "",
                 pol->supplement_version != NULL ? ", supplement version " : "",
                 pol->supplement_version != NULL ? pol->supplement_version : "");
        outs(e, "# SPDX-License-Identifier: MIT\n");
        outs(e, head);
        if (pol->supplement_reference != NULL) {
            outs(e, "# Supplement: ");
            outs(e, pol->supplement_reference);
            outs(e, "\n");
        }
    }
    open_container(e, NULL, false);
    uint_value(e, "privpol-policy", pol->format);
    id(e, "id", pol->id);
    str(e, "version", pol->version);
    str(e, "title", pol->title);
    str(e, "source", pol->source);
    if (pol->tenant != NULL)
        id(e, "tenant", pol->tenant);
    if (pol->organization.present) {
        const struct privpol__policy_organization *o = &pol->organization;
        map_open(e, "organization");
        str(e, "clause", o->clause);
        str(e, "name", o->name);
        str(e, "address", o->address);
        str(e, "email", o->email);
        str(e, "dpo", o->dpo);
        str(e, "website", o->website);
        close_container(e);
    }
    if (pol->supplements_clause != NULL) {
        map_open(e, "supplements");
        str(e, "clause", pol->supplements_clause);
        boolean(e, "allowed", pol->supplements_allowed);
        close_container(e);
    }
    write_roles(e, pol);
    write_subjects(e, pol);
    write_categories(e, pol);
    write_geolocation(e, pol);
    write_purposes(e, pol);
    write_operations(e, pol);
    write_recipients(e, pol);
    write_partners(e, pol);
    write_locations(e, pol);
    write_retention(e, pol);
    write_contract(e, pol);
    write_rights(e, pol);
    write_pseudonymization(e, pol);
    write_identifiability(e, pol);
    write_transforms(e, pol);
    if (pol->security.clause != NULL) {
        map_open(e, "security");
        str(e, "clause", pol->security.clause);
        seq_open(e, "measures");
        for (size_t i = 0; i < pol->security.measure_count; i++)
            str(e, NULL, pol->security.measures[i]);
        close_container(e);
        close_container(e);
    }
    close_container(e);
    outs(e, "\n");
}

privpol_status
privpol_policy_write(const privpol_policy *policy, privpol_policy_format format, privpol_write_fn write, void *payload, privpol_error *err)
{
    struct em e;
    if (policy == NULL || write == NULL ||
        (format != PRIVPOL_POLICY_YAML && format != PRIVPOL_POLICY_JSON))
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    memset(&e, 0, sizeof e);
    e.fn = write;
    e.payload = payload;
    e.json = format == PRIVPOL_POLICY_JSON;
    write_policy(&e, policy);
    return e.failed ? PRIVPOL_EIO : PRIVPOL_OK;
}
