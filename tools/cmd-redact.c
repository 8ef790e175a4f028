/* SPDX-License-Identifier: MIT */
/* privpol redact: each line of free text with its personal data replaced by labels, or
 * by pseudonyms when a key is given. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help[] =
    "usage: privpol redact [-k KEYFILE -t TENANT [--at TIME] [--epoch-period P]]\n"
    "                      [--region RR] [FILE]\n\n"
    "Write each line of FILE (or standard input) with every span of personal data that\n"
    "privpol scan finds replaced by [category id], e.g. [contact.email]; with a key file,\n"
    "by the span's pseudonym for TENANT instead (a span that cannot be pseudonymized\n"
    "keeps its label).\n\n"
    "  -k, --key FILE          key file: pseudonymize the spans\n"
    "  -t, --tenant ID         tenant the data belongs to (with -k)\n"
    "  -a, --at TIME           event time for the pseudonyms; default: now\n"
    "  -e, --epoch-period P    rotation period: none (default), day, week, month, year\n"
    "  -g, --region RR         default region of national phone numbers (default FR)\n"
    "  -h, --help              this text\n";

int
cmd_redact(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},    {"tenant", required_argument, NULL, 't'},
        {"at", required_argument, NULL, 'a'},     {"epoch-period", required_argument, NULL, 'e'},
        {"region", required_argument, NULL, 'g'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *keyfile = NULL, *tenant = NULL, *region = NULL;
    privpol_period period = PRIVPOL_PERIOD_NONE;
    int64_t at = (int64_t)time(NULL);
    privpol_ctx *ctx = NULL;
    privpol_error err;
    FILE *f = stdin;
    char *line = NULL, *out = NULL;
    size_t line_cap = 0, out_cap = 0;
    ssize_t n;
    unsigned long number = 0;
    unsigned flags = 0;
    int c, rc;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "k:t:a:e:g:h", opts)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 't': tenant = optarg; break;
        case 'a':
            if (!cli_parse_time("redact", "--at", optarg, false, &at))
                return EXIT_USAGE;
            break;
        case 'e':
            if (!cli_parse_period("redact", optarg, &period))
                return EXIT_USAGE;
            break;
        case 'g': region = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("redact", argv, c);
        }
    }
    if (argc - optind > 1 || (keyfile == NULL) != (tenant == NULL)) {
        return cli_usage("redact", "-k KEYFILE and -t TENANT go together; at most one FILE");
    }
    if (keyfile != NULL)
        flags |= PRIVPOL_REDACT_PSEUDONYMIZE;
    if ((out = malloc(out_cap = 1024)) == NULL)
        return EXIT_IOERR;
    if ((rc = cli_open_input("redact", argc > optind ? argv[optind] : NULL, &f)) != EXIT_OK)
        goto done;
    if ((rc = cli_open_context("redact", keyfile, PRIVPOL_ROLE_PROCESSOR, 0, region, period,
                               &ctx)) != EXIT_OK)
        goto done;
    while ((n = getline(&line, &line_cap, f)) >= 0) {
        size_t len = (size_t)n, olen;
        privpol_status st;
        number++;
        if (len > 0 && line[len - 1] == '\n')
            len--;
        for (;;) {
            olen = out_cap;
            st = privpol_redact(ctx, tenant, at, flags, line, len, out, &olen, &err);
            if (st != PRIVPOL_EBUFSIZE)
                break;
            size_t want = olen > len + 64 ? olen : len + 64;
            char *bigger = realloc(out, want);
            if (bigger == NULL) {
                st = PRIVPOL_ENOMEM;
                break;
            }
            out = bigger;
            out_cap = want;
        }
        if (st != PRIVPOL_OK) {
            cli_error("redact", "line %lu: %s", number, privpol_strerror(st));
            rc = cli_exit_for(st);
            break;
        }
        if (!cli_write_line(out, olen)) {
            rc = EXIT_IOERR;
            break;
        }
    }
    if (rc == EXIT_OK && ferror(f)) {
        cli_error("redact", "cannot read the input");
        rc = EXIT_IOERR;
    }
done:
    free(line);
    free(out);
    if (f != stdin)
        fclose(f);
    privpol_ctx_free(ctx);
    return rc;
}
