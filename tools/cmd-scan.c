/* SPDX-License-Identifier: MIT */
/* privpol scan: the spans of personal data in each line of free text, as JSON lines. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "usage: privpol scan [--region RR] [FILE]\n\n"
    "Write one JSON line per input line (FILE, or standard input):\n"
    "  {\"line\":N,\"spans\":[{\"start\":B,\"end\":B,\"category\":\"...\",\"confidence\":F}]}\n"
    "with UTF-8 byte offsets into that line (end excluded). The text itself is never\n"
    "written.\n\n"
    "  -g, --region RR      default region of national phone numbers (default FR)\n"
    "  -h, --help           this text\n";

int
cmd_scan(int argc, char **argv)
{
    static const struct option opts[] = {{"region", required_argument, NULL, 'g'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *region = NULL;
    privpol_ctx *ctx = NULL;
    privpol_span *spans = NULL;
    size_t cap = 64;
    FILE *f = stdin;
    char *line = NULL;
    size_t line_cap = 0;
    ssize_t n;
    unsigned long number = 0;
    int c, rc;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "g:h", opts)) != -1) {
        switch (c) {
        case 'g': region = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("scan", argv, c);
        }
    }
    if (argc - optind > 1) {
        cli_error("scan", "at most one FILE");
        return EXIT_USAGE;
    }
    if ((rc = cli_open_input("scan", argc > optind ? argv[optind] : NULL, &f)) != EXIT_OK)
        return rc;
    if ((rc = cli_open_context("scan", NULL, PRIVPOL_ROLE_PROCESSOR, 0, region,
                               PRIVPOL_PERIOD_NONE, &ctx)) != EXIT_OK)
        goto done;
    if ((spans = malloc(cap * sizeof *spans)) == NULL) {
        rc = EXIT_IOERR;
        goto done;
    }
    while ((n = getline(&line, &line_cap, f)) >= 0) {
        size_t len = (size_t)n, count;
        privpol_status st;
        number++;
        if (len > 0 && line[len - 1] == '\n')
            len--;
        for (;;) {
            count = cap;
            st = privpol_scan(ctx, line, len, spans, &count, NULL);
            if (st != PRIVPOL_EBUFSIZE)
                break;
            privpol_span *bigger = realloc(spans, count * sizeof *spans);
            if (bigger == NULL) {
                st = PRIVPOL_ENOMEM;
                break;
            }
            spans = bigger;
            cap = count;
        }
        if (st != PRIVPOL_OK) {
            cli_error("scan", "line %lu: %s", number, privpol_strerror(st));
            rc = cli_exit_for(st);
            break;
        }
        printf("{\"line\":%lu,\"spans\":[", number);
        for (size_t i = 0; i < count; i++) {
            printf("%s{\"start\":%zu,\"end\":%zu,\"category\":", i > 0 ? "," : "",
                   spans[i].start, spans[i].end);
            cli_json_fputs(stdout, privpol_category_id(spans[i].category));
            printf(",\"confidence\":%.2f}", (double)spans[i].confidence);
        }
        if (fputs("]}\n", stdout) == EOF) {
            rc = EXIT_IOERR;
            break;
        }
    }
    if (rc == EXIT_OK && ferror(f)) {
        cli_error("scan", "cannot read the input");
        rc = EXIT_IOERR;
    }
done:
    free(line);
    free(spans);
    if (f != stdin)
        fclose(f);
    privpol_ctx_free(ctx);
    return rc;
}
