/* SPDX-License-Identifier: MIT */
/* The rejects-file format (rejects.h): reject records written by privpol scrub and
 * privpol seal, read by privpol unseal. One JSON object a line,
 *   {"line":N,"part":I,"final":B,"reason":"...",["column":C,]"sealed":"ps1..."}
 * the bytes of part I of input line N sealed for the additional data
 * privpol_reject_ad(N, I, B). The reader is strict about the first four members and
 * their order, takes "sealed" wherever it stands after them, and skips other members. */
#include "rejects.h"

#include <inttypes.h>
#include <string.h>

#define JSON_DEPTH_MAX 32

/* ---- sealing and writing ------------------------------------------------------------ */

privpol_status
rejects_seal(const privpol_ctx *ctx, int64_t at, uint64_t line, uint64_t part, bool final,
             const void *data, size_t len, char *out, size_t *out_len, privpol_error *err)
{
    char ad[PRIVPOL_REJECT_AD_SIZE];
    size_t ad_len = sizeof ad;
    if (privpol_seal_reject_ad(line, part, final, ad, &ad_len, NULL) != PRIVPOL_OK)
        ad_len = 0;
    if (ad_len == 0) {
        snprintf(err->message, sizeof err->message, "too long");
        return PRIVPOL_ELIMIT;
    }
    return privpol_seal(ctx, at, ad, ad_len, len > 0 ? data : NULL, len, out, out_len, err);
}

privpol_status
rejects_open(const privpol_ctx *ctx, const struct rejects_record *r, void *out,
             size_t *out_len, privpol_error *err)
{
    char ad[PRIVPOL_REJECT_AD_SIZE];
    size_t ad_len = sizeof ad;
    if (privpol_seal_reject_ad(r->line, r->part, r->final, ad, &ad_len, NULL) != PRIVPOL_OK)
        ad_len = 0;
    return privpol_unseal(ctx, ad, ad_len, r->sealed, r->sealed_len, out, out_len, err);
}

bool
rejects_write_record(cli_put_fn *put, void *arg, uint64_t line, uint64_t part, bool final,
                     const char *reason, size_t column, const char *sealed,
                     size_t sealed_len)
{
    char head[128];
    int n = snprintf(head, sizeof head,
                     "{\"line\":%" PRIu64 ",\"part\":%" PRIu64 ",\"final\":%s,\"reason\":",
                     line, part, final ? "true" : "false");
    if (!put(arg, head, (size_t)n) || !cli_json_string(reason, put, arg))
        return false;
    if (column > 0) {
        n = snprintf(head, sizeof head, ",\"column\":%zu", column);
        if (!put(arg, head, (size_t)n))
            return false;
    }
    return put(arg, ",\"sealed\":\"", 11) && put(arg, sealed, sealed_len) &&
           put(arg, "\"}\n", 3);
}

/* ---- the JSON of a record ------------------------------------------------------------ */

bool
rejects_parse_u64(const char *s, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0 || (s[0] == '0'))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9 || v > (UINT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = v;
    return true;
}

struct json {
    const char *s;
    size_t n, i;
};

static void
ws(struct json *j)
{
    while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
                           j->s[j->i] == '\r' || j->s[j->i] == '\n'))
        j->i++;
}

static bool
lit(struct json *j, const char *text)
{
    size_t len = strlen(text);
    ws(j);
    if (j->n - j->i < len || memcmp(j->s + j->i, text, len) != 0)
        return false;
    j->i += len;
    return true;
}

/* A JSON string; *start and *len give its raw content (escapes not decoded), and
 * *plain says whether it has no escape. */
static bool
string(struct json *j, const char **start, size_t *len, bool *plain)
{
    bool esc = false;
    ws(j);
    if (j->i >= j->n || j->s[j->i] != '"')
        return false;
    *start = j->s + ++j->i;
    while (j->i < j->n && j->s[j->i] != '"') {
        unsigned char c = (unsigned char)j->s[j->i];
        if (c < 0x20)
            return false;
        if (c == '\\') {
            esc = true;
            if (++j->i >= j->n)
                return false;
            c = (unsigned char)j->s[j->i];
            if (c == 'u') {
                for (int k = 0; k < 4; k++) {
                    char h = ++j->i < j->n ? j->s[j->i] : '\0';
                    if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') ||
                          (h >= 'A' && h <= 'F')))
                        return false;
                }
            } else if (strchr("\"\\/bfnrt", c) == NULL || c == '\0') {
                return false;
            }
        }
        j->i++;
    }
    if (j->i >= j->n)
        return false;
    *len = (size_t)(j->s + j->i - *start);
    j->i++;
    if (plain != NULL)
        *plain = !esc;
    return true;
}

static bool
number(struct json *j)
{
    size_t start;
    ws(j);
    start = j->i;
    if (j->i < j->n && j->s[j->i] == '-')
        j->i++;
    if (j->i >= j->n || !(j->s[j->i] >= '0' && j->s[j->i] <= '9'))
        return false;
    if (j->s[j->i] == '0')
        j->i++;
    else
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
    if (j->i < j->n && j->s[j->i] == '.') {
        size_t d = ++j->i;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
        if (j->i == d)
            return false;
    }
    if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
        size_t d;
        j->i++;
        if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
            j->i++;
        d = j->i;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
            j->i++;
        if (j->i == d)
            return false;
    }
    return j->i > start;
}

/* Any JSON value (the extra keys a reader ignores). */
static bool
value(struct json *j, int depth)
{
    const char *s;
    size_t len;
    ws(j);
    if (j->i >= j->n || depth > JSON_DEPTH_MAX)
        return false;
    switch (j->s[j->i]) {
    case '"': return string(j, &s, &len, NULL);
    case 't': return lit(j, "true");
    case 'f': return lit(j, "false");
    case 'n': return lit(j, "null");
    case '{':
        j->i++;
        if (lit(j, "}"))
            return true;
        do {
            if (!string(j, &s, &len, NULL) || !lit(j, ":") || !value(j, depth + 1))
                return false;
        } while (lit(j, ","));
        return lit(j, "}");
    case '[':
        j->i++;
        if (lit(j, "]"))
            return true;
        do {
            if (!value(j, depth + 1))
                return false;
        } while (lit(j, ","));
        return lit(j, "]");
    default: return number(j);
    }
}

static bool
unsigned_member(struct json *j, const char *key, uint64_t *out)
{
    size_t start;
    if (!lit(j, key) || !lit(j, ":"))
        return false;
    ws(j);
    start = j->i;
    while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
        j->i++;
    return rejects_parse_u64(j->s + start, j->i - start, out);
}

static bool
key_is(const char *k, size_t len, const char *name)
{
    return len == strlen(name) && memcmp(k, name, len) == 0;
}

/* ---- reading --------------------------------------------------------------------- */

const char *
rejects_parse_record(const char *s, size_t n, struct rejects_record *r)
{
    struct json j = {s, n, 0};
    const char *k, *v;
    size_t klen, vlen;
    bool plain, has_sealed = false;

    if (!lit(&j, "{"))
        return "not a JSON object";
    if (!unsigned_member(&j, "\"line\"", &r->line) || !lit(&j, ","))
        return "expected \"line\" first, a number from 1";
    if (!unsigned_member(&j, "\"part\"", &r->part) || !lit(&j, ","))
        return "expected \"part\" second, a number from 1";
    if (!lit(&j, "\"final\"") || !lit(&j, ":"))
        return "expected \"final\" third";
    if (lit(&j, "true"))
        r->final = true;
    else if (lit(&j, "false"))
        r->final = false;
    else
        return "\"final\" must be true or false";
    if (!lit(&j, ",") || !lit(&j, "\"reason\"") || !lit(&j, ":") ||
        !string(&j, &v, &vlen, NULL))
        return "expected \"reason\" fourth, a string";
    while (lit(&j, ",")) {
        if (!string(&j, &k, &klen, NULL) || !lit(&j, ":"))
            return "malformed JSON member";
        if (key_is(k, klen, "sealed")) {
            if (has_sealed)
                return "\"sealed\" given twice";
            if (!string(&j, &r->sealed, &r->sealed_len, &plain) || !plain)
                return "\"sealed\" must be a string without escapes";
            has_sealed = true;
        } else if (!value(&j, 0)) {
            return "malformed JSON value";
        }
    }
    if (!lit(&j, "}"))
        return "malformed JSON object";
    ws(&j);
    if (j.i != j.n)
        return "text after the JSON object";
    if (!has_sealed)
        return "no \"sealed\" member";
    return NULL;
}
