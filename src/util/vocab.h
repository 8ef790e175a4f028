/* SPDX-License-Identifier: MIT */
/* The vocabularies of the library's enumerations, one X-macro each (the categories have
 * theirs in the public header privpol/category.h, PRIVPOL_CATEGORY_LIST). An entry is
 * X(value, "name"); the value order is free (tables are filled by designated
 * initializers), the names are those of the policy format and of the _name() and
 * _from_name() functions. From each list come, in util/vocab.c and here:
 *   PRIVPOL__<V>_COUNT           the number of values (values are 0 .. count-1),
 *   privpol__<v>_names[]         the names by value,
 *   privpol_<v>_name()           NULL for a value out of range,
 *   privpol_<v>_from_name()      EINVAL for a NULL argument, ENOTFOUND for a name not in
 *                                the list ("unknown <what> name '...'" in err).
 * Appending a value is one line here (and the enumerator in the public header). */
#ifndef PRIVPOL_VOCAB_H
#define PRIVPOL_VOCAB_H

#include "util.h"

#define PRIVPOL__ROLE_LIST(X)                                                            \
    X(PRIVPOL_ROLE_PROCESSOR, "processor")                                               \
    X(PRIVPOL_ROLE_CONTROLLER, "controller")

#define PRIVPOL__SUBJECT_LIST(X)                                                         \
    X(PRIVPOL_SUBJECT_END_USER, "end_user")                                              \
    X(PRIVPOL_SUBJECT_CUSTOMER_STAFF, "customer_staff")                                  \
    X(PRIVPOL_SUBJECT_PROSPECT, "prospect")                                              \
    X(PRIVPOL_SUBJECT_WEBSITE_VISITOR, "website_visitor")

#define PRIVPOL__OPERATION_LIST(X)                                                       \
    X(PRIVPOL_OP_COLLECT, "collect")                                                     \
    X(PRIVPOL_OP_RECORD, "record")                                                       \
    X(PRIVPOL_OP_USE, "use")                                                             \
    X(PRIVPOL_OP_LINK, "link")                                                           \
    X(PRIVPOL_OP_TRANSFER, "transfer")                                                   \
    X(PRIVPOL_OP_ANALYZE, "analyze")                                                     \
    X(PRIVPOL_OP_DISPLAY, "display")                                                     \
    X(PRIVPOL_OP_LAUNCH_APP, "launch_app")                                               \
    X(PRIVPOL_OP_ERASE, "erase")                                                         \
    X(PRIVPOL_OP_REVEAL, "reveal")

#define PRIVPOL__RECIPIENT_LIST(X)                                                       \
    X(PRIVPOL_RECIPIENT_CUSTOMER, "customer")                                            \
    X(PRIVPOL_RECIPIENT_SUBCONTRACTOR, "subcontractor")                                  \
    X(PRIVPOL_RECIPIENT_AFFILIATE, "affiliate")                                          \
    X(PRIVPOL_RECIPIENT_PARTNER, "partner")                                              \
    X(PRIVPOL_RECIPIENT_AUTHORITY, "authority")                                          \
    X(PRIVPOL_RECIPIENT_CONSENTED_THIRD_PARTY, "consented_third_party")                  \
    X(PRIVPOL_RECIPIENT_INTERNAL_STAFF, "internal_staff")                                \
    X(PRIVPOL_RECIPIENT_TRANSACTION_PARTY, "transaction_party")

#define PRIVPOL__SAFEGUARD_LIST(X)                                                       \
    X(PRIVPOL_SAFEGUARD_NONE, "none")                                                    \
    X(PRIVPOL_SAFEGUARD_SCC, "scc")                                                      \
    X(PRIVPOL_SAFEGUARD_BCR, "bcr")

#define PRIVPOL__ACTION_LIST(X)                                                          \
    X(PRIVPOL_ACTION_KEEP, "keep")                                                       \
    X(PRIVPOL_ACTION_GENERALIZE, "generalize")                                           \
    X(PRIVPOL_ACTION_PSEUDONYMIZE, "pseudonymize")                                       \
    X(PRIVPOL_ACTION_REDACT, "redact")                                                   \
    X(PRIVPOL_ACTION_DROP, "drop")

#define PRIVPOL__PERIOD_LIST(X)                                                          \
    X(PRIVPOL_PERIOD_NONE, "none")                                                       \
    X(PRIVPOL_PERIOD_DAY, "day")                                                         \
    X(PRIVPOL_PERIOD_WEEK, "week")                                                       \
    X(PRIVPOL_PERIOD_MONTH, "month")                                                     \
    X(PRIVPOL_PERIOD_YEAR, "year")

#define PRIVPOL__IDENTIFIABILITY_LIST(X)                                                 \
    X(PRIVPOL_NON_IDENTIFIABLE, "non_identifiable")                                      \
    X(PRIVPOL_PSEUDONYMOUS, "pseudonymous")                                              \
    X(PRIVPOL_PERSONAL, "personal")

#define PRIVPOL__DATA_STATE_LIST(X)                                                      \
    X(PRIVPOL_STATE_CLEAR, "clear")                                                      \
    X(PRIVPOL_STATE_PSEUDONYMIZED, "pseudonymized")                                      \
    X(PRIVPOL_STATE_GENERALIZED, "generalized")                                          \
    X(PRIVPOL_STATE_AGGREGATED, "aggregated")

/* PRIVPOL_TIME_UNIT_NONE has no name: a rule without a unit is not written. */
#define PRIVPOL__TIME_UNIT_LIST(X)                                                       \
    X(PRIVPOL_TIME_UNIT_NONE, NULL)                                                      \
    X(PRIVPOL_TIME_UNIT_HOUR, "hour")                                                    \
    X(PRIVPOL_TIME_UNIT_DAY, "day")

#define PRIVPOL__NORMALIZER_LIST(X)                                                      \
    X(PRIVPOL_NORM_NONE, "none")                                                         \
    X(PRIVPOL_NORM_TEXT, "text")                                                         \
    X(PRIVPOL_NORM_OPAQUE, "opaque")                                                     \
    X(PRIVPOL_NORM_IP, "ip")                                                             \
    X(PRIVPOL_NORM_PHONE, "phone")                                                       \
    X(PRIVPOL_NORM_EMAIL, "email")                                                       \
    X(PRIVPOL_NORM_DIGITS, "digits")                                                     \
    X(PRIVPOL_NORM_SCAN, "scan")                                                         \
    X(PRIVPOL_NORM_IBAN, "iban")

/* Vocabularies of the policy format alone (no public enumeration): the enumeration is
 * generated too, PRIVPOL__<PREFIX>_<NAME>. */
#define PRIVPOL__CONDITION_LIST(X)                                                       \
    X(PRIVPOL__COND_OWNING_TENANT, "owning_tenant")                                      \
    X(PRIVPOL__COND_NEED_TO_KNOW, "need_to_know")                                        \
    X(PRIVPOL__COND_CONTRACT, "contract")                                                \
    X(PRIVPOL__COND_PURPOSE_LIMITATION, "purpose_limitation")                            \
    X(PRIVPOL__COND_MINIMUM_CATEGORIES, "minimum_categories")                            \
    X(PRIVPOL__COND_LEGAL_REQUIREMENT, "legal_requirement")                              \
    X(PRIVPOL__COND_CONSENT, "consent")                                                  \
    X(PRIVPOL__COND_RESTRUCTURING, "restructuring")                                      \
    X(PRIVPOL__COND_TENANT_INSTRUCTION, "tenant_instruction")

#define PRIVPOL__RETENTION_BASIS_LIST(X)                                                 \
    X(PRIVPOL__RETAIN_CONTRACT, "contract")                                              \
    X(PRIVPOL__RETAIN_RELATIONSHIP, "relationship")                                      \
    X(PRIVPOL__RETAIN_UNTIL_CHANGED, "until_changed")                                    \
    X(PRIVPOL__RETAIN_ANONYMIZE_NOW, "anonymize_now")                                    \
    X(PRIVPOL__RETAIN_FIXED, "fixed")

#define PRIVPOL__RIGHT_LIST(X)                                                           \
    X(PRIVPOL__RIGHT_ERASURE, "erasure")                                                 \
    X(PRIVPOL__RIGHT_OBJECTION, "objection")                                             \
    X(PRIVPOL__RIGHT_ACCESS, "access")                                                   \
    X(PRIVPOL__RIGHT_PORTABILITY, "portability")                                         \
    X(PRIVPOL__RIGHT_RECTIFICATION, "rectification")                                     \
    X(PRIVPOL__RIGHT_RESTRICTION, "restriction")

#define PRIVPOL__VOCAB_ENUM_(value, name) value,
/* Conditions a disclosure to a recipient must meet (recipients[].requires). */
enum privpol__condition { PRIVPOL__CONDITION_LIST(PRIVPOL__VOCAB_ENUM_) };
/* How a retention rule computes retain-until (retention[].basis). */
enum privpol__retention_basis { PRIVPOL__RETENTION_BASIS_LIST(PRIVPOL__VOCAB_ENUM_) };
/* Rights of the data subject (rights.granted). */
enum privpol__right { PRIVPOL__RIGHT_LIST(PRIVPOL__VOCAB_ENUM_) };

/* Every vocabulary: X(list, lower-case name, upper-case name, C type, what it is). */
#define PRIVPOL__VOCABULARIES(X)                                                         \
    X(PRIVPOL__ROLE_LIST, role, ROLE, privpol_role, "role")                              \
    X(PRIVPOL__SUBJECT_LIST, subject, SUBJECT, privpol_subject, "subject")               \
    X(PRIVPOL__OPERATION_LIST, operation, OPERATION, privpol_operation, "operation")     \
    X(PRIVPOL__RECIPIENT_LIST, recipient, RECIPIENT, privpol_recipient, "recipient")     \
    X(PRIVPOL__SAFEGUARD_LIST, safeguard, SAFEGUARD, privpol_safeguard, "safeguard")     \
    X(PRIVPOL__ACTION_LIST, action, ACTION, privpol_action, "action")                    \
    X(PRIVPOL__PERIOD_LIST, period, PERIOD, privpol_period, "period")                    \
    X(PRIVPOL__IDENTIFIABILITY_LIST, identifiability, IDENTIFIABILITY,                   \
      privpol_identifiability, "identifiability level")                                  \
    X(PRIVPOL__DATA_STATE_LIST, data_state, DATA_STATE, privpol_data_state, "data state") \
    X(PRIVPOL__TIME_UNIT_LIST, time_unit, TIME_UNIT, privpol_time_unit, "time unit")     \
    X(PRIVPOL__NORMALIZER_LIST, normalizer, NORMALIZER, privpol_normalizer, "normalizer") \
    X(PRIVPOL__CONDITION_LIST, condition, CONDITION, enum privpol__condition,            \
      "condition")                                                                       \
    X(PRIVPOL__RETENTION_BASIS_LIST, basis, BASIS, enum privpol__retention_basis,        \
      "retention basis")                                                                 \
    X(PRIVPOL__RIGHT_LIST, right, RIGHT, enum privpol__right, "right")

#define PRIVPOL__VOCAB_ONE_(value, name) +1
#define PRIVPOL__VOCAB_DECLARE_(list, v, V, type, what)                                  \
    enum { PRIVPOL__##V##_COUNT = 0 list(PRIVPOL__VOCAB_ONE_) };                          \
    extern const char *const privpol__##v##_names[PRIVPOL__##V##_COUNT];
PRIVPOL__VOCABULARIES(PRIVPOL__VOCAB_DECLARE_)

/* The value of a name in a table of count names (NULL entries never match): PRIVPOL_OK,
 * EINVAL for a NULL name or out, ENOTFOUND ("unknown <what> name '...'"). */
privpol_status privpol__vocab_find(const char *const *names, size_t count, const char *name,
                                   const char *what, unsigned *out, privpol_error *err);
/* names[v], or NULL when v is not below count. */
static inline const char *
privpol__vocab_name(const char *const *names, size_t count, unsigned v)
{
    return v < count ? names[v] : NULL;
}

/* The name of a level (NULL out of range). */
static inline const char *
privpol__identifiability_name(privpol_identifiability level)
{
    return privpol__vocab_name(privpol__identifiability_names, PRIVPOL__IDENTIFIABILITY_COUNT,
                               (unsigned)level);
}
/* The names of the internal vocabularies (NULL out of range). */
const char *privpol__condition_name(enum privpol__condition c);
const char *privpol__retention_basis_name(enum privpol__retention_basis b);
const char *privpol__right_name(enum privpol__right r);

#endif /* PRIVPOL_VOCAB_H */
