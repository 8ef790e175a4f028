/* SPDX-License-Identifier: MIT */
/* Decide and retain: may the processor collect these categories for the tenant's
 * customer-care purpose, citing the clause that decides; and until when may the IP
 * address of an event collected on 31 January 2026 be kept under a 13-month contract?
 * Works under the embedded default policy; no key is needed.
 *
 *   cc -std=c11 decide-retention.c $(pkg-config --cflags --libs privpol) -o decide-retention
 *   ./decide-retention
 *
 * Prints one line per decision, "<category> <allow|deny> <clause> (<check>): <reason>",
 * then "retain until <time> <erase|anonymize>: <explanation>". */
#include <privpol.h>

#include <stdio.h>
#include <string.h>

static int
fail(privpol_ctx *ctx, const privpol_error *err)
{
    fprintf(stderr, "%s: %s\n", privpol_strerror(err->status), err->message);
    privpol_ctx_free(ctx);
    return 1;
}

int
main(void)
{
    privpol_ctx *ctx = NULL;
    privpol_error err;

    if (privpol_ctx_new(NULL, &ctx, &err) != PRIVPOL_OK)  /* defaults: embedded policy */
        return fail(ctx, &err);

    /* A decision: one request, one answer citing its clause. A denial is not an error. */
    static const privpol_category asked[] = {PRIVPOL_CAT_CONNECTION_IP_ADDRESS,
                                             PRIVPOL_CAT_GEOLOCATION_PRECISE};
    for (size_t i = 0; i < sizeof asked / sizeof asked[0]; i++) {
        privpol_request req = PRIVPOL_REQUEST_INIT;       /* processor, fail closed */
        privpol_decision d = PRIVPOL_DECISION_INIT;
        req.tenant = "acme";
        req.purpose = "interaction_digitization";
        req.operation = PRIVPOL_OP_COLLECT;
        req.categories = &asked[i];
        req.category_count = 1;
        if (privpol_decide(ctx, &req, &d, &err) != PRIVPOL_OK)
            return fail(ctx, &err);                       /* d holds a denial too */
        printf("%s %s %s (%s): %s\n", privpol_category_id(asked[i]),
               privpol_verdict_name(d.verdict), d.clause, d.check, d.reason);
    }

    /* Retention: the contract's period from collection, capped by the contract's end. */
    privpol_retention_terms terms = PRIVPOL_RETENTION_TERMS_INIT;
    privpol_retention_request rr = PRIVPOL_RETENTION_REQUEST_INIT;
    privpol_retention r = PRIVPOL_RETENTION_INIT;
    static const char period[] = "P13M", collected[] = "2026-01-31T10:00:00Z";

    if (privpol_duration_parse(period, strlen(period), &terms.contract_period, &err) !=
            PRIVPOL_OK ||
        privpol_time_parse(collected, strlen(collected), &rr.collected_at, &err) !=
            PRIVPOL_OK)
        return fail(ctx, &err);
    terms.has_contract_period = true;
    rr.purpose = "interaction_digitization";
    rr.category = PRIVPOL_CAT_CONNECTION_IP_ADDRESS;
    rr.terms = &terms;
    if (privpol_retention_compute(ctx, &rr, &r, &err) != PRIVPOL_OK)
        return fail(ctx, &err);                           /* PRIVPOL_ETERMS: no period */

    char until[PRIVPOL_TIME_TEXT_SIZE];
    size_t until_len = sizeof until;
    if (privpol_time_format(r.until, until, &until_len, &err) != PRIVPOL_OK)
        return fail(ctx, &err);
    printf("retain until %s %s: %s\n", until,
           r.action == PRIVPOL_RETENTION_ANONYMIZE ? "anonymize" : "erase", r.explanation);

    privpol_ctx_free(ctx);
    return 0;
}
