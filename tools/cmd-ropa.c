/* SPDX-License-Identifier: MIT */
/* privpol ropa: the record of processing activities (GDPR Art. 30) generated from the
 * policy (docs/ropa.md). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <string.h>

static const char help[] =
    "usage: privpol ropa [--format md|html] [--policy FILE] [--supplement FILE]\n"
    "         [-o FILE]\n\n"
    "Write the record of processing activities (GDPR Art. 30) of the policy in force:\n"
    "the controller, roles and data subjects, the purposes of the controller and of the\n"
    "processor (on behalf of customers) with their subjects, categories (with fideslang\n"
    "and DPV terms), operations and retention, the categories collected, the retention\n"
    "rules, recipients and named partners, transfers (processing location, EEA,\n"
    "adequacy decisions, safeguards), the subject's rights and deadlines, security\n"
    "measures, and pseudonymization, compartmentalization and combination rules. Every\n"
    "item cites its clause. Markdown (default) or one self-contained HTML page.\n\n"
    "  -f, --format FORMAT     md (default) or html\n"
    "  -P, --policy FILE       the policy (default: the embedded default policy)\n"
    "  -s, --supplement FILE   a tenant's supplement layered on it\n"
    "  -o, --output FILE       write to FILE instead of standard output\n"
    "  -h, --help              this text\n\n"
    "Exit status: 0 ok; 64 usage; 66 unreadable policy or supplement; 73 output file\n"
    "cannot be created; 74 write error; 78 bad policy or supplement.\n";

static int
write_file(const char *data, size_t len, void *payload)
{
    return fwrite(data, 1, len, (FILE *)payload) == len ? 0 : -1;
}

int
cmd_ropa(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"policy", required_argument, NULL, 'P'},
                                         {"supplement", required_argument, NULL, 's'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *policy_path = NULL, *supplement_path = NULL, *output = NULL;
    privpol_ropa_format format = PRIVPOL_ROPA_MARKDOWN;
    privpol_policy *policy = NULL;
    privpol_error err;
    privpol_status st;
    FILE *f = stdout;
    int c, rc;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "f:P:s:o:h", opts)) != -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0) {
                format = PRIVPOL_ROPA_MARKDOWN;
            } else if (strcmp(optarg, "html") == 0) {
                format = PRIVPOL_ROPA_HTML;
            } else {
                cli_error("ropa", "--format: expected md or html");
                return EXIT_USAGE;
            }
            break;
        case 'P': policy_path = optarg; break;
        case 's': supplement_path = optarg; break;
        case 'o': output = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("ropa", argv, c);
        }
    }
    if (optind != argc) {
        return cli_usage("ropa", "unexpected argument '%s'", argv[optind]);
    }
    if ((rc = cli_load_policy("ropa", policy_path, supplement_path, &policy)) != EXIT_OK)
        return rc;
    /* The file is opened only once the policy loaded, so a bad policy leaves no empty
     * record behind. */
    if (output != NULL && strcmp(output, "-") != 0 && (f = fopen(output, "w")) == NULL) {
        cli_error("ropa", "cannot create %s: %s", output, strerror(errno));
        privpol_policy_free(policy);
        return EXIT_CANTCREAT;
    }
    st = privpol_ropa_write(policy, format, write_file, f, &err);
    privpol_policy_free(policy);
    if (f != stdout) {
        if (fclose(f) != 0 && st == PRIVPOL_OK)
            st = PRIVPOL_EIO;
    } else if (fflush(f) != 0) {
        st = PRIVPOL_EIO;
    }
    if (st != PRIVPOL_OK) {
        cli_error("ropa", "cannot write %s", f != stdout ? output : "standard output");
        return st == PRIVPOL_EIO ? EXIT_IOERR : cli_exit_for(st);
    }
    return EXIT_OK;
}
