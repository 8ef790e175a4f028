/* SPDX-License-Identifier: MIT */
/* privpol classify: the category of each value, optionally named by its field. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
    "usage: privpol classify [--field NAME] [--region RR] [VALUE...]\n\n"
    "Write one line per value (from the arguments, or else one per line of standard\n"
    "input): the category id, a tab, the confidence (0 to 1). A value nothing recognizes\n"
    "is 'unknown' and treated as personal; a field whose name says one kind of identifier\n"
    "but whose value is not one is 'unknown' too.\n\n"
    "  -f, --field NAME     field name or JSON path the values come from (e.g. client.ip)\n"
    "  -g, --region RR      default region of national phone numbers (default FR)\n"
    "  -v, --verbose        add a third column: field-mismatch, from-field, token\n"
    "  -h, --help           this text\n";

int
cmd_classify(int argc, char **argv)
{
    static const struct option opts[] = {{"field", required_argument, NULL, 'f'},
                                         {"region", required_argument, NULL, 'g'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *field = NULL, *region = NULL, *v;
    privpol_ctx *ctx = NULL;
    struct cli_input in;
    bool verbose = false;
    size_t vlen;
    int c, rc = EXIT_OK;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "f:g:vh", opts)) != -1) {
        switch (c) {
        case 'f': field = optarg; break;
        case 'g': region = optarg; break;
        case 'v': verbose = true; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("classify", argv, c);
        }
    }
    if ((rc = cli_open_context("classify", NULL, PRIVPOL_ROLE_PROCESSOR, 0, region,
                               PRIVPOL_PERIOD_NONE, &ctx)) != EXIT_OK)
        return rc;
    cli_input_open(&in, argc - optind, argv + optind);
    while (cli_input_next(&in, &v, &vlen)) {
        privpol_classification cl = PRIVPOL_CLASSIFICATION_INIT;
        privpol_status st = privpol_classify(ctx, field, field != NULL ? strlen(field) : 0, v,
                                             vlen, &cl, NULL);
        if (st != PRIVPOL_OK) {
            cli_error("classify", "%s %lu: %s", cli_input_noun(&in), in.number,
                      privpol_strerror(st));
            rc = cli_exit_for(st);
            break;
        }
        printf("%s\t%.2f", privpol_category_id(cl.category), (double)cl.confidence);
        if (verbose)
            printf("\t%s%s%s", (cl.flags & PRIVPOL_CLASS_FIELD_MISMATCH) ? "field-mismatch" : "",
                   (cl.flags & PRIVPOL_CLASS_FROM_FIELD) ? "from-field" : "",
                   (cl.flags & PRIVPOL_CLASS_TOKEN) ? "token" : "");
        if (putchar('\n') == EOF) {
            rc = EXIT_IOERR;
            break;
        }
    }
    if (rc == EXIT_OK && ferror(stdin)) {
        cli_error("classify", "cannot read standard input");
        rc = EXIT_IOERR;
    }
    cli_input_close(&in);
    privpol_ctx_free(ctx);
    return rc;
}
