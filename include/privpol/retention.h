/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_RETENTION_H
#define PRIVPOL_RETENTION_H

#include <privpol/common.h>
#include <privpol/policy.h>
#include <privpol/time.h>

#include <stdbool.h>

/** @file privpol/retention.h
 *  @brief How long data may be kept: the retain-until time of a record under the policy,
 *         and the due date of a data subject's request. Durations and calendar
 *         arithmetic are in privpol/time.h. */

PRIVPOL_BEGIN_DECLS

/**
 * The due date of a data subject's request (GDPR Art. 12(3)).
 *
 * The controller answers "within one month of receipt of the request", a period that
 * "may be extended by two further months where necessary". Counted as in Regulation
 * (EEC, Euratom) No 1182/71, as the EDPB Guidelines 01/2022 on the right of access
 * do:
 * - Art. 3(1): the day of receipt is not counted, so the time of day of @p received
 *   does not matter, only its UTC date;
 * - Art. 3(2)(c): the period ends with the expiry of the last hour of the day of the
 *   last month that has the same date as the day of receipt, or, when the last month
 *   has no such date, of its last day. Received 15 January: due at the end of
 *   15 February; received 31 January 2025: end of 28 February 2025 (29 February in
 *   2024); received 31 March: end of 30 April.
 * - With @p extended, the period is three months from the same day of receipt (not
 *   one month, then two more from its end): received 31 January 2025, due at the end
 *   of 30 April 2025.
 *
 * The result is the **last second of the last day, inclusive**: `YYYY-MM-DDT23:59:59Z`.
 * An answer given at an instant `a` (whole seconds) is in time when `a <= *out`.
 *
 * Not modelled, so the legal deadline can differ:
 * - Art. 3(4) and 3(5): a period whose last day is a public holiday, a Saturday or a
 *   Sunday ends at the end of the next working day, and a period includes at least two
 *   working days. Public holidays depend on the member state (and region), so none are
 *   modelled, and weekends are not either: the legal deadline may be later than the
 *   result, never earlier, on UTC days.
 * - Days are UTC days. A controller that counts in local time has a different day of
 *   receipt near midnight, and its days end one or two hours before the UTC day
 *   (Central European Time): when that matters, answer by the previous day.
 * - "Without undue delay" (Art. 12(3)) comes first: the result is only the outer bound.
 * @param[in] received When the request was received, seconds since the Unix epoch,
 *                      in years 0001 to 9999.
 * @param[in] extended Whether the controller extended the period by two months (it
 *                      must tell the data subject so, with the reasons, within the
 *                      first month).
 * @param[out] out Last second (UTC) at which the answer is in time; 0 on failure.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, or #PRIVPOL_EINVAL: @p out NULL, @p received out of range, or a
 *         due date after 9999-12-31.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_retention_deadline(int64_t received, bool extended, int64_t *out, privpol_error *err);

/* ---- retain-until ------------------------------------------------------------------ */

/** Version of #privpol_retention_terms this header describes. */
#define PRIVPOL_RETENTION_TERMS_VERSION 1U

/**
 * What the caller knows about one record's terms, for privpol_retention_compute().
 *
 * Each value comes with a flag saying whether it is known; unknown values are taken from
 * the policy when it has them (a tenant's supplement fixes the contract's period and end,
 * §10.1). Set `version` to #PRIVPOL_RETENTION_TERMS_VERSION, or start from
 * #PRIVPOL_RETENTION_TERMS_INIT or privpol_retention_terms_init(). Fields are only ever
 * added at the end, with a new version.
 */
typedef struct privpol_retention_terms {
    unsigned version;                 /**< #PRIVPOL_RETENTION_TERMS_VERSION. */
    bool has_contract_period;         /**< `contract_period` is known. */
    privpol_duration contract_period; /**< The retention period the tenant's contract
                                           fixes (processor data, §10.1). */
    bool has_contract_end;            /**< `contract_end` is known. */
    int64_t contract_end;             /**< End of the tenant's contract, seconds since
                                           the epoch (UTC). */
    bool has_relationship_end;        /**< `relationship_end` is known. */
    int64_t relationship_end;         /**< End of the contractual relationship with the
                                           subject or their employer (§10.2). */
    bool has_changed_at;              /**< `changed_at` is known. */
    int64_t changed_at;               /**< When the subject changed or deleted data they
                                           provided (§7.7). */
    bool has_legal_hold;              /**< `legal_hold_until` is known. */
    int64_t legal_hold_until;         /**< End of a legal hold: a longer retention the
                                           law requires or permits (§15). */
} privpol_retention_terms;

/** Initializer of #privpol_retention_terms: current version, nothing known. */
#define PRIVPOL_RETENTION_TERMS_INIT                                                    \
    {PRIVPOL_RETENTION_TERMS_VERSION, false, {0, 0, 0, 0}, false, 0, false, 0, false, 0, \
     false, 0}

/**
 * Set @p terms to #PRIVPOL_RETENTION_TERMS_INIT (for bindings, which cannot read macros).
 * @param[out] terms The terms; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_retention_terms_init(privpol_retention_terms *terms);

/** What is due at the retain-until time. Values are ABI. */
typedef enum privpol_retention_action {
    PRIVPOL_RETENTION_ERASE = 0,    /**< Erase the data. */
    PRIVPOL_RETENTION_ANONYMIZE = 1 /**< Anonymize the data (statistics, §7.3). */
} privpol_retention_action;

/** Size of privpol_retention::explanation, terminating NUL included. */
#define PRIVPOL_RETENTION_EXPLANATION_SIZE 512U

/** Current version of #privpol_retention_request. */
#define PRIVPOL_RETENTION_REQUEST_VERSION 1U

/**
 * What privpol_retention_compute() is asked: data of one category collected at one time
 * for one purpose of one role. Initialize with #PRIVPOL_RETENTION_REQUEST_INIT or
 * privpol_retention_request_init(); the library only reads it, during the call.
 */
typedef struct privpol_retention_request {
    unsigned version;                    /**< #PRIVPOL_RETENTION_REQUEST_VERSION. */
    privpol_role role;                   /**< The role the data is processed under;
                                              default #PRIVPOL_ROLE_PROCESSOR. */
    const char *purpose;                 /**< A purpose id of that role, such as
                                              "prospecting"; required. */
    privpol_category category;           /**< A category the purpose uses. */
    int64_t collected_at;                /**< When the data was collected, seconds since
                                              the epoch (UTC), in years 0001 to 9999. */
    const privpol_retention_terms *terms; /**< The record's terms, or NULL (none known:
                                               only the policy's). */
} privpol_retention_request;

/** Initializer of #privpol_retention_request. */
#define PRIVPOL_RETENTION_REQUEST_INIT \
    {PRIVPOL_RETENTION_REQUEST_VERSION, PRIVPOL_ROLE_PROCESSOR, NULL, PRIVPOL_CAT_UNKNOWN, 0, NULL}

/**
 * Set @p request to #PRIVPOL_RETENTION_REQUEST_INIT (for bindings).
 * @param[out] request The request; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_retention_request_init(privpol_retention_request *request);

/** Current version of #privpol_retention. */
#define PRIVPOL_RETENTION_VERSION 1U

/**
 * A retain-until result, written by privpol_retention_compute(). Owned by the caller;
 * set @p version first (#PRIVPOL_RETENTION_INIT).
 */
typedef struct privpol_retention {
    unsigned version;                 /**< #PRIVPOL_RETENTION_VERSION, set by the caller. */
    int64_t until;                    /**< Retain-until, seconds since the epoch (UTC);
                                           0 on failure. */
    privpol_retention_action action;  /**< What is due then. */
    const char *clause;               /**< The clause of the deciding rule, such as
                                           "§10.1"; borrowed from the policy (or static),
                                           "" on failure. */
    const char *rule_id;              /**< Id of the rule, such as
                                           "processor_contract"; borrowed likewise. */
    char explanation[PRIVPOL_RETENTION_EXPLANATION_SIZE]; /**< One line citing the rule
                                           and how the date was reached, such as
                                           `§10.1 (processor_contract): the contract's
                                           period P13M from collection (ACME DPA §9)`;
                                           cut at a character boundary if longer. */
} privpol_retention;

/** Initializer of #privpol_retention. */
#define PRIVPOL_RETENTION_INIT {PRIVPOL_RETENTION_VERSION, 0, PRIVPOL_RETENTION_ERASE, "", "", {0}}

/**
 * Set @p retention to #PRIVPOL_RETENTION_INIT (for bindings).
 * @param[out] retention The result; NULL is ignored.
 * @since 0.1
 */
PRIVPOL_API void privpol_retention_init(privpol_retention *retention);

/**
 * Until when one record may be kept (its retain-until time, UTC), by the policy's
 * retention rule for the purpose and the category (docs/retention.md).
 *
 * The rule's basis decides:
 * - `contract` (processor data, §10.1): collection + the contract's period;
 * - `relationship` (controller account data, §10.2): the relationship's end + the
 *   rule's period;
 * - `until_changed` (user-provided data, §7.7): until the subject changes or deletes it
 *   (privpol_retention_request::terms `changed_at`), at the latest collection + the rule's period (or the
 *   contract's);
 * - `anonymize_now` (statistics, §7.3): anonymize at collection: the result is
 *   privpol_retention_request::collected_at and the action #PRIVPOL_RETENTION_ANONYMIZE;
 * - `fixed`: collection + the rule's period.
 *
 * Processor data never outlives the tenant's contract (§10.1): whatever the basis, the
 * result is capped at the contract's end when it is known. A term the caller gives in
 * the request's terms and the policy (a tenant's supplement) also fixes counts with the **earlier**
 * of the two results, so a request cannot keep data longer than the tenant's contract.
 * A legal hold (terms `legal_hold_until`, §15) then extends the result when it ends
 * later, and the text says so. The result is never before privpol_retention_request::collected_at: data whose
 * contract ended before it was collected is due at once.
 *
 * Months are added as in privpol_time_add() (Regulation 1182/71: 31 January + `P1M` is
 * the last day of February).
 * @param[in]  ctx     The context; its policy (privpol_ctx_policy()) has the rules.
 * @param[in]  request What is asked.
 * @param[out] out     The result (its version set by the caller).
 * @param[out] err     Detail on failure, or NULL.
 * @return #PRIVPOL_OK; #PRIVPOL_ETERMS when the basis needs a term neither the request's
 *         terms nor the policy give (the contract's period for processor data, the
 *         relationship's end for account data): never an unlimited retention;
 *         #PRIVPOL_ENOTFOUND when the role has no such purpose or the purpose does not
 *         use the category; #PRIVPOL_EVERSION for an unknown version of @p request, its
 *         terms or @p out; #PRIVPOL_EINVAL for a NULL argument, a time out of range, a
 *         negative period or a result after 9999.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_retention_compute(const privpol_ctx *ctx, const privpol_retention_request *request,
                          privpol_retention *out, privpol_error *err);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_RETENTION_H */
