/* SPDX-License-Identifier: MIT */
/* privpol categories: the category registry, one row per category: its id, the policy
 * section (§) it comes from, its identifiability alone, its normalizer and the
 * fideslang and W3C DPV terms that match it. Public API only (privpol/category.h). */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
    "usage: privpol categories [--json]\n\n"
    "List the data categories the library knows, one per line, as an aligned table:\n"
    "the category id, the policy section (§) it comes from, its identifiability alone\n"
    "(personal, pseudonymous or non_identifiable), the normalizer its values go through,\n"
    "the matching fideslang data category and the W3C Data Privacy Vocabulary (DPV)\n"
    "term. \"-\" stands for none. With --json, one JSON object per category and line:\n"
    "  {\"id\":\"...\",\"clause\":\"...\",\"identifiability\":\"...\",\"normalizer\":\"...\",\n"
    "   \"fideslang\":\"...\",\"dpv\":\"...\"}  (\"\" for none)\n\n"
    "  -j, --json   JSON lines instead of the table\n"
    "  -h, --help   this text\n\n"
    "Exit status: 0 ok; 64 usage; 74 write error.\n";

enum { COL_ID, COL_CLAUSE, COL_LEVEL, COL_NORM, COL_FIDES, COL_DPV, N_COLS };

/* The cells of category i (NULL strings read as ""). */
static void
row(size_t i, const char *cell[N_COLS])
{
    cell[COL_ID] = privpol_category_id(i);
    cell[COL_CLAUSE] = privpol_category_clause(i);
    cell[COL_LEVEL] = privpol_identifiability_name(privpol_category_identifiability(i));
    cell[COL_NORM] = privpol_normalizer_name(privpol_category_normalizer(i));
    cell[COL_FIDES] = privpol_category_fideslang(i);
    cell[COL_DPV] = privpol_category_dpv(i);
    for (int c = 0; c < N_COLS; c++)
        if (cell[c] == NULL)
            cell[c] = "";
}

/* Width on a terminal: UTF-8 characters, not bytes ("§" is one). */
static size_t
width(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void
put_row(const char *const cell[N_COLS], const size_t w[N_COLS])
{
    for (int c = 0; c < N_COLS; c++) {
        const char *s = cell[c][0] != '\0' ? cell[c] : "-";
        fputs(s, stdout);
        if (c + 1 < N_COLS)
            printf("%*s", (int)(w[c] - width(s) + 2), "");
    }
    putchar('\n');
}

static void
put_json(const char *const cell[N_COLS])
{
    static const char *const keys[N_COLS] = {"id",         "clause",    "identifiability",
                                             "normalizer", "fideslang", "dpv"};
    for (int c = 0; c < N_COLS; c++) {
        printf("%s\"%s\":", c == 0 ? "{" : ",", keys[c]);
        cli_json_fputs(stdout, cell[c]);
    }
    fputs("}\n", stdout);
}

int
cmd_categories(int argc, char **argv)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    static const char *const head[N_COLS] = {"ID",         "§",         "IDENTIFIABILITY",
                                             "NORMALIZER", "FIDESLANG", "DPV"};
    size_t n = privpol_category_count(), w[N_COLS];
    const char *cell[N_COLS];
    bool json = false;
    int c;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "jh", opts)) != -1) {
        switch (c) {
        case 'j': json = true; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("categories", argv, c);
        }
    }
    if (optind != argc)
        return cli_usage("categories", "unexpected argument '%s'", argv[optind]);
    if (json) {
        for (size_t i = 0; i < n; i++) {
            row(i, cell);
            put_json(cell);
        }
        return EXIT_OK;
    }
    for (int k = 0; k < N_COLS; k++)
        w[k] = width(head[k]);
    for (size_t i = 0; i < n; i++) {
        row(i, cell);
        for (int k = 0; k < N_COLS; k++) {
            size_t cw = cell[k][0] != '\0' ? width(cell[k]) : 1;
            if (cw > w[k])
                w[k] = cw;
        }
    }
    put_row(head, w);
    for (size_t i = 0; i < n; i++) {
        row(i, cell);
        put_row(cell, w);
    }
    return EXIT_OK;
}
