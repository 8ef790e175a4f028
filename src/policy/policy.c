/* SPDX-License-Identifier: MIT */
/* The policy module's public face: building policies (embedded default, text, files,
 * supplements), their lifetime (a reference count shared with contexts), accessors and
 * the names of the policy vocabulary. */
#include "policy-parse.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static privpol_status
check_alloc(const privpol_allocator *alloc, privpol_error *err)
{
    if (alloc != NULL && (alloc->alloc_fn == NULL || alloc->free_fn == NULL))
        return privpol__fail(err, PRIVPOL_EINVAL, "allocator needs alloc_fn and free_fn");
    return PRIVPOL_OK;
}

privpol_status
privpol_policy_parse(const char *text, size_t len, const privpol_allocator *alloc, privpol_policy **out, privpol_error *err)
{
    struct privpol__reader r;
    struct privpol__arena *tmp;
    struct privpol__pnode *root;
    privpol_policy *pol;
    privpol_status st;

    if (out == NULL || (text == NULL && len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    if ((st = check_alloc(alloc, err)) != PRIVPOL_OK)
        return st;
    if (len > PRIVPOL_POLICY_MAX_BYTES)
        return privpol__failf(err, PRIVPOL_EPARSE, "policy text larger than %u bytes",
                              PRIVPOL_POLICY_MAX_BYTES);
    if ((st = privpol__policy_new(&pol, alloc)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    if ((tmp = privpol__arena_new(alloc)) == NULL) {
        privpol_policy_free(pol);
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    }
    st = privpol__yaml_read(tmp, text, len, &root, err);
    if (st == PRIVPOL_OK) {
        memset(&r, 0, sizeof r);
        r.pol = pol;
        r.err = err;
        r.text = text;
        r.len = len;
        st = privpol__policy_load_tree(&r, root);
    }
    privpol__arena_free(tmp);
    if (st != PRIVPOL_OK) {
        privpol_policy_free(pol);
        return st;
    }
    *out = pol;
    return PRIVPOL_OK;
}

privpol_status
privpol_policy_default(const privpol_allocator *alloc, privpol_policy **out, privpol_error *err)
{
    return privpol_policy_parse(privpol__default_policy, privpol__default_policy_len, alloc,
                                out, err);
}

const char *
privpol_policy_default_text(size_t *out_len)
{
    if (out_len != NULL)
        *out_len = privpol__default_policy_len;
    return privpol__default_policy;
}

privpol_status
privpol_policy_supplement(const privpol_policy *base, const char *text, size_t len, privpol_policy **out, privpol_error *err)
{
    struct privpol__reader r;
    struct privpol__arena *tmp, *arena;
    struct privpol__pnode *root;
    const privpol_allocator *alloc;
    privpol_policy *pol;
    privpol_status st;

    if (out == NULL || base == NULL || (text == NULL && len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    if (base->tenant != NULL)
        return privpol__fail(err, PRIVPOL_EINVAL,
                             "the policy already has a tenant: supplements do not stack");
    if (len > PRIVPOL_POLICY_MAX_BYTES)
        return privpol__failf(err, PRIVPOL_EPARSE, "supplement text larger than %u bytes",
                              PRIVPOL_POLICY_MAX_BYTES);
    alloc = base->has_alloc ? &base->alloc : NULL;
    if ((st = privpol__policy_new(&pol, alloc)) != PRIVPOL_OK)
        return privpol__fail(err, st, NULL);
    /* Start from a copy of the base: fixed arrays copy as they are, strings stay the
     * base's (kept alive by the reference below). */
    arena = pol->arena;
    memcpy(pol, base, sizeof *pol);
    atomic_init(&pol->refs, 1);
    pol->arena = arena;
    pol->base = privpol__policy_ref(base);
    if ((tmp = privpol__arena_new(alloc)) == NULL) {
        privpol_policy_free(pol);
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    }
    st = privpol__yaml_read(tmp, text, len, &root, err);
    if (st == PRIVPOL_OK) {
        memset(&r, 0, sizeof r);
        r.pol = pol;
        r.base = base;
        r.supplement = true;
        r.err = err;
        r.text = text;
        r.len = len;
        st = privpol__supplement_load_tree(&r, root);
    }
    privpol__arena_free(tmp);
    if (st != PRIVPOL_OK) {
        privpol_policy_free(pol);
        return st;
    }
    *out = pol;
    return PRIVPOL_OK;
}

/* Read a whole file (at most PRIVPOL_POLICY_MAX_BYTES) into memory from `alloc`. */
static privpol_status
read_file(const char *path, const char *kind, const privpol_allocator *alloc, char **out,
          size_t *out_len, privpol_error *err)
{
    struct stat sb;
    char *buf;
    size_t used = 0;
    int fd;

    *out = NULL;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
        return privpol__failf(err, PRIVPOL_EIO, "%s: cannot open %s file: %s", path, kind,
                              strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return privpol__failf(err, PRIVPOL_EIO, "%s: not a regular file", path);
    }
    if ((uintmax_t)sb.st_size > PRIVPOL_POLICY_MAX_BYTES) {
        close(fd);
        return privpol__failf(err, PRIVPOL_EPARSE, "%s: %s file larger than %u bytes",
                              path, kind, PRIVPOL_POLICY_MAX_BYTES);
    }
    if ((buf = privpol__alloc_with(alloc, (size_t)sb.st_size + 1)) == NULL) {
        close(fd);
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    }
    for (;;) {
        ssize_t n = read(fd, buf + used, (size_t)sb.st_size + 1 - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            privpol__free_with(alloc, buf);
            return privpol__failf(err, PRIVPOL_EIO, "%s: cannot read %s file: %s", path,
                                  kind, strerror(e));
        }
        if (n == 0)
            break;
        used += (size_t)n;
        if (used > (size_t)sb.st_size) {
            close(fd);
            privpol__free_with(alloc, buf);
            return privpol__failf(err, PRIVPOL_EIO, "%s: file changed while read", path);
        }
    }
    close(fd);
    *out = buf;
    *out_len = used;
    return PRIVPOL_OK;
}

/* Put "FILE:LINE:COLUMN: " (or "FILE: ") before a parse error's message. */
static void
name_file(privpol_error *err, const char *path)
{
    char msg[PRIVPOL_ERROR_MESSAGE_SIZE + 64];
    if (err == NULL)
        return;
    if (err->line > 0)
        snprintf(msg, sizeof msg, "%s:%zu:%zu: %s", path, err->line, err->column,
                 err->message);
    else
        snprintf(msg, sizeof msg, "%s: %s", path, err->message);
    memcpy(err->message, msg, sizeof err->message - 1);
    err->message[sizeof err->message - 1] = '\0';
}

privpol_status
privpol_policy_load(const char *path, const privpol_allocator *alloc, privpol_policy **out, privpol_error *err)
{
    char *text;
    size_t len;
    privpol_status st;
    if (out == NULL || path == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    if ((st = check_alloc(alloc, err)) != PRIVPOL_OK)
        return st;
    if ((st = read_file(path, "policy", alloc, &text, &len, err)) != PRIVPOL_OK)
        return st;
    st = privpol_policy_parse(text, len, alloc, out, err);
    privpol__free_with(alloc, text);
    if (st == PRIVPOL_EPARSE)
        name_file(err, path);
    return st;
}

privpol_status
privpol_policy_supplement_load(const privpol_policy *base, const char *path, privpol_policy **out, privpol_error *err)
{
    char *text;
    size_t len;
    privpol_status st;
    const privpol_allocator *alloc;
    if (out == NULL || base == NULL || path == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    alloc = base->has_alloc ? &base->alloc : NULL;
    if ((st = read_file(path, "supplement", alloc, &text, &len, err)) != PRIVPOL_OK)
        return st;
    st = privpol_policy_supplement(base, text, len, out, err);
    privpol__free_with(alloc, text);
    if (st == PRIVPOL_EPARSE)
        name_file(err, path);
    return st;
}

