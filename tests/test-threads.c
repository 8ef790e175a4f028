/* SPDX-License-Identifier: MIT */
/* Thread safety (issue 7, item 4): 8 threads share ONE processor context (a keyring and
 * the embedded default policy) and one controller context allowed to reveal, and call in
 * loops every read-only entry point: one-shot and per-thread pseudonymizers, normalize,
 * classify, scan and redact, decide, retention, a taint accumulator each, reveal, and the
 * record pipeline (a privpol_record of its own per thread and context, scrubbing JSON
 * lines of several tenants and access-log lines, a bad one of each among them).
 * Each thread checks every result against the value computed single-threaded before the
 * threads start, so a data race that changes a result is caught even without TSan; under
 * -Db_sanitize=thread TSan sees every access. Threads never call cmocka (not thread-safe):
 * they count mismatches, and the main thread asserts the counts are zero. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "support.h"

#define THREADS 8
#define ROUNDS 200
#define TENANT "acme"
#define T0 INT64_C(1736150400)       /* 2025-01-06T08:00:00Z: key 0000000a */
#define T1 INT64_C(1775000000)       /* 2026-04-01: key 0000000b */
#define MAX_SPANS 32
#define TEXT_CAP 1024
#define JSON_LINES 11 /* ten good lines of three tenants, and a bad one */
#define LINE_CAP 1024

struct value {
    const char *category;
    const char *text;
};

static const struct value values[] = {
    {"connection.ip_address", "192.0.2.1"},
    {"connection.ip_address", "2001:DB8:0:0::1"},
    {"contact.email", "Julie.Martin@Example.FR"},
    {"contact.phone", "06 12 34 56 78"},
    {"terminal.msisdn", "+33 6 98 76 54 32"},
    {"terminal.device_id", "device-7f3a-0042"},
};
#define NVALUES (sizeof values / sizeof *values)

static const char free_text[] =
    "Bonjour Julie, rappeler au 06 12 34 56 78 ou julie.martin@example.fr depuis "
    "192.0.2.1 ou 2001:db8::7, carte 4970 1012 3456 7890, commande 657762511.";

struct classify_case {
    const char *field;
    const char *value;
};

static const struct classify_case classify_cases[] = {
    {"client.ip", "192.0.2.1"},
    {"email", "julie.martin@example.fr"},
    {"msisdn", "+33612345678"},
    {NULL, "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"},
    {"email", "not an address"},
    {NULL, "550e8400-e29b-41d4-a716-446655440000"},
};
#define NCLASSIFY (sizeof classify_cases / sizeof *classify_cases)

struct decide_case {
    privpol_role role;
    const char *purpose;
    privpol_operation op;
    const char *categories[3];
    unsigned flags;
    privpol_recipient recipient;
    const char *country;
};

static const struct decide_case decide_cases[] = {
    {PRIVPOL_ROLE_PROCESSOR, "interactive_interfaces", PRIVPOL_OP_COLLECT,
     {"connection.ip_address", "usage.event", NULL}, 0, PRIVPOL_RECIPIENT_CUSTOMER, NULL},
    {PRIVPOL_ROLE_PROCESSOR, "interactive_interfaces", PRIVPOL_OP_COLLECT,
     {"geolocation.precise", NULL, NULL}, 0, PRIVPOL_RECIPIENT_CUSTOMER, NULL},
    {PRIVPOL_ROLE_PROCESSOR, "customer_analytics", PRIVPOL_OP_TRANSFER,
     {"usage.journey", NULL, NULL}, PRIVPOL_REQ_RECIPIENT, PRIVPOL_RECIPIENT_AFFILIATE, NULL},
    {PRIVPOL_ROLE_CONTROLLER, "user_support", PRIVPOL_OP_USE, {"contact.email", NULL, NULL},
     PRIVPOL_REQ_RECIPIENT | PRIVPOL_REQ_NEED_TO_KNOW, PRIVPOL_RECIPIENT_INTERNAL_STAFF, NULL},
    {PRIVPOL_ROLE_PROCESSOR, "customer_analytics", PRIVPOL_OP_TRANSFER,
     {"usage.journey", NULL, NULL}, PRIVPOL_REQ_RECIPIENT, PRIVPOL_RECIPIENT_CUSTOMER, "US"},
};
#define NDECIDE (sizeof decide_cases / sizeof *decide_cases)

struct retention_case {
    privpol_role role;
    const char *purpose;
    const char *category;
};

static const struct retention_case retention_cases[] = {
    {PRIVPOL_ROLE_CONTROLLER, "prospecting", "contact.email"},
    {PRIVPOL_ROLE_PROCESSOR, "interaction_digitization", "connection.ip_address"},
    {PRIVPOL_ROLE_PROCESSOR, "interactive_interfaces", "terminal.msisdn"},
};
#define NRETENTION (sizeof retention_cases / sizeof *retention_cases)

static const char *const taint_cases[][4] = {
    {"connection.timestamp", "terminal.device_type", NULL, NULL},
    {"connection.ip_address", "connection.timestamp", NULL, NULL},
    {"contact.email", "usage.event", "terminal.device_type", NULL},
    {"terminal.device_type", NULL, NULL, NULL},
};
#define NTAINT (sizeof taint_cases / sizeof *taint_cases)

/* JSON lines (built by make_json_lines()) and access-log lines; the last of each fails. */
static char json_lines[JSON_LINES][LINE_CAP];

static const char *const log_lines[] = {
    "80.31.203.13 - - [06/Jan/2025:08:00:00 +0000] \"GET /diag/ligne?step=2 HTTP/1.1\" 200 "
    "1005 \"-\" \"Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X)\"",
    "2a01:cb00:128b:2f33:5d9d:c9f8:1818:e811 - - [06/Jan/2025:08:00:01 +0100] \"GET "
    "/favicon.ico HTTP/1.1\" 200 1208",
    "192.0.2.1 - julie.martin [06/Jan/2025:08:00:02 +0000] \"POST /login HTTP/1.1\" 302 -",
    "192.0.2.9 - - [06/Foo/2025:08:00:03 +0000] \"GET / HTTP/1.1\" 200 512",
};
#define NLOG (sizeof log_lines / sizeof *log_lines)

/* One record per context: 0 the processor (tenant from the line), 1 the controller
 * (reversible tokens for contacts; access logs for security logging: reversible tokens
 * of the client address). */
#define NRECORD 2

/* What every thread must find again. */
struct expected {
    char pseudonym[NVALUES][2][PRIVPOL_PSEUDONYM_LEN + 1];  /* at T0, T1 */
    char reversible[NVALUES][TEXT_CAP];                     /* at T0 */
    char normalized[NVALUES][PRIVPOL_NORMALIZED_MAX];
    privpol_classification classes[NCLASSIFY];
    privpol_span spans[MAX_SPANS];
    size_t span_count;
    char redacted_labels[TEXT_CAP];
    char redacted_pseudonyms[TEXT_CAP];
    privpol_status decide_status[NDECIDE];
    privpol_decision decisions[NDECIDE];
    privpol_status retention_status[NRETENTION];
    int64_t retention_until[NRETENTION];
    privpol_retention_action retention_action[NRETENTION];
    char retention_clause[NRETENTION][PRIVPOL_RETENTION_EXPLANATION_SIZE];
    privpol_identifiability taint_level[NTAINT];
    char *taint_rule[NTAINT];
    privpol_status json_status[NRECORD][JSON_LINES];
    char *json_out[NRECORD][JSON_LINES];
    privpol_status log_status[NRECORD][NLOG];
    char *log_out[NRECORD][NLOG];
};

static privpol_ctx *shared_ctx;  /* processor, keyring, default policy */
static privpol_ctx *reveal_ctx;  /* controller allowed to reveal, same keyring */
static struct expected want;

/* ---- the computations, used by the main thread and by every worker -------------------- */

static privpol_status
one_shot(size_t v, int64_t at, unsigned flags, char *out, size_t cap)
{
    size_t len = cap;
    return privpol_pseudonymize(shared_ctx, TENANT, support_category(values[v].category), values[v].text,
                                strlen(values[v].text), at, flags, out, &len, NULL);
}

static privpol_status
normalize(size_t v, char *out)
{
    size_t len = PRIVPOL_NORMALIZED_MAX;
    return privpol_normalize(shared_ctx, support_category(values[v].category), values[v].text,
                             strlen(values[v].text), out, &len, NULL);
}

static privpol_status
classify(size_t i, privpol_classification *out)
{
    const struct classify_case *c = &classify_cases[i];
    out->version = PRIVPOL_CLASSIFICATION_VERSION;
    return privpol_classify(shared_ctx, c->field, c->field != NULL ? strlen(c->field) : 0,
                            c->value, strlen(c->value), out, NULL);
}

static privpol_status
redact(unsigned flags, char *out)
{
    size_t len = TEXT_CAP;
    return privpol_redact(shared_ctx, TENANT, T0, flags, free_text, sizeof free_text - 1,
                          out, &len, NULL);
}

static void
build_request(size_t i, privpol_request *r, privpol_category cats[3])
{
    const struct decide_case *d = &decide_cases[i];
    size_t n = 0;
    privpol_request_init(r);
    r->role = d->role;
    r->tenant = d->role == PRIVPOL_ROLE_PROCESSOR ? TENANT : NULL;
    r->purpose = d->purpose;
    r->operation = d->op;
    for (; n < 3 && d->categories[n] != NULL; n++)
        if (privpol_category_find(d->categories[n], &cats[n], NULL) != PRIVPOL_OK)
            cats[n] = 0;
    r->categories = cats;
    r->category_count = n;
    r->flags = d->flags;
    r->recipient = d->recipient;
    r->country = d->country;
    r->at = T0; /* 0 would read the clock */
}

static privpol_status
decide(size_t i, privpol_decision *out)
{
    privpol_request r;
    privpol_category cats[3];
    build_request(i, &r, cats);
    out->version = PRIVPOL_DECISION_VERSION;
    return privpol_decide(shared_ctx, &r, out, NULL);
}

static privpol_status
retention(size_t i, int64_t *until, privpol_retention_action *action, char *clause)
{
    const struct retention_case *c = &retention_cases[i];
    privpol_retention_request req = PRIVPOL_RETENTION_REQUEST_INIT;
    privpol_retention out = PRIVPOL_RETENTION_INIT;
    privpol_status st;
    if (privpol_category_find(c->category, &req.category, NULL) != PRIVPOL_OK)
        return PRIVPOL_ENOTFOUND;
    req.role = c->role;
    req.purpose = c->purpose;
    req.collected_at = T0;
    st = privpol_retention_compute(shared_ctx, &req, &out, NULL);
    *until = out.until;
    *action = out.action;
    memcpy(clause, out.explanation, sizeof out.explanation);
    return st;
}

static privpol_status
taint(privpol_taint *t, size_t i, privpol_identifiability *level, const char **rule)
{
    privpol_status st;
    privpol_taint_reset(t);
    for (size_t k = 0; k < 4 && taint_cases[i][k] != NULL; k++) {
        privpol_category cat;
        if ((st = privpol_category_find(taint_cases[i][k], &cat, NULL)) != PRIVPOL_OK ||
            (st = privpol_taint_add_category(t, cat, NULL)) != PRIVPOL_OK)
            return st;
    }
    return privpol_taint_result(t, level, rule, NULL, NULL);
}

static void
make_json_lines(void)
{
    for (unsigned i = 0; i + 1 < JSON_LINES; i++)
        snprintf(json_lines[i], LINE_CAP,
                 "{\"ts\":\"2025-01-06T08:00:%02u.070Z\",\"tenant\":\"tenant-%u\","
                 "\"session_id\":\"8d116ece-1738-47d9-bd9c-172411e20b8f\","
                 "\"ip\":\"80.31.203.%u\",\"msisdn\":\"+3468246%04u\","
                 "\"user_agent\":\"Mozilla/5.0 (Linux; Android 12; SM-S911B) "
                 "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6097.64 Mobile "
                 "Safari/537.36\",\"device\":\"mobile\",\"journey\":[\"faq/box\","
                 "{\"email\":\"julie.martin%u@example.fr\"}],\"duration_ms\":%u,"
                 "\"comment\":\"Rappeler au 06 12 34 56 %02u ou julie%u@example.fr depuis "
                 "192.0.2.%u.\",\"lat\":48.8566}",
                 i, i % 3, 10 + i, 1000 + i, i, 20000 + i, 10 + i, i, 100 + i);
    /* a bad one: the error path runs concurrently too */
    snprintf(json_lines[JSON_LINES - 1], LINE_CAP, "{\"tenant\":\"acme\",\"ip\":01}");
}

/* Scrub one line with the record of context `which`; the output is borrowed. */
static privpol_status
scrub(privpol_record *rec, int which, bool json, size_t i, const char **out, size_t *len)
{
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    tag.tenant = TENANT;
    if (which == 1)
        tag.role = PRIVPOL_ROLE_CONTROLLER;
    if (json) {
        static const char *const known[] = {"tenant-0", "tenant-1", "tenant-2", "acme"};
        tag.tenant_field = "tenant";
        tag.tenants = known;
        tag.tenant_count = 4;
        return privpol_record_scrub_json(rec, &tag, json_lines[i], strlen(json_lines[i]),
                                         out, len, NULL);
    }
    if (which == 1)
        tag.purpose = "security_logging";
    return privpol_record_scrub_accesslog(rec, &tag, log_lines[i], strlen(log_lines[i]),
                                          out, len, NULL);
}

static bool
same_scrub(privpol_record *rec, int which, bool json, size_t i)
{
    const char *out = NULL, *want_out;
    size_t len = 0;
    privpol_status st, want_st;
    want_out = json ? want.json_out[which][i] : want.log_out[which][i];
    want_st = json ? want.json_status[which][i] : want.log_status[which][i];
    if (rec == NULL || (st = scrub(rec, which, json, i, &out, &len)) != want_st)
        return false;
    if (st != PRIVPOL_OK)
        return out == NULL;
    return len == strlen(want_out) && memcmp(out, want_out, len) == 0;
}

static bool
same_class(const privpol_classification *a, const privpol_classification *b)
{
    return a->category == b->category && a->flags == b->flags &&
           memcmp(&a->confidence, &b->confidence, sizeof a->confidence) == 0;
}

/* Field by field: the struct has padding, which memcmp() would read. */
static bool
same_spans(const privpol_span *spans, size_t n)
{
    if (n != want.span_count)
        return false;
    for (size_t i = 0; i < n; i++)
        if (spans[i].start != want.spans[i].start || spans[i].end != want.spans[i].end ||
            spans[i].category != want.spans[i].category ||
            memcmp(&spans[i].confidence, &want.spans[i].confidence,
                   sizeof spans[i].confidence) != 0)
            return false;
    return true;
}

static bool
same_decision(const privpol_decision *a, const privpol_decision *b)
{
    return a->verdict == b->verdict && strcmp(a->clause, b->clause) == 0 &&
           strcmp(a->reason, b->reason) == 0 && a->check == b->check && a->line == b->line;
}

/* ---- the worker ------------------------------------------------------------------------ */

struct worker {
    pthread_t thread;
    unsigned id;
    unsigned long checks;
    unsigned long mismatches;
    char first[160]; /* what the first mismatch was */
};

static void
check(struct worker *w, bool ok, const char *what, size_t index)
{
    w->checks++;
    if (ok)
        return;
    if (w->mismatches++ == 0)
        snprintf(w->first, sizeof w->first, "thread %u: %s [%zu]", w->id, what, index);
}

static void *
work(void *arg)
{
    struct worker *w = arg;
    privpol_pseudonymizer *pz[NVALUES] = {NULL};
    privpol_record *rec[NRECORD] = {NULL};
    privpol_taint t;
    char buf[TEXT_CAP];

    for (size_t v = 0; v < NVALUES; v++)
        check(w, privpol_pseudonymizer_new(shared_ctx, TENANT, support_category(values[v].category), &pz[v],
                                           NULL) == PRIVPOL_OK,
              "pseudonymizer_new", v);
    check(w, privpol_taint_init(&t, privpol_ctx_policy(shared_ctx), NULL) == PRIVPOL_OK,
          "taint_init", 0);
    check(w, privpol_record_new(shared_ctx, &rec[0], NULL) == PRIVPOL_OK, "record_new", 0);
    check(w, privpol_record_new(reveal_ctx, &rec[1], NULL) == PRIVPOL_OK, "record_new", 1);

    for (unsigned round = 0; round < ROUNDS; round++) {
        /* start each thread at a different place, so that calls interleave */
        for (size_t k = 0; k < NVALUES; k++) {
            size_t v = (k + w->id + round) % NVALUES;
            for (int e = 0; e < 2; e++) {
                int64_t at = e == 0 ? T0 : T1;
                size_t len = sizeof buf;
                check(w, one_shot(v, at, 0, buf, sizeof buf) == PRIVPOL_OK &&
                             strcmp(buf, want.pseudonym[v][e]) == 0,
                      "pseudonymize", v);
                check(w, pz[v] != NULL &&
                             privpol_pseudonymizer_run(pz[v], values[v].text,
                                                       strlen(values[v].text), at, 0, buf,
                                                       &len, NULL) == PRIVPOL_OK &&
                             strcmp(buf, want.pseudonym[v][e]) == 0,
                      "pseudonymizer_run", v);
            }
            check(w, one_shot(v, T0, PRIVPOL_PSEUDONYM_REVERSIBLE, buf, sizeof buf) ==
                             PRIVPOL_OK &&
                         strcmp(buf, want.reversible[v]) == 0,
                  "reversible", v);
            check(w, normalize(v, buf) == PRIVPOL_OK && strcmp(buf, want.normalized[v]) == 0,
                  "normalize", v);
            {
                size_t len = sizeof buf;
                privpol_category cat = PRIVPOL_CAT_AUTO, want_cat = PRIVPOL_CAT_UNKNOWN;
                const char *tok = want.reversible[v];
                check(w, privpol_reveal(reveal_ctx, TENANT, tok, strlen(tok), &cat, buf,
                                        &len, NULL) == PRIVPOL_OK &&
                             strcmp(buf, want.normalized[v]) == 0 &&
                             privpol_category_find(values[v].category, &want_cat, NULL) ==
                                 PRIVPOL_OK &&
                             cat == want_cat,
                      "reveal", v);
            }
        }
        for (size_t i = 0; i < NCLASSIFY; i++) {
            privpol_classification c = PRIVPOL_CLASSIFICATION_INIT;
            check(w, classify(i, &c) == PRIVPOL_OK && same_class(&c, &want.classes[i]),
                  "classify", i);
        }
        {
            privpol_span spans[MAX_SPANS];
            size_t n = MAX_SPANS;
            check(w, privpol_scan(shared_ctx, free_text, sizeof free_text - 1, spans, &n, NULL) ==
                             PRIVPOL_OK &&
                         same_spans(spans, n),
                  "scan", 0);
            check(w, redact(0, buf) == PRIVPOL_OK &&
                         strcmp(buf, want.redacted_labels) == 0,
                  "redact labels", 0);
            check(w, redact(PRIVPOL_REDACT_PSEUDONYMIZE, buf) == PRIVPOL_OK &&
                         strcmp(buf, want.redacted_pseudonyms) == 0,
                  "redact pseudonyms", 0);
        }
        for (size_t i = 0; i < NDECIDE; i++) {
            privpol_decision d = PRIVPOL_DECISION_INIT;
            check(w, decide(i, &d) == want.decide_status[i] &&
                         same_decision(&d, &want.decisions[i]),
                  "decide", i);
        }
        for (size_t i = 0; i < NRETENTION; i++) {
            int64_t until = 0;
            privpol_retention_action action = PRIVPOL_RETENTION_ERASE;
            char clause[PRIVPOL_RETENTION_EXPLANATION_SIZE];
            check(w, retention(i, &until, &action, clause) == want.retention_status[i] &&
                         until == want.retention_until[i] &&
                         action == want.retention_action[i] &&
                         strcmp(clause, want.retention_clause[i]) == 0,
                  "retention", i);
        }
        for (size_t i = 0; i < NTAINT; i++) {
            privpol_identifiability level;
            const char *rule = NULL;
            check(w, taint(&t, i, &level, &rule) == PRIVPOL_OK &&
                         level == want.taint_level[i] && rule != NULL &&
                         strcmp(rule, want.taint_rule[i]) == 0,
                  "taint", i);
        }
        for (int r = 0; r < NRECORD; r++) {
            for (size_t k = 0; k < JSON_LINES; k++) {
                size_t i = (k + w->id + round) % JSON_LINES;
                check(w, same_scrub(rec[r], r, true, i), r == 0 ? "json" : "json ctrl", i);
            }
            for (size_t k = 0; k < NLOG; k++) {
                size_t i = (k + w->id + round) % NLOG;
                check(w, same_scrub(rec[r], r, false, i), r == 0 ? "log" : "log ctrl", i);
            }
        }
    }
    for (size_t v = 0; v < NVALUES; v++)
        privpol_pseudonymizer_free(pz[v]);
    for (int r = 0; r < NRECORD; r++)
        privpol_record_free(rec[r]);
    return NULL;
}

/* ---- the test -------------------------------------------------------------------------- */

static int
setup(void **state)
{
    privpol_keyring *kr = support_keyring(SUPPORT_KEYRING_AB);
    (void)state;
    shared_ctx = support_ctx_keyed(kr, PRIVPOL_ROLE_PROCESSOR, 0);
    reveal_ctx = support_ctx_keyed(kr, PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL);
    privpol_keyring_free(kr); /* the contexts hold their own copies */
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    privpol_ctx_free(shared_ctx);
    privpol_ctx_free(reveal_ctx);
    return 0;
}

/* The expected values, single-threaded; the sanity checks make sure the threads compare
 * against meaningful results, not against a repeated error. */
static void
compute_expected(void)
{
    privpol_taint t;
    privpol_record *rec[NRECORD] = {NULL};
    size_t allowed = 0, denied = 0, retained = 0;

    memset(&want, 0, sizeof want);
    for (size_t v = 0; v < NVALUES; v++) {
        assert_int_equal(one_shot(v, T0, 0, want.pseudonym[v][0], sizeof want.pseudonym[v][0]),
                         PRIVPOL_OK);
        assert_int_equal(one_shot(v, T1, 0, want.pseudonym[v][1], sizeof want.pseudonym[v][1]),
                         PRIVPOL_OK);
        assert_string_not_equal(want.pseudonym[v][0], want.pseudonym[v][1]);
        assert_int_equal(one_shot(v, T0, PRIVPOL_PSEUDONYM_REVERSIBLE, want.reversible[v],
                                  sizeof want.reversible[v]),
                         PRIVPOL_OK);
        assert_int_equal(normalize(v, want.normalized[v]), PRIVPOL_OK);
    }
    for (size_t i = 0; i < NCLASSIFY; i++)
        assert_int_equal(classify(i, &want.classes[i]), PRIVPOL_OK);
    want.span_count = MAX_SPANS;
    assert_int_equal(privpol_scan(shared_ctx, free_text, sizeof free_text - 1, want.spans,
                                  &want.span_count, NULL),
                     PRIVPOL_OK);
    assert_true(want.span_count >= 4);
    assert_int_equal(redact(0, want.redacted_labels), PRIVPOL_OK);
    assert_int_equal(redact(PRIVPOL_REDACT_PSEUDONYMIZE, want.redacted_pseudonyms),
                     PRIVPOL_OK);
    assert_non_null(strstr(want.redacted_pseudonyms, "pd1."));
    for (size_t i = 0; i < NDECIDE; i++) {
        want.decide_status[i] = decide(i, &want.decisions[i]);
        assert_int_equal(want.decide_status[i], PRIVPOL_OK);
        assert_true(want.decisions[i].clause[0] != '\0');
        if (want.decisions[i].verdict == PRIVPOL_ALLOW)
            allowed++;
        else
            denied++;
    }
    assert_true(allowed > 0 && denied > 0);
    for (size_t i = 0; i < NRETENTION; i++) {
        want.retention_status[i] =
            retention(i, &want.retention_until[i], &want.retention_action[i],
                      want.retention_clause[i]);
        retained += want.retention_status[i] == PRIVPOL_OK;
    }
    assert_true(retained > 0);
    assert_int_equal(privpol_taint_init(&t, privpol_ctx_policy(shared_ctx), NULL), PRIVPOL_OK);
    for (size_t i = 0; i < NTAINT; i++) {
        const char *rule = NULL;
        assert_int_equal(taint(&t, i, &want.taint_level[i], &rule), PRIVPOL_OK);
        /* rule points into t, the policy or the library; keep a copy that outlives t */
        assert_non_null(rule);
        want.taint_rule[i] = strdup(rule);
        assert_non_null(want.taint_rule[i]);
    }
    make_json_lines();
    assert_int_equal(privpol_record_new(shared_ctx, &rec[0], NULL), PRIVPOL_OK);
    assert_int_equal(privpol_record_new(reveal_ctx, &rec[1], NULL), PRIVPOL_OK);
    for (int r = 0; r < NRECORD; r++) {
        for (size_t i = 0; i < JSON_LINES + NLOG; i++) {
            bool json = i < JSON_LINES;
            size_t k = json ? i : i - JSON_LINES;
            const char *out = NULL;
            size_t len = 0;
            privpol_status st = scrub(rec[r], r, json, k, &out, &len);
            char *copy = NULL;
            bool last = json ? k + 1 == JSON_LINES : k + 1 == NLOG;
            /* every line scrubs but the last of each kind */
            assert_int_equal(st, last ? PRIVPOL_EPARSE : PRIVPOL_OK);
            if (st == PRIVPOL_OK) {
                assert_int_equal(len, strlen(out));
                copy = strdup(out);
                assert_non_null(copy);
            }
            if (json) {
                want.json_status[r][k] = st;
                want.json_out[r][k] = copy;
            } else {
                want.log_status[r][k] = st;
                want.log_out[r][k] = copy;
            }
        }
        privpol_record_free(rec[r]);
    }
    /* the outputs mean something: pseudonyms, reversible tokens, prefixes, annotation */
    assert_non_null(strstr(want.json_out[0][0], "\"ip\":\"pd1.0000000a."));
    assert_null(strstr(want.json_out[0][0], "80.31.203.10"));
    assert_non_null(strstr(want.json_out[0][4], "\"tenant\":\"tenant-1\""));
    assert_non_null(strstr(want.json_out[1][0], "pr1.0000000a."));
    assert_non_null(strstr(want.json_out[1][0], "\"_privpol\":{"));
    assert_true(strncmp(want.log_out[0][0], "pd1.0000000a.", 13) == 0);
    assert_true(strncmp(want.log_out[1][0], "pr1.0000000a.", 13) == 0);
    assert_non_null(strstr(want.log_out[0][2], " - pd1.0000000a.")); /* the remote user */
    assert_string_not_equal(want.json_out[0][1], want.json_out[0][2]);
}

static void
free_expected(void)
{
    for (size_t i = 0; i < NTAINT; i++)
        free(want.taint_rule[i]);
    for (int r = 0; r < NRECORD; r++) {
        for (size_t i = 0; i < JSON_LINES; i++)
            free(want.json_out[r][i]);
        for (size_t i = 0; i < NLOG; i++)
            free(want.log_out[r][i]);
    }
}

static void
eight_threads_share_one_context(void **state)
{
    struct worker workers[THREADS];
    unsigned long mismatches = 0;
    (void)state;

    compute_expected();
    memset(workers, 0, sizeof workers);
    for (unsigned i = 0; i < THREADS; i++) {
        workers[i].id = i;
        assert_int_equal(pthread_create(&workers[i].thread, NULL, work, &workers[i]), 0);
    }
    for (unsigned i = 0; i < THREADS; i++)
        assert_int_equal(pthread_join(workers[i].thread, NULL), 0);
    for (unsigned i = 0; i < THREADS; i++) {
        if (workers[i].mismatches > 0)
            print_error("%s (%lu mismatches of %lu checks)\n", workers[i].first,
                        workers[i].mismatches, workers[i].checks);
        assert_true(workers[i].checks > 0);
        mismatches += workers[i].mismatches;
    }
    free_expected();
    assert_int_equal(mismatches, 0);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(eight_threads_share_one_context),
    };
    return cmocka_run_group_tests_name("threads", tests, setup, teardown);
}
