/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_DECIDE_H
#define PRIVPOL_DECIDE_H

#include <privpol/common.h>
#include <privpol/category.h>
#include <privpol/context.h>
#include <privpol/policy.h>

/** @file privpol/decide.h
 *  @brief Decisions: may this role, for this tenant and purpose, perform this operation
 *         on these categories (and send them there)? Allow or deny, with the clause.
 *
 * privpol_decide() reads the policy of a context (privpol_ctx_policy()) and answers one
 * request. Anything the policy does not explicitly allow is denied (fail closed). The
 * decision names the clause that decided: the most specific prohibition for a denial,
 * the most specific permission for an allowance. The order of the checks and what each
 * allows and denies are in docs/decisions.md.
 */

PRIVPOL_BEGIN_DECLS

/** Current version of privpol_request (2: privpol_request::states). */
#define PRIVPOL_REQUEST_VERSION 2U

/** What has been done to one category of a request's data (privpol_request::states).
 *  Values are ABI. */
typedef enum privpol_data_state {
    PRIVPOL_STATE_CLEAR = 0,         /**< In clear, as collected. */
    PRIVPOL_STATE_PSEUDONYMIZED = 1, /**< Replaced by keyed pseudonyms or reversible
                                          tokens: at most pseudonymous. */
    PRIVPOL_STATE_GENERALIZED = 2,   /**< Kept in a coarser form (an IP address's prefix:
                                          pseudonymous; an hour, a device family:
                                          non-identifiable). */
    PRIVPOL_STATE_AGGREGATED = 3     /**< Only in aggregates that identify no one:
                                          non-identifiable. */
} privpol_data_state;

/**
 * Name of a data state ("clear", "pseudonymized", "generalized", "aggregated").
 * @param[in] state The state.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_data_state_name(privpol_data_state state);

/**
 * Data state of a name.
 * @param[in]  name "clear", "pseudonymized", "generalized" or "aggregated".
 * @param[out] out  The state.
 * @param[out] err  Detail on failure, or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_data_state_from_name(const char *name, privpol_data_state *out, privpol_error *err);

/** Flag: privpol_request::subject is set (else the purpose's subjects are not checked).
 */
#define PRIVPOL_REQ_SUBJECT 0x001U
/** Flag: the operation discloses the data to privpol_request::recipient; without it the
 *  processing is internal and privpol_request::recipient is ignored. */
#define PRIVPOL_REQ_RECIPIENT 0x002U
/** Flag: the data was collected as processor (tenant) data, and the controller now uses
 *  it for its own purposes (§7.8); meaningful with #PRIVPOL_ROLE_CONTROLLER only.
 *  Without it the data was collected under privpol_request::role. */
#define PRIVPOL_REQ_PROCESSOR_DATA 0x004U
/** Flag: the subject gave explicit consent to this disclosure (§14.1). */
#define PRIVPOL_REQ_CONSENT 0x008U
/** Flag: the law, a court or an authority requires the disclosure (§14.4). */
#define PRIVPOL_REQ_LEGAL_REQUIREMENT 0x010U
/** Flag: the subject asked for erasure: only `erase` is allowed (§11). */
#define PRIVPOL_REQ_ERASURE_REQUESTED 0x020U
/** Flag: a contract binds the recipient (§13.1, §14.3); a named partner has one. */
#define PRIVPOL_REQ_CONTRACT 0x040U
/** Flag: the recipient is covered by a partial adequacy decision of its country (an
 *  organisation certified under the EU-U.S. Data Privacy Framework, subject to PIPEDA
 *  in Canada or to the APPI in Japan). Without it a partial decision does not cover the
 *  transfer, which then needs a safeguard. */
#define PRIVPOL_REQ_ADEQUACY_COVERED 0x080U
/** Flag: the recipient's mission needs the data (internal staff, §13.1.2, §15). */
#define PRIVPOL_REQ_NEED_TO_KNOW 0x100U
/** Flag: the disclosure is part of a restructuring, merger or liquidation (§14.4). */
#define PRIVPOL_REQ_RESTRUCTURING 0x200U

/**
 * One request for a decision. Initialize with #PRIVPOL_REQUEST_INIT or
 * privpol_request_init(), then set what you need. The struct only grows at the end; its
 * version tells the library which members the caller knows. The library only reads it,
 * during the call.
 */
typedef struct privpol_request {
    unsigned version;             /**< #PRIVPOL_REQUEST_VERSION. */
    privpol_role role;            /**< Who acts; default
                                       #PRIVPOL_ROLE_PROCESSOR. */
    const char *tenant;           /**< The tenant (customer) the data belongs
                                       to; required for processor data, may be
                                       NULL for the controller's own data. */
    const char *recipient_tenant; /**< The other tenant the operation reaches:
                                       the tenant that receives the data, or for
                                       `link` the tenant whose data it is
                                       linked with; NULL: @p tenant itself. */
    privpol_subject subject;      /**< Type of data subject; read with
                                       #PRIVPOL_REQ_SUBJECT only. */
    const char *purpose;          /**< Purpose id, such as "prospecting";
                                       required. */
    privpol_operation operation;  /**< What is done; default #PRIVPOL_OP_USE. */
    const privpol_category *categories; /**< Categories of the data; at least
                                             one. */
    size_t category_count;        /**< Number of entries in @p categories. */
    privpol_identifiability identifiability; /**< A level the caller adds. The engine
                                                  computes how identifying the data is
                                                  from the categories and their
                                                  @p states with the policy's
                                                  combination rules (privpol/taint.h), and
                                                  decides with the more identifying of the
                                                  two: a caller can make data more
                                                  identifying, never less. Default
                                                  #PRIVPOL_NON_IDENTIFIABLE (adds
                                                  nothing). */
    privpol_recipient recipient;             /**< Who receives it; read with
                                                  #PRIVPOL_REQ_RECIPIENT only. */
    const char *partner;                     /**< Id of a named partner of the policy or
                                                  of the tenant's supplement receiving the
                                                  data, or NULL; its kind, country and
                                                  safeguard are the policy's: a request
                                                  that gives others is denied. */
    const char *country;                     /**< ISO 3166-1 alpha-2 code (upper case) of
                                                  where the data is processed or sent, or
                                                  NULL: inside the EU/EEA (the policy's
                                                  data centers). */
    privpol_safeguard safeguard;             /**< Safeguard of a transfer outside the
                                                  EU/EEA; default #PRIVPOL_SAFEGUARD_NONE. */
    int64_t at;                              /**< Time of the decision, seconds since the
                                                  epoch (UTC), for dated adequacy
                                                  decisions; 0: the current time. */
    unsigned flags;                          /**< #PRIVPOL_REQ_SUBJECT and friends. */
    const char *const *objections;           /**< Purpose ids the subject objected to
                                                  (§11), or NULL. */
    size_t objection_count;                  /**< Number of entries in @p objections. */
    const char *const *restrictions;         /**< Purpose ids whose processing the subject
                                                  had restricted (§11), or NULL. */
    size_t restriction_count;                /**< Number of entries in @p restrictions. */
    const privpol_data_state *states;        /**< Version 2: what has been done to each
                                                  category, @p category_count entries in
                                                  the order of @p categories; NULL: all in
                                                  clear. */
} privpol_request;

/** Static initializer of privpol_request with the defaults. */
#define PRIVPOL_REQUEST_INIT                                                             \
    {                                                                                    \
        PRIVPOL_REQUEST_VERSION, PRIVPOL_ROLE_PROCESSOR, NULL, NULL,                     \
            PRIVPOL_SUBJECT_END_USER, NULL, PRIVPOL_OP_USE, NULL, 0U,                    \
            PRIVPOL_NON_IDENTIFIABLE, PRIVPOL_RECIPIENT_CUSTOMER, NULL, NULL,            \
            PRIVPOL_SAFEGUARD_NONE, 0, 0U, NULL, 0U, NULL, 0U, NULL                      \
    }

/** Outcome of a decision. Values are ABI. */
typedef enum privpol_verdict {
    PRIVPOL_DENY = 0, /**< Denied: the policy does not allow it. */
    PRIVPOL_ALLOW = 1 /**< Allowed. */
} privpol_verdict;

/** Size of privpol_decision::reason, terminating NUL included. */
#define PRIVPOL_DECISION_REASON_SIZE 256U

/**
 * A decision, written by privpol_decide(). Owned by the caller.
 */
typedef struct privpol_decision {
    unsigned version;                          /**< #PRIVPOL_DECISION_VERSION, set by the
                                                    caller (#PRIVPOL_DECISION_INIT). */
    privpol_verdict verdict;                   /**< #PRIVPOL_ALLOW or #PRIVPOL_DENY. */
    const char *clause;                        /**< The clause that decided, as the policy
                                                    cites it ("§12.3", "GDPR Art. 45", a
                                                    supplement's "ACME DPA §4"); borrowed
                                                    from the context's policy or static. */
    char reason[PRIVPOL_DECISION_REASON_SIZE]; /**< A short English reason; it may quote
                                                    ids of the policy and of the request,
                                                    never data values. */
    const char *check;                         /**< Stable id of the check that decided,
                                                    such as "geolocation" or "transfer"
                                                    (docs/decisions.md); static text. */
    uint32_t line;                             /**< 1-based line of the deciding rule in
                                                    its policy or supplement file; 0 when
                                                    not known. */
} privpol_decision;

/** Current version of #privpol_decision. */
#define PRIVPOL_DECISION_VERSION 1U

/** Initializer of #privpol_decision: current version, a denial with no clause. */
#define PRIVPOL_DECISION_INIT {PRIVPOL_DECISION_VERSION, PRIVPOL_DENY, "", {0}, "", 0}

/**
 * Set @p decision to #PRIVPOL_DECISION_INIT (for bindings, which cannot read macros).
 * @param[out] decision The decision; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_decision_init(privpol_decision *decision);

/**
 * Fill @p request with the defaults (same as #PRIVPOL_REQUEST_INIT).
 * @param[out] request Request to initialize; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_request_init(privpol_request *request);

/**
 * Size of privpol_request as this library knows it (for bindings).
 * @return sizeof(privpol_request) of the library.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_request_size(void);

/**
 * Decide a request under the policy of a context.
 *
 * A decision is not an error: allowed and denied requests both return #PRIVPOL_OK, and
 * @p out says which, citing the clause that decided. Anything the policy does not
 * explicitly allow is denied. Errors are for requests that cannot be read: then @p out
 * holds a denial whose check is "invalid".
 *
 * Thread-safe: the context and its policy are only read.
 * @param[in] ctx The context; its policy (privpol_ctx_policy()) decides. The role
 *                     that acts is the request's.
 * @param[in] request The request.
 * @param[out] out The decision.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK (allowed or denied), #PRIVPOL_EINVAL (a NULL argument, a value out
 *         of range, an unknown flag, no category, a missing tenant for processor data, a
 *         malformed country code, a `transfer` without recipient, a partner of another
 *         kind than the recipient), #PRIVPOL_EVERSION (request version not supported) or
 *         #PRIVPOL_ENOTFOUND (a role, purpose, objection, restriction or partner the
 *         policy does not define).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_decide(const privpol_ctx *ctx, const privpol_request *request, privpol_decision *out,
               privpol_error *err);

/**
 * Name of a verdict: "allow" or "deny".
 * @param[in] verdict The verdict.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_verdict_name(privpol_verdict verdict);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_DECIDE_H */
