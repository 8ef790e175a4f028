/* SPDX-License-Identifier: MIT */
/* privpol__scrub_kept(): what the record pipeline does with a value the policy keeps in
 * clear. Keeping a category (a usage event, a journey, a device type) keeps what the
 * category is about, not whatever else a sender wrote into the field: "login
 * jean.dupont@example.fr" is a usage event with an email address in it. So a kept value
 * is looked at once more (docs/record.md, "Kept values"):
 *
 * - A URL (absolute "scheme://...", an opaque "mailto:", "tel:", ... or relative "/...",
 *   "?...") is parsed by liburiparser (RFC 3986; Debian liburiparser-dev). Its user-info
 *   is removed whatever it holds; the host, each path segment, each query parameter name
 *   and value (percent-decoded, '+' as space) and the fragment are classified like
 *   values: a parameter's name feeds the field rules ("?email=", "?msisdn=", "?ip="),
 *   the other pieces take the field's own category unless their value says more (an
 *   identifier keeps its category). Each piece is transformed as the policy says for its
 *   category (pseudonym, prefix, label; a dropped parameter is left out), a kept piece is
 *   scanned like text, and the URL is written again with the outputs percent-encoded.
 *   Pieces that nothing changes keep their original bytes.
 * - Anything else, and a URL liburiparser refuses (a space in it, raw UTF-8), is scanned
 *   as text with percent escapes decoded (privpol__scrub_text()), each span replaced as
 *   the slot's span rules say.
 *
 * liburiparser allocates its path-segment list through a memory manager: here a bump
 * arena inside the record, reset for each URL, so a warm record still allocates nothing.
 * A URL with more segments than the arena holds fails to parse and is scanned as text. */
#include "classify-internal.h"
#include "record-internal.h"

#include <string.h>
#include <strings.h>

#include <uriparser/Uri.h>

/* ---- liburiparser's memory: the record's arena ------------------------------------- */

struct arena_hdr {
    size_t size;
};

static void *
arena_malloc(UriMemoryManager *mm, size_t size)
{
    privpol_record *r = mm->userData;
    size_t need = (sizeof(struct arena_hdr) + size + 15U) & ~(size_t)15U;
    struct arena_hdr *h;
    if (size > sizeof r->arena || need > sizeof r->arena - r->arena_used)
        return NULL;
    h = (struct arena_hdr *)(void *)(r->arena + r->arena_used);
    h->size = size;
    r->arena_used += need;
    return h + 1;
}

static void *
arena_calloc(UriMemoryManager *mm, size_t n, size_t size)
{
    void *p;
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    if ((p = arena_malloc(mm, n * size)) != NULL)
        memset(p, 0, n * size);
    return p;
}

static void *
arena_realloc(UriMemoryManager *mm, void *old, size_t size)
{
    void *p = arena_malloc(mm, size);
    if (p != NULL && old != NULL) {
        size_t was = ((struct arena_hdr *)old - 1)->size;
        memcpy(p, old, was < size ? was : size);
    }
    return p;
}

static void *
arena_reallocarray(UriMemoryManager *mm, void *old, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    return arena_realloc(mm, old, n * size);
}

static void
arena_free(UriMemoryManager *mm, void *p)
{
    (void)mm;
    (void)p; /* released with the whole arena */
}

/* ---- helpers ----------------------------------------------------------------------- */

static bool
alpha(unsigned char c)
{
    return (unsigned)((c | 0x20) - 'a') < 26U;
}

/* Opaque schemes whose path is data: "mailto:jean@x.fr", "tel:+33612345678". */
static bool
opaque_scheme(const char *s, size_t n)
{
    static const char *const names[] = {"mailto", "tel", "sms", "sip", "sips", "callto",
                                        "facetime", "im", "xmpp", "urn"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
        size_t m = strlen(names[k]);
        if (m == n) {
            size_t i = 0;
            while (i < n && (unsigned char)(s[i] | 0x20) == (unsigned char)names[k][i])
                i++;
            if (i == n)
                return true;
        }
    }
    return false;
}

/* Schemes of the web, read as URLs even without their "//" ("https:user:pw@host"). */
static bool
web_scheme(const char *s, size_t n)
{
    static const char *const names[] = {"http", "https", "ftp", "ftps", "ws", "wss"};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strlen(names[k]) == n && strncasecmp(s, names[k], n) == 0)
            return true;
    return false;
}

/* A value worth reading as a URL: a scheme and "//" or an opaque scheme of contact
 * data, or a relative reference beginning with '/' or '?'. The scheme is copied as it is,
 * so only schemes without digits are read as such (RFC 3986 allows "tel+33612345678:",
 * which would carry a number through): a value with another one is scanned as text. */
static bool
url_like(const char *s, size_t n)
{
    size_t i = 0;
    if (n < 2)
        return false;
    if (s[0] == '/' || s[0] == '?')
        return true;
    if (!alpha((unsigned char)s[0]))
        return false;
    while (i < n && i < 32 &&
           (alpha((unsigned char)s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
        i++;
    if (i >= n || s[i] != ':')
        return false;
    return (n - i >= 3 && s[i + 1] == '/' && s[i + 2] == '/') || opaque_scheme(s, i) ||
           web_scheme(s, i);
}

/* Percent-decode [s, s+n) into b (from its start); '+' as a space in a query, except
 * before a digit. */
static privpol_status
decode(privpol_record *r, struct privpol__buf *b, const char *s, size_t n, bool query)
{
    privpol_status st;
    b->len = 0;
    if ((st = privpol__buf_reserve(r->ctx, b, n + 1)) != PRIVPOL_OK)
        return st;
    b->len = privpol__percent_decode(s, n, query ? PRIVPOL__PLUS_QUERY : PRIVPOL__PLUS_KEEP,
                                     b->p);
    b->p[b->len] = '\0';
    return PRIVPOL_OK;
}

/* Append [s, s+n) percent-encoded: RFC 3986 unreserved characters as they are. */
static privpol_status
encode(privpol_record *r, struct privpol__buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    privpol_status st;
    if (n > SIZE_MAX / 3 || (st = privpol__buf_reserve(r->ctx, b, 3 * n)) != PRIVPOL_OK)
        return PRIVPOL_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (privpol__is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            b->p[b->len++] = (char)c;
        } else {
            b->p[b->len++] = '%';
            b->p[b->len++] = hex[c >> 4];
            b->p[b->len++] = hex[c & 15];
        }
    }
    return PRIVPOL_OK;
}

/* Scan text and append it with its spans replaced, or as it is when nothing is found.
 * *changed is set when something was replaced. */
static privpol_status
scan_into(privpol_record *r, struct privpol__slot *s, unsigned flags, const char *text,
          size_t len, struct privpol__buf *b, bool *changed, privpol_error *err)
{
    size_t cap = len + len / 2 + 64, out_len, replaced = 0;
    privpol_status st;

    for (int attempt = 0; attempt < 4; attempt++) {
        if ((st = privpol__buf_reserve(r->ctx, b, cap)) != PRIVPOL_OK)
            return privpol__fail(err, st, NULL);
        out_len = cap;
        st = privpol__scrub_text(r->ctx, &s->spans, flags, text, len, b->p + b->len, &out_len,
                                 &replaced, err);
        if (st == PRIVPOL_EBUFSIZE) {
            cap = out_len;
            continue;
        }
        if (st != PRIVPOL_OK)
            return st;
        if (replaced == 0)
            return privpol__buf_put(r->ctx, b, text, len);
        b->len += out_len;
        *changed = true;
        return PRIVPOL_OK;
    }
    return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
}

/* ---- URLs -------------------------------------------------------------------------- */

enum piece_kind { PIECE_HOST, PIECE_SEGMENT, PIECE_NAME, PIECE_VALUE, PIECE_FRAGMENT };

struct url_job {
    privpol_record *r;
    struct privpol__slot *s;
    int64_t at;
    int inherit; /* the category pieces take when their value says nothing more */
    struct privpol__buf *b;
    bool changed;
    privpol_error *err;
};

/* Scan a piece (decoded in r->pieces) like kept text and append it: its original bytes
 * when nothing was found, else the scrubbed text percent-encoded. */
static privpol_status
scan_piece(struct url_job *j, const char *p, size_t n)
{
    privpol_record *r = j->r;
    bool changed = false;
    privpol_status st;

    r->piece_out.len = 0;
    if ((st = scan_into(r, j->s, 0, r->pieces.p, r->pieces.len, &r->piece_out, &changed,
                        j->err)) != PRIVPOL_OK)
        return st;
    if (!changed)
        return privpol__buf_put(r->ctx, j->b, p, n);
    j->changed = true;
    return encode(r, j->b, r->piece_out.p, r->piece_out.len);
}

/* One piece of a URL, [p, p+n) as written: decoded, classified, transformed, appended
 * (percent-encoded when changed). *dropped is set when the policy drops it. */
static privpol_status
piece(struct url_job *j, enum piece_kind kind, int field_category, const char *p, size_t n,
      bool *dropped)
{
    privpol_record *r = j->r;
    privpol_classification cl;
    privpol_action action;
    size_t c;
    bool naming;
    privpol_status st;

    *dropped = false;
    if (n == 0)
        return PRIVPOL_OK;
    if ((st = decode(r, &r->pieces, p, n, kind == PIECE_NAME || kind == PIECE_VALUE)) !=
        PRIVPOL_OK)
        return privpol__fail(j->err, st, NULL);
    if ((st = privpol__classify_known(r->ctx, field_category, r->pieces.p, r->pieces.len,
                                      &cl)) != PRIVPOL_OK)
        return privpol__fail(j->err, st, "classification failed");
    c = cl.category;
    /* Scanned like text, not transformed: a token of this library; a parameter name or a
     * host name that holds no identifier (they name a parameter or a site, not a person);
     * a segment, value or fragment that is what the field is about. */
    naming = c == r->cat_unknown || privpol_category_identifiability(c) == PRIVPOL_NON_IDENTIFIABLE;
    if ((cl.flags & PRIVPOL_CLASS_TOKEN) ||
        ((kind == PIECE_NAME || kind == PIECE_HOST) && naming) ||
        (kind != PIECE_NAME && kind != PIECE_HOST && c == (size_t)j->inherit))
        return scan_piece(j, p, n);
    r->piece_out.len = 0;
    if ((st = privpol__transform_value(r, j->s, c, r->pieces.p, r->pieces.len, j->at,
                                       &r->piece_out, &action, &c, j->err)) != PRIVPOL_OK)
        return st;
    if (action == PRIVPOL_ACTION_KEEP)
        return scan_piece(j, p, n); /* the policy keeps this category in clear */
    j->changed = true;
    if (action == PRIVPOL_ACTION_DROP) {
        if (kind == PIECE_NAME || kind == PIECE_VALUE) {
            *dropped = true;
            return PRIVPOL_OK;
        }
        r->piece_out.len = 0;
        if ((st = privpol__buf_put(r->ctx, &r->piece_out, "[", 1)) != PRIVPOL_OK ||
            (st = privpol__buf_put(r->ctx, &r->piece_out, privpol_category_id(c),
                                   strlen(privpol_category_id(c)))) != PRIVPOL_OK ||
            (st = privpol__buf_put(r->ctx, &r->piece_out, "]", 1)) != PRIVPOL_OK)
            return privpol__fail(j->err, st, NULL);
    }
    return encode(r, j->b, r->piece_out.p, r->piece_out.len);
}

/* Copy [*cur, to) of the original URL (delimiters, ports, scheme) and move *cur. */
static privpol_status
gap(struct url_job *j, const char **cur, const char *to)
{
    privpol_status st = PRIVPOL_OK;
    if (to > *cur)
        st = privpol__buf_put(j->r->ctx, j->b, *cur, (size_t)(to - *cur));
    if (to > *cur)
        *cur = to;
    return st;
}

/* The query: parameters separated by '&' or ';', each `name[=value]`. */
static privpol_status
query(struct url_job *j, const char *q, const char *end, const char **cur)
{
    privpol_record *r = j->r;
    privpol_status st;

    while (q <= end) {
        const char *amp = q, *eq;
        size_t mark = j->b->len;
        bool dropped = false, first = true;
        int fc;
        while (amp < end && *amp != '&' && *amp != ';')
            amp++;
        if ((st = gap(j, cur, q)) != PRIVPOL_OK)
            return privpol__fail(j->err, st, NULL);
        mark = j->b->len;
        first = mark == 0 || j->b->p[mark - 1] == '?';
        eq = memchr(q, '=', (size_t)(amp - q));
        if (eq == NULL)
            eq = amp;
        /* The name's field rule, as for a JSON key. */
        if ((st = decode(r, &r->pieces, q, (size_t)(eq - q), true)) != PRIVPOL_OK)
            return privpol__fail(j->err, st, NULL);
        fc = privpol__field_category(r->pieces.p, r->pieces.len);
        if ((st = piece(j, PIECE_NAME, -1, q, (size_t)(eq - q), &dropped)) != PRIVPOL_OK)
            return st;
        if (!dropped && eq < amp) {
            if ((st = privpol__buf_put(r->ctx, j->b, "=", 1)) != PRIVPOL_OK)
                return privpol__fail(j->err, st, NULL);
            if ((st = piece(j, PIECE_VALUE, fc >= 0 ? fc : j->inherit, eq + 1,
                            (size_t)(amp - eq - 1), &dropped)) != PRIVPOL_OK)
                return st;
        }
        *cur = amp;
        if (dropped) {
            /* Leave the whole parameter out, and one separator with it. */
            j->b->len = mark;
            if (amp < end)
                *cur = amp + 1;
            else if (!first && j->b->len > 0)
                j->b->len--;
        }
        if (amp >= end)
            break;
        q = amp + 1;
    }
    return PRIVPOL_OK;
}

/* Scrub a URL into j->b; PRIVPOL_EPARSE when liburiparser refuses it (nothing written). */
static privpol_status
url(struct url_job *j, const char *s, size_t n)
{
    privpol_record *r = j->r;
    UriMemoryManager mm = {arena_malloc, arena_calloc, arena_realloc, arena_reallocarray,
                           arena_free, r};
    UriUriA uri;
    const char *err_pos = NULL, *cur = s, *end = s + n;
    size_t start = j->b->len;
    bool dropped;
    privpol_status st = PRIVPOL_OK;

    r->arena_used = 0;
    if (uriParseSingleUriExMmA(&uri, s, end, &err_pos, &mm) != URI_SUCCESS)
        return PRIVPOL_EPARSE;
    /* User-info is removed whatever it holds ("jean.dupont:secret@"). */
    if (uri.userInfo.first != NULL) {
        if ((st = gap(j, &cur, uri.userInfo.first)) != PRIVPOL_OK)
            goto fail;
        cur = uri.userInfo.afterLast < end && *uri.userInfo.afterLast == '@'
                  ? uri.userInfo.afterLast + 1
                  : uri.userInfo.afterLast;
        j->changed = true;
    }
    if (uri.hostText.first != NULL && uri.hostText.afterLast > uri.hostText.first) {
        const char *h0 = uri.hostText.first, *h1 = uri.hostText.afterLast;
        size_t mark;
        if (uri.hostData.ip6 != NULL || uri.hostData.ipFuture.first != NULL) {
            /* "[2001:db8::1]": the brackets go with the address. */
            if (h0 > s && h0[-1] == '[')
                h0--;
            if (h1 < end && *h1 == ']')
                h1++;
        }
        if ((st = gap(j, &cur, h0)) != PRIVPOL_OK)
            goto fail;
        mark = j->b->len;
        if ((st = piece(j, PIECE_HOST, j->inherit, uri.hostText.first,
                        (size_t)(uri.hostText.afterLast - uri.hostText.first), &dropped)) !=
            PRIVPOL_OK)
            goto fail;
        if (h0 != uri.hostText.first && j->b->len - mark ==
                                            (size_t)(uri.hostText.afterLast - uri.hostText.first) &&
            memcmp(j->b->p + mark, uri.hostText.first, j->b->len - mark) == 0) {
            /* kept as it was: with its brackets */
            j->b->len = mark;
            if ((st = privpol__buf_put(r->ctx, j->b, h0, (size_t)(h1 - h0))) != PRIVPOL_OK)
                goto fail;
        }
        cur = h1;
    }
    for (UriPathSegmentA *seg = uri.pathHead; seg != NULL; seg = seg->next) {
        if (seg->text.first == NULL || seg->text.afterLast <= seg->text.first)
            continue;
        if ((st = gap(j, &cur, seg->text.first)) != PRIVPOL_OK)
            goto fail;
        if ((st = piece(j, PIECE_SEGMENT, j->inherit, seg->text.first,
                        (size_t)(seg->text.afterLast - seg->text.first), &dropped)) !=
            PRIVPOL_OK)
            goto fail;
        cur = seg->text.afterLast;
    }
    if (uri.query.first != NULL && uri.query.afterLast > uri.query.first &&
        (st = query(j, uri.query.first, uri.query.afterLast, &cur)) != PRIVPOL_OK)
        goto fail;
    if (uri.fragment.first != NULL && uri.fragment.afterLast > uri.fragment.first) {
        if ((st = gap(j, &cur, uri.fragment.first)) != PRIVPOL_OK)
            goto fail;
        if ((st = piece(j, PIECE_FRAGMENT, j->inherit, uri.fragment.first,
                        (size_t)(uri.fragment.afterLast - uri.fragment.first), &dropped)) !=
            PRIVPOL_OK)
            goto fail;
        cur = uri.fragment.afterLast;
    }
    if ((st = gap(j, &cur, end)) != PRIVPOL_OK)
        goto fail;
    uriFreeUriMembersMmA(&uri, &mm);
    return PRIVPOL_OK;
fail:
    uriFreeUriMembersMmA(&uri, &mm);
    j->b->len = start;
    return st == PRIVPOL_EPARSE ? PRIVPOL_ENOMEM : st;
}

/* ---- entry point ------------------------------------------------------------------- */

/* User-info is removed before the URL is parsed, whether liburiparser would find it or
 * not ("https://jdupont:S3cr3t@x:80a/" does not parse; "https:user:pw@host" parses as a
 * path): whatever stands between the scheme (and its "//", or a leading "//") and the
 * last '@' before the path. Appends the value without it to b; false when there is none
 * to remove (b unchanged). */
static bool
strip_userinfo(privpol_record *r, const char *s, size_t n, struct privpol__buf *b)
{
    size_t i = 0, at = SIZE_MAX, end;
    if (s[0] == '/') {
        if (n < 2 || s[1] != '/')
            return false; /* a path, no authority */
    } else {
        while (i < n && s[i] != ':')
            i++;
        if (i >= n || opaque_scheme(s, i))
            return false; /* "mailto:jean@x.fr": the address is the data, scanned */
        i++;
    }
    for (int slashes = 0; slashes < 2 && i < n && s[i] == '/'; slashes++)
        i++;
    for (end = i; end < n && s[end] != '/' && s[end] != '?' && s[end] != '#'; end++)
        if (s[end] == '@')
            at = end;
    if (at == SIZE_MAX)
        return false;
    return privpol__buf_put(r->ctx, b, s, i) == PRIVPOL_OK &&
           privpol__buf_put(r->ctx, b, s + at + 1, n - at - 1) == PRIVPOL_OK;
}

/* Where a run of text that may hold "user:password@" begins (going back from an '@'). */
static bool
credential_stop(unsigned char c)
{
    return c <= ' ' || c == '/' || c == '"' || c == '\'' || c == '<' || c == '(' || c == '[' ||
           c == ',' || c == ';' || c == '=' || c == '?' || c == '&' || c == '#' || c == '@';
}

/* Credentials written anywhere in a kept value, not only where RFC 3986 puts user-info
 * ("https:/d/jdupont:S3cr3t@shop.example.fr", "login admin:hunter2@10.0.0.1"): a run of
 * text with a ':' before an '@' that something follows is removed up to and with the
 * '@'. An opaque scheme's ':' ("mailto:jean@x.fr") is not a password's. Appends the value
 * without them to b; false when there are none (b unchanged). */
static bool
strip_credentials(privpol_record *r, const char *s, size_t n, struct privpol__buf *b)
{
    size_t from = 0, mark = b->len;
    bool any = false;
    for (const char *p = s; (p = memchr(p, '@', (size_t)(s + n - p))) != NULL; p++) {
        size_t at = (size_t)(p - s), start = at, colon = SIZE_MAX;
        while (start > from && !credential_stop((unsigned char)s[start - 1]))
            if (s[--start] == ':')
                colon = start;
        if (colon == SIZE_MAX || colon == start || at + 1 >= n ||
            credential_stop((unsigned char)s[at + 1]) || opaque_scheme(s + start, colon - start))
            continue;
        if (privpol__buf_put(r->ctx, b, s + from, start - from) != PRIVPOL_OK) {
            b->len = mark;
            return false;
        }
        from = at + 1;
        any = true;
    }
    if (!any || privpol__buf_put(r->ctx, b, s + from, n - from) != PRIVPOL_OK) {
        b->len = mark;
        return false;
    }
    return true;
}

/* Scan the text in r->scratch once more (its reading, then its bytes) and keep the
 * result there. */
static privpol_status
rescan(privpol_record *r, struct privpol__slot *s, bool *changed, privpol_error *err)
{
    struct privpol__buf t;
    bool more = false;
    privpol_status st;

    r->pieces.len = 0;
    if ((st = scan_into(r, s, PRIVPOL__SCRUB_PERCENT, r->scratch.p, r->scratch.len, &r->pieces,
                        &more, err)) != PRIVPOL_OK)
        return st;
    if (more) {
        t = r->scratch;
        r->scratch = r->pieces;
        r->pieces = t;
        *changed = true;
    }
    return PRIVPOL_OK;
}

privpol_status
privpol__scrub_kept(privpol_record *r, struct privpol__slot *s, int field_category,
                    const char *value, size_t len, int64_t at, bool *changed,
                    privpol_error *err)
{
    privpol_status st;

    bool stripped = false;

    *changed = false;
    if ((st = privpol__slot_spans(r, s, at, err)) != PRIVPOL_OK)
        return st;
    r->scratch.len = 0;
    r->stripped.len = 0;
    if (memchr(value, '@', len) != NULL && strip_credentials(r, value, len, &r->stripped)) {
        value = r->stripped.p;
        len = r->stripped.len;
        stripped = true;
    }
    if (url_like(value, len)) {
        struct url_job j = {r, s, at, field_category, &r->scratch, stripped, err};
        r->userless.len = 0;
        if (strip_userinfo(r, value, len, &r->userless)) {
            value = r->userless.p;
            len = r->userless.len;
            j.changed = true;
        }
        st = url(&j, value, len);
        if (st != PRIVPOL_OK && st != PRIVPOL_EPARSE)
            return err != NULL && err->status == st ? st : privpol__fail(err, st, NULL);
        if (st == PRIVPOL_EPARSE) {
            /* Not a URL liburiparser reads: scanned as text. */
            r->scratch.len = 0;
            if ((st = privpol__buf_put(r->ctx, &r->scratch, value, len)) != PRIVPOL_OK)
                return privpol__fail(err, st, NULL);
        }
        *changed = j.changed;
        /* The URL as written again is scanned like text: what the parts hid from the
         * scanner as parts (a number split by a '+', a query read as spaces) is found in
         * the whole. */
        return rescan(r, s, changed, err);
    }
    st = scan_into(r, s, PRIVPOL__SCRUB_PERCENT, value, len, &r->scratch, changed, err);
    *changed = *changed || stripped;
    return st;
}
