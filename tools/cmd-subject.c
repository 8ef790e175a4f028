/* SPDX-License-Identifier: MIT */
/* privpol subject: every pseudonym a data subject's identifier had over a time range, so
 * that a rights request (§11: IP addresses and time ranges, or a phone number and a
 * subscription period) can be answered without re-identifying anybody else. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
    "usage: privpol subject -k KEYFILE -t TENANT (--ip ADDR | --msisdn NUMBER |\n"
    "                       --email ADDR) --from TIME --to TIME [--region RR]\n"
    "                       [--epoch-period P]\n\n"
    "Write one line per pseudonym the identifier had between --from and --to, for every\n"
    "category read by that kind of identifier (--msisdn: terminal.msisdn and\n"
    "contact.phone): TOKEN<TAB>CATEGORY<TAB>KEY_ID<TAB>EPOCH_START<TAB>EPOCH_END, the\n"
    "epoch clipped to the key's validity; '-' for an open end.\n\n"
    "  -k, --key FILE          key file\n"
    "  -t, --tenant ID         tenant the data belongs to\n"
    "  -i, --ip ADDR           an IPv4 or IPv6 address\n"
    "  -m, --msisdn NUMBER     a phone number (national numbers read in --region)\n"
    "  -E, --email ADDR        an email address\n"
    "  -f, --from TIME         start of the range (ISO 8601 UTC or a date)\n"
    "  -u, --to TIME           end of the range, exclusive; a date alone includes that day\n"
    "  -g, --region RR         default region of national phone numbers (default FR)\n"
    "  -e, --epoch-period P    rotation period used when pseudonymizing (default none)\n"
    "  -h, --help              this text\n";

/* payload: bool, set when standard output fails (the listing then stops). */
static int
print_token(const privpol_pseudonym_token *t, void *payload)
{
    char s[PRIVPOL_TIME_TEXT_SIZE], e[PRIVPOL_TIME_TEXT_SIZE];
    bool *write_failed = payload;
    if (privpol_time_format(t->epoch_start, s, &(size_t){sizeof s}, NULL) != PRIVPOL_OK)
        strcpy(s, "-");
    if (privpol_time_format(t->epoch_end, e, &(size_t){sizeof e}, NULL) != PRIVPOL_OK)
        strcpy(e, "-");
    if (printf("%s\t%s\t%s\t%s\t%s\n", t->token, privpol_category_id(t->category), t->key_id, s, e) < 0 ||
        ferror(stdout))
        *write_failed = true;
    return *write_failed;
}

int
cmd_subject(int argc, char **argv)
{
    static const struct option opts[] = {
        {"key", required_argument, NULL, 'k'},   {"tenant", required_argument, NULL, 't'},
        {"ip", required_argument, NULL, 'i'},    {"msisdn", required_argument, NULL, 'm'},
        {"email", required_argument, NULL, 'E'}, {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 'u'},    {"region", required_argument, NULL, 'g'},
        {"epoch-period", required_argument, NULL, 'e'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *keyfile = NULL, *tenant = NULL, *value = NULL, *region = NULL;
    const char *from_text = NULL, *to_text = NULL;
    privpol_normalizer kind = PRIVPOL_NORM_NONE;
    privpol_period period = PRIVPOL_PERIOD_NONE;
    privpol_ctx *ctx = NULL;
    privpol_error err;
    privpol_status st = PRIVPOL_OK;
    int64_t from, to;
    int c, rc, given = 0;
    bool write_failed = false;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "k:t:i:m:E:f:u:g:e:h", opts)) != -1) {
        switch (c) {
        case 'k': keyfile = optarg; break;
        case 't': tenant = optarg; break;
        case 'i': value = optarg; kind = PRIVPOL_NORM_IP; given++; break;
        case 'm': value = optarg; kind = PRIVPOL_NORM_PHONE; given++; break;
        case 'E': value = optarg; kind = PRIVPOL_NORM_EMAIL; given++; break;
        case 'f': from_text = optarg; break;
        case 'u': to_text = optarg; break;
        case 'g': region = optarg; break;
        case 'e':
            if (!cli_parse_period("subject", optarg, &period))
                return EXIT_USAGE;
            break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("subject", argv, c);
        }
    }
    if (optind != argc || keyfile == NULL || tenant == NULL || given != 1 ||
        from_text == NULL || to_text == NULL) {
        return cli_usage("subject",
                         "-k, -t, --from, --to and exactly one of --ip, --msisdn, "
                         "--email are required");
    }
    if (!cli_parse_time("subject", "--from", from_text, false, &from) ||
        !cli_parse_time("subject", "--to", to_text, true, &to))
        return EXIT_USAGE;
    if (to <= from) {
        cli_error("subject", "--to must be after --from");
        return EXIT_USAGE;
    }
    if ((rc = cli_open_context("subject", keyfile, PRIVPOL_ROLE_PROCESSOR, 0, region, period,
                               &ctx)) != EXIT_OK)
        return rc;
    for (size_t i = 0; i < privpol_category_count() && st == PRIVPOL_OK && !write_failed;
         i++) {
        if (privpol_category_normalizer((privpol_category)i) != kind)
            continue;
        st = privpol_pseudonym_subject_tokens(ctx, tenant, (privpol_category)i, value,
                                             strlen(value), from, to, print_token, &write_failed,
                                    &err);
    }
    if (st != PRIVPOL_OK) {
        if (err.column > 0)
            cli_error("subject", "column %zu: %s", err.column, err.message);
        else
            cli_error("subject", "%s", err.message);
        rc = st == PRIVPOL_ENOKEY ? EXIT_DATAERR : cli_exit_for(st);
    }
    if ((write_failed || fflush(stdout) != 0 || ferror(stdout)) && rc == EXIT_OK) {
        cli_error("subject", "cannot write standard output");
        rc = EXIT_IOERR;
    }
    privpol_ctx_free(ctx);
    return rc;
}
