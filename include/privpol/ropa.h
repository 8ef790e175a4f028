/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_ROPA_H
#define PRIVPOL_ROPA_H

#include <privpol/common.h>
#include <privpol/policy.h>

/** @file privpol/ropa.h
 *  @brief The record of processing activities (GDPR Art. 30) generated from a policy:
 *         the controller, the purposes of each role with their subjects, categories,
 *         operations and retention, the recipients, the transfers, the subject's rights,
 *         the security measures and the identifiability rules, each with its clause.
 *         See @ref ropa. */

PRIVPOL_BEGIN_DECLS

/** Output format of privpol_ropa_write(). Values are ABI. */
typedef enum privpol_ropa_format {
    PRIVPOL_ROPA_MARKDOWN = 0, /**< Markdown: headings, pipe tables, lists. */
    PRIVPOL_ROPA_HTML = 1      /**< One self-contained HTML page with inline CSS. */
} privpol_ropa_format;

/**
 * Write the record of processing activities of a policy.
 *
 * The record holds, in this order: the controller (the policy's `organization`, its id
 * and version, the tenant and contract of a supplemented policy), the roles and data
 * subjects, the processing activities (the purposes, the controller's first, then the
 * processor's on behalf of customers; each with its description, subjects, categories
 * with their fideslang and DPV terms, operations, the retention rule of each category,
 * the right to object and anonymization), the categories each role collects, the
 * recipients and named partners, the transfers (processing location, EEA, adequacy
 * decisions with their dates, safeguards), the rights of the subject with their
 * deadlines and the supervisory authority, the security measures, and pseudonymization,
 * compartmentalization and combination rules. Every item cites its clause.
 *
 * All text taken from the policy is escaped for the format: in HTML `&`, `<`, `>`, `"`
 * and `'` become character references; in Markdown the punctuation that would change
 * the markup (`|` in tables among others) is backslash-escaped. Control characters and
 * line breaks in Markdown cells become spaces. The output is UTF-8; it depends only on
 * the policy and the library version, so it can be compared between runs.
 *
 * Safe to call from any number of threads on the same policy.
 * @param[in] policy  The policy (a supplemented policy shows its tenant's terms too).
 * @param[in] format  #PRIVPOL_ROPA_MARKDOWN or #PRIVPOL_ROPA_HTML.
 * @param[in] write   Receives the text in pieces, in order.
 * @param[in] payload Passed unchanged to @p write.
 * @param[out] err    Optional error detail.
 * @return #PRIVPOL_OK, #PRIVPOL_EIO (@p write returned non-zero; nothing more is
 *         written after that) or #PRIVPOL_EINVAL (NULL @p policy or @p write, unknown
 *         @p format).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_ropa_write(const privpol_policy *policy, privpol_ropa_format format,
                   privpol_write_fn write, void *payload, privpol_error *err);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_ROPA_H */
