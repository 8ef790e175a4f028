/* SPDX-License-Identifier: MIT */
/* bench-json: which JSON library the record walker is built on (docs/json.md).
 *
 * Every line of a JSON-lines file (one event object per line) is handled by each
 * candidate compiled in, in two modes:
 *   parse     the line is parsed (tokens for jsmn, events for yajl, a tree for the
 *             others) and everything is freed again
 *   rewrite   the line is parsed, the values of the top-level members "ip" and
 *             "msisdn" become a fixed 35-character string and the value of
 *             "user_agent" a short fixed string, and the record is written back as
 *             compact JSON into a buffer
 * Candidates (each one only when the build found it):
 *   jsmn      jsmn 1.1.0, JSMN_STATIC + JSMN_STRICT, no parent links, token array
 *             reused; rewrite is a splice: the bytes between the replaced values are
 *             copied from the input unchanged (keys are compared unescaped)
 *   jsmn-pl   the same with JSMN_PARENT_LINKS (a second copy of the header)
 *   yajl      yajl 2 with callbacks; rewrite regenerates through a reused yajl_gen
 *   jansson   json_loadb(), json_object_set_new(), json_dumpb(JSON_COMPACT)
 *   json-c    json_tokener_parse_ex() on a reused tokener (STRICT and VALIDATE_UTF8),
 *             json_object_object_add(), json_object_to_json_string_length(PLAIN)
 *   fastjson  libfastjson, the json-c fork of rsyslog, used the same way (STRICT)
 * and, for what jsmn leaves unchecked, more modes of jsmn and jsmn-pl:
 *   parse+strings  parse, then a UTF-8 and control-character check of every string
 *                  token (keys and values), escapes and surrogate pairs included
 *   parse+check    parse, then a full check of the line against the RFC 8259 grammar
 *                  on the tokens: what lies between tokens (one ':' or ',' and
 *                  blanks), number and literal grammar, strings as above, token
 *                  sizes, one object and nothing after it
 *   rewrite+check  parse+check, then the splice: what the library would run
 * Before timing, one warm-up pass per row checks that every rewrite gives, line for
 * line, the same bytes as jsmn rewrite+check ("\/" read as "/"). Then R passes of
 * each row, interleaved; the figure is the median MB/s (10^6 bytes of the file per
 * second), and to-jsmn its ratio to jsmn's parse or rewrite row.
 *
 * --cases prints, instead, what each candidate says of small valid and malformed
 * lines (and exits 1 if a jsmn check disagrees with the expected verdict), then the
 * speed of each one on wide and deeply nested lines.
 *
 * json-c and jansson both declare json_object and json_object_get, so they cannot
 * share a translation unit: meson compiles this file a second time with
 * BENCH_JSON_JSONC_UNIT, which then holds only the json-c adapter (bench_jsonc_*).
 *
 * Usage: bench-json [-r R] [--row CANDIDATE:MODE] FILE.jsonl
 *        bench-json --cases */
#include "bench-util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef BENCH_JSON_JSONC_UNIT
#ifdef HAVE_JSMN
#define JSMN_STATIC
#define JSMN_STRICT
#include <jsmn.h>
/* A second copy of the header with parent links, under other names: the token type
 * differs, so the two cannot share a translation unit otherwise. */
#undef JSMN_H
#define JSMN_PARENT_LINKS
#define jsmntype_t pl_jsmntype_t
#define JSMN_UNDEFINED PL_JSMN_UNDEFINED
#define JSMN_OBJECT PL_JSMN_OBJECT
#define JSMN_ARRAY PL_JSMN_ARRAY
#define JSMN_STRING PL_JSMN_STRING
#define JSMN_PRIMITIVE PL_JSMN_PRIMITIVE
#define jsmnerr pl_jsmnerr
#define JSMN_ERROR_NOMEM PL_JSMN_ERROR_NOMEM
#define JSMN_ERROR_INVAL PL_JSMN_ERROR_INVAL
#define JSMN_ERROR_PART PL_JSMN_ERROR_PART
#define jsmntok_t pl_jsmntok_t
#define jsmn_parser pl_jsmn_parser
#define jsmn_init pl_jsmn_init
#define jsmn_parse pl_jsmn_parse
#define jsmn_alloc_token pl_jsmn_alloc_token
#define jsmn_fill_token pl_jsmn_fill_token
#define jsmn_parse_primitive pl_jsmn_parse_primitive
#define jsmn_parse_string pl_jsmn_parse_string
#include <jsmn.h>
#undef JSMN_PARENT_LINKS
#undef jsmntype_t
#undef JSMN_UNDEFINED
#undef JSMN_OBJECT
#undef JSMN_ARRAY
#undef JSMN_STRING
#undef JSMN_PRIMITIVE
#undef jsmnerr
#undef JSMN_ERROR_NOMEM
#undef JSMN_ERROR_INVAL
#undef JSMN_ERROR_PART
#undef jsmntok_t
#undef jsmn_parser
#undef jsmn_init
#undef jsmn_parse
#undef jsmn_alloc_token
#undef jsmn_fill_token
#undef jsmn_parse_primitive
#undef jsmn_parse_string
#endif
#ifdef HAVE_YAJL
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>
#endif
#ifdef HAVE_JANSSON
#include <jansson.h>
#endif
#ifdef HAVE_FASTJSON
#define FJSON_NATIVE_API_ONLY /* no json_* aliases: json-c may be included too */
#include <libfastjson/json.h>
#endif
#endif /* !BENCH_JSON_JSONC_UNIT */

#define DEFAULT_R 5U
#define MAX_DEPTH 512 /* the jsmn check refuses deeper nesting */

/* The replacements: a pseudonym-sized string and a short label. */
static const char pseudo[] = "pp1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
static const char ua_label[] = "redacted";
#define PSEUDO_LEN (sizeof pseudo - 1)
#define UA_LEN (sizeof ua_label - 1)
_Static_assert(sizeof pseudo - 1 == 35, "the pseudonym stand-in is 35 characters");

/* Which of the rewritten members a key is: 0 none, 1 ip, 2 msisdn, 3 user_agent. */
enum { F_NONE, F_IP, F_MSISDN, F_UA };

#ifndef BENCH_JSON_JSONC_UNIT /* the json-c unit finds its members by name */
static inline int
field_of(const char *k, size_t n)
{
    if (n == 2 && memcmp(k, "ip", 2) == 0)
        return F_IP;
    if (n == 6 && memcmp(k, "msisdn", 6) == 0)
        return F_MSISDN;
    if (n == 10 && memcmp(k, "user_agent", 10) == 0)
        return F_UA;
    return F_NONE;
}
#endif

static inline const char *
replacement(int field, size_t *len)
{
    *len = field == F_UA ? UA_LEN : PSEUDO_LEN;
    return field == F_UA ? ua_label : pseudo;
}

/* ---- json-c, in its own translation unit ----------------------------------------------
 */

/* The json-c adapter: a tokener reused from line to line (STRICT and VALIDATE_UTF8). */
struct bench_jsonc;
struct bench_jsonc *bench_jsonc_open(void);
void bench_jsonc_close(struct bench_jsonc *jc);
/* Parse s[0 .. n) and, with `rewrite`, replace the members and write compact JSON to
 * out[0 .. out_cap), its length in *out_len. False when json-c refuses the line. */
bool bench_jsonc_line(struct bench_jsonc *jc, const char *s, size_t n, bool rewrite,
                      char *out, size_t out_cap, size_t *out_len);

#ifdef BENCH_JSON_JSONC_UNIT
#include <json-c/json.h>

struct bench_jsonc *
bench_jsonc_open(void)
{
    struct json_tokener *tok = json_tokener_new();
    if (!tok)
        bench_die("out of memory");
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    return (struct bench_jsonc *)tok;
}

void
bench_jsonc_close(struct bench_jsonc *jc)
{
    json_tokener_free((struct json_tokener *)jc);
}

bool
bench_jsonc_line(struct bench_jsonc *jc, const char *s, size_t n, bool rewrite, char *out,
                 size_t out_cap, size_t *out_len)
{
    struct json_tokener *tok = (struct json_tokener *)jc;
    struct json_object *root;
    bool ok;
    json_tokener_reset(tok);
    root = json_tokener_parse_ex(tok, s, (int)n);
    ok = root && json_tokener_get_error(tok) == json_tokener_success &&
         json_tokener_get_parse_end(tok) == n;
    if (ok && rewrite) {
        static const char *const names[] = {"ip", "msisdn", "user_agent"};
        const char *js;
        size_t len;
        ok = json_object_is_type(root, json_type_object);
        for (int f = 0; ok && f < 3; f++) {
            const char *rep = replacement(F_IP + f, &len);
            if (json_object_object_get_ex(root, names[f], NULL))
                ok = json_object_object_add(
                         root, names[f], json_object_new_string_len(rep, (int)len)) == 0;
        }
        js = ok ? json_object_to_json_string_length(
                      root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len)
                : NULL;
        ok = js != NULL;
        if (ok) {
            if (len > out_cap)
                bench_die("output buffer too small");
            memcpy(out, js, len);
            *out_len = len;
        }
    }
    json_object_put(root);
    return ok;
}

#else /* the main unit: everything else */

/* ---- candidates and rows --------------------------------------------------------------
 */

enum cand { C_JSMN, C_JSMN_PL, C_YAJL, C_JANSSON, C_JSONC, C_FASTJSON, C_COUNT };
static const char *const cand_names[C_COUNT] = {"jsmn",    "jsmn-pl", "yajl",
                                                "jansson", "json-c",  "fastjson"};

enum mode { M_PARSE, M_PARSE_STRINGS, M_PARSE_CHECK, M_REWRITE, M_REWRITE_CHECK };
static const char *const mode_names[] = {"parse", "parse+strings", "parse+check",
                                         "rewrite", "rewrite+check"};

struct row {
    enum cand cand;
    enum mode mode;
};

static const struct row all_rows[] = {
    {C_JSMN, M_PARSE},         {C_JSMN_PL, M_PARSE},
    {C_YAJL, M_PARSE},         {C_JANSSON, M_PARSE},
    {C_JSONC, M_PARSE},        {C_FASTJSON, M_PARSE},
    {C_JSMN, M_PARSE_STRINGS}, {C_JSMN_PL, M_PARSE_STRINGS},
    {C_JSMN, M_PARSE_CHECK},   {C_JSMN_PL, M_PARSE_CHECK},
    {C_JSMN, M_REWRITE},       {C_JSMN_PL, M_REWRITE},
    {C_YAJL, M_REWRITE},       {C_JANSSON, M_REWRITE},
    {C_JSONC, M_REWRITE},      {C_FASTJSON, M_REWRITE},
    {C_JSMN, M_REWRITE_CHECK}, {C_JSMN_PL, M_REWRITE_CHECK},
};
#define ALL_ROWS (sizeof all_rows / sizeof all_rows[0])

static bool
cand_built(enum cand c)
{
    switch (c) {
#ifdef HAVE_JSMN
    case C_JSMN:
    case C_JSMN_PL:
        return true;
#endif
#ifdef HAVE_YAJL
    case C_YAJL:
        return true;
#endif
#ifdef HAVE_JANSSON
    case C_JANSSON:
        return true;
#endif
#ifdef HAVE_JSONC
    case C_JSONC:
        return true;
#endif
#ifdef HAVE_FASTJSON
    case C_FASTJSON:
        return true;
#endif
    default:
        return false;
    }
}

/* What every candidate shares: the output buffer and the per-library state that is
 * reused from line to line. */
struct bench {
    char *out;
    size_t out_cap;
#ifdef HAVE_JSMN
    jsmntok_t *tok;
    unsigned int tok_cap;
    pl_jsmntok_t *pl_tok;
    unsigned int pl_tok_cap;
#endif
#ifdef HAVE_YAJL
    yajl_gen gen;
#endif
#ifdef HAVE_JSONC
    struct bench_jsonc *jc;
#endif
#ifdef HAVE_FASTJSON
    struct fjson_tokener *fj_tok;
#endif
};

/* ---- jsmn: the tokenizer, the splice and the check ------------------------------------
 */

#ifdef HAVE_JSMN
/* Tokenize s[0 .. n); on JSMN_ERROR_NOMEM the token array doubles and the line is
 * tokenized again (a line of n bytes has at most n + 1 tokens). */
static int
jsmn_tokenize(struct bench *b, const char *s, size_t n)
{
    for (;;) {
        jsmn_parser p;
        int r;
        jsmn_init(&p);
        r = jsmn_parse(&p, s, n, b->tok, b->tok_cap);
        if (r != JSMN_ERROR_NOMEM)
            return r;
        if (b->tok_cap > n + 1)
            bench_die("jsmn asks for more tokens than bytes");
        b->tok_cap *= 2;
        b->tok = realloc(b->tok, b->tok_cap * sizeof *b->tok);
        if (!b->tok)
            bench_die("out of memory");
    }
}

static int
pl_jsmn_tokenize(struct bench *b, const char *s, size_t n)
{
    for (;;) {
        pl_jsmn_parser p;
        int r;
        pl_jsmn_init(&p);
        r = pl_jsmn_parse(&p, s, n, b->pl_tok, b->pl_tok_cap);
        if (r != PL_JSMN_ERROR_NOMEM)
            return r;
        if (b->pl_tok_cap > n + 1)
            bench_die("jsmn asks for more tokens than bytes");
        b->pl_tok_cap *= 2;
        b->pl_tok = realloc(b->pl_tok, b->pl_tok_cap * sizeof *b->pl_tok);
        if (!b->pl_tok)
            bench_die("out of memory");
    }
}

static bool
is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The 4 hex digits at p[0 .. 4), or -1. */
static long
hex4(const char *p)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_value(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* True when none of the 8 bytes at p is below 0x20, at or above 0x80, or a backslash:
 * plain printable ASCII that needs no further look. */
static bool
plain8(const char *p)
{
    uint64_t x;
    const uint64_t ones = 0x0101010101010101U, highs = 0x8080808080808080U;
    memcpy(&x, p, 8);
    uint64_t bs = x ^ (ones * '\\');
    uint64_t bad = ((x - ones * 0x20) | (bs - ones)) & ~x & highs; /* < 0x20 or '\\' */
    return ((x & highs) | bad) == 0;
}

/* Length of the well-formed UTF-8 sequence at p[0 .. n) whose first byte is >= 0x80
 * (Unicode 15, table 3-7: no overlong form, no surrogate, nothing above U+10FFFF), or
 * 0 when it is not one. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

/* The bytes between the quotes of a string token: well-formed UTF-8, no byte below
 * 0x20, and (jsmn checks the letter after a backslash and the 4 hex digits of \u,
 * but not what they encode) every \u escape of a surrogate in a proper pair. */
static bool
string_ok(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c;
        if (n - i >= 8 && plain8(s + i)) {
            i += 8;
            continue;
        }
        c = (unsigned char)s[i];
        if (c < 0x20)
            return false;
        if (c < 0x80 && c != '\\') {
            i++;
            continue;
        }
        if (c >= 0x80) {
            size_t len = utf8_seq((const unsigned char *)s + i, n - i);
            if (len == 0)
                return false;
            i += len;
            continue;
        }
        if (i + 1 >= n)
            return false;
        switch (s[i + 1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            i += 2;
            continue;
        case 'u':
            break;
        default:
            return false;
        }
        if (n - i < 6) {
            return false;
        } else {
            long u = hex4(s + i + 2);
            if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF))
                return false;
            i += 6;
            if (u >= 0xD800 && u <= 0xDBFF) {
                long lo;
                if (n - i < 6 || s[i] != '\\' || s[i + 1] != 'u')
                    return false;
                lo = hex4(s + i + 2);
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return false;
                i += 6;
            }
        }
    }
    return true;
}

/* true, false, null or an RFC 8259 number. */
static bool
primitive_ok(const char *p, size_t n)
{
    size_t i = 0, d;
    if (n == 4 && (memcmp(p, "true", 4) == 0 || memcmp(p, "null", 4) == 0))
        return true;
    if (n == 5 && memcmp(p, "false", 5) == 0)
        return true;
    if (i < n && p[i] == '-')
        i++;
    if (i < n && p[i] == '0')
        i++;
    else if (i < n && p[i] >= '1' && p[i] <= '9')
        while (i < n && p[i] >= '0' && p[i] <= '9')
            i++;
    else
        return false;
    if (i < n && p[i] == '.') {
        for (d = ++i; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            ;
        if (i == d)
            return false;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            i++;
        for (d = i; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            ;
        if (i == d)
            return false;
    }
    return i == n;
}

/* The tokens of one line, with or without parent links. Both token types begin with
 * the same four ints (type, start, end, size): tok_at() copies those, whatever the
 * stride, so one walker serves both. */
struct toks {
    const unsigned char *base;
    size_t stride;
    int n;
};
_Static_assert(sizeof(jsmntok_t) == 4 * sizeof(int) &&
                   offsetof(pl_jsmntok_t, size) == offsetof(jsmntok_t, size) &&
                   sizeof(pl_jsmntype_t) == sizeof(jsmntype_t),
               "jsmn token layouts");

static inline jsmntok_t
tok_at(const struct toks *tk, int i)
{
    jsmntok_t t;
    memcpy(&t, tk->base + (size_t)i * tk->stride, sizeof t);
    return t;
}

/* Byte range of a token including the quotes of a string. */
static size_t
tok_begin(jsmntok_t t)
{
    return (size_t)t.start - (t.type == JSMN_STRING);
}

static size_t
tok_end(jsmntok_t t)
{
    return (size_t)t.end + (t.type == JSMN_STRING);
}

struct walk {
    const char *s;
    const struct toks *tk;
    int i;      /* next token */
    size_t pos; /* first byte not yet checked */
};

/* The bytes from w->pos to `to` are blanks around exactly one `punct`, or blanks only
 * when punct is 0. */
static bool
gap_ok(struct walk *w, size_t to, char punct)
{
    size_t p = w->pos;
    if (to < p)
        return false;
    while (p < to && is_ws(w->s[p]))
        p++;
    if (punct) {
        if (p == to || w->s[p] != punct)
            return false;
        p++;
        while (p < to && is_ws(w->s[p]))
            p++;
    }
    return p == to;
}

/* Check the value of token w->i and everything inside it; w->pos is then the byte
 * after it. jsmn has already matched the brackets and checked the letters of escapes;
 * this checks the rest of the grammar. */
static bool
walk_value(struct walk *w, int depth)
{
    jsmntok_t v;
    if (w->i >= w->tk->n || depth > MAX_DEPTH)
        return false;
    v = tok_at(w->tk, w->i++);
    switch (v.type) {
    case JSMN_STRING:
        if (v.size != 0 || !string_ok(w->s + v.start, (size_t)(v.end - v.start)))
            return false;
        break;
    case JSMN_PRIMITIVE:
        if (!primitive_ok(w->s + v.start, (size_t)(v.end - v.start)))
            return false;
        break;
    case JSMN_OBJECT:
        w->pos = (size_t)v.start + 1;
        for (int m = 0; m < v.size; m++) {
            jsmntok_t k;
            if (w->i + 1 >= w->tk->n)
                return false;
            k = tok_at(w->tk, w->i++);
            if (k.type != JSMN_STRING || k.size != 1 ||
                !gap_ok(w, tok_begin(k), m ? ',' : 0) ||
                !string_ok(w->s + k.start, (size_t)(k.end - k.start)))
                return false;
            w->pos = tok_end(k);
            if (!gap_ok(w, tok_begin(tok_at(w->tk, w->i)), ':') ||
                !walk_value(w, depth + 1))
                return false;
        }
        if (!gap_ok(w, (size_t)v.end - 1, 0))
            return false;
        break;
    case JSMN_ARRAY:
        w->pos = (size_t)v.start + 1;
        for (int m = 0; m < v.size; m++) {
            if (w->i >= w->tk->n ||
                !gap_ok(w, tok_begin(tok_at(w->tk, w->i)), m ? ',' : 0) ||
                !walk_value(w, depth + 1))
                return false;
        }
        if (!gap_ok(w, (size_t)v.end - 1, 0))
            return false;
        break;
    default:
        return false;
    }
    w->pos = tok_end(v);
    return true;
}

/* The whole line s[0 .. n) is one JSON object and blanks, by RFC 8259. */
static bool
jsmn_check(const char *s, size_t n, const struct toks *tk)
{
    struct walk w = {s, tk, 0, 0};
    if (tk->n < 1 || tok_at(tk, 0).type != JSMN_OBJECT ||
        !gap_ok(&w, tok_begin(tok_at(tk, 0)), 0) || !walk_value(&w, 0))
        return false;
    return w.i == tk->n && gap_ok(&w, n, 0);
}

/* The parse+strings pass: string_ok over every string token. */
static bool
jsmn_strings_ok(const char *s, const struct toks *tk)
{
    for (int i = 0; i < tk->n; i++) {
        jsmntok_t t = tok_at(tk, i);
        if (t.type == JSMN_STRING && !string_ok(s + t.start, (size_t)(t.end - t.start)))
            return false;
    }
    return true;
}

/* field_of() for a raw key, which may hold escapes ("\u0069p" is "ip"): a key is
 * compared by what it means, so that an escaped key cannot slip past the rewrite. */
static int
raw_field_of(const char *k, size_t n)
{
    char buf[16];
    size_t o = 0;
    if (!memchr(k, '\\', n))
        return field_of(k, n);
    for (size_t i = 0; i < n; o++) {
        char c = k[i];
        if (o == sizeof buf)
            return F_NONE;
        if (c != '\\') {
            buf[o] = c;
            i++;
            continue;
        }
        if (i + 1 >= n)
            return F_NONE;
        if (k[i + 1] == 'u') {
            long u = n - i >= 6 ? hex4(k + i + 2) : -1;
            if (u < 0 || u > 0x7F) /* the names are ASCII */
                return F_NONE;
            buf[o] = (char)u;
            i += 6;
            continue;
        }
        switch (k[i + 1]) {
        case '"':
        case '\\':
        case '/':
            buf[o] = k[i + 1];
            break;
        default: /* \b \f \n \r \t: no name has them */
            return F_NONE;
        }
        i += 2;
    }
    return field_of(buf, o);
}

/* Index of the first token after the value of token i and what it holds. */
static int
skip_value(const struct toks *tk, int i)
{
    int j = i + 1, end = tok_at(tk, i).end;
    while (j < tk->n && tok_at(tk, j).start < end)
        j++;
    return j;
}

static void
out_put(struct bench *b, size_t *o, const char *p, size_t n)
{
    if (n > b->out_cap - *o)
        bench_die("output buffer too small");
    memcpy(b->out + *o, p, n);
    *o += n;
}

/* The splice: copy the object's bytes, each replaced value's bytes swapped for the
 * quoted replacement. Returns the output length, or SIZE_MAX when the line is not an
 * object. Every member with a replaced name is replaced, duplicates included. */
static size_t
jsmn_splice(struct bench *b, const char *s, const struct toks *tk)
{
    size_t o = 0, last;
    int i = 1;
    jsmntok_t top;
    if (tk->n < 1 || (top = tok_at(tk, 0)).type != JSMN_OBJECT)
        return SIZE_MAX;
    last = (size_t)top.start;
    for (int m = 0; m < top.size; m++) {
        jsmntok_t k, v;
        int field;
        if (i + 1 >= tk->n)
            return SIZE_MAX;
        k = tok_at(tk, i);
        v = tok_at(tk, i + 1);
        field = k.type == JSMN_STRING
                    ? raw_field_of(s + k.start, (size_t)(k.end - k.start))
                    : F_NONE;
        if (field != F_NONE) {
            size_t len;
            const char *rep = replacement(field, &len);
            out_put(b, &o, s + last, tok_begin(v) - last);
            out_put(b, &o, "\"", 1);
            out_put(b, &o, rep, len);
            out_put(b, &o, "\"", 1);
            last = tok_end(v);
        }
        i = skip_value(tk, i + 1);
    }
    out_put(b, &o, s + last, (size_t)top.end - last);
    return o;
}
#endif /* HAVE_JSMN */

/* ---- yajl -----------------------------------------------------------------------------
 */

#ifdef HAVE_YAJL
struct yctx {
    yajl_gen g;
    int depth;   /* open containers written to the output */
    int skip;    /* > 0 inside a replaced container value */
    int pending; /* the next value is that of this member (F_IP...) */
};

/* A scalar value: the replacement when its member is replaced, else `emit`. */
#define Y_SCALAR(c, emit)                                                                \
    do {                                                                                 \
        if ((c)->skip)                                                                   \
            return 1;                                                                    \
        if ((c)->pending) {                                                              \
            size_t len_;                                                                 \
            const char *rep_ = replacement((c)->pending, &len_);                         \
            (c)->pending = F_NONE;                                                       \
            return yajl_gen_string((c)->g, (const unsigned char *)rep_, len_) ==         \
                   yajl_gen_status_ok;                                                   \
        }                                                                                \
        return (emit) == yajl_gen_status_ok;                                             \
    } while (0)

static int
y_null(void *payload)
{
    struct yctx *c = payload;
    Y_SCALAR(c, yajl_gen_null(c->g));
}

static int
y_boolean(void *payload, int v)
{
    struct yctx *c = payload;
    Y_SCALAR(c, yajl_gen_bool(c->g, v));
}

static int
y_number(void *payload, const char *s, size_t n)
{
    struct yctx *c = payload;
    Y_SCALAR(c, yajl_gen_number(c->g, s, n));
}

static int
y_string(void *payload, const unsigned char *s, size_t n)
{
    struct yctx *c = payload;
    Y_SCALAR(c, yajl_gen_string(c->g, s, n));
}

static int
y_open(struct yctx *c, bool map)
{
    if (c->skip) {
        c->skip++;
        return 1;
    }
    if (c->pending) {
        size_t len;
        const char *rep = replacement(c->pending, &len);
        c->pending = F_NONE;
        c->skip = 1;
        return yajl_gen_string(c->g, (const unsigned char *)rep, len) ==
               yajl_gen_status_ok;
    }
    c->depth++;
    return (map ? yajl_gen_map_open(c->g) : yajl_gen_array_open(c->g)) ==
           yajl_gen_status_ok;
}

static int
y_close(struct yctx *c, bool map)
{
    if (c->skip) {
        c->skip--;
        return 1;
    }
    c->depth--;
    return (map ? yajl_gen_map_close(c->g) : yajl_gen_array_close(c->g)) ==
           yajl_gen_status_ok;
}

static int
y_start_map(void *payload)
{
    return y_open(payload, true);
}

static int
y_end_map(void *payload)
{
    return y_close(payload, true);
}

static int
y_start_array(void *payload)
{
    return y_open(payload, false);
}

static int
y_end_array(void *payload)
{
    return y_close(payload, false);
}

static int
y_map_key(void *payload, const unsigned char *s, size_t n)
{
    struct yctx *c = payload;
    if (c->skip)
        return 1;
    if (c->depth == 1)
        c->pending = field_of((const char *)s, n);
    return yajl_gen_string(c->g, s, n) == yajl_gen_status_ok;
}

static const yajl_callbacks y_callbacks = {
    y_null,      y_boolean, NULL,      NULL,          y_number,   y_string,
    y_start_map, y_map_key, y_end_map, y_start_array, y_end_array};

/* One handle per line: yajl 2 has no reset for a parser that has finished. */
static bool
yajl_line(const char *s, size_t n, const yajl_callbacks *cb, void *payload)
{
    yajl_handle h = yajl_alloc(cb, NULL, payload);
    bool ok;
    if (!h)
        bench_die("out of memory");
    ok = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
         yajl_complete_parse(h) == yajl_status_ok;
    yajl_free(h);
    return ok;
}
#endif /* HAVE_YAJL */

/* ---- one line, one row ----------------------------------------------------------------
 */

/* Handle line s[0 .. n) as row (cand, mode). Returns false when the candidate refuses
 * the line; for a rewrite *out_len is the length written to b->out. */
static bool
run_line(struct bench *b, enum cand cand, enum mode mode, const char *s, size_t n,
         size_t *out_len)
{
    bool rewrite = mode == M_REWRITE || mode == M_REWRITE_CHECK;
    *out_len = 0;
    (void)s, (void)n, (void)rewrite;
    switch (cand) {
#ifdef HAVE_JSMN
    case C_JSMN:
    case C_JSMN_PL: {
        int r = cand == C_JSMN ? jsmn_tokenize(b, s, n) : pl_jsmn_tokenize(b, s, n);
        struct toks tk = {cand == C_JSMN ? (const unsigned char *)b->tok
                                         : (const unsigned char *)b->pl_tok,
                          cand == C_JSMN ? sizeof *b->tok : sizeof *b->pl_tok, r};
        size_t len;
        if (r < 1)
            return false;
        if (mode == M_PARSE_STRINGS)
            return jsmn_strings_ok(s, &tk);
        if ((mode == M_PARSE_CHECK || mode == M_REWRITE_CHECK) && !jsmn_check(s, n, &tk))
            return false;
        if (!rewrite)
            return true;
        len = jsmn_splice(b, s, &tk);
        if (len == SIZE_MAX)
            return false;
        *out_len = len;
        return true;
    }
#endif
#ifdef HAVE_YAJL
    case C_YAJL: {
        struct yctx c = {b->gen, 0, 0, F_NONE};
        const unsigned char *buf;
        size_t len;
        if (!rewrite)
            return yajl_line(s, n, NULL, NULL);
        yajl_gen_reset(b->gen, NULL);
        yajl_gen_clear(b->gen);
        if (!yajl_line(s, n, &y_callbacks, &c) ||
            yajl_gen_get_buf(b->gen, &buf, &len) != yajl_gen_status_ok)
            return false;
        if (len > b->out_cap)
            bench_die("output buffer too small");
        memcpy(b->out, buf, len);
        *out_len = len;
        return true;
    }
#endif
#ifdef HAVE_JANSSON
    case C_JANSSON: {
        json_error_t err;
        json_t *root = json_loadb(s, n, 0, &err);
        bool ok = root != NULL;
        if (ok && rewrite) {
            static const char *const names[] = {"ip", "msisdn", "user_agent"};
            ok = json_is_object(root);
            for (int f = 0; ok && f < 3; f++) {
                size_t len;
                const char *rep = replacement(F_IP + f, &len);
                if (json_object_get(root, names[f]))
                    ok = json_object_set_new(root, names[f], json_stringn(rep, len)) == 0;
            }
            if (ok) {
                size_t len = json_dumpb(root, b->out, b->out_cap, JSON_COMPACT);
                if (len > b->out_cap)
                    bench_die("output buffer too small");
                ok = len > 0;
                *out_len = len;
            }
        }
        json_decref(root);
        return ok;
    }
#endif
#ifdef HAVE_JSONC
    case C_JSONC:
        return bench_jsonc_line(b->jc, s, n, rewrite, b->out, b->out_cap, out_len);
#endif
#ifdef HAVE_FASTJSON
    case C_FASTJSON: {
        struct fjson_object *root;
        bool ok;
        fjson_tokener_reset(b->fj_tok);
        root = fjson_tokener_parse_ex(b->fj_tok, s, (int)n);
        ok = root && fjson_tokener_get_error(b->fj_tok) == fjson_tokener_success &&
             (size_t)b->fj_tok->char_offset == n;
        if (ok && rewrite) {
            static const char *const names[] = {"ip", "msisdn", "user_agent"};
            const char *js;
            ok = fjson_object_is_type(root, fjson_type_object);
            for (int f = 0; ok && f < 3; f++) {
                size_t len;
                const char *rep = replacement(F_IP + f, &len);
                if (fjson_object_object_get_ex(root, names[f], NULL))
                    fjson_object_object_add(root, names[f],
                                            fjson_object_new_string_len(rep, (int)len));
            }
            js = ok ? fjson_object_to_json_string_ext(root, FJSON_TO_STRING_PLAIN) : NULL;
            ok = js != NULL;
            if (ok) {
                size_t len = strlen(js);
                if (len > b->out_cap)
                    bench_die("output buffer too small");
                memcpy(b->out, js, len);
                *out_len = len;
            }
        }
        fjson_object_put(root);
        return ok;
    }
#endif
    default:
        bench_die("candidate %d not built", (int)cand);
    }
}

static void
bench_open(struct bench *b, size_t out_cap)
{
    memset(b, 0, sizeof *b);
    b->out_cap = out_cap;
    b->out = malloc(out_cap);
    if (!b->out)
        bench_die("out of memory");
#ifdef HAVE_JSMN
    b->tok_cap = b->pl_tok_cap = 128;
    b->tok = malloc(b->tok_cap * sizeof *b->tok);
    b->pl_tok = malloc(b->pl_tok_cap * sizeof *b->pl_tok);
    if (!b->tok || !b->pl_tok)
        bench_die("out of memory");
#endif
#ifdef HAVE_YAJL
    b->gen = yajl_gen_alloc(NULL);
    if (!b->gen)
        bench_die("out of memory");
#endif
#ifdef HAVE_JSONC
    b->jc = bench_jsonc_open();
#endif
#ifdef HAVE_FASTJSON
    b->fj_tok = fjson_tokener_new();
    if (!b->fj_tok)
        bench_die("out of memory");
    fjson_tokener_set_flags(b->fj_tok, FJSON_TOKENER_STRICT);
#endif
}

static void
bench_close(struct bench *b)
{
    free(b->out);
#ifdef HAVE_JSMN
    free(b->tok);
    free(b->pl_tok);
#endif
#ifdef HAVE_YAJL
    yajl_gen_free(b->gen);
#endif
#ifdef HAVE_JSONC
    bench_jsonc_close(b->jc);
#endif
#ifdef HAVE_FASTJSON
    fjson_tokener_free(b->fj_tok);
#endif
}

/* ---- the workload ---------------------------------------------------------------------
 */

struct lines {
    char *data;
    size_t size;  /* bytes of the file */
    size_t count; /* non-empty lines */
    size_t *off, *len;
    size_t max_len;
};

static void
lines_load(struct lines *l, const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 20, n = 0, got;
    if (!f)
        bench_die("cannot open %s", path);
    l->data = malloc(cap);
    while (l->data && (got = fread(l->data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            l->data = realloc(l->data, cap *= 2);
    }
    if (!l->data)
        bench_die("out of memory");
    if (ferror(f))
        bench_die("cannot read %s", path);
    fclose(f);
    l->size = n;
    l->count = 0;
    for (size_t i = 0; i < n; i++)
        l->count += l->data[i] == '\n';
    l->count++;
    l->off = malloc(l->count * sizeof *l->off);
    l->len = malloc(l->count * sizeof *l->len);
    if (!l->off || !l->len)
        bench_die("out of memory");
    l->count = l->max_len = 0;
    for (size_t start = 0; start < n;) {
        const char *nl = memchr(l->data + start, '\n', n - start);
        size_t end = nl ? (size_t)(nl - l->data) : n;
        if (end > start) {
            l->off[l->count] = start;
            l->len[l->count] = end - start;
            if (end - start > l->max_len)
                l->max_len = end - start;
            l->count++;
        }
        start = end + 1;
    }
    if (l->count == 0)
        bench_die("%s has no line", path);
}

/* FNV-1a, 64 bits, of a rewritten line, to compare rewrites line by line. "\/" is
 * read as "/": libfastjson escapes every slash, which means the same JSON. */
static uint64_t
line_hash(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325U;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n) {
            if (p[i + 1] != '/')
                h = (h ^ (unsigned char)p[i]) * 0x100000001b3U;
            i++;
        }
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3U;
    }
    return h;
}

struct result {
    struct row row;
    double *mbs;     /* R passes */
    size_t rejected; /* lines refused in the warm-up */
    size_t differ;   /* rewrites unlike the reference */
};

/* One pass of a row over every line; returns the rewrite bytes written, adds the
 * refused lines to *rejected, and when `hashes` is set compares (or, with `store`,
 * records) the hash of every rewrite. */
static size_t
pass(struct bench *b, const struct lines *l, struct row row, size_t *rejected,
     uint64_t *hashes, bool store, size_t *differ)
{
    size_t total = 0;
    for (size_t i = 0; i < l->count; i++) {
        size_t len;
        if (!run_line(b, row.cand, row.mode, l->data + l->off[i], l->len[i], &len)) {
            (*rejected)++;
            continue;
        }
        total += len;
        if (hashes) {
            uint64_t h = line_hash(b->out, len);
            if (store)
                hashes[i] = h;
            else if (hashes[i] != h)
                (*differ)++;
        }
    }
    return total;
}

static bool
is_rewrite(enum mode m)
{
    return m == M_REWRITE || m == M_REWRITE_CHECK;
}

static int
run_workload(const char *path, unsigned reps, const char *only)
{
    struct lines l;
    struct bench b;
    struct result res[ALL_ROWS];
    double med[ALL_ROWS];
    size_t nrows = 0, ref = SIZE_MAX, checksum = 0;
    uint64_t *hashes;

    lines_load(&l, path);
    bench_open(&b, 4 * l.max_len + 4096);
    hashes = calloc(l.count, sizeof *hashes);
    if (!hashes)
        bench_die("out of memory");
    for (size_t r = 0; r < ALL_ROWS; r++) {
        char name[64];
        snprintf(name, sizeof name, "%s:%s", cand_names[all_rows[r].cand],
                 mode_names[all_rows[r].mode]);
        if (!cand_built(all_rows[r].cand) || (only && strcmp(only, name) != 0))
            continue;
        memset(&res[nrows], 0, sizeof res[nrows]);
        res[nrows].row = all_rows[r];
        res[nrows].mbs = calloc(reps, sizeof(double));
        if (!res[nrows].mbs)
            bench_die("out of memory");
        nrows++;
    }
    if (nrows == 0 && only)
        bench_die("no row %s in this build", only);
    if (nrows == 0)
        bench_die("built with no JSON library");
    /* The reference rewrite: jsmn rewrite+check, else the first rewrite built. */
    for (size_t r = 0; r < nrows; r++)
        if (is_rewrite(res[r].row.mode) &&
            (ref == SIZE_MAX ||
             (res[r].row.cand == C_JSMN && res[r].row.mode == M_REWRITE_CHECK)))
            ref = r;

    printf("bench-json: %s, %zu lines, %zu bytes, R=%u\n", path, l.count, l.size, reps);
    /* Warm-up and verification: the reference first. */
    if (ref != SIZE_MAX)
        (void)pass(&b, &l, res[ref].row, &res[ref].rejected, hashes, true,
                   &res[ref].differ);
    for (size_t r = 0; r < nrows; r++)
        if (r != ref)
            (void)pass(&b, &l, res[r].row, &res[r].rejected,
                       ref != SIZE_MAX && is_rewrite(res[r].row.mode) ? hashes : NULL,
                       false, &res[r].differ);
    for (unsigned k = 0; k < reps; k++)
        for (size_t r = 0; r < nrows; r++) {
            size_t rejected = 0;
            double t0 = bench_now_s();
            checksum += pass(&b, &l, res[r].row, &rejected, NULL, false, NULL);
            res[r].mbs[k] = (double)l.size / 1e6 / (bench_now_s() - t0);
        }

    for (size_t r = 0; r < nrows; r++) /* sorts each row's passes */
        med[r] = bench_median(res[r].mbs, reps);
    printf("%-9s %-14s %9s %17s %8s %9s %7s\n", "candidate", "mode", "MB/s", "min-max",
           "to-jsmn", "rejected", "differ");
    for (size_t r = 0; r < nrows; r++) {
        /* The ratio is to jsmn's plain row of the same kind (parse or rewrite). */
        enum mode base_mode = is_rewrite(res[r].row.mode) ? M_REWRITE : M_PARSE;
        double base = 0;
        for (size_t q = 0; q < nrows; q++)
            if (res[q].row.cand == C_JSMN && res[q].row.mode == base_mode)
                base = med[q];
        printf("%-9s %-14s %9.1f %8.1f-%-8.1f ", cand_names[res[r].row.cand],
               mode_names[res[r].row.mode], med[r], res[r].mbs[0], res[r].mbs[reps - 1]);
        if (base > 0)
            printf("%8.2f", med[r] / base);
        else
            printf("%8s", "-");
        printf(" %9zu", res[r].rejected);
        if (ref != SIZE_MAX && is_rewrite(res[r].row.mode))
            printf(" %7zu\n", res[r].differ);
        else
            printf(" %7s\n", "-");
    }
    printf("checksum %zu\n", checksum);
    for (size_t r = 0; r < nrows; r++)
        free(res[r].mbs);
    free(hashes);
    bench_close(&b);
    free(l.data);
    free(l.off);
    free(l.len);
    return 0;
}

/* ---- --cases: what each candidate accepts, and wide and deep lines --------------------
 */

struct jcase {
    const char *text;
    size_t len; /* 0: strlen(text) */
    bool valid; /* one JSON object by RFC 8259 */
};

static const struct jcase cases[] = {
    {"{\"a\":1}", 0, true},
    {"{\"a\":[1,2.5e-3,-0,true,false,null],\"b\":{\"c\":\"d\"}}", 0, true},
    {" { \"a\" : [ 1 , 2 ] }\r", 0, true},
    {"{\"a\":\"\\u00e9\\ud83d\\ude00\\\"\\\\\\/\\b\\f\\n\\r\\t\"}", 0, true},
    {"{\"a\":\"\xc3\xa9\xf0\x9f\x98\x80\"}", 0, true},
    {"{\"\\u0069p\":\"192.0.2.1\"}", 0, true},
    {"{\"ip\":\"192.0.2.1\",\"ip\":\"192.0.2.2\"}", 0, true},
    {"{\"a\":\"\\u0000\"}", 0, true},
    {"{\"a\":tru}", 0, false},
    {"{\"a\":nulll}", 0, false},
    {"{\"a\":01}", 0, false},
    {"{\"a\":1.2.3}", 0, false},
    {"{\"a\":-}", 0, false},
    {"{\"a\":1e}", 0, false},
    {"{\"a\":1:2}", 0, false},
    {"{\"a\":.5}", 0, false},
    {"{\"a\":+1}", 0, false},
    {"{\"a\" 1}", 0, false},
    {"{\"a\"::1}", 0, false},
    {"{\"a\"}", 0, false},
    {"{\"a\":}", 0, false},
    {"{\"a\":1,}", 0, false},
    {"{,}", 0, false},
    {"{\"a\":1 \"b\":2}", 0, false},
    {"{\"a\":\"b\":\"c\"}", 0, false},
    {"[1 2]", 0, false},
    {"{\"a\":[1 2]}", 0, false},
    {"{\"a\":[1,,2]}", 0, false},
    {"{\"a\":[\"b\":1]}", 0, false},
    {"{\"a\":\"\\u12\"}", 0, false},
    {"{\"a\":\"\\x\"}", 0, false},
    {"{\"a\":\"\\ud800\"}", 0, false},
    {"{\"a\":\"\\udc00\\ud800\"}", 0, false},
    {"{\"a\":\"x\ty\"}", 0, false},
    {"{\"a\":\"x\x01y\"}", 0, false},
    {"{\"a\":\"\xff\"}", 0, false},
    {"{\"a\":\"\xc0\xaf\"}", 0, false},
    {"{\"a\":\"\xed\xa0\x80\"}", 0, false},
    {"{\"a\":\"\xf4\x90\x80\x80\"}", 0, false},
    {"{} {}", 0, false},
    {"{\"a\":1},", 0, false},
    {"{\"a\":1}x", 0, false},
    {"{\"a\":1}\0{\"b\":2}", 15, false},
    {"}", 0, false},
    {"{\"a\":1", 0, false},
    {"{\"a\":[1}", 0, false},
    {"", 0, false},
};

/* The case text as a C-like literal: printable ASCII as is, the rest escaped. */
static void
print_text(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\t')
            fputs("<TAB>", stdout);
        else if (c == '\r')
            fputs("<CR>", stdout);
        else if (c < 0x20 || c >= 0x7F)
            printf("<%02X>", c);
        else
            putchar(c);
    }
}

#ifdef HAVE_JSMN
/* What jsmn_parse() returned: a token count or the name of the error. The error
 * values are the same with and without parent links. */
static const char *
jsmn_result(int r)
{
    static char buf[16];
    if (r >= 0)
        snprintf(buf, sizeof buf, "%d", r);
    return r >= 0                  ? buf
           : r == JSMN_ERROR_INVAL ? "INVAL"
           : r == JSMN_ERROR_PART  ? "PART"
                                   : "NOMEM";
}
#endif

static int
run_cases(void)
{
    struct bench b;
    int wrong = 0;
    bench_open(&b, 1 << 16);
    printf("jsmn, jsmn-pl: what jsmn_parse() returns (tokens, or INVAL, PART); the "
           "other columns: accept or reject\n");
    printf("%-4s %-8s %-6s %-7s", "case", "valid", "jsmn", "jsmn-pl");
    for (int c = C_JSMN; c < C_COUNT; c++)
        if (cand_built((enum cand)c))
            printf(" %-8s", c == C_JSMN      ? "+check"
                            : c == C_JSMN_PL ? "pl+check"
                                             : cand_names[c]);
    printf("  text\n");
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const struct jcase *jc = &cases[k];
        size_t n = jc->len ? jc->len : strlen(jc->text), len;
        printf("%-4zu %-8s ", k + 1, jc->valid ? "valid" : "invalid");
#ifdef HAVE_JSMN
        printf("%-6s ", jsmn_result(jsmn_tokenize(&b, jc->text, n)));
        printf("%-7s", jsmn_result(pl_jsmn_tokenize(&b, jc->text, n)));
#else
        printf("%-6s %-7s", "-", "-");
#endif
        for (int c = C_JSMN; c < C_COUNT; c++) {
            bool ok, check = c == C_JSMN || c == C_JSMN_PL;
            if (!cand_built((enum cand)c))
                continue;
            ok = run_line(&b, (enum cand)c, check ? M_PARSE_CHECK : M_PARSE, jc->text, n,
                          &len);
            printf(" %-8s", ok ? "accept" : "reject");
            if (check && ok != jc->valid)
                wrong++;
        }
        printf("  ");
        print_text(jc->text, n);
        putchar('\n');
    }
    bench_close(&b);
    if (wrong)
        printf("jsmn+check got %d case(s) wrong\n", wrong);
    return wrong ? 1 : 0;
}

/* A line of `tokens` jsmn tokens: an object of (tokens - 1) / 2 members {"k":0,...}
 * or `tokens` nested arrays [[...]]. */
static char *
make_line(bool deep, size_t tokens, size_t *len)
{
    size_t members = (tokens - 1) / 2, cap = deep ? 2 * tokens : 6 * members + 2, o = 0;
    char *s = malloc(cap);
    if (!s)
        bench_die("out of memory");
    if (deep) {
        memset(s, '[', tokens);
        memset(s + tokens, ']', tokens);
        o = 2 * tokens;
    } else {
        s[o++] = '{';
        for (size_t i = 0; i < members; i++) {
            memcpy(s + o, "\"k\":0,", 6);
            o += 6;
        }
        s[o - 1] = '}';
    }
    *len = o;
    return s;
}

static int
run_shapes(void)
{
    static const size_t sizes[] = {65, 257, 1025, 10001, 100001};
    struct bench b;
    printf("\nparse of one line of n tokens: MB/s of that line (median of 3 runs), "
           "'refused' when the candidate refuses it\n");
    printf("%-6s %7s %9s", "shape", "n", "bytes");
    for (int c = C_JSMN; c < C_COUNT; c++)
        if (cand_built((enum cand)c))
            printf(" %9s", cand_names[c]);
    putchar('\n');
    for (int deep = 0; deep <= 1; deep++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
            size_t len, out_len;
            char *s = make_line(deep, sizes[k], &len);
            bench_open(&b, 8 * len + 4096);
            printf("%-6s %7zu %9zu", deep ? "deep" : "wide", sizes[k], len);
            for (int c = C_JSMN; c < C_COUNT; c++) {
                double t[3];
                bool ok = true;
                if (!cand_built((enum cand)c))
                    continue;
                /* once untimed, so that the token array has grown to size */
                ok = run_line(&b, (enum cand)c, M_PARSE, s, len, &out_len);
                for (int rep = 0; ok && rep < 3; rep++) {
                    double t0 = bench_now_s();
                    ok = run_line(&b, (enum cand)c, M_PARSE, s, len, &out_len);
                    t[rep] = bench_now_s() - t0;
                }
                if (ok)
                    printf(" %9.1f", (double)len / 1e6 / bench_median(t, 3));
                else
                    printf(" %9s", "refused");
            }
            putchar('\n');
            bench_close(&b);
            free(s);
        }
    return 0;
}

static void
usage(FILE *f)
{
    fprintf(f,
            "usage: bench-json [-r R] [--row C:M] FILE.jsonl\n"
            "       bench-json --cases\n"
            "  FILE.jsonl  one JSON object per line, e.g. from\n"
            "              python3 tools/gen_events.py --count 200000 "
            "-o /tmp/events.jsonl\n"
            "              or data/events-sample.jsonl for a quick run\n"
            "  -r R        timed passes per candidate and mode (default %u)\n"
            "  --row C:M   only candidate C in mode M (jsmn-pl:rewrite+check): for\n"
            "              profiling; no comparison of outputs then\n"
            "  --cases     what each candidate accepts of small valid and malformed "
            "lines,\n"
            "              then parse times of wide and deep lines\n",
            DEFAULT_R);
}

int
main(int argc, char **argv)
{
    unsigned reps = DEFAULT_R;
    const char *path = NULL, *only = NULL;
    bench_init("bench-json", 2);
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--cases") == 0) {
            int rc = run_cases();
            run_shapes();
            return rc;
        } else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc) {
            char *end;
            unsigned long v = strtoul(argv[++i], &end, 10);
            if (*end || v == 0 || v > 1000)
                bench_die("-r wants a count from 1 to 1000");
            reps = (unsigned)v;
        } else if (strcmp(argv[i], "--row") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else if (argv[i][0] == '-' || path) {
            usage(stderr);
            return 2;
        } else
            path = argv[i];
    }
    if (!path) {
        usage(stderr);
        return 2;
    }
    return run_workload(path, reps, only);
}
#endif /* BENCH_JSON_JSONC_UNIT */
