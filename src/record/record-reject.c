/* SPDX-License-Identifier: MIT */
/* Reject records (privpol/record.h): a line the pipeline could not process, sealed, one
 * JSON object per line of a rejects file. Written here, read here with the library's JSON
 * reader (jsmn plus util/json.c), so the format lives in one place. */
#include "record-internal.h"

#include <privpol/seal.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Members a record may hold: the six of the format and a few unknown ones. */
#define REJECT_TOKENS 64
/* A longer reason is refused: the library's reasons are short, fixed texts. */
#define REJECT_REASON_MAX 1024U

void
privpol_record_reject_init(privpol_record_reject *reject)
{
    if (reject != NULL)
        *reject = (privpol_record_reject)PRIVPOL_RECORD_REJECT_INIT;
}

static privpol_status
reject_ad(const privpol_record_reject *r, char ad[PRIVPOL_REJECT_AD_SIZE], size_t *ad_len,
          privpol_error *err)
{
    *ad_len = PRIVPOL_REJECT_AD_SIZE;
    return privpol_seal_reject_ad(r->line, r->part, r->final, ad, ad_len, err);
}

privpol_status
privpol_record_reject_write(const privpol_ctx *ctx, int64_t at,
                            const privpol_record_reject *reject, const void *data,
                            size_t len, char *out, size_t *out_len, privpol_error *err)
{
    char ad[PRIVPOL_REJECT_AD_SIZE], head[128], column[32] = "";
    const char *reason;
    size_t ad_len, head_len, reason_len, column_len = 0, sealed_len, need, room;
    privpol_status st;

    if (ctx == NULL || reject == NULL || out_len == NULL || (out == NULL && *out_len > 0) ||
        (data == NULL && len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(reject->version, PRIVPOL_RECORD_REJECT_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_reject version");
    if ((st = reject_ad(reject, ad, &ad_len, err)) != PRIVPOL_OK)
        return st;
    if ((sealed_len = privpol_seal_len(len)) == 0)
        return privpol__fail(err, PRIVPOL_ELIMIT, "too long to seal");
    reason = reject->reason != NULL ? reject->reason : "";
    reason_len = strlen(reason);
    head_len = (size_t)snprintf(head, sizeof head,
                                "{\"line\":%" PRIu64 ",\"part\":%" PRIu64
                                ",\"final\":%s,\"reason\":\"",
                                reject->line, reject->part, reject->final ? "true" : "false");
    if (reject->column > 0)
        column_len = (size_t)snprintf(column, sizeof column, ",\"column\":%zu", reject->column);
    /* head, reason, `"`, column, `,"sealed":"`, sealed, `"}` and a line feed, then NUL */
    need = head_len + privpol__json_escaped_len(reason, reason_len) + 1 + column_len + 11;
    if (sealed_len > SIZE_MAX - need - 4)
        return privpol__fail(err, PRIVPOL_ELIMIT, "too long to seal");
    need += sealed_len + 3 + 1;
    if (*out_len < need) {
        *out_len = need;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    memcpy(out, head, head_len);
    room = head_len + privpol__json_escape_into(out + head_len, reason, reason_len);
    out[room++] = '"';
    memcpy(out + room, column, column_len);
    room += column_len;
    memcpy(out + room, ",\"sealed\":\"", 11);
    room += 11;
    {
        size_t cap = sealed_len + 1;
        if ((st = privpol_seal(ctx, at, ad, ad_len, data, len, out + room, &cap, err)) !=
            PRIVPOL_OK) {
            out[0] = '\0';
            return st;
        }
        room += cap;
    }
    memcpy(out + room, "\"}\n", 4);
    *out_len = room + 3;
    return PRIVPOL_OK;
}

/* ---- reading ----------------------------------------------------------------------- */

struct reader {
    const char *text;
    const jsmntok_t *t;
    int count;
    privpol_error *err;
};

static privpol_status
bad(const struct reader *rd, size_t offset, const char *msg)
{
    return privpol__fail_at(rd->err, PRIVPOL_EPARSE, 1, offset + 1, msg);
}

static privpol_status
gap(const struct reader *rd, size_t from, size_t to, char sep)
{
    size_t at = 0;
    const char *msg = privpol__json_gap(rd->text, from, to, sep, &at);
    return msg == NULL ? PRIVPOL_OK : bad(rd, at, msg);
}

static bool
is(const struct reader *rd, const jsmntok_t *t, const char *s)
{
    size_t n = strlen(s);
    return (size_t)(t->end - t->start) == n && memcmp(rd->text + t->start, s, n) == 0;
}

/* A string token: no control character, escapes well formed; *plain when it has none. */
static privpol_status
string_ok(const struct reader *rd, const jsmntok_t *t, bool *plain)
{
    const char *s = rd->text + t->start;
    size_t n = (size_t)(t->end - t->start), o = 0, at = 0;
    char scratch[REJECT_REASON_MAX];
    const char *msg;
    *plain = true;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] < 0x20)
            return bad(rd, (size_t)t->start + i, "control character in a JSON string");
        if (s[i] == '\\')
            *plain = false;
    }
    if (*plain)
        return PRIVPOL_OK;
    if (n > sizeof scratch)
        return bad(rd, (size_t)t->start, "string too long");
    if (privpol__json_unescape(s, n, scratch, &o, &at, &msg) != PRIVPOL_OK)
        return bad(rd, (size_t)t->start + at, msg);
    return PRIVPOL_OK;
}

/* A count from 1: decimal digits, no sign, no leading zero. */
static privpol_status
count_of(const struct reader *rd, const jsmntok_t *t, const char *what, uint64_t *out)
{
    const char *s = rd->text + t->start;
    size_t n = (size_t)(t->end - t->start);
    uint64_t v = 0;
    if (t->type != JSMN_PRIMITIVE || n == 0 || s[0] == '0')
        goto fail;
    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9 || v > (UINT64_MAX - d) / 10)
            goto fail;
        v = v * 10 + d;
    }
    *out = v;
    return PRIVPOL_OK;
fail: {
    char msg[64];
    snprintf(msg, sizeof msg, "\"%s\" must be a whole number from 1", what);
    return bad(rd, (size_t)t->start, msg);
}
}

/* Check the value at token *i and every token inside it; *i moves past it. */
static privpol_status
value_ok(const struct reader *rd, int *i)
{
    const jsmntok_t *t = &rd->t[*i];
    size_t pos = (size_t)t->start + 1;
    privpol_status st;
    bool plain;
    int items = t->size;

    (*i)++;
    if (t->type == JSMN_STRING)
        return t->size != 0 ? bad(rd, (size_t)t->start, "misplaced key") : string_ok(rd, t, &plain);
    if (t->type == JSMN_PRIMITIVE) {
        if (is(rd, t, "true") || is(rd, t, "false") || is(rd, t, "null") ||
            privpol__json_number_ok(rd->text + t->start, (size_t)(t->end - t->start)))
            return PRIVPOL_OK;
        return bad(rd, (size_t)t->start, "bad JSON value");
    }
    for (int k = 0; k < items; k++) {
        const jsmntok_t *c, *v;
        if (*i >= rd->count)
            return bad(rd, (size_t)t->end, "bad JSON structure");
        c = v = &rd->t[*i];
        if ((st = gap(rd, pos, privpol__tok_lo(c), k == 0 ? 0 : ',')) != PRIVPOL_OK)
            return st;
        if (t->type == JSMN_OBJECT) {
            if (c->type != JSMN_STRING || c->size != 1 || *i + 1 >= rd->count)
                return bad(rd, (size_t)c->start, "bad JSON object");
            if ((st = string_ok(rd, c, &plain)) != PRIVPOL_OK)
                return st;
            v = &rd->t[++*i];
            if ((st = gap(rd, privpol__tok_hi(c), privpol__tok_lo(v), ':')) != PRIVPOL_OK)
                return st;
        }
        if ((st = value_ok(rd, i)) != PRIVPOL_OK)
            return st;
        pos = privpol__tok_hi(v);
    }
    return gap(rd, pos, (size_t)t->end - 1, 0);
}

privpol_status
privpol_record_reject_parse(const char *text, size_t len, privpol_record_reject *out,
                            privpol_error *err)
{
    jsmntok_t toks[REJECT_TOKENS];
    struct reader rd = {text, toks, 0, err};
    jsmn_parser p;
    const jsmntok_t *o;
    static const char *const first[] = {"line", "part", "final", "reason"};
    size_t pos;
    privpol_status st;
    bool plain, has_sealed = false;
    int i = 1;

    if (out == NULL || (text == NULL && len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(out->version, PRIVPOL_RECORD_REJECT_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_reject version");
    privpol_record_reject_init(out);
    if (len > 0 && text[len - 1] == '\n')
        len--;
    if (len > 0 && text[len - 1] == '\r')
        len--;
    if (len == 0 || memchr(text, '\0', len) != NULL || !privpol__utf8_ok(text, len))
        return privpol__fail(err, PRIVPOL_EPARSE,
                             len == 0 ? "empty line" : "not valid UTF-8 text");
    jsmn_init(&p);
    if ((rd.count = jsmn_parse(&p, text, len, toks, REJECT_TOKENS)) < 1)
        return privpol__fail(err, PRIVPOL_EPARSE,
                             rd.count == JSMN_ERROR_NOMEM ? "too many JSON members"
                                                          : "not a JSON object");
    o = &toks[0];
    if (o->type != JSMN_OBJECT)
        return bad(&rd, (size_t)o->start, "not a JSON object");
    if ((st = gap(&rd, 0, (size_t)o->start, 0)) != PRIVPOL_OK ||
        (st = gap(&rd, (size_t)o->end, len, 0)) != PRIVPOL_OK)
        return st;
    pos = (size_t)o->start + 1;
    for (int m = 0; m < o->size; m++) {
        const jsmntok_t *k = &toks[i], *v;
        if (i + 1 >= rd.count || k->type != JSMN_STRING || k->size != 1)
            return bad(&rd, (size_t)k->start, "bad JSON object");
        v = &toks[i + 1];
        if ((st = gap(&rd, pos, privpol__tok_lo(k), m == 0 ? 0 : ',')) != PRIVPOL_OK ||
            (st = string_ok(&rd, k, &plain)) != PRIVPOL_OK ||
            (st = gap(&rd, privpol__tok_hi(k), privpol__tok_lo(v), ':')) != PRIVPOL_OK)
            return st;
        if (m < 4 && !is(&rd, k, first[m]))
            return privpol__failf(err, PRIVPOL_EPARSE, "expected \"%s\" as member %d", first[m],
                                  m + 1);
        if (m == 0 || m == 1) {
            if ((st = count_of(&rd, v, first[m], m == 0 ? &out->line : &out->part)) != 0)
                return st;
        } else if (m == 2) {
            if (!is(&rd, v, "true") && !is(&rd, v, "false"))
                return bad(&rd, (size_t)v->start, "\"final\" must be true or false");
            out->final = is(&rd, v, "true");
        } else if (m == 3) {
            if (v->type != JSMN_STRING)
                return bad(&rd, (size_t)v->start, "\"reason\" must be a string");
        } else if (is(&rd, k, "column")) {
            uint64_t c;
            if ((st = count_of(&rd, v, "column", &c)) != PRIVPOL_OK)
                return st;
            out->column = (size_t)c;
        } else if (is(&rd, k, "sealed")) {
            if (has_sealed)
                return bad(&rd, (size_t)k->start, "\"sealed\" given twice");
            if (v->type != JSMN_STRING || memchr(text + v->start, '\\',
                                                 (size_t)(v->end - v->start)) != NULL)
                return bad(&rd, (size_t)v->start,
                           "\"sealed\" must be a string without escapes");
            out->sealed = text + v->start;
            out->sealed_len = (size_t)(v->end - v->start);
            has_sealed = true;
        }
        i++;
        if ((st = value_ok(&rd, &i)) != PRIVPOL_OK)
            return st;
        pos = privpol__tok_hi(v);
    }
    if ((st = gap(&rd, pos, (size_t)o->end - 1, 0)) != PRIVPOL_OK)
        return st;
    if (i != rd.count)
        return bad(&rd, (size_t)toks[i < rd.count ? i : 0].start, "bad JSON structure");
    if (o->size < 4)
        return privpol__fail(err, PRIVPOL_EPARSE, "a reject record has at least line, part, "
                                                  "final and reason");
    if (!has_sealed) {
        privpol_record_reject_init(out);
        return privpol__fail(err, PRIVPOL_EPARSE, "no \"sealed\" member");
    }
    return PRIVPOL_OK;
}

privpol_status
privpol_record_reject_open(const privpol_ctx *ctx, const privpol_record_reject *reject,
                           void *out, size_t *out_len, privpol_error *err)
{
    char ad[PRIVPOL_REJECT_AD_SIZE];
    size_t ad_len;
    privpol_status st;
    if (ctx == NULL || reject == NULL || out_len == NULL ||
        (reject->sealed == NULL && reject->sealed_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!PRIVPOL__VERSION_OK(reject->version, PRIVPOL_RECORD_REJECT_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION, "unknown privpol_record_reject version");
    if ((st = reject_ad(reject, ad, &ad_len, err)) != PRIVPOL_OK)
        return st;
    return privpol_unseal(ctx, ad, ad_len, reject->sealed, reject->sealed_len, out, out_len,
                          err);
}
