/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_CLASSIFY_H
#define PRIVPOL_CLASSIFY_H

#include <privpol/common.h>
#include <privpol/context.h>

/** @file privpol/classify.h
 *  @brief Classification of values, field names and free text into the data categories
 *         of privpol/category.h (§12), and redaction of free text.
 *
 * Every datum must land in a category before anything is decided about it. What cannot
 * be classified is `unknown`, which is treated as personal (fail closed). All functions
 * here only read the context, so any number of threads may call them at once.
 */

PRIVPOL_BEGIN_DECLS

/** Flag of privpol_classification: the field name names a category the value does not
 *  have (e.g. a field `email` holding no email address). The value is then classified
 *  as `unknown`, personal. */
#define PRIVPOL_CLASS_FIELD_MISMATCH 1U
/** Flag of privpol_classification: the category came from the field name alone (the
 *  value has no recognizable shape, as for free text or names). */
#define PRIVPOL_CLASS_FROM_FIELD 2U
/** Flag of privpol_classification: the value is a token of this library (pseudonym or
 *  reversible token), already pseudonymized; the category is that of the field, or
 *  `unknown`. */
#define PRIVPOL_CLASS_TOKEN 4U

/** Result of privpol_classify(). */
typedef struct privpol_classification {
    unsigned version;           /**< #PRIVPOL_CLASSIFICATION_VERSION, set by the caller. */
    privpol_category category;  /**< The category (privpol_category_id() names it). */
    float confidence;  /**< 0 to 1: how sure the recognizer is. */
    unsigned flags;    /**< PRIVPOL_CLASS_* flags. */
} privpol_classification;

/** Current version of #privpol_classification. */
#define PRIVPOL_CLASSIFICATION_VERSION 1U
/** Initializer of #privpol_classification. */
#define PRIVPOL_CLASSIFICATION_INIT {PRIVPOL_CLASSIFICATION_VERSION, PRIVPOL_CAT_UNKNOWN, 0.0f, 0U}

/**
 * Classify one value, optionally named by its field.
 *
 * The value recognizers (IP, phone, email, URL, UUID, MAC, IMEI, card number, IBAN,
 * coordinates, ISO 8601 time, user agent, tokens of this library) each validate what
 * they match (checksums, numbering plans, ranges). The field name (the last component
 * of a JSON path such as `client.ip` or `events[3].msisdn`, compared case-insensitively,
 * `-` and `_` alike) is then combined with the value's shape: a name that agrees
 * raises the confidence, a name that disagrees makes the value `unknown` with
 * #PRIVPOL_CLASS_FIELD_MISMATCH. A value nothing recognizes is `unknown`.
 * @param[in] ctx Context (default phone region).
 * @param[in] field Field name or JSON path; NULL for none.
 * @param[in] field_len Its length.
 * @param[in] value The value (any bytes; invalid UTF-8 is `unknown`).
 * @param[in] value_len Its length.
 * @param[out] out The classification.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_classify(const privpol_ctx *ctx, const char *field, size_t field_len, const char *value,
                 size_t value_len, privpol_classification *out, privpol_error *err);

/**
 * The category a field name alone suggests.
 * @param[in] field Field name or JSON path.
 * @param[in] field_len Its length.
 * @param[out] out The category.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND (no rule for that name) or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_classify_field(const char *field, size_t field_len, privpol_category *out,
                       privpol_error *err);

/** One span of personal data found in free text by privpol_scan(). */
typedef struct privpol_span {
    size_t start;      /**< Byte offset of the first byte. */
    size_t end;        /**< Byte offset after the last byte. */
    privpol_category category; /**< The category. */
    float confidence;  /**< 0 to 1. */
} privpol_span;

/**
 * Find the personal data in free text.
 *
 * One linear pass over the bytes (no backtracking), whatever the input: invalid UTF-8
 * and NUL bytes are skipped over, never crashed on. Spans are sorted, non-overlapping
 * and within [0, len). Recognized: email addresses, phone numbers (international and
 * national forms), IPv4 and IPv6 addresses, card numbers (Luhn and issuer ranges),
 * IBANs (mod 97), and person names marked by a title or a greeting (`M. Dupont`,
 * `Mme Martin`, `Bonjour Julie`).
 * @param[in] ctx Context (default phone region).
 * @param[in] text The text.
 * @param[in] len Its length in bytes.
 * @param[out] spans Array for the spans (may be NULL when *spans_len is 0).
 * @param[in,out] spans_len Capacity of @p spans in, number of spans found out. On
 *                          #PRIVPOL_EBUFSIZE it holds the number needed and @p spans
 *                          holds the first ones.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_EBUFSIZE or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_scan(const privpol_ctx *ctx, const char *text, size_t len, privpol_span *spans,
             size_t *spans_len, privpol_error *err);

/** Flag of privpol_redact(): replace each span by its pseudonym instead of its label. */
#define PRIVPOL_REDACT_PSEUDONYMIZE 1U

/**
 * Redact free text: each span privpol_scan() finds is replaced by `[category id]`
 * (e.g. `[contact.email]`), or with #PRIVPOL_REDACT_PSEUDONYMIZE by the pseudonym of
 * the span's value (privpol_pseudonymize() under @p tenant, @p at). A span whose value
 * cannot be pseudonymized is replaced by its label.
 * @param[in]     ctx     Context (a keyring is needed with #PRIVPOL_REDACT_PSEUDONYMIZE).
 * @param[in]     tenant  Tenant id; may be NULL without #PRIVPOL_REDACT_PSEUDONYMIZE.
 * @param[in]     at      Event time for the pseudonyms (seconds since the epoch).
 * @param[in]     flags   0 or #PRIVPOL_REDACT_PSEUDONYMIZE.
 * @param[in]     text    The text.
 * @param[in]     len     Its length.
 * @param[out]    out     Buffer for the redacted text, NUL-terminated.
 * @param[in,out] out_len Capacity in, length out (NUL excluded); on #PRIVPOL_EBUFSIZE
 *                        the capacity needed, NUL included.
 * @param[out]    err     Optional detail.
 * @return #PRIVPOL_OK, #PRIVPOL_EBUFSIZE, #PRIVPOL_ENOKEY, #PRIVPOL_ENOMEM or
 *         #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_redact(const privpol_ctx *ctx, const char *tenant, int64_t at, unsigned flags,
               const char *text, size_t len, char *out, size_t *out_len,
               privpol_error *err);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_CLASSIFY_H */
