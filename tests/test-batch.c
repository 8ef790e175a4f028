/* SPDX-License-Identifier: MIT */
/* The batch entry points privpol_pseudonymizer_run_many() and
 * privpol_record_scrub_json_many() give, line for line, what the one-value calls give,
 * report failures per value or stop at the first, and resume through a small buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "support.h"

#define K1 "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
#define T0 1736150400 /* 2025-01-06T08:00:00Z */
#define IP PRIVPOL_CAT_CONNECTION_IP_ADDRESS
#define MAX_LINES 300

struct fixture {
    privpol_ctx *proc; /* processor */
    privpol_ctx *ctrl; /* controller, may reveal */
    char *events;      /* data/events-sample.jsonl, whole */
    size_t events_len;
};

static int
setup(void **state)
{
    privpol_keyring *kr = support_keyring("privpol-keyring 1\n"
                                          "key 0000000a 1970-01-01T00:00:00Z " K1 "\n");
    struct fixture *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    f->proc = support_ctx_keyed(kr, PRIVPOL_ROLE_PROCESSOR, 0);
    f->ctrl = support_ctx_keyed(kr, PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL);
    privpol_keyring_free(kr);
    f->events = support_read("data/events-sample.jsonl", &f->events_len);
    *state = f;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *f = *state;
    privpol_ctx_free(f->proc);
    privpol_ctx_free(f->ctrl);
    free(f->events);
    free(f);
    return 0;
}

/* A batch: values back to back plus their lengths. */
struct batch {
    char data[8192];
    size_t lens[64];
    size_t count, size;
};

static void
batch_add(struct batch *b, const char *v, size_t n)
{
    assert_true(b->count < 64 && b->size + n <= sizeof b->data);
    memcpy(b->data + b->size, v, n);
    b->size += n;
    b->lens[b->count++] = n;
}

/* What privpol_pseudonymizer_run() gives for each value, as batch lines: the token and
 * a line feed, or a lone line feed for a value that fails. */
static size_t
expected_lines(privpol_pseudonymizer *pz, const struct batch *b, unsigned flags,
               char *out, size_t cap, privpol_status *st)
{
    size_t pos = 0, off = 0;
    for (size_t i = 0; i < b->count; i++) {
        size_t len = cap - pos;
        st[i] = privpol_pseudonymizer_run(pz, b->data + off, b->lens[i], T0, flags,
                                          out + pos, &len, NULL);
        pos += st[i] == PRIVPOL_OK ? len : 0;
        out[pos++] = '\n';
        off += b->lens[i];
    }
    return pos;
}

/* One token of each kind, to pass through a batch unchanged. */
static void
tokens_of(const privpol_ctx *ctx, char pd[64], char pr[256])
{
    size_t len = 64;
    assert_int_equal(
        privpol_pseudonymize(ctx, "acme", IP, "192.0.2.9", 9, T0, 0, pd, &len, NULL),
        PRIVPOL_OK);
    len = 256;
    assert_int_equal(privpol_pseudonymize(ctx, "acme", IP, "192.0.2.9", 9, T0,
                                          PRIVPOL_PSEUDONYM_REVERSIBLE, pr, &len, NULL),
                     PRIVPOL_OK);
    assert_true(len > PRIVPOL_PSEUDONYM_LEN);
}

static void
fill_values(const privpol_ctx *ctx, struct batch *b)
{
    static const char *const plain[] = {"192.0.2.1",        " 198.51.100.7\n",
                                        "::ffff:192.0.2.1", "2001:db8::1",
                                        "not an address",   "",
                                        "10.0.0.300",       "203.0.113.200"};
    char pd[64], pr[256];
    tokens_of(ctx, pd, pr);
    memset(b, 0, sizeof *b);
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        batch_add(b, plain[i], strlen(plain[i]));
    batch_add(b, pd, strlen(pd)); /* a pseudonym of this keyring passes through */
    batch_add(b, pr, strlen(pr)); /* so does a reversible token, longer than a line */
    batch_add(b, "192.0.2.1", 9);
}

static void
pseudonym_batch_equals_one_by_one(void **state)
{
    struct fixture *f = *state;
    unsigned flag_sets[] = {0, PRIVPOL_PSEUDONYM_REVERSIBLE};
    for (size_t k = 0; k < 2; k++) {
        const privpol_ctx *ctx = k == 0 ? f->proc : f->ctrl;
        privpol_pseudonymizer *one = NULL, *many = NULL;
        privpol_status want_st[64], got_st[64];
        char want[8192], got[8192];
        size_t want_len, got_len = sizeof got, done = 99;
        privpol_error err;
        struct batch b;

        fill_values(ctx, &b);
        assert_int_equal(privpol_pseudonymizer_new(ctx, "acme", IP, &one, NULL),
                         PRIVPOL_OK);
        assert_int_equal(privpol_pseudonymizer_new(ctx, "acme", IP, &many, NULL),
                         PRIVPOL_OK);
        want_len = expected_lines(one, &b, flag_sets[k], want, sizeof want, want_st);
        memset(got_st, 0x55, sizeof got_st);
        assert_int_equal(privpol_pseudonymizer_run_many(many, b.data, b.lens, b.count, T0,
                                                        flag_sets[k], got, &got_len,
                                                        got_st, &done, &err),
                         PRIVPOL_OK);
        assert_int_equal(done, b.count);
        assert_int_equal(got_len, want_len);
        assert_memory_equal(got, want, want_len);
        for (size_t i = 0; i < b.count; i++)
            assert_int_equal(got_st[i], want_st[i]);
        /* the invalid address, the empty value, the bad octet */
        assert_int_equal(got_st[4], PRIVPOL_EVALUE);
        assert_int_equal(got_st[5], PRIVPOL_EVALUE);
        assert_int_equal(got_st[6], PRIVPOL_EVALUE);
        assert_int_equal(got_st[0], PRIVPOL_OK);
        /* err: the first failure, its 1-based place in the batch */
        assert_int_equal(err.status, PRIVPOL_EVALUE);
        assert_int_equal(err.line, 5);
        assert_null(strstr(err.message, "not an address"));
        privpol_pseudonymizer_free(one);
        privpol_pseudonymizer_free(many);
    }
}

static void
pseudonym_batch_stops_without_statuses(void **state)
{
    struct fixture *f = *state;
    privpol_pseudonymizer *pz = NULL;
    char out[4096];
    size_t out_len = sizeof out, done = 99;
    privpol_error err;
    struct batch b;

    fill_values(f->proc, &b);
    assert_int_equal(privpol_pseudonymizer_new(f->proc, "acme", IP, &pz, NULL),
                     PRIVPOL_OK);
    assert_int_equal(privpol_pseudonymizer_run_many(pz, b.data, b.lens, b.count, T0, 0,
                                                    out, &out_len, NULL, &done, &err),
                     PRIVPOL_EVALUE);
    assert_int_equal(done, 4);
    assert_int_equal(out_len, 4 * (PRIVPOL_PSEUDONYM_LEN + 1));
    assert_int_equal(err.line, 5);
    /* the rest, from the value after the one that failed */
    out_len = sizeof out;
    assert_int_equal(privpol_pseudonymizer_run_many(pz,
                                                    b.data + b.lens[0] + b.lens[1] +
                                                        b.lens[2] + b.lens[3] +
                                                        b.lens[4] + b.lens[5] + b.lens[6],
                                                    b.lens + 7, b.count - 7, T0, 0, out,
                                                    &out_len, NULL, &done, &err),
                     PRIVPOL_OK);
    assert_int_equal(done, b.count - 7);
    privpol_pseudonymizer_free(pz);
}

static void
pseudonym_batch_resumes_in_a_small_buffer(void **state)
{
    struct fixture *f = *state;
    privpol_pseudonymizer *pz = NULL;
    privpol_status want_st[64], st[64];
    char want[8192], got[8192], small[300];
    size_t want_len, got_len = 0, start = 0, off = 0, calls = 0;
    struct batch b;

    fill_values(f->proc, &b);
    assert_int_equal(privpol_pseudonymizer_new(f->proc, "acme", IP, &pz, NULL),
                     PRIVPOL_OK);
    want_len = expected_lines(pz, &b, 0, want, sizeof want, want_st);
    while (start < b.count) {
        size_t cap = sizeof small, done = 0;
        privpol_status rc = privpol_pseudonymizer_run_many(
            pz, b.data + off, b.lens + start, b.count - start, T0, 0, small, &cap,
            st + start, &done, NULL);
        assert_true(rc == PRIVPOL_OK || rc == PRIVPOL_EBUFSIZE);
        assert_true(done > 0 && cap <= sizeof small);
        assert_true(rc == PRIVPOL_EBUFSIZE || start + done == b.count);
        memcpy(got + got_len, small, cap);
        got_len += cap;
        for (size_t i = start; i < start + done; i++)
            off += b.lens[i];
        start += done;
        calls++;
    }
    assert_true(calls > 1);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    for (size_t i = 0; i < b.count; i++)
        assert_int_equal(st[i], want_st[i]);
    privpol_pseudonymizer_free(pz);
}

static void
pseudonym_batch_edges(void **state)
{
    struct fixture *f = *state;
    privpol_pseudonymizer *pz = NULL;
    const size_t len1 = 9;
    char out[64];
    size_t out_len, done;

    assert_int_equal(privpol_pseudonymizer_new(f->proc, "acme", IP, &pz, NULL),
                     PRIVPOL_OK);
    /* no room for one token: nothing done, the caller needs a larger buffer */
    out_len = PRIVPOL_PSEUDONYM_LEN;
    assert_int_equal(privpol_pseudonymizer_run_many(pz, "192.0.2.1", &len1, 1, T0, 0, out,
                                                    &out_len, NULL, &done, NULL),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(done, 0);
    assert_int_equal(out_len, 0);
    /* exactly one line */
    out_len = PRIVPOL_PSEUDONYM_LEN + 1;
    assert_int_equal(privpol_pseudonymizer_run_many(pz, "192.0.2.1", &len1, 1, T0, 0, out,
                                                    &out_len, NULL, &done, NULL),
                     PRIVPOL_OK);
    assert_int_equal(done, 1);
    assert_int_equal(out_len, PRIVPOL_PSEUDONYM_LEN + 1);
    assert_int_equal(out[PRIVPOL_PSEUDONYM_LEN], '\n');
    /* nothing to do */
    out_len = sizeof out;
    assert_int_equal(privpol_pseudonymizer_run_many(pz, NULL, NULL, 0, T0, 0, out,
                                                    &out_len, NULL, &done, NULL),
                     PRIVPOL_OK);
    assert_int_equal(done, 0);
    assert_int_equal(out_len, 0);
    /* misuse */
    out_len = sizeof out;
    assert_int_equal(privpol_pseudonymizer_run_many(NULL, "192.0.2.1", &len1, 1, T0, 0,
                                                    out, &out_len, NULL, &done, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_pseudonymizer_run_many(pz, "192.0.2.1", NULL, 1, T0, 0, out,
                                                    &out_len, NULL, &done, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_pseudonymizer_run_many(pz, NULL, &len1, 1, T0, 0, out,
                                                    &out_len, NULL, &done, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_pseudonymizer_run_many(pz, "192.0.2.1", &len1, 1, T0, 0, out,
                                                    &out_len, NULL, NULL, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_pseudonymizer_run_many(pz, "192.0.2.1", &len1, 1, T0, 8, out,
                                                    &out_len, NULL, &done, NULL),
                     PRIVPOL_EINVAL);
    privpol_pseudonymizer_free(pz);
}

/* ---- JSON ----------------------------------------------------------------------------
 */

struct texts {
    const char *p[MAX_LINES];
    size_t lens[MAX_LINES];
    size_t count;
    char *joined;
    size_t size;
};

/* Lines of the sample (line feeds kept), with a broken and an over-deep text among them.
 */
static void
texts_of(const struct fixture *f, struct texts *t, size_t max)
{
    static char deep[6 * (PRIVPOL_RECORD_MAX_DEPTH + 1) + 2];
    const char *s = f->events, *end = f->events + f->events_len;
    size_t d = 0;
    memset(t, 0, sizeof *t);
    for (size_t k = 0; k <= PRIVPOL_RECORD_MAX_DEPTH; k++, d += 5)
        memcpy(deep + d, "{\"a\":", 5);
    deep[d++] = '1';
    for (size_t k = 0; k <= PRIVPOL_RECORD_MAX_DEPTH; k++)
        deep[d++] = '}';
    while (s < end && t->count < max) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl != NULL ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        if (t->count == 3) {
            t->p[t->count] = "{\"ip\": \"192.0.2.1\",";
            t->lens[t->count++] = 19;
        } else if (t->count == 5) {
            t->p[t->count] = deep;
            t->lens[t->count++] = d;
        }
        t->p[t->count] = s;
        t->lens[t->count++] = n;
        s += n;
    }
    for (size_t i = 0; i < t->count; i++)
        t->size += t->lens[i];
    t->joined = malloc(t->size + 1);
    assert_non_null(t->joined);
    for (size_t i = 0, off = 0; i < t->count; off += t->lens[i++])
        memcpy(t->joined + off, t->p[i], t->lens[i]);
}

static void
tag_for(privpol_record_request *tag)
{
    privpol_record_request_init(tag);
    /* the tenants of data/events-sample.jsonl */
    static const char *const known[] = {"acme-mobile-fr", "acme-fixe-fr", "acme-pro-fr",
                                        "globex-be",      "initech-ch",   "umbrella-ma"};
    tag->tenant = "fallback";
    tag->tenant_field = "tenant";
    tag->tenants = known;
    tag->tenant_count = sizeof known / sizeof *known;
}

static void
json_batch_equals_one_by_one(void **state)
{
    struct fixture *f = *state;
    privpol_record *one = NULL, *many = NULL;
    privpol_status st[MAX_LINES], want_st[MAX_LINES];
    size_t cap = 1U << 20, want_len = 0, got_len = cap, done = 0, lines = 0;
    char *want = malloc(cap), *got = malloc(cap);
    privpol_error err;
    privpol_record_request tag;
    struct texts t;

    assert_non_null(want);
    assert_non_null(got);
    texts_of(f, &t, 200);
    tag_for(&tag);
    assert_int_equal(privpol_record_new(f->proc, &one, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_record_new(f->proc, &many, NULL), PRIVPOL_OK);
    for (size_t i = 0; i < t.count; i++) {
        const char *res;
        size_t res_len;
        want_st[i] =
            privpol_record_scrub_json(one, &tag, t.p[i], t.lens[i], &res, &res_len, NULL);
        if (want_st[i] == PRIVPOL_OK) {
            memcpy(want + want_len, res, res_len);
            want_len += res_len;
        }
        want[want_len++] = '\n';
    }
    assert_int_equal(want_st[3], PRIVPOL_EPARSE);
    assert_int_equal(want_st[5], PRIVPOL_ELIMIT);
    assert_int_equal(privpol_record_scrub_json_many(many, &tag, t.joined, t.lens, t.count,
                                                    got, &got_len, st, &done, &err),
                     PRIVPOL_OK);
    assert_int_equal(done, t.count);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    for (size_t i = 0; i < t.count; i++)
        assert_int_equal(st[i], want_st[i]);
    for (size_t i = 0; i < got_len; i++)
        lines += got[i] == '\n';
    assert_int_equal(lines,
                     t.count); /* one line per text: no line feed inside the JSON */
    assert_int_equal(err.status, PRIVPOL_EPARSE);
    assert_int_equal(err.line, 4);
    assert_true(err.column > 0);

    /* without statuses: the batch stops at the broken text */
    got_len = cap;
    assert_int_equal(privpol_record_scrub_json_many(many, &tag, t.joined, t.lens, t.count,
                                                    got, &got_len, NULL, &done, &err),
                     PRIVPOL_EPARSE);
    assert_int_equal(done, 3);
    assert_int_equal(err.line, 4);
    assert_memory_equal(got, want, got_len);
    assert_int_equal(got[got_len - 1], '\n');

    privpol_record_free(one);
    privpol_record_free(many);
    free(t.joined);
    free(want);
    free(got);
}

static void
json_batch_resumes_in_a_small_buffer(void **state)
{
    struct fixture *f = *state;
    privpol_record *r = NULL;
    privpol_status st[MAX_LINES];
    size_t cap = 1U << 20, want_len = cap, done, start = 0, off = 0, got_len = 0,
           calls = 0;
    char *want = malloc(cap), *got = malloc(cap), small[1024];
    privpol_record_request tag;
    struct texts t;

    assert_non_null(want);
    assert_non_null(got);
    texts_of(f, &t, 40);
    tag_for(&tag);
    assert_int_equal(privpol_record_new(f->proc, &r, NULL), PRIVPOL_OK);
    assert_int_equal(privpol_record_scrub_json_many(r, &tag, t.joined, t.lens, t.count,
                                                    want, &want_len, st, &done, NULL),
                     PRIVPOL_OK);
    while (start < t.count) {
        size_t n = sizeof small;
        privpol_status rc = privpol_record_scrub_json_many(
            r, &tag, t.joined + off, t.lens + start, t.count - start, small, &n,
            st + start, &done, NULL);
        assert_true(rc == PRIVPOL_OK || rc == PRIVPOL_EBUFSIZE);
        assert_true(done > 0);
        memcpy(got + got_len, small, n);
        got_len += n;
        for (size_t i = start; i < start + done; i++)
            off += t.lens[i];
        start += done;
        calls++;
    }
    assert_true(calls > 2);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);

    /* a record larger than the whole buffer: nothing done, EBUFSIZE */
    done = 99;
    cap = 16;
    assert_int_equal(privpol_record_scrub_json_many(r, &tag, t.joined, t.lens, 1, small,
                                                    &cap, NULL, &done, NULL),
                     PRIVPOL_EBUFSIZE);
    assert_int_equal(done, 0);
    assert_int_equal(cap, 0);

    /* misuse is refused before any text */
    cap = sizeof small;
    tag.version = 99;
    assert_int_equal(privpol_record_scrub_json_many(r, &tag, t.joined, t.lens, t.count,
                                                    small, &cap, st, &done, NULL),
                     PRIVPOL_EVERSION);
    tag_for(&tag);
    assert_int_equal(privpol_record_scrub_json_many(NULL, &tag, t.joined, t.lens, t.count,
                                                    small, &cap, st, &done, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_record_scrub_json_many(r, &tag, NULL, t.lens, t.count, small,
                                                    &cap, st, &done, NULL),
                     PRIVPOL_EINVAL);
    assert_int_equal(privpol_record_scrub_json_many(r, &tag, t.joined, t.lens, t.count,
                                                    small, &cap, st, NULL, NULL),
                     PRIVPOL_EINVAL);
    privpol_record_free(r);
    free(t.joined);
    free(want);
    free(got);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pseudonym_batch_equals_one_by_one),
        cmocka_unit_test(pseudonym_batch_stops_without_statuses),
        cmocka_unit_test(pseudonym_batch_resumes_in_a_small_buffer),
        cmocka_unit_test(pseudonym_batch_edges),
        cmocka_unit_test(json_batch_equals_one_by_one),
        cmocka_unit_test(json_batch_resumes_in_a_small_buffer),
    };
    return cmocka_run_group_tests_name("batch", tests, setup, teardown);
}
