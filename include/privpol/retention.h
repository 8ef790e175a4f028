/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_RETENTION_H
#define PRIVPOL_RETENTION_H

#include <privpol/common.h>
#include <privpol/policy.h>

#include <stdbool.h>

/** @file privpol/retention.h
 *  @brief Calendar arithmetic for retention periods and rights deadlines: ISO 8601
 *         durations, and months counted as in Regulation (EEC, Euratom) No 1182/71,
 *         in UTC; and the retain-until time of a record under the policy. */

PRIVPOL_BEGIN_DECLS

/**
 * An ISO 8601 duration, its calendar components kept apart.
 *
 * A month or a year is not a fixed number of days, so `P1M` is not `P30D`: the
 * components are applied in order by privpol_time_add(). Weeks are stored as 7 days
 * each; hours, minutes and seconds as seconds. privpol_duration_parse() never produces
 * negative components, and the functions of this header refuse them.
 */
typedef struct privpol_duration {
    int32_t years;   /**< Calendar years (`nY`). */
    int32_t months;  /**< Calendar months (`nM` before `T`). */
    int32_t days;    /**< Days (`nD`, plus 7 per `nW`). */
    int64_t seconds; /**< Seconds (`nH`, `nM` after `T` and `nS`, summed). */
} privpol_duration;

/** Size of a buffer that holds any text written by privpol_duration_format(), NUL
 *  included. */
#define PRIVPOL_DURATION_TEXT_SIZE 64U

/**
 * Parse an ISO 8601 duration, `PnYnMnWnDTnHnMnS`.
 *
 * Each component is a non-negative integer followed by its designator, in that order,
 * each at most once, and zero components may be left out: `P13M`, `P90D`, `P2W`,
 * `P1Y2M10DT2H30M`, `PT36H`, `P0D`. Weeks count 7 days and may be combined with the
 * other components (as ISO 8601-1:2019 allows). Hours, minutes and seconds come after
 * `T`. Designators are upper case; no white space is allowed. Refused, with the
 * 1-based column of the first bad byte: an empty duration (`P`, `PT`, `P1YT`), a sign
 * (durations are not negative), a fraction (`P0.5Y`: use a smaller unit, such as
 * `P6M` or `PT36H`), an unknown or repeated designator, designators out of order,
 * hours, minutes or seconds before `T` (`P1H`) and days after it (`PT1D`), and numbers
 * that do not fit: years, months and days (weeks included) at most 2147483647, the
 * time part at most 9223372036854775807 seconds in total.
 * @param[out] out   The duration; all zero on failure.
 * @param[in]  text  The text, not necessarily NUL-terminated.
 * @param[in]  len   Length of @p text in bytes.
 * @param[out] err   Optional error detail (column of the first bad byte).
 * @return #PRIVPOL_OK, #PRIVPOL_EPARSE or #PRIVPOL_EINVAL (NULL argument).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_duration_parse(privpol_duration *out, const char *text, size_t len,
                       privpol_error *err);

/**
 * Write a duration as ISO 8601 text.
 *
 * The form is canonical: `P`, then the non-zero `nY`, `nM`, `nD`, then `T` and the
 * non-zero `nH`, `nM`, `nS`, with the seconds split into hours (unbounded), minutes
 * (0-59) and seconds (0-59). Days are not folded into weeks or months, nor hours into
 * days: `P2W` is written `P14D`, `PT36H` stays `PT36H`. The zero duration is `PT0S`.
 * The text parses back to the same components.
 * @param[out] out      Buffer of at least #PRIVPOL_DURATION_TEXT_SIZE bytes;
 *                      NUL-terminated (empty on failure when @p out_size > 0).
 * @param[in]  out_size Size of @p out.
 * @param[in]  d        The duration.
 * @return #PRIVPOL_OK, #PRIVPOL_EBUFSIZE (the text does not fit) or #PRIVPOL_EINVAL
 *         (NULL argument or a negative component).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_duration_format(char *out, size_t out_size, const privpol_duration *d);

/**
 * Add a duration to an instant, in UTC, months counted as in Regulation (EEC, Euratom)
 * No 1182/71, Art. 3(2)(c).
 *
 * Steps, in this order:
 * 1. Years and months together, as `12 * years + months` months: the result falls on
 *    the same day of the month as @p t; when that day does not exist in the target
 *    month, on the last day of that month. 31 January + `P1M` is 28 February (29 in a
 *    leap year); 29 February 2024 + `P1Y` is 28 February 2025; 29 February 2024 +
 *    `P1Y1M` is 29 March 2025 (13 months at once, not one year then one month).
 * 2. Then the days, as whole days of the proleptic Gregorian calendar.
 * 3. Then the seconds.
 *
 * The time of day of @p t is kept by steps 1 and 2: 2025-01-31T10:00:00Z + `P1M` is
 * 2025-02-28T10:00:00Z. This is calendar arithmetic on instants; where a legal period
 * must end at the end of a day, use privpol_deadline() or round the result yourself.
 * UTC has no daylight saving time and POSIX time no leap seconds, so a day is always
 * 86400 seconds here; local time zones are not modelled.
 * @param[out] out Resulting instant, seconds since the Unix epoch (UTC); 0 on failure.
 * @param[in]  t   Start instant, seconds since the Unix epoch, in years 0001 to 9999.
 * @param[in]  d   Duration; all components non-negative.
 * @return #PRIVPOL_OK, or #PRIVPOL_EINVAL: a NULL argument, a negative component, @p t
 *         out of range, or a result (or intermediate date) after 9999-12-31T23:59:59Z.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_time_add(int64_t *out, int64_t t, const privpol_duration *d);

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
 * @param[out] out      Last second (UTC) at which the answer is in time; 0 on failure.
 * @param[in]  received When the request was received, seconds since the Unix epoch,
 *                      in years 0001 to 9999.
 * @param[in]  extended Whether the controller extended the period by two months (it
 *                      must tell the data subject so, with the reasons, within the
 *                      first month).
 * @return #PRIVPOL_OK, or #PRIVPOL_EINVAL: @p out NULL, @p received out of range, or a
 *         due date after 9999-12-31.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_deadline(int64_t *out, int64_t received, bool extended);

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

/** Size of a clause buffer that holds the text of privpol_retention_compute() for the
 *  default policy and supplements with short clauses; a policy's clauses may be longer. */
#define PRIVPOL_RETENTION_CLAUSE_SIZE 512U

/**
 * Until when one record may be kept (its retain-until time, UTC), by the policy's
 * retention rule for the purpose and the category (docs/retention.md).
 *
 * The rule's basis decides:
 * - `contract` (processor data, §10.1): collection + the contract's period;
 * - `relationship` (controller account data, §10.2): the relationship's end + the
 *   rule's period;
 * - `until_changed` (user-provided data, §7.7): until the subject changes or deletes it
 *   (@p terms `changed_at`), at the latest collection + the rule's period (or the
 *   contract's);
 * - `anonymize_now` (statistics, §7.3): anonymize at collection: the result is
 *   @p collected_at and the action #PRIVPOL_RETENTION_ANONYMIZE;
 * - `fixed`: collection + the rule's period.
 *
 * Processor data never outlives the tenant's contract (§10.1): whatever the basis, the
 * result is capped at the contract's end when it is known. A term the caller gives in
 * @p terms and the policy (a tenant's supplement) also fixes counts with the **earlier**
 * of the two results, so a request cannot keep data longer than the tenant's contract.
 * A legal hold (@p terms `legal_hold_until`, §15) then extends the result when it ends
 * later, and the text says so. The result is never before @p collected_at: data whose
 * contract ended before it was collected is due at once.
 *
 * Months are added as in privpol_time_add() (Regulation 1182/71: 31 January + `P1M` is
 * the last day of February).
 * @param[out] out_until   Retain-until, seconds since the epoch (UTC); 0 on failure.
 * @param[out] out_action  What is due then; may be NULL.
 * @param[in]  policy      The policy (privpol_ctx_policy() gives a context's);
 *                         read-only, shareable between threads.
 * @param[in]  role        The role the data is processed under.
 * @param[in]  purpose     A purpose id of that role, such as "prospecting".
 * @param[in]  category    A category index (privpol_category_find()) the purpose uses.
 * @param[in]  collected_at When the data was collected, seconds since the epoch (UTC),
 *                         in years 0001 to 9999.
 * @param[in]  terms       The record's terms, or NULL (none known: only the policy's).
 * @param[out] clause_out  Receives a NUL-terminated line citing the rule: its clause, its
 *                         id and how the date was reached, such as
 *                         `§10.1 (processor_contract): the contract's period P13M from
 *                         collection (ACME DPA §9)`; may be NULL when @p clause_size is 0.
 *                         Empty on failure.
 * @param[in]  clause_size Size of @p clause_out; #PRIVPOL_RETENTION_CLAUSE_SIZE suits the
 *                         default policy.
 * @return #PRIVPOL_OK; #PRIVPOL_ETERMS when the basis needs a term neither @p terms nor
 *         the policy gives (the contract's period for processor data, the relationship's
 *         end for account data): never an unlimited retention; #PRIVPOL_ENOTFOUND when
 *         the role has no such purpose or the purpose does not use the category;
 *         #PRIVPOL_EBUFSIZE when the text does not fit (all outputs cleared);
 *         #PRIVPOL_EVERSION for an unknown @p terms version; #PRIVPOL_EINVAL for a NULL
 *         argument, a time out of range, a negative period or a result after 9999.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_retention_compute(int64_t *out_until, privpol_retention_action *out_action,
                          const privpol_policy *policy, privpol_role role,
                          const char *purpose, size_t category, int64_t collected_at,
                          const privpol_retention_terms *terms, char *clause_out,
                          size_t clause_size);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_RETENTION_H */
