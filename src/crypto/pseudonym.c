/* SPDX-License-Identifier: MIT */
/* Keyed pseudonyms, reversible tokens and subject lookup. The construction is written
 * down in docs/pseudonyms.md; keep the two in step.
 *
 *   subkey(key, tenant, category, epoch) =
 *       BLAKE2b-128(key = master key, personal = "privpol-pd-v1",
 *                   msg = lp(category id) || u8 period || be64 epoch || lp(tenant))
 *   pseudonym = "pd1." || key id || "." || b64url(SipHash-2-4-128(subkey, normalized))
 *
 *   k_mac || k_enc = BLAKE2b-512(key = master key, personal = "privpol-pr-v1",
 *                                msg = lp(tenant))
 *   P   = u8 category index || u8 period || be64 epoch || normalized
 *   SIV = BLAKE2b-128(key = k_mac, msg = "pr1." || key id || P)
 *   C   = P xor XChaCha20(k_enc, nonce = SIV || 0^8)
 *   reversible token = "pr1." || key id || "." || b64url(SIV || C)
 *
 * lp(x) is a one-byte length then x. The subkey is cached by privpol_pseudonymizer, so
 * the hot path is one SipHash over the normalized bytes plus parsing and encoding. */
#include "crypto.h"

#include <string.h>

#include <sodium.h>

#define SUBKEY_BYTES crypto_shorthash_siphashx24_KEYBYTES /* 16 */
#define PRF_BYTES crypto_shorthash_siphashx24_BYTES       /* 16 */
#define SIV_BYTES PRIVPOL__TOKEN_SIV_BYTES
#define PT_HEADER PRIVPOL__TOKEN_PT_HEADER
#define PREFIX_LEN PRIVPOL__TOKEN_PREFIX_LEN
#define ID_END PRIVPOL__TOKEN_ID_END
#define B64_16 22U    /* base64url of 16 bytes, unpadded */
#define MAX_VALUE (1024U * 1024U)
#define MAX_SUBJECT_TOKENS 100000U
#define NORM_INLINE 512U

_Static_assert(PRIVPOL__EMAIL_MAX <= NORM_INLINE, "normalized buffer");

size_t
privpol_pseudonym_len(void)
{
    return PRIVPOL_PSEUDONYM_LEN;
}

/* ---- base64url without padding --------------------------------------------------- */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* All 4096 pairs of base64url characters: entry i holds the two characters of the
 * 12 bits i. Built by the preprocessor (each "XY" initializes one char[2], its NUL
 * dropped), so no table is computed at run time. */
#define B64_ROW(c)                                                                        \
    c "A", c "B", c "C", c "D", c "E", c "F", c "G", c "H", c "I", c "J", c "K", c "L",   \
    c "M", c "N", c "O", c "P", c "Q", c "R", c "S", c "T", c "U", c "V", c "W", c "X",   \
    c "Y", c "Z", c "a", c "b", c "c", c "d", c "e", c "f", c "g", c "h", c "i", c "j",   \
    c "k", c "l", c "m", c "n", c "o", c "p", c "q", c "r", c "s", c "t", c "u", c "v",   \
    c "w", c "x", c "y", c "z", c "0", c "1", c "2", c "3", c "4", c "5", c "6", c "7",   \
    c "8", c "9", c "-", c "_"
static const char b64_pairs[4096][2] = {
    B64_ROW("A"), B64_ROW("B"), B64_ROW("C"), B64_ROW("D"), B64_ROW("E"), B64_ROW("F"),
    B64_ROW("G"), B64_ROW("H"), B64_ROW("I"), B64_ROW("J"), B64_ROW("K"), B64_ROW("L"),
    B64_ROW("M"), B64_ROW("N"), B64_ROW("O"), B64_ROW("P"), B64_ROW("Q"), B64_ROW("R"),
    B64_ROW("S"), B64_ROW("T"), B64_ROW("U"), B64_ROW("V"), B64_ROW("W"), B64_ROW("X"),
    B64_ROW("Y"), B64_ROW("Z"), B64_ROW("a"), B64_ROW("b"), B64_ROW("c"), B64_ROW("d"),
    B64_ROW("e"), B64_ROW("f"), B64_ROW("g"), B64_ROW("h"), B64_ROW("i"), B64_ROW("j"),
    B64_ROW("k"), B64_ROW("l"), B64_ROW("m"), B64_ROW("n"), B64_ROW("o"), B64_ROW("p"),
    B64_ROW("q"), B64_ROW("r"), B64_ROW("s"), B64_ROW("t"), B64_ROW("u"), B64_ROW("v"),
    B64_ROW("w"), B64_ROW("x"), B64_ROW("y"), B64_ROW("z"), B64_ROW("0"), B64_ROW("1"),
    B64_ROW("2"), B64_ROW("3"), B64_ROW("4"), B64_ROW("5"), B64_ROW("6"), B64_ROW("7"),
    B64_ROW("8"), B64_ROW("9"), B64_ROW("-"), B64_ROW("_")};
#undef B64_ROW

/* base64url of exactly 16 bytes (22 characters): the pseudonym's hot path. */
static inline void
b64_encode16(char *out, const uint8_t in[16])
{
    for (unsigned i = 0; i < 15; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        memcpy(out, b64_pairs[v >> 12], 2);
        memcpy(out + 2, b64_pairs[v & 0xFFF], 2);
        out += 4;
    }
    /* The last byte: its top 6 bits, then its low 2 bits followed by four zero bits. */
    memcpy(out, b64_pairs[(uint32_t)in[15] << 4], 2);
}

static size_t
b64_len(size_t n)
{
    return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

static void
b64_encode(char *out, const uint8_t *in, size_t n)
{
    size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[0] = b64_alphabet[v >> 18];
        out[1] = b64_alphabet[(v >> 12) & 63];
        out[2] = b64_alphabet[(v >> 6) & 63];
        out[3] = b64_alphabet[v & 63];
        out += 4;
    }
    if (n - i == 1) {
        out[0] = b64_alphabet[in[i] >> 2];
        out[1] = b64_alphabet[(in[i] & 3) << 4];
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)in[i] << 8 | in[i + 1];
        out[0] = b64_alphabet[v >> 10];
        out[1] = b64_alphabet[(v >> 4) & 63];
        out[2] = b64_alphabet[(v & 15) << 2];
    }
}

/* Decode; false on a bad character, a bad length or non-zero unused bits. */
static bool
b64_decode(uint8_t *out, const char *in, size_t n, size_t *out_len)
{
    uint32_t acc = 0;
    unsigned bits = 0;
    size_t o = 0;
    if (n % 4 == 1)
        return false;
    for (size_t i = 0; i < n; i++) {
        int v = privpol__b64url_value((unsigned char)in[i]);
        if (v < 0)
            return false;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
            acc &= (1U << bits) - 1;
        }
    }
    if (acc != 0)
        return false;
    *out_len = o;
    return true;
}

/* ---- epochs ----------------------------------------------------------------------- */

static int64_t
floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

int64_t
privpol_period_epoch(privpol_period period, int64_t at, int64_t *out_start, int64_t *out_end)
{
    int64_t days = floor_div(at, 86400), e, start, end, y;
    unsigned m, d;
    switch (period) {
    case PRIVPOL_PERIOD_DAY:
        e = days;
        start = days * 86400;
        end = start + 86400;
        break;
    case PRIVPOL_PERIOD_WEEK:
        /* 1970-01-01 was a Thursday: Monday 1969-12-29 starts week 0. */
        e = floor_div(days + 3, 7);
        start = (e * 7 - 3) * 86400;
        end = start + 7 * 86400;
        break;
    case PRIVPOL_PERIOD_MONTH:
        privpol__civil_from_days(days, &y, &m, &d);
        e = (y - 1970) * 12 + (int64_t)m - 1;
        start = privpol__days_from_civil(y, m, 1) * 86400;
        end = (m == 12 ? privpol__days_from_civil(y + 1, 1, 1)
                       : privpol__days_from_civil(y, m + 1, 1)) * 86400;
        break;
    case PRIVPOL_PERIOD_YEAR:
        privpol__civil_from_days(days, &y, &m, &d);
        e = y - 1970;
        start = privpol__days_from_civil(y, 1, 1) * 86400;
        end = privpol__days_from_civil(y + 1, 1, 1) * 86400;
        break;
    case PRIVPOL_PERIOD_NONE:
    default:
        e = 0;
        start = INT64_MIN;
        end = INT64_MAX;
        break;
    }
    if (out_start != NULL)
        *out_start = start;
    if (out_end != NULL)
        *out_end = end;
    return e;
}

/* Times this library can represent as text; the epoch arithmetic stays exact there. */

/* ---- normalization ---------------------------------------------------------------- */

struct norm {
    const uint8_t *p; /* the keyed bytes: into buf or into the caller's value */
    size_t n;
    uint8_t buf[NORM_INLINE];
};

static privpol_status
normalize_digits(const char *s, size_t n, struct norm *out, privpol_error *err)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') {
            if (o == 64)
                return privpol__fail_at(err, PRIVPOL_EVALUE, 0, i + 1,
                                        "more than 64 digits");
            out->buf[o++] = c;
        } else if ((c == ' ' || c == '-') && o > 0 && i + 1 < n && s[i + 1] >= '0' &&
                   s[i + 1] <= '9') {
            continue; /* one separator between two digits */
        } else {
            return privpol__fail_at(err, PRIVPOL_EVALUE, 0, i + 1,
                                    "expected digits, optionally grouped by spaces or dashes");
        }
    }
    out->p = out->buf;
    out->n = o;
    return PRIVPOL_OK;
}

/* IBAN: the compact form ("FR7630006000011234567890189"); one space between groups and
 * lowercase letters are accepted, and the result must pass the ISO 13616 check. */
static privpol_status
normalize_iban(const char *s, size_t n, struct norm *out, privpol_error *err)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' && o > 0 && i + 1 < n && s[i + 1] != ' ')
            continue;
        if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ||
            o == 34)
            return privpol__fail_at(err, PRIVPOL_EVALUE, 0, i + 1,
                                    "expected an IBAN: letters and digits, at most 34");
        out->buf[o++] = (uint8_t)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    }
    if (!privpol__iban_ok((const char *)out->buf, o))
        return privpol__fail(err, PRIVPOL_EVALUE,
                             "not a valid IBAN (country, length or check digits)");
    out->p = out->buf;
    out->n = o;
    return PRIVPOL_OK;
}

/* The keyed bytes of a value of category `cat`. */
static inline privpol_status
normalize(const privpol_ctx *ctx, int cat, const char *value, size_t len, struct norm *out,
          privpol_error *err)
{
    privpol_normalizer nz = privpol__categories[cat].normalizer;
    privpol_status st = PRIVPOL_OK;
    const char *s = value;
    size_t n = len;

    if (nz != PRIVPOL_NORM_OPAQUE && nz != PRIVPOL_NORM_NONE)
        s = privpol__trim(value, &n);
    if (n == 0)
        return privpol__fail(err, PRIVPOL_EVALUE, "empty value");
    if (n > MAX_VALUE)
        return privpol__fail(err, PRIVPOL_EVALUE, "value longer than 1 MiB");
    switch (nz) {
    case PRIVPOL_NORM_IP:
        st = privpol__ip_parse(s, n, out->buf, &out->n, err);
        out->p = out->buf;
        break;
    case PRIVPOL_NORM_PHONE:
        st = privpol__phone_parse(s, n, ctx->default_region[0] ? ctx->default_region : NULL,
                                  (char *)out->buf, &out->n, err);
        out->p = out->buf;
        break;
    case PRIVPOL_NORM_EMAIL:
        st = privpol__email_parse(s, n, (ctx->flags & PRIVPOL_CTX_EMAIL_KEEP_CASE) != 0,
                                  (char *)out->buf, &out->n, err);
        out->p = out->buf;
        break;
    case PRIVPOL_NORM_DIGITS:
        st = normalize_digits(s, n, out, err);
        break;
    case PRIVPOL_NORM_IBAN:
        st = normalize_iban(s, n, out, err);
        break;
    default: /* text, scan (trimmed above), opaque, none: bytes as they are */
        out->p = (const uint8_t *)s;
        out->n = n;
        break;
    }
    if (st != PRIVPOL_OK && err != NULL && err->column > 0)
        err->column += (size_t)(s - value); /* columns count from the untrimmed value */
    return st;
}

/* Text form of keyed bytes into out (see the output convention in pseudonym.h). */
static privpol_status
write_text(int cat, const uint8_t *p, size_t n, char *out, size_t *out_len)
{
    char ip[PRIVPOL__IP_TEXT_MAX];
    if (privpol__categories[cat].normalizer == PRIVPOL_NORM_IP) {
        if (n != 4 && n != 16)
            return PRIVPOL_EVALUE;
        n = privpol__ip_format(p, n, ip);
        p = (const uint8_t *)ip;
    }
    if (*out_len < n + 1) {
        *out_len = n + 1;
        return PRIVPOL_EBUFSIZE;
    }
    memcpy(out, p, n);
    out[n] = '\0';
    *out_len = n;
    return PRIVPOL_OK;
}

static privpol_status
check_common(const privpol_ctx *ctx, privpol_category category, const char *value,
             size_t value_len, const char *out, const size_t *out_len, int *cat,
             privpol_error *err)
{
    if (ctx == NULL || (value == NULL && value_len > 0) || out == NULL || out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *cat = (int)category;
    return privpol__category_check(category, err);
}

privpol_status
privpol_normalize(const privpol_ctx *ctx, privpol_category category, const char *value, size_t value_len, char *out, size_t *out_len, privpol_error *err)
{
    struct norm nm;
    privpol_status st;
    int cat = 0;
    if ((st = check_common(ctx, category, value, value_len, out, out_len, &cat, err)) != 0)
        return st;
    if ((st = normalize(ctx, cat, value, value_len, &nm, err)) != PRIVPOL_OK)
        return st;
    st = write_text(cat, nm.p, nm.n, out, out_len);
    sodium_memzero(nm.buf, sizeof nm.buf);
    return st == PRIVPOL_EBUFSIZE ? privpol__fail(err, st, NULL) : st;
}

/* ---- keys --------------------------------------------------------------------------- */

static privpol_status
check_tenant(const char *tenant, size_t *len, privpol_error *err)
{
    if (tenant == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null tenant");
    *len = strlen(tenant);
    if (*len == 0 || *len > 255)
        return privpol__fail(err, PRIVPOL_EINVAL, "tenant id must be 1 to 255 bytes");
    return PRIVPOL_OK;
}

static void
derive_subkey(uint8_t subkey[SUBKEY_BYTES], const unsigned char *master, int cat,
              privpol_period period, int64_t epoch, const char *tenant, size_t tenant_len)
{
    static const unsigned char personal[crypto_generichash_blake2b_PERSONALBYTES] =
        "privpol-pd-v1";
    uint8_t msg[1 + 64 + 1 + 8 + 1 + 255];
    const char *id = privpol__categories[cat].id;
    size_t id_len = strlen(id), n = 0;

    msg[n++] = (uint8_t)id_len;
    memcpy(msg + n, id, id_len);
    n += id_len;
    msg[n++] = (uint8_t)period;
    for (int i = 7; i >= 0; i--)
        msg[n++] = (uint8_t)((uint64_t)epoch >> (8 * i));
    msg[n++] = (uint8_t)tenant_len;
    memcpy(msg + n, tenant, tenant_len);
    n += tenant_len;
    crypto_generichash_blake2b_salt_personal(subkey, SUBKEY_BYTES, msg, n, master,
                                             PRIVPOL_KEYRING_KEYBYTES, NULL, personal);
}

static void
derive_rev_keys(uint8_t keys[64], const unsigned char *master, const char *tenant,
                size_t tenant_len)
{
    static const unsigned char personal[crypto_generichash_blake2b_PERSONALBYTES] =
        "privpol-pr-v1";
    uint8_t msg[1 + 255];
    msg[0] = (uint8_t)tenant_len;
    memcpy(msg + 1, tenant, tenant_len);
    crypto_generichash_blake2b_salt_personal(keys, 64, msg, 1 + tenant_len, master,
                                             PRIVPOL_KEYRING_KEYBYTES, NULL, personal);
}

/* The key in force at `at` and the range [start, end) over which it and the epoch of
 * `at` both hold, which is how long a cached subkey stays right. */
static privpol_status
key_and_epoch(const privpol_keyring *kr, privpol_period period, int64_t at, int *key,
              int64_t *epoch, int64_t *start, int64_t *end, privpol_error *err)
{
    int64_t es, ee;
    if (kr == NULL)
        return privpol__fail(err, PRIVPOL_ENOKEY, "the context holds no keyring");
    if (at < PRIVPOL__TIME_MIN || at > PRIVPOL__TIME_MAX)
        return privpol__fail(err, PRIVPOL_EINVAL, "event time outside years 0001-9999");
    if ((*key = privpol__keyring_key_at(kr, at)) < 0)
        return privpol__fail(err, PRIVPOL_ENOKEY, "no key of the keyring is in force at "
                                                  "the event time");
    *epoch = privpol_period_epoch(period, at, &es, &ee);
    *start = es > kr->keys[*key].from ? es : kr->keys[*key].from;
    *end = (size_t)*key + 1 < kr->count && kr->keys[*key + 1].from < ee
               ? kr->keys[*key + 1].from
               : ee;
    return PRIVPOL_OK;
}

static void
write_pseudonym(char *out, const char *key_id, const uint8_t subkey[SUBKEY_BYTES],
                const struct norm *nm)
{
    uint8_t h[PRF_BYTES];
    crypto_shorthash_siphashx24(h, nm->p, nm->n, subkey);
    memcpy(out, "pd1.", PREFIX_LEN);
    memcpy(out + PREFIX_LEN, key_id, PRIVPOL_KEYRING_ID_LEN);
    out[ID_END] = '.';
    b64_encode16(out + ID_END + 1, h);
    out[PRIVPOL_PSEUDONYM_LEN] = '\0';
}

size_t
privpol_pseudonym_reversible_size(size_t normalized_len)
{
    if (normalized_len > MAX_VALUE)
        return 0;
    return ID_END + 1 + b64_len(SIV_BYTES + PT_HEADER + normalized_len) + 1;
}

static privpol_status
write_reversible(const privpol_ctx *ctx, char *out, size_t *out_len, const char *key_id,
                 const uint8_t keys[64], int cat, privpol_period period, int64_t epoch,
                 const struct norm *nm, privpol_error *err)
{
    uint8_t inline_buf[SIV_BYTES + PT_HEADER + NORM_INLINE], *buf = inline_buf, *pt;
    size_t need = privpol_pseudonym_reversible_size(nm->n), pt_len = PT_HEADER + nm->n;
    uint8_t nonce[crypto_stream_xchacha20_NONCEBYTES] = {0};
    crypto_generichash_blake2b_state st;

    if (*out_len < need) {
        *out_len = need;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    if (SIV_BYTES + pt_len > sizeof inline_buf &&
        (buf = privpol__alloc(ctx, SIV_BYTES + pt_len)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    pt = buf + SIV_BYTES;
    pt[0] = (uint8_t)cat;
    pt[1] = (uint8_t)period;
    for (int i = 0; i < 8; i++)
        pt[2 + i] = (uint8_t)((uint64_t)epoch >> (56 - 8 * i));
    memcpy(pt + PT_HEADER, nm->p, nm->n);

    crypto_generichash_blake2b_init(&st, keys, 32, SIV_BYTES);
    crypto_generichash_blake2b_update(&st, (const unsigned char *)"pr1.", PREFIX_LEN);
    crypto_generichash_blake2b_update(&st, (const unsigned char *)key_id,
                                      PRIVPOL_KEYRING_ID_LEN);
    crypto_generichash_blake2b_update(&st, pt, pt_len);
    crypto_generichash_blake2b_final(&st, buf, SIV_BYTES);
    memcpy(nonce, buf, SIV_BYTES);
    crypto_stream_xchacha20_xor(pt, pt, pt_len, nonce, keys + 32);

    memcpy(out, "pr1.", PREFIX_LEN);
    memcpy(out + PREFIX_LEN, key_id, PRIVPOL_KEYRING_ID_LEN);
    out[ID_END] = '.';
    b64_encode(out + ID_END + 1, buf, SIV_BYTES + pt_len);
    out[need - 1] = '\0';
    *out_len = need - 1;
    sodium_memzero(&st, sizeof st);
    if (buf != inline_buf)
        privpol__free(ctx, buf);
    else
        sodium_memzero(inline_buf, sizeof inline_buf);
    return PRIVPOL_OK;
}

static privpol_status open_reversible(const privpol_ctx *ctx, const char *tenant,
                                      size_t tenant_len, const char *token,
                                      size_t token_len, privpol_category *category_out, char *out,
                                      size_t *out_len, privpol_error *err);

/* A value that already is a token of this context is returned as it is: a pseudonym
 * naming a key of this keyring, or a reversible token authentic for this tenant.
 * Anything else that merely looks like a token is an ordinary value (fail closed: a
 * token-shaped string must not smuggle data through in clear). */
static inline bool
pass_through_token(const privpol_ctx *ctx, const char *tenant, size_t tenant_len,
                   const char *value, size_t value_len, char *out, size_t *out_len,
                   privpol_status *st, privpol_error *err)
{
    size_t n = value_len;
    const char *s;
    privpol_token_kind kind;
    if (value_len < PRIVPOL_PSEUDONYM_LEN) /* most identifiers: too short to be a token */
        return false;
    s = privpol__trim(value, &n);
    if (n < PRIVPOL_PSEUDONYM_LEN || (kind = privpol_pseudonym_token_kind(s, n)) == PRIVPOL_TOKEN_NONE)
        return false;
    if (ctx->keyring == NULL ||
        privpol__keyring_find(ctx->keyring, s + PREFIX_LEN, PRIVPOL_KEYRING_ID_LEN) < 0)
        return false;
    if (kind == PRIVPOL_TOKEN_REVERSIBLE &&
        open_reversible(ctx, tenant, tenant_len, s, n, NULL, NULL, NULL, NULL) != PRIVPOL_OK)
        return false;
    if (*out_len < n + 1) {
        *out_len = n + 1;
        *st = privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
        return true;
    }
    memcpy(out, s, n);
    out[n] = '\0';
    *out_len = n;
    *st = PRIVPOL_OK;
    return true;
}

static privpol_status
check_out(size_t *out_len, unsigned flags, privpol_error *err)
{
    if ((flags & ~PRIVPOL_PSEUDONYM_REVERSIBLE) != 0)
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown pseudonym flag");
    if (!(flags & PRIVPOL_PSEUDONYM_REVERSIBLE) && *out_len < PRIVPOL_PSEUDONYM_LEN + 1) {
        *out_len = PRIVPOL_PSEUDONYM_LEN + 1;
        return privpol__fail(err, PRIVPOL_EBUFSIZE, NULL);
    }
    return PRIVPOL_OK;
}

privpol_status
privpol_pseudonymize(const privpol_ctx *ctx, const char *tenant, privpol_category category, const char *value, size_t value_len, int64_t at, unsigned flags, char *out, size_t *out_len, privpol_error *err)
{
    struct norm nm;
    privpol_status st;
    privpol_period period;
    int cat = 0, key;
    int64_t epoch, start, end;
    size_t tenant_len = 0;

    if ((st = check_common(ctx, category, value, value_len, out, out_len, &cat, err)) != 0 ||
        (st = check_tenant(tenant, &tenant_len, err)) != PRIVPOL_OK)
        return st;
    if (pass_through_token(ctx, tenant, tenant_len, value, value_len, out, out_len, &st,
                           err))
        return st;
    if ((st = check_out(out_len, flags, err)) != PRIVPOL_OK)
        return st;
    period = (privpol_period)ctx->periods[cat];
    if ((st = key_and_epoch(ctx->keyring, period, at, &key, &epoch, &start, &end, err)) != 0)
        return st;
    if ((st = normalize(ctx, cat, value, value_len, &nm, err)) != PRIVPOL_OK)
        return st;
    if (flags & PRIVPOL_PSEUDONYM_REVERSIBLE) {
        uint8_t keys[64];
        derive_rev_keys(keys, ctx->keyring->keys[key].bytes, tenant, tenant_len);
        st = write_reversible(ctx, out, out_len, ctx->keyring->keys[key].id, keys, cat,
                              period, epoch, &nm, err);
        sodium_memzero(keys, sizeof keys);
    } else {
        uint8_t subkey[SUBKEY_BYTES];
        derive_subkey(subkey, ctx->keyring->keys[key].bytes, cat, period, epoch, tenant,
                      tenant_len);
        write_pseudonym(out, ctx->keyring->keys[key].id, subkey, &nm);
        *out_len = PRIVPOL_PSEUDONYM_LEN;
        sodium_memzero(subkey, sizeof subkey);
    }
    sodium_memzero(nm.buf, sizeof nm.buf);
    return st;
}

/* ---- pseudonymizer: cached subkeys ------------------------------------------------- */

#define CACHE_SLOTS 4

struct cache_entry {
    int64_t start, end; /* valid for start <= at < end; empty when start >= end */
    int64_t epoch;
    int key;
    uint8_t subkey[SUBKEY_BYTES];
};

struct rev_entry {
    int key; /* -1: empty */
    uint8_t keys[64];
};

struct secret_cache { /* in guarded memory */
    struct cache_entry e[CACHE_SLOTS];
    struct rev_entry rev;
};

struct privpol_pseudonymizer {
    const privpol_ctx *ctx;
    int cat;
    privpol_period period;
    unsigned next_victim;
    size_t tenant_len;
    char tenant[256];
    struct secret_cache *secret;
    struct cache_entry *last; /* the entry that served the last call */
};

privpol_status
privpol_pseudonymizer_new(const privpol_ctx *ctx, const char *tenant, privpol_category category, privpol_pseudonymizer **out, privpol_error *err)
{
    privpol_pseudonymizer *p;
    privpol_status st;
    size_t tenant_len = 0;
    int cat = 0;

    if (out == NULL || ctx == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    *out = NULL;
    if ((st = check_tenant(tenant, &tenant_len, err)) != PRIVPOL_OK ||
        (st = privpol__category_check(category, err)) != PRIVPOL_OK)
        return st;
    cat = (int)category;
    if (ctx->keyring == NULL)
        return privpol__fail(err, PRIVPOL_ENOKEY, "the context holds no keyring");
    if ((p = privpol__alloc(ctx, sizeof *p)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    memset(p, 0, sizeof *p);
    if ((p->secret = sodium_malloc(sizeof *p->secret)) == NULL) {
        privpol__free(ctx, p);
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    }
    memset(p->secret, 0, sizeof *p->secret);
    p->secret->rev.key = -1;
    p->last = &p->secret->e[0]; /* empty: start == end */
    p->ctx = ctx;
    p->cat = cat;
    p->period = (privpol_period)ctx->periods[cat];
    p->tenant_len = tenant_len;
    memcpy(p->tenant, tenant, tenant_len + 1);
    *out = p;
    return PRIVPOL_OK;
}

void
privpol_pseudonymizer_free(privpol_pseudonymizer *p)
{
    if (p == NULL)
        return;
    sodium_free(p->secret); /* wipes the cached subkeys */
    privpol__free(p->ctx, p);
}

static privpol_status
cached_subkey(privpol_pseudonymizer *p, int64_t at, struct cache_entry **hit,
              privpol_error *err)
{
    struct cache_entry *e;
    privpol_status st;
    int key;
    int64_t epoch, start, end;

    for (unsigned i = 0; i < CACHE_SLOTS; i++) {
        e = &p->secret->e[i];
        if (at >= e->start && at < e->end) {
            *hit = e;
            return PRIVPOL_OK;
        }
    }
    if ((st = key_and_epoch(p->ctx->keyring, p->period, at, &key, &epoch, &start, &end,
                            err)) != PRIVPOL_OK)
        return st;
    e = &p->secret->e[p->next_victim++ % CACHE_SLOTS];
    derive_subkey(e->subkey, p->ctx->keyring->keys[key].bytes, p->cat, p->period, epoch,
                  p->tenant, p->tenant_len);
    e->start = start;
    e->end = end;
    e->epoch = epoch;
    e->key = key;
    *hit = e;
    return PRIVPOL_OK;
}

/* Wipe a few bytes of a value; cheaper than a call for the short values of the hot
 * path, and volatile so that the compiler keeps it. */
static inline void
wipe_value(uint8_t *p, size_t n)
{
    volatile uint8_t *v = p;
    while (n-- > 0)
        *v++ = 0;
}

privpol_status
privpol_pseudonymizer_run(privpol_pseudonymizer *p, const char *value, size_t value_len,
                          int64_t at, unsigned flags, char *out, size_t *out_len,
                          privpol_error *err)
{
    struct cache_entry *e;
    struct norm nm;
    privpol_status st;
    const privpol_keyring *kr;

    if (p == NULL || (value == NULL && value_len > 0) || out == NULL || out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if (value_len >= PRIVPOL_PSEUDONYM_LEN &&
        pass_through_token(p->ctx, p->tenant, p->tenant_len, value, value_len, out, out_len,
                           &st, err))
        return st;
    if ((flags != 0 || *out_len <= PRIVPOL_PSEUDONYM_LEN) &&
        (st = check_out(out_len, flags, err)) != PRIVPOL_OK)
        return st;
    e = p->last; /* events come in time order: the last epoch usually holds */
    if (!(at >= e->start && at < e->end)) {
        if (at < PRIVPOL__TIME_MIN || at > PRIVPOL__TIME_MAX)
            return privpol__fail(err, PRIVPOL_EINVAL, "event time outside years 0001-9999");
        if ((st = cached_subkey(p, at, &e, err)) != PRIVPOL_OK)
            return st;
        p->last = e;
    }
    if ((st = normalize(p->ctx, p->cat, value, value_len, &nm, err)) != PRIVPOL_OK)
        return st;
    kr = p->ctx->keyring;
    if (flags & PRIVPOL_PSEUDONYM_REVERSIBLE) {
        struct rev_entry *r = &p->secret->rev;
        if (r->key != e->key) {
            derive_rev_keys(r->keys, kr->keys[e->key].bytes, p->tenant, p->tenant_len);
            r->key = e->key;
        }
        st = write_reversible(p->ctx, out, out_len, kr->keys[e->key].id, r->keys, p->cat,
                              p->period, e->epoch, &nm, err);
    } else {
        write_pseudonym(out, kr->keys[e->key].id, e->subkey, &nm);
        *out_len = PRIVPOL_PSEUDONYM_LEN;
    }
    if (nm.p == nm.buf)
        wipe_value(nm.buf, nm.n);
    return st;
}

/* ---- batches ------------------------------------------------------------------------- */

struct run_many {
    privpol_pseudonymizer *p;
    int64_t at;
    unsigned flags;
};

static privpol_status
run_one(void *payload, const char *value, size_t len, char *out, size_t *out_len,
        privpol_error *err)
{
    const struct run_many *m = payload;
    return privpol_pseudonymizer_run(m->p, value, len, m->at, m->flags, out, out_len, err);
}

privpol_status
privpol_pseudonymizer_run_many(privpol_pseudonymizer *p, const char *values,
                               const size_t *value_lens, size_t count, int64_t at,
                               unsigned flags, char *out, size_t *out_len,
                               privpol_status *statuses, size_t *done_out,
                               privpol_error *err)
{
    struct run_many m = {p, at, flags};

    if (done_out != NULL)
        *done_out = 0;
    if (p == NULL || (count > 0 && value_lens == NULL) || out_len == NULL ||
        done_out == NULL || (out == NULL && *out_len > 0))
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if ((flags & ~PRIVPOL_PSEUDONYM_REVERSIBLE) != 0)
        return privpol__fail(err, PRIVPOL_EINVAL, "unknown pseudonym flag");
    return privpol__batch(values, value_lens, count, out, out_len, statuses, done_out, err,
                          run_one, &m);
}

/* ---- reveal -------------------------------------------------------------------------- */

/* Decrypt and authenticate a reversible token for a tenant. With out == NULL it only
 * checks that the token is authentic (made with a key of this keyring for this tenant). */
static privpol_status
open_reversible(const privpol_ctx *ctx, const char *tenant, size_t tenant_len,
                const char *token, size_t token_len, privpol_category *category_out, char *out,
                size_t *out_len, privpol_error *err)
{
    uint8_t inline_buf[SIV_BYTES + PT_HEADER + NORM_INLINE], *buf = inline_buf, *pt;
    uint8_t keys[64], siv[SIV_BYTES], nonce[crypto_stream_xchacha20_NONCEBYTES] = {0};
    crypto_generichash_blake2b_state hs;
    size_t raw_len, pt_len, enc_len;
    privpol_status st = PRIVPOL_OK;
    int key;

    if (privpol_pseudonym_token_kind(token, token_len) != PRIVPOL_TOKEN_REVERSIBLE)
        return privpol__fail(err, PRIVPOL_EVALUE, "not a reversible token (pr1.)");
    if (ctx->keyring == NULL ||
        (key = privpol__keyring_find(ctx->keyring, token + PREFIX_LEN,
                                     PRIVPOL_KEYRING_ID_LEN)) < 0)
        return privpol__fail(err, PRIVPOL_ENOKEY, "the token's key id is not in the keyring");
    enc_len = token_len - ID_END - 1;
    if (enc_len > b64_len(SIV_BYTES + PT_HEADER + MAX_VALUE))
        return privpol__fail(err, PRIVPOL_EAUTH, "token too long");
    raw_len = enc_len / 4 * 3 + 3;
    if (raw_len > sizeof inline_buf && (buf = privpol__alloc(ctx, raw_len)) == NULL)
        return privpol__fail(err, PRIVPOL_ENOMEM, NULL);
    if (!b64_decode(buf, token + ID_END + 1, enc_len, &raw_len) ||
        raw_len < SIV_BYTES + PT_HEADER + 1) {
        st = privpol__fail(err, PRIVPOL_EAUTH, "token is damaged");
        goto done;
    }
    pt = buf + SIV_BYTES;
    pt_len = raw_len - SIV_BYTES;
    derive_rev_keys(keys, ctx->keyring->keys[key].bytes, tenant, tenant_len);
    memcpy(nonce, buf, SIV_BYTES);
    crypto_stream_xchacha20_xor(pt, pt, pt_len, nonce, keys + 32);
    crypto_generichash_blake2b_init(&hs, keys, 32, SIV_BYTES);
    crypto_generichash_blake2b_update(&hs, (const unsigned char *)token, ID_END);
    crypto_generichash_blake2b_update(&hs, pt, pt_len);
    crypto_generichash_blake2b_final(&hs, siv, SIV_BYTES);
    if (crypto_verify_16(siv, buf) != 0 || pt[0] >= privpol__category_count) {
        st = privpol__fail(err, PRIVPOL_EAUTH,
                           "token is tampered with, or was made for another tenant or key");
        goto done;
    }
    if (out != NULL &&
        (st = write_text(pt[0], pt + PT_HEADER, pt_len - PT_HEADER, out, out_len)) != 0) {
        st = privpol__fail(err, st, NULL);
        goto done;
    }
    if (category_out != NULL)
        *category_out = pt[0];
done:
    sodium_memzero(keys, sizeof keys);
    sodium_memzero(&hs, sizeof hs);
    sodium_memzero(buf, raw_len < sizeof inline_buf ? sizeof inline_buf : raw_len);
    if (buf != inline_buf)
        privpol__free(ctx, buf);
    return st;
}

privpol_status
privpol_reveal(const privpol_ctx *ctx, const char *tenant, const char *token,
               size_t token_len, privpol_category *category_out, char *out, size_t *out_len,
               privpol_error *err)
{
    size_t tenant_len = 0;
    privpol_status st;

    if (ctx == NULL || token == NULL || out == NULL || out_len == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if ((st = check_tenant(tenant, &tenant_len, err)) != PRIVPOL_OK)
        return st;
    if (ctx->role == PRIVPOL_ROLE_PROCESSOR || !(ctx->flags & PRIVPOL_CTX_ALLOW_REVEAL))
        return privpol__fail(err, PRIVPOL_EDENIED,
                             "this context may not reveal tokens (processor role, or "
                             "PRIVPOL_CTX_ALLOW_REVEAL not set)");
    return open_reversible(ctx, tenant, tenant_len, token, token_len, category_out, out,
                           out_len, err);
}

/* ---- subject lookup ----------------------------------------------------------------- */

/* Calls fn(payload, key, epoch, start, end) for each (key, epoch) over [start, end);
 * returns the count, stopping early when fn returns non-zero. */
typedef int (*span_fn)(void *payload, int key, int64_t epoch, int64_t s, int64_t e);

static size_t
each_span(const privpol_keyring *kr, privpol_period period, int64_t start, int64_t end,
          span_fn fn, void *payload)
{
    size_t count = 0;
    for (size_t k = 0; k < kr->count; k++) {
        int64_t kfrom = kr->keys[k].from;
        int64_t kto = k + 1 < kr->count ? kr->keys[k + 1].from : INT64_MAX;
        int64_t t = start > kfrom ? start : kfrom;
        int64_t stop = end < kto ? end : kto;
        while (t < stop) {
            int64_t es, ee, epoch = privpol_period_epoch(period, t, &es, &ee);
            int64_t s = es > kfrom ? es : kfrom, e = ee < kto ? ee : kto;
            count++;
            if (fn != NULL && fn(payload, (int)k, epoch, s, e) != 0)
                return count;
            if (count > MAX_SUBJECT_TOKENS && fn == NULL)
                return count;
            t = ee;
        }
    }
    return count;
}

struct subject_job {
    const privpol_ctx *ctx;
    int cat;
    privpol_period period;
    const char *tenant;
    size_t tenant_len;
    const struct norm *nm;
    privpol_pseudonym_token_fn fn;
    void *payload;
};

static int
emit_subject_token(void *payload, int key, int64_t epoch, int64_t s, int64_t e)
{
    const struct subject_job *job = payload;
    const privpol_keyring *kr = job->ctx->keyring;
    uint8_t subkey[SUBKEY_BYTES];
    char token[PRIVPOL_PSEUDONYM_LEN + 1];
    privpol_pseudonym_token t;

    derive_subkey(subkey, kr->keys[key].bytes, job->cat, job->period, epoch, job->tenant,
                  job->tenant_len);
    write_pseudonym(token, kr->keys[key].id, subkey, job->nm);
    sodium_memzero(subkey, sizeof subkey);
    t.version = PRIVPOL_PSEUDONYM_TOKEN_VERSION;
    t.category = (privpol_category)job->cat;
    t.key_id = kr->keys[key].id;
    t.epoch_start = s;
    t.epoch_end = e;
    t.token = token;
    return job->fn(&t, job->payload);
}

privpol_status
privpol_pseudonym_subject_tokens(const privpol_ctx *ctx, const char *tenant, privpol_category category, const char *value, size_t value_len, int64_t start, int64_t end, privpol_pseudonym_token_fn fn, void *payload, privpol_error *err)
{
    struct subject_job job;
    struct norm nm;
    privpol_status st;
    size_t tenant_len = 0, count;
    int cat = 0;

    if (ctx == NULL || (value == NULL && value_len > 0) || fn == NULL)
        return privpol__fail(err, PRIVPOL_EINVAL, "null argument");
    if ((st = check_tenant(tenant, &tenant_len, err)) != PRIVPOL_OK ||
        (st = privpol__category_check(category, err)) != PRIVPOL_OK)
        return st;
    cat = (int)category;
    if (start >= end || start < PRIVPOL__TIME_MIN || end > PRIVPOL__TIME_MAX + 1)
        return privpol__fail(err, PRIVPOL_EINVAL,
                             "the range must be non-empty, within years 0001-9999");
    if (ctx->keyring == NULL)
        return privpol__fail(err, PRIVPOL_ENOKEY, "the context holds no keyring");
    job.period = (privpol_period)ctx->periods[cat];
    count = each_span(ctx->keyring, job.period, start, end, NULL, NULL);
    if (count == 0)
        return privpol__fail(err, PRIVPOL_ENOKEY, "no key is in force during the range");
    if (count > MAX_SUBJECT_TOKENS)
        return privpol__fail(err, PRIVPOL_EINVAL,
                             "the range covers more than 100000 epochs; narrow it");
    if ((st = normalize(ctx, cat, value, value_len, &nm, err)) != PRIVPOL_OK)
        return st;
    job.ctx = ctx;
    job.cat = cat;
    job.tenant = tenant;
    job.tenant_len = tenant_len;
    job.nm = &nm;
    job.fn = fn;
    job.payload = payload;
    each_span(ctx->keyring, job.period, start, end, emit_subject_token, &job);
    sodium_memzero(nm.buf, sizeof nm.buf);
    return PRIVPOL_OK;
}
