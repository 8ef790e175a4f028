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
    FIELD(privpol_classification, category);
    FIELD(privpol_classification, confidence);
    FIELD(privpol_classification, flags);

    STRUCT(privpol_span);
    FIELD(privpol_span, start);
    FIELD(privpol_span, end);
    FIELD(privpol_span, category);
    FIELD(privpol_span, confidence);

    STRUCT(privpol_subject_token);
    FIELD(privpol_subject_token, category);
    FIELD(privpol_subject_token, key_id);
    FIELD(privpol_subject_token, epoch_start);
    FIELD(privpol_subject_token, epoch_end);
    FIELD(privpol_subject_token, token);

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

    STRUCT(privpol_decision);
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

    STRUCT(privpol_transform);
    FIELD(privpol_transform, action);
    FIELD(privpol_transform, flags);
    FIELD(privpol_transform, prefix4);
    FIELD(privpol_transform, prefix6);
    FIELD(privpol_transform, time_unit);
    FIELD(privpol_transform, rule_id);
    FIELD(privpol_transform, clause);
    FIELD(privpol_transform, line);

    STRUCT(privpol_tag);
    FIELD(privpol_tag, version);
    FIELD(privpol_tag, tenant);
    FIELD(privpol_tag, role);
    FIELD(privpol_tag, purpose);
    FIELD(privpol_tag, subject);
    FIELD(privpol_tag, event_time);
    FIELD(privpol_tag, terms);
    FIELD(privpol_tag, tenant_field);
    FIELD(privpol_tag, time_field);
    FIELD(privpol_tag, flags);
    FIELD(privpol_tag, tenants);
    FIELD(privpol_tag, tenant_count);

    STRUCT(privpol_field_result);
    FIELD(privpol_field_result, name);
    FIELD(privpol_field_result, name_len);
    FIELD(privpol_field_result, category);
    FIELD(privpol_field_result, action);
    FIELD(privpol_field_result, value);
    FIELD(privpol_field_result, value_len);
    FIELD(privpol_field_result, clause);

    STRUCT(privpol_record_summary);
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

    return ferror(stdout) ? 1 : 0;
}
