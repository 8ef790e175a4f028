/* SPDX-License-Identifier: MIT */
/* privpol keygen: create a key file, or append a rotated key to one. */
#include "cli.h"

#include <getopt.h>
#include <string.h>

static const char help[] =
    "usage: privpol keygen -o FILE [--from TIME]\n"
    "       privpol keygen --rotate FILE --from TIME\n\n"
    "Create a key file holding one new random 256-bit key (mode 0600; an existing file is\n"
    "never overwritten), or append a new key used from TIME on; older keys stay for\n"
    "subject lookups and reveals.\n\n"
    "  -o, --output FILE   key file to create\n"
    "  -r, --rotate FILE   key file to extend with a new key\n"
    "  -f, --from TIME     start of the new key: ISO 8601 UTC (2026-03-01T00:00:00Z) or a\n"
    "                      date; default for -o: 1970-01-01 (in force for all events)\n"
    "  -h, --help          this text\n";

static void
report(const privpol_keyring *kr, const char *path)
{
    size_t last = privpol_keyring_count(kr) - 1;
    char when[PRIVPOL_TIME_TEXT_SIZE];
    if (privpol_time_format(privpol_keyring_key_from(kr, last), when, &(size_t){sizeof when}, NULL) != 0)
        strcpy(when, "?");
    fprintf(stderr, "privpol keygen: %s: key %s in force from %s (%zu key%s)\n", path,
            privpol_keyring_key_id(kr, last), when, last + 1, last == 0 ? "" : "s");
}

int
cmd_keygen(int argc, char **argv)
{
    static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
                                         {"rotate", required_argument, NULL, 'r'},
                                         {"from", required_argument, NULL, 'f'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *output = NULL, *rotate = NULL, *from_text = NULL;
    privpol_keyring *kr = NULL;
    privpol_error err;
    privpol_status st;
    int64_t from = 0;
    int c, rc;

    optind = 1;
    while ((c = cli_getopt(argc, argv, "o:r:f:h", opts)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'r': rotate = optarg; break;
        case 'f': from_text = optarg; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: return cli_bad_option("keygen", argv, c);
        }
    }
    if (optind != argc || (output == NULL) == (rotate == NULL)) {
        return cli_usage("keygen", "give exactly one of -o FILE or --rotate FILE");
    }
    if (rotate != NULL && from_text == NULL) {
        cli_error("keygen", "--rotate needs --from TIME (when the new key takes over)");
        return EXIT_USAGE;
    }
    if (from_text != NULL && !cli_parse_time("keygen", "--from", from_text, false, &from))
        return EXIT_USAGE;

    if (output != NULL) {
        if ((st = privpol_keyring_generate(from, NULL, &kr, NULL)) != PRIVPOL_OK) {
            cli_error("keygen", "%s", privpol_strerror(st));
            return cli_exit_for(st);
        }
        st = privpol_keyring_save(kr, output, 0, &err);
        rc = st == PRIVPOL_OK ? EXIT_OK : EXIT_CANTCREAT;
        if (st == PRIVPOL_OK)
            report(kr, output);
        else
            cli_error("keygen", "%s", err.message);
        privpol_keyring_free(kr);
        return rc;
    }

    if ((st = privpol_keyring_load(rotate, NULL, &kr, &err)) != PRIVPOL_OK) {
        cli_error("keygen", "%s", err.message);
        return st == PRIVPOL_EPARSE ? EXIT_CONFIG : st == PRIVPOL_EIO ? EXIT_NOINPUT
                                                                      : cli_exit_for(st);
    }
    if ((st = privpol_keyring_rotate(kr, from, &err)) != PRIVPOL_OK) {
        cli_error("keygen", "--from: %s", err.message);
        privpol_keyring_free(kr);
        return st == PRIVPOL_EINVAL ? EXIT_USAGE : cli_exit_for(st);
    }
    st = privpol_keyring_save(kr, rotate, PRIVPOL_KEYRING_SAVE_REPLACE, &err);
    rc = st == PRIVPOL_OK ? EXIT_OK : EXIT_CANTCREAT;
    if (st == PRIVPOL_OK)
        report(kr, rotate);
    else
        cli_error("keygen", "%s", err.message);
    privpol_keyring_free(kr);
    return rc;
}
