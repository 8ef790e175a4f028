/* SPDX-License-Identifier: MIT */
/* Reader of the labelled corpus (corpus.h), with a small JSON parser: enough of RFC 8259
 * for these lines and strict about it, so that a damaged corpus is reported rather than
 * misread. */
#include "corpus.h"

#include <sys/types.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DEFAULT_CORPUS
#define DEFAULT_CORPUS "tests/data/comments-labelled.jsonl"
#endif

/* ---- a small JSON reader ------------------------------------------------------------
 *
 * Enough of RFC 8259 for these lines, and strict about it: objects, arrays, strings with
 * every escape (\uXXXX with surrogate pairs, written as UTF-8), numbers, true, false,
 * null. Values the program does not need are parsed and skipped. Depth is bounded. */

struct json {
    const char *p, *end;
};

#define JSON_DEPTH 32

static void
ws(struct json *j)
{
    while (j->p < j->end &&
           (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
        j->p++;
}

static bool
eat(struct json *j, char c)
{
    ws(j);
    if (j->p < j->end && *j->p == c) {
        j->p++;
        return true;
    }
    return false;
}

static int
hex4(const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

static size_t
put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A string into out (capacity cap, NUL-terminated; out may be NULL to skip it). The
 * decoded form is never longer than the escaped one. */
static bool
json_string(struct json *j, char *out, size_t cap, size_t *out_len)
{
    size_t o = 0;
    ws(j);
    if (j->p >= j->end || *j->p != '"')
        return false;
    j->p++;
    while (j->p < j->end && *j->p != '"') {
        char tmp[4];
        size_t n = 1;
        unsigned char c = (unsigned char)*j->p;
        if (c < 0x20)
            return false;
        if (c != '\\') {
            tmp[0] = (char)c;
            j->p++;
        } else {
            if (j->end - j->p < 2)
                return false;
            switch (j->p[1]) {
            case '"':
                tmp[0] = '"';
                break;
            case '\\':
                tmp[0] = '\\';
                break;
            case '/':
                tmp[0] = '/';
                break;
            case 'b':
                tmp[0] = '\b';
                break;
            case 'f':
                tmp[0] = '\f';
                break;
            case 'n':
                tmp[0] = '\n';
                break;
            case 'r':
                tmp[0] = '\r';
                break;
            case 't':
                tmp[0] = '\t';
                break;
            case 'u': {
                long cp;
                if (j->end - j->p < 6 || (cp = hex4(j->p + 2)) < 0)
                    return false;
                j->p += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    long lo;
                    if (j->end - j->p < 8 || j->p[2] != '\\' || j->p[3] != 'u' ||
                        (lo = hex4(j->p + 4)) < 0xDC00 || lo > 0xDFFF)
                        return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    j->p += 6;
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return false;
                }
                n = put_utf8(tmp, (unsigned long)cp);
                break;
            }
            default:
                return false;
            }
            j->p += 2;
        }
        if (out != NULL) {
            if (o + n >= cap)
                return false;
            memcpy(out + o, tmp, n);
        }
        o += n;
    }
    if (j->p >= j->end)
        return false;
    j->p++;
    if (out != NULL)
        out[o] = '\0';
    if (out_len != NULL)
        *out_len = o;
    return true;
}

static bool
json_number(struct json *j, double *out)
{
    char buf[64], *end;
    size_t n = 0;
    ws(j);
    while (j->p + n < j->end && n < sizeof buf - 1 &&
           strchr("+-0123456789.eE", j->p[n]) != NULL && j->p[n] != '\0')
        n++;
    if (n == 0 || n == sizeof buf - 1)
        return false;
    memcpy(buf, j->p, n);
    buf[n] = '\0';
    errno = 0;
    *out = strtod(buf, &end);
    if (end != buf + n || errno != 0)
        return false;
    j->p += n;
    return true;
}

static bool json_skip(struct json *j, int depth);

static bool
json_skip_container(struct json *j, char close, bool object, int depth)
{
    if (eat(j, close))
        return true;
    do {
        if (object && (!json_string(j, NULL, 0, NULL) || !eat(j, ':')))
            return false;
        if (!json_skip(j, depth + 1))
            return false;
    } while (eat(j, ','));
    return eat(j, close);
}

static bool
json_skip(struct json *j, int depth)
{
    double d;
    if (depth > JSON_DEPTH)
        return false;
    ws(j);
    if (j->p >= j->end)
        return false;
    switch (*j->p) {
    case '"':
        return json_string(j, NULL, 0, NULL);
    case '{':
        j->p++;
        return json_skip_container(j, '}', true, depth);
    case '[':
        j->p++;
        return json_skip_container(j, ']', false, depth);
    case 't':
        if (j->end - j->p >= 4 && memcmp(j->p, "true", 4) == 0) {
            j->p += 4;
            return true;
        }
        return false;
    case 'f':
        if (j->end - j->p >= 5 && memcmp(j->p, "false", 5) == 0) {
            j->p += 5;
            return true;
        }
        return false;
    case 'n':
        if (j->end - j->p >= 4 && memcmp(j->p, "null", 4) == 0) {
            j->p += 4;
            return true;
        }
        return false;
    default:
        return json_number(j, &d);
    }
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

/* One array of {"type": ..., "bstart": ..., "bend": ...}. */
static bool
read_items(struct json *j, struct builder *bd, bool decoys, size_t *count)
{
    struct corpus *c = bd->c;
    if (!eat(j, '['))
        return false;
    if (eat(j, ']'))
        return true;
    do {
        char key[32], type[24] = "";
        double bstart = -1, bend = -1;
        struct corpus_item *it;
        if (!eat(j, '{'))
            return false;
        if (!eat(j, '}')) {
            do {
                if (!json_string(j, key, sizeof key, NULL) || !eat(j, ':'))
                    return false;
                if (strcmp(key, "type") == 0) {
                    if (!json_string(j, type, sizeof type, NULL))
                        return false;
                } else if (strcmp(key, "bstart") == 0) {
                    if (!json_number(j, &bstart))
                        return false;
                } else if (strcmp(key, "bend") == 0) {
                    if (!json_number(j, &bend))
                        return false;
                } else if (!json_skip(j, 2)) {
                    return false;
                }
            } while (eat(j, ','));
            if (!eat(j, '}'))
                return false;
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
    } while (eat(j, ','));
    return eat(j, ']');
}

/* Parse one line; the text is decoded into the arena. On failure the corpus is left as
 * it was before the line. */
static bool
parse_line(struct builder *bd, const char *s, size_t n)
{
    struct corpus *c = bd->c;
    struct json j = {s, s + n};
    struct corpus_text t = {0, 0, c->nspans, 0, c->ndecoys, 0};
    size_t nspans0 = c->nspans, ndecoys0 = c->ndecoys, arena0 = c->arena_len;
    char key[32];
    bool have_text = false;

    if (!GROW(c->arena, bd->arena_cap, c->arena_len + n + 2) ||
        !GROW(c->texts, bd->texts_cap, c->count + 1))
        return false;
    if (!eat(&j, '{') || eat(&j, '}'))
        goto bad;
    do {
        if (!json_string(&j, key, sizeof key, NULL) || !eat(&j, ':'))
            goto bad;
        if (strcmp(key, "text") == 0 && !have_text) {
            t.off = c->arena_len;
            if (!json_string(&j, c->arena + t.off, n + 1, &t.len))
                goto bad;
            have_text = true;
        } else if (strcmp(key, "spans") == 0) {
            if (!read_items(&j, bd, false, &t.nspans))
                goto bad;
        } else if (strcmp(key, "decoys") == 0) {
            if (!read_items(&j, bd, true, &t.ndecoys))
                goto bad;
        } else if (!json_skip(&j, 1)) {
            goto bad;
        }
    } while (eat(&j, ','));
    if (!eat(&j, '}'))
        goto bad;
    ws(&j);
    if (j.p != j.end || !have_text)
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
