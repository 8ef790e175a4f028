/* SPDX-License-Identifier: MIT */
/* The syntax of this library's tokens: "pd1." / "pr1.", a key id, ".", base64url
 * (docs/pseudonyms.md). Recognizing a token needs no key, so it sits in the ident layer,
 * below the classifier (which flags tokens) and the pseudonymizer (which makes them). */
#include "ident.h"

_Static_assert(PRIVPOL__TOKEN_ID_END + 1 + PRIVPOL__TOKEN_B64_16 == PRIVPOL_PSEUDONYM_LEN,
               "pseudonym length");

int
privpol__b64url_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

static bool
is_b64(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (privpol__b64url_value((unsigned char)s[i]) < 0)
            return false;
    return true;
}

static bool
is_key_id(const char *s)
{
    for (size_t i = 0; i < PRIVPOL_KEYRING_ID_LEN; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return true;
}

privpol_token_kind
privpol_pseudonym_token_kind(const char *t, size_t n)
{
    if (t == NULL || n < PRIVPOL_PSEUDONYM_LEN || t[0] != 'p' || t[2] != '1' ||
        t[3] != '.' || !is_key_id(t + PRIVPOL__TOKEN_PREFIX_LEN) || t[PRIVPOL__TOKEN_ID_END] != '.')
        return PRIVPOL_TOKEN_NONE;
    if (t[1] == 'd' && n == PRIVPOL_PSEUDONYM_LEN && is_b64(t + PRIVPOL__TOKEN_ID_END + 1, PRIVPOL__TOKEN_B64_16) &&
        (privpol__b64url_value((unsigned char)t[n - 1]) & 15) == 0)
        return PRIVPOL_TOKEN_PSEUDONYM;
    if (t[1] == 'r' && n >= PRIVPOL__TOKEN_ID_END + 1 + PRIVPOL__TOKEN_B64_LEN(PRIVPOL__TOKEN_SIV_BYTES + PRIVPOL__TOKEN_PT_HEADER + 1) &&
        (n - PRIVPOL__TOKEN_ID_END - 1) % 4 != 1 && is_b64(t + PRIVPOL__TOKEN_ID_END + 1, n - PRIVPOL__TOKEN_ID_END - 1))
        return PRIVPOL_TOKEN_REVERSIBLE;
    return PRIVPOL_TOKEN_NONE;
}

