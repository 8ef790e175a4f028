/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy-model.h"
#include "support.h"

/* ---- helpers ----------------------------------------------------------------------- */

static const char *
default_text(size_t *len)
{
    return privpol_policy_default_text(len);
}

/* The default policy text with the first `old` replaced by `new` (must be present). */
static char *
mutate(const char *old, const char *new)
{
    return support_replace(default_text(NULL), old, new);
}

/* 1-based line and byte column of the first `needle` in text. */
static void
pos_of(const char *text, const char *needle, size_t *line, size_t *column)
{
    const char *at = strstr(text, needle), *start = text;
    if (at == NULL)
        fail_msg("needle not found: %s", needle);
    *line = 1;
    for (const char *p = text; p < at; p++)
        if (*p == '\n') {
            (*line)++;
            start = p + 1;
        }
    *column = (size_t)(at - start) + 1;
}

static privpol_status
parse(const char *text, privpol_policy **out, privpol_error *err)
{
    return privpol_policy_parse(text, strlen(text), NULL, out, err);
}

/* Parsing `text` fails with EPARSE at the position of `needle` (after `after`, when
 * given) with a message containing `words`. */
static void
fails_at_(const char *text, const char *after, const char *needle, const char *words,
          const char *file, int line)
{
    privpol_policy *p = NULL;
    privpol_error err;
    size_t l, c;
    const char *from = after != NULL ? strstr(text, after) : text;
    if (from == NULL)
        _fail(file, line);
    pos_of(text, needle, &l, &c);
    if (after != NULL) {
        const char *at = strstr(from, needle);
        const char *start = text;
        if (at == NULL)
            _fail(file, line);
        l = 1;
        for (const char *q = text; q < at; q++)
            if (*q == '\n') {
                l++;
                start = q + 1;
            }
        c = (size_t)(at - start) + 1;
    }
    if (parse(text, &p, &err) != PRIVPOL_EPARSE || err.line != l || err.column != c ||
        strstr(err.message, words) == NULL) {
        print_error("%s:%d: expected %zu:%zu '%s', got status %d %zu:%zu '%s'\n", file,
                    line, l, c, words, err.status, err.line, err.column, err.message);
        _fail(file, line);
    }
    assert_null(p);
}
#define fails_at(text, after, needle, words)                                             \
    fails_at_(text, after, needle, words, __FILE__, __LINE__)

/* A mutation of the default fails at `new` (its position) with `words`. */
#define mutation_fails(old, new, needle, words)                                          \
    do {                                                                                 \
        char *t_ = mutate(old, new);                                                     \
        fails_at_(t_, new, needle, words, __FILE__, __LINE__);                           \
        free(t_);                                                                        \
    } while (0)

static privpol_policy *
load_default(void)
{
    return support_policy_default();
}

static size_t
purpose(const privpol_policy *p, const char *id)
{
    size_t i = 0;
    assert_int_equal(privpol_policy_purpose_find(p, id, &i, NULL), PRIVPOL_OK);
    return i;
}

struct buffer {
    char *data;
    size_t len, cap;
};

static int
to_buffer(const char *data, size_t len, void *payload)
{
    struct buffer *b = payload;
    if (b->len + len + 1 > b->cap) {
        b->cap = (b->len + len + 1) * 2;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
    memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

static char *
write_policy(const privpol_policy *p, privpol_policy_format format)
{
    struct buffer b = {NULL, 0, 0};
    assert_int_equal(privpol_policy_write(p, format, to_buffer, &b, NULL), PRIVPOL_OK);
    return b.data;
}

/* ---- the default policy ------------------------------------------------------------ */

static void
default_parses_and_validates(void **state)
{
    privpol_policy *p = load_default();
    static const struct {
        const char *id;
        privpol_role role;
    } expected[] = {
        {"service_provision", PRIVPOL_ROLE_CONTROLLER},
        {"content_optimization", PRIVPOL_ROLE_CONTROLLER},
        {"audience_analytics", PRIVPOL_ROLE_CONTROLLER},
        {"user_support", PRIVPOL_ROLE_CONTROLLER},
        {"statistics", PRIVPOL_ROLE_CONTROLLER},
        {"account_communication", PRIVPOL_ROLE_CONTROLLER},
        {"prospecting", PRIVPOL_ROLE_CONTROLLER},
        {"security_logging", PRIVPOL_ROLE_CONTROLLER},
        {"interactive_interfaces", PRIVPOL_ROLE_PROCESSOR},
        {"interaction_digitization", PRIVPOL_ROLE_PROCESSOR},
        {"service_improvement", PRIVPOL_ROLE_PROCESSOR},
        {"customer_analytics", PRIVPOL_ROLE_PROCESSOR},
    };
    (void)state;
    assert_string_equal(privpol_policy_id(p), "dialonce-privacy-policy");
    assert_string_equal(privpol_policy_version(p), "2021.1");
    assert_string_equal(privpol_policy_title(p),
                        "DialOnce Privacy Policy and GDPR Provisions");
    assert_null(privpol_policy_tenant(p));
    assert_int_equal(privpol_policy_purpose_count(p), 12);
    for (size_t i = 0; i < sizeof expected / sizeof *expected; i++) {
        size_t index = purpose(p, expected[i].id);
        privpol_role role;
        assert_string_equal(privpol_policy_purpose_id(p, index), expected[i].id);
        assert_int_equal(privpol_policy_purpose_role(p, index, &role, NULL), PRIVPOL_OK);
        assert_int_equal(role, expected[i].role);
        assert_non_null(privpol_policy_purpose_clause(p, index));
        assert_non_null(privpol_policy_purpose_description(p, index));
        assert_true(privpol_policy_purpose_categories(p, index) != 0);
    }
    /* every subject of §2a, both roles */
    for (unsigned s = 0; s < PRIVPOL__SUBJECT_COUNT; s++)
        assert_true(p->subjects[s].present);
    assert_true(p->roles[PRIVPOL_ROLE_CONTROLLER].present);
    assert_true(p->roles[PRIVPOL_ROLE_PROCESSOR].present);
    assert_int_equal(p->format, 1);
    privpol_policy_free(p);
}

static void
embedded_text_is_the_repository_file(void **state)
{
    size_t len, n;
    const char *text = default_text(&len);
    char *buf = support_read("policies/default.yaml", &n);
    (void)state;
    assert_int_equal(n, len);
    assert_memory_equal(buf, text, len);
    assert_int_equal(text[len], '\0');
    free(buf);
}

/* Every clause string of the model, for the citation test. */
static size_t
collect_clauses(const privpol_policy *p, const char **out, size_t max)
{
    size_t n = 0;
#define ADD(s)                                                                           \
    do {                                                                                 \
        if ((s) != NULL && n < max)                                                      \
            out[n++] = (s);                                                              \
    } while (0)
    ADD(p->supplements_clause);
    ADD(p->organization.clause);
    for (int r = 0; r < 2; r++) {
        ADD(p->roles[r].clause);
        for (int c = 0; c < PRIVPOL__CATEGORY_MAX; c++)
            ADD(p->categories[r].clause[c]);
        for (int o = 0; o < PRIVPOL__OPERATION_COUNT; o++)
            ADD(p->operations[r].clause[o]);
    }
    for (int s = 0; s < PRIVPOL__SUBJECT_COUNT; s++)
        ADD(p->subjects[s].clause);
    ADD(p->geolocation.clause);
    for (size_t i = 0; i < p->purpose_count; i++) {
        ADD(p->purposes[i].clause);
        ADD(p->purposes[i].objection);
        ADD(p->purposes[i].anonymize);
    }
    for (size_t i = 0; i < p->recipient_count; i++)
        ADD(p->recipients[i].clause);
    for (size_t i = 0; i < p->partner_count; i++)
        ADD(p->partners[i].clause);
    ADD(p->locations.processing_clause);
    ADD(p->locations.eea_clause);
    ADD(p->locations.transfer_clause);
    ADD(p->locations.adequacy_clause);
    for (int s = 0; s < PRIVPOL__SAFEGUARD_COUNT; s++)
        ADD(p->locations.safeguard_clause[s]);
    for (size_t i = 0; i < p->retention_count; i++)
        ADD(p->retention[i].clause);
    ADD(p->rights.clause);
    for (int i = 0; i < PRIVPOL__RIGHT_COUNT; i++)
        ADD(p->rights.granted[i]);
    ADD(p->rights.deadline_clause);
    ADD(p->rights.complaint_clause);
    ADD(p->rights.identification_clause);
    ADD(p->pseudonymization.clause);
    ADD(p->compartmentalization.clause);
    ADD(p->combination.clause);
    for (size_t i = 0; i < p->combination.rule_count; i++)
        ADD(p->combination.rules[i].clause);
    ADD(p->reuse.clause);
    ADD(p->transforms.clause);
    for (size_t i = 0; i < p->transforms.rule_count; i++)
        ADD(p->transforms.rules[i].clause);
    for (size_t i = 0; i < p->transforms.vocabulary_count; i++)
        ADD(p->transforms.vocabularies[i].clause);
    ADD(p->security.clause);
#undef ADD
    return n;
}

/* True when some clause cites `ref` ("§7.8"), or a subsection of it ("§6" by "§6.1"). */
static bool
cited(const char *const *clauses, size_t n, const char *ref)
{
    size_t len = strlen(ref);
    for (size_t i = 0; i < n; i++)
        for (const char *s = strstr(clauses[i], ref); s != NULL; s = strstr(s + 1, ref)) {
            char next = s[len];
            if (next == '\0' || next == ',' || next == ';' || next == ' ' ||
                next == ')' || (next == '.' && s[len + 1] >= '0' && s[len + 1] <= '9'))
                return true;
        }
    return false;
}

static void
default_cites_every_seed_clause(void **state)
{
    /* The sections of the seed policy the registry cites, in its order. */
    static const char *const refs[] = {
        "§3",    "§10.1", "§6",      "§7.1",  "§7.2",  "§13.1.2", "§5",    "§12",
        "§7.8",  "§12.3", "§7.4",    "§7.3",  "§11",   "§7.5",    "§9.2",  "§9",
        "§9.1",  "§13",   "§14",     "§14.3", "§14.2", "§14.4",   "§14.1", "§8",
        "§13.2", "§16",   "§10",     "§10.2", "§7.7",  "§7.6",    "§12.1", "§12.2",
        "§6.1",  "§6.2",  "§13.1.1", "§15"};
    const char *clauses[512];
    privpol_policy *p = load_default();
    size_t n = collect_clauses(p, clauses, 512);
    (void)state;
    for (size_t i = 0; i < sizeof refs / sizeof *refs; i++)
        if (!cited(clauses, n, refs[i]))
            fail_msg("%s is not cited by any rule of the default policy", refs[i]);
    assert_false(cited(clauses, n, "§99"));
    privpol_policy_free(p);
}

static void
default_model_encodes_the_seed(void **state)
{
    privpol_policy *p = load_default();
    const struct privpol__policy_country *c;
    const struct privpol__policy_recipient *r;
    const struct privpol__policy_retention *rt;
    const struct privpol__policy_operations *proc =
        &p->operations[PRIVPOL_ROLE_PROCESSOR];
    int64_t t;
    (void)state;

    /* §12.3: no geolocation by default, for either role */
    assert_false(p->geolocation.precise);
    assert_false(p->geolocation.imprecise);
    assert_string_equal(p->geolocation.clause, "§12.3");
    for (int role = 0; role < 2; role++) {
        assert_false(p->categories[role].allowed &
                     PRIVPOL_CAT_BIT(support_category("geolocation.precise")));
        assert_false(p->categories[role].allowed &
                     PRIVPOL_CAT_BIT(support_category("geolocation.imprecise")));
        assert_false(p->categories[role].allowed &
                     PRIVPOL_CAT_BIT(support_category("unknown")));
    }
    assert_true(privpol_policy_categories(p, PRIVPOL_ROLE_PROCESSOR) &
                PRIVPOL_CAT_BIT(support_category("terminal.msisdn")));
    assert_false(privpol_policy_categories(p, PRIVPOL_ROLE_PROCESSOR) &
                 PRIVPOL_CAT_BIT(support_category("identity.name")));
    assert_string_equal(
        p->categories[PRIVPOL_ROLE_PROCESSOR].clause[support_category("usage.journey")],
        "§12.2");
    assert_string_equal(
        p->categories[PRIVPOL_ROLE_CONTROLLER].clause[support_category("cookie.id")],
        "§12.1");

    /* §9: operations; reveal never for a processor */
    assert_true(proc->denied & PRIVPOL__BIT(PRIVPOL_OP_REVEAL));
    assert_false(proc->allowed & PRIVPOL__BIT(PRIVPOL_OP_REVEAL));
    assert_string_equal(proc->clause[PRIVPOL_OP_REVEAL], "§7.2, §7.6");
    assert_true(proc->allowed & PRIVPOL__BIT(PRIVPOL_OP_LAUNCH_APP));
    assert_true(p->operations[PRIVPOL_ROLE_CONTROLLER].allowed &
                PRIVPOL__BIT(PRIVPOL_OP_REVEAL));
    assert_false(p->operations[PRIVPOL_ROLE_CONTROLLER].allowed &
                 PRIVPOL__BIT(PRIVPOL_OP_DISPLAY));

    /* purposes: objection and anonymization */
    assert_string_equal(p->purposes[purpose(p, "prospecting")].objection, "§11");
    assert_null(p->purposes[purpose(p, "service_provision")].objection);
    assert_string_equal(p->purposes[purpose(p, "statistics")].anonymize, "§7.3");
    assert_true(p->purposes[purpose(p, "prospecting")].subjects &
                PRIVPOL__BIT(PRIVPOL_SUBJECT_PROSPECT));

    /* §13-14: recipients */
    assert_non_null(r = privpol__policy_recipient_rule(p, PRIVPOL_RECIPIENT_CUSTOMER,
                                                       PRIVPOL_ROLE_PROCESSOR));
    assert_true(r->requires & PRIVPOL__BIT(PRIVPOL__COND_OWNING_TENANT));
    assert_string_equal(r->clause, "§13.1.2");
    assert_non_null(r = privpol__policy_recipient_rule(
                        p, PRIVPOL_RECIPIENT_INTERNAL_STAFF, PRIVPOL_ROLE_PROCESSOR));
    assert_int_equal(r->max_level, PRIVPOL_PSEUDONYMOUS);
    assert_non_null(r = privpol__policy_recipient_rule(p, PRIVPOL_RECIPIENT_AUTHORITY,
                                                       PRIVPOL_ROLE_PROCESSOR));
    assert_true(r->requires & PRIVPOL__BIT(PRIVPOL__COND_LEGAL_REQUIREMENT));
    assert_null(privpol__policy_recipient_rule(p, PRIVPOL_RECIPIENT_AFFILIATE,
                                               PRIVPOL_ROLE_PROCESSOR));
    assert_null(privpol__policy_recipient_rule(p, PRIVPOL_RECIPIENT_CONSENTED_THIRD_PARTY,
                                               PRIVPOL_ROLE_PROCESSOR));
    assert_non_null(
        r = privpol__policy_recipient_rule(p, PRIVPOL_RECIPIENT_CONSENTED_THIRD_PARTY,
                                           PRIVPOL_ROLE_CONTROLLER));
    assert_true(r->requires & PRIVPOL__BIT(PRIVPOL__COND_CONSENT));

    /* §8, §13.2, §16: locations */
    assert_non_null(c = privpol__policy_country(p, "NO"));
    assert_true(c->eea);
    assert_non_null(c = privpol__policy_country(p, "DE"));
    assert_true(c->eea);
    assert_false(c->adequacy);
    assert_int_equal(p->locations.country_count, 30 + 16);
    assert_non_null(c = privpol__policy_country(p, "US"));
    assert_false(c->eea);
    assert_true(c->adequacy);
    assert_true(c->partial);
    assert_int_equal(privpol_time_parse("2023-07-10", 10, &t, NULL), PRIVPOL_OK);
    assert_int_equal(c->adequacy_from, t);
    assert_non_null(c = privpol__policy_country(p, "GB"));
    assert_int_equal(privpol_time_parse("2031-12-27", 10, &t, NULL), PRIVPOL_OK);
    assert_int_equal(c->adequacy_until, t);
    assert_non_null(c = privpol__policy_country(p, "CH"));
    assert_int_equal(privpol_time_parse("2000-07-26", 10, &t, NULL), PRIVPOL_OK);
    assert_int_equal(c->adequacy_from, t);
    assert_int_equal(c->adequacy_until, INT64_MAX);
    assert_null(privpol__policy_country(p, "CN"));
    assert_string_equal(p->locations.safeguard_clause[PRIVPOL_SAFEGUARD_SCC],
                        "GDPR Art. 46(2)(c), §13.2");
    assert_non_null(p->locations.safeguard_clause[PRIVPOL_SAFEGUARD_BCR]);
    assert_null(p->locations.safeguard_clause[PRIVPOL_SAFEGUARD_NONE]);
    assert_int_equal(p->locations.data_center_count, 2);

    /* §10, §7.3, §7.7: retention resolved for every (purpose, category) */
    for (size_t i = 0; i < p->purpose_count; i++)
        for (int k = 0; k < PRIVPOL__CATEGORY_MAX; k++)
            assert_int_equal(privpol__policy_retention_rule(p, i, (size_t)k) != NULL,
                             (p->purposes[i].categories & PRIVPOL_CAT_BIT(k)) != 0);
    rt = privpol__policy_retention_rule(p, purpose(p, "statistics"),
                                        (size_t)support_category("cookie.id"));
    assert_int_equal(rt->basis, PRIVPOL__RETAIN_ANONYMIZE_NOW);
    assert_string_equal(rt->clause, "§7.3");
    rt = privpol__policy_retention_rule(
        p, purpose(p, "interactive_interfaces"),
        (size_t)support_category("user_provided.free_text"));
    assert_string_equal(rt->id, "processor_user_provided");
    assert_int_equal(rt->basis, PRIVPOL__RETAIN_UNTIL_CHANGED);
    assert_true(rt->period_is_contract);
    assert_true(rt->capped_by_contract_end);
    rt = privpol__policy_retention_rule(p, purpose(p, "interactive_interfaces"),
                                        (size_t)support_category("usage.event"));
    assert_string_equal(rt->id, "processor_contract");
    assert_int_equal(rt->basis, PRIVPOL__RETAIN_CONTRACT);
    rt = privpol__policy_retention_rule(p, purpose(p, "audience_analytics"),
                                        (size_t)support_category("cookie.id"));
    assert_int_equal(rt->basis, PRIVPOL__RETAIN_FIXED);
    assert_int_equal(rt->period.months, 13);
    assert_false(rt->capped_by_contract_end);
    rt = privpol__policy_retention_rule(p, purpose(p, "service_provision"),
                                        (size_t)support_category("contact.email"));
    assert_int_equal(rt->basis, PRIVPOL__RETAIN_RELATIONSHIP);
    assert_true(rt->has_period);
    assert_null(privpol__policy_retention_rule(p, purpose(p, "prospecting"),
                                               (size_t)support_category("cookie.id")));
    assert_false(p->contract.present);

    /* §11: rights */
    for (int i = 0; i < PRIVPOL__RIGHT_COUNT; i++)
        assert_string_equal(p->rights.granted[i], "§11");
    assert_int_equal(p->rights.answer.months, 1);
    assert_int_equal(p->rights.extension.months, 2);
    assert_string_equal(p->rights.authority, "CNIL");
    assert_string_equal(p->rights.authority_country, "FR");
    assert_true(p->rights.identification &
                PRIVPOL_CAT_BIT(support_category("terminal.msisdn")));

    /* §7.6-7.8 */
    assert_true(p->pseudonymization.keys_kept_apart);
    assert_int_equal(p->pseudonymization.reidentification, PRIVPOL_PERSONAL);
    assert_int_equal(p->pseudonymization.rotation_set, 0);
    assert_false(p->compartmentalization.link_across_tenants);
    assert_string_equal(p->compartmentalization.clause, "§7.7");
    assert_true(p->combination.personal_if_combined);
    assert_int_equal(p->combination.rule_count, 2);
    assert_int_equal(p->combination.rules[0].at_least, 1);
    assert_int_equal(p->combination.rules[1].level, PRIVPOL_PERSONAL);
    assert_int_equal(p->reuse.max_level, PRIVPOL_NON_IDENTIFIABLE);
    assert_true(p->supplements_allowed);
    assert_true(p->security.measure_count >= 5);
    privpol_policy_free(p);
}

/* ---- malformed policies ------------------------------------------------------------ */

static void
yaml_errors_have_line_and_column(void **state)
{
    char deep[512] = "a: ";
    char big[6000] = "a: ";
    (void)state;
    fails_at("a: [1, 2\nb: 3\n", NULL, ": 3", "YAML");
    fails_at("a: b: c\n", NULL, ": c", "YAML: mapping values are not allowed");
    fails_at("", NULL, "", "empty document");
    fails_at("a: 1\n---\nb: 2\n", NULL, "---", "more than one document");
    fails_at("a: 1\na: 2\n", "\n", "a: 2", "duplicate key 'a' (first at line 1)");
    fails_at("x: \"\xff\"\n", NULL, "\xff", "not valid UTF-8");
    fails_at("- a\n", NULL, "- a", "a policy is a mapping");
    fails_at("a: !!str 1\n", NULL, "!!str", "tags are not allowed");
    /* aliases and anchors: no expansion, no bomb */
    fails_at("a: &x [1]\nb: *x\n", NULL, "&x", "anchors are not allowed");
    fails_at("a: [lol, lol]\nb: *x\n", NULL, "*x", "aliases are not allowed");
    fails_at("a: &a "
             "[\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
             "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
             NULL, "&a", "anchors are not allowed");
    /* nesting: 100 levels, refused at the 17th */
    for (int i = 0; i < 100; i++)
        strcat(deep, "[");
    for (int i = 0; i < 100; i++)
        strcat(deep, "]");
    {
        privpol_policy *p = NULL;
        privpol_error err;
        assert_int_equal(parse(deep, &p, &err), PRIVPOL_EPARSE);
        assert_int_equal(err.line, 1);
        assert_int_equal(err.column, 4 + 15);
    }
    /* block nesting too */
    {
        char block[4096] = "";
        privpol_policy *p = NULL;
        privpol_error err;
        for (int i = 0; i < 40; i++) {
            char line[128];
            snprintf(line, sizeof line, "%*sk%d:\n", 2 * i, "", i);
            strcat(block, line);
        }
        assert_int_equal(parse(block, &p, &err), PRIVPOL_EPARSE);
        assert_int_equal(err.line, 17);
        assert_int_equal(err.column, 2 * 16 + 1);
        assert_non_null(strstr(err.message, "nesting deeper"));
    }
    /* a huge scalar */
    memset(big + 3, 'x', 5000);
    big[5003] = '\n';
    big[5004] = '\0';
    fails_at(big, NULL, "xxx", "longer than 4096 bytes");
}

static void
huge_text_is_refused(void **state)
{
    size_t n = PRIVPOL_POLICY_MAX_BYTES + 1;
    char *text = malloc(n + 1);
    privpol_policy *p = NULL;
    privpol_error err;
    (void)state;
    memset(text, '#', n);
    text[n] = '\0';
    assert_int_equal(privpol_policy_parse(text, n, NULL, &p, &err), PRIVPOL_EPARSE);
    assert_null(p);
    assert_non_null(strstr(err.message, "larger than"));
    /* many nodes: a flow list of 70000 items fits in 1 MiB but not in the node limit */
    strcpy(text, "a: [");
    for (size_t i = 0; i < 70000; i++)
        memcpy(text + 4 + 2 * i, i + 1 < 70000 ? "1," : "1]", 3);
    assert_int_equal(privpol_policy_parse(text, strlen(text), NULL, &p, &err),
                     PRIVPOL_EPARSE);
    assert_non_null(strstr(err.message, "more than 65536 nodes"));
    free(text);
}

static void
structure_errors(void **state)
{
    (void)state;
    /* unknown key (a typo) */
    mutation_fails("    anonymize: \"§7.3\"", "    anonymise: \"§7.3\"", "anonymise",
                   "unknown key 'anonymise' in purposes.statistics");
    mutation_fails("privpol-policy: 1 ", "privpol-policy: 1\nmystery: 2\n#", "mystery",
                   "unknown key 'mystery' in the policy");
    /* unknown ids */
    mutation_fails("categories: [identity.name, contact.email]\n",
                   "categories: [identity.name, contact.emial]\n", "contact.emial",
                   "unknown category id 'contact.emial'");
    mutation_fails("    roles: [processor]\n    description: >-\n      User",
                   "    roles: [procesor]\n    description: >-\n      User", "procesor",
                   "unknown role 'procesor'");
    mutation_fails("  customer_staff:\n", "  customer_stuff:\n", "customer_stuff",
                   "unknown data subject type 'customer_stuff'");
    mutation_fails("allowed: [collect, record, use, transfer, link, erase]",
                   "allowed: [collect, record, use, transfer, link, erase, delete]",
                   "delete", "unknown operation 'delete'");
    mutation_fails("  - recipient: affiliate", "  - recipient: sibling", "sibling",
                   "unknown recipient 'sibling'");
    mutation_fails("data_centers: [DE, FR]", "data_centers: [DE, XX]", "XX",
                   "'XX' is not an ISO 3166-1 alpha-2 country code");
    mutation_fails("data_centers: [DE, FR]", "data_centers: [DE, fr]", "fr",
                   "is not an ISO 3166-1");
    mutation_fails("requires: [consent]", "requires: [consent, vibes]", "vibes",
                   "unknown condition 'vibes'");
    /* duplicate purpose */
    {
        char *t = mutate("  security_logging:\n", "  prospecting:\n");
        size_t l1, c1;
        char words[64];
        pos_of(t, "  prospecting:\n", &l1, &c1);
        snprintf(words, sizeof words, "duplicate key 'prospecting' (first at line %zu)",
                 l1);
        fails_at_(t, "  prospecting:\n    role: controller\n    clause: \"§12.1",
                  "prospecting", words, __FILE__, __LINE__);
        free(t);
    }
    /* missing section: reported at the top-level mapping */
    {
        char *t = mutate("reuse:\n  clause: \"§7.8\"\n  processor_data_for_controller: "
                         "non_identifiable\n",
                         "");
        fails_at(t, NULL, "privpol-policy:", "missing required key 'reuse'");
        free(t);
    }
    mutation_fails("  clause: \"§7.7\"\n  # One", "  # One", "link_across_tenants",
                   "compartmentalization: missing required key 'clause'");
    /* wrong types */
    mutation_fails("  precise: false", "  precise: no", "no",
                   "geolocation.precise must be true or false");
    mutation_fails("  precise: false", "  precise: \"false\"", "\"false\"",
                   "must be true or false");
    mutation_fails("security:\n  clause: \"§15\"\n  measures:\n",
                   "security:\n  clause: \"§15\"\n  measures: none\n", "none",
                   "security.measures must be a list, not a value");
    mutation_fails(
        "geolocation:\n  clause: \"§12.3\"\n  precise: false\n  imprecise: false\n",
        "geolocation:\n  - clause: \"§12.3\"\n", "- clause",
        "geolocation must be a mapping, not a list");
    mutation_fails("privpol-policy: 1 ", "privpol-policy: 2 ", "2",
                   "policy format version 2 is not supported");
    mutation_fails("id: dialonce-privacy-policy ", "id: DialOnce ", "DialOnce",
                   "is not an id");
    mutation_fails("    period: P13M", "    period: 13 months", "13 months",
                   "not an ISO 8601 duration");
    mutation_fails("        from: 2003-06-30\n", "        from: 2003-06-31\n",
                   "2003-06-31",
                   "from: not an ISO 8601 date");
    /* byte columns after a multi-byte character on the same line */
    mutation_fails("  deadline:\n    clause: \"§11, GDPR Art. 12(3)\"\n"
                   "    answer: P1M             # one month from receipt\n"
                   "    extension: P2M          # extendable by two further months\n",
                   "  deadline: {clause: \"§11, GDPR Art. 12(3)\", answer: P1X}\n", "X}",
                   "rights.deadline.answer: not an ISO 8601 duration");
    /* not a policy */
    fails_at("privpol-supplement: 1\ntenant: acme\n", NULL, "privpol-supplement",
             "this is a supplement");
    fails_at("hello: world\n", NULL, "hello", "missing 'privpol-policy: 1'");
}

static void
contradictions_are_refused(void **state)
{
    (void)state;
    /* a category both allowed and forbidden (§12.3) */
    mutation_fails(
        "usage.journey, user_provided.free_text, user_provided.survey]\n  - roles",
        "usage.journey, user_provided.free_text, user_provided.survey,\n"
        "              geolocation.precise]\n  - roles",
        "geolocation.precise]", "geolocation is not collected (geolocation, §12.3)");
    /* the same category allowed twice to a role */
    mutation_fails("    allowed: [account.credentials]",
                   "    allowed: [account.credentials, cookie.id]", "cookie.id]",
                   "category 'cookie.id' is already allowed to the controller");
    /* an operation allowed and denied */
    mutation_fails("    allowed: [analyze]",
                   "    allowed: [analyze]\n    denied: [erase]", "erase]",
                   "operation 'erase' is already allowed to the controller");
    mutation_fails("    allowed: [use]", "    allowed: [use, reveal]", "reveal]",
                   "a processor never reveals");
    /* a purpose using a category its role does not collect */
    mutation_fails(
        "    categories: [connection.timestamp, terminal.device_type, usage.event, "
        "usage.journey,\n                 user_provided.survey",
        "    categories: [connection.timestamp, terminal.device_type, usage.event, "
        "usage.journey,\n                 identity.name",
        "identity.name", "category 'identity.name' is not collected by the processor");
    mutation_fails("    subjects: [prospect]", "    subjects: [end_user]", "end_user",
                   "data subject 'end_user' is not one of the controller");
    /* two rules for the same recipient and role */
    mutation_fails("  - recipient: transaction_party\n    roles: [controller]",
                   "  - recipient: affiliate\n    roles: [controller]",
                   "recipient: affiliate\n    roles: [controller]\n    clause: \"§14.4\"",
                   "a second rule for recipient 'affiliate'");
    /* overlapping retention rules that disagree */
    mutation_fails(
        "  - id: controller_security_logs\n",
        "  - id: prospects_forever\n    role: controller\n    purposes: [prospecting]\n"
        "    categories: all\n    basis: fixed\n    period: P10Y\n    clause: x\n"
        "  - id: controller_security_logs\n",
        "id: prospects_forever",
        "retention rules 'controller_prospecting' and 'prospects_forever' both "
        "apply to purpose 'prospecting'");
    /* a purpose without retention */
    {
        char *t =
            mutate("    purposes: [security_logging]", "    purposes: [prospecting]");
        /* now prospecting has two rules that disagree: reported first */
        privpol_policy *p = NULL;
        privpol_error err;
        assert_int_equal(parse(t, &p, &err), PRIVPOL_EPARSE);
        assert_non_null(strstr(err.message, "disagree"));
        free(t);
        t = mutate(
            "    purposes: [service_provision, user_support, account_communication]",
            "    purposes: [service_provision, user_support]");
        fails_at_(t, "purposes:\n", "account_communication:",
                  "no retention rule covers purpose 'account_communication'", __FILE__,
                  __LINE__);
        free(t);
    }
    /* locations: EEA and adequacy at once; a data center outside the EEA */
    mutation_fails("      - country: CH\n", "      - country: FR\n", "FR",
                   "country FR is listed twice");
    mutation_fails("data_centers: [DE, FR]", "data_centers: [DE, CH]", "CH]",
                   "data center country CH is outside the EU/EEA");
    /* a partner outside the EEA without adequacy or safeguard */
    mutation_fails("partners: []",
                   "partners:\n  - id: cn-support\n    recipient: subcontractor\n"
                   "    role: controller\n    purposes: [user_support]\n"
                   "    categories: [contact.email]\n    country: CN\n    clause: x",
                   "CN\n",
                   "transfer to CN, outside the EU/EEA, without an adequacy decision "
                   "or a safeguard (§13.2, §16)");
    /* fixed values of §7.6 and §7.8 */
    mutation_fails("  keys_kept_apart: true", "  keys_kept_apart: false", "false",
                   "keys_kept_apart must be true");
    mutation_fails("  personal_if_combined: true", "  personal_if_combined: false",
                   "false", "personal_if_combined must be true");
    mutation_fails("      level: pseudonymous", "      level: non_identifiable",
                   "non_identifiable\n", "a rule raises the level");
    /* retention bases */
    mutation_fails("    basis: anonymize_now",
                   "    basis: anonymize_now\n    period: P1D", "P1D",
                   "basis 'anonymize_now' takes no period");
    mutation_fails("    period: P6M\n", "\n", "id: controller_security_logs",
                   "basis 'fixed' needs a period");
}

static void
valid_variants_load(void **state)
{
    privpol_policy *p = NULL;
    privpol_error err;
    char *t;
    (void)state;
    /* a partner with a safeguard; rotation rules; a tenant with contract terms */
    t = mutate("partners: []",
               "partners:\n  - id: us-support\n    recipient: subcontractor\n"
               "    role: controller\n    purposes: [user_support]\n"
               "    categories: [contact.email]\n    country: IN\n    safeguard: scc\n"
               "    clause: \"SCC of 2024-03-01\"\n");
    assert_int_equal(parse(t, &p, &err), PRIVPOL_OK);
    assert_int_equal(p->partner_count, 1);
    assert_int_equal(p->partners[0].safeguard, PRIVPOL_SAFEGUARD_SCC);
    privpol_policy_free(p);
    free(t);
    t = mutate("  rotation: []",
               "  rotation:\n    - categories: [connection.ip_address, terminal.msisdn]\n"
               "      period: day\n      clause: \"house rule 4\"\n");
    assert_int_equal(parse(t, &p, &err), PRIVPOL_OK);
    assert_int_equal(p->pseudonymization.rotation[support_category("terminal.msisdn")],
                     PRIVPOL_PERIOD_DAY);
    assert_true(p->pseudonymization.rotation_set &
                PRIVPOL_CAT_BIT(support_category("connection.ip_address")));
    privpol_policy_free(p);
    free(t);
    /* geolocation on in the base itself */
    t = mutate("  imprecise: false", "  imprecise: true");
    assert_int_equal(parse(t, &p, &err), PRIVPOL_OK);
    assert_true(p->geolocation.imprecise);
    /* on, but no role collects it until a categories rule says so */
    assert_false(privpol_policy_categories(p, PRIVPOL_ROLE_PROCESSOR) &
                 PRIVPOL_CAT_BIT(support_category("geolocation.imprecise")));
    privpol_policy_free(p);
    free(t);
}

/* ---- supplements ------------------------------------------------------------------- */

#define SUP_HEAD                                                                         \
    "# SPDX-License-Identifier: MIT\n"                                                   \
    "privpol-supplement: 1\n"                                                            \
    "tenant: acme\n"                                                                     \
    "extends: dialonce-privacy-policy\n"

/* The tenant's supplement: tests/policy/acme-supplement.yaml, read by the group setup. */
static char *acme;

static int
read_acme(void **state)
{
    (void)state;
    acme = support_read(SUPPORT_ACME_SUPPLEMENT, NULL);
    return 0;
}

static int
free_acme(void **state)
{
    (void)state;
    free(acme);
    acme = NULL;
    return 0;
}

static privpol_status
supplement(const privpol_policy *base, const char *text, privpol_policy **out,
           privpol_error *err)
{
    return privpol_policy_supplement(base, text, strlen(text), out, err);
}

static void
supplement_adds_terms(void **state)
{
    privpol_policy *base = load_default(), *p = NULL;
    privpol_error err;
    const struct privpol__policy_retention *rt;
    size_t sl;
    int64_t t;
    (void)state;
    if (supplement(base, acme, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    privpol_policy_free(base); /* the supplemented policy keeps it alive */
    assert_string_equal(privpol_policy_tenant(p), "acme");
    assert_string_equal(privpol_policy_id(p), "dialonce-privacy-policy");
    assert_string_equal(p->supplement_version, "1");
    assert_int_equal(privpol_policy_purpose_count(p), 13);
    sl = purpose(p, "store_locator");
    assert_true(p->purposes[sl].from_supplement);
    assert_int_equal(p->purposes[sl].role, PRIVPOL_ROLE_PROCESSOR);
    assert_string_equal(privpol_policy_purpose_clause(p, sl), "ACME DPA annex 1 §2");
    assert_false(p->purposes[purpose(p, "prospecting")].from_supplement);
    /* contract terms */
    assert_true(p->contract.present);
    assert_int_equal(p->contract.period.months, 13);
    assert_int_equal(privpol_time_parse("2027-12-31", 10, &t, NULL), PRIVPOL_OK);
    assert_int_equal(p->contract.end, t);
    assert_string_equal(p->contract.clause, "ACME DPA §9");
    /* geolocation enabled for this tenant, with its own clause */
    assert_true(p->geolocation.imprecise);
    assert_false(p->geolocation.precise);
    assert_string_equal(p->geolocation.enable_clause, "ACME DPA annex 2 §3");
    assert_string_equal(p->geolocation.clause, "§12.3");
    assert_true(privpol_policy_categories(p, PRIVPOL_ROLE_PROCESSOR) &
                PRIVPOL_CAT_BIT(support_category("geolocation.imprecise")));
    assert_false(privpol_policy_categories(p, PRIVPOL_ROLE_CONTROLLER) &
                 PRIVPOL_CAT_BIT(support_category("geolocation.imprecise")));
    assert_string_equal(p->categories[PRIVPOL_ROLE_PROCESSOR]
                            .clause[support_category("geolocation.imprecise")],
                        "ACME DPA annex 2 §3");
    /* the partners (acme-crm first) and their minimum categories */
    assert_int_equal(p->partner_count, 5);
    assert_string_equal(p->partners[0].id, "acme-crm");
    assert_int_equal(p->partners[0].role, PRIVPOL_ROLE_PROCESSOR);
    assert_true(p->partners[0].from_supplement);
    assert_int_equal(p->partners[0].categories,
                     PRIVPOL_CAT_BIT(support_category("usage.journey")) |
                         PRIVPOL_CAT_BIT(support_category("connection.timestamp")));
    assert_true(p->partners[0].purposes & PRIVPOL__PURPOSE_BIT(sl));
    /* retention: the new purpose under the base's processor rule, the override shorter */
    rt = privpol__policy_retention_rule(
        p, sl, (size_t)support_category("geolocation.imprecise"));
    assert_string_equal(rt->id, "processor_contract");
    rt = privpol__policy_retention_rule(p, purpose(p, "customer_analytics"),
                                        (size_t)support_category("usage.journey"));
    assert_string_equal(rt->id, "acme_journeys");
    assert_true(rt->from_supplement);
    assert_true(rt->capped_by_contract_end);
    rt = privpol__policy_retention_rule(p, purpose(p, "customer_analytics"),
                                        (size_t)support_category("usage.event"));
    assert_string_equal(rt->id, "processor_contract");
    /* rotation */
    assert_int_equal(
        p->pseudonymization.rotation[support_category("connection.ip_address")],
        PRIVPOL_PERIOD_DAY);
    /* supplements do not stack */
    {
        privpol_policy *q = NULL;
        assert_int_equal(supplement(p, acme, &q, &err), PRIVPOL_EINVAL);
        assert_null(q);
    }
    privpol_policy_free(p);
}

static void
small_supplements_load(void **state)
{
    privpol_policy *base = load_default(), *p = NULL;
    privpol_error err;
    (void)state;
    assert_int_equal(
        supplement(base, SUP_HEAD "contract:\n  clause: \"DPA §2\"\n  end: 2026-06-30\n",
                   &p, &err),
        PRIVPOL_OK);
    assert_true(p->contract.has_end);
    assert_false(p->contract.has_period);
    assert_int_equal(p->purpose_count, base->purpose_count);
    privpol_policy_free(p);
    assert_int_equal(supplement(base,
                                SUP_HEAD
                                "geolocation:\n  clause: \"DPA §5\"\n  precise: true\n"
                                "  imprecise: true\n",
                                &p, &err),
                     PRIVPOL_OK);
    assert_true(p->geolocation.precise && p->geolocation.imprecise);
    privpol_policy_free(p);
    assert_int_equal(supplement(base, SUP_HEAD, &p, &err), PRIVPOL_OK);
    assert_string_equal(privpol_policy_tenant(p), "acme");
    privpol_policy_free(p);
    privpol_policy_free(base);
}

/* The supplement `text` fails at `needle` (after `after`) with `words`. */
static void
loosening_fails_(const privpol_policy *base, const char *text, const char *after,
                 const char *needle, const char *words, const char *file, int line)
{
    privpol_policy *p = NULL;
    privpol_error err;
    const char *from = after != NULL ? strstr(text, after) : text;
    const char *at = from != NULL ? strstr(from, needle) : NULL, *start = text;
    size_t l = 1, c;
    if (at == NULL)
        _fail(file, line);
    for (const char *q = text; q < at; q++)
        if (*q == '\n') {
            l++;
            start = q + 1;
        }
    c = (size_t)(at - start) + 1;
    if (supplement(base, text, &p, &err) != PRIVPOL_EPARSE || err.line != l ||
        err.column != c || strstr(err.message, words) == NULL) {
        print_error("%s:%d: expected %zu:%zu '%s', got status %d %zu:%zu '%s'\n", file,
                    line, l, c, words, err.status, err.line, err.column, err.message);
        _fail(file, line);
    }
    assert_null(p);
}
#define loosening_fails(base, text, after, needle, words)                                \
    loosening_fails_(base, text, after, needle, words, __FILE__, __LINE__)

static void
loosening_is_refused(void **state)
{
    privpol_policy *base = load_default();
    (void)state;
    /* a transfer outside the EU/EEA without adequacy or safeguard (§13.2) */
    loosening_fails(base,
                    SUP_HEAD "partners:\n  - id: cn-bpo\n    recipient: subcontractor\n"
                             "    clause: x\n    purposes: [customer_analytics]\n"
                             "    categories: [usage.journey]\n    country: CN\n",
                    NULL, "CN\n",
                    "outside the EU/EEA, without an adequacy decision or a "
                    "safeguard (§13.2, §16)");
    /* US without a safeguard is fine only for certified organisations: the policy marks
     * the decision partial, so it loads; decisions check certification */
    /* re-identification by a processor (§7.2, §7.6) */
    loosening_fails(
        base,
        SUP_HEAD "purposes:\n  unmask:\n    clause: x\n    subjects: [end_user]\n"
                 "    categories: [terminal.msisdn]\n    operations: [use, reveal]\n",
        NULL, "reveal]", "operation 'reveal' is denied to the processor (§7.2, §7.6)");
    loosening_fails(
        base,
        SUP_HEAD "operations:\n  - roles: [processor]\n    clause: x\n"
                 "    allowed: [reveal]\n",
        NULL, "operations:", "no reveal (re-identification) by a processor (§7.2, §7.6)");
    /* linking across tenants (§7.7) */
    loosening_fails(base,
                    SUP_HEAD
                    "compartmentalization:\n  clause: x\n  link_across_tenants: true\n",
                    NULL, "compartmentalization", "no linking across tenants (§7.7)");
    /* removing other §-cited rules */
    loosening_fails(base, SUP_HEAD "locations:\n  transfers:\n    clause: x\n", NULL,
                    "locations",
                    "processing in the EU/EEA, transfers only with adequacy or a "
                    "safeguard (§8, §16; §13.2, §16)");
    loosening_fails(base, SUP_HEAD "categories: []\n", NULL, "categories",
                    "the categories each role collects");
    loosening_fails(base, SUP_HEAD "combination:\n  rules: []\n", NULL, "combination",
                    "personal if combined (§7.8)");
    loosening_fails(base, SUP_HEAD "rights: {}\n", NULL, "rights", "(§11)");
    loosening_fails(base, SUP_HEAD "reuse: {}\n", NULL, "reuse", "(§7.8)");
    /* processor data to anyone but the tenant without a legal basis (§13.1.2) */
    loosening_fails(base, SUP_HEAD "recipients: []\n", NULL, "recipients",
                    "processor data goes to the tenant only");
    loosening_fails(base,
                    SUP_HEAD "partners:\n  - id: sister\n    recipient: affiliate\n"
                             "    clause: x\n    purposes: [customer_analytics]\n"
                             "    categories: [usage.journey]\n    country: FR\n",
                    NULL, "affiliate",
                    "processor data goes to the tenant only (§13.1.2)");
    loosening_fails(base,
                    SUP_HEAD
                    "partners:\n  - id: ads\n    recipient: consented_third_party\n"
                    "    clause: x\n    purposes: [customer_analytics]\n"
                    "    categories: [usage.journey]\n    country: FR\n",
                    NULL, "consented_third_party", "subcontractor, partner or affiliate");
    loosening_fails(base,
                    SUP_HEAD "partners:\n  - id: crm\n    recipient: partner\n"
                             "    clause: x\n    purposes: [customer_analytics]\n"
                             "    categories: [terminal.msisdn]\n    country: FR\n",
                    NULL, "[terminal.msisdn]",
                    "is used by none of its purposes (minimum "
                    "categories, §7.7, §14.3)");
    loosening_fails(
        base,
        SUP_HEAD "partners:\n  - id: crm\n    recipient: partner\n    role: controller\n"
                 "    clause: x\n    purposes: [prospecting]\n"
                 "    categories: [contact.email]\n    country: FR\n",
        NULL, "controller\n", "names recipients of its tenant's (processor) data only");
    /* controller purposes, or redefining the base's */
    loosening_fails(base,
                    SUP_HEAD
                    "purposes:\n  upsell:\n    role: controller\n    clause: x\n"
                    "    subjects: [prospect]\n    categories: [contact.email]\n",
                    NULL, "controller", "a supplement adds processor purposes only");
    loosening_fails(base,
                    SUP_HEAD "purposes:\n  customer_analytics:\n    clause: x\n"
                             "    subjects: [end_user]\n    categories: [usage.event]\n",
                    NULL, "customer_analytics", "is defined by the policy");
    /* collecting what the processor does not collect */
    loosening_fails(base,
                    SUP_HEAD
                    "purposes:\n  crm:\n    clause: x\n    subjects: [end_user]\n"
                    "    categories: [identity.name]\n",
                    NULL, "identity.name", "is not collected by the processor");
    loosening_fails(base,
                    SUP_HEAD
                    "purposes:\n  track:\n    clause: x\n    subjects: [end_user]\n"
                    "    categories: [geolocation.precise]\n",
                    NULL, "geolocation.precise",
                    "geolocation is not collected (§12.3); enable "
                    "it in the supplement's geolocation");
    /* retention beyond the contract (§10.1) */
    loosening_fails(
        base,
        SUP_HEAD "contract:\n  clause: c\n  period: P13M\nretention:\n"
                 "  - id: long\n    purposes: [customer_analytics]\n"
                 "    categories: [usage.event]\n    basis: fixed\n    period: P2Y\n"
                 "    clause: x\n",
        NULL, "P2Y", "keeps data for P2Y, beyond the contract's period P13M (§10.1)");
    loosening_fails(base,
                    SUP_HEAD
                    "retention:\n  - id: long\n    purposes: [customer_analytics]\n"
                    "    categories: [usage.event]\n    basis: fixed\n    period: P2Y\n"
                    "    clause: x\n",
                    NULL, "P2Y", "needs the contract's period");
    loosening_fails(base,
                    SUP_HEAD "contract:\n  clause: c\n  period: P13M\nretention:\n"
                             "  - id: rel\n    purposes: [customer_analytics]\n"
                             "    categories: [usage.event]\n    basis: relationship\n"
                             "    period: P1M\n    clause: x\n",
                    NULL, "relationship", "never past its end");
    loosening_fails(
        base,
        SUP_HEAD "contract:\n  clause: c\n  period: P13M\nretention:\n"
                 "  - id: keep_text\n    purposes: [interactive_interfaces]\n"
                 "    categories: [user_provided.free_text]\n    basis: fixed\n"
                 "    period: P6M\n    clause: x\n",
        NULL, "id: keep_text",
        "longer than the policy's rule 'processor_user_provided' (§7.7, §10.1)");
    loosening_fails(base,
                    SUP_HEAD "retention:\n  - id: mine\n    role: controller\n"
                             "    purposes: [prospecting]\n    categories: all\n"
                             "    basis: anonymize_now\n    clause: x\n",
                    NULL, "controller",
                    "retention of its tenant's (processor) data only");
    /* the wrong base, a bad header */
    loosening_fails(base, "privpol-supplement: 1\ntenant: acme\nextends: other-policy\n",
                    NULL, "other-policy",
                    "extends 'other-policy', but the policy is "
                    "'dialonce-privacy-policy'");
    loosening_fails(base, "privpol-supplement: 1\ntenant: acme\n", NULL, "privpol",
                    "missing required key 'extends'");
    loosening_fails(base, SUP_HEAD "contrat: {}\n", NULL, "contrat",
                    "unknown key 'contrat'");
    loosening_fails(base, "privpol-policy: 1\n", NULL, "privpol", "this is a policy");
    privpol_policy_free(base);
}

static void
base_terms_bind_supplements(void **state)
{
    privpol_policy *base = NULL;
    privpol_error err;
    char *t;
    (void)state;
    /* a base with rotations: a supplement may shorten them, never lengthen */
    t = mutate("  rotation: []",
               "  rotation:\n    - categories: [connection.ip_address]\n"
               "      period: week\n      clause: \"house rule 4\"\n");
    assert_int_equal(parse(t, &base, &err), PRIVPOL_OK);
    free(t);
    loosening_fails(
        base,
        SUP_HEAD "pseudonymization:\n  clause: x\n  rotation:\n"
                 "    - categories: [connection.ip_address]\n      period: none\n"
                 "      clause: x\n",
        NULL, "connection.ip_address]",
        "loosens the pseudonym rotation of 'connection.ip_address' from week to "
        "none (house rule 4)");
    {
        privpol_policy *p = NULL;
        assert_int_equal(supplement(base,
                                    SUP_HEAD
                                    "pseudonymization:\n  clause: x\n  rotation:\n"
                                    "    - categories: [connection.ip_address]\n"
                                    "      period: day\n      clause: y\n",
                                    &p, &err),
                         PRIVPOL_OK);
        assert_int_equal(
            p->pseudonymization.rotation[support_category("connection.ip_address")],
            PRIVPOL_PERIOD_DAY);
        privpol_policy_free(p);
    }
    privpol_policy_free(base);
    /* a base that allows no supplement */
    t = mutate("  allowed: true", "  allowed: false");
    assert_int_equal(parse(t, &base, &err), PRIVPOL_OK);
    free(t);
    loosening_fails(base, SUP_HEAD, NULL, "dialonce-privacy-policy",
                    "does not allow supplements (supplements, §3, §10.1)");
    privpol_policy_free(base);
}

/* ---- transforms -------------------------------------------------------------------- */

static privpol_transform
transform_of(const privpol_policy *p, privpol_role role, const char *purpose,
             const char *category)
{
    privpol_transform t = PRIVPOL_TRANSFORM_INIT;
    privpol_status st = privpol_policy_transform(p, role, purpose, (size_t)support_category(category),
                                                 &t, NULL);
    if (st != PRIVPOL_OK)
        fail_msg("%s/%s/%s: status %d", privpol_role_name(role), purpose, category, st);
    return t;
}

/* The transform of (role, purpose, category) is `action` by rule `rule` citing
 * `clause`, with `flags`. */
static void
expect_transform_(const privpol_policy *p, privpol_role role, const char *purpose,
                  const char *category, privpol_action action, unsigned flags,
                  const char *rule, const char *clause, const char *file, int line)
{
    privpol_transform t = transform_of(p, role, purpose, category);
    if (t.action != action || t.flags != flags || strcmp(t.rule_id, rule) != 0 ||
        strcmp(t.clause, clause) != 0) {
        print_error("%s:%d: %s/%s/%s: expected %s %u '%s' (%s), got %s %u '%s' (%s)\n",
                    file, line, privpol_role_name(role), purpose, category,
                    privpol_action_name(action), flags, rule, clause,
                    privpol_action_name(t.action), t.flags, t.rule_id, t.clause);
        _fail(file, line);
    }
    if (action != PRIVPOL_ACTION_GENERALIZE) {
        assert_int_equal(t.prefix4, 0);
        assert_int_equal(t.prefix6, 0);
        assert_int_equal(t.time_unit, PRIVPOL_TIME_UNIT_NONE);
    }
}
#define expect_transform(p, role, purpose, category, action, flags, rule, clause)        \
    expect_transform_(p, role, purpose, category, action, flags, rule, clause, __FILE__, \
                      __LINE__)

#define CTRL PRIVPOL_ROLE_CONTROLLER
#define PROC PRIVPOL_ROLE_PROCESSOR

static void
default_transforms(void **state)
{
    privpol_policy *p = load_default();
    const char *text = default_text(NULL);
    privpol_transform t = PRIVPOL_TRANSFORM_INIT;
    (void)state;
    /* the processor's identifiers: keyed pseudonyms, never reversible (§7.2, §7.6) */
    expect_transform(p, PROC, "interaction_digitization", "connection.ip_address",
                     PRIVPOL_ACTION_PSEUDONYMIZE, 0, "identifiers_pseudonymized", "§7.6");
    t = transform_of(p, PROC, "interaction_digitization", "connection.ip_address");
    assert_int_equal(t.line, support_line_of(text, "- id: identifiers_pseudonymized"));
    expect_transform(p, PROC, "interactive_interfaces", "terminal.msisdn",
                     PRIVPOL_ACTION_PSEUDONYMIZE, 0, "identifiers_pseudonymized", "§7.6");
    expect_transform(p, PROC, "interaction_digitization", "terminal.device_id",
                     PRIVPOL_ACTION_PSEUDONYMIZE, 0, "identifiers_pseudonymized", "§7.6");
    /* the user agent: browser family and operating system */
    expect_transform(p, PROC, "interaction_digitization", "terminal.user_agent",
                     PRIVPOL_ACTION_GENERALIZE, 0, "user_agent_family", "§15");
    t = transform_of(p, PROC, "interaction_digitization", "terminal.user_agent");
    assert_int_equal(t.prefix4 + t.prefix6, 0);
    assert_int_equal(t.time_unit, PRIVPOL_TIME_UNIT_NONE);
    /* what no rule names: the default, citing the section */
    expect_transform(p, PROC, "interaction_digitization", "connection.timestamp",
                     PRIVPOL_ACTION_KEEP, 0, "default", "§7.6, §15");
    t = transform_of(p, PROC, "interaction_digitization", "connection.timestamp");
    assert_int_equal(t.line, support_line_of(text, "  default: keep"));
    expect_transform(p, PROC, "customer_analytics", "usage.journey", PRIVPOL_ACTION_KEEP,
                     0, "default", "§7.6, §15");
    /* statistics: a network and an hour (§7.3) */
    t = transform_of(p, CTRL, "statistics", "connection.timestamp");
    assert_int_equal(t.action, PRIVPOL_ACTION_GENERALIZE);
    assert_int_equal(t.time_unit, PRIVPOL_TIME_UNIT_HOUR);
    assert_int_equal(t.prefix4 + t.prefix6, 0);
    assert_string_equal(t.rule_id, "statistics_hours");
    assert_string_equal(t.clause, "§7.3");
    t = transform_of(p, CTRL, "statistics", "connection.ip_address");
    assert_int_equal(t.action, PRIVPOL_ACTION_GENERALIZE);
    assert_int_equal(t.prefix4, 24);
    assert_int_equal(t.prefix6, 48);
    assert_int_equal(t.time_unit, PRIVPOL_TIME_UNIT_NONE);
    assert_string_equal(t.rule_id, "statistics_generalized");
    t = transform_of(p, CTRL, "audience_analytics", "connection.timestamp");
    assert_int_equal(t.time_unit, PRIVPOL_TIME_UNIT_HOUR);
    /* outside statistics the controller's timestamps are kept */
    expect_transform(p, CTRL, "security_logging", "connection.timestamp",
                     PRIVPOL_ACTION_KEEP, 0, "default", "§7.6, §15");
    /* the controller may answer and contact its users, and act on an attack */
    expect_transform(p, CTRL, "user_support", "contact.email",
                     PRIVPOL_ACTION_PSEUDONYMIZE, PRIVPOL_TRANSFORM_REVERSIBLE,
                     "account_contacts_reversible", "§7.6, §11");
    expect_transform(p, CTRL, "security_logging", "connection.ip_address",
                     PRIVPOL_ACTION_PSEUDONYMIZE, PRIVPOL_TRANSFORM_REVERSIBLE,
                     "security_logs_reversible", "§7.6, §15");
    expect_transform(p, CTRL, "prospecting", "contact.email", PRIVPOL_ACTION_PSEUDONYMIZE,
                     0, "identifiers_pseudonymized", "§7.6");
    /* text, payment data, credentials, geolocation */
    expect_transform(p, PROC, "interactive_interfaces", "user_provided.free_text",
                     PRIVPOL_ACTION_REDACT, 0, "free_text_redacted", "§7.7, §15");
    expect_transform(p, PROC, "interactive_interfaces", "financial.iban",
                     PRIVPOL_ACTION_DROP, 0, "card_and_iban_dropped", "§15");
    expect_transform(p, CTRL, "service_provision", "account.credentials",
                     PRIVPOL_ACTION_DROP, 0, "credentials_dropped", "§15");
    expect_transform(p, PROC, "customer_analytics", "geolocation.precise",
                     PRIVPOL_ACTION_DROP, 0, "geolocation_dropped", "§12.3");
    /* fail closed: unknown data is never kept nor generalized, under any purpose; a
     * processor never gets a reversible token */
    for (size_t i = 0; i < privpol_policy_purpose_count(p); i++) {
        privpol_role role;
        const char *id = privpol_policy_purpose_id(p, i);
        assert_int_equal(privpol_policy_purpose_role(p, i, &role, NULL), PRIVPOL_OK);
        expect_transform(p, role, id, "unknown", PRIVPOL_ACTION_PSEUDONYMIZE, 0,
                         "unknown_pseudonymized", "§7.6");
        for (size_t c = 0; c < privpol_category_count() && role == PROC; c++) {
            assert_int_equal(privpol_policy_transform(p, role, id, c, &t, NULL), PRIVPOL_OK);
            assert_int_equal(t.flags & PRIVPOL_TRANSFORM_REVERSIBLE, 0);
        }
    }
    /* misuse */
    memset(&t, 0x55, sizeof t);
    t.version = PRIVPOL_TRANSFORM_VERSION;
    assert_int_equal(
        privpol_policy_transform(p, PROC, "statistics", (size_t)support_category("connection.ip_address"),
                                 &t, NULL),
        PRIVPOL_ENOTFOUND); /* a controller purpose */
    assert_int_equal(t.action, PRIVPOL_ACTION_KEEP);
    assert_null(t.rule_id);
    assert_null(t.clause);
    assert_int_equal(privpol_policy_transform(p, CTRL, "nope", 0, &t, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_policy_transform(p, (privpol_role)7, "statistics", 0, &t, NULL),
                     PRIVPOL_ENOTFOUND);
    assert_int_equal(
        privpol_policy_transform(p, CTRL, "statistics", privpol_category_count(), &t, NULL),
        PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_policy_transform(p, CTRL, "statistics", 0, NULL, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_policy_transform(NULL, CTRL, "statistics", 0, &t, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_policy_transform(p, CTRL, NULL, 0, &t, NULL), PRIVPOL_EINVAL);
    privpol_policy_free(p);
}

static void
time_fields_and_action_names(void **state)
{
    static const char *const expected[] = {"ts", "timestamp", "@timestamp", "time",
                                           "event_time"};
    privpol_policy *p = load_default(), *q = NULL;
    privpol_error err;
    const char *const *f;
    size_t n = 99;
    privpol_action a;
    char *t;
    (void)state;
    f = privpol_policy_time_fields(p, &n);
    assert_int_equal(n, 5);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(f[i], expected[i]);
    assert_ptr_equal(privpol_policy_time_fields(p, NULL), f);
    n = 99;
    assert_null(privpol_policy_time_fields(NULL, &n));
    assert_int_equal(n, 0);
    /* an empty list is allowed: records then carry no event time */
    t = mutate("  event_time: [ts, timestamp, \"@timestamp\", time, event_time]",
               "  event_time: []");
    assert_int_equal(parse(t, &q, &err), PRIVPOL_OK);
    free(t);
    n = 99;
    assert_null(privpol_policy_time_fields(q, &n));
    assert_int_equal(n, 0);
    privpol_policy_free(q);
    privpol_policy_free(p);
    /* action names, in the order of strictness */
    for (unsigned i = 0; i < 5; i++) {
        assert_non_null(privpol_action_name((privpol_action)i));
        assert_int_equal(
            privpol_action_from_name(privpol_action_name((privpol_action)i), &a, NULL),
            PRIVPOL_OK);
        assert_int_equal(a, i);
    }
    assert_string_equal(privpol_action_name(PRIVPOL_ACTION_KEEP), "keep");
    assert_string_equal(privpol_action_name(PRIVPOL_ACTION_GENERALIZE), "generalize");
    assert_string_equal(privpol_action_name(PRIVPOL_ACTION_PSEUDONYMIZE), "pseudonymize");
    assert_string_equal(privpol_action_name(PRIVPOL_ACTION_REDACT), "redact");
    assert_string_equal(privpol_action_name(PRIVPOL_ACTION_DROP), "drop");
    assert_null(privpol_action_name((privpol_action)5));
    assert_int_equal(privpol_action_from_name("Drop", &a, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_action_from_name(NULL, &a, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_action_from_name("drop", NULL, NULL), PRIVPOL_EINVAL);
}

/* The default without its transforms section. */
static char *
without_transforms(void)
{
    const char *text = default_text(NULL);
    const char *a = strstr(text, "transforms:\n"), *b = strstr(text, "# ---- Security");
    size_t len = strlen(text);
    char *out;
    assert_non_null(a);
    assert_non_null(b);
    out = malloc(len + 1);
    assert_non_null(out);
    memcpy(out, text, (size_t)(a - text));
    memcpy(out + (a - text), b, len - (size_t)(b - text) + 1);
    return out;
}

#define RULE_HEAD "    - id: extra\n      roles: [controller]\n      purposes: all\n"

static void
transform_errors(void **state)
{
    char *t;
    (void)state;
    /* the section is required: no policy silently keeps everything */
    t = without_transforms();
    fails_at(t, NULL, "privpol-policy:", "the policy: missing required key 'transforms'");
    free(t);
    t = mutate("  event_time: [ts, timestamp, \"@timestamp\", time, event_time]\n", "");
    fails_at(t, "\ntransforms:\n", "clause",
             "transforms: missing required key 'event_time'");
    free(t);
    t = mutate("      action: drop\n      clause: \"§15\"\n    - id: geolocation",
               "      clause: \"§15\"\n    - id: geolocation");
    fails_at(t, "card_and_iban_dropped", "id: credentials",
             "a transforms rule: missing required key 'action'");
    free(t);
    t = mutate("      roles: all\n      purposes: all\n      categories: [unknown]",
               "      purposes: all\n      categories: [unknown]");
    fails_at(t, "geolocation_dropped", "id: unknown_pseudonymized",
             "transforms.unknown_pseudonymized: missing required key 'roles'");
    free(t);
    /* unknown keys and ids */
    mutation_fails("  default: keep\n", "  default: keep\n  fallback: drop\n", "fallback",
                   "unknown key 'fallback' in transforms");
    mutation_fails("      reversible: true\n      clause: \"§7.6, §11\"",
                   "      reversable: true\n      clause: \"§7.6, §11\"", "reversable",
                   "unknown key 'reversable' in a transforms rule");
    mutation_fails("      action: redact\n", "      action: scramble\n", "scramble",
                   "unknown action 'scramble'");
    mutation_fails("  default: keep\n", "  default: hide\n", "hide",
                   "unknown action 'hide'");
    mutation_fails("      categories: [account.credentials]",
                   "      categories: [account.credential]", "account.credential]",
                   "unknown category id 'account.credential'");
    mutation_fails("      roles: [controller]\n      purposes: [security_logging]",
                   "      roles: [controler]\n      purposes: [security_logging]",
                   "controler", "unknown role 'controler'");
    mutation_fails(
        "      purposes: [security_logging]", "      purposes: [security_loging]",
        "security_loging",
        "transforms.security_logs_reversible: unknown purpose 'security_loging'");
    mutation_fails("      unit: hour", "      unit: minute", "minute",
                   "unknown time unit 'minute'");
    /* a purpose not of the rule's roles */
    mutation_fails("      purposes: [security_logging]",
                   "      purposes: [security_logging, customer_analytics]",
                   "customer_analytics",
                   "transforms.security_logs_reversible: purpose 'customer_analytics' is "
                   "not a purpose of the controller");
    /* duplicates, the reserved id, empty lists */
    {
        char words[96];
        t = mutate("    - id: credentials_dropped", "    - id: card_and_iban_dropped");
        snprintf(
            words, sizeof words,
            "transforms rule 'card_and_iban_dropped' is defined twice (first at line "
            "%u)",
            support_line_of(t, "- id: card_and_iban_dropped"));
        fails_at(t, "roles: all\n      purposes: all\n      categories: [financial.",
                 "card_and_iban_dropped", words);
        free(t);
    }
    mutation_fails("    - id: credentials_dropped", "    - id: default", "default\n",
                   "transforms rule id 'default' is reserved");
    mutation_fails("      purposes: [security_logging]", "      purposes: []", "[]",
                   "transforms.security_logs_reversible.purposes: the list is empty");
    mutation_fails("      categories: [account.credentials]", "      categories: []",
                   "[]", "transforms.credentials_dropped.categories: the list is empty");
    mutation_fails("      purposes: [statistics, audience_analytics]\n"
                   "      categories: [connection.ip_address]",
                   "      purposes: [statistics, statistics]\n"
                   "      categories: [connection.ip_address]",
                   "statistics]", "purpose 'statistics' listed twice");
    mutation_fails("  event_time: [ts, timestamp,", "  event_time: [ts, ts,",
                   "ts, \"@timestamp\"", "event_time field 'ts' listed twice");
    mutation_fails("  event_time: [ts, timestamp,", "  event_time: [ts, \"\",", "\"\"",
                   "an event_time field must not be empty");
    mutation_fails("  event_time: [ts, timestamp, \"@timestamp\", time, event_time]",
                   "  event_time: ts", "ts\n", "transforms.event_time must be a list");
    mutation_fails("  event_time: [ts, timestamp, \"@timestamp\", time, event_time]",
                   "  event_time: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q]",
                   "q]", "more than 16 event_time fields");
    /* generalize exists for IP addresses, timestamps and user agents only */
    mutation_fails(
        "      categories: [connection.timestamp]\n      action: generalize",
        "      categories: [connection.timestamp, cookie.id]\n"
        "      action: generalize",
        "cookie.id",
        "generalize applies to connection.ip_address, connection.timestamp and "
        "terminal.user_agent only, not to 'cookie.id'");
    mutation_fails("      categories: [terminal.user_agent]", "      categories: all",
                   "all\n      action: generalize",
                   "transforms.user_agent_family: generalize applies to "
                   "connection.ip_address, connection.timestamp and terminal.user_agent "
                   "only, not to all categories");
    mutation_fails("  default: keep\n", "  default: generalize\n", "generalize",
                   "transforms.default: generalize applies to");
    /* fail closed: `unknown` never kept or generalized */
    mutation_fails(
        "      categories: [unknown]\n      action: pseudonymize",
        "      categories: [unknown]\n      action: keep", "unknown]",
        "transforms.unknown_pseudonymized: category 'unknown' is never kept in "
        "clear (fail closed)");
    mutation_fails(
        "      categories: [unknown]\n      action: pseudonymize",
        "      categories: [unknown]\n      action: generalize", "unknown]",
        "generalize applies to connection.ip_address, connection.timestamp and "
        "terminal.user_agent only, not to 'unknown'");
    mutation_fails("    - id: unknown_pseudonymized\n",
                   RULE_HEAD
                   "      categories: all\n      action: keep\n      clause: x\n"
                   "    - id: unknown_pseudonymized\n",
                   "all\n      action: keep",
                   "transforms.extra: category 'unknown' is never kept in clear (fail "
                   "closed); 'all' includes it");
    /* ... nor through the default, for any purpose */
    t = mutate("      roles: all\n      purposes: all\n      categories: [unknown]",
               "      roles: [controller]\n      purposes: all\n"
               "      categories: [unknown]");
    fails_at(t, "  default: ", "keep",
             "transforms.default 'keep' would keep category 'unknown' of purpose "
             "'interactive_interfaces' in clear");
    free(t);
    {
        /* a default that drops needs no rule for unknown; one that keeps does */
        privpol_policy *p = NULL;
        privpol_error err;
        char *u = mutate("      categories: [unknown]\n      action: pseudonymize",
                         "      categories: [non_identifiable.statistic]\n"
                         "      action: pseudonymize");
        fails_at(u, "  default: ", "keep",
                 "transforms.default 'keep' would keep category 'unknown' of purpose "
                 "'service_provision' in clear: give it a rule (fail closed)");
        t = support_replace(u, "  default: keep\n", "  default: drop\n");
        if (parse(t, &p, &err) != PRIVPOL_OK)
            fail_msg("%zu:%zu %s", err.line, err.column, err.message);
        expect_transform(p, CTRL, "statistics", "unknown", PRIVPOL_ACTION_DROP, 0,
                         "default", "§7.6, §15");
        privpol_policy_free(p);
        free(t);
        free(u);
    }
    /* parameters only where they mean something, within range */
    mutation_fails("      prefix: {ipv4: 24, ipv6: 48}",
                   "      prefix: {ipv4: 33, ipv6: 48}", "33",
                   "prefix.ipv4 must be a whole number from 0 to 32");
    mutation_fails("      prefix: {ipv4: 24, ipv6: 48}",
                   "      prefix: {ipv4: 24, ipv6: 129}", "129",
                   "prefix.ipv6 must be a whole number from 0 to 128");
    mutation_fails("      prefix: {ipv4: 24, ipv6: 48}", "      prefix: {ipv5: 24}",
                   "ipv5", "unknown key 'ipv5' in transforms.prefix");
    mutation_fails("      prefix: {ipv4: 24, ipv6: 48}", "      prefix: {}", "{}",
                   "prefix gives ipv4, ipv6 or both");
    mutation_fails("      action: pseudonymize\n      reversible: true\n"
                   "      clause: \"§7.6, §15\"",
                   "      action: pseudonymize\n      reversible: true\n"
                   "      prefix: {ipv4: 24}\n      clause: \"§7.6, §15\"",
                   "{ipv4: 24}",
                   "transforms.security_logs_reversible: prefix is for a rule that "
                   "generalizes connection.ip_address");
    mutation_fails("      unit: hour", "      unit: hour\n      prefix: {ipv4: 16}",
                   "{ipv4: 16}", "prefix is for a rule that generalizes");
    mutation_fails(
        "      prefix: {ipv4: 24, ipv6: 48}",
        "      prefix: {ipv4: 24, ipv6: 48}\n      unit: day", "day",
        "transforms.statistics_generalized: unit is for a rule that generalizes "
        "connection.timestamp");
    mutation_fails("      categories: [terminal.user_agent]\n      action: generalize",
                   "      categories: [terminal.user_agent]\n      action: generalize\n"
                   "      reversible: false",
                   "false",
                   "transforms.user_agent_family: reversible is for action "
                   "pseudonymize only");
    mutation_fails(
        "      contact.email, contact.phone, identity.name, contact.position]\n"
        "      action: pseudonymize",
        "      contact.email, contact.phone, identity.name, contact.position]\n"
        "      action: pseudonymize\n      reversible: true",
        "true",
        "transforms.identifiers_pseudonymized: reversible pseudonyms are for "
        "the controller: a processor never re-identifies (§7.2, §7.6)");
    mutation_fails("      reversible: true\n      clause: \"§7.6, §11\"",
                   "      reversible: yes\n      clause: \"§7.6, §11\"", "yes",
                   "transforms.reversible must be true or false");
}

static void
transform_variants_load(void **state)
{
    privpol_policy *p = NULL, *back = NULL;
    privpol_error err;
    privpol_transform t = PRIVPOL_TRANSFORM_INIT;
    char *text, *yaml, *yaml2;
    (void)state;
    /* explicit generalizations: /0 is a valid prefix (nothing kept), days */
    text = mutate("      prefix: {ipv4: 24, ipv6: 48}\n      clause: \"§7.3, §7.8\"",
                  "      prefix: {ipv4: 0}\n      clause: \"§7.3, §7.8\"");
    if (parse(text, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    free(text);
    t = transform_of(p, CTRL, "statistics", "connection.ip_address");
    assert_int_equal(t.prefix4, 0);
    assert_int_equal(t.prefix6, 48); /* the default for what the file leaves out */
    yaml = write_policy(p, PRIVPOL_POLICY_YAML);
    assert_non_null(strstr(yaml, "      prefix:\n        ipv4: 0\n        ipv6: 48\n"));
    assert_int_equal(parse(yaml, &back, &err), PRIVPOL_OK);
    t = transform_of(back, CTRL, "statistics", "connection.ip_address");
    assert_int_equal(t.prefix4, 0);
    yaml2 = write_policy(back, PRIVPOL_POLICY_YAML);
    assert_string_equal(yaml, yaml2);
    free(yaml);
    free(yaml2);
    privpol_policy_free(back);
    privpol_policy_free(p);
    /* no default rule for unknown when the default is stricter than keep; an empty list
     * of rules; the written policy says the same */
    text =
        mutate("  default: keep\n  rules:\n", "  default: redact\n  rules: []\n  old:\n");
    {
        /* cut the old rules: everything from "  old:" to the next section */
        char *old = strstr(text, "  old:\n"), *next = strstr(text, "\n# ---- Security");
        memmove(old, next + 1, strlen(next + 1) + 1);
    }
    if (parse(text, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    free(text);
    assert_int_equal(p->transforms.rule_count, 0);
    expect_transform(p, PROC, "customer_analytics", "unknown", PRIVPOL_ACTION_REDACT, 0,
                     "default", "§7.6, §15");
    expect_transform(p, CTRL, "statistics", "usage.event", PRIVPOL_ACTION_REDACT, 0,
                     "default", "§7.6, §15");
    yaml = write_policy(p, PRIVPOL_POLICY_YAML);
    assert_non_null(strstr(yaml, "  default: redact\n  rules: []\n"));
    assert_int_equal(parse(yaml, &back, &err), PRIVPOL_OK);
    free(yaml);
    privpol_policy_free(back);
    privpol_policy_free(p);
}

static void
supplement_transforms(void **state)
{
    privpol_policy *base = load_default(), *p = NULL;
    privpol_error err;
    privpol_transform t = PRIVPOL_TRANSFORM_INIT;
    (void)state;
    if (supplement(base, acme, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    /* the tenant's rules come first */
    assert_int_equal(p->transforms.rule_count, base->transforms.rule_count + 3);
    assert_string_equal(p->transforms.rules[0].id, "acme_store_area");
    assert_true(p->transforms.rules[0].from_supplement);
    assert_string_equal(p->transforms.rules[3].id, base->transforms.rules[0].id);
    expect_transform(p, PROC, "interactive_interfaces", "terminal.msisdn",
                     PRIVPOL_ACTION_REDACT, 0, "acme_msisdn_redacted", "ACME DPA §7.2");
    t = transform_of(p, PROC, "interactive_interfaces", "terminal.msisdn");
    assert_int_equal(t.line, support_line_of(acme, "- id: acme_msisdn_redacted"));
    t = transform_of(p, PROC, "customer_analytics", "connection.timestamp");
    assert_int_equal(t.action, PRIVPOL_ACTION_GENERALIZE);
    assert_int_equal(t.time_unit, PRIVPOL_TIME_UNIT_DAY);
    assert_string_equal(t.rule_id, "acme_analytics_days");
    /* the location it enabled (§12.3 lifted), and the base's rules for its purpose */
    expect_transform(p, PROC, "store_locator", "geolocation.imprecise",
                     PRIVPOL_ACTION_KEEP, 0, "acme_store_area", "ACME DPA annex 2 §3");
    expect_transform(p, PROC, "store_locator", "geolocation.precise", PRIVPOL_ACTION_DROP,
                     0, "geolocation_dropped", "§12.3");
    expect_transform(p, PROC, "store_locator", "connection.ip_address",
                     PRIVPOL_ACTION_PSEUDONYMIZE, 0, "identifiers_pseudonymized", "§7.6");
    expect_transform(p, PROC, "store_locator", "unknown", PRIVPOL_ACTION_PSEUDONYMIZE, 0,
                     "unknown_pseudonymized", "§7.6");
    expect_transform(p, PROC, "store_locator", "connection.timestamp",
                     PRIVPOL_ACTION_KEEP, 0, "default", "§7.6, §15");
    /* the controller's data and the base itself are untouched */
    expect_transform(p, CTRL, "user_support", "contact.email",
                     PRIVPOL_ACTION_PSEUDONYMIZE, PRIVPOL_TRANSFORM_REVERSIBLE,
                     "account_contacts_reversible", "§7.6, §11");
    expect_transform(base, PROC, "interactive_interfaces", "terminal.msisdn",
                     PRIVPOL_ACTION_PSEUDONYMIZE, 0, "identifiers_pseudonymized", "§7.6");
    assert_int_equal(privpol_policy_transform(base, PROC, "store_locator", 0, &t, NULL),
                     PRIVPOL_ENOTFOUND);
    privpol_policy_free(p);
    /* a tightening alone: a tenant that redacts MSISDNs */
    assert_int_equal(supplement(base,
                                SUP_HEAD "transforms:\n  rules:\n"
                                         "    - id: no_msisdn\n      purposes: all\n"
                                         "      categories: [terminal.msisdn]\n"
                                         "      action: redact\n      clause: y\n",
                                &p, &err),
                     PRIVPOL_OK);
    expect_transform(p, PROC, "interaction_digitization", "terminal.msisdn",
                     PRIVPOL_ACTION_REDACT, 0, "no_msisdn", "y");
    privpol_policy_free(p);
    privpol_policy_free(base);
}

#define TSUP(rules) SUP_HEAD "transforms:\n  rules:\n" rules

static void
supplement_transforms_never_loosen(void **state)
{
    privpol_policy *base = load_default(), *p = NULL;
    privpol_error err;
    char *t;
    (void)state;
    /* every step down the order of strictness is refused */
    loosening_fails(
        base,
        TSUP("    - id: msisdn_clear\n      purposes: all\n"
             "      categories: [terminal.msisdn]\n      action: keep\n"
             "      clause: x\n"),
        NULL, "terminal.msisdn]",
        "transforms rule 'msisdn_clear' loosens 'terminal.msisdn' for purpose "
        "'interactive_interfaces': keep, where the policy gives pseudonymize "
        "(rule 'identifiers_pseudonymized', §7.6)");
    loosening_fails(
        base,
        TSUP("    - id: agent_clear\n      purposes: [customer_analytics]\n"
             "      categories: [usage.event, terminal.user_agent]\n"
             "      action: keep\n      clause: x\n"),
        NULL, "terminal.user_agent]",
        "loosens 'terminal.user_agent' for purpose 'customer_analytics': keep, "
        "where the policy gives generalize (rule 'user_agent_family', §15)");
    loosening_fails(base,
                    TSUP("    - id: nets\n      purposes: [customer_analytics]\n"
                         "      categories: [connection.ip_address]\n"
                         "      action: generalize\n      clause: x\n"),
                    NULL, "connection.ip_address]",
                    "loosens 'connection.ip_address' for purpose 'customer_analytics': "
                    "generalize to /24 and /48, where the policy gives pseudonymize");
    loosening_fails(base,
                    TSUP("    - id: text\n      purposes: [interactive_interfaces]\n"
                         "      categories: [user_provided.free_text]\n"
                         "      action: pseudonymize\n      clause: x\n"),
                    NULL, "user_provided.free_text]",
                    "pseudonymize, where the policy gives redact (rule "
                    "'free_text_redacted', §7.7, §15)");
    loosening_fails(
        base,
        TSUP("    - id: cards\n      purposes: all\n"
             "      categories: [financial.card_number]\n"
             "      action: redact\n      clause: x\n"),
        NULL, "financial.card_number]",
        "loosens 'financial.card_number' for purpose 'interactive_interfaces': "
        "redact, where the policy gives drop");
    loosening_fails(base,
                    TSUP("    - id: everything\n      purposes: [customer_analytics]\n"
                         "      categories: all\n      action: pseudonymize\n"
                         "      clause: x\n"),
                    NULL, "all\n      action",
                    "transforms rule 'everything' loosens 'account.credentials' for "
                    "purpose 'customer_analytics'");
    /* geolocation stays dropped unless the supplement itself enables it (§12.3) */
    loosening_fails(base,
                    TSUP("    - id: area\n      purposes: all\n"
                         "      categories: [geolocation.imprecise]\n"
                         "      action: keep\n      clause: x\n"),
                    NULL, "geolocation.imprecise]",
                    "keep, where the policy gives drop (rule 'geolocation_dropped', "
                    "§12.3)");
    /* the default and the event time are the policy's */
    loosening_fails(base, SUP_HEAD "transforms:\n  default: keep\n  rules: []\n", NULL,
                    "default", "a supplement may not change 'transforms.default'");
    loosening_fails(base, SUP_HEAD "transforms:\n  event_time: [when]\n  rules: []\n",
                    NULL, "event_time",
                    "a supplement may not change 'transforms.event_time'");
    loosening_fails(base, SUP_HEAD "transforms:\n  clause: x\n  rules: []\n", NULL,
                    "clause",
                    "unknown key 'clause' in transforms (a supplement adds rules and "
                    "vocabularies only)");
    /* the tenant's (processor) data only; new ids; unknown never in clear */
    loosening_fails(
        base,
        TSUP("    - id: mine\n      roles: [controller]\n      purposes: all\n"
             "      categories: [contact.email]\n      action: drop\n"
             "      clause: x\n"),
        NULL, "controller]",
        "transforms.mine: a supplement sets the transforms of its tenant's "
        "(processor) data only");
    loosening_fails(base,
                    TSUP("    - id: mine\n      roles: all\n      purposes: all\n"
                         "      categories: [contact.email]\n      action: drop\n"
                         "      clause: x\n"),
                    NULL, "all\n", "(processor) data only");
    loosening_fails(
        base,
        TSUP("    - id: user_agent_family\n      purposes: all\n"
             "      categories: [terminal.user_agent]\n      action: drop\n"
             "      clause: x\n"),
        NULL, "user_agent_family",
        "transforms rule 'user_agent_family' is defined by the policy (line ");
    loosening_fails(base,
                    TSUP("    - id: clear\n      purposes: all\n"
                         "      categories: [unknown]\n      action: keep\n"
                         "      clause: x\n"),
                    NULL, "unknown]", "category 'unknown' is never kept in clear");
    loosening_fails(
        base,
        TSUP("    - id: rev\n      purposes: all\n"
             "      categories: [terminal.msisdn]\n      action: pseudonymize\n"
             "      reversible: true\n      clause: x\n"),
        NULL, "true", "a processor never re-identifies (§7.2, §7.6)");
    privpol_policy_free(base);

    /* a base that generalizes the processor's addresses and times: a longer prefix or a
     * finer unit loosens it, a shorter or a coarser one tightens it */
    t = mutate("    - id: identifiers_pseudonymized\n",
               "    - id: processor_networks\n      roles: [processor]\n"
               "      purposes: [customer_analytics]\n"
               "      categories: [connection.ip_address, connection.timestamp]\n"
               "      action: generalize\n      prefix: {ipv4: 16, ipv6: 32}\n"
               "      unit: day\n      clause: \"house rule 7\"\n"
               "    - id: identifiers_pseudonymized\n");
    if (parse(t, &base, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    free(t);
    loosening_fails(base,
                    TSUP("    - id: nets\n      purposes: [customer_analytics]\n"
                         "      categories: [connection.ip_address]\n"
                         "      action: generalize\n      prefix: {ipv4: 24, ipv6: 32}\n"
                         "      clause: x\n"),
                    NULL, "connection.ip_address]",
                    "transforms rule 'nets' loosens 'connection.ip_address' for purpose "
                    "'customer_analytics': generalize to /24 and /32, where the policy "
                    "gives generalize to /16 and /32 (rule 'processor_networks', house "
                    "rule 7)");
    loosening_fails(base,
                    TSUP("    - id: nets\n      purposes: [customer_analytics]\n"
                         "      categories: [connection.ip_address]\n"
                         "      action: generalize\n      prefix: {ipv4: 8, ipv6: 40}\n"
                         "      clause: x\n"),
                    NULL, "connection.ip_address]",
                    "generalize to /8 and /40, where the policy gives generalize to /16 "
                    "and /32");
    loosening_fails(
        base,
        TSUP("    - id: hours\n      purposes: [customer_analytics]\n"
             "      categories: [connection.timestamp]\n"
             "      action: generalize\n      clause: x\n"),
        NULL, "connection.timestamp]",
        "transforms rule 'hours' loosens 'connection.timestamp' for purpose "
        "'customer_analytics': generalize to the hour, where the policy gives "
        "generalize to the day (rule 'processor_networks', house rule 7)");
    assert_int_equal(
        supplement(base,
                   TSUP("    - id: nets\n      purposes: [customer_analytics]\n"
                        "      categories: [connection.ip_address, "
                        "connection.timestamp]\n"
                        "      action: generalize\n"
                        "      prefix: {ipv4: 8, ipv6: 16}\n"
                        "      unit: day\n      clause: x\n"),
                   &p, &err),
        PRIVPOL_OK);
    {
        privpol_transform tr =
            transform_of(p, PROC, "customer_analytics", "connection.ip_address");
        assert_int_equal(tr.prefix4, 8);
        assert_int_equal(tr.prefix6, 16);
        assert_string_equal(tr.rule_id, "nets");
    }
    privpol_policy_free(p);
    privpol_policy_free(base);

    /* a base whose rule for unknown names its own purposes: a purpose the supplement adds
     * would reach the default (keep) and is refused, unless the supplement decides it */
    t = mutate(
        "      roles: all\n      purposes: all\n      categories: [unknown]",
        "      roles: all\n      purposes: [service_provision, content_optimization,"
        " audience_analytics, user_support, statistics, account_communication,"
        " prospecting, security_logging, interactive_interfaces,"
        " interaction_digitization, service_improvement, customer_analytics]\n"
        "      categories: [unknown]");
    if (parse(t, &base, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    free(t);
#define NEW_PURPOSE                                                                      \
    SUP_HEAD "purposes:\n  survey_plus:\n    clause: x\n    subjects: [end_user]\n"      \
             "    categories: [user_provided.survey]\n"
    loosening_fails(
        base, NEW_PURPOSE, NULL, "survey_plus",
        "purpose 'survey_plus': no transforms rule decides category 'unknown', "
        "and the default keeps it in clear (fail closed)");
    assert_int_equal(supplement(base,
                                NEW_PURPOSE "transforms:\n  rules:\n"
                                            "    - id: survey_unknown\n"
                                            "      purposes: [survey_plus]\n"
                                            "      categories: [unknown]\n"
                                            "      action: drop\n      clause: x\n",
                                &p, &err),
                     PRIVPOL_OK);
    expect_transform(p, PROC, "survey_plus", "unknown", PRIVPOL_ACTION_DROP, 0,
                     "survey_unknown", "x");
    privpol_policy_free(p);
    privpol_policy_free(base);
}

/* ---- closed vocabularies ----------------------------------------------------------- */

/* privpol__policy_vocabulary_match() on NUL-terminated strings, checked against the
 * public accessor, which must say the same. */
static bool
vmatch(const privpol_policy *p, const char *field, const char *value)
{
    bool in =
        privpol__policy_vocabulary_match(p, field, strlen(field), value, strlen(value));
    assert_int_equal(
        privpol_policy_vocabulary_match(p, field, strlen(field), value, strlen(value)),
        in ? 1 : 0);
    return in;
}

static void
default_vocabularies(void **state)
{
    privpol_policy *p = load_default();
    const char *text = default_text(NULL);
    const struct privpol__policy_transforms *t = &p->transforms;
    static const char *const actions[] = {
        "faq_redirect",       "app_launch",    "call_placed",        "chat_started",
        "callback_requested", "ticket_opened", "self_care_resolved", "abandon"};
    (void)state;
    assert_int_equal(t->vocabulary_count, 3);
    assert_string_equal(t->vocabularies[0].id, "device_types");
    assert_string_equal(t->vocabularies[0].clause, "§12.2");
    assert_int_equal(t->vocabularies[0].line,
                     support_line_of(text, "- id: device_types"));
    assert_int_equal(t->vocabularies[0].field_count, 2);
    assert_string_equal(t->vocabularies[0].fields[1], "device_type");
    assert_int_equal(t->vocabularies[0].value_count, 10);
    assert_string_equal(t->vocabularies[0].values[9], "app-ios");
    assert_false(t->vocabularies[0].from_supplement);
    assert_string_equal(t->vocabularies[1].id, "interaction_actions");
    assert_string_equal(t->vocabularies[2].id, "journey_pages");
    assert_int_equal(t->vocabularies[2].value_count, 30);
    assert_int_equal(t->vocabulary_field_count, 4);

    /* the sample's device types and actions (tools/gen_events.py) */
    assert_true(vmatch(p, "device", "mobile"));
    assert_true(vmatch(p, "device", "app-android"));
    assert_true(vmatch(p, "device_type", "tablet"));
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
        assert_true(vmatch(p, "action", actions[i]));
    assert_true(vmatch(p, "journey[0]", "espace-client/rib"));
    assert_true(vmatch(p, "journey[7]", "faq/5g"));
    /* the field: the last component of a path, compared as the field rules do */
    assert_true(vmatch(p, "client.device", "desktop"));
    assert_true(vmatch(p, "events[3].action", "app_launch"));
    assert_true(vmatch(p, "/ctx/device", "bot"));
    assert_true(vmatch(p, "Device", "mobile"));
    assert_true(vmatch(p, "DEVICE", "mobile"));
    assert_true(vmatch(p, "deviceType", "mobile"));
    assert_true(vmatch(p, "device-type", "mobile"));
    assert_true(vmatch(p, "DeviceType", "mobile"));
    assert_true(vmatch(p, "session.journey[12]", "home"));
    /* the value: exactly, bytes and case */
    assert_false(vmatch(p, "device", "Mobile"));
    assert_false(vmatch(p, "device", "MOBILE"));
    assert_false(vmatch(p, "device", "mobile "));
    assert_false(vmatch(p, "device", " mobile"));
    assert_false(vmatch(p, "device", "mobil"));
    assert_false(vmatch(p, "device", "mobiles"));
    assert_false(vmatch(p, "device", ""));
    assert_false(vmatch(p, "action", "login jean.dupont@example.fr"));
    assert_false(vmatch(p, "journey[0]", "faq/5G"));
    /* a value of another vocabulary, a field no vocabulary covers, a near name */
    assert_false(vmatch(p, "device", "app_launch"));
    assert_false(vmatch(p, "action", "mobile"));
    assert_false(vmatch(p, "ua", "mobile"));
    assert_false(vmatch(p, "comment", "abandon"));
    assert_false(vmatch(p, "devices", "mobile"));
    assert_false(vmatch(p, "device.id", "mobile")); /* the last component is "id" */
    assert_false(vmatch(p, "device_id", "mobile"));
    assert_false(vmatch(p, "", "mobile"));
    assert_false(vmatch(p, "action.", "abandon"));
    /* lengths, not NUL bytes, delimit field and value */
    assert_true(privpol__policy_vocabulary_match(p, "device_type", 6, "mobile!", 6));
    assert_false(privpol__policy_vocabulary_match(p, "device", 6, "mob\0le", 6));
    {
        char longer[128];
        memset(longer, 'a', sizeof longer);
        assert_false(
            privpol__policy_vocabulary_match(p, "device", 6, longer, sizeof longer));
        assert_false(
            privpol__policy_vocabulary_match(p, longer, sizeof longer, "mobile", 6));
    }
    /* misuse */
    assert_false(privpol__policy_vocabulary_match(NULL, "device", 6, "mobile", 6));
    assert_false(privpol__policy_vocabulary_match(p, NULL, 0, "mobile", 6));
    assert_false(privpol__policy_vocabulary_match(p, "device", 6, NULL, 0));
    assert_int_equal(privpol_policy_vocabulary_match(NULL, "device", 6, "mobile", 6), 0);
    assert_int_equal(privpol_policy_vocabulary_match(p, "device", 6, NULL, 6), 0);
    privpol_policy_free(p);
}

/* The default policy with the values of device_types replaced by `values`. */
#define DEVICE_VALUES                                                                    \
    "      values: [mobile, desktop, tablet, smartphone, tv, console, wearable, bot,\n"  \
    "               app-android, app-ios]\n"
#define values_fail(values, needle, words)                                               \
    mutation_fails(DEVICE_VALUES, "      values: " values "\n", needle, words)

static void
vocabulary_errors(void **state)
{
    privpol_policy *p = NULL;
    privpol_error err;
    char *t;
    (void)state;
    /* the shape: strict keys, required keys, lists, ids */
    mutation_fails("      clause: \"§12.2\"\n    - id: interaction_actions",
                   "      category: terminal.device_type\n"
                   "      clause: \"§12.2\"\n    - id: interaction_actions",
                   "category", "unknown key 'category' in a vocabulary");
    mutation_fails("    - id: device_types\n      # The type",
                   "    - idd: device_types\n      # The type", "idd",
                   "unknown key 'idd' in a vocabulary");
    mutation_fails("      fields: [device, device_type]\n", "      fieldz: [device]\n",
                   "fieldz", "unknown key 'fieldz'");
    mutation_fails("      fields: [device, device_type]\n", "", "id: device_types",
                   "a vocabulary: missing required key 'fields'");
    mutation_fails(DEVICE_VALUES, "", "id: device_types",
                   "a vocabulary: missing required key 'values'");
    t = mutate("      clause: \"§12.2\"\n    - id: interaction_actions",
               "    - id: interaction_actions");
    fails_at(t, NULL, "id: device_types", "a vocabulary: missing required key 'clause'");
    free(t);
    mutation_fails("      fields: [device, device_type]\n", "      fields: []\n", "[]",
                   "vocabularies.device_types.fields: the list is empty");
    values_fail("[]", "[]", "vocabularies.device_types.values: the list is empty");
    mutation_fails("      fields: [device, device_type]\n", "      fields: device\n",
                   "device\n", "vocabularies.fields must be a list");
    mutation_fails("  vocabularies:\n    - id: device_types",
                   "  vocabularies:\n   listed:\n    - id: device_types", "listed",
                   "transforms.vocabularies must be a list, not a mapping");
    mutation_fails("    - id: device_types\n", "    - id: Device_Types\n", "Device_Types",
                   "vocabularies.id: 'Device_Types' is not an id");
    t = mutate("    - id: interaction_actions\n", "    - id: device_types\n");
    fails_at(t, "app-ios]", "device_types\n",
             "vocabulary 'device_types' is defined twice (first at line ");
    free(t);
    mutation_fails("  vocabularies:\n", "  vocabularies:\n    - just-a-name\n",
                   "just-a-name", "a vocabulary must be a mapping, not a value");
    /* fields: names, once each, one vocabulary each */
    mutation_fails("      fields: [device, device_type]\n",
                   "      fields: [device, client.device]\n", "client.device",
                   "vocabularies.device_types: field 'client.device' is a path");
    mutation_fails("      fields: [device, device_type]\n",
                   "      fields: [device, \"journey[0]\"]\n", "\"journey[0]\"",
                   "field 'journey[0]' is a path");
    mutation_fails("      fields: [device, device_type]\n",
                   "      fields: [device_type, deviceType]\n", "deviceType",
                   "field 'deviceType' listed twice (field names compare as "
                   "'device_type')");
    mutation_fails("      fields: [device, device_type]\n",
                   "      fields: [device, Device]\n", "Device",
                   "field 'Device' listed twice");
    mutation_fails("      fields: [action]\n", "      fields: [action, device-type]\n",
                   "device-type",
                   "vocabularies.interaction_actions: field 'device-type' already has "
                   "vocabulary 'device_types' (line ");
    mutation_fails("      fields: [device, device_type]\n",
                   "      fields: [device, \"   \"]\n", "\"   \"",
                   "field '   ' is blank or longer than 48 bytes");
    mutation_fails("      fields: [device, device_type]\n",
                   "      fields: [device, "
                   "a_field_name_that_is_much_longer_than_the_field_rules_allow]\n",
                   "a_field_name", "is blank or longer than 48 bytes");
    mutation_fails("      fields: [device, device_type]\n",
                   "      fields: [device, \"\"]\n", "\"\"",
                   "a vocabulary field must not be empty");
    /* values: text a reader sees as it is */
    values_fail("[mobile, desktop, mobile]", "mobile]",
                "vocabularies.device_types: value 3 repeats value 1");
    values_fail("[mobile, \"\"]", "\"\"", "value 2 is empty");
    values_fail("[\" mobile\"]", "\" mobile\"", "value 1 begins or ends with a space");
    values_fail("[mobile, \"tablet \"]", "\"tablet \"", "value 2 begins or ends with");
    values_fail("[\"mob\\tile\"]", "\"mob", "value 1 holds a control or invisible");
    values_fail("[\"mob\\u0085ile\"]", "\"mob", "value 1 holds a control or invisible");
    values_fail("[\"mob\\u200bile\"]", "\"mob", "value 1 holds a control or invisible");
    values_fail("[\"mob\\u202eile\"]", "\"mob", "value 1 holds a control or invisible");
    values_fail("[\"\\ufeffmobile\"]", "\"\\ufeff",
                "value 1 holds a control or invisible");
    values_fail("[mobile, [tv]]", "[tv]",
                "a vocabulary value must be a value, not a list");
    values_fail("[mobile, {a: b}]", "{a: b}", "a vocabulary value must be a value");
    values_fail("[mobile, "
                "a-value-of-sixty-five-bytes-is-one-byte-over-the-limit-of-64-abcd]",
                "a-value", "value 2 is longer than 64 bytes");
    /* 64 bytes is the limit, not beyond it; UTF-8 counts bytes */
    t = mutate(DEVICE_VALUES,
               "      values: "
               "[a-value-of-sixty-four-bytes-is-exactly-the-limit-of-64-abcdefghi,\n"
               "               t\xc3\xa9l\xc3\xa9vision]\n");
    if (parse(t, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    assert_true(vmatch(
        p, "device", "a-value-of-sixty-four-bytes-is-exactly-the-limit-of-64-abcdefghi"));
    assert_true(vmatch(p, "device", "t\xc3\xa9l\xc3\xa9vision"));
    assert_false(vmatch(p, "device", "television"));
    assert_false(vmatch(p, "device", "mobile"));
    privpol_policy_free(p);
    free(t);

    /* values that are, or hold, identifiers: a vocabulary would let them through in
     * clear; the message names the category, never the value */
    values_fail("[mobile, jean.dupont@example.fr]", "jean.dupont",
                "vocabularies.device_types: value 2 reads as contact.email: a "
                "vocabulary's values are kept without a scan, so none may be an "
                "identifier");
    values_fail("[192.0.2.1]", "192.0.2.1", "value 1 reads as connection.ip_address");
    values_fail("[\"2001:db8::1\"]", "\"2001:db8::1\"",
                "value 1 reads as connection.ip_address");
    values_fail("[\"+33612345678\"]", "\"+33612345678\"",
                "value 1 reads as terminal.msisdn");
    values_fail("[\"4111 1111 1111 1111\"]", "\"4111",
                "value 1 reads as financial.card_number");
    values_fail("[FR7630006000011234567890189]", "FR76",
                "value 1 reads as financial.iban");
    values_fail("[3f2504e0-4f89-11d3-9a0c-0305e82c3301]", "3f25",
                "value 1 reads as cookie.id");
    values_fail("[\"00:1A:2B:3C:4D:5E\"]", "\"00:1A",
                "value 1 reads as terminal.device_id");
    values_fail("[\"48.8566, 2.3522\"]", "\"48.8566", "value 1 reads as geolocation.");
    /* inside a longer value: what the scan would have found */
    values_fail("[\"login jean.dupont@example.fr\"]", "\"login",
                "value 1 reads as contact.email");
    values_fail("[\"M. Dupont\"]", "\"M. Dupont\"", "value 1 reads as identity.name");
    values_fail("[\"rappel +33 6 12 34 56 78\"]", "\"rappel",
                "value 1 reads as contact.phone");
    /* a national number is a phone in some context's region: every region is tried */
    values_fail("[\"06 12 34 56 78\"]", "\"06 12",
                "value 1 reads as contact.phone (phone "
                "region ");
    {
        char *text =
            mutate(DEVICE_VALUES, "      values: [mobile, jean.dupont@example.fr]\n");
        assert_int_equal(parse(text, &p, &err), PRIVPOL_EPARSE);
        assert_null(strstr(err.message, "dupont"));
        assert_null(strstr(err.message, "example"));
        free(text);
    }
    /* non-identifying readings are fine: a device word in any case, a digit alone */
    t = mutate(DEVICE_VALUES, "      values: [Mobile, TABLET, tv, \"4k\", \"5g\"]\n");
    if (parse(t, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    assert_true(vmatch(p, "device", "Mobile"));
    assert_false(vmatch(p, "device", "mobile"));
    privpol_policy_free(p);
    free(t);
}

/* The bounds: values per vocabulary, field names and vocabularies in all. */
static void
vocabulary_bounds(void **state)
{
    privpol_policy *p = NULL;
    privpol_error err;
    char *list, *t;
    size_t at;
    (void)state;
    /* 256 values load, the 257th is refused at itself */
    list = malloc(16 * 300 + 64);
    assert_non_null(list);
    at = (size_t)sprintf(list, "      values: [");
    for (int i = 0; i < 256; i++)
        at += (size_t)sprintf(list + at, "%sv%d", i > 0 ? ", " : "", i);
    strcpy(list + at, "]\n");
    t = mutate(DEVICE_VALUES, list);
    if (parse(t, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    assert_int_equal(p->transforms.vocabularies[0].value_count, 256);
    for (int i = 0; i < 256; i++) {
        char v[8];
        snprintf(v, sizeof v, "v%d", i);
        assert_true(vmatch(p, "device", v));
    }
    assert_false(vmatch(p, "device", "v256"));
    privpol_policy_free(p);
    free(t);
    strcpy(list + at, ", v256]\n");
    t = mutate(DEVICE_VALUES, list);
    fails_at(t, "v255, ", "v256", "vocabularies.device_types: more than 256 values");
    free(t);
    /* 64 field names in all, the 65th refused */
    at = (size_t)sprintf(list, "      fields: [device, device_type");
    for (int i = 0; i < 60; i++)
        at += (size_t)sprintf(list + at, ", f%d", i);
    strcpy(list + at, "]\n");
    t = mutate("      fields: [device, device_type]\n", list);
    if (parse(t, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    assert_int_equal(p->transforms.vocabulary_field_count, 64);
    for (int i = 0; i < 60; i++) {
        char f[16];
        snprintf(f, sizeof f, "x.F%d", i);
        assert_true(vmatch(p, f, "tablet"));
    }
    assert_true(vmatch(p, "journey", "home"));
    privpol_policy_free(p);
    free(t);
    strcpy(list + at, ", f60]\n");
    t = mutate("      fields: [device, device_type]\n", list);
    fails_at(t, "- id: journey_pages", "journey]", "more than 64 vocabulary fields");
    free(t);
    /* 32 vocabularies in all (29 more than the default's 3), the 33rd refused */
    for (int extra = 29; extra <= 30; extra++) {
        at = (size_t)sprintf(list, "  vocabularies:\n");
        for (int i = 0; i < extra; i++)
            at += (size_t)sprintf(
                list + at, "    - {id: x%d, fields: [x%d], values: [a], clause: x}\n", i,
                i);
        t = mutate("  vocabularies:\n", list);
        if (extra == 30) {
            fails_at(t, NULL, "id: journey_pages", "more than 32 vocabularies");
        } else {
            if (parse(t, &p, &err) != PRIVPOL_OK)
                fail_msg("%zu:%zu %s", err.line, err.column, err.message);
            assert_int_equal(p->transforms.vocabulary_count, 32);
            assert_true(vmatch(p, "x28", "a"));
            assert_true(vmatch(p, "journey", "home"));
            privpol_policy_free(p);
        }
        free(t);
    }
    free(list);
}

#define VSUP(vocabularies) SUP_HEAD "transforms:\n  vocabularies:\n" vocabularies

static void
supplement_vocabularies(void **state)
{
    privpol_policy *base = load_default(), *p = NULL, *back = NULL;
    const char *text = default_text(NULL);
    const char *sup;
    privpol_error err;
    char *yaml, *json, *json2, words[200];
    uint32_t device_line = support_line_of(text, "- id: device_types");
    (void)state;
    /* a vocabulary of the tenant's own field: no rules needed */
    sup = VSUP("    - id: acme_channels\n"
               "      fields: [channel]\n"
               "      values: [web, ivr, sms]\n"
               "      clause: \"ACME DPA §7.4\"\n"
               "      description: How the user reached customer care.\n");
    if (supplement(base, sup, &p, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    assert_int_equal(p->transforms.vocabulary_count, 4);
    assert_string_equal(p->transforms.vocabularies[3].id, "acme_channels");
    assert_true(p->transforms.vocabularies[3].from_supplement);
    assert_int_equal(p->transforms.vocabularies[3].line,
                     support_line_of(sup, "- id: acme_channels"));
    assert_true(vmatch(p, "contact.channel", "ivr"));
    assert_false(vmatch(p, "contact.channel", "IVR"));
    assert_true(vmatch(p, "device", "mobile")); /* the policy's still apply */
    assert_true(vmatch(p, "action", "abandon"));
    assert_false(vmatch(base, "channel", "ivr")); /* the base is untouched */
    assert_int_equal(base->transforms.vocabulary_count, 3);
    assert_int_equal(p->transforms.rule_count, base->transforms.rule_count);
    /* written as one policy: the tenant's vocabulary after the policy's, marked; read
     * back the same */
    yaml = write_policy(p, PRIVPOL_POLICY_YAML);
    json = write_policy(p, PRIVPOL_POLICY_JSON);
    assert_non_null(strstr(yaml, "    # from the tenant's supplement\n"
                                 "    - id: acme_channels\n"
                                 "      fields: [\"channel\"]\n"
                                 "      values: [\"web\", \"ivr\", \"sms\"]\n"
                                 "      clause: \"ACME DPA §7.4\"\n"
                                 "      description: \"How the user reached customer "
                                 "care.\"\n"));
    assert_non_null(strstr(json, "\"vocabularies\": ["));
    if (parse(yaml, &back, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    json2 = write_policy(back, PRIVPOL_POLICY_JSON);
    assert_string_equal(json, json2);
    assert_true(vmatch(back, "channel", "sms"));
    assert_true(vmatch(back, "device_type", "tv"));
    privpol_policy_free(back);
    free(yaml);
    free(json);
    free(json2);
    privpol_policy_free(p);
    /* with rules, in either order */
    assert_int_equal(supplement(base,
                                SUP_HEAD
                                "transforms:\n  vocabularies:\n"
                                "    - {id: c, fields: [channel], values: [web], "
                                "clause: x}\n"
                                "  rules:\n    - id: no_msisdn\n"
                                "      purposes: all\n"
                                "      categories: [terminal.msisdn]\n"
                                "      action: redact\n      clause: y\n",
                                &p, &err),
                     PRIVPOL_OK);
    assert_true(vmatch(p, "channel", "web"));
    assert_string_equal(p->transforms.rules[0].id, "no_msisdn");
    privpol_policy_free(p);
    /* never widening the policy's: not its id, not its fields (however written) */
    snprintf(words, sizeof words,
             "vocabulary 'device_types' is the policy's (line %u, §12.2): a supplement "
             "may not widen it",
             device_line);
    loosening_fails(base,
                    VSUP("    - id: device_types\n      fields: [device]\n"
                         "      values: [mobile, phablet]\n      clause: x\n"),
                    NULL, "device_types", words);
    snprintf(words, sizeof words,
             "vocabularies.more_devices: field 'device' has the policy's vocabulary "
             "'device_types' (line %u, §12.2): a supplement may not widen it",
             device_line);
    loosening_fails(base,
                    VSUP("    - id: more_devices\n      fields: [device]\n"
                         "      values: [phablet]\n      clause: x\n"),
                    NULL, "device]", words);
    loosening_fails(base,
                    VSUP("    - id: more_devices\n      fields: [kind, deviceType]\n"
                         "      values: [phablet]\n      clause: x\n"),
                    NULL, "deviceType",
                    "field 'deviceType' has the policy's vocabulary 'device_types'");
    loosening_fails(base,
                    VSUP("    - id: fewer_actions\n      fields: [Action]\n"
                         "      values: [abandon]\n      clause: x\n"),
                    NULL, "Action",
                    "field 'Action' has the policy's vocabulary 'interaction_actions'");
    /* a supplement's own vocabularies are read as strictly as the policy's */
    loosening_fails(base,
                    VSUP("    - id: c\n      fields: [channel]\n"
                         "      values: [web, \"+33612345678\"]\n      clause: x\n"),
                    NULL, "\"+33", "vocabularies.c: value 2 reads as terminal.msisdn");
    loosening_fails(base,
                    VSUP("    - id: c\n      fields: [channel]\n"
                         "      values: [web]\n      clause: x\n"
                         "    - id: c\n      fields: [medium]\n"
                         "      values: [web]\n      clause: x\n"),
                    "values: [web]\n      clause: x\n    - id: ", "c\n",
                    "vocabulary 'c' is defined twice (first at line 7)");
    loosening_fails(
        base,
        VSUP("    - id: c\n      fields: [channel]\n"
             "      values: [web]\n      clause: x\n"
             "    - id: d\n      fields: [channel]\n"
             "      values: [sms]\n      clause: x\n"),
        "- id: d", "channel]",
        "vocabularies.d: field 'channel' already has vocabulary 'c' (line 7)");
    loosening_fails(base,
                    VSUP("    - id: c\n      fields: [channel]\n"
                         "      values: [web]\n      scope: all\n      clause: x\n"),
                    NULL, "scope", "unknown key 'scope' in a vocabulary");
    /* the section's keys */
    loosening_fails(base, SUP_HEAD "transforms:\n  clause: x\n  rules: []\n", NULL,
                    "clause",
                    "unknown key 'clause' in transforms (a supplement adds rules and "
                    "vocabularies only)");
    loosening_fails(base, SUP_HEAD "transforms: {}\n", NULL, "{}",
                    "transforms: missing required key 'rules'");
    privpol_policy_free(base);
}

/* ---- files, writing, names --------------------------------------------------------- */

static void
files_load_and_name_themselves(void **state)
{
    char dir[] = "/tmp/privpol-test-policy-XXXXXX", path[128], sup[128];
    privpol_policy *p = NULL, *q = NULL;
    privpol_error err;
    size_t len;
    const char *text = default_text(&len);
    FILE *f;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/policy.yaml", dir);
    snprintf(sup, sizeof sup, "%s/acme.yaml", dir);
    assert_int_equal(privpol_policy_load(path, NULL, &p, &err), PRIVPOL_EIO);
    assert_non_null(strstr(err.message, path));
    assert_non_null(f = fopen(path, "w"));
    fwrite(text, 1, len, f);
    fclose(f);
    assert_int_equal(privpol_policy_load(path, NULL, &p, &err), PRIVPOL_OK);
    assert_non_null(f = fopen(sup, "w"));
    fputs(acme, f);
    fclose(f);
    assert_int_equal(privpol_policy_supplement_load(p, sup, &q, &err), PRIVPOL_OK);
    assert_string_equal(privpol_policy_tenant(q), "acme");
    privpol_policy_free(q);
    assert_non_null(f = fopen(sup, "w"));
    fputs(SUP_HEAD "contract:\n  clause: c\n  period: P0D\n", f);
    fclose(f);
    assert_int_equal(privpol_policy_supplement_load(p, sup, &q, &err), PRIVPOL_EPARSE);
    assert_int_equal(err.line, 7);
    assert_int_equal(err.column, 11);
    {
        char expect[256];
        snprintf(expect, sizeof expect,
                 "%s:7:11: contract.period must be longer than zero", sup);
        assert_string_equal(err.message, expect);
    }
    privpol_policy_free(p);
    assert_non_null(f = fopen(path, "w"));
    fputs("privpol-policy: 1\nid: x\n", f);
    fclose(f);
    assert_int_equal(privpol_policy_load(path, NULL, &p, &err), PRIVPOL_EPARSE);
    assert_non_null(strstr(err.message, path));
    assert_non_null(
        strstr(err.message, ":1:1: the policy: missing required key 'version'"));
    assert_int_equal(privpol_policy_load(dir, NULL, &p, &err), PRIVPOL_EIO);
    unlink(path);
    unlink(sup);
    rmdir(dir);
}

static void
written_policy_reads_back(void **state)
{
    privpol_policy *base = load_default(), *p = NULL, *back = NULL;
    privpol_error err;
    char *yaml, *yaml2, *json, *json2;
    (void)state;
    /* the default: YAML back to the same YAML, and the same JSON */
    yaml = write_policy(base, PRIVPOL_POLICY_YAML);
    json = write_policy(base, PRIVPOL_POLICY_JSON);
    assert_int_equal(parse(yaml, &back, &err), PRIVPOL_OK);
    yaml2 = write_policy(back, PRIVPOL_POLICY_YAML);
    json2 = write_policy(back, PRIVPOL_POLICY_JSON);
    assert_string_equal(yaml, yaml2);
    assert_string_equal(json, json2);
    assert_int_equal(json[0], '{');
    assert_string_equal(json + strlen(json) - 2, "}\n");
    assert_non_null(strstr(json, "\"privpol-policy\": 1,"));
    assert_non_null(strstr(json, "\"countries\": [\"AT\""));
    assert_non_null(strstr(yaml, "\"NO\"]")); /* quoted for YAML 1.1 readers */
    /* transforms: field names quoted (a plain @ is not YAML), the same rules back */
    assert_non_null(
        strstr(yaml, "  event_time: [\"ts\", \"timestamp\", \"@timestamp\","));
    assert_non_null(strstr(json, "\"default\": \"keep\""));
    assert_int_equal(back->transforms.rule_count, base->transforms.rule_count);
    /* vocabularies: after the rules, names and values quoted, the same lookups back */
    assert_non_null(strstr(yaml, "  vocabularies:\n    - id: device_types\n"
                                 "      fields: [\"device\", \"device_type\"]\n"
                                 "      values: [\"mobile\", \"desktop\", "));
    assert_non_null(strstr(json, "\"vocabularies\": [\n"));
    assert_int_equal(back->transforms.vocabulary_count,
                     base->transforms.vocabulary_count);
    assert_true(
        privpol_policy_vocabulary_match(back, "events[0].action", 16, "abandon", 7));
    assert_true(privpol_policy_vocabulary_match(back, "journey[2]", 10, "faq/5g", 6));
    expect_transform(back, CTRL, "statistics", "connection.ip_address",
                     PRIVPOL_ACTION_GENERALIZE, 0, "statistics_generalized",
                     "§7.3, §7.8");
    privpol_policy_free(back);
    free(yaml);
    free(yaml2);
    free(json);
    free(json2);
    /* a supplemented policy: written as one policy for the tenant, read back the same */
    assert_int_equal(supplement(base, acme, &p, &err), PRIVPOL_OK);
    yaml = write_policy(p, PRIVPOL_POLICY_YAML);
    json = write_policy(p, PRIVPOL_POLICY_JSON);
    assert_non_null(strstr(yaml, "tenant: acme"));
    assert_non_null(strstr(yaml, "enabled_by: \"ACME DPA annex 2 §3\""));
    if (parse(yaml, &back, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu %s", err.line, err.column, err.message);
    json2 = write_policy(back, PRIVPOL_POLICY_JSON);
    assert_string_equal(json, json2);
    assert_string_equal(privpol_policy_tenant(back), "acme");
    assert_true(back->contract.present);
    /* the tenant's transforms rules come first, as in the supplemented policy */
    assert_non_null(strstr(yaml, "  rules:\n    # from the tenant's supplement\n"
                                 "    - id: acme_store_area\n"));
    assert_string_equal(back->transforms.rules[0].id, "acme_store_area");
    expect_transform(back, PROC, "interactive_interfaces", "terminal.msisdn",
                     PRIVPOL_ACTION_REDACT, 0, "acme_msisdn_redacted", "ACME DPA §7.2");
    privpol_policy_free(back);
    privpol_policy_free(p);
    privpol_policy_free(base);
    free(yaml);
    free(json);
    free(json2);
}

static int
failing_writer(const char *data, size_t len, void *payload)
{
    size_t *budget = payload;
    (void)data;
    if (len > *budget)
        return 1;
    *budget -= len;
    return 0;
}

static void
write_errors(void **state)
{
    privpol_policy *p = load_default();
    size_t budget = 1000;
    (void)state;
    assert_int_equal(
        privpol_policy_write(p, PRIVPOL_POLICY_YAML, failing_writer, &budget, NULL),
        PRIVPOL_EIO);
    assert_int_equal(
        privpol_policy_write(p, (privpol_policy_format)7, failing_writer, &budget, NULL),
        PRIVPOL_EINVAL);
    assert_int_equal(
        privpol_policy_write(NULL, PRIVPOL_POLICY_YAML, failing_writer, &budget, NULL),
        PRIVPOL_EINVAL);
    assert_int_equal(privpol_policy_write(p, PRIVPOL_POLICY_JSON, NULL, NULL, NULL),
                     PRIVPOL_EINVAL);
    privpol_policy_free(p);
}

static void
names_and_accessors(void **state)
{
    privpol_role role;
    privpol_subject subject;
    privpol_operation op;
    privpol_recipient rcp;
    privpol_safeguard sg;
    privpol_policy *p = load_default();
    size_t index;
    (void)state;
    assert_string_equal(privpol_role_name(PRIVPOL_ROLE_CONTROLLER), "controller");
    assert_null(privpol_role_name((privpol_role)9));
    assert_int_equal(privpol_role_from_name("processor", &role, NULL), PRIVPOL_OK);
    assert_int_equal(role, PRIVPOL_ROLE_PROCESSOR);
    assert_int_equal(privpol_role_from_name("boss", &role, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_role_from_name("boss", NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_role_from_name(NULL, &role, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_subject_from_name("website_visitor", &subject, NULL), PRIVPOL_OK);
    assert_int_equal(subject, PRIVPOL_SUBJECT_WEBSITE_VISITOR);
    assert_string_equal(privpol_subject_name(PRIVPOL_SUBJECT_END_USER), "end_user");
    for (unsigned i = 0; i < PRIVPOL__OPERATION_COUNT; i++) {
        assert_int_equal(privpol_operation_from_name(privpol_operation_name(i), &op, NULL),
                         PRIVPOL_OK);
        assert_int_equal(op, i);
    }
    assert_string_equal(privpol_operation_name(PRIVPOL_OP_LAUNCH_APP), "launch_app");
    assert_int_equal(privpol_recipient_from_name("internal_staff", &rcp, NULL), PRIVPOL_OK);
    assert_int_equal(rcp, PRIVPOL_RECIPIENT_INTERNAL_STAFF);
    assert_null(privpol_recipient_name((privpol_recipient)8));
    assert_int_equal(privpol_safeguard_from_name("bcr", &sg, NULL), PRIVPOL_OK);
    assert_int_equal(sg, PRIVPOL_SAFEGUARD_BCR);
    assert_string_equal(privpol_safeguard_name(PRIVPOL_SAFEGUARD_NONE), "none");
    assert_int_equal(privpol_safeguard_from_name("SCC", &sg, NULL), PRIVPOL_ENOTFOUND);
    /* accessors at the edges */
    assert_null(privpol_policy_id(NULL));
    assert_null(privpol_policy_tenant(NULL));
    assert_int_equal(privpol_policy_purpose_count(NULL), 0);
    assert_null(privpol_policy_purpose_id(p, 12));
    assert_null(privpol_policy_purpose_clause(p, 99));
    assert_int_equal(privpol_policy_purpose_categories(p, 12), 0);
    assert_int_equal(privpol_policy_purpose_role(p, 12, &role, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_policy_purpose_role(p, 0, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_policy_purpose_find(p, "nope", &index, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_policy_purpose_find(NULL, "nope", &index, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_policy_categories(p, (privpol_role)5), 0);
    assert_int_equal(privpol_policy_parse("", 0, NULL, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_policy_supplement(p, "", 0, NULL, NULL), PRIVPOL_EINVAL);
    privpol_policy_free(NULL);
    privpol_policy_free(p);
}

/* ---- the context ------------------------------------------------------------------- */

static void
context_takes_the_policy(void **state)
{
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_ctx *ctx = NULL;
    privpol_policy *base = load_default(), *p = NULL;
    privpol_period period;
    privpol_error err;
    privpol_period_rule rule = {PRIVPOL_CAT_TERMINAL_MSISDN, PRIVPOL_PERIOD_YEAR};
    (void)state;
    /* no policy: the embedded default */
    assert_int_equal(privpol_ctx_new(NULL, &ctx, &err), PRIVPOL_OK);
    assert_string_equal(privpol_policy_id(privpol_ctx_policy(ctx)),
                        "dialonce-privacy-policy");
    assert_null(privpol_policy_tenant(privpol_ctx_policy(ctx)));
    privpol_ctx_free(ctx);
    assert_null(privpol_ctx_policy(NULL));
    assert_null(o.policy);

    /* a supplemented policy with a rotation for IP addresses; freed right away */
    assert_int_equal(supplement(base, acme, &p, &err), PRIVPOL_OK);
    privpol_policy_free(base);
    o.policy = p;
    o.default_period = PRIVPOL_PERIOD_MONTH;
    o.periods = &rule;
    o.periods_len = 1;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_OK);
    privpol_policy_free(p);
    assert_string_equal(privpol_policy_tenant(privpol_ctx_policy(ctx)), "acme");
    assert_int_equal(privpol_ctx_period(ctx, PRIVPOL_CAT_CONNECTION_IP_ADDRESS, &period, NULL),
                     PRIVPOL_OK);
    assert_int_equal(period, PRIVPOL_PERIOD_DAY); /* the policy's */
    assert_int_equal(privpol_ctx_period(ctx, PRIVPOL_CAT_TERMINAL_MSISDN, &period, NULL), PRIVPOL_OK);
    assert_int_equal(period, PRIVPOL_PERIOD_YEAR); /* options.periods wins */
    assert_int_equal(privpol_ctx_period(ctx, PRIVPOL_CAT_USAGE_EVENT, &period, NULL), PRIVPOL_OK);
    assert_int_equal(period, PRIVPOL_PERIOD_MONTH); /* the default period */
    privpol_ctx_free(ctx);

    /* an options version this library does not know */
    {
        privpol_ctx_options v9 = PRIVPOL_CTX_OPTIONS_INIT;
        v9.version = PRIVPOL_CTX_OPTIONS_VERSION + 1;
        assert_int_equal(privpol_ctx_new(&v9, &ctx, &err), PRIVPOL_EVERSION);
        assert_null(ctx);
    }
}

static void
context_checks_the_policy(void **state)
{
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_ctx *ctx = NULL;
    privpol_policy *p = NULL;
    privpol_error err;
    char *t;
    (void)state;
    /* the controller may reveal under the default */
    o.role = PRIVPOL_ROLE_CONTROLLER;
    o.flags = PRIVPOL_CTX_ALLOW_REVEAL;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_OK);
    privpol_ctx_free(ctx);
    /* not under a policy that denies it */
    t = mutate("    clause: \"§7.6, §11\"\n    allowed: [reveal]",
               "    clause: \"§7.6, §11\"\n    denied: [reveal]");
    assert_int_equal(parse(t, &p, &err), PRIVPOL_OK);
    free(t);
    o.policy = p;
    assert_int_equal(privpol_ctx_new(&o, &ctx, &err), PRIVPOL_EDENIED);
    assert_null(ctx);
    assert_non_null(strstr(err.message, "does not allow the controller to reveal"));
    privpol_policy_free(p);
}

/* ---- allocation failures ----------------------------------------------------------- */

struct counting {
    long left; /* allocations still allowed; -1: no limit */
    long live;
};

static void *
c_alloc(size_t n, void *opaque)
{
    struct counting *c = opaque;
    void *p;
    if (c->left == 0)
        return NULL;
    if (c->left > 0)
        c->left--;
    if ((p = malloc(n)) != NULL)
        c->live++;
    return p;
}

static void *
c_realloc(void *ptr, size_t n, void *opaque)
{
    (void)opaque;
    return realloc(ptr, n);
}

static void
c_free(void *p, void *opaque)
{
    struct counting *c = opaque;
    c->live--;
    free(p);
}

static void
allocation_failures_are_clean(void **state)
{
    struct counting c = {-1, 0};
    privpol_allocator a = {c_alloc, c_realloc, c_free, &c};
    privpol_policy *p = NULL, *s = NULL;
    privpol_error err;
    long n;
    (void)state;
    /* every allocation of parsing the default, and of layering a supplement, may fail */
    for (n = 0;; n++) {
        privpol_status st;
        c.left = n;
        st = privpol_policy_default(&a, &p, &err);
        if (st == PRIVPOL_OK)
            break;
        assert_int_equal(st, PRIVPOL_ENOMEM);
        assert_null(p);
        assert_int_equal(c.live, 0);
    }
    assert_true(n > 0);
    for (n = 0;; n++) {
        privpol_status st;
        c.left = n;
        st = supplement(p, acme, &s, &err);
        if (st == PRIVPOL_OK)
            break;
        assert_int_equal(st, PRIVPOL_ENOMEM);
        assert_null(s);
    }
    c.left = -1;
    privpol_policy_free(p);
    privpol_policy_free(s);
    assert_int_equal(c.live, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_parses_and_validates),
        cmocka_unit_test(embedded_text_is_the_repository_file),
        cmocka_unit_test(default_cites_every_seed_clause),
        cmocka_unit_test(default_model_encodes_the_seed),
        cmocka_unit_test(yaml_errors_have_line_and_column),
        cmocka_unit_test(huge_text_is_refused),
        cmocka_unit_test(structure_errors),
        cmocka_unit_test(contradictions_are_refused),
        cmocka_unit_test(valid_variants_load),
        cmocka_unit_test(supplement_adds_terms),
        cmocka_unit_test(small_supplements_load),
        cmocka_unit_test(loosening_is_refused),
        cmocka_unit_test(base_terms_bind_supplements),
        cmocka_unit_test(default_transforms),
        cmocka_unit_test(time_fields_and_action_names),
        cmocka_unit_test(transform_errors),
        cmocka_unit_test(transform_variants_load),
        cmocka_unit_test(supplement_transforms),
        cmocka_unit_test(supplement_transforms_never_loosen),
        cmocka_unit_test(default_vocabularies),
        cmocka_unit_test(vocabulary_errors),
        cmocka_unit_test(vocabulary_bounds),
        cmocka_unit_test(supplement_vocabularies),
        cmocka_unit_test(files_load_and_name_themselves),
        cmocka_unit_test(written_policy_reads_back),
        cmocka_unit_test(write_errors),
        cmocka_unit_test(names_and_accessors),
        cmocka_unit_test(context_takes_the_policy),
        cmocka_unit_test(context_checks_the_policy),
        cmocka_unit_test(allocation_failures_are_clean),
    };
    return cmocka_run_group_tests_name("policy", tests, read_acme, free_acme);
}
