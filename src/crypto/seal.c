/* SPDX-License-Identifier: MIT */
/* Sealed text: authenticated encryption of arbitrary bytes under the keyring, used for
 * the rejects of privpol scrub. The construction is written down in docs/seal.md; keep
 * the two in step.
 *
 *   k    = BLAKE2b-256(key = master key, personal = "privpol-sl-v1", msg = "ps1." || key id)
 *   n    = 24 random bytes
 *   c||t = XChaCha20-Poly1305-IETF(k, n, ad = caller's additional data, m = bytes)
 *   text = "ps1." || key id || "." || b64url(n || c || t), no padding
 *
 * The personalization differs from those of pseudonyms ("privpol-pd-v1") and reversible
 * tokens ("privpol-pr-v1"), so no subkey of one construction is a subkey of another.
 * The key id enters the derivation: a text whose id is changed to that of another key
 * fails authentication under that key's subkey. */
#include "crypto.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#define PREFIX "ps1."
#define PREFIX_LEN 4U
#define ID_END (PREFIX_LEN + PRIVPOL_KEYRING_ID_LEN) /* the '.' after the key id */
#define HEAD_LEN (ID_END + 1U)                       /* 13 */
#define NONCE_BYTES crypto_aead_xchacha20poly1305_ietf_NPUBBYTES /* 24 */
#define TAG_BYTES crypto_aead_xchacha20poly1305_ietf_ABYTES      /* 16 */
#define KEY_BYTES crypto_aead_xchacha20poly1305_ietf_KEYBYTES    /* 32 */
#define OVERHEAD (NONCE_BYTES + TAG_BYTES)
#define INLINE_RAW 1024U

_Static_assert(NONCE_BYTES == 24 && TAG_BYTES == 16 && KEY_BYTES == 32, "AEAD sizes");
_Static_assert(PRIVPOL_KEYRING_KEYBYTES >= crypto_generichash_blake2b_KEYBYTES_MIN &&
                   PRIVPOL_KEYRING_KEYBYTES <= crypto_generichash_blake2b_KEYBYTES_MAX,
               "master key usable as a BLAKE2b key");

/* Unpadded base64 length of n bytes, or 0 when it overflows (n > 0). */
static size_t
b64_len(size_t n)
{
    size_t full = n / 3;
    if (full > (SIZE_MAX - 3) / 4)
        return 0;
    return full * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

size_t
privpol_seal_len(size_t len)
{
    size_t b;
    if (len > SIZE_MAX - OVERHEAD)
        return 0;
    if ((b = b64_len(len + OVERHEAD)) == 0 || b > SIZE_MAX - HEAD_LEN)
        return 0;
    return HEAD_LEN + b;
}

static void
derive_key(uint8_t k[KEY_BYTES], const struct privpol__key *key)
{
    static const unsigned char personal[crypto_generichash_blake2b_PERSONALBYTES] =
        "privpol-sl-v1";
    uint8_t msg[PREFIX_LEN + PRIVPOL_KEYRING_ID_LEN];
    memcpy(msg, PREFIX, PREFIX_LEN);
    memcpy(msg + PREFIX_LEN, key->id, PRIVPOL_KEYRING_ID_LEN);
    crypto_generichash_blake2b_salt_personal(k, KEY_BYTES, msg, sizeof msg, key->bytes,
                                             PRIVPOL_KEYRING_KEYBYTES, NULL, personal);
}

/* libsodium is given a valid pointer even for empty inputs. */
static const unsigned char empty[1];

privpol_status
privpol_seal(const privpol_ctx *ctx, int64_t at, const void *ad, size_t ad_len,
             const void *data, size_t len, char *out, size_t *out_len, privpol_error *err)
{
    uint8_t inline_raw[INLINE_RAW], *raw = inline_raw, k[KEY_BYTES];
    unsigned long long clen = 0;
    const struct privpol__key *key;
    size_t text_len, raw_len;
    int idx;

    if (ctx == NULL || (ad == NULL && ad_len > 0) || (data == NULL && len > 0) ||
        out == NULL || out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (len > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX ||
        (text_len = privpol_seal_len(len)) == 0 || text_len == SIZE_MAX)
        return privpol__fail(err, PRIVPOL_ELIMIT, "too many bytes to seal");
    if (at == 0)
        at = (int64_t)time(NULL);
    if (at < PRIVPOL__TIME_MIN || at > PRIVPOL__TIME_MAX)
        return privpol__fail(err, PRIVPOL_EINVAL, "time outside years 0001-9999");
    if (ctx->keyring == NULL)
        return privpol__fail(err, PRIVPOL_ENOKEY, "the context holds no keyring");
    if ((idx = privpol__keyring_key_at(ctx->keyring, at)) < 0)
        return privpol__fail(err, PRIVPOL_ENOKEY,
                             "no key of the keyring is in force at that time");
    if (*out_len < text_len + 1) {
        *out_len = text_len + 1;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    raw_len = len + OVERHEAD;
    if (raw_len > sizeof inline_raw && (raw = privpol__alloc(ctx, raw_len)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    key = &ctx->keyring->keys[idx];
    derive_key(k, key);
    randombytes_buf(raw, NONCE_BYTES);
    /* Only ciphertext is written to raw: it never holds the caller's bytes in clear. */
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        raw + NONCE_BYTES, &clen, len > 0 ? data : empty, len, ad_len > 0 ? ad : empty,
        ad_len, NULL, raw, k);
    sodium_memzero(k, sizeof k);
    memcpy(out, PREFIX, PREFIX_LEN);
    memcpy(out + PREFIX_LEN, key->id, PRIVPOL_KEYRING_ID_LEN);
    out[ID_END] = '.';
    sodium_bin2base64(out + HEAD_LEN, text_len + 1 - HEAD_LEN, raw, raw_len,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    *out_len = text_len;
    if (raw != inline_raw)
        privpol__free(ctx, raw);
    return PRIVPOL_OK;
}

static bool
is_b64url(unsigned char c)
{
    return privpol__is_alnum(c) || c == '-' || c == '_';
}

privpol_status
privpol_unseal(const privpol_ctx *ctx, const void *ad, size_t ad_len, const char *text,
               size_t text_len, void *out, size_t *out_len, privpol_error *err)
{
    uint8_t inline_raw[INLINE_RAW], *raw = inline_raw, k[KEY_BYTES];
    size_t body_len, raw_len, pt_len, decoded = 0;
    unsigned long long mlen = 0;
    privpol_status st = PRIVPOL_OK;
    const char *body;
    int idx, rc;

    if (ctx == NULL || (ad == NULL && ad_len > 0) || (text == NULL && text_len > 0) ||
        out == NULL || out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (!(ctx->flags & PRIVPOL_CTX_ALLOW_REVEAL))
        return privpol__fail(err, PRIVPOL_EDENIED,
                             "this context may not unseal (PRIVPOL_CTX_ALLOW_REVEAL not set)");
    if (text_len < HEAD_LEN || memcmp(text, PREFIX, PREFIX_LEN) != 0 ||
        text[ID_END] != '.')
        return privpol__fail(err, PRIVPOL_EPARSE, "not a sealed text (ps1.KEYID.DATA)");
    for (size_t i = PREFIX_LEN; i < ID_END; i++)
        if (!privpol__is_digit((unsigned char)text[i]) &&
            !((unsigned char)text[i] >= 'a' && (unsigned char)text[i] <= 'f'))
            return privpol__fail_at(err, PRIVPOL_EPARSE, 0, i + 1,
                                    "the key id of a sealed text is 8 lowercase hex digits");
    body = text + HEAD_LEN;
    body_len = text_len - HEAD_LEN;
    for (size_t i = 0; i < body_len; i++)
        if (!is_b64url((unsigned char)body[i]))
            return privpol__fail_at(err, PRIVPOL_EPARSE, 0, HEAD_LEN + i + 1,
                                    "a sealed text holds base64url characters only");
    if (ctx->keyring == NULL ||
        (idx = privpol__keyring_find(ctx->keyring, text + PREFIX_LEN,
                                     PRIVPOL_KEYRING_ID_LEN)) < 0)
        return privpol__fail(err, PRIVPOL_ENOKEY,
                             "the key id of the sealed text is not in the keyring");
    /* From here on the text has the right shape: anything wrong is damage. */
    raw_len = body_len / 4 * 3 + (body_len % 4 == 0 ? 0 : body_len % 4 - 1);
    if (body_len % 4 == 1 || raw_len < OVERHEAD)
        return privpol__fail(err, PRIVPOL_EAUTH, "sealed text is truncated or damaged");
    pt_len = raw_len - OVERHEAD;
    if (*out_len < pt_len + 1) {
        *out_len = pt_len + 1;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    if (raw_len > sizeof inline_raw && (raw = privpol__alloc(ctx, raw_len)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    /* Rejects non-zero unused bits of the last character too. */
    if (sodium_base642bin(raw, raw_len, body, body_len, NULL, &decoded, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        decoded != raw_len) {
        st = privpol__fail(err, PRIVPOL_EAUTH, "sealed text is truncated or damaged");
        goto done;
    }
    derive_key(k, &ctx->keyring->keys[idx]);
    /* libsodium checks the tag before it decrypts: on failure out gets zeros only. */
    rc = crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL, raw + NONCE_BYTES,
                                                    raw_len - NONCE_BYTES,
                                                    ad_len > 0 ? ad : empty, ad_len, raw, k);
    sodium_memzero(k, sizeof k);
    if (rc != 0 || mlen != pt_len) {
        st = privpol__fail(err, PRIVPOL_EAUTH,
                           "sealed text is tampered with, or was sealed with another key "
                           "or for other additional data");
        goto done;
    }
    ((unsigned char *)out)[pt_len] = '\0';
    *out_len = pt_len;
done:
    if (raw != inline_raw)
        privpol__free(ctx, raw);
    return st;
}

size_t
privpol_seal_reject_ad_size(void)
{
    return PRIVPOL_REJECT_AD_SIZE;
}

privpol_status
privpol_seal_reject_ad(uint64_t line, uint64_t part, bool final, char *out, size_t *out_len,
                       privpol_error *err)
{
    char buf[PRIVPOL_REJECT_AD_SIZE];
    int n;
    if (out == NULL || out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (line == 0 || part == 0)
        return privpol__fail(err, PRIVPOL_EINVAL, "line and part are counted from 1");
    /* At most 15 + 20 + 1 + 20 + 2 = 58 characters. */
    n = snprintf(buf, sizeof buf, "privpol-reject:%llu:%llu:%c", (unsigned long long)line,
                 (unsigned long long)part, final ? '1' : '0');
    if (n < 0 || (size_t)n >= sizeof buf)
        return privpol__fail(err, PRIVPOL_EINVAL, "line or part out of range");
    if ((size_t)n >= *out_len) {
        *out_len = (size_t)n + 1;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    memcpy(out, buf, (size_t)n + 1);
    *out_len = (size_t)n;
    return PRIVPOL_OK;
}
