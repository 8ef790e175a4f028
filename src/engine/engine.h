/* SPDX-License-Identifier: MIT */
/* What the engine layer (decisions, retention, taint, records of processing) shares with
 * itself and with the record pipeline above it. */
#ifndef PRIVPOL_ENGINE_H
#define PRIVPOL_ENGINE_H

#include "policy-model.h"

/* retention.c: privpol_retention_compute() with the policy and the request's members as
 * arguments; clause_out receives the explanation (PRIVPOL_EBUFSIZE when it does not fit
 * clause_size; the record pipeline passes clause_size 0) and *out_rule, when out_rule is
 * not NULL, the rule that decided. */
privpol_status privpol__retention_compute(int64_t *out_until,
                                          privpol_retention_action *out_action,
                                          const struct privpol__policy_retention **out_rule,
                                          const privpol_policy *policy, privpol_role role,
                                          const char *purpose, size_t category,
                                          int64_t collected_at,
                                          const privpol_retention_terms *terms,
                                          char *clause_out, size_t clause_size);

/* taint.c: how identifying data of category c is once `state` was done to it, before
 * its own level caps it: pseudonymized data is pseudonymous; generalized data is
 * pseudonymous for an IP address's prefix and for scanned text, else non-identifiable;
 * aggregated data is non-identifiable; data in clear is personal. */
privpol_identifiability privpol__level_after(privpol_category c, privpol_data_state state);

#endif /* PRIVPOL_ENGINE_H */
