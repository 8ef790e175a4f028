/* SPDX-License-Identifier: MIT */
/* privpol pseudonymize: one token per input value, lines kept aligned. */
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char help[] =
    "usage: privpol pseudonymize -k KEYFILE -t TENANT -c CATEGORY [--at TIME]\n"
    "                            [--reversible] [--region RR] [--epoch-period P] [VALUE...]\n\n"
    "Write one pseudonym per value: from the arguments, or else one per line of standard\n"
    "input. The value is normalized first (CATEGORY decides how), so one identifier in any\n"
    "notation gives one pseudonym. An invalid value gets an empty output line (lines stay\n"
    "aligned), an error naming its line on stderr, and the exit code is 65 at the end.\n\n"
    "  -k, --key FILE          key file (mode 0600; see privpol keygen)\n"
    "  -t, --tenant ID         tenant (customer) the data belongs to\n"
    "  -c, --category ID       category id, e.g. connection.ip_address, terminal.msisdn,\n"
    "                          contact.email\n"
    "  -a, --at TIME           event time (selects key and epoch); default: now\n"
    "  -R, --reversible        reversible tokens (the key holder can reveal them)\n"
    "  -g, --region RR         default region of national phone numbers (default FR)\n"
    "  -e, --epoch-period P    rotation period: none (default), day, week, month, year\n"
    "  -h, --help              this text\n";

struct out_buf {
    char *p;
    size_t cap;
};

/* Pseudonymize one value, growing the output buffer when a reversible token needs it. */
static privpol_status
run_one(privpol_pseudonymizer *pz, const char *v, size_t n, int64_t at, unsigned flags,
        struct out_buf *ob, size_t *len, privpol_error *err)
{
    privpol_status st;
    for (;;) {
        *len = ob->cap;
        st = privpol_pseudonymizer_run(pz, v, n, at, flags, ob->p, len, err);
        if (st != PRIVPOL_EBUFSIZE)
            return st;
        char *bigger = realloc(ob->p, *len);
        if (bigger == NULL)
            return PRIVPOL_ENOMEM;
        ob->p = bigger;
        ob->cap = *len;
    }
}

int
cmd_pseudonymize(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},        {"tenant", required_argument, NULL, 't'},
        {"category", required_argument, NULL, 'c'},   {"at", required_argument, NULL, 'a'},
        {"reversible", no_argument, NULL, 'R'},       {"region", required_argument, NULL, 'g'},
        {"epoch-period", required_argument, NULL, 'e'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *keyfile = NULL, *tenant = NULL, *category = NULL, *region = NULL;
    privpol_period period = PRIVPOL_PERIOD_NONE;
    privpol_pseudonymizer *pz = NULL;
    privpol_ctx *ctx = NULL;
    privpol_error err;
    privpol_status st;
    struct out_buf ob = {NULL, 0};
    unsigned flags = 0;
    int64_t at = (int64_t)time(NULL);
    privpol_category idx;
    int c, rc, bad = 0;
    struct cli_input in;
    const char *v;
    size_t vlen;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "k:t:c:a:Rg:e:h", opts)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 't': tenant = optarg; break;
        case 'c': category = optarg; break;
        case 'a':
            if (!cli_parse_time("pseudonymize", "--at", optarg, false, &at))
                return EXIT_USAGE;
            break;
        case 'R': flags |= PRIVPOL_PSEUDONYM_REVERSIBLE; break;
        case 'g': region = optarg; break;
        case 'e':
            if (!cli_parse_period("pseudonymize", optarg, &period))
                return EXIT_USAGE;
            break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("pseudonymize", argv, c);
        }
    }
    if (keyfile == NULL || tenant == NULL || category == NULL) {
        return cli_usage("pseudonymize", "-k KEYFILE, -t TENANT and -c CATEGORY are required");
    }
    if (privpol_category_find(category, &idx, NULL) != PRIVPOL_OK) {
        cli_error("pseudonymize", "unknown category '%s'; known ids:", category);
        for (size_t i = 0; i < privpol_category_count(); i++)
            fprintf(stderr, "  %s\n", privpol_category_id(i));
        return EXIT_USAGE;
    }
    if ((ob.p = malloc(ob.cap = 256)) == NULL) {
        cli_error("pseudonymize", "out of memory");
        return EXIT_IOERR;
    }
    if ((rc = cli_open_context("pseudonymize", keyfile, PRIVPOL_ROLE_PROCESSOR, 0, region,
                               period, &ctx)) != EXIT_OK) {
        free(ob.p);
        return rc;
    }
    if ((st = privpol_pseudonymizer_new(ctx, tenant, idx, &pz, &err)) != PRIVPOL_OK) {
        cli_error("pseudonymize", "%s", err.message);
        privpol_ctx_free(ctx);
        free(ob.p);
        return cli_exit_for(st);
    }

    cli_input_open(&in, argc - optind, argv + optind);
    while (cli_input_next(&in, &v, &vlen)) {
        size_t len = 0;
        st = run_one(pz, v, vlen, at, flags, &ob, &len, &err);
        if (st == PRIVPOL_OK) {
            if (!cli_write_line(ob.p, len)) {
                rc = EXIT_IOERR;
                break;
            }
            continue;
        }
        if (st != PRIVPOL_EVALUE) {
            cli_error("pseudonymize", "%s %lu: %s", cli_input_noun(&in), in.number,
                      err.message);
            rc = cli_exit_for(st);
            break;
        }
        if (err.column > 0)
            cli_error("pseudonymize", "%s %lu, column %zu: %s", cli_input_noun(&in),
                      in.number, err.column, err.message);
        else
            cli_error("pseudonymize", "%s %lu: %s", cli_input_noun(&in), in.number,
                      err.message);
        bad++;
        if (!cli_write_line("", 0)) {
            rc = EXIT_IOERR;
            break;
        }
    }
    if (rc == EXIT_OK && ferror(stdin)) {
        cli_error("pseudonymize", "cannot read standard input");
        rc = EXIT_IOERR;
    }
    if (fflush(stdout) != 0 && rc == EXIT_OK)
        rc = EXIT_IOERR;
    if (rc == EXIT_OK && bad > 0)
        rc = EXIT_DATAERR;
    cli_input_close(&in);
    free(ob.p);
    privpol_pseudonymizer_free(pz);
    privpol_ctx_free(ctx);
    return rc;
}
