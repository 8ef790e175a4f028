/* SPDX-License-Identifier: MIT */
/*
 * The layout of every C struct the Python binding mirrors with ctypes (privpol/_ffi.py),
 * as this compiler lays it out from the public headers, for tests/test_structs.py:
 *
 *     <struct> <sizeof> <alignof>
 *     <struct>.<field> <offsetof> <sizeof>
 *
 * one line each. A struct added to the binding must be added here too (the test fails
 * on a mirror the probe does not print), and a field added to a struct here must be
 * mirrored (the test fails on a field the mirror lacks).
 */
#include <privpol.h>

#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>

#define STRUCT(t) printf("%s %zu %zu\n", #t, sizeof(t), alignof(t))
#define FIELD(t, f) printf("%s.%s %zu %zu\n", #t, #f, offsetof(t, f), sizeof(((t *)0)->f))

int
main(void)
{
    STRUCT(privpol_error);
    FIELD(privpol_error, status);
    FIELD(privpol_error, line);
    FIELD(privpol_error, column);
    FIELD(privpol_error, message);

    STRUCT(privpol_allocator);
    FIELD(privpol_allocator, alloc_fn);
    FIELD(privpol_allocator, realloc_fn);
    FIELD(privpol_allocator, free_fn);
    FIELD(privpol_allocator, opaque);

    STRUCT(privpol_period_rule);
    FIELD(privpol_period_rule, category);
    FIELD(privpol_period_rule, period);

    STRUCT(privpol_ctx_options);
    FIELD(privpol_ctx_options, version);
    FIELD(privpol_ctx_options, allocator);
    FIELD(privpol_ctx_options, keyring);
    FIELD(privpol_ctx_options, role);
    FIELD(privpol_ctx_options, flags);
    FIELD(privpol_ctx_options, default_region);
    FIELD(privpol_ctx_options, default_period);
    FIELD(privpol_ctx_options, periods);
    FIELD(privpol_ctx_options, periods_len);
    FIELD(privpol_ctx_options, policy);

    STRUCT(privpol_classification);
    FIELD(privpol_classification, version);
    FIELD(privpol_classification, category);
    FIELD(privpol_classification, confidence);
    FIELD(privpol_classification, flags);

    STRUCT(privpol_span);
    FIELD(privpol_span, start);
    FIELD(privpol_span, end);
    FIELD(privpol_span, category);
    FIELD(privpol_span, confidence);

    STRUCT(privpol_pseudonym_token);
    FIELD(privpol_pseudonym_token, version);
    FIELD(privpol_pseudonym_token, category);
    FIELD(privpol_pseudonym_token, key_id);
    FIELD(privpol_pseudonym_token, epoch_start);
    FIELD(privpol_pseudonym_token, epoch_end);
    FIELD(privpol_pseudonym_token, token);

    STRUCT(privpol_request);
    FIELD(privpol_request, version);
    FIELD(privpol_request, role);
    FIELD(privpol_request, tenant);
    FIELD(privpol_request, recipient_tenant);
    FIELD(privpol_request, subject);
    FIELD(privpol_request, purpose);
    FIELD(privpol_request, operation);
    FIELD(privpol_request, categories);
    FIELD(privpol_request, category_count);
    FIELD(privpol_request, identifiability);
    FIELD(privpol_request, recipient);
    FIELD(privpol_request, partner);
    FIELD(privpol_request, country);
    FIELD(privpol_request, safeguard);
    FIELD(privpol_request, at);
    FIELD(privpol_request, flags);
    FIELD(privpol_request, objections);
    FIELD(privpol_request, objection_count);
    FIELD(privpol_request, restrictions);
    FIELD(privpol_request, restriction_count);
    FIELD(privpol_request, states);

    STRUCT(privpol_decision);
    FIELD(privpol_decision, version);
    FIELD(privpol_decision, verdict);
    FIELD(privpol_decision, clause);
    FIELD(privpol_decision, reason);
    FIELD(privpol_decision, check);
    FIELD(privpol_decision, line);

    STRUCT(privpol_duration);
    FIELD(privpol_duration, years);
    FIELD(privpol_duration, months);
    FIELD(privpol_duration, days);
    FIELD(privpol_duration, seconds);

    STRUCT(privpol_retention_terms);
    FIELD(privpol_retention_terms, version);
    FIELD(privpol_retention_terms, has_contract_period);
    FIELD(privpol_retention_terms, contract_period);
    FIELD(privpol_retention_terms, has_contract_end);
    FIELD(privpol_retention_terms, contract_end);
    FIELD(privpol_retention_terms, has_relationship_end);
    FIELD(privpol_retention_terms, relationship_end);
    FIELD(privpol_retention_terms, has_changed_at);
    FIELD(privpol_retention_terms, changed_at);
    FIELD(privpol_retention_terms, has_legal_hold);
    FIELD(privpol_retention_terms, legal_hold_until);

    STRUCT(privpol_retention_request);
    FIELD(privpol_retention_request, version);
    FIELD(privpol_retention_request, role);
    FIELD(privpol_retention_request, purpose);
    FIELD(privpol_retention_request, category);
    FIELD(privpol_retention_request, collected_at);
    FIELD(privpol_retention_request, terms);

    STRUCT(privpol_retention);
    FIELD(privpol_retention, version);
    FIELD(privpol_retention, until);
    FIELD(privpol_retention, action);
    FIELD(privpol_retention, clause);
    FIELD(privpol_retention, rule_id);
    FIELD(privpol_retention, explanation);

    STRUCT(privpol_transform);
    FIELD(privpol_transform, version);
    FIELD(privpol_transform, action);
    FIELD(privpol_transform, flags);
    FIELD(privpol_transform, prefix4);
    FIELD(privpol_transform, prefix6);
    FIELD(privpol_transform, time_unit);
    FIELD(privpol_transform, rule_id);
    FIELD(privpol_transform, clause);
    FIELD(privpol_transform, line);

    STRUCT(privpol_record_request);
    FIELD(privpol_record_request, version);
    FIELD(privpol_record_request, tenant);
    FIELD(privpol_record_request, role);
    FIELD(privpol_record_request, purpose);
    FIELD(privpol_record_request, subject);
    FIELD(privpol_record_request, event_time);
    FIELD(privpol_record_request, terms);
    FIELD(privpol_record_request, tenant_field);
    FIELD(privpol_record_request, time_field);
    FIELD(privpol_record_request, flags);
    FIELD(privpol_record_request, tenants);
    FIELD(privpol_record_request, tenant_count);

    STRUCT(privpol_record_field);
    FIELD(privpol_record_field, version);
    FIELD(privpol_record_field, name);
    FIELD(privpol_record_field, name_len);
    FIELD(privpol_record_field, category);
    FIELD(privpol_record_field, action);
    FIELD(privpol_record_field, value);
    FIELD(privpol_record_field, value_len);
    FIELD(privpol_record_field, clause);

    STRUCT(privpol_record_summary);
    FIELD(privpol_record_summary, version);
    FIELD(privpol_record_summary, identifiability);
    FIELD(privpol_record_summary, identifiability_rule);
    FIELD(privpol_record_summary, identifiability_clause);
    FIELD(privpol_record_summary, event_time);
    FIELD(privpol_record_summary, retention_status);
    FIELD(privpol_record_summary, retain_until);
    FIELD(privpol_record_summary, retention_action);
    FIELD(privpol_record_summary, categories);
    FIELD(privpol_record_summary, dropped);
    FIELD(privpol_record_summary, decision_count);

    /* Opaque, caller-allocated: mirrored as an array of uint64 (_ffi.Taint). */
    STRUCT(privpol_taint);

    /* Enumerations the binding passes as c_int. */
    STRUCT(privpol_category);

    return ferror(stdout) ? 1 : 0;
}
