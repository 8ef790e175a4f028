/* SPDX-License-Identifier: MIT */
/* The name tables and the public _name() / _from_name() functions of every vocabulary,
 * generated from the lists of vocab.h. */
#include "vocab.h"

#include <string.h>

#define ENTRY_(value, name) [value] = name,
#define TABLE_(list, v, V, type, what)                                                   \
    const char *const privpol__##v##_names[PRIVPOL__##V##_COUNT] = {list(ENTRY_)};
PRIVPOL__VOCABULARIES(TABLE_)

privpol_status
privpol__vocab_find(const char *const *names, size_t count, const char *name,
                    const char *what, unsigned *out, privpol_error *err)
{
    if (name == NULL || out == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    for (size_t i = 0; i < count; i++)
        if (names[i] != NULL && strcmp(names[i], name) == 0) {
            *out = (unsigned)i;
            return PRIVPOL_OK;
        }
    return privpol__failf(err, PRIVPOL_ENOTFOUND, "unknown %s name '%.64s'", what, name);
}

/* The public functions of the public vocabularies. */
#define PUBLIC_(list, v, V, type, what)                                                  \
    const char *privpol_##v##_name(type value)                                           \
    {                                                                                    \
        return privpol__vocab_name(privpol__##v##_names, PRIVPOL__##V##_COUNT,           \
                                   (unsigned)value);                                     \
    }                                                                                    \
    privpol_status privpol_##v##_from_name(const char *name, type *out, privpol_error *err) \
    {                                                                                    \
        unsigned value = 0;                                                              \
        privpol_status st = privpol__vocab_find(privpol__##v##_names,                    \
                                                PRIVPOL__##V##_COUNT, name, what,        \
                                                out != NULL ? &value : NULL, err);       \
        if (st == PRIVPOL_OK)                                                            \
            *out = (type)value;                                                          \
        return st;                                                                       \
    }
PUBLIC_(PRIVPOL__ROLE_LIST, role, ROLE, privpol_role, "role")
PUBLIC_(PRIVPOL__SUBJECT_LIST, subject, SUBJECT, privpol_subject, "subject")
PUBLIC_(PRIVPOL__OPERATION_LIST, operation, OPERATION, privpol_operation, "operation")
PUBLIC_(PRIVPOL__RECIPIENT_LIST, recipient, RECIPIENT, privpol_recipient, "recipient")
PUBLIC_(PRIVPOL__SAFEGUARD_LIST, safeguard, SAFEGUARD, privpol_safeguard, "safeguard")
PUBLIC_(PRIVPOL__ACTION_LIST, action, ACTION, privpol_action, "action")
PUBLIC_(PRIVPOL__PERIOD_LIST, period, PERIOD, privpol_period, "period")
PUBLIC_(PRIVPOL__IDENTIFIABILITY_LIST, identifiability, IDENTIFIABILITY,
        privpol_identifiability, "identifiability level")
PUBLIC_(PRIVPOL__DATA_STATE_LIST, data_state, DATA_STATE, privpol_data_state, "data state")

const char *
privpol_normalizer_name(privpol_normalizer normalizer)
{
    return privpol__vocab_name(privpol__normalizer_names, PRIVPOL__NORMALIZER_COUNT,
                               (unsigned)normalizer);
}

const char *
privpol__condition_name(enum privpol__condition c)
{
    return privpol__vocab_name(privpol__condition_names, PRIVPOL__CONDITION_COUNT,
                               (unsigned)c);
}

const char *
privpol__retention_basis_name(enum privpol__retention_basis b)
{
    return privpol__vocab_name(privpol__basis_names, PRIVPOL__BASIS_COUNT, (unsigned)b);
}

const char *
privpol__right_name(enum privpol__right r)
{
    return privpol__vocab_name(privpol__right_names, PRIVPOL__RIGHT_COUNT, (unsigned)r);
}
