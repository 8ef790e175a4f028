/* SPDX-License-Identifier: MIT */
/* Reader of the labelled corpus (corpus.h). Each line is tokenized by jsmn in strict
 * mode (as the library's record pipeline does, docs/json.md) and its strings decoded by
 * the library's unescaper (privpol__json_unescape, through privpol_internal_dep), so
 * that a damaged corpus is reported rather than misread. */
#include "corpus.h"
#include "util.h"

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

#ifndef DEFAULT_CORPUS
#define DEFAULT_CORPUS "tests/data/comments-labelled.jsonl"
#endif

/* ---- JSON: jsmn tokens, strings decoded by the library's unescaper ----------------- */

/* Tokens of one line: an object of a text and two arrays of small objects. */
#define JSON_TOKENS 4096

struct json {
    const char *s;
    jsmntok_t *tok;
    int count, next; /* tokens parsed; the next one to read */
};

/* Decode string token t into out (room for cap bytes, NUL included). */
static bool
json_string(const struct json *j, const jsmntok_t *t, char *out, size_t cap, size_t *out_len)
{
    size_t n = (size_t)(t->end - t->start), len, bad;
    const char *msg;
    if (t->type != JSMN_STRING || n >= cap)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)j->s[t->start + i] < 0x20)
            return false;
    if (privpol__json_unescape(j->s + t->start, n, out, &len, &bad, &msg) != PRIVPOL_OK)
        return false;
    out[len] = '\0';
    if (out_len != NULL)
        *out_len = len;
    return true;
}

static bool
json_number(const struct json *j, const jsmntok_t *t, double *out)
{
    char buf[32], *end;
    size_t n = (size_t)(t->end - t->start);
    if (t->type != JSMN_PRIMITIVE || n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, j->s + t->start, n);
    buf[n] = '\0';
    if (!(buf[0] == '-' || (buf[0] >= '0' && buf[0] <= '9')))
        return false;
    *out = strtod(buf, &end);
    return *end == '\0';
}

/* Index of the token after token i and everything inside it. */
static int
json_skip(const struct json *j, int i)
{
    int remaining = 1;
    while (remaining > 0 && i < j->count) {
        if (j->tok[i].type == JSMN_OBJECT)
            remaining += 2 * j->tok[i].size;
        else if (j->tok[i].type == JSMN_ARRAY)
            remaining += j->tok[i].size;
        remaining--;
        i++;
    }
    return i;
}

/* ---- corpus lines ----------------------------------------------------------------- */

struct builder {
    struct corpus *c;
    size_t texts_cap, spans_cap, decoys_cap, arena_cap;
};

/* Make room for `need` elements of `size` bytes in *p (capacity *cap). */
#define GROW(p, cap, need) grow_to((void *)&(p), &(cap), (need), sizeof *(p))

static bool
grow_to(void *pp, size_t *cap, size_t need, size_t size)
{
    void *old, *q;
    size_t n = *cap ? *cap : 64;
    if (need <= *cap)
        return true;
    while (n < need)
        n *= 2;
    memcpy(&old, pp, sizeof old);
    if ((q = realloc(old, n * size)) == NULL)
        return false;
    memcpy(pp, &q, sizeof q);
    *cap = n;
    return true;
}

static int
type_index(struct corpus *c, const char *name)
{
    int t = corpus_type(c, name);
    if (t >= 0)
        return t;
    if (c->ntypes == CORPUS_MAX_TYPES || strlen(name) >= sizeof c->type_names[0])
        return -1;
    strcpy(c->type_names[c->ntypes], name);
    return (int)c->ntypes++;
}

/* One array of {"type": ..., "bstart": ..., "bend": ...} at token j->next. */
static bool
read_items(struct json *j, struct builder *bd, bool decoys, size_t *count)
{
    struct corpus *c = bd->c;
    const jsmntok_t *arr = &j->tok[j->next];
    int i = j->next + 1;
    if (arr->type != JSMN_ARRAY)
        return false;
    for (int e = 0; e < arr->size; e++) {
        char key[32], type[24] = "";
        double bstart = -1, bend = -1;
        struct corpus_item *it;
        const jsmntok_t *obj = &j->tok[i++];
        if (obj->type != JSMN_OBJECT)
            return false;
        for (int k = 0; k < obj->size; k++) {
            if (!json_string(j, &j->tok[i], key, sizeof key, NULL))
                return false;
            i++;
            if (strcmp(key, "type") == 0) {
                if (!json_string(j, &j->tok[i], type, sizeof type, NULL))
                    return false;
            } else if (strcmp(key, "bstart") == 0) {
                if (!json_number(j, &j->tok[i], &bstart))
                    return false;
            } else if (strcmp(key, "bend") == 0) {
                if (!json_number(j, &j->tok[i], &bend))
                    return false;
            }
            i = json_skip(j, i);
        }
        if (bstart < 0 || bend < bstart || bend > 1e12 || type[0] == '\0')
            return false;
        if (decoys ? !GROW(c->decoys, bd->decoys_cap, c->ndecoys + 1)
                   : !GROW(c->spans, bd->spans_cap, c->nspans + 1))
            return false;
        it = decoys ? &c->decoys[c->ndecoys++] : &c->spans[c->nspans++];
        if ((it->type = type_index(c, type)) < 0)
            return false;
        it->start = (size_t)bstart;
        it->end = (size_t)bend;
        (*count)++;
    }
    j->next = i;
    return true;
}

/* Parse one line; the text is decoded into the arena. On failure the corpus is left as
 * it was before the line. */
static bool
parse_line(struct builder *bd, const char *s, size_t n)
{
    struct corpus *c = bd->c;
    static jsmntok_t tok[JSON_TOKENS];
    struct json j = {s, tok, 0, 1};
    jsmn_parser parser;
    struct corpus_text t = {0, 0, c->nspans, 0, c->ndecoys, 0};
    size_t nspans0 = c->nspans, ndecoys0 = c->ndecoys, arena0 = c->arena_len;
    char key[32];
    bool have_text = false;

    if (!GROW(c->arena, bd->arena_cap, c->arena_len + n + 2) ||
        !GROW(c->texts, bd->texts_cap, c->count + 1))
        return false;
    jsmn_init(&parser);
    if ((j.count = jsmn_parse(&parser, s, n, tok, JSON_TOKENS)) < 1 ||
        tok[0].type != JSMN_OBJECT || tok[0].size == 0 || tok[0].end != (int)n)
        goto bad;
    for (int k = 0; k < tok[0].size; k++) {
        if (j.next >= j.count || !json_string(&j, &tok[j.next], key, sizeof key, NULL))
            goto bad;
        j.next++;
        if (j.next >= j.count)
            goto bad;
        if (strcmp(key, "text") == 0 && !have_text) {
            t.off = c->arena_len;
            if (!json_string(&j, &tok[j.next], c->arena + t.off, n + 1, &t.len))
                goto bad;
            have_text = true;
            j.next++;
        } else if (strcmp(key, "spans") == 0) {
            if (!read_items(&j, bd, false, &t.nspans))
                goto bad;
        } else if (strcmp(key, "decoys") == 0) {
            if (!read_items(&j, bd, true, &t.ndecoys))
                goto bad;
        } else {
            j.next = json_skip(&j, j.next);
        }
    }
    if (!have_text)
        goto bad;
    for (size_t i = 0; i < t.nspans; i++)
        if (c->spans[t.first_span + i].end > t.len)
            goto bad;
    for (size_t i = 0; i < t.ndecoys; i++)
        if (c->decoys[t.first_decoy + i].end > t.len)
            goto bad;
    c->arena_len = t.off + t.len;
    c->arena[c->arena_len++] = '\n';
    c->arena[c->arena_len] = '\0';
    c->texts[c->count++] = t;
    return true;
bad:
    c->nspans = nspans0;
    c->ndecoys = ndecoys0;
    c->arena_len = arena0;
    c->skipped++;
    return true;
}

int
corpus_type(const struct corpus *c, const char *name)
{
    for (size_t i = 0; i < c->ntypes; i++)
        if (strcmp(c->type_names[i], name) == 0)
            return (int)i;
    return -1;
}

const char *
corpus_arg(const char *arg, const char *usage)
{
    if (arg[0] == '-') {
        fprintf(stderr, "%s\n", usage);
        exit(2);
    }
    return arg;
}

bool
corpus_open(struct corpus *c, const char **path)
{
    if (*path == NULL)
        *path = getenv("PRIVPOL_CORPUS");
    if (*path == NULL || (*path)[0] == '\0')
        *path = DEFAULT_CORPUS;
    return corpus_load(c, *path);
}

bool
corpus_load(struct corpus *c, const char *path)
{
    struct builder bd = {c, 0, 0, 0, 0};
    char *buf = NULL;
    size_t buf_cap = 0;
    ssize_t got;
    FILE *f;

    memset(c, 0, sizeof *c);
    if ((f = fopen(path, "rb")) == NULL) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return false;
    }
    while ((got = getline(&buf, &buf_cap, f)) > 0) {
        size_t n = (size_t)got;
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            n--;
        if (n > 0 && !parse_line(&bd, buf, n)) {
            fprintf(stderr, "%s: out of memory\n", path);
            free(buf);
            fclose(f);
            corpus_free(c);
            return false;
        }
    }
    free(buf);
    if (ferror(f)) {
        fprintf(stderr, "%s: read error\n", path);
        fclose(f);
        corpus_free(c);
        return false;
    }
    fclose(f);
    if (c->count == 0) {
        fprintf(stderr, "%s: no text\n", path);
        corpus_free(c);
        return false;
    }
    return true;
}

void
corpus_free(struct corpus *c)
{
    free(c->arena);
    free(c->texts);
    free(c->spans);
    free(c->decoys);
    memset(c, 0, sizeof *c);
}
