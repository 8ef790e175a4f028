/* SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy-model.h"
#include "support.h"

/* ---- fixtures: the three policies of the conformance table ------------------------- */

enum { POL_DEFAULT, POL_ACME, POL_PARTNERS, POL_COUNT };
static const char *const policy_names[POL_COUNT] = {"default", "acme", "partners"};

struct fixture {
    privpol_ctx *ctx[POL_COUNT];
};

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    privpol_policy *base, *acme, *partners;
    char *frag, *mixed;

    assert_non_null(fx);
    base = support_policy_default();
    acme = support_supplement_file(base, SUPPORT_ACME_SUPPLEMENT);
    /* the default policy with named partners of the controller */
    frag = support_read("tests/policy/controller-partners.yaml", NULL);
    mixed = support_replace(privpol_policy_default_text(NULL), "partners: []\n", frag);
    partners = support_policy_parse(mixed);

    fx->ctx[POL_DEFAULT] = support_ctx_policy(base);
    fx->ctx[POL_ACME] = support_ctx_policy(acme);
    fx->ctx[POL_PARTNERS] = support_ctx_policy(partners);
    privpol_policy_free(base); /* the contexts keep their references */
    privpol_policy_free(acme);
    privpol_policy_free(partners);
    free(mixed);
    free(frag);
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    for (int i = 0; i < POL_COUNT; i++)
        privpol_ctx_free(fx->ctx[i]);
    free(fx);
    return 0;
}

/* ---- the conformance table --------------------------------------------------------- */

#define MAX_LIST 16

/* One case's request, with storage for its lists. */
struct req_buf {
    privpol_request req;
    privpol_category cats[MAX_LIST];
    privpol_data_state states[MAX_LIST];
    const char *objections[MAX_LIST];
    const char *restrictions[MAX_LIST];
    char country[3];
};

/* Split a comma-separated list in place; returns the count. */
static size_t
split_list(char *s, const char **items, size_t line)
{
    size_t n = 0;
    for (char *tok = strtok(s, ","); tok != NULL; tok = strtok(NULL, ",")) {
        if (n >= MAX_LIST)
            fail_msg("conformance.tsv:%zu: list too long", line);
        items[n++] = tok;
    }
    return n;
}

static unsigned
flag_of(const char *name, size_t line)
{
    static const struct {
        const char *name;
        unsigned flag;
    } flags[] = {{"consent", PRIVPOL_REQ_CONSENT},
                 {"legal_requirement", PRIVPOL_REQ_LEGAL_REQUIREMENT},
                 {"erasure_requested", PRIVPOL_REQ_ERASURE_REQUESTED},
                 {"contract", PRIVPOL_REQ_CONTRACT},
                 {"adequacy_covered", PRIVPOL_REQ_ADEQUACY_COVERED},
                 {"need_to_know", PRIVPOL_REQ_NEED_TO_KNOW},
                 {"restructuring", PRIVPOL_REQ_RESTRUCTURING}};
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (strcmp(name, flags[i].name) == 0)
            return flags[i].flag;
    fail_msg("conformance.tsv:%zu: unknown flag '%s'", line, name);
    return 0;
}

static privpol_identifiability
level_of(const char *name, size_t line)
{
    if (strcmp(name, "non_identifiable") == 0)
        return PRIVPOL_NON_IDENTIFIABLE;
    if (strcmp(name, "pseudonymous") == 0)
        return PRIVPOL_PSEUDONYMOUS;
    if (strcmp(name, "personal") == 0)
        return PRIVPOL_PERSONAL;
    fail_msg("conformance.tsv:%zu: unknown level '%s'", line, name);
    return PRIVPOL_PERSONAL;
}

/* Fill b from the KEY=VALUE words of `words` (modified in place). */
static void
parse_request(char *words, struct req_buf *b, size_t line)
{
    privpol_request *r = &b->req;
    char *save = NULL;
    bool has_role = false, has_op = false;
    privpol_request_init(r);
    r->objections = b->objections;
    r->restrictions = b->restrictions;
    for (char *w = strtok_r(words, " ", &save); w != NULL;
         w = strtok_r(NULL, " ", &save)) {
        char *v = strchr(w, '=');
        if (v == NULL)
            fail_msg("conformance.tsv:%zu: '%s' is not KEY=VALUE", line, w);
        *v++ = '\0';
        if (strcmp(w, "role") == 0) {
            assert_int_equal(privpol_role_from_name(v, &r->role, NULL), PRIVPOL_OK);
            has_role = true;
        } else if (strcmp(w, "data_role") == 0) {
            privpol_role dr;
            assert_int_equal(privpol_role_from_name(v, &dr, NULL), PRIVPOL_OK);
            if (dr == PRIVPOL_ROLE_PROCESSOR)
                r->flags |= PRIVPOL_REQ_PROCESSOR_DATA;
        } else if (strcmp(w, "tenant") == 0) {
            r->tenant = v;
        } else if (strcmp(w, "rtenant") == 0) {
            r->recipient_tenant = v;
        } else if (strcmp(w, "purpose") == 0) {
            r->purpose = v;
        } else if (strcmp(w, "op") == 0) {
            assert_int_equal(privpol_operation_from_name(v, &r->operation, NULL), PRIVPOL_OK);
            has_op = true;
        } else if (strcmp(w, "cats") == 0) {
            const char *ids[MAX_LIST];
            size_t n = split_list(v, ids, line);
            for (size_t i = 0; i < n; i++)
                if (privpol_category_find(ids[i], &b->cats[i], NULL) != PRIVPOL_OK)
                    fail_msg("conformance.tsv:%zu: unknown category '%s'", line, ids[i]);
            r->categories = b->cats;
            r->category_count = n;
        } else if (strcmp(w, "subject") == 0) {
            assert_int_equal(privpol_subject_from_name(v, &r->subject, NULL), PRIVPOL_OK);
            r->flags |= PRIVPOL_REQ_SUBJECT;
        } else if (strcmp(w, "recipient") == 0) {
            assert_int_equal(privpol_recipient_from_name(v, &r->recipient, NULL), PRIVPOL_OK);
            r->flags |= PRIVPOL_REQ_RECIPIENT;
        } else if (strcmp(w, "partner") == 0) {
            r->partner = v;
        } else if (strcmp(w, "country") == 0) {
            assert_int_equal(strlen(v), 2);
            memcpy(b->country, v, 3);
            r->country = b->country;
        } else if (strcmp(w, "safeguard") == 0) {
            assert_int_equal(privpol_safeguard_from_name(v, &r->safeguard, NULL), PRIVPOL_OK);
        } else if (strcmp(w, "level") == 0) {
            r->identifiability = level_of(v, line);
        } else if (strcmp(w, "states") == 0) {
            const char *names[MAX_LIST];
            size_t n = split_list(v, names, line);
            for (size_t i = 0; i < n; i++)
                if (privpol_data_state_from_name(names[i], &b->states[i], NULL) != PRIVPOL_OK)
                    fail_msg("conformance.tsv:%zu: unknown state '%s'", line, names[i]);
            r->states = b->states;
        } else if (strcmp(w, "at") == 0) {
            assert_int_equal(privpol_time_parse(v, strlen(v), &r->at, NULL), PRIVPOL_OK);
        } else if (strcmp(w, "flags") == 0) {
            const char *names[MAX_LIST];
            size_t n = split_list(v, names, line);
            for (size_t i = 0; i < n; i++)
                r->flags |= flag_of(names[i], line);
        } else if (strcmp(w, "objection") == 0) {
            r->objection_count = split_list(v, b->objections, line);
        } else if (strcmp(w, "restriction") == 0) {
            r->restriction_count = split_list(v, b->restrictions, line);
        } else {
            fail_msg("conformance.tsv:%zu: unknown key '%s'", line, w);
        }
    }
    if (!has_role || !has_op || r->purpose == NULL || r->category_count == 0)
        fail_msg("conformance.tsv:%zu: role, op, purpose and cats are required", line);
}

static void
conformance_table(void **state)
{
    struct fixture *fx = *state;
    FILE *f = support_open("tests/policy/conformance.tsv");
    char *text = NULL;
    size_t cap = 0, line = 0, data_lines = 0, ran = 0, failed = 0, allows = 0;
    ssize_t n;

    while ((n = getline(&text, &cap, f)) >= 0) {
        char *col[5], *save = NULL;
        struct req_buf b;
        privpol_decision d = PRIVPOL_DECISION_INIT;
        privpol_status st;
        int pol = -1;
        bool expect_allow;

        line++;
        if (n > 0 && text[n - 1] == '\n')
            text[--n] = '\0';
        if (line == 1)
            assert_string_equal(text, "# SPDX-License-Identifier: MIT");
        if (n == 0 || text[0] == '#')
            continue;
        data_lines++;
        col[0] = strtok_r(text, "\t", &save);
        for (int i = 1; i < 5; i++)
            col[i] = strtok_r(NULL, "\t", &save);
        if (col[4] == NULL || strtok_r(NULL, "\t", &save) != NULL)
            fail_msg("conformance.tsv:%zu: expected 5 tab-separated columns", line);
        if (strcmp(col[0], "allow") != 0 && strcmp(col[0], "deny") != 0)
            fail_msg("conformance.tsv:%zu: expected allow or deny", line);
        expect_allow = strcmp(col[0], "allow") == 0;
        for (int i = 0; i < POL_COUNT; i++)
            if (strcmp(col[3], policy_names[i]) == 0)
                pol = i;
        if (pol < 0)
            fail_msg("conformance.tsv:%zu: unknown policy '%s'", line, col[3]);
        parse_request(col[4], &b, line);

        st = privpol_decide(fx->ctx[pol], &b.req, &d, NULL);
        ran++;
        if (st != PRIVPOL_OK) {
            print_error("conformance.tsv:%zu (%s): status %d: %s\n", line, col[1], st,
                        d.reason);
            failed++;
            continue;
        }
        if ((d.verdict == PRIVPOL_ALLOW) != expect_allow ||
            strcmp(d.clause, col[2]) != 0) {
            print_error("conformance.tsv:%zu (%s): expected %s %s, got %s %s (%s: %s)\n",
                        line, col[1], col[0], col[2], privpol_verdict_name(d.verdict),
                        d.clause, d.check, d.reason);
            failed++;
        }
        assert_non_null(d.check);
        assert_true(d.reason[0] != '\0');
        allows += expect_allow;
    }
    free(text);
    fclose(f);
    print_message("conformance: %zu cases (%zu allow, %zu deny), %zu failed\n", ran,
                  allows, ran - allows, failed);
    assert_int_equal(failed, 0);
    assert_int_equal(ran, data_lines); /* no case skipped */
    assert_true(ran >= 60);
    assert_true(allows > 0 && allows < ran);
}

/* ---- the API ----------------------------------------------------------------------- */

static void
base_request(privpol_request *r, const privpol_category *cats, size_t n)
{
    privpol_request_init(r);
    r->role = PRIVPOL_ROLE_PROCESSOR;
    r->tenant = "acme";
    r->purpose = "interactive_interfaces";
    r->operation = PRIVPOL_OP_COLLECT;
    r->categories = cats;
    r->category_count = n;
}

static void
init_and_size(void **state)
{
    privpol_request a = PRIVPOL_REQUEST_INIT, b;
    (void)state;
    memset(&b, 0xa5, sizeof b);
    privpol_request_init(&b);
    assert_int_equal(b.version, PRIVPOL_REQUEST_VERSION);
    assert_int_equal(a.version, PRIVPOL_REQUEST_VERSION);
    assert_int_equal(b.identifiability, PRIVPOL_NON_IDENTIFIABLE); /* adds nothing */
    assert_null(b.states);
    assert_int_equal(b.flags, 0);
    assert_null(b.tenant);
    assert_null(b.country);
    assert_int_equal(b.at, 0);
    privpol_request_init(NULL);
    assert_int_equal(privpol_request_size(), sizeof(privpol_request));
    assert_string_equal(privpol_verdict_name(PRIVPOL_ALLOW), "allow");
    assert_string_equal(privpol_verdict_name(PRIVPOL_DENY), "deny");
    assert_null(privpol_verdict_name((privpol_verdict)7));
}

static void
bad_requests_are_errors(void **state)
{
    struct fixture *fx = *state;
    privpol_ctx *ctx = fx->ctx[POL_ACME];
    privpol_request r;
    privpol_decision d = PRIVPOL_DECISION_INIT;
    privpol_category cats[1] = {PRIVPOL_CAT_IDENTITY_NAME}, bad[1] = {(privpol_category)1000};
    const char *unknown[1] = {"nope"};
    assert_int_equal(privpol_category_find("usage.event", &cats[0], NULL), PRIVPOL_OK);

    base_request(&r, cats, 1);
    assert_int_equal(privpol_decide(ctx, &r, &d, NULL), PRIVPOL_OK);
    assert_int_equal(d.verdict, PRIVPOL_ALLOW);

    assert_int_equal(privpol_decide(ctx, &r, NULL, NULL), PRIVPOL_EINVAL);
    assert_int_equal(privpol_decide(NULL, &r, &d, NULL), PRIVPOL_EINVAL);
    assert_int_equal(d.verdict, PRIVPOL_DENY);
    assert_string_equal(d.check, "invalid");
    assert_int_equal(privpol_decide(ctx, NULL, &d, NULL), PRIVPOL_EINVAL);

#define EXPECT(mutation, status)                                                         \
    do {                                                                                 \
        base_request(&r, cats, 1);                                                       \
        mutation;                                                                        \
        assert_int_equal(privpol_decide(ctx, &r, &d, NULL), status);                           \
        assert_int_equal(d.verdict, PRIVPOL_DENY);                                       \
        assert_string_equal(d.check, "invalid");                                         \
    } while (0)
    EXPECT(r.version = 0, PRIVPOL_EVERSION);
    EXPECT(r.version = PRIVPOL_REQUEST_VERSION + 1, PRIVPOL_EVERSION);
    EXPECT(r.role = (privpol_role)2, PRIVPOL_EINVAL);
    EXPECT(r.operation = (privpol_operation)10, PRIVPOL_EINVAL);
    EXPECT((r.flags = PRIVPOL_REQ_SUBJECT, r.subject = (privpol_subject)4),
           PRIVPOL_EINVAL);
    EXPECT((r.flags = PRIVPOL_REQ_RECIPIENT, r.recipient = (privpol_recipient)8),
           PRIVPOL_EINVAL);
    EXPECT(r.safeguard = (privpol_safeguard)3, PRIVPOL_EINVAL);
    EXPECT(r.identifiability = (privpol_identifiability)3, PRIVPOL_EINVAL);
    EXPECT(r.flags = 0x8000U, PRIVPOL_EINVAL);
    EXPECT(r.purpose = NULL, PRIVPOL_EINVAL);
    EXPECT(r.purpose = "nope", PRIVPOL_ENOTFOUND);
    EXPECT(r.category_count = 0, PRIVPOL_EINVAL);
    EXPECT(r.categories = NULL, PRIVPOL_EINVAL);
    EXPECT(r.categories = bad, PRIVPOL_EINVAL);
    EXPECT(r.tenant = NULL, PRIVPOL_EINVAL);
    EXPECT(r.tenant = "", PRIVPOL_EINVAL);
    EXPECT(r.recipient_tenant = "", PRIVPOL_EINVAL);
    EXPECT(r.country = "de", PRIVPOL_EINVAL);
    EXPECT(r.country = "XX", PRIVPOL_EINVAL);
    EXPECT(r.country = "DEU", PRIVPOL_EINVAL);
    EXPECT(r.operation = PRIVPOL_OP_TRANSFER, PRIVPOL_EINVAL);
    EXPECT(r.partner = "nope", PRIVPOL_ENOTFOUND);
    EXPECT((r.partner = "acme-crm", r.flags = PRIVPOL_REQ_RECIPIENT,
            r.recipient = PRIVPOL_RECIPIENT_PARTNER),
           PRIVPOL_EINVAL);
    EXPECT((r.objections = unknown, r.objection_count = 1), PRIVPOL_ENOTFOUND);
    EXPECT((r.restrictions = unknown, r.restriction_count = 1), PRIVPOL_ENOTFOUND);
    EXPECT((r.objections = NULL, r.objection_count = 1), PRIVPOL_EINVAL);
    EXPECT((r.restrictions = NULL, r.restriction_count = 1), PRIVPOL_EINVAL);
#undef EXPECT

    /* the controller's own data needs no tenant */
    base_request(&r, cats, 1);
    r.role = PRIVPOL_ROLE_CONTROLLER;
    r.tenant = NULL;
    r.purpose = "security_logging";
    assert_int_equal(privpol_decide(ctx, &r, &d, NULL), PRIVPOL_OK);
    assert_int_equal(d.verdict, PRIVPOL_ALLOW);
    assert_string_equal(d.clause, "§12.1, §15");
    assert_true(d.line > 0);
}

/* A denial names the rule's line; a fail-closed default; a partner's country applies. */
static void
decisions_carry_their_rule(void **state)
{
    struct fixture *fx = *state;
    const privpol_policy *pol = privpol_ctx_policy(fx->ctx[POL_DEFAULT]);
    privpol_request r;
    privpol_decision d = PRIVPOL_DECISION_INIT;
    privpol_category cats[1];
    assert_int_equal(privpol_category_find("geolocation.precise", &cats[0], NULL), PRIVPOL_OK);
    base_request(&r, cats, 1);
    assert_int_equal(privpol_decide(fx->ctx[POL_DEFAULT], &r, &d, NULL), PRIVPOL_OK);
    assert_int_equal(d.verdict, PRIVPOL_DENY);
    assert_string_equal(d.check, "geolocation");
    assert_string_equal(d.clause, pol->geolocation.clause);
    assert_int_equal(d.line, pol->geolocation.line);
    assert_true(d.line > 0);
    assert_non_null(strstr(d.reason, "geolocation.precise"));

    /* the time of the decision defaults to now: the US adequacy decision is in force
     * (partial), so the covered flag decides */
    assert_int_equal(privpol_category_find("usage.journey", &cats[0], NULL), PRIVPOL_OK);
    base_request(&r, cats, 1);
    r.purpose = "customer_analytics";
    r.operation = PRIVPOL_OP_TRANSFER;
    r.partner = "acme-us";
    assert_int_equal(privpol_decide(fx->ctx[POL_ACME], &r, &d, NULL), PRIVPOL_OK);
    assert_int_equal(d.verdict, PRIVPOL_DENY);
    assert_string_equal(d.check, "transfer");
    r.flags |= PRIVPOL_REQ_ADEQUACY_COVERED;
    assert_int_equal(privpol_decide(fx->ctx[POL_ACME], &r, &d, NULL), PRIVPOL_OK);
    assert_int_equal(d.verdict, PRIVPOL_ALLOW);
    assert_string_equal(d.check, "adequacy");
    /* the registry is authoritative: a request that moves the partner, or gives it a
     * safeguard it is not registered with, is denied citing the partner's clause */
    r.country = "FR";
    r.flags = 0;
    assert_int_equal(privpol_decide(fx->ctx[POL_ACME], &r, &d, NULL), PRIVPOL_OK);
    assert_int_equal(d.verdict, PRIVPOL_DENY);
    assert_string_equal(d.check, "partner_registry");
    assert_string_equal(d.clause, "ACME DPA annex 5");
    r.country = "US"; /* where it is registered: the transfer rules decide */
    assert_int_equal(privpol_decide(fx->ctx[POL_ACME], &r, &d, NULL), PRIVPOL_OK);
    assert_string_equal(d.check, "transfer");
    r.country = NULL;
    r.safeguard = PRIVPOL_SAFEGUARD_BCR;
    assert_int_equal(privpol_decide(fx->ctx[POL_ACME], &r, &d, NULL), PRIVPOL_OK);
    assert_int_equal(d.verdict, PRIVPOL_DENY);
    assert_string_equal(d.check, "partner_registry");
    /* no operation on processor data reaches another tenant (§7.7) */
    r = (privpol_request)PRIVPOL_REQUEST_INIT;
    base_request(&r, cats, 1);
    r.purpose = "customer_analytics";
    r.recipient_tenant = "globex";
    for (privpol_operation op = PRIVPOL_OP_COLLECT; op <= PRIVPOL_OP_ERASE; op++) {
        if (op == PRIVPOL_OP_TRANSFER)
            continue; /* needs a recipient; the recipient rules decide it */
        r.operation = op;
        assert_int_equal(privpol_decide(fx->ctx[POL_ACME], &r, &d, NULL), PRIVPOL_OK);
        if (d.verdict != PRIVPOL_DENY || strcmp(d.clause, "§7.7") != 0)
            fail_msg("operation %s across tenants: %s %s", privpol_operation_name(op),
                     privpol_verdict_name(d.verdict), d.clause);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(conformance_table),
        cmocka_unit_test(init_and_size),
        cmocka_unit_test(bad_requests_are_errors),
        cmocka_unit_test(decisions_carry_their_rule),
    };
    return cmocka_run_group_tests_name("decide", tests, setup, teardown);
}
