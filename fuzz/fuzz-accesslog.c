/* SPDX-License-Identifier: MIT */
/* The record pipeline on one access-log line: privpol_record_scrub_accesslog() on
 * hostile bytes, under four tags: a processor (client address pseudonymized), a
 * controller for service provision (pseudonymized too), for security logging
 * (reversible tokens) and for statistics (collection of the address denied: "-"). The
 * event time is the line's.
 * Properties:
 *  - the status is OK, PRIVPOL_EPARSE, or PRIVPOL_ENOKEY for a line dated before the
 *    first key (1970); a failure leaves no output and fills the error detail; a line
 *    whose client address is not an IP address (privpol_normalize()) is refused;
 *  - deterministic: a record reused across inputs, run twice, and a record made for
 *    the input give byte-identical output;
 *  - on success only the host and a remote user other than "-" change: the output after
 *    its first space is the input after its first space with the user replaced, and
 *    from the space before `[` of the time field to the end the bytes are the input's
 *    (a final line feed and carriage return removed); a user of "-" stays "-";
 *  - the host (an IP address, at least 3 bytes) is not in the output's first field,
 *    unless that field is its own prefix (a network address generalized), and occurs
 *    in the output only if the rest of the input line holds it too; a remote user of at
 *    least 6 bytes (not a token) is not in the output's user field;
 *  - no allocation leaks (the contexts' allocator counts live blocks). */
#include "fuzz.h"

#define MIN_SECRET 6U
#define REUSE_ROUNDS 128U
#define NTAGS 4

static struct fuzz_counter counter;
static const privpol_allocator counting = {fuzz_count_alloc, fuzz_count_realloc,
                                           fuzz_count_free, &counter};

static const char *
space(const char *s, size_t n)
{
    return memchr(s, ' ', n);
}

static privpol_status
scrub(privpol_record *rec, const privpol_tag *tag, const char *line, size_t len,
      const char **out, size_t *out_len)
{
    privpol_error err;
    privpol_status st =
        privpol_record_scrub_accesslog(rec, tag, line, len, out, out_len, &err);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(*out == NULL && *out_len == 0);
        FUZZ_CHECK(fuzz_error_ok(&err, st));
    } else {
        FUZZ_CHECK(*out != NULL && (*out)[*out_len] == '\0');
        FUZZ_CHECK(memchr(*out, '\0', *out_len) == NULL);
    }
    return st;
}

/* The line's fields: host [0, s1), ident (s1, s2), user (s2, s3), then " [time] ...". */
static void
check_output(const char *line, size_t len, const char *out, size_t out_len)
{
    const char *s1, *s2, *s3, *o1, *word_end;
    size_t host_len, user_len, suffix_len, ident_len, slot_len;
    const char *user, *slot;

    FUZZ_CHECK((s1 = space(line, len)) != NULL);
    FUZZ_CHECK((s2 = space(s1 + 1, len - (size_t)(s1 + 1 - line))) != NULL);
    FUZZ_CHECK((s3 = space(s2 + 1, len - (size_t)(s2 + 1 - line))) != NULL);
    FUZZ_CHECK((size_t)(s3 + 1 - line) < len && s3[1] == '[');
    host_len = (size_t)(s1 - line);
    ident_len = (size_t)(s2 - s1); /* " ident" */
    user = s2 + 1;
    user_len = (size_t)(s3 - user);
    suffix_len = len - (size_t)(s3 - line); /* " [time] ..." */

    /* the output: WORD " ident " USER " [time] ..." */
    FUZZ_CHECK((o1 = space(out, out_len)) != NULL && o1 > out);
    FUZZ_CHECK((size_t)(o1 - out) + ident_len + 1 + suffix_len < out_len + 1);
    FUZZ_CHECK(memcmp(o1, s1, ident_len + 1) == 0);
    FUZZ_CHECK(memcmp(out + out_len - suffix_len, s3, suffix_len) == 0);
    slot = o1 + ident_len + 1;
    FUZZ_CHECK(out + out_len - suffix_len >= slot);
    slot_len = (size_t)(out + out_len - suffix_len - slot);
    FUZZ_CHECK(slot_len > 0 && space(slot, slot_len) == NULL);
    if (user_len == 1 && user[0] == '-') {
        FUZZ_CHECK(slot_len == 1 && slot[0] == '-');
        /* hence the output after its first space is the input after its first space */
        FUZZ_CHECK(out_len - (size_t)(o1 - out) == len - host_len &&
                   memcmp(o1, s1, len - host_len) == 0);
    } else if (user_len >= MIN_SECRET &&
               privpol_token_kind_of(user, user_len) == PRIVPOL_TOKEN_NONE) {
        FUZZ_CHECK(fuzz_find(slot, slot_len, user, user_len) == NULL);
    }

    /* The client address. */
    if (host_len >= 3) {
        const char *w = out;
        size_t w_len = (size_t)(o1 - out);
        if (fuzz_find(w, w_len, line, host_len) != NULL)
            FUZZ_CHECK(w_len > host_len && memcmp(w, line, host_len) == 0 &&
                       w[host_len] == '/');
        word_end = o1;
        if (fuzz_find(word_end, out_len - (size_t)(word_end - out), line, host_len) !=
            NULL)
            FUZZ_CHECK(fuzz_find(s1, len - host_len, line, host_len) != NULL);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx[2]; /* processor; controller */
    static privpol_record *reused[NTAGS];
    static size_t baseline;
    static unsigned rounds;
    static const char *const purposes[NTAGS] = {NULL, NULL, "security_logging",
                                                "statistics"};
    static const unsigned tag_ctx[NTAGS] = {0, 1, 1, 1};
    char *line = fuzz_dup(data, size);
    size_t len = size, live;

    if (ctx[0] == NULL) {
        ctx[0] = fuzz_ctx_with(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE, &counting);
        ctx[1] = fuzz_ctx_with(PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                               PRIVPOL_PERIOD_NONE, &counting);
        baseline = counter.live;
    }
    if (reused[0] == NULL) {
        FUZZ_CHECK(counter.live == baseline);
        for (int k = 0; k < NTAGS; k++)
            FUZZ_CHECK(privpol_record_new(&reused[k], ctx[tag_ctx[k]], NULL) ==
                       PRIVPOL_OK);
    }
    /* the library ignores one final line feed and carriage return */
    if (len > 0 && line[len - 1] == '\n')
        len--;
    if (len > 0 && line[len - 1] == '\r')
        len--;

    /* Each tag on its record reused across inputs, twice; one tag, chosen by the input,
     * also on a record made for this input alone (records are large: making three per
     * input would slow the fuzzer down several times). */
    for (int k = 0; k < NTAGS; k++) {
        privpol_tag tag = PRIVPOL_TAG_INIT;
        privpol_record *rec = NULL;
        const char *out = NULL, *out2 = NULL;
        size_t out_len = 0, out2_len = 0;
        char *first = NULL;
        privpol_status st, st2;

        tag.tenant = "acme";
        tag.purpose = purposes[k];
        if (tag_ctx[k] == 1)
            tag.role = PRIVPOL_ROLE_CONTROLLER;
        st = scrub(reused[k], &tag, line, size, &out, &out_len);
        FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_EPARSE || st == PRIVPOL_ENOKEY);
        /* a client address that is not an IP address is refused, whatever the tag */
        if (st == PRIVPOL_OK) {
            const char *s1 = space(line, len);
            char norm[PRIVPOL_NORMALIZED_MAX];
            size_t norm_len = sizeof norm;
            FUZZ_CHECK(s1 != NULL);
            FUZZ_CHECK(privpol_normalize(ctx[0], "connection.ip_address", line,
                                         (size_t)(s1 - line), norm, &norm_len,
                                         NULL) == PRIVPOL_OK);
        }
        if (st == PRIVPOL_ENOKEY) { /* only before the first key, 1970-01-01 */
            const char *s = line;
            for (int w = 0; w < 3; w++)
                s = space(s, len - (size_t)(s - line)) + 1;
            FUZZ_CHECK(s[0] == '[' && memcmp(s + 8, "1970", 4) <= 0);
        }
        if (st == PRIVPOL_OK) {
            check_output(line, len, out, out_len);
            first = fuzz_dup(out, out_len);
        }
        st2 = scrub(reused[k], &tag, line, size, &out2, &out2_len);
        FUZZ_CHECK(st2 == st && out2_len == out_len);
        FUZZ_CHECK(st != PRIVPOL_OK || memcmp(out2, first, out_len) == 0);
        if ((size_t)k == size % NTAGS) {
            live = counter.live;
            FUZZ_CHECK(privpol_record_new(&rec, ctx[tag_ctx[k]], NULL) == PRIVPOL_OK);
            st2 = scrub(rec, &tag, line, size, &out2, &out2_len);
            FUZZ_CHECK(st2 == st && out2_len == out_len);
            FUZZ_CHECK(st != PRIVPOL_OK || memcmp(out2, first, out_len) == 0);
            privpol_record_free(rec);
            FUZZ_CHECK(counter.live == live);
        }
        free(first);
    }
    if (++rounds % REUSE_ROUNDS == 0) {
        for (int k = 0; k < NTAGS; k++) {
            privpol_record_free(reused[k]);
            reused[k] = NULL;
        }
        FUZZ_CHECK(counter.live == baseline);
    }
    free(line);
    return 0;
}
