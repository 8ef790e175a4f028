/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_CONTEXT_H
#define PRIVPOL_CONTEXT_H

#include <privpol/common.h>
#include <privpol/category.h>
#include <privpol/keyring.h>

/** @file privpol/context.h
 *  @brief The immutable context every call works under: keys, role, options.
 *
 * Build one context at start-up and share it: once privpol_ctx_new() returns, a context
 * never changes, so any number of threads may use it at once through `const` pointers.
 * libprivpol keeps no process-wide mutable state.
 */

PRIVPOL_BEGIN_DECLS

/** The context. Opaque. */
typedef struct privpol_ctx privpol_ctx;

/** GDPR role under which a context processes data (§6, §7.1–7.2). Values are ABI. */
typedef enum privpol_role {
    PRIVPOL_ROLE_PROCESSOR = 0,  /**< Processor for a customer (tenant); the default. */
    PRIVPOL_ROLE_CONTROLLER = 1  /**< Controller of its own data. */
} privpol_role;

/** Pseudonym rotation period: the epoch containing an event selects its subkey, so
 *  pseudonyms of one value in two epochs cannot be linked. Values are ABI. */
typedef enum privpol_period {
    PRIVPOL_PERIOD_NONE = 0,  /**< One epoch for all time. */
    PRIVPOL_PERIOD_DAY = 1,   /**< UTC calendar days. */
    PRIVPOL_PERIOD_WEEK = 2,  /**< ISO weeks, Monday 00:00 UTC to Monday. */
    PRIVPOL_PERIOD_MONTH = 3, /**< UTC calendar months. */
    PRIVPOL_PERIOD_YEAR = 4   /**< UTC calendar years. */
} privpol_period;

/** The rotation period of one category (an entry of privpol_ctx_options::periods). */
typedef struct privpol_period_rule {
    privpol_category category; /**< The category. */
    privpol_period period; /**< Its rotation period. */
} privpol_period_rule;

/** Flag: the context may reveal reversible tokens (never with #PRIVPOL_ROLE_PROCESSOR). */
#define PRIVPOL_CTX_ALLOW_REVEAL 1U
/** Flag: keep the case of the local part of email addresses (default: lowercase it). */
#define PRIVPOL_CTX_EMAIL_KEEP_CASE 2U

/** Current version of privpol_ctx_options. */
#define PRIVPOL_CTX_OPTIONS_VERSION 1U

/**
 * Options of privpol_ctx_new(). Initialize with #PRIVPOL_CTX_OPTIONS_INIT or
 * privpol_ctx_options_init(), then set what you need. The struct only grows at the end;
 * its version tells the library which members the caller knows.
 */
typedef struct privpol_ctx_options {
    unsigned version;                     /**< #PRIVPOL_CTX_OPTIONS_VERSION. */
    const privpol_allocator *allocator;   /**< Hooks for ordinary memory, or NULL (libc);
                                               copied. */
    const privpol_keyring *keyring;       /**< Keys, or NULL (no pseudonyms); copied, so
                                               the caller may free it afterwards. */
    privpol_role role;                    /**< Role; default #PRIVPOL_ROLE_PROCESSOR. */
    unsigned flags;                       /**< #PRIVPOL_CTX_ALLOW_REVEAL and friends. */
    char default_region[3];               /**< ISO 3166-1 alpha-2 region for national phone
                                               numbers; default "FR". */
    privpol_period default_period;        /**< Rotation of categories neither in @p periods
                                               nor in the policy's rotation rules;
                                               default #PRIVPOL_PERIOD_NONE. */
    const privpol_period_rule *periods;   /**< Per-category rotation periods, overriding
                                               the policy's; copied. */
    size_t periods_len;                   /**< Number of entries in @p periods. */
    const struct privpol_policy *policy;  /**< Policy (privpol/policy.h), or NULL for the
                                               embedded default; the context keeps a
                                               reference, so the caller may free it after
                                               privpol_ctx_new(). */
} privpol_ctx_options;

/** Static initializer of privpol_ctx_options with the defaults. */
#define PRIVPOL_CTX_OPTIONS_INIT                                                        \
    {PRIVPOL_CTX_OPTIONS_VERSION, NULL, NULL, PRIVPOL_ROLE_PROCESSOR, 0U, {'F', 'R', 0},  \
     PRIVPOL_PERIOD_NONE, NULL, 0U, NULL}

/**
 * Fill @p options with the defaults (same as #PRIVPOL_CTX_OPTIONS_INIT).
 * @param[out] options Options to initialize; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_ctx_options_init(privpol_ctx_options *options);

/**
 * Size of privpol_ctx_options as this library knows it (for bindings).
 * @return sizeof(privpol_ctx_options) of the library.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_ctx_options_size(void);

/**
 * Build a context.
 *
 * The context works under privpol_ctx_options::policy, or under the embedded default
 * policy (parsed anew for each context) when it is NULL. The rotation period of a
 * category is the one privpol_ctx_options::periods gives, else the policy's rotation
 * rule for it, else privpol_ctx_options::default_period.
 * @param[in] options Options, or NULL for the defaults (no keyring).
 * @param[out] out The context, owned by the caller (privpol_ctx_free()).
 * @param[out] err Optional detail (e.g. which category is unknown).
 * @return #PRIVPOL_OK, #PRIVPOL_EINVAL, #PRIVPOL_EVERSION, #PRIVPOL_ENOTFOUND (unknown
 *         category in @p periods, unknown region, or a role the policy does not
 *         define), #PRIVPOL_EDENIED (reveal asked for a role the policy denies it),
 *         #PRIVPOL_ENOMEM or #PRIVPOL_ECRYPTO.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_ctx_new(const privpol_ctx_options *options, privpol_ctx **out, privpol_error *err);

/**
 * Free a context and wipe its keys. NULL is accepted. Must not race with other calls
 * using the context.
 * @param[in] ctx The context.
 * @since 0.1
 */
PRIVPOL_API void privpol_ctx_free(privpol_ctx *ctx);

/**
 * Role of a context.
 * @param[in] ctx The context.
 * @return Its role (#PRIVPOL_ROLE_PROCESSOR for NULL).
 * @since 0.1
 */
PRIVPOL_API privpol_role privpol_ctx_role(const privpol_ctx *ctx);

/**
 * Rotation period the context applies to a category.
 * @param[in] ctx The context.
 * @param[in] category A category.
 * @param[out] out The period.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_ctx_period(const privpol_ctx *ctx, privpol_category category, privpol_period *out,
                   privpol_error *err);

/**
 * Name of a rotation period: "none", "day", "week", "month", "year".
 * @param[in] period The period.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_period_name(privpol_period period);

/**
 * Read a rotation period from its name.
 * @param[in] name "none", "day", "week", "month" or "year".
 * @param[out] out The period.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_period_from_name(const char *name, privpol_period *out, privpol_error *err);

/**
 * Policy a context works under (privpol_ctx_options::policy, or the embedded default).
 * @param[in] ctx The context.
 * @return The policy, borrowed from the context (valid until privpol_ctx_free()); NULL
 *         when @p ctx is NULL.
 * @since 0.1
 */
PRIVPOL_API const struct privpol_policy *privpol_ctx_policy(const privpol_ctx *ctx);

/**
 * The epoch of a rotation period that contains an instant.
 * @param[in] period The period.
 * @param[in] at The instant, seconds since the epoch.
 * @param[out] out_start First second of the epoch (INT64_MIN for #PRIVPOL_PERIOD_NONE).
 * @param[out] out_end First second after it (INT64_MAX for #PRIVPOL_PERIOD_NONE).
 * @return The epoch number (0 for #PRIVPOL_PERIOD_NONE; days, ISO weeks, months or years
 *         counted from 1970).
 * @since 0.1
 */
PRIVPOL_API int64_t privpol_period_epoch(privpol_period period, int64_t at, int64_t *out_start,
                                         int64_t *out_end);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_CONTEXT_H */
