/* SPDX-License-Identifier: MIT */
/* privpol combine: how identifiable a combination of data is (§7.6, §7.8;
 * docs/taint.md). */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
    "usage: privpol combine [--key] [--policy FILE] [--supplement FILE] LEVEL|CATEGORY...\n\n"
    "Print how identifiable a record holding all the given parts is: the level\n"
    "(non_identifiable, pseudonymous or personal), a tab, the rule that decided and its\n"
    "clause in parentheses. A part is a level or a category id (its default level,\n"
    "privpol classify --help). Combining is a join: a combination is as identifying as its most\n"
    "identifying part, and anything combined with personal data is personal (§7.8:\n"
    "'personal_if_combined'); the policy's combination rules raise it (e.g.\n"
    "'timestamped_interaction'); pseudonymous data with re-identification material (a\n"
    "key, a mapping) is personal (§7.6: 'reidentification').\n\n"
    "  -k, --key                 the record comes with re-identification material\n"
    "  -P, --policy FILE         the policy (default: the embedded default)\n"
    "  -s, --supplement FILE     a tenant's supplement layered on it\n"
    "  -h, --help                this text\n\n"
    "Exit status: 0 ok; 64 usage (an unknown level or category); 66, 78 bad policy.\n";

int
cmd_combine(int argc, char **argv)
{
    static const struct option opts[] = {{"key", no_argument, NULL, 'k'},
                                         {"policy", required_argument, NULL, 'P'},
                                         {"supplement", required_argument, NULL, 's'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *policy_path = NULL, *supplement_path = NULL, *rule, *clause;
    privpol_policy *policy = NULL;
    privpol_identifiability level;
    privpol_taint t;
    bool key = false;
    int c, rc;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "kP:s:h", opts)) != -1) {
        switch (c) {
        case 'k': key = true; break;
        case 'P': policy_path = optarg; break;
        case 's': supplement_path = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("combine", argv, c);
        }
    }
    if (optind >= argc) {
        return cli_usage("combine", "name at least one LEVEL or CATEGORY");
    }
    if ((rc = cli_load_policy("combine", policy_path, supplement_path, &policy)) !=
        EXIT_OK)
        return rc;
    if (privpol_taint_init(&t, policy, NULL) != PRIVPOL_OK) {
        privpol_policy_free(policy);
        return EXIT_CONFIG;
    }
    for (int i = optind; i < argc; i++) {
        privpol_category category;
        privpol_status st;
        if (privpol_identifiability_from_name(argv[i], &level, NULL) == PRIVPOL_OK)
            st = privpol_taint_add_level(&t, level, NULL);
        else if (privpol_category_find(argv[i], &category, NULL) == PRIVPOL_OK)
            st = privpol_taint_add_category(&t, category, NULL);
        else {
            cli_error("combine", "argument %d: not a level (non_identifiable, pseudonymous, "
                                 "personal) nor a category id",
                      i - optind + 1);
            privpol_policy_free(policy);
            return EXIT_USAGE;
        }
        if (st != PRIVPOL_OK) {
            privpol_policy_free(policy);
            return cli_exit_for(st);
        }
    }
    if (key && privpol_taint_add_reidentification_material(&t, NULL) != PRIVPOL_OK) {
        privpol_policy_free(policy);
        return EXIT_CONFIG;
    }
    if (privpol_taint_result(&t, &level, &rule, &clause, NULL) != PRIVPOL_OK) {
        privpol_policy_free(policy);
        return EXIT_CONFIG;
    }
    printf("%s\t%s (%s)\n", privpol_identifiability_name(level), rule, clause);
    privpol_policy_free(policy);
    return EXIT_OK;
}
