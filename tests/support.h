/* SPDX-License-Identifier: MIT */
/* Helpers shared by the C unit tests (tests/support.c): contexts, policies, keyrings and
 * fixture files. Every test builds its contexts and policies through these, so that a
 * change of the library's construction API is adapted here, not in each test.
 *
 * On an error the helpers fail the running test (cmocka fail_msg() with the library's
 * message); they may be called from a test, a setup or a teardown, on the test's thread.
 * Include after <cmocka.h>. */
#ifndef PRIVPOL_TESTS_SUPPORT_H
#define PRIVPOL_TESTS_SUPPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <privpol.h>

/* The tenant supplement fixture: tests/policy/acme-supplement.yaml. */
#define SUPPORT_ACME_SUPPLEMENT "tests/policy/acme-supplement.yaml"

/* ---- files ------------------------------------------------------------------------ */

/* `rel` (e.g. "tests/policy/acme-supplement.yaml", "data/events-sample.jsonl") under the
 * source tree: $PRIVPOL_SOURCE_ROOT, which tests/meson.build sets ("." if unset).
 * malloc'ed; free() it. */
char *support_path(const char *rel);
/* The whole file `rel` of the source tree, NUL-terminated (malloc'ed); its length in
 * *len if len is not NULL. Fails the test if it cannot be read. */
char *support_read(const char *rel, size_t *len);
/* The same for a path as it is. */
char *support_read_path(const char *path, size_t *len);
/* The file `rel` of the source tree opened for reading; fails the test if it cannot. */
FILE *support_open(const char *rel);

/* tests/data/phone/`name` (the libphonenumber example numbers) opened for reading. */
FILE *support_phone_vectors(const char *name);
/* The next data row of a tab-separated vector file, split on tabs into at most `max`
 * fields (in `line`, of `size` bytes); the number of fields, 0 at end of file. Skips
 * blank lines, '#' comment lines and the header (first field "region"). */
size_t support_next_row(FILE *f, char *line, size_t size, char **field, size_t max);

/* A copy of `text` with the first `old` replaced by `new`; fails the test if `old` is not
 * in it. free() it. */
char *support_replace(const char *text, const char *old, const char *new);

/* 1-based line of the first `needle` in `text`; fails the test if there is none. */
uint32_t support_line_of(const char *text, const char *needle);

/* ---- values ----------------------------------------------------------------------- */

/* The time `s` (privpol_time_parse()); fails the test if it is not one. */
int64_t support_at(const char *s);
/* The duration `s` (privpol_duration_parse()); fails the test if it is not one. */
privpol_duration support_duration(const char *s);
/* The index of category `id` (privpol_category_find()); fails the test if unknown. */
privpol_category support_category(const char *id);

/* A heap copy of exactly n bytes of s (no NUL added), so that AddressSanitizer or
 * valgrind catch a read past s[n - 1]; free() it. */
char *support_exact_copy(const char *s, size_t n);
/* The next number of the splitmix64 generator of seed *state (reproducible inputs). */
uint64_t support_splitmix64(uint64_t *state);

/* ---- keyrings, policies, contexts ------------------------------------------------- */

/* Two made-up keys, public: 0000000a from 1970, 0000000b from 2026-03-01. */
#define SUPPORT_KEYRING_AB                                                               \
    "privpol-keyring 1\n"                                                                \
    "key 0000000a 1970-01-01T00:00:00Z "                                                 \
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n"                 \
    "key 0000000b 2026-03-01T00:00:00Z "                                                 \
    "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210\n"

/* A keyring parsed from `text` (privpol_keyring_free()). */
privpol_keyring *support_keyring(const char *text);

/* The embedded default policy (privpol_policy_free()). */
privpol_policy *support_policy_default(void);
/* A policy parsed from `text`. */
privpol_policy *support_policy_parse(const char *text);
/* `base` with the supplement `text` (the result keeps `base` alive). */
privpol_policy *support_supplement(const privpol_policy *base, const char *text);
/* `base` with the supplement file `rel` of the source tree (SUPPORT_ACME_SUPPLEMENT). */
privpol_policy *support_supplement_file(const privpol_policy *base, const char *rel);

/* What a context is built from; zero (or SUPPORT_CTX_ARGS_INIT) gives the library's
 * defaults: the embedded default policy, no keyring, processor, no flag, region "FR". */
typedef struct support_ctx_args {
    const privpol_policy *policy;   /* NULL: the embedded default */
    const privpol_keyring *keyring; /* NULL: no pseudonyms */
    privpol_role role;
    unsigned flags;                     /* PRIVPOL_CTX_ALLOW_REVEAL and friends */
    const char *region;                 /* NULL: the default ("FR"); "": none */
    const privpol_allocator *allocator; /* NULL: libc */
    privpol_period default_period;
    const privpol_period_rule *periods;
    size_t periods_len;
} support_ctx_args;
/* clang-format off */
#define SUPPORT_CTX_ARGS_INIT                                                            \
    {NULL, NULL, PRIVPOL_ROLE_PROCESSOR, 0U, NULL, NULL, PRIVPOL_PERIOD_NONE, NULL, 0U}
/* clang-format on */

/* A context built from `args` (privpol_ctx_free()); NULL args: all defaults. */
privpol_ctx *support_ctx(const support_ctx_args *args);
/* The embedded default policy, no keyring, processor. */
privpol_ctx *support_ctx_default(void);
/* The embedded default policy with a keyring (or NULL), a role and flags. */
privpol_ctx *support_ctx_keyed(const privpol_keyring *kr, privpol_role role,
                               unsigned flags);
/* A given policy, no keyring, processor. */
privpol_ctx *support_ctx_policy(const privpol_policy *policy);
/* The embedded default policy, no keyring, phone region `region` ("" for none). */
privpol_ctx *support_ctx_region(const char *region);

/* ---- counted allocations, the record fixture -------------------------------------- */

/* Allocations and reallocations made through support_counting (hooks over malloc). */
extern size_t support_allocations;
extern const privpol_allocator support_counting;

/* The fixture of test-record and test-accesslog: a processor and a controller that may
 * reveal, sharing one keyring (key 0000000a, bytes SUPPORT_RECORD_KEY, valid since
 * 1970), both allocating through support_counting, each with a record. */
#define SUPPORT_RECORD_KEY                                                               \
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
struct support_records {
    privpol_keyring *kr;
    privpol_ctx *proc;
    privpol_ctx *ctrl;
    privpol_record *rec;  /* of proc */
    privpol_record *crec; /* of ctrl */
};
/* cmocka group setup and teardown: *state is a struct support_records. */
int support_records_setup(void **state);
int support_records_teardown(void **state);

#endif
