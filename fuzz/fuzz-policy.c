/* SPDX-License-Identifier: MIT */
/* Policy files: privpol_policy_parse(), privpol_policy_supplement() and
 * privpol_policy_write().
 * Input: any bytes, read both as a policy file and as a supplement of the default policy.
 * Properties: no crash, no leak (an allocator that counts what is live: every path frees
 * what it took); a failure is PRIVPOL_EPARSE or PRIVPOL_EINVAL with a filled error detail
 * whose line is within the text; deterministic (the same status, line, column and
 * message twice). A parsed policy round-trips: written as YAML it parses again, to a
 * policy that writes the same text; its JSON is written too. A supplemented policy has
 * the supplement's tenant; its effective policy, written as YAML, parses again (same
 * tenant and purposes) to a policy that writes the same text but for comments, and
 * that round-trips exactly. */
#include "fuzz.h"

struct buffer {
    char *data;
    size_t len, cap;
};

static int
append(const char *data, size_t len, void *payload)
{
    struct buffer *b = payload;
    FUZZ_CHECK(data != NULL || len == 0);
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap == 0 ? 4096 : b->cap;
        while (cap < b->len + len + 1)
            cap *= 2;
        b->data = realloc(b->data, cap);
        FUZZ_CHECK(b->data != NULL);
        b->cap = cap;
    }
    if (len > 0)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return 0;
}

static struct buffer
write_policy(const privpol_policy *p, privpol_policy_format format)
{
    struct buffer b = {NULL, 0, 0};
    FUZZ_CHECK(privpol_policy_write(p, format, append, &b, NULL) == PRIVPOL_OK);
    FUZZ_CHECK(b.len > 0);
    return b;
}

/* A failure of parse or supplement: documented status, filled detail, line in range. */
static void
check_failure(privpol_status st, const privpol_error *err, const char *s, size_t size)
{
    size_t lines = 1;
    FUZZ_CHECK(st == PRIVPOL_EPARSE || st == PRIVPOL_EINVAL);
    FUZZ_CHECK(fuzz_error_ok(err, st));
    /* line breaks as YAML counts them: LF, CR LF, a lone CR, and in UTF-8 NEL (C2 85),
     * LS and PS (E2 80 A8/A9) */
    for (size_t i = 0; i < size; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' || (c == '\r' && (i + 1 == size || s[i + 1] != '\n')))
            lines++;
        else if (c == 0xc2 && i + 1 < size && (unsigned char)s[i + 1] == 0x85)
            lines++;
        else if (c == 0xe2 && i + 2 < size && (unsigned char)s[i + 1] == 0x80 &&
                 ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9))
            lines++;
    }
    /* libyaml puts the end of a text that does not end with a line break at column 1 of
     * the line after its last (regressions/policy/truncated-flow-sequence-...): tolerated
     * there, and only there */
    FUZZ_CHECK(err->line <= lines || (err->line == lines + 1 && err->column == 1 && size > 0 &&
                                      s[size - 1] != '\n' && s[size - 1] != '\r'));
}

/* The text without its comment lines (those whose first non-blank byte is '#'). */
static struct buffer
without_comments(const struct buffer *b)
{
    struct buffer out = {NULL, 0, 0};
    size_t i = 0;
    append("", 0, &out);
    while (i < b->len) {
        const char *nl = memchr(b->data + i, '\n', b->len - i);
        size_t end = nl != NULL ? (size_t)(nl - b->data) + 1 : b->len, k = i;
        while (k < end && b->data[k] == ' ')
            k++;
        if (k == end || b->data[k] != '#')
            append(b->data + i, end - i, &out);
        i = end;
    }
    return out;
}

static void
round_trip(const privpol_policy *p)
{
    struct buffer yaml = write_policy(p, PRIVPOL_POLICY_YAML), again, json;
    privpol_policy *back = NULL;
    privpol_error err;

    /* deterministic */
    again = write_policy(p, PRIVPOL_POLICY_YAML);
    FUZZ_CHECK(again.len == yaml.len && memcmp(again.data, yaml.data, yaml.len) == 0);
    free(again.data);
    /* parses back to a policy that writes the same text */
    if (privpol_policy_parse(yaml.data, yaml.len, NULL, &back, &err) != PRIVPOL_OK) {
        fprintf(stderr, "written policy does not parse: %zu:%zu: %s\n", err.line,
                err.column, err.message);
        fuzz_fail(__FILE__, __LINE__, "the written policy parses again");
    }
    again = write_policy(back, PRIVPOL_POLICY_YAML);
    FUZZ_CHECK(again.len == yaml.len && memcmp(again.data, yaml.data, yaml.len) == 0);
    FUZZ_CHECK(strcmp(privpol_policy_id(back), privpol_policy_id(p)) == 0);
    FUZZ_CHECK(privpol_policy_purpose_count(back) == privpol_policy_purpose_count(p));
    free(again.data);
    json = write_policy(p, PRIVPOL_POLICY_JSON);
    FUZZ_CHECK(json.data[0] == '{');
    free(json.data);
    privpol_policy_free(back);
    free(yaml.data);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_policy *base; /* the default policy, built once, only read */
    const char *s = (const char *)data;
    struct fuzz_counter live = {0};
    privpol_allocator alloc = {fuzz_count_alloc, fuzz_count_realloc, fuzz_count_free, &live};
    privpol_policy *p = NULL, *p2 = NULL, *sup = NULL;
    privpol_error err, err2;
    privpol_status st;
    char *copy;

    if (base == NULL && privpol_policy_default(NULL, &base, NULL) != PRIVPOL_OK)
        fuzz_fail(__FILE__, __LINE__, "the default policy builds");
    if (size > PRIVPOL_POLICY_MAX_BYTES + 1)
        return 0;
    copy = fuzz_dup(s, size); /* exactly size bytes: a read past the end is seen */

    /* as a policy */
    st = privpol_policy_parse(copy, size, &alloc, &p, &err);
    FUZZ_CHECK(privpol_policy_parse(copy, size, NULL, &p2, &err2) == st);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(p == NULL && p2 == NULL && live.live == 0);
        check_failure(st, &err, copy, size);
        FUZZ_CHECK(err2.line == err.line && err2.column == err.column &&
                   strcmp(err2.message, err.message) == 0);
    } else {
        FUZZ_CHECK(p != NULL && p2 != NULL && live.live > 0);
        FUZZ_CHECK(privpol_policy_id(p) != NULL && privpol_policy_version(p) != NULL);
        FUZZ_CHECK(privpol_policy_tenant(p) == NULL);
        for (size_t i = 0; i < privpol_policy_purpose_count(p); i++)
            FUZZ_CHECK(privpol_policy_purpose_id(p, i) != NULL &&
                       privpol_policy_purpose_clause(p, i) != NULL);
        FUZZ_CHECK(privpol_policy_purpose_id(p, privpol_policy_purpose_count(p)) == NULL);
        round_trip(p);
        privpol_policy_free(p);
        privpol_policy_free(p2);
        FUZZ_CHECK(live.live == 0);
    }

    /* as a supplement of the default policy */
    st = privpol_policy_supplement(base, copy, size, &sup, &err);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(sup == NULL);
        check_failure(st, &err, copy, size);
        FUZZ_CHECK(privpol_policy_supplement(base, copy, size, &sup, &err2) == st);
        FUZZ_CHECK(err2.line == err.line && err2.column == err.column &&
                   strcmp(err2.message, err.message) == 0);
    } else {
        struct buffer yaml, json, again, a, b;
        privpol_policy *back = NULL;
        FUZZ_CHECK(sup != NULL && privpol_policy_tenant(sup) != NULL);
        FUZZ_CHECK(privpol_policy_purpose_count(sup) >= privpol_policy_purpose_count(base));
        json = write_policy(sup, PRIVPOL_POLICY_JSON);
        FUZZ_CHECK(json.data[0] == '{');
        free(json.data);
        /* The effective policy is a policy file: it parses, to a policy that writes the
         * same text but for comments (the supplement's version and reference, and which
         * rules came from it, are comments), and that itself round-trips exactly. */
        yaml = write_policy(sup, PRIVPOL_POLICY_YAML);
        if (privpol_policy_parse(yaml.data, yaml.len, NULL, &back, &err) != PRIVPOL_OK) {
            fprintf(stderr, "written effective policy does not parse: %zu:%zu: %s\n",
                    err.line, err.column, err.message);
            fuzz_fail(__FILE__, __LINE__, "the written effective policy parses");
        }
        FUZZ_CHECK(privpol_policy_tenant(back) != NULL &&
                   strcmp(privpol_policy_tenant(back), privpol_policy_tenant(sup)) == 0);
        FUZZ_CHECK(privpol_policy_purpose_count(back) == privpol_policy_purpose_count(sup));
        again = write_policy(back, PRIVPOL_POLICY_YAML);
        a = without_comments(&yaml);
        b = without_comments(&again);
        FUZZ_CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
        round_trip(back);
        free(a.data);
        free(b.data);
        free(again.data);
        free(yaml.data);
        privpol_policy_free(back);
        privpol_policy_free(sup);
    }
    free(copy);
    return 0;
}
