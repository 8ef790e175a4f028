/* SPDX-License-Identifier: MIT */
#ifndef PRIVPOL_POLICY_H
#define PRIVPOL_POLICY_H

#include <privpol/common.h>
#include <privpol/context.h>

/** @file privpol/policy.h
 *  @brief The privacy policy: the embedded default (the seed policy), policy files,
 *         tenant supplements, and the vocabulary of the category registry.
 *
 * A policy says which roles exist, about whom data is processed, which categories each
 * role collects, for which purposes, by which operations, to which recipients, where,
 * for how long, and which rights the subject has; every rule cites the clause it comes
 * from. The file format is described in docs/policy-format.md. A policy never changes
 * once built, so any number of threads may use it through `const` pointers.
 */

PRIVPOL_BEGIN_DECLS

/** A validated policy. Opaque; build with privpol_policy_default(),
 *  privpol_policy_parse(), privpol_policy_load() or privpol_policy_supplement(). */
typedef struct privpol_policy privpol_policy;

/** Type of data subject. Values are ABI. */
typedef enum privpol_subject {
    PRIVPOL_SUBJECT_END_USER = 0,        /**< `end_user`: a User of a customer (§5). */
    PRIVPOL_SUBJECT_CUSTOMER_STAFF = 1,  /**< `customer_staff`: customer personnel. */
    PRIVPOL_SUBJECT_PROSPECT = 2,        /**< `prospect`: a prospect or contact. */
    PRIVPOL_SUBJECT_WEBSITE_VISITOR = 3  /**< `website_visitor`: a website visitor. */
} privpol_subject;

/** Processing operation (§9). Values are ABI. */
typedef enum privpol_operation {
    PRIVPOL_OP_COLLECT = 0,    /**< `collect` */
    PRIVPOL_OP_RECORD = 1,     /**< `record` */
    PRIVPOL_OP_USE = 2,        /**< `use` */
    PRIVPOL_OP_LINK = 3,       /**< `link`: link collected data together */
    PRIVPOL_OP_TRANSFER = 4,   /**< `transfer`: send to a recipient */
    PRIVPOL_OP_ANALYZE = 5,    /**< `analyze`: analysis and statistics */
    PRIVPOL_OP_DISPLAY = 6,    /**< `display`: display a page in the terminal's browser */
    PRIVPOL_OP_LAUNCH_APP = 7, /**< `launch_app`: launch a mobile application */
    PRIVPOL_OP_ERASE = 8,      /**< `erase` */
    PRIVPOL_OP_REVEAL = 9      /**< `reveal`: re-identify a pseudonym */
} privpol_operation;

/** Recipient of a disclosure (§13-14). Values are ABI. */
typedef enum privpol_recipient {
    PRIVPOL_RECIPIENT_CUSTOMER = 0,              /**< `customer`: the owning tenant. */
    PRIVPOL_RECIPIENT_SUBCONTRACTOR = 1,         /**< `subcontractor` */
    PRIVPOL_RECIPIENT_AFFILIATE = 2,             /**< `affiliate` */
    PRIVPOL_RECIPIENT_PARTNER = 3,               /**< `partner` */
    PRIVPOL_RECIPIENT_AUTHORITY = 4,             /**< `authority` */
    PRIVPOL_RECIPIENT_CONSENTED_THIRD_PARTY = 5, /**< `consented_third_party` */
    PRIVPOL_RECIPIENT_INTERNAL_STAFF = 6,        /**< `internal_staff` */
    PRIVPOL_RECIPIENT_TRANSACTION_PARTY = 7      /**< `transaction_party` */
} privpol_recipient;

/** Safeguard of a transfer outside the EU/EEA (GDPR Art. 46, 47). Values are ABI. */
typedef enum privpol_safeguard {
    PRIVPOL_SAFEGUARD_NONE = 0, /**< `none` */
    PRIVPOL_SAFEGUARD_SCC = 1,  /**< `scc`: standard contractual clauses, Art. 46(2). */
    PRIVPOL_SAFEGUARD_BCR = 2   /**< `bcr`: binding corporate rules, Art. 47. */
} privpol_safeguard;

/** Output format of privpol_policy_write(). Values are ABI. */
typedef enum privpol_policy_format {
    PRIVPOL_POLICY_YAML = 0, /**< A policy file, as privpol_policy_parse() reads. */
    PRIVPOL_POLICY_JSON = 1  /**< The same tree as one JSON object. */
} privpol_policy_format;

/** Largest policy or supplement text accepted, in bytes (1 MiB). */
#define PRIVPOL_POLICY_MAX_BYTES (1024U * 1024U)

/**
 * Sink of privpol_policy_write(): receives the output in pieces, in order.
 * @param[in] data    Bytes to write (not NUL-terminated).
 * @param[in] len     Their number.
 * @param[in] payload The caller's pointer, unchanged.
 * @return 0 to go on; any other value stops the writing (#PRIVPOL_EIO).
 */
typedef int (*privpol_write_fn)(const char *data, size_t len, void *payload);

/**
 * Build the embedded default policy: the seed policy compiled into the library from
 * policies/default.yaml, read by the same parser as files.
 * @param[in] alloc Allocator hooks for the policy's memory, or NULL (libc); copied.
 * @param[out] out The policy, owned by the caller (privpol_policy_free()).
 * @param[out] err Optional error detail.
 * @return #PRIVPOL_OK, #PRIVPOL_EINVAL or #PRIVPOL_ENOMEM.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_default(const privpol_allocator *alloc, privpol_policy **out, privpol_error *err);

/**
 * Text of the embedded default policy (policies/default.yaml as built in).
 * @param[out] out_len Its length in bytes (the NUL excluded); may be NULL.
 * @return Static NUL-terminated text; never NULL, never freed.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_policy_default_text(size_t *out_len);

/**
 * Parse and validate a policy (a `privpol-policy: 1` document).
 *
 * Validation rejects malformed YAML, anchors, aliases and tags, nesting deeper than 16,
 * more than 65536 nodes, scalars over 4096 bytes, texts over #PRIVPOL_POLICY_MAX_BYTES,
 * unknown keys, unknown ids (categories, roles, subjects, operations, recipients,
 * countries), wrong types, missing required sections and contradictory rules; @p err
 * then holds the 1-based line and column of the first problem.
 * @param[in] text UTF-8 text, not necessarily NUL-terminated.
 * @param[in] len Length of @p text in bytes.
 * @param[in] alloc Allocator hooks, or NULL (libc); copied.
 * @param[out] out The policy, owned by the caller (privpol_policy_free()).
 * @param[out] err Optional error detail: line, column and a message that may quote
 *                   keys and ids of the policy text.
 * @return #PRIVPOL_OK, #PRIVPOL_EPARSE, #PRIVPOL_EINVAL or #PRIVPOL_ENOMEM.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_parse(const char *text, size_t len, const privpol_allocator *alloc,
                     privpol_policy **out, privpol_error *err);

/**
 * Read, parse and validate a policy file.
 * @param[in] path File name.
 * @param[in] alloc Allocator hooks, or NULL (libc); copied.
 * @param[out] out The policy, owned by the caller (privpol_policy_free()).
 * @param[out] err Optional error detail; its message starts with the file name
 *                   (`FILE:LINE:COLUMN: message` for errors inside the file).
 * @return #PRIVPOL_OK, #PRIVPOL_EIO (missing or unreadable file), #PRIVPOL_EPARSE,
 *         #PRIVPOL_EINVAL or #PRIVPOL_ENOMEM.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_load(const char *path, const privpol_allocator *alloc, privpol_policy **out,
                    privpol_error *err);

/**
 * Layer a tenant's supplement (a `privpol-supplement: 1` document, §3, §10.1) on a
 * policy.
 *
 * The supplement may add processor purposes, set the contract's retention period and
 * end, enable geolocation, name partners with their minimum categories, shorten
 * retention and set pseudonym rotation. It may not loosen the base: an attempt (a
 * transfer outside the EU/EEA without adequacy or safeguard, reveal by a processor,
 * linking across tenants, retention past the contract, processor data to anyone but the
 * tenant without a legal basis, ...) is #PRIVPOL_EPARSE naming the rule and its clause.
 * @param[in] base The policy the supplement `extends` (its id must match); a policy
 *                  that already has a tenant is refused.
 * @param[in] text UTF-8 text, not necessarily NUL-terminated.
 * @param[in] len Length of @p text in bytes.
 * @param[out] out The supplemented policy, owned by the caller (privpol_policy_free());
 *                  it keeps @p base alive, so the caller may free @p base at once.
 * @param[out] err Optional error detail (line, column, message).
 * @return #PRIVPOL_OK, #PRIVPOL_EPARSE, #PRIVPOL_EINVAL or #PRIVPOL_ENOMEM. Memory comes
 *         from the base's allocator.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_supplement(const privpol_policy *base, const char *text, size_t len,
                          privpol_policy **out, privpol_error *err);

/**
 * Read a supplement file and layer it on a policy (see privpol_policy_supplement()).
 * @param[in] base The policy it extends.
 * @param[in] path File name.
 * @param[out] out The supplemented policy, owned by the caller.
 * @param[out] err Optional error detail; its message starts with the file name.
 * @return #PRIVPOL_OK, #PRIVPOL_EIO, #PRIVPOL_EPARSE, #PRIVPOL_EINVAL or #PRIVPOL_ENOMEM.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_supplement_load(const privpol_policy *base, const char *path,
                               privpol_policy **out, privpol_error *err);

/**
 * Release a policy. NULL is accepted. Contexts built with the policy keep their own
 * reference, so a policy may be freed as soon as privpol_ctx_new() returns. Must not race
 * with other calls using the same handle.
 * @param[in] policy The policy.
 * @since 0.1
 */
PRIVPOL_API void privpol_policy_free(privpol_policy *policy);

/**
 * Id of a policy (`id`, such as "dialonce-privacy-policy").
 * @param[in] policy The policy.
 * @return Text borrowed from the policy; NULL when @p policy is NULL.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_policy_id(const privpol_policy *policy);

/**
 * The policy's own version (`version`, such as "2021.1").
 * @param[in] policy The policy.
 * @return Text borrowed from the policy; NULL when @p policy is NULL.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_policy_version(const privpol_policy *policy);

/**
 * Title of a policy (`title`).
 * @param[in] policy The policy.
 * @return Text borrowed from the policy, or NULL when it has none.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_policy_title(const privpol_policy *policy);

/**
 * Tenant a policy was supplemented for.
 * @param[in] policy The policy.
 * @return The tenant id borrowed from the policy, or NULL for a policy without tenant.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_policy_tenant(const privpol_policy *policy);

/**
 * Number of purposes (the base's and a supplement's).
 * @param[in] policy The policy.
 * @return The count; 0 when @p policy is NULL.
 * @since 0.1
 */
PRIVPOL_API size_t privpol_policy_purpose_count(const privpol_policy *policy);

/**
 * Id of a purpose, such as "prospecting".
 * @param[in] policy The policy.
 * @param[in] index  0 to privpol_policy_purpose_count()-1.
 * @return Text borrowed from the policy, or NULL when @p index is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_policy_purpose_id(const privpol_policy *policy,
                                                  size_t index);

/**
 * Role a purpose is pursued under.
 * @param[in] policy The policy.
 * @param[in] index Purpose index.
 * @param[out] out The role.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND (index out of range) or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_purpose_role(const privpol_policy *policy, size_t index, privpol_role *out,
                            privpol_error *err);

/**
 * Clause a purpose comes from, such as "§7.4".
 * @param[in] policy The policy.
 * @param[in] index  Purpose index.
 * @return Text borrowed from the policy, or NULL when @p index is out of range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_policy_purpose_clause(const privpol_policy *policy,
                                                      size_t index);

/**
 * Description of a purpose.
 * @param[in] policy The policy.
 * @param[in] index  Purpose index.
 * @return Text borrowed from the policy; NULL when it has none or @p index is out of
 *         range.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_policy_purpose_description(const privpol_policy *policy,
                                                           size_t index);

/**
 * Categories a purpose uses.
 * @param[in] policy The policy.
 * @param[in] index  Purpose index.
 * @return A bit set: bit `c` (value `1 << c`) is category `c` (a #privpol_category) of
 *         privpol_category_id(); 0 when @p index is out of range.
 * @since 0.1
 */
PRIVPOL_API uint64_t privpol_policy_purpose_categories(const privpol_policy *policy,
                                                       size_t index);

/**
 * Find a purpose by id.
 * @param[in] policy The policy.
 * @param[in] id NUL-terminated purpose id.
 * @param[out] out Its index.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_purpose_find(const privpol_policy *policy, const char *id, size_t *out,
                            privpol_error *err);

/**
 * Categories a role may collect under a policy (geolocation only when enabled, §12.3).
 * @param[in] policy The policy.
 * @param[in] role   The role.
 * @return A bit set over categories as in privpol_policy_purpose_categories(); 0
 *         when the policy does not define the role.
 * @since 0.1
 */
PRIVPOL_API uint64_t privpol_policy_categories(const privpol_policy *policy,
                                               privpol_role role);

/**
 * Write the effective policy (a supplement merged into its base) as YAML or JSON.
 *
 * The YAML is a full policy file that privpol_policy_parse() reads back into the same
 * policy; the JSON holds the same tree (valid JSON, UTF-8).
 * @param[in] policy The policy.
 * @param[in] format #PRIVPOL_POLICY_YAML or #PRIVPOL_POLICY_JSON.
 * @param[in] write Receives the text in pieces.
 * @param[in] payload Passed unchanged to @p write.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_EIO (@p write returned non-zero) or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_write(const privpol_policy *policy, privpol_policy_format format,
                     privpol_write_fn write, void *payload, privpol_error *err);

/**
 * Name of a role: "controller" or "processor".
 * @param[in] role The role.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_role_name(privpol_role role);

/**
 * Read a role from its name.
 * @param[in] name "controller" or "processor".
 * @param[out] out The role.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_role_from_name(const char *name, privpol_role *out, privpol_error *err);

/**
 * Name of a subject type, such as "end_user".
 * @param[in] subject The subject type.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_subject_name(privpol_subject subject);

/**
 * Read a subject type from its name.
 * @param[in] name Its name.
 * @param[out] out The subject type.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_subject_from_name(const char *name, privpol_subject *out, privpol_error *err);

/**
 * Name of an operation, such as "collect".
 * @param[in] operation The operation.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_operation_name(privpol_operation operation);

/**
 * Read an operation from its name.
 * @param[in] name Its name.
 * @param[out] out The operation.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_operation_from_name(const char *name, privpol_operation *out, privpol_error *err);

/**
 * Name of a recipient, such as "internal_staff".
 * @param[in] recipient The recipient.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_recipient_name(privpol_recipient recipient);

/**
 * Read a recipient from its name.
 * @param[in] name Its name.
 * @param[out] out The recipient.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_recipient_from_name(const char *name, privpol_recipient *out, privpol_error *err);

/**
 * Name of a safeguard: "none", "scc" or "bcr".
 * @param[in] safeguard The safeguard.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_safeguard_name(privpol_safeguard safeguard);

/**
 * Read a safeguard from its name.
 * @param[in] name "none", "scc" or "bcr".
 * @param[out] out The safeguard.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_safeguard_from_name(const char *name, privpol_safeguard *out, privpol_error *err);

/* ---- transforms ---------------------------------------------------------------------- */

/**
 * What the record pipeline does to a field before it is kept, as the
 * policy's `transforms` section chooses per role, purpose and category. Values are ABI.
 * The order of the values is the order of strictness a tenant's supplement may only
 * climb (docs/policy-format.md, "Transforms").
 */
typedef enum privpol_action {
    PRIVPOL_ACTION_KEEP = 0,         /**< Keep the value as it is. */
    PRIVPOL_ACTION_GENERALIZE = 1,   /**< Keep a coarser value: an IP address's prefix
                                          (such as /24 and /48), a timestamp cut to the
                                          hour or the day, a user agent's browser family
                                          and operating system. */
    PRIVPOL_ACTION_PSEUDONYMIZE = 2, /**< Replace by its keyed pseudonym (a reversible
                                          token where the rule and the role allow it);
                                          free text: each span privpol_scan() finds is
                                          replaced by its pseudonym. */
    PRIVPOL_ACTION_REDACT = 3,       /**< Replace by a label naming its category; free
                                          text: each span privpol_scan() finds is replaced
                                          by its label, the rest of the text is kept. */
    PRIVPOL_ACTION_DROP = 4          /**< Remove the field: it may not be collected. */
} privpol_action;

/**
 * Name of an action: "keep", "generalize", "pseudonymize", "redact" or "drop".
 * @param[in] action The action.
 * @return Static text; NULL for unknown values.
 * @since 0.1
 */
PRIVPOL_API const char *privpol_action_name(privpol_action action);

/**
 * Read an action from its name.
 * @param[in] name Its name (see privpol_action_name()).
 * @param[out] out The action.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND or #PRIVPOL_EINVAL.
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_action_from_name(const char *name, privpol_action *out, privpol_error *err);

/** Flag in privpol_transform::flags: pseudonymize with a reversible token (prefix
 *  "pr1.", privpol/pseudonym.h) rather than a keyed pseudonym. Only rules of the
 *  controller carry it: a processor never re-identifies (§7.2, §7.6), so the policy
 *  loader refuses it on processor rules. */
#define PRIVPOL_TRANSFORM_REVERSIBLE 0x1U

/** Unit of privpol_transform::time_unit. Values are ABI. */
typedef enum privpol_time_unit {
    PRIVPOL_TIME_UNIT_NONE = 0, /**< Not a timestamp rule. */
    PRIVPOL_TIME_UNIT_HOUR = 1, /**< Cut to the hour. */
    PRIVPOL_TIME_UNIT_DAY = 2   /**< Cut to the day (UTC). */
} privpol_time_unit;

/**
 * The transform the policy chooses for one category, read by privpol_policy_transform().
 * Owned by the caller; the strings are borrowed from the policy.
 */
typedef struct privpol_transform {
    unsigned version;            /**< #PRIVPOL_TRANSFORM_VERSION, set by the caller. */
    privpol_action action;       /**< What to do. */
    unsigned flags;              /**< #PRIVPOL_TRANSFORM_REVERSIBLE or 0. */
    unsigned prefix4;            /**< #PRIVPOL_ACTION_GENERALIZE of IP addresses: prefix
                                      length kept of an IPv4 address (0-32). */
    unsigned prefix6;            /**< Same for IPv6 (0-128). */
    privpol_time_unit time_unit; /**< #PRIVPOL_ACTION_GENERALIZE of timestamps. */
    const char *rule_id;         /**< Id of the deciding rule of the policy or of its
                                      supplement; "default" when no rule names the
                                      category. */
    const char *clause;          /**< The clause it cites, such as "§7.6". */
    uint32_t line;               /**< 1-based line of the rule in its file; 0 if not
                                      known. */
} privpol_transform;

/** Current version of #privpol_transform. */
#define PRIVPOL_TRANSFORM_VERSION 1U
/** Initializer of #privpol_transform. */
#define PRIVPOL_TRANSFORM_INIT {PRIVPOL_TRANSFORM_VERSION, PRIVPOL_ACTION_DROP, 0U, 0U, 0U, PRIVPOL_TIME_UNIT_NONE, "", "", 0}

/**
 * The transform the policy chooses for a category processed by a role for a purpose.
 * Rules of a tenant's supplement come first, then the policy's, in the order of the file;
 * the first rule that names the role, the purpose and the category decides, else the
 * section's default. This answers only "how"; whether the category may be collected at
 * all is privpol_decide()'s answer (the record pipeline drops what is denied). The
 * policy guarantees that category `unknown` is never kept nor generalized. No allocation,
 * no lock: callers may call it from any number of threads and cache the answer.
 * @param[in] policy The policy.
 * @param[in] role The role.
 * @param[in] purpose A purpose id of that role.
 * @param[in] category A category.
 * @param[out] out The transform; zeroed on failure.
 * @param[out] err Detail on failure (message, and line/column for text input), or NULL.
 * @return #PRIVPOL_OK, #PRIVPOL_ENOTFOUND (no such purpose for the role, or a category out
 *         of range) or #PRIVPOL_EINVAL (a NULL argument).
 * @since 0.1
 */
PRIVPOL_API PRIVPOL_NODISCARD privpol_status
privpol_policy_transform(const privpol_policy *policy, privpol_role role, const char *purpose,
                         privpol_category category, privpol_transform *out,
                         privpol_error *err);

/**
 * Names of the fields the policy reads a record's event time from, such as "ts", in the
 * order they are tried (the policy's `transforms.event_time`).
 * @param[in] policy The policy.
 * @param[out] out_count Number of names (0 when @p policy is NULL); may be NULL.
 * @return The names, borrowed from the policy; NULL when there are none.
 * @since 0.1
 */
PRIVPOL_API const char *const *privpol_policy_time_fields(const privpol_policy *policy,
                                                          size_t *out_count);

/**
 * Whether a field's value is in the closed vocabulary the policy declares for that field
 * (`transforms.vocabularies`, docs/policy-format.md): a value the policy knows to hold no
 * identifier, which the record pipeline keeps without scanning it for identifiers. Every value of a vocabulary was checked when the policy was read: neither
 * privpol_classify() nor privpol_scan() finds anything in it.
 *
 * The field is compared as the field rules of privpol_classify() compare names: the last
 * component of a JSON path (`client.device`, `journey[0]`, `events[3].action`),
 * case-insensitively, camelCase split, `-`, `_` and space alike. The value is compared
 * exactly, byte for byte (case-sensitive, no trimming). No allocation, no lock; linear
 * in @p field_len and @p value_len.
 * @param[in] policy    The policy.
 * @param[in] field     Field name or JSON path (not necessarily NUL-terminated).
 * @param[in] field_len Its length in bytes.
 * @param[in] value     The value (not necessarily NUL-terminated).
 * @param[in] value_len Its length in bytes.
 * @return 1 when a vocabulary of the policy covers the field and lists the value; 0
 *         otherwise: a field no vocabulary covers, any other value, an empty value, or a
 *         NULL argument.
 * @since 0.1
 */
PRIVPOL_API int privpol_policy_vocabulary_match(const privpol_policy *policy,
                                                const char *field, size_t field_len,
                                                const char *value, size_t value_len);

PRIVPOL_END_DECLS

#endif /* PRIVPOL_POLICY_H */
