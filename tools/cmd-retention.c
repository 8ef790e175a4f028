/* SPDX-License-Identifier: MIT */
/* privpol retention: until when one datum may be kept under the policy (§7.3, §7.7, §10,
 * §15; docs/retention.md). */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
    "usage: privpol retention --role R --purpose P --category C --collected TIME\n"
    "         [--contract-period DURATION] [--contract-end TIME] [--relationship-end TIME]\n"
    "         [--changed-at TIME] [--legal-hold-until TIME] [--policy FILE]\n"
    "         [--supplement FILE]\n\n"
    "Print until when a datum of category C, collected at TIME for purpose P under role\n"
    "R, may be kept: its retain-until time (ISO 8601 UTC), a tab, then the rule's clause\n"
    "and how the date was reached. By the rule's basis: processor data, the contract's\n"
    "period from collection, never past the contract's end (§10.1); controller account\n"
    "data, the end of the relationship plus the policy's period (§10.2); user-provided\n"
    "data, until changed or deleted, at the latest the period's end (§7.7); statistics,\n"
    "anonymize at once (§7.3: the time printed is the collection time and the text says\n"
    "'anonymize'). A legal hold extends the date, explicitly (§15). Contract terms not\n"
    "given come from --supplement; given in both, the earlier date counts. Months are\n"
    "counted as in Regulation 1182/71 (31 January + P1M = end of February).\n\n"
    "  -r, --role R                  controller or processor\n"
    "  -p, --purpose P               a purpose id of that role, e.g. prospecting\n"
    "  -c, --category C              a category id, e.g. contact.email\n"
    "  -t, --collected TIME          when it was collected (ISO 8601 or a date)\n"
    "      --contract-period DUR     the tenant's contract period (ISO 8601, e.g. P13M)\n"
    "      --contract-end TIME       the end of the tenant's contract\n"
    "      --relationship-end TIME   the end of the relationship (account data)\n"
    "      --changed-at TIME         when the subject changed or deleted the data\n"
    "      --legal-hold-until TIME   the end of a legal hold\n"
    "  -P, --policy FILE             the policy (default: the embedded default)\n"
    "  -s, --supplement FILE         a tenant's supplement layered on it\n"
    "  -h, --help                    this text\n\n"
    "Exit status: 0 ok; 64 usage; 65 terms missing (the contract's period, the end of\n"
    "the relationship): never an unlimited retention; 66 unreadable file; 78 bad policy.\n";

enum {
    OPT_CONTRACT_PERIOD = 256,
    OPT_CONTRACT_END,
    OPT_RELATIONSHIP_END,
    OPT_CHANGED_AT,
    OPT_LEGAL_HOLD
};

int
cmd_retention(int argc, char **argv)
{
    static const struct option opts[] = {
        {"role", required_argument, NULL, 'r'},
        {"purpose", required_argument, NULL, 'p'},
        {"category", required_argument, NULL, 'c'},
        {"collected", required_argument, NULL, 't'},
        {"contract-period", required_argument, NULL, OPT_CONTRACT_PERIOD},
        {"contract-end", required_argument, NULL, OPT_CONTRACT_END},
        {"relationship-end", required_argument, NULL, OPT_RELATIONSHIP_END},
        {"changed-at", required_argument, NULL, OPT_CHANGED_AT},
        {"legal-hold-until", required_argument, NULL, OPT_LEGAL_HOLD},
        {"policy", required_argument, NULL, 'P'},
        {"supplement", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *role_text = NULL, *purpose = NULL, *category_text = NULL;
    const char *collected_text = NULL, *policy_path = NULL, *supplement_path = NULL;
    privpol_retention_terms terms = PRIVPOL_RETENTION_TERMS_INIT;
    char until_text[PRIVPOL_TIME_TEXT_SIZE];
    privpol_retention_request req = PRIVPOL_RETENTION_REQUEST_INIT;
    privpol_retention ret = PRIVPOL_RETENTION_INIT;
    privpol_ctx_options ctx_opts = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_ctx *ctx = NULL;
    privpol_policy *policy = NULL;
    privpol_error err;
    privpol_status st;
    privpol_role role;
    int64_t collected;
    privpol_category category;
    int c, rc;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "r:p:c:t:P:s:h", opts)) != -1) {
        switch (c) {
        case 'r': role_text = optarg; break;
        case 'p': purpose = optarg; break;
        case 'c': category_text = optarg; break;
        case 't': collected_text = optarg; break;
        case 'P': policy_path = optarg; break;
        case 's': supplement_path = optarg; break;
        case OPT_CONTRACT_PERIOD:
            if (privpol_duration_parse(optarg, strlen(optarg), &terms.contract_period,
                                       &err) != PRIVPOL_OK) {
                cli_error("retention", "--contract-period: %s (column %zu); expected an "
                                       "ISO 8601 duration such as P13M or P90D",
                          err.message, err.column);
                return EXIT_USAGE;
            }
            terms.has_contract_period = true;
            break;
        case OPT_CONTRACT_END:
            if (!cli_parse_time("retention", "--contract-end", optarg, false,
                                &terms.contract_end))
                return EXIT_USAGE;
            terms.has_contract_end = true;
            break;
        case OPT_RELATIONSHIP_END:
            if (!cli_parse_time("retention", "--relationship-end", optarg, false,
                                &terms.relationship_end))
                return EXIT_USAGE;
            terms.has_relationship_end = true;
            break;
        case OPT_CHANGED_AT:
            if (!cli_parse_time("retention", "--changed-at", optarg, false,
                                &terms.changed_at))
                return EXIT_USAGE;
            terms.has_changed_at = true;
            break;
        case OPT_LEGAL_HOLD:
            if (!cli_parse_time("retention", "--legal-hold-until", optarg, false,
                                &terms.legal_hold_until))
                return EXIT_USAGE;
            terms.has_legal_hold = true;
            break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("retention", argv, c);
        }
    }
    if (optind != argc || role_text == NULL || purpose == NULL || category_text == NULL ||
        collected_text == NULL) {
        return cli_usage("retention", "%s",
                         optind != argc
                             ? "unexpected argument"
                             : "--role, --purpose, --category and --collected are "
                               "required");
    }
    if (privpol_role_from_name(role_text, &role, NULL) != PRIVPOL_OK) {
        cli_error("retention", "--role: expected controller or processor");
        return EXIT_USAGE;
    }
    if (privpol_category_find(category_text, &category, NULL) != PRIVPOL_OK) {
        cli_error("retention", "--category: unknown category id (see privpol classify "
                               "--help)");
        return EXIT_USAGE;
    }
    if (!cli_parse_time("retention", "--collected", collected_text, false, &collected))
        return EXIT_USAGE;
    if ((rc = cli_load_policy("retention", policy_path, supplement_path, &policy)) !=
        EXIT_OK)
        return rc;
    ctx_opts.policy = policy;
    if ((st = privpol_ctx_new(&ctx_opts, &ctx, &err)) != PRIVPOL_OK) {
        cli_error("retention", "%s", err.message);
        privpol_policy_free(policy);
        return EXIT_CONFIG;
    }
    req.role = role;
    req.purpose = purpose;
    req.category = category;
    req.collected_at = collected;
    req.terms = &terms;
    st = privpol_retention_compute(ctx, &req, &ret, NULL);
    privpol_ctx_free(ctx);
    switch (st) {
    case PRIVPOL_OK:
        if (privpol_time_format(ret.until, until_text, &(size_t){sizeof until_text}, NULL) !=
            PRIVPOL_OK) {
            rc = EXIT_USAGE;
            break;
        }
        printf("%s\t%s\n", until_text, ret.explanation);
        rc = EXIT_OK;
        break;
    case PRIVPOL_ETERMS:
        cli_error("retention", "%s: purpose %s keeps %s by terms not given; pass %s "
                               "(or a --supplement with a contract)",
                  privpol_strerror(st), purpose, category_text,
                  role == PRIVPOL_ROLE_PROCESSOR ? "--contract-period"
                                                 : "--relationship-end");
        rc = EXIT_DATAERR;
        break;
    case PRIVPOL_ENOTFOUND:
        cli_error("retention", "no retention rule: the %s has no purpose '%s', or it does "
                               "not use %s",
                  role_text, purpose, category_text);
        rc = EXIT_USAGE;
        break;
    default:
        cli_error("retention", "%s (a time or period out of range?)", privpol_strerror(st));
        rc = EXIT_USAGE;
        break;
    }
    privpol_policy_free(policy);
    return rc;
}
