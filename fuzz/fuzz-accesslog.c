/* SPDX-License-Identifier: MIT */
/* The record pipeline on one access-log line: privpol_record_scrub_accesslog() on
 * hostile bytes, under four tags: a processor (client address pseudonymized), a
 * controller for service provision (pseudonymized too), for security logging
 * (reversible tokens) and for statistics (collection of the address denied: "-", the
 * time cut to the hour). The event time is the line's.
 * Properties:
 *  - the status is OK, PRIVPOL_EPARSE, PRIVPOL_ELIMIT (more fields than a record holds)
 *    or PRIVPOL_ENOKEY for a line dated before the first key (1970); a failure leaves no
 *    output and fills the error detail; a line whose client address is not an IP
 *    address (privpol_normalize()) is refused;
 *  - deterministic: a record reused across inputs, run twice, and a record made for
 *    the input give byte-identical output;
 *  - the output is a line the parser accepts again: with its first field (the client
 *    address's output) replaced by an IP address, scrubbing it succeeds;
 *  - the host (an IP address, at least 3 bytes) is not in the output's first field,
 *    unless that field is its own prefix (a network address generalized), and occurs
 *    in the output only if the rest of the input line holds it too (as it is or once
 *    its escapes are decoded); ident and remote user: "-" stays "-", and one of at
 *    least 6 bytes (not a token) is not in the output's second or third field;
 *  - with kept text scrubbed by the pipeline (KEPT_TEXT_SCRUBBED): no IP address, email
 *    address or phone number that privpol_scan() finds in the input line (a span of 6
 *    bytes or more) is in the output (a byte search of the span's text), unless the
 *    same text is in the line where the scanner found nothing, or the span touches a
 *    backslash or percent escape or a `+` of a URL query (the pipeline reads the decoded
 *    text, the scanner the escapes);
 *  - no allocation leaks (the contexts' allocator counts live blocks). */
#include "fuzz.h"

/* The request's target and the referer are usage.journey, kept by the policy: what
 * privpol_scan() finds in them is replaced only by the pipeline's scrubbing of kept
 * text (needs kept-string scrubbing in record.c). */
#define KEPT_TEXT_SCRUBBED 1

#define MIN_SECRET 6U
#define MAX_SPANS 256U
#define REUSE_ROUNDS 128U
#define NTAGS 4

static struct fuzz_counter counter;
static const privpol_allocator counting = {fuzz_count_alloc, fuzz_count_realloc,
                                           fuzz_count_free, &counter};
static privpol_category cat_ip, cat_email, cat_phone;

/* The word at *i (up to the next space or the end), *i moved past the spaces after it. */
static const char *
word(const char *s, size_t n, size_t *i, size_t *len)
{
    size_t a = *i, b = a;
    while (b < n && s[b] != ' ')
        b++;
    *len = b - a;
    while (b < n && s[b] == ' ')
        b++;
    *i = b;
    return s + a;
}

/* The bytes of s with nginx's and Apache's escapes decoded (`\xHH`, `\"`, `\\`); a
 * block to free, *out_len its length. */
static char *
unescape(const char *s, size_t n, size_t *out_len)
{
    char *o = fuzz_dup(s, n);
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
            privpol__is_hex((unsigned char)s[i + 2]) &&
            privpol__is_hex((unsigned char)s[i + 3])) {
            o[j++] = (char)(privpol__hex_value((unsigned char)s[i + 2]) << 4 |
                            privpol__hex_value((unsigned char)s[i + 3]));
            i += 3;
        } else if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '"' || s[i + 1] == '\\')) {
            o[j++] = s[++i];
        } else {
            o[j++] = s[i];
        }
    }
    *out_len = j;
    return o;
}

/* Whether an escape touches line[a, b): a backslash one of the log (`\xHH`, `\"`), a
 * percent one of a URL (`%40`), or a `+` that a URL query reads as a space. The
 * pipeline reads the text with them decoded, the scanner reads them as they are, and the
 * two read differently there: "x@example.caf\xC3\xA9" is no address once decoded,
 * "/%33612345678" is "/3612345678", "?q=+16806172839" is "q= 16806172839". */
static bool
near_escape(const char *line, size_t len, size_t a, size_t b)
{
    size_t from = a >= 4 ? a - 4 : 0, to = b < len ? b + 1 : len;
    for (size_t i = from; i < to; i++)
        if (line[i] == '\\' || line[i] == '%')
            return true;
    if (line[a] == '+' || (a > 0 && line[a - 1] == '+'))
        for (size_t i = a; i-- > 0 && line[i] != '"' && line[i] != ' ';)
            if (line[i] == '?')
                return true;
    return false;
}

/* Whether the text of line[a, b) also occurs in the line where the scanner found
 * nothing (as in "Feb198.51.100.7", no address to it): there it may be kept. */
static bool
outside_spans(const char *line, size_t len, const privpol_span *spans, size_t n, size_t a,
              size_t b)
{
    for (const char *p = line;
         (p = fuzz_find(p, len - (size_t)(p - line), line + a, b - a)) != NULL; p++) {
        size_t at = (size_t)(p - line), s = 0;
        while (s < n && !(spans[s].start < at + (b - a) && at < spans[s].end))
            s++;
        if (s == n)
            return true;
    }
    return false;
}

static privpol_status
scrub(privpol_record *rec, const privpol_record_request *tag, const char *line, size_t len,
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

/* A secret (ident, remote user) s[0, n) and its output o[0, on). */
static void
check_secret(const char *s, size_t n, const char *o, size_t on)
{
    if (n == 1 && s[0] == '-')
        FUZZ_CHECK(on == 1 && o[0] == '-');
    else if (n >= MIN_SECRET && privpol_pseudonym_token_kind(s, n) == PRIVPOL_TOKEN_NONE)
        FUZZ_CHECK(fuzz_find(o, on, s, n) == NULL);
}

static void
check_output(const privpol_ctx *ctx, const char *line, size_t len, const char *out,
             size_t out_len)
{
    size_t i = 0, k = 0, host_len, ident_len, user_len, w_len, oident_len, ouser_len;
    const char *host, *ident, *user, *w, *oident, *ouser;

    host = word(line, len, &i, &host_len);
    ident = word(line, len, &i, &ident_len);
    user = word(line, len, &i, &user_len);
    FUZZ_CHECK(i < len && line[i] == '[');
    w = word(out, out_len, &k, &w_len);
    oident = word(out, out_len, &k, &oident_len);
    ouser = word(out, out_len, &k, &ouser_len);
    FUZZ_CHECK(w_len > 0 && oident_len > 0 && ouser_len > 0);
    FUZZ_CHECK(k < out_len && out[k] == '[');
    check_secret(ident, ident_len, oident, oident_len);
    check_secret(user, user_len, ouser, ouser_len);

    /* The client address. */
    if (host_len >= 3) {
        if (fuzz_find(w, w_len, host, host_len) != NULL)
            FUZZ_CHECK(w_len > host_len && memcmp(w, host, host_len) == 0 &&
                       w[host_len] == '/');
        if (fuzz_find(w + w_len, out_len - w_len, host, host_len) != NULL) {
            size_t rest_len;
            char *rest = unescape(line + host_len, len - host_len, &rest_len);
            FUZZ_CHECK(fuzz_find(line + host_len, len - host_len, host, host_len) !=
                           NULL ||
                       fuzz_find(rest, rest_len, host, host_len) != NULL);
            free(rest);
        }
    }

    /* What the scanner finds in the line. */
    if (KEPT_TEXT_SCRUBBED) {
        privpol_span spans[MAX_SPANS];
        size_t n = MAX_SPANS;
        privpol_status st = privpol_scan(ctx, line, len, spans, &n, NULL);
        FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_EBUFSIZE);
        if (n > MAX_SPANS)
            n = MAX_SPANS;
        for (size_t s = 0; s < n; s++) {
            privpol_category c = spans[s].category;
            size_t a = spans[s].start, b = spans[s].end;
            if ((c == cat_ip || c == cat_email || c == cat_phone) &&
                b - a >= MIN_SECRET && !near_escape(line, len, a, b) &&
                fuzz_find(out, out_len, line + a, b - a) != NULL)
                FUZZ_CHECK(outside_spans(line, len, spans, n, a, b));
        }
    }
}

/* The output with its first field replaced by an IP address is an access-log line. */
static void
check_reparse(privpol_record *rec, const privpol_record_request *tag, const char *out,
              size_t out_len)
{
    static const char ip[] = "192.0.2.1";
    const char *sp = memchr(out, ' ', out_len);
    const char *again;
    size_t again_len, rest;
    char *line;

    FUZZ_CHECK(sp != NULL);
    rest = out_len - (size_t)(sp - out);
    line = malloc(sizeof ip - 1 + rest);
    FUZZ_CHECK(line != NULL);
    memcpy(line, ip, sizeof ip - 1);
    memcpy(line + sizeof ip - 1, sp, rest);
    FUZZ_CHECK(scrub(rec, tag, line, sizeof ip - 1 + rest, &again, &again_len) ==
               PRIVPOL_OK);
    free(line);
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
        FUZZ_CHECK(privpol_category_find("connection.ip_address", &cat_ip, NULL) ==
                       PRIVPOL_OK &&
                   privpol_category_find("contact.email", &cat_email, NULL) == PRIVPOL_OK &&
                   privpol_category_find("contact.phone", &cat_phone, NULL) == PRIVPOL_OK);
        baseline = counter.live;
    }
    if (reused[0] == NULL) {
        FUZZ_CHECK(counter.live == baseline);
        for (int k = 0; k < NTAGS; k++)
            FUZZ_CHECK(privpol_record_new(ctx[tag_ctx[k]], &reused[k], NULL) ==
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
        privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
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
        FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_EPARSE || st == PRIVPOL_ELIMIT ||
                   st == PRIVPOL_ENOKEY);
        /* a client address that is not an IP address is refused, whatever the tag */
        if (st == PRIVPOL_OK) {
            const char *s1 = memchr(line, ' ', len);
            char norm[PRIVPOL_NORMALIZED_MAX];
            size_t norm_len = sizeof norm;
            FUZZ_CHECK(s1 != NULL);
            FUZZ_CHECK(privpol_normalize(ctx[0], PRIVPOL_CAT_CONNECTION_IP_ADDRESS, line,
                                         (size_t)(s1 - line), norm, &norm_len,
                                         NULL) == PRIVPOL_OK);
        }
        if (st == PRIVPOL_ENOKEY) { /* only before the first key, 1970-01-01 */
            size_t i = 0, w_len;
            for (int w = 0; w < 3; w++)
                (void)word(line, len, &i, &w_len);
            FUZZ_CHECK(len - i > 12 && line[i] == '[' &&
                       memcmp(line + i + 8, "1970", 4) <= 0);
        }
        if (st == PRIVPOL_OK) {
            check_output(ctx[tag_ctx[k]], line, len, out, out_len);
            first = fuzz_dup(out, out_len);
        }
        st2 = scrub(reused[k], &tag, line, size, &out2, &out2_len);
        FUZZ_CHECK(st2 == st && out2_len == out_len);
        FUZZ_CHECK(st != PRIVPOL_OK || memcmp(out2, first, out_len) == 0);
        if ((size_t)k == size % NTAGS) {
            live = counter.live;
            FUZZ_CHECK(privpol_record_new(ctx[tag_ctx[k]], &rec, NULL) == PRIVPOL_OK);
            st2 = scrub(rec, &tag, line, size, &out2, &out2_len);
            FUZZ_CHECK(st2 == st && out2_len == out_len);
            FUZZ_CHECK(st != PRIVPOL_OK || memcmp(out2, first, out_len) == 0);
            privpol_record_free(rec);
            FUZZ_CHECK(counter.live == live);
        }
        if (st == PRIVPOL_OK)
            check_reparse(reused[k], &tag, first, out_len);
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
