/* SPDX-License-Identifier: MIT */
/* privpol: the command-line face of libprivpol. One file per verb (cmd-*.c), the helpers
 * they share in cli.c. */
#include "cli.h"

#include <string.h>

static const struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} commands[] = {
    {"keygen", cmd_keygen, "create a key file, or rotate: append a new key"},
    {"pseudonymize", cmd_pseudonymize, "turn identifiers into keyed pseudonyms"},
    {"reveal", cmd_reveal, "recover the value of reversible tokens (key holder only)"},
    {"seal", cmd_seal, "seal a sensitive line as reject records (docs/seal.md)"},
    {"unseal", cmd_unseal, "open reject records: the original lines (key holder only)"},
    {"subject", cmd_subject, "list every pseudonym a person's identifier had (GDPR §11)"},
    {"classify", cmd_classify, "the data category of each value"},
    {"scan", cmd_scan, "find personal data in free text (JSON lines of spans)"},
    {"redact", cmd_redact, "replace personal data in free text by labels or pseudonyms"},
    {"deadline", cmd_deadline, "when the answer to a data subject's request is due (§11)"},
    {"policy", cmd_policy, "check policy and supplement files, show the effective policy"},
    {"retention", cmd_retention, "until when a datum may be kept (§10), citing the rule"},
    {"combine", cmd_combine, "how identifiable a combination of data is (§7.6, §7.8)"},
    {"decide", cmd_decide, "allow or deny a processing request, citing the clause"},
    {"ropa", cmd_ropa, "the record of processing activities (GDPR Art. 30), md or html"},
    {"scrub", cmd_scrub, "scrub JSON-lines events or access logs under the policy"},
    {"categories", cmd_categories, "list the data categories: id, §, identifiability, DPV"},
};

static void
usage(FILE *f)
{
    fprintf(f, "usage: privpol COMMAND [OPTIONS] [ARGS]\n"
               "       privpol COMMAND --help\n"
               "       privpol --version\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nexit codes: 0 ok, 64 usage, 65 bad data, 66 no input, 73 cannot create,\n"
               "74 I/O error, 77 key file permissions or not allowed, 78 bad configuration\n");
}

/* A command that succeeded but whose output could not be written did not succeed. */
static int
finish(int rc)
{
    if ((fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK) {
        fprintf(stderr, "privpol: cannot write standard output\n");
        return EXIT_IOERR;
    }
    return rc;
}

int
main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage(NULL, "no command");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return finish(EXIT_OK);
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("privpol %s\n", privpol_version_string());
        return finish(EXIT_OK);
    }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return finish(commands[i].fn(argc - 1, argv + 1));
    return cli_usage(NULL, "unknown command '%s'", argv[1]);
}

