/* SPDX-License-Identifier: MIT */
/* A subject-access lookup: a person asks what is held about them and proves which
 * data is theirs with their phone number and a period. Pseudonyms of terminal.msisdn
 * rotate daily here, so the number had one pseudonym per day (and per key): list them
 * all, to search the scrubbed data for them.
 *
 *   cc -std=c11 subject-access.c $(pkg-config --cflags --libs privpol) -o subject-access
 *   privpol keygen -o demo.key
 *   ./subject-access demo.key acme "06 12 34 56 78" 2026-02-01T00:00:00Z 2026-02-04T00:00:00Z
 *
 * Prints one line per pseudonym, tab-separated: token, category, key id, epoch start,
 * epoch end; then "N pseudonyms". Same tokens as: privpol subject -k demo.key -t acme
 * --msisdn "06 12 34 56 78" --from 2026-02-01 --to 2026-02-03 --epoch-period day */
#include <privpol.h>

#include <stdio.h>
#include <string.h>

struct listing {
    size_t count;
};

/* Called once per (key, epoch) overlapping the period, in time order. */
static int
print_token(const privpol_pseudonym_token *t, void *payload)
{
    struct listing *listing = payload;
    char start[PRIVPOL_TIME_TEXT_SIZE], end[PRIVPOL_TIME_TEXT_SIZE];
    size_t start_len = sizeof start, end_len = sizeof end;

    if (privpol_time_format(t->epoch_start, start, &start_len, NULL) != PRIVPOL_OK ||
        privpol_time_format(t->epoch_end, end, &end_len, NULL) != PRIVPOL_OK)
        return 1;                                     /* stop the enumeration */
    printf("%s\t%s\t%s\t%s\t%s\n", t->token, privpol_category_id(t->category), t->key_id,
           start, end);
    listing->count++;
    return 0;                                         /* go on */
}

int
main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: %s KEY_FILE TENANT PHONE_NUMBER FROM TO\n", argv[0]);
        return 64;
    }
    const char *tenant = argv[2], *number = argv[3];
    privpol_keyring *kr;
    privpol_ctx *ctx;
    privpol_error err;
    int64_t from, to;

    if (privpol_time_parse(argv[4], strlen(argv[4]), &from, &err) != PRIVPOL_OK ||
        privpol_time_parse(argv[5], strlen(argv[5]), &to, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 64;
    }
    if (privpol_keyring_load(argv[1], NULL, &kr, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }

    /* The context must rotate as the one that made the pseudonyms did. */
    static const privpol_period_rule daily[] = {{PRIVPOL_CAT_TERMINAL_MSISDN, PRIVPOL_PERIOD_DAY}};
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT; /* national numbers read in FR */
    o.keyring = kr;
    o.periods = daily;
    o.periods_len = 1;
    if (privpol_ctx_new(&o, &ctx, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        privpol_keyring_free(kr);
        return 1;
    }
    privpol_keyring_free(kr);

    struct listing listing = {0};
    if (privpol_pseudonym_subject_tokens(ctx, tenant, PRIVPOL_CAT_TERMINAL_MSISDN, number,
                                         strlen(number), from, to, print_token, &listing,
                                         &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s: %s\n", privpol_strerror(err.status), err.message);
        privpol_ctx_free(ctx);
        return err.status == PRIVPOL_EVALUE ? 65 : 1;
    }
    printf("%zu pseudonyms\n", listing.count);
    privpol_ctx_free(ctx);
    return 0;
}
