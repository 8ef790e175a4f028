/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_TAINT_H
#define PRIVPOL_TAINT_H

#include <privpol/common.h>
#include <privpol/category.h>
#include <privpol/policy.h>

/** @file privpol/taint.h
 *  @brief How identifiable a combination of data is (seed §7.6, §7.8):
 *         the join of identifiability levels, the policy's combination rules, and an
 *         accumulator that takes a record's fields one by one. */

PRIVPOL_BEGIN_DECLS

/**
 * Name of an identifiability level: "non_identifiable", "pseudonymous" or "personal".
 * @param[in] level The level.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_identifiability_name(privpol_identifiability level);

/**
 * Read an identifiability level from its name.
 * @param[in] name "non_identifiable", "pseudonymous" or "personal".
 * @param[out] out The level.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_identifiability_from_name(const char *name, privpol_identifiability *out,
                                  privpol_error *err);

/**
 * Combine two levels: the join (maximum) of the order non_identifiable < pseudonymous <
 * personal. Anything combined with personal data is personal (§7.8). A value outside the
 * enum counts as #PRIVPOL_PERSONAL (fail closed).
 * @param[in] a One level.
 * @param[in] b The other.
 * @return The more identifying of the two.
 * @since 0.1
 */
PRIVPOL_API privpol_identifiability privpol_identifiability_combine(privpol_identifiability a,
                                                                    privpol_identifiability b);

/** Size of #privpol_taint in bytes; fixed for the whole 0.x ABI. */
#define PRIVPOL_TAINT_SIZE 128U

/**
 * Accumulator of one record's identifiability.
 *
 * Caller-owned and opaque: allocate it anywhere (on the stack, in an array), set it up
 * with privpol_taint_init(), add the record's fields, read privpol_taint_result(), then
 * privpol_taint_reset() for the next record. No call allocates memory. The accumulator
 * borrows the policy given to privpol_taint_init(), which must outlive it. One
 * accumulator belongs to one thread at a time; the policy may be shared.
 */
typedef struct privpol_taint {
    /** Private state; its layout is not part of the API. */
    union {
        unsigned char bytes[PRIVPOL_TAINT_SIZE]; /**< The state. */
        uint64_t align_u64;                      /**< Alignment only. */
        void *align_ptr;                         /**< Alignment only. */
    } opaque;
} privpol_taint;

/**
 * Size of #privpol_taint (#PRIVPOL_TAINT_SIZE), for bindings that cannot read macros.
 * @return The size in bytes.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_taint_size(void);

/**
 * Set up an accumulator for records under a policy: empty, non-identifiable.
 * @param[out] t The accumulator.
 * @param[in] policy The policy whose combination rules apply (privpol_ctx_policy() gives
 *                    a context's); borrowed.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK or #PRIVPOL_EINVAL (a NULL argument).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_taint_init(privpol_taint *t, const privpol_policy *policy, privpol_error *err);

/**
 * Empty an accumulator for the next record, keeping its policy.
 * @param[in,out] t The accumulator (set up by privpol_taint_init()); NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_taint_reset(privpol_taint *t);

/**
 * Add a field of a category: it counts with the category's default identifiability
 * and for the policy's combination rules. Adding the same category
 * twice is the same as once.
 * @param[in,out] t The accumulator.
 * @param[in] category A category.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK; #PRIVPOL_ENOTFOUND for an index out of range, which is still
 *         counted, as the `unknown` category (personal: fail closed); #PRIVPOL_EINVAL when
 *         @p t is NULL or not set up.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_taint_add_category(privpol_taint *t, privpol_category category, privpol_error *err);

/**
 * Add a part whose level is already known, such as a value derived elsewhere or a
 * sub-record's result.
 * @param[in,out] t The accumulator.
 * @param[in] level Its level; a value outside the enum counts as personal and is
 *                      #PRIVPOL_EINVAL.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_taint_add_level(privpol_taint *t, privpol_identifiability level, privpol_error *err);

/**
 * Add re-identification material: a pseudonymization key or a mapping from pseudonyms to
 * identities, the "additional information" of §7.6. Pseudonymous data together with it is
 * personal (the policy's `pseudonymization.reidentification`).
 * @param[in,out] t The accumulator.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_taint_add_reidentification_material(privpol_taint *t, privpol_error *err);

/**
 * The record's level, and the rule that decided it.
 *
 * The level is the join of its parts (each category's default, each added level), raised
 * by every combination rule of the policy that the categories meet, then by §7.6 when
 * re-identification material is present with pseudonymous data. @p rule_id names what
 * decided, the first that reached the final level in that order:
 * - a category id, such as "contact.email": the most identifying part, alone;
 * - "personal_if_combined": a personal part combined with other data (§7.8);
 * - "combined_level": the most identifying part was a level added with
 *   privpol_taint_add_level();
 * - a combination rule's id of the policy, such as "timestamped_interaction";
 * - "reidentification": pseudonymous data with re-identification material (§7.6);
 * - "empty": nothing was added (non-identifiable).
 * @param[in,out] t The accumulator; unchanged but for a text buffer the outputs
 *                        may point into.
 * @param[out] out_level The record's level.
 * @param[out] out_rule_id The deciding rule, as above; may be NULL.
 * @param[out] out_clause Its clause, such as "§7.8" or "§12.1"; may be NULL.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK or #PRIVPOL_EINVAL (@p t or @p level NULL, or @p t not set up).
 *         The strings are borrowed from @p t, the policy or the library, valid until the
 *         next call on @p t or the policy's release.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_taint_result(privpol_taint *t, privpol_identifiability *out_level,
                     const char **out_rule_id, const char **out_clause, privpol_error *err);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_TAINT_H */
