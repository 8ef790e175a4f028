/* SPDX-License-Identifier: MIT */
/* Reading policy text: libyaml's event parser builds a small node tree under hard limits
 * (no anchors or aliases, so no expansion bombs; bounded depth, node count and scalar
 * size), then typed readers turn nodes into model values, failing with the node's line
 * and column. */
#include "policy-parse.h"

#include <inttypes.h>
#include <stdalign.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

/* ---- positions --------------------------------------------------------------------- */

/* libyaml counts columns in characters; privpol_error wants bytes. Walk to the line
 * (breaks: LF, CRLF, CR, as libyaml reads them) and over column-1 UTF-8 characters. */
static uint32_t
byte_column(const char *text, size_t len, uint32_t line, uint32_t column)
{
    size_t i = 0;
    uint32_t l = 1, c;
    if (text == NULL || line == 0 || column == 0)
        return column;
    while (l < line && i < len) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n')))
            l++;
        i++;
    }
    if (l != line)
        return column;
    for (c = 1; c < column && i < len && text[i] != '\n' && text[i] != '\r'; c++) {
        i++;
        while (i < len && ((unsigned char)text[i] & 0xC0) == 0x80)
            i++;
    }
    /* byte offset from the start of the line */
    {
        size_t start = i;
        while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r')
            start--;
        return (uint32_t)(i - start + 1);
    }
}

/* Line and byte column of a byte offset. */
static void
position_of(const char *text, size_t len, size_t offset, uint32_t *line, uint32_t *column)
{
    uint32_t l = 1;
    size_t start = 0;
    if (offset > len)
        offset = len;
    for (size_t i = 0; i < offset; i++)
        if (text[i] == '\n' ||
            (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
            l++;
            start = i + 1;
        }
    *line = l;
    *column = (uint32_t)(offset - start + 1);
}

/* ---- the node tree ----------------------------------------------------------------- */

struct yread {
    struct privpol__arena *arena;
    const char *text;
    size_t len;
    privpol_error *err;
    size_t nodes;
    struct privpol__pnode *stack[PRIVPOL__YAML_MAX_DEPTH];
    size_t depth;
    struct privpol__pnode *root;
};

/* libyaml puts the end of input one line past a last line that has no line break; point
 * at the end of that last line instead, so that the position names a line of the text. */
static void
clamp_to_text(const char *text, size_t len, uint32_t *line, uint32_t *column)
{
    uint32_t lines = 1;
    size_t last_start = 0;
    if (text == NULL)
        return;
    for (size_t i = 0; i < len; i++)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= len || text[i + 1] != '\n'))) {
            lines++;
            last_start = i + 1;
        }
    if (*line > lines) {
        *line = lines;
        *column = (uint32_t)(len - last_start) + 1;
    }
}

static privpol_status yfail(struct yread *y, const yaml_mark_t *m, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static privpol_status
yfail(struct yread *y, const yaml_mark_t *m, const char *fmt, ...)
{
    char msg[PRIVPOL_ERROR_MESSAGE_SIZE];
    va_list ap;
    uint32_t line = (uint32_t)m->line + 1, column;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    column = byte_column(y->text, y->len, line, (uint32_t)m->column + 1);
    clamp_to_text(y->text, y->len, &line, &column);
    return privpol__fail_at(y->err, PRIVPOL_EPARSE, line, column, msg);
}

static privpol_status
add_node(struct yread *y, const yaml_event_t *ev, enum privpol__pnode_type type,
         struct privpol__pnode **out)
{
    struct privpol__pnode *n, *parent = y->depth > 0 ? y->stack[y->depth - 1] : NULL;
    if (++y->nodes > PRIVPOL__YAML_MAX_NODES)
        return yfail(y, &ev->start_mark, "more than %u nodes", PRIVPOL__YAML_MAX_NODES);
    if (parent == NULL && y->root != NULL)
        return yfail(y, &ev->start_mark, "more than one document");
    if (parent != NULL && parent->type == PRIVPOL__PN_MAP && parent->count % 2 == 0) {
        if (type != PRIVPOL__PN_SCALAR)
            return yfail(y, &ev->start_mark,
                         "a mapping key must be a name, not a collection");
        if (parent->count / 2 >= 512)
            return yfail(y, &ev->start_mark, "a mapping has more than 512 keys");
    }
    if ((n = privpol__arena_alloc(y->arena, sizeof *n)) == NULL)
        return privpol__fail(y->err, PRIVPOL_ENOMEM, NULL);
    n->type = type;
    n->line = (uint32_t)ev->start_mark.line + 1;
    n->column = (uint32_t)ev->start_mark.column + 1; /* characters: bytes on failure */
    if (parent == NULL)
        y->root = n;
    else {
        if (parent->last == NULL)
            parent->first = n;
        else
            parent->last->next = n;
        parent->last = n;
        parent->count++;
    }
    *out = n;
    return PRIVPOL_OK;
}

/* A key just added to a mapping: refuse it when the mapping already has it. */
static privpol_status
check_duplicate_key(struct yread *y, const struct privpol__pnode *map,
                    const struct privpol__pnode *key, const yaml_event_t *ev)
{
    const struct privpol__pnode *k = map->first;
    for (size_t i = 0; i + 1 < map->count; i += 2, k = k->next->next)
        if (k->len == key->len && memcmp(k->text, key->text, key->len) == 0) {
            char buf[48];
            return yfail(y, &ev->start_mark, "duplicate key '%s' (first at line %u)",
                         privpol__pshow(key, buf), k->line);
        }
    return PRIVPOL_OK;
}

static privpol_status
on_event(struct yread *y, const yaml_event_t *ev)
{
    struct privpol__pnode *n;
    privpol_status st;
    const unsigned char *anchor = NULL, *tag = NULL;

    switch (ev->type) {
    case YAML_ALIAS_EVENT:
        return yfail(y, &ev->start_mark, "aliases are not allowed");
    case YAML_SCALAR_EVENT:
        anchor = ev->data.scalar.anchor;
        tag = ev->data.scalar.tag;
        break;
    case YAML_SEQUENCE_START_EVENT:
        anchor = ev->data.sequence_start.anchor;
        tag = ev->data.sequence_start.tag;
        break;
    case YAML_MAPPING_START_EVENT:
        anchor = ev->data.mapping_start.anchor;
        tag = ev->data.mapping_start.tag;
        break;
    case YAML_DOCUMENT_START_EVENT:
        if (y->root != NULL)
            return yfail(y, &ev->start_mark, "more than one document");
        return PRIVPOL_OK;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (y->depth > 0)
            y->depth--;
        return PRIVPOL_OK;
    default:
        return PRIVPOL_OK;
    }
    if (anchor != NULL)
        return yfail(y, &ev->start_mark, "anchors are not allowed");
    if (tag != NULL)
        return yfail(y, &ev->start_mark, "tags are not allowed");

    if (ev->type == YAML_SCALAR_EVENT) {
        struct privpol__pnode *parent = y->depth > 0 ? y->stack[y->depth - 1] : NULL;
        size_t len = ev->data.scalar.length;
        if (len > PRIVPOL__YAML_MAX_SCALAR)
            return yfail(y, &ev->start_mark, "a scalar is longer than %u bytes",
                         PRIVPOL__YAML_MAX_SCALAR);
        if (memchr(ev->data.scalar.value, '\0', len) != NULL)
            return yfail(y, &ev->start_mark, "a scalar contains a NUL character");
        if ((st = add_node(y, ev, PRIVPOL__PN_SCALAR, &n)) != PRIVPOL_OK)
            return st;
        n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        n->len = len;
        if ((n->text = privpol__arena_strndup(
                 y->arena, (const char *)ev->data.scalar.value, len)) == NULL)
            return privpol__fail(y->err, PRIVPOL_ENOMEM, NULL);
        if (parent != NULL && parent->type == PRIVPOL__PN_MAP && parent->count % 2 == 1)
            return check_duplicate_key(y, parent, n, ev);
        return PRIVPOL_OK;
    }
    if (y->depth >= PRIVPOL__YAML_MAX_DEPTH)
        return yfail(y, &ev->start_mark, "nesting deeper than %u levels",
                     PRIVPOL__YAML_MAX_DEPTH);
    if ((st = add_node(y, ev,
                       ev->type == YAML_MAPPING_START_EVENT ? PRIVPOL__PN_MAP
                                                            : PRIVPOL__PN_SEQ,
                       &n)) != PRIVPOL_OK)
        return st;
    y->stack[y->depth++] = n;
    return PRIVPOL_OK;
}

privpol_status
privpol__yaml_read(struct privpol__arena *arena, const char *text, size_t len,
                   struct privpol__pnode **root, privpol_error *err)
{
    struct yread y = {.arena = arena, .text = text, .len = len, .err = err};
    yaml_parser_t parser;
    yaml_event_t ev;
    privpol_status st = PRIVPOL_OK;
    bool done = false;

    *root = NULL;
    if (len > PRIVPOL_POLICY_MAX_BYTES)
        return privpol__failf(err, PRIVPOL_EPARSE, "text larger than %u bytes",
                              PRIVPOL_POLICY_MAX_BYTES);
    if (!yaml_parser_initialize(&parser))
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    yaml_parser_set_input_string(&parser, (const unsigned char *)(len > 0 ? text : ""),
                                 len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    while (!done && st == PRIVPOL_OK) {
        if (!yaml_parser_parse(&parser, &ev)) {
            const char *problem =
                parser.problem != NULL ? parser.problem : "syntax error";
            if (parser.error == YAML_MEMORY_ERROR) {
                st = privpol__fail(err, PRIVPOL_ENOMEM, NULL);
            } else if (parser.error == YAML_READER_ERROR) {
                uint32_t line, column;
                position_of(text, len, parser.problem_offset, &line, &column);
                st = privpol__fail_at(err, PRIVPOL_EPARSE, line, column,
                                      "not valid UTF-8 text without control characters");
            } else if (parser.context != NULL) {
                st = yfail(&y, &parser.problem_mark, "YAML: %s %s", problem,
                           parser.context);
            } else {
                st = yfail(&y, &parser.problem_mark, "YAML: %s", problem);
            }
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        st = on_event(&y, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    if (st != PRIVPOL_OK)
        return st;
    if (y.root == NULL)
        return privpol__fail_at(err, PRIVPOL_EPARSE, 1, 1, "empty document");
    *root = y.root;
    return PRIVPOL_OK;
}

/* ---- failures ---------------------------------------------------------------------- */

#if defined(__GNUC__)
__attribute__((format(printf, 4, 0)))
#endif
static privpol_status
vfail_at(struct privpol__reader *r, uint32_t line, uint32_t column, const char *fmt,
         va_list ap)
{
    char msg[PRIVPOL_ERROR_MESSAGE_SIZE];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return privpol__fail_at(r->err, PRIVPOL_EPARSE, line,
                            byte_column(r->text, r->len, line, column), msg);
}

privpol_status
privpol__pfail(struct privpol__reader *r, const struct privpol__pnode *n, const char *fmt,
               ...)
{
    privpol_status st;
    va_list ap;
    va_start(ap, fmt);
    st = vfail_at(r, n != NULL ? n->line : 0, n != NULL ? n->column : 0, fmt, ap);
    va_end(ap);
    return st;
}

privpol_status
privpol__pfail_at(struct privpol__reader *r, uint32_t line, uint32_t column,
                  const char *fmt, ...)
{
    privpol_status st;
    va_list ap;
    va_start(ap, fmt);
    st = vfail_at(r, line, column, fmt, ap);
    va_end(ap);
    return st;
}

const char *
privpol__pshow(const struct privpol__pnode *n, char buf[48])
{
    size_t i, len;
    if (n == NULL || n->type != PRIVPOL__PN_SCALAR) {
        strcpy(buf, n != NULL && n->type == PRIVPOL__PN_MAP ? "(mapping)" : "(sequence)");
        return buf;
    }
    len = n->len > 40 ? 40 : n->len;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)n->text[i];
        buf[i] = c >= 0x20 && c < 0x7f && c != '\'' ? (char)c : '?';
    }
    if (n->len > 40) {
        memcpy(buf + 40, "...", 3);
        i = 43;
    }
    buf[i] = '\0';
    return buf;
}

/* ---- mappings ---------------------------------------------------------------------- */

const struct privpol__pnode *
privpol__pget(const struct privpol__pnode *map, const char *key)
{
    size_t n;
    if (map == NULL || map->type != PRIVPOL__PN_MAP)
        return NULL;
    n = strlen(key);
    for (const struct privpol__pnode *k = map->first; k != NULL && k->next != NULL;
         k = k->next->next)
        if (k->len == n && memcmp(k->text, key, n) == 0)
            return k->next;
    return NULL;
}

static const char *
type_name(enum privpol__pnode_type t)
{
    return t == PRIVPOL__PN_MAP   ? "a mapping"
           : t == PRIVPOL__PN_SEQ ? "a list"
                                  : "a value";
}

privpol_status
privpol__ptype(struct privpol__reader *r, const struct privpol__pnode *n,
               enum privpol__pnode_type type, const char *what)
{
    if (n->type == type)
        return PRIVPOL_OK;
    return privpol__pfail(r, n, "%s must be %s, not %s", what, type_name(type),
                          type_name(n->type));
}

privpol_status
privpol__pkeys(struct privpol__reader *r, const struct privpol__pnode *map,
               const char *const *keys, const char *what)
{
    for (const struct privpol__pnode *k = map->first; k != NULL && k->next != NULL;
         k = k->next->next) {
        bool known = false;
        for (size_t i = 0; keys[i] != NULL && !known; i++)
            known = strlen(keys[i]) == k->len && memcmp(keys[i], k->text, k->len) == 0;
        if (!known) {
            char buf[48];
            return privpol__pfail(r, k, "unknown key '%s' in %s", privpol__pshow(k, buf),
                                  what);
        }
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__preq(struct privpol__reader *r, const struct privpol__pnode *map,
              const char *key, const char *what, const struct privpol__pnode **out)
{
    if ((*out = privpol__pget(map, key)) == NULL)
        return privpol__pfail(r, map, "%s: missing required key '%s'", what, key);
    return PRIVPOL_OK;
}

/* ---- scalars ----------------------------------------------------------------------- */

static privpol_status
scalar(struct privpol__reader *r, const struct privpol__pnode *n, const char *what)
{
    if (n->type != PRIVPOL__PN_SCALAR)
        return privpol__pfail(r, n, "%s must be a value, not %s", what,
                              type_name(n->type));
    return PRIVPOL_OK;
}

privpol_status
privpol__pstring(struct privpol__reader *r, const struct privpol__pnode *n,
                 const char *what, const char **out)
{
    privpol_status st;
    if ((st = scalar(r, n, what)) != PRIVPOL_OK)
        return st;
    if (n->len == 0)
        return privpol__pfail(r, n, "%s must not be empty", what);
    if ((*out = privpol__arena_strndup(r->pol->arena, n->text, n->len)) == NULL)
        return privpol__fail(r->err, PRIVPOL_ENOMEM, NULL);
    return PRIVPOL_OK;
}

privpol_status
privpol__popt_string(struct privpol__reader *r, const struct privpol__pnode *map,
                     const char *key, const char *what, const char **out)
{
    const struct privpol__pnode *v = privpol__pget(map, key);
    *out = NULL;
    return v == NULL ? PRIVPOL_OK : privpol__pstring(r, v, what, out);
}

bool
privpol__id_ok(const char *s, size_t n)
{
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        bool alnum = privpol__is_lower(c) || privpol__is_digit(c);
        if (!alnum && (i == 0 || (c != '_' && c != '-' && c != '.')))
            return false;
    }
    return true;
}

privpol_status
privpol__pid(struct privpol__reader *r, const struct privpol__pnode *n, const char *what,
             const char **out)
{
    privpol_status st;
    char buf[48];
    if ((st = scalar(r, n, what)) != PRIVPOL_OK)
        return st;
    if (!privpol__id_ok(n->text, n->len))
        return privpol__pfail(
            r, n,
            "%s: '%s' is not an id (1 to 64 of a-z, 0-9, '_', '-', '.', "
            "starting with a letter or digit)",
            what, privpol__pshow(n, buf));
    if ((*out = privpol__arena_strndup(r->pol->arena, n->text, n->len)) == NULL)
        return privpol__fail(r->err, PRIVPOL_ENOMEM, NULL);
    return PRIVPOL_OK;
}

privpol_status
privpol__pbool(struct privpol__reader *r, const struct privpol__pnode *n,
               const char *what, bool *out)
{
    if (n->type == PRIVPOL__PN_SCALAR && n->plain) {
        if (strcmp(n->text, "true") == 0) {
            *out = true;
            return PRIVPOL_OK;
        }
        if (strcmp(n->text, "false") == 0) {
            *out = false;
            return PRIVPOL_OK;
        }
    }
    return privpol__pfail(r, n, "%s must be true or false", what);
}

privpol_status
privpol__puint(struct privpol__reader *r, const struct privpol__pnode *n,
               const char *what, unsigned min, unsigned max, unsigned *out)
{
    unsigned long v = 0;
    if (n->type != PRIVPOL__PN_SCALAR || !n->plain || n->len == 0 || n->len > 9)
        goto bad;
    for (size_t i = 0; i < n->len; i++) {
        if (!privpol__is_digit((unsigned char)n->text[i]))
            goto bad;
        v = v * 10 + (unsigned long)(n->text[i] - '0');
    }
    if (v < min || v > max)
        goto bad;
    *out = (unsigned)v;
    return PRIVPOL_OK;
bad:
    return privpol__pfail(r, n, "%s must be a whole number from %u to %u", what, min,
                          max);
}

privpol_status
privpol__penum(struct privpol__reader *r, const struct privpol__pnode *n,
               const char *const *names, size_t count, const char *kind, unsigned *out)
{
    privpol_status st;
    char buf[48];
    if ((st = scalar(r, n, kind)) != PRIVPOL_OK)
        return st;
    for (size_t i = 0; i < count; i++)
        if (names[i] != NULL && strlen(names[i]) == n->len &&
            memcmp(names[i], n->text, n->len) == 0) {
            *out = (unsigned)i;
            return PRIVPOL_OK;
        }
    return privpol__pfail(r, n, "unknown %s '%s'", kind, privpol__pshow(n, buf));
}

privpol_status
privpol__pmask(struct privpol__reader *r, const struct privpol__pnode *n,
               const char *const *names, size_t count, const char *kind, unsigned *out)
{
    privpol_status st;
    char what[64];
    *out = 0;
    snprintf(what, sizeof what, "a list of %s names", kind);
    if ((st = privpol__ptype(r, n, PRIVPOL__PN_SEQ, what)) != PRIVPOL_OK)
        return st;
    for (const struct privpol__pnode *i = n->first; i != NULL; i = i->next) {
        unsigned v;
        char buf[48];
        if ((st = privpol__penum(r, i, names, count, kind, &v)) != PRIVPOL_OK)
            return st;
        if (*out & (1u << v))
            return privpol__pfail(r, i, "%s '%s' listed twice", kind,
                                  privpol__pshow(i, buf));
        *out |= 1u << v;
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__pcategory(struct privpol__reader *r, const struct privpol__pnode *n, int *out)
{
    privpol_status st;
    char buf[48];
    if ((st = scalar(r, n, "a category")) != PRIVPOL_OK)
        return st;
    if ((*out = privpol__category_index(n->text)) < 0)
        return privpol__pfail(r, n, "unknown category id '%s'", privpol__pshow(n, buf));
    return PRIVPOL_OK;
}

privpol_status
privpol__pcatset(struct privpol__reader *r, const struct privpol__pnode *n,
                 const char *what, privpol__catset *out)
{
    privpol_status st;
    *out = 0;
    if ((st = privpol__ptype(r, n, PRIVPOL__PN_SEQ, what)) != PRIVPOL_OK)
        return st;
    for (const struct privpol__pnode *i = n->first; i != NULL; i = i->next) {
        int c;
        char buf[48];
        if ((st = privpol__pcategory(r, i, &c)) != PRIVPOL_OK)
            return st;
        if (*out & PRIVPOL_CAT_BIT(c))
            return privpol__pfail(r, i, "category '%s' listed twice",
                                  privpol__pshow(i, buf));
        *out |= PRIVPOL_CAT_BIT(c);
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__pdate(struct privpol__reader *r, const struct privpol__pnode *n,
               const char *what, int64_t *out)
{
    privpol_status st;
    if ((st = scalar(r, n, what)) != PRIVPOL_OK)
        return st;
    if (privpol_time_parse(n->text, n->len, out, NULL) != PRIVPOL_OK)
        return privpol__pfail(
            r, n, "%s: not an ISO 8601 date (YYYY-MM-DD) or UTC instant", what);
    return PRIVPOL_OK;
}

privpol_status
privpol__pduration(struct privpol__reader *r, const struct privpol__pnode *n,
                   const char *what, privpol_duration *out)
{
    privpol_status st;
    privpol_error e;
    if ((st = scalar(r, n, what)) != PRIVPOL_OK)
        return st;
    if (privpol_duration_parse(n->text, n->len, out, &e) != PRIVPOL_OK)
        return privpol__pfail_at(
            r, n->line,
            n->column + (n->plain && e.column > 0 ? (uint32_t)e.column - 1 : 0),
            "%s: not an ISO 8601 duration such as P13M, P90D or P1Y6M "
            "(%s)",
            what, e.message);
    return PRIVPOL_OK;
}

privpol_status
privpol__pcountry(struct privpol__reader *r, const struct privpol__pnode *n, char out[3])
{
    privpol_status st;
    char buf[48];
    if ((st = scalar(r, n, "a country")) != PRIVPOL_OK)
        return st;
    if (n->len != 2 || !privpol__iso3166_known(n->text))
        return privpol__pfail(r, n, "'%s' is not an ISO 3166-1 alpha-2 country code",
                              privpol__pshow(n, buf));
    memcpy(out, n->text, 3);
    return PRIVPOL_OK;
}

privpol_status
privpol__plevel(struct privpol__reader *r, const struct privpol__pnode *n,
                const char *what, privpol_identifiability *out)
{
    unsigned v;
    privpol_status st = privpol__penum(r, n, privpol__identifiability_names, PRIVPOL__IDENTIFIABILITY_COUNT, what, &v);
    if (st == PRIVPOL_OK)
        *out = (privpol_identifiability)v;
    return st;
}
