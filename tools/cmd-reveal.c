/* SPDX-License-Identifier: MIT */
/* privpol reveal: the key holder recovers the normalized value of reversible tokens. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: privpol reveal -k KEYFILE -t TENANT [--role controller|processor]\n"
    "                      [--with-category] [TOKEN...]\n\n"
    "Write the normalized value of each reversible token (pr1.): from the arguments, or\n"
    "else one per line of standard input. Only the key holder acting as controller may\n"
    "reveal; a processor never may (exit 77). A tampered token, or one made for another\n"
    "tenant or key, gets an empty output line and an error naming its line; exit 65.\n\n"
    "  -k, --key FILE        key file that made the tokens\n"
    "  -t, --tenant ID       tenant the tokens were made for\n"
    "  -r, --role ROLE       controller (default) or processor\n"
    "  -C, --with-category   write CATEGORY<TAB>VALUE\n"
    "  -h, --help            this text\n";

int
cmd_reveal(int argc, char **argv)
{
    static const struct option opts[] = {{"key", required_argument, NULL, 'k'},
                                         {"tenant", required_argument, NULL, 't'},
                                         {"role", required_argument, NULL, 'r'},
                                         {"with-category", no_argument, NULL, 'C'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *keyfile = NULL, *tenant = NULL;
    privpol_role role = PRIVPOL_ROLE_CONTROLLER;
    privpol_ctx *ctx = NULL;
    privpol_error err;
    privpol_status st;
    bool with_category = false;
    struct cli_input in;
    const char *tok;
    char *out = NULL;
    size_t tlen, out_cap = 0;
    int c, rc, bad = 0;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "k:t:r:Ch", opts)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 't': tenant = optarg; break;
        case 'r':
            if (strcmp(optarg, "controller") == 0)
                role = PRIVPOL_ROLE_CONTROLLER;
            else if (strcmp(optarg, "processor") == 0)
                role = PRIVPOL_ROLE_PROCESSOR;
            else {
                cli_error("reveal", "--role: expected controller or processor");
                return EXIT_USAGE;
            }
            break;
        case 'C': with_category = true; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("reveal", argv, c);
        }
    }
    if (keyfile == NULL || tenant == NULL) {
        return cli_usage("reveal", "-k KEYFILE and -t TENANT are required");
    }
    if (role == PRIVPOL_ROLE_PROCESSOR) {
        cli_error("reveal", "a processor may never re-identify pseudonymized data");
        return EXIT_NOPERM;
    }
    if ((out = malloc(out_cap = 256)) == NULL)
        return EXIT_IOERR;
    if ((rc = cli_open_context("reveal", keyfile, role, PRIVPOL_CTX_ALLOW_REVEAL, NULL,
                               PRIVPOL_PERIOD_NONE, &ctx)) != EXIT_OK) {
        free(out);
        return rc;
    }

    cli_input_open(&in, argc - optind, argv + optind);
    while (cli_input_next(&in, &tok, &tlen)) {
        size_t len;
        privpol_category cat = PRIVPOL_CAT_UNKNOWN;
        for (;;) {
            len = out_cap;
            st = privpol_reveal(ctx, tenant, tok, tlen, &cat, out, &len, &err);
            if (st != PRIVPOL_EBUFSIZE)
                break;
            char *bigger = realloc(out, len > 64 ? len : 64);
            if (bigger == NULL) {
                st = PRIVPOL_ENOMEM;
                break;
            }
            out = bigger;
            out_cap = len > 64 ? len : 64;
        }
        if (st == PRIVPOL_OK) {
            if (with_category)
                printf("%s\t", privpol_category_id(cat));
            if (!cli_write_line(out, len)) {
                rc = EXIT_IOERR;
                break;
            }
            continue;
        }
        cli_error("reveal", "%s %lu: %s", in.from_args ? "token" : "line", in.number,
                  err.message);
        if (st != PRIVPOL_EAUTH && st != PRIVPOL_EVALUE && st != PRIVPOL_ENOKEY) {
            rc = cli_exit_for(st);
            break;
        }
        bad++;
        if (!cli_write_line("", 0)) {
            rc = EXIT_IOERR;
            break;
        }
    }
    if (rc == EXIT_OK && ferror(stdin))
        rc = EXIT_IOERR;
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = EXIT_IOERR;
    if (rc == EXIT_OK && bad > 0)
        rc = EXIT_DATAERR;
    cli_input_close(&in);
    free(out);
    privpol_ctx_free(ctx);
    return rc;
}
