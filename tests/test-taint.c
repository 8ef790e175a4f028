/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "policy-model.h"
#include "support.h"

#define N PRIVPOL_NON_IDENTIFIABLE
#define S PRIVPOL_PSEUDONYMOUS
#define P PRIVPOL_PERSONAL

static int
load_policy(void **state)
{
    support_ctx_args a = SUPPORT_CTX_ARGS_INIT;
    a.allocator = &support_counting;
    *state = support_ctx(&a);
    return 0;
}

static int
free_policy(void **state)
{
    privpol_ctx_free(*state);
    return 0;
}

/* The level of a record made of the given categories (NULL-terminated), checking the
 * rule that decided. */
static void
record(void **state, const char *const *cats, bool reid, privpol_identifiability expected,
       const char *rule, const char *clause)
{
    privpol_taint t;
    privpol_identifiability l = (privpol_identifiability)99;
    const char *r = NULL, *c = NULL;
    assert_int_equal(privpol_taint_init(&t, privpol_ctx_policy(*state), NULL), PRIVPOL_OK);
    for (; *cats != NULL; cats++)
        assert_int_equal(privpol_taint_add_category(&t, support_category(*cats), NULL),
                         PRIVPOL_OK);
    if (reid)
        assert_int_equal(privpol_taint_add_reidentification_material(&t, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
    assert_int_equal(l, expected);
    assert_non_null(r);
    assert_non_null(c);
    assert_string_equal(r, rule);
    if (clause != NULL)
        assert_string_equal(c, clause);
    assert_true(strlen(c) > 0);
}

#define REC(...) ((const char *const[]){__VA_ARGS__, NULL})

static void
join_table(void **state)
{
    static const privpol_identifiability lv[] = {N, S, P};
    static const privpol_identifiability expected[3][3] = {
        {N, S, P}, {S, S, P}, {P, P, P}};
    (void)state;
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) {
            assert_int_equal(privpol_identifiability_combine(lv[a], lv[b]), expected[a][b]);
            /* a join: commutative, idempotent */
            assert_int_equal(privpol_identifiability_combine(lv[b], lv[a]), expected[a][b]);
            assert_int_equal(privpol_identifiability_combine(lv[a], lv[a]), lv[a]);
        }
    /* out of the enum: fail closed */
    assert_int_equal(privpol_identifiability_combine((privpol_identifiability)7, N), P);
    assert_int_equal(privpol_identifiability_combine(N, (privpol_identifiability)-1), P);
}

static void
names(void **state)
{
    privpol_identifiability l;
    (void)state;
    assert_string_equal(privpol_identifiability_name(N), "non_identifiable");
    assert_string_equal(privpol_identifiability_name(S), "pseudonymous");
    assert_string_equal(privpol_identifiability_name(P), "personal");
    assert_null(privpol_identifiability_name((privpol_identifiability)3));
    assert_int_equal(privpol_identifiability_from_name("pseudonymous", &l, NULL), PRIVPOL_OK);
    assert_int_equal(l, S);
    assert_int_equal(privpol_identifiability_from_name("Personal", &l, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_identifiability_from_name(NULL, &l, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_identifiability_from_name("personal", NULL, NULL), PRIVPOL_EINVAL);
}

static void
category_defaults(void **state)
{
    record(state, REC("contact.email"), false, P, "contact.email", "§12.1, §7.3");
    record(state, REC("terminal.user_agent"), false, S, "terminal.user_agent", "§12.2");
    record(state, REC("terminal.device_type"), false, N, "terminal.device_type", "§12.2");
    record(state, REC("usage.journey"), false, N, "usage.journey", "§12.2, §9.2");
    record(state, REC("financial.iban"), false, P, "financial.iban", "fail-closed");
    /* the most identifying part decides; the same category twice is once */
    record(state, REC("terminal.device_type", "terminal.user_agent", "terminal.user_agent"),
           false, S, "terminal.user_agent", NULL);
    /* equal levels: the first category in registry order names it */
    record(state, REC("usage.event", "terminal.device_type"), false, N,
           "terminal.device_type", NULL);
}

static void
personal_if_combined(void **state)
{
    /* §7.8: personal + non-identifiable is personal as a whole */
    record(state, REC("non_identifiable.statistic", "contact.email"), false, P,
           "personal_if_combined", "§7.8");
    record(state, REC("connection.ip_address", "usage.event"), false, P,
           "personal_if_combined", "§7.8");
    /* with levels */
    {
        privpol_taint t;
        privpol_identifiability l;
        const char *r, *c;
        assert_int_equal(privpol_taint_init(&t, privpol_ctx_policy(*state), NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_add_level(&t, N, NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_add_level(&t, P, NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
        assert_int_equal(l, P);
        assert_string_equal(r, "personal_if_combined");
        privpol_taint_reset(&t);
        assert_int_equal(privpol_taint_add_level(&t, S, NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_add_category(&t, support_category("usage.event"), NULL),
                         PRIVPOL_OK);
        assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
        assert_int_equal(l, S);
        assert_string_equal(r, "combined_level");
        assert_string_equal(c, "§7.8");
    }
}

static void
reidentification(void **state)
{
    /* §7.6: pseudonymous + the key (or a mapping) is personal */
    record(state, REC("terminal.user_agent"), true, P, "reidentification", "§7.6");
    /* a key with non-identifiable data re-identifies nothing */
    record(state, REC("terminal.device_type"), true, N, "terminal.device_type", NULL);
    /* already personal: the key does not decide */
    record(state, REC("contact.phone"), true, P, "contact.phone", NULL);
    /* a combination made pseudonymous by a rule, then the key */
    record(state, REC("connection.timestamp", "usage.event"), true, P, "reidentification",
           "§7.6");
    {
        privpol_taint t;
        privpol_identifiability l;
        assert_int_equal(privpol_taint_init(&t, privpol_ctx_policy(*state), NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_add_level(&t, S, NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_add_reidentification_material(&t, NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_result(&t, &l, NULL, NULL, NULL), PRIVPOL_OK);
        assert_int_equal(l, P);
    }
}

static void
default_rules(void **state)
{
    /* timestamped_interaction: all_of timestamp, any_of device type, event, journey */
    record(state, REC("connection.timestamp", "terminal.device_type"), false, S,
           "timestamped_interaction", "§7.8, §7.6");
    record(state, REC("usage.journey", "connection.timestamp"), false, S,
           "timestamped_interaction", NULL);
    record(state, REC("connection.timestamp", "usage.event", "usage.journey"), false, S,
           "timestamped_interaction", NULL);
    /* not triggering: a timestamp alone, or the any_of without the timestamp */
    record(state, REC("connection.timestamp"), false, N, "connection.timestamp", NULL);
    record(state, REC("terminal.device_type", "usage.event", "usage.journey"), false, N,
           "terminal.device_type", NULL);
    record(state, REC("connection.timestamp", "non_identifiable.statistic"), false, N,
           "connection.timestamp", NULL);
    /* located_browser: user agent + timestamp + imprecise location: personal */
    record(state, REC("terminal.user_agent", "connection.timestamp", "geolocation.imprecise"),
           false, P, "located_browser", "§7.8");
    /* not triggering: two of the three (pseudonymous parts stay pseudonymous) */
    record(state, REC("terminal.user_agent", "geolocation.imprecise"), false, S,
           "terminal.user_agent", NULL);
    record(state, REC("terminal.user_agent", "connection.timestamp"), false, S,
           "terminal.user_agent", NULL);
    /* a rule that would not raise the level does not decide */
    record(state, REC("connection.timestamp", "usage.event", "contact.email"), false, P,
           "personal_if_combined", NULL);
}

static void
empty_reset_reuse(void **state)
{
    privpol_taint t, u;
    privpol_identifiability l;
    const char *r, *c;
    assert_int_equal(privpol_taint_size(), sizeof(privpol_taint));
    assert_int_equal(sizeof(privpol_taint), PRIVPOL_TAINT_SIZE);
    assert_int_equal(privpol_taint_init(&t, privpol_ctx_policy(*state), NULL), PRIVPOL_OK);
    assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
    assert_int_equal(l, N);
    assert_string_equal(r, "empty");
    for (int round = 0; round < 3; round++) {
        assert_int_equal(
            privpol_taint_add_category(&t, support_category("contact.email"), NULL),
            PRIVPOL_OK);
        assert_int_equal(privpol_taint_add_reidentification_material(&t, NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
        assert_int_equal(l, P);
        privpol_taint_reset(&t);
        assert_int_equal(privpol_taint_add_category(&t, support_category("usage.event"), NULL),
                         PRIVPOL_OK);
        assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
        assert_int_equal(l, N);
        assert_string_equal(r, "usage.event");
        privpol_taint_reset(&t);
    }
    /* a copy is an independent accumulator */
    assert_int_equal(
        privpol_taint_add_category(&t, support_category("terminal.user_agent"), NULL),
        PRIVPOL_OK);
    u = t;
    assert_int_equal(privpol_taint_add_reidentification_material(&u, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_taint_result(&t, &l, NULL, NULL, NULL), PRIVPOL_OK);
    assert_int_equal(l, S);
    assert_int_equal(privpol_taint_result(&u, &l, NULL, NULL, NULL), PRIVPOL_OK);
    assert_int_equal(l, P);
}

static void
errors_fail_closed(void **state)
{
    privpol_taint t;
    privpol_identifiability l;
    const char *r = "x", *c = "x";
    memset(&t, 0, sizeof t);
    /* not set up */
    assert_int_equal(privpol_taint_add_category(&t, 0, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_taint_add_level(&t, N, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_taint_add_reidentification_material(&t, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_EINVAL);
    assert_null(r);
    assert_null(c);
    privpol_taint_reset(&t);
    privpol_taint_reset(NULL);
    assert_int_equal(privpol_taint_init(NULL, privpol_ctx_policy(*state), NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_taint_init(&t, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_taint_add_category(NULL, 0, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_taint_init(&t, privpol_ctx_policy(*state), NULL), PRIVPOL_OK);
    assert_int_equal(privpol_taint_result(&t, NULL, &r, &c, NULL), PRIVPOL_EINVAL);
    /* an unknown category index counts as `unknown`: personal */
    assert_int_equal(privpol_taint_add_category(&t, 4000, NULL), PRIVPOL_ENOTFOUND);
    assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
    assert_int_equal(l, P);
    assert_string_equal(r, "unknown");
    /* a level outside the enum counts as personal */
    privpol_taint_reset(&t);
    assert_int_equal(privpol_taint_add_level(&t, (privpol_identifiability)42, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
    assert_int_equal(l, P);
}

/* Record processing allocates nothing: count the context allocator's calls. */
static void
no_allocation(void **state)
{
    privpol_taint t;
    privpol_identifiability l;
    const char *r, *c;
    size_t before = support_allocations, n = privpol_category_count();
    assert_int_equal(privpol_taint_init(&t, privpol_ctx_policy(*state), NULL), PRIVPOL_OK);
    for (int rec = 0; rec < 1000; rec++) {
        for (size_t k = 0; k < n; k += (size_t)(rec % 5) + 1)
            assert_int_equal(privpol_taint_add_category(&t, k, NULL), PRIVPOL_OK);
        if (rec % 3 == 0)
            assert_int_equal(privpol_taint_add_reidentification_material(&t, NULL), PRIVPOL_OK);
        assert_int_equal(privpol_taint_add_level(&t, (privpol_identifiability)(rec % 3), NULL),
                         PRIVPOL_OK);
        assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
        privpol_taint_reset(&t);
    }
    assert_int_equal(support_allocations, before);
    assert_true(before > 0); /* the hooks are in use: the context allocated through them */
}

/* Rules of a policy with at_least. */
static void
at_least_rule(void **state)
{
    static const char extra[] =
        "    - id: three_of_terminal\n"
        "      clause: \"TEST §1\"\n"
        "      any_of: [terminal.device_type, usage.event, usage.journey, "
        "non_identifiable.statistic]\n"
        "      at_least: 3\n"
        "      level: pseudonymous\n";
    const char *base = privpol_policy_default_text(NULL);
    const char *anchor = strstr(base, "# Processor data serves");
    privpol_policy *pol = NULL;
    privpol_error err;
    privpol_taint t;
    privpol_identifiability l;
    const char *r, *c;
    size_t head;
    char *text;
    (void)state;
    assert_non_null(anchor);
    head = (size_t)(anchor - base);
    text = malloc(head + sizeof extra + strlen(anchor));
    assert_non_null(text);
    memcpy(text, base, head);
    memcpy(text + head, extra, sizeof extra - 1);
    strcpy(text + head + sizeof extra - 1, anchor);
    if (privpol_policy_parse(text, strlen(text), NULL, &pol, &err) != PRIVPOL_OK)
        fail_msg("%zu:%zu: %s", err.line, err.column, err.message);
    free(text);
    assert_int_equal(privpol_taint_init(&t, pol, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_taint_add_category(&t, support_category("usage.event"), NULL),
                     PRIVPOL_OK);
    assert_int_equal(privpol_taint_add_category(&t, support_category("usage.journey"), NULL),
                     PRIVPOL_OK);
    assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
    assert_int_equal(l, N);
    assert_int_equal(
        privpol_taint_add_category(&t, support_category("terminal.device_type"), NULL),
        PRIVPOL_OK);
    assert_int_equal(privpol_taint_result(&t, &l, &r, &c, NULL), PRIVPOL_OK);
    assert_int_equal(l, S);
    assert_string_equal(r, "three_of_terminal");
    assert_string_equal(c, "TEST §1");
    privpol_policy_free(pol);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(join_table),
        cmocka_unit_test(names),
        cmocka_unit_test(category_defaults),
        cmocka_unit_test(personal_if_combined),
        cmocka_unit_test(reidentification),
        cmocka_unit_test(default_rules),
        cmocka_unit_test(empty_reset_reuse),
        cmocka_unit_test(errors_fail_closed),
        cmocka_unit_test(no_allocation),
        cmocka_unit_test(at_least_rule),
    };
    return cmocka_run_group_tests_name("taint", tests, load_policy, free_policy);
}
