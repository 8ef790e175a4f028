/* SPDX-License-Identifier: MIT */
/* The record pipeline on one JSON text: privpol_record_scrub_json() on hostile bytes.
 * Input: one byte choosing the tag, then the text. Bit 0 of that byte: a processor
 * context, or a controller one allowed to reveal (which writes reversible tokens);
 * bit 1: the tenant comes from the record's top-level "tenant" string (tag.tenant_field,
 * known tenants "acme", "acme-fixe-fr" and "globex") rather than from the tag alone;
 * bit 2, controller only: purpose "statistics" (IP addresses and times generalized)
 * instead of the role's default. The event time is fixed in the tag, so the clock never
 * leaks into the output.
 * Properties:
 *  - the status is one the header documents for these arguments; a failure leaves no
 *    output and fills the error detail; a record whose tenant field names a tenant
 *    outside the known list is never scrubbed;
 *  - deterministic: the same record run again, a fresh record, and a record reused
 *    across inputs (tag caches warm, evicted) give byte-identical output;
 *  - the output is a JSON object that privpol_record_scrub_json() accepts in turn, not
 *    longer than 8 x the input + 4096 bytes, ending with the `_privpol` annotation;
 *  - every key that may be data (not a plain name: see plain_key()) and every non-null
 *    leaf is one field, in document order, a key before its value (the tenant member
 *    and an input `_privpol` excepted); a kept field's value is its input bytes;
 *  - a field not kept (pseudonymized, redacted, dropped) whose input value, taken raw
 *    from the text (values with a backslash are skipped here), is at least 6 bytes long
 *    does not occur in any key or value of the output, unless that text also occurs in
 *    what the output legitimately holds: a plain key of the input (kept as it is), the
 *    input bytes of a kept field or of the tenant, the output of another transformed
 *    field (a label, a token, a generalized value); the field's own output only for
 *    free text (the scanner keeps what it does not recognize), generalized values (a
 *    network address is its own prefix) and a token or label the value is a piece of;
 *    values that already are tokens are passed through and not checked;
 *  - nothing privpol_scan() finds is left in clear: every IP address, email address,
 *    phone number, card number or IBAN (a span of at least 6 bytes) that privpol_scan()
 *    finds in any string of the input, keys and values alike, once its JSON escapes are
 *    decoded, occurs in no key or value of the output (JSON escapes decoded, read as
 *    it is, percent-decoded, and percent-decoded with `+` as a space; the library's
 *    tokens cut out first), unless the policy keeps or generalizes its category for
 *    the tag's role and purpose (under the default policy: IP addresses generalized
 *    for statistics) or the span is a piece of the known tenant id the record names;
 *  - no allocation leaks: the context's allocator counts live blocks, which go back to
 *    their count once a record made for the input is freed, and every 128 inputs once
 *    the long-lived records are freed. */
#include "fuzz.h"

#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>

#define MIN_SECRET 6U   /* shorter values occur by chance */
#define MAX_CHECKED 512 /* fields checked per input, to bound the time per input */
#define MAX_SCANNED 256 /* input strings scanned per input, for the same reason */
#define MAX_SPANS 64U   /* spans read per string */
#define REUSE_ROUNDS 128U

static const char *const known_tenants[] = {"acme", "acme-fixe-fr", "globex"};
#define KNOWN_TENANTS (sizeof known_tenants / sizeof *known_tenants)

/* The categories whose spans must not survive in clear (privpol_scan() finds them). */
static const char *const scanned_ids[] = {"connection.ip_address", "contact.email",
                                          "contact.phone",         "terminal.msisdn",
                                          "financial.card_number", "financial.iban"};
#define SCANNED_IDS (sizeof scanned_ids / sizeof *scanned_ids)

static const char annotation[] = "\"_privpol\":{\"identifiability\":\"";

/* A byte range of the input or of the output. */
struct range {
    size_t start, end;
};

/* What the harness reads from the input text itself. */
struct input {
    const char *text;
    jsmntok_t *toks;
    int count;
    struct range *leaves; /* raw bytes of each field: a key that may be data (without
                             quotes) or a non-null leaf (strings without quotes) */
    size_t leaf_count;
    struct range *keys; /* plain keys, kept as they are */
    size_t key_count;
    struct range tenant; /* the tenant member's value, when the record gives one */
    bool have_tenant;
    int privpol_tok; /* token of the value of a top-level `_privpol` member, or -1 */
    char *scratch;   /* room to decode one string of the text */
};

static struct fuzz_counter counter;
static const privpol_allocator counting = {fuzz_count_alloc, fuzz_count_realloc,
                                           fuzz_count_free, &counter};

static bool
contains(const char *hay, size_t hay_len, const char *needle, size_t n)
{
    return fuzz_find(hay, hay_len, needle, n) != NULL;
}

/* Index of the token after the subtree rooted at i. */
static int
skip(const jsmntok_t *t, int i, int count)
{
    int need = 1;
    while (need > 0 && i < count) {
        need += t[i].size - 1;
        i++;
    }
    return i;
}

/* Tokenize a text the library accepted (so valid JSON); tokens malloc'd. */
static jsmntok_t *
tokenize(const char *text, size_t len, int *count)
{
    jsmn_parser p;
    jsmntok_t *toks;
    int n;
    jsmn_init(&p);
    n = jsmn_parse(&p, text, len, NULL, 0);
    FUZZ_CHECK(n > 0);
    toks = malloc((size_t)n * sizeof *toks);
    FUZZ_CHECK(toks != NULL);
    jsmn_init(&p);
    FUZZ_CHECK(jsmn_parse(&p, text, len, toks, (unsigned)n) == n);
    *count = n;
    return toks;
}

/* The value of a hex digit. */
static unsigned
hexval(char c)
{
    return c <= '9' ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

static unsigned
hex4(const char *s)
{
    return hexval(s[0]) << 12 | hexval(s[1]) << 8 | hexval(s[2]) << 4 | hexval(s[3]);
}

/* The content of a JSON string [s, s + n) (between its quotes, valid JSON: the library
 * accepted it) with its escapes decoded, written to out (room for n bytes: never
 * longer); its length. */
static size_t
unescape(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned cp;
        if (s[i] != '\\' || i + 1 >= n) {
            out[o++] = s[i];
            continue;
        }
        switch (s[++i]) {
        case 'b':
            out[o++] = '\b';
            continue;
        case 'f':
            out[o++] = '\f';
            continue;
        case 'n':
            out[o++] = '\n';
            continue;
        case 'r':
            out[o++] = '\r';
            continue;
        case 't':
            out[o++] = '\t';
            continue;
        case 'u':
            break;
        default:
            out[o++] = s[i];
            continue; /* " \ / */
        }
        if (i + 4 >= n) /* cannot happen in valid JSON */
            break;
        cp = hex4(s + i + 1);
        i += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < n && s[i + 1] == '\\' &&
            s[i + 2] == 'u') {
            unsigned lo = hex4(s + i + 3);
            if (lo >= 0xDC00 && lo < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
        }
        if (cp < 0x80) {
            out[o++] = (char)cp;
        } else if (cp < 0x800) {
            out[o++] = (char)(0xC0 | cp >> 6);
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out[o++] = (char)(0xE0 | cp >> 12);
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            out[o++] = (char)(0xF0 | cp >> 18);
            out[o++] = (char)(0x80 | ((cp >> 12) & 0x3F));
            out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    return o;
}

/* The decoded text of string token t (in in->scratch); its length. */
static size_t
decoded(const struct input *in, const jsmntok_t *t)
{
    return unescape(in->text + t->start, (size_t)(t->end - t->start), in->scratch);
}

static bool
bytes_are(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* The library's rule (docs/record.md): a key that cannot hold an identifier is a plain
 * name, kept as it is: ASCII letters, '_' and '-', fewer than six digits, and not only
 * hex digits and '-' (a MAC address, a UUID); at most 64 bytes. Any other key is a
 * field too. Checked against the library by the field count below. */
static bool
plain_key(const char *k, size_t n)
{
    size_t digits = 0;
    bool dash = false, non_hex = false;
    if (n == 0 || n > 64)
        return n == 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)k[i];
        if (c >= '0' && c <= '9') {
            digits++;
        } else if (c == '-') {
            dash = true;
        } else if (c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
            if ((c | 0x20) > 'f' || c == '_')
                non_hex = true;
        } else {
            return false;
        }
    }
    return digits < 6 && !(dash && !non_hex);
}

/* The fields in the order the library adds them (docs/record.md). */
static int
collect(struct input *in, int i, const char *tenant_field, bool top)
{
    const jsmntok_t *t = &in->toks[i];
    FUZZ_CHECK(i < in->count);
    if (t->type == JSMN_OBJECT) {
        int members = t->size;
        i++;
        for (int m = 0; m < members; m++) {
            const jsmntok_t *k = &in->toks[i];
            struct range key = {(size_t)k->start, (size_t)k->end};
            size_t kn;
            FUZZ_CHECK(k->type == JSMN_STRING && k->size == 1);
            kn = decoded(in, k);
            i++;
            if (top && bytes_are(in->scratch, kn, "_privpol")) {
                in->keys[in->key_count++] = key;
                in->privpol_tok = i;
                i = skip(in->toks, i, in->count);
                continue;
            }
            if (plain_key(in->scratch, kn))
                in->keys[in->key_count++] = key;
            else
                in->leaves[in->leaf_count++] = key;
            if (top && tenant_field != NULL && bytes_are(in->scratch, kn, tenant_field)) {
                /* the library refuses a second one, or one that is not a string */
                FUZZ_CHECK(!in->have_tenant && in->toks[i].type == JSMN_STRING);
                in->tenant.start = (size_t)in->toks[i].start;
                in->tenant.end = (size_t)in->toks[i].end;
                in->have_tenant = true;
                i++;
                continue;
            }
            i = collect(in, i, tenant_field, false);
        }
        return i;
    }
    if (t->type == JSMN_ARRAY) {
        int elements = t->size;
        i++;
        for (int e = 0; e < elements; e++)
            i = collect(in, i, tenant_field, false);
        return i;
    }
    if (t->type == JSMN_PRIMITIVE && t->end - t->start == 4 &&
        memcmp(in->text + t->start, "null", 4) == 0)
        return i + 1;
    in->leaves[in->leaf_count].start = (size_t)t->start;
    in->leaves[in->leaf_count].end = (size_t)t->end;
    in->leaf_count++;
    return i + 1;
}

static bool
is_token(const char *value, size_t len)
{
    const char *t = privpol__trim(value, &len);
    return privpol_pseudonym_token_kind(t, len) != PRIVPOL_TOKEN_NONE;
}

static bool
is_free_text(size_t category)
{
    const char *id = privpol_category_id(category);
    return id != NULL && (strcmp(id, "user_provided.free_text") == 0 ||
                          strcmp(id, "user_provided.survey") == 0);
}

/* A pseudonym, a reversible token or a redaction label: text made by the library, which
 * holds the value only if the value is a piece of that text ("0000000a", "contact"). */
static bool
is_replacement(const privpol_record_field *g)
{
    return privpol_pseudonym_token_kind(g->value, g->value_len) != PRIVPOL_TOKEN_NONE ||
           (g->action == PRIVPOL_ACTION_REDACT && g->value_len >= 2 &&
            g->value[0] == '[' && g->value[g->value_len - 1] == ']');
}

/* Whether the text v legitimately occurs in the output although field f was not kept. */
static bool
allowed(const struct input *in, const privpol_record_field *fields, size_t f,
        const char *v, size_t n)
{
    for (size_t k = 0; k < in->key_count; k++)
        if (contains(in->text + in->keys[k].start, in->keys[k].end - in->keys[k].start, v,
                     n))
            return true;
    if (in->have_tenant &&
        contains(in->text + in->tenant.start, in->tenant.end - in->tenant.start, v, n))
        return true;
    for (size_t j = 0; j < in->leaf_count; j++) {
        const privpol_record_field *g = &fields[j];
        if (g->action == PRIVPOL_ACTION_KEEP) {
            if (contains(in->text + in->leaves[j].start,
                         in->leaves[j].end - in->leaves[j].start, v, n))
                return true;
        } else if (g->value != NULL &&
                   (j != f || g->action == PRIVPOL_ACTION_GENERALIZE ||
                    is_free_text(g->category) || is_replacement(g)) &&
                   contains(g->value, g->value_len, v, n)) {
            return true;
        }
    }
    return false;
}

/* Whether v occurs inside one key or value (a string or a primitive) of the output
 * before `end`, the start of the annotation. */
static bool
in_a_value(const char *out, size_t end, const jsmntok_t *t, int count, const char *v,
           size_t n)
{
    const char *hit;
    size_t from = 0;
    while (from < end && (hit = fuzz_find(out + from, end - from, v, n)) != NULL) {
        size_t at = (size_t)(hit - out);
        for (int k = 1; k < count && (size_t)t[k].start <= at; k++)
            if ((t[k].type == JSMN_STRING || t[k].type == JSMN_PRIMITIVE) &&
                at + n <= (size_t)t[k].end)
                return true;
        from = at + 1;
    }
    return false;
}

/* The output's keys and values as a reader reads them: each string's JSON escapes
 * decoded (primitives as they are), then as it is, percent-decoded, and percent-decoded
 * with '+' as a space, each reading a piece of its own with the library's tokens blanked
 * out (a pseudonym or reversible token is random-looking text that can hold anything). */
struct readings {
    char *text;          /* the pieces, one after the other */
    struct range *piece; /* each piece's bytes in text */
    size_t pieces;
};

/* Blank out pd1./pr1. tokens: "pd1." 8 lowercase hex "." 22 base64url (a pseudonym),
 * "pr1." 8 hex "." and its base64url run (a reversible token, as long as its value). */
static void
blank_tokens(char *s, size_t n)
{
    for (size_t i = 0; i + 13 <= n; i++) {
        size_t j, run;
        if (s[i] != 'p' || (s[i + 1] != 'd' && s[i + 1] != 'r') || s[i + 2] != '1' ||
            s[i + 3] != '.' || s[i + 12] != '.')
            continue;
        for (j = i + 4; j < i + 12; j++)
            if (!((s[j] >= '0' && s[j] <= '9') || (s[j] >= 'a' && s[j] <= 'f')))
                break;
        if (j < i + 12)
            continue;
        for (run = 0; i + 13 + run < n; run++) {
            char c = s[i + 13 + run];
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                  (c >= 'A' && c <= 'Z') || c == '-' || c == '_'))
                break;
        }
        if (run < 22)
            continue;
        if (s[i + 1] == 'd')
            run = 22;
        memset(s + i, ' ', 13 + run);
        i += 12 + run;
    }
}

/* [s, s + n) percent-decoded (and '+' as a space with plus) into out; its length. */
static size_t
percent_decode(const char *s, size_t n, bool plus, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && privpol__is_hex((unsigned char)s[i + 1]) &&
            privpol__is_hex((unsigned char)s[i + 2])) {
            out[o++] = (char)(hexval(s[i + 1]) << 4 | hexval(s[i + 2]));
            i += 2;
        } else {
            out[o++] = plus && s[i] == '+' ? ' ' : s[i];
        }
    }
    return o;
}

static void
read_output(struct readings *rd, const char *out, size_t end, const jsmntok_t *t,
            int count)
{
    size_t used = 0;
    rd->text = malloc(3 * end + 1);
    rd->piece = malloc(3 * (size_t)count * sizeof *rd->piece);
    FUZZ_CHECK(rd->text != NULL && rd->piece != NULL);
    rd->pieces = 0;
    for (int k = 1; k < count && (size_t)t[k].end <= end; k++) {
        const char *s = out + t[k].start;
        size_t n = (size_t)(t[k].end - t[k].start), d;
        char *base = rd->text + used;
        if (t[k].type == JSMN_STRING)
            d = unescape(s, n, base);
        else if (t[k].type == JSMN_PRIMITIVE)
            memcpy(base, s, d = n);
        else
            continue;
        /* the decoded string, then its two percent-decoded readings after it */
        {
            size_t p1 = percent_decode(base, d, false, base + d);
            size_t p2 = percent_decode(base, d, true, base + d + p1);
            struct range r0 = {used, used + d}, r1 = {used + d, used + d + p1},
                         r2 = {used + d + p1, used + d + p1 + p2};
            blank_tokens(base, d + p1 + p2);
            rd->piece[rd->pieces++] = r0;
            rd->piece[rd->pieces++] = r1;
            rd->piece[rd->pieces++] = r2;
            used += d + p1 + p2;
        }
    }
}

/* Whether [v, v + n) occurs in a reading of the output. */
static bool
read_in(const struct readings *rd, const char *v, size_t n)
{
    for (size_t p = 0; p < rd->pieces; p++)
        if (contains(rd->text + rd->piece[p].start, rd->piece[p].end - rd->piece[p].start,
                     v, n))
            return true;
    return false;
}

/* Whether the policy keeps category c in clear, or generalizes it (a network address is
 * its own prefix), for the tag's role and purpose. */
static bool
kept_in_clear(const privpol_ctx *ctx, const privpol_record_request *tag, size_t c)
{
    privpol_transform tr = PRIVPOL_TRANSFORM_INIT;
    const char *purpose = tag->purpose;
    if (purpose == NULL)
        purpose = tag->role == PRIVPOL_ROLE_CONTROLLER ? "service_provision"
                                                       : "interaction_digitization";
    FUZZ_CHECK(privpol_policy_transform(privpol_ctx_policy(ctx), tag->role, purpose, c,
                                        &tr, NULL) == PRIVPOL_OK);
    return tr.action == PRIVPOL_ACTION_KEEP || tr.action == PRIVPOL_ACTION_GENERALIZE;
}

/* Nothing privpol_scan() finds in a string of the input is in clear in the output (see
 * the top). */
static void
check_scanned(const privpol_ctx *ctx, const privpol_record_request *tag, struct input *in,
              const struct readings *rd)
{
    static privpol_category wanted[SCANNED_IDS];
    static bool have_ids;
    privpol_span spans[MAX_SPANS];
    size_t scanned = 0, tlen = 0;
    char *tenant = NULL;

    if (!have_ids) {
        for (size_t k = 0; k < SCANNED_IDS; k++)
            FUZZ_CHECK(privpol_category_find(scanned_ids[k], &wanted[k], NULL) == PRIVPOL_OK);
        have_ids = true;
    }
    if (in->have_tenant) {
        jsmntok_t tt;
        tt.start = (int)in->tenant.start;
        tt.end = (int)in->tenant.end;
        tlen = decoded(in, &tt);
        tenant = fuzz_dup(in->scratch, tlen);
    }
    for (int i = 1; i < in->count && scanned < MAX_SCANNED; i++) {
        const jsmntok_t *t = &in->toks[i];
        size_t n, count = MAX_SPANS;
        privpol_status st;
        if (in->privpol_tok >= 0 && i == in->privpol_tok) { /* replaced, never written */
            i = skip(in->toks, i, in->count) - 1;
            continue;
        }
        if (t->type != JSMN_STRING ||
            (in->have_tenant && (size_t)t->start == in->tenant.start))
            continue;
        n = decoded(in, t);
        if (n < MIN_SECRET)
            continue;
        scanned++;
        st = privpol_scan(ctx, in->scratch, n, spans, &count, NULL);
        FUZZ_CHECK(st == PRIVPOL_OK || st == PRIVPOL_EBUFSIZE);
        if (count > MAX_SPANS)
            count = MAX_SPANS;
        for (size_t k = 0; k < count; k++) {
            const char *v = in->scratch + spans[k].start;
            size_t vn = spans[k].end - spans[k].start;
            bool want = false;
            FUZZ_CHECK(spans[k].start < spans[k].end && spans[k].end <= n);
            for (size_t w = 0; w < SCANNED_IDS; w++)
                want = want || spans[k].category == wanted[w];
            if (!want || vn < MIN_SECRET || kept_in_clear(ctx, tag, spans[k].category) ||
                (tenant != NULL && contains(tenant, tlen, v, vn)))
                continue;
            if (read_in(rd, v, vn)) {
                fprintf(stderr,
                        "a %s that privpol_scan() finds in input string %d "
                        "(bytes %zu to %zu once decoded) is in clear in the output\n",
                        privpol_category_id(spans[k].category), i, spans[k].start,
                        spans[k].end);
                FUZZ_CHECK(!"an identifier privpol_scan() finds is left in clear");
            }
        }
    }
    free(tenant);
}

/* The properties of the fields and of what the output may hold (see the top). */
static void
check_fields(const privpol_ctx *ctx, privpol_record *rec, const privpol_record_request *tag,
             const char *text, size_t len, const char *out, size_t out_len)
{
    struct input in;
    struct readings rd;
    privpol_record_field *fields;
    jsmntok_t *otoks;
    int ocount;
    size_t checked = 0, ann = 0;
    const char *a = out, *hit;

    memset(&in, 0, sizeof in);
    in.text = text;
    in.privpol_tok = -1;
    in.toks = tokenize(text, len, &in.count);
    in.leaves = malloc((size_t)in.count * sizeof *in.leaves);
    in.keys = malloc((size_t)in.count * sizeof *in.keys);
    in.scratch = malloc(len + 1);
    FUZZ_CHECK(in.leaves != NULL && in.keys != NULL && in.scratch != NULL);
    FUZZ_CHECK(in.toks[0].type == JSMN_OBJECT);
    FUZZ_CHECK(collect(&in, 0, tag->tenant_field, true) == in.count);
    if (in.have_tenant) { /* only a known tenant is scrubbed */
        jsmntok_t tt;
        size_t tn;
        bool known = false;
        tt.start = (int)in.tenant.start;
        tt.end = (int)in.tenant.end;
        tn = decoded(&in, &tt);
        for (size_t k = 0; k < KNOWN_TENANTS; k++)
            known = known || bytes_are(in.scratch, tn, known_tenants[k]);
        FUZZ_CHECK(known);
    }

    /* The annotation is last; values before it are what is checked. */
    while ((hit = fuzz_find(a, out_len - (size_t)(a - out), annotation,
                            sizeof annotation - 1)) != NULL) {
        ann = (size_t)(hit - out);
        a = hit + 1;
    }
    FUZZ_CHECK(a != out);
    FUZZ_CHECK(out_len >= 2 && memcmp(out + out_len - 2, "}}", 2) == 0);
    otoks = tokenize(out, out_len, &ocount);
    FUZZ_CHECK(otoks[0].type == JSMN_OBJECT && skip(otoks, 0, ocount) == ocount);

    read_output(&rd, out, ann, otoks, ocount);
    check_scanned(ctx, tag, &in, &rd);
    free(rd.text);
    free(rd.piece);

    FUZZ_CHECK(privpol_record_field_count(rec) == in.leaf_count);
    fields = malloc((in.leaf_count + 1) * sizeof *fields);
    FUZZ_CHECK(fields != NULL);
    for (size_t f = 0; f < in.leaf_count; f++) {
        const char *v = text + in.leaves[f].start;
        size_t n = in.leaves[f].end - in.leaves[f].start;
        fields[f].version = PRIVPOL_RECORD_FIELD_VERSION;
        FUZZ_CHECK(privpol_record_get_field(rec, f, &fields[f], NULL) == PRIVPOL_OK);
        FUZZ_CHECK((size_t)fields[f].category < privpol_category_count());
        FUZZ_CHECK((fields[f].action == PRIVPOL_ACTION_DROP) ==
                   (fields[f].value == NULL));
        FUZZ_CHECK(fields[f].value == NULL ||
                   fields[f].value[fields[f].value_len] == '\0');
        if (fields[f].action == PRIVPOL_ACTION_KEEP && memchr(v, '\\', n) == NULL)
            FUZZ_CHECK(fields[f].value_len == n && memcmp(fields[f].value, v, n) == 0);
    }
    {
        privpol_record_field past = PRIVPOL_RECORD_FIELD_INIT;
        FUZZ_CHECK(privpol_record_get_field(rec, in.leaf_count, &past, NULL) == PRIVPOL_ENOTFOUND);
    }
    for (size_t f = 0; f < in.leaf_count && checked < MAX_CHECKED; f++) {
        const char *v = text + in.leaves[f].start;
        size_t n = in.leaves[f].end - in.leaves[f].start;
        bool found = false;
        if (fields[f].action == PRIVPOL_ACTION_KEEP || n < MIN_SECRET ||
            memchr(v, '\\', n) != NULL || is_token(v, n))
            continue;
        checked++;
        found = in_a_value(out, ann, otoks, ocount, v, n);
        if (found && !allowed(&in, fields, f, v, n)) {
            fprintf(stderr, "field %zu (%s, action %s) found in clear in the output\n", f,
                    fields[f].name, privpol_action_name(fields[f].action));
            FUZZ_CHECK(!"a value not kept occurs in the output");
        }
    }
    free(fields);
    free(otoks);
    free(in.toks);
    free(in.leaves);
    free(in.keys);
    free(in.scratch);
}

static privpol_status
scrub(privpol_record *rec, const privpol_record_request *tag, const char *text, size_t len,
      const char **out, size_t *out_len)
{
    privpol_error err;
    privpol_status st =
        privpol_record_scrub_json(rec, tag, text, len, out, out_len, &err);
    if (st != PRIVPOL_OK) {
        FUZZ_CHECK(*out == NULL && *out_len == 0);
        FUZZ_CHECK(fuzz_error_ok(&err, st));
    } else {
        FUZZ_CHECK(*out != NULL && (*out)[*out_len] == '\0' && strlen(*out) == *out_len);
    }
    return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static privpol_ctx *ctx[2];       /* processor; controller allowed to reveal */
    static privpol_record *reused[2]; /* long-lived, one per context */
    static size_t baseline;           /* live blocks of the contexts alone */
    static unsigned rounds;
    privpol_record_request tag = PRIVPOL_RECORD_REQUEST_INIT;
    privpol_record *rec = NULL;
    const char *text, *out = NULL, *out2 = NULL;
    char *copy, *first = NULL;
    size_t len, out_len = 0, out2_len = 0, live;
    privpol_status st, st2;
    unsigned which;

    if (ctx[0] == NULL) {
        ctx[0] = fuzz_ctx_with(PRIVPOL_ROLE_PROCESSOR, 0, PRIVPOL_PERIOD_NONE, &counting);
        ctx[1] = fuzz_ctx_with(PRIVPOL_ROLE_CONTROLLER, PRIVPOL_CTX_ALLOW_REVEAL,
                               PRIVPOL_PERIOD_NONE, &counting);
        baseline = counter.live;
    }
    if (reused[0] == NULL) {
        FUZZ_CHECK(counter.live == baseline);
        FUZZ_CHECK(privpol_record_new(ctx[0], &reused[0], NULL) == PRIVPOL_OK);
        FUZZ_CHECK(privpol_record_new(ctx[1], &reused[1], NULL) == PRIVPOL_OK);
    }
    if (size < 1)
        return 0;
    which = data[0] & 1U;
    tag.tenant = "acme";
    tag.event_time = FUZZ_T0;
    if (data[0] & 2U) {
        tag.tenant_field = "tenant";
        tag.tenants = known_tenants;
        tag.tenant_count = KNOWN_TENANTS;
    }
    if (which == 1)
        tag.role = PRIVPOL_ROLE_CONTROLLER;
    if (which == 1 && (data[0] & 4U))
        tag.purpose = "statistics";
    text = (const char *)data + 1;
    len = size - 1;
    copy = fuzz_dup(text, len);

    live = counter.live;
    FUZZ_CHECK(privpol_record_new(ctx[which], &rec, NULL) == PRIVPOL_OK);
    st = scrub(rec, &tag, copy, len, &out, &out_len);
    FUZZ_CHECK(
        st == PRIVPOL_OK || st == PRIVPOL_EPARSE || st == PRIVPOL_ELIMIT ||
        ((st == PRIVPOL_EINVAL || st == PRIVPOL_ENOTFOUND) && tag.tenant_field != NULL));
    if (st == PRIVPOL_OK) {
        size_t text_len = len;
        FUZZ_CHECK(out_len <= 8 * len + 4096);
        /* the library ignores one final line feed and carriage return */
        if (text_len > 0 && copy[text_len - 1] == '\n')
            text_len--;
        if (text_len > 0 && copy[text_len - 1] == '\r')
            text_len--;
        check_fields(ctx[which], rec, &tag, copy, text_len, out, out_len);
        first = fuzz_dup(out, out_len);
    }

    /* Deterministic: the same record again. */
    st2 = scrub(rec, &tag, copy, len, &out2, &out2_len);
    FUZZ_CHECK(st2 == st);
    FUZZ_CHECK(out2_len == out_len &&
               (st != PRIVPOL_OK || memcmp(out2, first, out_len) == 0));

    /* The output is accepted in turn. */
    if (st == PRIVPOL_OK) {
        char *again = fuzz_dup(first, out_len);
        FUZZ_CHECK(scrub(rec, &tag, again, out_len, &out2, &out2_len) == PRIVPOL_OK);
        free(again);
    }
    privpol_record_free(rec);
    FUZZ_CHECK(counter.live == live);

    /* The reused record (warm caches, other tenants before) gives the same. */
    st2 = scrub(reused[which], &tag, copy, len, &out2, &out2_len);
    FUZZ_CHECK(st2 == st);
    FUZZ_CHECK(out2_len == out_len &&
               (st != PRIVPOL_OK || memcmp(out2, first, out_len) == 0));
    if (++rounds % REUSE_ROUNDS == 0) {
        privpol_record_free(reused[0]);
        privpol_record_free(reused[1]);
        reused[0] = reused[1] = NULL;
        FUZZ_CHECK(counter.live == baseline);
    }
    free(first);
    free(copy);
    return 0;
}
