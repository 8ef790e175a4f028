/* SPDX-License-Identifier: MIT */
/* An outside program, built against the installed library with pkg-config only. */
#include <privpol.h>

#include <stdio.h>
#include <string.h>

int
main(void)
{
    privpol_keyring *kr = NULL;
    privpol_ctx_options o = PRIVPOL_CTX_OPTIONS_INIT;
    privpol_ctx *ctx = NULL;
    char token[PRIVPOL_PSEUDONYM_LEN + 1], again[PRIVPOL_PSEUDONYM_LEN + 1];
    size_t len = sizeof token, len2 = sizeof again;

    if (privpol_version_number() != PRIVPOL_VERSION_NUMBER) {
        fprintf(stderr, "header %s, library %s\n", PRIVPOL_VERSION_STRING,
                privpol_version_string());
        return 1;
    }
    if (privpol_keyring_generate(0, NULL, &kr, NULL) != PRIVPOL_OK)
        return 1;
    o.keyring = kr;
    if (privpol_ctx_new(&o, &ctx, NULL) != PRIVPOL_OK)
        return 1;
    privpol_keyring_free(kr);
    if (privpol_pseudonymize(ctx, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS, "192.0.2.1", 9,
                             1767225600, 0, token, &len, NULL) != PRIVPOL_OK ||
        privpol_pseudonymize(ctx, "acme", PRIVPOL_CAT_CONNECTION_IP_ADDRESS, "::ffff:192.0.2.1", 16,
                             1767225600, 0, again, &len2, NULL) != PRIVPOL_OK)
        return 1;
    if (len != PRIVPOL_PSEUDONYM_LEN || strcmp(token, again) != 0 ||
        strncmp(token, "pd1.", 4) != 0)
        return 1;
    printf("%s %s\n", privpol_version_string(), token);
    privpol_ctx_free(ctx);
    return 0;
}
