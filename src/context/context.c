/* SPDX-License-Identifier: MIT */
#include "crypto.h"
#include "policy-model.h"

#include <string.h>

void
privpol_ctx_options_init(privpol_ctx_options *options)
{
    static const privpol_ctx_options defaults = PRIVPOL_CTX_OPTIONS_INIT;
    if (options != NULL)
        *options = defaults;
}

size_t
privpol_ctx_options_size(void)
{
    return sizeof(privpol_ctx_options);
}

static bool
valid_period(privpol_period p)
{
    return p >= PRIVPOL_PERIOD_NONE && p <= PRIVPOL_PERIOD_YEAR;
}

privpol_status
privpol_ctx_new(const privpol_ctx_options *options, privpol_ctx **out, privpol_error *err)
{
    privpol_ctx_options defaults;
    const privpol_ctx_options *o = options;
    const privpol_allocator *alloc;
    privpol_ctx *ctx;
    privpol_policy *own = NULL;
    const privpol_policy *policy;
    privpol_status st;

    if (out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    if (o == NULL) {
        privpol_ctx_options_init(&defaults);
        o = &defaults;
    }
    if (!PRIVPOL__VERSION_OK(o->version, PRIVPOL_CTX_OPTIONS_VERSION))
        return privpol__fail(err, PRIVPOL_EVERSION,
                             "privpol_ctx_options.version not supported by this library");
    if (o->role != PRIVPOL_ROLE_PROCESSOR && o->role != PRIVPOL_ROLE_CONTROLLER)
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown role");
    if ((o->flags & ~(PRIVPOL_CTX_ALLOW_REVEAL | PRIVPOL_CTX_EMAIL_KEEP_CASE)) != 0)
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown context flag");
    if ((o->flags & PRIVPOL_CTX_ALLOW_REVEAL) && o->role == PRIVPOL_ROLE_PROCESSOR)
        return privpol__fail(err, PRIVPOL_EDENIED,
                             "a processor-role context may never reveal tokens");
    if (!valid_period(o->default_period))
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown rotation period");
    if (o->periods_len > 0 && o->periods == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "periods is NULL but periods_len is not 0");
    if (o->default_region[0] != '\0' &&
        (o->default_region[2] != '\0' || !privpol__phone_region_known(o->default_region)))
        return privpol__fail(err, PRIVPOL_ENOTFOUND,
                             "default_region is not a known ISO 3166-1 alpha-2 region");
    if (privpol_init(NULL) != PRIVPOL_OK)
        return privpol__fail(err, PRIVPOL_ECRYPTO, "libsodium could not be initialized");

    alloc = o->allocator;
    if (alloc != NULL && (alloc->alloc_fn == NULL || alloc->free_fn == NULL))
        return privpol__fail(err, PRIVPOL_EINVAL, "allocator needs alloc_fn and free_fn");
    if ((ctx = privpol__calloc_with(alloc, 1, sizeof *ctx)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    if (alloc != NULL) {
        ctx->alloc = *alloc;
        ctx->has_alloc = true;
    }
    ctx->role = o->role;
    ctx->flags = o->flags;
    memcpy(ctx->default_region, o->default_region, sizeof ctx->default_region);
    /* The policy: the caller's (one more reference) or the embedded default. */
    policy = o->policy;
    if (policy == NULL) {
        if ((st = privpol_policy_default(alloc, &own, err)) != PRIVPOL_OK) {
            privpol_ctx_free(ctx);
            return st;
        }
        policy = own;
    } else {
        privpol__policy_ref(policy);
    }
    ctx->policy = policy;
    if (!policy->roles[o->role].present) {
        privpol_ctx_free(ctx);
        return privpol__failf(err, PRIVPOL_ENOTFOUND, "policy %s does not define the %s role",
                              policy->id, privpol_role_name(o->role));
    }
    if ((o->flags & PRIVPOL_CTX_ALLOW_REVEAL) &&
        !(policy->operations[o->role].allowed & PRIVPOL__BIT(PRIVPOL_OP_REVEAL))) {
        privpol_ctx_free(ctx);
        return privpol__failf(err, PRIVPOL_EDENIED, "policy %s does not allow the %s to reveal",
                              policy->id, privpol_role_name(o->role));
    }
    /* Rotation: options.periods, else the policy's rule, else options.default_period. */
    memset(ctx->periods, (unsigned char)o->default_period, sizeof ctx->periods);
    for (size_t c = 0; c < PRIVPOL__CATEGORY_MAX; c++)
        if (policy->pseudonymization.rotation_set & PRIVPOL_CAT_BIT(c))
            ctx->periods[c] = policy->pseudonymization.rotation[c];
    for (size_t i = 0; i < o->periods_len; i++) {
        privpol_category c = o->periods[i].category;
        if (privpol__category_check(c, NULL) != PRIVPOL_OK) {
            privpol_ctx_free(ctx);
            return privpol__failf(err, PRIVPOL_ENOTFOUND,
                                  "unknown category %d in the rotation periods", (int)c);
        }
        if (!valid_period(o->periods[i].period)) {
            privpol_ctx_free(ctx);
            return privpol__fail(err, PRIVPOL_EINVAL, "unknown rotation period");
        }
        ctx->periods[c] = (unsigned char)o->periods[i].period;
    }
    if (o->keyring != NULL) {
        if ((st = privpol__keyring_copy(&ctx->keyring, o->keyring, alloc)) != PRIVPOL_OK) {
            privpol_ctx_free(ctx);
            return privpol__fail(err, st, NULL);
        }
    }
    *out = ctx;
    return PRIVPOL_OK;
}

void
privpol_ctx_free(privpol_ctx *ctx)
{
    privpol_allocator alloc;
    bool has_alloc;
    if (ctx == NULL)
        return;
    privpol_keyring_free(ctx->keyring);
    privpol_policy_free((privpol_policy *)ctx->policy);
    alloc = ctx->alloc;
    has_alloc = ctx->has_alloc;
    privpol__free_with(has_alloc ? &alloc : NULL, ctx);
}

privpol_role
privpol_ctx_role(const privpol_ctx *ctx)
{
    return ctx != NULL ? ctx->role : PRIVPOL_ROLE_PROCESSOR;
}

const privpol_policy *
privpol_ctx_policy(const privpol_ctx *ctx)
{
    return ctx != NULL ? ctx->policy : NULL;
}

privpol_status
privpol_ctx_period(const privpol_ctx *ctx, privpol_category category, privpol_period *out,
                   privpol_error *err)
{
    if (ctx == NULL || out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (category < 0 || (size_t)category >= privpol__category_count)
        return privpol__failf(err, PRIVPOL_ENOTFOUND, "unknown category %d", (int)category);
    *out = (privpol_period)ctx->periods[category];
    return PRIVPOL_OK;
}

