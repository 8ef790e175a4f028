/* SPDX-License-Identifier: MIT */
/* Pseudonymize one value: load a key file, build a context, print the pseudonym of an
 * IP address at an event time, on one line. The one-shot call and the hot-path
 * pseudonymizer give the same token; the program checks it.
 *
 *   cc -std=c11 pseudonymize.c $(pkg-config --cflags --libs privpol) -o pseudonymize
 *   privpol keygen -o demo.key
 *   ./pseudonymize demo.key acme ::ffff:192.0.2.1 2026-01-01T00:00:00Z
 *
 * Same output as: privpol pseudonymize -k demo.key -t acme -c connection.ip_address
 *                 -a 2026-01-01T00:00:00Z 192.0.2.1 */
#include <privpol.h>

#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s KEY_FILE TENANT IP_ADDRESS TIME\n", argv[0]);
        return 64;
    }
    const char *key_file = argv[1], *tenant = argv[2], *value = argv[3], *when = argv[4];

    privpol_keyring *kr;
    privpol_ctx *ctx;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;     /* processor role, region FR */
    privpol_error err;

    if (privpol_keyring_load(key_file, NULL, &kr, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);             /* names the file and line */
        return 1;
    }
    o.keyring = kr;                                       /* copied into the context */
    if (privpol_ctx_new(&o, &ctx, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        privpol_keyring_free(kr);
        return 1;
    }
    privpol_keyring_free(kr);

    int64_t at;                                           /* seconds since the epoch, UTC */
    if (privpol_time_parse(when, strlen(when), &at, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        privpol_ctx_free(ctx);
        return 64;
    }

    /* One value: the one-shot call (thread-safe on a shared context). */
    char token[PRIVPOL_PSEUDONYM_LEN + 1];
    size_t len = sizeof token;
    if (privpol_pseudonymize(ctx, tenant, PRIVPOL_CAT_CONNECTION_IP_ADDRESS, value,
                             strlen(value), at, 0, token, &len, &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);             /* never quotes the value */
        privpol_ctx_free(ctx);
        return 65;
    }

    /* Hot path: one pseudonymizer per thread and (tenant, category); it caches subkeys. */
    privpol_pseudonymizer *ip;
    char again[PRIVPOL_PSEUDONYM_LEN + 1];
    size_t again_len = sizeof again;
    if (privpol_pseudonymizer_new(ctx, tenant, PRIVPOL_CAT_CONNECTION_IP_ADDRESS, &ip,
                                  &err) != PRIVPOL_OK) {
        fprintf(stderr, "%s\n", err.message);
        privpol_ctx_free(ctx);
        return 1;
    }
    if (privpol_pseudonymizer_run(ip, value, strlen(value), at, 0, again, &again_len,
                                  &err) != PRIVPOL_OK ||
        strcmp(token, again) != 0) {
        fprintf(stderr, "the pseudonymizer disagrees with privpol_pseudonymize()\n");
        privpol_pseudonymizer_free(ip);
        privpol_ctx_free(ctx);
        return 1;
    }
    privpol_pseudonymizer_free(ip);                       /* before its context */

    puts(token);                                          /* pd1.<key id>.<22 characters> */
    privpol_ctx_free(ctx);
    return 0;
}
