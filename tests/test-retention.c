/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "policy-model.h"
#include "support.h"

struct fixture {
    privpol_policy *base; /* the embedded default */
    privpol_policy *acme; /* the default with tests/policy/acme-supplement.yaml: contract
                             period P13M, contract end 2027-12-31 */
};

static int
load_policies(void **state)
{
    static struct fixture f;
    f.base = support_policy_default();
    f.acme = support_supplement_file(f.base, SUPPORT_ACME_SUPPLEMENT);
    *state = &f;
    return 0;
}

static int
free_policies(void **state)
{
    struct fixture *f = *state;
    privpol_policy_free(f->acme);
    privpol_policy_free(f->base);
    return 0;
}

/* privpol_retention_compute() under a context of `policy`: *u, *a and explanation
 * (PRIVPOL_RETENTION_EXPLANATION_SIZE bytes, may be NULL) from the result. */
static privpol_status
retain(const privpol_policy *policy, privpol_role role, const char *purpose,
       privpol_category category, int64_t collected, const privpol_retention_terms *terms,
       int64_t *u, privpol_retention_action *a, char *explanation)
{
    privpol_ctx *ctx = support_ctx_policy(policy);
    privpol_retention_request req = PRIVPOL_RETENTION_REQUEST_INIT;
    privpol_retention out = PRIVPOL_RETENTION_INIT;
    privpol_error err;
    privpol_status st;
    req.role = role;
    req.purpose = purpose;
    req.category = category;
    req.collected_at = collected;
    req.terms = terms;
    st = privpol_retention_compute(ctx, &req, &out, &err);
    privpol_ctx_free(ctx);
    if (st != PRIVPOL_OK) {
        /* every failure says why, and leaves a cleared result */
        assert_int_equal(err.status, st);
        assert_true(err.message[0] != '\0');
        assert_int_equal(out.until, 0);
        assert_string_equal(out.explanation, "");
        assert_string_equal(out.clause, "");
    } else {
        assert_true(out.clause != NULL && out.clause[0] != '\0');
        assert_non_null(strstr(out.explanation, out.rule_id));
    }
    *u = out.until;
    if (a != NULL)
        *a = out.action;
    if (explanation != NULL)
        memcpy(explanation, out.explanation, sizeof out.explanation);
    return st;
}

/* Compute and check the result; returns the clause text (static buffer). */
static const char *
expect(const privpol_policy *policy, privpol_role role, const char *purpose,
       const char *category, const char *collected, const privpol_retention_terms *terms,
       const char *until, privpol_retention_action action)
{
    static char clause[PRIVPOL_RETENTION_EXPLANATION_SIZE];
    char text[PRIVPOL_TIME_TEXT_SIZE];
    privpol_retention_action a = (privpol_retention_action)99;
    int64_t u = -1;
    privpol_status st = retain(policy, role, purpose, support_category(category),
                               support_at(collected), terms, &u, &a, clause);
    if (st != PRIVPOL_OK)
        fail_msg("%s/%s: %s", purpose, category, privpol_strerror(st));
    assert_int_equal(privpol_time_format(u, text, &(size_t){sizeof text}, NULL), PRIVPOL_OK);
    if (strcmp(text, until) != 0)
        fail_msg("%s/%s: %s, expected %s (%s)", purpose, category, text, until, clause);
    assert_int_equal(a, action);
    assert_true(strlen(clause) > 0);
    return clause;
}

static privpol_status
compute(const privpol_policy *policy, privpol_role role, const char *purpose,
        const char *category, int64_t collected, const privpol_retention_terms *terms)
{
    int64_t u = -1;
    return retain(policy, role, purpose, support_category(category), collected, terms, &u,
                  NULL, NULL);
}

#define P PRIVPOL_ROLE_PROCESSOR
#define C PRIVPOL_ROLE_CONTROLLER
#define ERASE PRIVPOL_RETENTION_ERASE
#define ANON PRIVPOL_RETENTION_ANONYMIZE

/* ---- processor data: the contract's period, never past its end (§10.1) ---------- */

static void
contract_period_from_request(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    const char *clause;
    t.has_contract_period = true;
    t.contract_period = support_duration("P90D");
    clause = expect(f->base, P, "interaction_digitization", "connection.ip_address",
                    "2025-01-10T08:00:00Z", &t, "2025-04-10T08:00:00Z", ERASE);
    assert_non_null(strstr(clause, "§10.1"));
    assert_non_null(strstr(clause, "processor_contract"));
    assert_non_null(strstr(clause, "P90D"));
    assert_non_null(strstr(clause, "request"));
}

static void
contract_period_month_end(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    t.has_contract_period = true;
    t.contract_period = support_duration("P1M");
    /* Reg. 1182/71 through privpol_time_add: 31 January + 1 month = end of February. */
    expect(f->base, P, "customer_analytics", "usage.journey", "2025-01-31T10:00:00Z", &t,
           "2025-02-28T10:00:00Z", ERASE);
    expect(f->base, P, "customer_analytics", "usage.journey", "2024-01-31T10:00:00Z", &t,
           "2024-02-29T10:00:00Z", ERASE);
    t.contract_period = support_duration("P1Y");
    expect(f->base, P, "customer_analytics", "usage.journey", "2024-02-29T00:00:00Z", &t,
           "2025-02-28T00:00:00Z", ERASE);
}

static void
contract_end_caps(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    const char *clause;
    t.has_contract_period = true;
    t.contract_period = support_duration("P2Y");
    t.has_contract_end = true;
    t.contract_end = support_at("2026-06-30T00:00:00Z");
    clause = expect(f->base, P, "interactive_interfaces", "terminal.msisdn",
                    "2025-03-01T00:00:00Z", &t, "2026-06-30T00:00:00Z", ERASE);
    assert_non_null(strstr(clause, "capped at the contract's end 2026-06-30T00:00:00Z"));
    /* The end is later than the period: the period decides. */
    t.contract_end = support_at("2030-01-01T00:00:00Z");
    clause = expect(f->base, P, "interactive_interfaces", "terminal.msisdn",
                    "2025-03-01T00:00:00Z", &t, "2027-03-01T00:00:00Z", ERASE);
    assert_null(strstr(clause, "capped"));
    /* Collected after the contract ended: due at once, never before collection. */
    t.contract_end = support_at("2024-01-01T00:00:00Z");
    expect(f->base, P, "interactive_interfaces", "terminal.msisdn", "2025-03-01T00:00:00Z",
           &t, "2025-03-01T00:00:00Z", ERASE);
}

static void
supplement_terms_used(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    const char *clause;
    /* No terms in the request: the supplement's P13M and end 2027-12-31. */
    clause = expect(f->acme, P, "interaction_digitization", "usage.event",
                    "2025-01-31T12:00:00Z", NULL, "2026-02-28T12:00:00Z", ERASE);
    assert_non_null(strstr(clause, "P13M"));
    assert_non_null(strstr(clause, "ACME DPA §9"));
    clause = expect(f->acme, P, "interaction_digitization", "usage.event",
                    "2027-06-01T00:00:00Z", NULL, "2027-12-31T00:00:00Z", ERASE);
    assert_non_null(strstr(clause, "capped at the contract's end"));
    assert_non_null(strstr(clause, "ACME DPA §9"));
    /* A request cannot keep data longer than the tenant's contract: the earlier wins. */
    t.has_contract_period = true;
    t.contract_period = support_duration("P5Y");
    expect(f->acme, P, "interaction_digitization", "usage.event", "2025-01-31T12:00:00Z", &t,
           "2026-02-28T12:00:00Z", ERASE);
    t.contract_period = support_duration("P6M");
    clause = expect(f->acme, P, "interaction_digitization", "usage.event",
                    "2025-01-31T12:00:00Z", &t, "2025-07-31T12:00:00Z", ERASE);
    assert_non_null(strstr(clause, "request"));
    t.has_contract_end = true;
    t.contract_end = support_at("2028-06-01T00:00:00Z");
    expect(f->acme, P, "interaction_digitization", "usage.event", "2027-12-01T00:00:00Z", &t,
           "2027-12-31T00:00:00Z", ERASE);
}

static void
missing_contract_terms(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    int64_t c = support_at("2025-01-01T00:00:00Z");
    assert_int_equal(compute(f->base, P, "interaction_digitization", "usage.event", c, NULL),
                     PRIVPOL_ETERMS);
    assert_int_equal(compute(f->base, P, "interaction_digitization", "usage.event", c, &t),
                     PRIVPOL_ETERMS);
    /* An end alone is not the period the contract fixes. */
    t.has_contract_end = true;
    t.contract_end = support_at("2026-01-01T00:00:00Z");
    assert_int_equal(compute(f->base, P, "interaction_digitization", "usage.event", c, &t),
                     PRIVPOL_ETERMS);
    /* Nor does a legal hold make the record's own date known. */
    t.has_legal_hold = true;
    t.legal_hold_until = support_at("2030-01-01T00:00:00Z");
    assert_int_equal(compute(f->base, P, "interaction_digitization", "usage.event", c, &t),
                     PRIVPOL_ETERMS);
    /* user-provided data with `period: contract` needs it too */
    assert_int_equal(
        compute(f->base, P, "interactive_interfaces", "user_provided.free_text", c, NULL),
        PRIVPOL_ETERMS);
    assert_string_equal(privpol_strerror(PRIVPOL_ETERMS), "contract terms missing");
}

/* ---- controller account data: the relationship's end + period (§10.2) ------------ */

static void
relationship(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    const char *clause;
    t.has_relationship_end = true;
    t.relationship_end = support_at("2026-09-30T17:00:00Z");
    clause = expect(f->base, C, "service_provision", "contact.email", "2024-05-01T00:00:00Z",
                    &t, "2026-09-30T17:00:00Z", ERASE);
    assert_non_null(strstr(clause, "§10.2"));
    assert_non_null(strstr(clause, "controller_account"));
    assert_non_null(strstr(clause, "relationship"));
    expect(f->base, C, "account_communication", "identity.name", "2024-05-01T00:00:00Z", &t,
           "2026-09-30T17:00:00Z", ERASE);
    assert_int_equal(compute(f->base, C, "user_support", "contact.phone",
                             support_at("2024-05-01T00:00:00Z"), NULL),
                     PRIVPOL_ETERMS);
    /* Contract terms do not stand in for the relationship. */
    t = (privpol_retention_terms)PRIVPOL_RETENTION_TERMS_INIT;
    t.has_contract_period = true;
    t.contract_period = support_duration("P1Y");
    assert_int_equal(compute(f->base, C, "user_support", "contact.phone",
                             support_at("2024-05-01T00:00:00Z"), &t),
                     PRIVPOL_ETERMS);
}

/* ---- user-provided data: until changed or deleted, or the period's end (§7.7) ---- */

static void
user_provided(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    const char *clause;
    t.has_contract_period = true;
    t.contract_period = support_duration("P6M");
    clause = expect(f->base, P, "interactive_interfaces", "user_provided.free_text",
                    "2025-08-31T09:00:00Z", &t, "2026-02-28T09:00:00Z", ERASE);
    assert_non_null(strstr(clause, "§7.7"));
    assert_non_null(strstr(clause, "processor_user_provided"));
    assert_non_null(strstr(clause, "until changed or deleted"));
    t.has_changed_at = true;
    t.changed_at = support_at("2025-10-01T12:00:00Z");
    clause = expect(f->base, P, "interactive_interfaces", "user_provided.free_text",
                    "2025-08-31T09:00:00Z", &t, "2025-10-01T12:00:00Z", ERASE);
    assert_non_null(strstr(clause, "changed or deleted by the subject at 2025-10-01"));
    /* A change after the period's end changes nothing. */
    t.changed_at = support_at("2027-01-01T00:00:00Z");
    expect(f->base, P, "interactive_interfaces", "user_provided.free_text",
           "2025-08-31T09:00:00Z", &t, "2026-02-28T09:00:00Z", ERASE);
    /* Survey answers under the supplement's contract, capped at its end. */
    expect(f->acme, P, "customer_analytics", "user_provided.survey", "2027-03-15T00:00:00Z",
           NULL, "2027-12-31T00:00:00Z", ERASE);
}

/* ---- statistics: anonymize at once (§7.3) --------------------------------------- */

static void
statistics_anonymize_now(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    const char *clause;
    clause = expect(f->base, C, "statistics", "cookie.id", "2025-05-05T05:05:05Z", NULL,
                    "2025-05-05T05:05:05Z", ANON);
    assert_non_null(strstr(clause, "§7.3"));
    assert_non_null(strstr(clause, "anonymize"));
    /* A legal hold keeps it as it is, longer; it is still anonymized then. */
    t.has_legal_hold = true;
    t.legal_hold_until = support_at("2026-01-01T00:00:00Z");
    expect(f->base, C, "statistics", "usage.event", "2025-05-05T05:05:05Z", &t,
           "2026-01-01T00:00:00Z", ANON);
}

static void
fixed_periods(void **state)
{
    struct fixture *f = *state;
    const char *clause;
    clause = expect(f->base, C, "audience_analytics", "cookie.id", "2025-01-31T00:00:00Z",
                    NULL, "2026-02-28T00:00:00Z", ERASE);
    assert_non_null(strstr(clause, "controller_trackers"));
    assert_non_null(strstr(clause, "P13M"));
    expect(f->base, C, "prospecting", "contact.email", "2024-02-29T10:00:00Z", NULL,
           "2027-02-28T10:00:00Z", ERASE);
    expect(f->base, C, "security_logging", "connection.ip_address", "2025-08-31T00:00:00Z",
           NULL, "2026-02-28T00:00:00Z", ERASE);
}

/* ---- legal hold (§15) ----------------------------------------------------------- */

static void
legal_hold(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    const char *clause;
    t.has_legal_hold = true;
    t.legal_hold_until = support_at("2030-06-30T00:00:00Z");
    clause = expect(f->base, C, "prospecting", "contact.email", "2025-01-01T00:00:00Z", &t,
                    "2030-06-30T00:00:00Z", ERASE);
    assert_non_null(strstr(clause, "controller_prospecting"));
    assert_non_null(strstr(clause, "legal hold until 2030-06-30T00:00:00Z (§15)"));
    /* It extends past the contract's end too: explicitly. */
    clause = expect(f->acme, P, "interaction_digitization", "usage.event",
                    "2027-06-01T00:00:00Z", &t, "2030-06-30T00:00:00Z", ERASE);
    assert_non_null(strstr(clause, "capped"));
    assert_non_null(strstr(clause, "legal hold"));
    /* A hold that ends earlier changes nothing and is not cited. */
    t.legal_hold_until = support_at("2025-02-01T00:00:00Z");
    clause = expect(f->base, C, "prospecting", "contact.email", "2025-01-01T00:00:00Z", &t,
                    "2028-01-01T00:00:00Z", ERASE);
    assert_null(strstr(clause, "legal hold"));
}

/* ---- errors ---------------------------------------------------------------------- */

static void
errors(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    int64_t u = 1, c = support_at("2025-01-01T00:00:00Z");
    privpol_category email = support_category("contact.email");

    assert_int_equal(compute(f->base, C, "nope", "contact.email", c, NULL),
                     PRIVPOL_ENOTFOUND);
    /* prospecting is a controller purpose */
    assert_int_equal(compute(f->base, P, "prospecting", "contact.email", c, NULL),
                     PRIVPOL_ENOTFOUND);
    /* a category the purpose does not use */
    assert_int_equal(compute(f->base, C, "prospecting", "cookie.id", c, NULL),
                     PRIVPOL_ENOTFOUND);
    assert_int_equal(retain(f->base, C, "prospecting", (privpol_category)9999, c, NULL, &u,
                            NULL, NULL),
                     PRIVPOL_ENOTFOUND);
    assert_int_equal(retain(f->base, C, NULL, email, c, NULL, &u, NULL, NULL), PRIVPOL_EINVAL);
    {
        privpol_ctx *ctx = support_ctx_policy(f->base);
        privpol_retention_request req = PRIVPOL_RETENTION_REQUEST_INIT;
        privpol_retention out = PRIVPOL_RETENTION_INIT;
        privpol_error err;
        req.role = C;
        req.purpose = "prospecting";
        req.category = email;
        req.collected_at = c;
        assert_int_equal(privpol_retention_compute(NULL, &req, &out, &err), PRIVPOL_EINVAL);
        assert_int_equal(privpol_retention_compute(ctx, NULL, &out, &err), PRIVPOL_EINVAL);
        assert_int_equal(privpol_retention_compute(ctx, &req, NULL, &err), PRIVPOL_EINVAL);
        assert_int_equal(privpol_retention_compute(ctx, &req, &out, NULL), PRIVPOL_OK);
        assert_int_equal(out.until, support_at("2028-01-01T00:00:00Z"));
        assert_string_equal(out.rule_id, "controller_prospecting");
        /* versions: of the request and of the result */
        req.version = 0;
        assert_int_equal(privpol_retention_compute(ctx, &req, &out, &err), PRIVPOL_EVERSION);
        req.version = PRIVPOL_RETENTION_REQUEST_VERSION;
        out.version = 99;
        assert_int_equal(privpol_retention_compute(ctx, &req, &out, &err), PRIVPOL_EVERSION);
        assert_non_null(strstr(err.message, "version"));
        /* an unknown purpose is named */
        out.version = PRIVPOL_RETENTION_VERSION;
        req.purpose = "nope";
        assert_int_equal(privpol_retention_compute(ctx, &req, &out, &err), PRIVPOL_ENOTFOUND);
        assert_string_equal(err.message, "unknown purpose id 'nope'");
        privpol_retention_request_init(&req);
        assert_int_equal(req.version, PRIVPOL_RETENTION_REQUEST_VERSION);
        privpol_retention_init(&out);
        assert_int_equal(out.version, PRIVPOL_RETENTION_VERSION);
        privpol_retention_request_init(NULL);
        privpol_retention_init(NULL);
        privpol_ctx_free(ctx);
    }
    t.version = 99;
    assert_int_equal(compute(f->base, C, "prospecting", "contact.email", c, &t),
                     PRIVPOL_EVERSION);
    t = (privpol_retention_terms)PRIVPOL_RETENTION_TERMS_INIT;
    t.has_contract_period = true;
    t.contract_period.days = -1;
    assert_int_equal(compute(f->base, P, "interaction_digitization", "usage.event", c, &t),
                     PRIVPOL_EINVAL);
    /* out of range: collection, and a result after 9999 */
    assert_int_equal(compute(f->base, C, "prospecting", "contact.email", INT64_MAX, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(compute(f->base, C, "prospecting", "contact.email",
                             support_at("9998-01-01T00:00:00Z"), NULL),
                     PRIVPOL_EINVAL);
    privpol_retention_terms_init(&t);
    assert_int_equal(t.version, PRIVPOL_RETENTION_TERMS_VERSION);
    assert_false(t.has_contract_period || t.has_contract_end || t.has_relationship_end ||
                 t.has_changed_at || t.has_legal_hold);
    privpol_retention_terms_init(NULL);
}

/* Every (purpose, category) the default policy allows has a date: with full terms,
 * never an error, never before collection. */
static void
every_rule_of_the_default(void **state)
{
    struct fixture *f = *state;
    privpol_retention_terms t = PRIVPOL_RETENTION_TERMS_INIT;
    int64_t c = support_at("2025-01-31T00:00:00Z"), u;
    size_t n = 0;
    t.has_contract_period = true;
    t.contract_period = support_duration("P1Y");
    t.has_relationship_end = true;
    t.relationship_end = support_at("2026-01-31T00:00:00Z");
    for (size_t p = 0; p < privpol_policy_purpose_count(f->base); p++) {
        uint64_t cats = privpol_policy_purpose_categories(f->base, p);
        privpol_role role;
        assert_int_equal(privpol_policy_purpose_role(f->base, p, &role, NULL), PRIVPOL_OK);
        for (size_t k = 0; k < 64; k++) {
            if (!(cats >> k & 1u))
                continue;
            assert_int_equal(retain(f->base, role, privpol_policy_purpose_id(f->base, p),
                                    (privpol_category)k, c, &t, &u, NULL, NULL),
                             PRIVPOL_OK);
            assert_true(u >= c);
            assert_true(u <= support_at("2028-01-31T00:00:00Z"));
            n++;
        }
    }
    assert_true(n > 40);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(contract_period_from_request),
        cmocka_unit_test(contract_period_month_end),
        cmocka_unit_test(contract_end_caps),
        cmocka_unit_test(supplement_terms_used),
        cmocka_unit_test(missing_contract_terms),
        cmocka_unit_test(relationship),
        cmocka_unit_test(user_provided),
        cmocka_unit_test(statistics_anonymize_now),
        cmocka_unit_test(fixed_periods),
        cmocka_unit_test(legal_hold),
        cmocka_unit_test(errors),
        cmocka_unit_test(every_rule_of_the_default),
    };
    return cmocka_run_group_tests_name("retention", tests, load_policies, free_policies);
}
