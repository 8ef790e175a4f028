/* SPDX-License-Identifier: MIT */
/* privpol deadline: when the answer to a data subject's request is due (GDPR Art. 12(3)),
 * months counted as in Regulation (EEC, Euratom) No 1182/71. */
#include "cli.h"

#include <getopt.h>

static const char help[] =
    "usage: privpol deadline --received TIME [--extended]\n\n"
    "Print when the answer to a data subject's request received at TIME is due (GDPR\n"
    "Art. 12(3)): the last second, inclusive, of the day one month after the day of\n"
    "receipt (--extended: three months), in ISO 8601 UTC, e.g. 2025-02-28T23:59:59Z.\n"
    "Months are counted as in Regulation (EEC, Euratom) No 1182/71: the day of receipt\n"
    "is not counted, the period ends on the same date of the last month, or on its last\n"
    "day when that date does not exist (received 2025-01-31: due 2025-02-28T23:59:59Z).\n"
    "Days are UTC days. Weekends and public holidays are not modelled: under Art. 3(4)\n"
    "of that Regulation a period ending on one ends with the next working day, so the\n"
    "legal deadline may be later than the date printed, never earlier.\n\n"
    "  -r, --received TIME     when the request was received (ISO 8601 or a date)\n"
    "  -x, --extended          the period extended by two further months\n"
    "  -h, --help              this text\n";

int
cmd_deadline(int argc, char **argv)
{
    static const struct option opts[] = {
        {"received", required_argument, NULL, 'r'}, {"extended", no_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    const char *received_text = NULL;
    char due_text[PRIVPOL_TIME_TEXT_SIZE];
    bool extended = false;
    int64_t received, due;
    int c;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "r:xh", opts)) != -1) {
        switch (c) {
        case 'r': received_text = optarg; break;
        case 'x': extended = true; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("deadline", argv, c);
        }
    }
    if (optind != argc || received_text == NULL) {
        return cli_usage("deadline", "%s",
                         optind != argc ? "unexpected argument"
                                        : "--received is required");
    }
    if (!cli_parse_time("deadline", "--received", received_text, false, &received))
        return EXIT_USAGE;
    if (privpol_retention_deadline(received, extended, &due, NULL) != PRIVPOL_OK ||
        privpol_time_format(due, due_text, &(size_t){sizeof due_text}, NULL) != PRIVPOL_OK) {
        cli_error("deadline", "--received: the due date would be after 9999-12-31");
        return EXIT_USAGE;
    }
    printf("%s\n", due_text);
    return EXIT_OK;
}
