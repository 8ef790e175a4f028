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

/* ---- lifetime ---------------------------------------------------------------------- */

privpol_status
privpol__policy_new(privpol_policy **out, const privpol_allocator *alloc)
{
    privpol_policy *pol;
    *out = NULL;
    if ((pol = privpol__calloc_with(alloc, 1, sizeof *pol)) == NULL)
        return PRIVPOL_ENOMEM;
    if (alloc != NULL) {
        pol->alloc = *alloc;
        pol->has_alloc = true;
    }
    atomic_init(&pol->refs, 1);
    if ((pol->arena = privpol__arena_new(alloc)) == NULL) {
        privpol__free_with(alloc, pol);
        return PRIVPOL_ENOMEM;
    }
    *out = pol;
    return PRIVPOL_OK;
}

const privpol_policy *
privpol__policy_ref(const privpol_policy *policy)
{
    /* The count is the one mutable member of an otherwise immutable policy. */
    if (policy != NULL)
        atomic_fetch_add(&((privpol_policy *)policy)->refs, 1);
    return policy;
}

void
privpol_policy_free(privpol_policy *policy)
{
    privpol_allocator alloc;
    bool has_alloc;
    const privpol_policy *base;
    if (policy == NULL || atomic_fetch_sub(&policy->refs, 1) != 1)
        return;
    alloc = policy->alloc;
    has_alloc = policy->has_alloc;
    base = policy->base;
    privpol__arena_free(policy->arena);
    privpol__free_with(has_alloc ? &alloc : NULL, policy);
    privpol_policy_free((privpol_policy *)base);
}

/* ---- building ---------------------------------------------------------------------- */

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

/* ---- lookups ----------------------------------------------------------------------- */

int
privpol__policy_purpose_index(const privpol_policy *policy, const char *id)
{
    if (policy == NULL || id == NULL)
        return -1;
    for (size_t i = 0; i < policy->purpose_count; i++)
        if (strcmp(policy->purposes[i].id, id) == 0)
            return (int)i;
    return -1;
}

const struct privpol__policy_country *
privpol__policy_country(const privpol_policy *policy, const char *code)
{
    for (size_t i = 0; i < policy->locations.country_count; i++)
        if (memcmp(policy->locations.countries[i].code, code, 3) == 0)
            return &policy->locations.countries[i];
    return NULL;
}

const struct privpol__policy_retention *
privpol__policy_retention_rule(const privpol_policy *policy, size_t purpose,
                               size_t category)
{
    uint8_t i;
    if (purpose >= policy->purpose_count || category >= PRIVPOL__CATEGORY_MAX)
        return NULL;
    i = policy->retention_of[purpose][category];
    return i == PRIVPOL__POLICY_NO_RULE ? NULL : &policy->retention[i];
}

const struct privpol__policy_recipient *
privpol__policy_recipient_rule(const privpol_policy *policy, privpol_recipient recipient,
                               privpol_role role)
{
    for (size_t i = 0; i < policy->recipient_count; i++)
        if (policy->recipients[i].recipient == recipient &&
            (policy->recipients[i].roles & PRIVPOL__BIT(role)))
            return &policy->recipients[i];
    return NULL;
}

/* ---- accessors --------------------------------------------------------------------- */

const char *
privpol_policy_id(const privpol_policy *policy)
{
    return policy != NULL ? policy->id : NULL;
}

const char *
privpol_policy_version(const privpol_policy *policy)
{
    return policy != NULL ? policy->version : NULL;
}

const char *
privpol_policy_title(const privpol_policy *policy)
{
    return policy != NULL ? policy->title : NULL;
}

const char *
privpol_policy_tenant(const privpol_policy *policy)
{
    return policy != NULL ? policy->tenant : NULL;
}

size_t
privpol_policy_purpose_count(const privpol_policy *policy)
{
    return policy != NULL ? policy->purpose_count : 0;
}

static const struct privpol__policy_purpose *
purpose_at(const privpol_policy *policy, size_t index)
{
    return policy != NULL && index < policy->purpose_count ? &policy->purposes[index]
                                                           : NULL;
}

const char *
privpol_policy_purpose_id(const privpol_policy *policy, size_t index)
{
    const struct privpol__policy_purpose *p = purpose_at(policy, index);
    return p != NULL ? p->id : NULL;
}

privpol_status
privpol_policy_purpose_role(const privpol_policy *policy, size_t index, privpol_role *out, privpol_error *err)
{
    const struct privpol__policy_purpose *p;
    if (policy == NULL || out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((p = purpose_at(policy, index)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOTFOUND, NULL);
    *out = p->role;
    return PRIVPOL_OK;
}

const char *
privpol_policy_purpose_clause(const privpol_policy *policy, size_t index)
{
    const struct privpol__policy_purpose *p = purpose_at(policy, index);
    return p != NULL ? p->clause : NULL;
}

const char *
privpol_policy_purpose_description(const privpol_policy *policy, size_t index)
{
    const struct privpol__policy_purpose *p = purpose_at(policy, index);
    return p != NULL ? p->description : NULL;
}

uint64_t
privpol_policy_purpose_categories(const privpol_policy *policy, size_t index)
{
    const struct privpol__policy_purpose *p = purpose_at(policy, index);
    return p != NULL ? p->categories : 0;
}

privpol_status
privpol_policy_purpose_find(const privpol_policy *policy, const char *id, size_t *out_index, privpol_error *err)
{
    int i;
    if (out_index == NULL || policy == NULL || id == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((i = privpol__policy_purpose_index(policy, id)) < 0)
        return privpol__fail(err, PRIVPOL_ENOTFOUND, NULL);
    *out_index = (size_t)i;
    return PRIVPOL_OK;
}

uint64_t
privpol_policy_categories(const privpol_policy *policy, privpol_role role)
{
    if (policy == NULL || (unsigned)role >= PRIVPOL__POLICY_ROLES ||
        !policy->roles[role].present)
        return 0;
    return policy->categories[role].allowed;
}

/* ---- names ------------------------------------------------------------------------- */

static const char *
name_of(const char *const *names, size_t count, unsigned v)
{
    return v < count ? names[v] : NULL;
}

static privpol_status
find_name(const char *const *names, size_t count, const char *name, unsigned *out,
          const char *what, privpol_error *err)
{
    if (name == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    for (size_t i = 0; i < count; i++)
        if (names[i] != NULL && strcmp(names[i], name) == 0) {
            *out = (unsigned)i;
            return PRIVPOL_OK;
        }
    return privpol__failf(err, PRIVPOL_ENOTFOUND, "unknown %s name '%.64s'", what, name);
}

const char *
privpol_role_name(privpol_role role)
{
    return name_of(privpol__role_names, PRIVPOL__POLICY_ROLES, (unsigned)role);
}

privpol_status
privpol_role_from_name(const char *name, privpol_role *out, privpol_error *err)
{
    unsigned v = 0;
    privpol_status st;
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((st = find_name(privpol__role_names, PRIVPOL__POLICY_ROLES, name, &v, "role", err)) ==
        PRIVPOL_OK)
        *out = (privpol_role)v;
    return st;
}

const char *
privpol_subject_name(privpol_subject subject)
{
    return name_of(privpol__subject_names, PRIVPOL__SUBJECT_COUNT, (unsigned)subject);
}

privpol_status
privpol_subject_from_name(const char *name, privpol_subject *out, privpol_error *err)
{
    unsigned v = 0;
    privpol_status st;
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((st = find_name(privpol__subject_names, PRIVPOL__SUBJECT_COUNT, name, &v, "subject", err)) ==
        PRIVPOL_OK)
        *out = (privpol_subject)v;
    return st;
}

const char *
privpol_operation_name(privpol_operation operation)
{
    return name_of(privpol__operation_names, PRIVPOL__OPERATION_COUNT,
                   (unsigned)operation);
}

privpol_status
privpol_operation_from_name(const char *name, privpol_operation *out, privpol_error *err)
{
    unsigned v = 0;
    privpol_status st;
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((st = find_name(privpol__operation_names, PRIVPOL__OPERATION_COUNT, name, &v, "operation", err)) ==
        PRIVPOL_OK)
        *out = (privpol_operation)v;
    return st;
}

const char *
privpol_recipient_name(privpol_recipient recipient)
{
    return name_of(privpol__recipient_names, PRIVPOL__RECIPIENT_COUNT,
                   (unsigned)recipient);
}

privpol_status
privpol_recipient_from_name(const char *name, privpol_recipient *out, privpol_error *err)
{
    unsigned v = 0;
    privpol_status st;
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((st = find_name(privpol__recipient_names, PRIVPOL__RECIPIENT_COUNT, name, &v, "recipient", err)) ==
        PRIVPOL_OK)
        *out = (privpol_recipient)v;
    return st;
}

const char *
privpol_safeguard_name(privpol_safeguard safeguard)
{
    return name_of(privpol__safeguard_names, PRIVPOL__SAFEGUARD_COUNT,
                   (unsigned)safeguard);
}

privpol_status
privpol_safeguard_from_name(const char *name, privpol_safeguard *out, privpol_error *err)
{
    unsigned v = 0;
    privpol_status st;
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((st = find_name(privpol__safeguard_names, PRIVPOL__SAFEGUARD_COUNT, name, &v, "safeguard", err)) ==
        PRIVPOL_OK)
        *out = (privpol_safeguard)v;
    return st;
}

const char *
privpol_action_name(privpol_action action)
{
    return name_of(privpol__action_names, PRIVPOL__ACTION_COUNT, (unsigned)action);
}

privpol_status
privpol_action_from_name(const char *name, privpol_action *out, privpol_error *err)
{
    unsigned v = 0;
    privpol_status st;
    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, NULL);
    if ((st = find_name(privpol__action_names, PRIVPOL__ACTION_COUNT, name, &v, "action", err)) ==
        PRIVPOL_OK)
        *out = (privpol_action)v;
    return st;
}

const char *
privpol__condition_name(enum privpol__condition c)
{
    return name_of(privpol__condition_names, PRIVPOL__COND_COUNT, (unsigned)c);
}

const char *
privpol__retention_basis_name(enum privpol__retention_basis b)
{
    return name_of(privpol__basis_names, PRIVPOL__RETAIN_COUNT, (unsigned)b);
}

const char *
privpol__right_name(enum privpol__right r)
{
    return name_of(privpol__right_names, PRIVPOL__RIGHT_COUNT, (unsigned)r);
}

const char *
privpol__identifiability_name(privpol_identifiability level)
{
    return name_of(privpol__level_names, 3, (unsigned)level);
}
