/* SPDX-License-Identifier: MIT */
/* privpol decide: allow or deny one request under the policy, citing the clause
 * (docs/decisions.md). */
#include "cli.h"

#include <ctype.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: privpol decide --role R --tenant T --purpose P --operation O\n"
    "                      --category C[,C...] [OPTIONS]\n\n"
    "Decide whether the role may perform the operation on the categories for the\n"
    "purpose, under the embedded default policy (or --policy, with --supplement\n"
    "layered on it). Prints 'allow' or 'deny', a tab, the clause that decided, a tab\n"
    "and a short reason. Exit 0 for allow, 1 for deny, 64 for a bad command line\n"
    "(unknown id included), 66 when a policy file cannot be read, 78 when it is "
    "invalid.\n\n"
    "  -r, --role R                controller or processor\n"
    "  -t, --tenant T              the tenant whose data it is (processor data)\n"
    "  -P, --purpose P             purpose id, such as prospecting\n"
    "  -o, --operation O           collect, record, use, link, transfer, analyze,\n"
    "                              display, launch_app, erase or reveal\n"
    "  -c, --category C[,C...]     category ids (repeatable)\n"
    "      --subject S             end_user, customer_staff, prospect, website_visitor\n"
    "      --recipient X           customer, subcontractor, affiliate, partner, "
    "authority,\n"
    "                              consented_third_party, internal_staff,\n"
    "                              transaction_party (a disclosure)\n"
    "      --partner ID            a named partner of the policy or supplement\n"
    "      --recipient-tenant T2   the tenant receiving the data, or whose data it is\n"
    "                              linked with (default: --tenant)\n"
    "      --country CC            ISO 3166-1 alpha-2 code of where the data goes or is\n"
    "                              processed (default: inside the EU/EEA)\n"
    "      --safeguard S           none, scc or bcr (GDPR Art. 46, 47)\n"
    "      --adequacy-covered      the recipient is covered by a partial adequacy\n"
    "                              decision (e.g. certified under the EU-U.S. DPF)\n"
    "      --consent               the subject consented to the disclosure (§14.1)\n"
    "      --legal-requirement     the law requires the disclosure (§14.4)\n"
    "      --contract              a contract binds the recipient\n"
    "      --need-to-know          the recipient's mission needs the data\n"
    "      --restructuring         disclosure in a restructuring or merger (§14.4)\n"
    "      --objection P           the subject objected to purpose P (repeatable)\n"
    "      --restriction P         the subject restricted purpose P (repeatable)\n"
    "      --erasure-requested     the subject asked for erasure (§11)\n"
    "      --state S[,S...]        what was done to each category, in --category order:\n"
    "                              clear (default), pseudonymized, generalized or\n"
    "                              aggregated; one state applies to every category\n"
    "      --identifiability L     a level to add: the data is at least L (the engine\n"
    "                              computes the level from the categories and states)\n"
    "      --data-role R           the role the data was collected under (default: "
    "--role;\n"
    "                              processor with --role controller: reuse, §7.8)\n"
    "      --at TIME               time of the decision, ISO 8601 (default: now)\n"
    "  -p, --policy FILE           the policy (default: the embedded default policy)\n"
    "  -s, --supplement FILE       a tenant's supplement to layer on it\n"
    "  -h, --help                  this text\n";

enum {
    OPT_SUBJECT = 256,
    OPT_RECIPIENT,
    OPT_PARTNER,
    OPT_RECIPIENT_TENANT,
    OPT_COUNTRY,
    OPT_SAFEGUARD,
    OPT_ADEQUACY_COVERED,
    OPT_CONSENT,
    OPT_LEGAL,
    OPT_CONTRACT,
    OPT_NEED_TO_KNOW,
    OPT_RESTRUCTURING,
    OPT_OBJECTION,
    OPT_RESTRICTION,
    OPT_ERASURE,
    OPT_IDENTIFIABILITY,
    OPT_STATE,
    OPT_DATA_ROLE,
    OPT_AT
};

static const struct option opts[] = {
    {"role", required_argument, NULL, 'r'},
    {"tenant", required_argument, NULL, 't'},
    {"purpose", required_argument, NULL, 'P'},
    {"operation", required_argument, NULL, 'o'},
    {"category", required_argument, NULL, 'c'},
    {"subject", required_argument, NULL, OPT_SUBJECT},
    {"recipient", required_argument, NULL, OPT_RECIPIENT},
    {"partner", required_argument, NULL, OPT_PARTNER},
    {"recipient-tenant", required_argument, NULL, OPT_RECIPIENT_TENANT},
    {"country", required_argument, NULL, OPT_COUNTRY},
    {"safeguard", required_argument, NULL, OPT_SAFEGUARD},
    {"adequacy-covered", no_argument, NULL, OPT_ADEQUACY_COVERED},
    {"consent", no_argument, NULL, OPT_CONSENT},
    {"legal-requirement", no_argument, NULL, OPT_LEGAL},
    {"contract", no_argument, NULL, OPT_CONTRACT},
    {"need-to-know", no_argument, NULL, OPT_NEED_TO_KNOW},
    {"restructuring", no_argument, NULL, OPT_RESTRUCTURING},
    {"objection", required_argument, NULL, OPT_OBJECTION},
    {"restriction", required_argument, NULL, OPT_RESTRICTION},
    {"erasure-requested", no_argument, NULL, OPT_ERASURE},
    {"identifiability", required_argument, NULL, OPT_IDENTIFIABILITY},
    {"state", required_argument, NULL, OPT_STATE},
    {"data-role", required_argument, NULL, OPT_DATA_ROLE},
    {"at", required_argument, NULL, OPT_AT},
    {"policy", required_argument, NULL, 'p'},
    {"supplement", required_argument, NULL, 's'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0}};

/* The next item of a comma-separated list at *p into item (size bytes), *p moved past
 * it (NULL after the last); false when the item is empty or too long. */
static bool
next_item(const char **p, char *item, size_t size)
{
    const char *comma = strchr(*p, ',');
    size_t n = comma != NULL ? (size_t)(comma - *p) : strlen(*p);
    if (n == 0 || n >= size)
        return false;
    memcpy(item, *p, n);
    item[n] = '\0';
    *p = comma != NULL ? comma + 1 : NULL;
    return true;
}

/* Append the categories of a comma-separated list; false and a message on error. */
static bool
add_categories(const char *list, privpol_category *cats, size_t *count, size_t cap)
{
    char id[128];
    for (const char *p = list; p != NULL;) {
        if (!next_item(&p, id, sizeof id) || *count >= cap) {
            cli_error("decide", "--category: expected category ids separated by commas");
            return false;
        }
        if (privpol_category_find(id, &cats[*count], NULL) != PRIVPOL_OK) {
            cli_error("decide", "--category: unknown category id '%s'", id);
            return false;
        }
        (*count)++;
    }
    return true;
}

/* Append the states of a comma-separated list; false and a message on error. */
static bool
add_states(const char *list, privpol_data_state *states, size_t *count, size_t cap)
{
    char name[32];
    for (const char *p = list; p != NULL;) {
        if (!next_item(&p, name, sizeof name) || *count >= cap) {
            cli_error("decide", "--state: expected states separated by commas");
            return false;
        }
        if (privpol_data_state_from_name(name, &states[*count], NULL) != PRIVPOL_OK) {
            cli_error("decide", "--state: expected clear, pseudonymized, generalized or "
                                "aggregated, not '%s'", name);
            return false;
        }
        (*count)++;
    }
    return true;
}

int
cmd_decide(int argc, char **argv)
{
    privpol_request req = PRIVPOL_REQUEST_INIT;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_policy *pol = NULL;
    privpol_ctx *ctx = NULL;
    privpol_decision dec = PRIVPOL_DECISION_INIT;
    privpol_error err;
    privpol_status st;
    const char *policy_path = NULL, *supplement_path = NULL, *data_role = NULL;
    const char **objections = NULL, **restrictions = NULL;
    privpol_category *cats = NULL;
    privpol_data_state *states = NULL;
    size_t ncats = 0, nstates = 0, cap = (size_t)argc * 8 + 8;
    char country[3];
    bool has_role = false, has_op = false;
    int c, rc = EXIT_USAGE;

    objections = calloc((size_t)argc + 1, sizeof *objections);
    restrictions = calloc((size_t)argc + 1, sizeof *restrictions);
    cats = calloc(cap, sizeof *cats);
    states = calloc(cap, sizeof *states);
    if (objections == NULL || restrictions == NULL || cats == NULL || states == NULL) {
        cli_error("decide", "out of memory");
        rc = EXIT_IOERR;
        goto done;
    }
    req.objections = objections;
    req.restrictions = restrictions;
    optind = 1;
    while ((c = cli_getopt(argc, argv, "r:t:P:o:c:p:s:h", opts)) != -1) {
        switch (c) {
        case 'r':
            if (privpol_role_from_name(optarg, &req.role, NULL) != PRIVPOL_OK) {
                cli_error("decide", "--role: expected controller or processor");
                goto done;
            }
            has_role = true;
            break;
        case 't':
            req.tenant = optarg;
            break;
        case 'P':
            req.purpose = optarg;
            break;
        case 'o':
            if (privpol_operation_from_name(optarg, &req.operation, NULL) != PRIVPOL_OK) {
                cli_error("decide", "--operation: unknown operation '%s'", optarg);
                goto done;
            }
            has_op = true;
            break;
        case 'c':
            if (!add_categories(optarg, cats, &ncats, cap))
                goto done;
            break;
        case OPT_SUBJECT:
            if (privpol_subject_from_name(optarg, &req.subject, NULL) != PRIVPOL_OK) {
                cli_error("decide", "--subject: unknown subject type '%s'", optarg);
                goto done;
            }
            req.flags |= PRIVPOL_REQ_SUBJECT;
            break;
        case OPT_RECIPIENT:
            if (privpol_recipient_from_name(optarg, &req.recipient, NULL) != PRIVPOL_OK) {
                cli_error("decide", "--recipient: unknown recipient '%s'", optarg);
                goto done;
            }
            req.flags |= PRIVPOL_REQ_RECIPIENT;
            break;
        case OPT_PARTNER:
            req.partner = optarg;
            break;
        case OPT_RECIPIENT_TENANT:
            req.recipient_tenant = optarg;
            break;
        case OPT_COUNTRY:
            if (strlen(optarg) != 2 || !isalpha((unsigned char)optarg[0]) ||
                !isalpha((unsigned char)optarg[1])) {
                cli_error("decide", "--country: expected a two-letter ISO 3166-1 code");
                goto done;
            }
            country[0] = (char)toupper((unsigned char)optarg[0]);
            country[1] = (char)toupper((unsigned char)optarg[1]);
            country[2] = '\0';
            req.country = country;
            break;
        case OPT_SAFEGUARD:
            if (privpol_safeguard_from_name(optarg, &req.safeguard, NULL) != PRIVPOL_OK) {
                cli_error("decide", "--safeguard: expected none, scc or bcr");
                goto done;
            }
            break;
        case OPT_ADEQUACY_COVERED:
            req.flags |= PRIVPOL_REQ_ADEQUACY_COVERED;
            break;
        case OPT_CONSENT:
            req.flags |= PRIVPOL_REQ_CONSENT;
            break;
        case OPT_LEGAL:
            req.flags |= PRIVPOL_REQ_LEGAL_REQUIREMENT;
            break;
        case OPT_CONTRACT:
            req.flags |= PRIVPOL_REQ_CONTRACT;
            break;
        case OPT_NEED_TO_KNOW:
            req.flags |= PRIVPOL_REQ_NEED_TO_KNOW;
            break;
        case OPT_RESTRUCTURING:
            req.flags |= PRIVPOL_REQ_RESTRUCTURING;
            break;
        case OPT_OBJECTION:
            objections[req.objection_count++] = optarg;
            break;
        case OPT_RESTRICTION:
            restrictions[req.restriction_count++] = optarg;
            break;
        case OPT_ERASURE:
            req.flags |= PRIVPOL_REQ_ERASURE_REQUESTED;
            break;
        case OPT_IDENTIFIABILITY:
            if (privpol_identifiability_from_name(optarg, &req.identifiability, NULL) !=
                PRIVPOL_OK) {
                cli_error("decide", "--identifiability: expected non_identifiable, "
                                    "pseudonymous or personal");
                goto done;
            }
            break;
        case OPT_STATE:
            if (!add_states(optarg, states, &nstates, cap))
                goto done;
            break;
        case OPT_DATA_ROLE:
            data_role = optarg;
            break;
        case OPT_AT:
            if (!cli_parse_time("decide", "--at", optarg, false, &req.at))
                goto done;
            break;
        case 'p':
            policy_path = optarg;
            break;
        case 's':
            supplement_path = optarg;
            break;
        case 'h':
            fputs(help, stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option("decide", argv, c);
            goto done;
        }
    }
    if (optind != argc) {
        cli_error("decide", "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    if (!has_role || req.purpose == NULL || !has_op || ncats == 0) {
        cli_usage("decide", "--role, --purpose, --operation and --category are required");
        goto done;
    }
    if (data_role != NULL) {
        privpol_role dr;
        if (privpol_role_from_name(data_role, &dr, NULL) != PRIVPOL_OK) {
            cli_error("decide", "--data-role: expected controller or processor");
            goto done;
        }
        if (dr == PRIVPOL_ROLE_CONTROLLER && req.role == PRIVPOL_ROLE_PROCESSOR) {
            cli_error("decide", "--data-role controller: a processor processes its "
                                "tenants' data only");
            goto done;
        }
        if (dr != req.role)
            req.flags |= PRIVPOL_REQ_PROCESSOR_DATA;
    }
    req.categories = cats;
    req.category_count = ncats;
    if (nstates == 1)
        for (size_t i = 1; i < ncats; i++)
            states[i] = states[0];
    else if (nstates != 0 && nstates != ncats) {
        cli_usage("decide", "--state: one state, or one per category");
        goto done;
    }
    req.states = nstates != 0 ? states : NULL;

    if ((rc = cli_load_policy("decide", policy_path, supplement_path, &pol)) != EXIT_OK)
        goto done;
    o.policy = pol;
    o.role = req.role;
    st = privpol_ctx_new(&o, &ctx, &err);
    if (st != PRIVPOL_OK) {
        cli_error("decide", "%s", err.message);
        rc = EXIT_CONFIG;
        goto done;
    }
    st = privpol_decide(ctx, &req, &dec, NULL);
    if (st != PRIVPOL_OK) {
        cli_error("decide", "%s", dec.reason);
        rc = st == PRIVPOL_EINVAL || st == PRIVPOL_ENOTFOUND ? EXIT_USAGE : EXIT_CONFIG;
        goto done;
    }
    printf("%s\t%s\t%s\n", privpol_verdict_name(dec.verdict), dec.clause, dec.reason);
    rc = dec.verdict == PRIVPOL_ALLOW ? EXIT_OK : 1;
done:
    privpol_ctx_free(ctx);
    privpol_policy_free(pol);
    free(objections);
    free(restrictions);
    free(cats);
    free(states);
    return rc;
}
