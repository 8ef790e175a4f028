/* SPDX-License-Identifier: MIT */
/* Allocation-failure injection: a counting allocator
 * (privpol_allocator hooks) fails the Nth allocation it is asked for, for N = 1, 2, ...
 * until a run of a representative sequence of API calls asks for fewer than N. In every
 * run each call either succeeds or returns a clean error (PRIVPOL_ENOMEM, with its
 * out-pointer NULL and its error detail filled), never crashes, and at the end every
 * allocation has been freed: as many frees as allocations and no live bytes. The last
 * run, with no failure, must succeed in every step. Under ASan or valgrind the same runs
 * also check for invalid accesses on every error path. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"
#include "support.h"

/* ---- the counting allocator -------------------------------------------------------- */

struct counting {
    unsigned long calls;   /* allocations asked for (alloc, and realloc that allocates) */
    unsigned long fail_at; /* 1-based call that fails; 0: none */
    bool failed;           /* the failing call happened */
    unsigned long allocs, frees;
    size_t live_bytes;
};

/* Each block starts with its size, so that live bytes can be counted. */
typedef union {
    size_t size;
    max_align_t align;
} header;

static bool
should_fail(struct counting *c)
{
    if (++c->calls == c->fail_at) {
        c->failed = true;
        return true;
    }
    return false;
}

static void *
c_alloc(size_t n, void *opaque)
{
    struct counting *c = opaque;
    header *h;
    if (should_fail(c) || n > SIZE_MAX - sizeof *h || (h = malloc(sizeof *h + n)) == NULL)
        return NULL;
    h->size = n;
    c->allocs++;
    c->live_bytes += n;
    return h + 1;
}

static void *
c_realloc(void *ptr, size_t n, void *opaque)
{
    struct counting *c = opaque;
    header *h, *old;
    size_t old_size;
    if (ptr == NULL)
        return c_alloc(n, opaque);
    old = (header *)ptr - 1;
    old_size = old->size;
    if (should_fail(c) || n > SIZE_MAX - sizeof *h ||
        (h = realloc(old, sizeof *h + n)) == NULL)
        return NULL; /* the old block stays live */
    h->size = n;
    c->live_bytes = c->live_bytes - old_size + n;
    return h + 1;
}

static void
c_free(void *ptr, void *opaque)
{
    struct counting *c = opaque;
    header *h = (header *)ptr - 1;
    c->frees++;
    c->live_bytes -= h->size;
    free(h);
}

/* ---- fixtures ---------------------------------------------------------------------- */

#define T0 INT64_C(1736150400) /* 2025-01-06T08:00:00Z */
#define LONG_VALUE 4000U       /* past every inline buffer of the token code */
#define EMAILS 100U            /* more spans than redact's inline array holds */
#define JOURNEY 300U           /* more JSON tokens than a record starts with */
#define EVENT_CAP (EMAILS * 40 + JOURNEY * 16 + 1024)
#define REF_CAP (4 * EVENT_CAP)

/* What the record and seal steps give without any failure (the first, reference run);
 * every later run that succeeds must give the same. */
struct reference {
    bool set;
    char json[REF_CAP];
    char json_controller[REF_CAP];
    char log[1024];
    char process[256];
};

struct fixture {
    char *acme;        /* tests/policy/acme-supplement.yaml */
    size_t acme_len;
    char *policy_path; /* policies/default.yaml */
    char *long_value;
    char *many_spans;
    size_t many_spans_len;
    char *redacted;
    size_t redacted_cap;
    char *event;       /* JSON: identifiers, free text of EMAILS spans, a long array */
    size_t event_len;
    struct reference ref;
    char dir[64];      /* scratch directory for privpol_keyring_save() */
};

static const char access_line[] =
    "192.0.2.1 - julie.martin [06/Jan/2025:08:00:00 +0000] \"GET /diag/ligne?step=2 "
    "HTTP/1.1\" 200 1005 \"-\" \"Mozilla/5.0 (X11; Linux x86_64; rv:128.0)\"";

static int
setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    size_t n = 0;
    if (fx == NULL)
        return -1;
    fx->acme = support_read(SUPPORT_ACME_SUPPLEMENT, &fx->acme_len);
    fx->policy_path = support_path("policies/default.yaml");
    if ((fx->long_value = malloc(LONG_VALUE + 1)) == NULL)
        return -1;
    for (size_t i = 0; i < LONG_VALUE; i++)
        fx->long_value[i] = (char)('a' + i % 26);
    fx->long_value[LONG_VALUE] = '\0';
    if ((fx->many_spans = malloc(EMAILS * 40)) == NULL)
        return -1;
    for (unsigned i = 0; i < EMAILS; i++)
        n += (size_t)sprintf(fx->many_spans + n, "user%u@example.org, ", i);
    fx->many_spans_len = n;
    fx->redacted_cap = EMAILS * 40;
    if ((fx->redacted = malloc(fx->redacted_cap)) == NULL)
        return -1;
    if ((fx->event = malloc(EVENT_CAP)) == NULL)
        return -1;
    n = (size_t)sprintf(fx->event,
                        "{\"ts\":\"2025-01-06T08:00:00.070Z\",\"ip\":\"80.31.203.13\","
                        "\"email\":\"Julie@Example.fr\",\"msisdn\":\"+33612345678\","
                        "\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) "
                        "Gecko/20100101 Firefox/128.0\",\"lat\":48.8566,\"empty\":{},"
                        "\"comment\":\"");
    memcpy(fx->event + n, fx->many_spans, fx->many_spans_len);
    n += fx->many_spans_len;
    n += (size_t)sprintf(fx->event + n, "\",\"journey\":[");
    for (unsigned i = 0; i < JOURNEY; i++)
        n += (size_t)sprintf(fx->event + n, "%s\"faq/%u\"", i > 0 ? "," : "", i);
    n += (size_t)sprintf(fx->event + n, "]}");
    fx->event_len = n;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/privpol-alloc-XXXXXX");
    if (mkdtemp(fx->dir) == NULL)
        return -1;
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;
    char path[128];
    if (fx == NULL)
        return 0;
    snprintf(path, sizeof path, "%s/keys", fx->dir);
    unlink(path);
    rmdir(fx->dir);
    free(fx->acme);
    free(fx->policy_path);
    free(fx->long_value);
    free(fx->many_spans);
    free(fx->redacted);
    free(fx->event);
    free(fx);
    return 0;
}

/* ---- the sequence ------------------------------------------------------------------ */

struct run {
    struct counting *c;
    unsigned steps_ok;      /* steps that succeeded */
    unsigned enomem;        /* steps that failed with PRIVPOL_ENOMEM */
    char first_bad[512];    /* a step that failed otherwise */
};

/* Accept a step's status: OK, or a clean ENOMEM (error detail consistent). Anything else
 * is recorded as a failure of the test. Returns true when the step succeeded. */
static bool
step(struct run *r, const char *what, privpol_status st, const privpol_error *err)
{
    if (st == PRIVPOL_OK) {
        r->steps_ok++;
        return true;
    }
    if (st == PRIVPOL_ENOMEM && r->c->failed &&
        (err == NULL || (err->status == st && err->message[0] != '\0'))) {
        r->enomem++;
        return false;
    }
    if (r->first_bad[0] == '\0')
        snprintf(r->first_bad, sizeof r->first_bad, "%s: %s (%s) at failing call %lu",
                 what, privpol_strerror(st), err != NULL ? err->message : "",
                 r->c->fail_at);
    return false;
}

static int
discard(const char *data, size_t len, void *payload)
{
    size_t *total = payload;
    (void)data;
    *total += len;
    return 0;
}

/* The error detail cleared before a call that must fill it when it fails, so that a
 * status returned without its detail is seen whatever the stack held. */
static privpol_error *
fresh(privpol_error *err)
{
    privpol_error_clear(err);
    return err;
}

/* A result of a step that succeeded: the first (reference) run keeps it, every later run
 * must give the same. */
static void
same_as_reference(struct reference *ref, char *kept, size_t cap, const char *got,
                  size_t len)
{
    if (!ref->set) {
        assert_true(len < cap);
        memcpy(kept, got, len);
        kept[len] = '\0';
    } else {
        assert_int_equal(len, strlen(kept));
        assert_memory_equal(got, kept, len);
    }
}

/* The record pipeline (issue 7: every allocation site of the new code too): a record, a
 * JSON line that grows every buffer (tokens, fields, free-text spans, the output), an
 * access-log line, fields added by hand; the record is used again after each failure.
 * Then sealing and unsealing bytes longer than the inline buffers. */
static void
run_record_and_seal(struct run *r, struct fixture *fx, const privpol_ctx *ctx,
                    const privpol_ctx *rctx)
{
    privpol_record *rec = NULL;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    privpol_error err;
    const char *out = NULL;
    size_t len = 0;
    struct reference *ref = &fx->ref;

    tag.tenant = "acme";
    tag.event_time = T0;
    if (step(r, "record_new", privpol_record_new(ctx, &rec, fresh(&err)), &err)) {
        privpol_record_summary sum = PRIVPOL_RECORD_SUMMARY_INIT;
        if (step(r, "record_scrub_json",
                 privpol_record_scrub_json(rec, &tag, fx->event, fx->event_len, &out, &len,
                                           fresh(&err)),
                 &err)) {
            assert_null(strstr(out, "80.31.203.13"));
            assert_null(strstr(out, "user7@example.org"));
            same_as_reference(ref, ref->json, sizeof ref->json, out, len);
        } else {
            assert_null(out);
        }
        if (step(r, "record_scrub_accesslog",
                 privpol_record_scrub_accesslog(rec, &tag, access_line,
                                                sizeof access_line - 1, &out, &len,
                                                fresh(&err)),
                 &err)) {
            assert_int_equal(strncmp(out, "pd1.", 4), 0);
            same_as_reference(ref, ref->log, sizeof ref->log, out, len);
        } else {
            assert_null(out);
        }
        /* by hand: a declared category, a classified one; cleared first */
        privpol_record_clear(rec);
        {
            privpol_category ip = PRIVPOL_CAT_UNKNOWN;
            privpol_record_field f = PRIVPOL_RECORD_FIELD_INIT;
            char got[sizeof ref->process];
            int n;
            if (privpol_category_find("connection.ip_address", &ip, NULL) != PRIVPOL_OK)
                fail_msg("category");
            if (step(r, "record_add",
                     privpol_record_add(rec, "client", 6, "192.0.2.1", 9, ip, NULL),
                     NULL) &&
                step(r, "record_add auto",
                     privpol_record_add(rec, "phone", 5, "+33612345678", 12,
                                        PRIVPOL_CAT_AUTO, NULL),
                     NULL) &&
                step(r, "record_process", privpol_record_process(rec, &tag, fresh(&err)),
                     &err)) {
                assert_int_equal(privpol_record_get_summary(rec, &sum, NULL), PRIVPOL_OK);
                assert_int_equal(privpol_record_get_field(rec, 0, &f, NULL), PRIVPOL_OK);
                n = snprintf(got, sizeof got, "%s %d %s|%d", f.name, (int)f.action,
                             f.value != NULL ? f.value : "-", (int)sum.identifiability);
                assert_true(n > 0 && (size_t)n < sizeof got);
                assert_int_equal(strncmp(f.value, "pd1.", 4), 0);
                same_as_reference(ref, ref->process, sizeof ref->process, got, (size_t)n);
            }
        }
    } else {
        assert_null(rec);
    }
    privpol_record_free(rec);
    rec = NULL;

    /* the controller: reversible tokens, written straight into the output buffer */
    if (rctx != NULL &&
        step(r, "record_new controller", privpol_record_new(rctx, &rec, fresh(&err)),
             &err)) {
        tag.role = PRIVPOL_ROLE_CONTROLLER;
        if (step(r, "record_scrub_json controller",
                 privpol_record_scrub_json(rec, &tag, fx->event, fx->event_len, &out, &len,
                                           fresh(&err)),
                 &err)) {
            assert_non_null(strstr(out, "\"email\":\"pr1."));
            same_as_reference(ref, ref->json_controller, sizeof ref->json_controller, out,
                              len);
        }
        privpol_record_free(rec);
    }

    /* sealing: bytes longer than the inline buffers of seal and unseal */
    if (rctx != NULL) {
        size_t cap = privpol_seal_len(LONG_VALUE) + 1, back_len = LONG_VALUE + 1;
        char *sealed = malloc(cap), *back = malloc(back_len);
        static const char ad[] = "privpol-reject:1:1:1";
        if (sealed == NULL || back == NULL)
            fail_msg("malloc");
        len = cap;
        if (step(r, "seal",
                 privpol_seal(ctx, T0, ad, sizeof ad - 1, fx->long_value, LONG_VALUE,
                              sealed, &len, fresh(&err)),
                 &err)) {
            assert_int_equal(len, cap - 1);
            if (step(r, "unseal",
                     privpol_unseal(rctx, ad, sizeof ad - 1, sealed, len, back, &back_len,
                                    fresh(&err)),
                     &err)) {
                assert_int_equal(back_len, LONG_VALUE);
                assert_memory_equal(back, fx->long_value, LONG_VALUE);
            }
        }
        free(sealed);
        free(back);
    }
}

/* One run of the sequence with the allocator `a`; everything made is freed before it
 * returns. A step that fails skips the steps that need what it would have made. */
static void
run_sequence(struct run *r, const privpol_allocator *a, struct fixture *fx)
{
    privpol_keyring *gen = NULL, *kr = NULL;
    privpol_policy *base = NULL, *acme = NULL, *loaded = NULL;
    privpol_ctx *ctx = NULL, *rctx = NULL, *dctx = NULL;
    privpol_pseudonymizer *pz = NULL;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_error err;
    char *token = NULL;
    size_t token_cap = privpol_pseudonym_reversible_size(LONG_VALUE), len;
    char path[128];

    snprintf(path, sizeof path, "%s/keys", fx->dir);
    if ((token = malloc(token_cap)) == NULL)
        fail_msg("malloc");

    /* keyrings */
    if (step(r, "keyring_generate", privpol_keyring_generate(0, a, &gen, NULL), NULL))
        assert_non_null(gen);
    else
        assert_null(gen);
    if (gen != NULL) {
        unlink(path);
        step(r, "keyring_save", privpol_keyring_save(gen, path, 0, &err), &err);
        /* replacing goes through a temporary name allocated with the hooks */
        step(r, "keyring_save replace",
             privpol_keyring_save(gen, path, PRIVPOL_KEYRING_SAVE_REPLACE, &err), &err);
    }
    if (!step(r, "keyring_parse",
              privpol_keyring_parse(SUPPORT_KEYRING_AB, sizeof SUPPORT_KEYRING_AB - 1,
                                    a, &kr, &err),
              &err))
        assert_null(kr);

    /* policies */
    if (!step(r, "policy_default", privpol_policy_default(a, &base, &err), &err))
        assert_null(base);
    if (base != NULL &&
        !step(r, "policy_supplement",
              privpol_policy_supplement(base, fx->acme, fx->acme_len, &acme, &err), &err))
        assert_null(acme);
    if (!step(r, "policy_load", privpol_policy_load(fx->policy_path, a, &loaded, &err), &err))
        assert_null(loaded);

    /* contexts: a processor under the supplement, a controller allowed to reveal under
     * the default policy (parsed by privpol_ctx_new() itself) */
    o.allocator = a;
    o.keyring = kr;
    if (kr != NULL && acme != NULL) {
        o.policy = acme;
        if (!step(r, "ctx_new processor", privpol_ctx_new(&o, &ctx, &err), &err))
            assert_null(ctx);
    }
    if (kr != NULL) {
        o.policy = NULL;
        o.role = PRIVPOL_ROLE_CONTROLLER;
        o.flags = PRIVPOL_CTX_ALLOW_REVEAL;
        if (!step(r, "ctx_new controller", privpol_ctx_new(&o, &rctx, &err), &err))
            assert_null(rctx);
    }
    /* a context without keyring, over a loaded policy */
    if (loaded != NULL) {
        privpol_ctx_options d = PRIVPOL_CTX_OPTIONS_INIT;
        d.allocator = a;
        d.policy = loaded;
        if (!step(r, "ctx_new keyless", privpol_ctx_new(&d, &dctx, &err), &err))
            assert_null(dctx);
    }
    /* the policies may go: the contexts hold references */
    privpol_policy_free(acme);
    acme = NULL;

    if (ctx != NULL) {
        char out[PRIVPOL_PSEUDONYM_LEN + 1];
        if (step(r, "pseudonymizer_new",
                 privpol_pseudonymizer_new(ctx, "acme", PRIVPOL_CAT_CONTACT_EMAIL, &pz, &err), &err)) {
            len = sizeof out;
            step(r, "pseudonymizer_run",
                 privpol_pseudonymizer_run(pz, "Julie@Example.fr", 16, T0, 0, out, &len,
                                           &err),
                 &err);
        } else {
            assert_null(pz);
        }
        /* a reversible token of a long value: its plaintext buffer is allocated */
        len = token_cap;
        if (step(r, "reversible token",
                 privpol_pseudonymize(ctx, "acme", PRIVPOL_CAT_TERMINAL_DEVICE_ID, fx->long_value,
                                      LONG_VALUE, T0, PRIVPOL_PSEUDONYM_REVERSIBLE, token,
                                      &len, &err),
                 &err) &&
            rctx != NULL) {
            char *value = malloc(LONG_VALUE + 1);
            size_t vlen = LONG_VALUE + 1;
            if (value == NULL)
                fail_msg("malloc");
            /* and its reveal: the decoded token is allocated too */
            if (step(r, "reveal",
                     privpol_reveal(rctx, "acme", token, len, NULL, value, &vlen, &err),
                     &err)) {
                assert_int_equal(vlen, LONG_VALUE);
                assert_memory_equal(value, fx->long_value, LONG_VALUE);
            }
            free(value);
        }
        /* redaction of more spans than fit inline, labels then pseudonyms */
        len = fx->redacted_cap;
        step(r, "redact labels",
             privpol_redact(ctx, "acme", T0, 0, fx->many_spans, fx->many_spans_len,
                            fx->redacted, &len, &err),
             &err);
        len = fx->redacted_cap;
        step(r, "redact pseudonyms",
             privpol_redact(ctx, "acme", T0, PRIVPOL_REDACT_PSEUDONYMIZE, fx->many_spans,
                            fx->many_spans_len, fx->redacted, &len, &err),
             &err);
        /* a decision (allocation-free, but under a policy built with the hooks) */
        {
            privpol_request q = PRIVPOL_REQUEST_INIT;
            privpol_decision d = PRIVPOL_DECISION_INIT;
            privpol_category cats[1];
            if (privpol_category_find("geolocation.imprecise", &cats[0], NULL) != PRIVPOL_OK)
                fail_msg("category");
            q.tenant = "acme";
            q.purpose = "store_locator";
            q.operation = PRIVPOL_OP_COLLECT;
            q.categories = cats;
            q.category_count = 1;
            q.at = T0;
            if (step(r, "decide", privpol_decide(ctx, &q, &d, NULL), NULL))
                assert_int_equal(d.verdict, PRIVPOL_ALLOW);
        }
    }
    if (dctx != NULL) {
        size_t total = 0;
        step(r, "ropa_write",
             privpol_ropa_write(privpol_ctx_policy(dctx), PRIVPOL_ROPA_HTML, discard, &total,
                                &err),
             &err);
        total = 0;
        step(r, "policy_write",
             privpol_policy_write(privpol_ctx_policy(dctx), PRIVPOL_POLICY_YAML, discard,
                                  &total, NULL),
             NULL);
    }

    if (ctx != NULL)
        run_record_and_seal(r, fx, ctx, rctx);

    privpol_pseudonymizer_free(pz);
    privpol_ctx_free(ctx);
    privpol_ctx_free(rctx);
    privpol_ctx_free(dctx);
    privpol_policy_free(base);
    privpol_policy_free(loaded);
    privpol_keyring_free(kr);
    privpol_keyring_free(gen);
    free(token);
}

static void
every_allocation_may_fail(void **state)
{
    struct fixture *fx = *state;
    unsigned long n, total_calls = 0;
    unsigned full_steps = 0;

    /* The reference run: nothing fails, every step succeeds. */
    {
        struct counting c = {0, 0, false, 0, 0, 0};
        privpol_allocator a = {c_alloc, c_realloc, c_free, &c};
        struct run r = {&c, 0, 0, ""};
        run_sequence(&r, &a, fx);
        if (r.first_bad[0] != '\0')
            fail_msg("%s", r.first_bad);
        assert_int_equal(r.enomem, 0);
        assert_true(c.allocs == c.frees && c.live_bytes == 0);
        fx->ref.set = true;
    }
    for (n = 1;; n++) {
        struct counting c = {0, n, false, 0, 0, 0};
        privpol_allocator a = {c_alloc, c_realloc, c_free, &c};
        struct run r = {&c, 0, 0, ""};
        run_sequence(&r, &a, fx);
        if (r.first_bad[0] != '\0')
            fail_msg("%s", r.first_bad);
        if (c.allocs != c.frees || c.live_bytes != 0)
            fail_msg("failing allocation %lu: %lu allocations, %lu frees, %zu bytes live", n,
                     c.allocs, c.frees, c.live_bytes);
        /* one allocation failed: exactly the one step that made it reports it */
        if (c.failed && r.enomem != 1)
            fail_msg("failing allocation %lu: %u steps returned PRIVPOL_ENOMEM", n, r.enomem);
        if (!c.failed) {
            /* fewer than n allocations: the run without failure, every step OK */
            assert_int_equal(r.enomem, 0);
            full_steps = r.steps_ok;
            total_calls = c.calls;
            break;
        }
        if (n > 1000000)
            fail_msg("the sequence does not end");
    }
    print_message("%lu allocation sites in turn failed; %u steps in the full run\n",
                  total_calls, full_steps);
    assert_true(total_calls > 10);
    assert_true(full_steps >= 28);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_may_fail),
    };
    return cmocka_run_group_tests_name("alloc-failure", tests, setup, teardown);
}
