/* SPDX-License-Identifier: MIT */
/* Helpers shared by the C unit tests: see support.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "support.h"

/* ---- files ------------------------------------------------------------------------ */

char *
support_path(const char *rel)
{
    const char *root = getenv("PRIVPOL_SOURCE_ROOT");
    char *p;
    if (root == NULL || root[0] == '\0')
        root = ".";
    p = malloc(strlen(root) + strlen(rel) + 2);
    if (p == NULL)
        fail_msg("out of memory");
    sprintf(p, "%s/%s", root, rel);
    return p;
}

char *
support_read_path(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n = 0;
    if (f == NULL)
        fail_msg("cannot open %s", path);
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0)
        fail_msg("cannot size %s", path);
    if ((buf = malloc((size_t)n + 1)) == NULL)
        fail_msg("out of memory for %s", path);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n)
        fail_msg("cannot read %s", path);
    buf[n] = '\0';
    fclose(f);
    if (len != NULL)
        *len = (size_t)n;
    return buf;
}

char *
support_read(const char *rel, size_t *len)
{
    char *path = support_path(rel);
    char *buf = support_read_path(path, len);
    free(path);
    return buf;
}

FILE *
support_open(const char *rel)
{
    char *path = support_path(rel);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    free(path);
    return f;
}

FILE *
support_phone_vectors(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/data/phone/%s", name);
    return support_open(rel);
}

size_t
support_next_row(FILE *f, char *line, size_t size, char **field, size_t max)
{
    while (fgets(line, (int)size, f) != NULL) {
        size_t n = 0;
        char *p = line;
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0' || strncmp(line, "region\t", 7) == 0)
            continue;
        while (n < max) {
            field[n++] = p;
            if ((p = strchr(p, '\t')) == NULL)
                break;
            *p++ = '\0';
        }
        return n;
    }
    return 0;
}

char *
support_replace(const char *text, const char *old, const char *new)
{
    size_t len = strlen(text), o = strlen(old), n = strlen(new);
    const char *at = strstr(text, old);
    char *out;
    if (at == NULL)
        fail_msg("not in the text: %s", old);
    if ((out = malloc(len - o + n + 1)) == NULL)
        fail_msg("out of memory");
    memcpy(out, text, (size_t)(at - text));
    memcpy(out + (at - text), new, n);
    memcpy(out + (at - text) + n, at + o, len - (size_t)(at - text) - o + 1);
    return out;
}

uint32_t
support_line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    uint32_t line = 1;
    if (at == NULL)
        fail_msg("not found: %s", needle);
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

/* ---- values ----------------------------------------------------------------------- */

int64_t
support_at(const char *s)
{
    int64_t t = -1;
    privpol_error err = {0};
    if (privpol_time_parse(s, strlen(s), &t, &err) != PRIVPOL_OK)
        fail_msg("time '%s': %s (column %zu)", s, err.message, err.column);
    return t;
}

privpol_duration
support_duration(const char *s)
{
    privpol_duration d = {0, 0, 0, 0};
    privpol_error err = {0};
    if (privpol_duration_parse(s, strlen(s), &d, &err) != PRIVPOL_OK)
        fail_msg("duration '%s': %s (column %zu)", s, err.message, err.column);
    return d;
}

privpol_category
support_category(const char *id)
{
    privpol_category i = PRIVPOL_CAT_UNKNOWN;
    if (privpol_category_find(id, &i, NULL) != PRIVPOL_OK)
        fail_msg("no category %s", id);
    return i;
}

char *
support_exact_copy(const char *s, size_t n)
{
    char *copy = malloc(n > 0 ? n : 1);
    if (copy == NULL)
        fail_msg("out of memory");
    if (n > 0)
        memcpy(copy, s, n);
    return copy;
}

uint64_t
support_splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* ---- keyrings, policies, contexts ------------------------------------------------- */

/* Fail the test with the library's message. */
static void
failed(const char *what, privpol_status st, const privpol_error *err)
{
    if (err->line > 0)
        fail_msg("%s: %s (%zu:%zu %s)", what, privpol_strerror(st), err->line,
                 err->column, err->message);
    fail_msg("%s: %s (%s)", what, privpol_strerror(st), err->message);
}

privpol_keyring *
support_keyring(const char *text)
{
    privpol_keyring *kr = NULL;
    privpol_error err = {0};
    privpol_status st = privpol_keyring_parse(text, strlen(text), NULL, &kr, &err);
    if (st != PRIVPOL_OK)
        failed("privpol_keyring_parse", st, &err);
    return kr;
}

privpol_policy *
support_policy_default(void)
{
    privpol_policy *p = NULL;
    privpol_error err = {0};
    privpol_status st = privpol_policy_default(NULL, &p, &err);
    if (st != PRIVPOL_OK)
        failed("privpol_policy_default", st, &err);
    return p;
}

privpol_policy *
support_policy_parse(const char *text)
{
    privpol_policy *p = NULL;
    privpol_error err = {0};
    privpol_status st = privpol_policy_parse(text, strlen(text), NULL, &p, &err);
    if (st != PRIVPOL_OK)
        failed("privpol_policy_parse", st, &err);
    return p;
}

privpol_policy *
support_supplement(const privpol_policy *base, const char *text)
{
    privpol_policy *p = NULL;
    privpol_error err = {0};
    privpol_status st = privpol_policy_supplement(base, text, strlen(text), &p, &err);
    if (st != PRIVPOL_OK)
        failed("privpol_policy_supplement", st, &err);
    return p;
}

privpol_policy *
support_supplement_file(const privpol_policy *base, const char *rel)
{
    char *text = support_read(rel, NULL);
    privpol_policy *p = support_supplement(base, text);
    free(text);
    return p;
}

privpol_ctx *
support_ctx(const support_ctx_args *args)
{
    static const support_ctx_args none = SUPPORT_CTX_ARGS_INIT;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_ctx *ctx = NULL;
    privpol_error err = {0};
    privpol_status st;
    if (args == NULL)
        args = &none;
    o.policy = args->policy;
    o.keyring = args->keyring;
    o.role = args->role;
    o.flags = args->flags;
    o.allocator = args->allocator;
    o.default_period = args->default_period;
    o.periods = args->periods;
    o.periods_len = args->periods_len;
    if (args->region != NULL) {
        if (strlen(args->region) >= sizeof o.default_region)
            fail_msg("region too long: %s", args->region);
        memset(o.default_region, 0, sizeof o.default_region);
        memcpy(o.default_region, args->region, strlen(args->region));
    }
    st = privpol_ctx_new(&o, &ctx, &err);
    if (st != PRIVPOL_OK)
        failed("privpol_ctx_new", st, &err);
    return ctx;
}

privpol_ctx *
support_ctx_default(void)
{
    return support_ctx(NULL);
}

privpol_ctx *
support_ctx_keyed(const privpol_keyring *kr, privpol_role role, unsigned flags)
{
    support_ctx_args a = SUPPORT_CTX_ARGS_INIT;
    a.keyring = kr;
    a.role = role;
    a.flags = flags;
    return support_ctx(&a);
}

privpol_ctx *
support_ctx_policy(const privpol_policy *policy)
{
    support_ctx_args a = SUPPORT_CTX_ARGS_INIT;
    a.policy = policy;
    return support_ctx(&a);
}

privpol_ctx *
support_ctx_region(const char *region)
{
    support_ctx_args a = SUPPORT_CTX_ARGS_INIT;
    a.region = region;
    return support_ctx(&a);
}

/* ---- counted allocations, the record fixture -------------------------------------- */

size_t support_allocations;

static void *
count_alloc(size_t n, void *opaque)
{
    (void)opaque;
    support_allocations++;
    return malloc(n);
}

static void *
count_realloc(void *p, size_t n, void *opaque)
{
    (void)opaque;
    support_allocations++;
    return realloc(p, n);
}

static void
count_free(void *p, void *opaque)
{
    (void)opaque;
    free(p);
}

const privpol_allocator support_counting = {count_alloc, count_realloc, count_free, NULL};

int
support_records_setup(void **state)
{
    struct support_records *f = calloc(1, sizeof *f);
    support_ctx_args a = SUPPORT_CTX_ARGS_INIT;
    if (f == NULL)
        return -1;
    f->kr = support_keyring("privpol-keyring 1\n"
                            "key 0000000a 1970-01-01T00:00:00Z " SUPPORT_RECORD_KEY "\n");
    a.keyring = f->kr;
    a.allocator = &support_counting;
    f->proc = support_ctx(&a);
    a.role = PRIVPOL_ROLE_CONTROLLER;
    a.flags = PRIVPOL_CTX_ALLOW_REVEAL;
    f->ctrl = support_ctx(&a);
    if (privpol_record_new(f->proc, &f->rec, NULL) != PRIVPOL_OK ||
        privpol_record_new(f->ctrl, &f->crec, NULL) != PRIVPOL_OK)
        return -1;
    *state = f;
    return 0;
}

int
support_records_teardown(void **state)
{
    struct support_records *f = *state;
    privpol_record_free(f->rec);
    privpol_record_free(f->crec);
    privpol_ctx_free(f->proc);
    privpol_ctx_free(f->ctrl);
    privpol_keyring_free(f->kr);
    free(f);
    return 0;
}
